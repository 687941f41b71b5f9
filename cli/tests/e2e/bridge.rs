//! The EVM bridge's appchain side end to end, through `sto` and real extrinsics on a `--dev`
//! node (the EVM contracts and the relayer come next: docs/BRIDGE.md):
//!
//! - governance (sudo on the dev chain) sets a signer set of three (2 of 3) and a route of the
//!   token's partition 0 to EVM chain 31337 with limits;
//! - the receiver links an EVM wallet (`sto identity link-evm`, the wallet's own signature);
//! - `sto bridge export` names every refusal before sending (an unlinked address, an amount
//!   above the route's per-export limit; each compliance rule the EVM wallet's identity fails)
//!   and sends nothing;
//! - the holder exports 100: the tokens leave the holder for the escrow, `Exported` names the
//!   gateway's EIP-712 mint message; `sto bridge show`, `in-flight` and `routes` read it back;
//! - two signers attest it with EIP-712 signatures of that digest (free when accepted); a third
//!   signer's attestation is refused once complete; the export is attested and the runtime API
//!   returns the signatures in the gateway's order, each recovering to a member's key;
//! - a stranger's attestation (a valid signature of the digest by a key not in the set) is
//!   refused; a burn nobody attested reads as unseen.

use crate::common::{address, sto_fails, sto_json};
use anyhow::{anyhow, ensure, Result};
use serde_json::json;
use sto_harness::{
	chain::{add_kyc, fund, register_identities, send, submit_finalized, UNIT},
	dev_chain,
	sto_client::{
		identity::evm_sign_digest,
		runtime::api::{
			self,
			runtime_types::pallet_evm_bridge::{AttestationKind, Limits, Route, Signer},
		},
		subxt::utils::H160,
	},
	subxt_signer::sr25519,
};

const CHAIN: u64 = 31_337;

/// A secp256k1 secret key from a byte.
fn secret(byte: u8) -> [u8; 32] {
	[byte; 32]
}

fn evm_address_of(secret: [u8; 32]) -> Result<H160> {
	Ok(evm_sign_digest(secret, &[7u8; 32])?.1)
}

