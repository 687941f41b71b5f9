//! A four-validator consortium network on loopback, started from the `consortium` chain spec
//! with keys inserted by `sto-node key insert`: every validator authors and GRANDPA finalizes;
//! finality survives the loss of one validator; the lost validator restarts from its base path
//! with nothing lost and catches up; a fifth node added by a council motion becomes a validator
//! at the session change and authors blocks.

use anyhow::{anyhow, ensure, Context, Result};
use std::{collections::HashSet, time::Duration};
use sto_harness::{
	chain::{block_author, call_data, council_motion, register_session_keys, session_validators},
	sto_client::{chain::Call, runtime::api},
	subxt_signer::sr25519::dev,
	node_key, start_consortium, wait_until, Client, Node, NodeSpec, TestDir,
};

const VALIDATORS: [(&str, &str); 4] = sto_harness::CONSORTIUM_VALIDATORS;

/// Authors (Aura keys) of blocks `from..=to` as seen by `client`.
async fn authors(node: &Node, client: &Client, from: u64, to: u64) -> Result<Vec<[u8; 32]>> {
	let mut authors = Vec::new();
	for number in from..=to {
		let hash = node.block_hash(number).await?.ok_or_else(|| anyhow!("no block {number}"))?;
		authors.push(block_author(client, hash).await?);
	}
	Ok(authors)
}

#[tokio::test(flavor = "multi_thread")]
async fn consortium_survives_a_crash_and_grows_by_governance() -> Result<()> {
	let dir = TestDir::new("consortium");
	let (mut nodes, bootnode) = start_consortium(&dir).await?;

	// 1. Blocks are produced by all four validators and finalized on every node.
	for node in &nodes {
		node.wait_for_finalized(3, Duration::from_secs(180)).await?;
	}
	let client = nodes[0].client().await?;
	wait_until("all four validators to author a block", Duration::from_secs(180), || async {
		let (best, _) = nodes[0].heights().await?;
		let distinct: HashSet<_> = authors(&nodes[0], &client, 1, best).await?.into_iter().collect();
		Ok((distinct.len() == VALIDATORS.len()).then_some(()))
	})
	.await?;

	// 2. One validator crashes; the other three (> 2/3) keep finalizing.
	let (_, dave_finalized) = nodes[3].heights().await?;
	let dave_hash = nodes[3].block_hash(dave_finalized).await?.context("dave's finalized block")?;
	nodes[3].kill();
	let (_, finalized) = nodes[0].heights().await?;
	nodes[0].wait_for_finalized(finalized + 3, Duration::from_secs(120)).await?;

	// 3. It restarts from its base path with nothing lost, and catches up.
	nodes[3].restart().await?;
	ensure!(
		nodes[3].block_hash(dave_finalized).await? == Some(dave_hash),
		"the restarted validator kept its finalized block {dave_finalized}"
	);
	let (_, target) = nodes[0].heights().await?;
	nodes[3].wait_for_finalized(target, Duration::from_secs(180)).await?;
	ensure!(
		nodes[3].block_hash(target).await? == nodes[0].block_hash(target).await?,
		"the restarted validator agrees with the network at block {target}"
	);

	// 4. A fifth node joins, registers session keys it generated itself, and the council
	//    (3 of 4 members) adds it to the validator set.
	let mut eve_spec = NodeSpec::new("eve", &dir.test_chain("consortium")?, &dir)
		.node_key(&node_key(4))
		.bootnode(bootnode);
	eve_spec.validator = true;
	let eve_node = Node::start(eve_spec).await?;
	eve_node.wait_for_best(target, Duration::from_secs(180)).await?;

	let eve = dev::eve();
	let eve_id = eve.public_key().to_account_id();
	let eve_keys = register_session_keys(&eve_node, &client, &eve).await?;
	let eve_aura: [u8; 32] = eve_keys[..32].try_into()?;
	ensure!(!session_validators(&client).await?.contains(&eve_id), "eve is not yet a validator");

	let add = call_data(&client, &api::transactions().validator_set().add_validator(eve_id)).await?;
	let sto = nodes[0].sto().await?;
	council_motion(&sto, &[dev::alice(), dev::bob(), dev::charlie()], &Call(add)).await?;

	// 5. After the session change eve is an active validator and authors blocks; finality
	//    continues with five voters.
	wait_until("eve in the active validator set", Duration::from_secs(120), || async {
		Ok(session_validators(&client).await?.contains(&eve_id).then_some(()))
	})
	.await?;
	let (_, active_from) = nodes[0].heights().await?;
	wait_until("a block authored by eve", Duration::from_secs(240), || async {
		let (_, finalized) = nodes[0].heights().await?;
		let found = authors(&nodes[0], &client, active_from, finalized).await?.contains(&eve_aura);
		Ok(found.then_some(()))
	})
	.await?;
	let (_, finalized) = nodes[0].heights().await?;
	eve_node.wait_for_finalized(finalized + 2, Duration::from_secs(120)).await?;
	for node in &nodes {
		node.ensure_running()?;
	}
	Ok(())
}
