//! What the `sto` end-to-end tests share: running the real `sto` binary against a node and
//! reading its output.

#![allow(dead_code)] // not every helper is used by every scenario

use anyhow::{ensure, Context, Result};
use serde_json::Value as Json;
use std::process::Output;
use sto_harness::subxt_signer::sr25519::Keypair;

/// Run `sto` with `args` against `url`, signed by `suri` (through `STO_SURI`, as an operator
/// would keep a key out of the process list). The arguments are copied at once, so that
/// several runs can be joined.
pub fn sto(url: &str, suri: Option<&str>, args: &[&str]) -> impl std::future::Future<Output = Result<Output>> + 'static {
	let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_sto"));
	command.args(args).env("STO_URL", url).env_remove("STO_SURI");
	if let Some(suri) = suri {
		command.env("STO_SURI", suri);
	}
	let line = args.join(" ");
	async move { command.output().await.with_context(|| format!("run sto {line}")) }
}

pub fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

/// Run `sto --json …`, which must succeed; its JSON output.
pub fn sto_json(url: &str, suri: Option<&str>, args: &[&str]) -> impl std::future::Future<Output = Result<Json>> + 'static {
	let mut all = vec!["--json"];
	all.extend_from_slice(args);
	let run = sto(url, suri, &all);
	let line = args.join(" ");
	async move {
		let output = run.await?;
		ensure!(output.status.success(), "sto {line} failed: {}{}", text(&output.stderr), text(&output.stdout));
		serde_json::from_slice(&output.stdout).with_context(|| format!("sto {line} printed no JSON: {}", text(&output.stdout)))
	}
}

/// Run `sto …`, which must fail with exit status 1 and a one-line error; (stdout, stderr's
/// last line).
pub fn sto_fails(url: &str, suri: Option<&str>, args: &[&str]) -> impl std::future::Future<Output = Result<(String, String)>> + 'static {
	let run = sto(url, suri, args);
	let line = args.join(" ");
	async move {
		let output = run.await?;
		ensure!(
			output.status.code() == Some(1),
			"sto {line} should fail with status 1: {:?}\n{}{}",
			output.status,
			text(&output.stdout),
			text(&output.stderr)
		);
		let stderr = text(&output.stderr);
		let error = stderr.lines().last().unwrap_or_default().to_string();
		ensure!(error.starts_with("error: "), "the last line is the error: {stderr}");
		Ok((text(&output.stdout), error))
	}
}

pub fn address(key: &Keypair) -> String {
	key.public_key().to_account_id().to_string()
}

