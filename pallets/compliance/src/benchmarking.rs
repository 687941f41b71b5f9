//! Benchmarks: the calls at their worst case, each rule kind evaluated (and, for volume
//! rules, recorded) through the real hook on a transfer between two verified identities of a
//! real token, and the hook's statistics at their worst on a token without rules. A rule kind's weight includes reading the token's settings once, so summing
//! per-rule weights over-counts that read slightly: the safe side.

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{pallet_prelude::*, traits::Get};
use frame_system::RawOrigin;
use polkadot_sdk::frame_benchmarking;
use frame_support::traits::Time;
use sto_primitives::token::{ComplianceHook, Party};

type Helper<T> = <T as Config>::BenchmarkHelper;

/// A distinct, well-formed country code per index ("AA", "AB", ...), never "DE".
fn country(index: u32) -> CountryCode {
	let first = b'A' + ((index / 26) % 26) as u8;
	let second = b'A' + (index % 26) as u8;
	CountryCode([if first == b'D' { b'X' } else { first }, second])
}

fn bounded<S: Get<u32>, X: Clone>(items: Vec<X>) -> BoundedVec<X, S> {
	BoundedVec::truncate_from(items)
}

fn install<T: Config>(token: TokenId, rules: Vec<RuleOf<T>>) -> Result<(), BenchmarkError> {
	let rules = BoundedVec::try_from(rules).map_err(|_| BenchmarkError::Stop("at most MaxRules rules"))?;
	Pallet::<T>::do_set_rules(token, rules).map_err(|_| BenchmarkError::Stop("rules must validate"))
}

/// A transfer of `amount` from the helper's sender to its receiver, as the token describes it.
fn transfer<T: Config>(setup: &BenchmarkToken<T::AccountId>, amount: TokenBalance) -> Result<MovementOf<T>, BenchmarkError> {
	T::Tokens::describe(
		setup.token,
		0,
		0,
		MovementKind::Transfer,
		Some(setup.sender.clone()),
		Some(setup.receiver.clone()),
		amount,
	)
	.map_err(|_| BenchmarkError::Stop("the benchmark transfer must be describable"))
}

/// Check and record `movement` as the token does on every movement; the rules must pass.
fn run_hook<T: Config>(movement: &MovementOf<T>) {
	let outcome = <Pallet<T> as ComplianceHook<T::AccountId, TokenBalance, Moment>>::check(movement);
	<Pallet<T> as ComplianceHook<T::AccountId, TokenBalance, Moment>>::moved(movement);
	assert_eq!(outcome, Ok(()), "the benchmarked rules pass");
}

/// The helper set up the slowest way for the token to learn the receiver's jurisdiction and
/// investor type: nothing chain-wide, the receiver's book for the token answers.
fn assert_receiver_profile_is_token_scoped<T: Config>(setup: &BenchmarkToken<T::AccountId>, movement: &MovementOf<T>) {
	let receiver = movement.to.as_ref().map(|party| party.identity).expect("a transfer has a receiver");
	assert_eq!(T::Identity::jurisdiction(receiver, None, movement.now), None);
	assert_eq!(T::Identity::investor_type(receiver, None, movement.now), None);
	assert_eq!(T::Identity::jurisdiction(receiver, Some(setup.token), movement.now), Some(CountryCode(*b"DE")));
	assert_eq!(T::Identity::investor_type(receiver, Some(setup.token), movement.now), Some(InvestorType::Institutional));
}

