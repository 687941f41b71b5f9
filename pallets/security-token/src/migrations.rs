//! Storage migrations, one module per storage version. Each is a
//! [`VersionedMigration`](polkadot_sdk::frame_support::migrations::VersionedMigration): it runs
//! only when the on-chain version is the one it migrates from, then sets the next, so a runtime
//! may list every migration it ships and each runs once. The runtime lists them in
//! `runtime/src/migrations.rs`.
//!
//! - [`v1`] (spec 106): version 0, the layout of the chains that ran spec 105 (operator
//!   authorizations and allowances without deposits; restrictions that could exceed a
//!   holding's balance), to version 1.
//! - [`v2`] (spec 108): version 1 to version 2, checkpoint markers appended to the token record
//!   (`TokenDetails::checkpoints`) and to each position (`Position::checkpoint_epoch`).

use crate::*;
use core::marker::PhantomData;
use polkadot_sdk::frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

#[cfg(test)]
mod tests;

/// The records of storage version 0 (spec 105, commit bf88c28) that version 1 changed, to decode
/// what a chain at version 0 holds.
pub mod v0 {
	use super::*;
	use frame_support::{pallet_prelude::ValueQuery, storage_alias, Blake2_128Concat};

	/// `Operators` as version 0 stored it: (token, holder) -> (operator, scope) -> nothing.
	#[storage_alias]
	pub type Operators<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		(TokenId, <T as frame_system::Config>::AccountId),
		Blake2_128Concat,
		(<T as frame_system::Config>::AccountId, OperatorScope),
		(),
	>;

	/// `Allowances` as version 0 stored it: (token, partition, owner) -> spender -> amount.
	#[storage_alias]
	pub type Allowances<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		(TokenId, PartitionId, <T as frame_system::Config>::AccountId),
		Blake2_128Concat,
		<T as frame_system::Config>::AccountId,
		TokenBalance,
		ValueQuery,
	>;
}

/// Version 1 (spec 106): approval records carry their deposit; restrictions fit the balance.
pub mod v1 {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{traits::Get, weights::Weight};
	use sp_runtime::traits::Zero;

	/// Translates the version-0 records of the token pallet:
	///
	/// - every operator authorization gets deposit 0 and every allowance becomes
	///   `Allowance { amount, deposit: 0 }`: they were created before approvals held a deposit,
	///   so nothing is held for them (grandfathered). When one goes (revoked, set to zero, used
	///   up), its deposit is released as zero: nothing moves. An allowance of 0 (which version 0
	///   never stored, but read as "none") is removed;
	/// - every position is read; a holding whose partial freeze plus lock-ups exceed its balance
	///   (version 0 checked a freeze and the lock-ups each against the balance, not together,
	///   and let a forced move take restricted tokens and leave the restrictions) is fitted
	///   with [`Holding::fit_restrictions`], as a forced move does now: the lock-ups releasing
	///   soonest shrink first, then the partial freeze. Empty lock-ups are dropped, a holding
	///   left empty is removed, and a position left empty too. Each changed partial freeze
	///   emits `PartialFreezeSet`. Balances, totals, supplies and holder counts do not change.
	///
	/// Cost: a read and a write per operator and per allowance record, a read per position and a
	/// write (and at most `MaxHoldingsPerIdentity` events) per position fitted
	/// ([`Self::on_runtime_upgrade`] returns it with the runtime's `DbWeight`). Each map is
	/// iterated once, in one block: docs/CONSORTIUM.md ("Migrations of this release") gives the
	/// size up to which that fits a block.
	pub struct GrandfatherApprovalsAndFitRestrictions<T>(PhantomData<T>);

	/// What the migration did: the storage reads and writes, for its weight.
	#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
	pub struct Migrated {
		pub operators: u64,
		pub allowances: u64,
		pub allowances_removed: u64,
		pub positions: u64,
		pub positions_fitted: u64,
		pub freezes_changed: u64,
	}

	impl Migrated {
		/// Storage reads and writes (an event is a write).
		pub fn reads_writes(&self) -> (u64, u64) {
			let records = self.operators.saturating_add(self.allowances);
			(
				records.saturating_add(self.positions),
				records.saturating_add(self.positions_fitted).saturating_add(self.freezes_changed),
			)
		}
	}

