use crate::{mock::*, *};
use codec::Encode;
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		traits::fungible::{Inspect, InspectHold},
		BoundedVec,
	},
	sp_core::H256,
	sp_runtime::{testing::TestSignature, DispatchError, TokenError},
};

const DE: CountryCode = CountryCode(*b"DE");
const US: CountryCode = CountryCode(*b"US");

fn evidence(n: u8) -> H256 {
	H256::repeat_byte(n)
}

fn held(who: u64) -> u64 {
	Balances::total_balance_on_hold(&who)
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}


fn link(identity: IdentityId, primary: u64, wallet: u64) {
	let consent = consent(ConsentAction::LinkWallet, identity, wallet);
	assert_ok!(Identity::link_wallet(RuntimeOrigin::signed(primary), wallet, consent));
}

fn kyc(subject: IdentityId, expiry: Option<u64>) {
	assert_ok!(Identity::add_claim(
		RuntimeOrigin::signed(KYC_WALLET),
		subject,
		ClaimTopic::Kyc,
		ClaimScope::Global,
		expiry,
		evidence(1)
	));
}

fn topics(list: &[TopicClass]) -> BoundedVec<TopicClass, ConstU32Topics> {
	BoundedVec::try_from(list.to_vec()).unwrap()
}
type ConstU32Topics = <Test as Config>::MaxTopicsPerIssuer;

fn issuers(list: &[IdentityId]) -> BoundedVec<IdentityId, <Test as Config>::MaxIssuersPerTopic> {
	BoundedVec::try_from(list.to_vec()).unwrap()
}

// --- register_identity ----------------------------------------------------------------------

#[test]
fn registrar_registers_an_identity_and_pays_the_deposit() {
	run_test(|| {
		let identity = register(1);
		assert_eq!(identity, 3, "genesis holds identities 1 and 2");
		let record = Identities::<Test>::get(identity).unwrap();
		assert_eq!(record.primary, 1);
		assert_eq!(record.wallet_count, 1);
		assert_eq!(record.depositor, Some(KYC_WALLET));
		assert_eq!(held(KYC_WALLET), IDENTITY_DEPOSIT);
		assert_eq!(Identity::wallets_of(identity), vec![1]);
		assert_eq!(ConsentNonce::<Test>::get(1), 1);
		assert_eq!(
			last_event(),
			RuntimeEvent::Identity(Event::WalletLinked { identity, wallet: 1 })
		);
		assert!(System::events().iter().any(|r| r.event ==
			RuntimeEvent::Identity(Event::IdentityRegistered {
				identity,
				kind: IdentityKind::NaturalPerson,
				primary: 1
			})));
	});
}

#[test]
fn governance_registers_without_a_deposit() {
	run_test(|| {
		assert_ok!(Identity::register_identity(
			RuntimeOrigin::root(),
			1,
			IdentityKind::Company,
			consent(ConsentAction::CreateIdentity, 0, 1)
		));
		let identity = IdentityOf::<Test>::get(1).unwrap();
		assert_eq!(Identities::<Test>::get(identity).unwrap().depositor, None);
		assert_eq!(held(KYC_WALLET), 0);
	});
}

