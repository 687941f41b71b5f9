//! The batch file: matched trades an exchange settles in one `Custody.settle`, as JSON.
//!
//! ```json
//! {
//!   "batch_ref": "venue-x/2024-06-03/run-1",
//!   "legs": [
//!     { "token": 1, "partition": 0, "from": "5G…", "to": "5F…", "amount": "100" }
//!   ],
//!   "cash_legs": [
//!     { "asset": 7, "from": "5C…", "to": "5G…", "amount": "10000" }
//!   ]
//! }
//! ```
//!
//! - `batch_ref`: `0x` + 64 hex digits used as it is, or any other text, hashed with
//!   BLAKE2b-256 (the custodian must never reuse a reference).
//! - `legs`: token legs, settled in order: `token` (id), `partition` (default 0), `from` and
//!   `to` (SS58 addresses or `0x` + 64 hex digits), `amount` (a whole number of the token's
//!   smallest unit, as a string or an integer; above zero).
//! - `cash_legs`: payments in a cash asset (pallet-assets), from a wallet of the settling
//!   custodian; same fields with `asset` instead of `token` and `partition`.
//!
//! Every mistake is reported with its place (`legs[2].amount: not a whole amount: "1.5"`)
//! before anything is sent to a node; unknown fields are refused (a typo must not drop data).

use crate::{
	chain::{self, parse_account, parse_amount},
	runtime::api::runtime_types::pallet_custody::types,
};
use anyhow::{anyhow, bail, Result};
use serde_json::{json, Map, Value as Json};
use subxt::utils::{AccountId32, H256};

/// A token leg (the runtime's `Leg`): `amount` of `partition` of `token` from `from` to `to`.
pub type Leg = types::Leg<AccountId32>;

/// A cash leg (the runtime's `CashLeg`): `amount` of cash asset `asset` from `from` (a
/// custodian wallet) to `to`.
pub type CashLeg = types::CashLeg<u32, AccountId32, u128>;

/// A settlement batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
	/// The reference the chain records (and refuses to settle twice).
	pub batch_ref: H256,
	/// How the reference was written in the file (text or hex).
	pub batch_ref_text: String,
	pub legs: Vec<Leg>,
	pub cash_legs: Vec<CashLeg>,
}

impl Batch {
	/// A batch under reference `batch_ref` (hex or text, see [`chain::reference`]).
	pub fn new(batch_ref: &str, legs: Vec<Leg>, cash_legs: Vec<CashLeg>) -> Result<Self> {
		Ok(Self { batch_ref: chain::reference(batch_ref)?, batch_ref_text: batch_ref.trim().to_string(), legs, cash_legs })
	}

	/// Read a batch file's text.
	pub fn parse(text: &str) -> Result<Self> {
		let root: Json = serde_json::from_str(text).map_err(|e| anyhow!("the batch is not valid JSON: {e}"))?;
		let object = root.as_object().ok_or_else(|| anyhow!("the batch must be a JSON object with batch_ref, legs, cash_legs"))?;
		only_fields(object, "the batch", &["batch_ref", "legs", "cash_legs"])?;
		let batch_ref_text = match object.get("batch_ref") {
			Some(Json::String(text)) => text.clone(),
			Some(other) => bail!("batch_ref: expected a string (0x + 64 hex digits, or text to hash), got {other}"),
			None => bail!("batch_ref is missing (0x + 64 hex digits, or text to hash)"),
		};
		let batch_ref = chain::reference(&batch_ref_text).map_err(|e| anyhow!("batch_ref: {e}"))?;

		let mut legs = Vec::new();
		for (index, item) in list(object, "legs")?.iter().enumerate() {
			let at = format!("legs[{index}]");
			let leg = item.as_object().ok_or_else(|| anyhow!("{at}: expected an object"))?;
			only_fields(leg, &at, &["token", "partition", "from", "to", "amount"])?;
			let token = integer(leg, &at, "token", u32::MAX as u64, None)? as u32;
			let partition = integer(leg, &at, "partition", u16::MAX as u64, Some(0))? as u16;
			let (from, to) = ends(leg, &at)?;
			let amount = amount(leg, &at)?;
			legs.push(Leg { token, partition, from, to, amount });
		}
		let mut cash_legs = Vec::new();
		for (index, item) in list(object, "cash_legs")?.iter().enumerate() {
			let at = format!("cash_legs[{index}]");
			let leg = item.as_object().ok_or_else(|| anyhow!("{at}: expected an object"))?;
			only_fields(leg, &at, &["asset", "from", "to", "amount"])?;
			let asset = integer(leg, &at, "asset", u32::MAX as u64, None)? as u32;
			let (from, to) = ends(leg, &at)?;
			let amount = amount(leg, &at)?;
			cash_legs.push(CashLeg { asset, from, to, amount });
		}
		if legs.is_empty() && cash_legs.is_empty() {
			bail!("the batch has no legs: give at least one token leg or cash leg");
		}
		Ok(Self { batch_ref, batch_ref_text: batch_ref_text.trim().to_string(), legs, cash_legs })
	}

