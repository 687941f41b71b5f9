//! Test runtime: the real identity registry, security token and compliance engine (as the
//! token's compliance hook, wired by `sto_test_support::impl_sto_pallets!`), pallet-assets for
//! cash, and this pallet, so that every settlement leg runs the token's one movement path end
//! to end.
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
use polkadot_sdk::{
	frame_support::{
		assert_ok, derive_impl,
		traits::ConstU32,
	},
	frame_system,
	pallet_assets, pallet_balances,
	sp_io::TestExternalities,
};
pub use sto_test_support::{bounded, Genesis, MockTime, Now, HOUR, START};
use sto_primitives::identity::{ClaimTopic, IdentityKind};

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

sto_test_support::impl_system_and_balances!(Test);

sto_test_support::impl_cash_assets!(runtime: Test);

sto_test_support::impl_sto_pallets! {
	runtime: Test,
	issuer: ISSUER,
	benchmarks: MockBenchmarks,
	compliance_parties: (A, B),
}

pub const MAX_LEGS: u32 = 8;
pub const MAX_CASH_LEGS: u32 = 4;
pub const MAX_BINDINGS: u32 = 2;
pub const MAX_MANDATES: u32 = 2;
pub const BATCH_REF_HISTORY: u32 = 3;

#[derive_impl(pallet_custody::config_preludes::TestDefaultConfig)]
impl pallet_custody::Config for Test {
	type Identity = Identity;
	type Tokens = Token;
	type Assets = Assets;
	type Time = MockTime;
	type MaxLegs = ConstU32<MAX_LEGS>;
	type MaxCashLegs = ConstU32<MAX_CASH_LEGS>;
	type MaxBindingsPerIdentity = ConstU32<MAX_BINDINGS>;
	type MaxMandatesPerBinding = ConstU32<MAX_MANDATES>;
	type BatchRefHistory = ConstU32<BATCH_REF_HISTORY>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarks;
}

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

/// A KYC claim on `account`'s identity by the KYC provider.
pub fn kyc(account: u64, expiry: Option<u64>) {
	claim_by(KYC_WALLET, account, ClaimTopic::Kyc, expiry);
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
	let genesis: Genesis = Genesis::default()
		.fund([KYC_WALLET, ISSUER, X, X2, Y, A, B, C, D, E, A2], 1_000_000)
		.kyc_provider(KYC_WALLET)
		.identity(ISSUER, IdentityKind::Issuer)
		.identities([X, Y], IdentityKind::Exchange)
		.identities([A, B, C, D, E], IdentityKind::NaturalPerson);
	let mut storage = sto_test_support::build_storage!(Test, genesis, identity_registry);
	sto_test_support::cash_genesis!(Test, &mut storage, asset: USD, owner: ISSUER, accounts: vec![(USD, X, CASH), (USD, X2, 100), (USD, Y, CASH)]);
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
	check_sto_invariants();
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64, u32, u128> for MockBenchmarks {
	fn verified_account(seed: u32, identity: Option<IdentityId>) -> (u64, IdentityId) {
		sto_test_support::verified_account::<Balances>(30_000, seed, identity, Identity::benchmark_verified)
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
		crowded_wallet(token, seed, <Self as crate::BenchmarkHelper<u64, u32, u128>>::verified_account)
	}

	fn cash(payer: &u64, amount: u128) -> u32 {
		use polkadot_sdk::frame_support::traits::fungibles::Mutate;
		assert_ok!(<Assets as Mutate<u64>>::mint_into(USD, payer, amount));
		USD
	}
}
