//! The cap-table service's tests beyond its unit tests, one test binary (each test binary links
//! subxt, the harness, the native runtime and sqlx in the release profile, so one link serves
//! them all); the test runner still runs each test in its own process:
//!
//! - `cap_table`: the indexer against a real node on loopback (killed and restarted midway, a
//!   crash before a commit, SQLite and PostgreSQL, the page in headless Chromium);
//! - `in_process`: no node, the runtime's blocks fed in process through the indexer's decoder;
//! - `upgrade`: the index spans a runtime upgrade (Sudo sets the next runtime's code midway);
//! - `bridge`: the EVM bridge's tables rebuilt from a dev node's events (the test plays the
//!   signers; no EVM chain) and reconciled with its storage;
//! - `benchmark`: ignored by default, run by `scripts/bench-indexer.sh`.

mod benchmark;
mod bridge;
mod cap_table;
mod common;
mod in_process;
mod upgrade;
