//! [`IdentityProvider`] for the security-token and compliance pallets.
//!
//! Storage reads: a party's claim book (every claim about it, one record) and the chain-wide
//! trusted-issuer list (one record); a token's own issuer list only when a claim's issuer is
//! not trusted chain-wide. Checking any number of topics for one party reads each record once
//! per call (the overlay caches repeated reads within a block).

use crate::*;
use frame_support::BoundedVec;

/// The issuer lists a claim check consults, each read at most once and only when needed.
pub(crate) struct IssuerLists<T: Config> {
	token: Option<TokenId>,
	class: TopicClass,
	chain_wide: Option<TrustedIssuerListOf<T>>,
	of_token: Option<BoundedVec<IdentityId, T::MaxIssuersPerTopic>>,
}

impl<T: Config> IssuerLists<T> {
	pub(crate) fn new(token: Option<TokenId>, class: TopicClass) -> Self {
		Self { token, class, chain_wide: None, of_token: None }
	}

	/// Whether `issuer` counts for the class (and token): chain-wide trusted, or named by the
	/// token.
	pub(crate) fn trusts(&mut self, issuer: IdentityId) -> bool {
		let chain_wide = self.chain_wide.get_or_insert_with(TrustedIssuers::<T>::get);
		if Pallet::<T>::trusted_chain_wide(chain_wide, issuer, self.class) {
			return true;
		}
		let Some(token) = self.token else { return false };
		let class = self.class;
		self.of_token.get_or_insert_with(|| TokenIssuers::<T>::get(token, class)).contains(&issuer)
	}
}

impl<T: Config> Pallet<T> {
	/// Whether `claim` is valid for `token` at `now`; otherwise `status` records why it does
	/// not count (an expired claim outranks one out of scope).
	fn claim_counts(claim: &ClaimRecordOf<T>, token: Option<TokenId>, now: &MomentOf<T>, status: &mut ClaimStatus) -> bool {
		if !claim.scope.covers(token) {
			if *status == ClaimStatus::Missing {
				*status = ClaimStatus::OutOfScope;
			}
			false
		} else if claim.is_expired(*now) {
			*status = ClaimStatus::Expired;
			false
		} else {
			true
		}
	}

	/// The claim the profile names for a global fact (jurisdiction, investor type), if it is
	/// valid at `now`, global, and from an issuer trusted chain-wide for `class`.
	fn profile_claim_counts(
		book: &ClaimBook<T>,
		topic: ClaimTopic,
		issuer: IdentityId,
		now: MomentOf<T>,
	) -> bool {
		book.get(topic, issuer).is_some_and(|claim| {
			!claim.is_expired(now) &&
				claim.scope == ClaimScope::Global &&
				IssuerLists::<T>::new(None, topic.class()).trusts(issuer)
		})
	}
}

impl<T: Config> IdentityProvider<T::AccountId, MomentOf<T>> for Pallet<T> {
	fn identity_of(who: &T::AccountId) -> Option<IdentityId> {
		IdentityOf::<T>::get(who)
	}

	/// Reads: the identity's claim book; the chain-wide issuer list if it holds a claim of the
	/// topic; the token's own list only for a claim whose issuer the chain does not trust.
	fn claim_status(
		identity: IdentityId,
		topic: ClaimTopic,
		token: Option<TokenId>,
		issuers: Issuers<'_>,
		now: MomentOf<T>,
	) -> ClaimStatus {
		let book = Claims::<T>::get(identity);
		let mut lists = IssuerLists::<T>::new(token, topic.class());
		let mut status = ClaimStatus::Missing;
		for (_, issuer, claim) in book.claims.iter().filter(|(t, _, _)| *t == topic) {
			let accepted = match issuers {
				Issuers::Trusted => true,
				Issuers::Only(list) => list.contains(issuer),
			};
			if accepted && lists.trusts(*issuer) && Self::claim_counts(claim, token, &now, &mut status) {
				return ClaimStatus::Valid;
			}
		}
		if status == ClaimStatus::Missing && !Identities::<T>::contains_key(identity) {
			return ClaimStatus::NoIdentity;
		}
		status
	}

	/// Reads: the claim book, the issuer list.
	fn jurisdiction(identity: IdentityId, now: MomentOf<T>) -> Option<CountryCode> {
		let book = Claims::<T>::get(identity);
		let (country, issuer) = book.profile.jurisdiction?;
		Self::profile_claim_counts(&book, ClaimTopic::Jurisdiction(country), issuer, now).then_some(country)
	}

	/// Reads: the claim book, the issuer list.
	fn investor_type(identity: IdentityId, now: MomentOf<T>) -> Option<InvestorType> {
		let book = Claims::<T>::get(identity);
		let (category, issuer) = book.profile.investor_type?;
		Self::profile_claim_counts(&book, ClaimTopic::from(category), issuer, now).then_some(category)
	}
}
