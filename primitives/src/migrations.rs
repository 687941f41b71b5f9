//! What the pallets' storage migrations share.

use polkadot_sdk::frame_support::traits::UncheckedOnRuntimeUpgrade;

/// The inner step of a [`VersionedMigration`](polkadot_sdk::frame_support::migrations::VersionedMigration)
/// whose new storage version has the old version's layout: nothing to translate, so it does
/// nothing; the `VersionedMigration` around it records the new version (and only when the chain
/// is at the old one). Each pallet's migration module says why its layout did not change.
pub struct LayoutUnchanged;

impl UncheckedOnRuntimeUpgrade for LayoutUnchanged {}
