//! Recovery against the real security token and compliance engine (not a mock wallet guard):
//! the registry, the token and the compliance pallet wired as the runtime wires them
//! (`WalletGuard = Token`, the token's compliance hook = Compliance; `sto_test_support::impl_sto_pallets!`).
//!
//! Genesis identities (in order, so their ids are fixed): 1 = the KYC provider (wallet
//! `KYC_WALLET`, trusted chain-wide for KYC, AML and jurisdiction, a registrar), 2 = the issuer
//! (wallet `ISSUER`), 3 = the victim (primary `LOST`, second wallet `SECOND`), 4 = the attacker
//! (wallet `ATTACKER`), 5 = another investor (`OTHER`). Everyone has a KYC claim without
//! expiry from the KYC provider, except where a test changes it.

use codec::Encode;
use pallet_identity_registry::{ConsentAction, IdentityOf};
use pallet_security_token::{
	InstrumentType, MovementKind, OperatorScope, PartitionRights, TokenBalance, TokenId, TokenStatus,
	Underlying,
};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, BoundedVec},
	frame_system, pallet_balances,
	sp_core::H256,
	sp_io::TestExternalities,
	sp_runtime::testing::TestSignature,
};
use sto_primitives::identity::{ClaimScope, ClaimTopic, IdentityId, IdentityKind};
use sto_test_support::{bounded, Genesis, Now, HOUR, START};

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Identity: pallet_identity_registry,
		Token: pallet_security_token,
		Compliance: pallet_compliance,
	}
);

sto_test_support::impl_system_and_balances!(Test);

sto_test_support::impl_sto_pallets! {
	runtime: Test,
	issuer: ISSUER,
	benchmarks: MockBenchmarks,
}

/// The benchmarks run on the pallets' own mocks; this runtime only needs the types.
#[cfg(feature = "runtime-benchmarks")]
impl pallet_compliance::BenchmarkHelper<u64> for MockBenchmarks {
	fn token_with_parties(_: &[ClaimTopic]) -> pallet_compliance::BenchmarkToken<u64> {
		unimplemented!("the compliance benchmarks run on the compliance pallet's mock")
	}
	fn set_time(now: u64) {
		Now::set(now);
	}
}

const KYC_WALLET: u64 = 10;
const ISSUER: u64 = 100;
const LOST: u64 = 1;
const SECOND: u64 = 2;
const ATTACKER: u64 = 66;
const OTHER: u64 = 5;
/// The victim's new primary wallet (not linked before the recovery).
const NEW: u64 = 7;
const VICTIM: IdentityId = 3;

fn new_test_ext() -> TestExternalities {
	let mut genesis: Genesis = Genesis::default()
		.fund([KYC_WALLET, ISSUER, LOST, SECOND, ATTACKER, OTHER, NEW], 1_000_000)
		.kyc_provider(KYC_WALLET)
		.identity(ISSUER, IdentityKind::Issuer)
		.identities([LOST, ATTACKER, OTHER], IdentityKind::NaturalPerson)
		.wallet(VICTIM, SECOND);
	for subject in [2, 3, 4, 5] {
		genesis = genesis.claim(subject, ClaimTopic::Kyc, 1);
	}
	let mut ext = TestExternalities::new(sto_test_support::build_storage!(Test, genesis, identity_registry));
	ext.execute_with(|| {
		System::set_block_number(1);
		Now::set(START);
	});
	ext
}

/// Run `test`, then every pallet's invariants.
fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		check_sto_invariants();
	});
}

/// An active, controllable token created by `owner` (who holds every role).
fn token(owner: u64, symbol: &[u8]) -> TokenId {
	let id = pallet_security_token::NextTokenId::<Test>::get();
	assert_ok!(Token::create_token(
		RuntimeOrigin::signed(owner),
		pallet_security_token::TokenTerms {
			symbol: bounded(symbol),
			name: bounded(b"Token"),
			decimals: 0,
			granularity: 1,
			instrument: InstrumentType::Equity,
			underlying: Underlying { numerator: 1, denominator: 1, unit: H256::zero() },
			identifiers: BoundedVec::new(),
			supply_cap: None,
			controllable: true,
			default_partition: bounded(b"common"),
			rights: PartitionRights { voting: true, dividends: true, transferable: true },
		},
	));
	assert_ok!(Token::set_status(RuntimeOrigin::signed(owner), id, TokenStatus::Active));
	id
}

fn issue(token: TokenId, to: u64, amount: TokenBalance) {
	assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, to, amount, None));
}

fn recover(positions: u32) -> polkadot_sdk::frame_support::dispatch::DispatchResultWithPostInfo {
	let consent = TestSignature(NEW, Identity::consent_payload(ConsentAction::Recover, VICTIM, NEW).encode());
	Identity::recover_identity(RuntimeOrigin::root(), VICTIM, NEW, consent, positions)
}

