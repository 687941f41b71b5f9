//! Ballot tests: each call's success and failure paths, voting power (weights, wallets, the
//! record date, non-voting partitions), re-votes, the attacks (two wallets of one identity,
//! units bought after the record date, a non-voting tranche), exact tallies and overflow, and
//! a property test against a reference model. Every test ends with every pallet's
//! `do_try_state`.

use crate::{mock::*, *};
use polkadot_sdk::frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::InspectHold, Get},
};

const A_ID: IdentityId = 4;
const B_ID: IdentityId = 5;
const C_ID: IdentityId = 6;
const D_ID: IdentityId = 7;
/// The partition without the voting right (added by [`held_token`]).
const PREFERRED: PartitionId = 2;
/// The ballot deposit (the prelude's).
const BALLOT_DEPOSIT: u64 = 5;
/// The notice's hash.
const DOC: H256 = H256::repeat_byte(7);
/// Voting opens an hour after genesis time and lasts two hours.
const OPENS: u64 = START + HOUR;
const ENDS: u64 = START + 3 * HOUR;

fn signed(account: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(account)
}

fn motions(choices: &[u8]) -> MotionsOf<Test> {
	let list: Vec<Motion> = choices
		.iter()
		.enumerate()
		.map(|(at, choices)| Motion { choices: *choices, description: H256::repeat_byte(at as u8 + 1) })
		.collect();
	sto_test_support::bounded(&list)
}

fn weights(list: &[(PartitionId, u32)]) -> BallotWeightsOf<Test> {
	sto_test_support::bounded(list)
}

fn choices(list: &[Option<u8>]) -> ChoicesOf<Test> {
	sto_test_support::bounded(list)
}

/// Add the partition "preferred" (dividends, no voting right) to `token`.
fn add_preferred(token: TokenId) {
	assert_ok!(Token::add_partition(
		signed(ISSUER),
		token,
		sto_test_support::bounded(b"preferred"),
		pallet_security_token::PartitionRights { voting: false, dividends: true, transferable: true },
	));
}

/// A token with partitions 0 and 1 (voting) and 2 (not): A 100 and A2 20 in 0, B 50 in 1,
/// C 40 in 2, D 10 in 0 and 10 in 2.
fn held_token() -> TokenId {
	let token = token();
	add_preferred(token);
	issue(token, 0, A, 100);
	issue(token, 0, A2, 20);
	issue(token, 1, B, 50);
	issue(token, PREFERRED, C, 40);
	issue(token, 0, D, 10);
	issue(token, PREFERRED, D, 10);
	token
}

/// A ballot on `checkpoint`: partition 0 weighs 3, partition 1 weighs 1; two motions (2 and 3
/// choices); open from `OPENS` to `ENDS`.
fn ballot_on(token: TokenId, checkpoint: CheckpointId) -> BallotId {
	let id = NextBallotId::<Test>::get();
	assert_ok!(CorporateActions::create_ballot(
		signed(ISSUER),
		token,
		checkpoint,
		weights(&[(0, 3), (1, 1)]),
		motions(&[2, 3]),
		OPENS,
		ENDS,
		DOC
	));
	id
}

/// A held token, a checkpoint now, a ballot on it, the clock at its start.
fn open_ballot() -> (TokenId, CheckpointId, BallotId) {
	let token = held_token();
	let checkpoint = create(token);
	let ballot = ballot_on(token, checkpoint);
	Now::set(OPENS);
	(token, checkpoint, ballot)
}

fn vote(account: u64, ballot: BallotId, list: &[Option<u8>]) {
	assert_ok!(CorporateActions::vote(signed(account), ballot, choices(list)));
}

/// Each motion's (power per choice, power abstaining).
fn tallies(ballot: BallotId) -> Vec<(Vec<u128>, u128)> {
	CorporateActions::tally(ballot)
		.expect("the ballot exists")
		.into_iter()
		.map(|tally| (tally.choices.into_inner(), tally.abstained))
		.collect()
}

fn references(token: TokenId, checkpoint: CheckpointId) -> u32 {
	Checkpoints::<Test>::get(token).iter().find(|record| record.id == checkpoint).map_or(0, |record| record.references)
}

/// What `account` has on hold for ballots.
fn ballot_held(account: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::CorporateActions(HoldReason::Ballot), &account)
}

