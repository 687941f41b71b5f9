//! Who may do what: the owner identity, agent roles, ownership hand-over.

use crate::*;
use frame_support::pallet_prelude::*;

impl<T: Config> Pallet<T> {
	/// The identity of the caller's wallet.
	pub(crate) fn caller_identity(who: &T::AccountId) -> Result<IdentityId, DispatchError> {
		T::Identity::identity_of(who).ok_or_else(|| Error::<T>::NoIdentity.into())
	}

	/// The roles of `identity` for `token` (the owner holds every role).
	pub fn roles_of(token: &TokenDetailsOf<T>, token_id: TokenId, identity: IdentityId) -> Roles {
		if token.owner == identity {
			Roles(Roles::ALL)
		} else {
			Agents::<T>::get(token_id, identity)
		}
	}

	/// The token, if the caller's identity holds `role` for it.
	pub(crate) fn ensure_role(
		who: &T::AccountId,
		token_id: TokenId,
		role: u8,
	) -> Result<TokenDetailsOf<T>, DispatchError> {
		let token = Tokens::<T>::get(token_id).ok_or(Error::<T>::UnknownToken)?;
		let identity = Self::caller_identity(who)?;
		ensure!(Self::roles_of(&token, token_id, identity).contains(role), Error::<T>::NotAuthorized);
		Ok(token)
	}

	/// The token, if the caller's identity owns it.
	pub(crate) fn ensure_owner(
		who: &T::AccountId,
		token_id: TokenId,
	) -> Result<TokenDetailsOf<T>, DispatchError> {
		let token = Tokens::<T>::get(token_id).ok_or(Error::<T>::UnknownToken)?;
		ensure!(Self::caller_identity(who)? == token.owner, Error::<T>::NotAuthorized);
		Ok(token)
	}

	pub(crate) fn do_grant_roles(
		who: &T::AccountId,
		token: TokenId,
		agent: IdentityId,
		roles: Roles,
	) -> DispatchResult {
		Self::ensure_owner(who, token)?;
		ensure!(roles.0 != 0 && roles.0 & !Roles::ALL == 0, Error::<T>::BadRoles);
		let roles = Agents::<T>::mutate(token, agent, |current| {
			current.0 |= roles.0;
			*current
		});
		Self::deposit_event(Event::RolesGranted { token, agent, roles });
		Ok(())
	}

	pub(crate) fn do_revoke_roles(
		who: &T::AccountId,
		token: TokenId,
		agent: IdentityId,
		roles: Roles,
	) -> DispatchResult {
		Self::ensure_owner(who, token)?;
		ensure!(roles.0 != 0 && roles.0 & !Roles::ALL == 0, Error::<T>::BadRoles);
		let remaining = Roles(Agents::<T>::get(token, agent).0 & !roles.0);
		if remaining.0 == 0 {
			Agents::<T>::remove(token, agent);
		} else {
			Agents::<T>::insert(token, agent, remaining);
		}
		Self::deposit_event(Event::RolesRevoked { token, agent, roles: remaining });
		Ok(())
	}

	pub(crate) fn do_offer_ownership(who: &T::AccountId, token: TokenId, to: IdentityId) -> DispatchResult {
		Self::ensure_owner(who, token)?;
		PendingOwner::<T>::insert(token, to);
		Self::deposit_event(Event::OwnershipOffered { token, to });
		Ok(())
	}

	pub(crate) fn do_accept_ownership(who: &T::AccountId, token_id: TokenId) -> DispatchResult {
		let identity = Self::caller_identity(who)?;
		ensure!(PendingOwner::<T>::get(token_id) == Some(identity), Error::<T>::NoOwnershipOffer);
		let from = Tokens::<T>::try_mutate(token_id, |token| -> Result<IdentityId, DispatchError> {
			let token = token.as_mut().ok_or(Error::<T>::UnknownToken)?;
			Ok(core::mem::replace(&mut token.owner, identity))
		})?;
		PendingOwner::<T>::remove(token_id);
		Self::deposit_event(Event::OwnershipTransferred { token: token_id, from, to: identity });
		Ok(())
	}
}
