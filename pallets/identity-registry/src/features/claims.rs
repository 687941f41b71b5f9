//! Claims: one book per identity and scope; adding, updating and revoking a claim.

use crate::*;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, Time},
};
use polkadot_sdk::sp_core::H256;
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// The subject's book of `scope`: its global claims, or its claims for the scope's token.
	pub fn book_of(subject: IdentityId, scope: ClaimScope) -> ClaimBook<T> {
		match scope {
			ClaimScope::Global => Claims::<T>::get(subject),
			ClaimScope::Token(token) => TokenClaims::<T>::get(subject, token),
		}
	}

	/// Store the subject's book of `scope` (an empty book is removed).
	pub(crate) fn put_book(subject: IdentityId, scope: ClaimScope, book: ClaimBook<T>) {
		match (scope, book.claims.is_empty()) {
			(ClaimScope::Global, true) => Claims::<T>::remove(subject),
			(ClaimScope::Global, false) => Claims::<T>::insert(subject, book),
			(ClaimScope::Token(token), true) => TokenClaims::<T>::remove(subject, token),
			(ClaimScope::Token(token), false) => TokenClaims::<T>::insert(subject, token, book),
		}
	}

	/// Whether `issuer` may attest `topic` with `scope`: accredited chain-wide for the topic's
	/// class, or named by the scope's token.
	pub(crate) fn may_issue(issuer: IdentityId, topic: &ClaimTopic, scope: &ClaimScope) -> bool {
		let token = match scope {
			ClaimScope::Token(token) => Some(*token),
			ClaimScope::Global => None,
		};
		crate::impl_identity_provider::IssuerLists::<T>::new(token).trusts(issuer, topic.class())
	}

	fn check_claim_input(
		issuer: IdentityId,
		topic: &ClaimTopic,
		scope: &ClaimScope,
		expiry: Option<MomentOf<T>>,
	) -> DispatchResult {
		if let ClaimTopic::Jurisdiction(country) = topic {
			ensure!(country.is_well_formed(), Error::<T>::BadCountryCode);
		}
		ensure!(Self::may_issue(issuer, topic, scope), Error::<T>::IssuerNotTrusted);
		if let Some(expiry) = expiry {
			ensure!(expiry > T::Time::now(), Error::<T>::ExpiryInPast);
		}
		Ok(())
	}

	pub(crate) fn do_add_claim(
		who: T::AccountId,
		subject: IdentityId,
		topic: ClaimTopic,
		scope: ClaimScope,
		expiry: Option<MomentOf<T>>,
		evidence: H256,
	) -> DispatchResult {
		let issuer = IdentityOf::<T>::get(&who).ok_or(Error::<T>::NoIdentity)?;
		let deposit = T::ClaimDeposit::get();
		let claim = ClaimRecord { scope, issued_at: T::Time::now(), expiry, evidence, depositor: who, deposit };
		Self::insert_claim(subject, topic, issuer, claim)?;
		Self::deposit_event(Event::ClaimAdded { subject, topic, issuer, scope, expiry, evidence });
		Ok(())
	}

	/// Check and store `claim` of `topic` by `issuer` about `subject` in the subject's book of
	/// the claim's scope, holding its deposit from its depositor (used by `add_claim`, and by
	/// genesis with no deposit): the issuer must be trusted for the topic (a token's own issuer
	/// only for a claim scoped to its token), the subject must exist, and the book have room
	/// and hold no claim of this topic from this issuer yet.
	pub(crate) fn insert_claim(
		subject: IdentityId,
		topic: ClaimTopic,
		issuer: IdentityId,
		claim: ClaimRecordOf<T>,
	) -> DispatchResult {
		let mut record = Identities::<T>::get(subject).ok_or(Error::<T>::UnknownIdentity)?;
		Self::check_claim_input(issuer, &topic, &claim.scope, claim.expiry)?;
		let scope = claim.scope;
		let mut book = Self::book_of(subject, scope);
		ensure!(book.position(topic, issuer).is_none(), Error::<T>::ClaimExists);
		let (depositor, deposit) = (claim.depositor.clone(), claim.deposit);
		book.claims.try_push((topic, issuer, claim)).map_err(|_| Error::<T>::TooManyClaims)?;
		if !deposit.is_zero() {
			T::Currency::hold(&HoldReason::Claim.into(), &depositor, deposit)?;
		}
		Self::put_book(subject, scope, book);
		record.claim_count = record.claim_count.saturating_add(1);
		Identities::<T>::insert(subject, record);
		Ok(())
	}

	pub(crate) fn do_update_claim(
		who: T::AccountId,
		subject: IdentityId,
		topic: ClaimTopic,
		scope: ClaimScope,
		expiry: Option<MomentOf<T>>,
		evidence: H256,
	) -> DispatchResult {
		let issuer = IdentityOf::<T>::get(&who).ok_or(Error::<T>::NoIdentity)?;
		ensure!(Identities::<T>::contains_key(subject), Error::<T>::UnknownIdentity);
		Self::check_claim_input(issuer, &topic, &scope, expiry)?;
		let mut book = Self::book_of(subject, scope);
		let at = book.position(topic, issuer).ok_or(Error::<T>::ClaimNotFound)?;
		let claim = &mut book.claims[at].2;
		claim.expiry = expiry;
		claim.evidence = evidence;
		claim.issued_at = T::Time::now();
		Self::put_book(subject, scope, book);
		Self::deposit_event(Event::ClaimUpdated { subject, topic, issuer, scope, expiry, evidence });
		Ok(())
	}

	/// Revoke `issuer`'s claim; `caller` (`None`: governance) must be a wallet of `issuer`.
	pub(crate) fn do_revoke_claim(
		caller: Option<&T::AccountId>,
		subject: IdentityId,
		topic: ClaimTopic,
		scope: ClaimScope,
		issuer: IdentityId,
	) -> DispatchResult {
		if let Some(who) = caller {
			let identity = IdentityOf::<T>::get(who).ok_or(Error::<T>::NoIdentity)?;
			ensure!(identity == issuer, Error::<T>::ClaimNotFound);
		}
		let mut book = Self::book_of(subject, scope);
		let at = book.position(topic, issuer).ok_or(Error::<T>::ClaimNotFound)?;
		let (_, _, claim) = book.claims.remove(at);
		Self::release(HoldReason::Claim, &claim.depositor, claim.deposit)?;
		Identities::<T>::mutate(subject, |record| {
			if let Some(record) = record {
				record.claim_count = record.claim_count.saturating_sub(1);
			}
		});
		Self::put_book(subject, scope, book);
		Self::deposit_event(Event::ClaimRevoked { subject, topic, issuer, scope });
		Ok(())
	}
}
