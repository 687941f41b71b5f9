//! Test runtime: the real identity registry, security token and compliance engine (as the
//! token's compliance hook), pallet-assets for cash, and this pallet, so that every settlement
//! leg runs the token's one movement path end to end.
//!
//! Genesis identities (in order, so their ids are fixed): 1 = the KYC provider (wallet
//! `KYC_WALLET`, trusted for KYC, AML and jurisdiction, a registrar), 2 = the issuer (wallet
//! `ISSUER`), 3 = exchange X (wallets `X`, and `X2` linked at start), 4 = exchange Y (wallet
//! `Y`), then investors `A`..`D` (accounts 1..=4, identities 5..=8; A also has wallet `A2`),
//! and `E` (account 5, identity 9) who is never verified. Everyone else starts with a KYC
//! claim without expiry. Cash asset `USD` (sufficient, minimum balance 1): X and Y hold
//! `CASH` each, X2 holds 100.

use crate as pallet_custody;
use crate::*;
use codec::Encode;
use polkadot_sdk::{
	frame_support::{
		assert_ok, derive_impl, parameter_types,
		traits::{AsEnsureOriginWithArg, ConstU32, ConstU64, Time},
		BoundedVec,
	},
	frame_system::{self, EnsureRoot, EnsureSigned},
	pallet_assets, pallet_balances,
	sp_core::H256,
	sp_io::TestExternalities,
	sp_runtime::{
		testing::{TestSignature, UintAuthorityId},
		BuildStorage,
	},
};
use pallet_identity_registry::ConsentAction;
use pallet_security_token::{InstrumentType, PartitionRights, TokenStatus, Underlying};
use sto_primitives::identity::{ClaimScope, ClaimTopic, IdentityKind, TopicClass};

type Block = frame_system::mocking::MockBlock<Test>;

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Identity: pallet_identity_registry,
		Token: pallet_security_token,
		Compliance: pallet_compliance,
		Custody: pallet_custody,
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

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Balance = u128;
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<u64>>;
	type ForceOrigin = EnsureRoot<u64>;
}

parameter_types! {
	/// The mock clock (ms).
	pub static Now: u64 = START;
}

/// 2024-01-01 12:00:00 UTC, in ms.
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
	type MaxClaimsPerIdentity = ConstU32<16>;
	type MaxTopicsPerIssuer = ConstU32<8>;
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
	type BenchmarkHelper = MockBenchmarks;
}

pub const MAX_LEGS: u32 = 8;
pub const MAX_CASH_LEGS: u32 = 4;
pub const MAX_BINDINGS: u32 = 2;
pub const MAX_MANDATES: u32 = 2;
pub const BATCH_REF_HISTORY: u32 = 3;

impl pallet_custody::Config for Test {
	type GovernanceOrigin = EnsureRoot<u64>;
	type Identity = Identity;
	type Tokens = Token;
	type Assets = Assets;
	type Time = MockTime;
	type MaxLegs = ConstU32<MAX_LEGS>;
	type MaxCashLegs = ConstU32<MAX_CASH_LEGS>;
	type MaxBindingsPerIdentity = ConstU32<MAX_BINDINGS>;
	type MaxMandatesPerBinding = ConstU32<MAX_MANDATES>;
	type BatchRefHistory = ConstU32<BATCH_REF_HISTORY>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarks;
}

pub const KYC_PROVIDER: IdentityId = 1;
pub const KYC_WALLET: u64 = 10;
pub const ISSUER_ID: IdentityId = 2;
pub const ISSUER: u64 = 100;
/// Exchange X: identity 3, wallets `X` and `X2`.
pub const X_ID: IdentityId = 3;
pub const X: u64 = 200;
pub const X2: u64 = 201;
/// Exchange Y: identity 4.
pub const Y_ID: IdentityId = 4;
pub const Y: u64 = 300;
pub const A: u64 = 1;
pub const B: u64 = 2;
pub const C: u64 = 3;
pub const D: u64 = 4;
/// An investor whose identity is never verified.
pub const E: u64 = 5;
/// A's second wallet.
pub const A2: u64 = 11;
/// An account without identity.
pub const STRANGER: u64 = 50;
/// The cash asset.
pub const USD: u32 = 1;
/// X's and Y's cash at genesis.
pub const CASH: u128 = 1_000_000;

/// Every licence.
pub const ALL_ROLES: LicensedRoles =
	LicensedRoles { ats_operator: true, broker_dealer: true, clearing_agent: true, transfer_agent: true };

pub fn identity(account: u64) -> IdentityId {
	pallet_identity_registry::IdentityOf::<Test>::get(account).expect("account has an identity")
}

/// A KYC claim on `account`'s identity by the KYC provider.
pub fn kyc(account: u64, expiry: Option<u64>) {
	assert_ok!(Identity::add_claim(
		RuntimeOrigin::signed(KYC_WALLET),
		identity(account),
		ClaimTopic::Kyc,
		ClaimScope::Global,
		expiry,
		H256::repeat_byte(account as u8),
	));
}

