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
//!   consent signed by `--new-primary-suri`), its tokens moved with it; a claim issuer trusted
//!   and untrusted (`trust-issuer`, `untrust-issuer`); a registrar added by a council motion
//!   from `--print-call`'s call data, and removed through Sudo;
//! - holders: a redemption, and one above the balance refused by the dry run; `redeem-from`
//!   within an allowance, an overspend refused;
//! - a second agent (supply manager, transfer agent, freezer): a partial freeze that makes a
//!   transfer fail (not spendable), an unfreeze above the frozen amount refused, the rest
//!   unfrozen; a buy-back refused until the holder makes it its operator, then done; a
//!   `controller-redeem` by a holder refused, by the agent done; a supply cap set, one below the
//!   supply refused, the cap removed;
//! - a second token's owner: identifiers set (a non-owner refused), the token's own claim
//!   issuers named (a duplicate refused) and removed (`token-issuers`), its ownership offered
//!   and accepted (an identity not offered it refused);
//! - wallets: a wallet linked, made primary (`set-primary`; by a non-primary refused), the old
//!   primary unlinked (`unlink`; the primary itself refused); an EVM wallet's link text read
//!   (`evm-message`), a link signed by another key refused, the link signed with its own key
//!   (`link-evm --evm-key`) shown by `show`, and unlinked (`unlink-evm`);
//! - claims: the KYC provider's claim updated (`update-claim`; by another identity refused) and
//!   revoked (`revoke-claim`; a claim that does not exist refused).
//!
//! Every refusal exits with status 1, names the chain's reason and changes nothing (read
//! back). The independent flows run at once, each with its own signers; set-up steps are
//! batched.

use anyhow::{anyhow, ensure, Context, Result};
use crate::common::{address, sto_fails, sto_json};
use serde_json::{json, Value as Json};
use sto_client::runtime::{
	api::{
		self,
		runtime_types::{pallet_security_token::types::Roles, sto_primitives::identity::TopicClass},
	},
	bounded, PartitionRights, TokenStatus,
};
use sto_harness::{
	chain::{add_kyc, create_token, fund, keypair, register_identities, send, UNIT},
	dev_chain,
	subxt_signer::sr25519::{self, Keypair},
	Sto,
};

/// A number in `sto`'s JSON: an integer, or a string for large ones.
fn number(value: &Json) -> Option<u128> {
	value.as_u64().map(u128::from).or_else(|| value.as_str().and_then(|s| s.parse().ok()))
}

/// The wallet's holding of `token` in `partition` (`sto token balance`): `null` when it holds
/// none there.
async fn holding(url: &str, token: &str, wallet: &Keypair, partition: u64) -> Result<Json> {
	let shown = sto_json(url, None, &["token", "balance", token, &address(wallet)]).await?;
	Ok(shown["holdings"]
		.as_array()
		.into_iter()
		.flatten()
		.find(|h| h["partition"].as_u64() == Some(partition))
		.cloned()
		.unwrap_or(Json::Null))
}

/// The wallet's balance of `token` in `partition` (`sto token balance`).
async fn balance(url: &str, token: &str, wallet: &Keypair, partition: u64) -> Result<u64> {
	Ok(number(&holding(url, token, wallet, partition).await?["balance"]).unwrap_or(0) as u64)
}

/// The wallet's frozen amount of `token` in partition 0 (`sto token balance`).
async fn frozen(url: &str, token: &str, wallet: &Keypair) -> Result<u128> {
	Ok(number(&holding(url, token, wallet, 0).await?["frozen"]).unwrap_or(0))
}

/// The token's record (`sto token show`).
async fn details(url: &str, token: &str) -> Result<Json> {
	Ok(sto_json(url, None, &["token", "show", token]).await?["details"].clone())
}

/// The next nonce of `wallet` as the node sees it (a refused command sent nothing).
async fn nonce(chain: &Sto, wallet: &Keypair) -> Result<u64> {
	Ok(chain.rpc().system_account_next_index(&wallet.public_key().to_account_id()).await?)
}