fn balance(token: TokenId, account: u64) -> TokenBalance {
	Token::balance_of(token, 0, &account)
}

fn token_events() -> Vec<pallet_security_token::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Token(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// The attack of the hardening review (defect 3): the victim's primary key is stolen; it holds
/// tokens, and an attacker who created a token of its own froze it there to pin it. Governance
/// recovers the identity to a new primary wallet: the stolen key must lose every authority of
/// the identity at once (it is unlinked), and its holdings must reach the new primary.
///
/// Before the fix the recovery left the stolen key linked (it "held or was frozen in" a token),
/// with every role of the identity: the first assertion failed (`IdentityOf(LOST) == Some(3)`).
#[test]
fn recovery_evicts_a_stolen_primary_that_holds_tokens_and_is_frozen_by_an_attacker() {
	run_test(|| {
		let shares = token(ISSUER, b"SHARE");
		issue(shares, LOST, 100);
		// The victim's identity owns a token of its own: the stolen key holds every role of it.
		let own = token(LOST, b"OWN");
		// The attacker's token freezes the stolen key, which holds nothing there.
		let pin = token(ATTACKER, b"PIN");
		assert_ok!(Token::freeze_account(RuntimeOrigin::signed(ATTACKER), pin, LOST));

		assert_ok!(recover(3));

		// The stolen key is out of the identity: no role, no claim issuing, no mandate.
		assert_eq!(IdentityOf::<Test>::get(LOST), None);
		assert_noop!(
			Token::set_paused(RuntimeOrigin::signed(LOST), own, true),
			pallet_security_token::Error::<Test>::NoIdentity
		);
		assert_noop!(
			Token::offer_ownership(RuntimeOrigin::signed(LOST), own, 4),
			pallet_security_token::Error::<Test>::NoIdentity
		);
		// The new primary holds the identity's tokens and its roles.
		assert_eq!(balance(shares, NEW), 100);
		assert_eq!(balance(shares, LOST), 0);
		assert_ok!(Token::set_paused(RuntimeOrigin::signed(NEW), own, true));
		// One movement of kind Recovery; the attacker's freeze followed the identity's wallet.
		assert!(token_events().contains(&pallet_security_token::Event::Moved {
			token: shares,
			partition: 0,
			to_partition: 0,
			from: Some(LOST),
			to: Some(NEW),
			amount: 100,
			kind: MovementKind::Recovery,
			operator: None,
			reference: None,
		}));
		let pinned = pallet_security_token::Positions::<Test>::get(VICTIM, pin).expect("the freeze is kept");
		assert_eq!(pinned.frozen_accounts.to_vec(), vec![NEW]);
		// Same identity: aggregates and holder counts do not change.
		assert_eq!(Token::identity_balance(shares, VICTIM), 100);
		assert_eq!(pallet_security_token::Tokens::<Test>::get(shares).map(|t| t.holder_count), Some(1));
	});
}

/// A stolen key that holds a non-controllable, paused, halted token under a lock-up and a
/// partial freeze, with an expired KYC claim, while the token has compliance rules: the holding
/// still follows the identity, with its restrictions, and nothing about the cap table changes
/// but the wallet.
#[test]
fn recovery_moves_holdings_of_any_token_state_with_their_restrictions() {
	use pallet_compliance::{Requirement, Rule, RuleKind, Side, IssuerSource};
	run_test(|| {
		let shares = token(ISSUER, b"SHARE");
		issue(shares, LOST, 100);
		issue(shares, SECOND, 10);
		issue(shares, OTHER, 50);
		assert_ok!(Token::add_lockup(RuntimeOrigin::signed(ISSUER), shares, 0, LOST, 40, START + HOUR));
		assert_ok!(Token::freeze_partial(RuntimeOrigin::signed(ISSUER), shares, 0, LOST, 20));
		assert_ok!(Token::freeze_account(RuntimeOrigin::signed(ISSUER), shares, LOST));
		let rules = vec![
			Rule {
				partition: None,
				kind: RuleKind::Claims {
					side: Side::Both,
					requirement: Requirement::AllOf,
					topics: BoundedVec::try_from(vec![ClaimTopic::Kyc, ClaimTopic::Aml]).unwrap(),
					issuers: IssuerSource::Trusted,
				},
			},
			Rule { partition: None, kind: RuleKind::MaxHolders(2) },
		];
		assert_ok!(Compliance::set_rules(RuntimeOrigin::signed(ISSUER), shares, rules.try_into().unwrap()));
		assert_ok!(Compliance::set_trading_paused(RuntimeOrigin::signed(ISSUER), shares, true));
		assert_ok!(Token::renounce_control(RuntimeOrigin::signed(ISSUER), shares));
		assert_ok!(Token::set_paused(RuntimeOrigin::signed(ISSUER), shares, true));
		assert_ok!(Token::set_status(RuntimeOrigin::signed(ISSUER), shares, TokenStatus::Halted));
		assert_ok!(Identity::revoke_claim(RuntimeOrigin::root(), VICTIM, ClaimTopic::Kyc, ClaimScope::Global, 1));
		let supply = pallet_security_token::Tokens::<Test>::get(shares).unwrap();

		assert_ok!(recover(1));

		let holdings = Token::holdings_of(shares, &NEW);
		assert_eq!(holdings.len(), 1);
		assert_eq!((holdings[0].balance, holdings[0].frozen), (100, 20));
		assert_eq!(holdings[0].lockups, vec![(40, START + HOUR)]);
		assert_eq!(balance(shares, SECOND), 10);
		let position = pallet_security_token::Positions::<Test>::get(VICTIM, shares).unwrap();
		assert_eq!(position.frozen_accounts.to_vec(), vec![NEW]);
		assert_eq!(position.total, 110);
		let after = pallet_security_token::Tokens::<Test>::get(shares).unwrap();
		assert_eq!((after.total_supply, after.holder_count), (supply.total_supply, supply.holder_count));
		// The stolen key is gone; it cannot even be frozen or used as a receiver any more.
		assert_eq!(IdentityOf::<Test>::get(LOST), None);
	});
}

/// The stolen key's authority through records others gave it (operator, allowance) ends with
/// its link: an operator or spender must be a wallet of an identity.
#[test]
fn a_recovered_key_keeps_no_operator_or_allowance_authority() {
	run_test(|| {
		let shares = token(ISSUER, b"SHARE");
		issue(shares, SECOND, 100);
		// The victim's second wallet had made its primary an operator and a spender.
		assert_ok!(Token::authorize_operator(RuntimeOrigin::signed(SECOND), shares, LOST, OperatorScope::AllPartitions));
		assert_ok!(Token::approve(RuntimeOrigin::signed(SECOND), shares, 0, LOST, 100));
		assert_ok!(recover(1));
		assert_noop!(
			Token::operator_transfer_by_partition(RuntimeOrigin::signed(LOST), shares, 0, SECOND, OTHER, 10, None),
			pallet_security_token::Error::<Test>::NoIdentity
		);
		assert_noop!(
			Token::transfer_from(RuntimeOrigin::signed(LOST), shares, 0, SECOND, OTHER, 10),
			pallet_security_token::Error::<Test>::NoIdentity
		);
		assert_noop!(
			Token::redeem_from(RuntimeOrigin::signed(LOST), shares, 0, SECOND, 10),
			pallet_security_token::Error::<Test>::NoIdentity
		);
		assert_eq!(balance(shares, SECOND), 100);
	});
}

/// Freezing a wallet of another identity in a token it does not hold does not pin the wallet
/// to its identity: the primary may still unlink it (the freeze, which held nothing, goes).
///
/// Before the fix `unlink_wallet` refused with `WalletInUse` (error 23).
#[test]
fn a_freeze_by_an_attackers_token_does_not_pin_an_empty_wallet() {
	run_test(|| {
		let pin = token(ATTACKER, b"PIN");
		assert_ok!(Token::freeze_account(RuntimeOrigin::signed(ATTACKER), pin, SECOND));
		assert_ok!(Identity::unlink_wallet(RuntimeOrigin::signed(LOST), SECOND, 1));
		assert_eq!(IdentityOf::<Test>::get(SECOND), None);
		assert!(pallet_security_token::Positions::<Test>::get(VICTIM, pin).is_none());
		assert!(token_events().contains(&pallet_security_token::Event::AccountUnfrozen { token: pin, account: SECOND }));
		// A wallet that holds tokens still may not leave.
		let shares = token(ISSUER, b"SHARE");
		issue(shares, LOST, 1);
		let consent = TestSignature(OTHER + 100, Identity::consent_payload(ConsentAction::LinkWallet, VICTIM, OTHER + 100).encode());
		assert_ok!(Identity::link_wallet(RuntimeOrigin::signed(LOST), OTHER + 100, consent));
		issue(shares, OTHER + 100, 1);
		assert_noop!(
			Identity::unlink_wallet(RuntimeOrigin::signed(LOST), OTHER + 100, 2),
			pallet_identity_registry::Error::<Test>::WalletInUse
		);
	});
}

/// A witness below the identity's positions is refused before anything moves.
#[test]
fn recovery_needs_a_witness_of_every_position() {
	run_test(|| {
		for symbol in [b"AAA", b"BBB"] {
			let id = token(ISSUER, symbol);
			issue(id, LOST, 1);
		}
		assert_noop!(recover(1), pallet_identity_registry::Error::<Test>::PositionsWitnessTooLow);
		assert_ok!(recover(2));
	});
}
