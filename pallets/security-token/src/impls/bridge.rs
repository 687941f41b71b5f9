//! [`TokenBridge`] for the EVM bridge: its escrow filled and emptied through the one movement
//! path (`BridgeOut`, `BridgeIn`; `crate::movement`).

use crate::*;
use polkadot_sdk::{frame_support::weights::Weight, sp_core::H256};
use sto_primitives::bridge::TokenBridge;

impl<T: Config> Pallet<T> {
	/// Apply a checked bridge movement; the checkpoint work it did is accounted to the block
	/// (the bridge declared [`TokenBridge::max_movement_weight`]).
	fn bridge_move(request: MoveRequest<T::AccountId>, reference: H256) -> Result<(), TransferFailure> {
		let work = Self::try_move(request, None, Some(reference))?;
		frame_system::Pallet::<T>::register_extra_weight_unchecked(work, frame_support::dispatch::DispatchClass::Normal);
		Ok(())
	}
}

impl<T: Config> TokenBridge<T::AccountId> for Pallet<T> {
	fn lock(
		token: TokenId,
		partition: PartitionId,
		holder: &T::AccountId,
		escrow: &T::AccountId,
		recipient: IdentityId,
		amount: TokenBalance,
		reference: H256,
	) -> Result<(), TransferFailure> {
		let request = MoveRequest::bridge_out(token, partition, holder.clone(), escrow.clone(), recipient, amount);
		Self::bridge_move(request, reference)
	}

	fn release(
		token: TokenId,
		partition: PartitionId,
		escrow: &T::AccountId,
		to: &T::AccountId,
		amount: TokenBalance,
		reference: H256,
	) -> Result<(), TransferFailure> {
		Self::bridge_move(MoveRequest::bridge_in(token, partition, escrow.clone(), to.clone(), amount), reference)
	}

	fn can_lock(
		token: TokenId,
		partition: PartitionId,
		holder: &T::AccountId,
		escrow: &T::AccountId,
		recipient: IdentityId,
		amount: TokenBalance,
	) -> Result<(), TransferFailure> {
		Self::plan_move(MoveRequest::bridge_out(token, partition, holder.clone(), escrow.clone(), recipient, amount))
			.map(|_| ())
	}

	fn lock_report(
		token: TokenId,
		partition: PartitionId,
		holder: &T::AccountId,
		escrow: &T::AccountId,
		recipient: IdentityId,
		amount: TokenBalance,
	) -> Result<alloc::vec::Vec<sto_primitives::compliance::RuleReport>, TransferFailure> {
		use sto_primitives::token::{ComplianceHook, Party, TokenInspect};
		// As `plan_move` hands a `BridgeOut` to the rules: the escrow's account, judged as the
		// EVM recipient's identity with that identity's holding here.
		let mut movement = <Self as TokenInspect<_, _, _>>::describe(
			token,
			partition,
			partition,
			MovementKind::BridgeOut,
			Some(holder.clone()),
			None,
			amount,
		)?;
		let holding_before = match &movement.from {
			Some(from) if from.identity == recipient => from.holding_before,
			_ => Self::identity_balance(token, recipient),
		};
		movement.to = Some(Party { account: escrow.clone(), identity: recipient, holding_before });
		Ok(T::Compliance::report(&movement))
	}

	fn can_release(
		token: TokenId,
		partition: PartitionId,
		escrow: &T::AccountId,
		to: &T::AccountId,
		amount: TokenBalance,
	) -> Result<(), TransferFailure> {
		Self::plan_move(MoveRequest::bridge_in(token, partition, escrow.clone(), to.clone(), amount)).map(|_| ())
	}

	/// Reads: the token, the identity's claim books and primary wallet, the compliance settings
	/// (bounded as a movement's check).
	fn admits(token: TokenId, partition: PartitionId, identity: IdentityId) -> Result<Option<u64>, TransferFailure> {
		use frame_support::traits::Time;
		use sp_runtime::SaturatedConversion;
		let now = T::Time::now();
		let details = Tokens::<T>::get(token).ok_or(TransferFailure::UnknownToken)?;
		if (partition as usize) >= details.partitions.len() {
			return Err(TransferFailure::UnknownPartition);
		}
		let until = T::Identity::claim_valid_until(
			identity,
			sto_primitives::identity::ClaimTopic::Kyc,
			Some(token),
			sto_primitives::identity::Issuers::Trusted,
			now,
		)
		.map_err(TransferFailure::ReceiverNotVerified)?;
		let account = T::Identity::primary_wallet(identity).ok_or(TransferFailure::ReceiverNoIdentity)?;
		// Who the receiver is, judged as for a release from the escrow of the smallest amount (the
		// rules `admits` asks read no holding: none is read).
		let movement = Movement {
			token,
			partition,
			to_partition: partition,
			kind: MovementKind::BridgeIn,
			from: None,
			to: Some(Party { account, identity, holding_before: 0 }),
			amount: details.granularity,
			supply_before: details.total_supply,
			holders_before: details.holder_count,
			now,
		};
		T::Compliance::admits(&movement).map_err(|(rule, failure)| TransferFailure::Compliance(rule, failure))?;
		Ok(until.map(|until| until.saturated_into::<u64>()))
	}

	fn may_control(token: TokenId, who: &T::AccountId, forced: bool) -> bool {
		let role = if forced { Roles::TRANSFER_AGENT } else { Roles::FREEZER };
		let Some(details) = Tokens::<T>::get(token) else { return false };
		T::Identity::identity_of(who).is_some_and(|identity| Self::roles_of(&details, token, identity).contains(role))
	}

	fn escrowed(token: TokenId, partition: PartitionId, escrow: &T::AccountId) -> TokenBalance {
		Positions::<T>::get(sto_primitives::token::BRIDGE_ESCROW, token)
			.and_then(|position| {
				position.find(escrow, partition).map(|index| position.holdings[index].balance)
			})
			.unwrap_or(0)
	}

	fn max_movement_weight() -> Weight {
		T::Compliance::max_movement_weight().saturating_add(Self::max_checkpoint_weight())
	}
}
