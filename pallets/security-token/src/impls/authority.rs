//! [`TokenAuthority`] for the identity registry: who may name a token's own trusted issuers.

use crate::*;
use sto_primitives::token::TokenAuthority;

impl<T: Config> TokenAuthority<T::AccountId> for Pallet<T> {
	fn can_manage_compliance(token: TokenId, who: &T::AccountId) -> bool {
		let Some(details) = Tokens::<T>::get(token) else { return false };
		T::Identity::identity_of(who)
			.is_some_and(|identity| Self::roles_of(&details, token, identity).contains(Roles::COMPLIANCE_MANAGER))
	}

	fn token_exists(token: TokenId) -> bool {
		Tokens::<T>::contains_key(token)
	}
}
