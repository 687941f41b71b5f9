//! Dispatch of sto-node's subcommands.

use crate::{
	chain_spec,
	cli::{Cli, Subcommand},
	service,
};
use polkadot_sdk::{
	sc_cli::{self, SubstrateCli},
	sc_consensus_grandpa, sc_network,
	sc_service::PartialComponents,
	sp_runtime,
};
use std::sync::OnceLock;
use sto_runtime::opaque::Block;

/// What `--version` and `--help` print that the `sto-node` binary crate knows and this library
/// does not: its build script's version with the git commit, its manifest's description and
/// authors. Kept in the binary so that a new commit recompiles only the binary's `main`.
#[derive(Debug, Clone, Copy)]
pub struct NodeInfo {
	/// `--version`: `SUBSTRATE_CLI_IMPL_VERSION` of the binary's build script (the crate version
	/// and the commit).
	pub impl_version: &'static str,
	/// The description `--help` shows: the binary package's `description`.
	pub description: &'static str,
	/// The author `--help` shows: the binary package's `authors`.
	pub author: &'static str,
}

/// Set once by [`run`], before the command line is parsed; read by the `SubstrateCli` methods,
/// which take no `self`.
static NODE_INFO: OnceLock<NodeInfo> = OnceLock::new();

fn node_info() -> &'static NodeInfo {
	NODE_INFO.get().expect("sto_node_service::run sets the node info before anything reads it")
}

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"STO Node".into()
	}

	fn impl_version() -> String {
		node_info().impl_version.into()
	}

	fn description() -> String {
		node_info().description.into()
	}

	fn author() -> String {
		node_info().author.into()
	}

	fn support_url() -> String {
		"see README.md of the sto-chain repository".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn polkadot_sdk::sc_service::ChainSpec>, String> {
		chain_spec::load(id)
	}
}

/// Parse and run the command line; `info` is what the binary crate passes in (see [`NodeInfo`]).
pub fn run(info: NodeInfo) -> sc_cli::Result<()> {
	// A second call (none in the node) keeps the first call's info.
	let _ = NODE_INFO.set(info);
	let cli = Cli::from_args();

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let chain_spec = cli.load_spec(&cmd.chain)?;
			cmd.run(chain_spec)
		},
		Some(Subcommand::ConsortiumSpec(cmd)) => cmd.run().map_err(sc_cli::Error::Input),
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		},
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		},
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		},
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config)?;
				let aux_revert = Box::new(|client, _, blocks| {
					sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		},
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(cmd)) => crate::benchmarking::run(&cli, cmd),
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<Block>(&config))
		},
		None => {
			let runner = cli.create_runner(&cli.run)?;
			runner.run_node_until_exit(|config| async move {
				match config.network.network_backend {
					sc_network::config::NetworkBackendType::Libp2p => service::new_full::<
						sc_network::NetworkWorker<
							Block,
							<Block as sp_runtime::traits::Block>::Hash,
						>,
					>(config)
					.map_err(sc_cli::Error::Service),
					sc_network::config::NetworkBackendType::Litep2p => {
						service::new_full::<sc_network::Litep2pNetworkBackend>(config)
							.map_err(sc_cli::Error::Service)
					},
				}
			})
		},
	}
}
