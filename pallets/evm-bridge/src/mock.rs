//! Test runtime: system, balances (as every mock has them) and the bridge; governance is root.

use crate as pallet_evm_bridge;
use polkadot_sdk::{
	frame_support::{parameter_types, traits::ConstU32},
	frame_system::{self, EnsureRoot},
	pallet_balances,
	sp_io::TestExternalities,
	sp_runtime::BuildStorage,
};

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Bridge: pallet_evm_bridge,
	}
);

sto_test_support::impl_system_and_balances!(Test);

pub const MAX_SIGNERS: u32 = 9;
pub const GRACE: u64 = 10;

parameter_types! {
	pub const GracePeriod: u64 = GRACE;
}

impl pallet_evm_bridge::Config for Test {
	type GovernanceOrigin = EnsureRoot<u64>;
	type MaxSigners = ConstU32<MAX_SIGNERS>;
	type GracePeriod = GracePeriod;
	type WeightInfo = ();
}

pub fn new_test_ext() -> TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().expect("genesis builds");
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Run `test` from block 1, then check the bridge's invariants.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Bridge::do_try_state().expect("bridge invariants hold");
	});
}
