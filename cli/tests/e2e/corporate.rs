//! Corporate actions end to end, through the `sto` command-line tool, on a real `--dev` node:
//! the parking garage of the seeds (1,800 units for 60 investors) pays rental income.
//!
//! - 60 investors are registered and verified, half with a German, half with a Swiss
//!   jurisdiction claim; one of them (investor 59) also holds units in a second wallet that an
//!   exchange holds under a custody mandate (a venue binding and a mandate to exchange X);
//! - the issuer takes a record date (`sto corporate checkpoint`); afterwards investor 0 sells
//!   10 units to investor 1, which changes nothing the record date owes;
//! - the issuer distributes 180,000 of a cash asset pro rata (100 per unit) with withholding at
//!   26.375 % for DE and 35 % for CH (`sto corporate distribute`): the funding is held on the
//!   issuer's own account and the excess over what the record date's supply is owed goes back;
//! - investor 0 reads its entitlement and claims it; claiming twice is refused with the
//!   chain's reason; investor 59 claims for both its wallets (the units at the exchange
//!   included) into the wallet it names; the issuer pushes the other 57 in one call;
//! - the distribution's totals add up (funded = paid net + withheld + remaining), the tax is
//!   swept to the tax account, and a cancel after the pay date is refused;
//! - a ballot on the same record date weighs the voting tranche (`sto corporate ballot`; one
//!   weighing the non-voting class B is refused): investor 0 votes with its 30 units, investor
//!   1 with its 30 (the 10 it bought after the record date count nothing), a holder of class B
//!   only has no vote, and a re-vote moves the tallies.

use anyhow::{anyhow, ensure, Result};
use crate::common::{address, sto_fails, sto_json};
use serde_json::{json, Value as Json};
use sto_harness::{
	chain::{add_claims, add_kyc, call_data, fund, jurisdiction, link_wallet, register_identities, submit_batch_finalized, UNIT},
	dev_chain,
	sto_client::runtime::api,
	subxt_signer::sr25519::{self, Keypair},
};

/// The cash asset the garage pays rent in.
const CASH: u32 = 9;
const INVESTORS: usize = 60;
const UNITS: u128 = 30;
/// Rental income: 100 per unit.
const RENT: u128 = 180_000;