/// Link `wallet` to `primary`'s identity (the wallet signs its consent).
pub fn link_wallet(primary: u64, wallet: u64) {
	let consent = TestSignature(
		wallet,
		Identity::consent_payload(ConsentAction::LinkWallet, identity(primary), wallet).encode(),
	);
	assert_ok!(Identity::link_wallet(RuntimeOrigin::signed(primary), wallet, consent));
}

pub fn bounded<S: polkadot_sdk::frame_support::traits::Get<u32>, X: Clone>(items: &[X]) -> BoundedVec<X, S> {
	BoundedVec::try_from(items.to_vec()).ok().expect("test input within bounds")
}

/// An active token of the issuer (who holds every role) with partitions 0 "common" and 1
/// "restricted" (both transferable).
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

pub fn issue(token: TokenId, partition: PartitionId, to: u64, amount: TokenBalance) {
	assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, partition, to, amount, None));
}

pub fn balance(token: TokenId, partition: PartitionId, account: u64) -> TokenBalance {
	Token::balance_of(token, partition, &account)
}

pub fn cash(account: u64) -> u128 {
	use polkadot_sdk::frame_support::traits::fungibles::Inspect;
	<Assets as Inspect<u64>>::balance(USD, &account)
}

pub fn new_test_ext() -> TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [KYC_WALLET, ISSUER, X, X2, Y, A, B, C, D, E, A2]
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
			(ISSUER, IdentityKind::Issuer),
			(X, IdentityKind::Exchange),
			(Y, IdentityKind::Exchange),
		]
		.into_iter()
		.chain([A, B, C, D, E].map(|account| (account, IdentityKind::NaturalPerson)))
		.collect(),
		trusted_issuers: vec![(KYC_PROVIDER, vec![TopicClass::Kyc, TopicClass::Aml, TopicClass::Jurisdiction])],
		registrars: vec![KYC_PROVIDER],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![(USD, ISSUER, true, 1)],
		metadata: vec![],
		accounts: vec![(USD, X, CASH), (USD, X2, 100), (USD, Y, CASH)],
		next_asset_id: None,
		reserves: vec![],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Now::set(START);
		for account in [ISSUER, X, Y, A, B, C, D] {
			kyc(account, None);
		}
		link_wallet(A, A2);
		link_wallet(X, X2);
	});
	ext
}

/// Run `test` on the genesis state, then check every pallet's invariants.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		check_invariants();
	});
}

pub fn check_invariants() {
	Custody::do_try_state().expect("custody invariants hold");
	Token::do_try_state().expect("token invariants hold");
	Compliance::do_try_state().expect("compliance invariants hold");
	Identity::do_try_state().expect("registry invariants hold");
}

/// Benchmark set-up on the mock: real identities, claims, tokens and cash.
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
impl pallet_compliance::BenchmarkHelper<u64> for MockBenchmarks {
	fn token_with_parties(_topics: &[ClaimTopic]) -> pallet_compliance::BenchmarkToken<u64> {
		let token = active_token();
		issue(token, 0, A, 1_000);
		pallet_compliance::BenchmarkToken { token, manager: ISSUER, sender: A, receiver: B }
	}
	fn set_time(now: u64) {
		Now::set(now);
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64, u32, u128> for MockBenchmarks {
	fn verified_account(seed: u32, identity: Option<IdentityId>) -> (u64, IdentityId) {
		use polkadot_sdk::frame_support::traits::fungible::Mutate;
		let account = 30_000 + seed as u64;
		let _ = Balances::mint_into(&account, 1_000_000);
		(account, Identity::benchmark_verified(account, identity))
	}

	fn token(holders: &[u64], amount: TokenBalance) -> (TokenId, u64) {
		// A benchmark's repeated runs start from the genesis storage: the issuer's KYC claim
		// (added after genesis by `new_test_ext`) is gone, and a token's creator must be verified.
		if Identity::claims_of(ISSUER_ID).iter().all(|(topic, _, _)| *topic != ClaimTopic::Kyc) {
			kyc(ISSUER, None);
		}
		let token = active_token();
		for holder in holders {
			issue(token, 0, *holder, amount);
		}
		(token, ISSUER)
	}

	fn crowded_receiver(token: TokenId, seed: u32) -> u64 {
		use polkadot_sdk::frame_support::traits::Get;
		let (receiver, identity) = <Self as crate::BenchmarkHelper<u64, u32, u128>>::verified_account(seed, None);
		let partitions = pallet_security_token::Tokens::<Test>::get(token).map_or(1, |t| t.partitions.len() as u32);
		let full = <Test as pallet_security_token::Config>::MaxHoldingsPerIdentity::get();
		let mut made = 0u32;
		let mut wallet = 0u32;
		while made + 1 < full {
			wallet += 1;
			let (account, _) = <Self as crate::BenchmarkHelper<u64, u32, u128>>::verified_account(
				100_000 + seed * 64 + wallet,
				Some(identity),
			);
			for partition in 0..partitions {
				if made + 1 >= full {
					break;
				}
				issue(token, partition as PartitionId, account, 1);
				made += 1;
			}
		}
		receiver
	}

	fn cash(payer: &u64, amount: u128) -> u32 {
		use polkadot_sdk::frame_support::traits::fungibles::Mutate;
		assert_ok!(<Assets as Mutate<u64>>::mint_into(USD, payer, amount));
		USD
	}
}
