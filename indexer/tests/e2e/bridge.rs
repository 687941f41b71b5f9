//! End to end: the EVM bridge's tables rebuilt from a dev node's events alone, without anvil.
//! The pallet only checks signatures, so the test holds the three signers' secp256k1 keys
//! itself and signs what the pallet asks them to sign (each digest read from the chain: an
//! export's from `EvmBridgeApi.export`, a burn's from `EvmBridgeApi.release_digest`, a
//! message's from `EvmBridgeApi.messages`; an export's outcome computed here with the pallet's
//! EIP-712 type).
//!
//! `sto-indexer run` follows the node from its first block and reconciles every three blocks
//! while governance sets the signers (2 of 3), the route and the chain's committee verifier; the
//! holder exports three times (one attested and minted, one attested, one left pending); the
//! receiver's EVM wallet (linked by its own signature) gets its allow-list entry and the
//! token's owner a control message, both attested; three burns are imported: one released,
//! two quarantined (their recipient has no KYC claim yet), of which one is released after the
//! claim is added and the other bounced back as a new export; governance rotates to set 2,
//! whose `SignerSet` message the outgoing set attests; a signer pauses, governance unpauses;
//! the late identity's wallet gets an entry, then (its claim revoked) a removal that
//! supersedes it. Then:
//! - every reconciliation along the way, and `sto-indexer reconcile` at the end, found no
//!   difference (the bridge's part included: in flight and outstanding per route, exports,
//!   quarantine, allow-list entries, messages, signer sets, switches, the escrow's balance);
//! - the bridge's API answers what chain storage and the runtime API say;
//! - the same blocks indexed into a throwaway PostgreSQL server leave the same rows and
//!   reconcile with no difference;
//! - the database changed by hand (export 2's attestation forgotten), `reconcile` exits with 1
//!   and names that one difference.

use crate::common::{get, get_json, indexer, wait_for_height, Indexer};
use anyhow::{anyhow, ensure, Context, Result};
use serde_json::Value;
use sqlx::Row;
use std::{process::Stdio, time::Instant};
use sto_harness::{
	chain::{add_kyc, create_token, fund, keypair, register_identities, send, UNIT},
	dev_chain, free_port,
	postgres::Postgres,
	sto_client::{
		chain::Call,
		identity,
		runtime::{
			api::{
				self,
				runtime_types::{
					bounded_collections::bounded_vec::BoundedVec,
					pallet_evm_bridge::{AttestationKind, ControlAction, Import, Limits, MessageBody, Route, Signer},
					sto_primitives::identity::ClaimScope,
				},
			},
			ClaimTopic,
		},
		subxt::utils::{AccountId32, H160},
		token, Sto,
	},
	subxt_signer::sr25519::{self, Keypair},
};
use sto_indexer::store::Store;

const CHAIN: u64 = 31_337;
const GATEWAY: H160 = H160([0x6a; 20]);
const WRAPPED: H160 = H160([0x7b; 20]);
const VERIFIER: H160 = H160([0x8c; 20]);

/// A bridge signer as the test plays it: its account here and its secp256k1 key.
struct Seat {
	account: Keypair,
	secret: [u8; 32],
	key: H160,
}

impl Seat {
	fn sign(&self, digest: &[u8; 32]) -> Result<[u8; 65]> {
		Ok(identity::evm_sign_digest(self.secret, digest)?.0)
	}
}

/// The address of the EVM key `secret` (what signing any digest with it recovers).
fn evm_address(secret: [u8; 32]) -> Result<H160> {
	Ok(identity::evm_sign_digest(secret, &[0x11; 32])?.1)
}