/// The chain-wide trusted issuers and their topic classes (`IdentityRegistry.TrustedIssuers`).
async fn trusted_issuers(chain: &Sto) -> Result<Vec<(u64, Vec<TopicClass>)>> {
	let list = chain.at().await?.storage().fetch(api::storage().identity_registry().trusted_issuers(), ()).await?.decode()?;
	Ok(list.0.into_iter().map(|(issuer, topics)| (issuer, topics.0)).collect())
}

/// Whether `identity` is a registrar (`IdentityRegistry.Registrars`).
async fn is_registrar(chain: &Sto, identity: u64) -> Result<bool> {
	Ok(chain.at().await?.storage().try_fetch(api::storage().identity_registry().registrars(), (identity,)).await?.is_some())
}

/// A token's own trusted issuers for `topic` (`IdentityRegistry.TokenIssuers`).
async fn token_issuers(chain: &Sto, token: u32, topic: TopicClass) -> Result<Vec<u64>> {
	let at = chain.at().await?;
	Ok(at.storage().fetch(api::storage().identity_registry().token_issuers(), (token, topic)).await?.decode()?.0)
}

/// Now plus `days`, in ms since the Unix epoch.
fn days_from_now(days: u64) -> Result<u64> {
	Ok(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis() as u64 + days * 86_400_000)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_role_has_its_commands() -> Result<()> {
	let started = std::time::Instant::now();
	let (_dir, node, chain) = dev_chain("roles").await?;
	let url = node.spec.rpc_url();
	let ferdie = sr25519::dev::ferdie();

	// Wallets, each with its own identity, and the suri `sto` signs with.
	let names = [
		"issuer", "agent", "alice-investor", "spender", "dora", "operator", "erin", "frank", "heidi", "carol", "gina", "ivan",
		"manager", "hank", "olga", "pat", "quinn", "rita", "sam",
	];
	let suris: Vec<String> = names.iter().map(|n| format!("//E2E-roles-{n}")).collect();
	let keys: Vec<Keypair> = suris.iter().map(|s| keypair(s)).collect::<Result<_>>()?;
	let [issuer, agent, investor, spender, dora, operator, erin, frank, heidi, carol, gina, ivan, manager, hank, olga, pat, quinn, rita, sam] =
		&keys[..]
	else {
		return Err(anyhow!("nineteen keys"));
	};
	let suri = |key: &Keypair| suris[keys.iter().position(|k| k.public_key().0 == key.public_key().0).expect("a known key")].clone();
	let outsider = keypair("//E2E-roles-no-identity")?;
	let heidi_new = "//E2E-roles-heidi-new";
	let heidi_new_key = keypair(heidi_new)?;
	// Quinn's second wallet: linked by `sto identity link`, so no identity of its own.
	let quinn_two = "//E2E-roles-quinn-2";
	let quinn_two_key = keypair(quinn_two)?;

	// --- Set-up: fund, register and verify every identity, create the tokens; then the owner
	// activates the first, adds a restricted partition, issues and grants the second agent its
	// roles, in one batch.
	let mut all: Vec<&Keypair> = keys.iter().collect();
	all.push(&quinn_two_key);
	let registered: Vec<&Keypair> = keys.iter().collect();
	let (_, ids) = tokio::try_join!(fund(&chain, &all, 100 * UNIT), register_identities(&chain, &ferdie, &registered))?;
	let id = |key: &Keypair| ids[keys.iter().position(|k| k.public_key().0 == key.public_key().0).expect("a known key")];
	add_kyc(&chain, &ferdie, &ids).await?;
	let (token, owned) = tokio::try_join!(
		create_token(&chain, issuer, "ROLES", "Roles test", None),
		create_token(&chain, olga, "OWNED", "Ownership test", None)
	)?;
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
		// Supply manager, transfer agent, freezer.
		chain.call(&tx.grant_roles(token, id(manager), Roles(0b1_0011))).await?,
	];
	for holder in [investor, dora, erin, frank, heidi, gina, hank] {
		setup.push(chain.call(&tx.issue(token, 0, holder.public_key().to_account_id(), 1_000, None)).await?);
	}
	send(&chain, &chain.batch_all(setup).await?, issuer).await.context("activate, partition, roles, issue")?;
	let t = token.to_string();
	let t = t.as_str();
	let t2 = owned.to_string();
	let t2 = t2.as_str();
	// The owner grants the agent identity its roles by name.
	let agent_id = id(agent).to_string();
	sto_json(&url, Some(&suri(issuer)), &["token", "grant-roles", t, &agent_id, "--roles", "transfer-agent,freezer"]).await?;
	eprintln!("[{:>3}s] identities, tokens, issuance and roles ready", started.elapsed().as_secs());
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
		// The node's own check refuses it (refusal 0x22 NotOperator), or the call fails: either
		// is named.
		ensure!(error.contains("would fail") && error.contains("NotOperator"), "{error}");
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

	// Governance: Sudo (Alice) and the dev council (Alice and Bob). The Sudo steps and the
	// council's first steps run side by side; Alice's vote follows her Sudo steps.
	let sam_id = id(sam);
	let sudo_steps = async {
		// Heidi's lost primary wallet is replaced; its tokens follow.
		let heidi_id = id(heidi).to_string();
		sto_json(&url, Some("//Alice"), &["identity", "recover", &heidi_id, &address(&heidi_new_key), "--new-primary-suri", heidi_new])
			.await?;
		ensure!(balance(&url, t, &heidi_new_key, 0).await? == 1_000, "the holding moved to the new wallet");
		ensure!(balance(&url, t, heidi, 0).await? == 0, "the lost wallet holds nothing");
		let shown = sto_json(&url, None, &["identity", "show", &heidi_id]).await?;
		let wallets = shown["wallets"].to_string();
		ensure!(wallets.contains(&address(&heidi_new_key)) && !wallets.contains(&address(heidi)), "{shown}");

		// Sam trusted chain-wide for two topics (given by a wallet), then untrusted.
		sto_json(&url, Some("//Alice"), &["identity", "trust-issuer", &address(sam), "--topics", "aml,accredited"]).await?;
		let trusted = trusted_issuers(&chain).await?;
		ensure!(
			trusted.iter().any(|(issuer, topics)| *issuer == sam_id &&
				topics.len() == 2 && topics.contains(&TopicClass::Aml) &&
				topics.contains(&TopicClass::Accredited)),
			"sam trusted for aml and accredited: {trusted:?}"
		);
		let error =
			sto_fails(&url, Some("//Alice"), &["identity", "trust-issuer", &sam_id.to_string(), "--topics", "kyc,kyc"]).await?.1;
		ensure!(error.contains("BadTopics"), "{error}");
		ensure!(trusted_issuers(&chain).await? == trusted, "the refused trust changed nothing");
		sto_json(&url, Some("//Alice"), &["identity", "untrust-issuer", &sam_id.to_string()]).await?;
		let untrusted = trusted_issuers(&chain).await?;
		ensure!(untrusted.iter().all(|(issuer, _)| *issuer != sam_id), "sam untrusted: {untrusted:?}");
		let error = sto_fails(&url, Some("//Alice"), &["identity", "untrust-issuer", &sam_id.to_string()]).await?.1;
		ensure!(error.contains("NotTrustedIssuer"), "{error}");
		ensure!(trusted_issuers(&chain).await? == untrusted, "the refused withdrawal changed nothing");
		Ok::<_, anyhow::Error>(())
	};
	// Sam made a registrar by a council motion: the call data from `--print-call` (no key
	// needed), proposed and voted by Bob.
	let council_steps = async {
		let printed = sto_json(&url, None, &["identity", "add-registrar", &address(sam), "--print-call"]).await?;
		let call = printed["call"].as_str().ok_or_else(|| anyhow!("call data: {printed}"))?.to_string();
		let hash = printed["hash"].as_str().ok_or_else(|| anyhow!("call hash: {printed}"))?.to_string();
		ensure!(!is_registrar(&chain, sam_id).await?, "printing the call sent nothing");
		let proposed = sto_json(&url, Some("//Bob"), &["council", "propose", &call]).await?;
		ensure!(proposed["hash"] == json!(hash), "the motion is the printed call: {proposed} {printed}");
		sto_json(&url, Some("//Bob"), &["council", "vote", &hash, "--aye"]).await?;
		Ok::<_, anyhow::Error>(hash)
	};
	let governance_flow = async {
		let ((), hash) = tokio::try_join!(sudo_steps, council_steps)?;
		// Alice's aye approves the motion; closing it makes Sam a registrar. Sudo removes it.
		sto_json(&url, Some("//Alice"), &["council", "vote", &hash, "--aye"]).await?;
		let executed = sto_json(&url, Some("//Bob"), &["council", "close", &hash]).await?;
		ensure!(executed["executed"] == json!(true), "the motion executed: {executed}");
		ensure!(is_registrar(&chain, sam_id).await?, "sam is a registrar");
		let error = sto_fails(&url, Some("//Alice"), &["identity", "add-registrar", &sam_id.to_string()]).await?.1;
		ensure!(error.contains("AlreadyRegistrar"), "{error}");
		sto_json(&url, Some("//Alice"), &["identity", "remove-registrar", &sam_id.to_string()]).await?;
		ensure!(!is_registrar(&chain, sam_id).await?, "sam is no registrar any more");
		let error = sto_fails(&url, Some("//Alice"), &["identity", "remove-registrar", &sam_id.to_string()]).await?.1;
		ensure!(error.contains("NotRegistrar"), "{error}");
		ensure!(!is_registrar(&chain, sam_id).await?, "the refused removal changed nothing");
		eprintln!("[{:>3}s] governance checked", started.elapsed().as_secs());
		Ok::<_, anyhow::Error>(())
	};

	// A holder redeems its own tokens, and a spender within an allowance.
	let redeem_flow = async {
		sto_json(&url, Some(&suri(gina)), &["token", "redeem", t, "100"]).await?;
		ensure!(balance(&url, t, gina, 0).await? == 900, "1000 - 100 redeemed");
		let before = nonce(&chain, gina).await?;
		let error = sto_fails(&url, Some(&suri(gina)), &["token", "redeem", t, "901"]).await?.1;
		ensure!(error.contains("would fail") && error.contains("InsufficientBalance") && error.contains("nothing was sent"), "{error}");
		ensure!(nonce(&chain, gina).await? == before && balance(&url, t, gina, 0).await? == 900, "the refused redemption sent nothing");
		sto_json(&url, Some(&suri(gina)), &["token", "approve", t, &address(ivan), "50"]).await?;
		sto_json(&url, Some(&suri(ivan)), &["token", "redeem-from", t, &address(gina), "30"]).await?;
		ensure!(balance(&url, t, gina, 0).await? == 870, "30 redeemed by the spender");
		let before = nonce(&chain, ivan).await?;
		let error = sto_fails(&url, Some(&suri(ivan)), &["token", "redeem-from", t, &address(gina), "30"]).await?.1;
		ensure!(error.contains("would fail") && error.contains("AllowanceExceeded"), "{error}");
		ensure!(nonce(&chain, ivan).await? == before && balance(&url, t, gina, 0).await? == 870, "the overspend sent nothing");
		eprintln!("[{:>3}s] redemptions checked", started.elapsed().as_secs());
		Ok::<_, anyhow::Error>(())
	};

	// The second agent: partial freezes, a buy-back, a forced redemption, the supply cap.
	let manager_flow = async {
		sto_json(&url, Some(&suri(manager)), &["token", "freeze-partial", t, &address(hank), "300"]).await?;
		ensure!(frozen(&url, t, hank).await? == 300, "300 frozen");
		let error = sto_fails(&url, Some(&suri(hank)), &["token", "transfer", t, &address(carol), "800"]).await?.1;
		ensure!(error.contains("refused by the token") && error.contains("InsufficientSpendable"), "{error}");
		let error = sto_fails(&url, Some(&suri(manager)), &["token", "unfreeze-partial", t, &address(hank), "301"]).await?.1;
		ensure!(error.contains("UnfreezeExceedsFrozen"), "{error}");
		ensure!(frozen(&url, t, hank).await? == 300, "the refused unfreeze changed nothing");
		sto_json(&url, Some(&suri(manager)), &["token", "unfreeze-partial", t, &address(hank), "300"]).await?;
		ensure!(frozen(&url, t, hank).await? == 0, "all unfrozen");

		// A buy-back needs the holder's authorization.
		let before = nonce(&chain, manager).await?;
		let error =
			sto_fails(&url, Some(&suri(manager)), &["token", "buy-back", t, &address(hank), "100", "--reference", "offer 1"]).await?.1;
		ensure!(error.contains("would fail") && error.contains("NotOperator"), "{error}");
		ensure!(nonce(&chain, manager).await? == before && balance(&url, t, hank, 0).await? == 1_000, "the buy-back sent nothing");
		sto_json(&url, Some(&suri(hank)), &["token", "operator", "authorize", t, &address(manager)]).await?;
		sto_json(&url, Some(&suri(manager)), &["token", "buy-back", t, &address(hank), "100", "--reference", "offer 1"]).await?;
		ensure!(balance(&url, t, hank, 0).await? == 900, "100 bought back");

		// A forced redemption: by the holder refused, by the transfer agent done.
		let error =
			sto_fails(&url, Some(&suri(hank)), &["token", "controller-redeem", t, &address(hank), "50", "--reason", "court order 3"])
				.await?
				.1;
		// The node's own check refuses it (refusal 0x21 CallerNotAuthorized).
		ensure!(error.contains("would fail") && error.contains("NotAuthorized"), "{error}");
		ensure!(balance(&url, t, hank, 0).await? == 900, "the refused redemption changed nothing");
		let forced =
			sto_json(&url, Some(&suri(manager)), &["token", "controller-redeem", t, &address(hank), "50", "--reason", "court order 3"])
				.await?;
		ensure!(forced.to_string().contains("Controller"), "a controller movement: {forced}");
		ensure!(balance(&url, t, hank, 0).await? == 850, "50 force-redeemed");

		// The supply cap: set, one below the supply refused, removed.
		sto_json(&url, Some(&suri(manager)), &["token", "supply-cap", t, "1_000_000"]).await?;
		ensure!(number(&details(&url, t).await?["supply_cap"]) == Some(1_000_000), "capped");
		let error = sto_fails(&url, Some(&suri(manager)), &["token", "supply-cap", t, "1"]).await?.1;
		ensure!(error.contains("CapBelowSupply"), "{error}");
		ensure!(number(&details(&url, t).await?["supply_cap"]) == Some(1_000_000), "the refused cap changed nothing");
		sto_json(&url, Some(&suri(manager)), &["token", "supply-cap", t, "--none"]).await?;
		let shown = details(&url, t).await?;
		ensure!(shown["supply_cap"].is_null(), "no cap: {shown}");
		eprintln!("[{:>3}s] second agent checked", started.elapsed().as_secs());
		Ok::<_, anyhow::Error>(())
	};

	// The second token's owner: identifiers, the token's own claim issuers, ownership.
	let owner_flow = async {
		let isin = "US0378331005";
		let lei = "529900T8BM49AURSDO55";
		sto_json(&url, Some(&suri(olga)), &["token", "identifiers", t2, "--isin", isin, "--lei", lei]).await?;
		let identifiers = details(&url, t2).await?["identifiers"].clone();
		ensure!(identifiers == json!([{"Isin": isin}, {"Lei": lei}]), "identifiers set, shown as codes: {identifiers}");
		let error = sto_fails(&url, Some(&suri(pat)), &["token", "identifiers", t2, "--isin", "DE0005140008"]).await?.1;
		ensure!(error.contains("NotAuthorized"), "{error}");
		ensure!(details(&url, t2).await?["identifiers"] == identifiers, "the refused change changed nothing");

		// Issuers given by number and by wallet; a duplicate refused; none removes them.
		let (sam_id, rita_id) = (id(sam), id(rita));
		sto_json(&url, Some(&suri(olga)), &["identity", "token-issuers", t2, "kyc", &sam_id.to_string(), &address(rita)]).await?;
		ensure!(token_issuers(&chain, owned, TopicClass::Kyc).await? == [sam_id, rita_id], "the token's kyc issuers");
		let error =
			sto_fails(&url, Some(&suri(olga)), &["identity", "token-issuers", t2, "kyc", &sam_id.to_string(), &address(sam)]).await?.1;
		ensure!(error.contains("BadIssuers"), "{error}");
		ensure!(token_issuers(&chain, owned, TopicClass::Kyc).await? == [sam_id, rita_id], "the refused list changed nothing");
		sto_json(&url, Some(&suri(olga)), &["identity", "token-issuers", t2, "kyc"]).await?;
		ensure!(token_issuers(&chain, owned, TopicClass::Kyc).await?.is_empty(), "the token's kyc issuers removed");

		// Ownership offered to Pat; Sam, not offered it, is refused; Pat accepts.
		sto_json(&url, Some(&suri(olga)), &["token", "offer-ownership", t2, &id(pat).to_string()]).await?;
		let error = sto_fails(&url, Some(&suri(sam)), &["token", "accept-ownership", t2]).await?.1;
		ensure!(error.contains("NoOwnershipOffer"), "{error}");
		ensure!(number(&details(&url, t2).await?["owner"]) == Some(id(olga).into()), "still Olga's");
		sto_json(&url, Some(&suri(pat)), &["token", "accept-ownership", t2]).await?;
		ensure!(number(&details(&url, t2).await?["owner"]) == Some(id(pat).into()), "Pat's now");
		eprintln!("[{:>3}s] ownership checked", started.elapsed().as_secs());
		Ok::<_, anyhow::Error>(())
	};

	// Quinn links a second wallet, makes it primary, and unlinks the first.
	let wallet_flow = async {
		let quinn_id = id(quinn).to_string();
		let primary = |shown: &Json| shown["record"]["primary"].as_str().map(str::to_string);
		sto_json(&url, Some(&suri(quinn)), &["identity", "link", &address(&quinn_two_key), "--wallet-suri", quinn_two]).await?;
		let error = sto_fails(&url, Some(quinn_two), &["identity", "set-primary", &address(&quinn_two_key)]).await?.1;
		ensure!(error.contains("NotPrimary"), "{error}");
		let shown = sto_json(&url, None, &["identity", "show", &quinn_id]).await?;
		ensure!(primary(&shown) == Some(address(quinn)), "the refused change changed nothing: {shown}");
		sto_json(&url, Some(&suri(quinn)), &["identity", "set-primary", &address(&quinn_two_key)]).await?;
		let shown = sto_json(&url, None, &["identity", "show", &quinn_id]).await?;
		ensure!(primary(&shown) == Some(address(&quinn_two_key)), "the second wallet is primary: {shown}");
		let error = sto_fails(&url, Some(quinn_two), &["identity", "unlink", &address(&quinn_two_key)]).await?.1;
		ensure!(error.contains("CannotUnlinkPrimary"), "{error}");
		sto_json(&url, Some(quinn_two), &["identity", "unlink", &address(quinn)]).await?;
		let shown = sto_json(&url, None, &["identity", "show", &quinn_id]).await?;
		ensure!(shown["wallets"] == json!([address(&quinn_two_key)]), "only the second wallet is left: {shown}");

		// An EVM wallet: the text it signs, a signature by another key refused, its own key's
		// signature linking it, then unlinked.
		let evm_key = format!("0x{}", "42".repeat(32));
		let (_, evm_address) = sto_client::identity::evm_personal_sign([0x42; 32], b"any")?;
		let evm_address = format!("{evm_address:#x}");
		let message = sto_json(&url, None, &["identity", "evm-message", &quinn_id, &evm_address]).await?;
		let text = message["message"].as_str().ok_or_else(|| anyhow!("no message: {message}"))?.to_string();
		ensure!(
			text.starts_with(&format!("Link this EVM wallet to identity {quinn_id} ")) && text.ends_with("Nonce: 0\n"),
			"{text}"
		);
		let (forged, _) = sto_client::identity::evm_personal_sign([0x43; 32], text.as_bytes())?;
		let forged = format!("0x{}", hex::encode(forged));
		let error = sto_fails(&url, Some(quinn_two), &["identity", "link-evm", &evm_address, "--signature", &forged]).await?.1;
		ensure!(error.contains("BadEvmSignature"), "{error}");
		let shown = sto_json(&url, None, &["identity", "show", &quinn_id]).await?;
		ensure!(shown["evm_wallets"] == json!([]), "the refused link changed nothing: {shown}");
		sto_json(&url, Some(quinn_two), &["identity", "link-evm", &evm_address, "--evm-key", &evm_key]).await?;
		let shown = sto_json(&url, None, &["identity", "show", &quinn_id]).await?;
		ensure!(shown["evm_wallets"] == json!([evm_address]), "the EVM wallet is linked: {shown}");
		sto_json(&url, Some(quinn_two), &["identity", "unlink-evm", &evm_address]).await?;
		let shown = sto_json(&url, None, &["identity", "show", &quinn_id]).await?;
		ensure!(shown["evm_wallets"] == json!([]), "the EVM wallet is unlinked: {shown}");
		eprintln!("[{:>3}s] wallets checked", started.elapsed().as_secs());
		Ok::<_, anyhow::Error>(())
	};

	// The KYC provider updates its claim about Rita, then revokes it.
	let claim_flow = async {
		let rita_id = id(rita).to_string();
		let expiry = days_from_now(365)?;
		let kyc = |shown: &Json| {
			shown["claims"].as_array().into_iter().flatten().find(|c| c.to_string().contains("Kyc")).cloned().unwrap_or(Json::Null)
		};
		sto_json(
			&url,
			Some("//Ferdie"),
			&["identity", "update-claim", &rita_id, "kyc", "--evidence", "renewed file", "--expiry", &expiry.to_string()],
		)
		.await?;
		let shown = sto_json(&url, None, &["identity", "show", &rita_id]).await?;
		ensure!(kyc(&shown).to_string().contains(&expiry.to_string()) && shown["verified"] == json!(true), "updated: {shown}");
		let error = sto_fails(&url, Some(&suri(rita)), &["identity", "update-claim", &rita_id, "kyc", "--evidence", "mine"]).await?.1;
		ensure!(error.contains("IssuerNotTrusted") || error.contains("ClaimNotFound"), "{error}");
		let error = sto_fails(&url, Some("//Ferdie"), &["identity", "revoke-claim", &rita_id, "aml"]).await?.1;
		ensure!(error.contains("ClaimNotFound"), "{error}");
		ensure!(kyc(&sto_json(&url, None, &["identity", "show", &rita_id]).await?) == kyc(&shown), "the refusals changed nothing");
		sto_json(&url, Some("//Ferdie"), &["identity", "revoke-claim", &rita_id, "kyc"]).await?;
		let shown = sto_json(&url, None, &["identity", "show", &rita_id]).await?;
		ensure!(kyc(&shown).is_null() && shown["verified"] == json!(false), "revoked: {shown}");
		eprintln!("[{:>3}s] claims checked", started.elapsed().as_secs());
		Ok::<_, anyhow::Error>(())
	};

	tokio::try_join!(
		investor_flow,
		operator_flow,
		freeze_flow,
		agent_flow,
		dry_run_flow,
		governance_flow,
		redeem_flow,
		manager_flow,
		owner_flow,
		wallet_flow,
		claim_flow
	)?;
	eprintln!("[{:>3}s] every role's commands checked", started.elapsed().as_secs());
	Ok(())
}
