//! Every role's `sto` commands end to end, through the real `sto` binary on one `--dev` node:
//!
//! - investors: a transfer, and one the token refuses in its dry run (`transfer_status`: the
//!   receiver has no identity) with nothing sent; an allowance (`approve`) spent with
//!   `transfer-from`, and an overspend refused by the dry run; an operator authorized, moving
//!   the holder's tokens, revoked, then refused;
//! - transfer agents: roles granted by name; a wallet frozen, its transfer refused by the token
//!   (sender frozen), unfrozen, its transfer sent; a lock-up that makes a full transfer fail
//!   (not spendable); a forced (controller) transfer; a reclassification between partitions;
//! - `--dry-run` of a call that would fail (a freeze by a holder: not authorized) and of one
//!   that would succeed (a pause by the owner), the token unpaused afterwards;
//! - governance: an identity's lost primary wallet recovered to a new one through Sudo (its
//!   consent signed by `--new-primary-suri`), its tokens moved with it.
//!
//! The independent flows run at once, each with its own signers; set-up steps are batched.

mod common;

use anyhow::{anyhow, ensure, Context, Result};
use common::{address, sto_fails, sto_json};
use serde_json::Value as Json;
use sto_harness::{
	chain::{add_kyc, create_token, fund, keypair, register_identities, send, UNIT},
	dev_chain,
	subxt_signer::sr25519::{self, Keypair},
	Sto,
};
use sto_client::runtime::{api, bounded, PartitionRights, TokenStatus};

/// The wallet's balance of `token` in `partition` (`sto token balance`).
async fn balance(url: &str, token: &str, wallet: &Keypair, partition: u64) -> Result<u64> {
	let shown = sto_json(url, None, &["token", "balance", token, &address(wallet)]).await?;
	Ok(shown["holdings"]
		.as_array()
		.into_iter()
		.flatten()
		.find(|h| h["partition"].as_u64() == Some(partition))
		.and_then(|h| h["balance"].as_u64().or_else(|| h["balance"].as_str().and_then(|s| s.parse().ok())))
		.unwrap_or(0))
}

