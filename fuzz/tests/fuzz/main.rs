//! The runtime fuzzer's tests on the native runtime: the checks bite, the council's path to
//! `Root`, the defects it found (replayed), and the short run of the test command. One test
//! binary, one module each: every test binary links the native runtime in the release profile,
//! so one link serves them all.
//!
//! Run one: `cargo nextest run --release -p sto-fuzz short_run::`.

mod checks;
mod governance;
mod regressions;
mod short_run;
