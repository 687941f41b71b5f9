//! Defaults for deriving this pallet's `Config` in a test runtime
//! (`#[derive_impl(pallet_corporate_actions::config_preludes::TestDefaultConfig)]`): `u64`
//! deposits of 3, small bounds. A mock states only the wiring (`Currency`, `Tokens`, `Time`,
//! `BenchmarkHelper`) and what it sets differently.

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
	type CheckpointDeposit = ConstU64<3>;
	type MaxCheckpoints = ConstU32<6>;
	type MaxScheduled = ConstU32<3>;
	type MaxPartitions = ConstU32<3>;
	type MaxClearPerCall = ConstU32<50>;
	type DistributionDeposit = ConstU64<5>;
	type MaxTaxRates = ConstU32<4>;
	type MaxTaxOverrides = ConstU32<4>;
	type MaxPushPerCall = ConstU32<10>;
	type BallotDeposit = ConstU64<5>;
	type MaxMotions = ConstU32<3>;
	type MaxChoices = ConstU32<4>;
	type WeightInfo = ();
}
