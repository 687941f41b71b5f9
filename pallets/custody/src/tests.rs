//! Unit tests: each call's success and failures, settlement through the real token, compliance
//! engine and asset pallet (every leg refusal names its leg and reason and moves nothing),
//! batch references, the preview and the reads. Every test ends with every pallet's
//! invariants (`run_test`).

use crate::{mock::*, *};
use codec::{Decode, Encode};
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		dispatch::DispatchResultWithPostInfo,
		traits::{ConstU32, IntegrityTest},
		BoundedVec,
	},
	sp_core::H256,
	sp_runtime::DispatchError,
};
use pallet_compliance::{Rule, RuleKind};
use pallet_security_token::{MovementKind, Roles};
use sto_primitives::identity::{ClaimScope, ClaimStatus, ClaimTopic};

// --- helpers ---------------------------------------------------------------------------------

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

fn events() -> Vec<RuntimeEvent> {
	System::events().into_iter().map(|record| record.event).collect()
}

fn batch(n: u8) -> H256 {
	H256::repeat_byte(n)
}

fn account_ref(n: u8) -> H256 {
	H256::repeat_byte(0xA0 ^ n)
}

fn leg(token: TokenId, partition: PartitionId, from: u64, to: u64, amount: TokenBalance) -> LegOf<Test> {
	Leg { token, partition, from, to, amount }
}

fn pay(from: u64, to: u64, amount: u128) -> CashLegOf<Test> {
	CashLeg { asset: USD, from, to, amount }
}

fn settle(who: u64, batch_ref: H256, legs: Vec<LegOf<Test>>, cash_legs: Vec<CashLegOf<Test>>) -> DispatchResultWithPostInfo {
	Custody::settle(RuntimeOrigin::signed(who), batch_ref, bounded(&legs), bounded(&cash_legs))
}

fn preview_batch(who: u64, batch_ref: H256, legs: Vec<LegOf<Test>>, cash_legs: Vec<CashLegOf<Test>>) -> SettlementPreview {
	Custody::preview(who, batch_ref, bounded(&legs), bounded(&cash_legs))
}

fn register(wallet: u64, roles: LicensedRoles) {
	assert_ok!(Custody::register_custodian(RuntimeOrigin::root(), wallet, roles));
}

fn bind(investor: u64, custodian: IdentityId, n: u8) {
	assert_ok!(Custody::bind_venue_account(RuntimeOrigin::signed(investor), custodian, account_ref(n)));
}

fn grant(investor: u64, custodian: IdentityId, token: TokenId, partition: Option<PartitionId>, cap: TokenBalance, expiry: Option<u64>) {
	assert_ok!(Custody::grant_mandate(RuntimeOrigin::signed(investor), custodian, token, partition, cap, expiry));
}

fn mandate(investor: u64, custodian: IdentityId, token: TokenId) -> Mandate {
	Mandates::<Test>::get((identity(investor), custodian, token)).expect("a mandate")
}

/// Exchanges X and Y registered with every licence; an active token in which A holds 1,000
/// (partition 0) and 100 (partition 1), B 1,000 and X itself 500 (partition 0); A and B
/// bound at X; A's mandate to X: every partition, cap 500, no expiry; B's: partition 0 only,
/// cap 300, expiring in an hour.
fn setup() -> TokenId {
	register(X, ALL_ROLES);
	register(Y, ALL_ROLES);
	let token = active_token();
	issue(token, 0, A, 1_000);
	issue(token, 1, A, 100);
	issue(token, 0, B, 1_000);
	issue(token, 0, X, 500);
	bind(A, X_ID, 1);
	bind(B, X_ID, 2);
	grant(A, X_ID, token, None, 500, None);
	grant(B, X_ID, token, Some(0), 300, Some(START + HOUR));
	token
}

/// The storage root: unchanged means nothing was written.
fn root() -> Vec<u8> {
	polkadot_sdk::sp_io::storage::root(polkadot_sdk::sp_runtime::StateVersion::V1)
}

// --- custodian registry ----------------------------------------------------------------------

#[test]
fn register_custodian_records_the_identity_and_its_licences() {
	run_test(|| {
		let roles = LicensedRoles { broker_dealer: true, ..Default::default() };
		// Any wallet of the identity names it.
		register(X2, roles);
		assert_eq!(Custodians::<Test>::get(X_ID), Some(Custodian { roles, status: CustodianStatus::Active, bindings: 0 }));
		assert_eq!(last_event(), RuntimeEvent::Custody(Event::CustodianRegistered { custodian: X_ID, roles }));
		assert_noop!(Custody::register_custodian(RuntimeOrigin::root(), X, roles), Error::<Test>::AlreadyCustodian);
		assert_noop!(
			Custody::register_custodian(RuntimeOrigin::signed(Y), Y, roles),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Custody::register_custodian(RuntimeOrigin::root(), Y, LicensedRoles::default()),
			Error::<Test>::NoRoles
		);
		assert_noop!(Custody::register_custodian(RuntimeOrigin::root(), STRANGER, roles), Error::<Test>::NoIdentity);
		assert_noop!(Custody::register_custodian(RuntimeOrigin::root(), E, roles), Error::<Test>::NotVerified);
	});
}

#[test]
fn custodian_licences_and_status_change_by_governance() {
	run_test(|| {
		register(X, ALL_ROLES);
		let clearing = LicensedRoles { clearing_agent: true, ..Default::default() };
		assert_ok!(Custody::set_custodian_roles(RuntimeOrigin::root(), X_ID, clearing));
		assert_eq!(last_event(), RuntimeEvent::Custody(Event::CustodianRolesSet { custodian: X_ID, roles: clearing }));
		assert_noop!(
			Custody::set_custodian_roles(RuntimeOrigin::root(), X_ID, LicensedRoles::default()),
			Error::<Test>::NoRoles
		);
		assert_noop!(Custody::set_custodian_roles(RuntimeOrigin::root(), Y_ID, clearing), Error::<Test>::UnknownCustodian);
		assert_noop!(Custody::suspend_custodian(RuntimeOrigin::signed(X), X_ID), DispatchError::BadOrigin);

		assert_ok!(Custody::suspend_custodian(RuntimeOrigin::root(), X_ID));
		assert_eq!(last_event(), RuntimeEvent::Custody(Event::CustodianSuspended { custodian: X_ID }));
		assert_eq!(Custodians::<Test>::get(X_ID).map(|c| c.status), Some(CustodianStatus::Suspended));
		assert_noop!(Custody::suspend_custodian(RuntimeOrigin::root(), X_ID), Error::<Test>::CustodianSuspended);
		assert_ok!(Custody::reinstate_custodian(RuntimeOrigin::root(), X_ID));
		assert_eq!(last_event(), RuntimeEvent::Custody(Event::CustodianReinstated { custodian: X_ID }));
		assert_noop!(Custody::reinstate_custodian(RuntimeOrigin::root(), X_ID), Error::<Test>::CustodianNotSuspended);
		assert_noop!(Custody::suspend_custodian(RuntimeOrigin::root(), Y_ID), Error::<Test>::UnknownCustodian);
	});
}

