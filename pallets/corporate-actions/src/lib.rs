//! # Corporate Actions Pallet
//!
//! Record dates for security tokens: **checkpoints** that freeze every (partition, identity)
//! balance and every partition's supply of a token at a moment, so that **distributions** of
//! cash and ballots pay and count whoever held on the record date, from the chain alone.
//!
//! ## Terminology
//!
//! - **Checkpoint**: a token's record date. Created *now* (taken at once) or *scheduled* for a
//!   future moment (taken by the first movement of the token at or after it, or by the next
//!   checkpoint created, whichever comes first: nothing can change in between).
//! - **Epoch**: the order in which a token's checkpoints were taken (1, 2, ...). The token
//!   record carries its latest epoch and next scheduled record date, each position the epoch
//!   it was recorded for ([`sto_primitives::checkpoint`]).
//! - **Record** (`Snapshots`): an identity's balances per partition before its first change
//!   after a checkpoint, written once by the token's movement path through
//!   [`CheckpointObserver`]. An identity that did not change since a checkpoint has no record
//!   for it: its balance then is its balance now.
//! - **Reference**: a corporate action reading a checkpoint; a referenced checkpoint cannot be
//!   retired.
//!
//! ## Reads
//!
//! [`Pallet::balance_at_checkpoint`] and [`Pallet::supply_at_checkpoint`] (view functions `balance_at`, `supply_at`,
//! `checkpoints`; free) are exact for every key: the record of the first epoch at or after the
//! checkpoint's that has one for the identity, else its live balance; the supplies are stored
//! with the checkpoint when it is taken.
//!
//! ## Costs
//!
//! A movement of an identity already recorded for the token's latest epoch costs no storage
//! access more than before checkpoints existed; the first change of an identity after a
//! checkpoint writes one record; a movement that finds a scheduled record date passed takes the
//! due checkpoints (one read and one write of the token's checkpoint list). The token's movement
//! calls declare the most this work can cost (due checkpoints and a record for each side) and
//! are charged for what they did; a custody settlement declares it per leg and recovery adds it
//! to the block (docs/CORPORATE-ACTIONS.md has the numbers).
//!
//! ## Bounds
//!
//! At most `MaxCheckpoints` checkpoints per token (scheduled, taken, and retired ones whose
//! records are not cleared yet), of which at most `MaxScheduled` scheduled. A retired
//! checkpoint answers no more; its records are removed by `clear_retired` in pages of at most
//! `MaxClearPerCall`, oldest epoch first, once every checkpoint taken before it is retired too
//! (a later checkpoint's records answer for the earlier ones). Each checkpoint holds
//! `CheckpointDeposit` from its creator until it is removed.
//!
//! ## Distributions
//!
//! Cash of a pallet-assets asset paid to the holders of a checkpoint, per partition with the
//! `dividends` right ([`Payout`]: pro rata, per unit, coupon, waterfall). The payer's funding is
//! **held on its own account** (pallet-assets-holder), never moved to a pot; each claim moves
//! the holder's net from that hold to a wallet of the holder's identity, its withholding tax
//! (by jurisdiction at claim time, or a per-identity override) stays held until swept to the
//! tax account. Rounding: gross = Σ over partitions of ⌊units × amount / per⌋, tax = ⌈rate ×
//! gross⌉, net = gross − tax; a holder's amounts depend only on its own balances and rate.
//! Always `funded == paid_net + tax_withheld + remaining`; what rounding leaves is at most one
//! unit per holder and partition and goes back with `reclaim`. The funding must cover the
//! record date's supplies: checked at creation for a past record date, and when a scheduled
//! one passes (the payer tops up, or the distribution cannot open).
//!
//! ## Interface
//!
//! ### Issuer calls (the token's owner or a transfer agent)
//! `create_checkpoint`, `schedule_checkpoint`, `retire_checkpoint`, `create_distribution`,
//! `push`, `set_tax_override`, `cancel_distribution` and `reclaim` (also the payer),
//! `top_up` (the payer).
//!
//! ### Holders
//! `claim` (any wallet of the identity; paid to a wallet of the identity it names).
//!
//! ### Permissionless
//! `clear_retired`, `clear_distribution` (free storage, release the creators' deposits),
//! `open_distribution`, `sweep_tax` (to the distribution's fixed tax account).
//!
//! ## Ballots
//!
//! A **ballot** on a checkpoint (its record date) puts motions (each with 2..=`MaxChoices`
//! choices) to the holders of the token's voting partitions, each partition's weight (votes
//! per unit) frozen at creation. An identity's **voting power** is Σ weight × its balance of
//! the partition at the checkpoint, over all its wallets (units bought after the record date
//! and partitions without the voting right count nothing). One vote per identity: a vote
//! through any of its wallets replaces the earlier one, and the tallies (exact, `u128`) move
//! with it. The checkpoint is referenced until the ballot is closed or cancelled.
//!
//! Issuer calls: `create_ballot` (holds `BallotDeposit`), `cancel_ballot` (before the start).
//! Holders: `vote` (between start and end). Permissionless: `close_ballot` (after the end:
//! final tallies), `clear_votes` (in pages of at most `MaxClearPerCall`; the record and the
//! deposit go with the last vote). View functions: `voting_power`, `tally`, `ballot`.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use features::DistributionTerms;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
/// Defaults for deriving `Config` in test runtimes (std only).
#[cfg(feature = "std")]
pub mod config_preludes;
#[cfg(test)]
mod distribution_proptests;
#[cfg(test)]
mod distribution_tests;
mod features;
mod invariants;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod ballot_tests;
pub mod types;
pub mod weights;

