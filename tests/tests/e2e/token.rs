//! A security token over JSON-RPC on a `--dev` chain, as an issuer and an exchange would use it:
//! identities for the issuer and two investors (KYC by Ferdie, the development KYC provider),
//! a token created and activated, issuance to both investors, a transfer, a transfer to an
//! unverified account refused with its ERC-1066 status and reason (dry run and real call), and a
//! document read back.

use anyhow::{anyhow, ensure, Result};
use sto_harness::{
	chain::{
		add_kyc, call_data, create_token, field_u128, find_events, fund, keypair, register_identities,
		submit_batch_finalized, submit_finalized, submit_refused, UNIT,
	},
	sto_client::runtime::{api, bounded, TokenStatus},
	subxt::{dynamic::Value, utils::H256},
	subxt_signer::sr25519,
	dev_chain, Sto,
};

async fn token_api<R: sto_harness::subxt::ext::scale_decode::DecodeAsType>(
	sto: &Sto,
	method: &str,
	args: impl sto_harness::subxt::ext::frame_decode::runtime_apis::IntoEncodableValues,
) -> Result<R> {
	sto.runtime_api("TokenApi", method, args).await?.decode()
}

#[tokio::test(flavor = "multi_thread")]
async fn issue_transfer_refuse_and_document_over_rpc() -> Result<()> {
	let (_dir, _node, sto) = dev_chain("token").await?;
	let client = sto.client().clone();

	let kyc_provider = sr25519::dev::ferdie();
	let issuer = keypair("//E2E-token-issuer")?;
	let alice_investor = keypair("//E2E-investor-a")?;
	let bob_investor = keypair("//E2E-investor-b")?;
	let unverified = keypair("//E2E-unverified")?;
	// Setup is batched (one transaction per step) to keep the test short: Alice funds the
	// issuer and the investors while Ferdie registers the identities; the issuer and two
	// investors get KYC, the fourth identity does not.
	let funded = [&issuer, &alice_investor, &bob_investor];
	let registered = [&issuer, &alice_investor, &bob_investor, &unverified];
	let (_, identities) = tokio::try_join!(
		fund(&sto, &funded, 100 * UNIT),
		register_identities(&sto, &kyc_provider, &registered),
	)?;
	add_kyc(&sto, &kyc_provider, &identities[..3]).await?;

	// The issuer creates the token: 1,800 garage units, one per parking space.
	let token = create_token(&sto, &issuer, "GARAGE", "Garage Lisbon Centro", Some(1_800)).await?;

	// Activation and issuance to both investors, in one batch.
	let a = alice_investor.public_key().to_account_id();
	let b = bob_investor.public_key().to_account_id();
	let tx = api::transactions().security_token();
	let mut calls = vec![call_data(&client, &tx.set_status(token, TokenStatus::Active)).await?];
	for (to, amount) in [(&a, 600u128), (&b, 300u128)] {
		let issue = tx.issue(token, 0, *to, amount, None);
		calls.push(call_data(&client, &issue).await?);
	}
	let events = submit_batch_finalized(&sto, &calls, &issuer).await?;
	let moved = find_events(&events, "SecurityToken", "Moved")?;
	ensure!(moved.len() == 2, "each issuance emits one Moved event: {moved:?}");

	// A transfer between the two investors.
	let transfer = tx.transfer_by_partition(token, 0, b, 100, None);
	submit_finalized(&client, &transfer, &alice_investor).await?;
	let balance_a: u128 = token_api(&sto, "balance_of", (token, 0u16, a)).await?;
	let balance_b: u128 = token_api(&sto, "balance_of", (token, 0u16, b)).await?;
	ensure!((balance_a, balance_b) == (500, 400), "balances after the transfer: {balance_a}, {balance_b}");

	// A transfer to an identity without KYC: the dry run names the reason, the call fails.
	let c = unverified.public_key().to_account_id();
	let (status, reason): (u8, Option<Value>) = token_api(&sto, "can_transfer", (token, 0u16, a, c, 10u128)).await?;
	ensure!(status == 0x53, "invalid receiver status 0x53, got {status:#x}");
	let reason = reason.ok_or_else(|| anyhow!("a failing check is named"))?;
	ensure!(format!("{reason}").contains("ReceiverNotVerified"), "reason: {reason}");
	// The pallet's view function (`RuntimeViewFunction`) answers the same.
	let (view_status, view_reason): (u8, Option<Value>) =
		sto.view_function("SecurityToken", "transfer_status", (token, 0u16, a, c, 10u128)).await?.decode()?;
	ensure!(view_status == 0x53, "view function status {view_status:#x}");
	ensure!(format!("{view_reason:?}").contains("ReceiverNotVerified"), "view function reason: {view_reason:?}");
	// The transaction pool refuses it at submission with the exact reason (refusal 0x12, the
	// receiver has no valid KYC claim), so it never takes block space.
	let refused = tx.transfer_by_partition(token, 0, c, 10, None);
	let error = submit_refused(&client, &refused, &alice_investor).await?;
	let code = sto_primitives::refusal::Refusal::ReceiverKycMissing.code();
	ensure!(error.contains(&format!("custom error: {code}")), "refused as invalid, custom {code:#04x}: {error}");
	let (ok_status, _): (u8, Option<Value>) = token_api(&sto, "can_transfer", (token, 0u16, a, b, 10u128)).await?;
	ensure!(ok_status == 0x51, "a verified receiver passes: {ok_status:#x}");

	// A document anchored by URI and hash, read back.
	let document_hash = H256::repeat_byte(0xd0);
	let set = tx.set_document(token, bounded(&b"prospectus"[..]), bounded(&b"https://issuer.example/prospectus.pdf"[..]), document_hash);
	submit_finalized(&client, &set, &issuer).await?;
	let documents: Vec<(Vec<u8>, (Vec<u8>, [u8; 32], u64))> = token_api(&sto, "documents", (token,)).await?;
	ensure!(documents.len() == 1, "one document: {documents:?}");
	let (name, (uri, hash, _updated_at)) = &documents[0];
	ensure!(name == b"prospectus" && uri == b"https://issuer.example/prospectus.pdf", "document: {documents:?}");
	ensure!(*hash == document_hash.0, "the content hash is anchored");

	// The token record: supply and holders, as the cap table says.
	let details: Option<Value> = token_api(&sto, "token", (token,)).await?;
	let details = details.ok_or_else(|| anyhow!("the token exists"))?;
	ensure!(field_u128(&details, "total_supply")? == 900, "supply: {details}");
	ensure!(field_u128(&details, "holder_count")? == 2, "holders: {details}");
	Ok(())
}
