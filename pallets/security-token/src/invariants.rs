//! The token's invariants (`try_state`, and after every pallet test).

use crate::*;
use alloc::collections::BTreeMap;
use frame_support::ensure;

impl<T: Config> Pallet<T> {
	/// Invariants, per token:
	/// - the positions' totals add up to the supply, and each partition's holdings to its
	///   supply; each position's total is the sum of its holdings;
	/// - the holder count is the number of identities with a non-zero total, the EVM bridge's
	///   escrow ([`sto_primitives::token::BRIDGE_ESCROW`]) not counted;
	/// - the escrow's holdings are of wallets of no identity (the bridge's account), without
	///   lock-ups or partial freezes;
	/// - no position holds two holdings of the same wallet and partition, or an empty one;
	/// - a holding's partial freeze and lock-ups together fit in its balance, and no lock-up is
	///   empty (so that no restriction binds tokens received later);
	/// - every holding's wallet, and every frozen wallet, still belongs to the position's
	///   identity;
	/// - no position of a token that does not exist;
	/// - no position is recorded for a checkpoint epoch its token has not reached.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		/// What the positions say of one token: supply, supply per partition, holders.
		#[derive(Default)]
		struct Counted {
			supply: TokenBalance,
			partitions: BTreeMap<PartitionId, TokenBalance>,
			holders: u32,
			/// The highest checkpoint epoch a position was recorded for.
			epoch: sto_primitives::checkpoint::CheckpointEpoch,
		}
		let mut counted: BTreeMap<TokenId, Counted> = BTreeMap::new();
		for (identity, token_id, position) in Positions::<T>::iter() {
			ensure!(Tokens::<T>::contains_key(token_id), "position in an unknown token");
			let escrow = identity == sto_primitives::token::BRIDGE_ESCROW;
			// The escrow's wallet is the bridge's account, which belongs to no identity.
			let owner = if escrow { None } else { Some(identity) };
			let sums = counted.entry(token_id).or_default();
			sums.epoch = sums.epoch.max(position.checkpoint_epoch);
			let mut total: TokenBalance = 0;
			for (i, holding) in position.holdings.iter().enumerate() {
				ensure!(!holding.is_empty(), "empty holding kept");
				ensure!(
					position.holdings.iter().skip(i + 1).all(|h| h.account != holding.account ||
						h.partition != holding.partition),
					"duplicate holding"
				);
				ensure!(
					T::Identity::identity_of(&holding.account) == owner,
					"holding of a wallet outside the identity"
				);
				ensure!(!escrow || holding.restricted() == 0, "restricted escrow holding");
				ensure!(holding.restricted() <= holding.balance, "restrictions above the balance");
				ensure!(holding.locks.iter().all(|lock| lock.amount > 0), "empty lock-up kept");
				let slot = sums.partitions.entry(holding.partition).or_default();
				*slot = slot.checked_add(holding.balance).ok_or("overflow")?;
				total = total.checked_add(holding.balance).ok_or("overflow")?;
			}
			ensure!(total == position.total, "position total is not the sum of its holdings");
			ensure!(
				position.frozen_accounts.iter().all(|account| T::Identity::identity_of(account) == owner),
				"frozen wallet outside the identity"
			);
			ensure!(!position.is_empty(), "empty position kept");
			sums.supply = sums.supply.checked_add(total).ok_or("overflow")?;
			if total > 0 && !escrow {
				sums.holders += 1;
			}
		}
		for (token_id, token) in Tokens::<T>::iter() {
			let sums = counted.remove(&token_id).unwrap_or_default();
			ensure!(sums.supply == token.total_supply, "balances do not add up to the supply");
			ensure!(
				sums.partitions.keys().all(|p| (*p as usize) < token.partitions.len()),
				"holding in an unknown partition"
			);
			for (index, partition) in token.partitions.iter().enumerate() {
				let in_holdings = sums.partitions.get(&(index as PartitionId)).copied().unwrap_or(0);
				ensure!(partition.supply == in_holdings, "partition supply mismatch");
			}
			ensure!(sums.holders == token.holder_count, "holder count mismatch");
			ensure!(sums.epoch <= token.checkpoints.epoch, "position recorded for a checkpoint epoch not reached");
			ensure!(
				Documents::<T>::iter_prefix(token_id).count() as u32 == token.document_count,
				"document count mismatch"
			);
			ensure!(Symbols::<T>::get(&token.symbol) == Some(token_id), "symbol index");
		}
		for (token_id, reserved) in IssuanceReserved::<T>::iter() {
			let token = Tokens::<T>::get(token_id).ok_or("reservation of an unknown token")?;
			ensure!(reserved > 0, "empty reservation kept");
			ensure!(!token.issuance_finished && token.status != TokenStatus::Closed, "reservation of a token that cannot issue");
			let promised = token.total_supply.checked_add(reserved).ok_or("overflow")?;
			ensure!(token.supply_cap.is_none_or(|cap| promised <= cap), "reservation above the cap");
		}
		Ok(())
	}
}
