//! End to end: the cap-table service against a real node, as a transfer agent would run it.
//!
//! A node (archive state, a test chain) starts from a generated spec whose genesis already holds
//! a token spread over the load accounts (genesis holdings emit no events: the indexer reads
//! them from state). `sto-indexer run` follows the chain while thousands of compliant transfers
//! are submitted; it is killed midway, and while it is down the transfer agent issues, forces a
//! transfer and forces a redemption, and an exchange (a custodian registered by governance, with
//! venue bindings and mandates from two investors) settles a batch of two legs. It is started
//! again. Then:
//! - `sto-indexer reconcile` finds no difference with chain state, `/health` answers 200, the
//!   cap table (JSON and CSV) lists every holder with the chain's supply; the settlement is
//!   listed with its legs and its reference, and its movements are custody legs;
//! - a run killed before a commit (an injected crash) and run again leaves the same database as
//!   a clean run to the same block;
//! - the web page, loaded in a real headless Chromium, shows every holder, the charts and the
//!   supply line (a screenshot is kept as a test artifact);
//! - the same run into a throwaway PostgreSQL server (started by the test) leaves the same rows
//!   as SQLite, and reconciles with no difference.

use crate::common::{get, get_json, indexer, node_with_holders, transfers, wait_for_height, Indexer};
use anyhow::{bail, ensure, Context, Result};
use std::path::Path;
use sto_harness::{
	browser::Browser,
	chain::send,
	free_port,
	postgres::Postgres,
	sto_client::{
		batch::{Batch, Leg},
		chain::Wait,
		custody::{self, LicensedRoles},
		keypair,
		runtime::api,
		Sto,
	},
	subxt::utils::H256,
	TestDir,
};
use sto_indexer::store::Store;
use sto_load::{load_account, spec, Fixture};

const ACCOUNTS: usize = 40;
const HOLDING: u128 = 1_000_000;
const TRANSFERS: usize = 2_000;

/// An exchange settles while the indexer is down: load account 4's identity becomes a custodian
/// (governance: Sudo on this dev chain), load accounts 2 and 3 bind venue accounts there and
/// grant it mandates on the token, and the exchange settles a batch of two legs between them.
async fn settle_through_custody(sto: &Sto, fixture: &Fixture) -> Result<Batch> {
	let [buyer, seller, exchange] = [&fixture.senders[2], &fixture.senders[3], &fixture.senders[4]];
	let roles = LicensedRoles { ats_operator: false, broker_dealer: true, clearing_agent: false, transfer_agent: false };
	let register = custody::register_custodian(sto, &exchange.public_key().to_account_id(), roles).await?;
	send(sto, &sto.sudo(&register).await?, &keypair("//Alice")?).await.context("registering the custodian")?;
	let custodian = sto
		.identity_of(&exchange.public_key().to_account_id())
		.await?
		.context("the exchange's wallet has an identity")?;
	for (investor, account) in [(buyer, "venue/buyer"), (seller, "venue/seller")] {
		let bind = custody::bind_venue_account(sto, custodian, custody::venue_account_ref(account)?).await?;
		send(sto, &bind, investor).await.context("a venue binding")?;
		let mandate = custody::grant_mandate(sto, custodian, fixture.token, Some(fixture.partition), 10_000, None).await?;
		send(sto, &mandate, investor).await.context("a mandate")?;
	}
	let leg = |from: &sto_harness::subxt_signer::sr25519::Keypair, to: &sto_harness::subxt_signer::sr25519::Keypair, amount| Leg {
		token: fixture.token,
		partition: fixture.partition,
		from: from.public_key().to_account_id(),
		to: to.public_key().to_account_id(),
		amount,
	};
	let batch = Batch::new("indexer-e2e/settlement-1", vec![leg(seller, buyer, 2_500), leg(buyer, seller, 400)], vec![])?;
	custody::settle(sto, exchange, &batch, true, Wait::Finalized, &mut |_| {})
		.await
		.map_err(|e| anyhow::anyhow!("the exchange's settlement: {e}"))?;
	Ok(batch)
}

/// `sto-indexer run --until <height>` to completion.
fn index_until(database: &str, url: &str, until: u64, log: &Path) -> Result<()> {
	let status = indexer(database, &["run", "--url", url, "--until", &until.to_string(), "--batch", "25"], log)?.status()?;
	ensure!(status.success(), "sto-indexer run --until {until} into {database} failed ({status}); see {}", log.display());
	Ok(())
}

