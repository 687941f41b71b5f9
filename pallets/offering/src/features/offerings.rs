//! Offerings: creation (terms checked, the tiers reserved against the token's cap), the close,
//! cancellation, clearing a finished record, and the view a client reads.

use crate::*;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		fungibles,
		tokens::Precision,
		Time,
	},
};

impl<T: Config> Pallet<T> {
	pub(crate) fn ensure_seller(who: &T::AccountId, token: TokenId) -> DispatchResult {
		ensure!(T::Tokens::can_sell(token, who), Error::<T>::NotAuthorized);
		Ok(())
	}

	pub(crate) fn do_create_offering(who: T::AccountId, terms: TermsOf<T>) -> DispatchResult {
		Self::ensure_seller(&who, terms.token)?;
		ensure!(
			!terms.tiers.is_empty() && terms.price_per > 0 && terms.tiers.iter().all(|tier| tier.size > 0 && tier.price > 0),
			Error::<T>::BadTiers
		);
		let now = T::Time::now();
		ensure!(terms.start < terms.end && terms.end > now, Error::<T>::BadWindow);
		ensure!(terms.lockup_until.is_none_or(|release| release > terms.end), Error::<T>::BadLockup);
		ensure!(
			terms.max_raise > 0 &&
				terms.min_raise <= terms.max_raise &&
				terms.max_per_identity > 0 &&
				terms.min_ticket <= terms.max_per_identity,
			Error::<T>::BadLimits
		);
		ensure!(<T::Cash as fungibles::Inspect<_>>::asset_exists(terms.cash.clone()), Error::<T>::UnknownAsset);
		let size = terms
			.tiers
			.iter()
			.try_fold(0 as TokenBalance, |sum, tier| sum.checked_add(tier.size))
			.ok_or(Error::<T>::Overflow)?;
		let id = NextOfferingId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let deposit = T::OfferingDeposit::get();
		T::Currency::hold(&HoldReason::Offering.into(), &who, deposit)?;
		T::Tokens::reserve(terms.token, terms.partition, size)
			.map_err(|failure| Error::<T>::TokenRefused(Refusal::of(failure)))?;
		let filled = BoundedVec::truncate_from(alloc::vec![0; terms.tiers.len()]);
		let offering = Offering {
			terms: terms.clone(),
			manager: who.clone(),
			deposit,
			status: OfferingStatus::Open,
			filled,
			sold: 0,
			raised: 0,
			pending: 0,
			next_subscription: 0,
			reserved: size,
			issued: 0,
			settled: 0,
			refunded_tokens: 0,
			refunded: 0,
		};
		Offerings::<T>::insert(id, offering);
		NextOfferingId::<T>::put(next);
		Self::deposit_event(Event::OfferingCreated { offering: id, manager: who, terms });
		Ok(())
	}

	pub(crate) fn do_close(who: T::AccountId, id: OfferingId) -> DispatchResult {
		let mut offering = Offerings::<T>::get(id).ok_or(Error::<T>::UnknownOffering)?;
		ensure!(offering.status == OfferingStatus::Open, Error::<T>::NotOpen);
		let minimum_met = offering.raised >= offering.terms.min_raise;
		if T::Time::now() < offering.terms.end {
			Self::ensure_seller(&who, offering.terms.token).map_err(|_| Error::<T>::TooEarly)?;
			ensure!(minimum_met, Error::<T>::TooEarly);
		}
		offering.status = if minimum_met { OfferingStatus::Succeeded } else { OfferingStatus::Failed };
		// Only the pending subscriptions' tokens stay promised (none when it failed).
		let keep = if minimum_met { offering.sold } else { 0 };
		Self::release_reservation(&mut offering, keep);
		Self::deposit_event(Event::OfferingClosed {
			offering: id,
			status: offering.status,
			sold: offering.sold,
			raised: offering.raised,
		});
		Self::note_if_finished(id, &offering);
		Offerings::<T>::insert(id, offering);
		Ok(())
	}

	/// `by`: the signed caller, `None` for governance.
	pub(crate) fn do_cancel(by: Option<T::AccountId>, id: OfferingId) -> DispatchResult {
		let mut offering = Offerings::<T>::get(id).ok_or(Error::<T>::UnknownOffering)?;
		match &by {
			Some(who) => {
				Self::ensure_seller(who, offering.terms.token)?;
				ensure!(offering.status == OfferingStatus::Open, Error::<T>::CannotCancel);
			},
			None => ensure!(
				offering.status == OfferingStatus::Open ||
					(offering.status == OfferingStatus::Succeeded &&
						offering.issued == 0 && offering.refunded_tokens == 0),
				Error::<T>::CannotCancel
			),
		}
		offering.status = OfferingStatus::Cancelled;
		Self::release_reservation(&mut offering, 0);
		Self::deposit_event(Event::OfferingCancelled { offering: id, by_governance: by.is_none() });
		Self::note_if_finished(id, &offering);
		Offerings::<T>::insert(id, offering);
		Ok(())
	}

	pub(crate) fn do_clear(who: T::AccountId, id: OfferingId) -> DispatchResult {
		let offering = Offerings::<T>::get(id).ok_or(Error::<T>::UnknownOffering)?;
		ensure!(offering.manager == who, Error::<T>::NotAuthorized);
		ensure!(offering.is_finished(), Error::<T>::NotFinished);
		// Nothing is pending: no subscription and no identity total is left.
		Offerings::<T>::remove(id);
		let _ = T::Currency::release(&HoldReason::Offering.into(), &offering.manager, offering.deposit, Precision::BestEffort);
		Self::deposit_event(Event::OfferingCleared { offering: id });
		Ok(())
	}

	/// Give back the offering's reservation beyond `keep`.
	pub(crate) fn release_reservation(offering: &mut OfferingOf<T>, keep: TokenBalance) {
		let excess = offering.reserved.saturating_sub(keep);
		if excess > 0 {
			T::Tokens::unreserve(offering.terms.token, excess);
			offering.reserved = offering.reserved.saturating_sub(excess);
		}
	}

	/// `OfferingFinished` once a closed or cancelled offering has nothing pending.
	pub(crate) fn note_if_finished(id: OfferingId, offering: &OfferingOf<T>) {
		if offering.is_finished() {
			Self::deposit_event(Event::OfferingFinished {
				offering: id,
				status: offering.status,
				issued: offering.issued,
				settled: offering.settled,
				refunded: offering.refunded,
			});
		}
	}

	pub(crate) fn offering_view(id: OfferingId) -> Option<OfferingView<OfferingOf<T>>> {
		let offering = Offerings::<T>::get(id)?;
		let now = T::Time::now();
		Some(OfferingView {
			accepting: offering.status == OfferingStatus::Open && offering.terms.start <= now && now < offering.terms.end,
			available: offering.size().saturating_sub(offering.sold),
			minimum_met: offering.raised >= offering.terms.min_raise,
			offering,
		})
	}

	pub(crate) fn subscriptions_from(
		offering: OfferingId,
		from: SubscriptionId,
	) -> alloc::vec::Vec<(SubscriptionId, SubscriptionOf<T>)> {
		let mut found: alloc::vec::Vec<_> =
			Subscriptions::<T>::iter_prefix(offering).filter(|(id, _)| *id >= from).collect();
		found.sort_by_key(|(id, _)| *id);
		found.truncate(T::MaxSettlePerCall::get() as usize);
		found
	}
}
