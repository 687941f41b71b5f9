//! A wallet leaving its identity (the identity registry's
//! [`WalletGuard`](sto_primitives::token::WalletGuard)): a wallet that holds nothing is
//! released (its account freezes go with it); a lost primary wallet's holdings are recovered to
//! the identity's new primary wallet through the one movement path.
//!
//! Both read the identity's positions (one storage prefix, keyed by identity first), at most
//! the caller's witness of them.

use crate::*;
use alloc::vec::Vec;
use sto_primitives::token::WalletGuardError;

impl<T: Config> Pallet<T> {
	/// Every position of `identity`, refused when there are more than `max_positions`.
	fn positions_within(
		identity: IdentityId,
		max_positions: u32,
	) -> Result<Vec<(TokenId, PositionOf<T>)>, WalletGuardError> {
		let mut positions = Vec::new();
		for entry in Positions::<T>::iter_prefix(identity) {
			if positions.len() as u32 >= max_positions {
				return Err(WalletGuardError::PositionsWitnessTooLow);
			}
			positions.push(entry);
		}
		Ok(positions)
	}

	/// `account` leaves `identity`: refused while it holds any token; otherwise its account
	/// freezes are dropped (`AccountUnfrozen` for each). A freeze of a wallet that holds nothing
	/// does not pin it to its identity: any freezer may freeze any wallet, and once unlinked the
	/// wallet can receive no token at all. Returns the positions read.
	pub(crate) fn do_release_wallet(
		identity: IdentityId,
		account: &T::AccountId,
		max_positions: u32,
	) -> Result<u32, WalletGuardError> {
		let positions = Self::positions_within(identity, max_positions)?;
		let read = positions.len() as u32;
		if positions.iter().any(|(_, position)| position.holdings.iter().any(|holding| &holding.account == account)) {
			return Err(WalletGuardError::WalletInUse);
		}
		for (token, mut position) in positions {
			if let Some(at) = position.frozen_accounts.iter().position(|frozen| frozen == account) {
				position.frozen_accounts.remove(at);
				Self::store_position(token, identity, position);
				Self::deposit_event(Event::AccountUnfrozen { token, account: account.clone() });
			}
		}
		Ok(read)
	}

	/// Governed recovery of `identity` from its lost wallet `from` to `to` (both its wallets):
	/// every holding of `from`, in every token and partition, moves whole to `to` as a
	/// `Recovery` movement (one `Moved` event each) with its lock-ups and partial freeze; an
	/// account freeze of `from` carries to `to` (`AccountUnfrozen`, `AccountFrozen`), so that a
	/// recovery is no way out of a freeze. Identity aggregates, holder counts and supplies do
	/// not change. Returns the positions read.
	pub(crate) fn do_move_wallet(
		identity: IdentityId,
		from: &T::AccountId,
		to: &T::AccountId,
		max_positions: u32,
	) -> Result<u32, WalletGuardError> {
		let positions = Self::positions_within(identity, max_positions)?;
		let read = positions.len() as u32;
		for (token, position) in positions {
			let holdings: Vec<(PartitionId, TokenBalance)> = position
				.holdings
				.iter()
				.filter(|holding| &holding.account == from && holding.balance > 0)
				.map(|holding| (holding.partition, holding.balance))
				.collect();
			for (partition, balance) in holdings {
				let request = MoveRequest::recovery(token, partition, from.clone(), to.clone(), balance);
				let work = Self::try_move(request, None, None).map_err(WalletGuardError::Movement)?;
				// The recovery's weight (the registry's) does not cover checkpoint work: the
				// block accounts for it.
				frame_system::Pallet::<T>::register_extra_weight_unchecked(
					work,
					frame_support::dispatch::DispatchClass::Normal,
				);
			}
			// Left of `from` in this position: an account freeze, and holdings without balance
			// (kept only by state written before restrictions were fitted to balances).
			let empty_left = position.holdings.iter().any(|holding| &holding.account == from && holding.balance == 0);
			if !position.is_frozen(from) && !empty_left {
				continue;
			}
			let mut position = Positions::<T>::get(identity, token).unwrap_or_default();
			position.holdings.retain(|holding| &holding.account != from);
			if let Some(at) = position.frozen_accounts.iter().position(|frozen| frozen == from) {
				position.frozen_accounts.remove(at);
				Self::deposit_event(Event::AccountUnfrozen { token, account: from.clone() });
				if !position.is_frozen(to) {
					position
						.frozen_accounts
						.try_push(to.clone())
						.map_err(|_| WalletGuardError::Movement(TransferFailure::Overflow))?;
					Self::deposit_event(Event::AccountFrozen { token, account: to.clone() });
				}
			}
			Self::store_position(token, identity, position);
		}
		Ok(read)
	}
}
