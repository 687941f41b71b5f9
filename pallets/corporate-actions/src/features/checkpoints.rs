//! Checkpoints: create now, schedule, take when due, retire, clear retired records, references,
//! and the reads (`balance_at`, `supply_at`).

use crate::*;
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision, Time},
};
use sto_primitives::checkpoint::{CheckpointMarks, CheckpointTokens};

impl<T: Config> Pallet<T> {
	/// The caller may manage `token`'s checkpoints (its owner or a transfer agent).
	pub(crate) fn ensure_manager(who: &T::AccountId, token: TokenId) -> DispatchResult {
		ensure!(T::Tokens::checkpoint_state(token).is_some(), Error::<T>::UnknownToken);
		ensure!(T::Tokens::can_manage_checkpoints(token, who), Error::<T>::NotAuthorized);
		Ok(())
	}

	/// Store `token`'s list (an empty one goes).
	fn store(token: TokenId, list: CheckpointsOf<T>) {
		if list.is_empty() {
			Checkpoints::<T>::remove(token);
		} else {
			Checkpoints::<T>::insert(token, list);
		}
	}

	/// The earliest record date still scheduled.
	pub(crate) fn next_due(list: &[CheckpointOf<T>]) -> Option<Moment> {
		list.iter().filter(|checkpoint| checkpoint.is_scheduled()).map(|checkpoint| checkpoint.record_date).min()
	}

	/// Take the scheduled checkpoints of `list` due at `now` as `epoch`, at `supplies`.
	pub(crate) fn take_due_in(
		token: TokenId,
		list: &mut CheckpointsOf<T>,
		now: Moment,
		epoch: CheckpointEpoch,
		supplies: &[TokenBalance],
	) {
		for checkpoint in list.iter_mut().filter(|checkpoint| checkpoint.is_scheduled() && checkpoint.record_date <= now) {
			checkpoint.epoch = Some(epoch);
			checkpoint.supplies = BoundedVec::truncate_from(supplies.to_vec());
			Self::deposit_event(Event::CheckpointTaken { token, checkpoint: checkpoint.id, epoch });
		}
	}

	/// Take `token`'s scheduled checkpoints due now, with the live supplies (nothing moved
	/// since their record dates, or they would be taken). Reads the token and its list;
	/// writes both only when some are due.
	pub(crate) fn take_due_now(token: TokenId) -> DispatchResult {
		let (mut marks, supplies) = T::Tokens::checkpoint_state(token).ok_or(Error::<T>::UnknownToken)?;
		let now = T::Time::now();
		if marks.due(now) {
			let mut list = Checkpoints::<T>::get(token);
			marks.epoch = marks.epoch.checked_add(1).ok_or(Error::<T>::Overflow)?;
			Self::take_due_in(token, &mut list, now, marks.epoch, &supplies);
			marks.next_due = Self::next_due(&list);
			Checkpoints::<T>::insert(token, list);
			T::Tokens::set_checkpoint_marks(token, marks);
		}
		Ok(())
	}

