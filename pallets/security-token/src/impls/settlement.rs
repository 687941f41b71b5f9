//! [`TokenSettlement`] for the custody pallet: settlement legs through the one movement path.

use crate::*;
use polkadot_sdk::{frame_support::weights::Weight, sp_core::H256};
use sto_primitives::settlement::TokenSettlement;

/// Settlement legs for the custody pallet: a holder-to-holder movement of kind `Settlement`
/// through [`Pallet::try_move`], the core of `do_move` (`plan_move`, then the same write as
/// every other movement: one `Moved` event, with the settling wallet as operator and the batch
/// reference). Not forced: pause,
/// halt, freezes, lock-ups, transferability, the receiver's verification and the compliance
/// rules all apply.
impl<T: Config> TokenSettlement<T::AccountId, TokenBalance> for Pallet<T> {
	fn settle_leg(
		token: TokenId,
		partition: PartitionId,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: TokenBalance,
		operator: &T::AccountId,
		reference: H256,
	) -> Result<(), TransferFailure> {
		let mut request = MoveRequest::transfer(token, partition, from.clone(), to.clone(), amount);
		request.kind = MovementKind::Settlement;
		Self::try_move(request, Some(operator.clone()), Some(reference))
	}

	fn identity_holding(token: TokenId, identity: IdentityId) -> TokenBalance {
		Self::identity_balance(token, identity)
	}

	fn leg_weight(token: TokenId) -> Weight {
		T::Compliance::movement_weight(token)
	}

	fn max_leg_weight() -> Weight {
		T::Compliance::max_movement_weight()
	}
}
