//! [`WalletGuard`] for the identity registry: a wallet leaving its identity.

use crate::*;
use polkadot_sdk::frame_support::weights::Weight;
use sto_primitives::token::{WalletGuard, WalletGuardError};

/// A wallet leaves its identity only when it holds nothing (its account freezes are dropped),
/// or, in a governed recovery, with its holdings moved to the new primary wallet through the
/// one movement path (see `features/wallets.rs`). Read from the identity's positions (one
/// prefix), so that no transfer writes a per-wallet counter.
impl<T: Config> WalletGuard<T::AccountId> for Pallet<T> {
	fn release_wallet(identity: IdentityId, account: &T::AccountId, max_positions: u32) -> Result<u32, WalletGuardError> {
		Self::do_release_wallet(identity, account, max_positions)
	}

	fn release_wallet_weight(positions: u32) -> Weight {
		T::WeightInfo::release_wallet(positions)
	}

	fn move_wallet(
		identity: IdentityId,
		from: &T::AccountId,
		to: &T::AccountId,
		max_positions: u32,
	) -> Result<u32, WalletGuardError> {
		Self::do_move_wallet(identity, from, to, max_positions)
	}

	fn move_wallet_weight(positions: u32) -> Weight {
		T::WeightInfo::move_wallet(positions)
	}
}
