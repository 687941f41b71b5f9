//! `sto-indexer run | reconcile | serve`: see docs/INDEXER.md.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::{net::SocketAddr, sync::Arc, time::Duration};
use sto_indexer::{
	api::{self, AppState},
	indexer::{self, Halt, Options, SharedStatus},
	reconcile,
	source::Source,
	store::{redact, Store},
};

#[derive(Parser)]
#[command(name = "sto-indexer", version, about = "The cap-table service of the STO appchain: ownership rebuilt from finalized chain events, proven against chain state, served over HTTP.")]
struct Cli {
	/// The database: a SQLite file (`sqlite://cap-table.db`, created when missing) or PostgreSQL
	/// (`postgres://user:password@host:5432/db`). Default: $DATABASE_URL, else
	/// `sqlite://sto-indexer.db`.
	#[arg(long, global = true)]
	database: Option<String>,
	/// Output as JSON (progress as JSON lines).
	#[arg(long, global = true)]
	json: bool,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Index finalized blocks from a node (genesis state first), then follow the chain.
	Run {
		/// The node's JSON-RPC endpoint. An archive node (`--state-pruning archive`) can answer
		/// for the genesis state and for reconciliation at any block.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		url: String,
		/// Serve the HTTP API and web page on this address while indexing.
		#[arg(long)]
		listen: Option<SocketAddr>,
		/// Blocks per database transaction.
		#[arg(long, default_value_t = 100)]
		batch: u64,
		/// Blocks fetched from the node at the same time.
		#[arg(long, default_value_t = 8)]
		concurrency: usize,
		/// Reconcile with chain state every this many blocks (0: never).
		#[arg(long, default_value_t = 1000)]
		reconcile_every: u64,
		/// Stop after this block (default: follow the chain until stopped).
		#[arg(long)]
		until: Option<u64>,
		/// `/health` fails when more than this many blocks behind.
		#[arg(long, default_value_t = 20)]
		max_lag: u64,
	},
	/// Compare the database with chain state at one block; exit status 1 on any difference.
	Reconcile {
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		url: String,
		/// The block (default: the last indexed one).
		#[arg(long)]
		at: Option<u64>,
	},
	/// Serve the HTTP API and web page from the database (no indexing).
	Serve {
		#[arg(long, default_value = "127.0.0.1:8080")]
		listen: SocketAddr,
	},
}

#[tokio::main]
async fn main() {
	let cli = Cli::parse();
	let json = cli.json;
	match execute(cli).await {
		Ok(code) => std::process::exit(code),
		Err(e) => {
			if json {
				println!("{}", serde_json::json!({ "error": format!("{e:#}") }));
			}
			eprintln!("sto-indexer: {e:#}");
			std::process::exit(2);
		},
	}
}

async fn serve(listen: SocketAddr, state: AppState, json: bool) -> Result<tokio::task::JoinHandle<()>> {
	let listener = tokio::net::TcpListener::bind(listen).await.with_context(|| format!("listen on {listen}"))?;
	let address = listener.local_addr()?;
	if json {
		println!("{}", serde_json::json!({ "event": "listening", "address": address.to_string() }));
	} else {
		eprintln!("serving http://{address}/ (API under /api, /health, /openapi.json)");
	}
	let app = api::router(state);
	Ok(tokio::spawn(async move {
		if let Err(e) = axum::serve(listener, app).await {
			eprintln!("sto-indexer: HTTP server stopped: {e}");
		}
	}))
}

async fn execute(cli: Cli) -> Result<i32> {
	let database = cli.database.or_else(|| std::env::var("DATABASE_URL").ok()).unwrap_or_else(|| "sqlite://sto-indexer.db".into());
	let store = Store::open(&database).await?;
	if !cli.json {
		eprintln!("database: {} ({})", redact(&database), store.kind());
	}
	match cli.command {
		Command::Run { url, listen, batch, concurrency, reconcile_every, until, max_lag } => {
			let status: SharedStatus = Arc::default();
			let crash_before_commit = std::env::var("STO_INDEXER_CRASH_BEFORE_COMMIT").ok().and_then(|v| v.parse().ok());
			let options = Options { batch, concurrency, reconcile_every, until, json: cli.json, crash_before_commit, ..Options::default() };
			if let Some(listen) = listen {
				serve(listen, AppState { store: store.clone(), status: Some(status.clone()), max_lag }, cli.json).await?;
			}
			// Lost connections and database hiccups are retried; a halt is not.
			let mut delay = Duration::from_secs(1);
			loop {
				let outcome = async {
					let source = Source::connect(&url).await?;
					indexer::run(&store, &source, &options, &status).await
				}
				.await;
				match outcome {
					Ok(cursor) => {
						if cli.json {
							println!("{}", serde_json::json!({ "event": "done", "cursor": cursor }));
						} else {
							eprintln!("indexed up to #{} ({})", cursor.height, cursor.hash);
						}
						return Ok(0);
					},
					Err(e) if e.downcast_ref::<Halt>().is_some() => {
						if let Ok(mut s) = status.write() {
							s.error = Some(format!("{e:#}"));
						}
						return Err(e);
					},
					Err(e) => {
						if let Ok(mut s) = status.write() {
							s.error = Some(format!("{e:#}"));
						}
						eprintln!("sto-indexer: {e:#}; retrying in {} s", delay.as_secs());
						tokio::time::sleep(delay).await;
						delay = (delay * 2).min(Duration::from_secs(30));
					},
				}
			}
		},
		Command::Reconcile { url, at } => {
			let source = Source::connect(&url).await?;
			let report = reconcile::reconcile(&store, &source, at).await?;
			if cli.json {
				println!("{}", serde_json::to_string_pretty(&report)?);
			} else if report.is_clean() {
				println!(
					"block #{} ({}): {} balances of {} tokens and {} identities match the chain, and the bridge's {} routes, \
					 {} exports in flight and {} quarantined releases",
					report.height,
					report.hash,
					report.balances,
					report.tokens,
					report.identities,
					report.bridge_routes,
					report.bridge_exports,
					report.bridge_quarantined
				);
			} else {
				println!("block #{} ({}): {} differences", report.height, report.hash, report.differences.len());
				for d in &report.differences {
					println!("  {} {}: database {}, chain {}", d.what, d.key, d.database, d.chain);
				}
			}
			Ok(if report.is_clean() { 0 } else { 1 })
		},
		Command::Serve { listen } => {
			let server = serve(listen, AppState { store, status: None, max_lag: u64::MAX }, cli.json).await?;
			tokio::select! {
				_ = server => {},
				_ = tokio::signal::ctrl_c() => {},
			}
			Ok(0)
		},
	}
}
