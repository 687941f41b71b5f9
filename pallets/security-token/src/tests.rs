use crate::{mock::*, *};
use sto_primitives::token::{WalletGuard, WalletGuardError};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, dispatch::DispatchResultWithPostInfo, traits::fungible::InspectHold, BoundedVec},
	sp_core::H256,
	sp_runtime::DispatchResult,
};

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

fn balance(token: TokenId, partition: PartitionId, account: u64) -> TokenBalance {
	Token::balance_of(token, partition, &account)
}

fn details(token: TokenId) -> TokenDetailsOf<Test> {
	Tokens::<Test>::get(token).expect("token exists")
}

fn transfer(token: TokenId, from: u64, to: u64, amount: TokenBalance) -> DispatchResultWithPostInfo {
	Token::transfer_by_partition(RuntimeOrigin::signed(from), token, 0, to, amount, None)
}

/// Whether `account` holds any token (then it may not leave its identity).
fn in_use(account: u64) -> bool {
	let identity = IdentityOf::get()[&account];
	Positions::<Test>::iter_prefix_values(identity)
		.any(|position| position.holdings.iter().any(|holding| holding.account == account))
}

fn held(account: u64) -> u64 {
	Balances::total_balance_on_hold(&account)
}

fn grant(token: TokenId, agent: u64, roles: u8) {
	assert_ok!(Token::grant_roles(RuntimeOrigin::signed(ISSUER), token, agent, Roles(roles)));
}

// --- creation -------------------------------------------------------------------------------

#[test]
fn create_token_records_terms_and_holds_the_deposit() {
	run_test(|| {
		let token = create(b"GAR");
		let details = details(token);
		assert_eq!(details.owner, ISSUER);
		assert_eq!(details.status, TokenStatus::Draft);
		assert_eq!(details.supply_cap, Some(1_800));
		assert_eq!(details.partitions.len(), 1);
		assert_eq!(details.partitions[0].name.to_vec(), b"common".to_vec());
		assert_eq!(Symbols::<Test>::get(bounded::<ConstSymbol>(b"GAR")), Some(token));
		assert_eq!(Balances::total_balance_on_hold(&ISSUER), TOKEN_DEPOSIT);
		// The event carries the terms: a client rebuilds the token's record from events.
		assert!(System::events().iter().any(|r| r.event ==
			RuntimeEvent::Token(Event::TokenCreated {
				token,
				owner: ISSUER,
				symbol: bounded(b"GAR"),
				name: bounded(b"Garage Units"),
				decimals: 0,
				granularity: 1,
				instrument: InstrumentType::RealEstate,
				underlying: Underlying { numerator: 1, denominator: 1, unit: H256::repeat_byte(9) },
				identifiers: BoundedVec::new(),
				supply_cap: Some(1_800),
				controllable: true,
				default_partition: bounded(b"common"),
				rights: rights(true),
			})));
	});
}

type ConstSymbol = <Test as Config>::MaxSymbolLength;

fn try_create(symbol: &[u8], granularity: TokenBalance, denominator: u64, identifiers: Vec<Identifier>) -> DispatchResult {
	Token::create_token(
		RuntimeOrigin::signed(ISSUER),
		TokenTerms {
			granularity,
			underlying: Underlying { numerator: 1, denominator, unit: H256::zero() },
			identifiers: BoundedVec::try_from(identifiers).unwrap(),
			..equity_terms(symbol)
		},
	)
}

#[test]
fn create_token_failures() {
	run_test(|| {
		create(b"GAR");
		assert_noop!(try_create(b"GAR", 1, 1, vec![]), Error::<Test>::SymbolTaken);
		assert_noop!(try_create(b"gar", 1, 1, vec![]), Error::<Test>::BadSymbol);
		assert_noop!(try_create(b"", 1, 1, vec![]), Error::<Test>::BadSymbol);
		assert_noop!(try_create(b"EQ", 0, 1, vec![]), Error::<Test>::BadGranularity);
		assert_noop!(try_create(b"EQ", 1, 0, vec![]), Error::<Test>::BadUnderlying);
		let isin = Identifier::Isin(*b"US0378331005");
		assert_noop!(try_create(b"EQ", 1, 1, vec![isin.clone(), isin]), Error::<Test>::BadIdentifier);
		assert_noop!(try_create(b"EQ", 1, 1, vec![Identifier::Isin(*b"us0378331005")]), Error::<Test>::BadIdentifier);
		assert_noop!(
			Token::create_token(RuntimeOrigin::signed(NO_IDENTITY), equity_terms(b"EQ")),
			Error::<Test>::NoIdentity
		);
		assert_ok!(try_create(b"EQ", 1, 1, vec![Identifier::Isin(*b"US0378331005"), Identifier::Lei(*b"5493001KJTIIGC8Y1R12")]));
	});
}

/// The hole of the hardening review (defect 8): `create_token` asked for an identity but not a
/// verified one. An identity without a valid KYC claim (none, or expired) may not create tokens.
#[test]
fn create_token_needs_a_verified_identity() {
	use polkadot_sdk::frame_support::traits::fungible::Mutate;
	run_test(|| {
		Balances::set_balance(&UNVERIFIED, 10_000);
		let by = |who: u64, symbol: &[u8]| Token::create_token(RuntimeOrigin::signed(who), equity_terms(symbol));
		assert_noop!(by(UNVERIFIED, b"NOKYC"), Error::<Test>::NotVerified);
		Kyc::mutate(|kyc| kyc.insert(1, Some(1_000_000)));
		assert_noop!(by(1, b"EXPIRED"), Error::<Test>::NotVerified);
		assert_eq!(held(UNVERIFIED), 0);
		Kyc::mutate(|kyc| kyc.insert(1, Some(2_000_000)));
		assert_ok!(by(1, b"VALID"));
	});
}

#[test]
fn lifecycle_status_changes_follow_the_rules() {
	run_test(|| {
		let token = create(b"GAR");
		assert_noop!(Token::set_status(RuntimeOrigin::signed(ISSUER), token, TokenStatus::Halted), Error::<Test>::BadStatusChange);
		assert_noop!(Token::set_status(RuntimeOrigin::signed(1), token, TokenStatus::Issuing), Error::<Test>::NotAuthorized);
		for status in [TokenStatus::Issuing, TokenStatus::Active, TokenStatus::Halted, TokenStatus::Active, TokenStatus::Closed] {
			assert_ok!(Token::set_status(RuntimeOrigin::signed(ISSUER), token, status));
			assert_eq!(last_event(), RuntimeEvent::Token(Event::StatusChanged { token, status }));
		}
		assert_noop!(Token::set_status(RuntimeOrigin::signed(ISSUER), token, TokenStatus::Active), Error::<Test>::BadStatusChange);
		assert_noop!(Token::set_status(RuntimeOrigin::signed(ISSUER), 9, TokenStatus::Active), Error::<Test>::UnknownToken);
	});
}

// --- roles and ownership --------------------------------------------------------------------

#[test]
fn roles_gate_agent_calls() {
	run_test(|| {
		let token = create(b"GAR");
		assert_noop!(Token::set_paused(RuntimeOrigin::signed(AGENT), token, true), Error::<Test>::NotAuthorized);
		grant(token, AGENT, Roles::FREEZER | Roles::SUPPLY_MANAGER);
		assert_eq!(
			last_event(),
			RuntimeEvent::Token(Event::RolesGranted { token, agent: AGENT, roles: Roles(Roles::FREEZER | Roles::SUPPLY_MANAGER) })
		);
		assert_ok!(Token::set_paused(RuntimeOrigin::signed(AGENT), token, true));
		assert!(details(token).paused);
		assert_ok!(Token::revoke_roles(RuntimeOrigin::signed(ISSUER), token, AGENT, Roles(Roles::FREEZER)));
		assert_eq!(Agents::<Test>::get(token, AGENT), Roles(Roles::SUPPLY_MANAGER));
		assert_noop!(Token::set_paused(RuntimeOrigin::signed(AGENT), token, false), Error::<Test>::NotAuthorized);
		assert_noop!(Token::grant_roles(RuntimeOrigin::signed(ISSUER), token, AGENT, Roles(0)), Error::<Test>::BadRoles);
		assert_noop!(Token::grant_roles(RuntimeOrigin::signed(ISSUER), token, AGENT, Roles(1 << 7)), Error::<Test>::BadRoles);
		assert_noop!(Token::grant_roles(RuntimeOrigin::signed(AGENT), token, 1, Roles(Roles::FREEZER)), Error::<Test>::NotAuthorized);
		assert_ok!(Token::revoke_roles(RuntimeOrigin::signed(ISSUER), token, AGENT, Roles(Roles::ALL)));
		assert!(!Agents::<Test>::contains_key(token, AGENT));
	});
}