#[test]
fn create_ballot_references_the_checkpoint_and_holds_the_deposit() {
	run_test(|| {
		let token = held_token();
		let checkpoint = create(token);
		System::reset_events();
		let ballot = ballot_on(token, checkpoint);
		assert_eq!(
			events(),
			vec![Event::BallotCreated {
				ballot,
				token,
				checkpoint,
				weights: weights(&[(0, 3), (1, 1)]),
				motions: motions(&[2, 3]),
				start: OPENS,
				end: ENDS,
				document: DOC,
				creator: ISSUER,
			}]
		);
		assert_eq!(ballot_held(ISSUER), BALLOT_DEPOSIT);
		assert_eq!(references(token, checkpoint), 1);
		assert_eq!(CorporateActions::ballot_references(token, checkpoint), 1);
		assert_eq!(tallies(ballot), vec![(vec![0, 0], 0), (vec![0, 0, 0], 0)]);
		let record = CorporateActions::ballot(ballot).unwrap();
		assert_eq!((record.token, record.checkpoint, record.voters, record.closed), (token, checkpoint, 0, false));
		assert_eq!((record.start, record.end, record.document, record.creator), (OPENS, ENDS, DOC, ISSUER));
		assert_eq!(NextBallotId::<Test>::get(), ballot + 1);

		// A transfer agent may create one too; ids go on.
		assert_ok!(CorporateActions::create_ballot(
			signed(AGENT),
			token,
			checkpoint,
			weights(&[(1, 2)]),
			motions(&[4]),
			START,
			START + 1,
			DOC
		));
		assert_eq!(ballot_held(AGENT), BALLOT_DEPOSIT);
		assert_eq!(references(token, checkpoint), 2);
		assert!(CorporateActions::ballot(ballot + 1).is_some());
	});
}

#[test]
fn create_ballot_checks_its_terms() {
	run_test(|| {
		let token = held_token();
		let checkpoint = create(token);
		let create = |who: u64,
		              token: TokenId,
		              checkpoint: CheckpointId,
		              weights: &[(PartitionId, u32)],
		              choices: &[u8],
		              start: u64,
		              end: u64| {
			CorporateActions::create_ballot(
				signed(who),
				token,
				checkpoint,
				self::weights(weights),
				motions(choices),
				start,
				end,
				DOC,
			)
		};
		let good = [(0, 1)];
		assert_noop!(create(OUTSIDER, token, checkpoint, &good, &[2], OPENS, ENDS), Error::<Test>::NotAuthorized);
		assert_noop!(create(A, token, checkpoint, &good, &[2], OPENS, ENDS), Error::<Test>::NotAuthorized);
		assert_noop!(create(ISSUER, 99, checkpoint, &good, &[2], OPENS, ENDS), Error::<Test>::UnknownToken);
		assert_noop!(create(ISSUER, token, checkpoint, &[], &[2], OPENS, ENDS), Error::<Test>::NoWeights);
		assert_noop!(create(ISSUER, token, checkpoint, &[(3, 1)], &[2], OPENS, ENDS), Error::<Test>::UnknownPartition);
		assert_noop!(
			create(ISSUER, token, checkpoint, &[(0, 1), (PREFERRED, 1)], &[2], OPENS, ENDS),
			Error::<Test>::NotVotingPartition
		);
		assert_noop!(
			create(ISSUER, token, checkpoint, &[(0, 1), (1, 1), (0, 2)], &[2], OPENS, ENDS),
			Error::<Test>::DuplicatePartition
		);
		assert_noop!(create(ISSUER, token, checkpoint, &[(0, 1), (1, 0)], &[2], OPENS, ENDS), Error::<Test>::ZeroWeight);
		assert_noop!(create(ISSUER, token, checkpoint, &good, &[], OPENS, ENDS), Error::<Test>::NoMotions);
		assert_noop!(create(ISSUER, token, checkpoint, &good, &[2, 1], OPENS, ENDS), Error::<Test>::InvalidChoices);
		let too_many = (<<Test as Config>::MaxChoices as Get<u32>>::get() as u8) + 1;
		assert_noop!(create(ISSUER, token, checkpoint, &good, &[too_many], OPENS, ENDS), Error::<Test>::InvalidChoices);
		assert_noop!(create(ISSUER, token, checkpoint, &good, &[2], OPENS, OPENS), Error::<Test>::InvalidPeriod);
		assert_noop!(create(ISSUER, token, checkpoint, &good, &[2], ENDS, OPENS), Error::<Test>::InvalidPeriod);
		// Ended already.
		assert_noop!(create(ISSUER, token, checkpoint, &good, &[2], START - 2, START), Error::<Test>::InvalidPeriod);
		assert_noop!(create(ISSUER, token, 9, &good, &[2], OPENS, ENDS), Error::<Test>::UnknownCheckpoint);
		// Voting may not start before the record date.
		assert_noop!(create(ISSUER, token, checkpoint, &good, &[2], START - 1, ENDS), Error::<Test>::RecordDateAfterStart);
		let scheduled = schedule(token, START + 2 * HOUR);
		assert_noop!(create(ISSUER, token, scheduled, &good, &[2], OPENS, ENDS), Error::<Test>::RecordDateAfterStart);
		assert_ok!(create(ISSUER, token, scheduled, &good, &[2], START + 2 * HOUR, ENDS));
		assert_ok!(CorporateActions::retire_checkpoint(signed(ISSUER), token, checkpoint));
		assert_noop!(create(ISSUER, token, checkpoint, &good, &[2], OPENS, ENDS), Error::<Test>::AlreadyRetired);
		// The largest terms pass.
		let max = <<Test as Config>::MaxChoices as Get<u32>>::get() as u8;
		assert_ok!(create(ISSUER, token, scheduled, &[(1, u32::MAX), (0, 1)], &[max, max, 2], START + 2 * HOUR, ENDS));
	});
}

