//! # Offering Pallet
//!
//! Primary offerings (digital securities offerings) of security tokens: the token's supply
//! manager sells units of a partition to verified investors, in up to `MaxTiers` price tiers,
//! for a pallet-assets cash asset. **No money moves unless the offering succeeds, and no
//! investor who fails the token's checks receives tokens.**
//!
//! ## Life of an offering
//!
//! 1. `create_offering(terms)`: the tiers' total is **reserved** against the token's supply cap
//!    ([`TokenIssuance::reserve`]), so manual issuance cannot make the settlement fail, and the
//!    token's issuance cannot be finished nor the token closed while units are promised.
//!    `OfferingDeposit` is held from the creator.
//! 2. `subscribe(offering, tokens, max_cost)` between `start` and `end`: tiers fill in order,
//!    each tier's part of the cost rounded up; the subscriber's identity must be able to
//!    receive the tokens now (the token's own dry run, compliance included) and stay within
//!    the maximum per identity (over all its wallets); the cost is **held on the subscriber's
//!    own account** (pallet-assets-holder, no pot account), with `SubscriptionDeposit` of the
//!    native currency. `withdraw` before the end releases both and gives the units back to
//!    their tiers, for later subscribers at those tiers' prices (a subscription's price is
//!    fixed when made).
//! 3. `close`: by anyone after the end, or early by the supply manager once the minimum raise
//!    is met. At or above the minimum it **succeeds**; below, it **fails**. The unsold part of
//!    the reservation is given back.
//! 4. `settle(offering, max)`, permissionless and paged: for each pending subscription of a
//!    succeeded offering, the token issues the units **through its one movement path** (kind
//!    `Issue`, the settling wallet as operator, [`subscription_reference`] as reference, the
//!    offering's lock-up) and the held cash moves to the proceeds account (`Allocated`); if the
//!    token refuses the subscriber now (its KYC lapsed, a compliance rule, a freeze), the cash
//!    is released instead (`Refunded { reason: Refused(failure) }`). A refusal of the token as
//!    a whole (paused, halted) stops the call without changing anything: settlement waits. A
//!    failed or cancelled offering refunds in the same pages. `claim_allocation` and
//!    `claim_refund` are the subscriber's own pull for one subscription.
//! 5. `cancel`: by the supply manager before the close, by governance before anything
//!    settled. `clear_offering` removes a finished offering's record and releases its deposit.
//!
//! ## Invariants (`do_try_state`)
//!
//! `raised == Σ cost` of the subscriptions not withdrawn `≤ max_raise`; `sold == Σ filled ≤ Σ
//! tier sizes`; the cash held on an account (this pallet's reason) equals the cost of its
//! pending subscriptions; `raised == settled + refunded + Σ pending cost` and `sold == issued +
//! refunded_tokens + Σ pending tokens`; a failed or cancelled offering issued nothing; each
//! token's reservation is the sum of its offerings' parts.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
/// Defaults for deriving `Config` in test runtimes (std only).
#[cfg(feature = "std")]
pub mod config_preludes;
mod features;
mod invariants;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

use polkadot_sdk::{frame_support, frame_system, sp_core::H256, sp_runtime};
pub use sto_primitives::{
	identity::{IdentityId, IdentityProvider},
	offering::TokenIssuance,
	refusal::Refusal,
	token::{PartitionId, TokenBalance, TokenId, TransferFailure},
	Moment,
};

/// The reference of a subscription's issuance in the token's `Moved` event: `b"offering"`,
/// the offering id and the subscription id (big-endian), then zeros. A cap-table service reads
/// the offering and subscription back from it.
pub fn subscription_reference(offering: OfferingId, subscription: SubscriptionId) -> H256 {
	let mut bytes = [0u8; 32];
	bytes[..8].copy_from_slice(b"offering");
	bytes[8..12].copy_from_slice(&offering.to_be_bytes());
	bytes[12..16].copy_from_slice(&subscription.to_be_bytes());
	H256(bytes)
}