#[test]
fn ownership_moves_in_two_steps() {
	run_test(|| {
		let token = create(b"GAR");
		assert_noop!(Token::accept_ownership(RuntimeOrigin::signed(AGENT), token), Error::<Test>::NoOwnershipOffer);
		assert_noop!(Token::offer_ownership(RuntimeOrigin::signed(AGENT), token, AGENT), Error::<Test>::NotAuthorized);
		assert_ok!(Token::offer_ownership(RuntimeOrigin::signed(ISSUER), token, AGENT));
		assert_noop!(Token::accept_ownership(RuntimeOrigin::signed(1), token), Error::<Test>::NoOwnershipOffer);
		assert_ok!(Token::accept_ownership(RuntimeOrigin::signed(AGENT), token));
		assert_eq!(details(token).owner, AGENT);
		assert_eq!(last_event(), RuntimeEvent::Token(Event::OwnershipTransferred { token, from: ISSUER, to: AGENT }));
		assert_noop!(Token::set_status(RuntimeOrigin::signed(ISSUER), token, TokenStatus::Active), Error::<Test>::NotAuthorized);
	});
}

// --- partitions and supply settings -----------------------------------------------------------

#[test]
fn partitions_are_added_named_and_bounded() {
	run_test(|| {
		let token = create(b"GAR");
		assert_ok!(Token::add_partition(RuntimeOrigin::signed(ISSUER), token, bounded(b"locked"), rights(false)));
		assert_eq!(
			last_event(),
			RuntimeEvent::Token(Event::PartitionAdded { token, partition: 1, name: bounded(b"locked"), rights: rights(false) })
		);
		assert_noop!(Token::add_partition(RuntimeOrigin::signed(ISSUER), token, bounded(b"locked"), rights(true)), Error::<Test>::PartitionExists);
		assert_noop!(Token::add_partition(RuntimeOrigin::signed(ISSUER), token, bounded(b""), rights(true)), Error::<Test>::EmptyName);
		assert_ok!(Token::add_partition(RuntimeOrigin::signed(ISSUER), token, bounded(b"pref"), rights(true)));
		assert_noop!(Token::add_partition(RuntimeOrigin::signed(ISSUER), token, bounded(b"more"), rights(true)), Error::<Test>::TooManyPartitions);
		assert_ok!(Token::set_partition_rights(RuntimeOrigin::signed(ISSUER), token, 1, rights(true)));
		assert!(details(token).partitions[1].rights.transferable);
		assert_noop!(Token::set_partition_rights(RuntimeOrigin::signed(ISSUER), token, 5, rights(true)), Error::<Test>::UnknownPartition);
		assert_noop!(Token::add_partition(RuntimeOrigin::signed(1), token, bounded(b"x"), rights(true)), Error::<Test>::NotAuthorized);
	});
}

#[test]
fn supply_cap_finish_issuance_and_control() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		assert_noop!(Token::set_supply_cap(RuntimeOrigin::signed(ISSUER), token, Some(99)), Error::<Test>::CapBelowSupply);
		assert_ok!(Token::set_supply_cap(RuntimeOrigin::signed(ISSUER), token, Some(150)));
		assert_noop!(
			Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, 2, 51, None),
			Error::<Test>::SupplyCapExceeded
		);
		assert_ok!(Token::set_supply_cap(RuntimeOrigin::signed(ISSUER), token, None));
		assert_ok!(Token::finish_issuance(RuntimeOrigin::signed(ISSUER), token));
		assert_noop!(Token::finish_issuance(RuntimeOrigin::signed(ISSUER), token), Error::<Test>::AlreadyFinished);
		assert_noop!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, 2, 1, None), Error::<Test>::IssuanceFinished);
		assert_ok!(Token::renounce_control(RuntimeOrigin::signed(ISSUER), token));
		assert_noop!(Token::renounce_control(RuntimeOrigin::signed(ISSUER), token), Error::<Test>::NotControllable);
		assert_noop!(
			Token::controller_transfer(RuntimeOrigin::signed(ISSUER), token, 0, 1, 2, 10, H256::zero()),
			Error::<Test>::NotControllable
		);
		assert_noop!(Token::set_supply_cap(RuntimeOrigin::signed(1), token, None), Error::<Test>::NotAuthorized);
	});
}

#[test]
fn identifiers_are_replaced_by_the_owner() {
	run_test(|| {
		let token = create(b"GAR");
		let identifiers = BoundedVec::try_from(vec![Identifier::Cusip(*b"037833100")]).unwrap();
		assert_ok!(Token::set_identifiers(RuntimeOrigin::signed(ISSUER), token, identifiers.clone()));
		assert_eq!(details(token).identifiers, identifiers);
		assert_eq!(last_event(), RuntimeEvent::Token(Event::IdentifiersSet { token, identifiers: identifiers.clone() }));
		assert_noop!(Token::set_identifiers(RuntimeOrigin::signed(1), token, identifiers), Error::<Test>::NotAuthorized);
	});
}

// --- issuance -------------------------------------------------------------------------------

#[test]
fn issue_credits_a_verified_investor() {
	run_test(|| {
		let token = create(b"GAR");
		assert_ok!(Token::set_status(RuntimeOrigin::signed(ISSUER), token, TokenStatus::Issuing));
		assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, 1, 600, None));
		assert_eq!(
			last_event(),
			RuntimeEvent::Token(Event::Moved {
				token,
				partition: 0,
				to_partition: 0,
				from: None,
				to: Some(1),
				amount: 600,
				kind: MovementKind::Issue,
				operator: Some(ISSUER),
				reference: None,
			})
		);
		let details = details(token);
		assert_eq!((details.total_supply, details.holder_count, details.partitions[0].supply), (600, 1, 600));
		assert_eq!(balance(token, 0, 1), 600);
		assert_eq!(Token::identity_balance(token, 1), 600);
		assert!(in_use(1));
		assert_eq!(MovedCount::get(), 1);
	});
}

#[test]
fn issue_with_a_lockup_locks_the_amount() {
	run_test(|| {
		let token = active_token(&[]);
		assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, 1, 100, Some(2_000_000)));
		assert_eq!(
			last_event(),
			RuntimeEvent::Token(Event::LockupAdded { token, partition: 0, account: 1, amount: 100, release: 2_000_000 })
		);
		assert_noop!(transfer(token, 1, 2, 1), Error::<Test>::InsufficientSpendable);
		Now::set(2_000_000);
		assert_ok!(transfer(token, 1, 2, 100));
		assert_noop!(
			Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, 1, 1, Some(1_000)),
			Error::<Test>::ReleaseInPast
		);
	});
}

#[test]
fn issue_failures() {
	run_test(|| {
		let token = create(b"GAR");
		let issue = |to, amount| Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, to, amount, None);
		assert_noop!(issue(1, 10), Error::<Test>::NotActive);
		assert_ok!(Token::set_status(RuntimeOrigin::signed(ISSUER), token, TokenStatus::Issuing));
		assert_noop!(Token::issue(RuntimeOrigin::signed(1), token, 0, 1, 10, None), Error::<Test>::NotAuthorized);
		assert_noop!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 3, 1, 10, None), Error::<Test>::UnknownPartition);
		assert_noop!(issue(1, 0), Error::<Test>::ZeroAmount);
		assert_noop!(issue(NO_IDENTITY, 10), Error::<Test>::ReceiverNoIdentity);
		assert_noop!(issue(UNVERIFIED, 10), Error::<Test>::ReceiverNotVerified);
		Kyc::mutate(|kyc| kyc.insert(2, Some(1_000_000)));
		assert_noop!(issue(2, 10), Error::<Test>::ReceiverClaimExpired);
		assert_noop!(issue(1, 1_801), Error::<Test>::SupplyCapExceeded);
		assert_ok!(Token::set_paused(RuntimeOrigin::signed(ISSUER), token, true));
		assert_noop!(issue(1, 10), Error::<Test>::Paused);
	});
}

#[test]
fn granularity_is_enforced() {
	run_test(|| {
		assert_ok!(try_create(b"BND", 10, 1, vec![]));
		let token = NextTokenId::<Test>::get() - 1;
		assert_ok!(Token::set_status(RuntimeOrigin::signed(ISSUER), token, TokenStatus::Active));
		assert_noop!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, 1, 15, None), Error::<Test>::Granularity);
		assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, 1, 20, None));
		assert_noop!(transfer(token, 1, 2, 5), Error::<Test>::Granularity);
	});
}

// --- transfers ------------------------------------------------------------------------------

#[test]
fn transfer_moves_balance_aggregates_and_holders() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		assert_ok!(Token::transfer_by_partition(RuntimeOrigin::signed(1), token, 0, 2, 40, Some(H256::repeat_byte(1))));
		assert_eq!(
			last_event(),
			RuntimeEvent::Token(Event::Moved {
				token,
				partition: 0,
				to_partition: 0,
				from: Some(1),
				to: Some(2),
				amount: 40,
				kind: MovementKind::Transfer,
				operator: None,
				reference: Some(H256::repeat_byte(1)),
			})
		);
		assert_eq!((balance(token, 0, 1), balance(token, 0, 2)), (60, 40));
		assert_eq!(details(token).holder_count, 2);
		assert_ok!(transfer(token, 1, 2, 60));
		assert_eq!(details(token).holder_count, 1);
		assert!(!Positions::<Test>::contains_key(1, token));
		assert!(!in_use(1));
	});
}

