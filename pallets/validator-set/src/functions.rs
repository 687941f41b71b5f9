//! The pallet's logic: set changes, the session pallet's hooks and the invariants.

use crate::{
	pallet::{Config, Error, Event, Pallet, PendingRotations, Validators},
	ROTATIONS_TO_APPLY_CHANGE,
};
use alloc::vec::Vec;
use polkadot_sdk::{
	frame_support::{
		ensure,
		pallet_prelude::*,
		traits::{EstimateNextSessionRotation, ValidatorRegistration},
	},
	frame_system::pallet_prelude::BlockNumberFor,
	pallet_session::{PeriodicSessions, SessionManager, ShouldEndSession},
	sp_runtime::{traits::Zero, Permill},
	sp_std::collections::btree_set::BTreeSet,
};

/// Periodic sessions of `Config::SessionPeriod` blocks, starting at block 0.
type Periodic<T> = PeriodicSessions<<T as Config>::SessionPeriod, ZeroOffset<T>>;

/// Offset 0 for [`PeriodicSessions`], typed as the runtime's block number.
pub struct ZeroOffset<T>(core::marker::PhantomData<T>);
impl<T: Config> Get<BlockNumberFor<T>> for ZeroOffset<T> {
	fn get() -> BlockNumberFor<T> {
		Zero::zero()
	}
}

impl<T: Config> Pallet<T> {
	/// Validate the genesis set: no duplicates, within `MinValidators..=MaxValidators`.
	pub(crate) fn checked_initial_set(
		initial: &[T::AccountId],
	) -> Result<BoundedVec<T::AccountId, T::MaxValidators>, &'static str> {
		let unique: BTreeSet<_> = initial.iter().collect();
		ensure!(unique.len() == initial.len(), "duplicate validator in the genesis set");
		ensure!(
			initial.len() >= T::MinValidators::get() as usize,
			"genesis set smaller than MinValidators"
		);
		BoundedVec::try_from(initial.to_vec()).map_err(|_| "genesis set larger than MaxValidators")
	}

	pub(crate) fn do_add_validator(who: T::AccountId) -> DispatchResult {
		ensure!(T::ValidatorRegistration::is_registered(&who), Error::<T>::NoSessionKeys);
		Validators::<T>::try_mutate(|set| -> DispatchResult {
			ensure!(!set.contains(&who), Error::<T>::AlreadyValidator);
			set.try_push(who.clone()).map_err(|_| Error::<T>::TooManyValidators)?;
			Ok(())
		})?;
		Self::schedule_rotation();
		Self::deposit_event(Event::ValidatorAdded { who });
		Ok(())
	}

	pub(crate) fn do_remove_validator(who: T::AccountId) -> DispatchResult {
		Validators::<T>::try_mutate(|set| -> DispatchResult {
			let position = set.iter().position(|v| v == &who).ok_or(Error::<T>::NotValidator)?;
			ensure!(set.len() > T::MinValidators::get() as usize, Error::<T>::TooFewValidators);
			set.remove(position);
			Ok(())
		})?;
		Self::schedule_rotation();
		Self::deposit_event(Event::ValidatorRemoved { who });
		Ok(())
	}

	/// A changed set must be queued by one rotation and activated by the next.
	fn schedule_rotation() {
		PendingRotations::<T>::put(ROTATIONS_TO_APPLY_CHANGE);
	}

	/// Invariants: the set is within bounds (once chosen) and has no duplicates; pending
	/// rotations never exceed the two a change needs.
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		let set = Validators::<T>::get();
		let unique: BTreeSet<_> = set.iter().collect();
		ensure!(unique.len() == set.len(), "duplicate validator");
		ensure!(
			set.is_empty() || set.len() >= T::MinValidators::get() as usize,
			"fewer than MinValidators"
		);
		ensure!(
			PendingRotations::<T>::get() <= ROTATIONS_TO_APPLY_CHANGE,
			"more pending rotations than a change needs"
		);
		Ok(())
	}
}

impl<T: Config> SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(_new_index: u32) -> Option<Vec<T::AccountId>> {
		let pending = PendingRotations::<T>::get();
		if pending == 0 {
			return None;
		}
		PendingRotations::<T>::put(pending - 1);
		// The first rotation after a change queues the new set; the second only lets the
		// session pallet activate what it queued.
		(pending == ROTATIONS_TO_APPLY_CHANGE).then(|| Validators::<T>::get().into_inner())
	}

	fn new_session_genesis(_new_index: u32) -> Option<Vec<T::AccountId>> {
		let set = Validators::<T>::get();
		(!set.is_empty()).then(|| set.into_inner())
	}

	fn end_session(_end_index: u32) {}

	fn start_session(_start_index: u32) {}
}

impl<T: Config> ShouldEndSession<BlockNumberFor<T>> for Pallet<T> {
	fn should_end_session(now: BlockNumberFor<T>) -> bool {
		PendingRotations::<T>::get() > 0 || Periodic::<T>::should_end_session(now)
	}
}

impl<T: Config> EstimateNextSessionRotation<BlockNumberFor<T>> for Pallet<T> {
	fn average_session_length() -> BlockNumberFor<T> {
		T::SessionPeriod::get()
	}

	fn estimate_current_session_progress(now: BlockNumberFor<T>) -> (Option<Permill>, Weight) {
		Periodic::<T>::estimate_current_session_progress(now)
	}

	fn estimate_next_session_rotation(
		now: BlockNumberFor<T>,
	) -> (Option<BlockNumberFor<T>>, Weight) {
		if PendingRotations::<T>::get() > 0 {
			return (Some(now + 1u32.into()), T::DbWeight::get().reads(1));
		}
		let (next, weight) = Periodic::<T>::estimate_next_session_rotation(now);
		(next, weight.saturating_add(T::DbWeight::get().reads(1)))
	}
}
