//! Weights for `pallet_offering`: placeholders until `scripts/bench.sh` measures them (the
//! reads and writes of each call's worst case counted by hand, 100 µs per call and 150 µs per
//! settled subscription).

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use polkadot_sdk::frame_support::{
	traits::Get,
	weights::{constants::ParityDbWeight, Weight},
};

/// Weight functions needed for `pallet_offering`.
pub trait WeightInfo {
	fn create_offering() -> Weight;
	fn subscribe() -> Weight;
	fn withdraw() -> Weight;
	fn close() -> Weight;
	fn settle(n: u32, ) -> Weight;
	fn cancel() -> Weight;
	fn clear_offering() -> Weight;
}

/// Measured weights, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn create_offering() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn subscribe() -> Weight {
		Weight::from_parts(150_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	fn close() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn settle(n: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000)
			.saturating_add(Weight::from_parts(150_000_000, 20_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().reads((12_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((8_u64).saturating_mul(n.into())))
	}
	fn cancel() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn clear_offering() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
}

impl WeightInfo for () {
	fn create_offering() -> Weight { Weight::from_parts(100_000_000, 10_000) }
	fn subscribe() -> Weight { Weight::from_parts(150_000_000, 20_000) }
	fn withdraw() -> Weight { Weight::from_parts(100_000_000, 10_000) }
	fn close() -> Weight { Weight::from_parts(100_000_000, 10_000) }
	fn settle(n: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(150_000_000, 20_000).saturating_mul(n.into()))
	}
	fn cancel() -> Weight { Weight::from_parts(100_000_000, 10_000) }
	fn clear_offering() -> Weight { Weight::from_parts(100_000_000, 10_000) }
}
