//! Weights for `pallet_custody`: **PLACEHOLDERS, NOT MEASURED.**
//!
//! The pallet is not in the runtime yet, so `scripts/bench.sh` cannot measure it. These are
//! round, deliberately conservative numbers written by hand (no benchmark produced them):
//! each call's storage reads and writes estimated from the code, its time a round figure above
//! what the security-token pallet's measured movements cost (a token leg is charged 250 µs,
//! about three times the 84 µs `transfer_by_partition` measured on 2026-11-22; a binding purged
//! is charged as if it carried 32 mandates). Regenerate this file with
//! `scripts/bench.sh` (template `scripts/weight-template.hbs`) once the pallet is in the
//! runtime; the benchmarks in `benchmarking.rs` measure every call at its worst path.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use polkadot_sdk::frame_support::{
	traits::Get,
	weights::{constants::ParityDbWeight, Weight},
};

/// Weight functions needed for `pallet_custody`.
pub trait WeightInfo {
	fn register_custodian() -> Weight;
	fn set_custodian_roles() -> Weight;
	fn suspend_custodian() -> Weight;
	fn reinstate_custodian() -> Weight;
	fn remove_custodian() -> Weight;
	fn bind_venue_account() -> Weight;
	fn unbind_venue_account() -> Weight;
	fn grant_mandate() -> Weight;
	fn revoke_mandate() -> Weight;
	fn suspend_mandate() -> Weight;
	fn resume_mandate() -> Weight;
	fn settle(l: u32, c: u32, ) -> Weight;
	fn purge_custodian_accounts(n: u32, ) -> Weight;
}

/// Weights with the runtime's database weights (placeholders, see the file's header).
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_custodian() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(50_000_000, 10000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn set_custodian_roles() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(30_000_000, 5000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn suspend_custodian() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(30_000_000, 5000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn reinstate_custodian() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(30_000_000, 5000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn remove_custodian() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(30_000_000, 5000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn bind_venue_account() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(80_000_000, 15000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	fn unbind_venue_account() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(60_000_000, 10000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn grant_mandate() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(80_000_000, 15000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn revoke_mandate() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(50_000_000, 10000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn suspend_mandate() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(50_000_000, 15000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn resume_mandate() -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(50_000_000, 15000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// The range of component `l` is `[1, MaxLegs]`.
	/// The range of component `c` is `[0, MaxCashLegs]`.
	fn settle(l: u32, c: u32, ) -> Weight {
		// Placeholder: not measured.
		Weight::from_parts(100_000_000, 20000)
			.saturating_add(Weight::from_parts(250_000_000, 0).saturating_mul(l.into()))
			.saturating_add(Weight::from_parts(100_000_000, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().reads((11_u64).saturating_mul(l.into())))
			.saturating_add(T::DbWeight::get().reads((6_u64).saturating_mul(c.into())))
			.saturating_add(T::DbWeight::get().writes(4_u64))
			.saturating_add(T::DbWeight::get().writes((6_u64).saturating_mul(l.into())))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(c.into())))
			.saturating_add(Weight::from_parts(0, 30000).saturating_mul(l.into()))
			.saturating_add(Weight::from_parts(0, 10000).saturating_mul(c.into()))
	}
	/// The range of component `n` is `[0, 100]`.
	fn purge_custodian_accounts(n: u32, ) -> Weight {
		// Placeholder: not measured. Each binding carries `MaxMandatesPerBinding` (32 counted)
		// mandates.
		Weight::from_parts(50_000_000, 10000)
			.saturating_add(Weight::from_parts(500_000_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().reads((36_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((36_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 100000).saturating_mul(n.into()))
	}
}

/// The same placeholders with ParityDB's database weights, for tests and mocks.
impl WeightInfo for () {
	fn register_custodian() -> Weight {
		Weight::from_parts(50_000_000, 10000)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn set_custodian_roles() -> Weight {
		Weight::from_parts(30_000_000, 5000)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn suspend_custodian() -> Weight {
		Weight::from_parts(30_000_000, 5000)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn reinstate_custodian() -> Weight {
		Weight::from_parts(30_000_000, 5000)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn remove_custodian() -> Weight {
		Weight::from_parts(30_000_000, 5000)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn bind_venue_account() -> Weight {
		Weight::from_parts(80_000_000, 15000)
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
	}
	fn unbind_venue_account() -> Weight {
		Weight::from_parts(60_000_000, 10000)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn grant_mandate() -> Weight {
		Weight::from_parts(80_000_000, 15000)
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn revoke_mandate() -> Weight {
		Weight::from_parts(50_000_000, 10000)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn suspend_mandate() -> Weight {
		Weight::from_parts(50_000_000, 15000)
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn resume_mandate() -> Weight {
		Weight::from_parts(50_000_000, 15000)
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn settle(l: u32, c: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20000)
			.saturating_add(Weight::from_parts(250_000_000, 0).saturating_mul(l.into()))
			.saturating_add(Weight::from_parts(100_000_000, 0).saturating_mul(c.into()))
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().reads((11_u64).saturating_mul(l.into())))
			.saturating_add(ParityDbWeight::get().reads((6_u64).saturating_mul(c.into())))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
			.saturating_add(ParityDbWeight::get().writes((6_u64).saturating_mul(l.into())))
			.saturating_add(ParityDbWeight::get().writes((4_u64).saturating_mul(c.into())))
			.saturating_add(Weight::from_parts(0, 30000).saturating_mul(l.into()))
			.saturating_add(Weight::from_parts(0, 10000).saturating_mul(c.into()))
	}
	fn purge_custodian_accounts(n: u32, ) -> Weight {
		Weight::from_parts(50_000_000, 10000)
			.saturating_add(Weight::from_parts(500_000_000, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().reads((36_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
			.saturating_add(ParityDbWeight::get().writes((36_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 100000).saturating_mul(n.into()))
	}
}
