//! Records the token pallet stores.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound},
	sp_core::H256,
};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
pub use sto_primitives::checkpoint::{CheckpointEpoch, CheckpointMarks};
use sto_primitives::{
	identity::IdentityId,
	token::{PartitionId, TokenBalance},
};


/// What the token represents.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
#[derive(Serialize, Deserialize)]
pub enum InstrumentType {
	Equity,
	Debt,
	Fund,
	RealEstate,
	Insurance,
	Other,
}

/// Where a token is in its life.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
#[derive(Serialize, Deserialize)]
pub enum TokenStatus {
	/// Being set up: no movements.
	Draft,
	/// Primary issuance: the supply manager issues; holders may not transfer yet.
	Issuing,
	/// Trading: issuance (until finished), transfers and redemptions.
	Active,
	/// Halted by the owner (e.g. a corporate event): no movements except the transfer agent's.
	Halted,
	/// Wound up for good: no movements at all.
	Closed,
}

/// A securities identifier.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum Identifier {
	/// ISIN, 12 characters (ISO 6166).
	Isin([u8; 12]),
	/// CUSIP, 9 characters.
	Cusip([u8; 9]),
	/// LEI of the issuer, 20 characters (ISO 17442).
	Lei([u8; 20]),
	/// FIGI, 12 characters.
	Figi([u8; 12]),
}

impl Identifier {
	/// Which scheme (a token has at most one identifier per scheme).
	pub fn kind(&self) -> u8 {
		match self {
			Identifier::Isin(_) => 0,
			Identifier::Cusip(_) => 1,
			Identifier::Lei(_) => 2,
			Identifier::Figi(_) => 3,
		}
	}

	/// Upper-case letters and digits only, as all four schemes use.
	pub fn is_well_formed(&self) -> bool {
		let bytes: &[u8] = match self {
			Identifier::Isin(b) | Identifier::Figi(b) => b,
			Identifier::Cusip(b) => b,
			Identifier::Lei(b) => b,
		};
		bytes.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
	}
}

/// How much underlying one whole token stands for: `numerator / denominator` units of
/// `unit` (a hash of the unit's description, e.g. "parking space of the garage at ...").
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct Underlying {
	pub numerator: u64,
	pub denominator: u64,
	pub unit: H256,
}

/// Rights attached to a partition.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
#[derive(Serialize, Deserialize)]
pub struct PartitionRights {
	/// Its tokens vote.
	pub voting: bool,
	/// Its tokens receive distributions.
	pub dividends: bool,
	/// Its tokens may be transferred by holders (the transfer agent always may move them).
	pub transferable: bool,
}

/// A partition (tranche) of a token.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound)]
#[scale_info(skip_type_params(NameLen))]
#[codec(mel_bound())]
pub struct Partition<NameLen: Get<u32>> {
	pub name: BoundedVec<u8, NameLen>,
	pub rights: PartitionRights,
	/// Tokens of the partition in existence.
	pub supply: TokenBalance,
}

/// The terms a token is created with (`create_token`'s argument; `TokenCreated` repeats them).
/// Fields in the order `create_token` took them as separate arguments before (spec 107), so a
/// call encodes to the same bytes.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(SymbolLen, NameLen, MaxIdentifiers))]
#[codec(mel_bound())]
pub struct TokenTerms<SymbolLen: Get<u32>, NameLen: Get<u32>, MaxIdentifiers: Get<u32>> {
	/// Unique, upper-case letters and digits.
	pub symbol: BoundedVec<u8, SymbolLen>,
	/// Not empty.
	pub name: BoundedVec<u8, NameLen>,
	/// Decimal places clients show (information only).
	pub decimals: u8,
	/// Every amount is a multiple of it (1: any amount).
	pub granularity: TokenBalance,
	pub instrument: InstrumentType,
	/// How much of the asset one whole token represents.
	pub underlying: Underlying,
	/// ISIN, CUSIP, ... (one of each kind at most).
	pub identifiers: BoundedVec<Identifier, MaxIdentifiers>,
	/// The most tokens that may exist (`None`: no cap).
	pub supply_cap: Option<TokenBalance>,
	/// Whether the transfer agent may force transfers and redemptions (renounceable).
	pub controllable: bool,
	/// The name of partition 0 (not empty).
	pub default_partition: BoundedVec<u8, NameLen>,
	/// The rights of partition 0.
	pub rights: PartitionRights,
}

