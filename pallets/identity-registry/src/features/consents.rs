//! Consents: the payload a wallet signs to be linked (or to become a recovered identity's
//! primary), and the check that uses up its nonce.

use crate::*;
use frame_support::{ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{Verify, Zero};

impl<T: Config> Pallet<T> {
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
	pub(crate) fn use_consent(
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
}
