//! Operators (ERC-1410) and allowances per partition (ERC-20 style). Each record holds
//! `ApprovalDeposit` from the holder that created it (who must have an identity), released to
//! that holder when the record goes: revoked, set to zero, or used up by the spender.

use crate::*;
use frame_support::{
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};
use sp_runtime::traits::Zero;

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
		Self::caller_identity(&holder)?;
		let details = Tokens::<T>::get(token).ok_or(Error::<T>::UnknownToken)?;
		if let OperatorScope::Partition(partition) = scope {
			ensure!((partition as usize) < details.partitions.len(), Error::<T>::UnknownPartition);
		}
		ensure!(holder != operator, Error::<T>::SelfOperator);
		let key = (token, holder.clone());
		let entry = (operator.clone(), scope);
		if !Operators::<T>::contains_key(&key, &entry) {
			let deposit = T::ApprovalDeposit::get();
			T::Currency::hold(&HoldReason::Approval.into(), &holder, deposit)?;
			Operators::<T>::insert(&key, &entry, deposit);
		}
		Self::deposit_event(Event::OperatorAuthorized { token, holder, operator, scope });
		Ok(())
	}

	pub(crate) fn do_revoke_operator(
		holder: T::AccountId,
		token: TokenId,
		operator: T::AccountId,
		scope: OperatorScope,
	) -> DispatchResult {
		let deposit = Operators::<T>::take((token, holder.clone()), (operator.clone(), scope))
			.ok_or(Error::<T>::NotOperator)?;
		Self::release_approval_deposit(&holder, deposit)?;
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
		let existing = Allowances::<T>::get(&key, &spender);
		if amount == 0 {
			if let Some(record) = existing {
				Allowances::<T>::remove(&key, &spender);
				Self::release_approval_deposit(&owner, record.deposit)?;
			}
		} else {
			Self::caller_identity(&owner)?;
			let deposit = match existing {
				Some(record) => record.deposit,
				None => {
					let deposit = T::ApprovalDeposit::get();
					T::Currency::hold(&HoldReason::Approval.into(), &owner, deposit)?;
					deposit
				},
			};
			Allowances::<T>::insert(&key, &spender, Allowance { amount, deposit });
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
		let mut allowance = Allowances::<T>::get(&key, spender).ok_or(Error::<T>::AllowanceExceeded)?;
		let remaining = allowance.amount.checked_sub(amount).ok_or(Error::<T>::AllowanceExceeded)?;
		if remaining == 0 {
			// Used up: the record goes, and its deposit back to the owner who paid it.
			Allowances::<T>::remove(&key, spender);
			Self::release_approval_deposit(owner, allowance.deposit)?;
		} else {
			allowance.amount = remaining;
			Allowances::<T>::insert(&key, spender, allowance);
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

	/// An operator of the holder, or else a spender with enough allowance (which is used); a
	/// wallet of an identity either way.
	pub(crate) fn authorize_spend(
		who: &T::AccountId,
		token: TokenId,
		partition: PartitionId,
		holder: &T::AccountId,
		amount: TokenBalance,
	) -> DispatchResult {
		Self::caller_identity(who)?;
		if Self::is_operator(token, holder, who, partition) {
			return Ok(());
		}
		if !Allowances::<T>::contains_key((token, partition, holder.clone()), who) {
			return Err(Error::<T>::NotOperator.into());
		}
		Self::spend_allowance(who, token, partition, holder, amount)
	}

	/// The allowance `spender` may still use of `owner`'s `partition` (0: none).
	pub fn allowance(token: TokenId, partition: PartitionId, owner: &T::AccountId, spender: &T::AccountId) -> TokenBalance {
		Allowances::<T>::get((token, partition, owner.clone()), spender).map_or(0, |record| record.amount)
	}

	fn release_approval_deposit(holder: &T::AccountId, deposit: DepositOf<T>) -> DispatchResult {
		if !deposit.is_zero() {
			T::Currency::release(&HoldReason::Approval.into(), holder, deposit, Precision::BestEffort)?;
		}
		Ok(())
	}
}
