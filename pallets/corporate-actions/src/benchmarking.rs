//! Benchmarks, each at its call's worst case: a token's checkpoint list full but for one
//! (`MaxCheckpoints` − 1), of which `MaxScheduled` − 1 scheduled and due; `take_due` with `s`
//! due; `record` of a new identity (the list read, the record's absence checked, written);
//! `clear_retired` of `n` records; ballots at their largest on the oldest checkpoint of a full
//! list (`vote`: a re-vote that takes the due checkpoints first; `clear_votes`: the last page).

use super::*;
use crate::Pallet as CorporateActions;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, Get, Time},
	BoundedVec,
};
use sp_runtime::Saturating;
use frame_system::RawOrigin;
use polkadot_sdk::frame_benchmarking;
use sp_runtime::Permill;
use sto_primitives::{checkpoint::CheckpointMarks, identity::CountryCode};

/// Fill `token`'s list with `taken` taken checkpoints (epochs 1..=taken) and `due` scheduled
/// ones whose record date has passed, as `manager`'s; the token's marks to match.
fn fill<T: Config>(token: TokenId, manager: &T::AccountId, taken: u32, due: u32) {
	let now = T::Time::now();
	let partitions = T::MaxPartitions::get() as usize;
	let mut list = CheckpointsOf::<T>::new();
	for id in 0..taken + due {
		let checkpoint = Checkpoint {
			id,
			record_date: now.saturating_sub(1),
			epoch: (id < taken).then_some(id + 1),
			supplies: if id < taken {
				BoundedVec::truncate_from(alloc::vec![1_000; partitions])
			} else {
				BoundedVec::new()
			},
			references: 0,
			retired: false,
			creator: manager.clone(),
			deposit: Default::default(),
		};
		let _ = list.try_push(checkpoint);
	}
	NextCheckpointId::<T>::insert(token, taken + due);
	let next_due = CorporateActions::<T>::next_due(&list);
	Checkpoints::<T>::insert(token, list);
	T::Tokens::set_checkpoint_marks(token, CheckpointMarks { epoch: taken, next_due });
}

fn funded<T: Config>() -> (TokenId, T::AccountId) {
	let (token, manager) = T::BenchmarkHelper::token_and_manager();
	let _ = T::Currency::mint_into(&manager, T::CheckpointDeposit::get().saturating_mul(1_000u32.into()));
	(token, manager)
}

/// How many partitions a ballot weighs at most: the token's bound, at most `MaxPartitions`.
fn weighted_partitions<T: Config>() -> u32 {
	T::Tokens::max_partitions().min(T::MaxPartitions::get())
}

/// `MaxMotions` motions of `MaxChoices` choices each.
fn all_motions<T: Config>() -> MotionsOf<T> {
	let motion = Motion { choices: T::MaxChoices::get() as u8, description: H256::repeat_byte(2) };
	BoundedVec::truncate_from(alloc::vec![motion; T::MaxMotions::get() as usize])
}

/// The same choice on each of `MaxMotions` motions.
fn all_choices<T: Config>(choice: Option<u8>) -> ChoicesOf<T> {
	BoundedVec::truncate_from(alloc::vec![choice; T::MaxMotions::get() as usize])
}

/// A token whose partitions (the most a ballot weighs) a voter holds, its checkpoint list full
/// (`MaxScheduled` scheduled and due, the rest taken, the voter recorded under none), and a
/// ballot at its largest on the oldest checkpoint, open from now + `start_in` to now + `end_in`
/// (ms). (token, manager, voter, ballot).
fn ballot_setup<T: Config>(start_in: Moment, end_in: Moment) -> (TokenId, T::AccountId, T::AccountId, BallotId) {
	let (token, manager) = funded::<T>();
	let partitions = weighted_partitions::<T>();
	let voter = T::BenchmarkHelper::voter(token, &manager, partitions, 1_000);
	let due = T::MaxScheduled::get();
	fill::<T>(token, &manager, T::MaxCheckpoints::get().saturating_sub(due), due);
	let now = T::Time::now();
	let weights: BallotWeightsOf<T> =
		BoundedVec::truncate_from((0..partitions as PartitionId).map(|p| (p, 1_000)).collect());
	let ballot = NextBallotId::<T>::get();
	CorporateActions::<T>::do_create_ballot(
		manager.clone(),
		token,
		0,
		weights,
		all_motions::<T>(),
		now + start_in,
		now + end_in,
		H256::repeat_byte(1),
	)
	.expect("the largest ballot is created");
	(token, manager, voter, ballot)
}


/// Every partition a token may have.
fn all_partitions<T: Config>() -> alloc::vec::Vec<PartitionId> {
	(0..T::MaxPartitions::get() as PartitionId).collect()
}