/// A token: its terms, its state, its partitions. Read by every movement (one storage read).
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound)]
#[scale_info(skip_type_params(SymbolLen, NameLen, MaxPartitions, MaxIdentifiers))]
#[codec(mel_bound())]
pub struct TokenDetails<
	SymbolLen: Get<u32>,
	NameLen: Get<u32>,
	MaxPartitions: Get<u32>,
	MaxIdentifiers: Get<u32>,
> {
	/// The issuer identity that owns the token.
	pub owner: IdentityId,
	pub symbol: BoundedVec<u8, SymbolLen>,
	pub name: BoundedVec<u8, NameLen>,
	/// Decimal places clients show (information only).
	pub decimals: u8,
	/// Every amount must be a multiple of this (1: any amount).
	pub granularity: TokenBalance,
	pub instrument: InstrumentType,
	pub underlying: Underlying,
	pub identifiers: BoundedVec<Identifier, MaxIdentifiers>,
	/// The most tokens that may exist (`None`: no cap).
	pub supply_cap: Option<TokenBalance>,
	/// Tokens in existence.
	pub total_supply: TokenBalance,
	/// Identities holding a non-zero balance.
	pub holder_count: u32,
	pub status: TokenStatus,
	/// Movements are paused (the transfer agent's forced moves excepted).
	pub paused: bool,
	/// No more issuance, ever.
	pub issuance_finished: bool,
	/// The transfer agent may force transfers and redemptions (renounced for good by setting
	/// it false).
	pub controllable: bool,
	pub partitions: BoundedVec<Partition<NameLen>, MaxPartitions>,
	/// Documents attached.
	pub document_count: u32,
	/// The token's checkpoints as every movement needs them: the latest epoch taken and the
	/// next scheduled record date (kept by the corporate-actions pallet through
	/// [`CheckpointTokens`](sto_primitives::checkpoint::CheckpointTokens); storage version 2).
	pub checkpoints: CheckpointMarks,
}

/// Tokens locked until a time (a lock-up).
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct Lockup<Moment> {
	pub amount: TokenBalance,
	/// When the tokens become free (ms since the Unix epoch).
	pub release: Moment,
}

/// One wallet's balance in one partition.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound)]
#[scale_info(skip_type_params(MaxLocks))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Moment: MaxEncodedLen))]
pub struct Holding<AccountId: Clone + PartialEq + core::fmt::Debug, Moment: Clone + PartialEq + core::fmt::Debug, MaxLocks: Get<u32>> {
	pub account: AccountId,
	pub partition: PartitionId,
	pub balance: TokenBalance,
	/// Frozen by the token's freezer (partial freeze).
	pub frozen: TokenBalance,
	pub locks: BoundedVec<Lockup<Moment>, MaxLocks>,
}

impl<AccountId, Moment, MaxLocks> Holding<AccountId, Moment, MaxLocks>
where
	AccountId: Clone + PartialEq + core::fmt::Debug,
	Moment: Clone + PartialEq + PartialOrd + core::fmt::Debug,
	MaxLocks: Get<u32>,
{
	/// Tokens still locked at `now`.
	pub fn locked(&self, now: &Moment) -> TokenBalance {
		self.locks
			.iter()
			.filter(|lock| &lock.release > now)
			.fold(0, |sum: TokenBalance, lock| sum.saturating_add(lock.amount))
	}

	/// What the holder may move at `now`: balance minus locked and frozen, never below zero.
	pub fn spendable(&self, now: &Moment) -> TokenBalance {
		self.balance.saturating_sub(self.locked(now)).saturating_sub(self.frozen)
	}

	/// Nothing left to keep: no balance, no freeze, no lock.
	pub fn is_empty(&self) -> bool {
		self.balance == 0 && self.frozen == 0 && self.locks.is_empty()
	}

	/// The partial freeze plus every stored lock-up (expired ones until they are dropped).
	pub fn restricted(&self) -> TokenBalance {
		self.locks.iter().fold(self.frozen, |sum, lock| sum.saturating_add(lock.amount))
	}

	/// Restrictions never exceed the balance (the pallet's invariant), so that tokens received
	/// later are never bound by an earlier lock-up or freeze. After the balance fell below them
	/// (a forced move, which takes the free part first), shrink them to fit: the lock-ups that
	/// release soonest first, then the partial freeze. Whether the frozen amount changed.
	pub fn fit_restrictions(&mut self) -> bool {
		let mut excess = self.restricted().saturating_sub(self.balance);
		while excess > 0 {
			let mut soonest: Option<usize> = None;
			for (at, lock) in self.locks.iter().enumerate() {
				if soonest.is_none_or(|best| lock.release < self.locks[best].release) {
					soonest = Some(at);
				}
			}
			let Some(at) = soonest else { break };
			let lock = &mut self.locks[at];
			let taken = excess.min(lock.amount);
			lock.amount -= taken;
			excess -= taken;
			if lock.amount == 0 {
				self.locks.remove(at);
			}
		}
		if excess > 0 {
			self.frozen = self.frozen.saturating_sub(excess);
			return true;
		}
		false
	}

	/// Take over the restrictions of a holding whose balance moved here (a recovery): its
	/// partial freeze adds to this one and its lock-ups join these. When they do not all fit in
	/// `MaxLocks`, the soonest are merged (amounts added, released at the later of their
	/// times), so that no token is released earlier than before. `None` on overflow.
	pub fn absorb(&mut self, frozen: TokenBalance, locks: BoundedVec<Lockup<Moment>, MaxLocks>) -> Option<()> {
		self.frozen = self.frozen.checked_add(frozen)?;
		if locks.is_empty() {
			return Some(());
		}
		let mut all = core::mem::take(&mut self.locks).into_inner();
		all.extend(locks);
		all.sort_by(|a, b| a.release.partial_cmp(&b.release).unwrap_or(core::cmp::Ordering::Equal));
		while all.len() > MaxLocks::get() as usize {
			let first = all.remove(0);
			let next = all.first_mut()?;
			next.amount = next.amount.checked_add(first.amount)?;
		}
		self.locks = BoundedVec::try_from(all).ok()?;
		Some(())
	}
}

