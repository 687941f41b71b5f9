//! The version-1 migration on version-0 (spec 105) data: approvals without deposits written in
//! the old encoding, positions whose restrictions exceed their balance (which version 0 left
//! after a forced move), checked by the migration's own pre/post-upgrade checks and the
//! pallet's invariants, and not touched again by a second run.

use super::{v0, v1, v2};
use crate::{mock::*, *};
use codec::Encode;
use polkadot_sdk::{
	frame_support::{
		assert_ok,
		storage::unhashed,
		traits::{fungible::InspectHold, GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
		BoundedVec,
	},
	sp_core::H256,
	sp_io,
};

fn held(account: u64) -> u64 {
	Balances::total_balance_on_hold(&account)
}

fn lock(amount: TokenBalance, release: u64) -> Lockup<u64> {
	Lockup { amount, release }
}

/// Give `account`'s holding in partition 0 these restrictions, whatever its balance, as
/// version 0 could leave them (a holding of no balance is created, as version 0 kept one).
fn restrict(token: TokenId, account: u64, frozen: TokenBalance, locks: Vec<Lockup<u64>>) {
	let identity = IdentityOf::get()[&account];
	let mut position = Positions::<Test>::get(identity, token).unwrap_or_default();
	let index = position.find(&account, 0).unwrap_or_else(|| {
		position
			.holdings
			.try_push(Holding { account, partition: 0, balance: 0, frozen: 0, locks: BoundedVec::new() })
			.unwrap();
		position.holdings.len() - 1
	});
	position.holdings[index].frozen = frozen;
	position.holdings[index].locks = BoundedVec::try_from(locks).unwrap();
	Positions::<Test>::insert(identity, token, position);
}

fn holding(token: TokenId, account: u64) -> Option<HoldingOf<Test>> {
	let identity = IdentityOf::get()[&account];
	Positions::<Test>::get(identity, token)?.holdings.into_iter().find(|holding| holding.account == account)
}

/// A spec-105 chain's token state: operator authorizations and allowances without deposits
/// (one allowance of zero), a holding whose freeze and lock-ups exceed what a forced transfer
/// left of it, a holding emptied by a forced transfer that kept a lock-up, a holding whose
/// freeze and lock-up each fit its balance but not together, a holding with an empty lock-up,
/// a holding whose restrictions fit; storage version 0.
fn version_0_state() -> TokenId {
	let token = active_token(&[(1, 100), (2, 100), (3, 100), (5, 50), (8, 100)]);
	let reason = H256::repeat_byte(0xc0);
	assert_ok!(Token::controller_transfer(RuntimeOrigin::signed(ISSUER), token, 0, 1, 4, 90, reason));
	restrict(token, 1, 30, vec![lock(50, 9_000_000), lock(20, 5_000_000)]);
	assert_ok!(Token::controller_transfer(RuntimeOrigin::signed(ISSUER), token, 0, 3, 4, 100, reason));
	restrict(token, 3, 0, vec![lock(40, 9_000_000)]);
	restrict(token, 2, 5, vec![lock(10, 9_000_000), lock(0, 8_000_000)]);
	restrict(token, 5, 10, vec![lock(40, 9_000_000)]);
	// Version 0 checked a freeze and the lock-ups each against the balance, not together.
	restrict(token, 8, 70, vec![lock(50, 9_000_000)]);

	v0::Operators::<Test>::insert((token, 1), (6, OperatorScope::AllPartitions), ());
	v0::Operators::<Test>::insert((token, 2), (6, OperatorScope::Partition(0)), ());
	v0::Allowances::<Test>::insert((token, 0, 2), 6, 30);
	v0::Allowances::<Test>::insert((token, 0, 5), 6, TokenBalance::MAX);
	v0::Allowances::<Test>::insert((token, 0, 5), 8, 0);
	StorageVersion::new(0).put::<Token>();
	token
}

#[test]
fn version_0_token_records_are_migrated() {
	run_test(|| {
		let token = version_0_state();
		let supply = Tokens::<Test>::get(token).unwrap();
		let holds: Vec<u64> = (1..=9).map(held).collect();
		let state = v1::checks::before::<Test>().expect("every version-0 record decodes");
		System::reset_events();

		v1::InitializeStorageVersion::<Test>::on_runtime_upgrade();

		assert_eq!(Token::on_chain_storage_version(), 1);
		// Approvals: grandfathered with deposit 0, nothing held; the zero allowance is gone.
		assert_eq!(Operators::<Test>::get((token, 1), (6, OperatorScope::AllPartitions)), Some(0));
		assert_eq!(Operators::<Test>::get((token, 2), (6, OperatorScope::Partition(0))), Some(0));
		assert_eq!(Allowances::<Test>::get((token, 0, 2), 6), Some(Allowance { amount: 30, deposit: 0 }));
		assert_eq!(Allowances::<Test>::get((token, 0, 5), 6), Some(Allowance { amount: TokenBalance::MAX, deposit: 0 }));
		assert_eq!(Allowances::<Test>::get((token, 0, 5), 8), None);
		assert_eq!(Allowances::<Test>::iter().count(), 2);
		assert_eq!((1..=9).map(held).collect::<Vec<_>>(), holds, "no deposit is held for old records");
		// 10 left of 100 under 30 frozen and 70 locked: the soonest lock-up goes (20), then the
		// other (50), then 20 of the freeze.
		let one = holding(token, 1).unwrap();
		assert_eq!((one.balance, one.frozen, one.locks.len()), (10, 10, 0));
		// A lock-up on nothing goes, with the holding and the position.
		assert_eq!(holding(token, 3), None);
		assert!(Positions::<Test>::get(3, token).is_none());
		// An empty lock-up goes; restrictions that fit stay.
		let two = holding(token, 2).unwrap();
		assert_eq!((two.balance, two.frozen, two.locks.into_inner()), (100, 5, vec![lock(10, 9_000_000)]));
		// 70 frozen and 50 locked of 100: the lock-up gives way to 30.
		let eight = holding(token, 8).unwrap();
		assert_eq!((eight.balance, eight.frozen, eight.locks.into_inner()), (100, 70, vec![lock(30, 9_000_000)]));
		let five = holding(token, 5).unwrap();
		assert_eq!((five.balance, five.frozen, five.locks.into_inner()), (50, 10, vec![lock(40, 9_000_000)]));
		// The changed freeze is announced; supply and holders as before.
		let events: Vec<_> = System::events().into_iter().map(|record| record.event).collect();
		assert_eq!(events, vec![RuntimeEvent::Token(Event::PartialFreezeSet { token, partition: 0, account: 1, frozen: 10 })]);
		assert_eq!(Tokens::<Test>::get(token).unwrap(), supply);
		v1::checks::after::<Test>(state).expect("post-upgrade checks pass");
		Token::do_try_state().expect("restrictions fit the balances");
	});
}

#[test]
fn grandfathered_approvals_are_released_as_zero() {
	run_test(|| {
		let token = version_0_state();
		v1::InitializeStorageVersion::<Test>::on_runtime_upgrade();
		let before = (held(2), held(5));
		assert_ok!(Token::revoke_operator(RuntimeOrigin::signed(2), token, 6, OperatorScope::Partition(0)));
		assert_ok!(Token::transfer_from(RuntimeOrigin::signed(6), token, 0, 2, 4, 30));
		assert_eq!(Allowances::<Test>::get((token, 0, 2), 6), None, "used up");
		assert_ok!(Token::approve(RuntimeOrigin::signed(5), token, 0, 6, 0));
		assert_eq!((held(2), held(5)), before);
		// A new approval holds its deposit as usual.
		assert_ok!(Token::approve(RuntimeOrigin::signed(2), token, 0, 6, 5));
		assert_eq!(held(2), before.0 + APPROVAL_DEPOSIT);
	});
}

#[test]
fn the_migration_reports_its_reads_and_writes() {
	run_test(|| {
		version_0_state();
		let done = v1::migrate::<Test>();
		assert_eq!(
			done,
			v1::Migrated {
				operators: 2,
				allowances: 3,
				allowances_removed: 1,
				// Identities 1, 2, 3 (restrictions only), 4 (the receiver), 5, 8.
				positions: 6,
				positions_fitted: 4,
				freezes_changed: 1,
			}
		);
		assert_eq!(done.reads_writes(), (11, 10));
	});
}

#[test]
fn a_second_run_changes_nothing() {
	run_test(|| {
		version_0_state();
		v1::InitializeStorageVersion::<Test>::on_runtime_upgrade();
		System::reset_events();
		let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
		v1::InitializeStorageVersion::<Test>::on_runtime_upgrade();
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root, "the second run wrote nothing");
		assert_eq!(Token::on_chain_storage_version(), 1);
	});
}

