//! A forkless runtime upgrade through the council, end to end, on the four-validator
//! consortium network (no sudo), with `sto council upgrade`:
//!
//! - the chain runs this release's runtime with tokens, identities, a custodian and a custody
//!   mandate in its state;
//! - a whitelisting motion with three of four ayes is refused (only a unanimous council reaches
//!   `Root`); nothing is whitelisted;
//! - `sto council upgrade <wasm>`: a unanimous motion whitelists `System.authorize_upgrade(code
//!   hash)`, a two-thirds motion dispatches it as `Root`, then the code is submitted; the network
//!   keeps finalizing on every validator;
//! - after it: the next spec version on every node, custody's storage migration ran (storage
//!   version 2, every custodian record carries the new field, read through the view function),
//!   every balance and identity is unchanged, a transfer and a custody settlement still work and
//!   the new field counts the settlement.
//!
//! The next runtime is this release built with the `upgrade-test` feature
//! (`sto-runtime-upgrade-test`, built as wasm by the workspace build).

use anyhow::{anyhow, ensure, Context, Result};
use serde_json::Value as Json;
use std::{process::Output, time::Duration};
use sto_harness::{
	chain::{
		add_kyc, call_data, council_motion, create_token, fund, keypair, register_identities, submit_batch_finalized,
		submit_finalized, UNIT,
	},
	sto_client::chain::Call,
	start_consortium,
	subxt::{
		dynamic::{self, Value},
		ext::codec::Encode,
		utils::H256,
	},
	subxt_signer::sr25519::{dev, Keypair},
	Client, Node, Sto, TestDir,
};

/// Run `sto --json …` against `url`, signed by `suri`.
async fn sto(url: &str, suri: &str, args: &[&str]) -> Result<Output> {
	tokio::process::Command::new(env!("CARGO_BIN_EXE_sto"))
		.arg("--json")
		.args(args)
		.env("STO_URL", url)
		.env("STO_SURI", suri)
		.output()
		.await
		.with_context(|| format!("run sto {}", args.join(" ")))
}

fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

async fn sto_json(url: &str, suri: &str, args: &[&str]) -> Result<Json> {
	let output = sto(url, suri, args).await?;
	ensure!(output.status.success(), "sto {} failed: {}{}", args.join(" "), text(&output.stderr), text(&output.stdout));
	serde_json::from_slice(&output.stdout).with_context(|| format!("sto {} printed no JSON: {}", args.join(" "), text(&output.stdout)))
}

const MEMBERS: [&str; 4] = ["//Alice", "//Bob", "//Charlie", "//Dave"];

/// Members vote aye on `hash` with `sto council vote` (all at once: each signs its own
/// transaction), then Alice closes it with `sto council close`.
async fn pass_motion(url: &str, hash: &str, voters: &[&str]) -> Result<Output> {
	let votes = voters.iter().map(|member| async move { sto_json(url, member, &["council", "vote", hash, "--aye"]).await });
	for vote in futures::future::join_all(votes).await {
		vote?;
	}
	sto(url, MEMBERS[0], &["council", "close", hash]).await
}

/// The spec version every node runs at its best block.
async fn spec_versions(nodes: &[Node]) -> Result<Vec<u32>> {
	let mut versions = Vec::new();
	for node in nodes {
		versions.push(node.rpc().await?.state_get_runtime_version(None).await?.spec_version);
	}
	Ok(versions)
}

/// twox128(pallet) ++ twox128(":__STORAGE_VERSION__:"): a pallet's on-chain storage version.
async fn storage_version(client: &Client, pallet: &str) -> Result<u16> {
	let mut key = sp_crypto_hashing::twox_128(pallet.as_bytes()).to_vec();
	key.extend(sp_crypto_hashing::twox_128(b":__STORAGE_VERSION__:"));
	let bytes = client.at_current_block().await?.storage().fetch_raw(key).await?;
	ensure!(bytes.len() == 2, "a storage version is two bytes: {bytes:?}");
	Ok(u16::from_le_bytes([bytes[0], bytes[1]]))
}

