//! The exchange's onboarding service: the sign-up page where a logged-in venue account links
//! an investor identity on chain by one QR-code scan (`sto-exchange serve`, docs/CUSTODY.md,
//! "Onboarding by QR code").
//!
//! 1. The exchange's own login hands a logged-in account to the service
//!    (`POST /api/sessions`, with the admin token): a session, reached at `/onboard/<session>`.
//! 2. The investor names its wallet. The service reads the chain: a wallet without a verified
//!    identity is told how to get one (and comes back to the same page); otherwise the page
//!    shows a QR code carrying an onboarding request ([`sto_client::onboarding::Request`]): this
//!    chain, this custodian, the account, a one-time nonce with an expiry, and the mandate the
//!    exchange asks for, in words beside it.
//! 3. The wallet (`sto custody onboard`) asks the service whether the request is live, signs
//!    the binding (and the mandate) and reports what it did. Reports are shown, never trusted.
//! 4. The service follows the chain: a binding in a best block ("in a block"), then in a
//!    finalized block, where it reads which identity and which wallet signed. A binding whose
//!    salted reference matches no live request, or that lands after its request expired, is
//!    ignored. A binding by another identity than the wallet the investor named is refused.
//! 5. The page shows the identity and the wallet that signed and asks the investor to confirm.
//!    Only then, with the identity verified and the mandate active on chain, is the account
//!    activated: added to the exchange's ledger with its wallet. The salt (the request's
//!    nonce) is kept in the service's state file.

use crate::{Account, Ledger, Position};
use anyhow::{anyhow, bail, Context, Result};
use axum::{
	extract::{DefaultBodyLimit, Path as UrlPath, State},
	http::{header, HeaderMap, StatusCode},
	response::{Html, IntoResponse, Response},
	routing::{get, post},
	Json, Router,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::{
	collections::BTreeMap,
	path::{Path, PathBuf},
	sync::Arc,
	time::Duration,
};
use sto_client::{
	chain::{parse_account, Sto},
	custody, identity,
	onboarding::{MandateRequest, Refusal, Report, Request, VERSION},
	runtime::api,
};
use subxt::utils::{AccountId32, H256};
use tokio::sync::Mutex;

/// The most codes one sign-up session may ask for.
const MAX_CODES_PER_SESSION: usize = 20;

/// How the service runs.
#[derive(Clone, Debug)]
pub struct Config {
	/// The exchange's custodian identity on chain.
	pub custodian: u64,
	/// The exchange's ledger (accounts are added to it when activated).
	pub ledger: PathBuf,
	/// The service's own state (sessions, requests and their salts).
	pub state: PathBuf,
	/// How wallets reach this service (`http://host:port`), written into each request.
	pub public_url: String,
	/// The mandate asked for with each binding, if any.
	pub mandate: Option<MandateRequest>,
	/// How long a request stays valid.
	pub request_ttl: Duration,
	/// The bearer token of `POST /api/sessions` (the exchange's login system).
	pub admin_token: String,
}

/// A binding seen on chain for a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
	pub identity: u64,
	/// The wallet that signed the transaction.
	pub wallet: String,
	pub block: u64,
	pub timestamp_ms: u64,
}

/// Where a request is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestState {
	/// Shown, waiting for a wallet.
	Live,
	/// A binding with its reference is in a best block, not final yet.
	InBlock,
	/// The binding is final: the investor is asked to confirm.
	Final,
	/// Confirmed: the account is active.
	Active,
	/// Withdrawn: a new code was asked for, or the investor said the binding is not theirs.
	Withdrawn,
	/// Refused: the binding came from another identity than the wallet the investor named.
	Refused,
}

/// A request the service issued.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Issued {
	pub session: String,
	pub request: Request,
	pub state: RequestState,
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub in_block: Option<u64>,
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub binding: Option<Binding>,
	/// What wallets reported, newest last (informational).
	#[serde(default)]
	pub reports: Vec<Report>,
	/// Bindings with this reference the service ignored, and why.
	#[serde(default)]
	pub ignored: Vec<String>,
}

/// An account activated through onboarding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activation {
	pub identity: u64,
	pub wallet: String,
	pub account_ref: String,
	/// The per-binding salt (the request's nonce): kept by the exchange, never on chain.
	pub salt: String,
	pub block: u64,
}

