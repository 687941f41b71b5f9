//! The committed metadata (client/metadata/sto-runtime.scale: what clients of this release are
//! written against, and what the typed client will be generated from) is what the runtime
//! serves: `Metadata_metadata_at_version(16)` from a `--dev` node with the production slot
//! (the `MinimumPeriod` constant is read from storage: a test chain's differs). When a runtime
//! change alters calls, events, errors, storage or constants, this fails; regenerate with
//! `scripts/metadata.sh` and say in the release notes what clients see change
//! (docs/CONSORTIUM.md, docs/ARCHITECTURE.md rule 9).

use anyhow::{anyhow, ensure, Context, Result};
use sto_harness::{
	subxt::ext::codec::{Decode, Encode},
	workspace_root, Node, NodeSpec, TestDir,
};

/// The metadata version clients are written against.
const METADATA_VERSION: u32 = 16;

#[tokio::test(flavor = "multi_thread")]
async fn committed_metadata_matches_the_runtime() -> Result<()> {
	let dir = TestDir::new("metadata");
	// `--chain dev` as the presets make it: production timing, unlike the harness's test chains.
	let node = Node::start(NodeSpec::new("dev", "dev", &dir).arg("--dev")).await?;
	let rpc = node.rpc().await?;
	let bytes = rpc
		.state_call("Metadata_metadata_at_version", Some(&METADATA_VERSION.encode()), None)
		.await
		.context("state_call Metadata_metadata_at_version")?;
	let served = Option::<Vec<u8>>::decode(&mut &bytes[..])
		.context("decode the runtime API's answer")?
		.ok_or_else(|| anyhow!("the runtime serves no metadata version {METADATA_VERSION}"))?;

	let path = workspace_root().join("client/metadata/sto-runtime.scale");
	if std::env::var_os("STO_WRITE_METADATA").is_some() {
		std::fs::write(&path, &served).with_context(|| format!("write {}", path.display()))?;
		eprintln!("wrote {} ({} bytes)", path.display(), served.len());
	}
	let committed = std::fs::read(&path).with_context(|| format!("read {}", path.display()))?;
	ensure!(
		committed == served,
		"client/metadata/sto-runtime.scale ({} bytes) is not the runtime's metadata v{METADATA_VERSION} ({} bytes): \
		 run scripts/metadata.sh and review what clients see change",
		committed.len(),
		served.len()
	);
	Ok(())
}
