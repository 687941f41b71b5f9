//! Ballots on a record date: create (weights frozen, checkpoint referenced), vote (power from
//! the checkpoint, one vote per identity, re-votes replace), cancel before the start, close
//! after the end, clear the votes in pages; voting power and the ballots' invariants.

use crate::*;
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision, Time},
};
use sto_primitives::checkpoint::CheckpointTokens;

impl<T: Config> Pallet<T> {
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn do_create_ballot(
		who: T::AccountId,
		token: TokenId,
		checkpoint: CheckpointId,
		weights: BallotWeightsOf<T>,
		motions: MotionsOf<T>,
		start: Moment,
		end: Moment,
		document: H256,
	) -> DispatchResult {
		Self::ensure_manager(&who, token)?;
		let (_, supplies) = T::Tokens::checkpoint_state(token).ok_or(Error::<T>::UnknownToken)?;
		ensure!(!weights.is_empty(), Error::<T>::NoWeights);
		for (at, (partition, weight)) in weights.iter().enumerate() {
			// `supplies` has one entry per partition of the token.
			ensure!((*partition as usize) < supplies.len(), Error::<T>::UnknownPartition);
			ensure!(
				T::Tokens::partition_has_right(token, *partition, PartitionRight::Voting),
				Error::<T>::NotVotingPartition
			);
			ensure!(*weight >= 1, Error::<T>::ZeroWeight);
			ensure!(weights[..at].iter().all(|(other, _)| other != partition), Error::<T>::DuplicatePartition);
		}
		ensure!(!motions.is_empty(), Error::<T>::NoMotions);
		ensure!(
			motions.iter().all(|motion| motion.choices >= 2 && u32::from(motion.choices) <= T::MaxChoices::get()),
			Error::<T>::InvalidChoices
		);
		ensure!(start < end && end > T::Time::now(), Error::<T>::InvalidPeriod);
		let record_date = Checkpoints::<T>::get(token)
			.iter()
			.find(|record| record.id == checkpoint)
			.map(|record| record.record_date)
			.ok_or(Error::<T>::UnknownCheckpoint)?;
		ensure!(record_date <= start, Error::<T>::RecordDateAfterStart);
		// Fails for a retired checkpoint.
		Self::add_reference(token, checkpoint)?;
		let id = NextBallotId::<T>::get();
		NextBallotId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let deposit = T::BallotDeposit::get();
		T::Currency::hold(&HoldReason::Ballot.into(), &who, deposit)?;
		let tallies: Vec<MotionTally<T::MaxChoices>> = motions
			.iter()
			.map(|motion| MotionTally {
				choices: BoundedVec::truncate_from(alloc::vec![0; motion.choices as usize]),
				abstained: 0,
			})
			.collect();
		Ballots::<T>::insert(
			id,
			Ballot {
				token,
				checkpoint,
				weights: weights.clone(),
				motions: motions.clone(),
				start,
				end,
				document,
				tallies: BoundedVec::truncate_from(tallies),
				voters: 0,
				closed: false,
				creator: who.clone(),
				deposit,
			},
		);
		Self::deposit_event(Event::BallotCreated {
			ballot: id,
			token,
			checkpoint,
			weights,
			motions,
			start,
			end,
			document,
			creator: who,
		});
		Ok(())
	}

	pub(crate) fn do_vote(who: T::AccountId, id: BallotId, choices: ChoicesOf<T>) -> DispatchResult {
		let mut ballot = Ballots::<T>::get(id).ok_or(Error::<T>::UnknownBallot)?;
		let now = T::Time::now();
		ensure!(!ballot.closed && ballot.start <= now && now < ballot.end, Error::<T>::NotOpen);
		ensure!(choices.len() == ballot.motions.len(), Error::<T>::WrongVoteCount);
		ensure!(
			choices
				.iter()
				.zip(ballot.motions.iter())
				.all(|(choice, motion)| choice.is_none_or(|choice| choice < motion.choices)),
			Error::<T>::InvalidChoice
		);
		let identity = T::Identity::identity_of(&who).ok_or(Error::<T>::NoIdentity)?;
		Self::take_due_now(ballot.token)?;
		let power = Self::power_of(&ballot, identity)?;
		ensure!(power > 0, Error::<T>::NoVotingPower);
		match Votes::<T>::get(id, identity) {
			Some(old) => Self::count(&mut ballot.tallies, &old, false)?,
			None => ballot.voters = ballot.voters.checked_add(1).ok_or(Error::<T>::Overflow)?,
		}
		let vote = Vote { power, choices };
		Self::count(&mut ballot.tallies, &vote, true)?;
		Votes::<T>::insert(id, identity, &vote);
		Ballots::<T>::insert(id, ballot);
		Self::deposit_event(Event::Voted { ballot: id, identity, wallet: who, power, choices: vote.choices });
		Ok(())
	}

