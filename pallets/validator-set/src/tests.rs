use crate::{mock::*, Error, Event, PendingRotations, Validators, ROTATIONS_TO_APPLY_CHANGE};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, traits::EstimateNextSessionRotation},
	pallet_session,
	sp_runtime::DispatchError,
};

fn session_validators() -> Vec<u64> {
	pallet_session::Validators::<Test>::get()
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

#[test]
fn genesis_set_is_the_active_session_set() {
	run_test(|| {
		assert_eq!(ValidatorSet::validators(), vec![1, 2, 3]);
		assert_eq!(session_validators(), vec![1, 2, 3]);
		assert_eq!(PendingRotations::<Test>::get(), 0);
	});
}

#[test]
fn add_validator_becomes_active_after_two_rotations() {
	run_test(|| {
		RegisterKeys::register(4);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_eq!(last_event(), RuntimeEvent::ValidatorSet(Event::ValidatorAdded { who: 4 }));
		assert_eq!(Validators::<Test>::get().into_inner(), vec![1, 2, 3, 4]);
		assert_eq!(PendingRotations::<Test>::get(), ROTATIONS_TO_APPLY_CHANGE);
		let index = pallet_session::CurrentIndex::<Test>::get();

		run_to_block(2);
		// Queued, not yet active.
		assert_eq!(session_validators(), vec![1, 2, 3]);
		assert_eq!(pallet_session::QueuedKeys::<Test>::get().len(), 4);

		run_to_block(3);
		assert_eq!(session_validators(), vec![1, 2, 3, 4]);
		assert_eq!(pallet_session::CurrentIndex::<Test>::get(), index + 2);
		assert_eq!(PendingRotations::<Test>::get(), 0);

		// No further forced rotation.
		run_to_block(4);
		assert_eq!(pallet_session::CurrentIndex::<Test>::get(), index + 2);
	});
}

#[test]
fn add_validator_requires_governance() {
	run_test(|| {
		RegisterKeys::register(4);
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::signed(1), 4),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn add_validator_requires_session_keys() {
	run_test(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 4),
			Error::<Test>::NoSessionKeys
		);
	});
}

#[test]
fn add_validator_refuses_a_duplicate() {
	run_test(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::AlreadyValidator
		);
	});
}

#[test]
fn add_validator_refuses_beyond_max() {
	run_test(|| {
		for who in 4..=8 {
			RegisterKeys::register(who);
			assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), who));
		}
		assert_eq!(Validators::<Test>::get().len(), MaxValidators::get() as usize);
		RegisterKeys::register(9);
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 9),
			Error::<Test>::TooManyValidators
		);
	});
}

#[test]
fn remove_validator_leaves_after_two_rotations() {
	run_test(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 2));
		assert_eq!(last_event(), RuntimeEvent::ValidatorSet(Event::ValidatorRemoved { who: 2 }));
		assert_eq!(Validators::<Test>::get().into_inner(), vec![1, 3]);
		run_to_block(3);
		assert_eq!(session_validators(), vec![1, 3]);
		assert_eq!(PendingRotations::<Test>::get(), 0);
	});
}

#[test]
fn remove_validator_requires_governance() {
	run_test(|| {
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::signed(1), 2),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn remove_validator_refuses_an_unknown_account() {
	run_test(|| {
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 7),
			Error::<Test>::NotValidator
		);
	});
}

#[test]
fn remove_validator_keeps_the_minimum() {
	run_test(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 3));
		assert_eq!(Validators::<Test>::get().len(), MinValidators::get() as usize);
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::TooFewValidators
		);
	});
}

#[test]
fn a_change_during_pending_rotations_is_applied_too() {
	run_test(|| {
		RegisterKeys::register(4);
		RegisterKeys::register(5);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		run_to_block(2);
		// The first change is queued; a second one arrives before it is active.
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 5));
		run_to_block(3);
		assert_eq!(session_validators(), vec![1, 2, 3, 4]);
		run_to_block(4);
		assert_eq!(session_validators(), vec![1, 2, 3, 4, 5]);
		assert_eq!(PendingRotations::<Test>::get(), 0);
	});
}

#[test]
fn sessions_rotate_periodically_without_changes() {
	run_test(|| {
		let index = pallet_session::CurrentIndex::<Test>::get();
		run_to_block(9);
		assert_eq!(pallet_session::CurrentIndex::<Test>::get(), index);
		run_to_block(10);
		assert_eq!(pallet_session::CurrentIndex::<Test>::get(), index + 1);
		assert_eq!(session_validators(), vec![1, 2, 3]);
	});
}

#[test]
fn next_rotation_estimate_follows_pending_changes() {
	run_test(|| {
		assert_eq!(ValidatorSet::estimate_next_session_rotation(3).0, Some(10));
		RegisterKeys::register(4);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_eq!(ValidatorSet::estimate_next_session_rotation(3).0, Some(4));
		assert_eq!(ValidatorSet::average_session_length(), SessionPeriod::get());
	});
}

#[test]
fn genesis_set_is_validated() {
	run_test(|| {
		assert!(ValidatorSet::checked_initial_set(&[1, 2, 2]).is_err());
		assert!(ValidatorSet::checked_initial_set(&[1]).is_err());
		assert!(ValidatorSet::checked_initial_set(&(1..=9).collect::<Vec<_>>()).is_err());
		assert!(ValidatorSet::checked_initial_set(&[1, 2]).is_ok());
	});
}

#[test]
fn try_state_detects_a_broken_set() {
	new_test_ext().execute_with(|| {
		Validators::<Test>::put(
			polkadot_sdk::frame_support::BoundedVec::try_from(vec![1u64, 1]).unwrap(),
		);
		assert!(ValidatorSet::do_try_state().is_err());
	});
}
