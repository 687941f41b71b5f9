//! `sto identity …`: claims (by a trusted claim issuer) and identity reads.

use super::{outcome_text, Context, Output};
use anyhow::{anyhow, bail, Result};
use clap::Subcommand;
use serde_json::json;
use subxt::utils::AccountId32;
use sto_client::{
	chain::{keypair, parse_account, reference, Sto},
	identity,
	runtime::parse_claim_topic,
};

#[derive(Subcommand, Debug)]
pub enum Command {
	/// Register a new identity with its primary wallet (a registrar's wallet signs); prints its number.
	///
	/// The primary wallet consents by signing the payload `sto identity consent-payload
	/// create-identity 0 <PRIMARY>` prints (--consent), or here with its key (--primary-suri).
	Register {
		/// The new identity's primary wallet (SS58 address).
		primary: String,
		/// What it stands for: natural-person, company, fund, exchange, issuer, claim-issuer.
		#[arg(long, default_value = "natural-person")]
		kind: String,
		/// The primary wallet's sr25519 signature of its consent payload (0x + 128 hex digits).
		#[arg(long, conflicts_with = "primary_suri", required_unless_present = "primary_suri")]
		consent: Option<String>,
		/// Sign the consent here with the primary wallet's secret URI (development chains).
		#[arg(long, value_name = "SURI")]
		primary_suri: Option<String>,
	},
	/// Link another wallet to the signer's identity (its primary wallet signs).
	///
	/// The wallet consents by signing the payload `sto identity consent-payload link-wallet
	/// <IDENTITY> <WALLET>` prints (--consent), or here with its key (--wallet-suri).
	Link {
		/// The wallet to link (SS58 address).
		wallet: String,
		/// The wallet's sr25519 signature of its consent payload (0x + 128 hex digits).
		#[arg(long, conflicts_with = "wallet_suri", required_unless_present = "wallet_suri")]
		consent: Option<String>,
		/// Sign the consent here with the wallet's secret URI (development chains).
		#[arg(long, value_name = "SURI")]
		wallet_suri: Option<String>,
	},
	/// Print the payload an account signs to consent (to create an identity, be linked, recover).
	ConsentPayload {
		/// create-identity, link-wallet or recover.
		action: String,
		/// The identity (0 to create one).
		identity: u64,
		/// The consenting account (SS58 address).
		account: String,
	},
	/// Add a claim about an identity, signed by a wallet of a trusted claim issuer.
	Claim {
		/// The identity the claim is about: its number, or one of its wallets.
		subject: String,
		/// What it asserts: kyc, aml, accredited, qualified-purchaser, institutional, retail,
		/// exempted, jurisdiction:CC or custom:N.
		topic: String,
		/// The evidence kept off chain: 0x + 64 hex digits (its hash), or text (hashed). No
		/// personal data goes on chain.
		#[arg(long)]
		evidence: String,
		/// The claim counts for this token only (default: everywhere).
		#[arg(long)]
		token: Option<u32>,
		/// When the claim stops counting (ms since the Unix epoch; default: never).
		#[arg(long, value_name = "MS")]
		expiry: Option<u64>,
	},
	/// Show an identity: its record, wallets, claims, whether it is verified.
	Show {
		/// The identity's number, or one of its wallets.
		who: String,
	},
	#[command(flatten)]
	Admin(super::identity_admin::Command),
}

/// `account`'s consent signature for `action` on `identity`: given (`--consent`), or made here
/// with `account`'s secret URI (the option `suri_flag`), which must be `account`'s key.
async fn consent_signature(
	sto: &Sto,
	consent: Option<String>,
	suri: Option<String>,
	suri_flag: &str,
	account: &AccountId32,
	action: &str,
	identity: u64,
) -> Result<[u8; 64]> {
	match (consent, suri) {
		(Some(consent), _) => identity::parse_signature(&consent).map_err(|e| anyhow!("--consent: {e}")),
		(None, Some(suri)) => {
			let key = keypair(&suri).map_err(|e| anyhow!("{suri_flag}: {e}"))?;
			let signer = key.public_key().to_account_id();
			if signer != *account {
				bail!("{suri_flag} is the key of {signer}, not of {account}");
			}
			identity::consent(sto, &key, action, identity).await
		},
		(None, None) => bail!("give --consent or {suri_flag}"),
	}
}

pub async fn run(context: &Context, command: Command) -> Result<Output> {
	let sto = context.connect().await?;
	match command {
		Command::Claim { subject, topic, evidence, token, expiry } => {
			let subject = identity::resolve(&sto, &subject).await?;
			let topic_value = parse_claim_topic(&topic)?;
			let evidence = reference(&evidence).map_err(|e| anyhow!("--evidence: {e}"))?;
			let call = identity::add_claim(&sto, subject, topic_value, token, expiry, evidence).await?;
			let outcome = context.submit(&sto, &call, &format!("add claim {topic} about identity {subject}")).await?;
			Ok(Output::new(
				json!({"identity": subject, "topic": topic, "outcome": outcome.to_json()}),
				outcome_text(&format!("claim {topic} added to identity {subject}"), &outcome),
			))
		},
		Command::Register { primary, kind, consent, primary_suri } => {
			let primary = parse_account(&primary)?;
			let signature =
				consent_signature(&sto, consent, primary_suri, "--primary-suri", &primary, "CreateIdentity", 0).await?;
			let call = identity::register_identity(&sto, &primary, &kind, signature).await?;
			let outcome = context.submit(&sto, &call, &format!("register an identity for {primary}")).await?;
			let id = outcome
				.event(identity::PALLET, "IdentityRegistered")
				.and_then(|e| e.u128("identity"))
				.ok_or_else(|| anyhow!("no IdentityRegistered event"))?;
			Ok(Output::new(
				json!({"identity": id, "primary": primary.to_string(), "outcome": outcome.to_json()}),
				outcome_text(&format!("identity {id} registered ({primary})"), &outcome),
			))
		},
		Command::Link { wallet, consent, wallet_suri } => {
			let wallet = parse_account(&wallet)?;
			let primary = context.signer()?.public_key().to_account_id();
			let id = sto.identity_of(&primary).await?.ok_or_else(|| anyhow!("the signer {primary} belongs to no identity"))?;
			let signature = consent_signature(&sto, consent, wallet_suri, "--wallet-suri", &wallet, "LinkWallet", id).await?;
			let call = identity::link_wallet(&sto, &wallet, signature).await?;
			let outcome = context.submit(&sto, &call, &format!("link {wallet} to identity {id}")).await?;
			Ok(Output::new(
				json!({"identity": id, "wallet": wallet.to_string(), "outcome": outcome.to_json()}),
				outcome_text(&format!("{wallet} linked to identity {id}"), &outcome),
			))
		},
		Command::ConsentPayload { action, identity: id, account } => {
			let account = parse_account(&account)?;
			let payload = identity::consent_payload(&sto, &action, id, &account).await?;
			let hex = format!("0x{}", hex::encode(&payload));
			Ok(Output::new(json!({"payload": hex, "account": account.to_string()}), format!("{hex}\n")))
		},
		Command::Show { who } => {
			let id = identity::resolve(&sto, &who).await?;
			let shown = identity::show(&sto, id).await?;
			let text = serde_json::to_string_pretty(&shown)?;
			Ok(Output::new(shown, text))
		},
		Command::Admin(command) => super::identity_admin::run(context, &sto, command).await,
	}
}