	/// `position` with every holding's restrictions fitted to its balance, and the partial
	/// freezes that changed ((partition, wallet, frozen now)); `None` when nothing changed.
	#[allow(clippy::type_complexity)]
	pub(crate) fn fit_position<T: Config>(
		mut position: PositionOf<T>,
	) -> Option<(PositionOf<T>, Vec<(PartitionId, T::AccountId, TokenBalance)>)> {
		let mut changed = false;
		let mut freezes = Vec::new();
		for holding in position.holdings.iter_mut() {
			let locks = holding.locks.len();
			holding.locks.retain(|lock| lock.amount > 0);
			changed |= holding.locks.len() != locks;
			if holding.restricted() > holding.balance {
				changed = true;
				if holding.fit_restrictions() {
					freezes.push((holding.partition, holding.account.clone(), holding.frozen));
				}
			}
		}
		if !changed {
			return None;
		}
		position.holdings.retain(|holding| !holding.is_empty());
		Some((position, freezes))
	}

	/// Translate every version-0 record; what it did.
	pub(crate) fn migrate<T: Config>() -> Migrated {
		let mut done = Migrated::default();
		// A version-0 chain's tokens and positions are in the layout before version 2 (which
		// appended the checkpoint markers): bring them to today's layout first, so that this
		// migration reads them (version 2's migration then finds nothing left to translate).
		super::v2::upgrade_layout::<T>();
		Operators::<T>::translate::<(), _>(|_, _, ()| {
			done.operators += 1;
			Some(Zero::zero())
		});
		Allowances::<T>::translate::<TokenBalance, _>(|_, _, amount| {
			done.allowances += 1;
			if amount == 0 {
				done.allowances_removed += 1;
				return None;
			}
			Some(Allowance { amount, deposit: Zero::zero() })
		});
		// Read every position first, then write the fitted ones (no writes while iterating).
		let mut fitted = Vec::new();
		for (identity, token, position) in Positions::<T>::iter() {
			done.positions += 1;
			if let Some(fit) = fit_position::<T>(position) {
				fitted.push((identity, token, fit));
			}
		}
		for (identity, token, (position, freezes)) in fitted {
			done.positions_fitted += 1;
			Pallet::<T>::store_position(token, identity, position);
			for (partition, account, frozen) in freezes {
				done.freezes_changed += 1;
				Pallet::<T>::deposit_event(Event::PartialFreezeSet { token, partition, account, frozen });
			}
		}
		log::info!(
			target: "runtime::security-token",
			"v1: {} operators and {} allowances grandfathered (deposit 0; {} zero allowances removed), \
			 {} of {} positions fitted ({} partial freezes changed)",
			done.operators,
			done.allowances - done.allowances_removed,
			done.allowances_removed,
			done.positions_fitted,
			done.positions,
			done.freezes_changed,
		);
		done
	}

	impl<T: Config> UncheckedOnRuntimeUpgrade for GrandfatherApprovalsAndFitRestrictions<T> {
		fn on_runtime_upgrade() -> Weight {
			let (reads, writes) = migrate::<T>().reads_writes();
			<T as frame_system::Config>::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			checks::before::<T>()
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			checks::after::<T>(state)
		}
	}

	/// The `pre_upgrade`/`post_upgrade` checks, also run by the unit tests (which do not build
	/// the SDK with `try-runtime`).
	#[cfg(any(feature = "try-runtime", test))]
	pub(crate) mod checks {
		use super::*;
		use codec::{Decode, Encode};
		use frame_support::ensure;
		use polkadot_sdk::sp_core::H256;
		use sp_runtime::{
			traits::{BlakeTwo256, Hash},
			TryRuntimeError,
		};

		/// What must survive the migration.
		#[derive(Encode, Decode, Default, PartialEq, Eq, Debug)]
		pub(crate) struct Summary {
			/// Operator authorizations.
			pub operators: u64,
			/// Allowances above zero, the sum of their amounts, and a hash of (key, amount) in
			/// storage order.
			pub allowances: u64,
			pub allowance_sum: TokenBalance,
			pub allowance_hash: H256,
			/// Positions, and a hash of every holding with a balance (identity, token, wallet,
			/// partition, balance) and every position's total and frozen wallets, in storage
			/// order.
			pub positions: u64,
			pub balance_hash: H256,
		}