#[test]
fn a_custodian_is_removed_only_without_venue_bindings() {
	run_test(|| {
		register(X, ALL_ROLES);
		bind(A, X_ID, 1);
		assert_noop!(Custody::remove_custodian(RuntimeOrigin::root(), X_ID), Error::<Test>::CustodianInUse);
		assert_ok!(Custody::unbind_venue_account(RuntimeOrigin::signed(A), X_ID));
		assert_noop!(Custody::remove_custodian(RuntimeOrigin::signed(X), X_ID), DispatchError::BadOrigin);
		assert_ok!(Custody::remove_custodian(RuntimeOrigin::root(), X_ID));
		assert_eq!(last_event(), RuntimeEvent::Custody(Event::CustodianRemoved { custodian: X_ID }));
		assert!(!Custodians::<Test>::contains_key(X_ID));
		assert_noop!(Custody::remove_custodian(RuntimeOrigin::root(), X_ID), Error::<Test>::UnknownCustodian);
		// A removed custodian is unknown to investors.
		assert_noop!(
			Custody::bind_venue_account(RuntimeOrigin::signed(A), X_ID, account_ref(1)),
			Error::<Test>::UnknownCustodian
		);
	});
}

#[test]
fn governance_winds_a_suspended_custodian_down_page_by_page() {
	run_test(|| {
		let token = setup();
		let second = active_token();
		grant(A, X_ID, second, None, 10, None);
		bind(C, X_ID, 3);
		assert_noop!(
			Custody::purge_custodian_accounts(RuntimeOrigin::root(), X_ID, 10),
			Error::<Test>::CustodianNotSuspended
		);
		assert_noop!(
			Custody::purge_custodian_accounts(RuntimeOrigin::root(), ISSUER_ID, 10),
			Error::<Test>::UnknownCustodian
		);
		assert_ok!(Custody::suspend_custodian(RuntimeOrigin::root(), X_ID));
		assert_noop!(Custody::purge_custodian_accounts(RuntimeOrigin::signed(X), X_ID, 10), DispatchError::BadOrigin);
		System::reset_events();
		let post = Custody::purge_custodian_accounts(RuntimeOrigin::root(), X_ID, 2).expect("purged");
		assert_eq!(post.actual_weight, Some(<Test as Config>::WeightInfo::purge_custodian_accounts(2)));
		assert_eq!(Custodians::<Test>::get(X_ID).map(|c| c.bindings), Some(1));
		let unbound = events().iter().filter(|e| matches!(e, RuntimeEvent::Custody(Event::VenueAccountUnbound { .. }))).count();
		assert_eq!(unbound, 2);
		// The refund counts what was there: one binding left, ten asked.
		let post = Custody::purge_custodian_accounts(RuntimeOrigin::root(), X_ID, 10).expect("purged");
		assert_eq!(post.actual_weight, Some(<Test as Config>::WeightInfo::purge_custodian_accounts(1)));
		// Every mandate granted to X went with its binding: A's two, B's one.
		let revoked = events().iter().filter(|e| matches!(e, RuntimeEvent::Custody(Event::MandateRevoked { .. }))).count();
		assert_eq!(revoked, 3);
		for investor in [A, B, C] {
			assert_eq!(Custody::venue_account(identity(investor), X_ID), None);
			assert_eq!(BindingCount::<Test>::get(identity(investor)), 0);
		}
		assert_eq!(Custody::mandate(identity(A), X_ID, token), None);
		assert_eq!(Custody::mandate(identity(A), X_ID, second), None);
		assert_ok!(Custody::remove_custodian(RuntimeOrigin::root(), X_ID));
	});
}

// --- venue bindings --------------------------------------------------------------------------

#[test]
fn bind_venue_account_links_a_verified_investor_to_a_venue_account() {
	run_test(|| {
		register(X, ALL_ROLES);
		register(Y, ALL_ROLES);
		bind(A, X_ID, 1);
		let investor = identity(A);
		assert_eq!(
			last_event(),
			RuntimeEvent::Custody(Event::VenueAccountBound { investor, custodian: X_ID, account_ref: account_ref(1) })
		);
		assert_eq!(Custody::venue_account(investor, X_ID), Some(VenueBinding { account_ref: account_ref(1), mandates: 0 }));
		assert_eq!(Custody::investor_of_venue_account(X_ID, account_ref(1)), Some(investor));
		assert_eq!(Custodians::<Test>::get(X_ID).map(|c| c.bindings), Some(1));
		assert_eq!(BindingCount::<Test>::get(investor), 1);

		// The same account reference at another venue is another account.
		bind(A, Y_ID, 1);
		// Another identity may not claim A's account at X.
		assert_noop!(
			Custody::bind_venue_account(RuntimeOrigin::signed(B), X_ID, account_ref(1)),
			Error::<Test>::AccountRefTaken
		);
		// A's other wallet replaces A's reference at X; the old one is free again.
		assert_ok!(Custody::bind_venue_account(RuntimeOrigin::signed(A2), X_ID, account_ref(3)));
		assert_eq!(Custody::investor_of_venue_account(X_ID, account_ref(1)), None);
		assert_eq!(BindingCount::<Test>::get(investor), 2);
		bind(B, X_ID, 1);

		assert_noop!(
			Custody::bind_venue_account(RuntimeOrigin::signed(E), X_ID, account_ref(5)),
			Error::<Test>::NotVerified
		);
		assert_noop!(
			Custody::bind_venue_account(RuntimeOrigin::signed(STRANGER), X_ID, account_ref(5)),
			Error::<Test>::NoIdentity
		);
		assert_noop!(
			Custody::bind_venue_account(RuntimeOrigin::signed(C), ISSUER_ID, account_ref(5)),
			Error::<Test>::UnknownCustodian
		);
		// MAX_BINDINGS venues per identity.
		register(ISSUER, ALL_ROLES);
		assert_noop!(
			Custody::bind_venue_account(RuntimeOrigin::signed(A), ISSUER_ID, account_ref(6)),
			Error::<Test>::TooManyBindings
		);
		assert_ok!(Custody::suspend_custodian(RuntimeOrigin::root(), ISSUER_ID));
		assert_noop!(
			Custody::bind_venue_account(RuntimeOrigin::signed(C), ISSUER_ID, account_ref(7)),
			Error::<Test>::CustodianSuspended
		);
	});
}

#[test]
fn an_expired_kyc_claim_refuses_binding_and_granting() {
	run_test(|| {
		let token = setup();
		// C's only KYC claim expires.
		assert_ok!(Identity::update_claim(
			RuntimeOrigin::signed(KYC_WALLET),
			identity(C),
			ClaimTopic::Kyc,
			ClaimScope::Global,
			Some(START + 10),
			H256::zero(),
		));
		Now::set(START + 10);
		assert_noop!(
			Custody::bind_venue_account(RuntimeOrigin::signed(C), X_ID, account_ref(9)),
			Error::<Test>::NotVerified
		);
		// A is still verified.
		assert_ok!(Custody::grant_mandate(RuntimeOrigin::signed(A), X_ID, token, None, 10, None));
	});
}

