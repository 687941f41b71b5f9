//! Brokerage-account onboarding by QR code: the signing request an exchange's sign-up page
//! shows, and what the investor's wallet does with it (`sto custody onboard`).
//!
//! The request is a small JSON document (the QR code's text):
//!
//! ```json
//! {
//!   "sto_onboard": 1,
//!   "chain": "0x…",
//!   "venue": "Exchange Y",
//!   "custodian": 5,
//!   "account": "Y-1001",
//!   "nonce": "0x00112233445566778899aabbccddeeff",
//!   "expires_ms": 1764680000000,
//!   "wallet": "5F…",
//!   "mandate": { "token": 1, "partition": 0, "cap": "1000", "expiry_ms": null },
//!   "exchange": "http://127.0.0.1:8080"
//! }
//! ```
//!
//! - `chain`: the genesis hash of the chain the request is for; a wallet connected to another
//!   chain refuses it.
//! - `custodian`, `venue`: the exchange's custodian identity on chain and its name.
//! - `account`: the investor's account at the venue. It never reaches the chain: the binding
//!   carries the **salted** reference `blake2_256("sto/venue-account/v1" ‖ nonce ‖ account)`
//!   ([`account_ref`]). The nonce is the per-binding salt the exchange keeps; without it the
//!   reference cannot be matched to an account id, and a binding whose reference matches no
//!   live request of the exchange is ignored by it.
//! - `nonce`, `expires_ms`: one request, valid until then (the exchange enforces both: the
//!   chain call has no such fields).
//! - `wallet`: the wallet the investor named on the sign-up page (the request is for it).
//! - `mandate` (optional): the custody mandate the exchange asks for: token, partition (`null`:
//!   every partition), cap (the most the exchange may move out of the investor's wallets under
//!   it) and expiry (`null`: until revoked).
//! - `exchange` (optional): the onboarding service's address. Before signing, the wallet asks
//!   `GET <exchange>/api/onboarding/<nonce>` whether the request is still live, and afterwards
//!   reports what it did (`POST …/report`, a [`Report`]). Informational: the exchange activates
//!   the account only from what the chain shows.
//!
//! The wallet builds the calls itself from these fields (`Utility.batch_all` of
//! `Custody.bind_venue_account` and `Custody.grant_mandate`): it never signs bytes it was given,
//! and what it shows in words ([`Request::describe`]) is what it signs.

use crate::chain::{blake2_256, parse_account, parse_amount, Call, Sto};
use anyhow::{anyhow, bail, ensure, Context, Result};
use serde::{Deserialize, Serialize};
use subxt::utils::{AccountId32, H256};

/// The request format's version.
pub const VERSION: u32 = 1;
/// Domain of the salted account reference.
const REF_DOMAIN: &[u8] = b"sto/venue-account/v1";
/// Bounds of the request's text fields (the QR code must stay readable).
const MAX_NAME: usize = 64;
const MAX_URL: usize = 200;

/// The salted account reference the chain stores for `account` at a venue.
pub fn account_ref(nonce: &[u8; 16], account: &str) -> H256 {
	let mut bytes = REF_DOMAIN.to_vec();
	bytes.extend_from_slice(nonce);
	bytes.extend_from_slice(account.as_bytes());
	blake2_256(&bytes)
}

/// The custody mandate the exchange asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MandateRequest {
	pub token: u32,
	/// `None`: every partition of the token.
	pub partition: Option<u16>,
	/// Decimal digits (a JSON number would lose precision above 2^53).
	pub cap: String,
	/// Milliseconds since the Unix epoch; `None`: until revoked.
	pub expiry_ms: Option<u64>,
}

/// An onboarding request (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
	pub sto_onboard: u32,
	pub chain: String,
	pub venue: String,
	pub custodian: u64,
	pub account: String,
	pub nonce: String,
	pub expires_ms: u64,
	pub wallet: String,
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub mandate: Option<MandateRequest>,
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub exchange: Option<String>,
}

