//! The registry's logic: identities and wallets, consents, claims (one book per identity and
//! scope), trusted issuers and the invariants.

use crate::*;
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::Precision,
		Time,
	},
};
use polkadot_sdk::sp_core::H256;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Verify, Zero},
	ArithmeticError,
};

impl<T: Config> Pallet<T> {
	// --- Consents ---------------------------------------------------------------------------

	/// The message `account` signs to consent to `action` on `identity` (0 for a new one).
	pub fn consent_payload(
		action: ConsentAction,
		identity: IdentityId,
		account: T::AccountId,
	) -> ConsentPayloadOf<T> {
		ConsentPayload {
			domain: CONSENT_DOMAIN,
			action,
			identity,
			nonce: ConsentNonce::<T>::get(&account),
			account,
			genesis: frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero()),
		}
	}

	/// Check `account`'s consent signature and use up its nonce.
	fn use_consent(
		action: ConsentAction,
		identity: IdentityId,
		account: &T::AccountId,
		signature: &T::OffchainSignature,
	) -> DispatchResult {
		let payload = Self::consent_payload(action, identity, account.clone());
		ensure!(signature.verify(&payload.encode()[..], account), Error::<T>::BadConsent);
		ConsentNonce::<T>::mutate(account, |nonce| *nonce = nonce.saturating_add(1));
		Ok(())
	}

	// --- Identities and wallets ---------------------------------------------------------------

	/// The identity whose primary wallet is `who`.
	pub(crate) fn primary_identity(who: &T::AccountId) -> Result<IdentityId, DispatchError> {
		let identity = IdentityOf::<T>::get(who).ok_or(Error::<T>::NoIdentity)?;
		let record = Identities::<T>::get(identity).ok_or(Error::<T>::UnknownIdentity)?;
		ensure!(&record.primary == who, Error::<T>::NotPrimary);
		Ok(identity)
	}

	/// Create the identity record and link its primary wallet (no consent, no checks of the
	/// caller: used by `do_register_identity`, genesis and benchmarks).
	pub fn insert_identity(
		primary: T::AccountId,
		kind: IdentityKind,
		depositor: Option<T::AccountId>,
		deposit: BalanceOf<T>,
	) -> Result<IdentityId, DispatchError> {
		ensure!(!IdentityOf::<T>::contains_key(&primary), Error::<T>::AlreadyLinked);
		let identity = NextIdentityId::<T>::get().max(1);
		NextIdentityId::<T>::put(identity.checked_add(1).ok_or(ArithmeticError::Overflow)?);
		Identities::<T>::insert(
			identity,
			IdentityRecord {
				kind,
				primary: primary.clone(),
				wallet_count: 1,
				claim_count: 0,
				depositor,
				deposit,
				created_at: T::Time::now(),
			},
		);
		IdentityOf::<T>::insert(&primary, identity);
		Wallets::<T>::insert(identity, &primary, WalletRecord { depositor: None, deposit: Zero::zero() });
		Ok(identity)
	}

	pub(crate) fn do_register_identity(
		depositor: Option<T::AccountId>,
		primary: T::AccountId,
		kind: IdentityKind,
		consent: &T::OffchainSignature,
	) -> DispatchResult {
		ensure!(!IdentityOf::<T>::contains_key(&primary), Error::<T>::AlreadyLinked);
		Self::use_consent(ConsentAction::CreateIdentity, 0, &primary, consent)?;
		let deposit = match &depositor {
			Some(payer) => {
				let deposit = T::IdentityDeposit::get();
				T::Currency::hold(&HoldReason::Identity.into(), payer, deposit)?;
				deposit
			},
			None => Zero::zero(),
		};
		let identity = Self::insert_identity(primary.clone(), kind, depositor, deposit)?;
		Self::deposit_event(Event::IdentityRegistered { identity, kind, primary: primary.clone() });
		Self::deposit_event(Event::WalletLinked { identity, wallet: primary });
		Ok(())
	}

	pub(crate) fn do_link_wallet(
		identity: IdentityId,
		payer: &T::AccountId,
		wallet: T::AccountId,
		consent: &T::OffchainSignature,
	) -> DispatchResult {
		let record = Self::ensure_may_link(identity, &wallet)?;
		Self::use_consent(ConsentAction::LinkWallet, identity, &wallet, consent)?;
		let deposit = T::WalletDeposit::get();
		T::Currency::hold(&HoldReason::Wallet.into(), payer, deposit)?;
		Self::write_wallet(identity, record, &wallet, WalletRecord { depositor: Some(payer.clone()), deposit });
		Self::deposit_event(Event::WalletLinked { identity, wallet });
		Ok(())
	}

	/// `wallet` belongs to no identity and `identity` exists with room for another wallet.
	fn ensure_may_link(identity: IdentityId, wallet: &T::AccountId) -> Result<IdentityRecordOf<T>, DispatchError> {
		ensure!(!IdentityOf::<T>::contains_key(wallet), Error::<T>::AlreadyLinked);
		let record = Identities::<T>::get(identity).ok_or(Error::<T>::UnknownIdentity)?;
		ensure!(
			record.wallet_count < T::MaxWalletsPerIdentity::get(),
			Error::<T>::TooManyWallets
		);
		Ok(record)
	}

	/// Link `wallet` to `identity` without consent or deposit (genesis).
	pub(crate) fn insert_wallet(identity: IdentityId, wallet: T::AccountId) -> DispatchResult {
		let record = Self::ensure_may_link(identity, &wallet)?;
		Self::write_wallet(identity, record, &wallet, WalletRecord { depositor: None, deposit: Zero::zero() });
		Ok(())
	}

	/// Store a checked link (`ensure_may_link` returned `record`).
	fn write_wallet(
		identity: IdentityId,
		mut record: IdentityRecordOf<T>,
		wallet: &T::AccountId,
		link: WalletRecord<T::AccountId, BalanceOf<T>>,
	) {
		record.wallet_count = record.wallet_count.saturating_add(1);
		Identities::<T>::insert(identity, record);
		IdentityOf::<T>::insert(wallet, identity);
		Wallets::<T>::insert(identity, wallet, link);
	}

	/// The weight of `unlink_wallet`, its wallet guard having read `positions` positions.
	pub(crate) fn unlink_weight(call: Weight, positions: u32) -> Weight {
		call.saturating_add(T::WalletGuard::release_wallet_weight(positions))
	}

	/// The weight of `recover_identity`, its wallet guard having read `positions` positions.
	pub(crate) fn recover_weight(call: Weight, positions: u32) -> Weight {
		call.saturating_add(T::WalletGuard::move_wallet_weight(positions))
	}

	fn guard_error(error: WalletGuardError) -> Error<T> {
		match error {
			WalletGuardError::PositionsWitnessTooLow => Error::<T>::PositionsWitnessTooLow,
			WalletGuardError::WalletInUse => Error::<T>::WalletInUse,
			WalletGuardError::Movement(_) => Error::<T>::HoldingsNotMoved,
		}
	}

	/// Unlink `wallet` (its account freezes go with it); the positions read to tell it holds
	/// nothing.
	pub(crate) fn do_unlink_wallet(
		caller: &T::AccountId,
		wallet: T::AccountId,
		positions: u32,
	) -> Result<u32, DispatchError> {
		let identity = IdentityOf::<T>::get(&wallet).ok_or(Error::<T>::NotLinked)?;
		let record = Identities::<T>::get(identity).ok_or(Error::<T>::UnknownIdentity)?;
		ensure!(caller == &wallet || caller == &record.primary, Error::<T>::NotPrimary);
		ensure!(record.primary != wallet, Error::<T>::CannotUnlinkPrimary);
		let read = T::WalletGuard::release_wallet(identity, &wallet, positions).map_err(Self::guard_error)?;
		Self::remove_wallet(identity, record, &wallet)?;
		Self::deposit_event(Event::WalletUnlinked { identity, wallet });
		Ok(read)
	}

	/// Remove a non-primary wallet's link and release its deposit.
	fn remove_wallet(
		identity: IdentityId,
		mut record: IdentityRecordOf<T>,
		wallet: &T::AccountId,
	) -> DispatchResult {
		let link = Wallets::<T>::take(identity, wallet).ok_or(Error::<T>::NotLinked)?;
		if let Some(payer) = link.depositor {
			Self::release(HoldReason::Wallet, &payer, link.deposit)?;
		}
		IdentityOf::<T>::remove(wallet);
		record.wallet_count = record.wallet_count.saturating_sub(1);
		Identities::<T>::insert(identity, record);
		Ok(())
	}

	pub(crate) fn do_set_primary(
		identity: IdentityId,
		old: T::AccountId,
		new: T::AccountId,
	) -> DispatchResult {
		ensure!(IdentityOf::<T>::get(&new) == Some(identity), Error::<T>::NotLinked);
		Identities::<T>::try_mutate(identity, |record| -> DispatchResult {
			let record = record.as_mut().ok_or(Error::<T>::UnknownIdentity)?;
			record.primary = new.clone();
			Ok(())
		})?;
		Self::deposit_event(Event::PrimaryWalletChanged { identity, old, new });
		Ok(())
	}

	/// Recover `identity`: link `new_primary` (if it is not a wallet yet) and make it primary,
	/// move the lost primary's holdings to it (the wallet guard, through the tokens' one
	/// movement path), then unlink the lost wallet. Returns the positions the guard read.
	pub(crate) fn do_recover(
		identity: IdentityId,
		new_primary: T::AccountId,
		consent: &T::OffchainSignature,
		positions: u32,
	) -> Result<u32, DispatchError> {
		let mut record = Identities::<T>::get(identity).ok_or(Error::<T>::UnknownIdentity)?;
		match IdentityOf::<T>::get(&new_primary) {
			Some(other) if other != identity => return Err(Error::<T>::AlreadyLinked.into()),
			Some(_) => {},
			None => ensure!(
				record.wallet_count < T::MaxWalletsPerIdentity::get(),
				Error::<T>::TooManyWallets
			),
		}
		let lost = record.primary.clone();
		ensure!(lost != new_primary, Error::<T>::AlreadyLinked);
		Self::use_consent(ConsentAction::Recover, identity, &new_primary, consent)?;
		if !IdentityOf::<T>::contains_key(&new_primary) {
			IdentityOf::<T>::insert(&new_primary, identity);
			Wallets::<T>::insert(
				identity,
				&new_primary,
				WalletRecord { depositor: None, deposit: Zero::zero() },
			);
			record.wallet_count = record.wallet_count.saturating_add(1);
			Self::deposit_event(Event::WalletLinked { identity, wallet: new_primary.clone() });
		}
		record.primary = new_primary.clone();
		// Both wallets are linked while the holdings move: each movement is within the identity.
		let read = T::WalletGuard::move_wallet(identity, &lost, &new_primary, positions).map_err(Self::guard_error)?;
		// The lost wallet holds nothing now: it goes, with whatever authority it had.
		if let Some(link) = Wallets::<T>::take(identity, &lost) {
			if let Some(payer) = link.depositor {
				Self::release(HoldReason::Wallet, &payer, link.deposit)?;
			}
		}
		IdentityOf::<T>::remove(&lost);
		record.wallet_count = record.wallet_count.saturating_sub(1);
		Identities::<T>::insert(identity, record);
		Self::deposit_event(Event::WalletUnlinked { identity, wallet: lost.clone() });
		Self::deposit_event(Event::IdentityRecovered { identity, lost, new: new_primary });
		Ok(read)
	}

	fn release(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if !amount.is_zero() {
			T::Currency::release(&reason.into(), who, amount, Precision::BestEffort)?;
		}
		Ok(())
	}

	// --- Claims --------------------------------------------------------------------------------

	/// The subject's book of `scope`: its global claims, or its claims for the scope's token.
	pub fn book_of(subject: IdentityId, scope: ClaimScope) -> ClaimBook<T> {
		match scope {
			ClaimScope::Global => Claims::<T>::get(subject),
			ClaimScope::Token(token) => TokenClaims::<T>::get(subject, token),
		}
	}

	/// Store the subject's book of `scope` (an empty book is removed).
	fn put_book(subject: IdentityId, scope: ClaimScope, book: ClaimBook<T>) {
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

	pub(crate) fn do_revoke_claim(
		subject: IdentityId,
		topic: ClaimTopic,
		scope: ClaimScope,
		issuer: IdentityId,
	) -> DispatchResult {
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

	// --- Trusted issuers and registrars ----------------------------------------------------

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

	pub(crate) fn do_set_token_issuers(
		token: TokenId,
		topic: TopicClass,
		issuers: BoundedVec<IdentityId, T::MaxIssuersPerTopic>,
	) -> DispatchResult {
		ensure!(T::TokenAuthority::token_exists(token), Error::<T>::UnknownToken);
		ensure!(!has_duplicates(&issuers), Error::<T>::BadIssuers);
		ensure!(
			issuers.iter().all(|issuer| Identities::<T>::contains_key(issuer)),
			Error::<T>::BadIssuers
		);
		if issuers.is_empty() {
			TokenIssuers::<T>::remove(token, topic);
		} else {
			TokenIssuers::<T>::insert(token, topic, issuers.clone());
		}
		Self::deposit_event(Event::TokenTrustedIssuersSet { token, topic, issuers });
		Ok(())
	}

	// --- Reads for clients ------------------------------------------------------------------

	/// The wallets of an identity (its primary included).
	pub fn wallets_of(identity: IdentityId) -> Vec<T::AccountId> {
		Wallets::<T>::iter_key_prefix(identity).collect()
	}

	/// The global claims about an identity: topic, issuer and record.
	pub fn claims_of(identity: IdentityId) -> Vec<(ClaimTopic, IdentityId, ClaimRecordOf<T>)> {
		Claims::<T>::get(identity).claims.into_inner()
	}

	/// The claims about an identity scoped to `token`: topic, issuer and record.
	pub fn token_claims_of(identity: IdentityId, token: TokenId) -> Vec<(ClaimTopic, IdentityId, ClaimRecordOf<T>)> {
		TokenClaims::<T>::get(identity, token).claims.into_inner()
	}

	// --- Invariants ----------------------------------------------------------------------------

	/// Every account is in at most one identity, and the indexes agree with the records:
	/// - each `IdentityOf` entry has a matching `Wallets` entry and vice versa;
	/// - each identity's primary is one of its wallets; wallet and claim counts are exact and
	///   within bounds;
	/// - every claim is in the book of its scope (the global book holds global claims only,
	///   a token's book claims for that token only), each (topic, issuer) at most once per book;
	/// - the trusted-issuer list names existing identities, each once, within the bounds.
	///
	/// (An identity's jurisdiction and investor type are computed from its books at each
	/// check: there is no index that could go stale.)
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (account, identity) in IdentityOf::<T>::iter() {
			ensure!(Wallets::<T>::contains_key(identity, &account), "IdentityOf without a wallet");
		}
		let mut next = 1;
		for (identity, record) in Identities::<T>::iter() {
			next = next.max(identity.saturating_add(1));
			let wallets: Vec<_> = Wallets::<T>::iter_key_prefix(identity).collect();
			ensure!(wallets.len() as u32 == record.wallet_count, "wallet count");
			ensure!(record.wallet_count <= T::MaxWalletsPerIdentity::get(), "too many wallets");
			ensure!(wallets.contains(&record.primary), "primary is not a wallet");
			for wallet in &wallets {
				ensure!(IdentityOf::<T>::get(wallet) == Some(identity), "wallet in two identities");
			}
			// Every claim sits in the book of its scope (so a token's claims count for that token
			// only and never take room in the global book), once per (topic, issuer) of a book;
			// the count covers every book.
			let mut claims = Self::check_book(&Claims::<T>::get(identity), ClaimScope::Global)?;
			ensure!(!Claims::<T>::contains_key(identity) || claims > 0, "empty claim book stored");
			for (token, book) in TokenClaims::<T>::iter_prefix(identity) {
				let held = Self::check_book(&book, ClaimScope::Token(token))?;
				ensure!(held > 0, "empty token claim book stored");
				claims = claims.saturating_add(held);
			}
			ensure!(claims == record.claim_count, "claim count");
		}
		ensure!(Wallets::<T>::iter_keys().all(|(id, _)| Identities::<T>::contains_key(id)), "orphan wallet");
		ensure!(Claims::<T>::iter_keys().all(|id| Identities::<T>::contains_key(id)), "orphan claim book");
		ensure!(
			TokenClaims::<T>::iter_keys().all(|(id, _)| Identities::<T>::contains_key(id)),
			"orphan token claim book"
		);
		ensure!(Identities::<T>::iter().count() == 0 || NextIdentityId::<T>::get() >= next, "next id");
		let trusted = TrustedIssuers::<T>::get();
		ensure!(!has_duplicates(&trusted.iter().map(|(issuer, _)| *issuer).collect::<Vec<_>>()), "issuer trusted twice");
		for (issuer, topics) in trusted.iter() {
			ensure!(Identities::<T>::contains_key(issuer), "trusted issuer without identity");
			ensure!(!topics.is_empty() && !has_duplicates(topics), "trusted issuer topics");
			for topic in topics.iter() {
				let count = trusted.iter().filter(|(_, classes)| classes.contains(topic)).count() as u32;
				ensure!(count <= T::MaxIssuersPerTopic::get(), "too many issuers of a topic");
			}
		}
		for registrar in Registrars::<T>::iter_keys() {
			ensure!(Identities::<T>::contains_key(registrar), "registrar without identity");
		}
		Ok(())
	}

	/// The claims in `book`, which must all be of `scope`, once per (topic, issuer).
	fn check_book(book: &ClaimBook<T>, scope: ClaimScope) -> Result<u32, sp_runtime::TryRuntimeError> {
		ensure!(book.claims.iter().all(|(_, _, claim)| claim.scope == scope), "claim in the book of another scope");
		ensure!(
			!has_duplicates(&book.claims.iter().map(|(topic, issuer, _)| (*topic, *issuer)).collect::<Vec<_>>()),
			"two claims of one topic by one issuer in one book"
		);
		Ok(book.claims.len() as u32)
	}
}