/// Hooks the benchmarks need from the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, AssetId> {
	/// A new token in its issuing phase without compliance rules beyond verification, and a
	/// wallet, funded for deposits, of its supply manager.
	fn token_and_manager() -> (TokenId, AccountId);

	/// A wallet (the primary) of a new verified identity, funded for fees and deposits; `seed`
	/// tells them apart.
	fn investor(seed: u32) -> AccountId;

	/// Like [`Self::investor`], but the identity's position in `token` already holds one
	/// holding less than the token allows per identity (further wallets of the identity hold a
	/// unit in each of the token's partitions, unlocked): the costliest receiver of an
	/// issuance. `seed` tells them apart.
	fn crowded_investor(token: TokenId, seed: u32) -> AccountId;

	/// A cash asset, with `amount` of it minted to each of `to`.
	fn cash(to: &[AccountId], amount: CashBalance) -> AssetId;

	/// Set the chain's clock (ms since the Unix epoch).
	fn set_time(now: Moment);
}

/// The balance type of the deposit currency.
pub type DepositOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;

/// The cash assets' id type.
pub type AssetIdOf<T> =
	<<T as Config>::Cash as frame_support::traits::fungibles::Inspect<<T as frame_system::Config>::AccountId>>::AssetId;

/// An offering's terms in this runtime.
pub type TermsOf<T> = OfferingTerms<<T as frame_system::Config>::AccountId, AssetIdOf<T>, <T as Config>::MaxTiers>;

/// An offering record of this runtime.
pub type OfferingOf<T> =
	Offering<<T as frame_system::Config>::AccountId, AssetIdOf<T>, DepositOf<T>, <T as Config>::MaxTiers>;

/// A subscription record of this runtime.
pub type SubscriptionOf<T> = Subscription<<T as frame_system::Config>::AccountId, DepositOf<T>, <T as Config>::MaxTiers>;

