//! Test runtime: the real identity registry and the real security token, with this pallet as
//! the token's compliance hook, so that every test runs the one movement path end to end.
//!
//! Genesis identities (in order, so their ids are fixed): 1 = the KYC provider (wallet
//! `KYC_WALLET`, trusted for KYC, AML and jurisdiction, a registrar), 2 = the accreditor
//! (wallet `ACCREDITOR_WALLET`, trusted for investor types), 3 = the issuer (wallet `ISSUER`),
//! then investors `A`..`F` (accounts 1..=6, identities 4..=9). Investor `A` has a second
//! wallet `A2` once [`link_second_wallet`] ran. Only the issuer starts with claims (KYC).

use crate as pallet_compliance;
use crate::*;
use codec::Encode;
use polkadot_sdk::{
	frame_support::{
		assert_ok, derive_impl, parameter_types,
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
use pallet_identity_registry::ConsentAction;
use pallet_security_token::{InstrumentType, PartitionRights, TokenStatus, Underlying};
use sto_primitives::identity::{ClaimScope, IdentityKind, TopicClass};

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
	/// The mock clock (ms). Starts on Monday 2024-01-01 12:00 UTC.
	pub static Now: u64 = START;
}

/// Monday 2024-01-01 12:00:00 UTC, in ms.
pub const START: u64 = 1_704_110_400_000;
pub const HOUR: u64 = 3_600_000;

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
	type MaxClaimsPerIdentity = ConstU32<32>;
	type MaxTopicsPerIssuer = ConstU32<32>;
	type MaxIssuersPerTopic = ConstU32<4>;
	type MaxTrustedIssuers = ConstU32<16>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarks;
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
	type BenchmarkHelper = MockBenchmarks;
}

pub const MAX_RULES: u32 = 8;
pub const MAX_COMPLEXITY: u32 = 16;
pub const MAX_EXEMPTIONS: u32 = 3;
pub const VOLUME_BUCKETS: u32 = 24;
pub const MAX_VOLUME_PRUNE: u32 = 4;

impl pallet_compliance::Config for Test {
	type Identity = Identity;
	type Tokens = Token;
	type Time = MockTime;
	type MaxRules = ConstU32<MAX_RULES>;
	type MaxComplexity = ConstU32<MAX_COMPLEXITY>;
	type MaxTopicsPerRule = ConstU32<4>;
	type MaxIssuersPerRule = ConstU32<2>;
	type MaxCountriesPerRule = ConstU32<4>;
	type MaxExemptions = ConstU32<MAX_EXEMPTIONS>;
	type VolumeBucketMs = ConstU64<HOUR>;
	type VolumeBuckets = ConstU32<VOLUME_BUCKETS>;
	type MaxVolumePrune = ConstU32<MAX_VOLUME_PRUNE>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarks;
}

pub const KYC_PROVIDER: IdentityId = 1;
pub const KYC_WALLET: u64 = 10;
pub const ACCREDITOR: IdentityId = 2;
pub const ACCREDITOR_WALLET: u64 = 20;
pub const ISSUER_ID: IdentityId = 3;
pub const ISSUER: u64 = 100;
pub const A: u64 = 1;
pub const B: u64 = 2;
pub const C: u64 = 3;
pub const D: u64 = 4;
pub const E: u64 = 5;
pub const F: u64 = 6;
/// A's second wallet (after `link_second_wallet`).
pub const A2: u64 = 11;
/// An account without identity.
pub const STRANGER: u64 = 50;

pub const DE: CountryCode = CountryCode(*b"DE");
pub const FR: CountryCode = CountryCode(*b"FR");
pub const US: CountryCode = CountryCode(*b"US");

pub fn identity(account: u64) -> IdentityId {
	pallet_identity_registry::IdentityOf::<Test>::get(account).expect("account has an identity")
}

