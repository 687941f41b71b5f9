//! Weights for `pallet_compliance`. PROVISIONAL: written by hand before the first run of
//! `scripts/bench.sh compliance`, which replaces this file with measured weights.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use polkadot_sdk::frame_support::{
	traits::Get,
	weights::{constants::ParityDbWeight, Weight},
};

/// Weight functions needed for `pallet_compliance`.
pub trait WeightInfo {
	fn set_rules(r: u32, ) -> Weight;
	fn set_exemptions(e: u32, ) -> Weight;
	fn set_trading_paused() -> Weight;
	fn rule_claims(c: u32, ) -> Weight;
	fn rule_jurisdiction() -> Weight;
	fn rule_investor_type() -> Weight;
	fn rule_max_holders_in() -> Weight;
	fn rule_volume() -> Weight;
	fn rule_arithmetic() -> Weight;
}

/// Measured weights, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn set_rules(r: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 10_000)
			.saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn set_exemptions(e: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 10_000)
			.saturating_add(Weight::from_parts(200_000, 0).saturating_mul(e.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn set_trading_paused() -> Weight {
		Weight::from_parts(40_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn rule_claims(c: u32, ) -> Weight {
		Weight::from_parts(2_000_000, 0)
			.saturating_add(Weight::from_parts(10_000_000, 3_000).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(c.into())))
	}
	fn rule_jurisdiction() -> Weight {
		Weight::from_parts(10_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
	}
	fn rule_investor_type() -> Weight {
		Weight::from_parts(10_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
	}
	fn rule_max_holders_in() -> Weight {
		Weight::from_parts(12_000_000, 8_000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
	}
	fn rule_volume() -> Weight {
		Weight::from_parts(12_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn rule_arithmetic() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
}

/// The same numbers with ParityDB's read and write costs, for tests and mocks.
impl WeightInfo for () {
	fn set_rules(r: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 10_000)
			.saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(r.into()))
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn set_exemptions(e: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 10_000)
			.saturating_add(Weight::from_parts(200_000, 0).saturating_mul(e.into()))
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn set_trading_paused() -> Weight {
		Weight::from_parts(40_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn rule_claims(c: u32, ) -> Weight {
		Weight::from_parts(2_000_000, 0)
			.saturating_add(Weight::from_parts(10_000_000, 3_000).saturating_mul(c.into()))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(c.into())))
	}
	fn rule_jurisdiction() -> Weight {
		Weight::from_parts(10_000_000, 6_000)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
	}
	fn rule_investor_type() -> Weight {
		Weight::from_parts(10_000_000, 6_000)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
	}
	fn rule_max_holders_in() -> Weight {
		Weight::from_parts(12_000_000, 8_000)
			.saturating_add(ParityDbWeight::get().reads(5_u64))
	}
	fn rule_volume() -> Weight {
		Weight::from_parts(12_000_000, 4_000)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn rule_arithmetic() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
}