#[test]
fn wallets_of_one_identity_are_counted_once() {
	run_test(|| {
		let token = active_token(&[(10, 100)]);
		assert_ok!(transfer(token, 10, 11, 30));
		assert_eq!(Token::identity_balance(token, 10), 100);
		assert_eq!(details(token).holder_count, 1);
		assert_eq!((balance(token, 0, 10), balance(token, 0, 11)), (70, 30));
		assert_ok!(transfer(token, 11, 1, 30));
		assert_eq!(Token::identity_balance(token, 10), 70);
		assert_eq!(details(token).holder_count, 2);
	});
}

#[test]
fn transfer_failures_name_the_check() {
	run_test(|| {
		let token = active_token(&[(1, 100), (3, 10)]);
		assert_noop!(transfer(token, 1, 2, 101), Error::<Test>::InsufficientBalance);
		assert_noop!(transfer(token, 2, 1, 1), Error::<Test>::InsufficientBalance);
		assert_noop!(transfer(token, NO_IDENTITY, 1, 1), Error::<Test>::SenderNoIdentity);
		assert_noop!(transfer(token, 1, NO_IDENTITY, 1), Error::<Test>::ReceiverNoIdentity);
		assert_noop!(transfer(token, 1, UNVERIFIED, 1), Error::<Test>::ReceiverNotVerified);
		assert_noop!(transfer(token, 1, 2, 0), Error::<Test>::ZeroAmount);
		assert_noop!(transfer(9, 1, 2, 1), Error::<Test>::UnknownToken);
		assert_noop!(
			Token::transfer_by_partition(RuntimeOrigin::signed(1), token, 2, 2, 1, None),
			Error::<Test>::UnknownPartition
		);
		assert_ok!(Token::set_paused(RuntimeOrigin::signed(ISSUER), token, true));
		assert_noop!(transfer(token, 1, 2, 1), Error::<Test>::Paused);
		assert_ok!(Token::set_paused(RuntimeOrigin::signed(ISSUER), token, false));
		assert_ok!(Token::set_status(RuntimeOrigin::signed(ISSUER), token, TokenStatus::Halted));
		assert_noop!(transfer(token, 1, 2, 1), Error::<Test>::NotActive);
		assert_ok!(Token::set_status(RuntimeOrigin::signed(ISSUER), token, TokenStatus::Active));
		assert_ok!(Token::set_partition_rights(RuntimeOrigin::signed(ISSUER), token, 0, rights(false)));
		assert_noop!(transfer(token, 1, 2, 1), Error::<Test>::PartitionNotTransferable);
		assert_ok!(Token::set_partition_rights(RuntimeOrigin::signed(ISSUER), token, 0, rights(true)));
		RefuseWithRule::set(Some(3));
		assert_noop!(transfer(token, 1, 2, 1), Error::<Test>::ComplianceFailed(RuleFailure::MaxBalance));
		assert_eq!(
			Token::can_transfer(token, 0, 1, 2, 1),
			(TransferStatus::Failure, Some(TransferFailure::Compliance(3, RuleFailure::MaxBalance)))
		);
	});
}

#[test]
fn a_claim_expiring_between_two_transfers_stops_the_second() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		Kyc::mutate(|kyc| kyc.insert(2, Some(1_500_000)));
		assert_ok!(transfer(token, 1, 2, 10));
		Now::set(1_500_000);
		assert_noop!(transfer(token, 1, 2, 10), Error::<Test>::ReceiverClaimExpired);
		assert_eq!(
			Token::can_transfer(token, 0, 1, 2, 10),
			(TransferStatus::InvalidData, Some(TransferFailure::ReceiverNotVerified(ClaimStatus::Expired)))
		);
	});
}

#[test]
fn holdings_per_identity_are_bounded() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		assert_ok!(Token::add_partition(RuntimeOrigin::signed(ISSUER), token, bounded(b"b"), rights(true)));
		assert_ok!(Token::add_partition(RuntimeOrigin::signed(ISSUER), token, bounded(b"c"), rights(true)));
		// Identity 10 has two wallets: 2 wallets x 3 partitions > MAX_HOLDINGS (4).
		for (partition, wallet) in [(0u16, 10u64), (1, 10), (2, 10), (0, 11)] {
			assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, partition, wallet, 1, None));
		}
		assert_noop!(
			Token::issue(RuntimeOrigin::signed(ISSUER), token, 1, 11, 1, None),
			Error::<Test>::TooManyHoldings
		);
	});
}

// --- operators and allowances -------------------------------------------------------------------

#[test]
fn operators_move_for_holders_within_their_scope() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		let operator_transfer = |op: u64, amount| {
			Token::operator_transfer_by_partition(RuntimeOrigin::signed(op), token, 0, 1, 2, amount, None)
		};
		assert_noop!(operator_transfer(5, 10), Error::<Test>::NotOperator);
		assert_ok!(Token::authorize_operator(RuntimeOrigin::signed(1), token, 5, OperatorScope::Partition(0)));
		assert_eq!(
			last_event(),
			RuntimeEvent::Token(Event::OperatorAuthorized { token, holder: 1, operator: 5, scope: OperatorScope::Partition(0) })
		);
		assert_ok!(operator_transfer(5, 10));
		assert!(matches!(last_event(), RuntimeEvent::Token(Event::Moved { kind: MovementKind::Operator, operator: Some(5), .. })));
		assert_ok!(Token::revoke_operator(RuntimeOrigin::signed(1), token, 5, OperatorScope::Partition(0)));
		assert_noop!(operator_transfer(5, 10), Error::<Test>::NotOperator);
		assert_noop!(Token::revoke_operator(RuntimeOrigin::signed(1), token, 5, OperatorScope::Partition(0)), Error::<Test>::NotOperator);
		assert_ok!(Token::authorize_operator(RuntimeOrigin::signed(1), token, 6, OperatorScope::AllPartitions));
		assert_ok!(operator_transfer(6, 10));
		assert_noop!(Token::authorize_operator(RuntimeOrigin::signed(1), token, 1, OperatorScope::AllPartitions), Error::<Test>::SelfOperator);
		assert_noop!(Token::authorize_operator(RuntimeOrigin::signed(1), token, 6, OperatorScope::Partition(4)), Error::<Test>::UnknownPartition);
		assert_noop!(Token::authorize_operator(RuntimeOrigin::signed(1), 9, 6, OperatorScope::AllPartitions), Error::<Test>::UnknownToken);
		assert_eq!(balance(token, 0, 2), 20);
	});
}

#[test]
fn allowances_are_spent_and_bounded() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		assert_ok!(Token::approve(RuntimeOrigin::signed(1), token, 0, 5, 30));
		assert_noop!(
			Token::transfer_from(RuntimeOrigin::signed(5), token, 0, 1, 2, 31),
			Error::<Test>::AllowanceExceeded
		);
		assert_ok!(Token::transfer_from(RuntimeOrigin::signed(5), token, 0, 1, 2, 20));
		assert_eq!(Token::allowance(token, 0, &1, &5), 10);
		assert_ok!(Token::redeem_from(RuntimeOrigin::signed(5), token, 0, 1, 10));
		assert!(!Allowances::<Test>::contains_key((token, 0, 1), 5));
		assert_noop!(Token::redeem_from(RuntimeOrigin::signed(5), token, 0, 1, 1), Error::<Test>::NotOperator);
		assert_ok!(Token::approve(RuntimeOrigin::signed(1), token, 0, 5, 7));
		assert_ok!(Token::approve(RuntimeOrigin::signed(1), token, 0, 5, 0));
		assert!(!Allowances::<Test>::contains_key((token, 0, 1), 5));
		assert_noop!(Token::approve(RuntimeOrigin::signed(1), token, 4, 5, 7), Error::<Test>::UnknownPartition);
		assert_eq!(details(token).total_supply, 90);
	});
}

