//! Operators (ERC-1410) and allowances per partition (ERC-20 style).

use crate::*;
use frame_support::pallet_prelude::*;

impl<T: Config> Pallet<T> {
	/// Whether `operator` may move `holder`'s tokens of `partition`.
	pub fn is_operator(
		token: TokenId,
		holder: &T::AccountId,
		operator: &T::AccountId,
		partition: PartitionId,
	) -> bool {
		let key = (token, holder.clone());
		Operators::<T>::contains_key(&key, (operator.clone(), OperatorScope::AllPartitions)) ||
			Operators::<T>::contains_key(&key, (operator.clone(), OperatorScope::Partition(partition)))
	}

	pub(crate) fn do_authorize_operator(
		holder: T::AccountId,
		token: TokenId,
		operator: T::AccountId,
		scope: OperatorScope,
	) -> DispatchResult {
		let details = Tokens::<T>::get(token).ok_or(Error::<T>::UnknownToken)?;
		if let OperatorScope::Partition(partition) = scope {
			ensure!((partition as usize) < details.partitions.len(), Error::<T>::UnknownPartition);
		}
		ensure!(holder != operator, Error::<T>::SelfOperator);
		Operators::<T>::insert((token, holder.clone()), (operator.clone(), scope), ());
		Self::deposit_event(Event::OperatorAuthorized { token, holder, operator, scope });
		Ok(())
	}

	pub(crate) fn do_revoke_operator(
		holder: T::AccountId,
		token: TokenId,
		operator: T::AccountId,
		scope: OperatorScope,
	) -> DispatchResult {
		ensure!(
			Operators::<T>::take((token, holder.clone()), (operator.clone(), scope)).is_some(),
			Error::<T>::NotAnOperator
		);
		Self::deposit_event(Event::OperatorRevoked { token, holder, operator, scope });
		Ok(())
	}

	pub(crate) fn do_approve(
		owner: T::AccountId,
		token: TokenId,
		partition: PartitionId,
		spender: T::AccountId,
		amount: TokenBalance,
	) -> DispatchResult {
		let details = Tokens::<T>::get(token).ok_or(Error::<T>::UnknownToken)?;
		ensure!((partition as usize) < details.partitions.len(), Error::<T>::UnknownPartition);
		let key = (token, partition, owner.clone());
		if amount == 0 {
			Allowances::<T>::remove(&key, &spender);
		} else {
			Allowances::<T>::insert(&key, &spender, amount);
		}
		Self::deposit_event(Event::Approval { token, partition, owner, spender, amount });
		Ok(())
	}

	/// Use `amount` of `spender`'s allowance over `owner`'s `partition`.
	pub(crate) fn spend_allowance(
		spender: &T::AccountId,
		token: TokenId,
		partition: PartitionId,
		owner: &T::AccountId,
		amount: TokenBalance,
	) -> DispatchResult {
		let key = (token, partition, owner.clone());
		let allowance = Allowances::<T>::get(&key, spender);
		let remaining = allowance.checked_sub(amount).ok_or(Error::<T>::AllowanceExceeded)?;
		if remaining == 0 {
			Allowances::<T>::remove(&key, spender);
		} else {
			Allowances::<T>::insert(&key, spender, remaining);
		}
		Self::deposit_event(Event::Approval {
			token,
			partition,
			owner: owner.clone(),
			spender: spender.clone(),
			amount: remaining,
		});
		Ok(())
	}

	/// An operator of the holder, or else a spender with enough allowance (which is used).
	pub(crate) fn authorize_spend(
		who: &T::AccountId,
		token: TokenId,
		partition: PartitionId,
		holder: &T::AccountId,
		amount: TokenBalance,
	) -> DispatchResult {
		if Self::is_operator(token, holder, who, partition) {
			return Ok(());
		}
		if Allowances::<T>::get((token, partition, holder.clone()), who) == 0 {
			return Err(Error::<T>::NotOperator.into());
		}
		Self::spend_allowance(who, token, partition, holder, amount)
	}
}