/// A venue account's sign-up.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Session {
	pub account: String,
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub wallet: Option<String>,
	/// The identity of the wallet the investor named.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub identity: Option<u64>,
	/// Why the named wallet cannot onboard yet (no identity, not verified).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub problem: Option<String>,
	/// The current request's nonce.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub request: Option<String>,
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub active: Option<Activation>,
	/// How long this session's codes stay valid (default: the service's).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub code_ttl_ms: Option<u64>,
}

/// The service's state file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Stored {
	pub sessions: BTreeMap<String, Session>,
	/// By nonce.
	pub requests: BTreeMap<String, Issued>,
	/// The last finalized block scanned for bindings.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub scanned: Option<u64>,
}

impl Stored {
	fn read(path: &Path) -> Result<Self> {
		match std::fs::read_to_string(path) {
			Ok(text) => serde_json::from_str(&text).with_context(|| format!("the state file {} is malformed", path.display())),
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
			Err(e) => Err(anyhow!("cannot read the state file {}: {e}", path.display())),
		}
	}

	fn write(&self, path: &Path) -> Result<()> {
		let temporary = path.with_extension("json.tmp");
		std::fs::write(&temporary, serde_json::to_string_pretty(self)? + "\n").with_context(|| format!("write {}", temporary.display()))?;
		std::fs::rename(&temporary, path).with_context(|| format!("replace {}", path.display()))
	}
}

struct Inner {
	sto: Sto,
	config: Config,
	venue: String,
	genesis: H256,
	stored: Mutex<Stored>,
	/// The last error of the chain follower (shown by `/health`).
	follower_error: std::sync::Mutex<Option<String>>,
}

/// The service (cheap to clone).
#[derive(Clone)]
pub struct Service(Arc<Inner>);

