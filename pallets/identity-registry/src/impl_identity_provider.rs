//! [`IdentityProvider`] for the security-token and compliance pallets.

use crate::*;
use alloc::vec::Vec;

impl<T: Config> Pallet<T> {
	/// Whether `issuer` counts for `class` (and `token`): chain-wide trusted, or named by the
	/// token.
	fn is_trusted(issuer: IdentityId, class: TopicClass, token: Option<TokenId>) -> bool {
		TrustedIssuers::<T>::get(issuer).is_some_and(|topics| topics.contains(&class)) ||
			token.is_some_and(|token| TokenIssuers::<T>::get(token, class).contains(&issuer))
	}

	/// The issuers a check accepts.
	fn accepted_issuers(class: TopicClass, token: Option<TokenId>, issuers: Issuers<'_>) -> Vec<IdentityId> {
		match issuers {
			Issuers::Trusted => {
				let mut accepted = IssuersOfTopic::<T>::get(class).into_inner();
				if let Some(token) = token {
					for issuer in TokenIssuers::<T>::get(token, class) {
						if !accepted.contains(&issuer) {
							accepted.push(issuer);
						}
					}
				}
				accepted
			},
			Issuers::Only(list) => list
				.iter()
				.copied()
				.filter(|issuer| Self::is_trusted(*issuer, class, token))
				.collect(),
		}
	}
}

impl<T: Config> IdentityProvider<T::AccountId, MomentOf<T>> for Pallet<T> {
	fn identity_of(who: &T::AccountId) -> Option<IdentityId> {
		IdentityOf::<T>::get(who)
	}

	/// Reads: the issuer list(s) of the topic class (1, plus 1 for a token), then one claim per
	/// accepted issuer until a valid one is found.
	fn claim_status(
		identity: IdentityId,
		topic: ClaimTopic,
		token: Option<TokenId>,
		issuers: Issuers<'_>,
		now: MomentOf<T>,
	) -> ClaimStatus {
		let mut status = ClaimStatus::Missing;
		for issuer in Self::accepted_issuers(topic.class(), token, issuers) {
			let Some(claim) = Claims::<T>::get(identity, (topic, issuer)) else { continue };
			if !claim.scope.covers(token) {
				if status == ClaimStatus::Missing {
					status = ClaimStatus::OutOfScope;
				}
			} else if claim.is_expired(now) {
				status = ClaimStatus::Expired;
			} else {
				return ClaimStatus::Valid;
			}
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
		let topic = match category {
			InvestorType::Retail => ClaimTopic::Retail,
			InvestorType::Accredited => ClaimTopic::Accredited,
			InvestorType::QualifiedPurchaser => ClaimTopic::QualifiedPurchaser,
			InvestorType::Institutional => ClaimTopic::Institutional,
		};
		let claim = Claims::<T>::get(identity, (topic, issuer))?;
		let counts = !claim.is_expired(now) &&
			claim.scope == ClaimScope::Global &&
			Self::is_trusted(issuer, topic.class(), None);
		counts.then_some(category)
	}
}
