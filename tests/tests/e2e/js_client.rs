//! A client in another language, from the chain's metadata alone: the JavaScript example
//! `clients/js/consent.mjs` (@polkadot/api, installed by scripts/setup.sh) registers an identity
//! on a `--dev` chain, signing the new wallet's consent as docs/CLIENTS.md says. The script
//! checks both sides of the documented trap: a signature over the runtime API's bytes as
//! @polkadot/api returns them (length prefix still on) is refused with `BadConsent` and changes
//! nothing; one over the payload itself registers the identity.

use anyhow::{ensure, Context, Result};
use std::process::Command;
use sto_harness::{dev_chain, workspace_root};

#[tokio::test(flavor = "multi_thread")]
async fn javascript_client_signs_a_consent_and_registers_an_identity() -> Result<()> {
	let (_dir, node, _sto) = dev_chain("js-client").await?;
	let script_dir = workspace_root().join("clients/js");
	ensure!(
		script_dir.join("node_modules/@polkadot/api").is_dir(),
		"clients/js has no node_modules: run scripts/setup.sh (it installs the npm packages)"
	);
	let output = tokio::task::spawn_blocking({
		let url = node.spec.rpc_url();
		move || {
			Command::new("node")
				.current_dir(&script_dir)
				.args(["consent.mjs", "--url", &url, "--json"])
				.output()
		}
	})
	.await?
	.context("run node (Node.js) on clients/js/consent.mjs")?;
	let stdout = String::from_utf8_lossy(&output.stdout);
	let stderr = String::from_utf8_lossy(&output.stderr);
	ensure!(output.status.success(), "consent.mjs failed ({}):\n{stdout}\n{stderr}", output.status);

	// The script's own verdict, and the facts behind it.
	let report: serde_json::Value =
		serde_json::from_str(stdout.lines().last().unwrap_or_default()).context("consent.mjs --json output")?;
	ensure!(report["ok"] == true, "{report}");
	ensure!(report["prefixed"]["error"] == "identityRegistry.BadConsent", "{report}");
	ensure!(report["bare"]["error"].is_null(), "{report}");
	let events = report["bare"]["events"].as_array().cloned().unwrap_or_default();
	ensure!(events.iter().any(|e| e == "identityRegistry.IdentityRegistered"), "{report}");
	ensure!(report["identity"].as_str().is_some_and(|id| id.parse::<u64>().is_ok()), "{report}");
	Ok(())
}
