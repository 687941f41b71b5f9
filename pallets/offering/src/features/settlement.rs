//! Settlement: each pending subscription of a succeeded offering is issued through the token's
//! one movement path and its cash moved to the proceeds, or refunded when the token refuses
//! the subscriber now; a failed or cancelled offering's subscriptions are refunded. Paged
//! (`settle`), or one subscription at a time by its subscriber (`claim_allocation`,
//! `claim_refund`).

use crate::*;
use frame_support::{
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{
		fungibles,
		tokens::{Fortitude, Precision, Restriction},
	},
	traits::Get,
	weights::Weight,
};

impl<T: Config> Pallet<T> {
	/// What `settle` declares for `max` subscriptions: its benchmark, and for each the most the
	/// token's rules and checkpoint work add to an issuance.
	pub fn settle_weight(max: u32) -> Weight {
		let max = max.min(T::MaxSettlePerCall::get());
		T::WeightInfo::settle(max).saturating_add(T::Tokens::max_issue_weight().saturating_mul(max.into()))
	}

	/// What a claim declares: one subscription's settlement, and the read of the caller's
	/// identity.
	pub fn claim_weight() -> Weight {
		Self::settle_weight(1).saturating_add(T::DbWeight::get().reads(1))
	}

	/// What settling `count` subscriptions used: the benchmark for `count`, and `work` (what
	/// the token's rules and checkpoint work cost for the issuances made).
	pub(crate) fn settle_weight_used(count: u32, work: Weight) -> Weight {
		T::WeightInfo::settle(count).saturating_add(work)
	}

	/// Settle or refund up to `max` pending subscriptions. Returns how many, and the token-side
	/// work of the issuances.
	pub(crate) fn do_settle(who: T::AccountId, id: OfferingId, max: u32) -> Result<(u32, Weight), DispatchError> {
		ensure!(max >= 1 && max <= T::MaxSettlePerCall::get(), Error::<T>::BadPageSize);
		let mut offering = Offerings::<T>::get(id).ok_or(Error::<T>::UnknownOffering)?;
		ensure!(offering.status != OfferingStatus::Open, Error::<T>::StillOpen);
		ensure!(offering.pending > 0, Error::<T>::NothingPending);
		// The page is read before anything is removed; storage order, the same whatever the
		// page sizes.
		let page: alloc::vec::Vec<_> = Subscriptions::<T>::iter_prefix(id).take(max as usize).collect();
		let mut work = Weight::zero();
		for (subscription, record) in &page {
			work = work.saturating_add(Self::process(&who, id, &mut offering, *subscription, record)?);
		}
		Self::note_if_finished(id, &offering);
		Offerings::<T>::insert(id, offering);
		Ok((page.len() as u32, work))
	}

	/// `claim_allocation` (`allocation`) or `claim_refund`: one's own subscription now.
	pub(crate) fn do_claim(
		who: T::AccountId,
		id: OfferingId,
		subscription: SubscriptionId,
		allocation: bool,
	) -> Result<Weight, DispatchError> {
		let mut offering = Offerings::<T>::get(id).ok_or(Error::<T>::UnknownOffering)?;
		let record = Subscriptions::<T>::get(id, subscription).ok_or(Error::<T>::UnknownSubscription)?;
		ensure!(T::Identity::identity_of(&who) == Some(record.identity), Error::<T>::NotSubscriber);
		ensure!(offering.status != OfferingStatus::Open, Error::<T>::StillOpen);
		ensure!((offering.status == OfferingStatus::Succeeded) == allocation, Error::<T>::WrongOutcome);
		let work = Self::process(&who, id, &mut offering, subscription, &record)?;
		Self::note_if_finished(id, &offering);
		Offerings::<T>::insert(id, offering);
		Ok(work)
	}

	/// Settle or refund one pending subscription, all or nothing. `Err` (nothing written): the
	/// token refuses as a whole (settlement waits), or the cash could not move.
	fn process(
		operator: &T::AccountId,
		id: OfferingId,
		offering: &mut OfferingOf<T>,
		subscription: SubscriptionId,
		record: &SubscriptionOf<T>,
	) -> Result<Weight, DispatchError> {
		let refund_reason = match offering.status {
			OfferingStatus::Failed => Some(RefundReason::OfferingFailed),
			OfferingStatus::Cancelled => Some(RefundReason::OfferingCancelled),
			_ => None,
		};
		let mut updated = offering.clone();
		let work = with_storage_layer(|| -> Result<Weight, DispatchError> {
			if let Some(reason) = refund_reason {
				Self::refund(id, &mut updated, subscription, record, reason)?;
				return Ok(Weight::zero());
			}
			let terms = &offering.terms;
			match T::Tokens::issue_reserved(
				terms.token,
				terms.partition,
				&record.subscriber,
				record.tokens,
				terms.lockup_until,
				operator,
				subscription_reference(id, subscription),
			) {
				Ok(work) => {
					<T::Cash as fungibles::MutateHold<_>>::transfer_on_hold(
						terms.cash.clone(),
						&Self::cash_reason(),
						&record.subscriber,
						&terms.proceeds,
						record.cost,
						Precision::Exact,
						Restriction::Free,
						Fortitude::Force,
					)?;
					updated.reserved = updated.reserved.saturating_sub(record.tokens);
					updated.issued = updated.issued.checked_add(record.tokens).ok_or(Error::<T>::Overflow)?;
					updated.settled = updated.settled.checked_add(record.cost).ok_or(Error::<T>::Overflow)?;
					Self::remove_subscription(id, &mut updated, subscription, record);
					Self::deposit_event(Event::Allocated {
						offering: id,
						subscription,
						subscriber: record.subscriber.clone(),
						tokens: record.tokens,
						cost: record.cost,
					});
					Ok(work.saturating_add(T::Tokens::issue_weight(terms.token)))
				},
				Err(failure) if T::Tokens::is_token_wide(&failure) =>
					Err(Error::<T>::TokenRefused(Refusal::of(failure)).into()),
				Err(failure) => {
					// Its units are no longer promised to anyone.
					T::Tokens::unreserve(terms.token, record.tokens);
					updated.reserved = updated.reserved.saturating_sub(record.tokens);
					Self::refund(id, &mut updated, subscription, record, RefundReason::Refused(failure))?;
					Ok(T::Tokens::issue_weight(terms.token))
				},
			}
		})?;
		*offering = updated;
		Ok(work)
	}

	fn refund(
		id: OfferingId,
		offering: &mut OfferingOf<T>,
		subscription: SubscriptionId,
		record: &SubscriptionOf<T>,
		reason: RefundReason,
	) -> DispatchResult {
		offering.refunded_tokens = offering.refunded_tokens.checked_add(record.tokens).ok_or(Error::<T>::Overflow)?;
		offering.refunded = offering.refunded.checked_add(record.cost).ok_or(Error::<T>::Overflow)?;
		Self::release_subscription(id, offering, subscription, record)?;
		Self::deposit_event(Event::Refunded {
			offering: id,
			subscription,
			subscriber: record.subscriber.clone(),
			tokens: record.tokens,
			cost: record.cost,
			reason,
		});
		Ok(())
	}
}