		fn balances_hash<T: Config>() -> H256 {
			let mut encoded = Vec::new();
			for (identity, token, position) in super::super::v2::any::Positions::<T>::iter() {
				let position = position.0;
				// A position of restrictions on nothing goes (once they are fitted, nothing is left).
				if position.total == 0 && position.frozen_accounts.is_empty() {
					continue;
				}
				(identity, token, position.total, &position.frozen_accounts).encode_to(&mut encoded);
				for holding in position.holdings.iter().filter(|holding| holding.balance > 0) {
					(&holding.account, holding.partition, holding.balance).encode_to(&mut encoded);
				}
			}
			BlakeTwo256::hash(&encoded)
		}

		/// Every version-0 record decodes; what must survive.
		pub(crate) fn before<T: Config>() -> Result<Vec<u8>, TryRuntimeError> {
			let mut summary = Summary::default();
			for (key1, key2) in v0::Operators::<T>::iter_keys() {
				v0::Operators::<T>::try_get(key1, key2).map_err(|_| "v1: an operator record does not decode")?;
				summary.operators += 1;
			}
			let mut encoded = Vec::new();
			for (key1, key2) in v0::Allowances::<T>::iter_keys() {
				let amount = v0::Allowances::<T>::try_get(&key1, &key2)
					.map_err(|_| "v1: an allowance does not decode in the version-0 layout")?;
				if amount > 0 {
					summary.allowances += 1;
					summary.allowance_sum = summary.allowance_sum.saturating_add(amount);
					(v0::Allowances::<T>::hashed_key_for(&key1, &key2), amount).encode_to(&mut encoded);
				}
			}
			summary.allowance_hash = BlakeTwo256::hash(&encoded);
			for (identity, token) in Positions::<T>::iter_keys() {
				super::super::v2::any::Positions::<T>::try_get(identity, token)
					.map_err(|_| "v1: a position does not decode")?;
				summary.positions += 1;
			}
			summary.balance_hash = balances_hash::<T>();
			Ok(summary.encode())
		}

		/// Every record decodes in the version-1 layout; every approval is grandfathered with
		/// deposit 0 and every allowance kept its amount; no balance, total or account freeze
		/// changed (positions left empty are gone); the pallet's invariants hold (restrictions
		/// within balances included).
		pub(crate) fn after<T: Config>(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let before = Summary::decode(&mut &state[..]).map_err(|_| "v1: pre-upgrade state")?;
			let mut operators = 0u64;
			for (key1, key2) in Operators::<T>::iter_keys() {
				let deposit = Operators::<T>::try_get(&key1, &key2).map_err(|_| "v1: an operator record does not decode")?;
				ensure!(deposit.is_zero(), "v1: an operator record holds a deposit");
				operators += 1;
			}
			ensure!(operators == before.operators, "v1: operator authorizations lost or added");
			let (mut allowances, mut sum, mut encoded) = (0u64, 0 as TokenBalance, Vec::new());
			for (key1, key2) in Allowances::<T>::iter_keys() {
				let allowance =
					Allowances::<T>::try_get(&key1, &key2).map_err(|_| "v1: an allowance does not decode")?;
				ensure!(allowance.deposit.is_zero(), "v1: an allowance holds a deposit");
				ensure!(allowance.amount > 0, "v1: an allowance of zero kept");
				allowances += 1;
				sum = sum.saturating_add(allowance.amount);
				(Allowances::<T>::hashed_key_for(&key1, &key2), allowance.amount).encode_to(&mut encoded);
			}
			ensure!(allowances == before.allowances, "v1: allowances lost or added");
			ensure!(sum == before.allowance_sum, "v1: the allowances' amounts changed");
			ensure!(BlakeTwo256::hash(&encoded) == before.allowance_hash, "v1: an allowance changed");
			let mut positions = 0u64;
			for (identity, token) in Positions::<T>::iter_keys() {
				Positions::<T>::try_get(identity, token).map_err(|_| "v1: a position does not decode")?;
				positions += 1;
			}
			ensure!(positions <= before.positions, "v1: positions added");
			ensure!(balances_hash::<T>() == before.balance_hash, "v1: a balance, total or account freeze changed");
			Pallet::<T>::do_try_state()
		}
	}