async fn balance(chain: &Sto, token: u32, who: &Keypair) -> Result<u128> {
	chain.runtime_api("TokenApi", "balance_of", (token, 0u16, who.public_key().to_account_id())).await?.decode()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_council_upgrades_the_runtime_with_a_migration_while_the_network_runs() -> Result<()> {
	let dir = TestDir::new("upgrade");
	let (nodes, _) = start_consortium(&dir).await?;
	for node in &nodes {
		node.wait_for_finalized(2, Duration::from_secs(180)).await?;
	}
	let url = nodes[0].spec.rpc_url();
	let chain = nodes[0].sto().await?;
	let client = chain.client().clone();

	// --- State at spec N: identities, a token, a custodian, a mandate. ----------------------
	let ferdie = dev::ferdie();
	let issuer = keypair("//E2E-upgrade-issuer")?;
	let (anna, bert) = (keypair("//E2E-upgrade-anna")?, keypair("//E2E-upgrade-bert")?);
	let exchange = keypair("//E2E-upgrade-exchange")?;
	fund(&chain, &[&issuer, &anna, &bert, &exchange], 1_000 * UNIT).await?;
	let ids = register_identities(&chain, &ferdie, &[&issuer, &anna, &bert, &exchange]).await?;
	add_kyc(&chain, &ferdie, &ids).await?;
	let (anna_id, exchange_id) = (ids[1], ids[3]);
	let token = create_token(&chain, &issuer, "UPG", "Upgrade test units", Some(1_000)).await?;
	let mut calls = vec![call_data(&client, &dynamic::tx("SecurityToken", "set_status", (token, Value::unnamed_variant("Active", [])))).await?];
	for (who, amount) in [(&anna, 100u128), (&bert, 50)] {
		let issue = dynamic::tx("SecurityToken", "issue", (token, 0u16, who.public_key().to_account_id(), amount, None::<u64>));
		calls.push(call_data(&client, &issue).await?);
	}
	submit_batch_finalized(&chain, &calls, &issuer).await?;
	let roles = Value::named_composite([
		("ats_operator", Value::bool(true)),
		("broker_dealer", Value::bool(true)),
		("clearing_agent", Value::bool(false)),
		("transfer_agent", Value::bool(false)),
	]);
	let register = call_data(&client, &dynamic::tx("Custody", "register_custodian", (exchange.public_key().to_account_id(), roles))).await?;
	let members: Vec<Keypair> = MEMBERS.iter().map(|m| keypair(m)).collect::<Result<_>>()?;
	council_motion(&chain, &members, &Call(register)).await?;
	let bind = call_data(&client, &dynamic::tx("Custody", "bind_venue_account", (exchange_id, H256::repeat_byte(0xa1)))).await?;
	let mandate = call_data(&client, &dynamic::tx("Custody", "grant_mandate", (exchange_id, token, None::<u16>, 60u128, None::<u64>))).await?;
	submit_batch_finalized(&chain, &[bind, mandate], &anna).await?;

	let balances_before = (balance(&chain, token, &anna).await?, balance(&chain, token, &bert).await?);
	let wallets_before: Vec<[u8; 32]> = chain.runtime_api("IdentityApi", "wallets", (anna_id,)).await?.decode()?;
	let custodian_before: Value = chain.view_function("Custody", "custodian", (exchange_id,)).await?.decode()?;
	let versions_before = spec_versions(&nodes).await?;
	let spec_n = versions_before[0];
	ensure!(versions_before.iter().all(|v| *v == spec_n), "one runtime on every node: {versions_before:?}");
	ensure!(storage_version(&client, "Custody").await? == 1, "custody's storage version before the upgrade");

	// --- The next runtime, and the Root call that authorizes it. ---------------------------
	let wasm = sto_runtime_upgrade_test::WASM_BINARY.ok_or_else(|| anyhow!("the upgrade test's runtime was not built"))?;
	let wasm_path = dir.path().join("next-runtime.compact.compressed.wasm");
	std::fs::write(&wasm_path, wasm)?;
	let wasm_file = wasm_path.display().to_string();
	let code_hash = H256(sp_crypto_hashing::blake2_256(wasm));
	let authorize = chain.raw_call("System", "authorize_upgrade", &code_hash.encode()).await?.0;
	let authorize_hash = H256(sp_crypto_hashing::blake2_256(&authorize));

	// A whitelisting motion approved by three of four members reaches no Root: refused.
	let whitelist = chain.raw_call("Whitelist", "whitelist_call", &authorize_hash.encode()).await?.0;
	let short = sto_json(&url, MEMBERS[0], &["council", "propose", &format!("0x{}", hex::encode(&whitelist)), "--threshold", "3"]).await?;
	let short_hash = short["hash"].as_str().ok_or_else(|| anyhow!("propose: {short}"))?.to_string();
	let closed = pass_motion(&url, &short_hash, &MEMBERS[..3]).await?;
	ensure!(!closed.status.success(), "a motion of three ayes must not whitelist a Root call");
	ensure!(text(&closed.stderr).contains("BadOrigin"), "refused for its origin: {}", text(&closed.stderr));
	let stage = sto_json(&url, MEMBERS[0], &["council", "upgrade", &wasm_file]).await?;
	ensure!(stage["motion"]["threshold"] == 4, "the upgrade's first motion needs every member: {stage}");
	ensure!(stage["stage"] == "not-whitelisted", "nothing was whitelisted by the short motion: {stage}");

	// Step 1: the unanimous motion whitelists the authorization.
	let hash = stage["motion"]["hash"].as_str().ok_or_else(|| anyhow!("motion: {stage}"))?.to_string();
	let closed = pass_motion(&url, &hash, &MEMBERS).await?;
	ensure!(closed.status.success(), "the unanimous motion passes: {}", text(&closed.stderr));
	// Step 2: two thirds dispatch it as Root.
	let stage = sto_json(&url, MEMBERS[1], &["council", "upgrade", &wasm_file]).await?;
	ensure!(stage["stage"] == "whitelisted" && stage["motion"]["threshold"] == 3, "second step: {stage}");
	let hash = stage["motion"]["hash"].as_str().ok_or_else(|| anyhow!("motion: {stage}"))?.to_string();
	let closed = pass_motion(&url, &hash, &MEMBERS[..3]).await?;
	ensure!(closed.status.success(), "the dispatch motion passes: {}", text(&closed.stderr));
	// Step 3: anyone submits the code (Ferdie is no council member).
	let (_, finalized_before) = nodes[0].heights().await?;
	let applied = sto_json(&url, "//Ferdie", &["council", "upgrade", &wasm_file]).await?;
	ensure!(applied["stage"] == "applied", "the code is applied: {applied}");
	ensure!(applied["spec_version_before"] == spec_n && applied["spec_version"] == spec_n + 1, "spec versions: {applied}");

	// --- The network keeps finalizing, every node on the next runtime. ----------------------
	for node in &nodes {
		node.wait_for_finalized(finalized_before + 4, Duration::from_secs(180)).await?;
	}
	ensure!(spec_versions(&nodes).await?.iter().all(|v| *v == spec_n + 1), "every node runs spec N+1");
	// The reads below are at the finalized block: every node finalizes a block of spec N+1 (with
	// 2-second slots, the four blocks above may all have passed while the code was submitted).
	let (best, _) = nodes[0].heights().await?;
	for node in &nodes {
		node.wait_for_finalized(best, Duration::from_secs(180)).await?;
	}
	let again = sto_json(&url, "//Ferdie", &["council", "upgrade", &wasm_file]).await?;
	ensure!(again["stage"] == "applied" && again["spec_version"] == spec_n + 1, "nothing left to do: {again}");

	// --- The migration ran; nothing else changed. ------------------------------------------
	let chain = nodes[0].sto().await?;
	let client = chain.client().clone();
	ensure!(storage_version(&client, "Custody").await? == 2, "custody migrated to storage version 2");
	let custodian_after: Value = chain.view_function("Custody", "custodian", (exchange_id,)).await?.decode()?;
	let after = format!("{custodian_after}");
	ensure!(after.contains("settled_batches: 0"), "the record has the new field, 0: {after}");
	let before = format!("{custodian_before}");
	ensure!(after.replace(", settled_batches: 0", "") == before, "the rest of the record is unchanged: {before} / {after}");
	ensure!((balance(&chain, token, &anna).await?, balance(&chain, token, &bert).await?) == balances_before, "balances unchanged");
	let wallets_after: Vec<[u8; 32]> = chain.runtime_api("IdentityApi", "wallets", (anna_id,)).await?.decode()?;
	ensure!(wallets_after == wallets_before, "identities unchanged");

	// A transfer and a settlement under the mandate still work on the new runtime.
	let transfer = dynamic::tx("SecurityToken", "transfer_by_partition", (token, 0u16, bert.public_key().to_account_id(), 5u128, None::<H256>));
	submit_finalized(&client, &transfer, &anna).await?;
	let leg = Value::named_composite([
		("token", Value::u128(token.into())),
		("partition", Value::u128(0)),
		("from", Value::from_bytes(anna.public_key().to_account_id().0)),
		("to", Value::from_bytes(bert.public_key().to_account_id().0)),
		("amount", Value::u128(10)),
	]);
	let settle = dynamic::tx("Custody", "settle", (H256::repeat_byte(0x5e), vec![leg], Vec::<Value>::new()));
	submit_finalized(&client, &settle, &exchange).await?;
	ensure!(balance(&chain, token, &bert).await? == balances_before.1 + 15, "bert received 5 + 10");
	let counted: Value = chain.view_function("Custody", "custodian", (exchange_id,)).await?.decode()?;
	ensure!(format!("{counted}").contains("settled_batches: 1"), "the new code counts the settlement: {counted}");
	Ok(())
}
