//! [`IdentityProvider`] for the security-token and compliance pallets.
//!
//! Storage reads: a party's global claim book (every global claim about it, one record) and
//! the chain-wide trusted-issuer list (one record). A check about a token reads the party's
//! book for that token only when the global book does not answer it, and the token's own
//! issuer list for a topic class only for a claim whose issuer the chain does not trust.
//! Checking any number of topics for one party reads each record once per call (the overlay
//! caches repeated reads within a block).
//!
//! Jurisdiction and investor type are computed from the books at each check (a book holds at
//! most `MaxClaimsPerIdentity` claims and is read anyway): chain-wide, from the global claims
//! of chain-trusted issuers only; for a token, the chain-wide answer when there is one, else
//! the answer of every claim that counts for the token.

use crate::*;
use alloc::vec::Vec;
use frame_support::BoundedVec;

/// The issuer lists a claim check consults, each read at most once and only when needed.
pub(crate) struct IssuerLists<T: Config> {
	token: Option<TokenId>,
	chain_wide: Option<TrustedIssuerListOf<T>>,
	of_token: Vec<(TopicClass, BoundedVec<IdentityId, T::MaxIssuersPerTopic>)>,
}

impl<T: Config> IssuerLists<T> {
	/// The lists of a check about `token` (`None`: a chain-wide check, which accepts only the
	/// chain's trusted issuers).
	pub(crate) fn new(token: Option<TokenId>) -> Self {
		Self { token, chain_wide: None, of_token: Vec::new() }
	}

	/// Whether the chain trusts `issuer` for `class`.
	pub(crate) fn trusts_chain_wide(&mut self, issuer: IdentityId, class: TopicClass) -> bool {
		let chain_wide = self.chain_wide.get_or_insert_with(TrustedIssuers::<T>::get);
		Pallet::<T>::trusted_chain_wide(chain_wide, issuer, class)
	}

	/// Whether `issuer` counts for `class` (and the token): chain-wide trusted, or named by
	/// the token.
	pub(crate) fn trusts(&mut self, issuer: IdentityId, class: TopicClass) -> bool {
		if self.trusts_chain_wide(issuer, class) {
			return true;
		}
		let Some(token) = self.token else { return false };
		if let Some((_, list)) = self.of_token.iter().find(|(read, _)| *read == class) {
			return list.contains(&issuer);
		}
		let list = TokenIssuers::<T>::get(token, class);
		let trusted = list.contains(&issuer);
		self.of_token.push((class, list));
		trusted
	}
}

impl<T: Config> Pallet<T> {
	/// Whether a check that accepts `issuers` counts a claim of `topic` by `issuer` (the issuer
	/// also trusted for the topic by `lists`).
	fn accepts(issuer: &IdentityId, topic: ClaimTopic, issuers: Issuers<'_>, lists: &mut IssuerLists<T>) -> bool {
		let accepted = match issuers {
			Issuers::Trusted => true,
			Issuers::Only(list) => list.contains(issuer),
		};
		accepted && lists.trusts(*issuer, topic.class())
	}

	/// Whether a claim of `topic` in `book` counts at `now` for a check that accepts `issuers`
	/// (each trusted by `lists`); if none does, `status` becomes `Expired` when an accepted one
	/// has expired.
	fn book_answers(
		book: &ClaimBook<T>,
		topic: ClaimTopic,
		issuers: Issuers<'_>,
		lists: &mut IssuerLists<T>,
		now: MomentOf<T>,
		status: &mut ClaimStatus,
	) -> bool {
		for (_, issuer, claim) in book.claims.iter().filter(|(t, _, _)| *t == topic) {
			if !Self::accepts(issuer, topic, issuers, lists) {
				continue;
			}
			if !claim.is_expired(now) {
				return true;
			}
			*status = ClaimStatus::Expired;
		}
		false
	}

	/// [`Self::book_answers`] reading every claim: the latest expiry of the valid accepted claims
	/// of `topic` in `book` folded into `until` (`Some(None)`: one never expires).
	fn book_valid_until(
		book: &ClaimBook<T>,
		topic: ClaimTopic,
		issuers: Issuers<'_>,
		lists: &mut IssuerLists<T>,
		now: MomentOf<T>,
		status: &mut ClaimStatus,
		until: &mut Option<Option<MomentOf<T>>>,
	) {
		for (_, issuer, claim) in book.claims.iter().filter(|(t, _, _)| *t == topic) {
			if !Self::accepts(issuer, topic, issuers, lists) {
				continue;
			}
			if claim.is_expired(now) {
				*status = ClaimStatus::Expired;
				continue;
			}
			*until = match (*until, claim.expiry) {
				(Some(None), _) | (_, None) => Some(None),
				(Some(Some(known)), Some(expiry)) => Some(Some(known.max(expiry))),
				(None, Some(expiry)) => Some(Some(expiry)),
			};
		}
	}

