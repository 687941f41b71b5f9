//! Unit tests: each call's success and failure paths, the movement path's records (first
//! change only), scheduled checkpoints taken by the first movement at or after their record
//! date, retirement and clearing in pages. Every test ends with every pallet's `do_try_state`.

use crate::{mock::*, *};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok},
	sp_core::H256,
};

/// Identities of the mock's accounts.
const A_ID: IdentityId = 4;
const B_ID: IdentityId = 5;
const C_ID: IdentityId = 6;

fn balance_at(token: TokenId, partition: PartitionId, account: u64, checkpoint: CheckpointId) -> Option<TokenBalance> {
	CorporateActions::balance_at(token, partition, identity(account), checkpoint)
}

fn records(token: TokenId) -> usize {
	Snapshots::<Test>::iter_prefix((token,)).count()
}

fn marks(token: TokenId) -> sto_primitives::checkpoint::CheckpointMarks {
	pallet_security_token::Tokens::<Test>::get(token).unwrap().checkpoints
}

/// A token with A 100 and A2 20 in partition 0, B 50 in partition 1.
fn held_token() -> TokenId {
	let token = token();
	issue(token, 0, A, 100);
	issue(token, 0, A2, 20);
	issue(token, 1, B, 50);
	token
}

#[test]
fn mock_identities_are_as_documented() {
	run_test(|| {
		assert_eq!((identity(A), identity(A2), identity(B), identity(C)), (A_ID, A_ID, B_ID, C_ID));
		assert_eq!(identity(AGENT), AGENT_ID);
	});
}

#[test]
fn create_checkpoint_freezes_balances_and_supplies() {
	run_test(|| {
		let token = held_token();
		System::reset_events();
		let checkpoint = create(token);
		assert_eq!(
			events(),
			vec![
				Event::CheckpointCreated { token, checkpoint, record_date: START, creator: ISSUER },
				Event::CheckpointTaken { token, checkpoint, epoch: 1 },
			]
		);
		assert_eq!(held(ISSUER), DEPOSIT);
		assert_eq!(marks(token), sto_primitives::checkpoint::CheckpointMarks { epoch: 1, next_due: None });
		// Nothing is copied when it is taken.
		assert_eq!(records(token), 0);

		transfer(token, 0, A, C, 30);
		issue(token, 0, D, 5);
		assert_ok!(Token::redeem(RuntimeOrigin::signed(B), token, 1, 10));

		// Identity A (wallets A and A2) held 120 of partition 0.
		assert_eq!(balance_at(token, 0, A, checkpoint), Some(120));
		assert_eq!(balance_at(token, 0, C, checkpoint), Some(0));
		assert_eq!(balance_at(token, 0, D, checkpoint), Some(0));
		assert_eq!(balance_at(token, 1, B, checkpoint), Some(50));
		assert_eq!(balance_at(token, 0, B, checkpoint), Some(0));
		assert_eq!(CorporateActions::supply_at(token, 0, checkpoint), Some(120));
		assert_eq!(CorporateActions::supply_at(token, 1, checkpoint), Some(50));
		// Live state moved on.
		assert_eq!(CorporateActions::balance_at(token, 0, A_ID, checkpoint), Some(120));
		assert_eq!(Token::balance_of(token, 0, &A), 70);
		// One record per identity that changed: A, C, D, B.
		assert_eq!(records(token), 4);
	});
}

#[test]
fn only_the_first_change_after_a_checkpoint_writes() {
	run_test(|| {
		let token = held_token();
		let checkpoint = create(token);
		transfer(token, 0, A, C, 30);
		assert_eq!(records(token), 2);
		let key = (token, 1, A_ID);
		let first = Snapshots::<Test>::get(key).unwrap();
		// A's and C's positions are recorded for epoch 1 now: further moves write nothing.
		assert_eq!(<Token as CheckpointTokens<u64>>::recorded_epoch(token, A_ID), 1);
		transfer(token, 0, A2, C, 5);
		transfer(token, 0, C, A, 1);
		assert_eq!(records(token), 2);
		assert_eq!(Snapshots::<Test>::get(key).unwrap(), first);
		assert_eq!(first.into_inner(), vec![(0, 120)]);
		assert_eq!(balance_at(token, 0, A, checkpoint), Some(120));
		assert_eq!(balance_at(token, 0, C, checkpoint), Some(0));
		// A second checkpoint: the next change records again, under epoch 2.
		let second = create(token);
		transfer(token, 0, A, C, 10);
		assert_eq!(records(token), 4);
		assert_eq!(balance_at(token, 0, A, second), Some(120 - 30 - 5 + 1));
		assert_eq!(balance_at(token, 0, A, checkpoint), Some(120));
	});
}

