//! `sto-bridge signer | relay | keeper`: the EVM bridge's off-chain processes (docs/BRIDGE.md).
//!
//! Secrets come from the environment, never from the command line (which other users of the
//! machine can read): `STO_BRIDGE_SURI` (the signer's account here), `STO_BRIDGE_EVM_KEY` (a
//! signer's secp256k1 key, or the relay's funded EVM account), each `0x` + 64 hex digits for
//! the EVM key, a secret URI for the account (the keeper's account too: it pays fees here).

use alloy::signers::local::PrivateKeySigner;
use anyhow::{anyhow, Context, Result};
use clap::{Args, Parser, Subcommand};
use std::time::Duration;
use sto_bridge::{evm, keeper::Keeper, metrics::Metrics, relay::Relay, report::Report, signer::Signer};
use sto_client::Sto;

#[derive(Parser, Debug)]
#[command(name = "sto-bridge", version, about = "The STO appchain's EVM bridge: signer, relay and keeper")]
struct Cli {
	#[command(subcommand)]
	role: Role,
}

#[derive(Subcommand, Debug)]
enum Role {
	/// Attest exports, their outcomes and burns from finalized state (one per consortium
	/// member). Needs STO_BRIDGE_SURI (the signer's account here) and STO_BRIDGE_EVM_KEY (its
	/// signing key).
	Signer(Common),
	/// Submit attested mints to the gateways. Needs STO_BRIDGE_EVM_KEY (a funded EVM account).
	Relay(Common),
	/// Ask for the allow-list entries that should change (removals of wallets the token no
	/// longer admits, renewals in the second half of the term, shorter entries): each request
	/// is tried in a dry run and sent only when it applies. Needs STO_BRIDGE_SURI (an account
	/// here with funds for fees); no EVM node.
	Keeper(KeeperArgs),
}

#[derive(Args, Debug)]
struct KeeperArgs {
	/// The appchain node's RPC endpoint.
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// The EVM chain whose allow-lists to keep.
	#[arg(long)]
	chain: u64,
	/// Milliseconds between passes (each pass dry-runs one request per entry).
	#[arg(long, default_value_t = 60_000)]
	interval_ms: u64,
	/// One pass, then exit (for scripts and tests).
	#[arg(long)]
	once: bool,
	/// Progress as JSON lines.
	#[arg(long)]
	json: bool,
	#[command(flatten)]
	metrics: MetricsArgs,
}

#[derive(Args, Debug)]
struct MetricsArgs {
	/// Serve Prometheus metrics at http://127.0.0.1:PORT/metrics (passes, their actions, the
	/// last pass's time; docs/BRIDGE.md).
	#[arg(long, value_name = "PORT")]
	prometheus_port: Option<u16>,
	/// Listen for metrics on every interface, not only the loopback.
	#[arg(long, requires = "prometheus_port")]
	prometheus_external: bool,
}

impl MetricsArgs {
	/// The metrics of `role`, served when a port is given.
	async fn start(&self, role: &str) -> Result<Metrics> {
		let metrics = Metrics::new(role)?;
		if let Some(port) = self.prometheus_port {
			metrics.serve(port, self.prometheus_external).await?;
		}
		Ok(metrics)
	}
}

#[derive(Args, Debug)]
struct Common {
	/// The appchain node's RPC endpoint.
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// The EVM node's JSON-RPC endpoint.
	#[arg(long)]
	evm_url: String,
	/// The EVM chain's id (checked against the node).
	#[arg(long)]
	chain: u64,
	/// Milliseconds between passes.
	#[arg(long, default_value_t = 2_000)]
	interval_ms: u64,
	/// One pass, then exit (for scripts and tests).
	#[arg(long)]
	once: bool,
	/// Progress as JSON lines.
	#[arg(long)]
	json: bool,
	#[command(flatten)]
	metrics: MetricsArgs,
}

fn secret(name: &str) -> Result<String> {
	std::env::var(name).map_err(|_| anyhow!("{name} is not set (secrets come from the environment)"))
}

