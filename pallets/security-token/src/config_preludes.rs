//! Defaults for deriving this pallet's `Config` in a test runtime
//! (`#[derive_impl(pallet_security_token::config_preludes::TestDefaultConfig)]`): `u64`
//! balances, deposits of 10 (token) and 1 (approval), small bounds. A mock states only the
//! wiring (`Currency`, `Identity`, `Compliance`, `Time`, `BenchmarkHelper`) and what it sets
//! differently.

use crate::DefaultConfig;
use polkadot_sdk::{
	frame_support::{
		derive_impl, pallet_prelude::inject_runtime_type, register_default_impl,
		traits::{ConstU32, ConstU64},
	},
	frame_system,
};

/// The test runtime's defaults.
pub struct TestDefaultConfig;

#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
impl frame_system::DefaultConfig for TestDefaultConfig {}

#[register_default_impl(TestDefaultConfig)]
impl DefaultConfig for TestDefaultConfig {
	#[inject_runtime_type]
	type RuntimeHoldReason = ();
	type Checkpoints = ();
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
}