#[test]
fn voting_power_is_the_weighted_sum_over_the_identitys_wallets() {
	run_test(|| {
		let (_, _, ballot) = open_ballot();
		// A: (100 + 20) × 3; B: 50 × 1; D: 10 × 3 (its preferred units count nothing).
		assert_eq!(CorporateActions::voting_power(ballot, A_ID), Some(360));
		assert_eq!(CorporateActions::voting_power(ballot, B_ID), Some(50));
		assert_eq!(CorporateActions::voting_power(ballot, D_ID), Some(30));
		assert_eq!(CorporateActions::voting_power(ballot, C_ID), Some(0));
		System::reset_events();
		vote(A2, ballot, &[Some(0), Some(2)]);
		vote(B, ballot, &[Some(1), None]);
		vote(D, ballot, &[Some(0), Some(2)]);
		assert_eq!(
			events(),
			vec![
				Event::Voted { ballot, identity: A_ID, wallet: A2, power: 360, choices: choices(&[Some(0), Some(2)]) },
				Event::Voted { ballot, identity: B_ID, wallet: B, power: 50, choices: choices(&[Some(1), None]) },
				Event::Voted { ballot, identity: D_ID, wallet: D, power: 30, choices: choices(&[Some(0), Some(2)]) },
			]
		);
		assert_eq!(tallies(ballot), vec![(vec![390, 50], 0), (vec![0, 0, 390], 50)]);
		assert_eq!(CorporateActions::ballot(ballot).unwrap().voters, 3);
		assert_eq!(
			Votes::<Test>::get(ballot, A_ID),
			Some(Vote { power: 360, choices: choices(&[Some(0), Some(2)]) })
		);
	});
}

#[test]
fn a_re_vote_replaces_the_earlier_one() {
	run_test(|| {
		let (_, _, ballot) = open_ballot();
		vote(A, ballot, &[Some(0), Some(2)]);
		vote(B, ballot, &[Some(0), Some(0)]);
		assert_eq!(tallies(ballot), vec![(vec![410, 0], 0), (vec![50, 0, 360], 0)]);
		vote(A, ballot, &[Some(1), None]);
		assert_eq!(tallies(ballot), vec![(vec![50, 360], 0), (vec![50, 0, 0], 360)]);
		// The same vote again changes nothing.
		vote(A, ballot, &[Some(1), None]);
		assert_eq!(tallies(ballot), vec![(vec![50, 360], 0), (vec![50, 0, 0], 360)]);
		assert_eq!(CorporateActions::ballot(ballot).unwrap().voters, 2);
	});
}

/// Attack: an identity votes once per wallet to count its power twice.
#[test]
fn two_wallets_of_one_identity_vote_once() {
	run_test(|| {
		let (_, _, ballot) = open_ballot();
		vote(A, ballot, &[Some(0), Some(0)]);
		vote(A2, ballot, &[Some(0), Some(0)]);
		// One vote of identity A (120 units over both wallets, × 3), not two.
		assert_eq!(tallies(ballot), vec![(vec![360, 0], 0), (vec![360, 0, 0], 0)]);
		assert_eq!(Votes::<Test>::iter_prefix(ballot).count(), 1);
		// The second wallet's vote replaced the first.
		vote(A2, ballot, &[Some(1), Some(1)]);
		assert_eq!(tallies(ballot), vec![(vec![0, 360], 0), (vec![0, 360, 0], 0)]);
	});
}

/// Attack: buy units after the record date (or move them to a fresh identity) and vote with
/// them.
#[test]
fn units_bought_after_the_record_date_carry_no_votes() {
	run_test(|| {
		let (token, checkpoint, ballot) = open_ballot();
		// A sells everything to C and E after the record date; B sells its partition-1 units.
		transfer(token, 0, A, C, 100);
		transfer(token, 0, A2, E, 20);
		transfer(token, 1, B, E, 50);
		assert_noop!(CorporateActions::vote(signed(C), ballot, choices(&[Some(0), None])), Error::<Test>::NoVotingPower);
		assert_noop!(CorporateActions::vote(signed(E), ballot, choices(&[Some(0), None])), Error::<Test>::NoVotingPower);
		// The sellers vote with what they held on the record date.
		vote(A, ballot, &[Some(1), None]);
		vote(B, ballot, &[Some(1), None]);
		assert_eq!(tallies(ballot), vec![(vec![0, 410], 0), (vec![0, 0, 0], 410)]);
		// Units issued after the record date count nothing either.
		issue(token, 0, F, 1_000);
		assert_noop!(CorporateActions::vote(signed(F), ballot, choices(&[Some(0), None])), Error::<Test>::NoVotingPower);
		// A later checkpoint does not change this ballot's record date.
		create(token);
		assert_eq!(CorporateActions::voting_power(ballot, C_ID), Some(0));
		assert_eq!(CorporateActions::voting_power(ballot, A_ID), Some(360));
		assert_eq!(references(token, checkpoint), 1);
	});
}

