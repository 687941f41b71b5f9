//! Subscriptions: the price of a number of tokens (tiers in order, each tier's part rounded
//! up), the checks a subscription passes (the same for `subscribe` and `can_subscribe`), the
//! cash held on the subscriber's own account, and withdrawal before the end.

use crate::*;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		fungibles::{self, Inspect as _},
		tokens::{Fortitude, Precision, Preservation},
		Time,
	},
};
use sp_runtime::helpers_128bit::multiply_by_rational_with_rounding;
use sp_runtime::Rounding;

/// A subscription checked against the offering, ready to be written.
pub(crate) struct SubscriptionPlan<T: Config> {
	pub offering: OfferingOf<T>,
	pub identity: IdentityId,
	pub quote: Quote,
	pub identity_total: TokenBalance,
}

impl<T: Config> Pallet<T> {
	/// The price of `tokens` of `offering` now: the tiers fill in order from what is left of
	/// each; each tier's part costs ⌈units × price / price_per⌉.
	pub(crate) fn price(offering: &OfferingOf<T>, tokens: TokenBalance) -> Result<Quote, SubscribeRefusal> {
		let mut left = tokens;
		let mut cost: CashBalance = 0;
		let mut fills = alloc::vec::Vec::with_capacity(offering.terms.tiers.len());
		for (tier, filled) in offering.terms.tiers.iter().zip(offering.filled.iter()) {
			if left == 0 {
				break;
			}
			let take = tier.size.saturating_sub(*filled).min(left);
			let part = multiply_by_rational_with_rounding(take, tier.price, offering.terms.price_per, Rounding::Up)
				.ok_or(SubscribeRefusal::AboveMaximumRaise)?;
			cost = cost.checked_add(part).ok_or(SubscribeRefusal::AboveMaximumRaise)?;
			fills.push(take);
			left -= take;
		}
		if left > 0 {
			return Err(SubscribeRefusal::NotEnoughLeft);
		}
		// Trailing tiers it took nothing from are left out.
		while fills.last() == Some(&0) {
			fills.pop();
		}
		Ok(Quote { tokens, cost, fills })
	}

	/// Every check of a subscription by `who` of `tokens` for at most `max_cost`, in the
	/// order a subscriber would fix them: the offering and its window, the ticket, the
	/// identity and its maximum, what is left and the price, the raise, the token's dry run,
	/// the cash.
	pub(crate) fn check_subscription(
		id: OfferingId,
		who: &T::AccountId,
		tokens: TokenBalance,
		max_cost: CashBalance,
	) -> Result<SubscriptionPlan<T>, SubscribeRefusal> {
		use SubscribeRefusal as R;
		let offering = Offerings::<T>::get(id).ok_or(R::UnknownOffering)?;
		ensure!(offering.status == OfferingStatus::Open, R::NotOpen);
		let now = T::Time::now();
		ensure!(now >= offering.terms.start, R::NotStarted);
		ensure!(now < offering.terms.end, R::Ended);
		ensure!(tokens > 0 && tokens >= offering.terms.min_ticket, R::BelowMinimumTicket);
		let identity = T::Identity::identity_of(who).ok_or(R::NoIdentity)?;
		let identity_total = IdentityTotals::<T>::get(id, identity)
			.unwrap_or(0)
			.checked_add(tokens)
			.ok_or(R::AboveIdentityMaximum)?;
		ensure!(identity_total <= offering.terms.max_per_identity, R::AboveIdentityMaximum);
		let quote = Self::price(&offering, tokens)?;
		ensure!(quote.cost <= max_cost, R::AboveMaximumCost);
		ensure!(
			offering.raised.checked_add(quote.cost).is_some_and(|raised| raised <= offering.terms.max_raise),
			R::AboveMaximumRaise
		);
		T::Tokens::can_issue_reserved(offering.terms.token, offering.terms.partition, who, tokens, offering.terms.lockup_until)
			.map_err(R::Token)?;
		let spendable = T::Cash::reducible_balance(offering.terms.cash.clone(), who, Preservation::Expendable, Fortitude::Polite);
		ensure!(spendable >= quote.cost, R::InsufficientCash);
		Ok(SubscriptionPlan { offering, identity, quote, identity_total })
	}

