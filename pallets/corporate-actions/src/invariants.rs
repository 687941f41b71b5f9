//! The pallet's invariants (`try_state`, and after every pallet test).

use crate::*;
use alloc::collections::btree_map::BTreeMap;
use codec::Encode;
use frame_support::{
	ensure,
	traits::{fungibles::InspectHold, Get},
};
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
	/// - each checkpoint's reference count is the number of distributions and ballots not
	///   closed that read it.
	///
	/// And [`Self::distributions_try_state`], the ballots' ([`Self::do_try_state_ballots`]:
	/// tallies equal the votes).
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		Self::distributions_try_state()?;
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
				ensure!(
					checkpoint.references ==
						Self::distribution_references(token, checkpoint.id) + Self::ballot_references(token, checkpoint.id),
					"checkpoint reference count is not the number of actions reading it"
				);
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

	/// Distributions not closed that read checkpoint `checkpoint` of `token`.
	pub fn distribution_references(token: TokenId, checkpoint: CheckpointId) -> u32 {
		Distributions::<T>::iter_values()
			.filter(|distribution| {
				distribution.token == token && distribution.checkpoint == checkpoint && !distribution.is_closed()
			})
			.count() as u32
	}

	/// Invariants of distributions:
	/// - `funded == paid_net + tax_withheld + remaining` (nothing paid or withheld beyond the
	///   funding), `tax_swept ≤ tax_withheld`; closed: nothing remaining; open: the funding is
	///   what the shares can owe (`required`), and pending: no shares yet;
	/// - the payment records sum to `paid_net` and `tax_withheld`, their gross to at most
	///   `required`, each `tax = ⌈rate × gross⌉`; counts of records match;
	/// - what each payer has on hold in each asset equals Σ over its distributions of
	///   remaining + unswept tax.
	pub fn distributions_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut held: BTreeMap<(alloc::vec::Vec<u8>, alloc::vec::Vec<u8>), (AssetIdOf<T>, T::AccountId, CashBalance)> =
			BTreeMap::new();
		let next = NextDistributionId::<T>::get();
		for (id, distribution) in Distributions::<T>::iter() {
			ensure!(id < next, "distribution id not below the next id");
			let spent = distribution.paid_net.checked_add(distribution.tax_withheld).ok_or("paid overflows")?;
			ensure!(spent <= distribution.funded, "paid and withheld more than funded");
			ensure!(distribution.tax_swept <= distribution.tax_withheld, "swept more tax than withheld");
			match distribution.state {
				DistributionState::Pending => {
					ensure!(distribution.shares.is_empty() && spent == 0, "pending distribution with shares or payments")
				},
				DistributionState::Open =>
					ensure!(distribution.funded == distribution.required, "open distribution funded beyond its shares"),
				DistributionState::Cancelled | DistributionState::Reclaimed =>
					ensure!(distribution.remaining() == 0, "closed distribution still holds unpaid cash"),
			}
			let (mut gross, mut net, mut tax, mut count) = (0u128, 0u128, 0u128, 0u32);
			for (_, payment) in Payments::<T>::iter_prefix(id) {
				ensure!(payment.tax <= payment.gross, "tax above gross");
				ensure!(payment.tax == payment.rate.mul_ceil(payment.gross), "tax is not the rate rounded up");
				gross = gross.saturating_add(payment.gross);
				tax = tax.saturating_add(payment.tax);
				net = net.saturating_add(payment.gross - payment.tax);
				count += 1;
			}
			ensure!(net == distribution.paid_net && tax == distribution.tax_withheld, "payments do not sum to the totals");
			ensure!(gross <= distribution.required, "paid beyond what the record date's supplies are owed");
			ensure!(count == distribution.claims, "payment record count");
			ensure!(
				TaxOverrides::<T>::iter_prefix(id).count() as u32 == distribution.overrides,
				"tax override count"
			);
			let owed = distribution.remaining().saturating_add(distribution.unswept_tax());
			let key = (distribution.asset.encode(), distribution.payer.encode());
			held.entry(key).or_insert((distribution.asset.clone(), distribution.payer.clone(), 0)).2 += owed;
		}
		for (_, (asset, payer, owed)) in held {
			ensure!(
				T::Cash::balance_on_hold(asset, &HoldReason::DistributionFunds.into(), &payer) == owed,
				"a payer's hold is not what its distributions still hold"
			);
		}
		Ok(())
	}
}
