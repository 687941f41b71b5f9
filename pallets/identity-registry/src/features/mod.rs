//! The registry's logic, by topic (the calls in `lib.rs` only read their origin and call the
//! `do_*` function here that checks the caller's role and does the work).

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helpers;
mod claims;
mod consents;
mod evm_wallets;
mod identities;
mod invariants;
mod issuers;
mod reads;
mod registrars;
mod wallets;

use crate::*;
use frame_support::{pallet_prelude::DispatchError, traits::EnsureOrigin};
use polkadot_sdk::frame_system::{ensure_signed, pallet_prelude::OriginFor};

impl<T: Config> Pallet<T> {
	/// The origin of a call that governance or a signed account may make: `None` for
	/// `Config::GovernanceOrigin`, the signing account otherwise (whose role the call's `do_*`
	/// function checks).
	pub(crate) fn governance_or_signed(origin: OriginFor<T>) -> Result<Option<T::AccountId>, DispatchError> {
		match T::GovernanceOrigin::try_origin(origin) {
			Ok(_) => Ok(None),
			Err(origin) => Ok(Some(ensure_signed(origin)?)),
		}
	}
}

/// Whether `items` holds an item twice.
pub(crate) fn has_duplicates<X: Ord>(items: &[X]) -> bool {
	let mut seen = alloc::collections::BTreeSet::new();
	!items.iter().all(|item| seen.insert(item))
}
