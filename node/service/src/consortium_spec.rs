//! `sto-node consortium-spec`: a production chain spec from the members' own keys.
//!
//! The members fill in one JSON file (chain-specs/members.example.json) with public keys only —
//! each validator's account, Aura (sr25519) and GRANDPA (ed25519) keys, the council, the initial
//! claim issuers (KYC providers, which become identities 1, 2, ... and may be registrars) and the
//! endowments — and every member runs this command on the same file and the same binary, so each
//! can check the spec's hash before starting. No sudo. The command refuses the well-known
//! development keys (`//Alice` … `//Ferdie`, their stash keys and the development phrase's root
//! key), an empty validator set or council, duplicates, and malformed keys, naming what is wrong.

use polkadot_sdk::{
	sc_chain_spec::ChainType,
	sp_core::{
		crypto::{AccountId32, Ss58Codec, DEV_PHRASE},
		ed25519, sr25519, Pair,
	},
	sp_keyring::{Ed25519Keyring, Sr25519Keyring},
};
use serde::Deserialize;
use std::{collections::BTreeSet, path::PathBuf};
use sto_runtime::genesis_config_presets::{GenesisClaimIssuer, GenesisMembers, GenesisValidator};

/// Build a consortium chain spec from the members' file.
#[derive(Debug, clap::Parser)]
pub struct ConsortiumSpecCmd {
	/// The members' file (JSON, see chain-specs/members.example.json).
	#[arg(long)]
	pub members: PathBuf,

	/// Print the raw spec (genesis storage), the form nodes start from.
	#[arg(long)]
	pub raw: bool,
}

/// The members' file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Members {
	/// The chain's name (e.g. "Acme Securities Consortium").
	pub name: String,
	/// The chain's id and network protocol id (lower case, e.g. "acme_sto").
	pub id: String,
	pub validators: Vec<Validator>,
	/// Council members' accounts (SS58).
	pub council: Vec<String>,
	/// Initial claim issuers: identities 1, 2, ... in this order.
	pub claim_issuers: Vec<ClaimIssuer>,
	/// Accounts endowed with STO at genesis: (SS58 account, amount in whole STO).
	#[serde(default)]
	pub endowments: Vec<(String, u64)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Validator {
	/// The validator's account (SS58).
	pub account: String,
	/// Its Aura session key (sr25519 public key, SS58 or 0x-hex).
	pub aura: String,
	/// Its GRANDPA session key (ed25519 public key, SS58 or 0x-hex).
	pub grandpa: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimIssuer {
	/// The issuer identity's primary account (SS58).
	pub account: String,
	/// Topic classes it is trusted for: Kyc, Aml, Accredited, QualifiedPurchaser,
	/// Institutional, Retail, Jurisdiction, Exempted (`["all"]`: every one).
	pub topics: Vec<String>,
	/// Whether it may create identities.
	#[serde(default)]
	pub registrar: bool,
}

/// 32-byte public keys anyone can sign for: the development keyrings and the development
/// phrase's root keys.
fn development_keys() -> BTreeSet<[u8; 32]> {
	let mut keys: BTreeSet<[u8; 32]> = Sr25519Keyring::iter().map(|k| k.public().0).collect();
	keys.extend(Ed25519Keyring::iter().map(|k| k.public().0));
	for name in ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie", "One", "Two"] {
		for suri in [format!("//{name}"), format!("//{name}//stash")] {
			if let Ok(pair) = sr25519::Pair::from_string(&suri, None) {
				keys.insert(pair.public().0);
			}
			if let Ok(pair) = ed25519::Pair::from_string(&suri, None) {
				keys.insert(pair.public().0);
			}
		}
	}
	if let Ok(pair) = sr25519::Pair::from_string(DEV_PHRASE, None) {
		keys.insert(pair.public().0);
	}
	if let Ok(pair) = ed25519::Pair::from_string(DEV_PHRASE, None) {
		keys.insert(pair.public().0);
	}
	keys
}

/// A 32-byte public key from SS58 or 0x-hex; `what` names it in errors.
fn public_key(text: &str, what: &str) -> Result<[u8; 32], String> {
	let text = text.trim();
	if let Some(hex) = text.strip_prefix("0x") {
		let bytes = hex::decode(hex).map_err(|e| format!("{what}: `{text}` is not hex: {e}"))?;
		return bytes.try_into().map_err(|_| format!("{what}: `{text}` is not 32 bytes"));
	}
	AccountId32::from_ss58check(text)
		.map(|account| account.into())
		.map_err(|e| format!("{what}: `{text}` is not an SS58 address: {e:?}"))
}

