//! A `--dev` node over JSON-RPC: it produces and finalizes blocks, a signed balances transfer
//! is finalized and moves the balance, and malformed transactions are refused while the node
//! keeps going. The three checks share one node (they touch different accounts), in order.

use anyhow::{ensure, Context, Result};
use std::time::Duration;
use sto_harness::{
	chain::{free_balance, submit_finalized, UNIT},
	start_dev_node,
	sto_client::runtime::api,
	subxt::dynamic::{At, Value},
	subxt_signer::{sr25519, SecretUri},
	Node, TestDir,
};

#[tokio::test(flavor = "multi_thread")]
async fn dev_node_finalizes_transfers_and_refuses_malformed_transactions() -> Result<()> {
	let dir = TestDir::new("dev-node");
	let node = start_dev_node(&dir).await?;
	produces_and_finalizes_blocks(&node).await?;
	signed_transfer_is_finalized_and_moves_the_balance(&node).await?;
	malformed_transactions_are_rejected_and_the_node_keeps_going(&node).await
}

async fn produces_and_finalizes_blocks(node: &Node) -> Result<()> {
	node.wait_for_finalized(3, Duration::from_secs(90)).await?;
	let (best, finalized) = node.heights().await?;
	ensure!(best >= finalized, "best {best} behind finalized {finalized}");
	// Each finalized block is on the best chain.
	let hash = node.block_hash(finalized).await?.context("finalized block hash")?;
	let rpc = node.rpc().await?;
	ensure!(rpc.chain_get_finalized_head().await? != Default::default(), "finalized head");
	ensure!(rpc.chain_get_header(Some(hash)).await?.is_some(), "finalized header readable");
	Ok(())
}

async fn signed_transfer_is_finalized_and_moves_the_balance(node: &Node) -> Result<()> {
	let client = node.client().await?;

	let alice = sr25519::dev::alice();
	let uri: SecretUri = "//E2E-transfer-recipient".parse()?;
	let recipient = sr25519::Keypair::from_uri(&uri)?;
	let recipient_id = recipient.public_key().to_account_id();
	let alice_id = alice.public_key().to_account_id();
	let amount = 10 * UNIT;

	let alice_before = free_balance(&client, &alice_id).await?;
	ensure!(free_balance(&client, &recipient_id).await? == 0, "recipient starts empty");

	let transfer = api::transactions().balances().transfer_keep_alive(recipient.public_key().to_address::<()>(), amount);
	let events = submit_finalized(&client, &transfer, &alice).await?;

	let mut transferred = false;
	for event in events.iter() {
		let event = event?;
		if event.pallet_name() == "Balances" && event.event_name() == "Transfer" {
			let fields = event.decode_fields_unchecked_as::<Value>()?;
			ensure!(
				fields.at("amount").and_then(|v| v.as_u128()) == Some(amount),
				"Transfer event carries the amount: {fields}"
			);
			transferred = true;
		}
	}
	ensure!(transferred, "a Balances.Transfer event in the finalized block");

	// Read at the finalized block that holds the transfer (or a later one).
	ensure!(free_balance(&client, &recipient_id).await? == amount, "recipient credited");
	let alice_after = free_balance(&client, &alice_id).await?;
	ensure!(
		alice_after < alice_before - amount,
		"Alice paid the amount and a fee ({alice_before} -> {alice_after})"
	);
	Ok(())
}

async fn malformed_transactions_are_rejected_and_the_node_keeps_going(node: &Node) -> Result<()> {
	let rpc = node.rpc().await?;

	// Bytes that are not an extrinsic at all.
	let garbage = rpc.author_submit_extrinsic(&[0x04, 0xff, 0x00, 0x13, 0x37]).await;
	let error = garbage.expect_err("garbage must be refused").to_string();
	ensure!(!error.is_empty(), "the node explains the refusal");

	// A well-formed transfer that claims Bob as its signer but carries Alice's signature.
	let client = node.client().await?;
	let transfer =
		api::transactions().balances().transfer_keep_alive(sr25519::dev::charlie().public_key().to_address::<()>(), UNIT);
	let bob = sr25519::dev::bob().public_key().to_account_id();
	let at = client.at_current_block().await?;
	let mut signable = at.transactions().create_signable(&transfer, &bob, Default::default()).await?;
	let alice_signature = sr25519::dev::alice().sign(&signable.signer_payload()?);
	let forged = signable
		.sign_with_account_and_signature(&bob, &alice_signature.into())?
		.into_encoded();
	let error = rpc
		.author_submit_extrinsic(&forged)
		.await
		.expect_err("a signature by someone else must be refused")
		.to_string();
	ensure!(
		error.contains("1010") || error.to_lowercase().contains("invalid"),
		"a bad signature is reported as an invalid transaction: {error}"
	);

	// The node is still producing blocks.
	let (best, _) = node.heights().await?;
	node.wait_for_best(best + 2, Duration::from_secs(60)).await?;
	node.ensure_running()?;
	Ok(())
}
