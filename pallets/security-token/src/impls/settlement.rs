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
		let work = Self::try_move(request, Some(operator.clone()), Some(reference))?;
		// Declared per leg by `max_leg_weight`; the block accounts for what was done.
		frame_system::Pallet::<T>::register_extra_weight_unchecked(work, frame_support::dispatch::DispatchClass::Normal);
		Ok(())
	}

	fn identity_holding(token: TokenId, identity: IdentityId) -> TokenBalance {
		Self::identity_balance(token, identity)
	}

	fn leg_weight(token: TokenId) -> Weight {
		T::Compliance::movement_weight(token)
	}

	/// The compliance rules' most, and the most a movement's checkpoint work costs.
	fn max_leg_weight() -> Weight {
		T::Compliance::max_movement_weight().saturating_add(Self::max_checkpoint_weight())
	}
}
