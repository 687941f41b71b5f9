//! Wallets: linking, unlinking, changing the primary, and governed recovery (the tokens' side
//! through `Config::WalletGuard`).

use crate::*;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// Link `wallet` to the identity whose primary wallet `payer` is (which pays the deposit).
	pub(crate) fn do_link_wallet(
		payer: &T::AccountId,
		wallet: T::AccountId,
		consent: &T::OffchainSignature,
	) -> DispatchResult {
		let identity = Self::primary_identity(payer)?;
		let record = Self::ensure_may_link(identity, &wallet)?;
		Self::use_consent(ConsentAction::LinkWallet, identity, &wallet, consent)?;
		let deposit = T::WalletDeposit::get();
		T::Currency::hold(&HoldReason::Wallet.into(), payer, deposit)?;
		Self::write_wallet(identity, record, &wallet, WalletRecord { depositor: Some(payer.clone()), deposit });
		Self::deposit_event(Event::WalletLinked { identity, wallet });
		Ok(())
	}

	/// `wallet` belongs to no identity and `identity` exists with room for another wallet.
	pub(crate) fn ensure_may_link(identity: IdentityId, wallet: &T::AccountId) -> Result<IdentityRecordOf<T>, DispatchError> {
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
	pub(crate) fn write_wallet(
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

	/// The registry's error for a refusal of the wallet guard.
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

	/// Make `new` the primary wallet of the identity whose primary wallet `old` is.
	pub(crate) fn do_set_primary(old: T::AccountId, new: T::AccountId) -> DispatchResult {
		let identity = Self::primary_identity(&old)?;
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

	/// Release a deposit (nothing to do for none).
	pub(crate) fn release(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if !amount.is_zero() {
			T::Currency::release(&reason.into(), who, amount, Precision::BestEffort)?;
		}
		Ok(())
	}
}