/// An identity's position in a token: every wallet's holding in every partition, their total,
/// and the wallets frozen for this token. One record, so that a movement reads and writes each
/// side once.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound)]
#[scale_info(skip_type_params(MaxHoldings, MaxLocks, MaxFrozen))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Moment: MaxEncodedLen))]
pub struct Position<
	AccountId: Clone + PartialEq + core::fmt::Debug,
	Moment: Clone + PartialEq + core::fmt::Debug,
	MaxHoldings: Get<u32>,
	MaxLocks: Get<u32>,
	MaxFrozen: Get<u32>,
> {
	/// Sum of `holdings[..].balance`.
	pub total: TokenBalance,
	pub holdings: BoundedVec<Holding<AccountId, Moment, MaxLocks>, MaxHoldings>,
	/// Wallets of the identity that may neither send nor receive this token.
	pub frozen_accounts: BoundedVec<AccountId, MaxFrozen>,
	/// The token's checkpoint epoch this position's balances were recorded for: a movement
	/// with the token at a later epoch is the identity's first change since that checkpoint
	/// and records its balances before the move (storage version 2).
	pub checkpoint_epoch: CheckpointEpoch,
}

impl<AccountId, Moment, MaxHoldings, MaxLocks, MaxFrozen> Default
	for Position<AccountId, Moment, MaxHoldings, MaxLocks, MaxFrozen>
where
	AccountId: Clone + PartialEq + core::fmt::Debug,
	Moment: Clone + PartialEq + core::fmt::Debug,
	MaxHoldings: Get<u32>,
	MaxLocks: Get<u32>,
	MaxFrozen: Get<u32>,
{
	fn default() -> Self {
		Self { total: 0, holdings: Default::default(), frozen_accounts: Default::default(), checkpoint_epoch: 0 }
	}
}

impl<AccountId, Moment, MaxHoldings, MaxLocks, MaxFrozen>
	Position<AccountId, Moment, MaxHoldings, MaxLocks, MaxFrozen>
where
	AccountId: Clone + PartialEq + core::fmt::Debug,
	Moment: Clone + PartialEq + core::fmt::Debug,
	MaxHoldings: Get<u32>,
	MaxLocks: Get<u32>,
	MaxFrozen: Get<u32>,
{
	/// The index of `account`'s holding in `partition`.
	pub fn find(&self, account: &AccountId, partition: PartitionId) -> Option<usize> {
		self.holdings.iter().position(|h| &h.account == account && h.partition == partition)
	}

	/// `account`'s balance in `partition`.
	pub fn balance_of(&self, account: &AccountId, partition: PartitionId) -> TokenBalance {
		self.find(account, partition).map(|i| self.holdings[i].balance).unwrap_or(0)
	}

	/// Whether `account` is frozen for this token.
	pub fn is_frozen(&self, account: &AccountId) -> bool {
		self.frozen_accounts.contains(account)
	}

	/// Nothing left to keep.
	pub fn is_empty(&self) -> bool {
		self.holdings.is_empty() && self.frozen_accounts.is_empty()
	}

	/// The identity's balance per partition, over its wallets, in partition order (partitions
	/// it holds nothing of left out): what a checkpoint records.
	pub fn partition_balances(&self) -> alloc::vec::Vec<(PartitionId, TokenBalance)> {
		let mut balances: alloc::vec::Vec<(PartitionId, TokenBalance)> = alloc::vec::Vec::new();
		for holding in self.holdings.iter().filter(|holding| holding.balance > 0) {
			match balances.binary_search_by_key(&holding.partition, |(partition, _)| *partition) {
				Ok(at) => balances[at].1 = balances[at].1.saturating_add(holding.balance),
				Err(at) => balances.insert(at, (holding.partition, holding.balance)),
			}
		}
		balances
	}

	/// The identity's balance in `partition`, over its wallets.
	pub fn partition_balance(&self, partition: PartitionId) -> TokenBalance {
		self.holdings
			.iter()
			.filter(|holding| holding.partition == partition)
			.fold(0, |sum: TokenBalance, holding| sum.saturating_add(holding.balance))
	}
}

