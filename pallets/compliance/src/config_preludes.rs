//! Defaults for deriving this pallet's `Config` in a test runtime
//! (`#[derive_impl(pallet_compliance::config_preludes::TestDefaultConfig)]`): small bounds,
//! hourly volume buckets over a day. A mock states only the wiring (`Identity`, `Tokens`,
//! `Time`, `BenchmarkHelper`) and what it sets differently.

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
	type MaxRules = ConstU32<8>;
	type MaxComplexity = ConstU32<16>;
	type MaxTopicsPerRule = ConstU32<4>;
	type MaxIssuersPerRule = ConstU32<2>;
	type MaxCountriesPerRule = ConstU32<4>;
	type MaxExemptions = ConstU32<3>;
	/// An hour.
	type VolumeBucketMs = ConstU64<3_600_000>;
	type VolumeBuckets = ConstU32<24>;
	type MaxVolumePrune = ConstU32<16>;
	type WeightInfo = ();
}
