//! The short run of the runtime fuzzer, part of the test command: proptest generates action
//! sequences (one chunk of bytes per action, mapped by the generator libFuzzer's long run uses
//! too), runs each on the native runtime from the start state, and on a failure shrinks the
//! sequence (whole actions first) to a minimal one that still fails.
//!
//! Deterministic: fixed seeds, so a run either fails or passes for given code. Environment
//! variables for longer runs: `STO_FUZZ_CASES` (cases per test), `STO_FUZZ_SEED` (a
//! different sequence of cases).

use proptest::{
	prelude::*,
	test_runner::{Config, RngSeed, TestCaseError, TestRunner},
};
use sto_fuzz::{generate, Action, Harness, Stats};

/// Cases per test by default: each test takes about a minute on one core of a 2-core CI
/// machine (the two tests run on both cores; docs/FUZZING.md has the figures).
const CASES: u32 = 1_200;

/// The most actions of a case.
const MAX_ACTIONS: usize = 300;

fn actions() -> impl Strategy<Value = Vec<Action>> {
	prop::collection::vec(prop::collection::vec(any::<u8>(), 8..72), 1..=MAX_ACTIONS)
		.prop_map(|chunks| chunks.iter().map(|chunk| generate::action_of(chunk)).collect())
}

fn env(name: &str) -> Option<u64> {
	std::env::var(name).ok().and_then(|value| value.parse().ok())
}

/// Run `CASES` cases from seed `seed` (offset by `STO_FUZZ_SEED`); print the figures.
fn run(name: &str, seed: u64) {
	let config = Config {
		cases: env("STO_FUZZ_CASES").map_or(CASES, |cases| cases as u32),
		rng_seed: RngSeed::Fixed(seed.wrapping_add(env("STO_FUZZ_SEED").unwrap_or(0))),
		failure_persistence: None,
		max_shrink_iters: 2_000,
		..Config::default()
	};
	let started = std::time::Instant::now();
	let totals = std::cell::RefCell::new(Stats::default());
	let mut runner = TestRunner::new(config);
	let result = runner.run(&actions(), |actions| {
		let mut harness = Harness::new();
		let outcome = harness.run(&actions);
		totals.borrow_mut().add(&harness.state.stats);
		outcome.map_err(|failure| TestCaseError::fail(failure.to_string()))
	});
	let totals = totals.into_inner();
	eprintln!(
		"{name}: {:.1} s, {} blocks, {} transactions ({} dispatched successfully), {} calls; pool: {} refused by compliance, {} accepted then refused by a movement",
		started.elapsed().as_secs_f64(),
		totals.blocks,
		totals.transactions,
		totals.dispatched_ok,
		totals.calls,
		totals.pool_refused_compliance,
		totals.pool_accepted_movement_refused,
	);
	if let Err(error) = result {
		panic!("{name}: {error}");
	}
}

#[test]
fn random_action_sequences_keep_the_invariants() {
	run("short run A", 0x5707_f022);
}

#[test]
fn more_random_action_sequences_keep_the_invariants() {
	run("short run B", 0xb10c_5eed);
}