#[test]
fn unbind_venue_account_needs_no_mandates_left() {
	run_test(|| {
		let token = setup();
		let investor = identity(A);
		assert_noop!(Custody::unbind_venue_account(RuntimeOrigin::signed(A), Y_ID), Error::<Test>::NotBound);
		assert_noop!(Custody::unbind_venue_account(RuntimeOrigin::signed(A), X_ID), Error::<Test>::MandatesOutstanding);
		assert_ok!(Custody::revoke_mandate(RuntimeOrigin::signed(A), X_ID, token));
		// Any wallet of the identity.
		assert_ok!(Custody::unbind_venue_account(RuntimeOrigin::signed(A2), X_ID));
		assert_eq!(
			last_event(),
			RuntimeEvent::Custody(Event::VenueAccountUnbound { investor, custodian: X_ID, account_ref: account_ref(1) })
		);
		assert_eq!(Custody::venue_account(investor, X_ID), None);
		assert_eq!(Custody::investor_of_venue_account(X_ID, account_ref(1)), None);
		assert_eq!(BindingCount::<Test>::get(investor), 0);
		assert_eq!(Custodians::<Test>::get(X_ID).map(|c| c.bindings), Some(1));
		assert_noop!(Custody::unbind_venue_account(RuntimeOrigin::signed(STRANGER), X_ID), Error::<Test>::NoIdentity);
	});
}

// --- mandates --------------------------------------------------------------------------------

#[test]
fn grant_mandate_records_cap_partition_and_expiry() {
	run_test(|| {
		let token = setup();
		let investor = identity(A);
		assert_eq!(
			mandate(A, X_ID, token),
			Mandate { partition: None, cap: 500, consumed: 0, expiry: None, suspended: false, granted_at: START }
		);
		assert!(events().contains(&RuntimeEvent::Custody(Event::MandateGranted {
			investor,
			custodian: X_ID,
			token,
			partition: None,
			cap: 500,
			expiry: None,
		})));
		assert_eq!(Custody::venue_account(investor, X_ID).map(|b| b.mandates), Some(1));

		assert_noop!(
			Custody::grant_mandate(RuntimeOrigin::signed(A), Y_ID, token, None, 10, None),
			Error::<Test>::NotBound
		);
		assert_noop!(
			Custody::grant_mandate(RuntimeOrigin::signed(A), X_ID, 99, None, 10, None),
			Error::<Test>::UnknownToken
		);
		assert_noop!(
			Custody::grant_mandate(RuntimeOrigin::signed(A), X_ID, token, Some(2), 10, None),
			Error::<Test>::UnknownPartition
		);
		assert_noop!(Custody::grant_mandate(RuntimeOrigin::signed(A), X_ID, token, None, 0, None), Error::<Test>::ZeroCap);
		assert_noop!(
			Custody::grant_mandate(RuntimeOrigin::signed(A), X_ID, token, None, 10, Some(START)),
			Error::<Test>::ExpiryInPast
		);
		assert_noop!(
			Custody::grant_mandate(RuntimeOrigin::signed(E), X_ID, token, None, 10, None),
			Error::<Test>::NotVerified
		);
		assert_noop!(
			Custody::grant_mandate(RuntimeOrigin::signed(A), ISSUER_ID, token, None, 10, None),
			Error::<Test>::UnknownCustodian
		);
		// MAX_MANDATES tokens per binding.
		let second = active_token();
		let third = active_token();
		grant(A, X_ID, second, None, 10, None);
		assert_noop!(
			Custody::grant_mandate(RuntimeOrigin::signed(A), X_ID, third, None, 10, None),
			Error::<Test>::TooManyMandates
		);
		assert_ok!(Custody::suspend_custodian(RuntimeOrigin::root(), X_ID));
		assert_noop!(
			Custody::grant_mandate(RuntimeOrigin::signed(A), X_ID, token, None, 10, None),
			Error::<Test>::CustodianSuspended
		);
	});
}

#[test]
fn granting_again_replaces_the_mandate_but_not_its_suspension() {
	run_test(|| {
		let token = setup();
		assert_ok!(settle(X, batch(1), vec![leg(token, 0, A, C, 200)], vec![]));
		assert_eq!(mandate(A, X_ID, token).consumed, 200);
		assert_ok!(Custody::suspend_mandate(RuntimeOrigin::signed(ISSUER), identity(A), X_ID, token));
		grant(A, X_ID, token, Some(1), 50, Some(START + HOUR));
		let replaced = mandate(A, X_ID, token);
		assert_eq!(
			replaced,
			Mandate { partition: Some(1), cap: 50, consumed: 0, expiry: Some(START + HOUR), suspended: true, granted_at: START }
		);
		// Still one mandate in the binding's count.
		assert_eq!(Custody::venue_account(identity(A), X_ID).map(|b| b.mandates), Some(1));
	});
}

#[test]
fn revoke_mandate_removes_it_at_once() {
	run_test(|| {
		let token = setup();
		let investor = identity(A);
		assert_ok!(Custody::revoke_mandate(RuntimeOrigin::signed(A2), X_ID, token));
		assert_eq!(last_event(), RuntimeEvent::Custody(Event::MandateRevoked { investor, custodian: X_ID, token }));
		assert_eq!(Custody::mandate(investor, X_ID, token), None);
		assert_eq!(Custody::venue_account(investor, X_ID).map(|b| b.mandates), Some(0));
		assert_noop!(Custody::revoke_mandate(RuntimeOrigin::signed(A), X_ID, token), Error::<Test>::NoMandate);
		assert_noop!(Custody::revoke_mandate(RuntimeOrigin::signed(STRANGER), X_ID, token), Error::<Test>::NoIdentity);
		// The custodian can no longer use it.
		assert_noop!(
			settle(X, batch(1), vec![leg(token, 0, A, C, 1)], vec![]),
			Error::<Test>::LegNotAuthorized { leg: 0, reason: MandateFailure::NoMandate }
		);
	});
}

