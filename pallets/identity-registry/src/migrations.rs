//! Storage migrations, one module per storage version. Each is a
//! [`VersionedMigration`](polkadot_sdk::frame_support::migrations::VersionedMigration): it runs
//! only when the on-chain version is the one it migrates from, then sets the next, so a runtime
//! may list every migration it ships and each runs once. The runtime lists them in
//! `runtime/src/migrations.rs`.
//!
//! - [`v1`] (spec 106): version 0, the layout of the chains that ran spec 105 (one claim book
//!   per identity with every scope's claims and a claim profile), to version 1 (one global
//!   book per identity, one book per token for the claims scoped to it, no profile).

use crate::*;
use core::marker::PhantomData;
use polkadot_sdk::frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

#[cfg(test)]
mod tests;

/// The records of storage version 0 (spec 105, commit bf88c28) that version 1 changed, to decode
/// what a chain at version 0 holds.
pub mod v0 {
	use super::*;
	use frame_support::{storage_alias, Twox64Concat};
	use sto_primitives::identity::{CountryCode, InvestorType};

	/// Which of an identity's claims answered "jurisdiction" and "investor type" (kept up to
	/// date by every claim change; version 1 computes both at each check instead).
	#[derive(Clone, Default, PartialEq, Eq, codec::Encode, codec::Decode, Debug)]
	pub struct Profile {
		/// The most recently issued jurisdiction claim: its country and issuer.
		pub jurisdiction: Option<(CountryCode, IdentityId)>,
		/// The claim of the highest investor category: the category and its issuer.
		pub investor_type: Option<(InvestorType, IdentityId)>,
	}

	/// An identity's claims of every scope, global and token-scoped alike, and its profile.
	#[derive(
		frame_support::CloneNoBound,
		frame_support::PartialEqNoBound,
		frame_support::DebugNoBound,
		codec::Encode,
		codec::Decode,
	)]
	pub struct ClaimBook<T: Config> {
		pub profile: Profile,
		pub claims: frame_support::BoundedVec<BookedClaimOf<T>, T::MaxClaimsPerIdentity>,
	}

	/// `Claims` as version 0 stored it: one book per identity.
	#[storage_alias]
	pub type Claims<T: Config> = StorageMap<Pallet<T>, Twox64Concat, IdentityId, ClaimBook<T>>;
}

/// Version 1 (spec 106): each identity's claims are kept per scope.
pub mod v1 {
	use super::*;
	use alloc::collections::BTreeMap;
	use frame_support::{traits::Get, weights::Weight};

	/// Splits every version-0 claim book by scope: its global claims stay in [`Claims`] (the
	/// entry goes when it had none), the claims scoped to a token move to that token's book in
	/// [`TokenClaims`]. Each claim keeps its record (issuer, times, evidence, depositor and
	/// deposit, which stays held) and its place relative to the claims of its scope; an
	/// identity's `claim_count` (every scope) is unchanged. The version-0 profile is dropped:
	/// version 1 computes jurisdiction and investor type at each check from the claims.
	///
	/// Every new book holds at most the claims of the book it came from, so within
	/// `MaxClaimsPerIdentity`; and an old book held one claim per (topic, issuer) over all its
	/// scopes, so each new book holds one per (topic, issuer) too.
	///
	/// Cost: one read and one write per identity with claims, and one write per (identity,
	/// token) book created ([`Self::on_runtime_upgrade`] returns it with the runtime's
	/// `DbWeight`). The map is iterated once, in one block: docs/CONSORTIUM.md ("Migrations of
	/// this release") gives the size up to which that fits a block.
	pub struct SplitClaimBooks<T>(PhantomData<T>);

	/// The claims of `old` by scope: the global book, and a book per token.
	pub(crate) fn split<T: Config>(old: v0::ClaimBook<T>) -> (ClaimBook<T>, BTreeMap<TokenId, ClaimBook<T>>) {
		let mut global = ClaimBook::<T>::default();
		let mut scoped: BTreeMap<TokenId, ClaimBook<T>> = BTreeMap::new();
		for claim in old.claims {
			let book = match claim.2.scope {
				ClaimScope::Global => &mut global,
				ClaimScope::Token(token) => scoped.entry(token).or_default(),
			};
			if book.claims.try_push(claim).is_err() {
				// A book of one scope holds a part of the old book, which was within the bound.
				frame_support::defensive!("a claim book of one scope is longer than the book it splits");
			}
		}
		(global, scoped)
	}

