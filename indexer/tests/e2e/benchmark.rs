//! The cap-table service's benchmark (not a timed test: `#[ignore]`d, run by
//! `scripts/bench-indexer.sh`, which writes the figures to docs/PERFORMANCE.md).
//!
//! A node (archive state, a test chain) starts from a generated spec whose genesis spreads the
//! token over `STO_BENCH_HOLDERS` (10,000) holders; `STO_BENCH_TRANSFERS` (100,000) compliant
//! transfers are finalized; then, into a fresh SQLite file and a fresh PostgreSQL database
//! each, `sto-indexer run --until <head>` is timed from start to exit (catch-up: blocks/s,
//! movements/s), `sto-indexer reconcile` must find no difference, and the cap table of the
//! 10,000 holders is asked for 200 times (first page of 100, grouped by identity; and the whole
//! CSV 20 times): p50 and p95 latency. The results are printed as one JSON line
//! `BENCH {...}`.

use anyhow::{ensure, Result};
use crate::common::{get, node_with_holders};
use serde_json::json;
use std::{
	process::{Command, Stdio},
	time::{Duration, Instant},
};
use sto_harness::{free_port, postgres::Postgres, TestDir};
use sto_load::{load_account, Fixture, Kind, Observer, Pace};

fn env(name: &str, default: usize) -> usize {
	std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn percentile(mut values: Vec<f64>, q: f64) -> f64 {
	values.sort_by(|a, b| a.total_cmp(b));
	let rank = ((values.len() as f64 - 1.0) * q).round() as usize;
	values[rank.min(values.len() - 1)]
}

fn indexer(database: &str) -> Command {
	let mut command = Command::new(env!("CARGO_BIN_EXE_sto-indexer"));
	command.arg("--database").arg(database).stdout(Stdio::null());
	command
}

/// `GET path`, which must answer 200: the body's length.
async fn http_get(port: u16, path: &str) -> Result<usize> {
	let (code, body) = get(port, path).await?;
	ensure!(code == 200, "GET {path}: {code} {}", &body[..body.len().min(300)]);
	Ok(body.len())
}

/// Catch-up, reconciliation and query latency on one database.
async fn measure(database: &str, label: &str, url: &str, head: u64, movements: u64) -> Result<serde_json::Value> {
	let started = Instant::now();
	let status = indexer(database).args(["run", "--url", url, "--until", &head.to_string(), "--reconcile-every", "0"]).status()?;
	let seconds = started.elapsed().as_secs_f64();
	ensure!(status.success(), "{label}: sto-indexer run failed");
	let status = indexer(database).args(["reconcile", "--url", url]).status()?;
	ensure!(status.success(), "{label}: the reconciliation found differences");

	let port = free_port();
	let mut server = indexer(database).args(["serve", "--listen", &format!("127.0.0.1:{port}")]).spawn()?;
	let mut ready = false;
	for _ in 0..100 {
		if http_get(port, "/health").await.is_ok() {
			ready = true;
			break;
		}
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
	ensure!(ready, "{label}: sto-indexer serve did not answer");
	let mut page = Vec::new();
	for _ in 0..200 {
		let t = Instant::now();
		http_get(port, "/api/tokens/0/cap-table?group=identity&limit=100").await?;
		page.push(t.elapsed().as_secs_f64() * 1000.0);
	}
	let mut csv = Vec::new();
	let mut csv_bytes = 0;
	for _ in 0..20 {
		let t = Instant::now();
		csv_bytes = http_get(port, "/api/tokens/0/cap-table.csv").await?;
		csv.push(t.elapsed().as_secs_f64() * 1000.0);
	}
	let _ = server.kill();
	let _ = server.wait();
	Ok(json!({
		"database": label,
		"catch_up_seconds": (seconds * 10.0).round() / 10.0,
		"blocks_per_second": (head as f64 / seconds).round(),
		"movements_per_second": (movements as f64 / seconds).round(),
		"cap_table_page_p50_ms": (percentile(page.clone(), 0.5) * 10.0).round() / 10.0,
		"cap_table_page_p95_ms": (percentile(page, 0.95) * 10.0).round() / 10.0,
		"cap_table_csv_p50_ms": (percentile(csv.clone(), 0.5) * 10.0).round() / 10.0,
		"cap_table_csv_p95_ms": (percentile(csv, 0.95) * 10.0).round() / 10.0,
		"csv_bytes": csv_bytes,
	}))
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: scripts/bench-indexer.sh"]
async fn catch_up_and_query_latency() -> Result<()> {
	let holders = env("STO_BENCH_HOLDERS", 10_000);
	let transfers = env("STO_BENCH_TRANSFERS", 100_000);
	let dir = TestDir::new("indexer-benchmark");
	let (node, report) = node_with_holders(&dir, holders, 1_000_000, &["--pool-limit", "20000"]).await?;
	let url = node.spec.rpc_url();
	let sto = node.sto().await?;
	let rpc = node.rpc_client().await?;
	let senders = (0..holders).map(load_account).collect::<Result<Vec<_>>>()?;
	let fixture = Fixture { senders, token: report.token, partition: 0 };
	let observer = Observer::start(sto.client()).await?;
	let pace = Pace { rate: Some(400.0), concurrency: 64, idle_timeout: Duration::from_secs(120) };
	let mut finalized = 0;
	// Several runs: presigned transactions of one run use consecutive nonces per sender.
	let per_run = 20_000.min(transfers);
	let mut done = 0;
	while done < transfers {
		let count = per_run.min(transfers - done);
		let run = sto_load::run(sto.client(), &rpc, &observer, &fixture, Kind::Compliant, count, &pace, &|line| eprintln!("[bench] {line}")).await?;
		finalized += run.finalized;
		done += count;
	}
	let (_, head) = node.heights().await?;
	let movements = (finalized + holders) as u64;
	eprintln!("[bench] {finalized} transfers finalized, head #{head}, {movements} movements with the genesis holdings");
	ensure!(finalized as f64 >= transfers as f64 * 0.99, "only {finalized} of {transfers} transfers finalized");

	let sqlite = measure(&format!("sqlite://{}", dir.path().join("bench.db").display()), "SQLite", &url, head, movements).await?;
	let postgres = Postgres::start(dir.path())?;
	let pg = measure(&postgres.url(), "PostgreSQL", &url, head, movements).await?;
	println!(
		"BENCH {}",
		json!({ "holders": holders, "transfers": finalized, "blocks": head, "movements": movements, "runs": [sqlite, pg] })
	);
	Ok(())
}