#[test]
fn the_token_authority_suspends_and_resumes_mandates() {
	run_test(|| {
		let token = setup();
		let investor = identity(A);
		assert_noop!(
			Custody::suspend_mandate(RuntimeOrigin::signed(B), investor, X_ID, token),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Custody::suspend_mandate(RuntimeOrigin::signed(X), investor, X_ID, token),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Custody::suspend_mandate(RuntimeOrigin::signed(ISSUER), investor, X_ID, 99),
			Error::<Test>::UnknownToken
		);
		assert_noop!(
			Custody::suspend_mandate(RuntimeOrigin::signed(ISSUER), identity(C), X_ID, token),
			Error::<Test>::NoMandate
		);
		assert_noop!(
			Custody::resume_mandate(RuntimeOrigin::signed(ISSUER), investor, X_ID, token),
			Error::<Test>::MandateNotSuspended
		);
		assert_ok!(Custody::suspend_mandate(RuntimeOrigin::signed(ISSUER), investor, X_ID, token));
		assert_eq!(last_event(), RuntimeEvent::Custody(Event::MandateSuspended { investor, custodian: X_ID, token }));
		assert_noop!(
			Custody::suspend_mandate(RuntimeOrigin::signed(ISSUER), investor, X_ID, token),
			Error::<Test>::MandateSuspended
		);
		assert_noop!(
			settle(X, batch(1), vec![leg(token, 0, A, C, 1)], vec![]),
			Error::<Test>::LegNotAuthorized { leg: 0, reason: MandateFailure::Suspended }
		);
		// The token's compliance manager (an agent role) may resume it.
		assert_ok!(Token::grant_roles(RuntimeOrigin::signed(ISSUER), token, identity(D), Roles(Roles::COMPLIANCE_MANAGER)));
		assert_ok!(Custody::resume_mandate(RuntimeOrigin::signed(D), investor, X_ID, token));
		assert_eq!(last_event(), RuntimeEvent::Custody(Event::MandateResumed { investor, custodian: X_ID, token }));
		assert_ok!(settle(X, batch(1), vec![leg(token, 0, A, C, 1)], vec![]));
	});
}

/// Defect 4 of the hardening review: revoking deleted the mandate with its `suspended` flag,
/// so an investor lifted the issuer's suspension by revoking and granting again.
#[test]
fn revoking_and_granting_again_does_not_lift_the_issuers_suspension() {
	run_test(|| {
		let token = setup();
		let investor = identity(A);
		assert_ok!(Custody::suspend_mandate(RuntimeOrigin::signed(ISSUER), investor, X_ID, token));
		// The investor may always take the custodian's authority away ...
		assert_ok!(Custody::revoke_mandate(RuntimeOrigin::signed(A), X_ID, token));
		assert_eq!(Custody::mandate(investor, X_ID, token), None);
		// ... but granting again does not clear the issuer's suspension.
		grant(A, X_ID, token, None, 500, None);
		assert!(mandate(A, X_ID, token).suspended, "the suspension survives revoke and grant");
		assert_noop!(
			settle(X, batch(1), vec![leg(token, 0, A, C, 1)], vec![]),
			Error::<Test>::LegNotAuthorized { leg: 0, reason: MandateFailure::Suspended }
		);
		// The token authority lifts it.
		assert_ok!(Custody::resume_mandate(RuntimeOrigin::signed(ISSUER), investor, X_ID, token));
		assert_ok!(settle(X, batch(1), vec![leg(token, 0, A, C, 1)], vec![]));
	});
}

/// The suspension kept for a revoked mandate: it holds the mandate's slot in the binding (the
/// investor cannot unbind around it, nor is the binding's bound exceeded), a suspension cannot
/// be imposed twice, the token authority lifts it (freeing the slot), and governance's purge
/// removes it with its binding.
#[test]
fn a_kept_suspension_holds_its_slot_until_the_token_authority_resumes_it() {
	run_test(|| {
		let token = setup();
		let investor = identity(A);
		assert_ok!(Custody::suspend_mandate(RuntimeOrigin::signed(ISSUER), investor, X_ID, token));
		assert_ok!(Custody::revoke_mandate(RuntimeOrigin::signed(A), X_ID, token));
		assert!(SuspensionsKept::<Test>::contains_key((investor, X_ID, token)));
		assert_eq!(Custody::venue_account(investor, X_ID).map(|b| b.mandates), Some(1));
		assert_noop!(Custody::revoke_mandate(RuntimeOrigin::signed(A), X_ID, token), Error::<Test>::NoMandate);
		assert_noop!(Custody::unbind_venue_account(RuntimeOrigin::signed(A), X_ID), Error::<Test>::MandatesOutstanding);
		assert_noop!(
			Custody::suspend_mandate(RuntimeOrigin::signed(ISSUER), investor, X_ID, token),
			Error::<Test>::MandateSuspended
		);
		// The kept suspension counts against MAX_MANDATES (2): one more token, not two.
		let second = active_token();
		let third = active_token();
		grant(A, X_ID, second, None, 10, None);
		assert_noop!(
			Custody::grant_mandate(RuntimeOrigin::signed(A), X_ID, third, None, 10, None),
			Error::<Test>::TooManyMandates
		);
		// Granting the suspended token again takes the kept slot back: no new slot needed.
		grant(A, X_ID, token, None, 10, None);
		assert!(mandate(A, X_ID, token).suspended);
		assert!(!SuspensionsKept::<Test>::contains_key((investor, X_ID, token)));
		assert_eq!(Custody::venue_account(investor, X_ID).map(|b| b.mandates), Some(2));
		check_invariants();

		// Revoked again, the token authority lifts the kept suspension: the slot is free.
		assert_ok!(Custody::revoke_mandate(RuntimeOrigin::signed(A), X_ID, token));
		assert_noop!(
			Custody::resume_mandate(RuntimeOrigin::signed(B), investor, X_ID, token),
			Error::<Test>::NotAuthorized
		);
		assert_ok!(Custody::resume_mandate(RuntimeOrigin::signed(ISSUER), investor, X_ID, token));
		assert_eq!(last_event(), RuntimeEvent::Custody(Event::MandateResumed { investor, custodian: X_ID, token }));
		assert!(!SuspensionsKept::<Test>::contains_key((investor, X_ID, token)));
		assert_eq!(Custody::venue_account(investor, X_ID).map(|b| b.mandates), Some(1));
		assert_noop!(
			Custody::resume_mandate(RuntimeOrigin::signed(ISSUER), investor, X_ID, token),
			Error::<Test>::NoMandate
		);
		grant(A, X_ID, token, None, 10, None);
		assert!(!mandate(A, X_ID, token).suspended, "a fresh grant after the resumption");

		// Governance's purge removes kept suspensions with their bindings.
		assert_ok!(Custody::suspend_mandate(RuntimeOrigin::signed(ISSUER), investor, X_ID, token));
		assert_ok!(Custody::revoke_mandate(RuntimeOrigin::signed(A), X_ID, token));
		assert_ok!(Custody::suspend_custodian(RuntimeOrigin::root(), X_ID));
		assert_ok!(Custody::purge_custodian_accounts(RuntimeOrigin::root(), X_ID, 10));
		assert_eq!(SuspensionsKept::<Test>::iter().count(), 0);
		assert_ok!(Custody::remove_custodian(RuntimeOrigin::root(), X_ID));
	});
}

#[test]
fn try_state_detects_a_kept_suspension_beside_its_mandate() {
	run_test(|| {
		let token = setup();
		SuspensionsKept::<Test>::insert((identity(A), X_ID, token), ());
		assert!(Custody::do_try_state().is_err());
		SuspensionsKept::<Test>::remove((identity(A), X_ID, token));
	});
}

// --- settlement ------------------------------------------------------------------------------

