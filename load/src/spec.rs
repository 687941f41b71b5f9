//! The benchmark chain spec: the consortium preset's genesis (four validators Alice..Dave, their
//! council, Ferdie the KYC provider) with `accounts` load accounts already set up, so that a
//! load run needs no set-up transactions:
//!
//! - the issuer `//sto-load/issuer` and every load account `//sto-load/<i>` funded
//!   ([`FUNDS`] each, for fees);
//! - an identity for each (the issuer kind `Issuer`, the accounts `NaturalPerson`), the identity
//!   ids following the preset's (Ferdie is 1, the issuer 2, account `i` is `3 + i`);
//! - claims by the preset's KYC provider (the first trusted issuer of KYC, AML and
//!   jurisdiction): KYC for the issuer; KYC, AML and residence in Germany for every account;
//! - the token [`SYMBOL`] of the issuer, `Active`, one transferable partition, issued at
//!   genesis to every account (`holding` each), with the typical rule set
//!   ([`crate::setup::typical_rules`]: KYC and AML on both sides, an EU allow list, a maximum
//!   number of holders, a maximum balance).
//!
//! The node's runtime builds this genesis through the pallets' genesis configs, which go through
//! the same functions as the calls (and refuse an inconsistent configuration), so the state is
//! what the set-up transactions would have left. The spec is the node's own
//! `export-chain-spec --chain consortium` output with the load accounts patched into its genesis
//! patch; with `raw` the node then turns it into the raw form (genesis storage built once, so the
//! four validators start from the same storage without building it each).
//!
//! `sto-load run` finds the token by its symbol ([`SYMBOL`], `SecurityToken::Symbols`), so it
//! needs no token id.

use crate::setup::{EU_COUNTRIES, MAX_BALANCE, MAX_HOLDERS};
use anyhow::{anyhow, bail, ensure, Context, Result};
use serde_json::{json, Value};
use std::{
	path::{Path, PathBuf},
	process::Command,
	time::{Duration, Instant},
};
use sto_harness::chain::UNIT;

/// The load token's symbol.
pub const SYMBOL: &str = "LOAD";

/// Fee-token balance of the issuer and of each load account.
pub const FUNDS: u128 = 1_000 * UNIT;

/// What `sto-load spec` writes and how long it took.
#[derive(Debug)]
pub struct SpecReport {
	pub accounts: usize,
	/// The load token's id in the spec.
	pub token: u32,
	/// The identity of `//sto-load/0` (account `i` has this plus `i`).
	pub first_identity: u64,
	pub path: PathBuf,
	/// Size of the written spec.
	pub bytes: u64,
	/// Deriving the accounts' keys.
	pub derive: Duration,
	/// Everything up to the written (non-raw) spec: exporting the preset, deriving, patching.
	pub generate: Duration,
	/// Turning it into the raw form: the runtime building the genesis storage (`None`: not raw).
	pub raw_build: Option<Duration>,
}

/// `node export-chain-spec --chain <chain> [--raw]`: the spec as JSON.
pub fn export_chain_spec(node: &Path, chain: &str, raw: bool) -> Result<Vec<u8>> {
	let mut command = Command::new(node);
	command.args(["export-chain-spec", "--chain", chain]);
	if raw {
		command.arg("--raw");
	}
	let output = command.output().with_context(|| format!("run {} export-chain-spec", node.display()))?;
	if !output.status.success() {
		bail!(
			"`{} export-chain-spec --chain {chain}{}` failed: {}",
			node.display(),
			if raw { " --raw" } else { "" },
			String::from_utf8_lossy(&output.stderr).trim()
		);
	}
	Ok(output.stdout)
}

/// The object at `path` in `value`, created (empty) where missing.
fn object_at<'a>(value: &'a mut Value, path: &[&str]) -> Result<&'a mut serde_json::Map<String, Value>> {
	let mut here = value;
	for key in path {
		let map = here.as_object_mut().ok_or_else(|| anyhow!("genesis patch: `{key}`'s parent is not an object"))?;
		here = map.entry(key.to_string()).or_insert_with(|| json!({}));
	}
	here.as_object_mut().ok_or_else(|| anyhow!("genesis patch: {} is not an object", path.join(".")))
}

/// The array at `field` of `object`, created (empty) where missing.
fn array_at<'a>(object: &'a mut serde_json::Map<String, Value>, field: &str) -> Result<&'a mut Vec<Value>> {
	object
		.entry(field.to_string())
		.or_insert_with(|| json!([]))
		.as_array_mut()
		.ok_or_else(|| anyhow!("genesis patch: `{field}` is not a list"))
}

