//! The registry's invariants (`try_state`, and after every pallet test).

use crate::*;
use super::has_duplicates;
use alloc::vec::Vec;
use frame_support::{ensure, traits::Get};

impl<T: Config> Pallet<T> {
	/// Every account is in at most one identity, and the indexes agree with the records:
	/// - each `IdentityOf` entry has a matching `Wallets` entry and vice versa;
	/// - each identity's primary is one of its wallets; wallet and claim counts are exact and
	///   within bounds;
	/// - every claim is in the book of its scope (the global book holds global claims only,
	///   a token's book claims for that token only), each (topic, issuer) at most once per book;
	/// - the trusted-issuer list names existing identities, each once, within the bounds;
	/// - each linked EVM address is in exactly one identity's EVM wallets, never the zero
	///   address, and each identity's EVM wallet count is exact and within bounds.
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
		// EVM wallets: the two indexes agree, each identity's count is exact and within bounds.
		for (address, identity) in IdentityOfEvm::<T>::iter() {
			ensure!(EvmWallets::<T>::contains_key(identity, address), "IdentityOfEvm without an EVM wallet");
			ensure!(!address.is_zero(), "zero EVM address linked");
		}
		for (identity, address) in EvmWallets::<T>::iter_keys() {
			ensure!(Identities::<T>::contains_key(identity), "EVM wallet of no identity");
			ensure!(IdentityOfEvm::<T>::get(address) == Some(identity), "EVM wallet in two identities");
		}
		for (identity, count) in EvmWalletCount::<T>::iter() {
			ensure!(count > 0 && count <= T::MaxEvmWalletsPerIdentity::get(), "EVM wallet count bounds");
			ensure!(EvmWallets::<T>::iter_prefix(identity).count() as u32 == count, "EVM wallet count");
		}
		ensure!(
			EvmWallets::<T>::iter_keys().all(|(identity, _)| EvmWalletCount::<T>::contains_key(identity)),
			"EVM wallets without a count"
		);
		for registrar in Registrars::<T>::iter_keys() {
			ensure!(Identities::<T>::contains_key(registrar), "registrar without identity");
		}
		Ok(())
	}

	/// The claims in `book`, which must all be of `scope`, once per (topic, issuer).
	pub(crate) fn check_book(book: &ClaimBook<T>, scope: ClaimScope) -> Result<u32, sp_runtime::TryRuntimeError> {
		ensure!(book.claims.iter().all(|(_, _, claim)| claim.scope == scope), "claim in the book of another scope");
		ensure!(
			!has_duplicates(&book.claims.iter().map(|(topic, issuer, _)| (*topic, *issuer)).collect::<Vec<_>>()),
			"two claims of one topic by one issuer in one book"
		);
		Ok(book.claims.len() as u32)
	}
}
