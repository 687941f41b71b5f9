//! What the indexer's node tests share: a node started from a generated spec whose genesis
//! spreads the load token over `holders` accounts, transfers between them, the indexer as a
//! child process, and plain HTTP GETs of its API.

use anyhow::{anyhow, bail, ensure, Result};
use serde_json::Value;
use std::{
	path::Path,
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};
use sto_harness::{node_binary, set_test_slot, Node, NodeSpec, Sto, TestDir};
use sto_load::{
	spec::{self, SpecReport},
	Fixture, Kind, Observer, Pace,
};

/// Alice validating alone on a test chain from a benchmark spec (`holders` load accounts with
/// `holding` each in genesis), once its first block is finalized. The harness starts every
/// node with `--state-pruning archive`: the genesis state and every block's state stay readable.
pub async fn node_with_holders(dir: &TestDir, holders: usize, holding: u128, extra: &[&str]) -> Result<(Node, SpecReport)> {
	let spec_path = dir.path().join("bench.json");
	let report = spec::write_benchmark_spec(&node_binary()?, "dev", holders, holding, &spec_path, true)?;
	set_test_slot(&spec_path)?;
	let chain = spec_path.to_str().ok_or_else(|| anyhow!("a UTF-8 path"))?;
	let mut node_spec = NodeSpec::new("alice", chain, dir).validator("//Alice").node_key(sto_harness::BOOTNODE_KEY).arg("--force-authoring");
	for arg in extra {
		node_spec = node_spec.arg(arg);
	}
	let node = Node::start(node_spec).await?;
	node.wait_for_finalized(1, Duration::from_secs(120)).await?;
	Ok((node, report))
}

/// `GET path` on 127.0.0.1:`port`: the status code and the body.
pub async fn get(port: u16, path: &str) -> Result<(u16, String)> {
	use tokio::io::{AsyncReadExt, AsyncWriteExt};
	let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
	stream.write_all(format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").as_bytes()).await?;
	let mut response = Vec::new();
	stream.read_to_end(&mut response).await?;
	let text = String::from_utf8(response)?;
	let (head, body) = text.split_once("\r\n\r\n").ok_or_else(|| anyhow!("malformed HTTP response"))?;
	let code = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
	// axum answers these bodies with a length, not in chunks.
	Ok((code, body.to_string()))
}

/// `sto-indexer` as a child process, killed when dropped.
pub struct Indexer(pub Child);

impl Drop for Indexer {
	fn drop(&mut self) {
		let _ = self.0.kill();
		let _ = self.0.wait();
	}
}

/// `sto-indexer --database <database> <args>`, its log appended to `log`.
pub fn indexer(database: &str, args: &[&str], log: &Path) -> Result<Command> {
	let mut command = Command::new(env!("CARGO_BIN_EXE_sto-indexer"));
	let log = std::fs::OpenOptions::new().create(true).append(true).open(log)?;
	command.arg("--database").arg(database).args(args).stdout(Stdio::null()).stderr(log);
	Ok(command)
}

/// `GET path`, which must answer 200 with JSON.
pub async fn get_json(port: u16, path: &str) -> Result<Value> {
	let (code, body) = get(port, path).await?;
	ensure!(code == 200, "GET {path}: {code} {body}");
	Ok(serde_json::from_str(&body)?)
}

/// Until the indexer serving on `port` has written block `height` (at most 3 minutes).
pub async fn wait_for_height(port: u16, height: u64) -> Result<()> {
	let started = Instant::now();
	loop {
		if let Ok(status) = get_json(port, "/api/status").await {
			if status["cursor"]["height"].as_u64().is_some_and(|h| h >= height) {
				return Ok(());
			}
		}
		if started.elapsed() > Duration::from_secs(180) {
			bail!("the indexer did not reach block #{height} in 3 minutes");
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

/// `count` compliant transfers between the fixture's accounts, every one finalized.
pub async fn transfers(sto: &Sto, node: &Node, fixture: &Fixture, count: usize) -> Result<()> {
	let rpc = node.rpc_client().await?;
	let observer = Observer::start(sto.client()).await?;
	let pace = Pace { rate: Some(150.0), concurrency: 32, idle_timeout: Duration::from_secs(60) };
	let run = sto_load::run(sto.client(), &rpc, &observer, fixture, Kind::Compliant, count, &pace, &|line| eprintln!("[indexer-e2e] {line}")).await?;
	ensure!(run.finalized == count && run.failed == 0, "every transfer finalized: {run:?}");
	Ok(())
}
