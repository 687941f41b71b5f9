//! Brokerage-account onboarding by QR code, end to end: the two validators of the `local` chain
//! (Alice and Bob), the exchange's onboarding service (`sto-exchange serve`) and a real headless
//! Chromium on loopback; `sto` acts as the investor's wallet.
//!
//! - The exchange (a custodian registered through Sudo) has one active account, Y-1001, bound
//!   with a mandate. Its login hands account Y-1002 to the sign-up page.
//! - The investor names a wallet that has no identity yet: the page says so and how to get
//!   one. The KYC provider registers the identity and its KYC claim; the investor comes back to
//!   the same page, names the wallet again, and the page shows a code.
//! - The code is read from a screenshot of the page (decoded as a QR code, not from the page's
//!   source). The same request altered to another chain is refused by the wallet, which tells
//!   the exchange: the page shows why. Then `sto custody onboard <screenshot>` signs and submits
//!   the binding with its salted reference and the mandate. Bob's node is stopped first, so
//!   GRANDPA (two of two votes) cannot finalize while Alice keeps producing blocks: the page
//!   stays at "in a block". Bob's node comes back, the block becomes final and the page moves
//!   to "confirm" (showing the identity and wallet that signed), the investor confirms, the page
//!   shows "active" and the ledger holds Y-1002 with the wallet.
//! - The same code replayed is refused (the exchange says it was used); a code that expired is
//!   refused (the page and the wallet both say so).
//! - The exchange settles a trade of Y-1002 under the new mandate (`sto exchange settle`).
//!
//! A screenshot of each page state is kept in the test's log directory.

use crate::common::{address, sto_fails, sto_json};
use anyhow::{anyhow, ensure, Context, Result};
use serde_json::{json, Value as Json};
use std::{
	path::Path,
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};
use sto_harness::{
	browser::Browser,
	chain::{add_kyc, fund, keypair, register_identities, UNIT},
	free_port, node_key,
	sto_client::onboarding::{read_qr_png, Request},
	subxt_signer::sr25519,
	workspace_binary, Node, NodeSpec, TestDir, BOOTNODE_PEER_ID,
};

/// `sto-exchange serve`, killed when dropped.
struct Exchange(Child);

impl Drop for Exchange {
	fn drop(&mut self) {
		let _ = self.0.kill();
		let _ = self.0.wait();
	}
}

const ADMIN_TOKEN: &str = "e2e-admin-token-0123456789";

/// `method path` on the service with a JSON body: status and JSON answer.
async fn http(port: u16, method: &str, path: &str, body: Option<&Json>, admin: bool) -> Result<(u16, Json)> {
	use tokio::io::{AsyncReadExt, AsyncWriteExt};
	let body = body.map(Json::to_string).unwrap_or_default();
	let auth = if admin { format!("Authorization: Bearer {ADMIN_TOKEN}\r\n") } else { String::new() };
	let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
	let request = format!(
		"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
		body.len()
	);
	stream.write_all(request.as_bytes()).await?;
	let mut response = Vec::new();
	stream.read_to_end(&mut response).await?;
	let text = String::from_utf8(response)?;
	let (head, body) = text.split_once("\r\n\r\n").ok_or_else(|| anyhow!("malformed HTTP response"))?;
	let code = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
	Ok((code, serde_json::from_str(body).unwrap_or(Json::Null)))
}

async fn post(port: u16, path: &str, body: &Json) -> Result<Json> {
	let (code, answer) = http(port, "POST", path, Some(body), false).await?;
	ensure!(code == 200 || code == 204, "POST {path}: {code} {answer}");
	Ok(answer)
}

async fn status(port: u16, session: &str) -> Result<Json> {
	let (code, answer) = http(port, "GET", &format!("/api/onboard/{session}"), None, false).await?;
	ensure!(code == 200, "GET the session: {code} {answer}");
	Ok(answer)
}

/// Until the page's state is `state` (the service follows the chain every second).
async fn wait_for_state(port: u16, session: &str, state: &str) -> Result<Json> {
	let started = Instant::now();
	loop {
		let now = status(port, session).await?;
		if now["state"] == state {
			return Ok(now);
		}
		ensure!(started.elapsed() < Duration::from_secs(90), "the page did not reach {state}: {now}");
		tokio::time::sleep(Duration::from_millis(300)).await;
	}
}