fn now_ms() -> u64 {
	std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

fn random_hex<const N: usize>() -> Result<String> {
	let mut bytes = [0u8; N];
	getrandom::getrandom(&mut bytes).map_err(|e| anyhow!("no randomness from the operating system: {e}"))?;
	Ok(format!("0x{}", hex::encode(bytes)))
}

/// An error answer: status and `{"error": …}`.
pub struct Failure(StatusCode, String);

impl IntoResponse for Failure {
	fn into_response(self) -> Response {
		(self.0, Json(json!({ "error": self.1 }))).into_response()
	}
}

impl From<anyhow::Error> for Failure {
	fn from(error: anyhow::Error) -> Self {
		Failure(StatusCode::INTERNAL_SERVER_ERROR, format!("{error:#}"))
	}
}

fn fail(status: StatusCode, message: impl Into<String>) -> Failure {
	Failure(status, message.into())
}

type Answer<T> = std::result::Result<T, Failure>;

impl Service {
	/// Connect to the node, check the custodian and the ledger, read the state file.
	pub async fn start(url: &str, config: Config) -> Result<Self> {
		let sto = Sto::connect(url).await?;
		sto.require_pallet(custody::PALLET).await?;
		if custody::read_json(&sto, "custodian", (config.custodian,)).await?.is_null() {
			bail!("identity {} is no custodian on this chain", config.custodian);
		}
		let ledger = Ledger::read(&config.ledger)?;
		let stored = Stored::read(&config.state)?;
		let genesis = sto.client().genesis_hash();
		Ok(Self(Arc::new(Inner {
			sto,
			venue: ledger.venue,
			genesis,
			stored: Mutex::new(stored),
			config,
			follower_error: std::sync::Mutex::new(None),
		})))
	}

	/// The routes.
	pub fn router(&self) -> Router {
		Router::new()
			.route("/health", get(health))
			.route("/api/sessions", post(create_session))
			.route("/onboard/{session}", get(page))
			.route("/api/onboard/{session}", get(session_status))
			.route("/api/onboard/{session}/wallet", post(name_wallet))
			.route("/api/onboard/{session}/qr.svg", get(qr_code))
			.route("/api/onboard/{session}/confirm", post(confirm))
			.route("/api/onboard/{session}/new-code", post(new_code))
			.route("/api/onboarding/{nonce}", get(request_status))
			.route("/api/onboarding/{nonce}/report", post(wallet_report))
			.layer(DefaultBodyLimit::max(4 * 1024))
			.with_state(self.clone())
	}

	/// Follow the chain until the process ends: every second, new finalized blocks are scanned
	/// for bindings at this custodian, and live requests are looked up in the best block.
	pub async fn follow(&self) {
		loop {
			let result = self.follow_once().await;
			*self.0.follower_error.lock().unwrap_or_else(|e| e.into_inner()) = result.err().map(|e| format!("{e:#}"));
			tokio::time::sleep(Duration::from_secs(1)).await;
		}
	}

	async fn save(&self, stored: &Stored) -> Answer<()> {
		stored.write(&self.0.config.state).map_err(Failure::from)
	}

	/// One round of [`Self::follow`].
	pub async fn follow_once(&self) -> Result<()> {
		let sto = &self.0.sto;
		let head = sto.rpc().chain_get_finalized_head().await.context("the finalized head")?;
		let finalized = sto.rpc().chain_get_header(Some(head)).await?.ok_or_else(|| anyhow!("no finalized header"))?.number;
		let start = self.0.stored.lock().await.scanned.map(|n| n + 1).unwrap_or(finalized);
		for height in start..=finalized {
			let bindings = self.bindings_in(height).await.with_context(|| format!("block #{height}"))?;
			let mut stored = self.0.stored.lock().await;
			for (account_ref, binding) in bindings {
				record_final(&mut stored, &account_ref, binding);
			}
			stored.scanned = Some(height);
			self.save(&stored).await.map_err(|Failure(_, e)| anyhow!(e))?;
		}
		// Live requests: is a binding already in the best block?
		let live: Vec<(String, u64, H256)> = {
			let stored = self.0.stored.lock().await;
			stored
				.requests
				.iter()
				.filter(|(_, issued)| issued.state == RequestState::Live)
				.filter_map(|(nonce, issued)| issued.request.account_ref().ok().map(|r| (nonce.clone(), issued.request.custodian, r)))
				.collect()
		};
		if live.is_empty() {
			return Ok(());
		}
		// Not `custody::read`: that reads the finalized block, where the binding is not yet.
		let at = sto.at_best().await?;
		let best = at.block_number();
		for (nonce, custodian, account_ref) in live {
			let investor: Option<u64> =
				custody::read_at(sto, &at, "investor_of_venue_account", (custodian, account_ref)).await?.decode()?;
			if investor.is_some() {
				let mut stored = self.0.stored.lock().await;
				if let Some(issued) = stored.requests.get_mut(&nonce).filter(|i| i.state == RequestState::Live) {
					issued.state = RequestState::InBlock;
					issued.in_block = Some(best);
					self.save(&stored).await.map_err(|Failure(_, e)| anyhow!(e))?;
				}
			}
		}
		Ok(())
	}

	/// The bindings at this custodian in finalized block `height`: their reference, the
	/// identity, the wallet that signed (the extrinsic that emitted the event) and the time.
	async fn bindings_in(&self, height: u64) -> Result<Vec<(H256, Binding)>> {
		let at = self.0.sto.client().at_block(height).await?;
		let events = at.events().fetch().await?;
		let mut found = Vec::new();
		let mut extrinsics = None;
		for event in events.iter() {
			let event = event?;
			let Some(bound) = event.decode_fields_as::<api::custody::events::VenueAccountBound>().transpose()? else { continue };
			if bound.custodian != self.0.config.custodian {
				continue;
			}
			let subxt::events::Phase::ApplyExtrinsic(index) = event.phase() else { continue };
			if extrinsics.is_none() {
				extrinsics = Some(at.extrinsics().fetch().await?);
			}
			let signer = extrinsics
				.as_ref()
				.and_then(|list| list.iter().nth(index as usize))
				.and_then(|ext| ext.ok())
				.and_then(|ext| ext.address_bytes().map(<[u8]>::to_vec))
				.and_then(|address| signer_of(&address))
				.ok_or_else(|| anyhow!("the binding's extrinsic #{index} has no signer"))?;
			let timestamp_ms = at.storage().fetch(api::storage().timestamp().now(), ()).await?.decode()?;
			found.push((
				bound.account_ref,
				Binding { identity: bound.investor, wallet: signer.to_string(), block: height, timestamp_ms },
			));
		}
		Ok(found)
	}

	async fn session(&self, id: &str) -> Answer<Session> {
		self.0.stored.lock().await.sessions.get(id).cloned().ok_or_else(|| fail(StatusCode::NOT_FOUND, "no such session"))
	}

	/// A new request for `session`'s account and wallet (the old one withdrawn).
	fn issue(&self, stored: &mut Stored, session_id: &str) -> Answer<()> {
		let session = stored.sessions.get(session_id).cloned().ok_or_else(|| fail(StatusCode::NOT_FOUND, "no such session"))?;
		let wallet = session.wallet.clone().ok_or_else(|| fail(StatusCode::CONFLICT, "name your wallet first"))?;
		// A session may not grow the state file without end (every code keeps its salt).
		if stored.requests.values().filter(|issued| issued.session == session_id).count() >= MAX_CODES_PER_SESSION {
			return Err(fail(StatusCode::TOO_MANY_REQUESTS, format!("this sign-up already issued {MAX_CODES_PER_SESSION} codes: ask the exchange for a new sign-up link")));
		}
		if let Some(old) = session.request.as_ref().and_then(|nonce| stored.requests.get_mut(nonce)) {
			if matches!(old.state, RequestState::Live) {
				old.state = RequestState::Withdrawn;
			}
		}
		let nonce = random_hex::<16>()?;
		let config = &self.0.config;
		let request = Request {
			sto_onboard: VERSION,
			chain: format!("{:?}", self.0.genesis),
			venue: self.0.venue.clone(),
			custodian: config.custodian,
			account: session.account.clone(),
			nonce: nonce.clone(),
			expires_ms: now_ms() + session.code_ttl_ms.unwrap_or(config.request_ttl.as_millis() as u64),
			wallet,
			mandate: config.mandate.clone(),
			exchange: Some(config.public_url.trim_end_matches('/').to_string()),
		};
		request.validate().map_err(|e| fail(StatusCode::INTERNAL_SERVER_ERROR, format!("the request is malformed: {e}")))?;
		stored.requests.insert(
			nonce.clone(),
			Issued { session: session_id.to_string(), request, state: RequestState::Live, in_block: None, binding: None, reports: vec![], ignored: vec![] },
		);
		if let Some(session) = stored.sessions.get_mut(session_id) {
			session.request = Some(nonce);
		}
		Ok(())
	}
}

/// The account of a `MultiAddress::Id` (the runtime's address type).
fn signer_of(address: &[u8]) -> Option<AccountId32> {
	match address {
		[0, id @ ..] if id.len() == 32 => id.try_into().ok().map(AccountId32),
		_ => None,
	}
}

/// A finalized binding: matched to its request by the salted reference, or ignored.
fn record_final(stored: &mut Stored, account_ref: &H256, binding: Binding) {
	let found = stored.requests.iter_mut().find(|(_, issued)| issued.request.account_ref().ok().as_ref() == Some(account_ref));
	let Some((_, issued)) = found else {
		// No request of ours carries this reference: not ours to act on.
		return;
	};
	let who = format!("identity {} (wallet {}) in block #{}", binding.identity, binding.wallet, binding.block);
	match issued.state {
		RequestState::Live | RequestState::InBlock if binding.timestamp_ms >= issued.request.expires_ms => {
			issued.ignored.push(format!("a binding by {who} after the code expired: ignored"));
		},
		RequestState::Live | RequestState::InBlock => {
			let named = stored.sessions.get(&issued.session).and_then(|s| s.identity);
			if named != Some(binding.identity) {
				issued.ignored.push(format!(
					"a binding by {who}, not by the identity of the wallet you named: refused; ask for a new code"
				));
				issued.state = RequestState::Refused;
			} else {
				issued.state = RequestState::Final;
			}
			issued.binding = Some(binding);
		},
		RequestState::Final | RequestState::Active | RequestState::Withdrawn | RequestState::Refused => {
			issued.ignored.push(format!("another binding with this code by {who}: the code was already used; ignored"));
		},
	}
}

// --- HTTP ------------------------------------------------------------------------------------

async fn health(State(service): State<Service>) -> Response {
	match service.0.follower_error.lock().unwrap_or_else(|e| e.into_inner()).clone() {
		None => (StatusCode::OK, Json(json!({ "healthy": true }))).into_response(),
		Some(error) => (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "healthy": false, "error": error }))).into_response(),
	}
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewSession {
	/// The logged-in venue account.
	account: String,
	/// How long this session's codes stay valid, in seconds (default: the service's).
	#[serde(default)]
	code_ttl_secs: Option<u64>,
}