use polkadot_sdk::{frame_support, frame_system, sp_runtime};
pub use sto_primitives::{
	checkpoint::{CheckpointEpoch, CheckpointId, CheckpointObserver, CheckpointTokens, PartitionRight},
	identity::{IdentityId, IdentityProvider},
	token::{PartitionId, TokenBalance, TokenId},
	Moment,
};
use polkadot_sdk::sp_core::H256;

/// Hooks the benchmarks need from the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, AssetId> {
	/// A new active token with as many partitions as a token may have (each with every
	/// right), and a wallet, funded for deposits, that may manage its corporate actions.
	fn token_and_manager() -> (TokenId, AccountId);

	/// A wallet (the primary) of a new verified identity, funded for fees; `seed` tells them
	/// apart.
	fn holder(seed: u32) -> (AccountId, IdentityId);

	/// A cash asset, with `amount` of it minted to `to`.
	fn cash(to: &AccountId, amount: CashBalance) -> AssetId;

	/// A wallet of a new identity holding `amount` of `token` (made by `token_and_manager`,
	/// managed by `manager`) in each of its first `partitions` partitions, the token given
	/// partitions with the voting right up to `partitions` (at most the token's bound).
	fn voter(token: TokenId, manager: &AccountId, partitions: u32, amount: TokenBalance) -> AccountId;
}

/// The balance type of the deposit currency.
pub type DepositOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;

/// A checkpoint record of this runtime.
pub type CheckpointOf<T> =
	Checkpoint<<T as frame_system::Config>::AccountId, DepositOf<T>, <T as Config>::MaxPartitions>;

/// A token's checkpoints of this runtime.
pub type CheckpointsOf<T> = frame_support::BoundedVec<CheckpointOf<T>, <T as Config>::MaxCheckpoints>;

/// The cash assets' id type.
pub type AssetIdOf<T> =
	<<T as Config>::Cash as frame_support::traits::fungibles::Inspect<<T as frame_system::Config>::AccountId>>::AssetId;

/// A distribution record of this runtime.
pub type DistributionOf<T> = Distribution<
	<T as frame_system::Config>::AccountId,
	AssetIdOf<T>,
	DepositOf<T>,
	<T as Config>::MaxPartitions,
	<T as Config>::MaxTaxRates,
>;

/// A distribution's payout terms in this runtime.
pub type PayoutOf<T> = Payout<<T as Config>::MaxPartitions>;

/// A distribution's withholding-tax table in this runtime.
pub type TaxTableOf<T> = TaxTable<<T as Config>::MaxTaxRates>;

/// An identity's balances per partition, as recorded.
pub type PartitionBalancesOf<T> =
	frame_support::BoundedVec<(PartitionId, TokenBalance), <T as Config>::MaxPartitions>;

/// A ballot record of this runtime.
pub type BallotOf<T> = Ballot<
	<T as frame_system::Config>::AccountId,
	DepositOf<T>,
	<T as Config>::MaxPartitions,
	<T as Config>::MaxMotions,
	<T as Config>::MaxChoices,
>;

/// A ballot's (partition, weight) list.
pub type BallotWeightsOf<T> = frame_support::BoundedVec<(PartitionId, u32), <T as Config>::MaxPartitions>;

/// A ballot's motions.
pub type MotionsOf<T> = frame_support::BoundedVec<Motion, <T as Config>::MaxMotions>;

/// A ballot's tallies, one per motion.
pub type TalliesOf<T> = frame_support::BoundedVec<MotionTally<<T as Config>::MaxChoices>, <T as Config>::MaxMotions>;

/// A vote's choices, one per motion (`None`: abstains).
pub type ChoicesOf<T> = frame_support::BoundedVec<Option<u8>, <T as Config>::MaxMotions>;