/// An allowance (ERC-20 style) and the deposit held from its owner for the record.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct Allowance<Deposit> {
	/// What the spender may still move.
	pub amount: TokenBalance,
	/// Held from the owner while the record exists; released to the owner when the allowance
	/// is set to zero or used up.
	pub deposit: Deposit,
}

/// Roles the token owner grants to identities (bit flags).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug, Default)]
pub struct Roles(pub u8);

impl Roles {
	/// Issues tokens, sets the supply cap, finishes issuance.
	pub const SUPPLY_MANAGER: u8 = 1 << 0;
	/// Forces transfers and redemptions (controller), sets lock-ups, reclassifies.
	pub const TRANSFER_AGENT: u8 = 1 << 1;
	/// Manages compliance rules and the token's trusted claim issuers.
	pub const COMPLIANCE_MANAGER: u8 = 1 << 2;
	/// Sets and removes documents.
	pub const DOCUMENT_MANAGER: u8 = 1 << 3;
	/// Pauses the token, freezes accounts and parts of balances.
	pub const FREEZER: u8 = 1 << 4;
	/// Every role.
	pub const ALL: u8 = 0b1_1111;

	pub fn contains(&self, role: u8) -> bool {
		self.0 & role == role
	}
}

/// What an operator may move for a holder.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum OperatorScope {
	/// Every partition.
	AllPartitions,
	/// One partition.
	Partition(PartitionId),
}

/// A document attached to a token (ERC-1643).
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound)]
#[scale_info(skip_type_params(UriLen))]
#[codec(mel_bound(Moment: MaxEncodedLen))]
pub struct Document<UriLen: Get<u32>, Moment: Clone + PartialEq + core::fmt::Debug> {
	/// Where the document is (off chain).
	pub uri: BoundedVec<u8, UriLen>,
	/// Hash of its content.
	pub hash: H256,
	/// When it was last set (ms since the Unix epoch).
	pub updated_at: Moment,
}

/// A token created at genesis (see the pallet's `GenesisConfig`): created by `owner` as
/// `create_token` would (the token deposit is held from it), its further partitions added, its
/// holdings issued through the one movement path, then brought to `status`.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenesisToken<AccountId> {
	/// A wallet of the owner identity (the issuer); funded for the token deposit.
	pub owner: AccountId,
	/// 1 to `MaxSymbolLength` upper-case letters or digits, unique.
	pub symbol: alloc::vec::Vec<u8>,
	pub name: alloc::vec::Vec<u8>,
	pub decimals: u8,
	/// Every amount must be a multiple of this (at least 1).
	pub granularity: TokenBalance,
	pub instrument: InstrumentType,
	/// The most tokens that may exist (`None`: no cap).
	pub supply_cap: Option<TokenBalance>,
	/// Whether the transfer agent may force transfers and redemptions.
	pub controllable: bool,
	/// The partitions in order, partition 0 first (at least one): name and rights.
	pub partitions: alloc::vec::Vec<(alloc::vec::Vec<u8>, PartitionRights)>,
	/// The status after genesis. `Draft` only without holdings (a draft cannot issue).
	pub status: TokenStatus,
	/// Issued at genesis: (account, partition, amount). Every account needs a verified
	/// identity (identity-registry genesis).
	pub holdings: alloc::vec::Vec<(AccountId, PartitionId, TokenBalance)>,
}

/// A holding as clients see it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct HoldingView<Moment> {
	pub partition: PartitionId,
	pub balance: TokenBalance,
	/// What may be moved now (balance − locked − frozen).
	pub spendable: TokenBalance,
	pub frozen: TokenBalance,
	/// Active lock-ups: (amount, release).
	pub lockups: alloc::vec::Vec<(TokenBalance, Moment)>,
}