/// A claim of `topic` on `account`'s identity by the issuer trusted for it.
pub fn claim(account: u64, topic: ClaimTopic, expiry: Option<u64>) {
	let issuer = match topic.investor_type() {
		Some(_) => ACCREDITOR_WALLET,
		None => KYC_WALLET,
	};
	assert_ok!(Identity::add_claim(
		RuntimeOrigin::signed(issuer),
		identity(account),
		topic,
		ClaimScope::Global,
		expiry,
		H256::repeat_byte(account as u8),
	));
}

/// KYC without expiry, and optionally a jurisdiction and an investor type.
pub fn investor(account: u64, country: Option<CountryCode>, kind: Option<InvestorType>) {
	claim(account, ClaimTopic::Kyc, None);
	if let Some(country) = country {
		claim(account, ClaimTopic::Jurisdiction(country), None);
	}
	if let Some(kind) = kind {
		claim(account, kind.into(), None);
	}
}

/// Link `A2` to A's identity (A2 signs its consent).
pub fn link_second_wallet() {
	let consent = TestSignature(
		A2,
		Identity::consent_payload(ConsentAction::LinkWallet, identity(A), A2).encode(),
	);
	assert_ok!(Identity::link_wallet(RuntimeOrigin::signed(A), A2, consent));
}

pub fn bounded<S: polkadot_sdk::frame_support::traits::Get<u32>, X: Clone>(items: &[X]) -> BoundedVec<X, S> {
	BoundedVec::try_from(items.to_vec()).ok().expect("test input within bounds")
}

/// An active token of the issuer (who holds every role) with a second partition "restricted".
pub fn active_token() -> TokenId {
	let token = pallet_security_token::NextTokenId::<Test>::get();
	let rights = PartitionRights { voting: true, dividends: true, transferable: true };
	let symbol = format!("GAR{token}");
	assert_ok!(Token::create_token(
		RuntimeOrigin::signed(ISSUER),
		pallet_security_token::TokenTerms {
			symbol: bounded(symbol.as_bytes()),
			name: bounded(b"Garage"),
			decimals: 0,
			granularity: 1,
			instrument: InstrumentType::RealEstate,
			underlying: Underlying { numerator: 1, denominator: 1, unit: H256::repeat_byte(9) },
			identifiers: BoundedVec::new(),
			supply_cap: None,
			controllable: true,
			default_partition: bounded(b"common"),
			rights: rights,
		},
	));
	assert_ok!(Token::add_partition(RuntimeOrigin::signed(ISSUER), token, bounded(b"restricted"), rights));
	assert_ok!(Token::set_status(RuntimeOrigin::signed(ISSUER), token, TokenStatus::Active));
	token
}

pub fn issue(token: TokenId, to: u64, amount: TokenBalance) -> DispatchResultWithPostInfo {
	Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, to, amount, None)
}

pub fn transfer(token: TokenId, from: u64, to: u64, amount: TokenBalance) -> DispatchResultWithPostInfo {
	Token::transfer_by_partition(RuntimeOrigin::signed(from), token, 0, to, amount, None)
}

pub fn set_rules(token: TokenId, rules: Vec<RuleOf<Test>>) -> DispatchResult {
	Compliance::set_rules(RuntimeOrigin::signed(ISSUER), token, bounded(&rules))
}

pub fn rule(kind: RuleKind<ConstU32<4>, ConstU32<2>, ConstU32<4>>) -> RuleOf<Test> {
	Rule { partition: None, kind }
}

pub use polkadot_sdk::frame_support::dispatch::{DispatchResult, DispatchResultWithPostInfo};

