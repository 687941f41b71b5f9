//! # Validator Set Pallet
//!
//! The consortium's block producers and finality voters. Governance (the consortium council, or
//! root on development chains) adds and removes validators while the chain runs; the change takes
//! effect through `pallet-session` without restarting any node.
//!
//! ## Terminology
//!
//! - **Validator**: an account whose session keys (Aura + GRANDPA) author blocks and vote on
//!   finality. Its node runs with `--validator` and holds the private session keys.
//! - **Session**: a period with a fixed validator set. A set chosen in session `n` becomes active
//!   in session `n + 1` (the session pallet queues it one session ahead).
//! - **Forced rotation**: after a change to the set, this pallet ends the next two sessions at the
//!   next two blocks, so the new set is active two blocks later instead of waiting for the end of
//!   the periodic session.
//!
//! ## Interface
//!
//! ### Privileged calls (`Config::ValidatorOrigin`)
//! - [`Pallet::add_validator`]: add an account whose session keys are registered.
//! - [`Pallet::remove_validator`]: remove an account, never below `Config::MinValidators`.
//!
//! ### For the runtime
//! - [`Pallet`] implements `pallet_session::SessionManager` (hands the set to the session pallet),
//!   `pallet_session::ShouldEndSession` (periodic sessions plus forced rotations) and
//!   `EstimateNextSessionRotation`. Configure the session pallet with
//!   `SessionManager = ValidatorSet`, `ShouldEndSession = ValidatorSet`,
//!   `NextSessionRotation = ValidatorSet`, and place this pallet before `Session` in the runtime
//!   so its genesis set exists when the session pallet builds its genesis.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod migrations;
pub mod weights;

use polkadot_sdk::{frame_support, frame_system};

/// How many forced session rotations bring a changed set into force: the first queues it, the
/// second activates it.
pub const ROTATIONS_TO_APPLY_CHANGE: u8 = 2;

/// Hooks the benchmarks need from the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Register session keys for `who`, as `pallet_session::set_keys` would.
	fn register_session_keys(who: &AccountId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{pallet_prelude::*, traits::ValidatorRegistration};
	use frame_system::pallet_prelude::*;

	/// The version of this pallet's storage layout: every change of it ships with a migration
	/// ([`crate::migrations`]).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Who may add and remove validators: the consortium's governance.
		type ValidatorOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Whether an account has registered session keys (the session pallet).
		type ValidatorRegistration: ValidatorRegistration<Self::AccountId>;

		/// Upper bound of the validator set.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// Lower bound of the validator set: removals below it are refused.
		#[pallet::constant]
		type MinValidators: Get<u32>;

		/// Length of a session in blocks when the set does not change.
		#[pallet::constant]
		type SessionPeriod: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Registers session keys for benchmark accounts.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The validator set chosen by governance, in the order it was built. It becomes the
	/// session pallet's active set at most two blocks after a change.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// Forced session rotations still needed to bring the latest change into force
	/// (0 when the session pallet already has the set).
	#[pallet::storage]
	pub type PendingRotations<T: Config> = StorageValue<_, u8, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The validators of the first session. Each needs session keys in the session
		/// pallet's genesis.
		pub initial_validators: Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// An empty genesis set leaves the choice to the session pallet's genesis keys.
			if self.initial_validators.is_empty() {
				return;
			}
			let set = Pallet::<T>::checked_initial_set(&self.initial_validators)
				.expect("invalid genesis validator set");
			Validators::<T>::put(set);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `who` joins the validator set; it authors and votes from the second block on.
		ValidatorAdded { who: T::AccountId },
		/// `who` leaves the validator set; it stops authoring and voting two blocks later.
		ValidatorRemoved { who: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a validator.
		AlreadyValidator,
		/// The account is not a validator.
		NotValidator,
		/// The set already holds `MaxValidators` validators.
		TooManyValidators,
		/// Removing the account would leave fewer than `MinValidators` validators.
		TooFewValidators,
		/// The account has not registered session keys (`session.set_keys`), so it could
		/// neither author nor vote.
		NoSessionKeys,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_now: BlockNumberFor<T>) -> Weight {
			// `should_end_session`, called by the session pallet in this block's
			// `on_initialize`, reads `PendingRotations`.
			T::DbWeight::get().reads(1)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Add `who` to the validator set.
		///
		/// - origin: `Config::ValidatorOrigin` (the council, or root on development chains).
		/// - `who`: an account that has registered session keys with `session.set_keys`.
		///
		/// Emits `ValidatorAdded`. The next two blocks rotate the session, after which `who`
		/// authors blocks and votes on finality. O(n) in the size of the set.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_validator(T::MaxValidators::get()))]
		pub fn add_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::ValidatorOrigin::ensure_origin(origin)?;
			Self::do_add_validator(who)
		}

		/// Remove `who` from the validator set.
		///
		/// - origin: `Config::ValidatorOrigin`.
		/// - `who`: a current validator; the set must keep at least `MinValidators`.
		///
		/// Emits `ValidatorRemoved`. The next two blocks rotate the session, after which `who`
		/// no longer authors or votes. O(n) in the size of the set.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_validator(T::MaxValidators::get()))]
		pub fn remove_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::ValidatorOrigin::ensure_origin(origin)?;
			Self::do_remove_validator(who)
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// The validator set chosen by governance (active at most two blocks after a change).
		pub fn validators() -> Vec<T::AccountId> {
			Validators::<T>::get().into_inner()
		}
	}
}