#[test]
fn register_identity_requires_a_registrar() {
	run_test(|| {
		let consent = consent(ConsentAction::CreateIdentity, 0, 1);
		// An account without identity.
		assert_noop!(
			Identity::register_identity(RuntimeOrigin::signed(2), 1, IdentityKind::Fund, consent.clone()),
			Error::<Test>::NotRegistrar
		);
		// An identity that is not a registrar.
		assert_noop!(
			Identity::register_identity(
				RuntimeOrigin::signed(ACCREDITOR_WALLET),
				1,
				IdentityKind::Fund,
				consent.clone()
			),
			Error::<Test>::NotRegistrar
		);
		assert_noop!(
			Identity::register_identity(RuntimeOrigin::none(), 1, IdentityKind::Fund, consent),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn register_identity_refuses_an_account_already_linked() {
	run_test(|| {
		register(1);
		assert_noop!(
			Identity::register_identity(
				RuntimeOrigin::signed(KYC_WALLET),
				1,
				IdentityKind::Fund,
				consent(ConsentAction::CreateIdentity, 0, 1)
			),
			Error::<Test>::AlreadyLinked
		);
	});
}

#[test]
fn register_identity_requires_the_primary_wallets_consent() {
	run_test(|| {
		// Signed by someone else.
		let forged = TestSignature(2, Identity::consent_payload(ConsentAction::CreateIdentity, 0, 1).encode());
		assert_noop!(
			Identity::register_identity(RuntimeOrigin::signed(KYC_WALLET), 1, IdentityKind::Fund, forged),
			Error::<Test>::BadConsent
		);
		// Consent to a different action.
		let wrong_action = consent(ConsentAction::LinkWallet, 0, 1);
		assert_noop!(
			Identity::register_identity(RuntimeOrigin::signed(KYC_WALLET), 1, IdentityKind::Fund, wrong_action),
			Error::<Test>::BadConsent
		);
	});
}

#[test]
fn a_consent_cannot_be_replayed() {
	run_test(|| {
		let identity = register(1);
		let used = consent(ConsentAction::LinkWallet, identity, 2);
		assert_ok!(Identity::link_wallet(RuntimeOrigin::signed(1), 2, used.clone()));
		assert_ok!(Identity::unlink_wallet(RuntimeOrigin::signed(2), 2, 4));
		// The wallet left; its old consent does not bring it back.
		assert_noop!(
			Identity::link_wallet(RuntimeOrigin::signed(1), 2, used),
			Error::<Test>::BadConsent
		);
	});
}

#[test]
fn register_identity_fails_when_the_registrar_cannot_pay() {
	run_test(|| {
		let _ = Balances::force_set_balance(RuntimeOrigin::root(), KYC_WALLET, IDENTITY_DEPOSIT - 1);
		assert_noop!(
			Identity::register_identity(
				RuntimeOrigin::signed(KYC_WALLET),
				1,
				IdentityKind::Fund,
				consent(ConsentAction::CreateIdentity, 0, 1)
			),
			TokenError::FundsUnavailable
		);
	});
}

// --- wallets -------------------------------------------------------------------------------

#[test]
fn primary_links_a_consenting_wallet() {
	run_test(|| {
		let identity = register(1);
		link(identity, 1, 2);
		assert_eq!(IdentityOf::<Test>::get(2), Some(identity));
		assert_eq!(Identities::<Test>::get(identity).unwrap().wallet_count, 2);
		assert_eq!(held(1), WALLET_DEPOSIT);
		assert_eq!(last_event(), RuntimeEvent::Identity(Event::WalletLinked { identity, wallet: 2 }));
	});
}

#[test]
fn link_wallet_failures() {
	run_test(|| {
		let identity = register(1);
		link(identity, 1, 2);
		let other = register(3);
		// Not the primary.
		assert_noop!(
			Identity::link_wallet(RuntimeOrigin::signed(2), 4, consent(ConsentAction::LinkWallet, identity, 4)),
			Error::<Test>::NotPrimary
		);
		// No identity at all.
		assert_noop!(
			Identity::link_wallet(RuntimeOrigin::signed(5), 4, consent(ConsentAction::LinkWallet, identity, 4)),
			Error::<Test>::NoIdentity
		);
		// The wallet belongs to another identity.
		assert_noop!(
			Identity::link_wallet(RuntimeOrigin::signed(1), 3, consent(ConsentAction::LinkWallet, identity, 3)),
			Error::<Test>::AlreadyLinked
		);
		// Consent given to another identity.
		assert_noop!(
			Identity::link_wallet(RuntimeOrigin::signed(1), 4, consent(ConsentAction::LinkWallet, other, 4)),
			Error::<Test>::BadConsent
		);
		// Without the wallet's own signature.
		let by_primary = TestSignature(1, Identity::consent_payload(ConsentAction::LinkWallet, identity, 4).encode());
		assert_noop!(
			Identity::link_wallet(RuntimeOrigin::signed(1), 4, by_primary),
			Error::<Test>::BadConsent
		);
	});
}

#[test]
fn link_wallet_is_bounded() {
	run_test(|| {
		let identity = register(1);
		for wallet in 2..=MAX_WALLETS as u64 {
			link(identity, 1, wallet);
		}
		let next = MAX_WALLETS as u64 + 1;
		assert_noop!(
			Identity::link_wallet(RuntimeOrigin::signed(1), next, consent(ConsentAction::LinkWallet, identity, next)),
			Error::<Test>::TooManyWallets
		);
	});
}

#[test]
fn unlink_by_primary_or_by_the_wallet_releases_the_deposit() {
	run_test(|| {
		let identity = register(1);
		link(identity, 1, 2);
		link(identity, 1, 3);
		assert_eq!(held(1), 2 * WALLET_DEPOSIT);
		assert_ok!(Identity::unlink_wallet(RuntimeOrigin::signed(1), 2, 4));
		assert_eq!(last_event(), RuntimeEvent::Identity(Event::WalletUnlinked { identity, wallet: 2 }));
		assert_ok!(Identity::unlink_wallet(RuntimeOrigin::signed(3), 3, 4));
		assert_eq!(held(1), 0);
		assert_eq!(IdentityOf::<Test>::get(2), None);
		assert_eq!(Identity::wallets_of(identity), vec![1]);
	});
}

#[test]
fn unlink_wallet_failures() {
	run_test(|| {
		let identity = register(1);
		link(identity, 1, 2);
		assert_noop!(Identity::unlink_wallet(RuntimeOrigin::signed(4), 2, 4), Error::<Test>::NotPrimary);
		assert_noop!(Identity::unlink_wallet(RuntimeOrigin::signed(1), 1, 4), Error::<Test>::CannotUnlinkPrimary);
		assert_noop!(Identity::unlink_wallet(RuntimeOrigin::signed(1), 5, 4), Error::<Test>::NotLinked);
	});
}

#[test]
fn the_positions_witness_bounds_the_guard_and_the_weight() {
	use polkadot_sdk::frame_support::dispatch::{GetDispatchInfo, Pays, PostDispatchInfo};
	run_test(|| {
		let identity = register(1);
		link(identity, 1, 2);
		link(identity, 1, 3);
		PositionsHeld::set(3);
		// Below the identity's positions: refused, nothing changes.
		assert_noop!(Identity::unlink_wallet(RuntimeOrigin::signed(1), 2, 2), Error::<Test>::PositionsWitnessTooLow);
		assert_noop!(
			Identity::recover_identity(RuntimeOrigin::root(), identity, 5, consent(ConsentAction::Recover, identity, 5), 2),
			Error::<Test>::PositionsWitnessTooLow
		);
		// Charged for the witness, refunded to the positions read.
		let call = crate::Call::<Test>::unlink_wallet { wallet: 2, positions: 10 };
		let declared = call.get_dispatch_info().call_weight;
		let guard = |positions: u32| <Test as Config>::WalletGuard::release_wallet_weight(positions);
		assert_eq!(declared, <Test as Config>::WeightInfo::unlink_wallet() + guard(10));
		let post = Identity::unlink_wallet(RuntimeOrigin::signed(1), 2, 10).unwrap();
		assert_eq!(
			post,
			PostDispatchInfo { actual_weight: Some(<Test as Config>::WeightInfo::unlink_wallet() + guard(3)), pays_fee: Pays::Yes }
		);
		assert_eq!(IdentityOf::<Test>::get(2), None);
		// Exactly the identity's positions is enough.
		assert_ok!(Identity::unlink_wallet(RuntimeOrigin::signed(1), 3, 3));
	});
}

#[test]
fn a_wallet_holding_tokens_cannot_be_unlinked() {
	run_test(|| {
		let identity = register(1);
		link(identity, 1, 2);
		WalletsInUse::set(vec![2]);
		assert_noop!(Identity::unlink_wallet(RuntimeOrigin::signed(1), 2, 4), Error::<Test>::WalletInUse);
		WalletsInUse::set(vec![]);
		assert_ok!(Identity::unlink_wallet(RuntimeOrigin::signed(1), 2, 4));
	});
}

/// The lost wallet's holdings move to the new primary (the guard), then it is unlinked in the
/// same call, whatever it held: it keeps no authority of the identity.
#[test]
fn recovery_moves_the_lost_wallets_holdings_and_unlinks_it() {
	use polkadot_sdk::frame_support::dispatch::{GetDispatchInfo, Pays, PostDispatchInfo};
	run_test(|| {
		let identity = register(1);
		WalletsInUse::set(vec![1]);
		PositionsHeld::set(2);
		let signature = consent(ConsentAction::Recover, identity, 5);
		let call = crate::Call::<Test>::recover_identity { identity, new_primary: 5, consent: signature.clone(), positions: 4 };
		let guard = |positions: u32| <Test as Config>::WalletGuard::move_wallet_weight(positions);
		assert_eq!(call.get_dispatch_info().call_weight, <Test as Config>::WeightInfo::recover_identity() + guard(4));
		let post = Identity::recover_identity(RuntimeOrigin::root(), identity, 5, signature, 4).unwrap();
		assert_eq!(
			post,
			PostDispatchInfo { actual_weight: Some(<Test as Config>::WeightInfo::recover_identity() + guard(2)), pays_fee: Pays::Yes }
		);
		assert_eq!(Recoveries::get(), vec![(identity, 1, 5)]);
		assert_eq!(WalletsInUse::get(), vec![5]);
		let record = Identities::<Test>::get(identity).unwrap();
		assert_eq!((record.primary, record.wallet_count), (5, 1));
		assert_eq!(IdentityOf::<Test>::get(1), None);
		assert_eq!(Identity::wallets_of(identity), vec![5]);
		let events: Vec<_> = System::events().into_iter().rev().take(3).rev().map(|record| record.event).collect();
		assert_eq!(
			events,
			vec![
				RuntimeEvent::Identity(Event::WalletLinked { identity, wallet: 5 }),
				RuntimeEvent::Identity(Event::WalletUnlinked { identity, wallet: 1 }),
				RuntimeEvent::Identity(Event::IdentityRecovered { identity, lost: 1, new: 5 }),
			]
		);
		// The lost key is no one: it manages nothing.
		assert_noop!(
			Identity::link_wallet(RuntimeOrigin::signed(1), 6, consent(ConsentAction::LinkWallet, identity, 6)),
			Error::<Test>::NoIdentity
		);
	});
}

#[test]
fn a_refused_recovery_movement_changes_nothing() {
	run_test(|| {
		let identity = register(1);
		WalletsInUse::set(vec![1]);
		RefuseMove::set(true);
		assert_noop!(
			Identity::recover_identity(RuntimeOrigin::root(), identity, 5, consent(ConsentAction::Recover, identity, 5), 4),
			Error::<Test>::HoldingsNotMoved
		);
	});
}

/// A lost primary that was linked as a further wallet before it became primary paid (through
/// the primary of the time) a link deposit: the recovery releases it to whoever paid it.
#[test]
fn recovery_releases_the_lost_wallets_link_deposit() {
	run_test(|| {
		let identity = register(1);
		link(identity, 1, 2);
		assert_ok!(Identity::set_primary_wallet(RuntimeOrigin::signed(1), 2));
		assert_eq!(held(1), WALLET_DEPOSIT);
		assert_ok!(Identity::recover_identity(
			RuntimeOrigin::root(),
			identity,
			5,
			consent(ConsentAction::Recover, identity, 5),
			4
		));
		assert_eq!(held(1), 0);
		assert_eq!(IdentityOf::<Test>::get(2), None);
		let record = Identities::<Test>::get(identity).unwrap();
		assert_eq!((record.primary, record.wallet_count), (5, 2));
	});
}

#[test]
fn primary_hands_over_to_a_linked_wallet() {
	run_test(|| {
		let identity = register(1);
		link(identity, 1, 2);
		assert_ok!(Identity::set_primary_wallet(RuntimeOrigin::signed(1), 2));
		assert_eq!(Identities::<Test>::get(identity).unwrap().primary, 2);
		assert_eq!(
			last_event(),
			RuntimeEvent::Identity(Event::PrimaryWalletChanged { identity, old: 1, new: 2 })
		);
		// The old primary is an ordinary wallet now and can be unlinked.
		assert_ok!(Identity::unlink_wallet(RuntimeOrigin::signed(2), 1, 4));
	});
}

#[test]
fn set_primary_wallet_failures() {
	run_test(|| {
		let identity = register(1);
		link(identity, 1, 2);
		register(3);
		assert_noop!(Identity::set_primary_wallet(RuntimeOrigin::signed(2), 1), Error::<Test>::NotPrimary);
		assert_noop!(Identity::set_primary_wallet(RuntimeOrigin::signed(1), 3), Error::<Test>::NotLinked);
		assert_noop!(Identity::set_primary_wallet(RuntimeOrigin::signed(1), 4), Error::<Test>::NotLinked);
	});
}

#[test]
fn governance_recovers_a_lost_primary_with_a_new_account() {
	run_test(|| {
		let identity = register(1);
		link(identity, 1, 2);
		assert_ok!(Identity::recover_identity(
			RuntimeOrigin::root(),
			identity,
			5,
			consent(ConsentAction::Recover, identity, 5),
			4
		));
		let record = Identities::<Test>::get(identity).unwrap();
		assert_eq!(record.primary, 5);
		assert_eq!(record.wallet_count, 2);
		assert_eq!(IdentityOf::<Test>::get(1), None);
		assert_eq!(IdentityOf::<Test>::get(5), Some(identity));
		assert_eq!(
			last_event(),
			RuntimeEvent::Identity(Event::IdentityRecovered { identity, lost: 1, new: 5 })
		);
	});
}

#[test]
fn governance_recovers_to_an_already_linked_wallet() {
	run_test(|| {
		let identity = register(1);
		link(identity, 1, 2);
		assert_ok!(Identity::recover_identity(
			RuntimeOrigin::root(),
			identity,
			2,
			consent(ConsentAction::Recover, identity, 2),
			4
		));
		let record = Identities::<Test>::get(identity).unwrap();
		assert_eq!((record.primary, record.wallet_count), (2, 1));
	});
}

#[test]
fn recover_identity_failures() {
	run_test(|| {
		let identity = register(1);
		register(3);
		assert_noop!(
			Identity::recover_identity(RuntimeOrigin::signed(1), identity, 5, consent(ConsentAction::Recover, identity, 5), 4),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Identity::recover_identity(RuntimeOrigin::root(), 77, 5, consent(ConsentAction::Recover, 77, 5), 4),
			Error::<Test>::UnknownIdentity
		);
		assert_noop!(
			Identity::recover_identity(RuntimeOrigin::root(), identity, 3, consent(ConsentAction::Recover, identity, 3), 4),
			Error::<Test>::AlreadyLinked
		);
		assert_noop!(
			Identity::recover_identity(RuntimeOrigin::root(), identity, 1, consent(ConsentAction::Recover, identity, 1), 4),
			Error::<Test>::AlreadyLinked
		);
		assert_noop!(
			Identity::recover_identity(RuntimeOrigin::root(), identity, 5, consent(ConsentAction::LinkWallet, identity, 5), 4),
			Error::<Test>::BadConsent
		);
	});
}

// --- claims --------------------------------------------------------------------------------

#[test]
fn trusted_issuer_adds_a_claim_and_pays_the_deposit() {
	run_test(|| {
		let subject = register(1);
		kyc(subject, Some(2_000_000));
		let claim = Claims::<Test>::get(subject).get(ClaimTopic::Kyc, KYC_PROVIDER).cloned().unwrap();
		assert_eq!(claim.expiry, Some(2_000_000));
		assert_eq!(claim.issued_at, 1_000_000);
		assert_eq!(claim.evidence, evidence(1));
		assert_eq!(Identities::<Test>::get(subject).unwrap().claim_count, 1);
		assert_eq!(held(KYC_WALLET), IDENTITY_DEPOSIT + CLAIM_DEPOSIT);
		assert_eq!(
			last_event(),
			RuntimeEvent::Identity(Event::ClaimAdded {
				subject,
				topic: ClaimTopic::Kyc,
				issuer: KYC_PROVIDER,
				scope: ClaimScope::Global,
				expiry: Some(2_000_000),
				evidence: evidence(1),
			})
		);
	});
}

#[test]
fn add_claim_failures() {
	run_test(|| {
		let subject = register(1);
		let add = |who: u64, subject, topic, scope, expiry| {
			Identity::add_claim(RuntimeOrigin::signed(who), subject, topic, scope, expiry, evidence(2))
		};
		// The accreditor is not trusted for KYC.
		assert_noop!(
			add(ACCREDITOR_WALLET, subject, ClaimTopic::Kyc, ClaimScope::Global, None),
			Error::<Test>::IssuerNotTrusted
		);
		// An identity that is not an issuer at all.
		assert_noop!(
			add(1, subject, ClaimTopic::Kyc, ClaimScope::Global, None),
			Error::<Test>::IssuerNotTrusted
		);
		assert_noop!(add(4, subject, ClaimTopic::Kyc, ClaimScope::Global, None), Error::<Test>::NoIdentity);
		assert_noop!(
			add(KYC_WALLET, 77, ClaimTopic::Kyc, ClaimScope::Global, None),
			Error::<Test>::UnknownIdentity
		);
		assert_noop!(
			add(KYC_WALLET, subject, ClaimTopic::Kyc, ClaimScope::Global, Some(1_000_000)),
			Error::<Test>::ExpiryInPast
		);
		assert_noop!(
			add(KYC_WALLET, subject, ClaimTopic::Jurisdiction(CountryCode(*b"de")), ClaimScope::Global, None),
			Error::<Test>::BadCountryCode
		);
		assert_ok!(add(KYC_WALLET, subject, ClaimTopic::Kyc, ClaimScope::Global, None));
		assert_noop!(
			add(KYC_WALLET, subject, ClaimTopic::Kyc, ClaimScope::Global, None),
			Error::<Test>::ClaimExists
		);
		// One claim per (topic, issuer) per book: a claim for a token is another book's.
		assert_ok!(add(KYC_WALLET, subject, ClaimTopic::Kyc, ClaimScope::Token(TOKEN), None));
		assert_noop!(
			add(KYC_WALLET, subject, ClaimTopic::Kyc, ClaimScope::Token(TOKEN), None),
			Error::<Test>::ClaimExists
		);
	});
}

#[test]
fn claims_per_identity_are_bounded() {
	run_test(|| {
		let subject = register(1);
		assert_ok!(Identity::set_trusted_issuer(
			RuntimeOrigin::root(),
			KYC_PROVIDER,
			topics(&[TopicClass::Kyc, TopicClass::Custom(1), TopicClass::Custom(2), TopicClass::Jurisdiction])
		));
		let topics_to_add = [
			ClaimTopic::Kyc,
			ClaimTopic::Custom(1),
			ClaimTopic::Custom(2),
			ClaimTopic::Jurisdiction(DE),
			ClaimTopic::Jurisdiction(US),
			ClaimTopic::Jurisdiction(CountryCode(*b"FR")),
		];
		assert_eq!(topics_to_add.len() as u32, MAX_CLAIMS);
		for topic in topics_to_add {
			assert_ok!(Identity::add_claim(RuntimeOrigin::signed(KYC_WALLET), subject, topic, ClaimScope::Global, None, evidence(3)));
		}
		assert_noop!(
			Identity::add_claim(
				RuntimeOrigin::signed(KYC_WALLET),
				subject,
				ClaimTopic::Jurisdiction(CountryCode(*b"IT")),
				ClaimScope::Global,
				None,
				evidence(3)
			),
			Error::<Test>::TooManyClaims
		);
	});
}

#[test]
fn a_token_issuer_adds_token_scoped_claims_only() {
	run_test(|| {
		let subject = register(1);
		let token_kyc = register(5);
		assert_ok!(Identity::set_token_issuers(
			RuntimeOrigin::signed(TOKEN_MANAGER),
			TOKEN,
			TopicClass::Kyc,
			issuers(&[token_kyc])
		));
		assert_noop!(
			Identity::add_claim(RuntimeOrigin::signed(5), subject, ClaimTopic::Kyc, ClaimScope::Global, None, evidence(4)),
			Error::<Test>::IssuerNotTrusted
		);
		assert_ok!(Identity::add_claim(
			RuntimeOrigin::signed(5),
			subject,
			ClaimTopic::Kyc,
			ClaimScope::Token(TOKEN),
			None,
			evidence(4)
		));
		assert!(<Identity as IdentityProvider<_, _>>::is_verified(subject, Some(TOKEN), Now::get()));
		assert!(!<Identity as IdentityProvider<_, _>>::is_verified(subject, None, Now::get()));
	});
}

#[test]
fn issuer_updates_its_claim() {
	run_test(|| {
		let subject = register(1);
		kyc(subject, Some(2_000_000));
		Now::set(1_500_000);
		assert_ok!(Identity::update_claim(
			RuntimeOrigin::signed(KYC_WALLET),
			subject,
			ClaimTopic::Kyc,
			ClaimScope::Global,
			Some(3_000_000),
			evidence(9)
		));
		let claim = Claims::<Test>::get(subject).get(ClaimTopic::Kyc, KYC_PROVIDER).cloned().unwrap();
		assert_eq!((claim.expiry, claim.evidence, claim.issued_at), (Some(3_000_000), evidence(9), 1_500_000));
		assert_eq!(
			last_event(),
			RuntimeEvent::Identity(Event::ClaimUpdated {
				subject,
				topic: ClaimTopic::Kyc,
				issuer: KYC_PROVIDER,
				scope: ClaimScope::Global,
				expiry: Some(3_000_000),
				evidence: evidence(9),
			})
		);
	});
}

#[test]
fn update_claim_failures() {
	run_test(|| {
		let subject = register(1);
		let update = |who: u64, topic| {
			Identity::update_claim(RuntimeOrigin::signed(who), subject, topic, ClaimScope::Global, None, evidence(5))
		};
		assert_noop!(update(KYC_WALLET, ClaimTopic::Aml), Error::<Test>::ClaimNotFound);
		kyc(subject, None);
		assert_noop!(update(ACCREDITOR_WALLET, ClaimTopic::Kyc), Error::<Test>::IssuerNotTrusted);
		assert_noop!(
			Identity::update_claim(RuntimeOrigin::signed(KYC_WALLET), 77, ClaimTopic::Kyc, ClaimScope::Global, None, evidence(5)),
			Error::<Test>::UnknownIdentity
		);
		assert_noop!(
			Identity::update_claim(RuntimeOrigin::signed(KYC_WALLET), subject, ClaimTopic::Kyc, ClaimScope::Global, Some(10), evidence(5)),
			Error::<Test>::ExpiryInPast
		);
		// An issuer whose accreditation was withdrawn cannot renew its claims.
		assert_ok!(Identity::remove_trusted_issuer(RuntimeOrigin::root(), KYC_PROVIDER));
		assert_noop!(update(KYC_WALLET, ClaimTopic::Kyc), Error::<Test>::IssuerNotTrusted);
	});
}

#[test]
fn issuer_or_governance_revokes_a_claim_and_the_deposit_returns() {
	run_test(|| {
		let subject = register(1);
		kyc(subject, None);
		assert_ok!(Identity::add_claim(RuntimeOrigin::signed(KYC_WALLET), subject, ClaimTopic::Aml, ClaimScope::Global, None, evidence(1)));
		assert_eq!(held(KYC_WALLET), IDENTITY_DEPOSIT + 2 * CLAIM_DEPOSIT);
		assert_ok!(Identity::revoke_claim(RuntimeOrigin::signed(KYC_WALLET), subject, ClaimTopic::Kyc, ClaimScope::Global, KYC_PROVIDER));
		assert_eq!(
			last_event(),
			RuntimeEvent::Identity(Event::ClaimRevoked { subject, topic: ClaimTopic::Kyc, issuer: KYC_PROVIDER, scope: ClaimScope::Global })
		);
		assert_ok!(Identity::revoke_claim(RuntimeOrigin::root(), subject, ClaimTopic::Aml, ClaimScope::Global, KYC_PROVIDER));
		assert_eq!(held(KYC_WALLET), IDENTITY_DEPOSIT);
		assert_eq!(Identities::<Test>::get(subject).unwrap().claim_count, 0);
		assert_eq!(Balances::balance(&KYC_WALLET), 1_000 - IDENTITY_DEPOSIT);
	});
}

#[test]
fn revoke_claim_failures() {
	run_test(|| {
		let subject = register(1);
		kyc(subject, None);
		// Another identity cannot revoke the KYC provider's claim.
		assert_noop!(
			Identity::revoke_claim(RuntimeOrigin::signed(ACCREDITOR_WALLET), subject, ClaimTopic::Kyc, ClaimScope::Global, KYC_PROVIDER),
			Error::<Test>::ClaimNotFound
		);
		assert_noop!(
			Identity::revoke_claim(RuntimeOrigin::signed(4), subject, ClaimTopic::Kyc, ClaimScope::Global, KYC_PROVIDER),
			Error::<Test>::NoIdentity
		);
		assert_noop!(
			Identity::revoke_claim(RuntimeOrigin::signed(KYC_WALLET), subject, ClaimTopic::Aml, ClaimScope::Global, KYC_PROVIDER),
			Error::<Test>::ClaimNotFound
		);
	});
}

// --- trusted issuers, token issuers, registrars --------------------------------------------

#[test]
fn governance_sets_and_replaces_an_issuers_topics() {
	run_test(|| {
		let issuer = register(1);
		assert_ok!(Identity::set_trusted_issuer(RuntimeOrigin::root(), issuer, topics(&[TopicClass::Kyc, TopicClass::Aml])));
		assert_eq!(Identity::issuers_of(TopicClass::Kyc), vec![KYC_PROVIDER, issuer]);
		assert_ok!(Identity::set_trusted_issuer(RuntimeOrigin::root(), issuer, topics(&[TopicClass::Aml])));
		assert_eq!(Identity::issuers_of(TopicClass::Kyc), vec![KYC_PROVIDER]);
		assert_eq!(
			last_event(),
			RuntimeEvent::Identity(Event::TrustedIssuerSet { issuer, topics: topics(&[TopicClass::Aml]) })
		);
	});
}

#[test]
fn set_trusted_issuer_failures() {
	run_test(|| {
		let issuer = register(1);
		assert_noop!(
			Identity::set_trusted_issuer(RuntimeOrigin::signed(1), issuer, topics(&[TopicClass::Kyc])),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Identity::set_trusted_issuer(RuntimeOrigin::root(), 77, topics(&[TopicClass::Kyc])),
			Error::<Test>::UnknownIdentity
		);
		assert_noop!(Identity::set_trusted_issuer(RuntimeOrigin::root(), issuer, topics(&[])), Error::<Test>::BadTopics);
		assert_noop!(
			Identity::set_trusted_issuer(RuntimeOrigin::root(), issuer, topics(&[TopicClass::Aml, TopicClass::Aml])),
			Error::<Test>::BadTopics
		);
		// The KYC topic holds KYC_PROVIDER; fill it to MAX_ISSUERS.
		for primary in [3u64, 4] {
			let id = register(primary);
			assert_ok!(Identity::set_trusted_issuer(RuntimeOrigin::root(), id, topics(&[TopicClass::Kyc])));
		}
		assert_noop!(
			Identity::set_trusted_issuer(RuntimeOrigin::root(), issuer, topics(&[TopicClass::Kyc])),
			Error::<Test>::TooManyIssuers
		);
		// The chain-wide list holds at most MAX_TRUSTED issuers, whatever their topics; one
		// already in the list may still change its topics.
		let mut primary = 200u64;
		while (TrustedIssuers::<Test>::get().len() as u32) < MAX_TRUSTED {
			let id = register(primary);
			assert_ok!(Identity::set_trusted_issuer(RuntimeOrigin::root(), id, topics(&[TopicClass::Custom(primary as u32)])));
			primary += 1;
		}
		assert_noop!(
			Identity::set_trusted_issuer(RuntimeOrigin::root(), issuer, topics(&[TopicClass::Aml])),
			Error::<Test>::TooManyIssuers
		);
		assert_ok!(Identity::set_trusted_issuer(RuntimeOrigin::root(), KYC_PROVIDER, topics(&[TopicClass::Aml])));
		assert_eq!(Identity::trusted_topics(KYC_PROVIDER).map(|t| t.into_inner()), Some(vec![TopicClass::Aml]));
		assert_eq!(TrustedIssuers::<Test>::get().len() as u32, MAX_TRUSTED);
	});
}

#[test]
fn removing_an_issuer_invalidates_its_claims() {
	run_test(|| {
		let subject = register(1);
		kyc(subject, None);
		assert!(<Identity as IdentityProvider<_, _>>::is_verified(subject, None, Now::get()));
		assert_ok!(Identity::remove_trusted_issuer(RuntimeOrigin::root(), KYC_PROVIDER));
		assert_eq!(last_event(), RuntimeEvent::Identity(Event::TrustedIssuerRemoved { issuer: KYC_PROVIDER }));
		assert!(!<Identity as IdentityProvider<_, _>>::is_verified(subject, None, Now::get()));
		assert!(Identity::issuers_of(TopicClass::Kyc).is_empty());
		assert_noop!(
			Identity::remove_trusted_issuer(RuntimeOrigin::root(), KYC_PROVIDER),
			Error::<Test>::NotTrustedIssuer
		);
		assert_noop!(
			Identity::remove_trusted_issuer(RuntimeOrigin::signed(1), ACCREDITOR),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn token_trusted_issuers_are_set_by_the_token_or_governance() {
	run_test(|| {
		let a = register(1);
		assert_ok!(Identity::set_token_issuers(RuntimeOrigin::signed(TOKEN_MANAGER), TOKEN, TopicClass::Kyc, issuers(&[a])));
		assert_eq!(TokenIssuers::<Test>::get(TOKEN, TopicClass::Kyc).into_inner(), vec![a]);
		assert_eq!(
			last_event(),
			RuntimeEvent::Identity(Event::TokenIssuersSet { token: TOKEN, topic: TopicClass::Kyc, issuers: issuers(&[a]) })
		);
		assert_ok!(Identity::set_token_issuers(RuntimeOrigin::root(), TOKEN, TopicClass::Kyc, issuers(&[])));
		assert!(!TokenIssuers::<Test>::contains_key(TOKEN, TopicClass::Kyc));
	});
}

#[test]
fn set_token_issuers_failures() {
	run_test(|| {
		let a = register(1);
		assert_noop!(
			Identity::set_token_issuers(RuntimeOrigin::signed(1), TOKEN, TopicClass::Kyc, issuers(&[a])),
			Error::<Test>::NotTokenAuthority
		);
		assert_noop!(
			Identity::set_token_issuers(RuntimeOrigin::root(), 8, TopicClass::Kyc, issuers(&[a])),
			Error::<Test>::UnknownToken
		);
		assert_noop!(
			Identity::set_token_issuers(RuntimeOrigin::root(), TOKEN, TopicClass::Kyc, issuers(&[a, a])),
			Error::<Test>::BadIssuers
		);
		assert_noop!(
			Identity::set_token_issuers(RuntimeOrigin::root(), TOKEN, TopicClass::Kyc, issuers(&[77])),
			Error::<Test>::BadIssuers
		);
	});
}

#[test]
fn registrars_are_managed_by_governance() {
	run_test(|| {
		let id = register(1);
		assert_ok!(Identity::add_registrar(RuntimeOrigin::root(), id));
		assert_eq!(last_event(), RuntimeEvent::Identity(Event::RegistrarAdded { identity: id }));
		// The new registrar creates an identity and pays for it.
		assert_ok!(Identity::register_identity(
			RuntimeOrigin::signed(1),
			2,
			IdentityKind::Fund,
			consent(ConsentAction::CreateIdentity, 0, 2)
		));
		assert_eq!(held(1), IDENTITY_DEPOSIT);
		assert_noop!(Identity::add_registrar(RuntimeOrigin::root(), id), Error::<Test>::AlreadyRegistrar);
		assert_noop!(Identity::add_registrar(RuntimeOrigin::root(), 77), Error::<Test>::UnknownIdentity);
		assert_noop!(Identity::add_registrar(RuntimeOrigin::signed(1), id), DispatchError::BadOrigin);
		assert_ok!(Identity::remove_registrar(RuntimeOrigin::root(), id));
		assert_eq!(last_event(), RuntimeEvent::Identity(Event::RegistrarRemoved { identity: id }));
		assert_noop!(Identity::remove_registrar(RuntimeOrigin::root(), id), Error::<Test>::NotRegistrar);
		assert_noop!(Identity::remove_registrar(RuntimeOrigin::signed(1), KYC_PROVIDER), DispatchError::BadOrigin);
	});
}

// --- IdentityProvider ----------------------------------------------------------------------

type Provider = Identity;

#[test]
fn claim_status_names_why_a_claim_does_not_count() {
	run_test(|| {
		let subject = register(1);
		let status = |token, issuers, now| {
			<Provider as IdentityProvider<u64, u64>>::claim_status(subject, ClaimTopic::Kyc, token, issuers, now)
		};
		assert_eq!(status(None, Issuers::Trusted, Now::get()), ClaimStatus::Missing);
		assert_eq!(
			<Provider as IdentityProvider<u64, u64>>::claim_status(77, ClaimTopic::Kyc, None, Issuers::Trusted, 0),
			ClaimStatus::NoIdentity
		);
		kyc(subject, Some(2_000_000));
		assert_eq!(status(None, Issuers::Trusted, 1_999_999), ClaimStatus::Valid);
		// Expiry is enforced at every check: at its instant the claim stops counting.
		assert_eq!(status(None, Issuers::Trusted, 2_000_000), ClaimStatus::Expired);
		// Only the named issuers count.
		assert_eq!(status(None, Issuers::Only(&[ACCREDITOR]), Now::get()), ClaimStatus::Missing);
		assert_eq!(status(None, Issuers::Only(&[KYC_PROVIDER]), Now::get()), ClaimStatus::Valid);
		// A token-scoped claim counts for its token only (a claim of another scope is not read:
		// `Missing`).
		assert_ok!(Identity::revoke_claim(RuntimeOrigin::root(), subject, ClaimTopic::Kyc, ClaimScope::Global, KYC_PROVIDER));
		assert_ok!(Identity::add_claim(
			RuntimeOrigin::signed(KYC_WALLET),
			subject,
			ClaimTopic::Kyc,
			ClaimScope::Token(TOKEN),
			Some(2_000_000),
			evidence(1)
		));
		assert_eq!(status(None, Issuers::Trusted, Now::get()), ClaimStatus::Missing);
		assert_eq!(status(Some(TOKEN), Issuers::Trusted, Now::get()), ClaimStatus::Valid);
		assert_eq!(status(Some(TOKEN), Issuers::Trusted, 2_000_000), ClaimStatus::Expired);
		assert_eq!(status(Some(TOKEN + 1), Issuers::Trusted, Now::get()), ClaimStatus::Missing);
		// A scope is kept: updating names the claim by its scope.
		assert_noop!(
			Identity::update_claim(RuntimeOrigin::signed(KYC_WALLET), subject, ClaimTopic::Kyc, ClaimScope::Global, None, evidence(1)),
			Error::<Test>::ClaimNotFound
		);
	});
}

#[test]
fn identity_of_follows_wallet_links() {
	run_test(|| {
		let identity = register(1);
		link(identity, 1, 2);
		assert_eq!(<Provider as IdentityProvider<u64, u64>>::identity_of(&2), Some(identity));
		assert_ok!(Identity::unlink_wallet(RuntimeOrigin::signed(2), 2, 4));
		assert_eq!(<Provider as IdentityProvider<u64, u64>>::identity_of(&2), None);
	});
}

#[test]
fn jurisdiction_is_the_latest_valid_claim() {
	run_test(|| {
		let subject = register(1);
		let jurisdiction = |now| <Provider as IdentityProvider<u64, u64>>::jurisdiction(subject, None, now);
		assert_eq!(jurisdiction(Now::get()), None);
		let add = |country, expiry| {
			assert_ok!(Identity::add_claim(
				RuntimeOrigin::signed(KYC_WALLET),
				subject,
				ClaimTopic::Jurisdiction(country),
				ClaimScope::Global,
				expiry,
				evidence(6)
			));
		};
		add(DE, None);
		assert_eq!(jurisdiction(Now::get()), Some(DE));
		Now::set(1_100_000);
		add(US, Some(1_500_000));
		assert_eq!(jurisdiction(Now::get()), Some(US));
		// The latest claim expired: the other valid one answers.
		assert_eq!(jurisdiction(1_500_000), Some(DE));
		// Renewed later, the latest again.
		Now::set(1_200_000);
		assert_ok!(Identity::update_claim(
			RuntimeOrigin::signed(KYC_WALLET),
			subject,
			ClaimTopic::Jurisdiction(DE),
			ClaimScope::Global,
			None,
			evidence(6)
		));
		assert_eq!(jurisdiction(Now::get()), Some(DE));
		assert_ok!(Identity::revoke_claim(
			RuntimeOrigin::signed(KYC_WALLET),
			subject,
			ClaimTopic::Jurisdiction(US),
			ClaimScope::Global,
			KYC_PROVIDER
		));
		assert_eq!(jurisdiction(1_500_000), Some(DE));
		assert_ok!(Identity::revoke_claim(
			RuntimeOrigin::signed(KYC_WALLET),
			subject,
			ClaimTopic::Jurisdiction(DE),
			ClaimScope::Global,
			KYC_PROVIDER
		));
		assert_eq!(jurisdiction(Now::get()), None);
		assert!(!Claims::<Test>::contains_key(subject), "no claims left: no claim book stored");
	});
}

#[test]
fn investor_type_is_the_highest_valid_category() {
	run_test(|| {
		let subject = register(1);
		let investor_type = |now| <Provider as IdentityProvider<u64, u64>>::investor_type(subject, None, now);
		let add = |topic| {
			assert_ok!(Identity::add_claim(
				RuntimeOrigin::signed(ACCREDITOR_WALLET),
				subject,
				topic,
				ClaimScope::Global,
				None,
				evidence(7)
			));
		};
		add(ClaimTopic::Retail);
		assert_eq!(investor_type(Now::get()), Some(InvestorType::Retail));
		add(ClaimTopic::QualifiedPurchaser);
		add(ClaimTopic::Accredited);
		assert_eq!(investor_type(Now::get()), Some(InvestorType::QualifiedPurchaser));
		assert_ok!(Identity::revoke_claim(RuntimeOrigin::root(), subject, ClaimTopic::QualifiedPurchaser, ClaimScope::Global, ACCREDITOR));
		assert_eq!(investor_type(Now::get()), Some(InvestorType::Accredited));
		// Withdrawn accreditation of the issuer: the category no longer counts.
		assert_ok!(Identity::remove_trusted_issuer(RuntimeOrigin::root(), ACCREDITOR));
		assert_eq!(investor_type(Now::get()), None);
	});
}

#[test]
fn genesis_builds_issuers_and_registrars() {
	run_test(|| {
		assert_eq!(NextIdentityId::<Test>::get(), 3);
		assert_eq!(IdentityOf::<Test>::get(KYC_WALLET), Some(KYC_PROVIDER));
		assert!(Registrars::<Test>::contains_key(KYC_PROVIDER));
		assert_eq!(Identity::issuers_of(TopicClass::Jurisdiction), vec![KYC_PROVIDER]);
		assert_eq!(Identities::<Test>::get(KYC_PROVIDER).unwrap().depositor, None);
	});
}

#[test]
fn try_state_detects_a_wallet_in_two_identities() {
	new_test_ext().execute_with(|| {
		let a = register(1);
		let b = register(2);
		Wallets::<Test>::insert(b, 1, WalletRecord { depositor: None, deposit: 0 });
		let _ = a;
		assert!(Identity::do_try_state().is_err());
	});
}

#[test]
fn try_state_detects_a_claim_in_the_book_of_another_scope() {
	new_test_ext().execute_with(|| {
		let subject = register(1);
		kyc(subject, None);
		Identity::do_try_state().expect("a global claim in the global book");
		let book = Claims::<Test>::take(subject);
		TokenClaims::<Test>::insert(subject, TOKEN, book);
		assert!(Identity::do_try_state().is_err(), "a global claim in a token's book");
	});
}

#[test]
fn try_state_detects_a_wrong_claim_count() {
	new_test_ext().execute_with(|| {
		let subject = register(1);
		let token_kyc = register(5);
		assert_ok!(Identity::set_token_issuers(RuntimeOrigin::root(), TOKEN, TopicClass::Kyc, issuers(&[token_kyc])));
		assert_ok!(Identity::add_claim(RuntimeOrigin::signed(5), subject, ClaimTopic::Kyc, ClaimScope::Token(TOKEN), None, evidence(4)));
		Identity::do_try_state().expect("the count covers the token's book");
		Identities::<Test>::mutate(subject, |record| record.as_mut().unwrap().claim_count = 0);
		assert!(Identity::do_try_state().is_err());
	});
}

// --- Genesis -------------------------------------------------------------------------------------

/// The mock's balances and a registry genesis of `config`, built as a chain spec is.
fn genesis_ext(config: crate::GenesisConfig<Test>) -> polkadot_sdk::sp_io::TestExternalities {
	use polkadot_sdk::sp_runtime::BuildStorage;
	let mut storage = polkadot_sdk::frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	polkadot_sdk::pallet_balances::GenesisConfig::<Test> { balances: vec![(KYC_WALLET, 1_000)], ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	config.assimilate_storage(&mut storage).unwrap();
	storage.into()
}

/// The KYC provider (1, wallet 10), two investors (2 with wallets 1 and 3, 3 with wallet 2).
fn genesis_with_claims(claims: Vec<GenesisClaim>) -> crate::GenesisConfig<Test> {
	crate::GenesisConfig::<Test> {
		identities: vec![
			(KYC_WALLET, IdentityKind::ClaimIssuer),
			(1, IdentityKind::NaturalPerson),
			(2, IdentityKind::Company),
		],
		wallets: vec![(2, 3)],
		trusted_issuers: vec![(KYC_PROVIDER, vec![TopicClass::Kyc, TopicClass::Aml, TopicClass::Jurisdiction])],
		registrars: vec![KYC_PROVIDER],
		claims,
	}
}

#[test]
fn genesis_creates_identities_wallets_and_claims_without_deposits() {
	let claims = vec![
		(2, ClaimTopic::Kyc, KYC_PROVIDER, ClaimScope::Global),
		(2, ClaimTopic::Aml, KYC_PROVIDER, ClaimScope::Global),
		(2, ClaimTopic::Jurisdiction(DE), KYC_PROVIDER, ClaimScope::Global),
		(3, ClaimTopic::Kyc, KYC_PROVIDER, ClaimScope::Token(TOKEN)),
	];
	genesis_ext(genesis_with_claims(claims)).execute_with(|| {
		let now = Now::get();
		assert_eq!(IdentityOf::<Test>::get(1), Some(2));
		assert_eq!(IdentityOf::<Test>::get(3), Some(2));
		assert_eq!(IdentityOf::<Test>::get(2), Some(3));
		assert_eq!(Identities::<Test>::get(2).map(|record| (record.primary, record.wallet_count, record.claim_count)), Some((1, 2, 3)));
		assert!(<Identity as IdentityProvider<u64, u64>>::is_verified(2, None, now));
		assert_eq!(<Identity as IdentityProvider<u64, u64>>::jurisdiction(2, None, now), Some(DE));
		assert!(!<Identity as IdentityProvider<u64, u64>>::is_verified(3, None, now), "a token-scoped claim is not global");
		assert!(<Identity as IdentityProvider<u64, u64>>::is_verified(3, Some(TOKEN), now));
		// No deposits: the claims name the issuer's primary wallet, which holds nothing.
		assert_eq!(held(KYC_WALLET), 0);
		let (_, _, record) = &Identity::claims_of(2)[0];
		assert_eq!((record.depositor, record.deposit, record.expiry), (KYC_WALLET, 0, None));
		// A claim added afterwards by transaction works as usual next to the genesis ones.
		System::set_block_number(1);
		Now::set(1_000_000);
		assert_ok!(Identity::add_claim(
			RuntimeOrigin::signed(KYC_WALLET),
			3,
			ClaimTopic::Aml,
			ClaimScope::Global,
			None,
			evidence(2)
		));
		assert_eq!(held(KYC_WALLET), CLAIM_DEPOSIT);
		Identity::do_try_state().expect("registry invariants hold after genesis");
	});
}

#[test]
#[should_panic(expected = "identity-registry genesis: claim Accredited about 2 by 1: Module(ModuleError { index: 2, error: [9, 0, 0, 0], message: Some(\"IssuerNotTrusted\") })")]
fn genesis_refuses_a_claim_from_an_issuer_not_trusted_for_its_topic() {
	genesis_ext(genesis_with_claims(vec![(2, ClaimTopic::Accredited, KYC_PROVIDER, ClaimScope::Global)]));
}

#[test]
#[should_panic(expected = "identity-registry genesis: claim Kyc about 9 by 1: Module(ModuleError { index: 2, error: [0, 0, 0, 0], message: Some(\"UnknownIdentity\") })")]
fn genesis_refuses_a_claim_about_an_unknown_identity() {
	genesis_ext(genesis_with_claims(vec![(9, ClaimTopic::Kyc, KYC_PROVIDER, ClaimScope::Global)]));
}

#[test]
#[should_panic(expected = "identity-registry genesis: wallet 1 of identity 3")]
fn genesis_refuses_a_wallet_of_another_identity() {
	let mut config = genesis_with_claims(Vec::new());
	config.wallets.push((3, 1));
	genesis_ext(config);
}

// --- Token-scoped claims and the chain-wide profile (hardening, defect 2) -------------------

const FR: CountryCode = CountryCode(*b"FR");

/// `TOKEN`'s manager names `issuer` the token's own trusted issuer for each of `classes`.
fn token_names_issuer(issuer: IdentityId, classes: &[TopicClass]) {
	for class in classes {
		assert_ok!(Identity::set_token_issuers(
			RuntimeOrigin::signed(TOKEN_MANAGER),
			TOKEN,
			*class,
			issuers(&[issuer])
		));
	}
}

/// `who` (a wallet of the issuer) adds a claim of `topic` about `subject` with `scope`.
fn add_scoped(who: u64, subject: IdentityId, topic: ClaimTopic, scope: ClaimScope, expiry: Option<u64>) {
	assert_ok!(Identity::add_claim(RuntimeOrigin::signed(who), subject, topic, scope, expiry, evidence(8)));
}

fn chain_jurisdiction(subject: IdentityId, now: u64) -> Option<CountryCode> {
	<Provider as IdentityProvider<u64, u64>>::jurisdiction(subject, None, now)
}

fn chain_investor_type(subject: IdentityId, now: u64) -> Option<InvestorType> {
	<Provider as IdentityProvider<u64, u64>>::investor_type(subject, None, now)
}

fn token_jurisdiction(subject: IdentityId, token: TokenId, now: u64) -> Option<CountryCode> {
	<Provider as IdentityProvider<u64, u64>>::jurisdiction(subject, Some(token), now)
}

fn token_investor_type(subject: IdentityId, token: TokenId, now: u64) -> Option<InvestorType> {
	<Provider as IdentityProvider<u64, u64>>::investor_type(subject, Some(token), now)
}

/// Attack (b) of the review: whoever manages a token names itself the token's jurisdiction and
/// investor-type issuer and, with token-scoped claims, erased an investor's chain-wide
/// jurisdiction and investor type (every token's allow list then refused the investor).
#[test]
fn a_token_issuer_cannot_erase_an_investors_chain_wide_profile() {
	run_test(|| {
		let victim = register(1);
		let attacker = register(5);
		add_scoped(KYC_WALLET, victim, ClaimTopic::Jurisdiction(DE), ClaimScope::Global, None);
		add_scoped(ACCREDITOR_WALLET, victim, ClaimTopic::Accredited, ClaimScope::Global, None);
		token_names_issuer(attacker, &[TopicClass::Jurisdiction, TopicClass::Institutional]);
		add_scoped(5, victim, ClaimTopic::Jurisdiction(US), ClaimScope::Token(TOKEN), None);
		add_scoped(5, victim, ClaimTopic::Institutional, ClaimScope::Token(TOKEN), None);
		let now = Now::get();
		assert_eq!(chain_jurisdiction(victim, now), Some(DE), "the chain-wide jurisdiction stays");
		assert_eq!(chain_investor_type(victim, now), Some(InvestorType::Accredited), "the chain-wide investor type stays");
	});
}

/// Attack (a) of the review: a token's issuer attests itself a token-scoped jurisdiction and
/// so became jurisdiction-less chain-wide (passing every block list, escaping class counts).
#[test]
fn a_token_issuer_cannot_make_itself_jurisdiction_less() {
	run_test(|| {
		let attacker = register(5);
		add_scoped(KYC_WALLET, attacker, ClaimTopic::Jurisdiction(US), ClaimScope::Global, None);
		token_names_issuer(attacker, &[TopicClass::Jurisdiction]);
		add_scoped(5, attacker, ClaimTopic::Jurisdiction(FR), ClaimScope::Token(TOKEN), None);
		assert_eq!(chain_jurisdiction(attacker, Now::get()), Some(US));
	});
}

/// Attack (c) of the review: a token's issuer filled an identity's claim book with
/// token-scoped claims, so that the chain's KYC provider could no longer attest it.
#[test]
fn a_token_issuer_cannot_exhaust_an_identitys_claim_capacity() {
	run_test(|| {
		let victim = register(1);
		let attacker = register(5);
		token_names_issuer(attacker, &[TopicClass::Jurisdiction]);
		for n in 0..MAX_CLAIMS {
			let country = CountryCode([b'A', b'A' + n as u8]);
			add_scoped(5, victim, ClaimTopic::Jurisdiction(country), ClaimScope::Token(TOKEN), None);
		}
		// The chain's KYC provider still attests the victim.
		kyc(victim, None);
		add_scoped(KYC_WALLET, victim, ClaimTopic::Jurisdiction(DE), ClaimScope::Global, None);
		assert!(<Provider as IdentityProvider<u64, u64>>::is_verified(victim, None, Now::get()));
		assert_eq!(chain_jurisdiction(victim, Now::get()), Some(DE));
	});
}

/// The profile named one claim; when that claim expired, the answer was `None` although
/// another valid claim existed (a fail-open for block lists).
#[test]
fn jurisdiction_falls_back_to_another_valid_claim_when_the_latest_expires() {
	run_test(|| {
		let subject = register(1);
		add_scoped(KYC_WALLET, subject, ClaimTopic::Jurisdiction(DE), ClaimScope::Global, None);
		Now::set(1_100_000);
		add_scoped(KYC_WALLET, subject, ClaimTopic::Jurisdiction(US), ClaimScope::Global, Some(1_500_000));
		assert_eq!(chain_jurisdiction(subject, 1_499_999), Some(US), "the latest valid claim");
		assert_eq!(chain_jurisdiction(subject, 1_500_000), Some(DE), "the latest expired: the other one");
	});
}

/// As above, when the latest claim's issuer loses its accreditation.
#[test]
fn jurisdiction_falls_back_to_another_valid_claim_when_its_issuer_loses_trust() {
	run_test(|| {
		let subject = register(1);
		let second = register(3);
		assert_ok!(Identity::set_trusted_issuer(RuntimeOrigin::root(), second, topics(&[TopicClass::Jurisdiction])));
		add_scoped(KYC_WALLET, subject, ClaimTopic::Jurisdiction(DE), ClaimScope::Global, None);
		Now::set(1_100_000);
		add_scoped(3, subject, ClaimTopic::Jurisdiction(US), ClaimScope::Global, None);
		assert_eq!(chain_jurisdiction(subject, Now::get()), Some(US));
		assert_ok!(Identity::remove_trusted_issuer(RuntimeOrigin::root(), second));
		assert_eq!(chain_jurisdiction(subject, Now::get()), Some(DE));
	});
}

/// The highest investor category expired: the next highest valid one counts.
#[test]
fn investor_type_falls_back_to_the_next_valid_category() {
	run_test(|| {
		let subject = register(1);
		add_scoped(ACCREDITOR_WALLET, subject, ClaimTopic::Retail, ClaimScope::Global, None);
		add_scoped(ACCREDITOR_WALLET, subject, ClaimTopic::Institutional, ClaimScope::Global, Some(1_500_000));
		assert_eq!(chain_investor_type(subject, 1_499_999), Some(InvestorType::Institutional));
		assert_eq!(chain_investor_type(subject, 1_500_000), Some(InvestorType::Retail));
	});
}

/// A token's rules see the chain-wide fact first; only where there is none, what the claims
/// for the token attest, and never what another token's claims attest.
#[test]
fn a_token_sees_the_chain_wide_facts_and_fills_gaps_with_its_own_claims() {
	run_test(|| {
		let attested = register(1);
		let token_only = register(2);
		let token_issuer = register(5);
		token_names_issuer(token_issuer, &[TopicClass::Jurisdiction, TopicClass::Institutional]);
		add_scoped(KYC_WALLET, attested, ClaimTopic::Jurisdiction(DE), ClaimScope::Global, Some(1_500_000));
		add_scoped(ACCREDITOR_WALLET, attested, ClaimTopic::Retail, ClaimScope::Global, Some(1_500_000));
		for subject in [attested, token_only] {
			add_scoped(5, subject, ClaimTopic::Jurisdiction(US), ClaimScope::Token(TOKEN), None);
			add_scoped(5, subject, ClaimTopic::Institutional, ClaimScope::Token(TOKEN), None);
		}
		let now = Now::get();
		// The chain's accredited issuers win: a token's own issuer cannot contradict them.
		assert_eq!(token_jurisdiction(attested, TOKEN, now), Some(DE));
		assert_eq!(token_investor_type(attested, TOKEN, now), Some(InvestorType::Retail));
		// Where the chain knows nothing, the token's claims fill the gap, for that token only.
		assert_eq!(chain_jurisdiction(token_only, now), None);
		assert_eq!(token_jurisdiction(token_only, TOKEN, now), Some(US));
		assert_eq!(token_investor_type(token_only, TOKEN, now), Some(InvestorType::Institutional));
		assert_eq!(token_jurisdiction(token_only, TOKEN - 1, now), None, "another token sees nothing");
		assert_eq!(token_investor_type(token_only, TOKEN - 1, now), None);
		// Once the chain-wide facts expire, the token's claims fill the gap for it too.
		assert_eq!(chain_jurisdiction(attested, 1_500_000), None);
		assert_eq!(token_jurisdiction(attested, TOKEN, 1_500_000), Some(US));
		assert_eq!(token_investor_type(attested, TOKEN, 1_500_000), Some(InvestorType::Institutional));
		// The token withdraws its issuer: its claims stop counting.
		assert_ok!(Identity::set_token_issuers(
			RuntimeOrigin::signed(TOKEN_MANAGER),
			TOKEN,
			TopicClass::Jurisdiction,
			issuers(&[])
		));
		assert_eq!(token_jurisdiction(token_only, TOKEN, now), None);
		assert_eq!(token_investor_type(token_only, TOKEN, now), Some(InvestorType::Institutional));
	});
}

/// A token's book is bounded on its own, apart from the global book and other tokens' books;
/// its claims keep their deposits and are revoked by naming the scope.
#[test]
fn a_tokens_claim_book_is_bounded_and_kept_apart() {
	run_test(|| {
		let subject = register(1);
		let token_issuer = register(5);
		token_names_issuer(token_issuer, &[TopicClass::Jurisdiction]);
		let country = |n: u32| CountryCode([b'A', b'A' + n as u8]);
		for n in 0..MAX_CLAIMS {
			add_scoped(5, subject, ClaimTopic::Jurisdiction(country(n)), ClaimScope::Token(TOKEN), None);
		}
		assert_eq!(held(5), CLAIM_DEPOSIT * MAX_CLAIMS as u64);
		assert_noop!(
			Identity::add_claim(
				RuntimeOrigin::signed(5),
				subject,
				ClaimTopic::Jurisdiction(country(MAX_CLAIMS)),
				ClaimScope::Token(TOKEN),
				None,
				evidence(8)
			),
			Error::<Test>::TooManyClaims
		);
		// Another token's issuer (named by governance) still has room.
		assert_ok!(Identity::set_token_issuers(RuntimeOrigin::root(), TOKEN - 1, TopicClass::Kyc, issuers(&[token_issuer])));
		add_scoped(5, subject, ClaimTopic::Kyc, ClaimScope::Token(TOKEN - 1), None);
		assert_eq!(Identities::<Test>::get(subject).unwrap().claim_count, MAX_CLAIMS + 1);
		assert!(!Claims::<Test>::contains_key(subject), "nothing in the global book");
		assert_eq!(Identity::token_claims_of(subject, TOKEN).len() as u32, MAX_CLAIMS);
		// Revoked by naming the scope; the deposit returns; an emptied book is removed.
		assert_noop!(
			Identity::revoke_claim(RuntimeOrigin::signed(5), subject, ClaimTopic::Kyc, ClaimScope::Global, token_issuer),
			Error::<Test>::ClaimNotFound
		);
		assert_ok!(Identity::revoke_claim(RuntimeOrigin::signed(5), subject, ClaimTopic::Kyc, ClaimScope::Token(TOKEN - 1), token_issuer));
		assert_eq!(
			last_event(),
			RuntimeEvent::Identity(Event::ClaimRevoked {
				subject,
				topic: ClaimTopic::Kyc,
				issuer: token_issuer,
				scope: ClaimScope::Token(TOKEN - 1),
			})
		);
		assert!(!TokenClaims::<Test>::contains_key(subject, TOKEN - 1));
		assert_eq!(held(5), CLAIM_DEPOSIT * MAX_CLAIMS as u64);
		// Governance may revoke a token's claim too.
		assert_ok!(Identity::revoke_claim(RuntimeOrigin::root(), subject, ClaimTopic::Jurisdiction(country(0)), ClaimScope::Token(TOKEN), token_issuer));
		assert_eq!(Identities::<Test>::get(subject).unwrap().claim_count, MAX_CLAIMS - 1);
	});
}

/// The storage keys `read` reads from the committed state.
fn keys_read(ext: &mut polkadot_sdk::sp_io::TestExternalities, read: impl FnOnce()) -> std::collections::BTreeSet<Vec<u8>> {
	ext.commit_all().expect("the state commits");
	let recorder = polkadot_sdk::sp_trie::recorder::Recorder::<polkadot_sdk::sp_core::Blake2Hasher>::default();
	ext.execute_with_recorder(recorder.clone(), read);
	recorder.recorded_keys().into_values().flat_map(|keys| keys.into_keys().map(|key| key.to_vec())).collect()
}

/// The common checks of a transfer's party (global KYC, jurisdiction and investor type for a
/// token) read its global book and the trusted-issuer list, as before claims for tokens got
/// books of their own, even when the party also holds claims for the token; only a party that
/// its global book does not answer costs the token's book and issuer list.
#[test]
fn the_common_checks_read_the_global_book_and_the_issuer_list_only() {
	let mut ext = new_test_ext();
	let (attested, token_only) = ext.execute_with(|| {
		let attested = register(1);
		let token_only = register(2);
		let token_issuer = register(5);
		token_names_issuer(token_issuer, &[TopicClass::Kyc, TopicClass::Jurisdiction]);
		kyc(attested, None);
		add_scoped(KYC_WALLET, attested, ClaimTopic::Jurisdiction(DE), ClaimScope::Global, None);
		add_scoped(ACCREDITOR_WALLET, attested, ClaimTopic::Accredited, ClaimScope::Global, None);
		add_scoped(5, attested, ClaimTopic::Jurisdiction(US), ClaimScope::Token(TOKEN), None);
		add_scoped(5, token_only, ClaimTopic::Kyc, ClaimScope::Token(TOKEN), None);
		(attested, token_only)
	});
	let common: std::collections::BTreeSet<Vec<u8>> =
		[Claims::<Test>::hashed_key_for(attested), TrustedIssuers::<Test>::hashed_key().to_vec()].into_iter().collect();
	let now = 1_000_000;
	assert_eq!(keys_read(&mut ext, || assert!(<Provider as IdentityProvider<u64, u64>>::is_verified(attested, Some(TOKEN), now))), common);
	assert_eq!(keys_read(&mut ext, || assert_eq!(token_jurisdiction(attested, TOKEN, now), Some(DE))), common);
	assert_eq!(keys_read(&mut ext, || assert_eq!(token_investor_type(attested, TOKEN, now), Some(InvestorType::Accredited))), common);
	let token_path: std::collections::BTreeSet<Vec<u8>> = [
		Claims::<Test>::hashed_key_for(token_only),
		TrustedIssuers::<Test>::hashed_key().to_vec(),
		TokenClaims::<Test>::hashed_key_for(token_only, TOKEN),
		TokenIssuers::<Test>::hashed_key_for(TOKEN, TopicClass::Kyc),
	]
	.into_iter()
	.collect();
	assert_eq!(keys_read(&mut ext, || assert!(<Provider as IdentityProvider<u64, u64>>::is_verified(token_only, Some(TOKEN), now))), token_path);
	ext.execute_with(|| Identity::do_try_state().expect("registry invariants hold"));
}