/// The identity the preset trusts for KYC, AML and jurisdiction claims (the KYC provider).
fn kyc_provider(registry: &serde_json::Map<String, Value>) -> Result<u64> {
	let trusted = registry.get("trustedIssuers").and_then(Value::as_array).cloned().unwrap_or_default();
	trusted
		.iter()
		.find_map(|entry| {
			let id = entry.get(0)?.as_u64()?;
			let classes = entry.get(1)?.as_array()?;
			let has = |class: &str| classes.iter().any(|c| c.as_str() == Some(class));
			(has("Kyc") && has("Aml") && has("Jurisdiction")).then_some(id)
		})
		.ok_or_else(|| anyhow!("the base chain spec trusts no issuer for KYC, AML and jurisdiction claims"))
}

/// A country code as the genesis config spells it (its two bytes).
fn country(code: &[u8; 2]) -> Value {
	json!([code[0], code[1]])
}

/// The typical rules as the compliance genesis config spells them (the same rules as
/// [`crate::setup::typical_rules`]).
pub fn typical_rules_json(max_holders: u32) -> Value {
	let countries: Vec<Value> = EU_COUNTRIES.iter().map(country).collect();
	json!([
		{ "partition": null, "kind": { "Claims": {
			"side": "Both", "requirement": "AllOf", "topics": ["Kyc", "Aml"], "issuers": "Trusted"
		} } },
		{ "partition": null, "kind": { "AllowJurisdictions": countries } },
		{ "partition": null, "kind": { "MaxHolders": max_holders } },
		{ "partition": null, "kind": { "MaxBalance": MAX_BALANCE } },
	])
}

/// The SS58 addresses of load accounts `0..accounts`.
pub fn load_addresses(accounts: usize) -> Result<Vec<String>> {
	(0..accounts).map(|i| crate::load_account(i).map(|k| k.public_key().to_account_id().to_string())).collect()
}

/// Patch load accounts (`senders`, the addresses of `//sto-load/0..`) holding `holding` of the
/// load token into `spec` (a non-raw chain spec whose genesis is a preset patch). Returns the
/// token id and the identity of account 0.
pub fn patch_spec(spec: &mut Value, senders: &[String], holding: u128) -> Result<(u32, u64)> {
	let accounts = senders.len();
	ensure!(accounts >= 2, "a load run needs at least two accounts, asked for {accounts}");
	ensure!(holding > 0 && holding <= MAX_BALANCE, "the holding must be between 1 and {MAX_BALANCE}");
	let issuer = sto_harness::chain::keypair("//sto-load/issuer")?.public_key().to_account_id().to_string();

	// Another chain than the base's: its own id (database directory) and network protocol.
	let id = format!("{}_bench", spec["id"].as_str().unwrap_or("sto"));
	spec["name"] = json!(format!("{} Benchmark ({accounts} load accounts)", spec["name"].as_str().unwrap_or("STO")));
	spec["id"] = json!(id);
	spec["protocolId"] = json!(id);
	let patch = spec
		.pointer_mut("/genesis/runtimeGenesis/patch")
		.ok_or_else(|| anyhow!("the base chain spec has no genesis patch (genesis.runtimeGenesis.patch): export it without --raw"))?;

	let balances = array_at(object_at(patch, &["balances"])?, "balances")?;
	let funds = u64::try_from(FUNDS).context("funds fit a JSON number")?;
	for account in std::iter::once(&issuer).chain(senders) {
		balances.push(json!([account, funds]));
	}

	let registry = object_at(patch, &["identityRegistry"])?;
	let provider = kyc_provider(registry)?;
	let identities = array_at(registry, "identities")?;
	let issuer_identity = identities.len() as u64 + 1;
	let first_identity = issuer_identity + 1;
	identities.push(json!([issuer, "Issuer"]));
	identities.extend(senders.iter().map(|account| json!([account, "NaturalPerson"])));
	let claims = array_at(registry, "claims")?;
	claims.push(json!([issuer_identity, "Kyc", provider, "Global"]));
	for n in 0..accounts as u64 {
		let subject = first_identity + n;
		claims.push(json!([subject, "Kyc", provider, "Global"]));
		claims.push(json!([subject, "Aml", provider, "Global"]));
		claims.push(json!([subject, { "Jurisdiction": country(b"DE") }, provider, "Global"]));
	}

	let holding = u64::try_from(holding).context("the holding fits a JSON number")?;
	let tokens = array_at(object_at(patch, &["securityToken"])?, "tokens")?;
	let token = tokens.len() as u32;
	tokens.push(json!({
		"owner": issuer,
		"symbol": SYMBOL.as_bytes(),
		"name": b"Load test token",
		"decimals": 0,
		"granularity": 1,
		"instrument": "Equity",
		"supplyCap": null,
		"controllable": true,
		"partitions": [[b"default", { "voting": true, "dividends": true, "transferable": true }]],
		"status": "Active",
		"holdings": senders.iter().map(|account| json!([account, 0, holding])).collect::<Vec<_>>(),
	}));
	let max_holders = MAX_HOLDERS.max(u32::try_from(accounts).context("accounts fit a u32")?);
	array_at(object_at(patch, &["compliance"])?, "rules")?.push(json!([token, typical_rules_json(max_holders)]));
	Ok((token, first_identity))
}

