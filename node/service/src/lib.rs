//! The STO appchain's node (Aura blocks, GRANDPA finality, ParityDB): its CLI, service, RPC and
//! benchmark commands. The `sto-node` binary (`node/`) is a thin crate whose `main` calls [`run`]
//! with what its own build script and manifest know (docs/BUILD.md: the git commit in
//! `--version` is a build script's output, and a crate with that build script is recompiled for
//! every commit; here that is only the binary's `main`, not this crate).

mod chain_spec;
mod cli;
mod command;
mod consortium_spec;
mod rpc;
mod service;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;

pub use command::{run, NodeInfo};
pub use polkadot_sdk::sc_cli::Result;
