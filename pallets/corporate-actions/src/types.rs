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

// --- Ballots ---------------------------------------------------------------------------------

use codec::DecodeWithMemTracking;
use polkadot_sdk::sp_core::H256;
use sto_primitives::token::{PartitionId, TokenId};

/// A ballot's id (chain-wide, assigned at creation: 0, 1, 2, ...).
pub type BallotId = u32;

/// A motion put to a ballot.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct Motion {
	/// How many choices it offers (2..=`MaxChoices`): a vote picks one of `0..choices` or
	/// abstains.
	pub choices: u8,
	/// Hash of the motion's text (in the ballot's notice).
	pub description: H256,
}

/// One motion's tally: the voting power behind each choice, and the power that abstained.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, DebugNoBound)]
#[scale_info(skip_type_params(MaxChoices))]
pub struct MotionTally<MaxChoices: Get<u32>> {
	/// `choices[c]`: the power of the votes for choice `c`.
	pub choices: BoundedVec<u128, MaxChoices>,
	/// The power of the votes abstaining on this motion.
	pub abstained: u128,
}

/// A ballot on a token's record date: motions, each voting partition's weight (frozen at
/// creation), the voting period, and the tallies so far.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound)]
#[scale_info(skip_type_params(MaxPartitions, MaxMotions, MaxChoices))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Deposit: MaxEncodedLen))]
pub struct Ballot<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Deposit: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxPartitions: Get<u32>,
	MaxMotions: Get<u32>,
	MaxChoices: Get<u32>,
> {
	pub token: TokenId,
	/// The record date: voting power is read at this checkpoint of the token (referenced until
	/// the ballot is closed or cancelled).
	pub checkpoint: CheckpointId,
	/// (partition, weight): each unit of the partition held at the record date carries
	/// `weight` votes; partitions not listed carry none. Each has the voting right, at most once,
	/// weight at least 1.
	pub weights: BoundedVec<(PartitionId, u32), MaxPartitions>,
	pub motions: BoundedVec<Motion, MaxMotions>,
	/// Voting is open from `start` (inclusive) to `end` (exclusive), ms since the Unix epoch.
	pub start: Moment,
	pub end: Moment,
	/// Hash of the ballot's notice.
	pub document: H256,
	/// `tallies[m]`: motion `m`'s tally (exact: the sum of the stored votes' power).
	pub tallies: BoundedVec<MotionTally<MaxChoices>, MaxMotions>,
	/// How many votes (one per identity) are stored.
	pub voters: u32,
	/// Closed after its end: the tallies are final and its votes are being cleared.
	pub closed: bool,
	/// Who created it, and the deposit held from them until the record is removed.
	pub creator: AccountId,
	pub deposit: Deposit,
}

/// An identity's vote in a ballot.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound)]
#[scale_info(skip_type_params(MaxMotions))]
pub struct Vote<MaxMotions: Get<u32>> {
	/// Its voting power (Σ weight × balance at the record date, over its wallets).
	pub power: u128,
	/// One entry per motion: the choice, or `None` (abstains).
	pub choices: BoundedVec<Option<u8>, MaxMotions>,
}
