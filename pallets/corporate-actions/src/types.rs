//! Records the corporate-actions pallet stores.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound},
	sp_core::H256,
	sp_runtime::{Perbill, Permill},
};
use scale_info::TypeInfo;
use sto_primitives::{
	checkpoint::{CheckpointEpoch, CheckpointId},
	identity::CountryCode,
	token::{PartitionId, TokenBalance, TokenId},
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

// --- Distributions ------------------------------------------------------------------------

/// Amounts of the cash asset a distribution pays in (the runtime's asset balance).
pub type CashBalance = u128;

/// The id of a distribution (chain-wide, assigned at creation: 0, 1, 2, ...).
pub type DistributionId = u32;

/// `amount` of cash per `per` token units: a holder of `units` is owed ⌊units × amount / per⌋.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct UnitRate {
	pub amount: CashBalance,
	/// Not zero.
	pub per: TokenBalance,
}

/// What a distribution pays, per partition (each listed partition must carry the `dividends`
/// right, and be listed once).
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, DebugNoBound)]
#[scale_info(skip_type_params(MaxPartitions))]
#[codec(mel_bound())]
pub enum Payout<MaxPartitions: Get<u32>> {
	/// `total` shared by every unit of the listed partitions held at the record date: each
	/// unit is owed `total / Σ supplies`.
	ProRata { total: CashBalance, partitions: BoundedVec<PartitionId, MaxPartitions> },
	/// A fixed amount per unit, per partition (rental income per unit, a dividend per share).
	PerUnit { rates: BoundedVec<(PartitionId, UnitRate), MaxPartitions> },
	/// A coupon: a percentage of the nominal value, per partition. `nominal`: the nominal
	/// value of `nominal.per` units in cash; a holder is owed ⌊units × nominal.amount × rate /
	/// nominal.per⌋.
	Coupon { nominal: UnitRate, rates: BoundedVec<(PartitionId, Perbill), MaxPartitions> },
	/// A waterfall: `total` pays the `tiers` in order of seniority, each up to its rate × its
	/// supply at the record date; what is left is shared pro rata by every unit of the
	/// `residual` partitions (nothing left over is paid when `residual` is empty). Each tier's
	/// amount is shared pro rata by its units.
	Waterfall {
		total: CashBalance,
		tiers: BoundedVec<(PartitionId, UnitRate), MaxPartitions>,
		residual: BoundedVec<PartitionId, MaxPartitions>,
	},
}

impl<MaxPartitions: Get<u32>> Payout<MaxPartitions> {
	/// Every partition it names, in order (duplicates included, for the caller to refuse).
	pub fn partitions(&self) -> alloc::vec::Vec<PartitionId> {
		match self {
			Self::ProRata { partitions, .. } => partitions.to_vec(),
			Self::PerUnit { rates } => rates.iter().map(|(partition, _)| *partition).collect(),
			Self::Coupon { rates, .. } => rates.iter().map(|(partition, _)| *partition).collect(),
			Self::Waterfall { tiers, residual, .. } =>
				tiers.iter().map(|(partition, _)| *partition).chain(residual.iter().copied()).collect(),
		}
	}
}

/// What one partition's units are owed, once the record date's supplies are known: a holder
/// of `units` gets ⌊units × amount / per⌋ (`per` ≥ 1).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct Share {
	pub partition: PartitionId,
	pub amount: CashBalance,
	pub per: TokenBalance,
}

/// Withholding tax of a distribution, by the holder's jurisdiction at claim time.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, DebugNoBound)]
#[scale_info(skip_type_params(MaxRates))]
#[codec(mel_bound())]
pub struct TaxTable<MaxRates: Get<u32>> {
	/// The rate for a holder whose jurisdiction is not listed, or who has none.
	pub default: Permill,
	/// Rates by jurisdiction (each country once).
	pub rates: BoundedVec<(CountryCode, Permill), MaxRates>,
}

impl<MaxRates: Get<u32>> TaxTable<MaxRates> {
	/// The rate for a holder of `jurisdiction`.
	pub fn rate(&self, jurisdiction: Option<CountryCode>) -> Permill {
		jurisdiction
			.and_then(|country| self.rates.iter().find(|(listed, _)| *listed == country).map(|(_, rate)| *rate))
			.unwrap_or(self.default)
	}
}

