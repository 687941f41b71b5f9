//! Signer sets, routes and the pause: each success and each refusal (which changes nothing).

use crate::{mock::*, *};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, BoundedVec},
	sp_runtime::DispatchError,
};

fn key(n: u64) -> EvmAddress {
	EvmAddress::from_low_u64_be(n)
}

/// Signers with accounts `accounts` and keys 1, 2, ... (ascending).
fn signers(accounts: &[u64]) -> SignersOf<Test> {
	let list: Vec<_> =
		accounts.iter().enumerate().map(|(n, account)| Signer { account: *account, key: key(n as u64 + 1) }).collect();
	BoundedVec::try_from(list).expect("within MaxSigners")
}

fn route(gateway: u64, wrapped: u64) -> Route {
	Route { gateway: key(gateway), wrapped: key(wrapped), enabled: true, limits: crate::mock::route().limits }
}

fn advance_to(block: u64) {
	System::set_block_number(block);
}

#[test]
fn the_threshold_is_two_thirds_rounded_up_and_never_below_two() {
	let table: Vec<(u32, u32)> = (1..=10).map(|n| (n, threshold_for(n))).collect();
	assert_eq!(table, vec![(1, 2), (2, 2), (3, 2), (4, 3), (5, 4), (6, 4), (7, 5), (8, 6), (9, 6), (10, 7)]);
	// Two thirds of the set always suffice to reach it, and fewer than a third never can.
	for n in 2..=100u32 {
		let t = threshold_for(n);
		assert!(t <= n && 3 * t >= 2 * n && t >= 2, "n = {n}, t = {t}");
	}
}

#[test]
fn governance_sets_the_first_signer_set() {
	run_test(|| {
		assert_ok!(Bridge::set_signers(RuntimeOrigin::root(), signers(&[11, 12, 13])));
		assert_eq!(CurrentSet::<Test>::get(), 1);
		let set = SignerSets::<Test>::get(1).unwrap();
		assert_eq!((set.threshold, set.valid_until), (2, None));
		System::assert_last_event(
			Event::SignerSetRotated { set_id: 1, signers: signers(&[11, 12, 13]), threshold: 2, previous_valid_until: None }
				.into(),
		);
		assert!(Bridge::is_signer(&12) && !Bridge::is_signer(&14));
	});
}

#[test]
fn a_rotation_keeps_the_previous_set_valid_for_the_grace_period_only() {
	run_test(|| {
		assert_ok!(Bridge::set_signers(RuntimeOrigin::root(), signers(&[11, 12, 13])));
		advance_to(5);
		assert_ok!(Bridge::set_signers(RuntimeOrigin::root(), signers(&[21, 22, 23, 24])));
		System::assert_last_event(
			Event::SignerSetRotated {
				set_id: 2,
				signers: signers(&[21, 22, 23, 24]),
				threshold: 3,
				previous_valid_until: Some(5 + GRACE),
			}
			.into(),
		);
		// During the grace period both sets are valid.
		advance_to(5 + GRACE);
		assert!(Bridge::valid_set(1).is_some() && Bridge::valid_set(2).is_some());
		assert!(Bridge::is_signer(&11) && Bridge::is_signer(&21));
		// After it, only the new one: a signer removed by the rotation is no signer.
		advance_to(6 + GRACE);
		assert!(Bridge::valid_set(1).is_none() && Bridge::valid_set(2).is_some());
		assert!(!Bridge::is_signer(&11));
		assert_noop!(Bridge::pause(RuntimeOrigin::signed(11)), Error::<Test>::NotASigner);
		// The next rotation removes set 1 and gives set 2 its grace period.
		assert_ok!(Bridge::set_signers(RuntimeOrigin::root(), signers(&[31, 32])));
		assert!(!SignerSets::<Test>::contains_key(1));
		assert_eq!(SignerSets::<Test>::get(2).unwrap().valid_until, Some(6 + 2 * GRACE));
		assert_eq!(SignerSets::<Test>::get(3).unwrap().threshold, 2);
	});
}

