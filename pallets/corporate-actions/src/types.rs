//! Records the corporate-actions pallet stores.

use codec::{Decode, Encode, MaxEncodedLen};
use polkadot_sdk::frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use scale_info::TypeInfo;
use sto_primitives::{
	checkpoint::{CheckpointEpoch, CheckpointId},
	token::TokenBalance,
	Moment,
};

/// A checkpoint of a token: a record date, and once taken the epoch its balances are recorded
/// under and each partition's supply at that moment.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound)]
#[scale_info(skip_type_params(MaxPartitions))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Deposit: MaxEncodedLen))]
pub struct Checkpoint<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Deposit: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxPartitions: Get<u32>,
> {
	pub id: CheckpointId,
	/// When the balances are frozen (ms since the Unix epoch): the creation time of a
	/// checkpoint created now, the chosen future moment of a scheduled one.
	pub record_date: Moment,
	/// The token's epoch it was taken as; `None` while scheduled and not taken yet.
	pub epoch: Option<CheckpointEpoch>,
	/// Each partition's supply at the record date (`supplies[p]` for partition `p`; empty
	/// until taken; a partition added later held nothing).
	pub supplies: BoundedVec<TokenBalance, MaxPartitions>,
	/// Corporate actions (distributions, ballots) that read it: it cannot be retired while
	/// any does.
	pub references: u32,
	/// Retired by the token's manager: it answers no more, and its records go (in pages, by
	/// `clear_retired`) once every checkpoint taken before it is retired too (a later
	/// checkpoint's records answer for the earlier ones).
	pub retired: bool,
	/// Who created it, and the deposit held from them until its records are gone.
	pub creator: AccountId,
	pub deposit: Deposit,
}

impl<AccountId, Deposit, MaxPartitions> Checkpoint<AccountId, Deposit, MaxPartitions>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Deposit: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxPartitions: Get<u32>,
{
	/// Scheduled and not taken yet.
	pub fn is_scheduled(&self) -> bool {
		self.epoch.is_none()
	}

	/// Partition `partition`'s supply at the record date (taken checkpoints).
	pub fn supply(&self, partition: u16) -> TokenBalance {
		self.supplies.get(partition as usize).copied().unwrap_or(0)
	}
}

/// A checkpoint as clients see it (view functions).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct CheckpointView {
	pub id: CheckpointId,
	pub record_date: Moment,
	/// Taken (its balances are frozen); `false`: scheduled.
	pub taken: bool,
	pub supplies: alloc::vec::Vec<TokenBalance>,
	pub references: u32,
	pub retired: bool,
}
