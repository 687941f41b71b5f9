//! The pallet's invariants (`try_state`, and after every pallet test).

use crate::*;
use frame_support::{ensure, traits::Get};
use sto_primitives::checkpoint::CheckpointTokens;

impl<T: Config> Pallet<T> {
	/// Invariants, per token:
	/// - checkpoints sorted by id, each id below the token's next id, at most `MaxScheduled`
	///   scheduled;
	/// - a taken checkpoint's epoch is at most the token's epoch; a scheduled one has no
	///   supplies, and the token's next record date is the earliest scheduled one;
	/// - a retired checkpoint is referenced by nothing;
	/// - every record is under an epoch a checkpoint of its token still has (records of
	///   cleared epochs are gone), and no record lists a partition twice or out of order;
	/// - no position of the token is recorded for an epoch the token has not reached (the
	///   token's own invariant), and no checkpoints of a token that does not exist;
	/// - the ballots' ([`Self::do_try_state_ballots`]: tallies equal the votes, references).
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (token, list) in Checkpoints::<T>::iter() {
			let (marks, _) = T::Tokens::checkpoint_state(token).ok_or("checkpoints of an unknown token")?;
			ensure!(!list.is_empty(), "empty checkpoint list kept");
			ensure!(list.windows(2).all(|pair| pair[0].id < pair[1].id), "checkpoints not sorted by id");
			let next = NextCheckpointId::<T>::get(token);
			ensure!(list.iter().all(|checkpoint| checkpoint.id < next), "checkpoint id not below the next id");
			let scheduled = list.iter().filter(|checkpoint| checkpoint.is_scheduled()).count() as u32;
			ensure!(scheduled <= T::MaxScheduled::get(), "too many scheduled checkpoints");
			for checkpoint in list.iter() {
				match checkpoint.epoch {
					Some(epoch) => ensure!(epoch >= 1 && epoch <= marks.epoch, "checkpoint epoch beyond the token's"),
					None => {
						ensure!(checkpoint.supplies.is_empty(), "scheduled checkpoint with supplies");
						ensure!(!checkpoint.retired, "retired checkpoint still scheduled");
					},
				}
				ensure!(!checkpoint.retired || checkpoint.references == 0, "retired checkpoint referenced");
			}
			ensure!(marks.next_due == Self::next_due(&list), "token's next record date is not the earliest scheduled");
		}
		for ((token, epoch, _), balances) in Snapshots::<T>::iter() {
			ensure!(
				Checkpoints::<T>::get(token).iter().any(|checkpoint| checkpoint.epoch == Some(epoch)),
				"record under an epoch no checkpoint has"
			);
			ensure!(balances.windows(2).all(|pair| pair[0].0 < pair[1].0), "record partitions not sorted");
		}
		Self::do_try_state_ballots()?;
		Ok(())
	}
}