/// Attack: a holder of the non-voting tranche votes (also after moving its units into a voting
/// partition, or after the partition's rights change).
#[test]
fn a_non_voting_tranche_carries_no_votes() {
	run_test(|| {
		let (token, _, ballot) = open_ballot();
		assert_noop!(CorporateActions::vote(signed(C), ballot, choices(&[Some(0), None])), Error::<Test>::NoVotingPower);
		// Reclassified into a voting partition after the record date: still nothing.
		assert_ok!(Token::reclassify(signed(AGENT), token, PREFERRED, 0, C, 40));
		assert_noop!(CorporateActions::vote(signed(C), ballot, choices(&[Some(0), None])), Error::<Test>::NoVotingPower);
		// Weights are frozen at creation: giving the tranche the voting right later adds
		// nothing to this ballot, taking it from partition 0 removes nothing.
		let all = pallet_security_token::PartitionRights { voting: true, dividends: true, transferable: true };
		assert_ok!(Token::set_partition_rights(signed(ISSUER), token, PREFERRED, all));
		assert_ok!(Token::set_partition_rights(
			signed(ISSUER),
			token,
			0,
			pallet_security_token::PartitionRights { voting: false, ..all }
		));
		assert_eq!(CorporateActions::voting_power(ballot, C_ID), Some(0));
		// D: only its 10 units of partition 0 count.
		vote(D, ballot, &[Some(0), None]);
		assert_eq!(Votes::<Test>::get(ballot, D_ID).unwrap().power, 30);
		// A new ballot cannot weigh partition 0 any more.
		let checkpoint = create(token);
		assert_noop!(
			CorporateActions::create_ballot(
				signed(ISSUER),
				token,
				checkpoint,
				weights(&[(0, 1)]),
				motions(&[2]),
				ENDS,
				ENDS + 1,
				DOC
			),
			Error::<Test>::NotVotingPartition
		);
	});
}

#[test]
fn vote_checks_its_terms() {
	run_test(|| {
		let token = held_token();
		let checkpoint = create(token);
		let ballot = ballot_on(token, checkpoint);
		let try_vote = |who: u64, ballot: BallotId, list: &[Option<u8>]| CorporateActions::vote(signed(who), ballot, choices(list));
		let good = [Some(0), None];
		assert_noop!(try_vote(A, ballot, &good), Error::<Test>::NotOpen);
		Now::set(OPENS - 1);
		assert_noop!(try_vote(A, ballot, &good), Error::<Test>::NotOpen);
		Now::set(OPENS);
		assert_noop!(try_vote(A, ballot + 1, &good), Error::<Test>::UnknownBallot);
		assert_noop!(try_vote(A, ballot, &[Some(0)]), Error::<Test>::WrongVoteCount);
		assert_noop!(try_vote(A, ballot, &[Some(0), None, None]), Error::<Test>::WrongVoteCount);
		assert_noop!(try_vote(A, ballot, &[Some(2), None]), Error::<Test>::InvalidChoice);
		assert_noop!(try_vote(A, ballot, &[Some(1), Some(3)]), Error::<Test>::InvalidChoice);
		assert_noop!(try_vote(999, ballot, &good), Error::<Test>::NoIdentity);
		assert_noop!(try_vote(OUTSIDER, ballot, &good), Error::<Test>::NoVotingPower);
		assert_ok!(try_vote(A, ballot, &[Some(1), Some(2)]));
		assert_ok!(try_vote(B, ballot, &[None, None]));
		Now::set(ENDS - 1);
		assert_ok!(try_vote(A, ballot, &good));
		Now::set(ENDS);
		assert_noop!(try_vote(A, ballot, &good), Error::<Test>::NotOpen);
		assert_eq!(tallies(ballot), vec![(vec![360, 0], 50), (vec![0, 0, 0], 410)]);
	});
}

