//! Identities: creating one (by a registrar or governance) and its primary wallet.

use crate::*;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, Time},
};
use sp_runtime::{traits::Zero, ArithmeticError};

impl<T: Config> Pallet<T> {
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

	/// Create an identity for `primary`; `caller` (`None`: governance) must be a wallet of a
	/// registrar, and pays the deposit.
	pub(crate) fn do_register_identity(
		caller: Option<T::AccountId>,
		primary: T::AccountId,
		kind: IdentityKind,
		consent: &T::OffchainSignature,
	) -> DispatchResult {
		if let Some(who) = &caller {
			Self::ensure_registrar(who)?;
		}
		let depositor = caller;
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
}