/// One unit of cash per unit, in every partition (each share read for every claim).
fn per_unit<T: Config>() -> PayoutOf<T> {
	Payout::PerUnit {
		rates: BoundedVec::truncate_from(
			all_partitions::<T>().into_iter().map(|partition| (partition, UnitRate { amount: 1, per: 1 })).collect(),
		),
	}
}

/// A full tax table (the holder's jurisdiction is none of them: the whole table is searched).
fn full_tax<T: Config>() -> TaxTableOf<T> {
	let rates = (0..T::MaxTaxRates::get())
		.map(|i| (CountryCode([b'A' + (i / 26) as u8, b'A' + (i % 26) as u8]), Permill::from_percent(10)))
		.collect();
	TaxTable { default: Permill::from_percent(30), rates: BoundedVec::truncate_from(rates) }
}

const FUNDS: CashBalance = 1_000_000_000_000;

/// A token whose checkpoint list is full and all taken (epochs 1..=MaxCheckpoints, 1000 of
/// each partition), an open distribution at its first checkpoint paid `pay_date`..far ahead,
/// and `holders` identities each holding 1000 / `holders` of every partition at the record
/// date, recorded under the latest epoch (a claim reads every epoch's records).
fn open_distribution_with<T: Config>(holders: u32, pay_date: Moment) -> (DistributionId, T::AccountId, alloc::vec::Vec<(T::AccountId, IdentityId)>) {
	let (token, manager) = funded::<T>();
	let taken = T::MaxCheckpoints::get();
	fill::<T>(token, &manager, taken, 0);
	let asset = T::BenchmarkHelper::cash(&manager, FUNDS);
	let id = NextDistributionId::<T>::get();
	CorporateActions::<T>::do_create_distribution(
		manager.clone(),
		DistributionTerms {
			token,
			checkpoint: 0,
			asset,
			payout: per_unit::<T>(),
			pay_date,
			expiry: pay_date.saturating_add(1_000_000_000),
			tax: full_tax::<T>(),
			tax_account: manager.clone(),
			funding: FUNDS / 2,
			notice: Default::default(),
		},
	)
	.expect("a valid distribution");
	let share = 1_000 / holders.max(1) as TokenBalance;
	let balances: PartitionBalancesOf<T> =
		BoundedVec::truncate_from(all_partitions::<T>().into_iter().map(|p| (p, share)).collect());
	let holders = (0..holders)
		.map(|seed| {
			let (wallet, identity) = T::BenchmarkHelper::holder(seed);
			Snapshots::<T>::insert((token, taken, identity), balances.clone());
			(wallet, identity)
		})
		.collect();
	(id, manager, holders)
}


