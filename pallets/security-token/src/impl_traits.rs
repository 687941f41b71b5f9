//! What other pallets and clients ask of the token: compliance authority, wallet guard,
//! settlement legs (through the one movement path), reads, and the invariants.

use crate::*;
use alloc::{collections::BTreeMap, vec::Vec};
use frame_support::{ensure, traits::Time};
use polkadot_sdk::{frame_support::weights::Weight, sp_core::H256};
use sto_primitives::{
	identity::{TokenAuthority, WalletGuard, WalletGuardError},
	settlement::TokenSettlement,
	token::TokenInspect,
};

impl<T: Config> TokenAuthority<T::AccountId> for Pallet<T> {
	fn can_manage_compliance(token: TokenId, who: &T::AccountId) -> bool {
		let Some(details) = Tokens::<T>::get(token) else { return false };
		T::Identity::identity_of(who)
			.is_some_and(|identity| Self::roles_of(&details, token, identity).contains(Roles::COMPLIANCE_MANAGER))
	}

	fn token_exists(token: TokenId) -> bool {
		Tokens::<T>::contains_key(token)
	}
}

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
		Self::try_move(request, Some(operator.clone()), Some(reference))
	}

	fn identity_holding(token: TokenId, identity: IdentityId) -> TokenBalance {
		Self::identity_balance(token, identity)
	}

	fn leg_weight(token: TokenId) -> Weight {
		T::Compliance::movement_weight(token)
	}

	fn max_leg_weight() -> Weight {
		T::Compliance::max_movement_weight()
	}
}

/// A wallet leaves its identity only when it holds nothing (its account freezes are dropped),
/// or, in a governed recovery, with its holdings moved to the new primary wallet through the
/// one movement path (see `features/wallets.rs`). Read from the identity's positions (one
/// prefix), so that no transfer writes a per-wallet counter.
impl<T: Config> WalletGuard<T::AccountId> for Pallet<T> {
	fn release_wallet(identity: IdentityId, account: &T::AccountId, max_positions: u32) -> Result<u32, WalletGuardError> {
		Self::do_release_wallet(identity, account, max_positions)
	}

	fn release_wallet_weight(positions: u32) -> Weight {
		T::WeightInfo::release_wallet(positions)
	}

	fn move_wallet(
		identity: IdentityId,
		from: &T::AccountId,
		to: &T::AccountId,
		max_positions: u32,
	) -> Result<u32, WalletGuardError> {
		Self::do_move_wallet(identity, from, to, max_positions)
	}

	fn move_wallet_weight(positions: u32) -> Weight {
		T::WeightInfo::move_wallet(positions)
	}
}

/// A holding as clients see it.
#[derive(Clone, PartialEq, Eq, codec::Encode, codec::Decode, scale_info::TypeInfo, Debug)]
pub struct HoldingView<Moment> {
	pub partition: PartitionId,
	pub balance: TokenBalance,
	/// What may be moved now (balance − locked − frozen).
	pub spendable: TokenBalance,
	pub frozen: TokenBalance,
	/// Active lock-ups: (amount, release).
	pub lockups: Vec<(TokenBalance, Moment)>,
}

impl<T: Config> Pallet<T> {
	/// `account`'s balance of `token` in `partition`.
	pub fn balance_of(token: TokenId, partition: PartitionId, account: &T::AccountId) -> TokenBalance {
		T::Identity::identity_of(account)
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

	/// Invariants, per token:
	/// - the positions' totals add up to the supply, and each partition's holdings to its
	///   supply; each position's total is the sum of its holdings;
	/// - the holder count is the number of identities with a non-zero total;
	/// - no position holds two holdings of the same wallet and partition, or an empty one;
	/// - a holding's partial freeze and lock-ups together fit in its balance, and no lock-up is
	///   empty (so that no restriction binds tokens received later);
	/// - every holding's wallet, and every frozen wallet, still belongs to the position's
	///   identity;
	/// - no position of a token that does not exist.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		/// What the positions say of one token: supply, supply per partition, holders.
		#[derive(Default)]
		struct Counted {
			supply: TokenBalance,
			partitions: BTreeMap<PartitionId, TokenBalance>,
			holders: u32,
		}
		let mut counted: BTreeMap<TokenId, Counted> = BTreeMap::new();
		for (identity, token_id, position) in Positions::<T>::iter() {
			ensure!(Tokens::<T>::contains_key(token_id), "position in an unknown token");
			let sums = counted.entry(token_id).or_default();
			let mut total: TokenBalance = 0;
			for (i, holding) in position.holdings.iter().enumerate() {
				ensure!(!holding.is_empty(), "empty holding kept");
				ensure!(
					position.holdings.iter().skip(i + 1).all(|h| h.account != holding.account ||
						h.partition != holding.partition),
					"duplicate holding"
				);
				ensure!(
					T::Identity::identity_of(&holding.account) == Some(identity),
					"holding of a wallet outside the identity"
				);
				ensure!(holding.restricted() <= holding.balance, "restrictions above the balance");
				ensure!(holding.locks.iter().all(|lock| lock.amount > 0), "empty lock-up kept");
				let slot = sums.partitions.entry(holding.partition).or_default();
				*slot = slot.checked_add(holding.balance).ok_or("overflow")?;
				total = total.checked_add(holding.balance).ok_or("overflow")?;
			}
			ensure!(total == position.total, "position total is not the sum of its holdings");
			ensure!(
				position.frozen_accounts.iter().all(|account| T::Identity::identity_of(account) == Some(identity)),
				"frozen wallet outside the identity"
			);
			ensure!(!position.is_empty(), "empty position kept");
			sums.supply = sums.supply.checked_add(total).ok_or("overflow")?;
			if total > 0 {
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
			ensure!(
				Documents::<T>::iter_prefix(token_id).count() as u32 == token.document_count,
				"document count mismatch"
			);
			ensure!(Symbols::<T>::get(&token.symbol) == Some(token_id), "symbol index");
		}
		Ok(())
	}
}
