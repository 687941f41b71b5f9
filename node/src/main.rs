//! sto-node: the STO appchain's node (Aura blocks, GRANDPA finality, ParityDB).

mod chain_spec;
mod cli;
mod command;
mod consortium_spec;
mod rpc;
mod service;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;

fn main() -> polkadot_sdk::sc_cli::Result<()> {
	command::run()
}