/// Bytes as the indexer writes them: `0x…` hex in lower case.
fn lower_hex(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// Each call sent by its signer at the same time (distinct signers), all finalized.
async fn together(sto: &Sto, sends: &[(Call, &Keypair)]) -> Result<()> {
	futures::future::try_join_all(sends.iter().map(|(call, who)| send(sto, call, who))).await?;
	Ok(())
}

/// Link the EVM wallet of key `byte` to `identity`, by the wallet's signature, sent by `owner`.
async fn link_evm_wallet(sto: &Sto, owner: &Keypair, identity: u64, byte: u8) -> Result<H160> {
	let wallet = evm_address([byte; 32])?;
	let text = identity::evm_link_message(sto, identity, wallet).await?;
	let (signature, _) = identity::evm_personal_sign([byte; 32], &text)?;
	send(sto, &identity::link_evm_wallet(sto, wallet, signature).await?, owner).await?;
	Ok(wallet)
}

/// The digest of an export's outcome message (the pallet's `outcome_digest`: EIP-712, the
/// gateway's domain), which no runtime API returns: signers compute it.
fn outcome_digest(appchain: [u8; 32], nonce: u64, minted: bool) -> [u8; 32] {
	use sto_primitives::evm;
	let message = evm::eip712_hash_struct(
		b"ExportOutcome(bytes32 appchain,uint64 nonce,bool minted)",
		&[appchain, evm::abi_uint(u128::from(nonce)), evm::abi_uint(u128::from(minted))],
	);
	let domain = evm::eip712_domain_separator(b"STO Bridge Gateway", b"1", CHAIN, &evm::EvmAddress::from(GATEWAY.0));
	evm::eip712_digest(&domain, &message)
}

/// The mint digest of export `nonce` (`EvmBridgeApi.export`).
async fn export_digest(sto: &Sto, nonce: u64) -> Result<[u8; 32]> {
	let view = sto.api(api::runtime_apis().evm_bridge_api().export(nonce)).await?;
	Ok(view.ok_or_else(|| anyhow!("export {nonce} is not in flight"))?.export.digest)
}

/// The digest of message `id` (`EvmBridgeApi.messages`).
async fn message_digest(sto: &Sto, id: u64) -> Result<[u8; 32]> {
	let views = sto.api(api::runtime_apis().evm_bridge_api().messages(id, 1)).await?;
	let view = views.into_iter().find(|v| v.id == id).ok_or_else(|| anyhow!("no message {id}"))?;
	Ok(view.message.digest)
}

/// `seat`'s attestations of `what` (kind and nonce or message id) as one batch, as a signer of
/// set `set_id`.
async fn attest_all(sto: &Sto, seat: &Seat, set_id: u32, what: &[(AttestationKind, u64, [u8; 32])]) -> Result<Call> {
	let tx = api::transactions().evm_bridge();
	let mut calls = Vec::new();
	for (kind, nonce, digest) in what {
		calls.push(sto.call(&tx.attest(kind.clone(), *nonce, set_id, seat.sign(digest)?)).await?);
	}
	sto.batch_all(calls).await
}

/// `seat`'s attestations of `imports` as one batch, as a signer of set 1.
async fn attest_imports(sto: &Sto, seat: &Seat, imports: &[(Import, [u8; 32])]) -> Result<Call> {
	let tx = api::transactions().evm_bridge();
	let mut calls = Vec::new();
	for (import, digest) in imports {
		calls.push(sto.call(&tx.attest_import(import.clone(), 1, seat.sign(digest)?)).await?);
	}
	sto.batch_all(calls).await
}

/// The ids of the open quarantine entries, by amount.
async fn quarantine_by_amount(sto: &Sto) -> Result<Vec<(u128, u64)>> {
	let at = sto.at().await?;
	let mut entries = at.storage().iter(api::storage().evm_bridge().quarantine(), ()).await?;
	let mut out = Vec::new();
	while let Some(entry) = entries.next().await {
		let entry = entry?;
		let (id,): (u64,) = entry.key()?.decode()?;
		out.push((entry.value().decode()?.amount, id));
	}
	out.sort();
	Ok(out)
}

/// What the route has in flight and outstanding in chain storage.
async fn route_amounts(sto: &Sto, token: u32) -> Result<(u128, u128)> {
	let at = sto.at().await?;
	let storage = api::storage().evm_bridge();
	let key = ((token, 0u16), CHAIN);
	Ok((at.storage().fetch(storage.in_flight(), key).await?.decode()?, at.storage().fetch(storage.outstanding(), key).await?.decode()?))
}

/// The bridge's account: `PalletId(*b"sto/brdg")` as an account (`modl` ‖ id ‖ zeros).
fn escrow_account() -> AccountId32 {
	let mut bytes = [0u8; 32];
	bytes[..4].copy_from_slice(b"modl");
	bytes[4..12].copy_from_slice(b"sto/brdg");
	AccountId32(bytes)
}

fn list<'a>(value: &'a Value, field: &str) -> Vec<&'a Value> {
	value[field].as_array().map(|a| a.iter().collect()).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_bridge_is_rebuilt_from_events_and_matches_the_chain() -> Result<()> {
	let started = Instant::now();
	let step = |what: &str| eprintln!("[bridge {:>3}s] {what}", started.elapsed().as_secs());
	let (dir, node, sto) = dev_chain("indexer-bridge").await?;
	let url = node.spec.rpc_url();
	let log = dir.logs().join("sto-indexer.log");
	let database = format!("sqlite://{}", dir.path().join("bridge.db").display());
	let port = free_port();
	let listen = format!("127.0.0.1:{port}");
	let live = Indexer(
		indexer(&database, &["run", "--url", &url, "--listen", &listen, "--batch", "10", "--reconcile-every", "3"], &log)?
			.spawn()?,
	);

	// --- Identities (the late one without a KYC claim), the token, two EVM wallets.
	let (alice, ferdie) = (sr25519::dev::alice(), sr25519::dev::ferdie());
	let [issuer, holder, receiver, late] =
		["issuer", "holder", "receiver", "late"].map(|name| keypair(&format!("//E2E-idx-bridge-{name}")));
	let (issuer, holder, receiver, late) = (issuer?, holder?, receiver?, late?);
	let mut seats = (0..3u8)
		.map(|i| {
			let secret = [0x51 + i; 32];
			Ok(Seat { account: keypair(&format!("//E2E-idx-bridge-signer-{i}"))?, secret, key: evm_address(secret)? })
		})
		.collect::<Result<Vec<_>>>()?;
	seats.sort_by_key(|seat| seat.key.0);
	let mut funded = vec![&issuer, &holder, &receiver, &late];
	funded.extend(seats.iter().map(|s| &s.account));
	let registered = [&issuer, &holder, &receiver, &late];
	let (_, ids) = tokio::try_join!(fund(&sto, &funded, 100 * UNIT), register_identities(&sto, &ferdie, &registered))?;
	let (wallet, late_wallet, ()) = tokio::try_join!(
		link_evm_wallet(&sto, &receiver, ids[2], 0x42),
		link_evm_wallet(&sto, &late, ids[3], 0x44),
		add_kyc(&sto, &ferdie, &ids[..3]),
	)?;
	let token_id = create_token(&sto, &issuer, "EVMI", "Indexed bridge", None).await?;
	let holder_account = holder.public_key().to_account_id();
	step("identities, two EVM wallets linked, a token");

	// --- Governance: the signers (keys ascending), the route, the committee verifier; the
	// token activated and issued.
	let tx = api::transactions().evm_bridge();
	let set_of = |seats: &[&Seat]| {
		BoundedVec(seats.iter().map(|s| Signer { account: s.account.public_key().to_account_id(), key: s.key }).collect())
	};
	let route = Route {
		gateway: GATEWAY,
		wrapped: WRAPPED,
		enabled: true,
		limits: Limits { per_export: 500, per_window: 1_000, per_identity_window: 800 },
	};
	let governance = sto
		.batch_all(vec![
			sto.call(&tx.set_signers(set_of(&seats.iter().collect::<Vec<_>>()))).await?,
			sto.call(&tx.set_route(token_id, 0, CHAIN, route)).await?,
			sto.call(&tx.set_committee(CHAIN, Some(VERIFIER))).await?,
		])
		.await?;
	let activate = sto
		.batch_all(vec![
			token::set_status(&sto, token_id, "active").await?,
			token::issue(&sto, token_id, 0, &holder_account, 1_000, None).await?,
		])
		.await?;
	together(&sto, &[(sto.sudo(&governance).await?, &alice), (activate, &issuer)]).await?;
	step("governance: signers (2 of 3), route, committee; 1,000 issued to the holder");

	// --- Three exports, an allow-list entry, a control message.
	let exports = sto
		.batch_all(vec![
			sto.call(&tx.export(token_id, 0, CHAIN, 100, wallet)).await?,
			sto.call(&tx.export(token_id, 0, CHAIN, 50, wallet)).await?,
			sto.call(&tx.export(token_id, 0, CHAIN, 10, wallet)).await?,
		])
		.await?;
	let frozen = H160([0x99; 20]);
	together(&sto, &[
		(exports, &holder),
		(sto.call(&tx.request_allow(token_id, 0, CHAIN, wallet)).await?, &receiver),
		(sto.call(&tx.control(token_id, 0, CHAIN, ControlAction::Freeze, frozen, H160([0; 20]), 0)).await?, &issuer),
	])
	.await?;
	step("exports 1-3, the receiver's allow-list entry (message 1), a freeze (message 2)");

	// --- Two signers of three attest exports 1 and 2 and both messages.
	let mut signed = Vec::new();
	for nonce in [1, 2] {
		signed.push((AttestationKind::Export, nonce, export_digest(&sto, nonce).await?));
	}
	for id in [1, 2] {
		signed.push((AttestationKind::Message, id, message_digest(&sto, id).await?));
	}
	let (a, b, c) = (&seats[0], &seats[1], &seats[2]);
	together(&sto, &[(attest_all(&sto, a, 1, &signed).await?, &a.account), (attest_all(&sto, b, 1, &signed).await?, &b.account)]).await?;
	// Export 1 was minted: its outcome, attested at once.
	let appchain = sto.client().genesis_hash().0;
	let minted = [(AttestationKind::ExportOutcome { minted: true }, 1, outcome_digest(appchain, 1, true))];
	together(&sto, &[(attest_all(&sto, a, 1, &minted).await?, &a.account), (attest_all(&sto, b, 1, &minted).await?, &b.account)]).await?;
	ensure!(route_amounts(&sto, token_id).await? == (60, 100), "export 1 minted: {:?}", route_amounts(&sto, token_id).await?);
	step("exports 1 and 2 and messages 1 and 2 attested; export 1 minted (100 outstanding)");

	// --- Three burns: 40 to the receiver (released), 15 and 5 to the late identity, which has no
	// KYC claim yet (quarantined).
	let burn = |nonce: u64, to: &Keypair, amount: u128| Import {
		token: token_id,
		partition: 0,
		chain: CHAIN,
		nonce,
		from: wallet,
		recipient: to.public_key().to_account_id().0,
		amount,
	};
	let mut imports = Vec::new();
	for import in [burn(1, &receiver, 40), burn(2, &late, 15), burn(3, &late, 5)] {
		let digest = sto.api(api::runtime_apis().evm_bridge_api().release_digest(import.clone())).await?;
		imports.push((import, digest.ok_or_else(|| anyhow!("the route has no release digest"))?));
	}
	together(&sto, &[(attest_imports(&sto, a, &imports).await?, &a.account), (attest_imports(&sto, b, &imports).await?, &b.account)])
		.await?;
	let receiver_account = receiver.public_key().to_account_id();
	ensure!(token::balance_of(&sto, token_id, 0, &receiver_account).await? == 40, "burn 1 released to the receiver");
	let quarantined = quarantine_by_amount(&sto).await?;
	let [(5, bounced), (15, retried)] = quarantined[..] else {
		return Err(anyhow!("burns 2 and 3 quarantined: {quarantined:?}"));
	};
	step("burns imported: 40 released, 15 and 5 quarantined (no KYC claim)");

	// --- The late identity's claim; governance rotates to set 2 (the third signer removed) and
	// bounces the quarantined 5 back to the wallet that burned them.
	let rotation = sto
		.batch_all(vec![sto.call(&tx.set_signers(set_of(&[a, b]))).await?, sto.call(&tx.bounce_quarantined(bounced)).await?])
		.await?;
	let rotation = sto.sudo(&rotation).await?;
	let (_, ()) = tokio::try_join!(send(&sto, &rotation, &alice), add_kyc(&sto, &ferdie, &ids[3..]))?;
	let rotation_id = sto
		.api(api::runtime_apis().evm_bridge_api().messages(1, 16))
		.await?
		.into_iter()
		.find(|v| matches!(v.message.body, MessageBody::SignerSet { .. }))
		.map(|v| v.id)
		.ok_or_else(|| anyhow!("the rotation queued no SignerSet message"))?;
	let rotated = [(AttestationKind::Message, rotation_id, message_digest(&sto, rotation_id).await?)];

	// --- The quarantined 15 released after the claim; the late wallet's entry; the outgoing set
	// attests the rotation; the removed signer pauses the bridge (set 1 is in its grace period).
	together(&sto, &[
		(sto.call(&tx.retry_quarantined(retried)).await?, &holder),
		(sto.call(&tx.request_allow(token_id, 0, CHAIN, late_wallet)).await?, &late),
		(attest_all(&sto, a, 1, &rotated).await?, &a.account),
		(attest_all(&sto, b, 1, &rotated).await?, &b.account),
		(sto.call(&tx.pause()).await?, &c.account),
	])
	.await?;
	ensure!(token::balance_of(&sto, token_id, 0, &late.public_key().to_account_id()).await? == 15, "the retry released 15");
	step("rotation to set 2 attested by set 1; quarantine released after the claim, the other bounced; paused by a signer");

	// --- Governance unpauses; the late identity's claim is revoked, and a request removes its
	// wallet's entry (a newer message supersedes the first).
	let ferdie_id = sto.identity_of(&ferdie.public_key().to_account_id()).await?.context("Ferdie's identity")?;
	let revoke = api::transactions().identity_registry().revoke_claim(ids[3], ClaimTopic::Kyc, ClaimScope::Global, ferdie_id);
	together(&sto, &[(sto.sudo(&sto.call(&tx.unpause()).await?).await?, &alice), (sto.call(&revoke).await?, &ferdie)]).await?;
	send(&sto, &sto.call(&tx.request_allow(token_id, 0, CHAIN, late_wallet)).await?, &receiver).await?;
	step("unpaused; the late wallet's entry removed after its claim was revoked");

	// --- The indexer caught up: no difference, now or at any reconciliation along the way.
	let (_, finalized) = node.heights().await?;
	wait_for_height(port, finalized).await?;
	let status = indexer(&database, &["reconcile", "--url", &url], &log)?.status()?;
	ensure!(status.success(), "sto-indexer reconcile found differences or failed ({status}); see {}", log.display());
	let store = Store::open(&database).await?;
	let row = sqlx::query("SELECT COUNT(*), COALESCE(MAX(differences), 0) FROM reconciliations").fetch_one(store.pool()).await?;
	let (count, worst): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
	ensure!(count >= 5 && worst == 0, "{count} reconciliations, the worst with {worst} differences; see {}", log.display());
	let (code, health) = get(port, "/health").await?;
	ensure!(code == 200, "/health: {code} {health}");
	step(&format!("indexed through #{finalized}; {count} reconciliations along the way and the last one: no difference"));

	// --- The API answers what the chain says.
	let at = sto.at().await?;
	let storage = api::storage().evm_bridge();
	let overview = get_json(port, "/api/bridge").await?;
	let set_1 = at.storage().fetch(storage.signer_sets(), (1,)).await?.decode()?;
	let sets = list(&overview, "signer_sets");
	ensure!(
		overview["paused"] == false &&
			overview["imports_halted"] == false &&
			overview["current_set"] == 2 &&
			sets.len() == 2 &&
			sets.iter().all(|s| s["live"] == true) &&
			sets[0]["valid_until"].as_u64() == set_1.valid_until.map(u64::from) &&
			list(&sets[1], "signers").len() == 2,
		"the bridge's switches and signer sets: {overview}"
	);
	ensure!(list(&overview, "committees").first().is_some_and(|c| c["verifier"] == lower_hex(&VERIFIER.0)), "committee: {overview}");
	let escrow = token::balance_of(&sto, token_id, 0, &escrow_account()).await?;
	let escrowed = list(&overview, "escrow");
	ensure!(escrowed.len() == 1 && escrowed[0]["total"] == escrow.to_string(), "the escrow holds {escrow}: {overview}");

	let (in_flight, outstanding) = route_amounts(&sto, token_id).await?;
	ensure!((in_flight, outstanding) == (50 + 10 + 5, 100 - 60), "chain: {in_flight} in flight, {outstanding} outstanding");
	let routes = get_json(port, &format!("/api/bridge/routes?token={token_id}&chain={CHAIN}")).await?;
	let routes = list(&routes, "routes");
	ensure!(
		routes.len() == 1 &&
			routes[0]["in_flight"] == in_flight.to_string() &&
			routes[0]["outstanding"] == outstanding.to_string() &&
			routes[0]["wrapped"] == lower_hex(&WRAPPED.0),
		"routes: {routes:?}"
	);

	let all = get_json(port, "/api/bridge/exports").await?;
	let statuses: Vec<(u64, &str)> =
		list(&all, "exports").iter().map(|e| (e["nonce"].as_u64().unwrap_or(0), e["status"].as_str().unwrap_or(""))).collect();
	ensure!(statuses == [(4, "Pending"), (3, "Pending"), (2, "Attested"), (1, "Minted")], "export statuses: {statuses:?}");
	let in_flight_list = get_json(port, &format!("/api/bridge/exports?status=in-flight&token={token_id}&chain={CHAIN}")).await?;
	for export in list(&in_flight_list, "exports") {
		let nonce = export["nonce"].as_u64().unwrap_or(0);
		ensure!(export["digest"] == lower_hex(&export_digest(&sto, nonce).await?), "export {nonce}'s digest: {export}");
	}
	let bounce = list(&all, "exports")[0];
	ensure!(bounce["bounced_from"] == bounced && bounce["identity"].is_null() && bounce["amount"] == "5", "the bounce: {bounce}");
	ensure!(list(&all, "exports")[2]["signatures"].as_array().map(Vec::len) == Some(2), "export 2's signatures: {all}");

	let imports = get_json(port, &format!("/api/bridge/imports?chain={CHAIN}")).await?;
	let quarantines: Vec<Option<u64>> = list(&imports, "imports").iter().map(|i| i["quarantine"].as_u64()).collect();
	ensure!(quarantines == [Some(bounced), Some(retried), None], "imports (newest first) and their quarantine: {imports}");
	let quarantine = get_json(port, "/api/bridge/quarantine").await?;
	let entries: Vec<(u64, &str)> =
		list(&quarantine, "quarantine").iter().map(|q| (q["id"].as_u64().unwrap_or(0), q["status"].as_str().unwrap_or(""))).collect();
	ensure!(entries.contains(&(retried, "released")) && entries.contains(&(bounced, "bounced")), "quarantine: {quarantine}");
	ensure!(
		list(&quarantine, "quarantine").iter().all(|q| q["reason"] == "ReceiverKycMissing"),
		"the token's reason is kept: {quarantine}"
	);

	// Messages: each one still in storage has the chain's digest and attestation.
	let messages = get_json(port, "/api/bridge/messages?limit=50").await?;
	let views = sto.api(api::runtime_apis().evm_bridge_api().messages(1, 50)).await?;
	for message in list(&messages, "messages") {
		let id = message["id"].as_u64().unwrap_or(0);
		match views.iter().find(|v| v.id == id) {
			Some(view) => ensure!(
				message["digest"] == lower_hex(&view.message.digest) &&
					message["attested"] == view.message.attested &&
					message["superseded_block"].is_null(),
				"message {id}: {message} vs the chain's attested {}",
				view.message.attested
			),
			None => ensure!(message["superseded_block"].is_u64(), "message {id} left storage, superseded: {message}"),
		}
	}
	// The entry and the freeze were sent together: their ids are in either order.
	let mut kinds: Vec<&str> = list(&messages, "messages").iter().rev().map(|m| m["kind"].as_str().unwrap_or("")).collect();
	if let Some(first) = kinds.get_mut(..2) {
		first.sort();
	}
	ensure!(kinds == ["Allow", "Control", "SignerSet", "Allow", "Allow"], "message kinds: {kinds:?}");
	let rotation = list(&messages, "messages").into_iter().find(|m| m["id"] == rotation_id).context("the rotation message")?;
	ensure!(rotation["signed_by"] == 1 && rotation["attested"] == true && rotation["attested_set"] == 1, "rotation: {rotation}");

	let allowed = get_json(port, &format!("/api/bridge/allow-list?chain={CHAIN}")).await?;
	for entry in list(&allowed, "entries") {
		let wallet_text = entry["wallet"].as_str().unwrap_or("");
		let address = identity::parse_evm_address(wallet_text)?;
		let on_chain = at.storage().fetch(storage.allow_entries(), ((CHAIN, WRAPPED), address)).await?.decode()?;
		ensure!(
			entry["expiry"] == on_chain.expiry && entry["sequence"] == on_chain.sequence && entry["message"] == on_chain.message,
			"{wallet_text}'s entry: {entry} vs the chain's {on_chain:?}"
		);
	}
	let states: Vec<(String, &str)> = list(&allowed, "entries")
		.iter()
		.map(|e| (e["wallet"].as_str().unwrap_or("").to_string(), e["state"].as_str().unwrap_or("")))
		.collect();
	let mut expected = vec![(lower_hex(&wallet.0), "listed"), (lower_hex(&late_wallet.0), "removed")];
	expected.sort();
	ensure!(states == expected, "allow-list: {allowed}");

	let exported = get_json(port, "/api/events?pallet=EvmBridge&name=Exported").await?;
	ensure!(list(&exported, "events").len() == 3, "the Exported events are logged: {exported}");
	for (kind, count) in [("BridgeOut", 3), ("BridgeIn", 2)] {
		let moves = get_json(port, &format!("/api/movements?token={token_id}&kind={kind}")).await?;
		ensure!(list(&moves, "movements").len() == count, "{count} {kind} movements: {moves}");
	}
	let (code, _) = get(port, "/api/bridge/exports?status=Lost").await?;
	ensure!(code == 400, "a bad status is 400, got {code}");
	step("the bridge's API answers as the chain: switches, sets, escrow, routes, exports, imports, quarantine, messages, allow-list");

	// PostgreSQL: the same blocks leave the same rows, bridge tables included, and reconcile.
	drop(live);
	let height = store.cursor().await?.context("the SQLite cursor")?.height;
	let postgres = Postgres::start(dir.path())?;
	let status = indexer(&postgres.url(), &["run", "--url", &url, "--until", &height.to_string(), "--batch", "10"], &log)?.status()?;
	ensure!(status.success(), "sto-indexer run into PostgreSQL failed ({status}); see {}", log.display());
	let status = indexer(&postgres.url(), &["reconcile", "--url", &url], &log)?.status()?;
	ensure!(status.success(), "reconcile on PostgreSQL failed ({status}); see {}", log.display());
	let (in_sqlite, in_postgres) = (store.dump().await?, Store::open(&postgres.url()).await?.dump().await?);
	if in_sqlite != in_postgres {
		let first = in_sqlite.lines().zip(in_postgres.lines()).find(|(a, b)| a != b);
		return Err(anyhow!("PostgreSQL and SQLite hold different rows; first difference: {first:?}"));
	}
	step(&format!("PostgreSQL: the same rows through #{height}, no difference with the chain"));

	// The proof bites: a database that lost export 2's attestation differs from the chain, and
	// the difference is named.
	sqlx::query("UPDATE bridge_exports SET status = 'Pending', attested_block = NULL WHERE nonce = 2").execute(store.pool()).await?;
	let output = indexer(&database, &["reconcile", "--url", &url, "--json"], &log)?.stdout(Stdio::piped()).output()?;
	ensure!(output.status.code() == Some(1), "a reconciliation with a difference exits with 1: {}", output.status);
	let report: Value = serde_json::from_slice(&output.stdout)?;
	let differences = list(&report, "differences");
	ensure!(
		differences.len() == 1 &&
			differences[0]["what"] == "bridge export" &&
			differences[0]["key"] == "export 2" &&
			differences[0]["database"] == "status Pending" &&
			differences[0]["chain"] == "status Attested",
		"the tampered export is the one difference: {report}"
	);
	Ok(())
}