#[test]
fn settle_moves_every_leg_pays_cash_and_consumes_mandates() {
	run_test(|| {
		let token = setup();
		System::reset_events();
		let legs = vec![leg(token, 0, A, C, 100), leg(token, 1, A, D, 40), leg(token, 0, B, D, 50)];
		let payments = vec![pay(X, A, 1_000), pay(X2, B, 50)];
		let result = settle(X2, batch(7), legs, payments);
		assert_ok!(result);

		assert_eq!((balance(token, 0, A), balance(token, 1, A), balance(token, 0, B)), (900, 60, 950));
		assert_eq!((balance(token, 0, C), balance(token, 1, D), balance(token, 0, D)), (100, 40, 50));
		assert_eq!((cash(A), cash(B), cash(X), cash(X2)), (1_000, 50, CASH - 1_000, 50));
		assert_eq!(mandate(A, X_ID, token).consumed, 140);
		assert_eq!(mandate(B, X_ID, token).consumed, 50);

		let events = events();
		// The token's one movement event, kind Settlement, the submitting wallet as operator,
		// the batch reference as reference.
		assert!(events.contains(&RuntimeEvent::Token(pallet_security_token::Event::Moved {
			token,
			partition: 0,
			to_partition: 0,
			from: Some(A),
			to: Some(C),
			amount: 100,
			kind: MovementKind::Settlement,
			operator: Some(X2),
			reference: Some(batch(7)),
		})));
		assert!(events.contains(&RuntimeEvent::Custody(Event::LegSettled {
			custodian: X_ID,
			batch_ref: batch(7),
			leg: 2,
			investor: identity(B),
			mandate_remaining: Some(250),
		})));
		assert!(events.contains(&RuntimeEvent::Custody(Event::CashLegSettled {
			custodian: X_ID,
			batch_ref: batch(7),
			leg: 1,
			asset: USD,
			from: X2,
			to: B,
			amount: 50,
		})));
		assert_eq!(
			last_event(),
			RuntimeEvent::Custody(Event::BatchSettled { custodian: X_ID, batch_ref: batch(7), submitter: X2, legs: 3, cash_legs: 2 })
		);
		let settled = events.iter().filter(|e| matches!(e, RuntimeEvent::Custody(Event::LegSettled { .. }))).count();
		assert_eq!(settled, 3);
		// Each `LegSettled` follows its leg's `Moved` (which says what moved), in leg order.
		let pairs: Vec<(u32, Option<u64>, Option<u64>, u128)> = events
			.windows(2)
			.filter_map(|pair| match pair {
				[RuntimeEvent::Token(pallet_security_token::Event::Moved { from, to, amount, .. }),
					RuntimeEvent::Custody(Event::LegSettled { leg, .. })] => Some((*leg, *from, *to, *amount)),
				_ => None,
			})
			.collect();
		assert_eq!(pairs, vec![(0, Some(A), Some(C), 100), (1, Some(A), Some(D), 40), (2, Some(B), Some(D), 50)]);
		assert_eq!(BatchRefs::<Test>::get(X_ID, batch(7)), Some(0));
	});
}

#[test]
fn settle_refunds_the_rules_weight_it_did_not_use() {
	run_test(|| {
		let token = setup();
		let legs = vec![leg(token, 0, A, C, 10), leg(token, 0, B, C, 10)];
		let declared = crate::Pallet::<Test>::settle_weight(2, 1)
			.saturating_add(<Token as TokenSettlement<u64, TokenBalance>>::max_leg_weight().saturating_mul(2));
		let call = crate::Call::<Test>::settle {
			batch_ref: batch(1),
			legs: bounded(&legs),
			cash_legs: bounded(&[pay(X, A, 1)]),
		};
		use polkadot_sdk::frame_support::dispatch::GetDispatchInfo;
		assert_eq!(call.get_dispatch_info().call_weight, declared);
		let post = settle(X, batch(1), legs, vec![pay(X, A, 1)]).expect("settles");
		let used = crate::Pallet::<Test>::settle_weight(2, 1)
			.saturating_add(<Token as TokenSettlement<u64, TokenBalance>>::leg_weight(token).saturating_mul(2));
		assert_eq!(post.actual_weight, Some(used));
	});
}

#[test]
fn legs_from_the_custodians_own_wallets_need_no_mandate() {
	run_test(|| {
		let token = setup();
		assert_ok!(settle(X2, batch(1), vec![leg(token, 0, X, C, 200)], vec![]));
		assert_eq!(balance(token, 0, C), 200);
		assert!(events().contains(&RuntimeEvent::Custody(Event::LegSettled {
			custodian: X_ID,
			batch_ref: batch(1),
			leg: 0,
			investor: X_ID,
			mandate_remaining: None,
		})));
		// Another custodian's inventory is not its own.
		assert_noop!(
			settle(Y, batch(2), vec![leg(token, 0, X, C, 1)], vec![]),
			Error::<Test>::LegNotAuthorized { leg: 0, reason: MandateFailure::NoMandate }
		);
	});
}

#[test]
fn an_expired_mandate_authorizes_nothing() {
	run_test(|| {
		let token = setup();
		assert_ok!(settle(X, batch(1), vec![leg(token, 0, B, C, 10)], vec![]));
		Now::set(START + HOUR);
		assert_noop!(
			settle(X, batch(2), vec![leg(token, 0, A, C, 10), leg(token, 0, B, C, 10)], vec![]),
			Error::<Test>::LegNotAuthorized { leg: 1, reason: MandateFailure::Expired }
		);
		assert_eq!(Custody::mandate_capacity(identity(B), X_ID, token, 0), Err(MandateFailure::Expired));
	});
}

#[test]
fn an_exhausted_mandate_refuses_the_leg_that_would_exceed_the_cap() {
	run_test(|| {
		let token = setup();
		assert_noop!(
			settle(X, batch(1), vec![leg(token, 0, A, C, 501)], vec![]),
			Error::<Test>::LegNotAuthorized { leg: 0, reason: MandateFailure::Exhausted }
		);
		// The cap counts over the legs of one batch too.
		assert_noop!(
			settle(X, batch(1), vec![leg(token, 0, A, C, 300), leg(token, 1, A, D, 100), leg(token, 0, A, D, 101)], vec![]),
			Error::<Test>::LegNotAuthorized { leg: 2, reason: MandateFailure::Exhausted }
		);
		assert_ok!(settle(X, batch(1), vec![leg(token, 0, A, C, 300), leg(token, 0, A, D, 200)], vec![]));
		assert_eq!(mandate(A, X_ID, token).consumed, 500);
		assert_eq!(Custody::mandate_capacity(identity(A), X_ID, token, 0), Ok(0));
		assert_noop!(
			settle(X, batch(2), vec![leg(token, 0, A, C, 1)], vec![]),
			Error::<Test>::LegNotAuthorized { leg: 0, reason: MandateFailure::Exhausted }
		);
	});
}