	/// Version 0 to 1.
	pub type InitializeStorageVersion<T> = VersionedMigration<
		0,
		1,
		GrandfatherApprovalsAndFitRestrictions<T>,
		Pallet<T>,
		<T as polkadot_sdk::frame_system::Config>::DbWeight,
	>;
}

/// Version 2 (spec 108): the checkpoint markers (docs/CORPORATE-ACTIONS.md). Every movement
/// reads the token record and the positions it changes; version 2 appends to each what the
/// movement needs to know whether it is the first change since a checkpoint, so that the steady
/// state costs no further storage access: the token's [`CheckpointMarks`] (latest epoch, next
/// scheduled record date) and each position's recorded epoch.
pub mod v2 {
	use super::*;
	use alloc::vec::Vec;
	use codec::{Decode, DecodeAll, Encode, EncodeLike, Input};
	use frame_support::{storage_alias, traits::Get, weights::Weight, Twox64Concat};

	/// A record as version 1 stored it: the version-2 record `X` without its last field
	/// (`Tail`), which version 2 appended. Decoding appends `Tail::default()` to the stored
	/// bytes (no checkpoint: epoch 0, nothing scheduled) and decodes `X` from all of them;
	/// encoding (what the tests write as version-1 data) drops the encoding of a default tail.
	pub struct WithoutTail<X, Tail>(pub X, PhantomData<Tail>);

	impl<X, Tail> WithoutTail<X, Tail> {
		pub fn new(record: X) -> Self {
			Self(record, PhantomData)
		}
	}

	impl<X: Decode, Tail: Encode + Default> Decode for WithoutTail<X, Tail> {
		fn decode<I: Input>(input: &mut I) -> Result<Self, codec::Error> {
			let len = input.remaining_len()?.ok_or("a version-1 record of unknown length")?;
			let mut bytes = alloc::vec![0u8; len];
			input.read(&mut bytes)?;
			Tail::default().encode_to(&mut bytes);
			X::decode_all(&mut &bytes[..]).map(Self::new)
		}
	}

	impl<X: Encode, Tail: Encode + Default> Encode for WithoutTail<X, Tail> {
		fn encode(&self) -> Vec<u8> {
			let mut bytes = self.0.encode();
			bytes.truncate(bytes.len().saturating_sub(Tail::default().encoded_size()));
			bytes
		}
	}

	impl<X: Encode, Tail: Encode + Default> EncodeLike for WithoutTail<X, Tail> {}

	/// A record in either layout: decoded as the version-2 record `X` when its bytes are one,
	/// else as a version-1 record ([`WithoutTail`]). Unambiguous: a version-1 record lacks the
	/// tail's bytes, so it never decodes whole as a version-2 one. Encodes as `X`.
	pub struct AnyLayout<X, Tail>(pub X, PhantomData<Tail>);

	impl<X: Decode, Tail: Encode + Default> Decode for AnyLayout<X, Tail> {
		fn decode<I: Input>(input: &mut I) -> Result<Self, codec::Error> {
			let len = input.remaining_len()?.ok_or("a record of unknown length")?;
			let mut bytes = alloc::vec![0u8; len];
			input.read(&mut bytes)?;
			if let Ok(record) = X::decode_all(&mut &bytes[..]) {
				return Ok(Self(record, PhantomData));
			}
			Tail::default().encode_to(&mut bytes);
			X::decode_all(&mut &bytes[..]).map(|record| Self(record, PhantomData))
		}
	}

	impl<X: Encode, Tail> Encode for AnyLayout<X, Tail> {
		fn encode(&self) -> Vec<u8> {
			self.0.encode()
		}
	}

	impl<X: Encode, Tail> EncodeLike for AnyLayout<X, Tail> {}

	/// Tokens and positions read in either layout.
	pub mod any {
		use super::*;