#[test]
fn an_identity_unchanged_since_the_checkpoint_answers_with_its_live_balance() {
	run_test(|| {
		let token = held_token();
		let checkpoint = create(token);
		transfer(token, 0, A, C, 30);
		assert!(!Snapshots::<Test>::contains_key((token, 1, B_ID)));
		assert_eq!(balance_at(token, 1, B, checkpoint), Some(50));
		// An identity that never held anything.
		assert_eq!(balance_at(token, 0, F, checkpoint), Some(0));
		assert_eq!(balance_at(token, 2, A, checkpoint), Some(0), "no such partition: nothing held");
	});
}

#[test]
fn an_emptied_and_reopened_position_keeps_its_first_record() {
	run_test(|| {
		let token = held_token();
		let checkpoint = create(token);
		assert_ok!(Token::transfer_by_partition(RuntimeOrigin::signed(B), token, 1, C, 50, None));
		assert!(pallet_security_token::Positions::<Test>::get(B_ID, token).is_none(), "B's position went");
		assert_ok!(Token::transfer_by_partition(RuntimeOrigin::signed(C), token, 1, B, 7, None));
		assert_eq!(balance_at(token, 1, B, checkpoint), Some(50));
		assert_eq!(Token::balance_of(token, 1, &B), 7);
	});
}

#[test]
fn reclassification_and_forced_moves_are_recorded() {
	run_test(|| {
		let token = held_token();
		let checkpoint = create(token);
		assert_ok!(Token::reclassify(RuntimeOrigin::signed(ISSUER), token, 0, 1, A, 40));
		assert_ok!(Token::controller_transfer(RuntimeOrigin::signed(AGENT), token, 1, B, D, 20, H256::zero()));
		assert_ok!(Token::controller_redeem(RuntimeOrigin::signed(ISSUER), token, 0, A2, 20, H256::zero()));
		assert_eq!(balance_at(token, 0, A, checkpoint), Some(120));
		assert_eq!(balance_at(token, 1, A, checkpoint), Some(0));
		assert_eq!(balance_at(token, 1, B, checkpoint), Some(50));
		assert_eq!(balance_at(token, 1, D, checkpoint), Some(0));
		assert_eq!(CorporateActions::supply_at(token, 0, checkpoint), Some(120));
		assert_eq!(CorporateActions::supply_at(token, 1, checkpoint), Some(50));
	});
}

