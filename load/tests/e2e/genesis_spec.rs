//! A generated benchmark spec is ready for a load run from its first block: a node started from
//! a 50-account spec (on the `dev` preset: Alice validates alone, so one node finalizes) takes
//! compliant token transfers and balances transfers from the load accounts with no set-up
//! transaction, and the tool finds the token by its symbol.

use anyhow::{ensure, Result};
use std::time::Duration;
use sto_harness::{node_binary, set_test_slot, Node, NodeSpec, TestDir};
use sto_load::{session, spec, token_by_symbol, Fixture, Pace};

const ACCOUNTS: usize = 50;
const PER_RUN: usize = 100;

#[tokio::test(flavor = "multi_thread")]
async fn a_node_started_from_a_generated_spec_takes_load_without_setup() -> Result<()> {
	let dir = TestDir::new("load-spec");
	let path = dir.path().join("bench.json");
	let report = spec::write_benchmark_spec(&node_binary()?, "dev", ACCOUNTS, 1_000_000, &path, true)?;
	eprintln!("[genesis-spec] {report:?}");
	ensure!(report.token == 0 && report.first_identity == 3, "token 0, identities from 3: {report:?}");

	// A test chain: the harness's short slot.
	set_test_slot(&path)?;
	let chain = path.to_str().expect("a UTF-8 path");
	let node = Node::start(NodeSpec::new("alice", chain, &dir).validator("//Alice").node_key(sto_harness::BOOTNODE_KEY).arg("--force-authoring")).await?;
	node.wait_for_finalized(1, Duration::from_secs(60)).await?;
	let client = node.client().await?;
	let rpc = node.rpc_client().await?;

	let token = token_by_symbol(&client, spec::SYMBOL).await?;
	ensure!(token == report.token, "the spec's token is found by symbol: {token}");
	let senders = (0..ACCOUNTS).map(sto_load::load_account).collect::<Result<Vec<_>>>()?;
	let fixture = Fixture { senders, token, partition: 0 };
	let pace = Pace { rate: Some(200.0), concurrency: 32, idle_timeout: Duration::from_secs(60) };
	let report = session(&client, &rpc, &fixture, PER_RUN, 1, 0, &pace, &|line| eprintln!("[genesis-spec] {line}")).await?;
	eprintln!("{}", sto_load::markdown(&report));
	if let Some(problem) = sto_load::small_scale_problem(&report) {
		anyhow::bail!("{problem}");
	}
	let (a, b) = &report.pairs[0];
	ensure!(a.finalized == PER_RUN && b.finalized == PER_RUN, "every transfer finalized: {} and {}", a.finalized, b.finalized);
	Ok(())
}
