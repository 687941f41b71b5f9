//! [`CheckpointTokens`] for the corporate-actions pallet: who manages a token's checkpoints,
//! its marks and supplies, an identity's live balances.

use crate::*;
use frame_support::traits::Get;
use sto_primitives::checkpoint::{CheckpointEpoch, CheckpointMarks, CheckpointTokens, PartitionRight};

impl<T: Config> CheckpointTokens<T::AccountId> for Pallet<T> {
	/// The owner identity or an agent with the transfer-agent role (who keeps the register and
	/// its record dates).
	fn can_manage_checkpoints(token: TokenId, who: &T::AccountId) -> bool {
		let Some(details) = Tokens::<T>::get(token) else { return false };
		T::Identity::identity_of(who)
			.is_some_and(|identity| Self::roles_of(&details, token, identity).contains(Roles::TRANSFER_AGENT))
	}

	fn checkpoint_state(token: TokenId) -> Option<(CheckpointMarks, alloc::vec::Vec<TokenBalance>)> {
		Tokens::<T>::get(token)
			.map(|details| (details.checkpoints, details.partitions.iter().map(|partition| partition.supply).collect()))
	}

	fn set_checkpoint_marks(token: TokenId, marks: CheckpointMarks) {
		Tokens::<T>::mutate_extant(token, |details| {
			details.checkpoints =
				CheckpointMarks { epoch: details.checkpoints.epoch.max(marks.epoch), next_due: marks.next_due };
		});
	}

	fn identity_partition_balance(token: TokenId, partition: PartitionId, identity: IdentityId) -> TokenBalance {
		Positions::<T>::get(identity, token).map(|position| position.partition_balance(partition)).unwrap_or(0)
	}

	fn recorded_epoch(token: TokenId, identity: IdentityId) -> CheckpointEpoch {
		Positions::<T>::get(identity, token).map(|position| position.checkpoint_epoch).unwrap_or(0)
	}

	fn partition_has_right(token: TokenId, partition: PartitionId, right: PartitionRight) -> bool {
		Tokens::<T>::get(token).and_then(|details| details.partitions.get(partition as usize).map(|p| p.rights)).is_some_and(
			|rights| match right {
				PartitionRight::Voting => rights.voting,
				PartitionRight::Dividends => rights.dividends,
			},
		)
	}

	fn max_partitions() -> u32 {
		T::MaxPartitions::get()
	}
}