/// Why a wallet refused a request, as it reports it to the exchange.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Refusal {
	/// The request is for another chain (genesis hash).
	OtherChain,
	/// The request expired.
	Expired,
	/// The exchange says the request was already used or withdrawn.
	Used,
	/// The request names another wallet than the signer.
	WrongWallet,
	/// The signer's wallet has no identity, or its identity is not verified (KYC).
	NotVerified,
	/// The chain refused the transaction.
	ChainRefused,
}

impl Refusal {
	/// The sentence the wallet prints and the exchange's page shows.
	pub fn message(self) -> &'static str {
		match self {
			Refusal::OtherChain => "the code is for another chain than the wallet's",
			Refusal::Expired => "the code expired: ask the exchange for a new one",
			Refusal::Used => "the code was already used or withdrawn: ask the exchange for a new one",
			Refusal::WrongWallet => "the code was made for another wallet",
			Refusal::NotVerified =>
				"the wallet has no verified identity: get one from a KYC provider (`sto identity …`), then come back",
			Refusal::ChainRefused => "the chain refused the transaction",
		}
	}
}

/// What a wallet reports to the exchange (`POST <exchange>/report`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
	/// The wallet that scanned the request.
	pub wallet: String,
	/// `None`: signed and submitted.
	pub refusal: Option<Refusal>,
	/// The refusal in words (the chain's error, for `ChainRefused`).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub detail: Option<String>,
	/// The transaction's hash, once submitted.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub transaction: Option<String>,
}

fn hex_bytes<const N: usize>(text: &str, what: &str) -> Result<[u8; N]> {
	let digits = text.strip_prefix("0x").ok_or_else(|| anyhow!("{what}: expected 0x and {} hex digits", 2 * N))?;
	let bytes = hex::decode(digits).map_err(|e| anyhow!("{what}: not hex: {e}"))?;
	bytes.try_into().map_err(|_| anyhow!("{what}: expected {N} bytes"))
}

fn printable(text: &str, what: &str, max: usize) -> Result<()> {
	ensure!(!text.trim().is_empty(), "{what} is empty");
	ensure!(text.len() <= max, "{what} is longer than {max} bytes");
	ensure!(!text.chars().any(char::is_control), "{what} contains control characters");
	Ok(())
}

impl Request {
	/// Read a request from the QR code's text; every field is checked for its form.
	pub fn parse(text: &str) -> Result<Self> {
		ensure!(text.len() <= 2_000, "not an onboarding request: {} bytes of text", text.len());
		let request: Request =
			serde_json::from_str(text.trim()).map_err(|e| anyhow!("not an onboarding request (JSON with `sto_onboard`): {e}"))?;
		request.validate()?;
		Ok(request)
	}

	/// The request as the QR code's text (compact JSON).
	pub fn to_text(&self) -> String {
		serde_json::to_string(self).unwrap_or_default()
	}

	/// Check every field's form (not the chain, the time or the signer: see [`Self::check`]).
	pub fn validate(&self) -> Result<()> {
		ensure!(self.sto_onboard == VERSION, "onboarding request version {} (this wallet reads version {VERSION})", self.sto_onboard);
		self.genesis()?;
		self.nonce_bytes()?;
		printable(&self.venue, "the venue's name", MAX_NAME)?;
		printable(&self.account, "the venue account", MAX_NAME)?;
		self.wallet_account()?;
		if let Some(mandate) = &self.mandate {
			ensure!(self.cap()?.is_some_and(|cap| cap > 0), "the mandate's cap must be above zero");
			ensure!(mandate.expiry_ms.is_none_or(|expiry| expiry > 0), "the mandate's expiry is zero");
		}
		if let Some(url) = &self.exchange {
			printable(url, "the exchange's address", MAX_URL)?;
			ensure!(url.starts_with("http://") || url.starts_with("https://"), "the exchange's address is not an http(s) URL");
		}
		Ok(())
	}

	pub fn genesis(&self) -> Result<H256> {
		Ok(H256(hex_bytes::<32>(&self.chain, "chain")?))
	}

	pub fn nonce_bytes(&self) -> Result<[u8; 16]> {
		hex_bytes::<16>(&self.nonce, "nonce")
	}