/// Write the benchmark spec for `accounts` accounts to `out`, from `node`'s preset `base`
/// (`consortium`; `dev` for a single validator), raw if `raw`.
pub fn write_benchmark_spec(node: &Path, base: &str, accounts: usize, holding: u128, out: &Path, raw: bool) -> Result<SpecReport> {
	let started = Instant::now();
	let mut spec: Value =
		serde_json::from_slice(&export_chain_spec(node, base, false)?).context("the exported chain spec is JSON")?;
	let derive_started = Instant::now();
	let senders = load_addresses(accounts)?;
	let derive = derive_started.elapsed();
	let (token, first_identity) = patch_spec(&mut spec, &senders, holding)?;
	let plain = if raw { out.with_extension("plain.json") } else { out.to_path_buf() };
	std::fs::write(&plain, serde_json::to_vec(&spec)?).with_context(|| format!("write {}", plain.display()))?;
	let generate = started.elapsed();
	let raw_build = if raw {
		let raw_started = Instant::now();
		let bytes = export_chain_spec(node, plain.to_str().ok_or_else(|| anyhow!("a UTF-8 path"))?, true)?;
		std::fs::write(out, bytes).with_context(|| format!("write {}", out.display()))?;
		std::fs::remove_file(&plain).ok();
		Some(raw_started.elapsed())
	} else {
		None
	};
	let bytes = std::fs::metadata(out)?.len();
	Ok(SpecReport { accounts, token, first_identity, path: out.to_path_buf(), bytes, derive, generate, raw_build })
}

#[cfg(test)]
mod tests {
	use super::*;

	fn base() -> Value {
		json!({
			"name": "STO Consortium", "id": "sto_consortium", "protocolId": "sto_consortium",
			"genesis": { "runtimeGenesis": { "code": "0x00", "patch": {
				"balances": { "balances": [["5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL", 1]] },
				"identityRegistry": {
					"identities": [["5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL", "ClaimIssuer"]],
					"registrars": [1],
					"trustedIssuers": [[1, ["Kyc", "Aml", "Jurisdiction"]]]
				}
			} } }
		})
	}

	#[test]
	fn the_patch_sets_up_every_account_after_the_presets_identities() -> Result<()> {
		let mut spec = base();
		let (token, first_identity) = patch_spec(&mut spec, &load_addresses(3)?, 500)?;
		assert_eq!((token, first_identity), (0, 3));
		let patch = &spec["genesis"]["runtimeGenesis"]["patch"];
		assert_eq!(patch["balances"]["balances"].as_array().map(Vec::len), Some(1 + 1 + 3));
		assert_eq!(patch["identityRegistry"]["identities"].as_array().map(Vec::len), Some(1 + 1 + 3));
		assert_eq!(patch["identityRegistry"]["identities"][3][0], json!(crate::load_account(1)?.public_key().to_account_id().to_string()));
		// KYC for the issuer, then KYC, AML and DE for each account, all by identity 1.
		let claims = patch["identityRegistry"]["claims"].as_array().cloned().unwrap_or_default();
		assert_eq!(claims.len(), 1 + 3 * 3);
		assert_eq!(claims[0], json!([2, "Kyc", 1, "Global"]));
		assert_eq!(claims[9], json!([5, { "Jurisdiction": [68, 69] }, 1, "Global"]));
		let token = &patch["securityToken"]["tokens"][0];
		assert_eq!(token["symbol"], json!(b"LOAD"));
		assert_eq!(token["holdings"].as_array().map(Vec::len), Some(3));
		assert_eq!(token["holdings"][2][2], json!(500));
		assert_eq!(patch["compliance"]["rules"][0][0], json!(0));
		assert_eq!(patch["compliance"]["rules"][0][1].as_array().map(Vec::len), Some(4));
		assert_eq!((&spec["id"], &spec["protocolId"]), (&json!("sto_consortium_bench"), &json!("sto_consortium_bench")));
		Ok(())
	}

	#[test]
	fn a_spec_without_a_kyc_provider_or_with_one_account_is_refused() -> Result<()> {
		let mut spec = base();
		spec["genesis"]["runtimeGenesis"]["patch"]["identityRegistry"]["trustedIssuers"] = json!([[1, ["Kyc"]]]);
		let error = patch_spec(&mut spec, &load_addresses(3)?, 1).expect_err("no KYC provider");
		assert!(format!("{error}").contains("trusts no issuer for KYC, AML and jurisdiction"), "{error}");
		let error = patch_spec(&mut base(), &load_addresses(1)?, 1).expect_err("one account");
		assert!(format!("{error}").contains("at least two accounts"), "{error}");
		Ok(())
	}
}
