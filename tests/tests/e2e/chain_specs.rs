//! The committed raw chain specs (chain-specs/*.json) describe the genesis the runtime's presets
//! produce: same genesis storage apart from the runtime code, whose bytes depend on the compiler
//! that built it. Regenerate them with scripts/chain-specs.sh when this fails.

use anyhow::{anyhow, ensure, Context, Result};
use serde_json::Value;
use std::process::Command;
use sto_harness::node_binary;

/// `:code`, hex-encoded as a raw chain spec's storage key.
const CODE_KEY: &str = "0x3a636f6465";

fn genesis_without_code(spec: &Value) -> Result<serde_json::Map<String, Value>> {
	let mut top = spec
		.pointer("/genesis/raw/top")
		.and_then(Value::as_object)
		.cloned()
		.ok_or_else(|| anyhow!("not a raw chain spec: no genesis.raw.top"))?;
	ensure!(top.remove(CODE_KEY).is_some(), "the spec carries the runtime code");
	Ok(top)
}

fn check(chain: &str) -> Result<()> {
	let committed_path =
		sto_harness::workspace_root().join("chain-specs").join(format!("{chain}.json"));
	let committed: Value = serde_json::from_slice(
		&std::fs::read(&committed_path).with_context(|| format!("read {}", committed_path.display()))?,
	)?;
	let output = Command::new(node_binary()?)
		.args(["export-chain-spec", "--chain", chain, "--raw"])
		.output()
		.context("run sto-node export-chain-spec")?;
	ensure!(output.status.success(), "export-chain-spec failed: {}", String::from_utf8_lossy(&output.stderr));
	let fresh: Value = serde_json::from_slice(&output.stdout)?;

	for field in ["id", "chainType", "protocolId", "properties"] {
		ensure!(committed[field] == fresh[field], "{chain}: `{field}` differs from the preset's");
	}
	let (committed_top, fresh_top) = (genesis_without_code(&committed)?, genesis_without_code(&fresh)?);
	let differing: Vec<_> = fresh_top
		.keys()
		.chain(committed_top.keys())
		.filter(|key| committed_top.get(*key) != fresh_top.get(*key))
		.collect();
	// Production chains keep the 6-second slot and the bridge's day-long limits: no test
	// chain's parameter in genesis.
	for name in sto_harness::TEST_CHAIN_PARAMETERS {
		let key = format!("0x{}", hex::encode(sto_harness::parameter_key(name)));
		ensure!(
			!committed_top.contains_key(&key) && !fresh_top.contains_key(&key),
			"{chain}: the genesis sets the runtime's {name} (only test chains may)"
		);
	}
	ensure!(
		differing.is_empty(),
		"chain-specs/{chain}.json is stale ({} storage keys differ, e.g. {:?}): run scripts/chain-specs.sh",
		differing.len(),
		differing.first()
	);
	Ok(())
}

#[test]
fn committed_local_spec_matches_the_preset() -> Result<()> {
	check("local")
}

#[test]
fn committed_consortium_spec_matches_the_preset() -> Result<()> {
	check("consortium")
}
