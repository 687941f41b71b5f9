//! Records the offering pallet stores, and what its reads answer.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use scale_info::TypeInfo;
use sto_primitives::{
	identity::IdentityId,
	token::{PartitionId, TokenBalance, TokenId, TransferFailure},
	Moment,
};

/// An offering's id (assigned at creation: 0, 1, 2, ...).
pub type OfferingId = u32;

/// A subscription's id within its offering (0, 1, 2, ... in the order made).
pub type SubscriptionId = u32;

/// An amount of a cash asset (pallet-assets' balance).
pub type CashBalance = u128;

/// A price tier: `size` tokens at `price` of the cash asset per `price_per` tokens (the
/// offering's). Tiers fill in order.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct Tier {
	/// Tokens sold at this price.
	pub size: TokenBalance,
	/// Cash per `price_per` tokens.
	pub price: CashBalance,
}

/// What an offering sells, for what, when, and its limits (`create_offering`'s argument;
/// `OfferingCreated` repeats it).
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxTiers))]
#[codec(mel_bound(AccountId: MaxEncodedLen, AssetId: MaxEncodedLen))]
pub struct OfferingTerms<AccountId: Clone + PartialEq + Eq + core::fmt::Debug, AssetId: Clone + PartialEq + Eq + core::fmt::Debug, MaxTiers: Get<u32>> {
	/// The token sold, and the partition its units are issued in.
	pub token: TokenId,
	pub partition: PartitionId,
	/// The cash asset subscribers pay in (pallet-assets).
	pub cash: AssetId,
	/// Where the cash goes when the offering settles.
	pub proceeds: AccountId,
	/// The price tiers, filled in order (at least one; every size and price above zero).
	pub tiers: BoundedVec<Tier, MaxTiers>,
	/// How many tokens a tier's price is for (e.g. 1, or 10^decimals); above zero.
	pub price_per: TokenBalance,
	/// Subscriptions are taken from `start` (inclusive) to `end` (exclusive), ms since the
	/// Unix epoch.
	pub start: Moment,
	pub end: Moment,
	/// Below this much cash raised at the close the offering fails and refunds everyone.
	pub min_raise: CashBalance,
	/// The most cash it takes (at least `min_raise`, above zero).
	pub max_raise: CashBalance,
	/// The fewest tokens one subscription buys (0: no minimum).
	pub min_ticket: TokenBalance,
	/// The most tokens one identity buys, over all its wallets and subscriptions (above zero).
	pub max_per_identity: TokenBalance,
	/// Issued tokens stay locked up until then (after `end`), if given.
	pub lockup_until: Option<Moment>,
}

/// Where an offering is in its life.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
#[scale_info(capture_docs = "always")]
pub enum OfferingStatus {
	/// Taking subscriptions (between `start` and `end`), until closed or cancelled.
	Open,
	/// Closed with at least the minimum raised: its subscriptions settle (issuance and cash to
	/// the proceeds, or a refund of a subscriber who fails the token's checks then).
	Succeeded,
	/// Closed below the minimum: every subscription is refunded.
	Failed,
	/// Cancelled (by the supply manager before the close, or by governance before anything
	/// settled): every subscription is refunded.
	Cancelled,
}

/// An offering: its terms and where it stands.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxTiers))]
#[codec(mel_bound(AccountId: MaxEncodedLen, AssetId: MaxEncodedLen, Deposit: MaxEncodedLen))]
pub struct Offering<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	AssetId: Clone + PartialEq + Eq + core::fmt::Debug,
	Deposit: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxTiers: Get<u32>,
> {
	pub terms: OfferingTerms<AccountId, AssetId, MaxTiers>,
	/// Who created it (a wallet of the token's supply manager); `deposit` is held from it.
	pub manager: AccountId,
	pub deposit: Deposit,
	pub status: OfferingStatus,
	/// Tokens sold per tier (subscriptions not withdrawn), in the tiers' order.
	pub filled: BoundedVec<TokenBalance, MaxTiers>,
	/// Σ `filled`.
	pub sold: TokenBalance,
	/// Cash of the subscriptions not withdrawn (held, settled or refunded).
	pub raised: CashBalance,
	/// Subscriptions not yet settled nor refunded.
	pub pending: u32,
	/// The id the next subscription gets.
	pub next_subscription: SubscriptionId,
	/// What this offering holds of the token's issuance reservation: every tier while open,
	/// then the pending subscriptions' tokens.
	pub reserved: TokenBalance,
	/// Tokens issued to subscribers, and the cash that went to the proceeds for them.
	pub issued: TokenBalance,
	pub settled: CashBalance,
	/// Subscriptions refunded at or after the close: their tokens and cash.
	pub refunded_tokens: TokenBalance,
	pub refunded: CashBalance,
}

