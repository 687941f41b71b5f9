//! [`IdentityProvider`] for the security-token and compliance pallets.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Whether `issuer` counts for `class` (and `token`): chain-wide trusted, or named by the
	/// token.
	fn is_trusted(issuer: IdentityId, class: TopicClass, token: Option<TokenId>) -> bool {
		TrustedIssuers::<T>::get(issuer).is_some_and(|topics| topics.contains(&class)) ||
			token.is_some_and(|token| TokenIssuers::<T>::get(token, class).contains(&issuer))
	}

	/// Look at `identity`'s claim of `topic` by `issuer`: `true` when it is valid for
	/// `token` at `now`; otherwise `status` records why it does not count.
	fn claim_counts(
		identity: IdentityId,
		topic: ClaimTopic,
		issuer: IdentityId,
		token: Option<TokenId>,
		now: &MomentOf<T>,
		status: &mut ClaimStatus,
	) -> bool {
		let Some(claim) = Claims::<T>::get(identity, (topic, issuer)) else { return false };
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
}

impl<T: Config> IdentityProvider<T::AccountId, MomentOf<T>> for Pallet<T> {
	fn identity_of(who: &T::AccountId) -> Option<IdentityId> {
		IdentityOf::<T>::get(who)
	}

	/// Reads: the chain-wide issuer list of the topic class, one claim per listed issuer until
	/// a valid one is found; only then (for a token) the token's own issuer list and their
	/// claims. The common case, a claim by a chain-wide trusted issuer, costs two reads.
	fn claim_status(
		identity: IdentityId,
		topic: ClaimTopic,
		token: Option<TokenId>,
		issuers: Issuers<'_>,
		now: MomentOf<T>,
	) -> ClaimStatus {
		let class = topic.class();
		let mut status = ClaimStatus::Missing;
		match issuers {
			Issuers::Trusted => {
				let global = IssuersOfTopic::<T>::get(class);
				for issuer in global.iter() {
					if Self::claim_counts(identity, topic, *issuer, token, &now, &mut status) {
						return ClaimStatus::Valid;
					}
				}
				if let Some(token) = token {
					for issuer in TokenIssuers::<T>::get(token, class) {
						if !global.contains(&issuer) &&
							Self::claim_counts(identity, topic, issuer, Some(token), &now, &mut status)
						{
							return ClaimStatus::Valid;
						}
					}
				}
			},
			Issuers::Only(list) =>
				for issuer in list.iter().copied().filter(|issuer| Self::is_trusted(*issuer, class, token)) {
					if Self::claim_counts(identity, topic, issuer, token, &now, &mut status) {
						return ClaimStatus::Valid;
					}
				},
		}
		if status == ClaimStatus::Missing && !Identities::<T>::contains_key(identity) {
			return ClaimStatus::NoIdentity;
		}
		status
	}

	/// Reads: the profile, the indexed claim, the issuer's accreditation.
	fn jurisdiction(identity: IdentityId, now: MomentOf<T>) -> Option<CountryCode> {
		let (country, issuer) = Profiles::<T>::get(identity).jurisdiction?;
		let claim = Claims::<T>::get(identity, (ClaimTopic::Jurisdiction(country), issuer))?;
		let counts = !claim.is_expired(now) &&
			claim.scope == ClaimScope::Global &&
			Self::is_trusted(issuer, TopicClass::Jurisdiction, None);
		counts.then_some(country)
	}

	/// Reads: the profile, the indexed claim, the issuer's accreditation.
	fn investor_type(identity: IdentityId, now: MomentOf<T>) -> Option<InvestorType> {
		let (category, issuer) = Profiles::<T>::get(identity).investor_type?;
		let topic = ClaimTopic::from(category);
		let claim = Claims::<T>::get(identity, (topic, issuer))?;
		let counts = !claim.is_expired(now) &&
			claim.scope == ClaimScope::Global &&
			Self::is_trusted(issuer, topic.class(), None);
		counts.then_some(category)
	}
}
