//! Compliance rules (`Compliance.set_rules`) from a JSON rule file or from a few common
//! options.
//!
//! A rule file is a JSON list; each rule is an object with one rule key and, optionally,
//! `"partition": n` (the rule then governs that partition only):
//!
//! ```json
//! [
//!   { "claims": { "side": "both", "requirement": "all_of", "topics": ["kyc", "aml"], "issuers": "trusted" } },
//!   { "allow_jurisdictions": ["DE", "FR", "LU"] },
//!   { "block_jurisdictions": ["US"] },
//!   { "allow_investor_types": ["accredited", "institutional"] },
//!   { "max_holders": 2000 },
//!   { "max_holders_in": { "jurisdiction": "DE", "limit": 500 } },
//!   { "max_balance": "1000" },
//!   { "max_ownership_ppm": 100000 },
//!   { "holding_period": { "until": 1767225600000 }, "partition": 1 },
//!   { "trading_window": { "days": ["mon", "tue", "wed", "thu", "fri"], "open": "08:00", "close": "17:30" } },
//!   { "volume_limit": { "window": 24, "max": "500" } }
//! ]
//! ```
//!
//! `issuers` is `"trusted"` (the chain's trusted issuers and the token's own) or a list of
//! identity numbers. Times of day are UTC, `"HH:MM"` or milliseconds after midnight.

use crate::{
	chain::{parse_amount, Call, Sto},
	runtime::{
		api::{
			self,
			runtime_types::{
				pallet_compliance::types::{HolderClass, IssuerSource, Requirement, Side, TradingWindow},
				sto_primitives::identity::InvestorType,
			},
		},
		bounded, parse_claim_topic, parse_country, parse_variant, CountryCode, Rule, RuleKind,
	},
};
use anyhow::{anyhow, bail, Result};
use serde_json::{Map, Value as Json};

/// A rule for every partition.
pub fn for_all(kind: RuleKind) -> Rule {
	Rule { partition: None, kind }
}

/// `Compliance.set_rules(token, rules)`: replaces the token's whole rule set (an empty list
/// removes every rule). Signed by the token's compliance manager.
pub async fn set_rules(sto: &Sto, token: u32, rules: Vec<Rule>) -> Result<Call> {
	sto.call(&api::transactions().compliance().set_rules(token, bounded(rules))).await
}

/// Read a rule file's text (see the module documentation).
pub fn parse_rules(text: &str) -> Result<Vec<Rule>> {
	let root: Json = serde_json::from_str(text).map_err(|e| anyhow!("the rule file is not valid JSON: {e}"))?;
	let list = root.as_array().ok_or_else(|| anyhow!("the rule file must be a JSON list of rules"))?;
	list.iter().enumerate().map(|(index, rule)| parse_rule(rule).map_err(|e| anyhow!("rules[{index}]: {e}"))).collect()
}

