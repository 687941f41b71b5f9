//! End to end: the index spans a runtime upgrade. A node (archive state, a test chain) starts
//! from a generated spec with genesis holdings; `sto-indexer run` follows it while transfers
//! flow; Sudo sets the next runtime's code (the upgrade test's runtime: the next spec version,
//! with custody's storage migration) and more transfers follow under it. Every block is
//! decoded with the metadata of the runtime that produced it, so:
//! - `sto-indexer reconcile` finds no difference with chain state after the upgrade;
//! - `/api/status` lists both runtime versions, the second from the first block it ran;
//! - transfers before and after the upgrade are indexed as movements, `/health` answers 200.

use crate::common::{get, get_json, indexer, node_with_holders, transfers, wait_for_height, Indexer};
use anyhow::{ensure, Context, Result};
use std::time::{Duration, Instant};
use sto_harness::{
	chain::send,
	free_port,
	sto_client::{keypair, runtime::api},
	TestDir,
};
use sto_load::{load_account, Fixture};

const ACCOUNTS: usize = 10;
const HOLDING: u128 = 1_000_000;
const TRANSFERS: usize = 200;

#[tokio::test(flavor = "multi_thread")]
async fn the_index_spans_a_runtime_upgrade() -> Result<()> {
	let dir = TestDir::new("indexer-upgrade");
	let (node, report) = node_with_holders(&dir, ACCOUNTS, HOLDING, &[]).await?;
	let url = node.spec.rpc_url();
	let sto = node.sto().await?;
	let senders = (0..ACCOUNTS).map(load_account).collect::<Result<Vec<_>>>()?;
	let fixture = Fixture { senders, token: report.token, partition: 0 };
	let log = dir.logs().join("sto-indexer.log");
	let database = format!("sqlite://{}", dir.path().join("index.db").display());
	let port = free_port();
	let listen = format!("127.0.0.1:{port}");
	let _live = Indexer(
		indexer(&database, &["run", "--url", &url, "--listen", &listen, "--batch", "5", "--reconcile-every", "5"], &log)?
			.spawn()?,
	);
	transfers(&sto, &node, &fixture, TRANSFERS).await?;

	// The upgrade: Sudo sets the next runtime's code; it runs from the next block on.
	let before = node.rpc().await?.state_get_runtime_version(None).await?.spec_version;
	let code = sto_runtime_upgrade_test::WASM_BINARY.context("the upgrade test's runtime was not built")?;
	let set_code = sto.call(&api::transactions().system().set_code(code.to_vec())).await?;
	let upgraded_in = send(&sto, &sto.sudo(&set_code).await?, &keypair("//Alice")?).await.context("Sudo: System.set_code")?;
	ensure!(upgraded_in.event("System", "CodeUpdated").is_some(), "the code was not updated: {:?}", upgraded_in.events_json());
	let started = Instant::now();
	while node.rpc().await?.state_get_runtime_version(None).await?.spec_version != before + 1 {
		ensure!(started.elapsed() < Duration::from_secs(60), "the node does not run spec version {} a minute after the upgrade", before + 1);
		tokio::time::sleep(Duration::from_millis(500)).await;
	}

	// Transfers under the new runtime, through a new connection (its metadata and version).
	let sto = node.sto().await?;
	transfers(&sto, &node, &fixture, TRANSFERS).await?;
	let (_, finalized) = node.heights().await?;
	wait_for_height(port, finalized).await?;

	let status = indexer(&database, &["reconcile", "--url", &url], &log)?.status()?;
	ensure!(status.success(), "sto-indexer reconcile after the upgrade found differences or failed ({status}); see {}", log.display());
	let status = get_json(port, "/api/status").await?;
	let runtimes = status["runtimes"].as_array().cloned().unwrap_or_default();
	ensure!(
		runtimes.len() == 2 &&
			runtimes[0]["spec_version"] == before &&
			runtimes[0]["first_block"] == 0 &&
			runtimes[1]["spec_version"] == before + 1 &&
			runtimes[1]["first_block"] == upgraded_in.block_number + 1,
		"the runtimes indexed (the upgrade was set in block #{}): {status}",
		upgraded_in.block_number
	);
	let after = runtimes[1]["first_block"].as_u64().unwrap_or(0);
	for (range, what) in [(format!("to_block={}", after - 1), "before"), (format!("from_block={after}"), "after")] {
		let moves = get_json(port, &format!("/api/movements?kind=Transfer&{range}&limit=1000")).await?;
		let count = moves["movements"].as_array().map(Vec::len).unwrap_or(0);
		ensure!(count == TRANSFERS, "{count} transfers indexed {what} the upgrade, not {TRANSFERS}");
	}
	let (code, health) = get(port, "/health").await?;
	ensure!(code == 200, "/health after the upgrade: {code} {health}");
	Ok(())
}