	pub(crate) fn do_cancel_ballot(who: T::AccountId, id: BallotId) -> DispatchResult {
		let ballot = Ballots::<T>::get(id).ok_or(Error::<T>::UnknownBallot)?;
		Self::ensure_manager(&who, ballot.token)?;
		ensure!(!ballot.closed, Error::<T>::AlreadyClosed);
		ensure!(T::Time::now() < ballot.start, Error::<T>::AlreadyStarted);
		Self::remove_reference(ballot.token, ballot.checkpoint)?;
		Self::deposit_event(Event::BallotCancelled { ballot: id });
		// Nobody could vote before the start: nothing else to clear.
		Self::remove_ballot(id, &ballot);
		Ok(())
	}

	pub(crate) fn do_close_ballot(id: BallotId) -> DispatchResult {
		let mut ballot = Ballots::<T>::get(id).ok_or(Error::<T>::UnknownBallot)?;
		ensure!(!ballot.closed, Error::<T>::AlreadyClosed);
		ensure!(T::Time::now() >= ballot.end, Error::<T>::NotEnded);
		Self::remove_reference(ballot.token, ballot.checkpoint)?;
		ballot.closed = true;
		Self::deposit_event(Event::BallotClosed { ballot: id, tallies: ballot.tallies.clone() });
		if ballot.voters == 0 {
			Self::remove_ballot(id, &ballot);
		} else {
			Ballots::<T>::insert(id, ballot);
		}
		Ok(())
	}

	/// Remove up to `limit` votes of closed ballot `id` (the record and deposit go with the
	/// last). How many votes were removed.
	pub(crate) fn do_clear_votes(id: BallotId, limit: u32) -> Result<u32, DispatchError> {
		ensure!(limit <= T::MaxClearPerCall::get(), Error::<T>::LimitTooHigh);
		let mut ballot = Ballots::<T>::get(id).ok_or(Error::<T>::UnknownBallot)?;
		ensure!(ballot.closed, Error::<T>::NotClosed);
		// Keys first, then removals (no writes while iterating).
		let keys: Vec<IdentityId> = Votes::<T>::iter_key_prefix(id).take(limit as usize).collect();
		ensure!(!keys.is_empty(), Error::<T>::NothingToClear);
		for identity in keys.iter() {
			Votes::<T>::remove(id, identity);
		}
		let removed = keys.len() as u32;
		ballot.voters = ballot.voters.saturating_sub(removed);
		if ballot.voters == 0 {
			Self::remove_ballot(id, &ballot);
		} else {
			Ballots::<T>::insert(id, ballot);
		}
		Ok(removed)
	}

	/// Remove ballot `id`'s record and release its deposit.
	fn remove_ballot(id: BallotId, ballot: &BallotOf<T>) {
		// What was held is released (a smaller amount only if the hold was slashed, which
		// nothing here does).
		let _ = T::Currency::release(&HoldReason::Ballot.into(), &ballot.creator, ballot.deposit, Precision::BestEffort);
		Ballots::<T>::remove(id);
		Self::deposit_event(Event::BallotRemoved { ballot: id });
	}

	/// `identity`'s voting power in `ballot`: Σ weight × its balance (over its wallets) of each
	/// weighted partition at the ballot's checkpoint. `UnknownCheckpoint`: the checkpoint
	/// answers no more (retired after the ballot closed) or not yet (record date to come).
	pub(crate) fn power_of(ballot: &BallotOf<T>, identity: IdentityId) -> Result<u128, DispatchError> {
		// One lookup of the record for every weighted partition.
		let record = Self::record_at(&Checkpoints::<T>::get(ballot.token), ballot.token, identity, ballot.checkpoint)
			.ok_or(Error::<T>::UnknownCheckpoint)?;
		let mut power: u128 = 0;
		for (partition, weight) in ballot.weights.iter() {
			let balance = Self::units_in(&record, ballot.token, *partition, identity);
			let votes = balance.checked_mul(u128::from(*weight)).ok_or(Error::<T>::Overflow)?;
			power = power.checked_add(votes).ok_or(Error::<T>::Overflow)?;
		}
		Ok(power)
	}

