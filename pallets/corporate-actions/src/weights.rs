//! Weights for `pallet_corporate_actions`.
//!
//! NOT YET GENERATED: `scripts/bench.sh corporate-actions` has not run for this pallet yet.
//! Until it does, these are conservative hand estimates (execution time well above the token's
//! measured movement, storage reads and writes counted from the code); the benchmarks
//! (`benchmarking.rs`) exist and run as tests.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use polkadot_sdk::frame_support::{
	traits::Get,
	weights::{constants::ParityDbWeight, Weight},
};

/// Weight functions needed for `pallet_corporate_actions`.
pub trait WeightInfo {
	fn create_checkpoint() -> Weight;
	fn schedule_checkpoint() -> Weight;
	fn retire_checkpoint() -> Weight;
	fn clear_retired(n: u32, ) -> Weight;
	fn take_due(s: u32, ) -> Weight;
	fn record() -> Weight;
}

/// Weights for `pallet_corporate_actions` using the runtime's `DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `SecurityToken::Tokens` (r:1 w:1), `IdentityRegistry::IdentityOf` (r:1),
	/// `SecurityToken::Agents` (r:1), `CorporateActions::Checkpoints` (r:1 w:1),
	/// `CorporateActions::NextCheckpointId` (r:1 w:1), `Balances::Holds` (r:1 w:1),
	/// `System::Account` (r:1 w:1).
	fn create_checkpoint() -> Weight {
		Weight::from_parts(120_000_000, 40_000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	fn schedule_checkpoint() -> Weight {
		Weight::from_parts(120_000_000, 40_000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	fn retire_checkpoint() -> Weight {
		Weight::from_parts(100_000_000, 40_000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// `n` records removed.
	fn clear_retired(n: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 40_000)
			.saturating_add(Weight::from_parts(10_000_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(n.into())))
	}
	/// `s` scheduled checkpoints taken.
	fn take_due(s: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 40_000)
			.saturating_add(Weight::from_parts(5_000_000, 0).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `CorporateActions::Checkpoints` (r:1), `CorporateActions::Snapshots` (r:1 w:1).
	fn record() -> Weight {
		Weight::from_parts(30_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

// For tests and the mock runtimes.
impl WeightInfo for () {
	fn create_checkpoint() -> Weight {
		Weight::from_parts(120_000_000, 40_000)
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
	}
	fn schedule_checkpoint() -> Weight {
		Weight::from_parts(120_000_000, 40_000)
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
	}
	fn retire_checkpoint() -> Weight {
		Weight::from_parts(100_000_000, 40_000)
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn clear_retired(n: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 40_000)
			.saturating_add(Weight::from_parts(10_000_000, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(n.into())))
	}
	fn take_due(s: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 40_000)
			.saturating_add(Weight::from_parts(5_000_000, 0).saturating_mul(s.into()))
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn record() -> Weight {
		Weight::from_parts(30_000_000, 6_000)
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
}