fn parse_rule(rule: &Json) -> Result<Rule> {
	let object = rule.as_object().ok_or_else(|| anyhow!("expected an object"))?;
	let partition = match object.get("partition") {
		None | Some(Json::Null) => None,
		Some(value) => Some(
			value
				.as_u64()
				.filter(|p| *p <= u16::MAX as u64)
				.ok_or_else(|| anyhow!("partition: expected a partition number, got {value}"))? as u16,
		),
	};
	let keys: Vec<&String> = object.keys().filter(|k| *k != "partition").collect();
	let [key] = keys[..] else {
		bail!("expected exactly one rule key besides \"partition\", got {keys:?}");
	};
	let body = &object[key.as_str()];
	let at = |name: &str| format!("{key}.{name}");
	let kind = match key.as_str() {
		"claims" => {
			let fields = body.as_object().ok_or_else(|| anyhow!("claims: expected an object"))?;
			only(fields, "claims", &["side", "requirement", "topics", "issuers"])?;
			let side: Side =
				parse_variant(text(fields, &at("side"), "side")?, "side").map_err(|e| anyhow!("claims.side: {e}"))?;
			let requirement: Requirement =
				parse_variant(fields.get("requirement").and_then(Json::as_str).unwrap_or("all_of"), "requirement")
					.map_err(|e| anyhow!("claims.requirement: {e}"))?;
			let topics = strings(fields.get("topics"), "claims.topics")?
				.iter()
				.map(|t| parse_claim_topic(t))
				.collect::<Result<Vec<_>>>()
				.map_err(|e| anyhow!("claims.topics: {e}"))?;
			if topics.is_empty() {
				bail!("claims.topics: name at least one topic");
			}
			let issuers = match fields.get("issuers") {
				None => IssuerSource::Trusted,
				Some(Json::String(s)) if s.eq_ignore_ascii_case("trusted") => IssuerSource::Trusted,
				Some(Json::Array(ids)) => IssuerSource::Only(bounded(
					ids.iter()
						.map(|id| id.as_u64().ok_or_else(|| anyhow!("claims.issuers: {id} is not an identity number")))
						.collect::<Result<Vec<_>>>()?,
				)),
				Some(other) => bail!("claims.issuers: expected \"trusted\" or a list of identity numbers, got {other}"),
			};
			RuleKind::Claims { side, requirement, topics: bounded(topics), issuers }
		},
		"allow_jurisdictions" => RuleKind::AllowJurisdictions(bounded(countries(body, key)?)),
		"block_jurisdictions" => RuleKind::BlockJurisdictions(bounded(countries(body, key)?)),
		"allow_investor_types" => RuleKind::AllowInvestorTypes(bounded(
			strings(Some(body), key)?
				.iter()
				.map(|t| parse_variant::<InvestorType>(t, "investor type"))
				.collect::<Result<Vec<_>>>()
				.map_err(|e| anyhow!("{key}: {e}"))?,
		)),
		"max_holders" => RuleKind::MaxHolders(number(body, key, u32::MAX as u64)? as u32),
		"max_holders_in" => {
			let fields = body.as_object().ok_or_else(|| anyhow!("max_holders_in: expected an object"))?;
			only(fields, key, &["jurisdiction", "investor_type", "limit"])?;
			let limit = number(fields.get("limit").unwrap_or(&Json::Null), &at("limit"), u32::MAX as u64)? as u32;
			match (fields.get("jurisdiction"), fields.get("investor_type")) {
				(Some(Json::String(code)), None) => {
					RuleKind::MaxHoldersIn { class: HolderClass::Jurisdiction(parse_country(code)?), limit }
				},
				(None, Some(Json::String(kind))) => RuleKind::MaxHoldersIn {
					class: HolderClass::InvestorType(parse_variant(kind, "investor type").map_err(|e| anyhow!("{key}: {e}"))?),
					limit,
				},
				_ => bail!("max_holders_in: give either \"jurisdiction\" or \"investor_type\" (a string)"),
			}
		},
		"max_balance" => RuleKind::MaxBalance(amount(body, key)?),
		"max_ownership_ppm" => {
			let ppm = number(body, key, 1_000_000)? as u32;
			RuleKind::MaxOwnership(ppm)
		},
		"holding_period" => {
			let fields = body.as_object().ok_or_else(|| anyhow!("holding_period: expected {{\"until\": ms}}"))?;
			only(fields, key, &["until"])?;
			RuleKind::HoldingPeriod { until: number(fields.get("until").unwrap_or(&Json::Null), &at("until"), u64::MAX)? }
		},
		"trading_window" => {
			let fields = body.as_object().ok_or_else(|| anyhow!("trading_window: expected an object"))?;
			only(fields, key, &["days", "open", "close"])?;
			let days = match fields.get("days") {
				Some(Json::Number(n)) => n.as_u64().filter(|d| *d > 0 && *d < 128).ok_or_else(|| anyhow!("trading_window.days: a day mask 1..=127"))? as u8,
				Some(list @ Json::Array(_)) => day_mask(&strings(Some(list), "trading_window.days")?)?,
				_ => bail!("trading_window.days: a list of days (mon … sun) or a mask (bit 0 Monday)"),
			};
			let open = time_of_day(fields.get("open"), &at("open"))?;
			let close = time_of_day(fields.get("close"), &at("close"))?;
			if open == close {
				bail!("trading_window: open and close are the same time");
			}
			RuleKind::TradingWindow(TradingWindow { days, open, close })
		},
		"volume_limit" => {
			let fields = body.as_object().ok_or_else(|| anyhow!("volume_limit: expected an object"))?;
			only(fields, key, &["window", "max"])?;
			let window = number(fields.get("window").unwrap_or(&Json::Null), &at("window"), u32::MAX as u64)? as u32;
			let max = amount(fields.get("max").unwrap_or(&Json::Null), &at("max"))?;
			RuleKind::VolumeLimit { window, max }
		},
		other => bail!(
			"unknown rule {other:?} (expected claims, allow_jurisdictions, block_jurisdictions, allow_investor_types, max_holders, max_holders_in, max_balance, max_ownership_ppm, holding_period, trading_window, volume_limit)"
		),
	};
	Ok(Rule { partition, kind })
}

