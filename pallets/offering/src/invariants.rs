//! The pallet's invariants (`try_state`, and after every pallet test).

use crate::*;
use alloc::collections::btree_map::BTreeMap;
use codec::Encode;
use frame_support::{ensure, traits::fungibles::InspectHold};

impl<T: Config> Pallet<T> {
	/// Invariants, per offering:
	/// - `filled` has one entry per tier, each at most the tier's size; `sold == Σ filled`;
	/// - `raised ≤ max_raise`; `raised == settled + refunded + Σ pending cost` and `sold ==
	///   issued + refunded_tokens + Σ pending tokens` (while open nothing is settled nor
	///   refunded: `raised == Σ pending cost`);
	/// - `pending` counts its subscriptions; each subscription's fills sum to its tokens, its
	///   identity's total is the sum of the identity's pending tokens;
	/// - its part of the token's reservation: every tier while open, the pending tokens after a
	///   success, nothing after a failure or a cancellation;
	/// - a failed or cancelled offering issued nothing and moved no cash to the proceeds.
	///
	/// Across offerings: the cash held on an account (this pallet's reason, per asset) equals
	/// the cost of its pending subscriptions, and each token's reservation is the sum of its
	/// offerings' parts.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		// By the encoded (asset, account): an asset id need not be ordered.
		let mut held: BTreeMap<alloc::vec::Vec<u8>, (AssetIdOf<T>, T::AccountId, CashBalance)> = BTreeMap::new();
		let mut reserved: BTreeMap<TokenId, TokenBalance> = BTreeMap::new();
		for (id, offering) in Offerings::<T>::iter() {
			ensure!(id < NextOfferingId::<T>::get(), "offering id not assigned");
			let terms = &offering.terms;
			ensure!(offering.filled.len() == terms.tiers.len(), "one fill per tier");
			ensure!(
				offering.filled.iter().zip(terms.tiers.iter()).all(|(filled, tier)| *filled <= tier.size),
				"tier overfilled"
			);
			let filled = offering.filled.iter().fold(0 as TokenBalance, |sum, f| sum.saturating_add(*f));
			ensure!(filled == offering.sold, "sold is not the sum of the tiers' fills");
			ensure!(offering.raised <= terms.max_raise, "raised above the maximum");
			let mut count = 0u32;
			let mut pending_cost: CashBalance = 0;
			let mut pending_tokens: TokenBalance = 0;
			let mut by_identity: BTreeMap<IdentityId, TokenBalance> = BTreeMap::new();
			for (subscription, record) in Subscriptions::<T>::iter_prefix(id) {
				ensure!(subscription < offering.next_subscription, "subscription id not assigned");
				let fills = record.fills.iter().fold(0 as TokenBalance, |sum, f| sum.saturating_add(*f));
				ensure!(fills == record.tokens && record.tokens > 0, "a subscription's fills are not its tokens");
				count += 1;
				pending_cost = pending_cost.saturating_add(record.cost);
				pending_tokens = pending_tokens.saturating_add(record.tokens);
				*by_identity.entry(record.identity).or_default() += record.tokens;
				held.entry((&terms.cash, &record.subscriber).encode())
					.or_insert_with(|| (terms.cash.clone(), record.subscriber.clone(), 0))
					.2 += record.cost;
			}
			ensure!(count == offering.pending, "pending count");
			ensure!(
				IdentityTotals::<T>::iter_prefix(id).collect::<BTreeMap<_, _>>() == by_identity,
				"identity totals are not the sums of their pending subscriptions"
			);
			ensure!(
				offering.raised == offering.settled.saturating_add(offering.refunded).saturating_add(pending_cost),
				"raised != settled + refunded + pending"
			);
			ensure!(
				offering.sold == offering.issued.saturating_add(offering.refunded_tokens).saturating_add(pending_tokens),
				"sold != issued + refunded + pending"
			);
			let part = match offering.status {
				OfferingStatus::Open => {
					ensure!(offering.issued == 0 && offering.refunded_tokens == 0, "an open offering settled");
					offering.size()
				},
				OfferingStatus::Succeeded => pending_tokens,
				OfferingStatus::Failed | OfferingStatus::Cancelled => {
					ensure!(offering.issued == 0 && offering.settled == 0, "a failed or cancelled offering issued");
					0
				},
			};
			ensure!(offering.reserved == part, "the offering's reservation");
			*reserved.entry(terms.token).or_default() += part;
		}
		ensure!(Subscriptions::<T>::iter_keys().all(|(id, _)| Offerings::<T>::contains_key(id)), "orphan subscription");
		ensure!(IdentityTotals::<T>::iter_keys().all(|(id, _)| Offerings::<T>::contains_key(id)), "orphan identity total");
		for (asset, account, amount) in held.into_values() {
			ensure!(
				T::Cash::balance_on_hold(asset, &Self::cash_reason(), &account) == amount,
				"held cash is not the cost of the account's pending subscriptions"
			);
		}
		for (token, amount) in reserved {
			ensure!(T::Tokens::reserved(token) == amount, "a token's reservation is not the sum of its offerings' parts");
		}
		Ok(())
	}
}