/// Tokens per tier.
pub type FillsOf<T> = frame_support::BoundedVec<TokenBalance, <T as Config>::MaxTiers>;

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
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config(with_default)]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency: offering and subscription deposits are held in it.
		#[pallet::no_default]
		type Currency: Mutate<Self::AccountId> + MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons.
		#[pallet::no_default_bounds]
		type RuntimeHoldReason: From<HoldReason>;

		/// The chain's cash assets (pallet-assets with pallet-assets-holder): a subscription's
		/// cost is held on the subscriber's account until it settles or is refunded.
		#[pallet::no_default]
		type Cash: fungibles::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason, Balance = CashBalance>;

		/// The security token: who may sell its units, the reservation against its cap, the
		/// dry run and the issuance through its one movement path.
		#[pallet::no_default]
		type Tokens: TokenIssuance<Self::AccountId>;

		/// Who a wallet is (the identity a subscription counts for).
		#[pallet::no_default]
		type Identity: IdentityProvider<Self::AccountId, Moment>;

		/// The chain's clock (ms since the Unix epoch).
		#[pallet::no_default]
		type Time: Time<Moment = Moment>;

		/// Governance: cancels an offering before anything settled.
		#[pallet::no_default]
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Deposit for an offering, held from its creator until its record is cleared.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type OfferingDeposit: Get<DepositOf<Self>>;

		/// Deposit for a subscription, held from the subscriber until it is withdrawn, settled
		/// or refunded.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type SubscriptionDeposit: Get<DepositOf<Self>>;

		/// Most price tiers of an offering.
		#[pallet::constant]
		type MaxTiers: Get<u32>;

		/// Most subscriptions one `settle` processes.
		#[pallet::constant]
		type MaxSettlePerCall: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Creates tokens, investors and cash in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		#[pallet::no_default]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, AssetIdOf<Self>>;
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Deposit of an offering (native currency).
		Offering,
		/// Deposit of a subscription (native currency).
		SubscriptionDeposit,
		/// A subscription's cost (its cash asset), until it settles or is refunded.
		Subscription,
	}

	/// The id the next offering gets.
	#[pallet::storage]
	pub type NextOfferingId<T: Config> = StorageValue<_, OfferingId, ValueQuery>;

	/// Offerings by id, until cleared after they finish.
	#[pallet::storage]
	pub type Offerings<T: Config> = StorageMap<_, Twox64Concat, OfferingId, OfferingOf<T>>;

	/// (offering, subscription) -> a subscription not yet withdrawn, settled nor refunded.
	#[pallet::storage]
	pub type Subscriptions<T: Config> =
		StorageDoubleMap<_, Twox64Concat, OfferingId, Twox64Concat, SubscriptionId, SubscriptionOf<T>>;

	/// (offering, identity) -> the tokens of the identity's pending subscriptions (over its
	/// wallets), against the maximum per identity.
	#[pallet::storage]
	pub type IdentityTotals<T: Config> =
		StorageDoubleMap<_, Twox64Concat, OfferingId, Twox64Concat, IdentityId, TokenBalance>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An offering was created with `terms`; the tiers' total is reserved against the
		/// token's cap and `OfferingDeposit` is held from `manager`.
		OfferingCreated { offering: OfferingId, manager: T::AccountId, terms: TermsOf<T> },
		/// `subscriber` (of `identity`) subscribed `tokens` for `cost` (held on its account),
		/// taking `fills` tokens from the tiers in order.
		Subscribed {
			offering: OfferingId,
			subscription: SubscriptionId,
			subscriber: T::AccountId,
			identity: IdentityId,
			tokens: TokenBalance,
			cost: CashBalance,
			fills: FillsOf<T>,
		},
		/// A subscription was withdrawn before the end: its cost released, its units back in
		/// their tiers.
		Withdrawn {
			offering: OfferingId,
			subscription: SubscriptionId,
			subscriber: T::AccountId,
			tokens: TokenBalance,
			cost: CashBalance,
		},
		/// The offering closed: `Succeeded` (at least the minimum raised) or `Failed`, with what
		/// was sold and raised.
		OfferingClosed { offering: OfferingId, status: OfferingStatus, sold: TokenBalance, raised: CashBalance },
		/// The offering was cancelled (`by_governance`, or by its supply manager); its
		/// subscriptions are refunded by `settle`.
		OfferingCancelled { offering: OfferingId, by_governance: bool },
		/// A subscription settled: `tokens` issued to `subscriber` (the token's `Moved` event,
		/// kind `Issue`, reference [`subscription_reference`]), `cost` moved to the proceeds.
		Allocated {
			offering: OfferingId,
			subscription: SubscriptionId,
			subscriber: T::AccountId,
			tokens: TokenBalance,
			cost: CashBalance,
		},
		/// A subscription's `cost` was released to `subscriber`, nothing issued.
		Refunded {
			offering: OfferingId,
			subscription: SubscriptionId,
			subscriber: T::AccountId,
			tokens: TokenBalance,
			cost: CashBalance,
			reason: RefundReason,
		},
		/// Every subscription of a closed or cancelled offering is settled or refunded.
		OfferingFinished {
			offering: OfferingId,
			status: OfferingStatus,
			issued: TokenBalance,
			settled: CashBalance,
			refunded: CashBalance,
		},
		/// A finished offering's record was removed and its deposit released.
		OfferingCleared { offering: OfferingId },
	}

	#[pallet::error]
	#[derive(PartialEq)]
	pub enum Error<T> {
		/// No such offering.
		UnknownOffering,
		/// No such subscription in the offering (withdrawn, settled or refunded already).
		UnknownSubscription,
		/// The caller may not sell the token's units (it is not a wallet of its supply manager).
		NotAuthorized,
		/// An offering needs at least one tier, every tier a size and a price above zero, and a
		/// `price_per` above zero.
		BadTiers,
		/// The window must end after it starts and after now.
		BadWindow,
		/// The lock-up must end after the offering's end.
		BadLockup,
		/// The limits are inconsistent: a maximum raise of zero or below the minimum, a maximum
		/// per identity of zero or below the minimum ticket.
		BadLimits,
		/// No such cash asset.
		UnknownAsset,
		/// The token refused (the reservation at creation, or the settlement of a whole page:
		/// a refusal of the token as a whole, e.g. paused); its failure code.
		TokenRefused(Refusal),
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
		/// The cost is above the caller's `max_cost`.
		AboveMaximumCost,
		/// The caller's wallet belongs to no identity.
		NoIdentity,
		/// The subscriber's free balance of the cash asset is below the cost.
		InsufficientCash,
		/// Only the wallet that subscribed may withdraw, and only a wallet of the subscriber's
		/// identity may claim.
		NotSubscriber,
		/// Before the end, only the supply manager closes, and only once the minimum is met.
		TooEarly,
		/// The offering is still open: close it first.
		StillOpen,
		/// Nothing is pending: every subscription is settled or refunded.
		NothingPending,
		/// Allocations are claimed only from a succeeded offering, refunds only from a failed
		/// or cancelled one.
		WrongOutcome,
		/// The offering cannot be cancelled now: by its supply manager only while open, by
		/// governance only before anything settled.
		CannotCancel,
		/// The offering is not finished: it is open or has pending subscriptions.
		NotFinished,
		/// `max` must be at least 1 and at most `MaxSettlePerCall`.
		BadPageSize,
		/// An amount would overflow.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}

		fn integrity_test() {
			assert!(T::MaxTiers::get() >= 1, "an offering needs a tier");
			assert!(T::MaxSettlePerCall::get() >= 1, "settlement needs a page");
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Create an offering of `terms.token`'s units (see [`OfferingTerms`]). The tiers'
		/// total is reserved against the token's cap; `OfferingDeposit` is held.
		///
		/// - origin: a wallet of the token's supply manager.
		///
		/// Emits `OfferingCreated`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_offering())]
		pub fn create_offering(origin: OriginFor<T>, terms: TermsOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_create_offering(who, terms)
		}

		/// Subscribe `tokens` of an open offering, paying at most `max_cost` (held on the
		/// caller's account until the subscription settles or is refunded, with
		/// `SubscriptionDeposit`).
		///
		/// - origin: a wallet of a verified identity that the token would issue to now.
		///
		/// Emits `Subscribed`. Fails with the [`SubscribeRefusal`]'s error (`can_subscribe`
		/// names it without a transaction).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::subscribe().saturating_add(T::Tokens::max_issue_weight()))]
		pub fn subscribe(
			origin: OriginFor<T>,
			offering: OfferingId,
			tokens: TokenBalance,
			max_cost: CashBalance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_subscribe(who, offering, tokens, max_cost)
		}

		/// Withdraw a subscription before the offering's end: its cost and deposit are released
		/// and its units go back to their tiers.
		///
		/// - origin: the wallet that subscribed.
		///
		/// Emits `Withdrawn`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::withdraw())]
		pub fn withdraw(origin: OriginFor<T>, offering: OfferingId, subscription: SubscriptionId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(who, offering, subscription)
		}

		/// Close an open offering: it succeeds with at least the minimum raised, else fails.
		///
		/// - origin: anyone after the end; before it, a wallet of the token's supply manager
		///   once the minimum is met.
		///
		/// Emits `OfferingClosed` (and `OfferingFinished` when nothing is pending).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::close())]
		pub fn close(origin: OriginFor<T>, offering: OfferingId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close(who, offering)
		}

		/// Settle (or refund) up to `max` pending subscriptions of a closed or cancelled
		/// offering.
		///
		/// - origin: anyone (signed).
		///
		/// Emits `Allocated` or `Refunded` per subscription, `OfferingFinished` after the last.
		#[pallet::call_index(4)]
		#[pallet::weight(Pallet::<T>::settle_weight(*max))]
		pub fn settle(origin: OriginFor<T>, offering: OfferingId, max: u32) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let (count, work) = Self::do_settle(who, offering, max)?;
			Ok(Some(Self::settle_weight_used(count, work)).into())
		}

		/// Cancel an offering: its subscriptions are refunded by `settle`.
		///
		/// - origin: a wallet of the token's supply manager while it is open, or governance
		///   before anything settled.
		///
		/// Emits `OfferingCancelled` (and `OfferingFinished` when nothing is pending).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::cancel())]
		pub fn cancel(origin: OriginFor<T>, offering: OfferingId) -> DispatchResult {
			let by_governance = match T::GovernanceOrigin::try_origin(origin) {
				Ok(_) => None,
				Err(origin) => Some(ensure_signed(origin)?),
			};
			Self::do_cancel(by_governance, offering)
		}

		/// Settle one's own subscription of a succeeded offering now (the pull fallback of
		/// `settle`): the tokens are issued, or the cost refunded if the token refuses.
		///
		/// - origin: a wallet of the subscription's identity.
		///
		/// Emits `Allocated` or `Refunded`.
		#[pallet::call_index(6)]
		#[pallet::weight(Pallet::<T>::claim_weight())]
		pub fn claim_allocation(
			origin: OriginFor<T>,
			offering: OfferingId,
			subscription: SubscriptionId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let work = Self::do_claim(who, offering, subscription, true)?;
			Ok(Some(Self::settle_weight_used(1, work).saturating_add(T::DbWeight::get().reads(1))).into())
		}

		/// Take one's refund from a failed or cancelled offering now (the pull fallback of
		/// `settle`).
		///
		/// - origin: a wallet of the subscription's identity.
		///
		/// Emits `Refunded`.
		#[pallet::call_index(7)]
		#[pallet::weight(Pallet::<T>::claim_weight())]
		pub fn claim_refund(
			origin: OriginFor<T>,
			offering: OfferingId,
			subscription: SubscriptionId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let work = Self::do_claim(who, offering, subscription, false)?;
			Ok(Some(Self::settle_weight_used(1, work).saturating_add(T::DbWeight::get().reads(1))).into())
		}

		/// Remove a finished offering's record and release its deposit.
		///
		/// - origin: the wallet that created it.
		///
		/// Emits `OfferingCleared`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::clear_offering())]
		pub fn clear_offering(origin: OriginFor<T>, offering: OfferingId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_clear(who, offering)
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// An offering and where it stands (`None`: no such offering, or cleared).
		pub fn offering(offering: OfferingId) -> Option<OfferingView<OfferingOf<T>>> {
			Self::offering_view(offering)
		}

		/// What `tokens` of an offering cost now, tier by tier (`None`: no such offering, or
		/// fewer tokens left).
		pub fn quote(offering: OfferingId, tokens: TokenBalance) -> Option<Quote> {
			let record = Offerings::<T>::get(offering)?;
			Self::price(&record, tokens).ok()
		}

		/// Whether `who` could subscribe `tokens` now, and at what price; else the named
		/// reason.
		pub fn can_subscribe(
			offering: OfferingId,
			who: T::AccountId,
			tokens: TokenBalance,
		) -> Result<Quote, SubscribeRefusal> {
			Self::check_subscription(offering, &who, tokens, CashBalance::MAX).map(|plan| plan.quote)
		}

		/// An offering's pending subscriptions (at most `MaxSettlePerCall`, from `from` on,
		/// by id), for clients that show or claim them.
		pub fn subscriptions(
			offering: OfferingId,
			from: SubscriptionId,
		) -> alloc::vec::Vec<(SubscriptionId, SubscriptionOf<T>)> {
			Self::subscriptions_from(offering, from)
		}
	}
}