#[test]
fn a_partition_scoped_mandate_refuses_other_partitions() {
	run_test(|| {
		let token = setup();
		issue(token, 1, B, 100);
		assert_noop!(
			settle(X, batch(1), vec![leg(token, 1, B, C, 10)], vec![]),
			Error::<Test>::LegNotAuthorized { leg: 0, reason: MandateFailure::WrongPartition }
		);
		assert_eq!(Custody::mandate_capacity(identity(B), X_ID, token, 1), Err(MandateFailure::WrongPartition));
		assert_eq!(Custody::mandate_capacity(identity(B), X_ID, token, 0), Ok(300));
	});
}

#[test]
fn legs_without_a_mandate_are_refused() {
	run_test(|| {
		let token = setup();
		issue(token, 0, C, 100);
		assert_noop!(
			settle(X, batch(1), vec![leg(token, 0, A, B, 1), leg(token, 0, C, D, 1)], vec![]),
			Error::<Test>::LegNotAuthorized { leg: 1, reason: MandateFailure::NoMandate }
		);
		assert_noop!(
			settle(X, batch(1), vec![leg(token, 0, STRANGER, D, 1)], vec![]),
			Error::<Test>::LegNotAuthorized { leg: 0, reason: MandateFailure::SenderNoIdentity }
		);
		// A's mandate is to X, not to Y.
		assert_noop!(
			settle(Y, batch(1), vec![leg(token, 0, A, D, 1)], vec![]),
			Error::<Test>::LegNotAuthorized { leg: 0, reason: MandateFailure::NoMandate }
		);
	});
}

#[test]
fn only_an_active_custodian_licensed_to_settle_may_settle() {
	run_test(|| {
		let token = setup();
		let legs = || vec![leg(token, 0, A, C, 1)];
		assert_noop!(settle(C, batch(1), legs(), vec![]), Error::<Test>::NotCustodian);
		assert_noop!(settle(STRANGER, batch(1), legs(), vec![]), Error::<Test>::NotCustodian);
		assert_noop!(
			Custody::settle(RuntimeOrigin::root(), batch(1), bounded(&legs()), bounded(&[])),
			DispatchError::BadOrigin
		);
		assert_ok!(Custody::suspend_custodian(RuntimeOrigin::root(), X_ID));
		assert_noop!(settle(X, batch(1), legs(), vec![]), Error::<Test>::CustodianSuspended);
		assert_ok!(Custody::reinstate_custodian(RuntimeOrigin::root(), X_ID));
		let transfer_agent = LicensedRoles { transfer_agent: true, ..Default::default() };
		assert_ok!(Custody::set_custodian_roles(RuntimeOrigin::root(), X_ID, transfer_agent));
		assert_noop!(settle(X, batch(1), legs(), vec![]), Error::<Test>::NotLicensedToSettle);
		let ats = LicensedRoles { ats_operator: true, ..Default::default() };
		assert_ok!(Custody::set_custodian_roles(RuntimeOrigin::root(), X_ID, ats));
		assert_ok!(settle(X, batch(1), legs(), vec![]));
	});
}

/// Defect 8 (custody) of the hardening review: `settle` checked the custodian record's status
/// but not whether the custodian's identity is still verified (a valid KYC claim now).
#[test]
fn a_custodian_whose_verification_lapsed_may_not_settle() {
	run_test(|| {
		let token = setup();
		// X's only KYC claim expires.
		assert_ok!(Identity::update_claim(
			RuntimeOrigin::signed(KYC_WALLET),
			X_ID,
			ClaimTopic::Kyc,
			ClaimScope::Global,
			Some(START + 10),
			H256::zero(),
		));
		Now::set(START + 10);
		let legs = || vec![leg(token, 0, A, C, 1)];
		assert_noop!(settle(X, batch(1), legs(), vec![]), Error::<Test>::CustodianNotVerified);
		// Not from its own inventory either.
		assert_noop!(settle(X, batch(1), vec![leg(token, 0, X, C, 1)], vec![]), Error::<Test>::CustodianNotVerified);
		// The preview names it, and still judges the legs.
		let preview = preview_batch(X, batch(1), legs(), vec![]);
		assert_eq!(preview.batch, Some(BatchFailure::CustodianNotVerified));
		assert_eq!(preview.legs, vec![LegStatus::Settles]);
		// Verified again (the KYC provider renews the claim), it settles.
		assert_ok!(Identity::update_claim(
			RuntimeOrigin::signed(KYC_WALLET),
			X_ID,
			ClaimTopic::Kyc,
			ClaimScope::Global,
			None,
			H256::zero(),
		));
		assert_ok!(settle(X, batch(1), legs(), vec![]));
	});
}

#[test]
fn a_leg_failing_compliance_refuses_the_whole_batch() {
	run_test(|| {
		let token = setup();
		assert_ok!(Compliance::set_rules(
			RuntimeOrigin::signed(ISSUER),
			token,
			bounded(&[Rule { partition: None, kind: RuleKind::MaxBalance(150) }]),
		));
		let before = root();
		let result = settle(X, batch(1), vec![leg(token, 0, A, C, 100), leg(token, 0, B, C, 100)], vec![pay(X, A, 10)]);
		assert_eq!(
			result.map_err(|e| e.error),
			Err(Error::<Test>::LegNonCompliant { leg: 1, reason: RuleFailure::MaxBalance }.into())
		);
		// Nothing moved: not the first leg, not its mandate consumption, no event, no batch
		// reference.
		assert_eq!(root(), before);
		assert_eq!(balance(token, 0, C), 0);
		assert_eq!(mandate(A, X_ID, token).consumed, 0);
		assert!(!events().iter().any(|e| matches!(e, RuntimeEvent::Custody(Event::LegSettled { .. }))));
		assert!(!BatchRefs::<Test>::contains_key(X_ID, batch(1)));
		// Compliance runs on the identity-level position the earlier legs produced.
		assert_ok!(settle(X, batch(1), vec![leg(token, 0, A, C, 100), leg(token, 0, B, C, 50)], vec![]));
		assert_eq!(Custody::identity_holding(token, identity(C)), 150);
	});
}