/// The hole of the hardening review (defect 8): anyone could create operator and allowance
/// records, without an identity and without a deposit. Creating one needs the caller's identity
/// and holds a deposit from it.
#[test]
fn operators_and_allowances_need_an_identity_and_a_deposit() {
	use polkadot_sdk::frame_support::traits::fungible::Mutate;
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		Balances::set_balance(&NO_IDENTITY, 10_000);
		assert_noop!(Token::approve(RuntimeOrigin::signed(NO_IDENTITY), token, 0, 5, 30), Error::<Test>::NoIdentity);
		assert_noop!(
			Token::authorize_operator(RuntimeOrigin::signed(NO_IDENTITY), token, 5, OperatorScope::AllPartitions),
			Error::<Test>::NoIdentity
		);
		// One deposit per record, from the holder.
		assert_ok!(Token::approve(RuntimeOrigin::signed(1), token, 0, 5, 30));
		assert_eq!(held(1), APPROVAL_DEPOSIT);
		assert_ok!(Token::approve(RuntimeOrigin::signed(1), token, 0, 5, 40));
		assert_eq!(held(1), APPROVAL_DEPOSIT, "changing an allowance holds nothing more");
		assert_ok!(Token::authorize_operator(RuntimeOrigin::signed(1), token, 5, OperatorScope::AllPartitions));
		assert_ok!(Token::authorize_operator(RuntimeOrigin::signed(1), token, 5, OperatorScope::AllPartitions));
		assert_eq!(held(1), 2 * APPROVAL_DEPOSIT);
		// Revoking releases the operator's deposit; setting an allowance to zero releases its.
		assert_ok!(Token::revoke_operator(RuntimeOrigin::signed(1), token, 5, OperatorScope::AllPartitions));
		assert_eq!(held(1), APPROVAL_DEPOSIT);
		assert_ok!(Token::approve(RuntimeOrigin::signed(1), token, 0, 5, 0));
		assert_eq!(held(1), 0);
		assert_ok!(Token::approve(RuntimeOrigin::signed(1), token, 0, 5, 0));
		// An allowance the spender uses up gives the deposit back to the owner who paid it.
		assert_ok!(Token::approve(RuntimeOrigin::signed(1), token, 0, 6, 30));
		assert_eq!((held(1), held(6)), (APPROVAL_DEPOSIT, 0));
		assert_ok!(Token::transfer_from(RuntimeOrigin::signed(6), token, 0, 1, 2, 30));
		assert_eq!((held(1), held(6)), (0, 0));
		assert!(!Allowances::<Test>::contains_key((token, 0, 1), 6));
		// A holder whose wallet left its identity still clears its records and gets its deposit.
		assert_ok!(Token::approve(RuntimeOrigin::signed(4), token, 0, 5, 30));
		assert_ok!(Token::authorize_operator(RuntimeOrigin::signed(4), token, 5, OperatorScope::Partition(0)));
		assert_eq!(held(4), 2 * APPROVAL_DEPOSIT);
		IdentityOf::mutate(|map| map.remove(&4));
		assert_noop!(Token::approve(RuntimeOrigin::signed(4), token, 0, 5, 31), Error::<Test>::NoIdentity);
		assert_ok!(Token::approve(RuntimeOrigin::signed(4), token, 0, 5, 0));
		assert_ok!(Token::revoke_operator(RuntimeOrigin::signed(4), token, 5, OperatorScope::Partition(0)));
		assert_eq!(held(4), 0);
	});
}

/// An operator or spender moves nothing once its wallet belongs to no identity (a recovered
/// lost key keeps no authority through the records holders gave it).
#[test]
fn operators_and_spenders_need_an_identity_to_act() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		assert_ok!(Token::authorize_operator(RuntimeOrigin::signed(1), token, 5, OperatorScope::AllPartitions));
		assert_ok!(Token::approve(RuntimeOrigin::signed(1), token, 0, 5, 30));
		IdentityOf::mutate(|map| map.remove(&5));
		assert_noop!(
			Token::operator_transfer_by_partition(RuntimeOrigin::signed(5), token, 0, 1, 2, 10, None),
			Error::<Test>::NoIdentity
		);
		assert_noop!(Token::transfer_from(RuntimeOrigin::signed(5), token, 0, 1, 2, 10), Error::<Test>::NoIdentity);
		assert_noop!(Token::redeem_from(RuntimeOrigin::signed(5), token, 0, 1, 10), Error::<Test>::NoIdentity);
	});
}

// --- redemption and controller actions ----------------------------------------------------------

#[test]
fn the_supply_manager_buys_back_with_the_holders_consent() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		let reference = H256::repeat_byte(0xbb);
		// Without the holder's consent the issuer cannot take its tokens.
		assert_noop!(
			Token::buy_back(RuntimeOrigin::signed(ISSUER), token, 0, 1, 30, reference),
			Error::<Test>::NotOperator
		);
		// An approved spender that is not a supply manager may not buy back.
		assert_ok!(Token::approve(RuntimeOrigin::signed(1), token, 0, 5, 30));
		assert_noop!(Token::buy_back(RuntimeOrigin::signed(5), token, 0, 1, 30, reference), Error::<Test>::NotAuthorized);
		assert_ok!(Token::approve(RuntimeOrigin::signed(1), token, 0, ISSUER, 30));
		assert_noop!(
			Token::buy_back(RuntimeOrigin::signed(ISSUER), token, 0, 1, 31, reference),
			Error::<Test>::AllowanceExceeded
		);
		assert_noop!(
			Token::buy_back(RuntimeOrigin::signed(ISSUER), 99, 0, 1, 30, reference),
			Error::<Test>::UnknownToken
		);
		assert_ok!(Token::buy_back(RuntimeOrigin::signed(ISSUER), token, 0, 1, 30, reference));
		assert_eq!(
			last_event(),
			RuntimeEvent::Token(Event::Moved {
				token,
				partition: 0,
				to_partition: 0,
				from: Some(1),
				to: None,
				amount: 30,
				kind: MovementKind::Redeem,
				operator: Some(ISSUER),
				reference: Some(reference),
			})
		);
		assert_eq!(details(token).total_supply, 70);
		assert_eq!(Token::balance_of(token, 0, &1), 70);
		assert!(!Allowances::<Test>::contains_key((token, 0, 1), ISSUER));
	});
}

#[test]
fn holders_redeem_their_own_tokens() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		assert_ok!(Token::redeem(RuntimeOrigin::signed(1), token, 0, 40));
		assert!(matches!(last_event(), RuntimeEvent::Token(Event::Moved { to: None, kind: MovementKind::Redeem, .. })));
		let details = details(token);
		assert_eq!((details.total_supply, details.partitions[0].supply), (60, 60));
		assert_noop!(Token::redeem(RuntimeOrigin::signed(1), token, 0, 61), Error::<Test>::InsufficientBalance);
		assert_noop!(Token::redeem(RuntimeOrigin::signed(1), token, 0, 0), Error::<Test>::ZeroAmount);
		assert_noop!(Token::redeem_from(RuntimeOrigin::signed(ISSUER), token, 0, 1, 10), Error::<Test>::NotOperator);
	});
}

#[test]
fn controller_actions_ignore_freezes_but_not_verification() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		grant(token, AGENT, Roles::TRANSFER_AGENT | Roles::FREEZER);
		assert_ok!(Token::add_lockup(RuntimeOrigin::signed(AGENT), token, 0, 1, 50, 9_000_000));
		assert_ok!(Token::freeze_partial(RuntimeOrigin::signed(AGENT), token, 0, 1, 30));
		assert_ok!(Token::freeze_account(RuntimeOrigin::signed(AGENT), token, 1));
		assert_ok!(Token::set_paused(RuntimeOrigin::signed(AGENT), token, true));
		let reason = H256::repeat_byte(0xc0);
		assert_noop!(
			Token::controller_transfer(RuntimeOrigin::signed(AGENT), token, 0, 1, UNVERIFIED, 10, reason),
			Error::<Test>::ReceiverNotVerified
		);
		assert_ok!(Token::controller_transfer(RuntimeOrigin::signed(AGENT), token, 0, 1, 2, 90, reason));
		let events = System::events();
		assert!(matches!(
			&events[events.len() - 2].event,
			RuntimeEvent::Token(Event::Moved { kind: MovementKind::Controller, operator: Some(AGENT), reference: Some(r), .. }) if *r == reason
		));
		assert_eq!(last_event(), RuntimeEvent::Token(Event::PartialFreezeSet { token, partition: 0, account: 1, frozen: 10 }));
		// The forced transfer took the free 20, the locked 50, then 20 of the frozen 30: what
		// is left is frozen, nothing is locked.
		let holding = Token::holdings_of(token, &1)[0].clone();
		assert_eq!((holding.balance, holding.spendable, holding.frozen), (10, 0, 10));
		assert!(holding.lockups.is_empty());
		assert_ok!(Token::controller_redeem(RuntimeOrigin::signed(AGENT), token, 0, 1, 10, reason));
		assert_eq!(details(token).total_supply, 90);
		assert_noop!(
			Token::controller_transfer(RuntimeOrigin::signed(2), token, 0, 2, 3, 1, reason),
			Error::<Test>::NotAuthorized
		);
	});
}

/// The hole of the hardening review (defect 8): a forced move ignored lock-ups and partial
/// freezes and left them in place above what remained, so they bound the tokens the holder
/// received next. After any movement a holding's restrictions fit in its balance: a forced move
/// takes the free part first, then the lock-ups shrink, then the partial freeze.
#[test]
fn forced_moves_leave_no_restriction_that_binds_the_next_receipt() {
	run_test(|| {
		let token = active_token(&[(1, 100), (3, 100)]);
		let reason = H256::repeat_byte(0xc0);
		// Redeem everything under a lock-up and a partial freeze, then receive again.
		assert_ok!(Token::add_lockup(RuntimeOrigin::signed(ISSUER), token, 0, 1, 50, 9_000_000));
		assert_ok!(Token::freeze_partial(RuntimeOrigin::signed(ISSUER), token, 0, 1, 30));
		assert_ok!(Token::controller_redeem(RuntimeOrigin::signed(ISSUER), token, 0, 1, 100, reason));
		assert!(Positions::<Test>::get(1, token).is_none(), "a holding without balance was kept");
		assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, 1, 100, None));
		assert_ok!(transfer(token, 1, 2, 100));

		// 100 with 50 locked and 30 frozen: a forced transfer of 90 takes the 20 free, the 50
		// locked, then 20 of the frozen; 10 stay frozen, nothing locked.
		assert_ok!(Token::add_lockup(RuntimeOrigin::signed(ISSUER), token, 0, 3, 50, 9_000_000));
		assert_ok!(Token::freeze_partial(RuntimeOrigin::signed(ISSUER), token, 0, 3, 30));
		assert_ok!(Token::controller_transfer(RuntimeOrigin::signed(ISSUER), token, 0, 3, 4, 90, reason));
		assert_eq!(last_event(), RuntimeEvent::Token(Event::PartialFreezeSet { token, partition: 0, account: 3, frozen: 10 }));
		let holding = Token::holdings_of(token, &3)[0].clone();
		assert_eq!((holding.balance, holding.frozen, holding.spendable), (10, 10, 0));
		assert!(holding.lockups.is_empty());
		// What arrives next is free.
		assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, 3, 100, None));
		assert_ok!(transfer(token, 3, 2, 100));
		assert_noop!(transfer(token, 3, 2, 1), Error::<Test>::InsufficientSpendable);
	});
}