/// A pending distribution whose checkpoint is one of `MaxScheduled` scheduled record dates
/// that passed without a movement: opening it takes them.
fn pending<T: Config>() -> (DistributionId, T::AccountId, TokenId) {
	let (token, manager) = funded::<T>();
	let due = T::MaxScheduled::get();
	let taken = T::MaxCheckpoints::get().saturating_sub(due);
	fill::<T>(token, &manager, taken, due);
	let asset = T::BenchmarkHelper::cash(&manager, FUNDS);
	let id = NextDistributionId::<T>::get();
	let now = T::Time::now();
	// Created on a taken checkpoint (it opens), then made pending on the first due one.
	CorporateActions::<T>::do_create_distribution(
		manager.clone(),
		DistributionTerms {
			token,
			checkpoint: 0,
			asset,
			payout: per_unit::<T>(),
			pay_date: now,
			expiry: now + 1_000_000,
			tax: full_tax::<T>(),
			tax_account: manager.clone(),
			funding: FUNDS / 2,
			notice: Default::default(),
		},
	)
	.expect("a valid distribution");
	let _ = CorporateActions::<T>::add_reference(token, taken);
	let _ = CorporateActions::<T>::remove_reference(token, 0);
	Distributions::<T>::mutate(id, |d| {
		if let Some(d) = d {
			d.checkpoint = taken;
			d.state = DistributionState::Pending;
			d.shares = BoundedVec::new();
			d.required = 0;
		}
	});
	(id, manager, token)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_checkpoint() {
		let (token, manager) = funded::<T>();
		let due = T::MaxScheduled::get();
		let taken = T::MaxCheckpoints::get().saturating_sub(due + 1);
		fill::<T>(token, &manager, taken, due);

		#[extrinsic_call]
		_(RawOrigin::Signed(manager), token);

		let list = Checkpoints::<T>::get(token);
		assert_eq!(list.len() as u32, T::MaxCheckpoints::get());
		assert!(list.iter().all(|checkpoint| checkpoint.epoch.is_some()));
	}

	#[benchmark]
	fn schedule_checkpoint() {
		let (token, manager) = funded::<T>();
		let scheduled = T::MaxScheduled::get().saturating_sub(1);
		let taken = T::MaxCheckpoints::get().saturating_sub(scheduled + 1);
		fill::<T>(token, &manager, taken, 0);
		let now = T::Time::now();
		for _ in 0..scheduled {
			CorporateActions::<T>::do_schedule_checkpoint(manager.clone(), token, now + 1_000_000)
				.expect("room to schedule");
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(manager), token, now + 1);

		assert_eq!(Checkpoints::<T>::get(token).len() as u32, T::MaxCheckpoints::get());
	}

	/// A scheduled checkpoint: removed at once, the token's marks rewritten.
	#[benchmark]
	fn retire_checkpoint() {
		let (token, manager) = funded::<T>();
		let taken = T::MaxCheckpoints::get().saturating_sub(1);
		fill::<T>(token, &manager, taken, 0);
		let now = T::Time::now();
		CorporateActions::<T>::do_schedule_checkpoint(manager.clone(), token, now + 1_000).expect("room");

		#[extrinsic_call]
		_(RawOrigin::Signed(manager), token, taken);

		assert_eq!(Checkpoints::<T>::get(token).len() as u32, taken);
	}

	#[benchmark]
	fn clear_retired(n: Linear<1, { T::MaxClearPerCall::get() }>) {
		let (token, manager) = funded::<T>();
		let taken = T::MaxCheckpoints::get();
		fill::<T>(token, &manager, taken, 0);
		Checkpoints::<T>::mutate(token, |list| list[0].retired = true);
		let balances: PartitionBalancesOf<T> =
			BoundedVec::truncate_from((0..T::MaxPartitions::get() as PartitionId).map(|p| (p, 1_000)).collect());
		for identity in 0..n {
			Snapshots::<T>::insert((token, 1, identity as IdentityId), balances.clone());
		}
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), token, n);

		assert_eq!(Checkpoints::<T>::get(token).len() as u32, taken - 1);
		assert_eq!(Snapshots::<T>::iter_prefix((token, 1)).count(), 0);
	}

	/// The movement path's part when `s` scheduled checkpoints are due.
	#[benchmark]
	fn take_due(s: Linear<1, { T::MaxScheduled::get() }>) {
		let (token, manager) = funded::<T>();
		let taken = T::MaxCheckpoints::get().saturating_sub(s);
		fill::<T>(token, &manager, taken, s);
		let supplies = alloc::vec![1_000; T::MaxPartitions::get() as usize];
		let now = T::Time::now();

		#[block]
		{
			<CorporateActions<T> as CheckpointObserver>::take_due(token, now, taken + 1, &supplies);
		}

		assert!(Checkpoints::<T>::get(token).iter().all(|checkpoint| checkpoint.epoch.is_some()));
	}

	/// The movement path's part at an identity's first change after a checkpoint.
	#[benchmark]
	fn record() {
		let (token, manager) = funded::<T>();
		let taken = T::MaxCheckpoints::get();
		fill::<T>(token, &manager, taken, 0);
		let balances: alloc::vec::Vec<(PartitionId, TokenBalance)> =
			(0..T::MaxPartitions::get() as PartitionId).map(|p| (p, 1_000)).collect();

		#[block]
		{
			<CorporateActions<T> as CheckpointObserver>::record(token, taken, 7, &balances);
		}

		assert!(Snapshots::<T>::contains_key((token, taken, 7)));
	}


	/// A full checkpoint list whose scheduled record dates are due (taken first), every
	/// partition paid, a full tax table, funding beyond what is owed (the excess released).
	#[benchmark]
	fn create_distribution() {
		let (token, manager) = funded::<T>();
		let due = T::MaxScheduled::get();
		fill::<T>(token, &manager, T::MaxCheckpoints::get().saturating_sub(due), due);
		let asset = T::BenchmarkHelper::cash(&manager, FUNDS);
		let now = T::Time::now();
		let tax_account = manager.clone();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(manager),
			token,
			0,
			asset,
			per_unit::<T>(),
			now,
			now + 1_000_000,
			full_tax::<T>(),
			tax_account,
			FUNDS / 2,
			Default::default(),
		);

		assert_eq!(Distributions::<T>::get(0).map(|d| d.state), Some(DistributionState::Open));
	}

	/// A pending distribution whose record date passed: the top-up opens it (taking the due
	/// checkpoints, releasing the excess).
	#[benchmark]
	fn top_up() {
		let (id, manager, _) = pending::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id, 1_000);

		assert_eq!(Distributions::<T>::get(id).map(|d| d.state), Some(DistributionState::Open));
	}

	#[benchmark]
	fn open_distribution() {
		let (id, manager, _) = pending::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id);

		assert_eq!(Distributions::<T>::get(id).map(|d| d.state), Some(DistributionState::Open));
	}

	/// Every partition paid, the holder's record under the latest of `MaxCheckpoints` epochs,
	/// a full tax table searched, paid to a wallet new to the asset.
	#[benchmark]
	fn claim() {
		let (id, _, holders) = open_distribution_with::<T>(1, T::Time::now());
		let (wallet, identity) = holders[0].clone();

		#[extrinsic_call]
		_(RawOrigin::Signed(wallet), id, None);

		assert!(Payments::<T>::contains_key(id, identity));
	}

	#[benchmark]
	fn push(n: Linear<1, { T::MaxPushPerCall::get() }>) {
		let (id, manager, holders) = open_distribution_with::<T>(n, T::Time::now());
		let identities: BoundedVec<IdentityId, T::MaxPushPerCall> =
			BoundedVec::truncate_from(holders.iter().map(|(_, identity)| *identity).collect());

		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id, identities);

		assert_eq!(Distributions::<T>::get(id).map(|d| d.claims), Some(n));
	}

	#[benchmark]
	fn set_tax_override() {
		let (id, manager, _) = open_distribution_with::<T>(1, T::Time::now());
		for identity in 0..T::MaxTaxOverrides::get().saturating_sub(1) {
			CorporateActions::<T>::do_set_tax_override(manager.clone(), id, 1_000_000 + identity as IdentityId, Some(Permill::zero()))
				.expect("room for overrides");
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id, 7, Some(Permill::from_percent(5)));

		assert_eq!(Distributions::<T>::get(id).map(|d| d.overrides), Some(T::MaxTaxOverrides::get()));
	}

	#[benchmark]
	fn sweep_tax() {
		let (id, _, holders) = open_distribution_with::<T>(1, T::Time::now());
		let (wallet, _) = holders[0].clone();
		CorporateActions::<T>::do_claim(wallet, id, None).expect("owed");
		// To an account new to the asset.
		Distributions::<T>::mutate(id, |d| {
			if let Some(d) = d {
				d.tax_account = account("tax", 0, 0);
			}
		});
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert_eq!(Distributions::<T>::get(id).map(|d| d.unswept_tax()), Some(0));
	}

	#[benchmark]
	fn reclaim() {
		let (id, manager, _) = open_distribution_with::<T>(1, T::Time::now());
		let now = T::Time::now();
		Distributions::<T>::mutate(id, |d| {
			if let Some(d) = d {
				d.pay_date = now.saturating_sub(1);
				d.expiry = now;
			}
		});

		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id);

		assert_eq!(Distributions::<T>::get(id).map(|d| d.state), Some(DistributionState::Reclaimed));
	}

	#[benchmark]
	fn cancel_distribution() {
		let (id, manager, _) = open_distribution_with::<T>(1, T::Time::now() + 1_000);

		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id);

		assert_eq!(Distributions::<T>::get(id).map(|d| d.state), Some(DistributionState::Cancelled));
	}

	/// `n` payment records removed, then the distribution (its deposit released).
	#[benchmark]
	fn clear_distribution(n: Linear<1, { T::MaxClearPerCall::get() }>) {
		let (id, manager, _) = open_distribution_with::<T>(1, T::Time::now() + 1_000);
		CorporateActions::<T>::do_cancel(manager, id).expect("before the pay date");
		for identity in 0..n {
			Payments::<T>::insert(id, identity as IdentityId, Payment { gross: 0, rate: Permill::zero(), tax: 0 });
		}
		Distributions::<T>::mutate(id, |d| {
			if let Some(d) = d {
				d.claims = n;
			}
		});
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, n);

		assert!(Distributions::<T>::get(id).is_none());
	}

	/// A ballot at its worst: `MaxMotions` motions of `MaxChoices` choices, the token's
	/// partitions all weighted (`MaxPartitions` at most), on the oldest of a full checkpoint
	/// list (`MaxScheduled` of them scheduled and due), the voter re-voting: its earlier vote
	/// subtracted, the due checkpoints taken first, its balance looked up under every later
	/// epoch (it has no record) and then live, in every partition.
	#[benchmark]
	fn vote() {
		let (token, manager, voter, ballot) = ballot_setup::<T>(0, 1_000_000_000);
		let identity = T::Identity::identity_of(&voter).expect("the helper's voter has an identity");
		let stored = Ballots::<T>::get(ballot).expect("created");
		let power = CorporateActions::<T>::power_of(&stored, identity).expect("readable");
		assert!(power > 0);
		// The earlier vote, stored as `vote` would have (without taking the due checkpoints).
		let earlier = Vote { power, choices: all_choices::<T>(Some(0)) };
		Ballots::<T>::mutate(ballot, |stored| {
			let stored = stored.as_mut().expect("created");
			CorporateActions::<T>::count(&mut stored.tallies, &earlier, true).expect("no overflow");
			stored.voters = 1;
		});
		Votes::<T>::insert(ballot, identity, earlier);
		let last = (T::MaxChoices::get() - 1) as u8;
		let _ = manager;

		#[extrinsic_call]
		_(RawOrigin::Signed(voter), ballot, all_choices::<T>(Some(last)));

		let stored = Ballots::<T>::get(ballot).expect("created");
		assert_eq!(stored.voters, 1);
		assert_eq!(stored.tallies[0].choices[last as usize], power);
		assert_eq!(stored.tallies[0].choices[0], 0);
		assert!(Checkpoints::<T>::get(token).iter().all(|checkpoint| checkpoint.epoch.is_some()));
	}

	/// The largest terms on the oldest of a full checkpoint list (the list searched, read and
	/// written to count the reference).
	#[benchmark]
	fn create_ballot() {
		let (token, manager) = funded::<T>();
		let partitions = weighted_partitions::<T>();
		let _ = T::BenchmarkHelper::voter(token, &manager, partitions, 1);
		fill::<T>(token, &manager, T::MaxCheckpoints::get(), 0);
		let now = T::Time::now();
		let weights: BallotWeightsOf<T> =
			BoundedVec::truncate_from((0..partitions as PartitionId).map(|p| (p, u32::MAX)).collect());

		#[extrinsic_call]
		_(RawOrigin::Signed(manager), token, 0, weights, all_motions::<T>(), now, now + 1_000_000, H256::repeat_byte(1));

		assert_eq!(Checkpoints::<T>::get(token)[0].references, 1);
		assert!(Ballots::<T>::contains_key(0));
	}

	/// Before the start: the reference released in a full list, the record removed, the
	/// deposit released.
	#[benchmark]
	fn cancel_ballot() {
		let (token, manager, _, ballot) = ballot_setup::<T>(1_000_000, 2_000_000);

		#[extrinsic_call]
		_(RawOrigin::Signed(manager), ballot);

		assert!(!Ballots::<T>::contains_key(ballot));
		assert_eq!(Checkpoints::<T>::get(token)[0].references, 0);
	}

	/// After the end, without votes: the reference released, the final tallies in the event,
	/// the record removed and the deposit released at once (with votes it is only rewritten).
	#[benchmark]
	fn close_ballot() {
		let (token, _, _, ballot) = ballot_setup::<T>(0, 1);
		let now = T::Time::now();
		// Ended: the period moved into the past (the benchmark cannot move the clock).
		Ballots::<T>::mutate(ballot, |stored| {
			let stored = stored.as_mut().expect("created");
			stored.start = now.saturating_sub(1);
			stored.end = now;
		});
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), ballot);

		assert!(!Ballots::<T>::contains_key(ballot));
		assert_eq!(Checkpoints::<T>::get(token)[0].references, 0);
	}

	/// The last page of `n` votes of a closed ballot: the votes, the record and the deposit go.
	#[benchmark]
	fn clear_votes(n: Linear<1, { T::MaxClearPerCall::get() }>) {
		let (_, _, _, ballot) = ballot_setup::<T>(0, 1);
		let choices = all_choices::<T>(None);
		Ballots::<T>::mutate(ballot, |stored| {
			let stored = stored.as_mut().expect("created");
			for identity in 0..n {
				let stored_vote = Vote { power: 1, choices: choices.clone() };
				CorporateActions::<T>::count(&mut stored.tallies, &stored_vote, true).expect("no overflow");
				Votes::<T>::insert(ballot, identity as IdentityId, stored_vote);
			}
			stored.voters = n;
			stored.closed = true;
		});
		// Closing released the reference.
		let token = Ballots::<T>::get(ballot).expect("created").token;
		CorporateActions::<T>::remove_reference(token, 0).expect("referenced");
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), ballot, n);

		assert!(!Ballots::<T>::contains_key(ballot));
		assert_eq!(Votes::<T>::iter_prefix(ballot).count(), 0);
	}

	impl_benchmark_test_suite!(CorporateActions, crate::mock::new_test_ext(), crate::mock::Test);
}