/// Where a distribution stands.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum DistributionState {
	/// Created; its record date has not passed, or its funding does not cover what the
	/// record date's supplies are owed yet (top up).
	Pending,
	/// Its shares are fixed and funded: holders claim from the pay date until expiry.
	Open,
	/// Cancelled before its pay date: every unit of cash was released to the payer.
	Cancelled,
	/// Closed after expiry: what was not paid went back to the payer.
	Reclaimed,
}

/// A distribution of cash to a token's holders at a record date.
///
/// Cash: `funded` is held (reason `DistributionFunds`) on the payer's account in `asset`.
/// Always `funded == paid_net + tax_withheld + remaining`; of the held cash, `remaining` is
/// still owed or unclaimed (zero once closed) and `tax_withheld - tax_swept` is tax waiting
/// to be swept to `tax_account`.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound)]
#[scale_info(skip_type_params(MaxPartitions, MaxRates))]
#[codec(mel_bound(AccountId: MaxEncodedLen, AssetId: MaxEncodedLen, Deposit: MaxEncodedLen))]
pub struct Distribution<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	AssetId: Clone + PartialEq + Eq + core::fmt::Debug,
	Deposit: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxPartitions: Get<u32>,
	MaxRates: Get<u32>,
> {
	pub token: TokenId,
	/// The record date: whoever held at this checkpoint is owed.
	pub checkpoint: CheckpointId,
	/// The cash asset it pays in.
	pub asset: AssetId,
	/// Who funds it (its cash is held on this account) and gets back what is not paid.
	pub payer: AccountId,
	pub payout: Payout<MaxPartitions>,
	/// Per partition paid, once the record date's supplies are known (empty while pending).
	pub shares: BoundedVec<Share, MaxPartitions>,
	/// Claims from this moment (ms since the Unix epoch), not before the record date.
	pub pay_date: Moment,
	/// Claims until this moment; afterwards `reclaim` returns the rest to the payer.
	pub expiry: Moment,
	pub tax: TaxTable<MaxRates>,
	/// Where withheld tax is swept to.
	pub tax_account: AccountId,
	/// Hash of the notice (the legal document announcing it).
	pub notice: H256,
	pub state: DistributionState,
	/// Cash held for it (beyond `required` only while pending).
	pub funded: CashBalance,
	/// The most its shares can owe: Σ over partitions of ⌊supply × amount / per⌋ at the record
	/// date (set when it opens).
	pub required: CashBalance,
	/// Paid to holders (net of tax).
	pub paid_net: CashBalance,
	/// Withheld from holders' gross amounts.
	pub tax_withheld: CashBalance,
	/// Of `tax_withheld`, moved to `tax_account`.
	pub tax_swept: CashBalance,
	/// Claim records (one per identity paid).
	pub claims: u32,
	/// Tax-rate overrides set for identities.
	pub overrides: u32,
	/// Who created it, and the deposit held from them until it is removed.
	pub creator: AccountId,
	pub deposit: Deposit,
}

impl<AccountId, AssetId, Deposit, MaxPartitions, MaxRates> Distribution<AccountId, AssetId, Deposit, MaxPartitions, MaxRates>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	AssetId: Clone + PartialEq + Eq + core::fmt::Debug,
	Deposit: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxPartitions: Get<u32>,
	MaxRates: Get<u32>,
{
	/// Held cash still owed or unclaimed (zero once closed).
	pub fn remaining(&self) -> CashBalance {
		self.funded.saturating_sub(self.paid_net).saturating_sub(self.tax_withheld)
	}

	/// Withheld tax not swept yet.
	pub fn unswept_tax(&self) -> CashBalance {
		self.tax_withheld.saturating_sub(self.tax_swept)
	}

	/// Cancelled or reclaimed.
	pub fn is_closed(&self) -> bool {
		matches!(self.state, DistributionState::Cancelled | DistributionState::Reclaimed)
	}
}

/// What an identity was paid by a distribution.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Payment {
	pub gross: CashBalance,
	/// The withholding rate applied.
	pub rate: Permill,
	/// Withheld: ⌈rate × gross⌉.
	pub tax: CashBalance,
}

/// An identity's entitlement in a distribution, as clients see it (view function).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct Entitlement {
	/// ⌊units × amount / per⌋ summed over the partitions paid.
	pub gross: CashBalance,
	/// The withholding rate: the one applied if claimed, else the one a claim now would get.
	pub rate: Permill,
	pub tax: CashBalance,
	pub net: CashBalance,
	pub claimed: bool,
}


// --- Ballots ---------------------------------------------------------------------------------


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
