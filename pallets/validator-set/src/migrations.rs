//! Storage migrations, one module per storage version. Each is a
//! [`VersionedMigration`](polkadot_sdk::frame_support::migrations::VersionedMigration): it runs
//! only when the on-chain version is the one it migrates from, then sets the next, so a runtime
//! may list every migration it ships and each runs once. The runtime lists them in
//! `runtime/src/migrations.rs`.

use crate::*;
use core::marker::PhantomData;
use polkadot_sdk::frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

/// Version 1: the first layout with a storage version.
pub mod v1 {
	use super::*;

	/// Nothing to translate: version 0 (spec 105, commit bf88c28) has the version-1 layout
	/// (`Validators` and `PendingRotations` encode as they did). New chains start at
	/// version 1 from genesis.
	pub struct InitialLayout<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InitialLayout<T> {}

	/// Records version 1 on a chain at version 0.
	pub type InitializeStorageVersion<T> = VersionedMigration<
		0,
		1,
		InitialLayout<T>,
		Pallet<T>,
		<T as polkadot_sdk::frame_system::Config>::DbWeight,
	>;
}
