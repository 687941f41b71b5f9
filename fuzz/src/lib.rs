//! # STO runtime fuzzer
//!
//! Drives the **real runtime** (`sto-runtime`, native) with random sequences of every call of
//! every pallet a user can reach (ours: identity registry, security token, compliance, custody,
//! validator set; FRAME: balances, assets, utility batches and `as_derivative` and `if_else`,
//! proxy, multisig, council motions, sudo), from many accounts and identities, wrapped in
//! batches, proxy calls and multisig operations, with random times and block boundaries, and
//! checks after every block:
//! - no panic (block building, transaction validation, dispatch);
//! - each of our pallets' `do_try_state()`, the fee token's issuance, the assets' supplies,
//!   the deposits our pallets hold ([`checks`]);
//! - the block's weight per dispatch class within `RuntimeBlockWeights`;
//! - the state rebuilt from events alone (the cap table with genesis holdings; identities,
//!   claims, issuers, rules) equals storage ([`model`]);
//! - no identity receives a token while not verified, and no successful movement leaves a
//!   rule's limit violated (grandfathered: a limit binds the movements that increase what it
//!   limits), judged at each movement on the state rebuilt from the events before it;
//! - the pool's check (`TaggedTransactionQueue::validate_transaction`, source `External`)
//!   never panics and never refuses a transaction whose dispatch then succeeds ([`harness`]);
//! - the free pre-checks agree with the dispatch that follows: `can_transfer` and the
//!   compliance report with a transfer, the custody preview with a settlement ([`views`]).
//!
//! Layout: [`action`] the symbolic action model, [`generate`] bytes to actions (shared by the
//! proptest run in `tests/short_run.rs` and the libFuzzer run in `fuzz/libfuzzer`),
//! [`resolve`] actions to calls, [`chain`] block building, [`harness`] the executor,
//! [`setup`] the start state. docs/FUZZING.md tells how to run it.

pub mod action;
pub mod chain;
pub mod checks;
pub mod generate;
pub mod harness;
pub mod keys;
pub mod model;
pub mod resolve;
pub mod setup;
pub mod views;

pub use action::Action;
pub use harness::{ClosedBlock, Failure, Harness, Stats};

/// Run the actions `bytes` make from the start state; the failure, if any. For the libFuzzer
/// target: a failure is reported with the actions that led to it, then panics.
pub fn run_bytes(bytes: &[u8]) -> Result<Stats, Failure> {
	let actions = generate::actions(bytes);
	let mut harness = Harness::new();
	harness.run(&actions)?;
	Ok(harness.state.stats)
}
