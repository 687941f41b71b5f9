//! Reads for clients and runtime APIs.

use crate::*;
use alloc::vec::Vec;

impl<T: Config> Pallet<T> {
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
}
