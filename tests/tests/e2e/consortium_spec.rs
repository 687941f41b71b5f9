//! `sto-node consortium-spec --members <file>`: a consortium's production chain spec built from
//! its members' own public keys, run as the operators run it (the real binary, a members' file
//! on disk). Development keys, incomplete files and bad keys are refused with an error that
//! names the entry; the example file of chain-specs/ builds.

use anyhow::{ensure, Context, Result};
use serde_json::{json, Value};
use std::process::Output;
use sto_harness::{node_binary, sto_client::keypair, subxt::utils::AccountId32, workspace_root, TestDir};

/// An SS58 address and two hex session keys no one else holds (arbitrary 32-byte keys: the
/// spec builder checks their form and that they are not development keys).
fn fresh(seed: u8) -> (String, String, String) {
	(AccountId32([seed; 32]).to_string(), format!("0x{}", hex::encode([seed ^ 0x55; 32])), format!("0x{}", hex::encode([seed ^ 0xaa; 32])))
}

fn members() -> Value {
	let validators: Vec<Value> = (1..=4u8)
		.map(|seed| {
			let (account, aura, grandpa) = fresh(seed);
			json!({ "account": account, "aura": aura, "grandpa": grandpa })
		})
		.collect();
	let council: Vec<Value> = validators.iter().map(|v| v["account"].clone()).collect();
	let kyc = fresh(9).0;
	json!({
		"name": "Test Consortium",
		"id": "test_consortium",
		"endowments": [[kyc, 1_000]],
		"validators": validators,
		"council": council,
		"claim_issuers": [{ "account": kyc, "topics": ["all"], "registrar": true }],
	})
}

fn dev_account(suri: &str) -> Result<String> {
	Ok(keypair(suri)?.public_key().to_account_id().to_string())
}

fn build(dir: &TestDir, members: &Value, raw: bool) -> Result<Output> {
	let path = dir.path().join("members.json");
	std::fs::write(&path, serde_json::to_vec_pretty(members)?)?;
	let mut command = std::process::Command::new(node_binary()?);
	command.arg("consortium-spec").arg("--members").arg(&path);
	if raw {
		command.arg("--raw");
	}
	command.output().context("run sto-node consortium-spec")
}

/// The run must fail with an error containing every one of `expected`.
fn refused(dir: &TestDir, members: &Value, expected: &[&str]) -> Result<()> {
	let output = build(dir, members, false)?;
	let error = String::from_utf8_lossy(&output.stderr);
	ensure!(!output.status.success(), "accepted, expected a refusal naming {expected:?}");
	ensure!(expected.iter().all(|e| error.contains(e)), "the error does not name {expected:?}: {error}");
	Ok(())
}

#[test]
fn a_spec_is_built_from_the_members_keys() -> Result<()> {
	let dir = TestDir::new("consortium-spec-built");
	let output = build(&dir, &members(), false)?;
	ensure!(output.status.success(), "consortium-spec failed: {}", String::from_utf8_lossy(&output.stderr));
	let spec: Value = serde_json::from_slice(&output.stdout)?;
	let patch = &spec["genesis"]["runtimeGenesis"]["patch"];
	ensure!(patch["validatorSet"]["initialValidators"].as_array().map(Vec::len) == Some(4), "validators: {patch}");
	ensure!(patch["council"]["members"].as_array().map(Vec::len) == Some(4), "council: {patch}");
	ensure!(patch["sudo"]["key"].is_null(), "a production chain has no sudo: {patch}");
	ensure!(patch["identityRegistry"]["registrars"] == json!([1]), "registrars: {patch}");
	ensure!(spec["chainType"] == "Live", "chain type: {}", spec["chainType"]);
	// The raw form builds the genesis storage (the runtime accepts it).
	let raw = build(&dir, &members(), true)?;
	ensure!(raw.status.success(), "--raw failed: {}", String::from_utf8_lossy(&raw.stderr));
	let raw: Value = serde_json::from_slice(&raw.stdout)?;
	ensure!(raw.pointer("/genesis/raw/top").is_some_and(Value::is_object), "no genesis storage in the raw spec");
	// The example file in chain-specs/ builds.
	let example: Value = serde_json::from_slice(&std::fs::read(workspace_root().join("chain-specs/members.example.json"))?)?;
	let output = build(&dir, &example, false)?;
	ensure!(output.status.success(), "the example does not build: {}", String::from_utf8_lossy(&output.stderr));
	Ok(())
}

#[test]
fn development_keys_are_refused_with_a_clear_error() -> Result<()> {
	let dir = TestDir::new("consortium-spec-dev-keys");
	let mut m = members();
	m["validators"][2]["account"] = json!(dev_account("//Alice")?);
	refused(&dir, &m, &["validators[2].account", "development key"])?;

	// Any development key, whatever the scheme it is used for.
	let mut m = members();
	m["validators"][0]["grandpa"] = json!(format!("0x{}", hex::encode(keypair("//Bob")?.public_key().0)));
	refused(&dir, &m, &["validators[0].grandpa"])?;

	let mut m = members();
	m["claim_issuers"][0]["account"] = json!(dev_account("//Ferdie")?);
	refused(&dir, &m, &["claim_issuers[0].account"])?;

	let mut m = members();
	m["council"].as_array_mut().context("council")?.push(json!(dev_account("//Charlie//stash")?));
	refused(&dir, &m, &["council[4]"])?;

	let mut m = members();
	let root = dev_account("bottom drive obey lake curtain smoke basket hold race lonely fit walk")?;
	m["endowments"].as_array_mut().context("endowments")?.push(json!([root, 1]));
	refused(&dir, &m, &["endowments[1]"])
}

#[test]
fn incomplete_files_are_refused() -> Result<()> {
	let dir = TestDir::new("consortium-spec-incomplete");
	let mut m = members();
	m["council"] = json!([]);
	refused(&dir, &m, &["empty council"])?;
	let mut m = members();
	m["validators"] = json!([]);
	refused(&dir, &m, &["at least one validator"])?;
	let mut m = members();
	m["validators"][1]["aura"] = m["validators"][0]["aura"].clone();
	refused(&dir, &m, &["appears twice"])?;
	let mut m = members();
	m["claim_issuers"][0]["topics"] = json!(["Kyc", "Gold"]);
	refused(&dir, &m, &["unknown topic class `Gold`"])?;
	let mut m = members();
	m["validators"][0]["account"] = json!("not-an-address");
	refused(&dir, &m, &["not an SS58 address"])?;
	let mut m = members();
	m["surprise"] = json!(1);
	refused(&dir, &m, &["surprise"])
}
