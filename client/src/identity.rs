//! Identities and claims (`IdentityRegistry`): what a KYC provider attests, and what anyone
//! reads about an identity.

use crate::{
	chain::{parse_account, Call, Sto},
	runtime::{
		api::{
			self,
			runtime_types::{
				pallet_identity_registry::types::ConsentAction, sp_runtime::MultiSignature,
				sto_primitives::identity::ClaimScope,
			},
		},
		parse_variant, ClaimTopic, IdentityKind,
	},
};
use anyhow::{anyhow, bail, Result};
use serde_json::{json, Value as Json};
use sto_primitives::evm;
use subxt::utils::{AccountId32, H160, H256};
use subxt_signer::sr25519::Keypair;

/// The runtime's name of the identity registry.
pub const PALLET: &str = "IdentityRegistry";

/// `IdentityRegistry.add_claim(subject, topic, scope, expiry, evidence)`, signed by a wallet
/// of a trusted claim issuer. `token`: the claim counts for that token only (else everywhere);
/// `evidence`: hash of the off-chain evidence (no personal data on chain).
pub async fn add_claim(
	sto: &Sto,
	subject: u64,
	topic: ClaimTopic,
	token: Option<u32>,
	expiry: Option<u64>,
	evidence: H256,
) -> Result<Call> {
	let scope = match token {
		Some(token) => ClaimScope::Token(token),
		None => ClaimScope::Global,
	};
	sto.call(&api::transactions().identity_registry().add_claim(subject, topic, scope, expiry, evidence)).await
}

