//! [`TokenInspect`] for the compliance engine: a token's partitions and hypothetical movements.

use crate::*;
use alloc::vec::Vec;
use frame_support::traits::Time;
use sto_primitives::token::TokenInspect;

/// The compliance engine's view of the token: partitions, and a hypothetical movement as
/// `plan_move` would describe it to the hook (without the token's own checks, so that a
/// compliance report evaluates every rule even when the token itself would refuse).
impl<T: Config> TokenInspect<T::AccountId, TokenBalance, MomentOf<T>> for Pallet<T> {
	fn partition_count(token: TokenId) -> Option<u32> {
		Tokens::<T>::get(token).map(|details| details.partitions.len() as u32)
	}

	fn describe(
		token: TokenId,
		partition: PartitionId,
		to_partition: PartitionId,
		kind: MovementKind,
		from: Option<T::AccountId>,
		to: Option<T::AccountId>,
		amount: TokenBalance,
	) -> Result<Movement<T::AccountId, TokenBalance, MomentOf<T>>, TransferFailure> {
		let details = Tokens::<T>::get(token).ok_or(TransferFailure::UnknownToken)?;
		let partitions = details.partitions.len();
		if partition as usize >= partitions || to_partition as usize >= partitions {
			return Err(TransferFailure::UnknownPartition);
		}
		// A side's identity and identity-level holding before the move.
		let party = |account: Option<T::AccountId>, no_identity: TransferFailure| {
			account
				.map(|account| {
					let identity = T::Identity::identity_of(&account).ok_or(no_identity)?;
					Ok(Party { account, identity, holding_before: Self::identity_balance(token, identity) })
				})
				.transpose()
		};
		let from = party(from, TransferFailure::SenderNoIdentity)?;
		let to = party(to, TransferFailure::ReceiverNoIdentity)?;
		Ok(Movement {
			token,
			partition,
			to_partition,
			kind,
			from,
			to,
			amount,
			supply_before: details.total_supply,
			holders_before: details.holder_count,
			now: T::Time::now(),
		})
	}

	fn holdings_as_issuances(token: TokenId) -> Vec<Movement<T::AccountId, TokenBalance, MomentOf<T>>> {
		let Some(details) = Tokens::<T>::get(token) else { return Vec::new() };
		let now = T::Time::now();
		let mut issuances = Vec::new();
		// Positions are keyed by identity first: every position is read, for the token's.
		let positions = Positions::<T>::iter().filter(|(_, of, _)| *of == token);
		for (identity, _, position) in positions {
			for holding in position.holdings.iter().filter(|holding| holding.balance > 0) {
				let holding_before = position.total.saturating_sub(holding.balance);
				let joins = holding_before == 0;
				issuances.push(Movement {
					token,
					partition: holding.partition,
					to_partition: holding.partition,
					kind: MovementKind::Issue,
					from: None,
					to: Some(Party { account: holding.account.clone(), identity, holding_before }),
					amount: holding.balance,
					supply_before: details.total_supply.saturating_sub(holding.balance),
					holders_before: details.holder_count.saturating_sub(joins as u32),
					now,
				});
			}
		}
		issuances
	}
}
