//! Defaults for deriving this pallet's `Config` in a test runtime
//! (`#[derive_impl(pallet_custody::config_preludes::TestDefaultConfig)]`): governance = root,
//! small bounds. A mock states only the wiring (`Identity`, `Tokens`, `Assets`, `Time`,
//! `BenchmarkHelper`) and what it sets differently.

use crate::DefaultConfig;
use polkadot_sdk::{
	frame_support::{derive_impl, pallet_prelude::inject_runtime_type, register_default_impl, traits::ConstU32},
	frame_system::{self, EnsureRoot},
};

/// The test runtime's defaults.
pub struct TestDefaultConfig;

#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
impl frame_system::DefaultConfig for TestDefaultConfig {}

#[register_default_impl(TestDefaultConfig)]
impl DefaultConfig for TestDefaultConfig {
	type GovernanceOrigin = EnsureRoot<u64>;
	type MaxLegs = ConstU32<8>;
	type MaxCashLegs = ConstU32<4>;
	type MaxBindingsPerIdentity = ConstU32<2>;
	type MaxMandatesPerBinding = ConstU32<2>;
	type BatchRefHistory = ConstU32<3>;
	type WeightInfo = ();
}
