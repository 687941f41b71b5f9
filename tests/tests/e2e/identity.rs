//! The identity registry over JSON-RPC, as a KYC provider and an investor's wallet app would use
//! it on a `--dev` chain (where Ferdie is identity 1: a registrar trusted for every claim topic):
//! the registrar creates an identity for a consenting primary wallet, a second wallet consents
//! to being linked, the KYC provider adds a KYC and a jurisdiction claim, and a client reads
//! everything back through the `IdentityApi` runtime API.

use anyhow::{anyhow, ensure, Result};
use std::time::{SystemTime, UNIX_EPOCH};
use sto_harness::{
	chain::{consent, field_u128, find_event, jurisdiction, keypair, submit_finalized, UNIT},
	subxt::{
		dynamic::Value,
		utils::{AccountId32, MultiSignature, H256},
	},
	subxt_signer::sr25519,
	sto_client::runtime::{
		api::{
			self,
			runtime_types::{sp_runtime::MultiSignature as RuntimeSignature, sto_primitives::identity::ClaimScope},
		},
		ClaimTopic, IdentityKind,
	},
	dev_chain, Sto,
};

/// A consent as the runtime's signature type (the client signs with sr25519).
fn sr25519_consent(signature: MultiSignature) -> Result<RuntimeSignature> {
	match signature {
		MultiSignature::Sr25519(bytes) => Ok(RuntimeSignature::Sr25519(bytes)),
		_ => Err(anyhow!("the client signs consents with sr25519")),
	}
}

/// Call `IdentityApi_<method>` at the latest finalized block.
async fn identity_api<R: sto_harness::subxt::ext::scale_decode::DecodeAsType>(
	sto: &Sto,
	method: &str,
	args: impl sto_harness::subxt::ext::frame_decode::runtime_apis::IntoEncodableValues,
) -> Result<R> {
	sto.runtime_api("IdentityApi", method, args).await?.decode()
}

#[tokio::test(flavor = "multi_thread")]
async fn registrar_wallets_and_claims_round_trip_over_rpc() -> Result<()> {
	let (_dir, _node, sto) = dev_chain("identity").await?;
	let client = sto.client().clone();

	let registrar = sr25519::dev::ferdie();
	let primary = keypair("//E2E-investor")?;
	let wallet = keypair("//E2E-investor-exchange-wallet")?;
	let primary_id: AccountId32 = primary.public_key().to_account_id();
	let wallet_id: AccountId32 = wallet.public_key().to_account_id();

	// The primary wallet pays the deposit of the wallets it links.
	let fund = api::transactions().balances().transfer_keep_alive(primary.public_key().to_address::<()>(), 100 * UNIT);
	submit_finalized(&client, &fund, &sr25519::dev::alice()).await?;

	// 1. The registrar creates the identity; the primary wallet consented by signing.
	let signature = sr25519_consent(consent(&sto, &primary, "CreateIdentity", 0).await?)?;
	let register = api::transactions().identity_registry().register_identity(primary_id, IdentityKind::NaturalPerson, signature);
	let events = submit_finalized(&client, &register, &registrar).await?;
	let registered = find_event(&events, "IdentityRegistry", "IdentityRegistered")?
		.ok_or_else(|| anyhow!("no IdentityRegistered event"))?;
	let identity = field_u128(&registered, "identity")? as u64;

	// 2. The primary links a second wallet, which consented to this identity.
	let wallet_consent = sr25519_consent(consent(&sto, &wallet, "LinkWallet", identity).await?)?;
	let link = api::transactions().identity_registry().link_wallet(wallet_id, wallet_consent.clone());
	submit_finalized(&client, &link, &primary).await?;
	// Submitting the same link again is refused (the wallet is linked, its consent used).
	let relink = api::transactions().identity_registry().link_wallet(wallet_id, wallet_consent);
	let refused = client
		.at_current_block()
		.await?
		.transactions()
		.sign_and_submit_then_watch_default(&relink, &primary)
		.await?
		.wait_for_finalized_success()
		.await;
	ensure!(refused.is_err(), "linking an already linked wallet with a used consent fails");

	// 3. The KYC provider adds a KYC claim (expiring in a year) and a jurisdiction claim.
	let now_ms = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis() as u64;
	let expiry = now_ms + 365 * 24 * 3600 * 1000;
	let evidence = H256::repeat_byte(0x42);
	let kyc = api::transactions().identity_registry().add_claim(identity, ClaimTopic::Kyc, ClaimScope::Global, Some(expiry), evidence);
	submit_finalized(&client, &kyc, &registrar).await?;
	let residence = api::transactions().identity_registry().add_claim(identity, jurisdiction(b"DE"), ClaimScope::Global, None, evidence);
	submit_finalized(&client, &residence, &registrar).await?;

	// 4. A client reads it all back through the runtime API.
	let of_wallet: Option<u64> = identity_api(&sto, "identity_of", (wallet_id,)).await?;
	ensure!(of_wallet == Some(identity), "the linked wallet resolves to the identity");
	let wallets: Vec<[u8; 32]> = identity_api(&sto, "wallets", (identity,)).await?;
	ensure!(wallets.len() == 2, "two wallets: {wallets:?}");
	ensure!(wallets.contains(&primary_id.0) && wallets.contains(&wallet_id.0), "both wallets listed");
	let claims: Value = identity_api(&sto, "claims", (identity,)).await?;
	let text = format!("{claims}");
	ensure!(text.contains("Kyc") && text.contains("Jurisdiction"), "both claims listed: {text}");
	let verified: bool = identity_api(&sto, "is_verified", (identity, None::<u32>)).await?;
	ensure!(verified, "a valid KYC claim from a trusted issuer verifies the identity");
	let country: Option<[u8; 2]> = identity_api(&sto, "jurisdiction", (identity,)).await?;
	ensure!(country == Some(*b"DE"), "jurisdiction DE, got {country:?}");
	let record: Value = identity_api(&sto, "identity", (identity,)).await?;
	ensure!(
		format!("{record}").contains("NaturalPerson"),
		"the identity record names its kind: {record}"
	);

	// An account nobody linked has no identity and is not verified.
	let stranger: Option<u64> =
		identity_api(&sto, "identity_of", (keypair("//E2E-stranger")?.public_key().to_account_id(),)).await?;
	ensure!(stranger.is_none(), "an unlinked account has no identity");
	Ok(())
}
