//! Registrars: the identities (KYC providers) that may create identities, named by governance.

use crate::*;
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	/// `who` is a wallet of a registrar identity.
	pub(crate) fn ensure_registrar(who: &T::AccountId) -> DispatchResult {
		let registrar = IdentityOf::<T>::get(who).ok_or(Error::<T>::NotRegistrar)?;
		ensure!(Registrars::<T>::contains_key(registrar), Error::<T>::NotRegistrar);
		Ok(())
	}

	pub(crate) fn do_add_registrar(identity: IdentityId) -> DispatchResult {
		ensure!(Identities::<T>::contains_key(identity), Error::<T>::UnknownIdentity);
		ensure!(!Registrars::<T>::contains_key(identity), Error::<T>::AlreadyRegistrar);
		Registrars::<T>::insert(identity, ());
		Self::deposit_event(Event::RegistrarAdded { identity });
		Ok(())
	}

	pub(crate) fn do_remove_registrar(identity: IdentityId) -> DispatchResult {
		ensure!(Registrars::<T>::take(identity).is_some(), Error::<T>::NotRegistrar);
		Self::deposit_event(Event::RegistrarRemoved { identity });
		Ok(())
	}
}
