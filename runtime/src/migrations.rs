//! The storage migrations this runtime runs when it replaces an older runtime on a live chain
//! (`Executive` runs them once, in order, before the first block of the new runtime). Each is a
//! `VersionedMigration`: it runs only on the storage version it migrates from and then records
//! the next one, so a migration left in this list after its upgrade does nothing.
//!
//! How a member checks an upgrade against the live chain's state before proposing it:
//! docs/CONSORTIUM.md ("Upgrading the runtime").

use crate::Runtime;

/// Version 1 of every pallet of ours. A chain that ran spec 105 is at version 0 (no storage
/// version was kept) and has the spec-105 layout: the identity registry splits each claim book
/// by scope, the security token grandfathers operator authorizations and allowances with
/// deposit 0 and fits restrictions above a holding's balance; the validator set, compliance
/// and custody only record version 1 (their layout did not change). A chain started at
/// spec 106 or later is at version 1 from genesis: each of these does nothing there.
/// docs/CONSORTIUM.md ("Migrations of this release") has what each does and what it costs.
pub type InitializeStorageVersions = (
	pallet_validator_set::migrations::v1::InitializeStorageVersion<Runtime>,
	pallet_identity_registry::migrations::v1::InitializeStorageVersion<Runtime>,
	pallet_security_token::migrations::v1::InitializeStorageVersion<Runtime>,
	pallet_compliance::migrations::v1::InitializeStorageVersion<Runtime>,
	pallet_custody::migrations::v1::InitializeStorageVersion<Runtime>,
);

/// Spec 108: the security token's version 2, the checkpoint markers in the token records and
/// positions (for the corporate-actions pallet, new in this release: its storage starts empty).
/// docs/CONSORTIUM.md ("What spec 108 changes").
pub type AddCheckpointMarks = pallet_security_token::migrations::v2::MigrateToV2<Runtime>;

/// The migrations of this release.
#[cfg(not(feature = "upgrade-test"))]
pub type Migrations = (InitializeStorageVersions, AddCheckpointMarks);

/// The upgrade test's runtime (`upgrade-test`, spec version one above this release): this
/// release's migrations and custody's version 2.
#[cfg(feature = "upgrade-test")]
pub type Migrations =
	(InitializeStorageVersions, AddCheckpointMarks, pallet_custody::migrations::v2::MigrateToV2<Runtime>);