#[test]
fn a_transfer_agent_may_create_others_may_not() {
	run_test(|| {
		let token = held_token();
		assert_ok!(CorporateActions::create_checkpoint(RuntimeOrigin::signed(AGENT), token));
		assert_eq!(held(AGENT), DEPOSIT);
		for who in [A, OUTSIDER, KYC_WALLET] {
			assert_noop!(
				CorporateActions::create_checkpoint(RuntimeOrigin::signed(who), token),
				Error::<Test>::NotAuthorized
			);
			assert_noop!(
				CorporateActions::schedule_checkpoint(RuntimeOrigin::signed(who), token, START + HOUR),
				Error::<Test>::NotAuthorized
			);
			assert_noop!(
				CorporateActions::retire_checkpoint(RuntimeOrigin::signed(who), token, 0),
				Error::<Test>::NotAuthorized
			);
		}
		assert_noop!(
			CorporateActions::create_checkpoint(RuntimeOrigin::signed(ISSUER), token + 1),
			Error::<Test>::UnknownToken
		);
		assert_noop!(
			CorporateActions::create_checkpoint(RuntimeOrigin::none(), token),
			polkadot_sdk::sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_creator_without_funds_for_the_deposit_is_refused() {
	run_test(|| {
		let token = held_token();
		let free = Balances::free_balance(AGENT);
		assert_ok!(<Balances as polkadot_sdk::frame_support::traits::fungible::Mutate<u64>>::burn_from(
			&AGENT,
			free - 1,
			polkadot_sdk::frame_support::traits::tokens::Preservation::Expendable,
			polkadot_sdk::frame_support::traits::tokens::Precision::Exact,
			polkadot_sdk::frame_support::traits::tokens::Fortitude::Force,
		));
		assert!(CorporateActions::create_checkpoint(RuntimeOrigin::signed(AGENT), token).is_err());
		assert!(Checkpoints::<Test>::get(token).is_empty());
	});
}

#[test]
fn a_scheduled_checkpoint_is_taken_by_the_first_movement_at_its_record_date() {
	run_test(|| {
		let token = held_token();
		let record_date = START + HOUR;
		System::reset_events();
		let checkpoint = schedule(token, record_date);
		assert_eq!(
			events(),
			vec![Event::CheckpointCreated { token, checkpoint, record_date, creator: ISSUER }]
		);
		assert_eq!(marks(token).next_due, Some(record_date));
		assert_eq!(balance_at(token, 0, A, checkpoint), None, "not reached");
		assert_eq!(CorporateActions::supply_at(token, 0, checkpoint), None);

		// Before the record date: counted.
		transfer(token, 0, A, C, 30);
		assert_eq!(records(token), 0);
		Now::set(record_date);
		// At the record date, nothing moved yet: the live state is the checkpoint's.
		assert_eq!(balance_at(token, 0, A, checkpoint), Some(90));
		assert_eq!(CorporateActions::supply_at(token, 0, checkpoint), Some(120));

		System::reset_events();
		transfer(token, 0, C, D, 10);
		// Taken just before the movement's own event.
		let all: Vec<_> = System::events().into_iter().map(|record| record.event).collect();
		assert!(matches!(
			all.as_slice(),
			[RuntimeEvent::CorporateActions(Event::CheckpointTaken { epoch: 1, .. }), RuntimeEvent::Token(pallet_security_token::Event::Moved { .. }), ..]
		));
		assert_eq!(marks(token), sto_primitives::checkpoint::CheckpointMarks { epoch: 1, next_due: None });
		assert_eq!(balance_at(token, 0, A, checkpoint), Some(90));
		assert_eq!(balance_at(token, 0, C, checkpoint), Some(30));
		assert_eq!(balance_at(token, 0, D, checkpoint), Some(0));
		issue(token, 0, D, 1_000);
		assert_eq!(CorporateActions::supply_at(token, 0, checkpoint), Some(120));
		assert_eq!(Checkpoints::<Test>::get(token)[0].supplies.clone().into_inner(), vec![120, 50]);
	});
}

#[test]
fn scheduled_checkpoints_due_together_share_an_epoch() {
	run_test(|| {
		let token = held_token();
		let first = schedule(token, START + 2 * HOUR);
		let second = schedule(token, START + HOUR);
		assert_eq!(marks(token).next_due, Some(START + HOUR));
		Now::set(START + 3 * HOUR);
		transfer(token, 0, A, C, 30);
		let list = Checkpoints::<Test>::get(token);
		assert_eq!(list.iter().map(|checkpoint| checkpoint.epoch).collect::<Vec<_>>(), vec![Some(1), Some(1)]);
		for checkpoint in [first, second] {
			assert_eq!(balance_at(token, 0, A, checkpoint), Some(120));
			assert_eq!(balance_at(token, 0, C, checkpoint), Some(0));
		}
	});
}

#[test]
fn a_movement_between_two_scheduled_dates_takes_only_the_first() {
	run_test(|| {
		let token = held_token();
		let early = schedule(token, START + HOUR);
		let late = schedule(token, START + 2 * HOUR);
		Now::set(START + HOUR);
		transfer(token, 0, A, C, 30);
		assert_eq!(marks(token), sto_primitives::checkpoint::CheckpointMarks { epoch: 1, next_due: Some(START + 2 * HOUR) });
		Now::set(START + 2 * HOUR);
		transfer(token, 0, A, C, 30);
		assert_eq!(balance_at(token, 0, A, early), Some(120));
		assert_eq!(balance_at(token, 0, A, late), Some(90));
		assert_eq!(balance_at(token, 0, C, late), Some(30));
		assert_eq!(balance_at(token, 0, A, late), Some(90));
	});
}

#[test]
fn creating_a_checkpoint_takes_the_due_scheduled_ones_first() {
	run_test(|| {
		let token = held_token();
		let scheduled = schedule(token, START + HOUR);
		Now::set(START + 2 * HOUR);
		System::reset_events();
		let now = create(token);
		assert_eq!(
			events(),
			vec![
				Event::CheckpointTaken { token, checkpoint: scheduled, epoch: 1 },
				Event::CheckpointCreated { token, checkpoint: now, record_date: START + 2 * HOUR, creator: ISSUER },
				Event::CheckpointTaken { token, checkpoint: now, epoch: 2 },
			]
		);
		transfer(token, 0, A, C, 30);
		for checkpoint in [scheduled, now] {
			assert_eq!(balance_at(token, 0, A, checkpoint), Some(120));
			assert_eq!(CorporateActions::supply_at(token, 0, checkpoint), Some(120));
		}
	});
}

#[test]
fn a_record_date_must_be_in_the_future() {
	run_test(|| {
		let token = held_token();
		for record_date in [START, START - 1] {
			assert_noop!(
				CorporateActions::schedule_checkpoint(RuntimeOrigin::signed(ISSUER), token, record_date),
				Error::<Test>::RecordDateNotInFuture
			);
		}
	});
}

#[test]
fn the_schedule_and_the_list_are_bounded() {
	run_test(|| {
		let token = held_token();
		for hour in 1..=3 {
			schedule(token, START + hour * HOUR);
		}
		assert_noop!(
			CorporateActions::schedule_checkpoint(RuntimeOrigin::signed(ISSUER), token, START + 9 * HOUR),
			Error::<Test>::TooManyScheduled
		);
		for _ in 0..3 {
			create(token);
		}
		assert_noop!(
			CorporateActions::create_checkpoint(RuntimeOrigin::signed(ISSUER), token),
			Error::<Test>::TooManyCheckpoints
		);
		assert_eq!(held(ISSUER), 6 * DEPOSIT);
	});
}

#[test]
fn the_full_list_refuses_a_schedule_too() {
	run_test(|| {
		let token = held_token();
		for _ in 0..6 {
			create(token);
		}
		assert_noop!(
			CorporateActions::schedule_checkpoint(RuntimeOrigin::signed(ISSUER), token, START + HOUR),
			Error::<Test>::TooManyCheckpoints
		);
	});
}

#[test]
fn retiring_a_scheduled_checkpoint_removes_it() {
	run_test(|| {
		let token = held_token();
		let early = schedule(token, START + HOUR);
		let late = schedule(token, START + 2 * HOUR);
		System::reset_events();
		assert_ok!(CorporateActions::retire_checkpoint(RuntimeOrigin::signed(AGENT), token, early));
		assert_eq!(
			events(),
			vec![
				Event::CheckpointRetired { token, checkpoint: early },
				Event::CheckpointRemoved { token, checkpoint: early },
			]
		);
		assert_eq!(held(ISSUER), DEPOSIT, "the creator's deposit is released");
		assert_eq!(marks(token).next_due, Some(START + 2 * HOUR));
		assert_eq!(balance_at(token, 0, A, early), None);
		assert_ok!(CorporateActions::retire_checkpoint(RuntimeOrigin::signed(ISSUER), token, late));
		assert_eq!(marks(token).next_due, None);
		assert!(Checkpoints::<Test>::get(token).is_empty());
		// Time passes, movements take nothing.
		Now::set(START + 3 * HOUR);
		transfer(token, 0, A, C, 30);
		assert_eq!(marks(token).epoch, 0);
	});
}

#[test]
fn a_retired_checkpoint_answers_no_more() {
	run_test(|| {
		let token = held_token();
		let checkpoint = create(token);
		transfer(token, 0, A, C, 30);
		assert_ok!(CorporateActions::retire_checkpoint(RuntimeOrigin::signed(ISSUER), token, checkpoint));
		assert_eq!(balance_at(token, 0, A, checkpoint), None);
		assert_eq!(CorporateActions::supply_at(token, 0, checkpoint), None);
		assert_eq!(held(ISSUER), DEPOSIT, "held until its records are cleared");
		assert_noop!(
			CorporateActions::retire_checkpoint(RuntimeOrigin::signed(ISSUER), token, checkpoint),
			Error::<Test>::AlreadyRetired
		);
		assert_noop!(
			CorporateActions::retire_checkpoint(RuntimeOrigin::signed(ISSUER), token, 9),
			Error::<Test>::UnknownCheckpoint
		);
	});
}

#[test]
fn a_referenced_checkpoint_cannot_be_retired() {
	run_test(|| {
		let token = held_token();
		let checkpoint = create(token);
		assert_ok!(CorporateActions::add_reference(token, checkpoint));
		assert_ok!(CorporateActions::add_reference(token, checkpoint));
		assert_noop!(
			CorporateActions::retire_checkpoint(RuntimeOrigin::signed(ISSUER), token, checkpoint),
			Error::<Test>::Referenced
		);
		assert_ok!(CorporateActions::remove_reference(token, checkpoint));
		assert_ok!(CorporateActions::remove_reference(token, checkpoint));
		assert_noop!(CorporateActions::remove_reference(token, checkpoint), Error::<Test>::Overflow);
		assert_noop!(CorporateActions::add_reference(token, 7), Error::<Test>::UnknownCheckpoint);
		assert_ok!(CorporateActions::retire_checkpoint(RuntimeOrigin::signed(ISSUER), token, checkpoint));
		assert_noop!(CorporateActions::add_reference(token, checkpoint), Error::<Test>::AlreadyRetired);
	});
}

#[test]
fn clearing_removes_the_oldest_retired_records_in_pages() {
	run_test(|| {
		let token = held_token();
		let first = create(token);
		transfer(token, 0, A, C, 30);
		transfer(token, 1, B, D, 5);
		let second = create(token);
		transfer(token, 0, C, D, 1);
		// Epoch 1: A, C, B, D; epoch 2: C, D.
		assert_eq!(Snapshots::<Test>::iter_prefix((token, 1)).count(), 4);
		assert_eq!(Snapshots::<Test>::iter_prefix((token, 2)).count(), 2);
		assert_noop!(CorporateActions::clear_retired(RuntimeOrigin::signed(OUTSIDER), token, 10), Error::<Test>::NothingToClear);
		assert_ok!(CorporateActions::retire_checkpoint(RuntimeOrigin::signed(ISSUER), token, first));
		assert_noop!(CorporateActions::clear_retired(RuntimeOrigin::signed(OUTSIDER), token, 51), Error::<Test>::LimitTooHigh);

		System::reset_events();
		assert_ok!(CorporateActions::clear_retired(RuntimeOrigin::signed(OUTSIDER), token, 3));
		assert_eq!(Snapshots::<Test>::iter_prefix((token, 1)).count(), 1);
		assert!(events().is_empty());
		assert_eq!(held(ISSUER), 2 * DEPOSIT);
		assert_ok!(CorporateActions::clear_retired(RuntimeOrigin::signed(OUTSIDER), token, 3));
		assert_eq!(events(), vec![Event::CheckpointRemoved { token, checkpoint: first }]);
		assert_eq!(Snapshots::<Test>::iter_prefix((token, 1)).count(), 0);
		assert_eq!(held(ISSUER), DEPOSIT);
		// The second still answers from its own records.
		assert_eq!(balance_at(token, 0, C, second), Some(30));
		assert_eq!(balance_at(token, 0, A, second), Some(90));
		assert_noop!(CorporateActions::clear_retired(RuntimeOrigin::signed(OUTSIDER), token, 3), Error::<Test>::NothingToClear);
	});
}

#[test]
fn a_newer_retired_checkpoint_keeps_its_records_for_the_older_ones() {
	run_test(|| {
		let token = held_token();
		let older = create(token);
		let newer = create(token);
		// A's first change is after both: recorded under epoch 2, which answers for epoch 1 too.
		transfer(token, 0, A, C, 30);
		assert_eq!(Snapshots::<Test>::iter_prefix((token, 1)).count(), 0);
		assert_ok!(CorporateActions::retire_checkpoint(RuntimeOrigin::signed(ISSUER), token, newer));
		assert_noop!(CorporateActions::clear_retired(RuntimeOrigin::signed(OUTSIDER), token, 10), Error::<Test>::NothingToClear);
		assert_eq!(balance_at(token, 0, A, older), Some(120));
		assert_eq!(balance_at(token, 0, C, older), Some(0));
		// Later changes still go to the newest epoch a checkpoint has.
		transfer(token, 1, B, D, 5);
		assert_eq!(balance_at(token, 1, B, older), Some(50));
		// Once the older is retired too, both go, oldest first, in one call.
		assert_ok!(CorporateActions::retire_checkpoint(RuntimeOrigin::signed(ISSUER), token, older));
		assert_ok!(CorporateActions::clear_retired(RuntimeOrigin::signed(OUTSIDER), token, 10));
		assert!(Checkpoints::<Test>::get(token).is_empty());
		assert_eq!(records(token), 0);
		assert_eq!(held(ISSUER), 0);
		// With no checkpoint left, movements record nothing.
		transfer(token, 0, C, A, 1);
		assert_eq!(records(token), 0);
	});
}

#[test]
fn clearing_a_retired_checkpoint_sharing_its_epoch_keeps_the_records() {
	run_test(|| {
		let token = held_token();
		let one = schedule(token, START + HOUR);
		let two = schedule(token, START + HOUR + 1);
		Now::set(START + 2 * HOUR);
		transfer(token, 0, A, C, 30);
		assert_ok!(CorporateActions::retire_checkpoint(RuntimeOrigin::signed(ISSUER), token, one));
		assert_ok!(CorporateActions::clear_retired(RuntimeOrigin::signed(OUTSIDER), token, 10));
		assert_eq!(Checkpoints::<Test>::get(token).len(), 1);
		assert_eq!(records(token), 2);
		assert_eq!(balance_at(token, 0, A, two), Some(120));
	});
}

#[test]
fn checkpoint_views_list_the_token_s_checkpoints() {
	run_test(|| {
		let token = held_token();
		let taken = create(token);
		let scheduled = schedule(token, START + HOUR);
		let views = CorporateActions::checkpoint_views(token);
		assert_eq!(
			views,
			vec![
				CheckpointView { id: taken, record_date: START, taken: true, supplies: vec![120, 50], references: 0, retired: false },
				CheckpointView { id: scheduled, record_date: START + HOUR, taken: false, supplies: vec![], references: 0, retired: false },
			]
		);
	});
}

#[test]
fn a_dry_run_records_nothing() {
	run_test(|| {
		let token = held_token();
		create(token);
		schedule(token, START + HOUR);
		Now::set(START + HOUR);
		let (status, _) = Token::can_transfer(token, 0, A, C, 30);
		assert_eq!(status, sto_primitives::token::TransferStatus::Success);
		assert_eq!(records(token), 0);
		assert_eq!(marks(token).epoch, 1);
		assert!(Checkpoints::<Test>::get(token)[1].epoch.is_none());
	});
}

/// A movement declares the most its checkpoint work can cost (the token's due checkpoints,
/// a first record of each side) and is charged for what it did: the first transfer after a
/// checkpoint pays for two records, the next one nothing more than before checkpoints existed.
#[test]
fn a_movement_pays_for_its_checkpoint_work_and_declares_the_most() {
	use polkadot_sdk::frame_support::{dispatch::GetDispatchInfo, traits::Get};
	run_test(|| {
		let token = token();
		issue(token, 0, A, 100);
		issue(token, 0, B, 100);
		let transfer = || {
			Token::transfer_by_partition(RuntimeOrigin::signed(A), token, 0, B, 1, None)
				.expect("a valid transfer")
				.actual_weight
				.expect("a movement reports its weight")
		};
		let steady = transfer();
		create(token);
		let first = transfer();
		let record = <() as crate::WeightInfo>::record();
		assert_eq!(first, steady + record + record);
		assert_eq!(transfer(), steady);
		let call = pallet_security_token::Call::<Test>::transfer_by_partition { token, partition: 0, to: B, amount: 1, data: None };
		let declared = call.get_dispatch_info().call_weight;
		let take_due = <() as crate::WeightInfo>::take_due(<Test as Config>::MaxScheduled::get());
		assert!(declared.all_gte(first + take_due), "the declared weight covers the worst case");
	});
}