	/// Split every version-0 book; the storage reads and writes it made.
	pub(crate) fn migrate<T: Config>() -> (u64, u64) {
		let (mut books, mut writes) = (0u64, 0u64);
		Claims::<T>::translate::<v0::ClaimBook<T>, _>(|identity, old| {
			books += 1;
			writes += 1;
			let (global, scoped) = split::<T>(old);
			for (token, book) in scoped {
				TokenClaims::<T>::insert(identity, token, book);
				writes += 1;
			}
			(!global.claims.is_empty()).then_some(global)
		});
		log::info!(
			target: "runtime::identity-registry",
			"v1: {books} claim books split by scope ({} token books written)",
			writes.saturating_sub(books),
		);
		(books, writes)
	}

	impl<T: Config> UncheckedOnRuntimeUpgrade for SplitClaimBooks<T> {
		fn on_runtime_upgrade() -> Weight {
			let (reads, writes) = migrate::<T>();
			<T as frame_system::Config>::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			checks::before::<T>()
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			checks::after::<T>(state)
		}
	}

	/// The `pre_upgrade`/`post_upgrade` checks, also run by the unit tests (which do not build
	/// the SDK with `try-runtime`).
	#[cfg(any(feature = "try-runtime", test))]
	pub(crate) mod checks {
		use super::*;
		use alloc::vec::Vec;
		use codec::{Decode, Encode};
		use frame_support::ensure;
		use polkadot_sdk::sp_core::H256;
		use sp_runtime::{
			traits::{BlakeTwo256, Hash},
			TryRuntimeError,
		};

		/// One book of one scope, as the checks see it: whose, which scope (`None`: global),
		/// how many claims, and a hash of the claims in their order.
		type BookSummary = (IdentityId, Option<TokenId>, u32, H256);

		fn summary<T: Config>(identity: IdentityId, token: Option<TokenId>, claims: &[BookedClaimOf<T>]) -> BookSummary {
			let encoded: Vec<u8> = claims.iter().flat_map(|claim| claim.encode()).collect();
			(identity, token, claims.len() as u32, BlakeTwo256::hash(&encoded))
		}

		/// Every version-0 book decodes; what each scope of it holds.
		pub(crate) fn before<T: Config>() -> Result<Vec<u8>, TryRuntimeError> {
			let mut books: Vec<BookSummary> = Vec::new();
			for identity in v0::Claims::<T>::iter_keys() {
				let old = v0::Claims::<T>::get(identity).ok_or("v1: a claim book does not decode in the version-0 layout")?;
				let mut by_scope: BTreeMap<Option<TokenId>, Vec<BookedClaimOf<T>>> = BTreeMap::new();
				for claim in old.claims {
					let token = match claim.2.scope {
						ClaimScope::Global => None,
						ClaimScope::Token(token) => Some(token),
					};
					by_scope.entry(token).or_default().push(claim);
				}
				books.extend(by_scope.iter().map(|(token, claims)| summary::<T>(identity, *token, claims)));
			}
			Ok(books.encode())
		}

		/// Every book decodes in the version-1 layout and holds, per identity and scope, the
		/// claims the old book held of that scope (count and content, in order); no other book
		/// exists; the registry's invariants hold (claim counts included).
		pub(crate) fn after<T: Config>(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let mut expected: BTreeMap<(IdentityId, Option<TokenId>), (u32, H256)> =
				Vec::<BookSummary>::decode(&mut &state[..])
					.map_err(|_| "v1: pre-upgrade state")?
					.into_iter()
					.map(|(identity, token, count, hash)| ((identity, token), (count, hash)))
					.collect();
			for identity in Claims::<T>::iter_keys() {
				let book = Claims::<T>::try_get(identity).map_err(|_| "v1: a global book does not decode")?;
				let (_, _, count, hash) = summary::<T>(identity, None, &book.claims);
				ensure!(expected.remove(&(identity, None)) == Some((count, hash)), "v1: a global book changed");
			}
			for (identity, token) in TokenClaims::<T>::iter_keys() {
				let book = TokenClaims::<T>::try_get(identity, token).map_err(|_| "v1: a token book does not decode")?;
				let (_, _, count, hash) = summary::<T>(identity, Some(token), &book.claims);
				ensure!(expected.remove(&(identity, Some(token))) == Some((count, hash)), "v1: a token book changed");
			}
			ensure!(expected.is_empty(), "v1: claims of a scope were lost");
			Pallet::<T>::do_try_state()
		}
	}

	/// Version 0 to 1.
	pub type InitializeStorageVersion<T> = VersionedMigration<
		0,
		1,
		SplitClaimBooks<T>,
		Pallet<T>,
		<T as polkadot_sdk::frame_system::Config>::DbWeight,
	>;
}