/// The genesis of `members`, refusing development keys and incomplete or inconsistent files.
pub fn genesis_members(members: &Members) -> Result<GenesisMembers, String> {
	let dev = development_keys();
	let mut seen = BTreeSet::new();
	let mut key = |text: &str, what: String, unique: bool| -> Result<[u8; 32], String> {
		let key = public_key(text, &what)?;
		if dev.contains(&key) {
			return Err(format!(
				"{what}: `{text}` is a well-known development key (//Alice … //Ferdie or the \
				 development phrase): anyone can sign for it; generate your own with `sto-node key generate`"
			));
		}
		if unique && !seen.insert(key) {
			return Err(format!("{what}: `{text}` appears twice as a session key"));
		}
		Ok(key)
	};
	if members.id.is_empty() || !members.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
		return Err(format!("id: `{}` must be lower-case letters, digits and `_`", members.id));
	}
	if members.validators.is_empty() {
		return Err("validators: a chain needs at least one validator".into());
	}
	if members.council.is_empty() {
		return Err("council: an empty council could never govern the chain (no sudo on a consortium chain)".into());
	}
	let mut validators = Vec::new();
	for (n, validator) in members.validators.iter().enumerate() {
		let account = key(&validator.account, format!("validators[{n}].account"), false)?;
		let aura = key(&validator.aura, format!("validators[{n}].aura"), true)?;
		let grandpa = key(&validator.grandpa, format!("validators[{n}].grandpa"), true)?;
		validators.push(GenesisValidator {
			account: account.into(),
			aura: sr25519::Public::from_raw(aura).into(),
			grandpa: ed25519::Public::from_raw(grandpa).into(),
		});
	}
	let accounts: BTreeSet<_> = validators.iter().map(|v| v.account.clone()).collect();
	if accounts.len() != validators.len() {
		return Err("validators: an account is listed twice".into());
	}
	let mut council = Vec::new();
	for (n, member) in members.council.iter().enumerate() {
		let account: AccountId32 = key(member, format!("council[{n}]"), false)?.into();
		if council.contains(&account) {
			return Err(format!("council[{n}]: `{member}` is listed twice"));
		}
		council.push(account);
	}
	if members.claim_issuers.is_empty() {
		return Err("claim_issuers: without a KYC provider no identity can ever be verified".into());
	}
	let mut claim_issuers = Vec::new();
	for (n, issuer) in members.claim_issuers.iter().enumerate() {
		let account: AccountId32 = key(&issuer.account, format!("claim_issuers[{n}].account"), false)?.into();
		if claim_issuers.iter().any(|other: &GenesisClaimIssuer| other.account == account) {
			return Err(format!("claim_issuers[{n}]: `{}` is listed twice", issuer.account));
		}
		let topics = topic_classes(&issuer.topics).map_err(|e| format!("claim_issuers[{n}].topics: {e}"))?;
		claim_issuers.push(GenesisClaimIssuer { account, topics, registrar: issuer.registrar });
	}
	let mut endowed = Vec::new();
	for (n, (account, amount)) in members.endowments.iter().enumerate() {
		let account: AccountId32 = key(account, format!("endowments[{n}]"), false)?.into();
		if endowed.iter().any(|(other, _)| *other == account) {
			return Err(format!("endowments[{n}]: `{account}` is listed twice"));
		}
		endowed.push((account, u128::from(*amount) * sto_runtime::UNIT));
	}
	Ok(GenesisMembers { validators, council, endowed, sudo: None, claim_issuers })
}

fn topic_classes(names: &[String]) -> Result<Vec<sto_primitives::identity::TopicClass>, String> {
	use sto_primitives::identity::TopicClass as T;
	if names.iter().any(|name| name == "all") {
		return Ok(sto_runtime::genesis_config_presets::all_topic_classes());
	}
	let mut classes = Vec::new();
	for name in names {
		let class = match name.as_str() {
			"Kyc" => T::Kyc,
			"Aml" => T::Aml,
			"Accredited" => T::Accredited,
			"QualifiedPurchaser" => T::QualifiedPurchaser,
			"Institutional" => T::Institutional,
			"Retail" => T::Retail,
			"Jurisdiction" => T::Jurisdiction,
			"Exempted" => T::Exempted,
			other => return Err(format!("unknown topic class `{other}`")),
		};
		if classes.contains(&class) {
			return Err(format!("`{name}` listed twice"));
		}
		classes.push(class);
	}
	if classes.is_empty() {
		return Err("empty: an issuer must be trusted for at least one topic class".into());
	}
	Ok(classes)
}

impl ConsortiumSpecCmd {
	/// The spec as JSON.
	pub fn spec_json(&self) -> Result<String, String> {
		let text = std::fs::read_to_string(&self.members)
			.map_err(|e| format!("cannot read {}: {e}", self.members.display()))?;
		let members: Members =
			serde_json::from_str(&text).map_err(|e| format!("{}: {e}", self.members.display()))?;
		build(&members, self.raw)
	}

	pub fn run(&self) -> Result<(), String> {
		println!("{}", self.spec_json()?);
		Ok(())
	}
}

/// The chain spec of `members` as JSON (`raw`: genesis storage).
pub fn build(members: &Members, raw: bool) -> Result<String, String> {
	let genesis = sto_runtime::genesis_config_presets::genesis(genesis_members(members)?);
	let wasm = sto_runtime_wasm::WASM_BINARY
		.ok_or_else(|| "The runtime's wasm is not available: build without SKIP_WASM_BUILD".to_string())?;
	let spec = crate::chain_spec::ChainSpec::builder(wasm, None)
		.with_name(&members.name)
		.with_id(&members.id)
		.with_protocol_id(&members.id)
		.with_chain_type(ChainType::Live)
		.with_genesis_config_patch(genesis)
		.with_properties(crate::chain_spec::properties())
		.build();
	spec.as_json(raw)
}