#[test]
fn reclassification_moves_between_partitions() {
	run_test(|| {
		let token = active_token(&[]);
		assert_ok!(Token::add_partition(RuntimeOrigin::signed(ISSUER), token, bounded(b"lockup"), rights(false)));
		assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 1, 1, 100, None));
		assert_noop!(
			Token::transfer_by_partition(RuntimeOrigin::signed(1), token, 1, 2, 10, None),
			Error::<Test>::PartitionNotTransferable
		);
		assert_ok!(Token::reclassify(RuntimeOrigin::signed(ISSUER), token, 1, 0, 1, 60));
		assert!(matches!(last_event(), RuntimeEvent::Token(Event::Moved { kind: MovementKind::Reclassify, partition: 1, to_partition: 0, .. })));
		assert_eq!((balance(token, 0, 1), balance(token, 1, 1)), (60, 40));
		let details = details(token);
		assert_eq!((details.partitions[0].supply, details.partitions[1].supply, details.total_supply), (60, 40, 100));
		assert!(in_use(1));
		assert_ok!(Token::reclassify(RuntimeOrigin::signed(ISSUER), token, 1, 0, 1, 40));
		assert!(in_use(1));
		assert_noop!(Token::reclassify(RuntimeOrigin::signed(ISSUER), token, 0, 0, 1, 1), Error::<Test>::SamePartition);
		assert_noop!(Token::reclassify(RuntimeOrigin::signed(2), token, 0, 1, 1, 1), Error::<Test>::NotAuthorized);
		RefuseWithRule::set(Some(0));
		assert_noop!(Token::reclassify(RuntimeOrigin::signed(ISSUER), token, 0, 1, 1, 1), Error::<Test>::ComplianceFailed(RuleFailure::MaxBalance));
	});
}

// --- freezes and lock-ups -------------------------------------------------------------------

#[test]
fn frozen_accounts_neither_send_nor_receive() {
	run_test(|| {
		let token = active_token(&[(1, 100), (2, 100)]);
		assert_ok!(Token::freeze_account(RuntimeOrigin::signed(ISSUER), token, 1));
		assert_eq!(last_event(), RuntimeEvent::Token(Event::AccountFrozen { token, account: 1 }));
		assert_noop!(transfer(token, 1, 2, 1), Error::<Test>::SenderFrozen);
		assert_noop!(transfer(token, 2, 1, 1), Error::<Test>::ReceiverFrozen);
		assert_noop!(Token::freeze_account(RuntimeOrigin::signed(ISSUER), token, 1), Error::<Test>::AlreadyFrozen);
		assert_ok!(Token::unfreeze_account(RuntimeOrigin::signed(ISSUER), token, 1));
		assert_noop!(Token::unfreeze_account(RuntimeOrigin::signed(ISSUER), token, 1), Error::<Test>::NotFrozen);
		assert_ok!(transfer(token, 1, 2, 1));
		assert_noop!(Token::freeze_account(RuntimeOrigin::signed(1), token, 2), Error::<Test>::NotAuthorized);
		assert_noop!(Token::freeze_account(RuntimeOrigin::signed(ISSUER), token, NO_IDENTITY), Error::<Test>::NoIdentity);
	});
}

#[test]
fn partial_freezes_reduce_what_may_be_spent() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		assert_ok!(Token::freeze_partial(RuntimeOrigin::signed(ISSUER), token, 0, 1, 70));
		assert_eq!(last_event(), RuntimeEvent::Token(Event::PartialFreezeSet { token, partition: 0, account: 1, frozen: 70 }));
		assert_noop!(transfer(token, 1, 2, 31), Error::<Test>::InsufficientSpendable);
		assert_ok!(transfer(token, 1, 2, 30));
		assert_noop!(Token::freeze_partial(RuntimeOrigin::signed(ISSUER), token, 0, 1, 1), Error::<Test>::InsufficientBalance);
		assert_noop!(Token::unfreeze_partial(RuntimeOrigin::signed(ISSUER), token, 0, 1, 71), Error::<Test>::UnfreezeExceedsFrozen);
		assert_ok!(Token::unfreeze_partial(RuntimeOrigin::signed(ISSUER), token, 0, 1, 70));
		assert_ok!(transfer(token, 1, 2, 70));
		assert_noop!(Token::freeze_partial(RuntimeOrigin::signed(ISSUER), token, 0, 1, 1), Error::<Test>::InsufficientBalance);
		assert_noop!(Token::freeze_partial(RuntimeOrigin::signed(ISSUER), token, 0, 2, 0), Error::<Test>::ZeroAmount);
	});
}

#[test]
fn lockups_release_at_their_time_and_are_bounded() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		assert_ok!(Token::add_lockup(RuntimeOrigin::signed(ISSUER), token, 0, 1, 60, 1_100_000));
		assert_ok!(Token::add_lockup(RuntimeOrigin::signed(ISSUER), token, 0, 1, 20, 1_200_000));
		assert_noop!(Token::add_lockup(RuntimeOrigin::signed(ISSUER), token, 0, 1, 10, 1_300_000), Error::<Test>::TooManyLockups);
		assert_noop!(transfer(token, 1, 2, 21), Error::<Test>::InsufficientSpendable);
		Now::set(1_100_000);
		assert_ok!(transfer(token, 1, 2, 80));
		assert_noop!(transfer(token, 1, 2, 1), Error::<Test>::InsufficientSpendable);
		assert_noop!(Token::add_lockup(RuntimeOrigin::signed(ISSUER), token, 0, 1, 1, 1_000), Error::<Test>::ReleaseInPast);
		assert_noop!(Token::add_lockup(RuntimeOrigin::signed(ISSUER), token, 0, 1, 21, 2_000_000), Error::<Test>::InsufficientBalance);
		assert_noop!(Token::add_lockup(RuntimeOrigin::signed(2), token, 0, 1, 1, 2_000_000), Error::<Test>::NotAuthorized);
		Now::set(1_200_000);
		assert_ok!(transfer(token, 1, 2, 20));
	});
}

#[test]
fn freezes_and_lockups_together_fit_in_the_balance() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		let lock = |amount, release| Token::add_lockup(RuntimeOrigin::signed(ISSUER), token, 0, 1, amount, release);
		let freeze = |amount| Token::freeze_partial(RuntimeOrigin::signed(ISSUER), token, 0, 1, amount);
		assert_ok!(lock(60, 2_000_000));
		assert_noop!(freeze(41), Error::<Test>::InsufficientBalance);
		assert_ok!(freeze(40));
		assert_noop!(lock(1, 3_000_000), Error::<Test>::InsufficientBalance);
		// An expired lock-up no longer restricts anything.
		Now::set(2_000_000);
		assert_ok!(freeze(60));
		assert_eq!(Token::holdings_of(token, &1)[0].lockups, vec![]);
		// What arrives later is free.
		assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, 1, 50, None));
		assert_ok!(transfer(token, 1, 2, 50));
		assert_noop!(transfer(token, 1, 2, 1), Error::<Test>::InsufficientSpendable);
	});
}

#[test]
fn forced_moves_shrink_the_soonest_lockups_first() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		assert_ok!(Token::add_lockup(RuntimeOrigin::signed(ISSUER), token, 0, 1, 30, 3_000_000));
		assert_ok!(Token::add_lockup(RuntimeOrigin::signed(ISSUER), token, 0, 1, 30, 2_000_000));
		// 40 free, then 20 of the lock-up releasing first.
		assert_ok!(Token::controller_redeem(RuntimeOrigin::signed(ISSUER), token, 0, 1, 60, H256::zero()));
		let holding = Token::holdings_of(token, &1)[0].clone();
		assert_eq!(holding.lockups, vec![(30, 3_000_000), (10, 2_000_000)]);
		assert_eq!((holding.balance, holding.spendable), (40, 0));
		// No freeze was touched: no `PartialFreezeSet`.
		assert!(!matches!(last_event(), RuntimeEvent::Token(Event::PartialFreezeSet { .. })));
	});
}

#[test]
fn try_state_detects_restrictions_above_the_balance() {
	new_test_ext().execute_with(|| {
		let token = active_token(&[(1, 100)]);
		assert_ok!(Token::add_lockup(RuntimeOrigin::signed(ISSUER), token, 0, 1, 60, 2_000_000));
		assert_eq!(Token::do_try_state(), Ok(()));
		Positions::<Test>::mutate(1, token, |position| position.as_mut().unwrap().holdings[0].frozen = 41);
		assert_eq!(Token::do_try_state(), Err("restrictions above the balance".into()));
	});
}

