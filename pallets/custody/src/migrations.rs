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

	/// Nothing to translate: version 0 (spec 105, commit bf88c28) has the version-1 layout.
	/// Every storage item of spec 105 (`Custodians`, `Bindings`, `VenueAccounts`,
	/// `BindingCount`, `Mandates`, `BatchRefs`, `BatchRefRing`, `NextBatchSlot`) and every type
	/// in their values (`Custodian`, `VenueBinding`, `Mandate`, `LicensedRoles`,
	/// `CustodianStatus`) encode as they did; `SuspensionsKept` is new and starts empty (a
	/// binding's `mandates` counts its kept suspensions too, none on a spec-105 chain, so the
	/// counts hold). A suspension lost under spec 105 by a revoke and a new grant is not
	/// recorded anywhere and stays lost. New chains start at version 1 from genesis.
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

/// Version 2, built only with the `upgrade-test` feature: the runtime upgrade end-to-end test
/// (tests/tests/upgrade.rs) upgrades a running network to a runtime carrying this real
/// migration. A custodian record gains `settled_batches` (batches it settled since), 0 for the
/// custodians registered before.
#[cfg(feature = "upgrade-test")]
pub mod v2 {
	use super::*;
	use codec::{Decode, Encode};
	use polkadot_sdk::frame_support::{self as frame_support, traits::Get, weights::Weight};

	/// A custodian record of version 1.
	#[derive(Encode, Decode)]
	pub struct CustodianV1 {
		pub roles: LicensedRoles,
		pub status: CustodianStatus,
		pub bindings: u32,
	}

	pub struct AddSettledBatches<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for AddSettledBatches<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut records = 0u64;
			Custodians::<T>::translate::<CustodianV1, _>(|_, old| {
				records += 1;
				Some(Custodian { roles: old.roles, status: old.status, bindings: old.bindings, settled_batches: 0 })
			});
			<T as polkadot_sdk::frame_system::Config>::DbWeight::get().reads_writes(records, records)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, polkadot_sdk::sp_runtime::TryRuntimeError> {
			Ok((Custodians::<T>::iter_keys().count() as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			let before = u64::decode(&mut &state[..]).map_err(|_| "v2: pre-upgrade state")?;
			let records: alloc::vec::Vec<Custodian> = Custodians::<T>::iter_values().collect();
			frame_support::ensure!(records.len() as u64 == before, "v2: a custodian record was lost");
			frame_support::ensure!(records.iter().all(|record| record.settled_batches == 0), "v2: settled_batches not 0");
			Ok(())
		}
	}

	/// Version 1 to 2.
	pub type MigrateToV2<T> = VersionedMigration<
		1,
		2,
		AddSettledBatches<T>,
		Pallet<T>,
		<T as polkadot_sdk::frame_system::Config>::DbWeight,
	>;
}