impl<AccountId, AssetId, Deposit, MaxTiers> Offering<AccountId, AssetId, Deposit, MaxTiers>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	AssetId: Clone + PartialEq + Eq + core::fmt::Debug,
	Deposit: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxTiers: Get<u32>,
{
	/// Σ tier sizes: what the offering may sell.
	pub fn size(&self) -> TokenBalance {
		self.terms.tiers.iter().fold(0, |sum: TokenBalance, tier| sum.saturating_add(tier.size))
	}

	/// Closed (or cancelled) and every subscription settled or refunded.
	pub fn is_finished(&self) -> bool {
		self.status != OfferingStatus::Open && self.pending == 0
	}
}

/// A subscription: tokens bought at fixed prices, its cost held on the subscriber's account
/// until it settles or is refunded.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxTiers))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Deposit: MaxEncodedLen))]
pub struct Subscription<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Deposit: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxTiers: Get<u32>,
> {
	/// The wallet that subscribed (pays, and receives the tokens), and its identity then.
	pub subscriber: AccountId,
	pub identity: IdentityId,
	pub tokens: TokenBalance,
	/// Held of the cash asset on `subscriber`'s account.
	pub cost: CashBalance,
	/// Tokens taken from each tier (in the tiers' order; trailing tiers it took nothing from
	/// left out), given back to them on withdrawal.
	pub fills: BoundedVec<TokenBalance, MaxTiers>,
	/// Held of the native currency from `subscriber` until the record is removed.
	pub deposit: Deposit,
}

/// Why a subscription's cash went back to the subscriber.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
#[scale_info(capture_docs = "always")]
pub enum RefundReason {
	/// The offering closed below its minimum raise.
	OfferingFailed,
	/// The offering was cancelled.
	OfferingCancelled,
	/// At settlement the token refused to issue to the subscriber (its KYC lapsed, a
	/// compliance rule, a freeze, ...): the first check that failed.
	Refused(TransferFailure),
}

/// A price for a number of tokens now: the tokens taken from each tier and their cost (each
/// tier's part rounded up).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct Quote {
	pub tokens: TokenBalance,
	pub cost: CashBalance,
	/// Tokens per tier, in the tiers' order.
	pub fills: alloc::vec::Vec<TokenBalance>,
}

/// Why a subscription would be refused now (`can_subscribe`, and the error `subscribe`
/// fails with).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[scale_info(capture_docs = "always")]
pub enum SubscribeRefusal {
	/// No such offering.
	UnknownOffering,
	/// The offering is closed or cancelled.
	NotOpen,
	/// Before the offering's start.
	NotStarted,
	/// At or after the offering's end.
	Ended,
	/// Zero tokens, or fewer than the minimum ticket.
	BelowMinimumTicket,
	/// The identity would buy more than the offering's maximum per identity.
	AboveIdentityMaximum,
	/// Fewer tokens are left in the tiers.
	NotEnoughLeft,
	/// The offering's maximum raise would be exceeded.
	AboveMaximumRaise,
	/// The cost is above the subscriber's `max_cost`.
	AboveMaximumCost,
	/// The subscriber's wallet belongs to no identity.
	NoIdentity,
	/// The token would not issue the tokens to the subscriber now: the first check that fails.
	Token(TransferFailure),
	/// The subscriber's free balance of the cash asset is below the cost.
	InsufficientCash,
}

/// An offering as a client sees it: its record, and whether it takes subscriptions now.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct OfferingView<Offering> {
	pub offering: Offering,
	/// Open and between its start and end now.
	pub accepting: bool,
	/// Tokens left to subscribe (Σ tier sizes − sold).
	pub available: TokenBalance,
	/// Whether the raised cash meets the minimum.
	pub minimum_met: bool,
}