#[test]
fn power_and_tallies_are_exact_or_refused() {
	run_test(|| {
		let token = token();
		let half = u128::MAX / 2;
		issue(token, 0, A, half);
		issue(token, 1, B, 2);
		let checkpoint = create(token);
		let create = |weights: &[(PartitionId, u32)]| {
			let id = NextBallotId::<Test>::get();
			assert_ok!(CorporateActions::create_ballot(
				signed(ISSUER),
				token,
				checkpoint,
				self::weights(weights),
				motions(&[2]),
				OPENS,
				ENDS,
				DOC
			));
			id
		};
		let overflowing = create(&[(0, 3)]);
		let doubled = create(&[(0, 2), (1, 2)]);
		Now::set(OPENS);
		// A's power would be 3 × (2^127 - 1).
		assert_noop!(CorporateActions::vote(signed(A), overflowing, choices(&[Some(0)])), Error::<Test>::Overflow);
		assert_eq!(CorporateActions::voting_power(overflowing, A_ID), None);
		// 2 × (2^127 - 1) = u128::MAX - 1: exact; B's 4 more on the same choice overflow.
		vote(A, doubled, &[Some(0)]);
		assert_eq!(tallies(doubled), vec![(vec![u128::MAX - 1, 0], 0)]);
		assert_noop!(CorporateActions::vote(signed(B), doubled, choices(&[Some(0)])), Error::<Test>::Overflow);
		vote(B, doubled, &[Some(1)]);
		assert_eq!(tallies(doubled), vec![(vec![u128::MAX - 1, 4], 0)]);
		// A re-vote moves the whole power exactly.
		vote(A, doubled, &[None]);
		assert_eq!(tallies(doubled), vec![(vec![0, 4], u128::MAX - 1)]);
	});
}

#[test]
fn a_ballot_on_a_scheduled_checkpoint_reads_the_record_date() {
	run_test(|| {
		let token = held_token();
		let checkpoint = schedule(token, OPENS);
		let ballot = ballot_on(token, checkpoint);
		assert_eq!(references(token, checkpoint), 1);
		// The record date is still to come: no power yet.
		assert_eq!(CorporateActions::voting_power(ballot, A_ID), None);
		Now::set(OPENS);
		// Passed, not taken yet (nothing moved): the live state is the record date's.
		assert_eq!(CorporateActions::voting_power(ballot, A_ID), Some(360));
		System::reset_events();
		// The first vote takes it, as a movement would.
		vote(A, ballot, &[Some(0), Some(0)]);
		assert_eq!(
			events(),
			vec![
				Event::CheckpointTaken { token, checkpoint, epoch: 1 },
				Event::Voted { ballot, identity: A_ID, wallet: A, power: 360, choices: choices(&[Some(0), Some(0)]) },
			]
		);
		assert_eq!(pallet_security_token::Tokens::<Test>::get(token).unwrap().checkpoints.epoch, 1);
		// Movements after it change nothing.
		transfer(token, 0, A, B, 100);
		vote(B, ballot, &[Some(1), Some(1)]);
		assert_eq!(tallies(ballot), vec![(vec![360, 50], 0), (vec![360, 50, 0], 0)]);
		System::reset_events();
		vote(A, ballot, &[Some(1), None]);
		assert_eq!(events().len(), 1, "nothing more to take");
	});
}

#[test]
fn a_movement_takes_the_checkpoint_before_the_first_vote() {
	run_test(|| {
		let token = held_token();
		let checkpoint = schedule(token, OPENS);
		let ballot = ballot_on(token, checkpoint);
		Now::set(OPENS + 1);
		transfer(token, 0, A, C, 100);
		vote(A, ballot, &[Some(0), Some(0)]);
		assert_noop!(CorporateActions::vote(signed(C), ballot, choices(&[Some(0), None])), Error::<Test>::NoVotingPower);
		assert_eq!(tallies(ballot), vec![(vec![360, 0], 0), (vec![360, 0, 0], 0)]);
	});
}

#[test]
fn a_checkpoint_read_by_an_open_ballot_cannot_be_retired() {
	run_test(|| {
		let (token, checkpoint, ballot) = open_ballot();
		assert_noop!(
			CorporateActions::retire_checkpoint(signed(ISSUER), token, checkpoint),
			Error::<Test>::Referenced
		);
		Now::set(ENDS);
		assert_ok!(CorporateActions::close_ballot(signed(OUTSIDER), ballot));
		assert_eq!(references(token, checkpoint), 0);
		assert_ok!(CorporateActions::retire_checkpoint(signed(ISSUER), token, checkpoint));
		// Closed: the tallies stay, the power is no longer readable.
		assert_eq!(CorporateActions::voting_power(ballot, A_ID), None);
		assert!(CorporateActions::tally(ballot).is_none(), "no votes: removed at close");
	});
}

#[test]
fn cancel_ballot_before_its_start_releases_everything() {
	run_test(|| {
		let token = held_token();
		let checkpoint = create(token);
		let ballot = ballot_on(token, checkpoint);
		assert_noop!(CorporateActions::cancel_ballot(signed(OUTSIDER), ballot), Error::<Test>::NotAuthorized);
		assert_noop!(CorporateActions::cancel_ballot(signed(A), ballot), Error::<Test>::NotAuthorized);
		assert_noop!(CorporateActions::cancel_ballot(signed(ISSUER), ballot + 1), Error::<Test>::UnknownBallot);
		Now::set(OPENS - 1);
		System::reset_events();
		assert_ok!(CorporateActions::cancel_ballot(signed(AGENT), ballot));
		assert_eq!(events(), vec![Event::BallotCancelled { ballot }, Event::BallotRemoved { ballot }]);
		assert_eq!(ballot_held(ISSUER), 0);
		assert_eq!(references(token, checkpoint), 0);
		assert!(CorporateActions::ballot(ballot).is_none());
		assert_noop!(CorporateActions::cancel_ballot(signed(ISSUER), ballot), Error::<Test>::UnknownBallot);

		// From its start on, it cannot be cancelled.
		let started = ballot_on(token, checkpoint);
		Now::set(OPENS);
		assert_noop!(CorporateActions::cancel_ballot(signed(ISSUER), started), Error::<Test>::AlreadyStarted);
	});
}