	pub fn wallet_account(&self) -> Result<AccountId32> {
		parse_account(&self.wallet).context("wallet")
	}

	fn cap(&self) -> Result<Option<u128>> {
		self.mandate.as_ref().map(|m| parse_amount(&m.cap).context("the mandate's cap")).transpose()
	}

	/// The salted reference the binding puts on chain.
	pub fn account_ref(&self) -> Result<H256> {
		Ok(account_ref(&self.nonce_bytes()?, &self.account))
	}

	/// What the wallet checks before signing: the chain it is connected to (`genesis`), the
	/// time (`now_ms`) and the signer.
	pub fn check(&self, genesis: H256, now_ms: u64, signer: &AccountId32) -> std::result::Result<(), Refusal> {
		if self.genesis().ok() != Some(genesis) {
			return Err(Refusal::OtherChain);
		}
		if now_ms >= self.expires_ms {
			return Err(Refusal::Expired);
		}
		if self.wallet_account().ok().as_ref() != Some(signer) {
			return Err(Refusal::WrongWallet);
		}
		Ok(())
	}

	/// What will be signed, in words, one line each.
	pub fn describe(&self) -> Vec<String> {
		let mut lines = vec![
			format!("{} (custodian identity {}) asks you to link your brokerage account {} to your identity.", self.venue, self.custodian, self.account),
			format!(
				"On chain this stores only a salted reference of the account ({}); the exchange keeps the salt.",
				self.account_ref().map(|r| format!("{r:?}")).unwrap_or_default()
			),
		];
		if let Some(mandate) = &self.mandate {
			let partition = match mandate.partition {
				Some(partition) => format!("partition {partition} of token {}", mandate.token),
				None => format!("every partition of token {}", mandate.token),
			};
			let expiry = match mandate.expiry_ms {
				Some(ms) => format!("until {}", time_text(ms)),
				None => "until you revoke it".to_string(),
			};
			lines.push(format!(
				"It also asks for a custody mandate: {} may settle trades of {partition} from your wallets, at most {} units in all, {expiry}.",
				self.venue, mandate.cap
			));
		}
		lines.push(format!("The request is for wallet {} and expires at {}.", self.wallet, time_text(self.expires_ms)));
		lines
	}

	/// The call the wallet signs: the binding, and the mandate when one is asked for, in one
	/// `Utility.batch_all` (all or nothing).
	pub async fn call(&self, sto: &Sto) -> Result<Call> {
		let mut calls = vec![crate::custody::bind_venue_account(sto, self.custodian, self.account_ref()?).await?];
		if let Some(mandate) = &self.mandate {
			let cap = self.cap()?.ok_or_else(|| anyhow!("the mandate has no cap"))?;
			calls.push(crate::custody::grant_mandate(sto, self.custodian, mandate.token, mandate.partition, cap, mandate.expiry_ms).await?);
		}
		sto.batch_all(calls).await
	}
}

/// Milliseconds since the Unix epoch as `YYYY-MM-DD HH:MM:SS UTC`.
pub fn time_text(ms: u64) -> String {
	let seconds = ms / 1_000;
	let (days, rest) = (seconds / 86_400, seconds % 86_400);
	// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
	let z = days as i64 + 719_468;
	let era = z.div_euclid(146_097);
	let doe = z.rem_euclid(146_097);
	let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
	let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	let mp = (5 * doy + 2) / 153;
	let day = doy - (153 * mp + 2) / 5 + 1;
	let month = if mp < 10 { mp + 3 } else { mp - 9 };
	let year = yoe + era * 400 + i64::from(month <= 2);
	format!("{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC", rest / 3_600, rest % 3_600 / 60, rest % 60)
}

impl Request {
	/// The request's address at the exchange (`None`: the request names no exchange).
	fn exchange_url(&self) -> Option<String> {
		self.exchange.as_ref().map(|base| format!("{}/api/onboarding/{}", base.trim_end_matches('/'), self.nonce))
	}