/// The exchange's login system hands a logged-in venue account to the sign-up page.
async fn create_session(State(service): State<Service>, headers: HeaderMap, Json(body): Json<NewSession>) -> Answer<Json<Value>> {
	let expected = format!("Bearer {}", service.0.config.admin_token);
	let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
	if service.0.config.admin_token.is_empty() || !constant_time_eq(given.as_bytes(), expected.as_bytes()) {
		return Err(fail(StatusCode::UNAUTHORIZED, "the admin token is required"));
	}
	let account = body.account.trim().to_string();
	if account.is_empty() || account.len() > 64 || account.chars().any(char::is_control) {
		return Err(fail(StatusCode::BAD_REQUEST, "an account id of 1 to 64 printable characters"));
	}
	let ledger = Ledger::read(&service.0.config.ledger)?;
	if ledger.accounts.iter().any(|a| a.account == account) {
		return Err(fail(StatusCode::CONFLICT, format!("account {account} is already active")));
	}
	let id = random_hex::<16>()?;
	let mut stored = service.0.stored.lock().await;
	let code_ttl_ms = body.code_ttl_secs.map(|secs| secs.clamp(1, 24 * 3_600) * 1_000);
	stored.sessions.insert(id.clone(), Session { account, code_ttl_ms, ..Session::default() });
	service.save(&stored).await?;
	Ok(Json(json!({ "session": id, "url": format!("/onboard/{id}") })))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
	a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn page() -> Html<&'static str> {
	Html(include_str!("../web/onboard.html"))
}