#[test]
fn the_tokens_own_refusals_name_the_leg() {
	run_test(|| {
		let token = setup();
		assert_noop!(
			settle(X, batch(1), vec![leg(token, 0, A, C, 1), leg(token, 0, A, E, 1)], vec![]),
			Error::<Test>::LegRefused { leg: 1, reason: Refusal::ReceiverKycMissing }
		);
		assert_noop!(
			settle(X, batch(1), vec![leg(token, 0, A, STRANGER, 1)], vec![]),
			Error::<Test>::LegRefused { leg: 0, reason: Refusal::ReceiverNoIdentity }
		);
		assert_noop!(
			settle(X, batch(1), vec![leg(token, 1, A, C, 101)], vec![]),
			Error::<Test>::LegRefused { leg: 0, reason: Refusal::InsufficientBalance }
		);
		assert_noop!(
			settle(X, batch(1), vec![leg(token, 2, A, C, 1)], vec![]),
			Error::<Test>::LegRefused { leg: 0, reason: Refusal::UnknownPartition }
		);
		assert_noop!(
			settle(X, batch(1), vec![leg(token, 0, A, C, 0)], vec![]),
			Error::<Test>::LegRefused { leg: 0, reason: Refusal::ZeroAmount }
		);
		assert_ok!(Token::freeze_account(RuntimeOrigin::signed(ISSUER), token, A));
		assert_noop!(
			settle(X, batch(1), vec![leg(token, 0, A, C, 1)], vec![]),
			Error::<Test>::LegRefused { leg: 0, reason: Refusal::SenderFrozen }
		);
		assert_ok!(Token::set_paused(RuntimeOrigin::signed(ISSUER), token, true));
		assert_noop!(
			settle(X, batch(1), vec![leg(token, 0, B, C, 1)], vec![]),
			Error::<Test>::LegRefused { leg: 0, reason: Refusal::Paused }
		);
	});
}

#[test]
fn a_failing_cash_leg_rolls_back_the_token_legs() {
	run_test(|| {
		let token = setup();
		let before = root();
		let result = settle(X, batch(1), vec![leg(token, 0, A, C, 100)], vec![pay(X, A, 10), pay(X2, B, 101)]);
		assert_eq!(
			result.map_err(|e| e.error),
			Err(Error::<Test>::CashLegFailed { leg: 1, reason: CashFailure::InsufficientFunds }.into())
		);
		assert_eq!(root(), before);
		assert_eq!((balance(token, 0, A), balance(token, 0, C), cash(A), cash(X)), (1_000, 0, 0, CASH));

		assert_noop!(
			settle(X, batch(1), vec![], vec![pay(A, B, 1)]),
			Error::<Test>::CashLegFailed { leg: 0, reason: CashFailure::NotFromCustodian }
		);
		// Another custodian's wallet is not X's.
		assert_noop!(
			settle(X, batch(1), vec![], vec![pay(Y, B, 1)]),
			Error::<Test>::CashLegFailed { leg: 0, reason: CashFailure::NotFromCustodian }
		);
		assert_noop!(
			settle(X, batch(1), vec![], vec![pay(X, B, 0)]),
			Error::<Test>::CashLegFailed { leg: 0, reason: CashFailure::ZeroAmount }
		);
		assert_noop!(
			settle(X, batch(1), vec![], vec![CashLeg { asset: 9, from: X, to: B, amount: 1 }]),
			Error::<Test>::CashLegFailed { leg: 0, reason: CashFailure::UnknownAsset }
		);
		// Cash alone is a batch.
		assert_ok!(settle(X, batch(1), vec![], vec![pay(X, B, 1)]));
		assert_eq!(cash(B), 1);
	});
}

#[test]
fn duplicate_batch_references_are_refused_while_remembered() {
	run_test(|| {
		let token = setup();
		let one = || vec![leg(token, 0, A, C, 1)];
		assert_ok!(settle(X, batch(1), one(), vec![]));
		// Any wallet of the same custodian.
		assert_noop!(settle(X2, batch(1), one(), vec![]), Error::<Test>::DuplicateBatchRef);
		// References are per custodian.
		assert_ok!(settle(Y, batch(1), vec![], vec![pay(Y, C, 1)]));
		// The ring remembers BATCH_REF_HISTORY (3) references: two more keep batch 1.
		assert_ok!(settle(X, batch(2), one(), vec![]));
		assert_ok!(settle(X, batch(3), one(), vec![]));
		assert_noop!(settle(X, batch(1), one(), vec![]), Error::<Test>::DuplicateBatchRef);
		// The fourth forgets the oldest.
		assert_ok!(settle(X, batch(4), one(), vec![]));
		assert!(!BatchRefs::<Test>::contains_key(X_ID, batch(1)));
		assert_noop!(settle(X, batch(2), one(), vec![]), Error::<Test>::DuplicateBatchRef);
		assert_ok!(settle(X, batch(1), one(), vec![]));
		assert_eq!(BatchRefs::<Test>::iter_prefix(X_ID).count() as u32, BATCH_REF_HISTORY);
		assert_eq!(NextBatchSlot::<Test>::get(X_ID), 2);
	});
}

#[test]
fn empty_and_oversized_batches_are_refused() {
	run_test(|| {
		let token = setup();
		assert_noop!(settle(X, batch(1), vec![], vec![]), Error::<Test>::EmptyBatch);
		// More than MaxLegs legs cannot even be built or decoded: the call is malformed.
		let legs = vec![leg(token, 0, A, C, 1); MAX_LEGS as usize + 1];
		assert!(BoundedVec::<LegOf<Test>, ConstU32<MAX_LEGS>>::try_from(legs.clone()).is_err());
		let full = RuntimeCall::Custody(crate::Call::settle {
			batch_ref: batch(1),
			legs: bounded(&legs[..MAX_LEGS as usize]),
			cash_legs: bounded(&[]),
		})
		.encode();
		assert!(RuntimeCall::decode(&mut &full[..]).is_ok());
		// The same call with one leg more: pallet and call index, then the arguments.
		let mut oversized = full[..2].to_vec();
		oversized.extend(batch(1).encode());
		oversized.extend(legs.encode());
		oversized.extend(Vec::<CashLegOf<Test>>::new().encode());
		assert!(RuntimeCall::decode(&mut &oversized[..]).is_err());
		let cash = vec![pay(X, A, 1); MAX_CASH_LEGS as usize + 1];
		assert!(BoundedVec::<CashLegOf<Test>, ConstU32<MAX_CASH_LEGS>>::try_from(cash).is_err());
		// A full batch settles.
		let full = vec![leg(token, 0, A, C, 1); MAX_LEGS as usize];
		let cash = vec![pay(X, A, 1); MAX_CASH_LEGS as usize];
		assert_ok!(settle(X, batch(1), full, cash));
		assert_eq!(balance(token, 0, C), MAX_LEGS as TokenBalance);
	});
}

// --- preview and reads -----------------------------------------------------------------------