async fn supply_on_chain(sto: &Sto, token: u32) -> Result<u128> {
	let at = sto.at().await?;
	Ok(at.storage().fetch(api::storage().security_token().tokens(), (token,)).await?.decode()?.total_supply)
}

/// The web page, rendered by a real browser against the running indexer: the page's script
/// fetched the API and drew the cap table, the charts and the movement log. A screenshot is
/// kept beside the node logs.
fn check_page(port: u16, token: u32, logs: &Path) -> Result<()> {
	let url = format!("http://127.0.0.1:{port}/?token={token}");
	let browser = Browser::new(logs)?;
	let dom = browser.dom(&url)?;
	ensure!(dom.contains(&format!("data-loaded=\"{token}\"")), "the page did not finish loading token {token}:\n{dom}");
	let holders = format!("<b id=\"holders\">{ACCOUNTS}</b>");
	ensure!(dom.contains(&holders), "the page does not show {ACCOUNTS} holders");
	let rows = dom.split("<tbody>").nth(1).map(|body| body.split("</tbody>").next().unwrap_or("").matches("<tr>").count());
	ensure!(rows == Some(ACCOUNTS), "the cap table shows {rows:?} rows, not {ACCOUNTS}");
	ensure!(dom.matches("data-share=").count() >= 2, "the ownership charts have no bars");
	ensure!(dom.contains("id=\"supply-line\""), "no supply chart");
	ensure!(dom.contains("DE (40)"), "the jurisdiction chart does not show the 40 holders resident in DE");
	let screenshot = logs.join("cap-table-page.png");
	browser.screenshot(&url, &screenshot)?;
	eprintln!("[cap-table] the page showed {ACCOUNTS} holders; screenshot: {}", screenshot.display());
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cap_table_is_rebuilt_from_events_and_matches_the_chain() -> Result<()> {
	let dir = TestDir::new("indexer-cap-table");
	let (node, report) = node_with_holders(&dir, ACCOUNTS, HOLDING, &[]).await?;
	let url = node.spec.rpc_url();
	let sto = node.sto().await?;
	let token = report.token;
	let senders = (0..ACCOUNTS).map(load_account).collect::<Result<Vec<_>>>()?;
	let fixture = Fixture { senders, token, partition: 0 };
	let log = dir.logs().join("sto-indexer.log");
	let live_db = format!("sqlite://{}", dir.path().join("live.db").display());

	// Follow the chain while transfers flow; kill the indexer midway.
	let port = free_port();
	let listen = format!("127.0.0.1:{port}");
	let follow = ["run", "--url", &url, "--listen", &listen, "--batch", "20", "--reconcile-every", "10"];
	let mut live = Indexer(indexer(&live_db, &follow, &log)?.spawn()?);
	transfers(&sto, &node, &fixture, TRANSFERS / 2).await?;
	let _ = live.0.kill();
	let _ = live.0.wait();
	drop(live);

	// The transfer agent acts while the indexer is down: issue, a forced transfer, a forced
	// redemption.
	let issuer = keypair("//sto-load/issuer")?;
	let (a, b) = (fixture.senders[0].public_key().to_account_id(), fixture.senders[1].public_key().to_account_id());
	let reason = H256::repeat_byte(7);
	let calls = [
		sto.call(&api::transactions().security_token().issue(token, 0, a.clone(), 5_000, None)).await?,
		sto.call(&api::transactions().security_token().controller_transfer(token, 0, a.clone(), b.clone(), 1_234, reason)).await?,
		sto.call(&api::transactions().security_token().controller_redeem(token, 0, b.clone(), 777, reason)).await?,
	];
	for call in &calls {
		send(&sto, call, &issuer).await.context("the transfer agent's call")?;
	}
	let batch = settle_through_custody(&sto, &fixture).await?;

	let live = Indexer(indexer(&live_db, &follow, &log)?.spawn()?);
	transfers(&sto, &node, &fixture, TRANSFERS / 2).await?;
	let (_, finalized) = node.heights().await?;
	wait_for_height(port, finalized).await?;

	// Reconciliation at the end: no difference; the live indexer reconciled along the way too.
	let status = indexer(&live_db, &["reconcile", "--url", &url], &log)?.status()?;
	ensure!(status.success(), "sto-indexer reconcile found differences or failed ({status}); see {}", log.display());
	let (code, health) = get(port, "/health").await?;
	ensure!(code == 200, "/health: {code} {health}");
	let status = get_json(port, "/api/status").await?;
	ensure!(status["reconciliation"]["differences"].as_array().is_some_and(|d| d.is_empty()), "last reconciliation: {status}");

	// The cap table: every holder, the chain's supply, genesis holdings as movements.
	let supply = supply_on_chain(&sto, token).await?;
	ensure!(supply == ACCOUNTS as u128 * HOLDING + 5_000 - 777, "supply on chain {supply}");
	let table = get_json(port, &format!("/api/tokens/{}/cap-table?group=identity&limit=1000", spec::SYMBOL)).await?;
	ensure!(table["holders"] == ACCOUNTS && table["total"] == supply.to_string(), "cap table: {table}");
	let genesis = get_json(port, "/api/movements?kind=Genesis&limit=1000").await?;
	ensure!(genesis["movements"].as_array().map(Vec::len) == Some(ACCOUNTS), "genesis holdings: {genesis}");
	let settlements = get_json(port, "/api/settlements?limit=10").await?;
	let settled = settlements["settlements"].as_array().cloned().unwrap_or_default();
	ensure!(
		settled.len() == 1 &&
			settled[0]["legs"] == batch.legs.len() &&
			settled[0]["movements"].as_array().map(Vec::len) == Some(batch.legs.len()) &&
			settled[0]["batch_ref"] == format!("0x{}", hex::encode(batch.batch_ref.0)),
		"the settlement, its reference and its legs: {settlements}"
	);
	for kind in ["Issue", "Controller", "Transfer", "Settlement"] {
		let moves = get_json(port, &format!("/api/movements?token={token}&kind={kind}&limit=1")).await?;
		ensure!(moves["movements"].as_array().is_some_and(|m| !m.is_empty()), "no {kind} movement indexed");
	}
	let (code, csv) = get(port, &format!("/api/tokens/{token}/cap-table.csv")).await?;
	ensure!(code == 200 && csv.lines().count() == ACCOUNTS + 1, "CSV: {code}\n{csv}");
	let at_genesis = get_json(port, &format!("/api/tokens/{token}/cap-table?block=0")).await?;
	ensure!(at_genesis["total"] == (ACCOUNTS as u128 * HOLDING).to_string(), "cap table at genesis: {at_genesis}");
	check_page(port, token, dir.logs())?;
	let (code, _) = get(port, "/api/tokens/NOPE/cap-table").await?;
	ensure!(code == 404, "an unknown token is 404, got {code}");
	let (code, _) = get(port, &format!("/api/tokens/{token}/cap-table?date=2026-13-01")).await?;
	ensure!(code == 400, "a bad date is 400, got {code}");
	drop(live);

	// A crash before a commit, then a rerun: the same database as a clean run.
	let height = finalized;
	let clean_db = format!("sqlite://{}", dir.path().join("clean.db").display());
	index_until(&clean_db, &url, height, &log)?;
	let crashed_db = format!("sqlite://{}", dir.path().join("crashed.db").display());
	let status = indexer(&crashed_db, &["run", "--url", &url, "--until", &height.to_string(), "--batch", "25"], &log)?
		.env("STO_INDEXER_CRASH_BEFORE_COMMIT", (height / 2).to_string())
		.status()?;
	ensure!(!status.success(), "the injected crash stops the run");
	let partial = Store::open(&crashed_db).await?.cursor().await?.map(|c| c.height).unwrap_or(0);
	ensure!(partial < height / 2, "nothing of the crashed batch was committed: cursor at #{partial}");
	index_until(&crashed_db, &url, height, &log)?;
	let clean = Store::open(&clean_db).await?.dump().await?;
	ensure!(clean == Store::open(&crashed_db).await?.dump().await?, "the rerun after a crash differs from a clean run");

	// PostgreSQL: the same rows, and no difference with the chain.
	let postgres = Postgres::start(dir.path())?;
	index_until(&postgres.url(), &url, height, &log)?;
	let status = indexer(&postgres.url(), &["reconcile", "--url", &url], &log)?.status()?;
	ensure!(status.success(), "reconcile on PostgreSQL failed ({status}); see {}", log.display());
	let in_postgres = Store::open(&postgres.url()).await?.dump().await?;
	if clean != in_postgres {
		let first = clean.lines().zip(in_postgres.lines()).find(|(a, b)| a != b);
		bail!("PostgreSQL and SQLite hold different rows; first difference: {first:?}");
	}
	eprintln!("[cap-table] {} lines of rows identical in SQLite and PostgreSQL up to #{height}", clean.lines().count());
	Ok(())
}