fn has_duplicates<X: Ord>(items: &[X]) -> bool {
	let mut seen = alloc::collections::BTreeSet::new();
	!items.iter().all(|item| seen.insert(item))
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// For other pallets' benchmarks: make `account` a wallet of `identity` (or the primary of
	/// a new identity) and give that identity a KYC claim from a trusted issuer (one is
	/// created if none is trusted for KYC). No consent, no deposits.
	pub fn benchmark_verified(account: T::AccountId, identity: Option<IdentityId>) -> IdentityId {
		let identity = match identity {
			Some(identity) => {
				IdentityOf::<T>::insert(&account, identity);
				Wallets::<T>::insert(identity, &account, WalletRecord { depositor: None, deposit: Zero::zero() });
				Identities::<T>::mutate(identity, |record| {
					if let Some(record) = record {
						record.wallet_count = record.wallet_count.saturating_add(1);
					}
				});
				return identity;
			},
			None => Self::insert_identity(account.clone(), IdentityKind::NaturalPerson, None, Zero::zero())
				.expect("benchmark accounts are fresh"),
		};
		let issuer = match Self::issuers_of(TopicClass::Kyc).first().copied() {
			Some(issuer) => issuer,
			None => {
				let issuer_account: T::AccountId = polkadot_sdk::frame_benchmarking::account("kyc-issuer", 0, 0);
				let issuer = Self::insert_identity(issuer_account, IdentityKind::ClaimIssuer, None, Zero::zero())
					.expect("fresh issuer account");
				let topics = BoundedVec::try_from(alloc::vec![TopicClass::Kyc]).expect("one topic");
				Self::do_set_trusted_issuer(issuer, topics).expect("valid issuer");
				issuer
			},
		};
		let claim = ClaimRecord {
			scope: ClaimScope::Global,
			issued_at: T::Time::now(),
			expiry: None,
			evidence: H256::zero(),
			depositor: account,
			deposit: Zero::zero(),
		};
		Claims::<T>::mutate(identity, |book| book.claims.try_push((ClaimTopic::Kyc, issuer, claim)))
			.expect("a new identity has room for a claim");
		Identities::<T>::mutate(identity, |record| {
			if let Some(record) = record {
				record.claim_count = record.claim_count.saturating_add(1);
			}
		});
		identity
	}

	/// For other pallets' benchmarks: the slowest way a token's rules and statistics learn
	/// `identity`'s jurisdiction (`country`) and investor type (`category`). Its global claims
	/// of those topics are revoked (no chain-wide answer), and they are attested for `token`
	/// only, by an issuer the token trusts and the chain does not (last in full token issuer
	/// lists), at the end of a full book for the token: a jurisdiction claim and a claim of
	/// each category up to `category`, lowest first (each outranks the one before, so each
	/// category's token issuer list is read). No deposits.
	pub fn benchmark_token_scoped_profile(identity: IdentityId, token: TokenId, country: CountryCode, category: InvestorType) {
		const PADDING: u32 = 0xE000_0000;
		let global = Claims::<T>::get(identity);
		for (topic, issuer, _) in global.claims.iter() {
			if matches!(topic, ClaimTopic::Jurisdiction(_)) || topic.investor_type().is_some() {
				let _ = Self::do_revoke_claim(identity, *topic, ClaimScope::Global, *issuer);
			}
		}
		let account: T::AccountId = polkadot_sdk::frame_benchmarking::account("token-profile-issuer", token, 0);
		let issuer = match IdentityOf::<T>::get(&account) {
			Some(issuer) => issuer,
			None => Self::insert_identity(account.clone(), IdentityKind::ClaimIssuer, None, Zero::zero())
				.expect("a fresh account; qed"),
		};
		let categories = [InvestorType::Retail, InvestorType::Accredited, InvestorType::QualifiedPurchaser, InvestorType::Institutional]
			.into_iter()
			.filter(|kind| *kind <= category);
		let topics: Vec<ClaimTopic> =
			core::iter::once(ClaimTopic::Jurisdiction(country)).chain(categories.map(ClaimTopic::from)).collect();
		for topic in &topics {
			TokenIssuers::<T>::mutate(token, topic.class(), |list| {
				if list.contains(&issuer) {
					return;
				}
				let mut filler = IdentityId::MAX;
				while (list.len() as u32) < T::MaxIssuersPerTopic::get().saturating_sub(1) {
					let _ = list.try_push(filler);
					filler = filler.saturating_sub(1);
				}
				let _ = list.try_push(issuer);
			});
		}
		let claim = || ClaimRecord {
			scope: ClaimScope::Token(token),
			issued_at: T::Time::now(),
			expiry: None,
			evidence: H256::zero(),
			depositor: account.clone(),
			deposit: Zero::zero(),
		};
		let mut book = TokenClaims::<T>::get(identity, token);
		let before = book.claims.len() as u32;
		let room = T::MaxClaimsPerIdentity::get().saturating_sub(topics.len() as u32);
		let mut n = 0;
		while (book.claims.len() as u32) < room {
			if book.claims.try_push((ClaimTopic::Custom(PADDING + n), issuer, claim())).is_err() {
				break;
			}
			n += 1;
		}
		for topic in topics {
			let _ = book.claims.try_push((topic, issuer, claim()));
		}
		let added = (book.claims.len() as u32).saturating_sub(before);
		TokenClaims::<T>::insert(identity, token, book);
		Identities::<T>::mutate(identity, |record| {
			if let Some(record) = record {
				record.claim_count = record.claim_count.saturating_add(added);
			}
		});
	}

	/// For other pallets' benchmarks: the worst case of the records a check decodes. Fills the
	/// chain-wide trusted-issuer list to `MaxTrustedIssuers` (new issuers, each with
	/// `MaxTopicsPerIssuer` custom classes no one else uses) and each of `identities`' claim
	/// books to `MaxClaimsPerIdentity` (custom topics from those issuers). Call it after the
	/// claims the benchmark needs are added.
	pub fn benchmark_fill_claim_records(identities: &[IdentityId]) {
		const PADDING: u32 = 0xF000_0000;
		let topics = T::MaxTopicsPerIssuer::get();
		let mut list = TrustedIssuers::<T>::get();
		let mut seed = list.len() as u32;
		while (list.len() as u32) < T::MaxTrustedIssuers::get() {
			let account: T::AccountId = polkadot_sdk::frame_benchmarking::account("padding-issuer", seed, 0);
			let Ok(issuer) = Self::insert_identity(account, IdentityKind::ClaimIssuer, None, Zero::zero()) else { break };
			let classes = (0..topics).map(|n| TopicClass::Custom(PADDING + seed * topics + n)).collect::<Vec<_>>();
			list.try_push((issuer, BoundedVec::truncate_from(classes))).expect("below the bound; qed");
			seed += 1;
		}
		let padder = list.last().map(|(issuer, _)| *issuer);
		TrustedIssuers::<T>::put(list);
		let Some(depositor) = padder.and_then(Identities::<T>::get).map(|record| record.primary) else { return };
		let issuer = padder.unwrap_or_default();
		for identity in identities {
			let mut book = Claims::<T>::get(identity);
			let before = book.claims.len() as u32;
			for n in 0..T::MaxClaimsPerIdentity::get() {
				let claim = ClaimRecord {
					scope: ClaimScope::Global,
					issued_at: T::Time::now(),
					expiry: None,
					evidence: H256::zero(),
					depositor: depositor.clone(),
					deposit: Zero::zero(),
				};
				if book.claims.try_push((ClaimTopic::Custom(PADDING - 1 - n), issuer, claim)).is_err() {
					break;
				}
			}
			let added = (book.claims.len() as u32).saturating_sub(before);
			Identities::<T>::mutate(identity, |record| {
				if let Some(record) = record {
					record.claim_count = record.claim_count.saturating_add(added);
				}
			});
			Claims::<T>::insert(identity, book);
		}
	}
}