pub fn new_test_ext() -> TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [KYC_WALLET, ACCREDITOR_WALLET, ISSUER, A, B, C, D, E, F, A2]
			.into_iter()
			.map(|who| (who, 1_000_000))
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_identity_registry::GenesisConfig::<Test> {
		identities: [
			(KYC_WALLET, IdentityKind::ClaimIssuer),
			(ACCREDITOR_WALLET, IdentityKind::ClaimIssuer),
			(ISSUER, IdentityKind::Issuer),
		]
		.into_iter()
		.chain([A, B, C, D, E, F].map(|account| (account, IdentityKind::NaturalPerson)))
		.collect(),
		trusted_issuers: vec![
			(KYC_PROVIDER, vec![TopicClass::Kyc, TopicClass::Aml, TopicClass::Jurisdiction]),
			(
				ACCREDITOR,
				vec![
					TopicClass::Retail,
					TopicClass::Accredited,
					TopicClass::QualifiedPurchaser,
					TopicClass::Institutional,
				],
			),
		],
		registrars: vec![KYC_PROVIDER],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Now::set(START);
		claim(ISSUER, ClaimTopic::Kyc, None);
	});
	ext
}

/// Run `test` on the genesis state, then check every pallet's invariants and that the
/// compliance statistics match the token's holders.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		check_invariants();
	});
}

pub fn check_invariants() {
	Compliance::do_try_state().expect("compliance invariants hold");
	Token::do_try_state().expect("token invariants hold");
	Identity::do_try_state().expect("registry invariants hold");
	// Every classified holder holds the token, and every holder with a class is classified.
	for (token, holder, _) in HolderClasses::<Test>::iter() {
		assert!(Token::identity_balance(token, holder) > 0, "classified identity {holder} holds nothing");
	}
}

/// Benchmark set-up on the mock: real identities, claims and tokens.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarks;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_identity_registry::BenchmarkHelper<u64, TestSignature> for MockBenchmarks {
	fn account(seed: u32) -> u64 {
		1_000 + seed as u64
	}
	fn sign(signer: &u64, message: &[u8]) -> TestSignature {
		TestSignature(*signer, message.to_vec())
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_security_token::BenchmarkHelper<u64> for MockBenchmarks {
	fn verified_account(seed: u32, identity: Option<IdentityId>) -> (u64, IdentityId) {
		use polkadot_sdk::frame_support::traits::fungible::Mutate;
		let account = 20_000 + seed as u64;
		let _ = Balances::mint_into(&account, 1_000_000);
		(account, Identity::benchmark_verified(account, identity))
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for MockBenchmarks {
	fn token_with_parties(topics: &[ClaimTopic]) -> crate::BenchmarkToken<u64> {
		// A benchmark's repeated runs start from the genesis storage: the issuer's KYC claim
		// (added after genesis by `new_test_ext`) is gone, and a token's creator must be verified.
		if Identity::claims_of(ISSUER_ID).iter().all(|(topic, _, _)| *topic != ClaimTopic::Kyc) {
			claim(ISSUER, ClaimTopic::Kyc, None);
		}
		let token = active_token();
		// The KYC provider attests the custom topics too.
		let mut classes = vec![TopicClass::Kyc, TopicClass::Aml, TopicClass::Jurisdiction];
		for class in topics.iter().map(|topic| topic.class()) {
			if !classes.contains(&class) {
				classes.push(class);
			}
		}
		assert_ok!(Identity::set_trusted_issuer(RuntimeOrigin::root(), KYC_PROVIDER, bounded(&classes)));
		for account in [A, B] {
			for topic in topics.iter().chain([ClaimTopic::Kyc, ClaimTopic::Jurisdiction(DE), ClaimTopic::Accredited].iter()) {
				let held = Identity::claims_of(identity(account)).iter().any(|(held, _, _)| held == topic);
				if !held {
					claim(account, *topic, None);
				}
			}
		}
		assert_ok!(issue(token, A, 1_000));
		Identity::benchmark_token_scoped_profile(identity(B), token, DE, InvestorType::Institutional);
		crate::BenchmarkToken { token, manager: ISSUER, sender: A, receiver: B }
	}
	fn set_time(now: u64) {
		Now::set(now);
	}
}