#[test]
fn close_ballot_finalizes_and_its_votes_clear_in_pages() {
	run_test(|| {
		let (token, checkpoint, ballot) = open_ballot();
		vote(A, ballot, &[Some(0), Some(1)]);
		vote(B, ballot, &[Some(1), None]);
		vote(D, ballot, &[Some(0), Some(2)]);
		let expected = vec![(vec![390, 50], 0), (vec![0, 360, 30], 50)];
		assert_eq!(tallies(ballot), expected);
		assert_noop!(CorporateActions::close_ballot(signed(OUTSIDER), ballot), Error::<Test>::NotEnded);
		assert_noop!(CorporateActions::clear_votes(signed(OUTSIDER), ballot, 5), Error::<Test>::NotClosed);
		Now::set(ENDS - 1);
		assert_noop!(CorporateActions::close_ballot(signed(OUTSIDER), ballot), Error::<Test>::NotEnded);
		Now::set(ENDS);
		assert_noop!(CorporateActions::close_ballot(signed(OUTSIDER), ballot + 1), Error::<Test>::UnknownBallot);
		System::reset_events();
		assert_ok!(CorporateActions::close_ballot(signed(OUTSIDER), ballot));
		let final_tallies = CorporateActions::tally(ballot).unwrap();
		assert_eq!(events(), vec![Event::BallotClosed { ballot, tallies: final_tallies }]);
		assert!(CorporateActions::ballot(ballot).unwrap().closed);
		assert_eq!(references(token, checkpoint), 0);
		assert_eq!(ballot_held(ISSUER), BALLOT_DEPOSIT);
		assert_noop!(CorporateActions::close_ballot(signed(OUTSIDER), ballot), Error::<Test>::AlreadyClosed);
		assert_noop!(CorporateActions::cancel_ballot(signed(ISSUER), ballot), Error::<Test>::AlreadyClosed);
		assert_noop!(CorporateActions::vote(signed(A), ballot, choices(&[Some(0), None])), Error::<Test>::NotOpen);

		let limit = <Test as Config>::MaxClearPerCall::get();
		assert_noop!(CorporateActions::clear_votes(signed(OUTSIDER), ballot, limit + 1), Error::<Test>::LimitTooHigh);
		assert_noop!(CorporateActions::clear_votes(signed(OUTSIDER), ballot, 0), Error::<Test>::NothingToClear);
		assert_ok!(CorporateActions::clear_votes(signed(OUTSIDER), ballot, 1));
		assert_eq!(Votes::<Test>::iter_prefix(ballot).count(), 2);
		assert_eq!(CorporateActions::ballot(ballot).unwrap().voters, 2);
		// The final tallies stay readable while the votes are cleared.
		assert_eq!(tallies(ballot), expected);
		System::reset_events();
		assert_ok!(CorporateActions::clear_votes(signed(OUTSIDER), ballot, limit));
		assert_eq!(events(), vec![Event::BallotRemoved { ballot }]);
		assert_eq!(Votes::<Test>::iter_prefix(ballot).count(), 0);
		assert!(CorporateActions::ballot(ballot).is_none());
		assert_eq!(ballot_held(ISSUER), 0);
		assert_noop!(CorporateActions::clear_votes(signed(OUTSIDER), ballot, 1), Error::<Test>::UnknownBallot);
	});
}

#[test]
fn closing_a_ballot_without_votes_removes_it() {
	run_test(|| {
		let (_, _, ballot) = open_ballot();
		Now::set(ENDS + HOUR);
		System::reset_events();
		assert_ok!(CorporateActions::close_ballot(signed(A), ballot));
		assert_eq!(
			events(),
			vec![
				Event::BallotClosed { ballot, tallies: sto_test_support::bounded(&[
					MotionTally { choices: sto_test_support::bounded(&[0, 0]), abstained: 0 },
					MotionTally { choices: sto_test_support::bounded(&[0, 0, 0]), abstained: 0 },
				]) },
				Event::BallotRemoved { ballot },
			]
		);
		assert!(CorporateActions::ballot(ballot).is_none());
		assert_eq!(ballot_held(ISSUER), 0);
	});
}

#[test]
fn views_answer_nothing_for_unknown_ballots() {
	run_test(|| {
		assert_eq!(CorporateActions::voting_power(0, A_ID), None);
		assert_eq!(CorporateActions::tally(0), None);
		assert_eq!(CorporateActions::ballot(0), None);
	});
}