// --- documents ------------------------------------------------------------------------------

#[test]
fn documents_are_set_replaced_removed_and_bounded() {
	run_test(|| {
		let token = create(b"GAR");
		let set = |who: u64, name: &[u8], hash: u8| {
			Token::set_document(RuntimeOrigin::signed(who), token, bounded(name), bounded(b"ipfs://doc"), H256::repeat_byte(hash))
		};
		assert_ok!(set(ISSUER, b"prospectus", 1));
		assert_ok!(set(ISSUER, b"prospectus", 2));
		assert_eq!(Documents::<Test>::get(token, bounded::<ConstName>(b"prospectus")).unwrap().hash, H256::repeat_byte(2));
		assert_ok!(set(ISSUER, b"terms", 3));
		assert_noop!(set(ISSUER, b"audit", 4), Error::<Test>::TooManyDocuments);
		assert_noop!(set(ISSUER, b"", 4), Error::<Test>::EmptyName);
		assert_noop!(set(1, b"audit", 4), Error::<Test>::NotAuthorized);
		assert_ok!(Token::remove_document(RuntimeOrigin::signed(ISSUER), token, bounded(b"terms")));
		assert_eq!(last_event(), RuntimeEvent::Token(Event::DocumentRemoved { token, name: bounded(b"terms") }));
		assert_noop!(Token::remove_document(RuntimeOrigin::signed(ISSUER), token, bounded(b"terms")), Error::<Test>::UnknownDocument);
		grant(token, AGENT, Roles::DOCUMENT_MANAGER);
		assert_ok!(set(AGENT, b"audit", 5));
		assert_eq!(details(token).document_count, 2);
	});
}

type ConstName = <Test as Config>::MaxNameLength;

// --- guards, authority, cap table ---------------------------------------------------------------

fn release(identity: IdentityId, account: u64, max: u32) -> Result<u32, WalletGuardError> {
	<Token as WalletGuard<u64>>::release_wallet(identity, &account, max)
}

fn recover(identity: IdentityId, from: u64, to: u64, max: u32) -> Result<u32, WalletGuardError> {
	<Token as WalletGuard<u64>>::move_wallet(identity, &from, &to, max)
}

/// An active token of ISSUER (symbol `symbol`) in which `wallet` holds 5.
fn held_by(symbol: &[u8], wallet: u64) -> TokenId {
	let id = create(symbol);
	assert_ok!(Token::set_status(RuntimeOrigin::signed(ISSUER), id, TokenStatus::Active));
	assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), id, 0, wallet, 5, None));
	id
}

#[test]
fn a_wallet_holding_tokens_may_not_leave_its_identity() {
	run_test(|| {
		// Identity 10 (wallets 10 and 11) in three tokens, wallet 11 in the last one only.
		let (first, second, third) = (held_by(b"FST", 10), held_by(b"SEC", 10), held_by(b"THR", 11));
		assert!(first < second && second < third);
		assert_eq!(release(10, 10, 3), Err(WalletGuardError::WalletInUse));
		assert_eq!(release(10, 11, 3), Err(WalletGuardError::WalletInUse));
		// A witness below the identity's positions is refused, not trusted.
		assert_eq!(release(10, 12, 2), Err(WalletGuardError::PositionsWitnessTooLow));
		assert_eq!(release(10, 12, 3), Ok(3));
		assert_eq!(release(77, 77, 0), Ok(0));
		assert_ok!(transfer(third, 11, 10, 5));
		assert_eq!(release(10, 11, 3), Ok(3));
	});
}

/// Any freezer may freeze any wallet, even one that holds nothing of its token: such a freeze
/// does not keep the wallet in its identity. The wallet leaves, its freezes go.
#[test]
fn a_freeze_does_not_pin_a_wallet_that_holds_nothing() {
	run_test(|| {
		let token = active_token(&[(10, 100)]);
		let other = held_by(b"OTH", 10);
		assert_ok!(Token::freeze_account(RuntimeOrigin::signed(ISSUER), token, 11));
		assert_ok!(Token::freeze_account(RuntimeOrigin::signed(ISSUER), other, 11));
		System::reset_events();
		assert_eq!(release(10, 11, 2), Ok(2));
		assert!(Positions::<Test>::iter_prefix_values(10).all(|position| !position.is_frozen(&11)));
		let mut events: Vec<_> = System::events().into_iter().map(|record| record.event).collect();
		events.sort_by_key(|event| matches!(event, RuntimeEvent::Token(Event::AccountUnfrozen { token: t, .. }) if *t == other));
		assert_eq!(
			events,
			vec![
				RuntimeEvent::Token(Event::AccountUnfrozen { token, account: 11 }),
				RuntimeEvent::Token(Event::AccountUnfrozen { token: other, account: 11 }),
			]
		);
		// A frozen wallet that holds tokens stays.
		assert_ok!(Token::freeze_account(RuntimeOrigin::signed(ISSUER), token, 10));
		assert_eq!(release(10, 10, 2), Err(WalletGuardError::WalletInUse));
		assert!(Positions::<Test>::get(10, token).unwrap().is_frozen(&10));
	});
}

/// A governed recovery moves every holding of the lost wallet (10) to the new one (11), whole,
/// through the one movement path (kind `Recovery`): lock-ups and partial freezes go with the
/// balance, the account freeze carries over, aggregates and holder counts stay. It works on a
/// paused, halted, non-controllable token and with an expired KYC claim (no owner changes).
#[test]
fn recovery_moves_whole_holdings_with_their_restrictions() {
	run_test(|| {
		let token = active_token(&[(10, 100), (11, 20), (1, 30)]);
		assert_ok!(Token::add_partition(RuntimeOrigin::signed(ISSUER), token, bounded(b"pref"), rights(false)));
		assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 1, 10, 50, None));
		assert_ok!(Token::add_lockup(RuntimeOrigin::signed(ISSUER), token, 0, 10, 40, 9_000_000));
		assert_ok!(Token::add_lockup(RuntimeOrigin::signed(ISSUER), token, 0, 11, 5, 8_000_000));
		assert_ok!(Token::freeze_partial(RuntimeOrigin::signed(ISSUER), token, 0, 10, 10));
		assert_ok!(Token::freeze_account(RuntimeOrigin::signed(ISSUER), token, 10));
		assert_ok!(Token::renounce_control(RuntimeOrigin::signed(ISSUER), token));
		assert_ok!(Token::set_status(RuntimeOrigin::signed(ISSUER), token, TokenStatus::Halted));
		assert_ok!(Token::set_paused(RuntimeOrigin::signed(ISSUER), token, true));
		Kyc::mutate(|kyc| kyc.insert(10, Some(1_000_000)));
		let (moved_before, holders_before) = (MovedCount::get(), details(token).holder_count);
		let events_before = System::events().len();

		assert_eq!(recover(10, 10, 11, 1), Ok(1));

		assert_eq!((balance(token, 0, 10), balance(token, 1, 10)), (0, 0));
		assert_eq!((balance(token, 0, 11), balance(token, 1, 11)), (120, 50));
		let holding = Token::holdings_of(token, &11).into_iter().find(|h| h.partition == 0).unwrap();
		assert_eq!(holding.frozen, 10);
		assert_eq!(holding.lockups, vec![(5, 8_000_000), (40, 9_000_000)]);
		assert_eq!(holding.spendable, 65);
		let position = Positions::<Test>::get(10, token).unwrap();
		assert!(!position.is_frozen(&10) && position.is_frozen(&11));
		assert!(position.holdings.iter().all(|holding| holding.account != 10));
		assert_eq!(Token::identity_balance(token, 10), 170);
		assert_eq!(details(token).holder_count, holders_before);
		assert_eq!(MovedCount::get(), moved_before + 2, "the compliance hook saw both movements");
		let moved = |partition, amount| {
			RuntimeEvent::Token(Event::Moved {
				token,
				partition,
				to_partition: partition,
				from: Some(10),
				to: Some(11),
				amount,
				kind: MovementKind::Recovery,
				operator: None,
				reference: None,
			})
		};
		let events: Vec<_> = System::events().into_iter().skip(events_before).map(|record| record.event).collect();
		assert_eq!(
			events,
			vec![
				moved(0, 100),
				RuntimeEvent::Token(Event::PartialFreezeSet { token, partition: 0, account: 10, frozen: 0 }),
				RuntimeEvent::Token(Event::PartialFreezeSet { token, partition: 0, account: 11, frozen: 10 }),
				moved(1, 50),
				RuntimeEvent::Token(Event::AccountUnfrozen { token, account: 10 }),
				RuntimeEvent::Token(Event::AccountFrozen { token, account: 11 }),
			]
		);
		assert_eq!(cap_table_from_events(token), Ok(()));
		// The lost wallet now holds nothing and is frozen nowhere: it may leave.
		assert_eq!(release(10, 10, 1), Ok(1));
	});
}