/// The bytes a spec-105 node wrote: an operator authorization's value is empty (`()`), an
/// allowance's is its amount (16 bytes, little endian).
#[test]
fn records_in_the_spec_105_encoding_are_migrated() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		let operator_key = Operators::<Test>::hashed_key_for((token, 1), (6, OperatorScope::AllPartitions));
		let allowance_key = Allowances::<Test>::hashed_key_for((token, 0, 1), 6);
		unhashed::put_raw(&operator_key, &[]);
		unhashed::put_raw(&allowance_key, &77u128.to_le_bytes());
		StorageVersion::new(0).put::<Token>();

		let state = v1::checks::before::<Test>().expect("the spec-105 bytes decode");
		v1::InitializeStorageVersion::<Test>::on_runtime_upgrade();
		assert_eq!(unhashed::get_raw(&operator_key), Some(0u64.encode()));
		assert_eq!(Allowances::<Test>::get((token, 0, 1), 6), Some(Allowance { amount: 77, deposit: 0 }));
		assert!(Token::is_operator(token, &1, &6, 0));
		v1::checks::after::<Test>(state).expect("post-upgrade checks pass");
	});
}

#[test]
fn the_post_upgrade_check_catches_a_changed_allowance() {
	run_test(|| {
		let token = version_0_state();
		let state = v1::checks::before::<Test>().unwrap();
		v1::InitializeStorageVersion::<Test>::on_runtime_upgrade();
		Allowances::<Test>::insert((token, 0, 2), 6, Allowance { amount: 31, deposit: 0 });
		assert!(v1::checks::after::<Test>(state).is_err());
	});
}

