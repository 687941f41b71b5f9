//! Recovery against the real security token and compliance engine (not a mock wallet guard):
//! the registry, the token and the compliance pallet wired as the runtime wires them
//! (`WalletGuard = Token`, the token's compliance hook = Compliance).
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
	frame_support::{
		assert_noop, assert_ok, derive_impl, parameter_types,
		traits::{ConstU32, ConstU64, Time},
		BoundedVec,
	},
	frame_system::{self, EnsureRoot},
	pallet_balances,
	sp_core::H256,
	sp_io::TestExternalities,
	sp_runtime::{
		testing::{TestSignature, UintAuthorityId},
		BuildStorage,
	},
};
use sto_primitives::identity::{ClaimScope, ClaimTopic, IdentityId, IdentityKind, TopicClass};

type Block = frame_system::mocking::MockBlock<Test>;

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Identity: pallet_identity_registry,
		Token: pallet_security_token,
		Compliance: pallet_compliance,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

parameter_types! {
	/// The mock clock (ms).
	pub static Now: u64 = START;
}

/// 2024-01-01 12:00:00 UTC, in ms.
const START: u64 = 1_704_110_400_000;
const HOUR: u64 = 3_600_000;

pub struct MockTime;
impl Time for MockTime {
	type Moment = u64;
	fn now() -> u64 {
		Now::get()
	}
}

impl pallet_identity_registry::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Time = MockTime;
	type GovernanceOrigin = EnsureRoot<u64>;
	type OffchainSignature = TestSignature;
	type SigningPublicKey = UintAuthorityId;
	type TokenAuthority = Token;
	type WalletGuard = Token;
	type IdentityDeposit = ConstU64<1>;
	type WalletDeposit = ConstU64<1>;
	type ClaimDeposit = ConstU64<1>;
	type MaxWalletsPerIdentity = ConstU32<4>;
	type MaxClaimsPerIdentity = ConstU32<16>;
	type MaxTopicsPerIssuer = ConstU32<8>;
	type MaxIssuersPerTopic = ConstU32<4>;
	type MaxTrustedIssuers = ConstU32<16>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = NoBenchmarks;
}

impl pallet_security_token::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Identity = Identity;
	type Compliance = Compliance;
	type Time = MockTime;
	type TokenDeposit = ConstU64<10>;
	type ApprovalDeposit = ConstU64<1>;
	type MaxSymbolLength = ConstU32<8>;
	type MaxNameLength = ConstU32<16>;
	type MaxUriLength = ConstU32<64>;
	type MaxPartitions = ConstU32<3>;
	type MaxIdentifiers = ConstU32<4>;
	type MaxHoldingsPerIdentity = ConstU32<8>;
	type MaxLockupsPerHolding = ConstU32<2>;
	type MaxFrozenWallets = ConstU32<2>;
	type MaxDocuments = ConstU32<2>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = NoBenchmarks;
}

impl pallet_compliance::Config for Test {
	type Identity = Identity;
	type Tokens = Token;
	type Time = MockTime;
	type MaxRules = ConstU32<8>;
	type MaxComplexity = ConstU32<16>;
	type MaxTopicsPerRule = ConstU32<4>;
	type MaxIssuersPerRule = ConstU32<2>;
	type MaxCountriesPerRule = ConstU32<4>;
	type MaxExemptions = ConstU32<3>;
	type VolumeBucketMs = ConstU64<HOUR>;
	type VolumeBuckets = ConstU32<24>;
	type MaxVolumePrune = ConstU32<16>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = NoBenchmarks;
}

/// The benchmarks run on the registry's own mock; this runtime only needs the types.
#[cfg(feature = "runtime-benchmarks")]
pub struct NoBenchmarks;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_identity_registry::BenchmarkHelper<u64, TestSignature> for NoBenchmarks {
	fn account(seed: u32) -> u64 {
		1_000 + seed as u64
	}
	fn sign(signer: &u64, message: &[u8]) -> TestSignature {
		TestSignature(*signer, message.to_vec())
	}
}
#[cfg(feature = "runtime-benchmarks")]
impl pallet_security_token::BenchmarkHelper<u64> for NoBenchmarks {
	fn verified_account(seed: u32, identity: Option<IdentityId>) -> (u64, IdentityId) {
		let account = 20_000 + seed as u64;
		(account, Identity::benchmark_verified(account, identity))
	}
}
#[cfg(feature = "runtime-benchmarks")]
impl pallet_compliance::BenchmarkHelper<u64> for NoBenchmarks {
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
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [KYC_WALLET, ISSUER, LOST, SECOND, ATTACKER, OTHER, NEW].into_iter().map(|who| (who, 1_000_000)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_identity_registry::GenesisConfig::<Test> {
		identities: vec![
			(KYC_WALLET, IdentityKind::ClaimIssuer),
			(ISSUER, IdentityKind::Issuer),
			(LOST, IdentityKind::NaturalPerson),
			(ATTACKER, IdentityKind::NaturalPerson),
			(OTHER, IdentityKind::NaturalPerson),
		],
		wallets: vec![(VICTIM, SECOND)],
		trusted_issuers: vec![(1, vec![TopicClass::Kyc, TopicClass::Aml, TopicClass::Jurisdiction])],
		registrars: vec![1],
		claims: [2, 3, 4, 5].map(|subject| (subject, ClaimTopic::Kyc, 1, ClaimScope::Global)).to_vec(),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = TestExternalities::new(storage);
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
		Identity::do_try_state().expect("registry invariants hold");
		Token::do_try_state().expect("token invariants hold");
		Compliance::do_try_state().expect("compliance invariants hold");
	});
}

fn bounded<S: polkadot_sdk::frame_support::traits::Get<u32>>(bytes: &[u8]) -> BoundedVec<u8, S> {
	BoundedVec::try_from(bytes.to_vec()).expect("test input within bounds")
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
