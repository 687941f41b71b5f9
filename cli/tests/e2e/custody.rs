//! Custody settlement end to end, through the `sto` command-line tool, on a real `--dev` node:
//!
//! - identities registered by the KYC provider (one with `sto identity register`), claims
//!   (`sto identity claim`), a token created, activated, partitioned, issued and ruled with
//!   `sto token …`;
//! - two exchanges (X and Y) registered as custodians by governance (X through Sudo, Y through
//!   a council motion: `sto council propose`, `vote`, `close`; a non-member refused, an early
//!   close refused before anything is sent), four
//!   investors each with a wallet at both exchanges (two wallets of one identity), venue
//!   bindings and mandates at both exchanges, a token with compliance rules (KYC for
//!   receivers, at most 1,000 per identity over all its wallets);
//! - exchange X settles a batch file of matched trades with cash legs (`sto custody preview`,
//!   `sto custody settle`); exchange Y settles its matched trades through the adapter
//!   (`sto exchange trade`, `sto exchange settle`), whose reconciliation shows no difference,
//!   and the chain's `state_call` answers an identity's holding as documented;
//! - a batch with one leg that breaks the identity-level maximum balance (the receiver's
//!   wallet at X is far below it, its identity is not) is refused as a whole, by the preview
//!   and by the chain, the error naming leg 1 and the rule; nothing moves;
//! - the preview names an unverified receiver and an exhausted mandate; a batch above
//!   `Custody.MaxLegs` and a malformed batch are refused before anything is sent; a book that
//!   differs from the chain is reported.

use anyhow::{anyhow, ensure, Result};
use crate::common::{address, sto, sto_fails, sto_json, text};
use serde_json::{json, Value as Json};
use std::path::Path;
use sto_harness::{
	chain::{add_kyc, call_data, fund, keypair, link_wallet, register_identities, submit_batch_finalized, UNIT},
	dev_chain,
	sto_client::runtime::api,
	subxt_signer::sr25519::{self, Keypair},
	TestDir,
};

/// The cash asset exchange X pays sellers in.
const CASH: u32 = 7;

fn write_json(dir: &Path, name: &str, value: &Json) -> Result<String> {
	let path = dir.join(name);
	std::fs::write(&path, serde_json::to_string_pretty(value)?)?;
	Ok(path.display().to_string())
}

fn leg(token: u64, from: &Keypair, to: &Keypair, amount: u128) -> Json {
	json!({"token": token, "partition": 0, "from": address(from), "to": address(to), "amount": amount.to_string()})
}