	/// Ask the exchange whether the request is still live: `Ok(None)` when it is (or the
	/// request names no exchange), `Ok(Some(refusal))` when the exchange says it was used,
	/// withdrawn or expired.
	pub async fn ask_exchange(&self) -> Result<Option<Refusal>> {
		let Some(url) = self.exchange_url() else { return Ok(None) };
		let (status, body) = http(&url, None).await?;
		ensure!(status == 200, "the exchange answered {status} for the request: {body}");
		let answer: serde_json::Value = serde_json::from_str(&body).context("the exchange's answer is not JSON")?;
		Ok(match answer["state"].as_str() {
			Some("live") => None,
			Some("expired") => Some(Refusal::Expired),
			Some(_) => Some(Refusal::Used),
			None => bail!("the exchange's answer has no state: {body}"),
		})
	}

	/// Tell the exchange what the wallet did (nothing when the request names no exchange).
	pub async fn report(&self, report: &Report) -> Result<()> {
		let Some(url) = self.exchange_url() else { return Ok(()) };
		let (status, body) = http(&format!("{url}/report"), Some(serde_json::to_string(report)?)).await?;
		ensure!(status == 200 || status == 204, "the exchange answered {status} to the report: {body}");
		Ok(())
	}
}

/// The text of the QR code in a PNG image (a screenshot of the sign-up page, a photo's crop).
pub fn read_qr_png(path: &std::path::Path) -> Result<String> {
	use zune_png::{
		zune_core::{bytestream::ZCursor, options::DecoderOptions},
		PngDecoder,
	};
	let bytes = std::fs::read(path).with_context(|| format!("read {}", path.display()))?;
	let options = DecoderOptions::default().png_set_strip_to_8bit(true);
	let mut decoder = PngDecoder::new_with_options(ZCursor::new(&bytes[..]), options);
	let pixels = decoder.decode_raw().map_err(|e| anyhow!("{} is not a readable PNG image: {e:?}", path.display()))?;
	let (width, height) = decoder.dimensions().ok_or_else(|| anyhow!("{} has no dimensions", path.display()))?;
	let channels = decoder.colorspace().map(|c| c.num_components()).ok_or_else(|| anyhow!("{} has no colour space", path.display()))?;
	ensure!(channels > 0 && pixels.len() >= width * height * channels, "{} decoded to too few pixels", path.display());
	let luma = |x: usize, y: usize| -> u8 {
		let i = (y * width + x) * channels;
		match channels {
			1 | 2 => pixels[i],
			_ => ((u32::from(pixels[i]) * 299 + u32::from(pixels[i + 1]) * 587 + u32::from(pixels[i + 2]) * 114) / 1_000) as u8,
		}
	};
	let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, luma);
	let grids = image.detect_grids();
	let grid = grids.first().ok_or_else(|| anyhow!("no QR code found in {}", path.display()))?;
	let (_, content) = grid.decode().map_err(|e| anyhow!("the QR code in {} cannot be read: {e:?}", path.display()))?;
	Ok(content)
}

/// One HTTP/1.1 request with a JSON body (POST) or none (GET): status and body text.
async fn http(url: &str, body: Option<String>) -> Result<(u16, String)> {
	use http_body_util::{BodyExt, Full};
	use hyper_util::{client::legacy::Client, rt::TokioExecutor};
	let uri: hyper::Uri = url.parse().map_err(|e| anyhow!("not a URL: {url}: {e}"))?;
	ensure!(uri.scheme_str() == Some("http"), "only http:// exchange addresses are supported here: {url}");
	let client = Client::builder(TokioExecutor::new()).build_http::<Full<hyper::body::Bytes>>();
	let request = hyper::Request::builder()
		.method(if body.is_some() { "POST" } else { "GET" })
		.uri(uri)
		.header("content-type", "application/json")
		.body(Full::new(hyper::body::Bytes::from(body.unwrap_or_default())))?;
	let response = tokio::time::timeout(std::time::Duration::from_secs(10), client.request(request))
		.await
		.map_err(|_| anyhow!("the exchange did not answer within 10 s: {url}"))?
		.map_err(|e| anyhow!("cannot reach the exchange at {url}: {e}"))?;
	let status = response.status().as_u16();
	let bytes = response.into_body().collect().await.map_err(|e| anyhow!("reading the exchange's answer: {e}"))?.to_bytes();
	Ok((status, String::from_utf8_lossy(&bytes).into_owned()))
}