		#[storage_alias]
		pub type Tokens<T: Config> =
			StorageMap<Pallet<T>, Twox64Concat, TokenId, AnyLayout<TokenDetailsOf<T>, CheckpointMarks>>;

		#[storage_alias]
		pub type Positions<T: Config> = StorageDoubleMap<
			Pallet<T>,
			Twox64Concat,
			IdentityId,
			Twox64Concat,
			TokenId,
			AnyLayout<PositionOf<T>, CheckpointEpoch>,
		>;
	}

	/// The records of version 1 that version 2 changed.
	pub mod v1 {
		use super::*;

		/// `Tokens` in the version-1 layout (no `checkpoints`).
		#[storage_alias]
		pub type Tokens<T: Config> =
			StorageMap<Pallet<T>, Twox64Concat, TokenId, WithoutTail<TokenDetailsOf<T>, CheckpointMarks>>;

		/// `Positions` in the version-1 layout (no `checkpoint_epoch`).
		#[storage_alias]
		pub type Positions<T: Config> = StorageDoubleMap<
			Pallet<T>,
			Twox64Concat,
			IdentityId,
			Twox64Concat,
			TokenId,
			WithoutTail<PositionOf<T>, CheckpointEpoch>,
		>;
	}

	/// Appends the checkpoint markers: every token gets `checkpoints` = no checkpoint (epoch 0,
	/// nothing scheduled), every position `checkpoint_epoch` = 0. Nothing else changes (a
	/// version-2 record is the version-1 bytes followed by the new field).
	///
	/// Cost: a read and a write per token and per position ([`Self::on_runtime_upgrade`]
	/// returns it with the runtime's `DbWeight`), in one block: docs/CONSORTIUM.md ("What spec
	/// 108 changes") gives the size up to which that fits.
	pub struct AddCheckpointMarks<T>(PhantomData<T>);

	/// Bring every token and position still in the version-1 layout to version 2 (the others
	/// are read and left as they are); how many of each were translated.
	pub fn upgrade_layout<T: Config>() -> (u64, u64) {
		let (mut tokens, mut positions) = (0u64, 0u64);
		let old_tokens: Vec<_> = Tokens::<T>::iter_keys()
			.filter(|token| Tokens::<T>::try_get(token).is_err())
			.collect();
		for token in old_tokens {
			if let Some(record) = any::Tokens::<T>::get(token) {
				Tokens::<T>::insert(token, record.0);
				tokens += 1;
			}
		}
		let old_positions: Vec<_> = Positions::<T>::iter_keys()
			.filter(|(identity, token)| Positions::<T>::try_get(identity, token).is_err())
			.collect();
		for (identity, token) in old_positions {
			if let Some(record) = any::Positions::<T>::get(identity, token) {
				Positions::<T>::insert(identity, token, record.0);
				positions += 1;
			}
		}
		(tokens, positions)
	}

	/// Translate every version-1 token and position; how many of each.
	pub(crate) fn migrate<T: Config>() -> (u64, u64) {
		let (tokens, positions) = upgrade_layout::<T>();
		log::info!(
			target: "runtime::security-token",
			"v2: checkpoint markers added to {tokens} tokens and {positions} positions",
		);
		(tokens, positions)
	}

	impl<T: Config> UncheckedOnRuntimeUpgrade for AddCheckpointMarks<T> {
		fn on_runtime_upgrade() -> Weight {
			let (tokens, positions) = migrate::<T>();
			// Every record is read (twice: as version 2, then as version 1), each translated
			// one written.
			let read = Tokens::<T>::iter_keys().count().saturating_add(Positions::<T>::iter_keys().count()) as u64;
			let written = tokens.saturating_add(positions);
			<T as frame_system::Config>::DbWeight::get().reads_writes(read.saturating_mul(2).saturating_add(written), written)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			checks::before::<T>()
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			checks::after::<T>(state)
		}
	}

	/// The `pre_upgrade`/`post_upgrade` checks, also run by the unit tests.
	#[cfg(any(feature = "try-runtime", test))]
	pub(crate) mod checks {
		use super::*;
		use frame_support::ensure;
		use polkadot_sdk::sp_core::H256;
		use sp_runtime::{
			traits::{BlakeTwo256, Hash},
			TryRuntimeError,
		};