#[tokio::test(flavor = "multi_thread")]
async fn an_export_is_checked_locked_attested_by_two_of_three_and_read_back() -> Result<()> {
	let started = std::time::Instant::now();
	let (_dir, node, chain) = dev_chain("bridge").await?;
	let client = chain.client().clone();
	let url = node.spec.rpc_url();
	let ferdie = sr25519::dev::ferdie();
	let alice = sr25519::dev::alice();
	let (suri_issuer, suri_holder, suri_receiver) = ("//E2E-bridge-issuer", "//E2E-bridge-holder", "//E2E-bridge-receiver");
	let issuer = sto_harness::chain::keypair(suri_issuer)?;
	let holder = sto_harness::chain::keypair(suri_holder)?;
	let receiver = sto_harness::chain::keypair(suri_receiver)?;
	let signer_keys: Vec<_> =
		(0..3).map(|i| sto_harness::chain::keypair(&format!("//E2E-bridge-signer-{i}"))).collect::<Result<_>>()?;
	let mut funded = vec![&issuer, &holder, &receiver];
	funded.extend(signer_keys.iter());
	let registered = [&issuer, &holder, &receiver];
	let (_, ids) =
		tokio::try_join!(fund(&chain, &funded, 100 * UNIT), register_identities(&chain, &ferdie, &registered))?;
	add_kyc(&chain, &ferdie, &ids).await?;

	// --- A token, 1,000 issued to the holder.
	let created = sto_json(
		&url,
		Some(suri_issuer),
		&["--in-block", "token", "create", "--symbol", "BRIDGED", "--name", "Bridged garage", "--instrument", "real-estate"],
	)
	.await?;
	let token = created["token"].as_u64().ok_or_else(|| anyhow!("token id: {created}"))? as u32;
	let token_arg = token.to_string();
	sto_json(&url, Some(suri_issuer), &["--in-block", "token", "status", &token_arg, "active"]).await?;
	sto_json(&url, Some(suri_issuer), &["token", "issue", &token_arg, "--to", &format!("{}=1000", address(&holder))]).await?;

	// --- The receiver's EVM wallet, linked by its own signature.
	let wallet_secret = secret(0x42);
	let wallet = evm_address_of(wallet_secret)?;
	let wallet_arg = format!("{wallet:#x}");
	sto_json(
		&url,
		Some(suri_receiver),
		&["identity", "link-evm", &wallet_arg, "--evm-key", &format!("0x{}", hex::encode(wallet_secret))],
	)
	.await?;

	// --- Governance: three signers (keys ascending), a route with limits.
	let mut signers: Vec<(Signer<_>, [u8; 32])> = signer_keys
		.iter()
		.enumerate()
		.map(|(i, key)| {
			let secret = secret(0x51 + i as u8);
			Ok((Signer { account: key.public_key().to_account_id(), key: evm_address_of(secret)? }, secret))
		})
		.collect::<Result<_>>()?;
	signers.sort_by_key(|(signer, _)| signer.key);
	let gateway = H160::repeat_byte(0x6a);
	let route = Route {
		gateway,
		wrapped: H160::repeat_byte(0x77),
		enabled: true,
		limits: Limits { per_export: 500, per_window: 1_000, per_identity_window: 800 },
	};
	let tx = api::transactions().evm_bridge();
	let set_signers = chain
		.call(&tx.set_signers(api::runtime_types::bounded_collections::bounded_vec::BoundedVec(
			signers.iter().map(|(signer, _)| signer.clone()).collect(),
		)))
		.await?;
	send(&chain, &chain.sudo(&set_signers).await?, &alice).await?;
	let set_route = chain.call(&tx.set_route(token, 0, CHAIN, route)).await?;
	send(&chain, &chain.sudo(&set_route).await?, &alice).await?;
	eprintln!("[{:>3}s] identities, token, EVM wallet, signers and route ready", started.elapsed().as_secs());

	// --- Refused before sending: every reason named.
	let export = |to: &str, amount: &str| {
		vec!["bridge", "export", "--token", &token_arg, "--chain", "31337", "--to", to, amount]
			.into_iter()
			.map(String::from)
			.collect::<Vec<_>>()
	};
	let args = export("0x00000000000000000000000000000000000000ee", "600");
	let (_, error) = sto_fails(&url, Some(suri_holder), &args.iter().map(String::as_str).collect::<Vec<_>>()).await?;
	ensure!(
		error.contains("RecipientNotLinked") && error.contains("AboveExportLimit"),
		"an export to an unlinked address above the limit: {error}"
	);
	// Rules the receiver's identity (the EVM wallet's) fails twice: the export would stop at the
	// first, the preview names both; then the rules go again.
	let rules = _dir.path().join("rules.json");
	std::fs::write(&rules, r#"[{ "allow_jurisdictions": ["DE"] }, { "allow_investor_types": ["institutional"] }]"#)?;
	let rules = rules.display().to_string();
	sto_json(&url, Some(suri_issuer), &["token", "rules", &token_arg, "--file", &rules]).await?;
	let args = export(&wallet_arg, "100");
	let (_, error) = sto_fails(&url, Some(suri_holder), &args.iter().map(String::as_str).collect::<Vec<_>>()).await?;
	ensure!(
		error.contains("rule 0") &&
			error.contains("JurisdictionUnknown") &&
			error.contains("rule 1") &&
			error.contains("InvestorTypeNotAllowed"),
		"an export whose receiver fails two rules: {error}"
	);
	sto_json(&url, Some(suri_issuer), &["token", "rules", &token_arg, "--clear"]).await?;

	// --- The export: locked in the escrow, the mint message named.
	let args = export(&wallet_arg, "100");
	let exported = sto_json(&url, Some(suri_holder), &args.iter().map(String::as_str).collect::<Vec<_>>()).await?;
	ensure!(exported["nonce"] == json!(1), "exported: {exported}");
	let digest_hex = exported["digest"].as_str().ok_or_else(|| anyhow!("digest: {exported}"))?.to_string();
	let balance = sto_json(&url, None, &["token", "balance", &token_arg, &address(&holder)]).await?;
	ensure!(balance["holdings"][0]["balance"].to_string().trim_matches('"') == "900", "the holder keeps 900: {balance}");
	let shown = sto_json(&url, None, &["bridge", "show", "1"]).await?;
	ensure!(
		shown["status"] == json!("pending") && shown["amount"] == json!("100") && shown["digest"] == json!(digest_hex),
		"shown: {shown}"
	);
	ensure!(shown["recipient"] == json!(wallet_arg) && shown["signatures"] == json!([]), "shown: {shown}");
	let routes = sto_json(&url, None, &["bridge", "routes"]).await?;
	ensure!(routes[0]["in_flight"] == json!("100") && routes[0]["outstanding"] == json!("0"), "routes: {routes}");

	// --- Attestations: a stranger's key is refused; two of three attest; the third is late.
	let digest: [u8; 32] = hex::decode(digest_hex.trim_start_matches("0x"))?
		.try_into()
		.map_err(|_| anyhow!("a 32-byte digest"))?;
	let attest = |signature: [u8; 65]| tx.attest(AttestationKind::Export, 1, 1, signature);
	let (stranger, _) = evm_sign_digest(secret(0x99), &digest)?;
	// Applied to the latest state and thrown away: the runtime's verdict, nothing sent.
	let call = chain.call(&attest(stranger)).await?;
	let refused = chain.dry_run(&call, &signer_keys[0]).await?.refusal().unwrap_or_default();
	ensure!(refused.contains("BadSignature"), "a stranger's key: {refused}");
	let by_account = |account: &sto_harness::sto_client::subxt::utils::AccountId32| {
		signer_keys.iter().find(|key| &key.public_key().to_account_id() == account).expect("a signer's key")
	};
	for (signer, secret) in signers.iter().take(2) {
		let (signature, _) = evm_sign_digest(*secret, &digest)?;
		submit_finalized(&client, &attest(signature), by_account(&signer.account)).await?;
	}
	let (signer, secret) = &signers[2];
	let (late, _) = evm_sign_digest(*secret, &digest)?;
	let call = chain.call(&attest(late)).await?;
	let refused = chain.dry_run(&call, by_account(&signer.account)).await?.refusal().unwrap_or_default();
	ensure!(refused.contains("WrongState"), "a third attestation: {refused}");
	let shown = sto_json(&url, None, &["bridge", "show", "1"]).await?;
	ensure!(shown["status"] == json!("attested") && shown["set_id"] == json!(1), "attested: {shown}");
	let signatures = shown["signatures"].as_array().ok_or_else(|| anyhow!("signatures: {shown}"))?;
	let expected: Vec<String> = signers
		.iter()
		.take(2)
		.map(|(_, secret)| evm_sign_digest(*secret, &digest).map(|(s, _)| format!("0x{}", hex::encode(s))))
		.collect::<Result<_>>()?;
	ensure!(signatures.iter().map(|s| s.as_str().unwrap_or_default()).eq(expected.iter().map(String::as_str)), "signatures in key order: {shown}");
	let in_flight = sto_json(&url, None, &["bridge", "in-flight"]).await?;
	ensure!(in_flight.as_array().map(Vec::len) == Some(1), "in flight: {in_flight}");
	let burn = sto_json(&url, None, &["bridge", "import", "--chain", "31337", "--gateway", &format!("{gateway:#x}"), "1"]).await?;
	ensure!(burn["status"] == json!("unseen"), "an unattested burn: {burn}");
	let quarantine = sto_json(&url, None, &["bridge", "quarantine"]).await?;
	ensure!(quarantine == json!([]), "quarantine: {quarantine}");
	eprintln!("[{:>3}s] exported, attested 2 of 3, read back", started.elapsed().as_secs());

	// --- The wallet's allow-list entry, asked for by anyone (here the holder), read back; the
	// same request again changes nothing and says why.
	let allow = ["bridge", "allow", "--token", &token_arg, "--chain", "31337", "--wallet", &wallet_arg];
	sto_json(&url, Some(suri_holder), &allow).await?;
	let messages = sto_json(&url, None, &["bridge", "messages"]).await?;
	let message = &messages[0];
	ensure!(
		message["id"] == json!(1) && message["body"]["kind"] == json!("allow") && message["body"]["wallet"] == json!(wallet_arg),
		"the allow-list message: {messages}"
	);
	ensure!(
		message["body"]["sequence"] == json!(1) && message["attested"] == json!(false) && message["signatures"] == json!([]),
		"a new entry, unsigned: {messages}"
	);
	ensure!(message["contract"] == json!(format!("{gateway:#x}")), "addressed to the route's gateway: {messages}");
	let (_, error) = sto_fails(&url, Some(suri_holder), &allow).await?;
	ensure!(error.contains("AllowUnchanged"), "the same entry again: {error}");
	eprintln!("[{:>3}s] allow-list entry asked for and read back", started.elapsed().as_secs());
	Ok(())
}