	/// Read a batch file.
	pub fn read(path: &std::path::Path) -> Result<Self> {
		let text = std::fs::read_to_string(path).map_err(|e| anyhow!("cannot read the batch file {}: {e}", path.display()))?;
		Self::parse(&text).map_err(|e| anyhow!("{}: {e}", path.display()))
	}

	/// Refuse a batch the chain would refuse for its size (`Custody.MaxLegs`,
	/// `Custody.MaxCashLegs`).
	pub fn check_size(&self, max_legs: u32, max_cash_legs: u32) -> Result<()> {
		if self.legs.len() > max_legs as usize {
			bail!(
				"the batch has {} token legs; the chain settles at most {max_legs} per batch (Custody.MaxLegs): split it",
				self.legs.len()
			);
		}
		if self.cash_legs.len() > max_cash_legs as usize {
			bail!(
				"the batch has {} cash legs; the chain settles at most {max_cash_legs} per batch (Custody.MaxCashLegs): split it",
				self.cash_legs.len()
			);
		}
		Ok(())
	}

	/// The batch file's JSON (amounts as strings, accounts as SS58).
	pub fn to_json(&self) -> Json {
		json!({
			"batch_ref": self.batch_ref_text,
			"legs": self.legs.iter().map(|leg| json!({
				"token": leg.token,
				"partition": leg.partition,
				"from": leg.from.to_string(),
				"to": leg.to.to_string(),
				"amount": leg.amount.to_string(),
			})).collect::<Vec<_>>(),
			"cash_legs": self.cash_legs.iter().map(|leg| json!({
				"asset": leg.asset,
				"from": leg.from.to_string(),
				"to": leg.to.to_string(),
				"amount": leg.amount.to_string(),
			})).collect::<Vec<_>>(),
		})
	}
}

fn only_fields(object: &Map<String, Json>, at: &str, allowed: &[&str]) -> Result<()> {
	for key in object.keys() {
		if !allowed.contains(&key.as_str()) {
			bail!("{at}: unknown field {key:?} (expected {})", allowed.join(", "));
		}
	}
	Ok(())
}

fn list<'a>(object: &'a Map<String, Json>, name: &str) -> Result<&'a [Json]> {
	match object.get(name) {
		None | Some(Json::Null) => Ok(&[]),
		Some(Json::Array(items)) => Ok(items),
		Some(other) => bail!("{name}: expected a list, got {other}"),
	}
}

fn integer(object: &Map<String, Json>, at: &str, name: &str, max: u64, default: Option<u64>) -> Result<u64> {
	match (object.get(name), default) {
		(None, Some(default)) => Ok(default),
		(None, None) => bail!("{at}.{name} is missing"),
		(Some(value), _) => {
			let n = value.as_u64().ok_or_else(|| anyhow!("{at}.{name}: expected a whole number, got {value}"))?;
			if n > max {
				bail!("{at}.{name}: {n} is above the largest allowed, {max}");
			}
			Ok(n)
		},
	}
}

fn account(object: &Map<String, Json>, at: &str, name: &str) -> Result<AccountId32> {
	match object.get(name) {
		Some(Json::String(text)) => parse_account(text).map_err(|e| anyhow!("{at}.{name}: {e}")),
		Some(other) => bail!("{at}.{name}: expected an address string, got {other}"),
		None => bail!("{at}.{name} is missing"),
	}
}

fn ends(object: &Map<String, Json>, at: &str) -> Result<(AccountId32, AccountId32)> {
	let from = account(object, at, "from")?;
	let to = account(object, at, "to")?;
	if from == to {
		bail!("{at}: from and to are the same account ({from})");
	}
	Ok((from, to))
}

fn amount(object: &Map<String, Json>, at: &str) -> Result<u128> {
	let amount = match object.get("amount") {
		Some(Json::String(text)) => parse_amount(text).map_err(|e| anyhow!("{at}.amount: {e}"))?,
		Some(Json::Number(n)) => match n.as_u64() {
			Some(n) => n as u128,
			None => bail!("{at}.amount: not a whole amount: {n} (write large amounts as strings)"),
		},
		Some(other) => bail!("{at}.amount: expected a whole amount, got {other}"),
		None => bail!("{at}.amount is missing"),
	};
	if amount == 0 {
		bail!("{at}.amount: must be above zero");
	}
	Ok(amount)
}

