//! Account freezes, partial freezes and lock-ups. None of them moves tokens; they change what
//! a holder may spend (balance − locked − frozen). A holding's partial freeze and lock-ups
//! together never exceed its balance: a freeze or lock-up beyond it is refused, and a forced
//! move shrinks them (`Holding::fit_restrictions`), so that tokens received later are never
//! bound by an earlier decision.

use crate::*;
use frame_support::{pallet_prelude::*, traits::Time};

impl<T: Config> Pallet<T> {
	/// The identity of `account` and its position in `token` (empty if it holds nothing).
	fn position_of(token: TokenId, account: &T::AccountId) -> Result<(IdentityId, PositionOf<T>), DispatchError> {
		let identity = T::Identity::identity_of(account).ok_or(Error::<T>::NoIdentity)?;
		Ok((identity, Positions::<T>::get(identity, token).unwrap_or_default()))
	}

	pub(crate) fn store_position(token: TokenId, identity: IdentityId, position: PositionOf<T>) {
		if position.is_empty() {
			Positions::<T>::remove(identity, token);
		} else {
			Positions::<T>::insert(identity, token, position);
		}
	}

	pub(crate) fn do_set_account_frozen(
		who: &T::AccountId,
		token: TokenId,
		account: T::AccountId,
		frozen: bool,
	) -> DispatchResult {
		Self::ensure_role(who, token, Roles::FREEZER)?;
		let (identity, mut position) = Self::position_of(token, &account)?;
		if frozen {
			ensure!(!position.is_frozen(&account), Error::<T>::AlreadyFrozen);
			position.frozen_accounts.try_push(account.clone()).map_err(|_| Error::<T>::TooManyFrozen)?;
		} else {
			let index = position
				.frozen_accounts
				.iter()
				.position(|a| a == &account)
				.ok_or(Error::<T>::NotFrozen)?;
			position.frozen_accounts.remove(index);
		}
		Self::store_position(token, identity, position);
		if frozen {
			Self::deposit_event(Event::AccountFrozen { token, account });
		} else {
			Self::deposit_event(Event::AccountUnfrozen { token, account });
		}
		Ok(())
	}

	pub(crate) fn do_change_frozen(
		who: &T::AccountId,
		token: TokenId,
		partition: PartitionId,
		account: T::AccountId,
		amount: TokenBalance,
		freeze: bool,
	) -> DispatchResult {
		let details = Self::ensure_role(who, token, Roles::FREEZER)?;
		ensure!((partition as usize) < details.partitions.len(), Error::<T>::UnknownPartition);
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		let (identity, mut position) = Self::position_of(token, &account)?;
		let index = position.find(&account, partition).ok_or(Error::<T>::InsufficientBalance)?;
		let holding = &mut position.holdings[index];
		let now = T::Time::now();
		holding.locks.retain(|lock| lock.release > now);
		holding.frozen = if freeze {
			let frozen = holding.frozen.checked_add(amount).ok_or(Error::<T>::Overflow)?;
			// Frozen and locked tokens are distinct: together they fit in the balance.
			ensure!(
				frozen.saturating_add(holding.locked(&now)) <= holding.balance,
				Error::<T>::InsufficientBalance
			);
			frozen
		} else {
			holding.frozen.checked_sub(amount).ok_or(Error::<T>::UnfreezeExceedsFrozen)?
		};
		let frozen = holding.frozen;
		if holding.is_empty() {
			position.holdings.remove(index);
		}
		Self::store_position(token, identity, position);
		Self::deposit_event(Event::PartialFreezeSet { token, partition, account, frozen });
		Ok(())
	}

	/// `who`, a transfer agent of the token, locks up part of `account`'s holding.
	pub(crate) fn do_add_lockup(
		who: &T::AccountId,
		token: TokenId,
		partition: PartitionId,
		account: T::AccountId,
		amount: TokenBalance,
		release: MomentOf<T>,
	) -> DispatchResult {
		Self::ensure_role(who, token, Roles::TRANSFER_AGENT)?;
		Self::insert_lockup(token, partition, account, amount, release)
	}

	/// Lock `amount` of `account`'s holding in `partition` until `release` (the holding must
	/// hold at least the amount). Expired lock-ups are dropped first. No check of the caller
	/// (`add_lockup` checks the transfer agent's role, `issue` the supply manager's).
	pub(crate) fn insert_lockup(
		token: TokenId,
		partition: PartitionId,
		account: T::AccountId,
		amount: TokenBalance,
		release: MomentOf<T>,
	) -> DispatchResult {
		let now = T::Time::now();
		ensure!(release > now, Error::<T>::ReleaseInPast);
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		let details = Tokens::<T>::get(token).ok_or(Error::<T>::UnknownToken)?;
		ensure!((partition as usize) < details.partitions.len(), Error::<T>::UnknownPartition);
		let (identity, mut position) = Self::position_of(token, &account)?;
		let index = position.find(&account, partition).ok_or(Error::<T>::InsufficientBalance)?;
		let holding = &mut position.holdings[index];
		holding.locks.retain(|lock| lock.release > now);
		let restricted = holding.restricted().checked_add(amount).ok_or(Error::<T>::Overflow)?;
		// Locked and frozen tokens are distinct: together they fit in the balance.
		ensure!(restricted <= holding.balance, Error::<T>::InsufficientBalance);
		// A lock-up with the same release merges (an offering's issuances to one holding).
		match holding.locks.iter_mut().find(|lock| lock.release == release) {
			Some(lock) => lock.amount = lock.amount.checked_add(amount).ok_or(Error::<T>::Overflow)?,
			None => holding.locks.try_push(Lockup { amount, release }).map_err(|_| Error::<T>::TooManyLockups)?,
		}
		Positions::<T>::insert(identity, token, position);
		Self::deposit_event(Event::LockupAdded { token, partition, account, amount, release });
		Ok(())
	}
}