	pub(crate) fn do_subscribe(
		who: T::AccountId,
		id: OfferingId,
		tokens: TokenBalance,
		max_cost: CashBalance,
	) -> DispatchResult {
		let SubscriptionPlan { mut offering, identity, quote, identity_total } =
			Self::check_subscription(id, &who, tokens, max_cost).map_err(Error::<T>::from)?;
		let subscription = offering.next_subscription;
		offering.next_subscription = subscription.checked_add(1).ok_or(Error::<T>::Overflow)?;
		for (filled, take) in offering.filled.iter_mut().zip(quote.fills.iter()) {
			*filled = filled.checked_add(*take).ok_or(Error::<T>::Overflow)?;
		}
		offering.sold = offering.sold.checked_add(tokens).ok_or(Error::<T>::Overflow)?;
		offering.raised = offering.raised.checked_add(quote.cost).ok_or(Error::<T>::Overflow)?;
		offering.pending = offering.pending.checked_add(1).ok_or(Error::<T>::Overflow)?;
		<T::Cash as fungibles::MutateHold<_>>::hold(offering.terms.cash.clone(), &Self::cash_reason(), &who, quote.cost)?;
		let deposit = T::SubscriptionDeposit::get();
		T::Currency::hold(&HoldReason::SubscriptionDeposit.into(), &who, deposit)?;
		let fills: FillsOf<T> = BoundedVec::truncate_from(quote.fills);
		Subscriptions::<T>::insert(
			id,
			subscription,
			Subscription { subscriber: who.clone(), identity, tokens, cost: quote.cost, fills: fills.clone(), deposit },
		);
		IdentityTotals::<T>::insert(id, identity, identity_total);
		Offerings::<T>::insert(id, offering);
		Self::deposit_event(Event::Subscribed {
			offering: id,
			subscription,
			subscriber: who,
			identity,
			tokens,
			cost: quote.cost,
			fills,
		});
		Ok(())
	}

	pub(crate) fn do_withdraw(who: T::AccountId, id: OfferingId, subscription: SubscriptionId) -> DispatchResult {
		let mut offering = Offerings::<T>::get(id).ok_or(Error::<T>::UnknownOffering)?;
		let record = Subscriptions::<T>::get(id, subscription).ok_or(Error::<T>::UnknownSubscription)?;
		ensure!(record.subscriber == who, Error::<T>::NotSubscriber);
		ensure!(offering.status == OfferingStatus::Open, Error::<T>::NotOpen);
		ensure!(T::Time::now() < offering.terms.end, Error::<T>::Ended);
		for (filled, take) in offering.filled.iter_mut().zip(record.fills.iter()) {
			*filled = filled.saturating_sub(*take);
		}
		offering.sold = offering.sold.saturating_sub(record.tokens);
		offering.raised = offering.raised.saturating_sub(record.cost);
		Self::release_subscription(id, &mut offering, subscription, &record)?;
		Offerings::<T>::insert(id, offering);
		Self::deposit_event(Event::Withdrawn {
			offering: id,
			subscription,
			subscriber: who,
			tokens: record.tokens,
			cost: record.cost,
		});
		Ok(())
	}

	/// Release a subscription's held cost and deposit, and remove it (withdrawn or refunded).
	pub(crate) fn release_subscription(
		id: OfferingId,
		offering: &mut OfferingOf<T>,
		subscription: SubscriptionId,
		record: &SubscriptionOf<T>,
	) -> DispatchResult {
		<T::Cash as fungibles::MutateHold<_>>::release(
			offering.terms.cash.clone(),
			&Self::cash_reason(),
			&record.subscriber,
			record.cost,
			Precision::Exact,
		)?;
		Self::remove_subscription(id, offering, subscription, record);
		Ok(())
	}

	/// Remove a subscription that is done with (its cash released or moved): its record, its
	/// identity's total, its deposit.
	pub(crate) fn remove_subscription(
		id: OfferingId,
		offering: &mut OfferingOf<T>,
		subscription: SubscriptionId,
		record: &SubscriptionOf<T>,
	) {
		Subscriptions::<T>::remove(id, subscription);
		IdentityTotals::<T>::mutate_exists(id, record.identity, |total| {
			let left = total.unwrap_or(0).saturating_sub(record.tokens);
			*total = (left > 0).then_some(left);
		});
		offering.pending = offering.pending.saturating_sub(1);
		let _ = T::Currency::release(
			&HoldReason::SubscriptionDeposit.into(),
			&record.subscriber,
			record.deposit,
			Precision::BestEffort,
		);
	}

	pub(crate) fn cash_reason() -> T::RuntimeHoldReason {
		HoldReason::Subscription.into()
	}
}

impl<T: Config> From<SubscribeRefusal> for Error<T> {
	fn from(refusal: SubscribeRefusal) -> Self {
		use SubscribeRefusal as R;
		match refusal {
			R::UnknownOffering => Error::UnknownOffering,
			R::NotOpen => Error::NotOpen,
			R::NotStarted => Error::NotStarted,
			R::Ended => Error::Ended,
			R::BelowMinimumTicket => Error::BelowMinimumTicket,
			R::AboveIdentityMaximum => Error::AboveIdentityMaximum,
			R::NotEnoughLeft => Error::NotEnoughLeft,
			R::AboveMaximumRaise => Error::AboveMaximumRaise,
			R::AboveMaximumCost => Error::AboveMaximumCost,
			R::NoIdentity => Error::NoIdentity,
			R::Token(failure) => Error::TokenRefused(Refusal::of(failure)),
			R::InsufficientCash => Error::InsufficientCash,
		}
	}
}