#[test]
fn recovery_merges_lockups_beyond_the_bound_never_releasing_earlier() {
	run_test(|| {
		let token = active_token(&[(10, 100), (11, 100)]);
		for (wallet, release) in [(10, 2_000_000), (10, 4_000_000), (11, 3_000_000), (11, 5_000_000)] {
			assert_ok!(Token::add_lockup(RuntimeOrigin::signed(ISSUER), token, 0, wallet, 10, release));
		}
		assert_eq!(recover(10, 10, 11, 1), Ok(1));
		// Four lock-ups, room for two: the soonest merge into the next (released later).
		let holding = Token::holdings_of(token, &11)[0].clone();
		assert_eq!(holding.lockups, vec![(30, 4_000_000), (10, 5_000_000)]);
		assert_eq!((holding.balance, holding.spendable), (200, 160));
	});
}

#[test]
fn recovery_carries_an_account_freeze_of_a_wallet_that_holds_nothing() {
	run_test(|| {
		let token = active_token(&[(11, 10)]);
		assert_ok!(Token::freeze_account(RuntimeOrigin::signed(ISSUER), token, 10));
		assert_ok!(Token::freeze_account(RuntimeOrigin::signed(ISSUER), token, 11));
		assert_eq!(recover(10, 10, 11, 1), Ok(1));
		assert_eq!(Positions::<Test>::get(10, token).unwrap().frozen_accounts.to_vec(), vec![11]);
		// A closed token's holdings follow the identity too.
		assert_ok!(Token::set_status(RuntimeOrigin::signed(ISSUER), token, TokenStatus::Closed));
		assert_eq!(recover(10, 11, 10, 1), Ok(1));
		assert_eq!((balance(token, 0, 10), balance(token, 0, 11)), (10, 0));
		assert_eq!(Positions::<Test>::get(10, token).unwrap().frozen_accounts.to_vec(), vec![10]);
	});
}

#[test]
fn recovery_refusals() {
	run_test(|| {
		held_by(b"FST", 10);
		let second = held_by(b"SEC", 10);
		assert_eq!(recover(10, 10, 11, 1), Err(WalletGuardError::PositionsWitnessTooLow));
		// Never to another identity.
		assert_eq!(recover(10, 10, 1, 2), Err(WalletGuardError::Movement(TransferFailure::ReceiverNoIdentity)));
		// A recovery moves whole holdings only.
		assert_noop!(
			Token::try_move(MoveRequest::recovery(second, 0, 10, 11, 4), None, None),
			TransferFailure::InsufficientBalance
		);
		assert_eq!(recover(77, 77, 78, 0), Ok(0));
	});
}

#[test]
fn compliance_managers_are_the_token_authority() {
	use sto_primitives::token::TokenAuthority;
	run_test(|| {
		let token = create(b"GAR");
		assert!(<Token as TokenAuthority<u64>>::can_manage_compliance(token, &ISSUER));
		assert!(!<Token as TokenAuthority<u64>>::can_manage_compliance(token, &AGENT));
		grant(token, AGENT, Roles::COMPLIANCE_MANAGER);
		assert!(<Token as TokenAuthority<u64>>::can_manage_compliance(token, &AGENT));
		assert!(<Token as TokenAuthority<u64>>::token_exists(token));
		assert!(!<Token as TokenAuthority<u64>>::token_exists(token + 1));
	});
}

/// The cap-table guarantee: replaying the `Moved` events from genesis rebuilds every balance
/// by partition, and every partition's supply, exactly.
#[test]
fn events_alone_rebuild_the_cap_table() {
	run_test(|| {
		let token = active_token(&[(1, 500), (10, 300)]);
		assert_ok!(Token::add_partition(RuntimeOrigin::signed(ISSUER), token, bounded(b"pref"), rights(true)));
		assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 1, 2, 200, None));
		assert_ok!(transfer(token, 1, 3, 120));
		assert_ok!(transfer(token, 10, 11, 50));
		assert_ok!(Token::reclassify(RuntimeOrigin::signed(ISSUER), token, 1, 0, 2, 80));
		assert_ok!(Token::controller_transfer(RuntimeOrigin::signed(ISSUER), token, 0, 3, 4, 20, H256::zero()));
		assert_ok!(Token::redeem(RuntimeOrigin::signed(11), token, 0, 50));
		assert_ok!(Token::approve(RuntimeOrigin::signed(2), token, 1, 5, 100));
		assert_ok!(Token::transfer_from(RuntimeOrigin::signed(5), token, 1, 2, 6, 70));

		assert_eq!(cap_table_from_events(token), Ok(()));
	});
}

#[test]
fn try_state_detects_a_supply_mismatch() {
	new_test_ext().execute_with(|| {
		let token = active_token(&[(1, 100)]);
		Tokens::<Test>::mutate(token, |t| t.as_mut().unwrap().total_supply = 99);
		assert!(Token::do_try_state().is_err());
	});
}

#[test]
fn try_state_detects_positions_that_do_not_add_up() {
	new_test_ext().execute_with(|| {
		let token = active_token(&[(1, 100), (10, 40)]);
		assert_eq!(Token::do_try_state(), Ok(()));
		// A position of a token that does not exist.
		let position = Positions::<Test>::get(1, token).unwrap();
		Positions::<Test>::insert(1, token + 7, position);
		assert_eq!(Token::do_try_state(), Err("position in an unknown token".into()));
		Positions::<Test>::remove(1, token + 7);
		// A holding of a wallet of another identity (wallet 1 recorded under identity 10).
		Positions::<Test>::mutate(10, token, |position| {
			position.as_mut().unwrap().holdings[0].account = 1;
		});
		assert_eq!(Token::do_try_state(), Err("holding of a wallet outside the identity".into()));
	});
}

#[test]
fn view_functions_answer_like_the_runtime_api() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		assert_eq!(Token::transfer_status(token, 0, 1, 2, 10), (0x51, None));
		assert_eq!(
			Token::transfer_status(token, 0, 1, UNVERIFIED, 10),
			(0x53, Some(TransferFailure::ReceiverNotVerified(ClaimStatus::Missing)))
		);
		assert_eq!(Token::transfer_status(token, 0, 1, 2, 101).0, TransferFailure::InsufficientBalance.status().code());
		assert_eq!(Token::partition_balance(token, 0, 1), 100);
		let identity = IdentityOf::get()[&1];
		assert_eq!(Token::identity_total(token, identity), 100);
		assert_eq!(Token::token_details(token).map(|t| t.total_supply), Some(100));
		assert_eq!(Token::token_details(99), None);
	});
}

#[test]
fn settlement_legs_take_the_one_movement_path() {
	use sto_primitives::settlement::TokenSettlement;
	run_test(|| {
		let token = active_token(&[(1, 100), (10, 30)]);
		let reference = H256::repeat_byte(7);
		assert_eq!(<Token as TokenSettlement<u64, TokenBalance>>::settle_leg(token, 0, &1, &2, 40, &AGENT, reference), Ok(()));
		assert_eq!(
			last_event(),
			RuntimeEvent::Token(Event::Moved {
				token,
				partition: 0,
				to_partition: 0,
				from: Some(1),
				to: Some(2),
				amount: 40,
				kind: MovementKind::Settlement,
				operator: Some(AGENT),
				reference: Some(reference),
			})
		);
		assert_eq!((balance(token, 0, 1), balance(token, 0, 2)), (60, 40));
		assert_eq!(details(token).holder_count, 3);
		// Identity aggregates over both wallets of identity 10.
		assert_eq!(<Token as TokenSettlement<u64, TokenBalance>>::settle_leg(token, 0, &10, &11, 5, &AGENT, reference), Ok(()));
		assert_eq!(<Token as TokenSettlement<u64, TokenBalance>>::identity_holding(token, 10), 30);

		// Refusals name the check and write nothing: verification, the compliance hook, pause.
		let settle = |to: u64| <Token as TokenSettlement<u64, TokenBalance>>::settle_leg(token, 0, &1, &to, 1, &AGENT, reference);
		assert_noop!(settle(UNVERIFIED), TransferFailure::ReceiverNotVerified(ClaimStatus::Missing));
		RefuseWithRule::set(Some(3));
		assert_noop!(settle(2), TransferFailure::Compliance(3, RuleFailure::MaxBalance));
		RefuseWithRule::set(None);
		assert_ok!(Token::set_paused(RuntimeOrigin::signed(ISSUER), token, true));
		assert_noop!(settle(2), TransferFailure::Paused);
		assert_eq!(<Token as TokenSettlement<u64, TokenBalance>>::leg_weight(token), polkadot_sdk::frame_support::weights::Weight::from_parts(1_000, 0));
		assert_eq!(<Token as TokenSettlement<u64, TokenBalance>>::max_leg_weight(), polkadot_sdk::frame_support::weights::Weight::from_parts(5_000, 0));
		assert_eq!(cap_table_from_events(token), Ok(()));
	});
}

// --- genesis ------------------------------------------------------------------------------------

