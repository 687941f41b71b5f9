//! [`TokenIssuance`] for the offering pallet: units reserved against the supply cap while an
//! offering lives, issued from the reservation through the one movement path.

use crate::*;
use frame_support::traits::Time;
use polkadot_sdk::{frame_support::weights::Weight, sp_core::H256};
use sto_primitives::offering::TokenIssuance;

impl<T: Config> Pallet<T> {
	/// The issuance from the reservation, checked, with the lock-up added to the receiving
	/// holding in the plan (merged into one with the same release; a release already past adds
	/// nothing). `Some(release)` when the plan carries a lock-up.
	fn plan_reserved_issue(
		token: TokenId,
		partition: PartitionId,
		to: &T::AccountId,
		amount: TokenBalance,
		lockup_until: Option<MomentOf<T>>,
	) -> Result<(Plan<T>, Option<MomentOf<T>>), TransferFailure> {
		let mut request = MoveRequest::issue(token, partition, to.clone(), amount);
		request.from_reservation = true;
		let mut plan = Self::plan_move(request)?;
		let lockup = lockup_until.filter(|release| *release > T::Time::now());
		if let Some(release) = lockup {
			// An issuance has no sender: the receiver's position is `to`, expired lock-ups
			// already dropped by the plan.
			let holding = plan
				.to
				.as_mut()
				.and_then(|(_, position)| {
					let index = position.find(to, partition)?;
					position.holdings.get_mut(index)
				})
				.ok_or(TransferFailure::Overflow)?;
			match holding.locks.iter_mut().find(|lock| lock.release == release) {
				Some(lock) => lock.amount = lock.amount.checked_add(amount).ok_or(TransferFailure::Overflow)?,
				None => holding
					.locks
					.try_push(Lockup { amount, release })
					.map_err(|_| TransferFailure::TooManyLockups)?,
			}
		}
		Ok((plan, lockup))
	}
}

impl<T: Config> TokenIssuance<T::AccountId> for Pallet<T> {
	fn can_sell(token: TokenId, who: &T::AccountId) -> bool {
		let Some(details) = Tokens::<T>::get(token) else { return false };
		T::Identity::identity_of(who)
			.is_some_and(|identity| Self::roles_of(&details, token, identity).contains(Roles::SUPPLY_MANAGER))
	}

	fn reserve(token: TokenId, partition: PartitionId, amount: TokenBalance) -> Result<(), TransferFailure> {
		let details = Tokens::<T>::get(token).ok_or(TransferFailure::UnknownToken)?;
		if (partition as usize) >= details.partitions.len() {
			return Err(TransferFailure::UnknownPartition);
		}
		if details.issuance_finished {
			return Err(TransferFailure::IssuanceFinished);
		}
		if details.status == TokenStatus::Closed {
			return Err(TransferFailure::NotActive);
		}
		if amount.checked_rem(details.granularity) != Some(0) {
			return Err(TransferFailure::Granularity);
		}
		let reserved = IssuanceReserved::<T>::get(token).checked_add(amount).ok_or(TransferFailure::Overflow)?;
		let promised = details.total_supply.checked_add(reserved).ok_or(TransferFailure::Overflow)?;
		if details.supply_cap.is_some_and(|cap| promised > cap) {
			return Err(TransferFailure::SupplyCapExceeded);
		}
		IssuanceReserved::<T>::insert(token, reserved);
		Ok(())
	}

	fn unreserve(token: TokenId, amount: TokenBalance) {
		IssuanceReserved::<T>::mutate_exists(token, |reserved| {
			let left = reserved.unwrap_or(0).saturating_sub(amount);
			*reserved = (left > 0).then_some(left);
		});
	}

	fn reserved(token: TokenId) -> TokenBalance {
		IssuanceReserved::<T>::get(token)
	}

	fn can_issue_reserved(
		token: TokenId,
		partition: PartitionId,
		to: &T::AccountId,
		amount: TokenBalance,
		lockup_until: Option<MomentOf<T>>,
	) -> Result<(), TransferFailure> {
		Self::plan_reserved_issue(token, partition, to, amount, lockup_until).map(|_| ())
	}

	fn issue_reserved(
		token: TokenId,
		partition: PartitionId,
		to: &T::AccountId,
		amount: TokenBalance,
		lockup_until: Option<MomentOf<T>>,
		operator: &T::AccountId,
		reference: H256,
	) -> Result<Weight, TransferFailure> {
		let (plan, lockup) = Self::plan_reserved_issue(token, partition, to, amount, lockup_until)?;
		let work = Self::apply(plan, Some(operator.clone()), Some(reference));
		if let Some(release) = lockup {
			Self::deposit_event(Event::LockupAdded { token, partition, account: to.clone(), amount, release });
		}
		Ok(work)
	}

	fn issue_weight(token: TokenId) -> Weight {
		T::Compliance::movement_weight(token)
	}

	/// The compliance rules' most, and the most a movement's checkpoint work costs.
	fn max_issue_weight() -> Weight {
		T::Compliance::max_movement_weight().saturating_add(Self::max_checkpoint_weight())
	}
}