fn text_u128(value: &Json) -> Result<u128> {
	value.as_str().ok_or_else(|| anyhow!("an amount as text: {value}"))?.parse().map_err(Into::into)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_garage_pays_rental_income_to_its_60_holders() -> Result<()> {
	let started = std::time::Instant::now();
	let (_dir, node, chain) = dev_chain("corporate").await?;
	let client = chain.client().clone();
	let url = node.spec.rpc_url();
	let ferdie = sr25519::dev::ferdie();
	let suri_issuer = "//E2E-garage-issuer";
	let issuer = sto_harness::chain::keypair(suri_issuer)?;
	let exchange = sto_harness::chain::keypair("//E2E-garage-exchange")?;
	let tax_office = sto_harness::chain::keypair("//E2E-garage-tax-office")?;
	let suris: Vec<String> = (0..INVESTORS).map(|i| format!("//E2E-garage-investor-{i}")).collect();
	let investors: Vec<Keypair> = suris.iter().map(|suri| sto_harness::chain::keypair(suri)).collect::<Result<_>>()?;
	let at_exchange = sto_harness::chain::keypair("//E2E-garage-investor-59-at-exchange")?;
	let suri_class_b = "//E2E-garage-class-b";
	let class_b = sto_harness::chain::keypair(suri_class_b)?;

	// --- Identities, claims, fees, the cash asset.
	let mut funded: Vec<&Keypair> = vec![&issuer, &exchange, &tax_office, &at_exchange, &class_b];
	funded.extend(investors.iter());
	let mut registered: Vec<&Keypair> = vec![&issuer, &exchange, &class_b];
	registered.extend(investors.iter());
	let (_, ids) = tokio::try_join!(fund(&chain, &funded, 100 * UNIT), register_identities(&chain, &ferdie, &registered))?;
	let (exchange_id, holder_ids) = (ids[1], ids[3..].to_vec());
	let mut claims = Vec::new();
	for (i, id) in holder_ids.iter().enumerate() {
		claims.push((*id, jurisdiction(if i < INVESTORS / 2 { b"DE" } else { b"CH" })));
	}
	let cash = vec![
		call_data(&client, &api::transactions().assets().create(CASH, issuer.public_key().to_address::<()>(), 1)).await?,
		call_data(&client, &api::transactions().assets().mint(CASH, issuer.public_key().to_address::<()>(), 1_000_000)).await?,
	];
	tokio::try_join!(
		async { add_kyc(&chain, &ferdie, &ids).await?; add_claims(&chain, &ferdie, &claims).await },
		link_wallet(&chain, &investors[59], &at_exchange, holder_ids[59]),
		async { submit_batch_finalized(&chain, &cash, &issuer).await.map(|_| ()) },
	)?;
	eprintln!("[{:>3}s] 63 identities, claims, cash ready", started.elapsed().as_secs());

	// --- The garage token: 30 units each (investor 59: 10 in its own wallet, 20 at the
	// exchange, which holds them under a mandate).
	let created = sto_json(
		&url,
		Some(suri_issuer),
		&["--in-block", "token", "create", "--symbol", "GARAGE", "--name", "Parking garage Porto", "--instrument", "real-estate"],
	)
	.await?;
	let token = created["token"].as_u64().ok_or_else(|| anyhow!("token id: {created}"))?;
	let token_arg = token.to_string();
	sto_json(&url, Some(suri_issuer), &["--in-block", "token", "status", &token_arg, "active"]).await?;
	sto_json(&url, Some(suri_issuer), &["--in-block", "token", "partition", &token_arg, "class B", "--non-voting"]).await?;
	sto_json(&url, Some(suri_issuer), &["--in-block", "token", "issue", &token_arg, "--partition", "1", "--to", &format!("{}=50", address(&class_b))])
		.await?;
	let mut issue = vec!["--in-block".to_string(), "token".into(), "issue".into(), token_arg.clone()];
	for (i, investor) in investors.iter().enumerate() {
		let units = if i == 59 { 10 } else { UNITS };
		issue.extend(["--to".into(), format!("{}={units}", address(investor))]);
	}
	issue.extend(["--to".into(), format!("{}=20", address(&at_exchange))]);
	let refs: Vec<&str> = issue.iter().map(String::as_str).collect();
	sto_json(&url, Some(suri_issuer), &refs).await?;
	sto_json(&url, Some("//Alice"), &["--in-block", "custody", "register-custodian", &address(&exchange), "--roles", "ats"]).await?;
	let suri_59 = suris[59].as_str();
	sto_json(&url, Some(suri_59), &["--in-block", "custody", "bind", &exchange_id.to_string(), "--account", "GARAGE-59"]).await?;
	sto_json(&url, Some(suri_59), &["custody", "grant", &exchange_id.to_string(), &token_arg, "--cap", "20"]).await?;
	eprintln!("[{:>3}s] 1,800 units issued, investor 59's mandate granted", started.elapsed().as_secs());

	// --- The record date; a sale after it changes nothing owed.
	let taken = sto_json(&url, Some(suri_issuer), &["corporate", "checkpoint", &token_arg]).await?;
	ensure!(taken.to_string().contains("CheckpointTaken"), "checkpoint: {taken}");
	sto_json(&url, Some(&suris[0]), &["token", "transfer", &token_arg, &address(&investors[1]), "10"]).await?;
	let listed = sto_json(&url, None, &["corporate", "checkpoints", &token_arg]).await?;
	ensure!(listed["checkpoints"][0]["supplies"] == json!(["1800", "50"]), "checkpoints: {listed}");

	// --- The distribution: 100 per unit, funded with 200,000 (20,000 go back at once).
	let created = sto_json(
		&url,
		Some(suri_issuer),
		&[
			"corporate", "distribute", &token_arg, "--checkpoint", "0", "--asset", &CASH.to_string(), "--pro-rata", &RENT.to_string(),
			"--tax-default", "30%", "--tax", "DE=26.375%", "--tax", "CH=35%", "--tax-account", &address(&tax_office),
			"--funding", "200000", "--expires-in", "1d", "--notice", "rental income Q3",
		],
	)
	.await?;
	let id = created["distribution"].as_u64().ok_or_else(|| anyhow!("distribution id: {created}"))?.to_string();
	let shown = sto_json(&url, None, &["corporate", "distribution", &id]).await?;
	ensure!(shown["state"] == json!("open") && shown["funded"] == json!(RENT.to_string()), "opened: {shown}");

	// --- Investor 0 (DE) sold 10 after the record date and is owed for its 30: 3,000 gross,
	// ⌈26.375 % × 3000⌉ = 792 tax, 2,208 net.
	let owed = sto_json(&url, None, &["corporate", "entitlement", &id, &address(&investors[0])]).await?;
	ensure!(
		owed["gross"] == json!("3000") && owed["tax"] == json!("792") && owed["net"] == json!("2208") && owed["claimed"] == json!(false),
		"entitlement: {owed}"
	);
	let claimed = sto_json(&url, Some(&suris[0]), &["corporate", "claim", &id]).await?;
	ensure!(claimed.to_string().contains("CorporateActions.Paid"), "claimed: {claimed}");
	let (_, error) = sto_fails(&url, Some(&suris[0]), &["corporate", "claim", &id]).await?;
	ensure!(error.contains("AlreadyPaid"), "a second claim: {error}");
	// Investor 59 (CH): 10 in its wallet and 20 at the exchange, paid into the exchange wallet
	// it names: 3,000 gross, 1,050 tax, 1,950 net.
	sto_json(&url, Some(suri_59), &["corporate", "claim", &id, "--pay-to", &address(&at_exchange)]).await?;
	let owed = sto_json(&url, None, &["corporate", "entitlement", &id, &holder_ids[59].to_string()]).await?;
	ensure!(owed["gross"] == json!("3000") && owed["net"] == json!("1950") && owed["claimed"] == json!(true), "investor 59: {owed}");

	// --- The issuer pays everyone else in one push (investor 0 again: skipped).
	let mut push = vec!["corporate".to_string(), "push".into(), id.clone()];
	push.extend(holder_ids[..59].iter().map(|id| id.to_string()));
	let refs: Vec<&str> = push.iter().map(String::as_str).collect();
	let pushed = sto_json(&url, Some(suri_issuer), &refs).await?;
	let summary = pushed["events"]
		.as_array()
		.and_then(|events| events.iter().find(|event| event["event"] == json!("CorporateActions.Pushed")))
		.cloned()
		.ok_or_else(|| anyhow!("Pushed event: {pushed}"))?;
	ensure!(summary["paid"] == json!(58) && summary["skipped"] == json!(1), "pushed: {summary}");

	// --- Totals: 30 DE × 792 + 30 CH × 1050 withheld; everything owed paid.
	let shown = sto_json(&url, None, &["corporate", "distribution", &id]).await?;
	let (funded, paid, withheld, remaining) =
		(text_u128(&shown["funded"])?, text_u128(&shown["paid_net"])?, text_u128(&shown["tax_withheld"])?, text_u128(&shown["remaining"])?);
	ensure!(withheld == 30 * 792 + 30 * 1_050, "withheld: {shown}");
	ensure!(funded == paid + withheld + remaining && remaining == 0 && shown["payments"] == json!(60), "totals: {shown}");
	sto_json(&url, None, &["--suri", "//Bob", "corporate", "sweep-tax", &id]).await?;
	let shown = sto_json(&url, None, &["corporate", "distribution", &id]).await?;
	ensure!(shown["tax_swept"] == shown["tax_withheld"], "swept: {shown}");
	let (_, error) = sto_fails(&url, Some(suri_issuer), &["corporate", "cancel", &id]).await?;
	ensure!(error.contains("TooLate"), "cancel after the pay date: {error}");
	eprintln!("[{:>3}s] 60 holders paid, tax swept", started.elapsed().as_secs());

	// --- A ballot on the same record date, weighing the voting tranche only.
	let motion = "2:approve the garage's accounts for 2026";
	let (_, error) = sto_fails(
		&url,
		Some(suri_issuer),
		&["corporate", "ballot", &token_arg, "--checkpoint", "0", "--weight", "1=1", "--motion", motion, "--ends-in", "1h"],
	)
	.await?;
	ensure!(error.contains("NotVotingPartition"), "class B weighed: {error}");
	let created =
		sto_json(&url, Some(suri_issuer), &["corporate", "ballot", &token_arg, "--checkpoint", "0", "--weight", "0=1", "--motion", motion, "--ends-in", "1h"])
			.await?;
	let ballot = created["ballot"].as_u64().ok_or_else(|| anyhow!("ballot id: {created}"))?.to_string();
	sto_json(&url, Some(&suris[0]), &["corporate", "vote", &ballot, "0"]).await?;
	sto_json(&url, Some(&suris[1]), &["corporate", "vote", &ballot, "1"]).await?;
	let power = sto_json(&url, None, &["corporate", "power", &ballot, &address(&investors[1])]).await?;
	ensure!(power["power"] == json!("30"), "units bought after the record date carry no vote: {power}");
	let (_, error) = sto_fails(&url, Some(suri_class_b), &["corporate", "vote", &ballot, "0"]).await?;
	ensure!(error.contains("NoVotingPower"), "a class B holder voting: {error}");
	let tally = sto_json(&url, None, &["corporate", "tally", &ballot]).await?;
	ensure!(tally["tallies"][0]["choices"] == json!(["30", "30"]) && tally["voters"] == json!(2), "tally: {tally}");
	sto_json(&url, Some(&suris[0]), &["corporate", "vote", &ballot, "1"]).await?;
	let tally = sto_json(&url, None, &["corporate", "tally", &ballot]).await?;
	ensure!(tally["tallies"][0]["choices"] == json!(["0", "60"]) && tally["voters"] == json!(2), "after a re-vote: {tally}");
	eprintln!("[{:>3}s] ballot: votes, a refusal, a re-vote", started.elapsed().as_secs());
	Ok(())
}