/// The sender's whole identity-level holding.
fn sender_holding<T: Config>(setup: &BenchmarkToken<T::AccountId>) -> Result<TokenBalance, BenchmarkError> {
	Ok(transfer::<T>(setup, 1)?.from.map_or(0, |party| party.holding_before))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `r` jurisdiction rules of `MaxCountriesPerRule` countries each, alternately allow and
	/// block lists of disjoint countries (every country is looked up in the contradiction
	/// check).
	#[benchmark]
	fn set_rules(r: Linear<1, { T::MaxRules::get() }>) -> Result<(), BenchmarkError> {
		let setup = Helper::<T>::token_with_parties(&[]);
		let per_rule = T::MaxCountriesPerRule::get();
		let rules: BoundedVec<RuleOf<T>, T::MaxRules> = bounded((0..r)
			.map(|i| {
				let allow = i % 2 == 0;
				let first = if allow { 0 } else { per_rule };
				let countries = bounded((first..first + per_rule).map(country).collect());
				let kind = if allow {
					RuleKind::AllowJurisdictions(countries)
				} else {
					RuleKind::BlockJurisdictions(countries)
				};
				Rule { partition: None, kind }
			})
			.collect());

		#[extrinsic_call]
		_(RawOrigin::Signed(setup.manager), setup.token, rules);

		assert_eq!(TokenSettings::<T>::get(setup.token).map(|s| s.rules.len() as u32), Some(r));
		Ok(())
	}

	#[benchmark]
	fn set_exemptions(e: Linear<1, { T::MaxExemptions::get() }>) -> Result<(), BenchmarkError> {
		let setup = Helper::<T>::token_with_parties(&[]);
		let exempt: BoundedVec<IdentityId, T::MaxExemptions> = bounded((0..e as u64).map(|i| 1_000_000 + i).collect());

		#[extrinsic_call]
		_(RawOrigin::Signed(setup.manager), setup.token, exempt);

		assert_eq!(TokenSettings::<T>::get(setup.token).map(|s| s.exempt.len() as u32), Some(e));
		Ok(())
	}

	#[benchmark]
	fn set_trading_paused() -> Result<(), BenchmarkError> {
		let setup = Helper::<T>::token_with_parties(&[]);

		#[extrinsic_call]
		_(RawOrigin::Signed(setup.manager), setup.token, true);

		assert!(TokenSettings::<T>::get(setup.token).is_some_and(|s| s.paused));
		Ok(())
	}

	/// Claim rules of `c` complexity units in all: receiver-side, all of up to
	/// `MaxTopicsPerRule` distinct custom topics each, every claim valid.
	#[benchmark]
	fn rule_claims(c: Linear<1, { T::MaxComplexity::get().min(T::MaxRules::get() * T::MaxTopicsPerRule::get()) }>) -> Result<(), BenchmarkError> {
		let topics: Vec<ClaimTopic> = (0..c).map(ClaimTopic::Custom).collect();
		let setup = Helper::<T>::token_with_parties(&topics);
		let rules = topics
			.chunks(T::MaxTopicsPerRule::get() as usize)
			.map(|chunk| Rule {
				partition: None,
				kind: RuleKind::Claims {
					side: Side::Receiver,
					requirement: Requirement::AllOf,
					topics: bounded(chunk.to_vec()),
					issuers: IssuerSource::Trusted,
				},
			})
			.collect();
		install::<T>(setup.token, rules)?;
		let movement = transfer::<T>(&setup, 1)?;

		#[block]
		{
			run_hook::<T>(&movement);
		}
		Ok(())
	}

	/// An allow list of `MaxCountriesPerRule` countries, the receiver's last; the receiver's
	/// jurisdiction comes from its full book for the token (nothing chain-wide).
	#[benchmark]
	fn rule_jurisdiction() -> Result<(), BenchmarkError> {
		let setup = Helper::<T>::token_with_parties(&[]);
		let mut countries: Vec<CountryCode> =
			(0..T::MaxCountriesPerRule::get().saturating_sub(1)).map(country).collect();
		countries.push(CountryCode(*b"DE"));
		install::<T>(setup.token, alloc::vec![Rule { partition: None, kind: RuleKind::AllowJurisdictions(bounded(countries)) }])?;
		let movement = transfer::<T>(&setup, 1)?;
		assert_receiver_profile_is_token_scoped::<T>(&setup, &movement);

		#[block]
		{
			run_hook::<T>(&movement);
		}
		Ok(())
	}

	/// The receiver's investor type comes from its full book for the token (a claim of each
	/// category, lowest first: every category's token issuer list is read).
	#[benchmark]
	fn rule_investor_type() -> Result<(), BenchmarkError> {
		let setup = Helper::<T>::token_with_parties(&[]);
		let kinds = alloc::vec![
			InvestorType::Retail,
			InvestorType::QualifiedPurchaser,
			InvestorType::Institutional,
			InvestorType::Accredited,
		];
		install::<T>(setup.token, alloc::vec![Rule { partition: None, kind: RuleKind::AllowInvestorTypes(bounded(kinds)) }])?;
		let movement = transfer::<T>(&setup, 1)?;
		assert_receiver_profile_is_token_scoped::<T>(&setup, &movement);

		#[block]
		{
			run_hook::<T>(&movement);
		}
		Ok(())
	}

	/// The receiver joins the class while the sender (of the same class) leaves: the class
	/// count, the receiver's class and the sender's recorded class are read; the hook then
	/// moves the count.
	#[benchmark]
	fn rule_max_holders_in() -> Result<(), BenchmarkError> {
		let setup = Helper::<T>::token_with_parties(&[]);
		let rule = RuleKind::MaxHoldersIn { class: HolderClass::Jurisdiction(CountryCode(*b"DE")), limit: 1 };
		install::<T>(setup.token, alloc::vec![Rule { partition: None, kind: rule }])?;
		let movement = transfer::<T>(&setup, sender_holding::<T>(&setup)?)?;

		#[block]
		{
			run_hook::<T>(&movement);
		}
		Ok(())
	}

	/// The sender's counter has a full ring of past buckets; the hook reads and rewrites it.
	#[benchmark]
	fn rule_volume() -> Result<(), BenchmarkError> {
		let setup = Helper::<T>::token_with_parties(&[]);
		let window = T::VolumeBuckets::get();
		install::<T>(setup.token, alloc::vec![Rule { partition: None, kind: RuleKind::VolumeLimit { window, max: TokenBalance::MAX } }])?;
		let movement = transfer::<T>(&setup, 1)?;
		let identity = movement.from.as_ref().map(|party| party.identity).ok_or(BenchmarkError::Stop("a sender"))?;
		let now_bucket = Pallet::<T>::bucket_of(movement.now);
		let mut counter = VolumeCounter::<T::VolumeBuckets>::default();
		for back in (1..window as u64).rev() {
			counter.record(now_bucket.saturating_sub(back), 1);
		}
		Volumes::<T>::insert(setup.token, identity, counter);

		#[block]
		{
			run_hook::<T>(&movement);
		}
		Ok(())
	}

	/// `r` of the rules that only compute (holders, balance, ownership, holding period,
	/// trading window): ownership, the 256-bit comparison. Its intercept is the hook's fixed
	/// part (settings, classification, counters: what every rule's benchmark carries), its
	/// slope one computing rule (`Pallet::rules_weight`).
	#[benchmark]
	fn rule_arithmetic(r: Linear<1, { T::MaxRules::get().min(T::MaxComplexity::get()) }>) -> Result<(), BenchmarkError> {
		let setup = Helper::<T>::token_with_parties(&[]);
		let rules = (0..r).map(|_| Rule { partition: None, kind: RuleKind::MaxOwnership(PARTS_PER_MILLION) }).collect();
		install::<T>(setup.token, rules)?;
		let movement = transfer::<T>(&setup, 1)?;

		#[block]
		{
			run_hook::<T>(&movement);
		}
		Ok(())
	}

	/// The holder statistics at their worst, on a token without rules (what every movement of
	/// every token pays, `Pallet::fixed_weight`): the sender's whole holding leaves (its two
	/// classes are uncounted) and the receiver, with a jurisdiction and an investor type,
	/// joins (counted under both).
	#[benchmark]
	fn hook_statistics() -> Result<(), BenchmarkError> {
		let setup = Helper::<T>::token_with_parties(&[]);
		Pallet::<T>::do_set_rules(setup.token, BoundedVec::new())
			.map_err(|_| BenchmarkError::Stop("no rules"))?;
		let movement = transfer::<T>(&setup, sender_holding::<T>(&setup)?)?;
		let sender = movement.from.as_ref().map(|party| party.identity).ok_or(BenchmarkError::Stop("a sender"))?;
		let receiver = movement.to.as_ref().map(|party| party.identity).ok_or(BenchmarkError::Stop("a receiver"))?;
		// The sender counted under its classes as its issuance was (should the set-up not
		// have run the hook).
		if HolderClasses::<T>::get(setup.token, sender).is_none() {
			let joined = Movement {
				kind: MovementKind::Issue,
				from: None,
				to: Some(Party { account: setup.sender.clone(), identity: sender, holding_before: 0 }),
				..movement.clone()
			};
			<Pallet<T> as ComplianceHook<T::AccountId, TokenBalance, Moment>>::moved(&joined);
		}
		let classes = |identity| HolderClasses::<T>::get(setup.token, identity).map_or(0, |c| c.classes().count());
		ensure!(classes(sender) == 2, BenchmarkError::Stop("the sender holds under two classes"));

		#[block]
		{
			run_hook::<T>(&movement);
		}

		assert_eq!(classes(sender), 0, "the sender left");
		assert_eq!(classes(receiver), 2, "the receiver joined under two classes");
		Ok(())
	}

	/// `n` counters examined, each removed: the token limits volumes and every counter's
	/// buckets are older than the longest window (the staleness check reads the whole ring).
	#[benchmark]
	fn prune_volumes(n: Linear<0, { T::MaxVolumePrune::get() }>) -> Result<(), BenchmarkError> {
		let setup = Helper::<T>::token_with_parties(&[]);
		let window = T::VolumeBuckets::get();
		install::<T>(setup.token, alloc::vec![Rule { partition: None, kind: RuleKind::VolumeLimit { window, max: TokenBalance::MAX } }])?;
		let now_bucket = Pallet::<T>::bucket_of(T::Time::now());
		ensure!(now_bucket >= window as u64, BenchmarkError::Stop("the clock is past the first window"));
		let old_bucket = now_bucket - window as u64;
		for identity in 0..n as u64 {
			let mut counter = VolumeCounter::<T::VolumeBuckets>::default();
			counter.record(old_bucket, 1);
			Volumes::<T>::insert(setup.token, 1_000_000 + identity, counter);
		}
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), setup.token, None, n);

		assert_eq!(Volumes::<T>::iter_prefix(setup.token).count(), 0);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
