//! Trusted issuers: chain-wide (governance) and a token's own (its compliance manager).

use crate::*;
use super::has_duplicates;
use alloc::vec::Vec;
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_set_trusted_issuer(
		issuer: IdentityId,
		topics: BoundedVec<TopicClass, T::MaxTopicsPerIssuer>,
	) -> DispatchResult {
		ensure!(Identities::<T>::contains_key(issuer), Error::<T>::UnknownIdentity);
		ensure!(!topics.is_empty() && !has_duplicates(&topics), Error::<T>::BadTopics);
		let mut list = TrustedIssuers::<T>::get();
		let others = || list.iter().filter(|(other, _)| *other != issuer);
		for topic in topics.iter() {
			let trusted = others().filter(|(_, classes)| classes.contains(topic)).count() as u32;
			ensure!(trusted < T::MaxIssuersPerTopic::get(), Error::<T>::TooManyIssuers);
		}
		match list.iter().position(|(other, _)| *other == issuer) {
			Some(at) => list[at].1 = topics.clone(),
			None => list.try_push((issuer, topics.clone())).map_err(|_| Error::<T>::TooManyIssuers)?,
		}
		TrustedIssuers::<T>::put(list);
		Self::deposit_event(Event::TrustedIssuerSet { issuer, topics });
		Ok(())
	}

	pub(crate) fn do_remove_trusted_issuer(issuer: IdentityId) -> DispatchResult {
		let mut list = TrustedIssuers::<T>::get();
		let at = list.iter().position(|(other, _)| *other == issuer).ok_or(Error::<T>::NotTrustedIssuer)?;
		list.remove(at);
		TrustedIssuers::<T>::put(list);
		Self::deposit_event(Event::TrustedIssuerRemoved { issuer });
		Ok(())
	}

	/// Whether `issuer` is in the chain-wide `list` for `class`.
	pub(crate) fn trusted_chain_wide(list: &TrustedIssuerListOf<T>, issuer: IdentityId, class: TopicClass) -> bool {
		list.iter().any(|(other, classes)| *other == issuer && classes.contains(&class))
	}

	/// The topic classes `issuer` is trusted for chain-wide (`None`: not a trusted issuer).
	pub fn trusted_topics(issuer: IdentityId) -> Option<BoundedVec<TopicClass, T::MaxTopicsPerIssuer>> {
		TrustedIssuers::<T>::get().into_iter().find(|(other, _)| *other == issuer).map(|(_, classes)| classes)
	}

	/// The chain-wide trusted issuers of `class`, in the order they were trusted.
	pub fn issuers_of(class: TopicClass) -> Vec<IdentityId> {
		TrustedIssuers::<T>::get()
			.into_iter()
			.filter(|(_, classes)| classes.contains(&class))
			.map(|(issuer, _)| issuer)
			.collect()
	}

	/// Name `token`'s own trusted issuers of `topic`; `caller` (`None`: governance) must be
	/// allowed to manage the token's compliance settings (`Config::TokenAuthority`).
	pub(crate) fn do_set_token_issuers(
		caller: Option<&T::AccountId>,
		token: TokenId,
		topic: TopicClass,
		issuers: BoundedVec<IdentityId, T::MaxIssuersPerTopic>,
	) -> DispatchResult {
		if let Some(who) = caller {
			ensure!(T::TokenAuthority::can_manage_compliance(token, who), Error::<T>::NotTokenAuthority);
		}
		ensure!(T::TokenAuthority::token_exists(token), Error::<T>::UnknownToken);
		ensure!(!has_duplicates(&issuers), Error::<T>::BadIssuers);
		ensure!(
			issuers.iter().all(Identities::<T>::contains_key),
			Error::<T>::BadIssuers
		);
		if issuers.is_empty() {
			TokenIssuers::<T>::remove(token, topic);
		} else {
			TokenIssuers::<T>::insert(token, topic, issuers.clone());
		}
		Self::deposit_event(Event::TokenIssuersSet { token, topic, issuers });
		Ok(())
	}
}