fn evm_key() -> Result<PrivateKeySigner> {
	secret("STO_BRIDGE_EVM_KEY")?.trim().parse().map_err(|e| anyhow!("STO_BRIDGE_EVM_KEY is not a secp256k1 key: {e}"))
}

#[tokio::main]
async fn main() -> Result<()> {
	let cli = Cli::parse();
	match cli.role {
		Role::Signer(common) => {
			let report = Report::new("signer", common.json);
			let account = sto_client::keypair(&secret("STO_BRIDGE_SURI")?).context("STO_BRIDGE_SURI")?;
			let sto = Sto::connect(&common.url).await?;
			let signer = Signer::new(sto, evm::reader(&common.evm_url)?, common.chain, account, evm_key()?, report.clone()).await?;
			run(&common.pace(), &report, &common.metrics.start("signer").await?, signer).await
		},
		Role::Relay(common) => {
			let report = Report::new("relay", common.json);
			let sto = Sto::connect(&common.url).await?;
			let relay = Relay::new(sto, evm::writer(&common.evm_url, evm_key()?)?, common.chain, report.clone()).await?;
			run(&common.pace(), &report, &common.metrics.start("relay").await?, relay).await
		},
		Role::Keeper(args) => {
			let report = Report::new("keeper", args.json);
			let account = sto_client::keypair(&secret("STO_BRIDGE_SURI")?).context("STO_BRIDGE_SURI")?;
			let sto = Sto::connect(&args.url).await?;
			let pace = Pace {
				started: serde_json::json!({ "url": args.url, "chain": args.chain }),
				interval_ms: args.interval_ms,
				once: args.once,
			};
			let metrics = args.metrics.start("keeper").await?;
			run(&pace, &report, &metrics, Keeper::new(sto, args.chain, account, report.clone())).await
		},
	}
}

/// A role's pass and how its tally is reported.
trait Passes {
	async fn pass_once(&mut self) -> Result<serde_json::Value>;
}

impl Passes for Signer {
	async fn pass_once(&mut self) -> Result<serde_json::Value> {
		let t = self.pass().await?;
		Ok(serde_json::json!({ "attested": t.attested, "refused": t.refused, "failed": t.failed }))
	}
}

impl Passes for Keeper {
	async fn pass_once(&mut self) -> Result<serde_json::Value> {
		let t = self.pass().await?;
		Ok(serde_json::json!({ "checked": t.checked, "requested": t.requested, "failed": t.failed }))
	}
}

impl Passes for Relay {
	async fn pass_once(&mut self) -> Result<serde_json::Value> {
		let t = self.pass().await?;
		Ok(serde_json::json!({ "minted": t.minted, "applied": t.applied, "failed": t.failed }))
	}
}

/// How a role runs: what its first line says, the time between passes, one pass only.
struct Pace {
	started: serde_json::Value,
	interval_ms: u64,
	once: bool,
}

impl Common {
	fn pace(&self) -> Pace {
		Pace {
			started: serde_json::json!({ "url": self.url, "evm_url": self.evm_url, "chain": self.chain }),
			interval_ms: self.interval_ms,
			once: self.once,
		}
	}
}

/// Passes until stopped (or one with `--once`); a failed pass is reported and retried.
async fn run(pace: &Pace, report: &Report, metrics: &Metrics, mut role: impl Passes) -> Result<()> {
	report.line("started", pace.started.clone());
	loop {
		match role.pass_once().await {
			Ok(summary) => {
				metrics.pass(&summary);
				if pace.once {
					report.line("done", summary);
					return Ok(());
				}
			},
			Err(error) if pace.once => return Err(error),
			Err(error) => {
				metrics.pass_failed();
				report.line("pass failed", serde_json::json!({ "error": format!("{error:#}") }))
			},
		}
		tokio::time::sleep(Duration::from_millis(pace.interval_ms)).await;
	}
}