#[test]
fn preview_reports_every_leg_without_writing() {
	run_test(|| {
		let token = setup();
		let legs = vec![
			leg(token, 0, A, C, 300),
			// A's mandate has 200 left after leg 0.
			leg(token, 0, A, D, 300),
			leg(token, 0, B, E, 1),
			leg(token, 0, C, D, 1),
			leg(token, 0, A, D, 200),
		];
		let cash = vec![pay(X, A, 10), pay(X2, B, 1_000)];
		let before = root();
		let preview = preview_batch(X, batch(1), legs.clone(), cash.clone());
		assert_eq!(root(), before);
		assert_eq!(preview.batch, None);
		assert_eq!(
			preview.legs,
			vec![
				LegStatus::Settles,
				LegStatus::NotAuthorized(MandateFailure::Exhausted),
				LegStatus::Refused(TransferFailure::ReceiverNotVerified(ClaimStatus::Missing)),
				LegStatus::NotAuthorized(MandateFailure::NoMandate),
				LegStatus::Settles,
			]
		);
		assert_eq!(preview.cash_legs, vec![CashLegStatus::Settles, CashLegStatus::Failed(CashFailure::InsufficientFunds)]);
		assert!(!preview.settles());

		// The preview of a good batch says it settles, and it does.
		let good = vec![leg(token, 0, A, C, 300), leg(token, 0, A, D, 200)];
		let preview = preview_batch(X, batch(1), good.clone(), vec![pay(X, A, 10)]);
		assert!(preview.settles());
		assert_ok!(settle(X, batch(1), good.clone(), vec![pay(X, A, 10)]));
		// The same batch again: a duplicate reference, and A's mandate is used up.
		let preview = preview_batch(X, batch(1), good, vec![]);
		assert_eq!(preview.batch, Some(BatchFailure::DuplicateBatchRef));
		assert_eq!(preview.legs[0], LegStatus::NotAuthorized(MandateFailure::Exhausted));
	});
}

#[test]
fn preview_names_batch_level_refusals() {
	run_test(|| {
		let token = setup();
		let legs = vec![leg(token, 0, A, C, 1)];
		let preview = preview_batch(C, batch(1), legs.clone(), vec![]);
		assert_eq!(preview, SettlementPreview { batch: Some(BatchFailure::NotCustodian), legs: vec![], cash_legs: vec![] });
		assert_eq!(preview_batch(X, batch(1), vec![], vec![]).batch, Some(BatchFailure::EmptyBatch));
		// A suspended custodian still learns how its legs would fare.
		assert_ok!(Custody::suspend_custodian(RuntimeOrigin::root(), X_ID));
		let preview = preview_batch(X, batch(1), legs, vec![]);
		assert_eq!(preview.batch, Some(BatchFailure::CustodianSuspended));
		assert_eq!(preview.legs, vec![LegStatus::Settles]);
		// A compliance refusal keeps the rule's index.
		assert_ok!(Custody::reinstate_custodian(RuntimeOrigin::root(), X_ID));
		assert_ok!(Compliance::set_rules(
			RuntimeOrigin::signed(ISSUER),
			token,
			bounded(&[
				Rule { partition: None, kind: RuleKind::MaxHolders(100) },
				Rule { partition: None, kind: RuleKind::MaxBalance(10) },
			]),
		));
		let preview = preview_batch(X, batch(1), vec![leg(token, 0, A, C, 11)], vec![]);
		assert_eq!(preview.legs, vec![LegStatus::Refused(TransferFailure::Compliance(1, RuleFailure::MaxBalance))]);
	});
}

#[test]
fn reads_answer_holdings_and_capacity() {
	run_test(|| {
		let token = setup();
		issue(token, 0, A2, 7);
		// Over both wallets and both partitions.
		assert_eq!(Custody::identity_holding(token, identity(A)), 1_107);
		assert_eq!(Custody::identity_holding(token, identity(C)), 0);
		assert_eq!(Custody::mandate_capacity(identity(A), X_ID, token, 1), Ok(500));
		assert_eq!(Custody::mandate_capacity(identity(C), X_ID, token, 0), Err(MandateFailure::NoMandate));
		// A's second wallet is covered by the identity's mandate.
		assert_ok!(settle(X, batch(1), vec![leg(token, 0, A2, C, 7)], vec![]));
		assert_eq!(Custody::mandate_capacity(identity(A), X_ID, token, 0), Ok(493));
		assert_ok!(Custody::suspend_mandate(RuntimeOrigin::signed(ISSUER), identity(A), X_ID, token));
		assert_eq!(Custody::mandate_capacity(identity(A), X_ID, token, 0), Err(MandateFailure::Suspended));
		assert_eq!(Custody::custodian(X_ID).map(|c| c.roles), Some(ALL_ROLES));
		assert_eq!(Custody::mandate(identity(B), X_ID, token).map(|m| m.cap), Some(300));
	});
}

#[test]
fn the_configuration_passes_the_integrity_test() {
	run_test(|| {
		<Custody as IntegrityTest>::integrity_test();
	});
}

#[test]
fn settlement_legs_keep_the_cap_table_rebuildable_from_events() {
	run_test(|| {
		let token = setup();
		assert_ok!(settle(X, batch(1), vec![leg(token, 0, A, C, 100), leg(token, 0, X, D, 40), leg(token, 1, A, D, 5)], vec![]));
		assert_ok!(settle(X2, batch(2), vec![leg(token, 0, B, C, 60)], vec![]));
		// Replay every `Moved` event: each wallet's balance per partition.
		let mut rebuilt = std::collections::BTreeMap::<(PartitionId, u64), i128>::new();
		for event in events() {
			if let RuntimeEvent::Token(pallet_security_token::Event::Moved { token: t, partition, to_partition, from, to, amount, .. }) = event {
				if t != token {
					continue;
				}
				if let Some(from) = from {
					*rebuilt.entry((partition, from)).or_default() -= amount as i128;
				}
				if let Some(to) = to {
					*rebuilt.entry((to_partition, to)).or_default() += amount as i128;
				}
			}
		}
		for ((partition, account), amount) in rebuilt {
			assert_eq!(balance(token, partition, account) as i128, amount, "account {account} partition {partition}");
		}
	});
}

#[test]
fn a_refused_batch_dispatched_as_a_call_leaves_no_trace() {
	use polkadot_sdk::sp_runtime::traits::Dispatchable;
	run_test(|| {
		let token = setup();
		System::reset_events();
		let before = root();
		let call = RuntimeCall::Custody(crate::Call::settle {
			batch_ref: batch(1),
			legs: bounded(&[leg(token, 0, A, C, 100), leg(token, 0, B, C, 301)]),
			cash_legs: bounded(&[pay(X, A, 5)]),
		});
		let result = call.dispatch(RuntimeOrigin::signed(X));
		assert_eq!(
			result.map_err(|e| e.error),
			Err(Error::<Test>::LegNotAuthorized { leg: 1, reason: MandateFailure::Exhausted }.into())
		);
		assert_eq!(root(), before);
		assert!(events().is_empty());
	});
}

#[test]
fn try_state_detects_consumption_beyond_the_cap() {
	new_test_ext().execute_with(|| {
		let token = setup();
		assert_ok!(Custody::do_try_state());
		Mandates::<Test>::mutate((identity(A), X_ID, token), |mandate| {
			if let Some(mandate) = mandate {
				mandate.consumed = mandate.cap + 1;
			}
		});
		assert!(Custody::do_try_state().is_err());
	});
}

#[test]
fn try_state_detects_a_broken_batch_reference_ring() {
	new_test_ext().execute_with(|| {
		let token = setup();
		assert_ok!(settle(X, batch(1), vec![leg(token, 0, A, C, 1)], vec![]));
		assert_ok!(Custody::do_try_state());
		BatchRefRing::<Test>::insert(X_ID, 0, batch(9));
		assert!(Custody::do_try_state().is_err());
	});
}