	/// A new checkpoint record (its id, the deposit held from `who`).
	fn new_checkpoint(
		who: &T::AccountId,
		token: TokenId,
		record_date: Moment,
	) -> Result<CheckpointOf<T>, DispatchError> {
		let id = NextCheckpointId::<T>::get(token);
		NextCheckpointId::<T>::insert(token, id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let deposit = T::CheckpointDeposit::get();
		T::Currency::hold(&HoldReason::Checkpoint.into(), who, deposit)?;
		Self::deposit_event(Event::CheckpointCreated { token, checkpoint: id, record_date, creator: who.clone() });
		Ok(Checkpoint {
			id,
			record_date,
			epoch: None,
			supplies: BoundedVec::new(),
			references: 0,
			retired: false,
			creator: who.clone(),
			deposit,
		})
	}

	/// Release a removed checkpoint's deposit.
	fn release(token: TokenId, checkpoint: &CheckpointOf<T>) {
		// What was held is released (a smaller amount only if the hold was slashed, which
		// nothing here does).
		let _ = T::Currency::release(&HoldReason::Checkpoint.into(), &checkpoint.creator, checkpoint.deposit, Precision::BestEffort);
		Self::deposit_event(Event::CheckpointRemoved { token, checkpoint: checkpoint.id });
	}

	pub(crate) fn do_create_checkpoint(who: T::AccountId, token: TokenId) -> DispatchResult {
		Self::ensure_manager(&who, token)?;
		let (mut marks, supplies) = T::Tokens::checkpoint_state(token).ok_or(Error::<T>::UnknownToken)?;
		let mut list = Checkpoints::<T>::get(token);
		ensure!((list.len() as u32) < T::MaxCheckpoints::get(), Error::<T>::TooManyCheckpoints);
		let now = T::Time::now();
		if marks.due(now) {
			// Nothing moved since those record dates: they freeze what this one freezes.
			marks.epoch = marks.epoch.checked_add(1).ok_or(Error::<T>::Overflow)?;
			Self::take_due_in(token, &mut list, now, marks.epoch, &supplies);
		}
		marks.epoch = marks.epoch.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let mut checkpoint = Self::new_checkpoint(&who, token, now)?;
		checkpoint.epoch = Some(marks.epoch);
		checkpoint.supplies = BoundedVec::truncate_from(supplies);
		let id = checkpoint.id;
		list.try_push(checkpoint).map_err(|_| Error::<T>::TooManyCheckpoints)?;
		marks.next_due = Self::next_due(&list);
		Checkpoints::<T>::insert(token, list);
		T::Tokens::set_checkpoint_marks(token, marks);
		Self::deposit_event(Event::CheckpointTaken { token, checkpoint: id, epoch: marks.epoch });
		Ok(())
	}

	pub(crate) fn do_schedule_checkpoint(who: T::AccountId, token: TokenId, record_date: Moment) -> DispatchResult {
		Self::ensure_manager(&who, token)?;
		let (mut marks, _) = T::Tokens::checkpoint_state(token).ok_or(Error::<T>::UnknownToken)?;
		ensure!(record_date > T::Time::now(), Error::<T>::RecordDateNotInFuture);
		let mut list = Checkpoints::<T>::get(token);
		ensure!((list.len() as u32) < T::MaxCheckpoints::get(), Error::<T>::TooManyCheckpoints);
		let scheduled = list.iter().filter(|checkpoint| checkpoint.is_scheduled()).count() as u32;
		ensure!(scheduled < T::MaxScheduled::get(), Error::<T>::TooManyScheduled);
		let checkpoint = Self::new_checkpoint(&who, token, record_date)?;
		list.try_push(checkpoint).map_err(|_| Error::<T>::TooManyCheckpoints)?;
		marks.next_due = Self::next_due(&list);
		Checkpoints::<T>::insert(token, list);
		T::Tokens::set_checkpoint_marks(token, marks);
		Ok(())
	}

	pub(crate) fn do_retire_checkpoint(who: T::AccountId, token: TokenId, id: CheckpointId) -> DispatchResult {
		Self::ensure_manager(&who, token)?;
		let mut list = Checkpoints::<T>::get(token);
		let at = list.iter().position(|checkpoint| checkpoint.id == id).ok_or(Error::<T>::UnknownCheckpoint)?;
		ensure!(!list[at].retired, Error::<T>::AlreadyRetired);
		ensure!(list[at].references == 0, Error::<T>::Referenced);
		Self::deposit_event(Event::CheckpointRetired { token, checkpoint: id });
		if list[at].is_scheduled() {
			// Nothing was recorded for it: it goes now, and the token's next record date with it.
			let checkpoint = list.remove(at);
			Self::release(token, &checkpoint);
			if let Some((mut marks, _)) = T::Tokens::checkpoint_state(token) {
				marks.next_due = Self::next_due(&list);
				T::Tokens::set_checkpoint_marks(token, marks);
			}
		} else {
			list[at].retired = true;
		}
		Self::store(token, list);
		Ok(())
	}

	/// Remove up to `limit` records of retired checkpoints of `token`, oldest epoch first,
	/// while every checkpoint taken before them is retired; a checkpoint whose records are all
	/// gone is removed and its deposit released. How many records were removed.
	pub(crate) fn do_clear_retired(token: TokenId, limit: u32) -> Result<u32, DispatchError> {
		ensure!(limit <= T::MaxClearPerCall::get(), Error::<T>::LimitTooHigh);
		let mut list = Checkpoints::<T>::get(token);
		let mut removed = 0u32;
		let mut progress = false;
		loop {
			// The oldest taken checkpoint, if retired.
			let Some(at) = list
				.iter()
				.enumerate()
				.filter(|(_, checkpoint)| checkpoint.epoch.is_some())
				.min_by_key(|(_, checkpoint)| (checkpoint.epoch, checkpoint.id))
				.map(|(at, _)| at)
			else {
				break
			};
			if !list[at].retired {
				break;
			}
			let epoch = list[at].epoch.unwrap_or_default();
			let shared = list.iter().enumerate().any(|(other, checkpoint)| other != at && checkpoint.epoch == Some(epoch));
			if !shared {
				let budget = limit.saturating_sub(removed);
				if budget == 0 {
					break;
				}
				// Keys first, then removals (no writes while iterating); one more key than the
				// budget tells whether the epoch is done.
				let keys: Vec<IdentityId> =
					Snapshots::<T>::iter_key_prefix((token, epoch)).take(budget as usize + 1).collect();
				let done = keys.len() <= budget as usize;
				for identity in keys.into_iter().take(budget as usize) {
					Snapshots::<T>::remove((token, epoch, identity));
					removed = removed.saturating_add(1);
					progress = true;
				}
				if !done {
					break;
				}
			}
			let checkpoint = list.remove(at);
			Self::release(token, &checkpoint);
			progress = true;
		}
		ensure!(progress, Error::<T>::NothingToClear);
		Self::store(token, list);
		Ok(removed)
	}

	/// A corporate action starts reading checkpoint `id` of `token` (it cannot be retired until
	/// released).
	pub fn add_reference(token: TokenId, id: CheckpointId) -> DispatchResult {
		Checkpoints::<T>::try_mutate(token, |list| {
			let checkpoint = list.iter_mut().find(|checkpoint| checkpoint.id == id).ok_or(Error::<T>::UnknownCheckpoint)?;
			ensure!(!checkpoint.retired, Error::<T>::AlreadyRetired);
			checkpoint.references = checkpoint.references.checked_add(1).ok_or(Error::<T>::Overflow)?;
			Ok(())
		})
	}

	/// A corporate action no longer reads checkpoint `id` of `token`.
	pub fn remove_reference(token: TokenId, id: CheckpointId) -> DispatchResult {
		Checkpoints::<T>::try_mutate(token, |list| {
			let checkpoint = list.iter_mut().find(|checkpoint| checkpoint.id == id).ok_or(Error::<T>::UnknownCheckpoint)?;
			checkpoint.references = checkpoint.references.checked_sub(1).ok_or(Error::<T>::Overflow)?;
			Ok(())
		})
	}

	/// The checkpoint `id` of `token` as a query sees it: `None` when unknown, retired, or its
	/// record date is still to come; `Ok(epoch)` when taken; `Err(())` when its record date
	/// passed but nothing moved since (it is not taken yet: the live state is its state).
	pub(crate) fn queried(list: &[CheckpointOf<T>], id: CheckpointId) -> Option<Result<CheckpointEpoch, ()>> {
		let checkpoint = list.iter().find(|checkpoint| checkpoint.id == id && !checkpoint.retired)?;
		match checkpoint.epoch {
			Some(epoch) => Some(Ok(epoch)),
			None if checkpoint.record_date <= T::Time::now() => Some(Err(())),
			None => None,
		}
	}

	/// What answers for `identity`'s balances of `token` at checkpoint `id`: its record for the
	/// first epoch at or after the checkpoint's that has one (`Some(Some(record))`), or, when it
	/// did not change since, its live balances (`Some(None)`). `None`: no such checkpoint,
	/// retired, or not reached. Reads `list` and at most `MaxCheckpoints` records; read once for
	/// all partitions ([`Self::units_in`]).
	pub(crate) fn record_at(
		list: &[CheckpointOf<T>],
		token: TokenId,
		identity: IdentityId,
		id: CheckpointId,
	) -> Option<Option<PartitionBalancesOf<T>>> {
		let Ok(epoch) = Self::queried(list, id)? else { return Some(None) };
		let mut epochs: Vec<CheckpointEpoch> =
			list.iter().filter_map(|checkpoint| checkpoint.epoch).filter(|at| *at >= epoch).collect();
		epochs.sort_unstable();
		epochs.dedup();
		Some(epochs.into_iter().find_map(|at| Snapshots::<T>::get((token, at, identity))))
	}

	/// `identity`'s units of `partition` by what [`Self::record_at`] found: the record's, or
	/// (no record) its live balance.
	pub(crate) fn units_in(
		record: &Option<PartitionBalancesOf<T>>,
		token: TokenId,
		partition: PartitionId,
		identity: IdentityId,
	) -> TokenBalance {
		match record {
			Some(balances) => balances.iter().find(|(p, _)| *p == partition).map(|(_, units)| *units).unwrap_or(0),
			None => T::Tokens::identity_partition_balance(token, partition, identity),
		}
	}

	/// `identity`'s balance of `token` in `partition` (over all its wallets) at checkpoint
	/// `id`: its record for the first epoch at or after the checkpoint's that has one, else
	/// (no change since) its live balance. `None`: no such checkpoint, retired, or not reached.
	/// Reads at most `MaxCheckpoints` records.
	pub fn balance_at_checkpoint(token: TokenId, partition: PartitionId, identity: IdentityId, id: CheckpointId) -> Option<TokenBalance> {
		let record = Self::record_at(&Checkpoints::<T>::get(token), token, identity, id)?;
		Some(Self::units_in(&record, token, partition, identity))
	}

	/// `partition`'s supply of `token` at checkpoint `id` (`None` as for [`Self::balance_at_checkpoint`]).
	pub fn supply_at_checkpoint(token: TokenId, partition: PartitionId, id: CheckpointId) -> Option<TokenBalance> {
		let list = Checkpoints::<T>::get(token);
		match Self::queried(&list, id)? {
			Ok(_) => list.iter().find(|checkpoint| checkpoint.id == id).map(|checkpoint| checkpoint.supply(partition)),
			Err(()) => T::Tokens::checkpoint_state(token)
				.map(|(_, supplies)| supplies.get(partition as usize).copied().unwrap_or(0)),
		}
	}

	/// `token`'s checkpoints (scheduled, taken, retired and not yet cleared), by id.
	pub fn checkpoint_views(token: TokenId) -> Vec<CheckpointView> {
		Checkpoints::<T>::get(token)
			.into_iter()
			.map(|checkpoint| CheckpointView {
				id: checkpoint.id,
				record_date: checkpoint.record_date,
				taken: checkpoint.epoch.is_some(),
				supplies: checkpoint.supplies.into_inner(),
				references: checkpoint.references,
				retired: checkpoint.retired,
			})
			.collect()
	}
}

/// What the token's movement path tells this pallet.
impl<T: Config> CheckpointObserver for Pallet<T> {
	fn take_due(token: TokenId, now: Moment, epoch: CheckpointEpoch, supplies: &[TokenBalance]) -> CheckpointMarks {
		let mut list = Checkpoints::<T>::get(token);
		Self::take_due_in(token, &mut list, now, epoch, supplies);
		let marks = CheckpointMarks { epoch, next_due: Self::next_due(&list) };
		Checkpoints::<T>::insert(token, list);
		marks
	}

	/// Recorded under the latest epoch at or before `epoch` that a checkpoint of the token still
	/// has (the token's latest, unless its checkpoints are all cleared), unless a record is
	/// there already (a position emptied and opened again keeps its first record).
	fn record(token: TokenId, epoch: CheckpointEpoch, identity: IdentityId, balances: &[(PartitionId, TokenBalance)]) {
		let Some(at) = Checkpoints::<T>::get(token).iter().filter_map(|checkpoint| checkpoint.epoch).filter(|at| *at <= epoch).max()
		else {
			return;
		};
		if !Snapshots::<T>::contains_key((token, at, identity)) {
			Snapshots::<T>::insert((token, at, identity), BoundedVec::truncate_from(balances.to_vec()));
		}
	}

	fn take_due_weight() -> Weight {
		T::WeightInfo::take_due(T::MaxScheduled::get())
	}

	fn record_weight() -> Weight {
		T::WeightInfo::record()
	}
}
