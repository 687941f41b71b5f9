//! What the indexer's node tests share: a node started from a generated spec whose genesis
//! spreads the load token over `holders` accounts, and a plain HTTP GET.

use anyhow::{anyhow, Result};
use std::time::Duration;
use sto_harness::{node_binary, set_test_slot, Node, NodeSpec, TestDir};
use sto_load::spec::{self, SpecReport};

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