	/// The best fact the valid claims of `books` state at `now`: `fact` reads the fact a topic
	/// states (if any), `rank` orders the claims stating one (the greatest wins; of equals,
	/// the later in the books), `counts` says whether a claim's issuer counts for its topic.
	fn best_fact<F: Copy, R: PartialOrd>(
		books: &[&ClaimBook<T>],
		now: MomentOf<T>,
		fact: &impl Fn(&ClaimTopic) -> Option<F>,
		rank: &impl Fn(F, &ClaimRecordOf<T>) -> R,
		mut counts: impl FnMut(&ClaimTopic, IdentityId) -> bool,
	) -> Option<F> {
		let mut best: Option<(F, R)> = None;
		for (topic, issuer, claim) in books.iter().flat_map(|book| book.claims.iter()) {
			let Some(stated) = fact(topic) else { continue };
			if claim.is_expired(now) {
				continue;
			}
			let ranked = rank(stated, claim);
			if best.as_ref().is_some_and(|(_, leader)| ranked < *leader) {
				continue;
			}
			if counts(topic, *issuer) {
				best = Some((stated, ranked));
			}
		}
		best.map(|(stated, _)| stated)
	}

	/// A profile fact (jurisdiction, investor type) of `identity`: from its global claims by
	/// chain-trusted issuers; failing that, for a `token`, from every claim that counts for
	/// the token (global or scoped to it, by an issuer trusted chain-wide or by the token).
	fn profile_fact<F: Copy, R: PartialOrd>(
		identity: IdentityId,
		token: Option<TokenId>,
		now: MomentOf<T>,
		fact: impl Fn(&ClaimTopic) -> Option<F>,
		rank: impl Fn(F, &ClaimRecordOf<T>) -> R,
	) -> Option<F> {
		let global = Claims::<T>::get(identity);
		let mut lists = IssuerLists::<T>::new(token);
		let chain_wide = Self::best_fact(&[&global], now, &fact, &rank, |topic, issuer| {
			lists.trusts_chain_wide(issuer, topic.class())
		});
		if chain_wide.is_some() {
			return chain_wide;
		}
		let token = token?;
		let scoped = TokenClaims::<T>::get(identity, token);
		Self::best_fact(&[&global, &scoped], now, &fact, &rank, |topic, issuer| lists.trusts(issuer, topic.class()))
	}
}

impl<T: Config> IdentityProvider<T::AccountId, MomentOf<T>> for Pallet<T> {
	fn identity_of(who: &T::AccountId) -> Option<IdentityId> {
		IdentityOf::<T>::get(who)
	}

	fn primary_wallet(identity: IdentityId) -> Option<T::AccountId> {
		Identities::<T>::get(identity).map(|record| record.primary)
	}

	/// Reads: the identity's global book; the chain-wide issuer list if it holds a claim of
	/// the topic; for a token, only when the global book holds no valid claim: the identity's
	/// book for the token, and the token's own list for a claim whose issuer the chain does not
	/// trust. A claim of another scope is never read, so the answer is `Missing` rather than
	/// `OutOfScope`.
	fn claim_status(
		identity: IdentityId,
		topic: ClaimTopic,
		token: Option<TokenId>,
		issuers: Issuers<'_>,
		now: MomentOf<T>,
	) -> ClaimStatus {
		let mut lists = IssuerLists::<T>::new(token);
		let mut status = ClaimStatus::Missing;
		if Self::book_answers(&Claims::<T>::get(identity), topic, issuers, &mut lists, now, &mut status) {
			return ClaimStatus::Valid;
		}
		if let Some(token) = token {
			let scoped = TokenClaims::<T>::get(identity, token);
			if Self::book_answers(&scoped, topic, issuers, &mut lists, now, &mut status) {
				return ClaimStatus::Valid;
			}
		}
		if status == ClaimStatus::Missing && !Identities::<T>::contains_key(identity) {
			return ClaimStatus::NoIdentity;
		}
		status
	}

	/// Reads what `claim_status` reads, every claim of the topic in both books.
	fn claim_valid_until(
		identity: IdentityId,
		topic: ClaimTopic,
		token: Option<TokenId>,
		issuers: Issuers<'_>,
		now: MomentOf<T>,
	) -> Result<Option<MomentOf<T>>, ClaimStatus> {
		let mut lists = IssuerLists::<T>::new(token);
		let mut status = ClaimStatus::Missing;
		let mut until = None;
		let global = Claims::<T>::get(identity);
		Self::book_valid_until(&global, topic, issuers, &mut lists, now, &mut status, &mut until);
		if let Some(token) = token {
			let scoped = TokenClaims::<T>::get(identity, token);
			Self::book_valid_until(&scoped, topic, issuers, &mut lists, now, &mut status, &mut until);
		}
		if let Some(until) = until {
			return Ok(until);
		}
		if status == ClaimStatus::Missing && !Identities::<T>::contains_key(identity) {
			return Err(ClaimStatus::NoIdentity);
		}
		Err(status)
	}

	/// The latest issued valid jurisdiction claim (of two issued at once, the later added).
	/// Reads: the global book and the issuer list; for a token without a chain-wide answer,
	/// also the book for the token and the token's jurisdiction issuers.
	fn jurisdiction(identity: IdentityId, token: Option<TokenId>, now: MomentOf<T>) -> Option<CountryCode> {
		let country = |topic: &ClaimTopic| match topic {
			ClaimTopic::Jurisdiction(country) => Some(*country),
			_ => None,
		};
		Self::profile_fact(identity, token, now, country, |_, claim| claim.issued_at)
	}

	/// The highest valid investor category. Reads: the global book and the issuer list; for a
	/// token without a chain-wide answer, also the book for the token and the token's issuers
	/// of the categories it holds claims of.
	fn investor_type(identity: IdentityId, token: Option<TokenId>, now: MomentOf<T>) -> Option<InvestorType> {
		Self::profile_fact(identity, token, now, ClaimTopic::investor_type, |category, _| category)
	}
}
