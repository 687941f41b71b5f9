//! sto-node: the STO appchain's node (Aura blocks, GRANDPA finality, ParityDB).
//!
//! The node's code is the library `sto-node-service` (`node/service/`); this crate holds only
//! the build script that puts the git commit into `--version`, so a new commit recompiles this
//! `main` and relinks, not the node (docs/BUILD.md).

fn main() -> sto_node_service::Result<()> {
	sto_node_service::run(sto_node_service::NodeInfo {
		impl_version: env!("SUBSTRATE_CLI_IMPL_VERSION"),
		description: env!("CARGO_PKG_DESCRIPTION"),
		author: env!("CARGO_PKG_AUTHORS"),
	})
}