#[cfg(test)]
mod tests {
	use super::*;

	const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
	const BOB: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

	fn batch(legs: &str, cash_legs: &str) -> String {
		format!(r#"{{ "batch_ref": "run 1", "legs": [{legs}], "cash_legs": [{cash_legs}] }}"#)
	}

	fn leg(amount: &str) -> String {
		format!(r#"{{ "token": 1, "partition": 2, "from": "{ALICE}", "to": "{BOB}", "amount": {amount} }}"#)
	}

	#[test]
	fn a_well_formed_batch_parses_and_round_trips() {
		let cash = format!(r#"{{ "asset": 7, "from": "{BOB}", "to": "{ALICE}", "amount": "340282366920938463463374607431768211455" }}"#);
		let text = batch(&format!("{}, {}", leg("\"100\""), leg("5")), &cash);
		let parsed = Batch::parse(&text).expect("well formed");
		assert_eq!(parsed.batch_ref, chain::blake2_256(b"run 1"));
		assert_eq!(parsed.legs.len(), 2);
		assert_eq!(parsed.legs[0].amount, 100);
		assert_eq!(parsed.legs[1].amount, 5);
		assert_eq!(parsed.legs[0].partition, 2);
		assert_eq!(parsed.cash_legs[0].amount, u128::MAX);
		assert_eq!(parsed.cash_legs[0].asset, 7);
		let again = Batch::parse(&parsed.to_json().to_string()).expect("round trip");
		assert_eq!(again, parsed);
		// The partition defaults to 0; a hex reference is used as it is.
		let text = format!(
			r#"{{ "batch_ref": "0x{}", "legs": [{{ "token": 1, "from": "{ALICE}", "to": "{BOB}", "amount": 1 }}] }}"#,
			"11".repeat(32)
		);
		let parsed = Batch::parse(&text).expect("well formed");
		assert_eq!(parsed.legs[0].partition, 0);
		assert_eq!(parsed.batch_ref, H256([0x11; 32]));
		assert!(parsed.cash_legs.is_empty());
	}

	#[test]
	fn malformed_batches_are_refused_with_the_place_of_the_mistake() {
		let cases: Vec<(String, &str)> = vec![
			("[1, 2]".into(), "must be a JSON object"),
			("{ \"batch_ref\": ".into(), "not valid JSON"),
			(r#"{ "legs": [] }"#.into(), "batch_ref is missing"),
			(r#"{ "batch_ref": "0x12", "legs": [] }"#.into(), "batch_ref: not a hash"),
			(r#"{ "batch_ref": "x" }"#.into(), "no legs"),
			(r#"{ "batch_ref": "x", "legs": {} }"#.into(), "legs: expected a list"),
			(r#"{ "batch_ref": "x", "leg": [] }"#.into(), "unknown field \"leg\""),
			(batch(&leg("\"1.5\""), ""), "legs[0].amount: not a whole amount"),
			(batch(&leg("0"), ""), "legs[0].amount: must be above zero"),
			(batch(&leg("-4"), ""), "legs[0].amount: not a whole amount"),
			(batch(&format!("{}, {}", leg("1"), leg("1e3")), ""), "legs[1].amount"),
			(batch(&leg("1").replace(ALICE, "5Grw"), ""), "legs[0].from: not an account"),
			(batch(&leg("1").replace(BOB, ALICE), ""), "legs[0]: from and to are the same account"),
			(batch(&leg("1").replace("\"token\": 1", "\"token\": -1"), ""), "legs[0].token: expected a whole number"),
			(batch(&leg("1").replace("\"partition\": 2", "\"partition\": 70000"), ""), "legs[0].partition: 70000 is above"),
			(batch(&leg("1").replace("\"amount\"", "\"ammount\""), ""), "legs[0]: unknown field \"ammount\""),
			(batch("", &format!(r#"{{ "from": "{BOB}", "to": "{ALICE}", "amount": "3" }}"#)), "cash_legs[0].asset is missing"),
		];
		for (text, expected) in cases {
			let error = Batch::parse(&text).expect_err(&text).to_string();
			assert!(error.contains(expected), "{text}: {error} (expected {expected:?})");
			assert!(!error.contains('\n'), "one line: {error}");
		}
	}

	#[test]
	fn batches_above_the_chain_limits_are_refused() {
		let legs: Vec<String> = (0..3).map(|_| leg("1")).collect();
		let parsed = Batch::parse(&batch(&legs.join(","), "")).expect("well formed");
		parsed.check_size(3, 0).expect("at the limit");
		let error = parsed.check_size(2, 16).expect_err("above").to_string();
		assert!(error.contains("3 token legs") && error.contains("at most 2") && error.contains("Custody.MaxLegs"), "{error}");
	}
}
