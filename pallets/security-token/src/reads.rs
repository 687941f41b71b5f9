//! Reads for clients and runtime APIs: balances and holdings.

use crate::*;
use alloc::vec::Vec;
use frame_support::traits::Time;

impl<T: Config> Pallet<T> {
	/// `account`'s balance of `token` in `partition`.
	/// A wallet of no identity holds nothing, except the EVM bridge's account, whose holdings
	/// are the escrow's (`BRIDGE_ESCROW`).
	pub fn balance_of(token: TokenId, partition: PartitionId, account: &T::AccountId) -> TokenBalance {
		T::Identity::identity_of(account)
			.or(Some(sto_primitives::token::BRIDGE_ESCROW))
			.and_then(|identity| Positions::<T>::get(identity, token))
			.map(|position| position.balance_of(account, partition))
			.unwrap_or(0)
	}

	/// An identity's balance of `token` over all its wallets and partitions.
	pub fn identity_balance(token: TokenId, identity: IdentityId) -> TokenBalance {
		Positions::<T>::get(identity, token).map(|position| position.total).unwrap_or(0)
	}

	/// `account`'s holdings of `token`, one per partition.
	pub fn holdings_of(token: TokenId, account: &T::AccountId) -> Vec<HoldingView<MomentOf<T>>> {
		let now = T::Time::now();
		let Some(position) = T::Identity::identity_of(account).and_then(|id| Positions::<T>::get(id, token)) else {
			return Vec::new();
		};
		position
			.holdings
			.iter()
			.filter(|holding| &holding.account == account)
			.map(|holding| HoldingView {
				partition: holding.partition,
				balance: holding.balance,
				spendable: holding.spendable(&now),
				frozen: holding.frozen,
				lockups: holding
					.locks
					.iter()
					.filter(|lock| lock.release > now)
					.map(|lock| (lock.amount, lock.release))
					.collect(),
			})
			.collect()
	}
}