fn only(object: &Map<String, Json>, at: &str, allowed: &[&str]) -> Result<()> {
	match object.keys().find(|k| !allowed.contains(&k.as_str())) {
		Some(key) => bail!("{at}: unknown field {key:?} (expected {})", allowed.join(", ")),
		None => Ok(()),
	}
}

fn text<'a>(object: &'a Map<String, Json>, at: &str, name: &str) -> Result<&'a str> {
	object.get(name).and_then(Json::as_str).ok_or_else(|| anyhow!("{at}: expected a string"))
}

fn strings(value: Option<&Json>, at: &str) -> Result<Vec<String>> {
	let list = value.and_then(Json::as_array).ok_or_else(|| anyhow!("{at}: expected a list of strings"))?;
	list.iter()
		.map(|v| v.as_str().map(str::to_string).ok_or_else(|| anyhow!("{at}: {v} is not a string")))
		.collect()
}

fn countries(value: &Json, at: &str) -> Result<Vec<CountryCode>> {
	let codes = strings(Some(value), at)?.iter().map(|c| parse_country(c)).collect::<Result<Vec<_>>>()?;
	if codes.is_empty() {
		bail!("{at}: name at least one country");
	}
	Ok(codes)
}

fn number(value: &Json, at: &str, max: u64) -> Result<u64> {
	value.as_u64().filter(|n| *n <= max).ok_or_else(|| anyhow!("{at}: expected a whole number up to {max}, got {value}"))
}

fn amount(value: &Json, at: &str) -> Result<u128> {
	match value {
		Json::String(s) => parse_amount(s).map_err(|e| anyhow!("{at}: {e}")),
		Json::Number(n) => n.as_u64().map(u128::from).ok_or_else(|| anyhow!("{at}: not a whole amount: {n}")),
		other => bail!("{at}: expected a whole amount, got {other}"),
	}
}

/// A day mask (bit 0 Monday … bit 6 Sunday) from day names.
pub fn day_mask(days: &[String]) -> Result<u8> {
	const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
	let mut mask = 0u8;
	for day in days {
		let lower = day.trim().to_ascii_lowercase();
		let bit = NAMES
			.iter()
			.position(|name| lower.starts_with(name))
			.ok_or_else(|| anyhow!("unknown day {day:?} (expected mon … sun)"))?;
		mask |= 1 << bit;
	}
	if mask == 0 {
		bail!("name at least one day");
	}
	Ok(mask)
}