/// A stored vote of this runtime.
pub type VoteOf<T> = Vote<<T as Config>::MaxMotions>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateHold},
			fungibles, Time,
		},
	};
	use polkadot_sdk::sp_core::H256;
	use sp_runtime::Permill;
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config(with_default)]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Currency holding the checkpoint deposits.
		#[pallet::no_default]
		type Currency: Mutate<Self::AccountId> + MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons.
		#[pallet::no_default_bounds]
		type RuntimeHoldReason: From<HoldReason>;

		/// The security token: who may manage a token's checkpoints, its supplies and marks,
		/// identities' live balances.
		#[pallet::no_default]
		type Tokens: CheckpointTokens<Self::AccountId>;

		/// Who a wallet is (the identity a claim or vote counts for, its primary wallet and
		/// jurisdiction).
		#[pallet::no_default]
		type Identity: IdentityProvider<Self::AccountId, Moment>;

		/// The chain's clock (ms since the Unix epoch).
		#[pallet::no_default]
		type Time: Time<Moment = Moment>;

		/// Deposit for each checkpoint, held from its creator until it is removed.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type CheckpointDeposit: Get<DepositOf<Self>>;

		/// Most checkpoints per token: scheduled, taken, and retired ones not cleared yet.
		#[pallet::constant]
		type MaxCheckpoints: Get<u32>;

		/// Most scheduled (not yet taken) checkpoints per token.
		#[pallet::constant]
		type MaxScheduled: Get<u32>;

		/// Most partitions of a token (at least the token's own bound).
		#[pallet::constant]
		type MaxPartitions: Get<u32>;

		/// Most records one `clear_retired` removes (and votes one `clear_votes` removes).
		#[pallet::constant]
		type MaxClearPerCall: Get<u32>;

		/// Deposit for each ballot, held from its creator until its record is removed.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type BallotDeposit: Get<DepositOf<Self>>;

		/// Most motions of a ballot.
		#[pallet::constant]
		type MaxMotions: Get<u32>;

		/// Most choices of a motion (2..=255: a choice is a `u8`).
		#[pallet::constant]
		type MaxChoices: Get<u32>;

		/// The chain's cash assets (pallet-assets with pallet-assets-holder): distributions are
		/// funded, held on the payer's account and paid in them.
		#[pallet::no_default]
		type Cash: fungibles::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason, Balance = CashBalance>;

		/// Deposit for each distribution (its record, claim records and tax overrides), held
		/// from its creator until it is removed.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type DistributionDeposit: Get<DepositOf<Self>>;

		/// Most jurisdictions in a distribution's tax table.
		#[pallet::constant]
		type MaxTaxRates: Get<u32>;

		/// Most per-identity tax-rate overrides of a distribution.
		#[pallet::constant]
		type MaxTaxOverrides: Get<u32>;

		/// Most identities one `push` pays.
		#[pallet::constant]
		type MaxPushPerCall: Get<u32>;

		/// Weights of this pallet's calls and of its part in movements.
		type WeightInfo: WeightInfo;

		/// Creates tokens and managers in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		#[pallet::no_default]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, AssetIdOf<Self>>;
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Deposit of a checkpoint.
		Checkpoint,
		/// Deposit of a distribution (native currency).
		Distribution,
		/// Cash funding a distribution (its asset), until paid, swept as tax or released.
		DistributionFunds,
		/// Deposit of a ballot.
		Ballot,
	}

	/// Each token's checkpoints, by id (ascending).
	#[pallet::storage]
	pub type Checkpoints<T: Config> = StorageMap<_, Twox64Concat, TokenId, CheckpointsOf<T>, ValueQuery>;

	/// The id each token's next checkpoint gets.
	#[pallet::storage]
	pub type NextCheckpointId<T: Config> = StorageMap<_, Twox64Concat, TokenId, CheckpointId, ValueQuery>;

	/// (token, epoch, identity) -> the identity's balances per partition (partitions it held
	/// nothing of left out) before its first change after the checkpoint(s) of that epoch.
	/// Keyed by token and epoch first, so that a retired epoch's records are one prefix.
	#[pallet::storage]
	pub type Snapshots<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, TokenId>,
			NMapKey<Twox64Concat, CheckpointEpoch>,
			NMapKey<Twox64Concat, IdentityId>,
		),
		PartitionBalancesOf<T>,
	>;

	/// Distributions, by id.
	#[pallet::storage]
	pub type Distributions<T: Config> = StorageMap<_, Twox64Concat, DistributionId, DistributionOf<T>>;

	/// The id the next distribution gets.
	#[pallet::storage]
	pub type NextDistributionId<T: Config> = StorageValue<_, DistributionId, ValueQuery>;

	/// (distribution, identity) -> what it was paid (present: claimed or pushed; it is not paid
	/// again).
	#[pallet::storage]
	pub type Payments<T: Config> =
		StorageDoubleMap<_, Twox64Concat, DistributionId, Twox64Concat, IdentityId, Payment>;

	/// (distribution, identity) -> the withholding rate applied to it instead of its
	/// jurisdiction's (a treaty rate, an exemption), set by the token's manager.
	#[pallet::storage]
	pub type TaxOverrides<T: Config> =
		StorageDoubleMap<_, Twox64Concat, DistributionId, Twox64Concat, IdentityId, Permill>;

	/// Ballots by id, until their votes are cleared after closing.
	#[pallet::storage]
	pub type Ballots<T: Config> = StorageMap<_, Twox64Concat, BallotId, BallotOf<T>>;

	/// The id the next ballot gets.
	#[pallet::storage]
	pub type NextBallotId<T: Config> = StorageValue<_, BallotId, ValueQuery>;

	/// (ballot, identity) -> the identity's vote (one per identity, whichever wallet cast it).
	#[pallet::storage]
	pub type Votes<T: Config> = StorageDoubleMap<_, Twox64Concat, BallotId, Twox64Concat, IdentityId, VoteOf<T>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A checkpoint was created by `creator`, for `record_date` (now, or a future moment:
		/// scheduled). `CheckpointDeposit` is held from the creator.
		CheckpointCreated { token: TokenId, checkpoint: CheckpointId, record_date: Moment, creator: T::AccountId },
		/// A checkpoint was taken, as the token's checkpoint `epoch`: the balances it freezes
		/// are those after every `Moved` event of the token before this event, and before every
		/// one after it (a scheduled checkpoint is taken by the first movement at or after its
		/// record date, just before that movement's `Moved`).
		CheckpointTaken { token: TokenId, checkpoint: CheckpointId, epoch: CheckpointEpoch },
		/// A checkpoint was retired: it answers no more.
		CheckpointRetired { token: TokenId, checkpoint: CheckpointId },
		/// A retired checkpoint's records are gone and its deposit was released to its creator.
		CheckpointRemoved { token: TokenId, checkpoint: CheckpointId },
		/// A distribution was created; `funded` of `asset` is held from `payer`, and
		/// `DistributionDeposit` from `creator`. It opens (`DistributionOpened`) once its
		/// record date has passed and its funding covers what the record date's supplies are owed.
		DistributionCreated {
			distribution: DistributionId,
			token: TokenId,
			checkpoint: CheckpointId,
			asset: AssetIdOf<T>,
			payer: T::AccountId,
			creator: T::AccountId,
			payout: PayoutOf<T>,
			pay_date: Moment,
			expiry: Moment,
			tax: TaxTableOf<T>,
			tax_account: T::AccountId,
			notice: H256,
			funded: CashBalance,
		},
		/// The payer added `amount` to a pending distribution's funding (now `funded`).
		DistributionFunded { distribution: DistributionId, amount: CashBalance, funded: CashBalance },
		/// The distribution's shares are fixed from the record date's supplies: a holder of
		/// `units` of a share's partition is owed ⌊units × amount / per⌋. `required` (at most
		/// what all holders are owed) stays held; `released` (funding beyond it) went back to
		/// the payer.
		DistributionOpened {
			distribution: DistributionId,
			shares: alloc::vec::Vec<Share>,
			required: CashBalance,
			released: CashBalance,
		},
		/// `identity` was paid `gross − tax` into `wallet`; `tax` (at `rate`) stays held for the
		/// tax account. `pushed`: paid by the token's manager (`push`), else claimed.
		Paid {
			distribution: DistributionId,
			identity: IdentityId,
			wallet: T::AccountId,
			gross: CashBalance,
			tax: CashBalance,
			rate: Permill,
			pushed: bool,
		},
		/// A `push` paid `paid` of the identities listed; the others had been paid, were owed
		/// nothing or could not receive (no primary wallet, below the asset's minimum).
		Pushed { distribution: DistributionId, paid: u32, skipped: u32 },
		/// `identity`'s withholding rate in the distribution is `rate` (`None`: its
		/// jurisdiction's again).
		TaxOverrideSet { distribution: DistributionId, identity: IdentityId, rate: Option<Permill> },
		/// `amount` of withheld tax moved from the payer's hold to the tax account `to`.
		TaxSwept { distribution: DistributionId, to: T::AccountId, amount: CashBalance },
		/// Cancelled before its pay date; `released` went back to the payer.
		DistributionCancelled { distribution: DistributionId, released: CashBalance },
		/// Closed after expiry; `released` (what was not paid) went back to the payer.
		DistributionReclaimed { distribution: DistributionId, released: CashBalance },
		/// A closed distribution's records are gone and its deposit was released to its creator.
		DistributionRemoved { distribution: DistributionId },
		/// A ballot was created by `creator` on `token`'s `checkpoint` (record date): each unit
		/// of a listed partition held then carries its weight in votes; voting is open from
		/// `start` to `end` (exclusive); `document` is the notice's hash. Its tallies start at
		/// zero. `BallotDeposit` is held from the creator; the checkpoint is referenced.
		BallotCreated {
			ballot: BallotId,
			token: TokenId,
			checkpoint: CheckpointId,
			weights: BallotWeightsOf<T>,
			motions: MotionsOf<T>,
			start: Moment,
			end: Moment,
			document: H256,
			creator: T::AccountId,
		},
		/// `identity` voted (through `wallet`) with `power`: `choices[m]` on motion `m` (`None`:
		/// abstains). It replaces the identity's earlier vote in the ballot, if any (the
		/// tallies lose the earlier vote's power where it went).
		Voted { ballot: BallotId, identity: IdentityId, wallet: T::AccountId, power: u128, choices: ChoicesOf<T> },
		/// A ballot was cancelled before its start (it had no votes; `BallotRemoved` follows).
		BallotCancelled { ballot: BallotId },
		/// A ballot was closed after its end with these final tallies; its checkpoint is no
		/// longer referenced. Its votes are cleared by `clear_votes`.
		BallotClosed { ballot: BallotId, tallies: TalliesOf<T> },
		/// A ballot's record and votes are gone and its deposit was released to its creator.
		BallotRemoved { ballot: BallotId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No such token.
		UnknownToken,
		/// The caller is neither the token's owner nor one of its transfer agents.
		NotAuthorized,
		/// The token has `MaxCheckpoints` checkpoints (retire and clear some).
		TooManyCheckpoints,
		/// The token has `MaxScheduled` scheduled checkpoints.
		TooManyScheduled,
		/// A scheduled record date must be in the future (create a checkpoint now instead).
		RecordDateNotInFuture,
		/// No such checkpoint of the token.
		UnknownCheckpoint,
		/// The checkpoint is retired.
		AlreadyRetired,
		/// A corporate action still reads the checkpoint.
		Referenced,
		/// No retired checkpoint's records can be cleared (none is retired, or an older
		/// checkpoint is still live).
		NothingToClear,
		/// More than `MaxClearPerCall` records asked for.
		LimitTooHigh,
		/// An id, epoch or reference count would overflow.
		Overflow,
		/// No such distribution.
		UnknownDistribution,
		/// A partition of the payout does not exist or does not carry the `dividends` right.
		NoDividendRight,
		/// A partition is named twice in the payout, or a country twice in the tax table.
		Duplicate,
		/// The payout names no partition.
		EmptyPayout,
		/// A rate's `per` is zero.
		InvalidRate,
		/// The pay date is before the record date, or the expiry is not after the pay date.
		InvalidDates,
		/// The funding does not cover what the record date's supplies are owed (top up).
		Underfunded,
		/// Not open: a distribution whose record date has not passed, or that is not funded
		/// (top up), or closed; a ballot before its start, from its end, or closed.
		NotOpen,
		/// The distribution is not pending (only a pending one is topped up).
		NotPending,
		/// Before the pay date.
		BeforePayDate,
		/// At or after the expiry: nothing is paid any more.
		Expired,
		/// Before the expiry: the rest cannot be reclaimed yet.
		NotExpired,
		/// The pay date has passed: it can no longer be cancelled.
		TooLate,
		/// The distribution is closed (cancelled or reclaimed).
		Closed,
		/// Not closed: a distribution (cancel or reclaim it first), or a ballot (its votes
		/// stay until it is closed).
		NotClosed,
		/// The identity was paid already.
		AlreadyPaid,
		/// The identity is owed nothing.
		NothingOwed,
		/// The wallet belongs to no identity.
		NoIdentity,
		/// The wallet to pay is not a wallet of the caller's identity.
		NotYourWallet,
		/// The caller is neither the payer nor a manager of the token.
		NotPayer,
		/// The distribution has `MaxTaxOverrides` overrides.
		TooManyOverrides,
		/// No withheld tax is waiting to be swept.
		NothingToSweep,
		/// Withheld tax is still held: sweep it first.
		TaxNotSwept,
		/// A ballot weighs no partition.
		NoWeights,
		/// A weighted partition does not exist.
		UnknownPartition,
		/// A weighted partition does not carry the voting right.
		NotVotingPartition,
		/// A partition is weighted twice.
		DuplicatePartition,
		/// A weight is zero (leave the partition out instead).
		ZeroWeight,
		/// A ballot has no motion.
		NoMotions,
		/// A motion offers fewer than 2 or more than `MaxChoices` choices.
		InvalidChoices,
		/// The voting period must end after it starts and after now.
		InvalidPeriod,
		/// The checkpoint's record date is after the ballot's start.
		RecordDateAfterStart,
		/// No such ballot.
		UnknownBallot,
		/// A vote must have one entry per motion.
		WrongVoteCount,
		/// A choice beyond the motion's choices.
		InvalidChoice,
		/// The identity held nothing of the weighted partitions at the record date.
		NoVotingPower,
		/// The ballot's voting has started: it cannot be cancelled.
		AlreadyStarted,
		/// The ballot's voting has not ended yet.
		NotEnded,
		/// The ballot is closed already.
		AlreadyClosed,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				T::MaxPartitions::get() >= T::Tokens::max_partitions(),
				"MaxPartitions below the token's: a record would lose partitions"
			);
			assert!(T::MaxScheduled::get() <= T::MaxCheckpoints::get(), "MaxScheduled above MaxCheckpoints");
			assert!(T::MaxClearPerCall::get() >= 1, "MaxClearPerCall at least 1");
			assert!(T::MaxPushPerCall::get() >= 1, "MaxPushPerCall at least 1");
			assert!(T::MaxMotions::get() >= 1, "MaxMotions at least 1");
			assert!((2..=255).contains(&T::MaxChoices::get()), "MaxChoices in 2..=255 (a choice is a u8)");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Take a checkpoint of `token` now (scheduled checkpoints already due are taken first).
		///
		/// - origin: a wallet of the token's owner identity or of a transfer agent;
		///   `CheckpointDeposit` is held from it until the checkpoint is removed.
		///
		/// Emits `CheckpointCreated` and `CheckpointTaken` (and `CheckpointTaken` for each due
		/// scheduled checkpoint before). Fails with `TooManyCheckpoints` at `MaxCheckpoints`.
		/// O(`MaxCheckpoints`): reads and writes the token's checkpoint list and the token.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_checkpoint())]
		pub fn create_checkpoint(origin: OriginFor<T>, token: TokenId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_create_checkpoint(who, token)
		}

		/// Schedule a checkpoint of `token` for `record_date` (ms since the Unix epoch, after
		/// now): the first movement of the token at or after it takes it, with the balances
		/// before that movement.
		///
		/// - origin: as `create_checkpoint`; the deposit likewise.
		///
		/// Emits `CheckpointCreated` (`CheckpointTaken` follows when it is taken). At most
		/// `MaxScheduled` scheduled per token. O(`MaxCheckpoints`).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::schedule_checkpoint())]
		pub fn schedule_checkpoint(origin: OriginFor<T>, token: TokenId, record_date: Moment) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_schedule_checkpoint(who, token, record_date)
		}

		/// Retire a checkpoint no corporate action reads. A scheduled one is removed at once
		/// (its deposit released); a taken one answers no more and its records go with
		/// `clear_retired`.
		///
		/// - origin: as `create_checkpoint`.
		///
		/// Emits `CheckpointRetired` (and `CheckpointRemoved` for a scheduled one).
		/// O(`MaxCheckpoints`).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::retire_checkpoint())]
		pub fn retire_checkpoint(origin: OriginFor<T>, token: TokenId, checkpoint: CheckpointId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_retire_checkpoint(who, token, checkpoint)
		}

		/// Remove up to `limit` records of `token`'s retired checkpoints, oldest epoch first,
		/// while every checkpoint taken before them is retired; each checkpoint whose records
		/// are all gone is removed and its deposit released to its creator.
		///
		/// - origin: any signed account.
		/// - `limit`: at most `MaxClearPerCall`.
		///
		/// Emits `CheckpointRemoved` per checkpoint removed. O(`limit` + `MaxCheckpoints`);
		/// charged for the records removed.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::clear_retired(*limit))]
		pub fn clear_retired(origin: OriginFor<T>, token: TokenId, limit: u32) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let removed = Self::do_clear_retired(token, limit)?;
			Ok(Some(T::WeightInfo::clear_retired(removed)).into())
		}

		/// Create a distribution of `asset` to whoever held `token` at `checkpoint`, paid per
		/// `payout` from `pay_date` until `expiry`, less withholding tax by `tax`.
		///
		/// - origin: a wallet of the token's owner identity or of a transfer agent; it is the
		///   payer: `funding` of `asset` is held from it (not moved), and `DistributionDeposit`.
		/// - `checkpoint`: taken, or scheduled (its record date at most `pay_date`).
		/// - `funding`: when the record date has passed, at least what its supplies are owed
		///   (`Underfunded` otherwise; the excess is released at once); else an estimate, topped
		///   up later (`top_up`) if short when the record date passes.
		/// - `tax_account`: where withheld tax is swept (`sweep_tax`).
		///
		/// Emits `DistributionCreated` (and `DistributionOpened` when it opens at once).
		/// O(`MaxPartitions` + `MaxCheckpoints` + `MaxTaxRates`).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::create_distribution())]
		pub fn create_distribution(
			origin: OriginFor<T>,
			token: TokenId,
			checkpoint: CheckpointId,
			asset: AssetIdOf<T>,
			payout: PayoutOf<T>,
			pay_date: Moment,
			expiry: Moment,
			tax: TaxTableOf<T>,
			tax_account: T::AccountId,
			funding: CashBalance,
			notice: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_create_distribution(
				who,
				DistributionTerms { token, checkpoint, asset, payout, pay_date, expiry, tax, tax_account, funding, notice },
			)
		}

		/// Add `amount` to a pending distribution's funding (held from the caller, its payer),
		/// and open it if it can.
		///
		/// Emits `DistributionFunded` (and `DistributionOpened`).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::top_up())]
		pub fn top_up(origin: OriginFor<T>, distribution: DistributionId, amount: CashBalance) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_top_up(who, distribution, amount)
		}

		/// Open a pending distribution whose record date has passed (taking the token's due
		/// checkpoints first), if its funding covers what the record date's supplies are owed.
		/// Claims and pushes open it themselves; this lets anyone do it first.
		///
		/// - origin: any signed account.
		///
		/// Emits `DistributionOpened`. Fails with `NotOpen` before the record date, `Underfunded`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::open_distribution())]
		pub fn open_distribution(origin: OriginFor<T>, distribution: DistributionId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_open(distribution)
		}

		/// Claim the caller's identity's entitlement: gross ⌊units × amount / per⌋ over the
		/// partitions paid (its balances at the record date, over all its wallets), less tax
		/// ⌈rate × gross⌉ at its override or its jurisdiction's rate now.
		///
		/// - origin: any wallet of the identity.
		/// - `pay_to`: a wallet of the same identity to pay (`None`: the caller).
		///
		/// Emits `Paid` (and `DistributionOpened` if this opens it). Between the pay date and
		/// the expiry, once per identity.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::claim().saturating_add(T::WeightInfo::open_distribution()))]
		pub fn claim(
			origin: OriginFor<T>,
			distribution: DistributionId,
			pay_to: Option<T::AccountId>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let opened = Self::do_claim(who, distribution, pay_to)?;
			Ok(Self::maybe_opened(T::WeightInfo::claim(), opened).into())
		}

		/// Pay each listed identity not paid yet its entitlement, into its primary wallet (as
		/// `claim` computes it). Identities paid already, owed nothing or unable to receive are
		/// skipped.
		///
		/// - origin: a wallet of the token's owner identity or of a transfer agent.
		/// - `identities`: at most `MaxPushPerCall` (a cap-table service lists the record
		///   date's holders).
		///
		/// Emits `Paid` per identity paid, then `Pushed`.
		#[pallet::call_index(8)]
		#[pallet::weight(
			T::WeightInfo::push(identities.len() as u32).saturating_add(T::WeightInfo::open_distribution())
		)]
		pub fn push(
			origin: OriginFor<T>,
			distribution: DistributionId,
			identities: BoundedVec<IdentityId, T::MaxPushPerCall>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let count = identities.len() as u32;
			let opened = Self::do_push(who, distribution, identities)?;
			Ok(Self::maybe_opened(T::WeightInfo::push(count), opened).into())
		}

		/// Set (or, with `None`, remove) `identity`'s withholding rate in a distribution,
		/// replacing its jurisdiction's (a treaty rate, an exemption on file).
		///
		/// - origin: a wallet of the token's owner identity or of a transfer agent.
		///
		/// Emits `TaxOverrideSet`. Fails with `AlreadyPaid` once the identity was paid, and at
		/// `MaxTaxOverrides`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_tax_override())]
		pub fn set_tax_override(
			origin: OriginFor<T>,
			distribution: DistributionId,
			identity: IdentityId,
			rate: Option<Permill>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_tax_override(who, distribution, identity, rate)
		}

		/// Move a distribution's withheld tax from the payer's hold to its tax account.
		///
		/// - origin: any signed account (the destination is fixed).
		///
		/// Emits `TaxSwept`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::sweep_tax())]
		pub fn sweep_tax(origin: OriginFor<T>, distribution: DistributionId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_sweep_tax(distribution)
		}

		/// After expiry, release what was not paid to the payer (unclaimed entitlements and
		/// rounding dust); the checkpoint is no longer referenced.
		///
		/// - origin: the payer, or a wallet of the token's owner identity or of a transfer
		///   agent.
		///
		/// Emits `DistributionReclaimed`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::reclaim())]
		pub fn reclaim(origin: OriginFor<T>, distribution: DistributionId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_reclaim(who, distribution)
		}

		/// Cancel a distribution before its pay date: all its cash goes back to the payer; the
		/// checkpoint is no longer referenced.
		///
		/// - origin: as `reclaim`.
		///
		/// Emits `DistributionCancelled`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::cancel_distribution())]
		pub fn cancel_distribution(origin: OriginFor<T>, distribution: DistributionId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel(who, distribution)
		}

		/// Remove up to `limit` payment and override records of a closed distribution whose
		/// tax is swept; once none is left, the distribution goes and its deposit is released
		/// to its creator.
		///
		/// - origin: any signed account.
		/// - `limit`: at most `MaxClearPerCall`.
		///
		/// Emits `DistributionRemoved` when it goes. Charged for the records removed.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::clear_distribution(*limit))]
		pub fn clear_distribution(
			origin: OriginFor<T>,
			distribution: DistributionId,
			limit: u32,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let removed = Self::do_clear_distribution(distribution, limit)?;
			Ok(Some(T::WeightInfo::clear_distribution(removed)).into())
		}

		/// Create a ballot on `token`'s `checkpoint` (its record date): `motions` (each with
		/// 2..=`MaxChoices` choices and its text's hash), `weights` (partition, votes per unit
		/// held at the record date; each partition with the voting right, at most once, weight
		/// at least 1; frozen here), voting open from `start` to `end` (exclusive, ms since the
		/// Unix epoch; `end` after `start` and after now), `document` the notice's hash.
		///
		/// - origin: a wallet of the token's owner identity or of a transfer agent;
		///   `BallotDeposit` is held from it until the ballot is removed.
		/// - `checkpoint`: taken or scheduled, not retired, its record date at or before
		///   `start`; referenced (cannot be retired) until the ballot is closed or cancelled.
		///
		/// Emits `BallotCreated`. O(`MaxCheckpoints` + `MaxPartitions`² + `MaxMotions`).
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::create_ballot())]
		pub fn create_ballot(
			origin: OriginFor<T>,
			token: TokenId,
			checkpoint: CheckpointId,
			weights: BallotWeightsOf<T>,
			motions: MotionsOf<T>,
			start: Moment,
			end: Moment,
			document: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_create_ballot(who, token, checkpoint, weights, motions, start, end, document)
		}

		/// Vote in `ballot` for the caller's identity: `votes[m]` is the choice on motion `m`
		/// (`None`: abstain), one entry per motion. The identity's voting power is Σ weight ×
		/// its balance (over all its wallets) of each weighted partition at the record date;
		/// a later vote of the identity, through any of its wallets, replaces this one.
		///
		/// - origin: any wallet of an identity with voting power, while the ballot is open.
		///
		/// Scheduled checkpoints of the token already due are taken first (as a movement
		/// would). Emits `Voted`. Fails with `NoVotingPower` for an identity that held no
		/// weighted units at the record date. O(`MaxPartitions` × `MaxCheckpoints` +
		/// `MaxMotions`).
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::vote())]
		pub fn vote(origin: OriginFor<T>, ballot: BallotId, votes: ChoicesOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_vote(who, ballot, votes)
		}

		/// Cancel `ballot` before its start: its checkpoint is released, its record removed and
		/// its deposit released at once (it has no votes).
		///
		/// - origin: as `create_ballot`, for the ballot's token.
		///
		/// Emits `BallotCancelled` and `BallotRemoved`. O(`MaxCheckpoints`).
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::cancel_ballot())]
		pub fn cancel_ballot(origin: OriginFor<T>, ballot: BallotId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_ballot(who, ballot)
		}

		/// Close `ballot` at or after its end: the tallies are final, its checkpoint is
		/// released. A ballot without votes is removed at once (deposit released); otherwise
		/// its votes go with `clear_votes`.
		///
		/// - origin: any signed account.
		///
		/// Emits `BallotClosed` (and `BallotRemoved` without votes). O(`MaxCheckpoints` +
		/// `MaxMotions`).
		#[pallet::call_index(23)]
		#[pallet::weight(T::WeightInfo::close_ballot())]
		pub fn close_ballot(origin: OriginFor<T>, ballot: BallotId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_close_ballot(ballot)
		}

		/// Remove up to `limit` votes of a closed `ballot`; once none is left, its record goes
		/// and its deposit is released to its creator.
		///
		/// - origin: any signed account.
		/// - `limit`: at most `MaxClearPerCall`.
		///
		/// Emits `BallotRemoved` when the last vote is gone. O(`limit`); charged for the votes
		/// removed.
		#[pallet::call_index(24)]
		#[pallet::weight(T::WeightInfo::clear_votes(*limit))]
		pub fn clear_votes(origin: OriginFor<T>, ballot: BallotId, limit: u32) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let removed = Self::do_clear_votes(ballot, limit)?;
			Ok(Some(T::WeightInfo::clear_votes(removed)).into())
		}
	}

	/// Free reads for clients (`RuntimeViewFunction`).
	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// An identity's balance in a partition (over all its wallets) at a checkpoint; `None`:
		/// no such checkpoint, retired, or its record date is still to come.
		pub fn balance_at(
			token: TokenId,
			partition: PartitionId,
			identity: IdentityId,
			checkpoint: CheckpointId,
		) -> Option<TokenBalance> {
			Self::balance_at_checkpoint(token, partition, identity, checkpoint)
		}

		/// A partition's supply at a checkpoint (`None` as for `balance_at`).
		pub fn supply_at(token: TokenId, partition: PartitionId, checkpoint: CheckpointId) -> Option<TokenBalance> {
			Self::supply_at_checkpoint(token, partition, checkpoint)
		}

		/// A token's checkpoints (scheduled, taken, retired not yet cleared), by id.
		pub fn checkpoints(token: TokenId) -> alloc::vec::Vec<CheckpointView> {
			Self::checkpoint_views(token)
		}

		/// A distribution (`None`: no such distribution, or removed).
		pub fn distribution(distribution: DistributionId) -> Option<DistributionOf<T>> {
			Distributions::<T>::get(distribution)
		}

		/// An identity's entitlement in a distribution: what it was paid, or what a claim now
		/// would pay (`None`: no such distribution, or it is not open).
		pub fn entitlement(distribution: DistributionId, identity: IdentityId) -> Option<Entitlement> {
			Self::entitlement_of(distribution, identity)
		}

		/// An identity's voting power in a ballot (Σ weight × balance at the record date, over
		/// its wallets); `None`: no such ballot, or its checkpoint answers no more (retired
		/// after the ballot closed) or not yet (record date to come).
		pub fn voting_power(ballot: BallotId, identity: IdentityId) -> Option<u128> {
			let ballot = Ballots::<T>::get(ballot)?;
			Self::power_of(&ballot, identity).ok()
		}

		/// A ballot's tallies, one per motion (`None`: no such ballot, or removed).
		pub fn tally(ballot: BallotId) -> Option<TalliesOf<T>> {
			Ballots::<T>::get(ballot).map(|ballot| ballot.tallies)
		}

		/// A ballot's record: terms, tallies, voters, whether closed (`None`: no such ballot,
		/// or removed).
		pub fn ballot(ballot: BallotId) -> Option<BallotOf<T>> {
			Ballots::<T>::get(ballot)
		}
	}
}