/// The next nonce of `wallet` as the node sees it (a refused command sent nothing).
async fn nonce(chain: &Sto, wallet: &Keypair) -> Result<u64> {
	Ok(chain.rpc().system_account_next_index(&wallet.public_key().to_account_id()).await?)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_role_has_its_commands() -> Result<()> {
	let started = std::time::Instant::now();
	let (_dir, node, chain) = dev_chain("roles").await?;
	let url = node.spec.rpc_url();
	let ferdie = sr25519::dev::ferdie();

	// Wallets, each with its own identity, and the suri `sto` signs with.
	let names = ["issuer", "agent", "alice-investor", "spender", "dora", "operator", "erin", "frank", "heidi", "carol"];
	let suris: Vec<String> = names.iter().map(|n| format!("//E2E-roles-{n}")).collect();
	let keys: Vec<Keypair> = suris.iter().map(|s| keypair(s)).collect::<Result<_>>()?;
	let [issuer, agent, investor, spender, dora, operator, erin, frank, heidi, carol] = &keys[..] else {
		return Err(anyhow!("ten keys"));
	};
	let suri = |key: &Keypair| suris[keys.iter().position(|k| k.public_key().0 == key.public_key().0).expect("a known key")].clone();
	let outsider = keypair("//E2E-roles-no-identity")?;
	let heidi_new = "//E2E-roles-heidi-new";
	let heidi_new_key = keypair(heidi_new)?;

	// --- Set-up: fund, register and verify every identity, create the token; then the owner
	// activates it, adds a restricted partition and issues, in one batch.
	let all: Vec<&Keypair> = keys.iter().collect();
	let (_, ids) = tokio::try_join!(fund(&chain, &all, 100 * UNIT), register_identities(&chain, &ferdie, &all))?;
	add_kyc(&chain, &ferdie, &ids).await?;
	let token = create_token(&chain, issuer, "ROLES", "Roles test", None).await?;
	let tx = api::transactions().security_token();
	let mut setup = vec![
		chain.call(&tx.set_status(token, TokenStatus::Active)).await?,
		chain
			.call(&tx.add_partition(
				token,
				bounded(b"restricted".to_vec()),
				PartitionRights { voting: true, dividends: true, transferable: true },
			))
			.await?,
	];
	for holder in [investor, dora, erin, frank, heidi] {
		setup.push(chain.call(&tx.issue(token, 0, holder.public_key().to_account_id(), 1_000, None)).await?);
	}
	send(&chain, &chain.batch_all(setup).await?, issuer).await.context("activate, partition, issue")?;
	let t = token.to_string();
	let t = t.as_str();
	// The owner grants the agent identity its roles by name.
	let agent_id = ids[1].to_string();
	sto_json(&url, Some(&suri(issuer)), &["token", "grant-roles", t, &agent_id, "--roles", "transfer-agent,freezer"]).await?;
	eprintln!("[{:>3}s] identities, token, issuance and roles ready", started.elapsed().as_secs());

	let investor_flow = async {
		// A transfer, then one the token refuses before anything is sent (no identity).
		sto_json(&url, Some(&suri(investor)), &["token", "transfer", t, &address(carol), "100"]).await?;
		let before = nonce(&chain, investor).await?;
		let error = sto_fails(&url, Some(&suri(investor)), &["token", "transfer", t, &address(&outsider), "5"]).await?.1;
		ensure!(error.contains("refused by the token") && error.contains("ReceiverNoIdentity"), "{error}");
		ensure!(error.contains("nothing was sent"), "{error}");
		ensure!(nonce(&chain, investor).await? == before, "the refused transfer was not sent");
		// An allowance, spent in part; an overspend refused by the dry run.
		sto_json(&url, Some(&suri(investor)), &["token", "approve", t, &address(spender), "50"]).await?;
		sto_json(&url, Some(&suri(spender)), &["token", "transfer-from", t, &address(investor), &address(carol), "30"]).await?;
		let error =
			sto_fails(&url, Some(&suri(spender)), &["token", "transfer-from", t, &address(investor), &address(carol), "30"]).await?.1;
		ensure!(error.contains("would fail") && error.contains("AllowanceExceeded"), "{error}");
		ensure!(balance(&url, t, investor, 0).await? == 870, "1000 - 100 - 30");
		Ok::<_, anyhow::Error>(())
	};

	let operator_flow = async {
		sto_json(&url, Some(&suri(dora)), &["token", "operator", "authorize", t, &address(operator)]).await?;
		sto_json(&url, Some(&suri(operator)), &["token", "operator-transfer", t, &address(dora), &address(carol), "10", "--data", "trade 7"])
			.await?;
		sto_json(&url, Some(&suri(dora)), &["token", "operator", "revoke", t, &address(operator)]).await?;
		let error =
			sto_fails(&url, Some(&suri(operator)), &["token", "operator-transfer", t, &address(dora), &address(carol), "10"]).await?.1;
		// The node's own check refuses it (refusal 0x22), or the call fails: either is named.
		ensure!(
			error.contains("would fail") && (error.contains("NotOperator") || error.contains("neither an operator")),
			"{error}"
		);
		ensure!(balance(&url, t, dora, 0).await? == 990, "one operator transfer of 10");
		Ok::<_, anyhow::Error>(())
	};

	let freeze_flow = async {
		sto_json(&url, Some(&suri(agent)), &["token", "freeze", t, &address(erin)]).await?;
		let error = sto_fails(&url, Some(&suri(erin)), &["token", "transfer", t, &address(carol), "10"]).await?.1;
		ensure!(error.contains("refused by the token") && error.contains("SenderFrozen"), "{error}");
		sto_json(&url, Some(&suri(agent)), &["token", "unfreeze", t, &address(erin)]).await?;
		sto_json(&url, Some(&suri(erin)), &["token", "transfer", t, &address(carol), "10"]).await?;
		Ok::<_, anyhow::Error>(())
	};

	// The owner holds every role: lock-up, reclassification and forced transfer.
	let agent_flow = async {
		let far = (std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis() as u64 + 86_400_000).to_string();
		sto_json(&url, Some(&suri(issuer)), &["token", "lockup", t, &address(frank), "400", "--until", &far]).await?;
		let error = sto_fails(&url, Some(&suri(frank)), &["token", "transfer", t, &address(carol), "700"]).await?.1;
		ensure!(error.contains("refused by the token") && error.contains("InsufficientSpendable"), "{error}");
		// 100 of the 600 spendable to partition 1; the forced transfer takes the other 500 and
		// 200 of the lock-up.
		sto_json(&url, Some(&suri(issuer)), &["token", "reclassify", t, &address(frank), "100", "--from", "0", "--to", "1"])
			.await?;
		let forced = sto_json(
			&url,
			Some(&suri(issuer)),
			&["token", "controller-transfer", t, &address(frank), &address(carol), "700", "--reason", "court order 12/2026"],
		)
		.await?;
		ensure!(forced.to_string().contains("Controller"), "a controller movement: {forced}");
		ensure!(balance(&url, t, frank, 0).await? == 200 && balance(&url, t, frank, 1).await? == 100, "1000 - 700 - 100");
		Ok::<_, anyhow::Error>(())
	};

	let dry_run_flow = async {
		// Would fail: a holder may not freeze.
		let before = nonce(&chain, carol).await?;
		let error = sto_fails(&url, Some(&suri(carol)), &["--dry-run", "token", "freeze", t, &address(carol)]).await?.1;
		ensure!(error.contains("would fail") && error.contains("NotAuthorized"), "{error}");
		// Would succeed: an approval, and the owner's pause; nothing is sent, the token stays
		// unpaused.
		let dry = sto_json(&url, Some(&suri(carol)), &["--dry-run", "token", "approve", t, &address(spender), "1"]).await?;
		ensure!(dry["ok"] == Json::Bool(true) && dry["dry_run"] == Json::Bool(true), "{dry}");
		ensure!(nonce(&chain, carol).await? == before, "a dry run sends nothing");
		let dry = sto_json(&url, Some(&suri(issuer)), &["--dry-run", "token", "pause", t]).await?;
		ensure!(dry["ok"] == Json::Bool(true), "{dry}");
		let shown = sto_json(&url, None, &["token", "show", t]).await?;
		ensure!(shown["details"]["paused"] == Json::Bool(false), "not paused: {shown}");
		Ok::<_, anyhow::Error>(())
	};

	// Governance replaces heidi's lost primary wallet; its tokens follow.
	let recovery_flow = async {
		let heidi_id = ids[8].to_string();
		sto_json(&url, Some("//Alice"), &["identity", "recover", &heidi_id, &address(&heidi_new_key), "--new-primary-suri", heidi_new])
			.await?;
		ensure!(balance(&url, t, &heidi_new_key, 0).await? == 1_000, "the holding moved to the new wallet");
		ensure!(balance(&url, t, heidi, 0).await? == 0, "the lost wallet holds nothing");
		let shown = sto_json(&url, None, &["identity", "show", &heidi_id]).await?;
		let wallets = shown["wallets"].to_string();
		ensure!(wallets.contains(&address(&heidi_new_key)) && !wallets.contains(&address(heidi)), "{shown}");
		Ok::<_, anyhow::Error>(())
	};

	tokio::try_join!(investor_flow, operator_flow, freeze_flow, agent_flow, dry_run_flow, recovery_flow)?;
	eprintln!("[{:>3}s] every role's commands checked", started.elapsed().as_secs());
	Ok(())
}