/// Each identity's holding of `token` (`sto custody holdings`).
async fn holdings(url: &str, token: u64, identities: &[u64]) -> Result<Vec<u128>> {
	let mut args = vec!["custody".to_string(), "holdings".into(), token.to_string()];
	args.extend(identities.iter().map(|id| id.to_string()));
	let refs: Vec<&str> = args.iter().map(String::as_str).collect();
	let shown = sto_json(url, None, &refs).await?;
	shown
		.as_array()
		.ok_or_else(|| anyhow!("holdings: {shown}"))?
		.iter()
		.map(|line| line["holding"].as_u64().map(u128::from).ok_or_else(|| anyhow!("holding: {line}")))
		.collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn exchanges_settle_batches_through_the_sto_tool() -> Result<()> {
	let started = std::time::Instant::now();
	let (_dir, node, chain) = dev_chain("custody").await?;
	let client = chain.client().clone();
	let url = node.spec.rpc_url();
	let files = TestDir::new("custody-files");
	let dir = files.path();

	let ferdie = sr25519::dev::ferdie();
	let issuer = keypair("//E2E-custody-issuer")?;
	let exchange_x = keypair("//E2E-exchange-x")?;
	let exchange_y = keypair("//E2E-exchange-y")?;
	let outsider = keypair("//E2E-custody-unverified")?;
	let at_x: Vec<Keypair> = (0..4).map(|i| keypair(&format!("//E2E-investor-{i}-at-x"))).collect::<Result<_>>()?;
	let at_y: Vec<Keypair> = (0..4).map(|i| keypair(&format!("//E2E-investor-{i}-at-y"))).collect::<Result<_>>()?;
	let suri_x = "//E2E-exchange-x";
	let suri_y = "//E2E-exchange-y";
	let suri_issuer = "//E2E-custody-issuer";

	// --- Identities: the issuer, both exchanges and the investors (primary wallet at X, the
	// wallet at Y linked) are verified; the outsider has an identity without KYC.
	let mut funded: Vec<&Keypair> = vec![&issuer, &exchange_x, &exchange_y];
	funded.extend(at_x.iter().chain(&at_y));
	let mut registered: Vec<&Keypair> = vec![&issuer, &exchange_x, &exchange_y];
	registered.extend(at_x.iter());
	let (_, ids) = tokio::try_join!(fund(&chain, &funded, 100 * UNIT), register_identities(&chain, &ferdie, &registered))?;
	let [issuer_id, x_id, y_id, ..] = ids[..] else { return Err(anyhow!("identities: {ids:?}")) };
	let investors: Vec<u64> = ids[3..].to_vec();
	let mut verified = vec![issuer_id, x_id, y_id];
	verified.extend(&investors);
	let cash = vec![
		call_data(&client, &api::transactions().assets().create(CASH, exchange_x.public_key().to_address::<()>(), 1)).await?,
		call_data(&client, &api::transactions().assets().mint(CASH, exchange_x.public_key().to_address::<()>(), 1_000_000)).await?,
	];
	tokio::try_join!(
		add_kyc(&chain, &ferdie, &verified),
		link_wallet(&chain, &at_x[0], &at_y[0], investors[0]),
		link_wallet(&chain, &at_x[1], &at_y[1], investors[1]),
		link_wallet(&chain, &at_x[2], &at_y[2], investors[2]),
		link_wallet(&chain, &at_x[3], &at_y[3], investors[3]),
		async { submit_batch_finalized(&chain, &cash, &exchange_x).await.map(|_| ()) },
	)?;
	eprintln!("[{:>3}s] identities, wallets and cash ready", started.elapsed().as_secs());

	// --- Governance registers both exchanges, X through Sudo, Y through a council motion (as
	// on the consortium chain, which has no sudo), while the issuer creates the token and the
	// KYC provider adds a claim, all with `sto`. Set-up steps return once in a best block
	// (`--in-block`): the next step of the same signer follows with the next nonce; the council
	// steps wait for finality (each reads the motion at the finalized block).
	let wallet_y = address(&exchange_y);
	let (registered, (motion, motion_hash), created, _) = tokio::try_join!(
		sto_json(&url, Some("//Alice"), &["--in-block", "custody", "register-custodian", &address(&exchange_x), "--roles", "ats,clearing"]),
		async {
			let printed =
				sto_json(&url, None, &["custody", "register-custodian", &wallet_y, "--roles", "ats,clearing", "--print-call"]).await?;
			let call = printed["call"].as_str().ok_or_else(|| anyhow!("call data: {printed}"))?.to_string();
			let hash = printed["hash"].as_str().ok_or_else(|| anyhow!("call hash: {printed}"))?.to_string();
			// Charlie is no member; Alice (a member of the dev council of two) proposes; closing
			// with one aye of the two needed is refused before anything is sent.
			let (_, error) = sto_fails(&url, Some("//Charlie"), &["council", "propose", &call]).await?;
			ensure!(error.contains("is not a member of the council"), "{error}");
			let proposed = sto_json(&url, Some("//Bob"), &["council", "propose", &call]).await?;
			ensure!(proposed["hash"] == json!(hash) && proposed["threshold"] == json!(2), "proposed: {proposed}");
			sto_json(&url, Some("//Bob"), &["council", "vote", &hash, "--aye"]).await?;
			let (_, error) = sto_fails(&url, Some("//Charlie"), &["council", "close", &hash]).await?;
			ensure!(error.contains("has 1 of 2 ayes"), "{error}");
			let motions = sto_json(&url, None, &["council", "motions"]).await?;
			let motion = motions
				.as_array()
				.and_then(|all| all.iter().find(|m| m["hash"] == json!(hash)))
				.cloned()
				.ok_or_else(|| anyhow!("the motion is open: {motions}"))?;
			ensure!(
				motion["ayes"].as_array().map(Vec::len) == Some(1) &&
					motion["call_text"].as_str().is_some_and(|t| t.contains("register_custodian")),
				"one aye, the call readable: {motion}"
			);
			Ok::<_, anyhow::Error>((motion, hash))
		},
		sto_json(
			&url,
			Some(suri_issuer),
			&["--in-block", "token", "create", "--symbol", "OFFICE", "--name", "Office Porto", "--instrument", "real-estate", "--controllable"],
		),
		async {
			// The KYC provider (a registrar) adds a claim, then registers the outsider, who
			// consents with its own key; the outsider gets no KYC claim.
			sto_json(
				&url,
				Some("//Ferdie"),
				&["--in-block", "identity", "claim", &investors[0].to_string(), "jurisdiction:DE", "--evidence", "residence file 0"],
			)
			.await?;
			let outsider_key = "//E2E-custody-unverified";
			sto_json(&url, Some("//Ferdie"), &["--in-block", "identity", "register", &address(&outsider), "--primary-suri", outsider_key])
				.await
		},
	)?;
	ensure!(registered["custodians"] == json!([x_id]), "X registered: {registered}");
	// The second member's aye approves the motion; anyone closes it, which registers Y.
	sto_json(&url, Some("//Alice"), &["council", "vote", &motion_hash, "--aye"]).await?;
	let executed = sto_json(&url, Some("//Charlie"), &["council", "close", &motion_hash]).await?;
	ensure!(executed["executed"] == json!(true), "the motion {motion} executed: {executed}");
	let y = sto_json(&url, None, &["custody", "custodian", &y_id.to_string()]).await?;
	ensure!(y.to_string().contains("Active"), "Y registered by the council: {y}");
	let token = created["token"].as_u64().ok_or_else(|| anyhow!("token id: {created}"))?;
	let token_arg = token.to_string();

	// --- The token activated; each investor binds its venue accounts at X and at Y (from its
	// wallet there), then grants each exchange a mandate (cap 400; X's every partition for 30
	// days, Y's partition 0 without expiry) while the issuer issues (500 at X, 300 at Y per
	// investor: 800 per identity).
	let investor_steps = |venue: &'static str, custodian: u64| {
		(0..4)
			.map(|i| {
				let url = url.clone();
				let token_arg = token_arg.clone();
				tokio::spawn(async move {
					let suri = format!("//E2E-investor-{i}-at-{venue}");
					let account = format!("{}-{}", venue.to_uppercase(), 1001 + i);
					let custodian = custodian.to_string();
					sto_json(&url, Some(&suri), &["--in-block", "custody", "bind", &custodian, "--account", &account]).await?;
					let mut grant = vec!["--in-block", "custody", "grant", &custodian, &token_arg, "--cap", "400"];
					grant.extend(if venue == "x" { ["--expires-in", "30d"] } else { ["--partition", "0"] });
					sto_json(&url, Some(&suri), &grant).await
				})
			})
			.collect::<Vec<_>>()
	};
	let mut steps = investor_steps("x", x_id);
	steps.extend(investor_steps("y", y_id));
	sto_json(&url, Some(suri_issuer), &["--in-block", "token", "status", &token_arg, "active"]).await?;
	let partition = sto_json(&url, Some(suri_issuer), &["--in-block", "token", "partition", &token_arg, "class B", "--non-voting"]).await?;
	ensure!(partition["partition"] == json!(1), "a second partition: {partition}");
	let mut issue_args = vec!["--in-block".to_string(), "token".into(), "issue".into(), token_arg.clone()];
	for (x, y) in at_x.iter().zip(&at_y) {
		issue_args.extend(["--to".into(), format!("{}=500", address(x)), "--to".into(), format!("{}=300", address(y))]);
	}
	let refs: Vec<&str> = issue_args.iter().map(String::as_str).collect();
	sto_json(&url, Some(suri_issuer), &refs).await?;

	// --- Rules (a file: KYC for receivers, at most 1,000 per identity), waiting for finality.
	let rules = write_json(dir, "rules.json", &json!([
		{ "claims": { "side": "receiver", "requirement": "all_of", "topics": ["kyc"], "issuers": "trusted" } },
		{ "max_balance": "1000" }
	]))?;
	for step in steps {
		step.await??;
	}
	// Blocks are finalized in order: once this is final, every step before it is.
	let set = sto_json(&url, Some(suri_issuer), &["token", "rules", &token_arg, "--file", &rules]).await?;
	ensure!(set["rules"] == json!(2), "two rules: {set}");
	ensure!(holdings(&url, token, &investors).await? == vec![800; 4], "800 per identity before trading");
	let capacity = sto_json(&url, None, &["custody", "capacity", &investors[0].to_string(), &x_id.to_string(), &token_arg]).await?;
	ensure!(capacity["capacity"] == json!(400), "a fresh mandate: {capacity}");
	let binding = sto_json(&url, None, &["custody", "binding", &address(&at_y[2]), &y_id.to_string()]).await?;
	ensure!(binding["binding"]["mandates"] == json!(1), "one mandate at Y: {binding}");
	eprintln!("[{:>3}s] issued, rules set, mandates granted", started.elapsed().as_secs());

	// --- Exchange X: a batch file of its matched trades, delivery versus payment.
	let batch_x = write_json(dir, "batch-x.json", &json!({
		"batch_ref": "venue-x/2026-11-22/1",
		"legs": [leg(token, &at_x[0], &at_x[1], 70), leg(token, &at_x[0], &at_x[3], 30), leg(token, &at_x[2], &at_x[3], 20)],
		"cash_legs": [
			{ "asset": CASH, "from": address(&exchange_x), "to": address(&at_x[0]), "amount": "5000" },
			{ "asset": CASH, "from": address(&exchange_x), "to": address(&at_x[2]), "amount": "1000" }
		]
	}))?;
	let previewed = sto_json(&url, Some(suri_x), &["custody", "preview", &batch_x]).await?;
	ensure!(previewed["settles"] == json!(true) && previewed["legs"].as_array().map(Vec::len) == Some(3), "preview: {previewed}");

	// --- Exchange Y: the adapter's ledger (its book); matched trades recorded with `sto`.
	let ledger = json!({
		"venue": "Exchange Y",
		"accounts": (0..4).map(|i| json!({
			"account": format!("Y-{}", 1001 + i),
			"wallet": address(&at_y[i]),
			"positions": [{ "token": token, "partition": 0, "quantity": "300" }]
		})).collect::<Vec<_>>(),
		"trades": []
	});
	let ledger_y = write_json(dir, "ledger-y.json", &ledger)?;
	sto_json(&url, None, &["exchange", "trade", &ledger_y, "--token", &token_arg, "Y-1001:Y-1002:40", "Y-1003:Y-1001:15", "Y-1002:Y-1004:25"])
		.await?;
	let netted = sto_json(&url, None, &["exchange", "net", &ledger_y]).await?;
	ensure!(netted["legs"].as_array().map(Vec::len) == Some(2), "three trades net to two legs: {netted}");

	// Both exchanges settle at once.
	let (settled_x, settled_y) = tokio::try_join!(
		sto_json(&url, Some(suri_x), &["custody", "settle", &batch_x]),
		sto_json(&url, Some(suri_y), &["exchange", "settle", &ledger_y]),
	)?;
	let events = settled_x["events"].as_array().ok_or_else(|| anyhow!("events: {settled_x}"))?;
	let named = |name: &str| events.iter().filter(|e| e["event"] == json!(format!("Custody.{name}"))).count();
	ensure!(named("LegSettled") == 3 && named("CashLegSettled") == 2 && named("BatchSettled") == 1, "X's events: {settled_x}");
	let moved = events.iter().filter(|e| e["event"] == json!("SecurityToken.Moved")).count();
	ensure!(moved == 3, "each leg moved through the token: {settled_x}");
	let at = events.iter().position(|e| e["event"] == json!("Custody.LegSettled")).ok_or_else(|| anyhow!("no leg"))?;
	let (first_move, first_leg) = (&events[at.saturating_sub(1)], &events[at]);
	ensure!(
		first_move["event"] == json!("SecurityToken.Moved") &&
			first_move["from"] == json!(address(&at_x[0])) &&
			first_move["amount"] == json!(70),
		"the leg's Moved, before its LegSettled, names the wallets and the amount: {first_move}"
	);
	ensure!(first_leg["leg"] == json!(0) && first_leg["investor"] == json!(investors[0]), "LegSettled names the investor: {first_leg}");
	ensure!(first_leg["mandate_remaining"] == json!(330), "the mandate is consumed: {first_leg}");
	ensure!(settled_y["reconciliation"]["differences"] == json!(0), "Y's book agrees: {settled_y}");
	// 800 −100 / +70 / −20 / +50 at X, −25 / +15 / −15 / +25 at Y.
	let after = holdings(&url, token, &investors).await?;
	ensure!(after == vec![675, 885, 765, 875], "holdings after both batches: {after:?}");
	// The same read as a client without `sto` makes it: JSON-RPC `state_call` with the SCALE
	// arguments (token u32, identity u64, little-endian), answering a u128 (docs/CUSTODY.md).
	let rpc = node.rpc_client().await?;
	let arguments = format!("0x{}{}", hex::encode((token as u32).to_le_bytes()), hex::encode(investors[0].to_le_bytes()));
	let answer: String = rpc
		.request("state_call", sto_harness::subxt::rpcs::rpc_params!["CustodyApi_identity_holding", &arguments])
		.await?;
	let answer: [u8; 16] = hex::decode(answer.trim_start_matches("0x"))?.try_into().map_err(|_| anyhow!("a u128"))?;
	ensure!(u128::from_le_bytes(answer) == 675, "state_call answers the holding: {answer:?}");
	eprintln!("state_call CustodyApi_identity_holding {arguments} (token {token}, identity {}) = 675", investors[0]);
	let cash_balance: Option<Json> = {
		let shown = sto_json(&url, None, &["token", "balance", &token_arg, &address(&at_x[3])]).await?;
		shown["holdings"].as_array().and_then(|h| h.first()).map(|h| h["balance"].clone())
	};
	ensure!(cash_balance == Some(json!(550)), "investor 3's wallet at X: {cash_balance:?}");
	let capacity = sto_json(&url, None, &["custody", "capacity", &address(&at_x[0]), &x_id.to_string(), &token_arg]).await?;
	ensure!(capacity["capacity"] == json!(300), "X moved 100 under investor 0's mandate: {capacity}");
	let reconciled = sto_json(&url, None, &["exchange", "reconcile", &ledger_y]).await?;
	ensure!(reconciled["differences"] == json!(0), "Y reconciles with no difference: {reconciled}");
	let table = sto(&url, None, &["exchange", "reconcile", &ledger_y]).await?;
	ensure!(table.status.success(), "reconcile: {}", text(&table.stderr));
	eprintln!("sto exchange reconcile {ledger_y}:\n{}", text(&table.stdout));
	let book: Json = serde_json::from_str(&std::fs::read_to_string(&ledger_y)?)?;
	ensure!(
		book["trades"].as_array().is_some_and(|t| t.iter().all(|t| t["settled_in"].is_string())) &&
			book["settlements"].as_array().map(Vec::len) == Some(1),
		"the book records the settlement: {book}"
	);
	// Settling the same trades again finds nothing pending.
	let (_, error) = sto_fails(&url, Some(suri_y), &["exchange", "settle", &ledger_y]).await?;
	ensure!(error.contains("no pending trades"), "{error}");
	eprintln!("[{:>3}s] both exchanges settled, Y reconciled", started.elapsed().as_secs());

	// --- A batch with one leg breaking the identity-level maximum: investor 3's wallet at X
	// holds 550, its identity 875; 150 more would make 1,025 > 1,000. Refused as a whole.
	let bad = write_json(dir, "batch-bad.json", &json!({
		"batch_ref": "venue-x/2026-11-22/2",
		"legs": [leg(token, &at_x[1], &at_x[2], 10), leg(token, &at_x[0], &at_x[3], 150), leg(token, &at_x[2], &at_x[1], 5)]
	}))?;
	let (table, error) = sto_fails(&url, Some(suri_x), &["custody", "preview", &bad]).await?;
	ensure!(error.contains("leg 1 refused: not compliant: MaxBalance") && error.contains("rule #1"), "preview error: {error}");
	ensure!(table.lines().filter(|l| l.contains("settles")).count() >= 2, "the other legs settle in the table: {table}");
	eprintln!("sto custody preview {bad}:\n{table}{error}");
	let (_, error) = sto_fails(&url, Some(suri_x), &["custody", "settle", &bad]).await?;
	ensure!(error.contains("leg 1 refused: not compliant: MaxBalance") && error.contains("nothing was submitted"), "{error}");
	// Without the preview the chain refuses it: the same leg and rule, from the dispatch error.
	let (_, error) = sto_fails(&url, Some(suri_x), &["custody", "settle", &bad, "--no-preview"]).await?;
	ensure!(error.contains("leg 1 refused: not compliant: MaxBalance") && error.contains("nothing moved"), "{error}");
	eprintln!("sto custody settle --no-preview: {error}");
	ensure!(holdings(&url, token, &investors).await? == after, "nothing moved");
	let capacity = sto_json(&url, None, &["custody", "capacity", &investors[0].to_string(), &x_id.to_string(), &token_arg]).await?;
	ensure!(capacity["capacity"] == json!(300), "no mandate consumed: {capacity}");
	eprintln!("[{:>3}s] the non-compliant batch was refused as a whole", started.elapsed().as_secs());

	// --- The example adapter (exchange/examples/exchange_adapter.rs) runs a settlement cycle of
	// Y's book: investor 3 sells 10 to investor 2. Meanwhile the issuer anchors a document.
	let prospectus = dir.join("prospectus.pdf");
	std::fs::write(&prospectus, b"%PDF-1.7 prospectus of Office Porto")?;
	let prospectus_arg = prospectus.display().to_string();
	let example = std::env::current_exe()?
		.parent()
		.and_then(Path::parent)
		.map(|release| release.join("examples").join("exchange_adapter"))
		.filter(|path| path.is_file());
	let adapter = {
		let (url, ledger_y) = (url.clone(), ledger_y.clone());
		async move {
			let Some(example) = example else {
				eprintln!("exchange_adapter example not built (cargo test -p sto-exchange builds it): not run");
				return Ok(false);
			};
			let output = tokio::process::Command::new(example)
				.args([ledger_y.as_str(), "Y-1004:Y-1003:10"])
				.env("STO_URL", &url)
				.env("STO_SURI", suri_y)
				.output()
				.await?;
			ensure!(output.status.success(), "the example adapter failed: {}{}", text(&output.stderr), text(&output.stdout));
			eprintln!("exchange_adapter:\n{}", text(&output.stdout));
			Ok::<_, anyhow::Error>(true)
		}
	};
	let (ran, anchored) = tokio::try_join!(
		adapter,
		sto_json(
			&url,
			Some(suri_issuer),
			&["token", "document", &token_arg, "prospectus", "--uri", "https://issuer.example/p.pdf", "--file", &prospectus_arg],
		),
	)?;
	if ran {
		let now = holdings(&url, token, &investors).await?;
		ensure!(now == vec![675, 885, 775, 865], "the example settled investor 3's sale: {now:?}");
		let reconciled = sto_json(&url, None, &["exchange", "reconcile", &ledger_y]).await?;
		ensure!(reconciled["differences"] == json!(0), "Y's book after the example: {reconciled}");
	}

	// --- The preview names every failing leg: an unverified receiver, an exhausted mandate.
	let checks = write_json(dir, "batch-checks.json", &json!({
		"batch_ref": "venue-x/checks",
		"legs": [leg(token, &at_x[1], &outsider, 5), leg(token, &at_x[2], &at_x[1], 390), leg(token, &at_x[1], &at_x[0], 1)]
	}))?;
	let output = sto(&url, Some(suri_x), &["--json", "custody", "preview", &checks]).await?;
	ensure!(output.status.code() == Some(1), "a failing preview exits 1");
	let verdicts: Json = serde_json::from_slice(&output.stdout)?;
	let reason = |i: usize| verdicts["legs"][i]["reason"].as_str().unwrap_or_default().to_string();
	ensure!(reason(0).contains("leg 0 refused by the token: ReceiverNotVerified(Missing)"), "leg 0: {verdicts}");
	ensure!(reason(1).contains("leg 1 not authorized by a mandate: Exhausted"), "leg 1: {verdicts}");
	ensure!(verdicts["legs"][2]["settles"] == json!(true), "leg 2: {verdicts}");
	// Not a custodian: the whole batch is refused.
	let output = sto(&url, Some(suri_issuer), &["--json", "custody", "preview", &checks]).await?;
	let verdict: Json = serde_json::from_slice(&output.stdout)?;
	ensure!(verdict["batch"].as_str().is_some_and(|b| b.starts_with("NotCustodian")), "{verdict}");

	// --- Refused before anything is sent: too many legs, a malformed file.
	let too_many: Vec<Json> = (0..129).map(|_| leg(token, &at_x[1], &at_x[2], 1)).collect();
	let big = write_json(dir, "batch-big.json", &json!({"batch_ref": "venue-x/big", "legs": too_many}))?;
	let (_, error) = sto_fails(&url, Some(suri_x), &["custody", "settle", &big]).await?;
	ensure!(error.contains("129 token legs") && error.contains("at most 128") && error.contains("Custody.MaxLegs"), "{error}");
	let malformed = write_json(dir, "batch-malformed.json", &json!({
		"batch_ref": "venue-x/3",
		"legs": [{"token": token, "from": address(&at_x[0]), "to": address(&at_x[1]), "amount": "12.5"}]
	}))?;
	// No node answers at this URL: the file is refused first.
	let (_, error) = sto_fails("ws://127.0.0.1:9", Some(suri_x), &["custody", "settle", &malformed]).await?;
	ensure!(error.contains("legs[0].amount: not a whole amount"), "{error}");

	// --- A book that differs from the chain is reported.
	let mut wrong: Json = serde_json::from_str(&std::fs::read_to_string(&ledger_y)?)?;
	wrong["accounts"][0]["positions"][0]["quantity"] = json!("999");
	let wrong_ledger = write_json(dir, "ledger-wrong.json", &wrong)?;
	let (report, error) = sto_fails(&url, None, &["exchange", "reconcile", &wrong_ledger]).await?;
	ensure!(error.contains("differs from the chain") && report.contains("<-- differs"), "{error}\n{report}");

	// --- What anyone reads about an investor: two wallets, verified, resident in Germany.
	let shown = sto_json(&url, None, &["identity", "show", &address(&at_y[0])]).await?;
	ensure!(
		shown["identity"] == json!(investors[0]) &&
			shown["wallets"].as_array().map(Vec::len) == Some(2) &&
			shown["verified"] == json!(true) &&
			shown["jurisdiction"] == json!("DE"),
		"identity show: {shown}"
	);
	let shown = sto_json(&url, None, &["identity", "show", &address(&outsider)]).await?;
	ensure!(shown["verified"] == json!(false), "the outsider is not verified: {shown}");

	// --- The issuer's document is anchored; a signing command without a key says so.
	let shown = sto_json(&url, None, &["token", "show", &token_arg]).await?;
	ensure!(shown.to_string().contains(anchored["hash"].as_str().unwrap_or("?")), "the document's hash is anchored: {shown}");
	let (_, error) = sto_fails(&url, None, &["custody", "revoke", &x_id.to_string(), &token_arg]).await?;
	ensure!(error.contains("--suri or set STO_SURI"), "{error}");
	eprintln!("[{:>3}s] done", started.elapsed().as_secs());
	Ok(())
}
