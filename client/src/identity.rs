//! Identities and claims (`IdentityRegistry`): what a KYC provider attests, and what anyone
//! reads about an identity.

use crate::chain::{parse_account, pick, Call, Sto};
use anyhow::{anyhow, bail, Result};
use serde_json::{json, Value as Json};
use subxt::{
	dynamic::{self, Value},
	utils::{AccountId32, H256},
};
use subxt_signer::sr25519::Keypair;

/// The runtime's name of the identity registry.
pub const PALLET: &str = "IdentityRegistry";

/// What a claim asserts about an identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClaimTopic {
	Kyc,
	Aml,
	Accredited,
	QualifiedPurchaser,
	Institutional,
	Retail,
	/// Resident of (or incorporated in) a country: ISO 3166-1 alpha-2.
	Jurisdiction([u8; 2]),
	Exempted,
	Custom(u32),
}

/// A country code: two upper-case ASCII letters (`DE`); lower case is accepted and raised.
pub fn parse_country(text: &str) -> Result<[u8; 2]> {
	let upper = text.trim().to_ascii_uppercase();
	let bytes = upper.as_bytes();
	if bytes.len() != 2 || !bytes.iter().all(|b| b.is_ascii_uppercase()) {
		bail!("not a country code: {text:?} (expected ISO 3166-1 alpha-2, e.g. DE)");
	}
	Ok([bytes[0], bytes[1]])
}

/// The runtime value of a country code.
pub fn country_value(code: [u8; 2]) -> Value {
	Value::unnamed_composite([Value::from_bytes(code)])
}

impl ClaimTopic {
	/// A topic by name: `kyc`, `aml`, `accredited`, `qualified-purchaser`, `institutional`,
	/// `retail`, `exempted`, `jurisdiction:DE`, `custom:7` (any case, `-` or `_`).
	pub fn parse(text: &str) -> Result<Self> {
		let lower = text.trim().to_ascii_lowercase().replace(['-', '_'], "");
		if let Some(country) = lower.strip_prefix("jurisdiction:") {
			return Ok(ClaimTopic::Jurisdiction(parse_country(country)?));
		}
		if let Some(number) = lower.strip_prefix("custom:") {
			let n = number.trim().parse::<u32>().map_err(|_| anyhow!("custom claim topic needs a number: {text:?}"))?;
			return Ok(ClaimTopic::Custom(n));
		}
		Ok(match lower.as_str() {
			"kyc" => ClaimTopic::Kyc,
			"aml" => ClaimTopic::Aml,
			"accredited" => ClaimTopic::Accredited,
			"qualifiedpurchaser" => ClaimTopic::QualifiedPurchaser,
			"institutional" => ClaimTopic::Institutional,
			"retail" => ClaimTopic::Retail,
			"exempted" => ClaimTopic::Exempted,
			_ => bail!(
				"unknown claim topic {text:?} (expected kyc, aml, accredited, qualified-purchaser, institutional, retail, exempted, jurisdiction:CC, custom:N)"
			),
		})
	}

	/// The topic as the runtime's `ClaimTopic`.
	pub fn to_value(&self) -> Value {
		match self {
			ClaimTopic::Kyc => Value::unnamed_variant("Kyc", []),
			ClaimTopic::Aml => Value::unnamed_variant("Aml", []),
			ClaimTopic::Accredited => Value::unnamed_variant("Accredited", []),
			ClaimTopic::QualifiedPurchaser => Value::unnamed_variant("QualifiedPurchaser", []),
			ClaimTopic::Institutional => Value::unnamed_variant("Institutional", []),
			ClaimTopic::Retail => Value::unnamed_variant("Retail", []),
			ClaimTopic::Exempted => Value::unnamed_variant("Exempted", []),
			ClaimTopic::Jurisdiction(code) => Value::unnamed_variant("Jurisdiction", [country_value(*code)]),
			ClaimTopic::Custom(n) => Value::unnamed_variant("Custom", [Value::u128(*n as u128)]),
		}
	}
}

/// `IdentityRegistry.add_claim(subject, topic, scope, expiry, evidence)`, signed by a wallet
/// of a trusted claim issuer. `token`: the claim counts for that token only (else everywhere);
/// `evidence`: hash of the off-chain evidence (no personal data on chain).
pub async fn add_claim(
	sto: &Sto,
	subject: u64,
	topic: &ClaimTopic,
	token: Option<u32>,
	expiry: Option<u64>,
	evidence: H256,
) -> Result<Call> {
	let scope = match token {
		Some(token) => Value::unnamed_variant("Token", [Value::u128(token as u128)]),
		None => Value::unnamed_variant("Global", []),
	};
	sto.call(&dynamic::tx(PALLET, "add_claim", (subject, topic.to_value(), scope, expiry, evidence))).await
}

/// What kind of party an identity stands for.
pub const KINDS: [&str; 6] = ["NaturalPerson", "Company", "Fund", "Exchange", "Issuer", "ClaimIssuer"];

/// What an account consents to by signing its consent payload.
pub const CONSENT_ACTIONS: [&str; 3] = ["CreateIdentity", "LinkWallet", "Recover"];

/// The message `account` signs to consent to `action` on `identity` (`IdentityApi_consent_payload`;
/// identity 0 for `CreateIdentity`). It carries a nonce: each consent is good once.
pub async fn consent_payload(sto: &Sto, action: &str, identity: u64, account: &AccountId32) -> Result<Vec<u8>> {
	let action = pick(action, &CONSENT_ACTIONS, "consent action")?;
	let payload: Vec<u8> = sto
		.runtime_api("IdentityApi", "consent_payload", (Value::unnamed_variant(action, []), identity, *account))
		.await?
		.decode()?;
	if !payload.starts_with(b"sto/identity") {
		bail!("the chain's consent payload does not name its domain (not an STO chain?)");
	}
	Ok(payload)
}