#[test]
fn a_signer_set_must_be_well_formed() {
	run_test(|| {
		let root = || RuntimeOrigin::root();
		assert_noop!(Bridge::set_signers(root(), signers(&[11])), Error::<Test>::TooFewSigners);
		assert_noop!(Bridge::set_signers(root(), signers(&[])), Error::<Test>::TooFewSigners);
		let mut zero = signers(&[11, 12, 13]).into_inner();
		zero[0].key = EvmAddress::zero();
		let zero = BoundedVec::try_from(zero).unwrap();
		assert_noop!(Bridge::set_signers(root(), zero), Error::<Test>::ZeroSignerKey);
		let mut descending = signers(&[11, 12, 13]).into_inner();
		descending.swap(0, 2);
		let descending = BoundedVec::try_from(descending).unwrap();
		assert_noop!(Bridge::set_signers(root(), descending), Error::<Test>::SignerKeysNotAscending);
		let mut duplicate_key = signers(&[11, 12, 13]).into_inner();
		duplicate_key[1].key = duplicate_key[0].key;
		let duplicate_key = BoundedVec::try_from(duplicate_key).unwrap();
		assert_noop!(Bridge::set_signers(root(), duplicate_key), Error::<Test>::SignerKeysNotAscending);
		assert_noop!(Bridge::set_signers(root(), signers(&[11, 12, 11])), Error::<Test>::DuplicateSignerAccount);
		assert_noop!(Bridge::set_signers(RuntimeOrigin::signed(11), signers(&[11, 12])), DispatchError::BadOrigin);
		assert_eq!(CurrentSet::<Test>::get(), 0);
	});
}

#[test]
fn governance_sets_and_removes_routes() {
	run_test(|| {
		assert_ok!(Bridge::set_route(RuntimeOrigin::root(), 7, 0, 1, route(100, 101)));
		System::assert_last_event(Event::RouteSet { token: 7, partition: 0, chain: 1, route: route(100, 101) }.into());
		assert_eq!(Routes::<Test>::get((7, 0), 1), Some(route(100, 101)));
		let disabled = Route { enabled: false, ..route(100, 101) };
		assert_ok!(Bridge::set_route(RuntimeOrigin::root(), 7, 0, 1, disabled));
		assert_eq!(Routes::<Test>::get((7, 0), 1), Some(disabled));
		assert_ok!(Bridge::remove_route(RuntimeOrigin::root(), 7, 0, 1));
		System::assert_last_event(Event::RouteRemoved { token: 7, partition: 0, chain: 1 }.into());
		assert_eq!(Routes::<Test>::get((7, 0), 1), None);
	});
}

#[test]
fn a_route_has_no_zero_value_and_two_contracts() {
	run_test(|| {
		let root = || RuntimeOrigin::root();
		assert_noop!(Bridge::set_route(root(), 7, 0, 0, route(100, 101)), Error::<Test>::ZeroChainId);
		assert_noop!(Bridge::set_route(root(), 7, 0, 1, route(0, 101)), Error::<Test>::ZeroAddress);
		assert_noop!(Bridge::set_route(root(), 7, 0, 1, route(100, 0)), Error::<Test>::ZeroAddress);
		assert_noop!(Bridge::set_route(root(), 7, 0, 1, route(100, 100)), Error::<Test>::GatewayIsWrappedToken);
		assert_noop!(Bridge::set_route(RuntimeOrigin::signed(11), 7, 0, 1, route(100, 101)), DispatchError::BadOrigin);
		assert_noop!(Bridge::remove_route(root(), 7, 0, 1), Error::<Test>::NoSuchRoute);
	});
}

#[test]
fn any_one_signer_pauses_and_only_governance_resumes() {
	run_test(|| {
		assert_ok!(Bridge::set_signers(RuntimeOrigin::root(), signers(&[11, 12, 13])));
		assert_noop!(Bridge::pause(RuntimeOrigin::signed(99)), Error::<Test>::NotASigner);
		assert_noop!(Bridge::unpause(RuntimeOrigin::root()), Error::<Test>::NotPaused);
		assert_ok!(Bridge::pause(RuntimeOrigin::signed(13)));
		System::assert_last_event(Event::Paused { by: Some(13) }.into());
		assert!(Paused::<Test>::get());
		assert_noop!(Bridge::pause(RuntimeOrigin::signed(12)), Error::<Test>::AlreadyPaused);
		assert_noop!(Bridge::unpause(RuntimeOrigin::signed(13)), DispatchError::BadOrigin);
		assert_ok!(Bridge::unpause(RuntimeOrigin::root()));
		System::assert_last_event(Event::Unpaused.into());
		assert_ok!(Bridge::pause(RuntimeOrigin::root()));
		System::assert_last_event(Event::Paused { by: None }.into());
	});
}

#[test]
fn without_a_signer_set_no_account_is_a_signer() {
	run_test(|| {
		assert_noop!(Bridge::pause(RuntimeOrigin::signed(11)), Error::<Test>::NotASigner);
		assert!(Bridge::valid_set(0).is_none() && Bridge::valid_set(1).is_none());
	});
}