/// Milliseconds after midnight UTC from `"HH:MM"` or a number of milliseconds.
fn time_of_day(value: Option<&Json>, at: &str) -> Result<u32> {
	const DAY_MS: u64 = 86_400_000;
	let ms = match value {
		Some(Json::Number(n)) => n.as_u64().ok_or_else(|| anyhow!("{at}: expected milliseconds"))?,
		Some(Json::String(s)) => {
			let (h, m) = s.split_once(':').ok_or_else(|| anyhow!("{at}: expected \"HH:MM\", got {s:?}"))?;
			let h: u64 = h.trim().parse().map_err(|_| anyhow!("{at}: bad hour in {s:?}"))?;
			let m: u64 = m.trim().parse().map_err(|_| anyhow!("{at}: bad minute in {s:?}"))?;
			if h > 23 || m > 59 {
				bail!("{at}: {s:?} is not a time of day");
			}
			(h * 60 + m) * 60_000
		},
		_ => bail!("{at}: expected \"HH:MM\" or milliseconds after midnight UTC"),
	};
	if ms >= DAY_MS {
		bail!("{at}: {ms} ms is not within a day");
	}
	Ok(ms as u32)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_rule_file_parses() {
		use crate::runtime::ClaimTopic;
		let text = r#"[
			{ "claims": { "side": "both", "requirement": "all_of", "topics": ["kyc", "aml"], "issuers": "trusted" } },
			{ "allow_jurisdictions": ["de", "FR"] },
			{ "max_holders_in": { "investor_type": "retail", "limit": 99 } },
			{ "max_balance": "1000", "partition": 1 },
			{ "trading_window": { "days": ["mon", "fri"], "open": "08:00", "close": 61200000 } },
			{ "volume_limit": { "window": 24, "max": 500 } },
			{ "claims": { "side": "receiver", "requirement": "any_of", "topics": ["accredited", "jurisdiction:LU"], "issuers": [4, 9] } }
		]"#;
		let rules = parse_rules(text).expect("well formed");
		assert_eq!(rules.len(), 7);
		assert_eq!(
			rules[0].kind,
			RuleKind::Claims {
				side: Side::Both,
				requirement: Requirement::AllOf,
				topics: bounded(vec![ClaimTopic::Kyc, ClaimTopic::Aml]),
				issuers: IssuerSource::Trusted
			}
		);
		assert_eq!(rules[1].kind, RuleKind::AllowJurisdictions(bounded(vec![CountryCode(*b"DE"), CountryCode(*b"FR")])));
		assert_eq!(rules[2].kind, RuleKind::MaxHoldersIn { class: HolderClass::InvestorType(InvestorType::Retail), limit: 99 });
		assert_eq!(rules[3], Rule { partition: Some(1), kind: RuleKind::MaxBalance(1000) });
		assert_eq!(
			rules[4].kind,
			RuleKind::TradingWindow(TradingWindow { days: 0b1_0001, open: 8 * 3_600_000, close: 61_200_000 })
		);
		assert_eq!(rules[5].kind, RuleKind::VolumeLimit { window: 24, max: 500 });
		assert_eq!(
			rules[6].kind,
			RuleKind::Claims {
				side: Side::Receiver,
				requirement: Requirement::AnyOf,
				topics: bounded(vec![ClaimTopic::Accredited, ClaimTopic::Jurisdiction(CountryCode(*b"LU"))]),
				issuers: IssuerSource::Only(bounded(vec![4, 9]))
			}
		);
	}

	#[test]
	fn malformed_rules_are_refused_with_their_place() {
		for (text, expected) in [
			(r#"{}"#, "must be a JSON list"),
			(r#"[{ "max_balance": "1.5" }]"#, "rules[0]: max_balance: not a whole amount"),
			(r#"[{ "max_balance": 1 }, { "max_wealth": 1 }]"#, "rules[1]: unknown rule \"max_wealth\""),
			(r#"[{ "max_balance": 1, "max_holders": 2 }]"#, "exactly one rule key"),
			(r#"[{ "claims": { "side": "left", "topics": ["kyc"] } }]"#, "claims.side: unknown side \"left\" (expected one of Sender, Receiver, Both)"),
			(r#"[{ "allow_investor_types": ["whale"] }]"#, "expected one of Retail, Accredited"),
			(r#"[{ "claims": { "side": "both", "topics": [] } }]"#, "at least one topic"),
			(r#"[{ "block_jurisdictions": ["USA"] }]"#, "not a country code"),
			(r#"[{ "trading_window": { "days": ["mon"], "open": "25:00", "close": "10:00" } }]"#, "not a time of day"),
			(r#"[{ "max_ownership_ppm": 2000000 }]"#, "up to 1000000"),
		] {
			let error = parse_rules(text).expect_err(text).to_string();
			assert!(error.contains(expected), "{text}: {error}");
		}
	}
}
