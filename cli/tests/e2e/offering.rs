//! Primary offerings end to end, through the `sto` command-line tool, on a real `--dev` node:
//! the parking garage of the seeds sells its 1,800 units to 60 verified investors.
//!
//! - the garage token is capped at 1,900 units; the issuer offers 1,800 in two price tiers
//!   (900 at 100, 900 at 120 of a cash asset), 30 units per investor at most, a minimum raise
//!   of 150,000 and a lock-up of 30 days after the end (`sto offering create`): the 1,800 are
//!   reserved against the cap, so a manual issuance of 101 units is refused by the token;
//! - investor 0 subscribes through `sto offering subscribe` (the chain's `can_subscribe` first:
//!   a ticket above the maximum per identity is refused with its named reason before anything
//!   is sent); the other 59 subscribe 30 units each, signed by their own keys; the quote moves
//!   from the first tier to the second, and every cost is held on the investor's own account;
//! - the issuer closes early (the minimum is met); investor 7's KYC claim is revoked before
//!   settlement (`sto identity revoke-claim`);
//! - `sto offering settle --page 25` settles in three transactions with progress: 59
//!   subscriptions allocated (the tokens issued through the token's movement path, locked up,
//!   the cash moved to the proceeds account), investor 7 refunded with the token's reason;
//! - a second offering of the last 100 units misses its minimum: after its end anyone closes it,
//!   it fails, and settling refunds everyone (the cash back, nothing issued).

use anyhow::{anyhow, ensure, Result};
use crate::common::{address, sto_fails, sto_json};
use serde_json::{json, Value as Json};
use sto_harness::{
	chain::{add_kyc, call_data, fund, register_identities, submit_batch_finalized, submit_finalized, UNIT},
	dev_chain,
	sto_client::runtime::api,
	subxt_signer::sr25519::{self, Keypair},
};

/// The cash asset investors pay in.
const CASH: u32 = 11;
const INVESTORS: usize = 60;
const UNITS: u128 = 30;
/// What each investor holds of the cash asset.
const BUDGET: u128 = 10_000;
/// The investor whose KYC lapses before settlement.
const LAPSED: usize = 7;

fn text_u128(value: &Json) -> Result<u128> {
	value.as_str().ok_or_else(|| anyhow!("an amount as text: {value}"))?.parse().map_err(Into::into)
}

/// An account's balance of the cash asset (0 without an account).
async fn cash(chain: &sto_harness::Sto, who: &Keypair) -> Result<u128> {
	let at = chain.client().at_current_block().await?;
	let account = at.storage().try_fetch(api::storage().assets().account(), (CASH, who.public_key().to_account_id())).await?;
	Ok(match account {
		Some(account) => account.decode()?.balance,
		None => 0,
	})
}