#[test]
fn the_post_upgrade_check_catches_a_changed_balance() {
	run_test(|| {
		let token = version_0_state();
		let state = v1::checks::before::<Test>().unwrap();
		v1::InitializeStorageVersion::<Test>::on_runtime_upgrade();
		// Move 1 between two wallets of different identities behind the pallet's back (totals
		// and supply stay consistent, so only the balance check can tell).
		Positions::<Test>::mutate(2, token, |position| {
			let position = position.as_mut().unwrap();
			position.holdings[0].balance -= 1;
			position.total -= 1;
		});
		Positions::<Test>::mutate(4, token, |position| {
			let position = position.as_mut().unwrap();
			position.holdings[0].balance += 1;
			position.total += 1;
		});
		assert!(v1::checks::after::<Test>(state).is_err());
	});
}

/// The hooks as try-runtime runs them (`pre_upgrade`, the migration, `post_upgrade`), through the
/// versioned migration: `cargo test -p pallet-security-token --features try-runtime`.
#[cfg(feature = "try-runtime")]
#[test]
fn the_try_runtime_hooks_pass() {
	run_test(|| {
		version_0_state();
		v1::InitializeStorageVersion::<Test>::try_on_runtime_upgrade(true).expect("pre- and post-upgrade checks pass");
		assert_eq!(Token::on_chain_storage_version(), 1);
		v1::InitializeStorageVersion::<Test>::try_on_runtime_upgrade(true).expect("nothing to check");
	});
}

/// A spec-107 chain's tokens and positions (version 1): records without the checkpoint markers,
/// written in the version-1 layout.
fn version_1_state() -> (TokenId, Vec<(IdentityId, PositionOf<Test>)>) {
	let token = active_token(&[(1, 100), (2, 50), (10, 7), (11, 3)]);
	let other = create(b"OTH");
	assert_ok!(Token::freeze_account(RuntimeOrigin::signed(ISSUER), token, 2));
	let positions: Vec<_> = Positions::<Test>::iter().map(|(identity, _, position)| (identity, position)).collect();
	for id in [token, other] {
		let details = Tokens::<Test>::get(id).unwrap();
		v2::v1::Tokens::<Test>::insert(id, v2::WithoutTail::new(details));
	}
	for (identity, position) in &positions {
		v2::v1::Positions::<Test>::insert(identity, token, v2::WithoutTail::new(position.clone()));
	}
	StorageVersion::new(1).put::<Token>();
	(token, positions)
}

#[test]
fn version_1_records_do_not_decode_in_version_2() {
	run_test(|| {
		let (token, _) = version_1_state();
		assert!(Tokens::<Test>::try_get(token).is_err());
		assert!(Positions::<Test>::try_get(1, token).is_err());
		v2::MigrateToV2::<Test>::on_runtime_upgrade();
	});
}