/// `signer`'s consent to `action` on `identity`: its sr25519 signature of the consent payload.
pub async fn consent(sto: &Sto, signer: &Keypair, action: &str, identity: u64) -> Result<[u8; 64]> {
	let payload = consent_payload(sto, action, identity, &signer.public_key().to_account_id()).await?;
	Ok(signer.sign(&payload).0)
}

/// An sr25519 signature from `0x` + 128 hex digits.
pub fn parse_signature(text: &str) -> Result<[u8; 64]> {
	let digits = text.trim().strip_prefix("0x").ok_or_else(|| anyhow!("not a signature: expected 0x + 128 hex digits"))?;
	let bytes = hex::decode(digits).map_err(|_| anyhow!("not a signature: bad hex"))?;
	bytes.try_into().map_err(|_| anyhow!("not a signature: expected 64 bytes"))
}

fn signature_value(signature: [u8; 64]) -> Value {
	Value::unnamed_variant("Sr25519", [Value::from_bytes(signature)])
}

/// `IdentityRegistry.register_identity(primary, kind, consent)`, signed by a wallet of a
/// registrar (or by governance). `consent`: the primary wallet's signature of its
/// `CreateIdentity` consent payload (identity 0). The new identity's number is in the
/// `IdentityRegistered` event.
pub async fn register_identity(sto: &Sto, primary: &AccountId32, kind: &str, consent: [u8; 64]) -> Result<Call> {
	let kind = pick(kind, &KINDS, "identity kind")?;
	sto.call(&dynamic::tx(
		PALLET,
		"register_identity",
		(*primary, Value::unnamed_variant(kind, []), signature_value(consent)),
	))
	.await
}

/// `IdentityRegistry.link_wallet(wallet, consent)`, signed by the identity's primary wallet.
/// `consent`: the wallet's signature of its `LinkWallet` consent payload for the identity.
pub async fn link_wallet(sto: &Sto, wallet: &AccountId32, consent: [u8; 64]) -> Result<Call> {
	sto.call(&dynamic::tx(PALLET, "link_wallet", (*wallet, signature_value(consent)))).await
}

/// An identity given as its number or as one of its wallets' addresses.
pub async fn resolve(sto: &Sto, who: &str) -> Result<u64> {
	if let Ok(id) = who.trim().parse::<u64>() {
		return Ok(id);
	}
	let account = parse_account(who).map_err(|e| anyhow!("{e} (or give the identity's number)"))?;
	sto.identity_of(&account).await?.ok_or_else(|| anyhow!("{account} belongs to no identity"))
}

/// The wallets of an identity (`IdentityApi_wallets`).
pub async fn wallets(sto: &Sto, identity: u64) -> Result<Vec<AccountId32>> {
	let wallets: Vec<[u8; 32]> = sto.runtime_api("IdentityApi", "wallets", (identity,)).await?.decode()?;
	Ok(wallets.into_iter().map(AccountId32).collect())
}

/// Whether the identity is verified now (a valid KYC claim; `token`: for that token).
pub async fn is_verified(sto: &Sto, identity: u64, token: Option<u32>) -> Result<bool> {
	sto.runtime_api("IdentityApi", "is_verified", (identity, token)).await?.decode()
}

/// Everything about an identity, as JSON: its record, wallets, claims, whether it is
/// verified, its jurisdiction and investor type.
pub async fn show(sto: &Sto, identity: u64) -> Result<Json> {
	let record = sto.runtime_api("IdentityApi", "identity", (identity,)).await?.json()?;
	if record.is_null() {
		bail!("no identity {identity}");
	}
	let wallets = wallets(sto, identity).await?;
	let claims = sto.runtime_api("IdentityApi", "claims", (identity,)).await?.json()?;
	let verified = is_verified(sto, identity, None).await?;
	let jurisdiction = sto.runtime_api("IdentityApi", "jurisdiction", (identity,)).await?.json()?;
	let investor_type = sto.runtime_api("IdentityApi", "investor_type", (identity,)).await?.json()?;
	Ok(json!({
		"identity": identity,
		"record": record,
		"wallets": wallets.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
		"verified": verified,
		"jurisdiction": jurisdiction,
		"investor_type": investor_type,
		"claims": claims,
	}))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn topics_and_countries_parse() {
		assert_eq!(ClaimTopic::parse("KYC").unwrap(), ClaimTopic::Kyc);
		assert_eq!(ClaimTopic::parse("qualified-purchaser").unwrap(), ClaimTopic::QualifiedPurchaser);
		assert_eq!(ClaimTopic::parse("Jurisdiction:de").unwrap(), ClaimTopic::Jurisdiction(*b"DE"));
		assert_eq!(ClaimTopic::parse("custom:7").unwrap(), ClaimTopic::Custom(7));
		assert!(ClaimTopic::parse("jurisdiction:DEU").unwrap_err().to_string().contains("country code"));
		assert!(ClaimTopic::parse("vip").unwrap_err().to_string().contains("unknown claim topic"));
		assert!(parse_country("d1").is_err());
		assert_eq!(pick("claim-issuer", &KINDS, "kind").unwrap(), "ClaimIssuer");
		assert_eq!(pick("link_wallet", &CONSENT_ACTIONS, "action").unwrap(), "LinkWallet");
		assert!(parse_signature(&format!("0x{}", "ab".repeat(64))).is_ok());
		assert!(parse_signature("0xabcd").unwrap_err().to_string().contains("64 bytes"));
	}
}
