//! libFuzzer target: the bytes are an action sequence (the generator of the short run), run on
//! the native runtime from the start state; a broken invariant, a false pool refusal or a
//! panic is a crash. Every 1,000 runs the cumulative figures are printed (stderr).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::Mutex;
use sto_fuzz::{generate, Harness, Stats};

static TOTALS: Mutex<(u64, Option<Stats>)> = Mutex::new((0, None));

fuzz_target!(|bytes: &[u8]| {
	let actions = generate::actions(bytes);
	let mut harness = Harness::new();
	let outcome = harness.run(&actions);
	{
		let mut totals = TOTALS.lock().expect("not poisoned");
		totals.0 += 1;
		totals.1.get_or_insert_with(Stats::default).add(&harness.state.stats);
		if totals.0 % 1_000 == 0 {
			if let Some(stats) = &totals.1 {
				eprintln!("#sto-fuzz runs {} {}", totals.0, stats.summary());
			}
		}
	}
	if let Err(failure) = outcome {
		eprintln!("actions: {:#?}", &actions[..=failure.action.min(actions.len().saturating_sub(1))]);
		panic!("{failure}");
	}
});