	/// Add (`add`) or subtract `vote`'s power to or from `tallies`, motion by motion.
	pub(crate) fn count(tallies: &mut TalliesOf<T>, vote: &VoteOf<T>, add: bool) -> DispatchResult {
		for (tally, choice) in tallies.iter_mut().zip(vote.choices.iter()) {
			let slot = match choice {
				Some(choice) => tally.choices.get_mut(*choice as usize).ok_or(Error::<T>::InvalidChoice)?,
				None => &mut tally.abstained,
			};
			*slot = if add { slot.checked_add(vote.power) } else { slot.checked_sub(vote.power) }
				.ok_or(Error::<T>::Overflow)?;
		}
		Ok(())
	}

	/// How many live (not closed) ballots read checkpoint `checkpoint` of `token`: what the
	/// ballots count in the checkpoint's `references`. Iterates every ballot (for `try_state`).
	pub fn ballot_references(token: TokenId, checkpoint: CheckpointId) -> u32 {
		Ballots::<T>::iter_values()
			.filter(|ballot| !ballot.closed && ballot.token == token && ballot.checkpoint == checkpoint)
			.count() as u32
	}

	/// The ballots' invariants:
	/// - every ballot's id is below the next id; one tally per motion, one entry per choice;
	/// - its stored votes number `voters`, each with one entry per motion, each choice within
	///   its motion, positive power;
	/// - an open ballot's tallies equal, per (motion, choice) and abstentions, the sum of its
	///   stored votes' power (a closed ballot's are final: at least what is left while its
	///   votes are cleared);
	/// - every open ballot's checkpoint exists (so is not retired: a retired one is referenced
	///   by nothing); every vote belongs to a ballot;
	/// (Each checkpoint's `references` counting the ballots that read it, with
	/// [`Self::ballot_references`], is checked with the distributions' in `do_try_state`.)
	pub(crate) fn do_try_state_ballots() -> Result<(), sp_runtime::TryRuntimeError> {
		let next = NextBallotId::<T>::get();
		for (id, ballot) in Ballots::<T>::iter() {
			ensure!(id < next, "ballot id not below the next id");
			ensure!(ballot.tallies.len() == ballot.motions.len(), "not one tally per motion");
			ensure!(
				ballot.tallies.iter().zip(ballot.motions.iter()).all(|(tally, motion)| tally.choices.len() ==
					motion.choices as usize),
				"not one tally entry per choice"
			);
			let mut sums: Vec<(Vec<u128>, u128)> =
				ballot.motions.iter().map(|motion| (alloc::vec![0; motion.choices as usize], 0)).collect();
			let mut voters = 0u32;
			for vote in Votes::<T>::iter_prefix_values(id) {
				voters = voters.saturating_add(1);
				ensure!(vote.power > 0, "vote without power");
				ensure!(vote.choices.len() == ballot.motions.len(), "vote not one entry per motion");
				for ((choices, abstained), choice) in sums.iter_mut().zip(vote.choices.iter()) {
					let slot = match choice {
						Some(choice) => choices.get_mut(*choice as usize).ok_or("vote choice beyond its motion")?,
						None => abstained,
					};
					*slot = slot.checked_add(vote.power).ok_or("vote sum overflows")?;
				}
			}
			ensure!(voters == ballot.voters, "ballot's voter count differs from its votes");
			for ((choices, abstained), tally) in sums.iter().zip(ballot.tallies.iter()) {
				if ballot.closed {
					ensure!(
						*abstained <= tally.abstained &&
							choices.iter().zip(tally.choices.iter()).all(|(sum, tally)| sum <= tally),
						"closed ballot's votes above its tallies"
					);
				} else {
					ensure!(
						*abstained == tally.abstained && choices.as_slice() == tally.choices.as_slice(),
						"tallies differ from the votes"
					);
				}
			}
			if !ballot.closed {
				ensure!(
					Checkpoints::<T>::get(ballot.token).iter().any(|checkpoint| checkpoint.id == ballot.checkpoint),
					"open ballot's checkpoint missing"
				);
			}
		}
		ensure!(Votes::<T>::iter_keys().all(|(id, _)| Ballots::<T>::contains_key(id)), "vote of no ballot");

		Ok(())
	}
}