		/// How many tokens and positions, and a hash of every (key, record without the new field).
		#[derive(Encode, Decode, Default, PartialEq, Eq, Debug)]
		pub(crate) struct Summary {
			pub tokens: u64,
			pub positions: u64,
			pub hash: H256,
		}

		/// Every token and position decodes (in the version-1 layout, or already in version 2
		/// when a version-0 chain's migration to version 1 brought it there) with no checkpoint;
		/// what must survive.
		pub(crate) fn before<T: Config>() -> Result<Vec<u8>, TryRuntimeError> {
			let mut summary = Summary::default();
			let mut encoded = Vec::new();
			let marks_len = CheckpointMarks::default().encoded_size();
			for token in any::Tokens::<T>::iter_keys() {
				let key = any::Tokens::<T>::hashed_key_for(token);
				let record = any::Tokens::<T>::try_get(token).map_err(|_| "v2: a token does not decode")?.0;
				ensure!(record.checkpoints == CheckpointMarks::default(), "v2: a token has checkpoints already");
				let bytes = record.encode();
				(key, &bytes[..bytes.len().saturating_sub(marks_len)]).encode_to(&mut encoded);
				summary.tokens += 1;
			}
			let epoch_len = CheckpointEpoch::default().encoded_size();
			for (identity, token) in any::Positions::<T>::iter_keys() {
				let key = any::Positions::<T>::hashed_key_for(identity, token);
				let record =
					any::Positions::<T>::try_get(identity, token).map_err(|_| "v2: a position does not decode")?.0;
				ensure!(record.checkpoint_epoch == 0, "v2: a position is recorded for a checkpoint already");
				let bytes = record.encode();
				(key, &bytes[..bytes.len().saturating_sub(epoch_len)]).encode_to(&mut encoded);
				summary.positions += 1;
			}
			summary.hash = BlakeTwo256::hash(&encoded);
			Ok(summary.encode())
		}

		/// Every token and position decodes in the version-2 layout with no checkpoint, and is
		/// its version-1 bytes followed by the new field; none lost or added; the pallet's
		/// invariants hold.
		pub(crate) fn after<T: Config>(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let before = Summary::decode(&mut &state[..]).map_err(|_| "v2: pre-upgrade state")?;
			let mut summary = Summary::default();
			let mut encoded = Vec::new();
			let marks_len = CheckpointMarks::default().encoded_size();
			for token in Tokens::<T>::iter_keys() {
				let key = Tokens::<T>::hashed_key_for(token);
				let details = Tokens::<T>::try_get(token).map_err(|_| "v2: a token does not decode")?;
				ensure!(details.checkpoints == CheckpointMarks::default(), "v2: a token has checkpoints");
				let bytes = details.encode();
				(key, &bytes[..bytes.len().saturating_sub(marks_len)]).encode_to(&mut encoded);
				summary.tokens += 1;
			}
			let epoch_len = CheckpointEpoch::default().encoded_size();
			for (identity, token) in Positions::<T>::iter_keys() {
				let key = Positions::<T>::hashed_key_for(identity, token);
				let position =
					Positions::<T>::try_get(identity, token).map_err(|_| "v2: a position does not decode")?;
				ensure!(position.checkpoint_epoch == 0, "v2: a position is recorded for a checkpoint");
				let bytes = position.encode();
				(key, &bytes[..bytes.len().saturating_sub(epoch_len)]).encode_to(&mut encoded);
				summary.positions += 1;
			}
			summary.hash = BlakeTwo256::hash(&encoded);
			ensure!(summary.tokens == before.tokens, "v2: tokens lost or added");
			ensure!(summary.positions == before.positions, "v2: positions lost or added");
			ensure!(summary.hash == before.hash, "v2: a token or position changed");
			Pallet::<T>::do_try_state()
		}
	}

	/// Version 1 to 2.
	pub type MigrateToV2<T> = VersionedMigration<
		1,
		2,
		AddCheckpointMarks<T>,
		Pallet<T>,
		<T as polkadot_sdk::frame_system::Config>::DbWeight,
	>;
}
