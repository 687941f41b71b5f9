//! Defaults for deriving this pallet's `Config` in a test runtime
//! (`#[derive_impl(pallet_offering::config_preludes::TestDefaultConfig)]`): `u64` deposits,
//! small bounds. A mock states only the wiring (`Currency`, `Cash`, `Tokens`, `Identity`,
//! `Time`, `GovernanceOrigin`, `BenchmarkHelper`) and what it sets differently.

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
	type OfferingDeposit = ConstU64<10>;
	type SubscriptionDeposit = ConstU64<2>;
	type MaxTiers = ConstU32<4>;
	type MaxSettlePerCall = ConstU32<16>;
	type WeightInfo = ();
}