#[cfg(test)]
mod tests {
	use super::*;

	fn request() -> Request {
		Request {
			sto_onboard: VERSION,
			chain: format!("0x{}", "11".repeat(32)),
			venue: "Exchange Y".into(),
			custodian: 5,
			account: "Y-1001".into(),
			nonce: format!("0x{}", "ab".repeat(16)),
			expires_ms: 2_000_000_000_000,
			wallet: AccountId32([7; 32]).to_string(),
			mandate: Some(MandateRequest { token: 1, partition: Some(0), cap: "1000".into(), expiry_ms: None }),
			exchange: Some("http://127.0.0.1:8080".into()),
		}
	}

	#[test]
	fn a_request_round_trips_through_its_text() {
		let r = request();
		assert_eq!(Request::parse(&r.to_text()).expect("parses"), r);
	}

	#[test]
	fn the_reference_is_salted_by_the_nonce() {
		let (a, b) = (account_ref(&[1; 16], "Y-1001"), account_ref(&[2; 16], "Y-1001"));
		assert_ne!(a, b, "another nonce, another reference");
		assert_ne!(a, account_ref(&[1; 16], "Y-1002"));
		assert_ne!(a, crate::chain::reference("Y-1001").expect("reference"), "not the unsalted hash");
	}

	#[test]
	fn malformed_requests_are_refused_with_the_field_named() {
		let cases: Vec<(fn(&mut Request), &str)> = vec![
			(|r| r.sto_onboard = 2, "version 2"),
			(|r| r.chain = "0x12".into(), "chain"),
			(|r| r.nonce = "abab".into(), "nonce"),
			(|r| r.account = String::new(), "venue account"),
			(|r| r.account = "x".repeat(65), "venue account"),
			(|r| r.venue = "a\nb".into(), "control"),
			(|r| r.wallet = "nope".into(), "wallet"),
			(|r| r.mandate.as_mut().expect("mandate").cap = "0".into(), "cap"),
			(|r| r.exchange = Some("ftp://x".into()), "http"),
		];
		for (break_it, expected) in cases {
			let mut r = request();
			break_it(&mut r);
			let error = Request::parse(&r.to_text()).expect_err(expected).to_string();
			assert!(error.contains(expected), "{error} does not name {expected}");
		}
		assert!(Request::parse("{\"sto_onboard\":1,\"extra\":true}").is_err());
		assert!(Request::parse(&"x".repeat(3_000)).is_err());
	}

	#[test]
	fn the_wallet_refuses_another_chain_an_expired_request_and_another_wallet() {
		let r = request();
		let (genesis, signer) = (r.genesis().expect("genesis"), r.wallet_account().expect("wallet"));
		assert_eq!(r.check(genesis, 1_000, &signer), Ok(()));
		assert_eq!(r.check(H256([2; 32]), 1_000, &signer), Err(Refusal::OtherChain));
		assert_eq!(r.check(genesis, r.expires_ms, &signer), Err(Refusal::Expired));
		assert_eq!(r.check(genesis, 1_000, &AccountId32([8; 32])), Err(Refusal::WrongWallet));
	}

	#[test]
	fn the_description_names_the_account_the_mandate_and_the_expiry() {
		let text = request().describe().join("\n");
		for part in ["Exchange Y", "Y-1001", "custodian identity 5", "partition 0 of token 1", "at most 1000 units", "until you revoke it", "2033-05-18 03:33:20 UTC"] {
			assert!(text.contains(part), "{part} missing from:\n{text}");
		}
	}

	#[test]
	fn times_are_shown_in_utc() {
		assert_eq!(time_text(0), "1970-01-01 00:00:00 UTC");
		assert_eq!(time_text(951_782_400_000), "2000-02-29 00:00:00 UTC");
	}
}
