//! Test runtime: system, balances (for the session key deposit), session and this pallet.

use crate as pallet_validator_set;
use polkadot_sdk::{
	frame_support::{parameter_types, traits::ConstU64},
	frame_system::{self, EnsureRoot},
	pallet_balances, pallet_session,
	sp_io::TestExternalities,
	sp_runtime::{testing::UintAuthorityId, traits::ConvertInto, BuildStorage},
};

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		ValidatorSet: pallet_validator_set,
		Session: pallet_session,
	}
);

sto_test_support::impl_system_and_balances!(Test);

parameter_types! {
	pub const SessionPeriod: u64 = 10;
	pub const MaxValidators: u32 = 8;
	pub const MinValidators: u32 = 2;
}

impl pallet_session::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = u64;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = ValidatorSet;
	type NextSessionRotation = ValidatorSet;
	type SessionManager = ValidatorSet;
	type SessionHandler = pallet_session::TestSessionHandler;
	type Keys = UintAuthorityId;
	type DisablingStrategy = ();
	type WeightInfo = ();
	type Currency = Balances;
	type KeyDeposit = ConstU64<10>;
}

impl pallet_validator_set::Config for Test {
	type ValidatorOrigin = EnsureRoot<u64>;
	type ValidatorRegistration = Session;
	type MaxValidators = MaxValidators;
	type MinValidators = MinValidators;
	type SessionPeriod = SessionPeriod;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = RegisterKeys;
}

/// Registers `UintAuthorityId(who)` as `who`'s session keys, paying the deposit.
pub struct RegisterKeys;
impl RegisterKeys {
	pub fn register(who: u64) {
		let _ = Balances::force_set_balance(RuntimeOrigin::root(), who, 1_000);
		Session::set_keys(RuntimeOrigin::signed(who), UintAuthorityId(who), Vec::new())
			.expect("keys registered");
	}
}
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for RegisterKeys {
	fn register_session_keys(who: &u64) {
		Self::register(*who)
	}
}

/// Genesis validators 1, 2, 3 with keys; accounts 1..=10 funded.
pub fn new_test_ext() -> TestExternalities {
	let validators = vec![1u64, 2, 3];
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=10).map(|who| (who, 1_000)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_validator_set::GenesisConfig::<Test> { initial_validators: validators.clone() }
		.assimilate_storage(&mut storage)
		.unwrap();
	pallet_session::GenesisConfig::<Test> {
		keys: validators.iter().map(|v| (*v, *v, UintAuthorityId(*v))).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Run `test` on the genesis state, then check the pallet's invariants.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		ValidatorSet::do_try_state().expect("invariants hold");
	});
}

/// Advance to block `n`, running every pallet's hooks (the session pallet rotates here).
pub fn run_to_block(n: u64) {
	System::run_to_block::<AllPalletsWithSystem>(n);
}