/// The message `account` signs to consent to `action` on `identity` (`IdentityApi_consent_payload`;
/// identity 0 for `CreateIdentity`; `action`: `create-identity`, `link-wallet` or `recover`, the
/// runtime's `ConsentAction`s). It carries a nonce: each consent is good once.
pub async fn consent_payload(sto: &Sto, action: &str, identity: u64, account: &AccountId32) -> Result<Vec<u8>> {
	let action: ConsentAction = parse_variant(action, "consent action")?;
	let payload = sto.api(api::runtime_apis().identity_api().consent_payload(action, identity, *account)).await?;
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

/// `IdentityRegistry.register_identity(primary, kind, consent)`, signed by a wallet of a
/// registrar (or by governance). `consent`: the primary wallet's signature of its
/// `CreateIdentity` consent payload (identity 0). The new identity's number is in the
/// `IdentityRegistered` event.
pub async fn register_identity(sto: &Sto, primary: &AccountId32, kind: &str, consent: [u8; 64]) -> Result<Call> {
	let kind: IdentityKind = parse_variant(kind, "identity kind")?;
	sto.call(&api::transactions().identity_registry().register_identity(*primary, kind, MultiSignature::Sr25519(consent)))
		.await
}

/// `IdentityRegistry.link_wallet(wallet, consent)`, signed by the identity's primary wallet.
/// `consent`: the wallet's signature of its `LinkWallet` consent payload for the identity.
pub async fn link_wallet(sto: &Sto, wallet: &AccountId32, consent: [u8; 64]) -> Result<Call> {
	sto.call(&api::transactions().identity_registry().link_wallet(*wallet, MultiSignature::Sr25519(consent))).await
}

/// The text the EVM wallet `address` signs (EIP-191 `personal_sign`) to be linked to
/// `identity` now (the view function `IdentityRegistry.evm_link_message`: the address's link
/// nonce and this chain's genesis hash are in it).
pub async fn evm_link_message(sto: &Sto, identity: u64, address: H160) -> Result<Vec<u8>> {
	sto.view(&api::view_functions().identity_registry().evm_link_message(identity, address)).await
}

/// The EVM wallets of `identity` (the view function `IdentityRegistry.evm_wallets`).
pub async fn evm_wallets(sto: &Sto, identity: u64) -> Result<Vec<H160>> {
	sto.view(&api::view_functions().identity_registry().evm_wallets(identity)).await
}

/// `IdentityRegistry.link_evm_wallet(address, signature)`, signed by the identity's primary
/// wallet. `signature`: the EVM wallet's `personal_sign` of [`evm_link_message`].
pub async fn link_evm_wallet(sto: &Sto, address: H160, signature: [u8; 65]) -> Result<Call> {
	sto.call(&api::transactions().identity_registry().link_evm_wallet(address, signature)).await
}

/// `IdentityRegistry.unlink_evm_wallet(address)`, signed by the primary wallet of the identity
/// the address is linked to.
pub async fn unlink_evm_wallet(sto: &Sto, address: H160) -> Result<Call> {
	sto.call(&api::transactions().identity_registry().unlink_evm_wallet(address)).await
}

/// An EVM address from `0x` + 40 hex digits (either case; the checksum is not required).
pub fn parse_evm_address(text: &str) -> Result<H160> {
	let bytes = hex_bytes(text, 20, "an EVM address")?;
	Ok(H160::from_slice(&bytes))
}

/// An EVM wallet's signature (`r ‖ s ‖ v`) from `0x` + 130 hex digits.
pub fn parse_evm_signature(text: &str) -> Result<[u8; 65]> {
	let bytes = hex_bytes(text, 65, "an EVM signature")?;
	bytes.try_into().map_err(|_| anyhow!("not an EVM signature"))
}

fn hex_bytes(text: &str, len: usize, what: &str) -> Result<Vec<u8>> {
	let digits = text.trim().strip_prefix("0x").ok_or_else(|| anyhow!("not {what}: expected 0x + {} hex digits", 2 * len))?;
	let bytes = hex::decode(digits).map_err(|_| anyhow!("not {what}: bad hex"))?;
	if bytes.len() != len {
		bail!("not {what}: expected {len} bytes, got {}", bytes.len());
	}
	Ok(bytes)
}

/// Sign `text` as an EVM wallet's `personal_sign` does (EIP-191), with the secp256k1 secret
/// key `secret` (development chains and tests: a real investor signs in their own wallet).
/// Returns the signature (`v` 27 or 28, low `s`) and the key's address.
pub fn evm_personal_sign(secret: [u8; 32], text: &[u8]) -> Result<([u8; 65], H160)> {
	evm_sign_digest(secret, &evm::eip191_hash(text))
}

/// The EVM signature of a 32-byte `digest` (an EIP-712 or EIP-191 hash) with the secp256k1
/// key `secret`, as an EVM wallet or a bridge signer makes it: `v` 27 or 28, low `s`. Returns
/// the signature and the key's address.
pub fn evm_sign_digest(secret: [u8; 32], digest: &[u8; 32]) -> Result<([u8; 65], H160)> {
	let key = subxt_signer::ecdsa::Keypair::from_secret_key(secret).map_err(|e| anyhow!("not a secp256k1 secret key: {e:?}"))?;
	let mut signature = key.sign_prehashed(digest).0;
	signature[64] += 27;
	let address = evm::recover(digest, &signature).map_err(|e| anyhow!("the signature does not recover: {e:?}"))?;
	Ok((signature, H160::from(address.0)))
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
	sto.api(api::runtime_apis().identity_api().wallets(identity)).await
}

/// Whether the identity is verified now (a valid KYC claim; `token`: for that token).
pub async fn is_verified(sto: &Sto, identity: u64, token: Option<u32>) -> Result<bool> {
	sto.api(api::runtime_apis().identity_api().is_verified(identity, token)).await
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
	let evm = evm_wallets(sto, identity).await?;
	Ok(json!({
		"identity": identity,
		"record": record,
		"wallets": wallets.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
		"evm_wallets": evm.iter().map(|a| format!("{a:#x}")).collect::<Vec<_>>(),
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
	fn signatures_parse() {
		assert!(parse_signature(&format!("0x{}", "ab".repeat(64))).is_ok());
		assert!(parse_signature("0xabcd").unwrap_err().to_string().contains("64 bytes"));
		assert!(parse_variant::<ConsentAction>("link_wallet", "action").is_ok());
	}

	#[test]
	fn evm_values_parse_and_sign_as_a_wallet_does() {
		let address = parse_evm_address("0x2C7536E3605D9C16a7a3D7b1898e529396a65c23").unwrap();
		assert_eq!(format!("{address:#x}"), "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23");
		assert!(parse_evm_address("0x2c75").unwrap_err().to_string().contains("20 bytes"));
		assert!(parse_evm_address("2c7536e3605d9c16a7a3d7b1898e529396a65c23").is_err());
		assert!(parse_evm_signature(&format!("0x{}", "ab".repeat(65))).is_ok());
		assert!(parse_evm_signature(&format!("0x{}", "ab".repeat(64))).is_err());
		// web3.js's documented account and its signature of "Some data".
		let secret: [u8; 32] = hex::decode("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
			.unwrap()
			.try_into()
			.unwrap();
		let (signature, signer) = evm_personal_sign(secret, b"Some data").unwrap();
		assert_eq!(signer, address);
		assert_eq!(
			hex::encode(signature),
			"b91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd\
			 6007e74cd82e037b800186422fc2da167c747ef045e5d18a5f5d4300f8e1a0291c"
		);
	}
}