#[tokio::test(flavor = "multi_thread")]
async fn the_garage_is_sold_to_60_investors_and_a_failed_offering_refunds_everyone() -> Result<()> {
	let started = std::time::Instant::now();
	let (_dir, node, chain) = dev_chain("offering").await?;
	let client = chain.client().clone();
	let url = node.spec.rpc_url();
	let ferdie = sr25519::dev::ferdie();
	let suri_issuer = "//E2E-offering-issuer";
	let issuer = sto_harness::chain::keypair(suri_issuer)?;
	let proceeds = sto_harness::chain::keypair("//E2E-offering-proceeds")?;
	let suris: Vec<String> = (0..INVESTORS).map(|i| format!("//E2E-offering-investor-{i}")).collect();
	let investors: Vec<Keypair> = suris.iter().map(|suri| sto_harness::chain::keypair(suri)).collect::<Result<_>>()?;

	// --- Identities with KYC, fees, the cash asset with each investor's budget.
	let mut funded: Vec<&Keypair> = vec![&issuer, &proceeds];
	funded.extend(investors.iter());
	let mut registered: Vec<&Keypair> = vec![&issuer];
	registered.extend(investors.iter());
	let (_, ids) = tokio::try_join!(fund(&chain, &funded, 100 * UNIT), register_identities(&chain, &ferdie, &registered))?;
	let holder_ids = ids[1..].to_vec();
	let mut calls = vec![call_data(&client, &api::transactions().assets().create(CASH, issuer.public_key().to_address::<()>(), 1)).await?];
	for investor in investors.iter() {
		calls.push(call_data(&client, &api::transactions().assets().mint(CASH, investor.public_key().to_address::<()>(), BUDGET)).await?);
	}
	tokio::try_join!(add_kyc(&chain, &ferdie, &ids), async { submit_batch_finalized(&chain, &calls, &issuer).await.map(|_| ()) })?;
	eprintln!("[{:>3}s] 61 identities, KYC, cash ready", started.elapsed().as_secs());

	// --- The garage, capped at 1,900, in its issuing phase; 1,800 offered in two tiers.
	let created = sto_json(
		&url,
		Some(suri_issuer),
		&[
			"--in-block", "token", "create", "--symbol", "GARAGE", "--name", "Parking garage Porto", "--instrument", "real-estate",
			"--supply-cap", "1900",
		],
	)
	.await?;
	let token = created["token"].as_u64().ok_or_else(|| anyhow!("token id: {created}"))?;
	let token_arg = token.to_string();
	sto_json(&url, Some(suri_issuer), &["--in-block", "token", "status", &token_arg, "issuing"]).await?;
	let created = sto_json(
		&url,
		Some(suri_issuer),
		&[
			"offering", "create", "--token", &token_arg, "--cash", &CASH.to_string(), "--proceeds", &address(&proceeds),
			"--tier", "900@100", "--tier", "900@120", "--ends-in", "1h", "--min-raise", "150000", "--max-raise", "250000",
			"--min-ticket", "10", "--max-per-identity", "30", "--lockup-for", "30d",
		],
	)
	.await?;
	let offering = created["offering"].as_u64().ok_or_else(|| anyhow!("offering id: {created}"))?.to_string();
	// The 1,800 are promised: only 100 of the cap are left for manual issuance.
	let (_, error) =
		sto_fails(&url, Some(suri_issuer), &["token", "issue", &token_arg, "--to", &format!("{}=101", address(&investors[0]))]).await?;
	ensure!(error.contains("SupplyCapExceeded"), "a manual issuance into the reservation: {error}");

	// --- Investor 0 through `sto`: a ticket above the maximum is refused before sending, with
	// the chain's named reason; 30 units cost 3,000 from the first tier.
	let (_, error) = sto_fails(&url, Some(&suris[0]), &["offering", "subscribe", &offering, "31"]).await?;
	ensure!(error.contains("AboveIdentityMaximum"), "31 units: {error}");
	let quote = sto_json(&url, None, &["offering", "quote", &offering, "30"]).await?;
	ensure!(quote["cost"] == json!("3000"), "quote: {quote}");
	let subscribed = sto_json(&url, Some(&suris[0]), &["offering", "subscribe", &offering, "30"]).await?;
	ensure!(subscribed["subscription"] == json!(0) && subscribed.to_string().contains("Offering.Subscribed"), "subscribed: {subscribed}");

	// --- The other 59, each signing its own subscription (concurrently: a few blocks).
	let subscribe = api::transactions().offering().subscribe(offering.parse()?, UNITS, u128::MAX);
	let pending: Vec<_> = investors[1..].iter().map(|investor| submit_finalized(&client, &subscribe, investor)).collect();
	futures::future::try_join_all(pending).await?;
	let status = sto_json(&url, None, &["offering", "status", &offering]).await?;
	ensure!(status["sold"] == json!("1800") && status["raised"] == json!((900 * 100 + 900 * 120).to_string()), "sold out: {status}");
	ensure!(status["subscriptions"].as_array().map(Vec::len) == Some(INVESTORS), "pending: {status}");
	ensure!(status["minimum_met"] == json!(true) && status["available"] == json!("0"), "status: {status}");
	// Each cost stays on the investor's own account, held.
	for (i, investor) in investors.iter().enumerate().take(3) {
		let free = cash(&chain, investor).await?;
		ensure!(free == BUDGET - 3_000 || free == BUDGET - 3_600, "investor {i}'s free cash {free}");
	}
	eprintln!("[{:>3}s] 60 subscriptions, sold out", started.elapsed().as_secs());

	// --- Closed early by the issuer; investor 7's KYC lapses before settlement.
	let closed = sto_json(&url, Some(suri_issuer), &["offering", "close", &offering]).await?;
	ensure!(closed.to_string().contains("Offering.OfferingClosed"), "closed: {closed}");
	sto_json(&url, Some("//Ferdie"), &["--in-block", "identity", "revoke-claim", &holder_ids[LAPSED].to_string(), "kyc"]).await?;
	let lapsed_cost = {
		let listed = sto_json(&url, None, &["offering", "status", &offering]).await?;
		let lapsed = address(&investors[LAPSED]);
		let entry = listed["subscriptions"]
			.as_array()
			.and_then(|list| list.iter().find(|entry| entry["subscriber"] == json!(lapsed)).cloned())
			.ok_or_else(|| anyhow!("investor {LAPSED}'s subscription: {listed}"))?;
		text_u128(&entry["cost"])?
	};

	// --- Settlement in pages of 25, by anyone.
	let settled = sto_json(&url, Some("//Bob"), &["offering", "settle", &offering, "--page", "25"]).await?;
	ensure!(settled["transactions"] == json!(3) && settled["pending"] == json!(0), "settled: {settled}");
	ensure!(settled["allocated"] == json!(59) && settled["refunded"] == json!(1), "settled: {settled}");
	ensure!(settled["issued"] == json!("1770"), "issued: {settled}");
	let raised = 900 * 100 + 900 * 120;
	ensure!(cash(&chain, &proceeds).await? == raised - lapsed_cost, "the proceeds");
	ensure!(cash(&chain, &investors[LAPSED]).await? == BUDGET, "investor {LAPSED} refunded");
	let details = sto_json(&url, None, &["token", "show", &token_arg]).await?;
	ensure!(details.to_string().contains("1770"), "the supply: {details}");
	// Trading opens; the issued units are locked up for 30 days after the end.
	sto_json(&url, Some(suri_issuer), &["token", "status", &token_arg, "active"]).await?;
	let (_, error) = sto_fails(&url, Some(&suris[1]), &["token", "transfer", &token_arg, &address(&investors[2]), "1"]).await?;
	ensure!(error.contains("InsufficientSpendable"), "a transfer of locked units: {error}");
	eprintln!("[{:>3}s] 59 allocated, 1 refunded", started.elapsed().as_secs());

	// --- A second offering of the last 100 units misses its minimum: everyone is refunded.
	let created = sto_json(
		&url,
		Some(suri_issuer),
		&[
			"offering", "create", "--token", &token_arg, "--cash", &CASH.to_string(), "--proceeds", &address(&proceeds),
			"--tier", "100@100", "--ends-in", "40s", "--min-raise", "9000", "--max-raise", "10000", "--max-per-identity", "50",
		],
	)
	.await?;
	let second = created["offering"].as_u64().ok_or_else(|| anyhow!("offering id: {created}"))?.to_string();
	let ends = sto_json(&url, None, &["offering", "status", &second]).await?["end"].as_u64().ok_or_else(|| anyhow!("end"))?;
	for suri in &suris[10..13] {
		sto_json(&url, Some(suri), &["--in-block", "offering", "subscribe", &second, "20"]).await?;
	}
	let (_, error) = sto_fails(&url, Some(suri_issuer), &["offering", "close", &second]).await?;
	ensure!(error.contains("TooEarly"), "an early close below the minimum: {error}");
	// Wait for the end on the chain's clock (the last block's timestamp).
	loop {
		let now = client.at_current_block().await?.storage().fetch(api::storage().timestamp().now(), ()).await?.decode()?;
		if now >= ends {
			break;
		}
		tokio::time::sleep(std::time::Duration::from_secs(3)).await;
	}
	let closed = sto_json(&url, Some("//Bob"), &["offering", "close", &second]).await?;
	ensure!(closed.to_string().contains("Failed"), "closed below the minimum: {closed}");
	let settled = sto_json(&url, Some("//Bob"), &["offering", "settle", &second]).await?;
	ensure!(settled["status"] == json!("failed") && settled["refunded"] == json!(3) && settled["issued"] == json!("0"), "refunds: {settled}");
	for investor in &investors[10..13] {
		let free = cash(&chain, investor).await?;
		ensure!(free == BUDGET - 3_000 || free == BUDGET - 3_600, "refunded to the first offering's cost: {free}");
	}
	sto_json(&url, Some(suri_issuer), &["offering", "clear", &second]).await?;
	let (_, error) = sto_fails(&url, None, &["offering", "status", &second]).await?;
	ensure!(error.contains("no offering"), "cleared: {error}");
	eprintln!("[{:>3}s] the failed offering refunded everyone", started.elapsed().as_secs());
	Ok(())
}
