//! Explore with the fuzzer's harness outside the test runner: run random action sequences
//! (the generator of both runs, fed by a seeded xorshift), print the figures, and reduce a
//! failing sequence to the actions it needs (greedy removal of chunks of actions, a sequence
//! that fails the same way is kept).
//!
//! ```text
//! cargo run --release -p sto-fuzz --example explore -- [seed] [runs] [bytes per run] [flags]
//! ```
//! Flags (letters): `r` reduce each failure and print the reduced actions, `c` dispatch
//! outcomes per call, `e` dispatch errors, `v` events, `m` the model's movement figures.
//! `STO_FUZZ_SKIP=holdings,deposits` skips named checks (to look past an open defect).
//!
//! ```text
//! cargo run --release -p sto-fuzz --example explore -- <file>
//! ```
//! replays the actions a file of bytes makes (a libFuzzer crash or corpus entry), and reduces
//! them if they fail.

use sto_fuzz::{generate, Action, Harness, Stats};

fn failure(actions: &[Action]) -> Option<String> {
	let mut harness = Harness::new();
	match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| harness.run(actions))) {
		Ok(Ok(())) => None,
		Ok(Err(failure)) => Some(failure.message),
		Err(_) => Some("panic".into()),
	}
}

/// The shortest sequence found that still fails with a message starting like `message`.
fn reduce(mut actions: Vec<Action>, message: &str) -> Vec<Action> {
	let prefix: String = message.chars().take(40).collect();
	let fails_alike = |candidate: &[Action]| failure(candidate).is_some_and(|m| m.starts_with(&prefix));
	let mut chunk = actions.len().div_ceil(2);
	while chunk >= 1 {
		let mut start = 0;
		while start < actions.len() {
			let mut candidate = actions.clone();
			candidate.drain(start..(start + chunk).min(actions.len()));
			if fails_alike(&candidate) {
				actions = candidate;
			} else {
				start += chunk;
			}
		}
		chunk /= 2;
	}
	actions
}

fn main() {
	let arg = |n: usize| std::env::args().nth(n);
	if let Some(bytes) = arg(1).and_then(|path| std::fs::read(path).ok()) {
		let actions = generate::actions(&bytes);
		let mut harness = Harness::new();
		match harness.run(&actions) {
			Ok(()) => eprintln!("{} actions, no failure: {}", actions.len(), harness.state.stats.summary()),
			Err(found) => {
				eprintln!("FAILURE {found}");
				let reduced = reduce(actions[..=found.action.min(actions.len() - 1)].to_vec(), &found.message);
				eprintln!("reduced to {} actions:\n{reduced:#?}", reduced.len());
			},
		}
		return;
	}
	let mut seed: u64 = arg(1).and_then(|a| a.parse().ok()).unwrap_or(1).max(1);
	let runs: usize = arg(2).and_then(|a| a.parse().ok()).unwrap_or(20);
	let len: usize = arg(3).and_then(|a| a.parse().ok()).unwrap_or(4_000);
	let flags = arg(4).unwrap_or_default();
	let started = std::time::Instant::now();
	let _ = Harness::new();
	eprintln!("start state built in {:?}", started.elapsed());
	let (mut totals, mut failures) = (Stats::default(), 0);
	let mut movements = sto_fuzz::model::MovementStats::default();
	let started = std::time::Instant::now();
	for _ in 0..runs {
		let bytes: Vec<u8> = (0..len)
			.map(|_| {
				seed ^= seed << 13;
				seed ^= seed >> 7;
				seed ^= seed << 17;
				seed as u8
			})
			.collect();
		let actions = generate::actions(&bytes);
		let mut harness = Harness::new();
		if let Err(found) = harness.run(&actions) {
			failures += 1;
			eprintln!("FAILURE {found}");
			if flags.contains('r') {
				let reduced = reduce(actions[..=found.action.min(actions.len() - 1)].to_vec(), &found.message);
				eprintln!("reduced to {} actions:\n{reduced:#?}", reduced.len());
			}
		}
		totals.add(&harness.state.stats);
		let model = &harness.state.model.stats;
		for (kind, count) in &model.moved {
			*movements.moved.entry(kind.clone()).or_default() += count;
		}
		movements.receipts += model.receipts;
		for (rule, count) in &model.limits_checked {
			*movements.limits_checked.entry(rule).or_default() += count;
		}
	}
	eprintln!("{runs} runs, {failures} failed, in {:.1} s: {}", started.elapsed().as_secs_f64(), totals.summary());
	if flags.contains('m') {
		eprintln!("{movements:?}");
	}
	if flags.contains('c') {
		for (call, (ok, failed)) in &totals.by_call {
			eprintln!("  {call}: {ok} ok, {failed} failed");
		}
	}
	if flags.contains('e') {
		for (error, count) in &totals.errors {
			eprintln!("  {error}: {count}");
		}
	}
	if flags.contains('v') {
		for (event, count) in &totals.events {
			eprintln!("  {event}: {count}");
		}
	}
}
