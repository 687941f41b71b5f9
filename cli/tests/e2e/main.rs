//! The `sto` command-line tool end to end: the real `sto` binary against real `sto-node`
//! processes on loopback (started by sto-harness on test chains with short slots). One test
//! binary, one module per scenario: each test binary links subxt, the client and the harness
//! in the release profile, so one link serves them all; the test runner still runs each test in
//! its own process, three end-to-end tests at a time (.config/nextest.toml).
//!
//! Run one scenario: `cargo nextest run --release -p sto-cli upgrade::`.

mod bridge;
mod common;
mod corporate;
mod custody;
mod offering;
mod onboarding;
mod roles;
mod upgrade;