/// The page's state: what it shows, from the service's reading of the chain.
async fn session_status(State(service): State<Service>, UrlPath(id): UrlPath<String>) -> Answer<Json<Value>> {
	let stored = service.0.stored.lock().await;
	let session = stored.sessions.get(&id).ok_or_else(|| fail(StatusCode::NOT_FOUND, "no such session"))?;
	let issued = session.request.as_ref().and_then(|nonce| stored.requests.get(nonce));
	let now = now_ms();
	let state = match (&session.active, &session.wallet, &session.problem, issued) {
		(Some(_), ..) => "active",
		(None, None, ..) => "enter-wallet",
		(None, Some(_), Some(_), _) => "no-identity",
		(None, Some(_), None, None) => "enter-wallet",
		(None, Some(_), None, Some(issued)) => match issued.state {
			RequestState::Live if now >= issued.request.expires_ms => "expired",
			RequestState::Live => "waiting-wallet",
			RequestState::InBlock => "in-block",
			RequestState::Final => "confirm",
			RequestState::Active => "active",
			RequestState::Withdrawn => "enter-wallet",
			RequestState::Refused => "refused",
		},
	};
	let reports: Vec<Value> = issued
		.map(|i| {
			i.reports
				.iter()
				.map(|r| {
					json!({
						"wallet": r.wallet,
						"refusal": r.refusal,
						"message": r.refusal.map(Refusal::message),
						"detail": r.detail,
						"transaction": r.transaction,
					})
				})
				.collect()
		})
		.unwrap_or_default();
	Ok(Json(json!({
		"state": state,
		"venue": service.0.venue,
		"custodian": service.0.config.custodian,
		"account": session.account,
		"wallet": session.wallet,
		"identity": session.identity,
		"problem": session.problem,
		"request": issued.map(|i| json!({
			"nonce": i.request.nonce,
			"text": i.request.to_text(),
			"words": i.request.describe(),
			"expires_ms": i.request.expires_ms,
			"in_block": i.in_block,
			"binding": i.binding,
			"ignored": i.ignored,
		})),
		"reports": reports,
		"active": session.active,
		"now_ms": now,
	})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NamedWallet {
	wallet: String,
}

/// The investor names its wallet: checked on chain, then a request is issued.
async fn name_wallet(State(service): State<Service>, UrlPath(id): UrlPath<String>, Json(body): Json<NamedWallet>) -> Answer<Json<Value>> {
	let session = service.session(&id).await?;
	if session.active.is_some() {
		return Err(fail(StatusCode::CONFLICT, "this account is already active"));
	}
	let wallet: AccountId32 = parse_account(body.wallet.trim()).map_err(|e| fail(StatusCode::BAD_REQUEST, format!("wallet: {e}")))?;
	if let Some(linked) = Ledger::read(&service.0.config.ledger)?.accounts.iter().find(|a| a.wallet == wallet.to_string()) {
		return Err(fail(StatusCode::CONFLICT, format!("wallet {wallet} is already linked to account {} here", linked.account)));
	}
	let sto = &service.0.sto;
	let identity = sto.identity_of(&wallet).await?;
	let problem = match identity {
		None => Some(format!("wallet {wallet} has no identity on this chain")),
		Some(id) => (!identity::is_verified(sto, id, None).await?).then(|| {
			format!("identity {id} (wallet {wallet}) is not verified: it has no valid KYC claim from a trusted issuer")
		}),
	};
	let mut stored = service.0.stored.lock().await;
	let session = stored.sessions.get_mut(&id).ok_or_else(|| fail(StatusCode::NOT_FOUND, "no such session"))?;
	session.wallet = Some(wallet.to_string());
	session.identity = identity;
	session.problem = problem.clone();
	if problem.is_none() {
		service.issue(&mut stored, &id)?;
	}
	service.save(&stored).await?;
	Ok(Json(json!({ "wallet": wallet.to_string(), "identity": identity, "problem": problem })))
}

/// The current request as a QR code (SVG).
async fn qr_code(State(service): State<Service>, UrlPath(id): UrlPath<String>) -> Answer<Response> {
	let stored = service.0.stored.lock().await;
	let session = stored.sessions.get(&id).ok_or_else(|| fail(StatusCode::NOT_FOUND, "no such session"))?;
	let issued = session
		.request
		.as_ref()
		.and_then(|nonce| stored.requests.get(nonce))
		.filter(|i| i.state == RequestState::Live)
		.ok_or_else(|| fail(StatusCode::NOT_FOUND, "no live code"))?;
	let code = qrcode::QrCode::with_error_correction_level(issued.request.to_text().as_bytes(), qrcode::EcLevel::M)
		.map_err(|e| fail(StatusCode::INTERNAL_SERVER_ERROR, format!("QR code: {e}")))?;
	let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(360, 360).quiet_zone(true).build();
	Ok(([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "no-store")], svg).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Confirmation {
	/// Whether the identity and wallet shown are the investor's.
	mine: bool,
}

/// The investor confirms (or denies) the binding the page shows; confirmed, the account is
/// activated once the chain shows the identity verified and the mandate active.
async fn confirm(State(service): State<Service>, UrlPath(id): UrlPath<String>, Json(body): Json<Confirmation>) -> Answer<Json<Value>> {
	let (nonce, issued) = {
		let stored = service.0.stored.lock().await;
		let session = stored.sessions.get(&id).ok_or_else(|| fail(StatusCode::NOT_FOUND, "no such session"))?;
		let nonce = session.request.clone().ok_or_else(|| fail(StatusCode::CONFLICT, "no code was issued"))?;
		let issued = stored.requests.get(&nonce).cloned().ok_or_else(|| fail(StatusCode::CONFLICT, "no code was issued"))?;
		(nonce, issued)
	};
	if issued.state != RequestState::Final {
		return Err(fail(StatusCode::CONFLICT, "there is no final binding to confirm yet"));
	}
	let binding = issued.binding.clone().ok_or_else(|| fail(StatusCode::CONFLICT, "no binding"))?;
	if !body.mine {
		let mut stored = service.0.stored.lock().await;
		if let Some(issued) = stored.requests.get_mut(&nonce) {
			issued.state = RequestState::Withdrawn;
			issued.ignored.push(format!("the binding by identity {} was not confirmed by the investor: ignored", binding.identity));
		}
		service.save(&stored).await?;
		return Ok(Json(json!({ "active": false })));
	}
	// The chain, not the page, decides: the identity verified, the mandate asked for active.
	let sto = &service.0.sto;
	let custodian = service.0.config.custodian;
	if !identity::is_verified(sto, binding.identity, None).await? {
		return Err(fail(StatusCode::CONFLICT, format!("identity {} is no longer verified", binding.identity)));
	}
	if let Some(mandate) = &service.0.config.mandate {
		let record = custody::read_json(sto, "mandate", (binding.identity, custodian, mandate.token)).await?;
		if record.is_null() || record["suspended"] == json!(true) {
			return Err(fail(StatusCode::CONFLICT, format!("identity {}'s mandate for token {} is not active", binding.identity, mandate.token)));
		}
	}
	let mut stored = service.0.stored.lock().await;
	let account = stored.sessions.get(&id).map(|s| s.account.clone()).unwrap_or_default();
	let mut ledger = Ledger::read(&service.0.config.ledger)?;
	if ledger.accounts.iter().any(|a| a.account == account || a.wallet == binding.wallet) {
		return Err(fail(StatusCode::CONFLICT, format!("the ledger already has account {account} or wallet {}", binding.wallet)));
	}
	// The book's positions of the new account start at what its wallet holds on chain (the
	// instruments the book trades, and the mandate's).
	let wallet = parse_account(&binding.wallet)?;
	let mut instruments = ledger.instruments();
	if let Some(mandate) = &service.0.config.mandate {
		instruments.insert((mandate.token, mandate.partition.unwrap_or(0)));
	}
	let mut positions = Vec::new();
	for (token, partition) in instruments {
		let quantity = sto_client::token::balance_of(sto, token, partition, &wallet).await?;
		if quantity > 0 {
			positions.push(Position { token, partition, quantity });
		}
	}
	ledger.accounts.push(Account { account: account.clone(), wallet: binding.wallet.clone(), positions });
	ledger.check()?;
	ledger.write(&service.0.config.ledger)?;
	let activation = Activation {
		identity: binding.identity,
		wallet: binding.wallet.clone(),
		account_ref: issued.request.account_ref().map(|r| format!("{r:?}")).unwrap_or_default(),
		salt: nonce.clone(),
		block: binding.block,
	};
	if let Some(issued) = stored.requests.get_mut(&nonce) {
		issued.state = RequestState::Active;
	}
	if let Some(session) = stored.sessions.get_mut(&id) {
		session.active = Some(activation.clone());
	}
	service.save(&stored).await?;
	Ok(Json(json!({ "active": true, "account": account, "activation": activation })))
}

/// A new code (the current one withdrawn): after expiry, a refusal, or a binding denied.
async fn new_code(State(service): State<Service>, UrlPath(id): UrlPath<String>) -> Answer<Json<Value>> {
	let session = service.session(&id).await?;
	if session.active.is_some() {
		return Err(fail(StatusCode::CONFLICT, "this account is already active"));
	}
	let mut stored = service.0.stored.lock().await;
	if let Some(issued) = session.request.as_ref().and_then(|nonce| stored.requests.get(nonce)) {
		if matches!(issued.state, RequestState::InBlock | RequestState::Final) {
			return Err(fail(StatusCode::CONFLICT, "a binding with the current code is on chain: confirm or deny it first"));
		}
	}
	service.issue(&mut stored, &id)?;
	service.save(&stored).await?;
	Ok(Json(json!({ "issued": true })))
}

/// For wallets: whether a request is still live.
async fn request_status(State(service): State<Service>, UrlPath(nonce): UrlPath<String>) -> Answer<Json<Value>> {
	let stored = service.0.stored.lock().await;
	let issued = stored.requests.get(&nonce).ok_or_else(|| fail(StatusCode::NOT_FOUND, "no such request"))?;
	let state = match issued.state {
		RequestState::Live if now_ms() >= issued.request.expires_ms => "expired",
		RequestState::Live => "live",
		RequestState::Withdrawn | RequestState::Refused => "withdrawn",
		RequestState::InBlock | RequestState::Final | RequestState::Active => "used",
	};
	Ok(Json(json!({ "state": state, "expires_ms": issued.request.expires_ms })))
}

/// For wallets: what they did with a request (shown on the page; never acted on).
async fn wallet_report(State(service): State<Service>, UrlPath(nonce): UrlPath<String>, Json(report): Json<Report>) -> Answer<StatusCode> {
	if parse_account(&report.wallet).is_err() ||
		report.detail.as_ref().is_some_and(|d| d.len() > 500) ||
		report.transaction.as_ref().is_some_and(|t| t.len() > 80)
	{
		return Err(fail(StatusCode::BAD_REQUEST, "a malformed report"));
	}
	let mut stored = service.0.stored.lock().await;
	let issued = stored.requests.get_mut(&nonce).ok_or_else(|| fail(StatusCode::NOT_FOUND, "no such request"))?;
	if issued.reports.len() >= 20 {
		issued.reports.remove(0);
	}
	issued.reports.push(report);
	service.save(&stored).await?;
	Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn issued(session: &str, expires_ms: u64) -> Issued {
		Issued {
			session: session.into(),
			request: Request {
				sto_onboard: VERSION,
				chain: format!("0x{}", "11".repeat(32)),
				venue: "Exchange Y".into(),
				custodian: 5,
				account: "Y-1003".into(),
				nonce: format!("0x{}", "ab".repeat(16)),
				expires_ms,
				wallet: AccountId32([7; 32]).to_string(),
				mandate: None,
				exchange: None,
			},
			state: RequestState::Live,
			in_block: None,
			binding: None,
			reports: vec![],
			ignored: vec![],
		}
	}

	fn stored(identity: u64, expires_ms: u64) -> (Stored, H256) {
		let mut stored = Stored::default();
		stored.sessions.insert("s".into(), Session { account: "Y-1003".into(), identity: Some(identity), ..Session::default() });
		let issued = issued("s", expires_ms);
		let account_ref = issued.request.account_ref().expect("reference");
		stored.requests.insert(issued.request.nonce.clone(), issued);
		(stored, account_ref)
	}

	fn binding(identity: u64, timestamp_ms: u64) -> Binding {
		Binding { identity, wallet: AccountId32([7; 32]).to_string(), block: 9, timestamp_ms }
	}

	fn only(stored: &Stored) -> &Issued {
		stored.requests.values().next().expect("one request")
	}

	#[test]
	fn a_binding_by_the_named_identity_before_expiry_awaits_confirmation() {
		let (mut s, account_ref) = stored(7, 1_000);
		record_final(&mut s, &account_ref, binding(7, 999));
		assert_eq!(only(&s).state, RequestState::Final);
		assert_eq!(only(&s).binding.as_ref().map(|b| b.identity), Some(7));
	}

	#[test]
	fn a_binding_after_expiry_is_ignored() {
		let (mut s, account_ref) = stored(7, 1_000);
		record_final(&mut s, &account_ref, binding(7, 1_000));
		assert_eq!(only(&s).state, RequestState::Live);
		assert!(only(&s).ignored[0].contains("expired"));
	}

	#[test]
	fn whoever_scans_first_does_not_win() {
		let (mut s, account_ref) = stored(7, 1_000);
		record_final(&mut s, &account_ref, binding(8, 10));
		assert_eq!(only(&s).state, RequestState::Refused, "another identity's binding is refused");
		assert!(only(&s).ignored[0].contains("not by the identity of the wallet you named"));
	}

	#[test]
	fn a_used_code_is_not_used_twice() {
		let (mut s, account_ref) = stored(7, 1_000);
		record_final(&mut s, &account_ref, binding(7, 10));
		record_final(&mut s, &account_ref, binding(7, 20));
		assert_eq!(only(&s).state, RequestState::Final);
		assert!(only(&s).ignored[0].contains("already used"));
	}

	#[test]
	fn a_binding_that_matches_no_request_is_not_ours() {
		let (mut s, _) = stored(7, 1_000);
		record_final(&mut s, &H256([3; 32]), binding(7, 10));
		assert_eq!(only(&s).state, RequestState::Live);
		assert!(only(&s).ignored.is_empty());
	}

	#[test]
	fn only_a_multiaddress_id_names_a_signer() {
		let mut address = vec![0u8];
		address.extend([5u8; 32]);
		assert_eq!(signer_of(&address), Some(AccountId32([5; 32])));
		address[0] = 1;
		assert_eq!(signer_of(&address), None);
		assert_eq!(signer_of(&[0, 1, 2]), None);
	}

	#[test]
	fn the_admin_token_is_compared_whole() {
		assert!(constant_time_eq(b"Bearer abc", b"Bearer abc"));
		assert!(!constant_time_eq(b"Bearer abd", b"Bearer abc"));
		assert!(!constant_time_eq(b"Bearer ab", b"Bearer abc"));
	}
}