#[test]
fn the_invariants_catch_tallies_and_references_that_differ() {
	run_test(|| {
		let (token, checkpoint, ballot) = open_ballot();
		vote(A, ballot, &[Some(0), None]);
		assert_ok!(CorporateActions::do_try_state());
		let record = Ballots::<Test>::get(ballot).unwrap();

		Ballots::<Test>::mutate(ballot, |record| record.as_mut().unwrap().tallies[0].choices[1] = 1);
		assert!(CorporateActions::do_try_state().is_err());
		Ballots::<Test>::insert(ballot, record.clone());

		Ballots::<Test>::mutate(ballot, |record| record.as_mut().unwrap().voters = 2);
		assert!(CorporateActions::do_try_state().is_err());
		Ballots::<Test>::insert(ballot, record.clone());

		assert_ok!(CorporateActions::add_reference(token, checkpoint));
		assert!(CorporateActions::do_try_state().is_err());
		assert_ok!(CorporateActions::remove_reference(token, checkpoint));

		Votes::<Test>::insert(ballot + 1, B_ID, Vote { power: 1, choices: choices(&[None, None]) });
		assert!(CorporateActions::do_try_state().is_err());
		Votes::<Test>::remove(ballot + 1, B_ID);
		assert_ok!(CorporateActions::do_try_state());
	});
}

/// The runtime's `BallotDeposit` covers `deposit(1, 3_008)` and its comment says a vote is 49
/// bytes: the sizes with its bounds (32-byte accounts, `u128` deposits, 8 partitions, 16
/// motions of 8 choices).
#[test]
fn record_sizes_with_the_runtimes_bounds() {
	use codec::MaxEncodedLen;
	use polkadot_sdk::frame_support::traits::ConstU32;
	type RuntimeBallot = Ballot<[u8; 32], u128, ConstU32<8>, ConstU32<16>, ConstU32<8>>;
	assert_eq!(RuntimeBallot::max_encoded_len(), 3_008);
	assert_eq!(Vote::<ConstU32<16>>::max_encoded_len(), 49);
}

/// Property test against a reference model: random holders (A with two wallets), two voting
/// partitions and one without the right, random movements before the record date; a ballot
/// with random weights on a checkpoint taken now or scheduled; then movements (which change
/// nothing) interleaved with random votes and re-votes (invalid choices and holders without
/// power included). After every step the tallies equal the model's sum of each identity's
/// latest vote, every identity's `voting_power` equals Σ weight × its balance at the record
/// date, and every pallet's invariants hold; at the end the ballot closes with the model's
/// tallies and its votes clear in random pages.
mod model {
	use super::*;
	use proptest::prelude::*;
	use std::collections::BTreeMap;

	const ACCOUNTS: [u64; 6] = [A, A2, B, C, D, E];
	const PARTITIONS: PartitionId = 3;
	/// Choices of the ballot's motions.
	const MOTIONS: [u8; 2] = [2, 3];

	#[derive(Clone, Debug)]
	enum Step {
		Issue { to: usize, partition: PartitionId, amount: u128 },
		Transfer { from: usize, to: usize, partition: PartitionId, amount: u128 },
		Reclassify { account: usize, from: PartitionId, to: PartitionId, amount: u128 },
		Vote { account: usize, choices: Vec<Option<u8>> },
	}

	fn step() -> impl Strategy<Value = Step> {
		let account = 0..ACCOUNTS.len();
		let partition = 0..PARTITIONS;
		let amount = 1u128..60;
		let choice = proptest::option::of(0u8..3);
		prop_oneof![
			2 => (account.clone(), partition.clone(), amount.clone()).prop_map(|(to, partition, amount)| Step::Issue { to, partition, amount }),
			3 => (account.clone(), account.clone(), partition.clone(), amount.clone())
				.prop_map(|(from, to, partition, amount)| Step::Transfer { from, to, partition, amount }),
			1 => (account.clone(), partition.clone(), partition.clone(), amount.clone())
				.prop_map(|(account, from, to, amount)| Step::Reclassify { account, from, to, amount }),
			4 => (account.clone(), choice.clone(), choice).prop_map(|(account, first, second)| Step::Vote { account, choices: vec![first, second] }),
		]
	}

	type Book = BTreeMap<(u64, PartitionId), u128>;

	fn held(book: &Book, identity: IdentityId, partition: PartitionId) -> u128 {
		book.iter()
			.filter(|((account, p), _)| *p == partition && crate::mock::identity(*account) == identity)
			.map(|(_, balance)| *balance)
			.sum()
	}

	fn identities() -> Vec<IdentityId> {
		let mut ids: Vec<_> = ACCOUNTS.iter().map(|account| crate::mock::identity(*account)).collect();
		ids.dedup();
		ids
	}

