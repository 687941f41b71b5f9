//! Benchmarks of the validator set pallet: each call at its worst case (a full set, the
//! account at the end of the scan).

use super::*;
use crate::pallet::{Pallet, Validators};
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{pallet_prelude::*, traits::EnsureOrigin};
use polkadot_sdk::{frame_benchmarking, frame_support};

fn fill_set<T: Config>(n: u32) -> Result<(), BenchmarkError> {
	let set: Vec<T::AccountId> = (0..n).map(|i| account("validator", i, 0)).collect();
	let set = BoundedVec::try_from(set).map_err(|_| BenchmarkError::Stop("set too large"))?;
	Validators::<T>::put(set);
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `n`: validators already in the set.
	#[benchmark]
	fn add_validator(n: Linear<1, { T::MaxValidators::get() - 1 }>) -> Result<(), BenchmarkError> {
		fill_set::<T>(n)?;
		let who: T::AccountId = account("candidate", 0, 0);
		T::BenchmarkHelper::register_session_keys(&who);
		let origin =
			T::ValidatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert_eq!(Validators::<T>::get().last(), Some(&who));
		Ok(())
	}

	/// `n`: validators in the set; the removed one is last, so the scan is the longest.
	#[benchmark]
	fn remove_validator(
		n: Linear<{ T::MinValidators::get() + 1 }, { T::MaxValidators::get() }>,
	) -> Result<(), BenchmarkError> {
		fill_set::<T>(n)?;
		let who: T::AccountId = account("validator", n - 1, 0);
		let origin =
			T::ValidatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Validators::<T>::get().contains(&who));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
