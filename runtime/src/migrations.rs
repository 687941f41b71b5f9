//! The storage migrations this runtime runs when it replaces an older runtime on a live chain
//! (`Executive` runs them once, in order, before the first block of the new runtime). Each is a
//! `VersionedMigration`: it runs only on the storage version it migrates from and then records
//! the next one, so a migration left in this list after its upgrade does nothing.
//!
//! How a member checks an upgrade against the live chain's state before proposing it:
//! docs/CONSORTIUM.md ("Upgrading the runtime").

use crate::Runtime;

/// Storage versions: every pallet of ours records version 1 (chains started before storage
/// versions were kept are at version 0 and have the version-1 layout).
pub type InitializeStorageVersions = (
	pallet_validator_set::migrations::v1::InitializeStorageVersion<Runtime>,
	pallet_identity_registry::migrations::v1::InitializeStorageVersion<Runtime>,
	pallet_security_token::migrations::v1::InitializeStorageVersion<Runtime>,
	pallet_compliance::migrations::v1::InitializeStorageVersion<Runtime>,
	pallet_custody::migrations::v1::InitializeStorageVersion<Runtime>,
);

/// The migrations of this release.
#[cfg(not(feature = "upgrade-test"))]
pub type Migrations = (InitializeStorageVersions,);

/// The upgrade test's runtime (`upgrade-test`, spec version one above this release): this
/// release's migrations and custody's version 2.
#[cfg(feature = "upgrade-test")]
pub type Migrations = (InitializeStorageVersions, pallet_custody::migrations::v2::MigrateToV2<Runtime>);
