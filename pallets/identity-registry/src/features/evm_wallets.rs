//! EVM wallets: an identity's addresses on outside EVM chains, each linked by its own
//! signature (EIP-191 `personal_sign` of [`sto_primitives::evm::link_message`]). The EVM bridge
//! judges a recipient on an EVM chain by the identity its address is linked to.

use crate::*;
use alloc::vec::Vec;
use frame_support::{ensure, pallet_prelude::*, traits::fungible::MutateHold};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Zero;
use sto_primitives::evm::{self, EvmAddress, EvmSignature};

impl<T: Config> Pallet<T> {
	/// The text `address` signs to be linked to `identity` now (its current link nonce, this
	/// chain's genesis hash).
	pub fn evm_link_text(identity: IdentityId, address: &EvmAddress) -> Vec<u8> {
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		evm::link_message(address, identity, genesis.as_ref(), EvmLinkNonce::<T>::get(address))
	}

	/// Link `address` to the identity whose primary wallet `payer` is (which pays the deposit),
	/// on `signature`: the address's own signature of [`Self::evm_link_text`].
	pub(crate) fn do_link_evm_wallet(
		payer: &T::AccountId,
		address: EvmAddress,
		signature: &EvmSignature,
	) -> DispatchResult {
		ensure!(!address.is_zero(), Error::<T>::ZeroEvmAddress);
		let identity = Self::primary_identity(payer)?;
		ensure!(!IdentityOfEvm::<T>::contains_key(address), Error::<T>::EvmWalletLinked);
		let count = EvmWalletCount::<T>::get(identity);
		ensure!(count < T::MaxEvmWalletsPerIdentity::get(), Error::<T>::TooManyEvmWallets);
		let digest = evm::eip191_hash(&Self::evm_link_text(identity, &address));
		let signer = evm::recover(&digest, signature).map_err(|_| Error::<T>::BadEvmSignature)?;
		ensure!(signer == address, Error::<T>::BadEvmSignature);
		let deposit = T::WalletDeposit::get();
		T::Currency::hold(&HoldReason::Wallet.into(), payer, deposit)?;
		EvmLinkNonce::<T>::mutate(address, |nonce| *nonce = nonce.saturating_add(1));
		EvmWallets::<T>::insert(identity, address, WalletRecord { depositor: Some(payer.clone()), deposit });
		IdentityOfEvm::<T>::insert(address, identity);
		EvmWalletCount::<T>::insert(identity, count.saturating_add(1));
		Self::deposit_event(Event::EvmWalletLinked { identity, address });
		Ok(())
	}

	/// Unlink `address` and release its deposit. `caller`: the owning identity's primary
	/// wallet, or `None` for governance.
	pub(crate) fn do_unlink_evm_wallet(caller: Option<&T::AccountId>, address: EvmAddress) -> DispatchResult {
		let identity = IdentityOfEvm::<T>::get(address).ok_or(Error::<T>::EvmWalletNotLinked)?;
		if let Some(caller) = caller {
			ensure!(Self::primary_identity(caller)? == identity, Error::<T>::NotPrimary);
		}
		let link = EvmWallets::<T>::take(identity, address).ok_or(Error::<T>::EvmWalletNotLinked)?;
		if let Some(payer) = link.depositor {
			Self::release(HoldReason::Wallet, &payer, link.deposit)?;
		}
		IdentityOfEvm::<T>::remove(address);
		let count = EvmWalletCount::<T>::get(identity).saturating_sub(1);
		if count == 0 {
			EvmWalletCount::<T>::remove(identity);
		} else {
			EvmWalletCount::<T>::insert(identity, count);
		}
		Self::deposit_event(Event::EvmWalletUnlinked { identity, address });
		Ok(())
	}
}

impl<T: Config> sto_primitives::evm::EvmIdentity for Pallet<T> {
	fn identity_of_evm(address: &EvmAddress) -> Option<IdentityId> {
		IdentityOfEvm::<T>::get(address)
	}
}