#[test]
fn version_1_tokens_and_positions_get_checkpoint_marks() {
	run_test(|| {
		let (token, positions) = version_1_state();
		let details = v2::v1::Tokens::<Test>::get(token).unwrap().0;
		let state = v2::checks::before::<Test>().expect("every version-1 record decodes");

		v2::MigrateToV2::<Test>::on_runtime_upgrade();

		assert_eq!(Token::on_chain_storage_version(), 2);
		assert_eq!(Tokens::<Test>::get(token), Some(details));
		assert_eq!(Tokens::<Test>::get(token).unwrap().checkpoints, CheckpointMarks::default());
		assert_eq!(Tokens::<Test>::iter().count(), 2);
		for (identity, position) in positions {
			let migrated = Positions::<Test>::get(identity, token).expect("position kept");
			assert_eq!(migrated, position);
			assert_eq!(migrated.checkpoint_epoch, 0);
		}
		assert_eq!(Positions::<Test>::iter().count(), 3);
		v2::checks::after::<Test>(state).expect("post-upgrade checks pass");
		// Movements work on the migrated records.
		assert_ok!(Token::transfer_by_partition(RuntimeOrigin::signed(1), token, 0, 3, 10, None));
	});
}

#[test]
fn a_second_run_of_v2_changes_nothing() {
	run_test(|| {
		version_1_state();
		v2::MigrateToV2::<Test>::on_runtime_upgrade();
		let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
		v2::MigrateToV2::<Test>::on_runtime_upgrade();
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root, "the second run wrote nothing");
		assert_eq!(Token::on_chain_storage_version(), 2);
	});
}

#[test]
fn the_v2_post_upgrade_check_catches_a_changed_position() {
	run_test(|| {
		let (token, _) = version_1_state();
		let state = v2::checks::before::<Test>().unwrap();
		v2::MigrateToV2::<Test>::on_runtime_upgrade();
		Positions::<Test>::mutate(1, token, |position| position.as_mut().unwrap().frozen_accounts.clear());
		Positions::<Test>::mutate(2, token, |position| position.as_mut().unwrap().frozen_accounts.clear());
		assert!(v2::checks::after::<Test>(state).is_err());
	});
}

#[test]
fn the_v2_post_upgrade_check_catches_a_lost_token() {
	run_test(|| {
		version_1_state();
		let state = v2::checks::before::<Test>().unwrap();
		v2::MigrateToV2::<Test>::on_runtime_upgrade();
		let other = Tokens::<Test>::iter_keys().max().unwrap();
		Symbols::<Test>::remove(Tokens::<Test>::get(other).unwrap().symbol);
		Tokens::<Test>::remove(other);
		assert!(v2::checks::after::<Test>(state).is_err());
	});
}

#[cfg(feature = "try-runtime")]
#[test]
fn the_v2_try_runtime_hooks_pass() {
	run_test(|| {
		version_1_state();
		v2::MigrateToV2::<Test>::try_on_runtime_upgrade(true).expect("pre- and post-upgrade checks pass");
		assert_eq!(Token::on_chain_storage_version(), 2);
	});
}

#[test]
fn the_v2_migration_counts_what_it_translates() {
	run_test(|| {
		version_1_state();
		// 2 tokens and 3 positions (identities 1, 2 and 10): a read and a write each.
		assert_eq!(v2::migrate::<Test>(), (2, 3));
		StorageVersion::new(2).put::<Token>();
	});
}

#[test]
fn records_already_in_the_version_2_layout_are_left_alone() {
	run_test(|| {
		active_token(&[(1, 100), (2, 50)]);
		let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
		assert_eq!(v2::upgrade_layout::<Test>(), (0, 0));
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root);
	});
}

/// A spec-105 chain's tokens and positions are in the layout before version 2 too: the
/// version-1 migration brings them to today's layout before it fits restrictions, and version
/// 2's then finds nothing to translate.
#[test]
fn a_version_0_chain_in_the_old_layout_migrates_through_both_versions() {
	run_test(|| {
		let token = version_0_state();
		let details = Tokens::<Test>::get(token).unwrap();
		for (identity, id, position) in Positions::<Test>::iter().collect::<Vec<_>>() {
			v2::v1::Positions::<Test>::insert(identity, id, v2::WithoutTail::new(position));
		}
		v2::v1::Tokens::<Test>::insert(token, v2::WithoutTail::new(details.clone()));
		assert!(Tokens::<Test>::try_get(token).is_err());
		let state = v1::checks::before::<Test>().expect("every version-0 record decodes");

		v1::InitializeStorageVersion::<Test>::on_runtime_upgrade();
		v1::checks::after::<Test>(state).expect("post-upgrade checks pass");
		let one = holding(token, 1).unwrap();
		assert_eq!((one.balance, one.frozen, one.locks.len()), (10, 10, 0));
		assert_eq!(Tokens::<Test>::get(token), Some(details));

		let state = v2::checks::before::<Test>().expect("records in either layout decode");
		v2::MigrateToV2::<Test>::on_runtime_upgrade();
		v2::checks::after::<Test>(state).expect("post-upgrade checks pass");
		assert_eq!(Token::on_chain_storage_version(), 2);
	});
}
