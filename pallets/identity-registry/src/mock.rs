//! Test runtime: system, balances (deposits), the registry. Accounts are `u64`; a consent is
//! a `TestSignature` (signer and message), which verifies only for that signer and message.

use crate as pallet_identity_registry;
use crate::*;
use codec::Encode;
use polkadot_sdk::{
	frame_support::{
		derive_impl, parameter_types,
		traits::{ConstU32, ConstU64},
		weights::Weight,
	},
	frame_system, pallet_balances,
	sp_io::TestExternalities,
	sp_runtime::testing::TestSignature,
};
pub use sto_test_support::{Genesis, MockTime, Now};

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Identity: pallet_identity_registry,
	}
);

sto_test_support::impl_system_and_balances!(Test);

/// Tokens 0..=`TOKEN` exist; `TOKEN` is managed by `TOKEN_MANAGER`.
pub const TOKEN: TokenId = 7;
pub const TOKEN_MANAGER: u64 = 99;

pub struct MockTokens;
impl TokenAuthority<u64> for MockTokens {
	fn can_manage_compliance(token: TokenId, who: &u64) -> bool {
		token == TOKEN && *who == TOKEN_MANAGER
	}
	fn token_exists(token: TokenId) -> bool {
		token <= TOKEN
	}
}

parameter_types! {
	/// Wallets the mock says hold tokens.
	pub static WalletsInUse: Vec<u64> = Vec::new();
	/// Tokens every identity holds a position in, as the mock says (each call reads them all).
	pub static PositionsHeld: u32 = 0;
	/// The recoveries the mock moved holdings for: (identity, from, to).
	pub static Recoveries: Vec<(IdentityId, u64, u64)> = Vec::new();
	/// Makes the mock's token refuse a recovery's movement.
	pub static RefuseMove: bool = false;
}

/// Reads `PositionsHeld` positions; a recovery moves the lost wallet's "holdings" (its entry in
/// `WalletsInUse`) to the new wallet.
pub struct MockWalletGuard;
impl WalletGuard<u64> for MockWalletGuard {
	fn release_wallet(_: IdentityId, account: &u64, max_positions: u32) -> Result<u32, WalletGuardError> {
		let held = PositionsHeld::get();
		if held > max_positions {
			return Err(WalletGuardError::PositionsWitnessTooLow);
		}
		if WalletsInUse::get().contains(account) {
			return Err(WalletGuardError::WalletInUse);
		}
		Ok(held)
	}

	fn release_wallet_weight(positions: u32) -> Weight {
		Weight::from_parts(1_000_000, 0).saturating_mul(positions.into())
	}

	fn move_wallet(identity: IdentityId, from: &u64, to: &u64, max_positions: u32) -> Result<u32, WalletGuardError> {
		let held = PositionsHeld::get();
		if held > max_positions {
			return Err(WalletGuardError::PositionsWitnessTooLow);
		}
		if RefuseMove::get() {
			return Err(WalletGuardError::Movement(sto_primitives::token::TransferFailure::Overflow));
		}
		WalletsInUse::mutate(|wallets| {
			if let Some(at) = wallets.iter().position(|wallet| wallet == from) {
				wallets.remove(at);
				if !wallets.contains(to) {
					wallets.push(*to);
				}
			}
		});
		Recoveries::mutate(|done| done.push((identity, *from, *to)));
		Ok(held)
	}

	fn move_wallet_weight(positions: u32) -> Weight {
		Weight::from_parts(2_000_000, 0).saturating_mul(positions.into())
	}
}

pub const IDENTITY_DEPOSIT: u64 = 10;
pub const WALLET_DEPOSIT: u64 = 3;
pub const CLAIM_DEPOSIT: u64 = 2;
pub const MAX_WALLETS: u32 = 4;
pub const MAX_CLAIMS: u32 = 6;
pub const MAX_ISSUERS: u32 = 3;
pub const MAX_TRUSTED: u32 = 5;
pub const MAX_EVM_WALLETS: u32 = 2;

#[derive_impl(pallet_identity_registry::config_preludes::TestDefaultConfig)]
impl pallet_identity_registry::Config for Test {
	type Currency = Balances;
	type Time = MockTime;
	type TokenAuthority = MockTokens;
	type WalletGuard = MockWalletGuard;
	type IdentityDeposit = ConstU64<IDENTITY_DEPOSIT>;
	type WalletDeposit = ConstU64<WALLET_DEPOSIT>;
	type ClaimDeposit = ConstU64<CLAIM_DEPOSIT>;
	type MaxWalletsPerIdentity = ConstU32<MAX_WALLETS>;
	type MaxClaimsPerIdentity = ConstU32<MAX_CLAIMS>;
	type MaxTopicsPerIssuer = ConstU32<4>;
	type MaxIssuersPerTopic = ConstU32<MAX_ISSUERS>;
	type MaxTrustedIssuers = ConstU32<MAX_TRUSTED>;
	type MaxEvmWalletsPerIdentity = ConstU32<MAX_EVM_WALLETS>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockSigner;
}

/// Signs in benchmarks: account `1000 + seed`, signatures are `TestSignature`s.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockSigner;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64, TestSignature> for MockSigner {
	fn account(seed: u32) -> u64 {
		1_000 + seed as u64
	}
	fn sign(signer: &u64, message: &[u8]) -> TestSignature {
		TestSignature(*signer, message.to_vec())
	}
	fn evm_sign(seed: u32, digest: &[u8; 32]) -> EvmSignature {
		sto_test_support::evm_sign(seed, digest)
	}
}

/// Genesis identities: 1 = KYC provider and registrar (wallet 10, trusted for KYC, AML,
/// jurisdiction), 2 = accreditation issuer (wallet 20, trusted for investor types).
pub const KYC_PROVIDER: IdentityId = 1;
pub const KYC_WALLET: u64 = 10;
pub const ACCREDITOR: IdentityId = 2;
pub const ACCREDITOR_WALLET: u64 = 20;

/// `account`'s valid consent to `action` on `identity`, at its current nonce.
pub fn consent(action: ConsentAction, identity: IdentityId, account: u64) -> TestSignature {
	TestSignature(account, Identity::consent_payload(action, identity, account).encode())
}

/// Register `primary` through the KYC provider (a registrar); returns its identity.
pub fn register(primary: u64) -> IdentityId {
	polkadot_sdk::frame_support::assert_ok!(Identity::register_identity(
		RuntimeOrigin::signed(KYC_WALLET),
		primary,
		sto_primitives::identity::IdentityKind::NaturalPerson,
		consent(ConsentAction::CreateIdentity, 0, primary)
	));
	IdentityOf::<Test>::get(primary).expect("registered")
}

pub fn new_test_ext() -> TestExternalities {
	let genesis: Genesis = Genesis::default()
		.fund([1, 2, 3, 4, 5, 6, 7, 8, 9, KYC_WALLET, ACCREDITOR_WALLET, TOKEN_MANAGER, 100], 1_000)
		.kyc_provider(KYC_WALLET)
		.accreditor(ACCREDITOR_WALLET);
	let mut ext = TestExternalities::new(sto_test_support::build_storage!(Test, genesis, identity_registry));
	ext.execute_with(|| {
		System::set_block_number(1);
		Now::set(1_000_000);
		WalletsInUse::set(Vec::new());
		PositionsHeld::set(0);
		Recoveries::set(Vec::new());
		RefuseMove::set(false);
	});
	ext
}

/// Run `test` on the genesis state, then check the registry's invariants.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Identity::do_try_state().expect("registry invariants hold");
	});
}
