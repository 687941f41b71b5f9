//! Defaults for deriving this pallet's `Config` in a test runtime
//! (`#[derive_impl(pallet_identity_registry::config_preludes::TestDefaultConfig)]`): `u64`
//! accounts and balances, `TestSignature` consents, governance = root, deposits of 1 and small
//! bounds. A mock states only the wiring (`Currency`, `Time`, `TokenAuthority`, `WalletGuard`,
//! `BenchmarkHelper`) and what it sets differently.

use crate::DefaultConfig;
use polkadot_sdk::{
	frame_support::{
		derive_impl, pallet_prelude::inject_runtime_type, register_default_impl,
		traits::{ConstU32, ConstU64},
	},
	frame_system::{self, EnsureRoot},
	sp_runtime::testing::{TestSignature, UintAuthorityId},
};

/// The test runtime's defaults.
pub struct TestDefaultConfig;

#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
impl frame_system::DefaultConfig for TestDefaultConfig {}

#[register_default_impl(TestDefaultConfig)]
impl DefaultConfig for TestDefaultConfig {
	#[inject_runtime_type]
	type RuntimeHoldReason = ();
	type GovernanceOrigin = EnsureRoot<u64>;
	type OffchainSignature = TestSignature;
	type SigningPublicKey = UintAuthorityId;
	type IdentityDeposit = ConstU64<1>;
	type WalletDeposit = ConstU64<1>;
	type ClaimDeposit = ConstU64<1>;
	type MaxWalletsPerIdentity = ConstU32<4>;
	type MaxClaimsPerIdentity = ConstU32<16>;
	type MaxTopicsPerIssuer = ConstU32<8>;
	type MaxIssuersPerTopic = ConstU32<4>;
	type MaxTrustedIssuers = ConstU32<16>;
	type MaxEvmWalletsPerIdentity = ConstU32<4>;
	type WeightInfo = ();
}
