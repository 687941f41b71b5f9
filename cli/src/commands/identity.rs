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
	/// Print the text an EVM wallet signs (`personal_sign`, EIP-191) to be linked to an
	/// identity: it names the address, the identity, this chain and the address's link nonce.
	EvmMessage {
		/// The identity: its number, or one of its wallets.
		identity: String,
		/// The EVM address (0x + 40 hex digits).
		address: String,
	},
	/// Link an EVM address to the signer's identity (its primary wallet signs the transaction).
	///
	/// The EVM wallet proves it agrees with its `personal_sign` of the text `sto identity
	/// evm-message <IDENTITY> <ADDRESS>` prints (--signature), or here with its secret key
	/// (--evm-key, development chains).
	LinkEvm {
		/// The EVM address (0x + 40 hex digits).
		address: String,
		/// The EVM wallet's signature of the link text (0x + 130 hex digits, r ‖ s ‖ v).
		#[arg(long, conflicts_with = "evm_key")]
		signature: Option<String>,
		/// Sign the link text here with the EVM wallet's secret key (0x + 64 hex digits).
		#[arg(long)]
		evm_key: Option<String>,
	},
	/// Unlink an EVM address from its identity (the identity's primary wallet signs); the link's
	/// deposit is released.
	UnlinkEvm {
		/// The EVM address (0x + 40 hex digits).
		address: String,
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
		Command::EvmMessage { identity: who, address } => {
			let id = identity::resolve(&sto, &who).await?;
			let address = identity::parse_evm_address(&address)?;
			let text = identity::evm_link_message(&sto, id, address).await?;
			let text = String::from_utf8(text).map_err(|_| anyhow!("the chain's link text is not UTF-8"))?;
			Ok(Output::new(json!({"identity": id, "address": format!("{address:#x}"), "message": text}), text))
		},
		Command::LinkEvm { address, signature, evm_key } => {
			let address = identity::parse_evm_address(&address)?;
			let primary = context.signer()?.public_key().to_account_id();
			let id = sto.identity_of(&primary).await?.ok_or_else(|| anyhow!("the signer {primary} belongs to no identity"))?;
			let signature = match (signature, evm_key) {
				(Some(signature), _) => identity::parse_evm_signature(&signature).map_err(|e| anyhow!("--signature: {e}"))?,
				(None, Some(key)) => {
					let secret: [u8; 32] = hex::decode(key.trim().trim_start_matches("0x"))
						.ok()
						.and_then(|bytes| bytes.try_into().ok())
						.ok_or_else(|| anyhow!("--evm-key: expected 0x + 64 hex digits"))?;
					let text = identity::evm_link_message(&sto, id, address).await?;
					let (signature, signer) = identity::evm_personal_sign(secret, &text)?;
					if signer != address {
						bail!("--evm-key is the key of {signer:#x}, not of {address:#x}");
					}
					signature
				},
				(None, None) => bail!("give --signature or --evm-key"),
			};
			let call = identity::link_evm_wallet(&sto, address, signature).await?;
			let outcome = context.submit(&sto, &call, &format!("link EVM wallet {address:#x} to identity {id}")).await?;
			Ok(Output::new(
				json!({"identity": id, "address": format!("{address:#x}"), "outcome": outcome.to_json()}),
				outcome_text(&format!("EVM wallet {address:#x} linked to identity {id}"), &outcome),
			))
		},
		Command::UnlinkEvm { address } => {
			let address = identity::parse_evm_address(&address)?;
			let call = identity::unlink_evm_wallet(&sto, address).await?;
			let outcome = context.submit(&sto, &call, &format!("unlink EVM wallet {address:#x}")).await?;
			Ok(Output::new(
				json!({"address": format!("{address:#x}"), "outcome": outcome.to_json()}),
				outcome_text(&format!("EVM wallet {address:#x} unlinked"), &outcome),
			))
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