	/// Apply a movement to the chain and, when it succeeded, to the book.
	fn apply(token: TokenId, book: &mut Book, step: &Step) {
		let add = |book: &mut Book, account: u64, partition: PartitionId, amount: u128, up: bool| {
			let entry = book.entry((account, partition)).or_default();
			*entry = if up { *entry + amount } else { *entry - amount };
		};
		match *step {
			Step::Issue { to, partition, amount } => {
				let to = ACCOUNTS[to];
				if Token::issue(signed(ISSUER), token, partition, to, amount, None).is_ok() {
					add(book, to, partition, amount, true);
				}
			},
			Step::Transfer { from, to, partition, amount } => {
				let (from, to) = (ACCOUNTS[from], ACCOUNTS[to]);
				if Token::transfer_by_partition(signed(from), token, partition, to, amount, None).is_ok() {
					add(book, from, partition, amount, false);
					add(book, to, partition, amount, true);
				}
			},
			Step::Reclassify { account, from, to, amount } => {
				let account = ACCOUNTS[account];
				if from != to && Token::reclassify(signed(AGENT), token, from, to, account, amount).is_ok() {
					add(book, account, from, amount, false);
					add(book, account, to, amount, true);
				}
			},
			Step::Vote { .. } => {},
		}
	}

	fn run(
		before: Vec<Step>,
		after: Vec<Step>,
		weight: (u32, u32),
		scheduled: bool,
		page: u32,
	) -> Result<(), TestCaseError> {
		let token = token();
		add_preferred(token);
		let mut book = Book::new();
		for step in &before {
			apply(token, &mut book, step);
		}
		let now = Now::get();
		let checkpoint = if scheduled { schedule(token, now + 1) } else { create(token) };
		let mut list: Vec<(PartitionId, u32)> =
			[(0, weight.0), (1, weight.1)].into_iter().filter(|(_, weight)| *weight > 0).collect();
		if list.is_empty() {
			list.push((1, 1));
		}
		let ballot = NextBallotId::<Test>::get();
		assert_ok!(CorporateActions::create_ballot(
			signed(AGENT),
			token,
			checkpoint,
			weights(&list),
			motions(&MOTIONS),
			now + 1,
			now + 1_000 * HOUR,
			DOC
		));
		Now::set(now + 1);
		// Frozen at the record date (nothing moved since).
		let frozen = book.clone();
		let power = |identity: IdentityId| -> u128 {
			list.iter().map(|(partition, weight)| u128::from(*weight) * held(&frozen, identity, *partition)).sum()
		};
		let mut votes: BTreeMap<IdentityId, (u128, Vec<Option<u8>>)> = BTreeMap::new();
		for step in &after {
			if let Step::Vote { account, choices: list } = step {
				let account = ACCOUNTS[*account];
				let identity = crate::mock::identity(account);
				let result = CorporateActions::vote(signed(account), ballot, choices(list));
				let valid = list.iter().zip(MOTIONS).all(|(choice, choices)| choice.is_none_or(|choice| choice < choices));
				if !valid {
					prop_assert_eq!(result, Err(Error::<Test>::InvalidChoice.into()));
				} else if power(identity) == 0 {
					prop_assert_eq!(result, Err(Error::<Test>::NoVotingPower.into()));
				} else {
					prop_assert!(result.is_ok());
					votes.insert(identity, (power(identity), list.clone()));
				}
			} else {
				apply(token, &mut book, step);
			}
			let mut expected: Vec<(Vec<u128>, u128)> = MOTIONS.iter().map(|choices| (vec![0; *choices as usize], 0)).collect();
			for (power, list) in votes.values() {
				for ((choices, abstained), choice) in expected.iter_mut().zip(list) {
					match choice {
						Some(choice) => choices[*choice as usize] += power,
						None => *abstained += power,
					}
				}
			}
			prop_assert_eq!(tallies(ballot), expected);
			for identity in identities() {
				prop_assert_eq!(CorporateActions::voting_power(ballot, identity), Some(power(identity)));
			}
			check_invariants();
		}
		let final_tallies = CorporateActions::tally(ballot).unwrap();
		Now::set(now + 1_000 * HOUR);
		System::reset_events();
		assert_ok!(CorporateActions::close_ballot(signed(OUTSIDER), ballot));
		prop_assert_eq!(events().first().cloned(), Some(Event::BallotClosed { ballot, tallies: final_tallies }));
		prop_assert_eq!(references(token, checkpoint), 0);
		while CorporateActions::ballot(ballot).is_some() {
			assert_ok!(CorporateActions::clear_votes(signed(OUTSIDER), ballot, page));
			check_invariants();
		}
		prop_assert_eq!(Votes::<Test>::iter_prefix(ballot).count(), 0);
		prop_assert_eq!(ballot_held(AGENT), 0);
		Ok(())
	}

	proptest! {
		#![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

		#[test]
		fn tallies_and_voting_power_match_the_model(
			before in prop::collection::vec(step(), 0..25),
			after in prop::collection::vec(step(), 1..40),
			weight in (0u32..4, 0u32..4),
			scheduled in any::<bool>(),
			page in 1u32..4,
		) {
			new_test_ext().execute_with(|| run(before, after, weight, scheduled, page))?;
		}
	}
}