/// The page as the browser renders it: its DOM must show `state` and contain every one of
/// `shown`; a screenshot is kept as `name`.
fn page(browser: &Browser, port: u16, session: &str, state: &str, shown: &[&str], logs: &Path, name: &str) -> Result<()> {
	let url = format!("http://127.0.0.1:{port}/onboard/{session}");
	let dom = browser.dom(&url)?;
	ensure!(dom.contains(&format!("data-state=\"{state}\"")), "the page is not in state {state}:\n{dom}");
	for text in shown {
		ensure!(dom.contains(text), "the page in state {state} does not show {text:?}:\n{dom}");
	}
	let path = logs.join(name);
	browser.screenshot(&url, &path)?;
	eprintln!("[onboarding] page state {state}: {}", path.display());
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_investor_links_a_brokerage_account_by_scanning_the_sign_up_code() -> Result<()> {
	// Two validators: stopping one holds finality (GRANDPA needs both votes).
	let dir = TestDir::new("onboarding");
	let spec = dir.test_chain("local")?;
	// Alice authors without peers (`--force-authoring`) while Bob's node is down.
	let alice = NodeSpec::new("alice", &spec, &dir).validator("//Alice").node_key(&node_key(0)).arg("--force-authoring");
	let bootnode = alice.multiaddr(BOOTNODE_PEER_ID);
	let node = Node::start(alice).await?;
	let mut bob = Node::start(NodeSpec::new("bob", &spec, &dir).validator("//Bob").node_key(&node_key(1)).bootnode(bootnode)).await?;
	node.wait_for_finalized(1, Duration::from_secs(60)).await?;
	let chain = node.sto().await?;
	let url = node.spec.rpc_url();
	let logs = dir.logs().to_path_buf();
	let files = TestDir::new("onboarding-files");

	let ferdie = sr25519::dev::ferdie();
	let issuer = keypair("//E2E-onboarding-issuer")?;
	let exchange = keypair("//E2E-onboarding-exchange")?;
	let holder = keypair("//E2E-onboarding-holder")?;
	let investor = keypair("//E2E-onboarding-investor")?;
	let (suri_issuer, suri_exchange, suri_holder, suri_investor) =
		("//E2E-onboarding-issuer", "//E2E-onboarding-exchange", "//E2E-onboarding-holder", "//E2E-onboarding-investor");

	// --- The chain: identities (the investor has none yet), the custodian, a token, Y-1001.
	fund(&chain, &[&issuer, &exchange, &holder, &investor], 100 * UNIT).await?;
	let ids = register_identities(&chain, &ferdie, &[&issuer, &exchange, &holder]).await?;
	let [_, exchange_id, _] = ids[..] else { return Err(anyhow!("identities: {ids:?}")) };
	add_kyc(&chain, &ferdie, &ids).await?;
	sto_json(&url, Some("//Alice"), &["--in-block", "custody", "register-custodian", &address(&exchange), "--roles", "broker,clearing"]).await?;
	let created = sto_json(
		&url,
		Some(suri_issuer),
		&["--in-block", "token", "create", "--symbol", "GARAGE", "--name", "Garage Lisbon", "--instrument", "real-estate", "--controllable"],
	)
	.await?;
	let token = created["token"].as_u64().ok_or_else(|| anyhow!("token id: {created}"))?.to_string();
	sto_json(&url, Some(suri_issuer), &["--in-block", "token", "status", &token, "active"]).await?;
	sto_json(&url, Some(suri_issuer), &["token", "issue", &token, "--to", &format!("{}=300", address(&holder))]).await?;
	let custodian = exchange_id.to_string();
	sto_json(&url, Some(suri_holder), &["--in-block", "custody", "bind", &custodian, "--account", "Y-1001"]).await?;
	sto_json(&url, Some(suri_holder), &["custody", "grant", &custodian, &token, "--cap", "400", "--partition", "0"]).await?;

	// --- The onboarding service.
	let ledger = files.path().join("ledger.json");
	std::fs::write(&ledger, serde_json::to_string_pretty(&json!({
		"venue": "Exchange Y",
		"accounts": [{ "account": "Y-1001", "wallet": address(&holder), "positions": [{ "token": token.parse::<u32>()?, "quantity": "300" }] }],
	}))?)?;
	let token_file = files.path().join("admin-token");
	std::fs::write(&token_file, ADMIN_TOKEN)?;
	let port = free_port();
	let log = std::fs::File::create(logs.join("sto-exchange.log"))?;
	let _service = Exchange(
		Command::new(workspace_binary("sto-exchange")?)
			.args(["serve", "--url", &url, "--custodian", &custodian, "--listen", &format!("127.0.0.1:{port}")])
			.arg("--ledger")
			.arg(&ledger)
			.arg("--state")
			.arg(files.path().join("onboarding.json"))
			.args(["--mandate", &format!("{token}:0:1000"), "--code-ttl", "300"])
			.arg("--admin-token-file")
			.arg(&token_file)
			.stdout(Stdio::null())
			.stderr(log)
			.spawn()
			.context("start sto-exchange")?,
	);
	let started = Instant::now();
	while http(port, "GET", "/health", None, false).await.map(|(code, _)| code).ok() != Some(200) {
		ensure!(started.elapsed() < Duration::from_secs(30), "the onboarding service did not start; see {}", logs.display());
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
	let browser = Browser::new(files.path())?;

	// The exchange's login hands a logged-in account over: only with the admin token.
	let (code, _) = http(port, "POST", "/api/sessions", Some(&json!({ "account": "Y-1002" })), false).await?;
	ensure!(code == 401, "a session without the admin token: {code}");
	let (code, created) = http(port, "POST", "/api/sessions", Some(&json!({ "account": "Y-1002" })), true).await?;
	ensure!(code == 200, "a session: {code} {created}");
	let session = created["session"].as_str().context("session id")?.to_string();
	page(&browser, port, &session, "enter-wallet", &["Y-1002", "Exchange Y"], &logs, "onboarding-1-enter-wallet.png")?;

	// --- No identity yet: the page says how to get one; the investor gets one and comes back.
	let wallet = address(&investor);
	post(port, &format!("/api/onboard/{session}/wallet"), &json!({ "wallet": wallet })).await?;
	page(&browser, port, &session, "no-identity", &["has no identity", "sto identity register"], &logs, "onboarding-2-no-identity.png")?;
	let investor_id = register_identities(&chain, &ferdie, &[&investor]).await?[0];
	add_kyc(&chain, &ferdie, &[investor_id]).await?;
	sto_json(&url, Some(suri_issuer), &["token", "issue", &token, "--to", &format!("{wallet}=500")]).await?;
	post(port, &format!("/api/onboard/{session}/wallet"), &json!({ "wallet": wallet })).await?;
	let shown = wait_for_state(port, &session, "waiting-wallet").await?;
	page(&browser, port, &session, "waiting-wallet", &["custody mandate", "at most 1000 units"], &logs, "onboarding-3-code.png")?;

	// --- The code, read from the screenshot as a wallet's camera would.
	let screenshot = logs.join("onboarding-3-code.png");
	let text = read_qr_png(&screenshot).context("the QR code in the page's screenshot")?;
	let request = Request::parse(&text)?;
	ensure!(text == shown["request"]["text"], "the QR code carries the request the page describes");
	ensure!(request.account == "Y-1002" && request.custodian == exchange_id && request.wallet == wallet, "the request: {text}");
	ensure!(!text.contains(&format!("{:?}", request.account_ref()?)), "the code carries the salt, not the reference");

	// Another chain's code: the wallet refuses it and tells the exchange, whose page shows it.
	let mut other = request.clone();
	other.chain = format!("0x{}", "42".repeat(32));
	let other_file = files.path().join("other-chain.json");
	std::fs::write(&other_file, other.to_text())?;
	let (_, error) = sto_fails(&url, Some(suri_investor), &["custody", "onboard", &other_file.display().to_string()]).await?;
	ensure!(error.contains("another chain"), "refused for another chain: {error}");
	page(&browser, port, &session, "waiting-wallet", &["refused this code", "another chain"], &logs, "onboarding-4-other-chain.png")?;

	// --- The wallet signs the binding and the mandate; the page follows the chain. Bob's node
	// stops first: the transaction's block cannot be finalized until it is back.
	bob.kill();
	let onboarded = sto_json(&url, Some(suri_investor), &["--in-block", "custody", "onboard", &screenshot.display().to_string()])
		.await?;
	ensure!(onboarded["account_ref"] == json!(format!("{:?}", request.account_ref()?)), "the salted reference: {onboarded}");
	let in_block = wait_for_state(port, &session, "in-block").await?;
	let number = in_block["request"]["in_block"].as_u64().ok_or_else(|| anyhow!("the block: {in_block}"))?;
	page(&browser, port, &session, "in-block", &[&format!("block #{number}"), "final"], &logs, "onboarding-5-in-block.png")?;
	let (_, finalized) = node.heights().await?;
	ensure!(finalized < number, "the block is not final while Bob is down: finalized #{finalized}, in block #{number}");
	bob.restart().await?;
	let confirm = wait_for_state(port, &session, "confirm").await?;
	ensure!(
		confirm["request"]["binding"]["identity"] == investor_id && confirm["request"]["binding"]["wallet"] == json!(wallet),
		"the identity and the wallet that signed: {confirm}"
	);
	page(&browser, port, &session, "confirm", &[&format!("#{investor_id}"), &wallet, "Is this you?"], &logs, "onboarding-6-confirm.png")?;
	let binding = sto_json(&url, None, &["custody", "binding", &wallet, &custodian]).await?;
	ensure!(binding["binding"]["account_ref"] == json!(format!("{:?}", request.account_ref()?)), "the chain holds the salted reference only: {binding}");
	ensure!(!binding.to_string().contains("Y-1002"), "the account id is not on chain: {binding}");

	let activated = post(port, &format!("/api/onboard/{session}/confirm"), &json!({ "mine": true })).await?;
	ensure!(activated["active"] == true, "activated: {activated}");
	page(&browser, port, &session, "active", &["is active", "Y-1002"], &logs, "onboarding-7-active.png")?;
	let book: Json = serde_json::from_str(&std::fs::read_to_string(&ledger)?)?;
	ensure!(
		book["accounts"].as_array().is_some_and(|a| a.iter().any(|a| a["account"] == "Y-1002" && a["wallet"] == json!(wallet))),
		"the ledger holds the new account: {book}"
	);

	// --- The code replayed: the exchange says it was used; the wallet refuses and says so.
	let (_, error) = sto_fails(&url, Some(suri_investor), &["custody", "onboard", &screenshot.display().to_string()]).await?;
	ensure!(error.contains("already used"), "a replayed code: {error}");
	page(&browser, port, &session, "active", &["refused this code", "already used"], &logs, "onboarding-8-replayed.png")?;

	// --- A code that expired (a session whose codes last one second).
	let (_, second) = http(port, "POST", "/api/sessions", Some(&json!({ "account": "Y-1003", "code_ttl_secs": 1 })), true).await?;
	let late = second["session"].as_str().context("session id")?.to_string();
	// A wallet already linked here is refused; the issuer's is not linked yet.
	let (code, answer) = http(port, "POST", &format!("/api/onboard/{late}/wallet"), Some(&json!({ "wallet": wallet })), false).await?;
	ensure!(code == 409 && answer.to_string().contains("already linked to account Y-1002"), "a linked wallet: {code} {answer}");
	post(port, &format!("/api/onboard/{late}/wallet"), &json!({ "wallet": address(&issuer) })).await?;
	let expired = wait_for_state(port, &late, "expired").await?;
	let expired_file = files.path().join("expired.json");
	std::fs::write(&expired_file, expired["request"]["text"].as_str().context("the expired code")?)?;
	let (_, error) = sto_fails(&url, Some(suri_issuer), &["custody", "onboard", &expired_file.display().to_string()]).await?;
	ensure!(error.contains("expired"), "an expired code: {error}");
	page(&browser, port, &late, "expired", &["expired", "refused this code"], &logs, "onboarding-9-expired.png")?;

	// --- The exchange settles a trade of the new account under its new mandate.
	let ledger_arg = ledger.display().to_string();
	sto_json(&url, None, &["exchange", "trade", &ledger_arg, "--token", &token, "Y-1002:Y-1001:40"]).await?;
	let settled = sto_json(&url, Some(suri_exchange), &["exchange", "settle", &ledger_arg]).await?;
	ensure!(settled["reconciliation"].to_string().contains("Y-1002"), "the trade settled and the book reconciles: {settled}");
	let book: Json = serde_json::from_str(&std::fs::read_to_string(&ledger)?)?;
	let position = |account: &str| {
		book["accounts"].as_array().and_then(|a| a.iter().find(|a| a["account"] == account)).map(|a| a["positions"][0]["quantity"].clone())
	};
	ensure!(position("Y-1002") == Some(json!("460")) && position("Y-1001") == Some(json!("340")), "the book after the trade: {book}");
	let capacity = sto_json(&url, None, &["custody", "capacity", &investor_id.to_string(), &custodian, &token]).await?;
	ensure!(capacity["capacity"] == json!(960), "the new mandate carried the trade (1000 - 40): {capacity}");
	Ok(())
}
