//! Benchmarks, each at its call's worst case: a token's checkpoint list full but for one
//! (`MaxCheckpoints` − 1), of which `MaxScheduled` − 1 scheduled and due; `take_due` with `s`
//! due; `record` of a new identity (the list read, the record's absence checked, written);
//! `clear_retired` of `n` records.

use super::*;
use crate::Pallet as CorporateActions;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, Get, Time},
	BoundedVec,
};
use sp_runtime::Saturating;
use frame_system::RawOrigin;
use polkadot_sdk::frame_benchmarking;
use sto_primitives::checkpoint::CheckpointMarks;

/// Fill `token`'s list with `taken` taken checkpoints (epochs 1..=taken) and `due` scheduled
/// ones whose record date has passed, as `manager`'s; the token's marks to match.
fn fill<T: Config>(token: TokenId, manager: &T::AccountId, taken: u32, due: u32) {
	let now = T::Time::now();
	let partitions = T::MaxPartitions::get() as usize;
	let mut list = CheckpointsOf::<T>::new();
	for id in 0..taken + due {
		let checkpoint = Checkpoint {
			id,
			record_date: now.saturating_sub(1),
			epoch: (id < taken).then_some(id + 1),
			supplies: if id < taken {
				BoundedVec::truncate_from(alloc::vec![1_000; partitions])
			} else {
				BoundedVec::new()
			},
			references: 0,
			retired: false,
			creator: manager.clone(),
			deposit: Default::default(),
		};
		let _ = list.try_push(checkpoint);
	}
	NextCheckpointId::<T>::insert(token, taken + due);
	let next_due = CorporateActions::<T>::next_due(&list);
	Checkpoints::<T>::insert(token, list);
	T::Tokens::set_checkpoint_marks(token, CheckpointMarks { epoch: taken, next_due });
}

fn funded<T: Config>() -> (TokenId, T::AccountId) {
	let (token, manager) = T::BenchmarkHelper::token_and_manager();
	let _ = T::Currency::mint_into(&manager, T::CheckpointDeposit::get().saturating_mul(1_000u32.into()));
	(token, manager)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_checkpoint() {
		let (token, manager) = funded::<T>();
		let due = T::MaxScheduled::get();
		let taken = T::MaxCheckpoints::get().saturating_sub(due + 1);
		fill::<T>(token, &manager, taken, due);

		#[extrinsic_call]
		_(RawOrigin::Signed(manager), token);

		let list = Checkpoints::<T>::get(token);
		assert_eq!(list.len() as u32, T::MaxCheckpoints::get());
		assert!(list.iter().all(|checkpoint| checkpoint.epoch.is_some()));
	}

	#[benchmark]
	fn schedule_checkpoint() {
		let (token, manager) = funded::<T>();
		let scheduled = T::MaxScheduled::get().saturating_sub(1);
		let taken = T::MaxCheckpoints::get().saturating_sub(scheduled + 1);
		fill::<T>(token, &manager, taken, 0);
		let now = T::Time::now();
		for _ in 0..scheduled {
			CorporateActions::<T>::do_schedule_checkpoint(manager.clone(), token, now + 1_000_000)
				.expect("room to schedule");
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(manager), token, now + 1);

		assert_eq!(Checkpoints::<T>::get(token).len() as u32, T::MaxCheckpoints::get());
	}

	/// A scheduled checkpoint: removed at once, the token's marks rewritten.
	#[benchmark]
	fn retire_checkpoint() {
		let (token, manager) = funded::<T>();
		let taken = T::MaxCheckpoints::get().saturating_sub(1);
		fill::<T>(token, &manager, taken, 0);
		let now = T::Time::now();
		CorporateActions::<T>::do_schedule_checkpoint(manager.clone(), token, now + 1_000).expect("room");

		#[extrinsic_call]
		_(RawOrigin::Signed(manager), token, taken);

		assert_eq!(Checkpoints::<T>::get(token).len() as u32, taken);
	}

	#[benchmark]
	fn clear_retired(n: Linear<1, { T::MaxClearPerCall::get() }>) {
		let (token, manager) = funded::<T>();
		let taken = T::MaxCheckpoints::get();
		fill::<T>(token, &manager, taken, 0);
		Checkpoints::<T>::mutate(token, |list| list[0].retired = true);
		let balances: PartitionBalancesOf<T> =
			BoundedVec::truncate_from((0..T::MaxPartitions::get() as PartitionId).map(|p| (p, 1_000)).collect());
		for identity in 0..n {
			Snapshots::<T>::insert((token, 1, identity as IdentityId), balances.clone());
		}
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), token, n);

		assert_eq!(Checkpoints::<T>::get(token).len() as u32, taken - 1);
		assert_eq!(Snapshots::<T>::iter_prefix((token, 1)).count(), 0);
	}

	/// The movement path's part when `s` scheduled checkpoints are due.
	#[benchmark]
	fn take_due(s: Linear<1, { T::MaxScheduled::get() }>) {
		let (token, manager) = funded::<T>();
		let taken = T::MaxCheckpoints::get().saturating_sub(s);
		fill::<T>(token, &manager, taken, s);
		let supplies = alloc::vec![1_000; T::MaxPartitions::get() as usize];
		let now = T::Time::now();

		#[block]
		{
			<CorporateActions<T> as CheckpointObserver>::take_due(token, now, taken + 1, &supplies);
		}

		assert!(Checkpoints::<T>::get(token).iter().all(|checkpoint| checkpoint.epoch.is_some()));
	}

	/// The movement path's part at an identity's first change after a checkpoint.
	#[benchmark]
	fn record() {
		let (token, manager) = funded::<T>();
		let taken = T::MaxCheckpoints::get();
		fill::<T>(token, &manager, taken, 0);
		let balances: alloc::vec::Vec<(PartitionId, TokenBalance)> =
			(0..T::MaxPartitions::get() as PartitionId).map(|p| (p, 1_000)).collect();

		#[block]
		{
			<CorporateActions<T> as CheckpointObserver>::record(token, taken, 7, &balances);
		}

		assert!(Snapshots::<T>::contains_key((token, taken, 7)));
	}

	impl_benchmark_test_suite!(CorporateActions, crate::mock::new_test_ext(), crate::mock::Test);
}
