//! Checkpoints (record dates) of a token: the seam between the security token (which owns every
//! balance and the one movement path) and the corporate-actions pallet (which owns checkpoints).
//!
//! A checkpoint freezes every (partition, identity) balance and every partition's supply at a
//! moment. Nothing is copied when it is taken: the token's movement path tells the
//! [`CheckpointObserver`] an identity's balances *before* its first change after a checkpoint
//! (one record per identity and checkpoint), and an identity that did not change since answers
//! with its live balance. To know whether a movement is the first change, the token keeps two
//! markers in records every movement reads anyway: the token record holds the token's
//! [`CheckpointMarks`] (the epoch of its latest checkpoint, the next scheduled record date), and
//! each identity's position holds the epoch it was recorded for. A movement whose position is
//! at the token's epoch costs no extra storage access.
//!
//! Epochs number a token's checkpoints in the order they were taken (1, 2, ...; 0: none). A
//! checkpoint scheduled for a future record date is taken by the first movement of the token
//! at or after that date (before the movement changes anything), or by the next checkpoint
//! created, whichever comes first: nothing can change between the record date and then.

use crate::{identity::IdentityId, token::{PartitionId, TokenBalance, TokenId}, Moment};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::frame_support::weights::Weight;
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// A checkpoint's id within its token (assigned at creation: 0, 1, 2, ...).
pub type CheckpointId = u32;

/// The order in which a token's checkpoints were taken (1, 2, ...; 0: none taken yet). Several
/// scheduled checkpoints due at the same movement share one epoch (nothing changed between
/// them).
pub type CheckpointEpoch = u32;

/// What the token record carries for its checkpoints (read by every movement with the token).
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
	Default, Serialize, Deserialize,
)]
pub struct CheckpointMarks {
	/// The epoch of the token's latest checkpoint taken (0: none). Never decreases.
	pub epoch: CheckpointEpoch,
	/// The earliest record date of a scheduled checkpoint not taken yet.
	pub next_due: Option<Moment>,
}

impl CheckpointMarks {
	/// Whether a movement at `now` takes the scheduled checkpoints first.
	pub fn due(&self, now: Moment) -> bool {
		self.next_due.is_some_and(|at| at <= now)
	}

	/// The epoch a movement at `now` records against: the next one when scheduled checkpoints
	/// are due (the movement takes them), else the latest.
	pub fn epoch_at(&self, now: Moment) -> CheckpointEpoch {
		if self.due(now) {
			self.epoch.saturating_add(1)
		} else {
			self.epoch
		}
	}
}

/// What the token tells the checkpoints owner from its one movement path, implemented by the
/// corporate-actions pallet (`()`: no checkpoints, nothing recorded).
pub trait CheckpointObserver {
	/// The scheduled checkpoints of `token` due at `now` are taken now, as epoch `epoch`, with
	/// the partitions' supplies before the movement (`supplies[p]` for partition `p`). Called
	/// by the first movement at or after the earliest record date, before its own change.
	/// Returns the token's new marks (`epoch`, the next record date still scheduled).
	fn take_due(token: TokenId, now: Moment, epoch: CheckpointEpoch, supplies: &[TokenBalance]) -> CheckpointMarks;

	/// `identity`'s balances of `token` per partition (partitions it holds nothing of are left
	/// out) before its first change since checkpoint epoch `epoch`, the token's latest.
	fn record(token: TokenId, epoch: CheckpointEpoch, identity: IdentityId, balances: &[(PartitionId, TokenBalance)]);

	/// The most `take_due` costs (storage reads and writes included).
	fn take_due_weight() -> Weight;

	/// The most one `record` costs.
	fn record_weight() -> Weight;
}

impl CheckpointObserver for () {
	fn take_due(_: TokenId, _: Moment, epoch: CheckpointEpoch, _: &[TokenBalance]) -> CheckpointMarks {
		CheckpointMarks { epoch, next_due: None }
	}
	fn record(_: TokenId, _: CheckpointEpoch, _: IdentityId, _: &[(PartitionId, TokenBalance)]) {}
	fn take_due_weight() -> Weight {
		Weight::zero()
	}
	fn record_weight() -> Weight {
		Weight::zero()
	}
}

/// What the checkpoints owner asks of the token, implemented by the security-token pallet:
/// who may manage a token's corporate actions, its supplies and marks, an identity's live
/// balances.
pub trait CheckpointTokens<AccountId> {
	/// Whether `who` (a wallet) may create and retire `token`'s checkpoints: a wallet of the
	/// token's owner identity or of an agent with the transfer-agent role.
	fn can_manage_checkpoints(token: TokenId, who: &AccountId) -> bool;

	/// `token`'s marks and each partition's supply (`None`: no such token).
	fn checkpoint_state(token: TokenId) -> Option<(CheckpointMarks, alloc::vec::Vec<TokenBalance>)>;

	/// Store `token`'s new marks (the epoch never decreases).
	fn set_checkpoint_marks(token: TokenId, marks: CheckpointMarks);

	/// `identity`'s live balance of `token` in `partition`, over all its wallets.
	fn identity_partition_balance(token: TokenId, partition: PartitionId, identity: IdentityId) -> TokenBalance;

	/// The epoch `identity`'s position in `token` was recorded for (0: none, or no position).
	fn recorded_epoch(token: TokenId, identity: IdentityId) -> CheckpointEpoch;

	/// Whether `partition` of `token` exists and carries `right` (what a distribution pays or
	/// a ballot counts).
	fn partition_has_right(token: TokenId, partition: PartitionId, right: PartitionRight) -> bool;

	/// The most partitions a token may have.
	fn max_partitions() -> u32;
}

/// A right a partition's tokens carry, read by corporate actions.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PartitionRight {
	/// Its tokens vote in ballots.
	Voting,
	/// Its tokens receive distributions.
	Dividends,
}