/// The mock's identities (set by `new_test_ext` for this thread), ISSUER funded, and a token
/// genesis of `tokens`, built as a chain spec is.
fn genesis_ext(tokens: Vec<GenesisToken<u64>>) -> polkadot_sdk::sp_io::TestExternalities {
	use polkadot_sdk::sp_runtime::BuildStorage;
	drop(new_test_ext());
	let mut storage = polkadot_sdk::frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	polkadot_sdk::pallet_balances::GenesisConfig::<Test> { balances: vec![(ISSUER, 10_000)], ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	crate::GenesisConfig::<Test> { tokens }.assimilate_storage(&mut storage).unwrap();
	let mut ext = polkadot_sdk::sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// An active token "GEN" of ISSUER with partitions "common" (transferable) and "locked" (not),
/// a supply cap of 1,000 and `holdings`.
fn genesis_token(holdings: Vec<(u64, PartitionId, TokenBalance)>) -> GenesisToken<u64> {
	GenesisToken {
		owner: ISSUER,
		symbol: b"GEN".to_vec(),
		name: b"Genesis Garage".to_vec(),
		decimals: 0,
		granularity: 1,
		instrument: InstrumentType::RealEstate,
		supply_cap: Some(1_000),
		controllable: true,
		partitions: vec![(b"common".to_vec(), rights(true)), (b"locked".to_vec(), rights(false))],
		status: TokenStatus::Active,
		holdings,
	}
}

#[test]
fn genesis_creates_a_token_and_issues_through_the_movement_path() {
	// Accounts 10 and 11 are two wallets of identity 10.
	let holdings = vec![(1, 0, 100), (10, 0, 50), (11, 1, 25), (2, 0, 10)];
	genesis_ext(vec![genesis_token(holdings)]).execute_with(|| {
		let token = details(0);
		assert_eq!((token.owner, token.status, token.total_supply, token.holder_count), (ISSUER, TokenStatus::Active, 185, 3));
		assert_eq!(token.partitions.iter().map(|p| p.supply).collect::<Vec<_>>(), vec![160, 25]);
		assert!(!token.partitions[1].rights.transferable);
		assert_eq!(Symbols::<Test>::get(BoundedVec::<u8, _>::try_from(b"GEN".to_vec()).unwrap()), Some(0));
		assert_eq!(NextTokenId::<Test>::get(), 1);
		assert_eq!((balance(0, 0, 10), balance(0, 1, 11)), (50, 25));
		assert_eq!(Token::identity_balance(0, 10), 75);
		assert!(in_use(11));
		// As `create_token` would: the deposit is held from the owner.
		assert_eq!(Balances::total_balance_on_hold(&ISSUER), TOKEN_DEPOSIT);
		// Every issuance went through the hook.
		assert_eq!(MovedCount::get(), 4);
		Token::do_try_state().expect("token invariants hold after genesis");
		// The holders trade from the first block.
		assert_ok!(transfer(0, 1, 2, 30));
		assert_eq!((balance(0, 0, 1), balance(0, 0, 2)), (70, 40));
		Token::do_try_state().expect("token invariants hold");
	});
}

#[test]
#[should_panic(expected = "security-token genesis: token GEN: issue 5 of partition 0 to 7: ReceiverNotVerified(Missing)")]
fn genesis_refuses_a_holding_of_an_unverified_account() {
	genesis_ext(vec![genesis_token(vec![(1, 0, 100), (UNVERIFIED, 0, 5)])]);
}

#[test]
#[should_panic(expected = "security-token genesis: token GEN: issue 901 of partition 0 to 2: SupplyCapExceeded")]
fn genesis_refuses_holdings_above_the_supply_cap() {
	genesis_ext(vec![genesis_token(vec![(1, 0, 100), (2, 0, 901)])]);
}

#[test]
#[should_panic(expected = "security-token genesis: token GEN: a Draft token cannot have holdings")]
fn genesis_refuses_a_draft_token_with_holdings() {
	let mut token = genesis_token(vec![(1, 0, 100)]);
	token.status = TokenStatus::Draft;
	genesis_ext(vec![token]);
}

#[test]
#[should_panic(expected = "security-token genesis: token GEN: create_token by 100")]
fn genesis_refuses_a_symbol_taken_by_an_earlier_genesis_token() {
	genesis_ext(vec![genesis_token(Vec::new()), genesis_token(Vec::new())]);
}

#[test]
fn a_reservation_for_offerings_counts_against_the_cap_until_issued_from() {
	use sto_primitives::offering::TokenIssuance;
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		assert_ok!(Token::set_supply_cap(RuntimeOrigin::signed(ISSUER), token, Some(1_000)));
		assert!(<Token as TokenIssuance<u64>>::can_sell(token, &ISSUER));
		assert!(!<Token as TokenIssuance<u64>>::can_sell(token, &1));
		// Beyond the cap, an unknown partition, nothing reserved.
		assert_eq!(Token::reserve(token, 0, 901), Err(TransferFailure::SupplyCapExceeded));
		assert_eq!(Token::reserve(token, 9, 1), Err(TransferFailure::UnknownPartition));
		assert_eq!(IssuanceReserved::<Test>::get(token), 0);
		assert_ok!(Token::reserve(token, 0, 600));
		assert_eq!(Token::reserved(token), 600);
		// Manual issuance sees only the rest of the cap; the cap cannot drop below the promise.
		assert_noop!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, 2, 301, None), Error::<Test>::SupplyCapExceeded);
		assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, 2, 300, None));
		assert_noop!(Token::set_supply_cap(RuntimeOrigin::signed(ISSUER), token, Some(999)), Error::<Test>::CapBelowReserved);
		// Nor can issuance be finished or the token closed while units are promised.
		assert_noop!(Token::finish_issuance(RuntimeOrigin::signed(ISSUER), token), Error::<Test>::IssuanceReserved);
		assert_noop!(
			Token::set_status(RuntimeOrigin::signed(ISSUER), token, TokenStatus::Closed),
			Error::<Test>::IssuanceReserved
		);
		// Issuance from the reservation: through the movement path, the cap still holds.
		assert_eq!(Token::can_issue_reserved(token, 0, &3, 601, None), Err(TransferFailure::SupplyCapExceeded));
		assert_eq!(Token::can_issue_reserved(token, 0, &UNVERIFIED, 10, None).map_err(|f| f.status()), Err(TransferStatus::InvalidReceiver));
		assert_ok!(Token::issue_reserved(token, 0, &3, 400, Some(5_000_000), &ISSUER, H256::repeat_byte(7)));
		assert_eq!(Token::reserved(token), 200);
		assert_eq!(Token::partition_balance(token, 0, 3), 400);
		System::assert_has_event(
			Event::Moved {
				token,
				partition: 0,
				to_partition: 0,
				from: None,
				to: Some(3),
				amount: 400,
				kind: MovementKind::Issue,
				operator: Some(ISSUER),
				reference: Some(H256::repeat_byte(7)),
			}
			.into(),
		);
		// The lock-up: a second issuance with the same release merges into it.
		assert_ok!(Token::issue_reserved(token, 0, &3, 90, Some(5_000_000), &ISSUER, H256::zero()));
		assert_ok!(Token::issue_reserved(token, 0, &3, 10, None, &ISSUER, H256::zero()));
		let locks = |account| {
			let identity = <Test as Config>::Identity::identity_of(&account).unwrap();
			let position = Positions::<Test>::get(identity, token).unwrap();
			position.holdings[position.find(&account, 0).unwrap()].locks.clone().into_inner()
		};
		assert_eq!(locks(3), vec![Lockup { amount: 490, release: 5_000_000 }]);
		assert_noop!(transfer(token, 3, 1, 11), Error::<Test>::InsufficientSpendable);
		// A holding with its most lock-ups takes no new release; a past release adds none.
		assert_ok!(Token::add_lockup(RuntimeOrigin::signed(ISSUER), token, 0, 3, 1, 6_000_000));
		assert_eq!(Token::can_issue_reserved(token, 0, &3, 10, Some(7_000_000)), Err(TransferFailure::TooManyLockups));
		assert_ok!(Token::can_issue_reserved(token, 0, &3, 10, Some(6_000_000)));
		assert_ok!(Token::issue_reserved(token, 0, &3, 10, Some(1_000), &ISSUER, H256::zero()));
		assert_eq!(locks(3).len(), 2);
		Token::unreserve(token, 1_000);
		assert_eq!(IssuanceReserved::<Test>::get(token), 0);
		assert!(!IssuanceReserved::<Test>::contains_key(token));
		assert_eq!(Token::can_issue_reserved(token, 0, &3, 10, None), Err(TransferFailure::SupplyCapExceeded));
		assert_ok!(Token::finish_issuance(RuntimeOrigin::signed(ISSUER), token));
		assert_eq!(Token::reserve(token, 0, 1), Err(TransferFailure::IssuanceFinished));
	});
}

#[test]
fn a_reservation_without_a_cap_still_blocks_finishing_and_is_used_up_exactly() {
	use sto_primitives::offering::TokenIssuance;
	run_test(|| {
		let token = active_token(&[]);
		assert_ok!(Token::set_supply_cap(RuntimeOrigin::signed(ISSUER), token, None));
		assert_ok!(Token::reserve(token, 0, 50));
		assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, 2, 1_000_000, None));
		assert_eq!(Token::issue_reserved(token, 0, &1, 51, None, &ISSUER, H256::zero()), Err(TransferFailure::SupplyCapExceeded));
		assert_ok!(Token::issue_reserved(token, 0, &1, 50, None, &ISSUER, H256::zero()));
		assert!(!IssuanceReserved::<Test>::contains_key(token));
		assert_ok!(Token::finish_issuance(RuntimeOrigin::signed(ISSUER), token));
	});
}
