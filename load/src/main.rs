//! `sto-load`: compliant security-token transfers versus balances transfers on a running STO
//! network. See the library's documentation for what is measured and how.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use std::{path::PathBuf, time::Duration};
use sto_load::{connect, load_account, markdown, session, setup, spec, token_by_symbol, Fixture, Pace, Report};

#[derive(Parser)]
#[command(name = "sto-load", version, about = "Load tool: compliant token transfers (A) versus balances transfers (B), counted from finalized blocks")]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(clap::Args, Clone)]
struct RunArgs {
	/// Transactions per run (per kind).
	#[arg(long, default_value_t = 2_000)]
	per_run: usize,
	/// Measured pairs of runs (A then B).
	#[arg(long, default_value_t = 3)]
	pairs: usize,
	/// Pairs run first and discarded.
	#[arg(long, default_value_t = 1)]
	warmup: usize,
	/// Transactions per second; omit to submit at saturation.
	#[arg(long)]
	rate: Option<f64>,
	/// Submissions in flight at once.
	#[arg(long, default_value_t = 64)]
	concurrency: usize,
	/// Seconds without a new inclusion after which unfinalized transactions count as dropped.
	#[arg(long, default_value_t = 60)]
	idle_timeout: u64,
	/// Print the report as JSON instead of tables.
	#[arg(long)]
	json: bool,
	/// Also write the report as JSON to this file (with each run's first and last block, for
	/// replaying them with `benchmark block`).
	#[arg(long, value_name = "FILE")]
	report: Option<std::path::PathBuf>,
}

#[derive(Subcommand)]
enum Command {
	/// Measure against a running node whose load accounts (`//sto-load/<i>`) hold the token.
	Run {
		/// The node's JSON-RPC endpoint.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		url: String,
		/// The token the load accounts hold, by id (as `setup` prints it).
		#[arg(long, conflicts_with = "symbol")]
		token: Option<u32>,
		/// The token the load accounts hold, by symbol (the benchmark spec's token is `LOAD`);
		/// the default when no `--token` is given.
		#[arg(long)]
		symbol: Option<String>,
		/// The partition they hold.
		#[arg(long, default_value_t = 0)]
		partition: u16,
		/// How many load accounts send (`//sto-load/0` ..).
		#[arg(long, default_value_t = 1_000)]
		accounts: usize,
		#[command(flatten)]
		args: RunArgs,
	},
	/// Prepare a `--dev` node for `run`: fund, verify and attest load accounts, create a token
	/// with the typical rules and issue to them. Prints the token id.
	Setup {
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		url: String,
		#[arg(long, default_value_t = 100)]
		accounts: usize,
		/// Tokens issued to each account.
		#[arg(long, default_value_t = 1_000_000)]
		holding: u128,
	},
	/// Write a benchmark chain spec: the consortium preset (validators Alice..Dave) with
	/// `accounts` load accounts funded, verified (KYC, AML, DE by Ferdie) and holding the token
	/// `LOAD` under the typical rules, from genesis. Start the network from it, then `run`.
	Spec {
		/// Load accounts (`//sto-load/0` ..).
		#[arg(long, default_value_t = 10_000)]
		accounts: usize,
		/// Tokens issued to each account.
		#[arg(long, default_value_t = 1_000_000)]
		holding: u128,
		/// Where to write the spec.
		#[arg(long)]
		out: PathBuf,
		/// Write the raw spec (genesis storage built once, now, by the node's runtime).
		#[arg(long)]
		raw: bool,
		/// The node's preset the spec extends: `consortium` (four validators), or `dev` (Alice
		/// alone, for a single-node check).
		#[arg(long, default_value = "consortium")]
		base: String,
		/// The sto-node binary whose consortium preset is the base (default: `$STO_NODE_BIN`,
		/// else `$CARGO_TARGET_DIR/release/sto-node`).
		#[arg(long)]
		node: Option<PathBuf>,
	},
	/// Small-scale self-check: start a throw-away `--dev` node, set it up, run one pair (no
	/// warm-up) and fail unless every transaction was finalized and counted exactly once.
	Small {
		#[arg(long, default_value_t = 20)]
		accounts: usize,
		#[arg(long, default_value_t = 200)]
		per_run: usize,
	},
}

fn progress(line: &str) {
	eprintln!("[sto-load] {line}");
}

fn print(report: &Report, json: bool) -> Result<()> {
	if json {
		println!("{}", serde_json::to_string_pretty(report)?);
	} else {
		println!("{}", markdown(report));
	}
	Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
	match Cli::parse().command {
		Command::Run { url, token, symbol, partition, accounts, args } => {
			let (client, rpc) = connect(&url).await?;
			let token = match token {
				Some(token) => token,
				None => token_by_symbol(&client, symbol.as_deref().unwrap_or(spec::SYMBOL)).await?,
			};
			let senders = (0..accounts).map(load_account).collect::<Result<Vec<_>>>()?;
			let fixture = Fixture { senders, token, partition };
			let pace = Pace { rate: args.rate, concurrency: args.concurrency, idle_timeout: Duration::from_secs(args.idle_timeout) };
			let report = session(&client, &rpc, &fixture, args.per_run, args.pairs, args.warmup, &pace, &progress).await?;
			if let Some(path) = &args.report {
				std::fs::write(path, serde_json::to_string_pretty(&report)?)
					.with_context(|| format!("writing the report to {}", path.display()))?;
			}
			print(&report, args.json)
		},
		Command::Setup { url, accounts, holding } => {
			let sto = sto_harness::Sto::connect(&url).await?;
			let fixture = setup::dev_fixture(&sto, accounts, holding).await?;
			println!("{}", fixture.token);
			Ok(())
		},
		Command::Spec { accounts, holding, out, raw, base, node } => {
			let node = match node {
				Some(node) => node,
				None => sto_harness::node_binary()?,
			};
			let report = spec::write_benchmark_spec(&node, &base, accounts, holding, &out, raw)?;
			let raw_build = report.raw_build.map_or(String::new(), |d| format!(", raw genesis build {:.1} s", d.as_secs_f64()));
			println!(
				"wrote {}: {} load accounts (identities {}..), token {} id {}, {:.1} MB; keys derived in {:.2} s, spec generated in {:.1} s{raw_build}",
				report.path.display(),
				report.accounts,
				report.first_identity,
				spec::SYMBOL,
				report.token,
				report.bytes as f64 / 1e6,
				report.derive.as_secs_f64(),
				report.generate.as_secs_f64(),
			);
			Ok(())
		},
		Command::Small { accounts, per_run } => {
			let report = sto_load::small_scale(accounts, per_run, &progress).await?;
			print(&report, false)?;
			if let Some(problem) = sto_load::small_scale_problem(&report) {
				bail!("{problem}");
			}
			Ok(())
		},
	}
}
