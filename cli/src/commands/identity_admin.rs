//! `sto identity …` beyond registration and claims: recovery of a lost primary wallet, wallets
//! (unlink, primary), claims (update, revoke), and the registry's governance (trusted claim
//! issuers, registrars) and a token's own claim issuers.
//!
//! Governance calls are submitted through `Sudo.sudo` by the sudo key (development and test
//! chains), or printed as call data for a council motion with `--print-call` (`sto council
//! propose`), as `sto custody register-custodian` does.

use super::{outcome_text, Context, Output};
use anyhow::{anyhow, bail, Result};
use clap::{Args, Subcommand};
use serde_json::json;
use sto_client::{
	chain::{keypair, parse_account, reference, Call, Sto},
	runtime::{
		api::{
			self,
			runtime_types::{
				sp_runtime::MultiSignature,
				pallet_identity_registry::types::ConsentAction,
				sto_primitives::identity::{ClaimScope, TopicClass},
			},
		},
		bounded, parse_claim_topic, parse_variant,
	},
	subxt::utils::AccountId32,
};

#[derive(Subcommand, Debug)]
pub enum Command {
	/// Replace an identity's lost primary wallet with a new one (governance: Sudo, or a council
	/// motion with --print-call). The lost wallet's holdings move to the new one.
	///
	/// The new wallet consents by signing the payload `sto identity consent-payload recover
	/// <IDENTITY> <NEW_PRIMARY>` prints (--consent), or here with its key (--new-primary-suri).
	Recover {
		/// The identity's number.
		identity: u64,
		/// The new primary wallet (SS58 address): an account of no identity, or a wallet of this one.
		new_primary: String,
		/// The new wallet's sr25519 signature of its consent payload (0x + 128 hex digits).
		#[arg(long, conflicts_with = "new_primary_suri", required_unless_present = "new_primary_suri")]
		consent: Option<String>,
		/// Sign the consent here with the new wallet's secret URI (development chains).
		#[arg(long, value_name = "SURI")]
		new_primary_suri: Option<String>,
		/// How many tokens the identity holds positions in, at least (default: counted on chain now).
		#[arg(long)]
		positions: Option<u32>,
		#[command(flatten)]
		governance: GovernanceArgs,
	},
	/// Unlink a wallet (not the primary, holding no tokens) from its identity (the primary wallet
	/// or the wallet itself signs).
	Unlink {
		/// The wallet (SS58 address).
		wallet: String,
		/// How many tokens the identity holds positions in, at least (default: counted on chain now).
		#[arg(long)]
		positions: Option<u32>,
	},
	/// Make another linked wallet the identity's primary wallet (the current primary signs).
	SetPrimary {
		/// The new primary wallet (SS58 address), already linked to the identity.
		wallet: String,
	},
	/// Change the expiry or evidence of the signer's claim about an identity (the claim issuer signs).
	UpdateClaim {
		/// The identity the claim is about: its number, or one of its wallets.
		subject: String,
		/// The claim's topic (kyc, aml, ..., jurisdiction:CC, custom:N).
		topic: String,
		/// The new evidence: 0x + 64 hex digits (its hash), or text (hashed).
		#[arg(long)]
		evidence: String,
		/// The claim is the one for this token (default: the global one).
		#[arg(long)]
		token: Option<u32>,
		/// When the claim stops counting (ms since the Unix epoch; default: never).
		#[arg(long, value_name = "MS")]
		expiry: Option<u64>,
	},
	/// Revoke a claim and release its deposit (a wallet of its issuer signs).
	RevokeClaim {
		/// The identity the claim is about: its number, or one of its wallets.
		subject: String,
		/// The claim's topic (kyc, aml, ..., jurisdiction:CC, custom:N).
		topic: String,
		/// The claim's issuer: its identity number or a wallet (default: the signer's identity).
		#[arg(long)]
		issuer: Option<String>,
		/// The claim is the one for this token (default: the global one).
		#[arg(long)]
		token: Option<u32>,
	},
	/// Trust a claim issuer chain-wide for exactly these topics (governance).
	TrustIssuer {
		/// The claim issuer: its identity number or a wallet.
		issuer: String,
		/// Comma-separated topic classes: kyc, aml, accredited, qualified-purchaser, institutional,
		/// retail, jurisdiction, exempted, custom:N.
		#[arg(long, value_delimiter = ',', required = true, value_name = "TOPICS")]
		topics: Vec<String>,
		#[command(flatten)]
		governance: GovernanceArgs,
	},
	/// Withdraw a claim issuer's chain-wide trust (governance).
	UntrustIssuer {
		/// The claim issuer: its identity number or a wallet.
		issuer: String,
		#[command(flatten)]
		governance: GovernanceArgs,
	},
	/// Name a token's own trusted issuers for a topic class; none removes them (the token's
	/// compliance manager signs).
	TokenIssuers {
		/// The token's id.
		token: u32,
		/// The topic class (kyc, aml, ..., jurisdiction, custom:N).
		topic: String,
		/// The claim issuers: identity numbers or wallets.
		issuers: Vec<String>,
	},
	/// Allow an identity to register identities (governance).
	AddRegistrar {
		/// The identity: its number or a wallet.
		identity: String,
		#[command(flatten)]
		governance: GovernanceArgs,
	},
	/// Stop an identity from registering identities (governance).
	RemoveRegistrar {
		/// The identity: its number or a wallet.
		identity: String,
		#[command(flatten)]
		governance: GovernanceArgs,
	},
}

#[derive(Args, Debug)]
pub struct GovernanceArgs {
	/// Do not submit through Sudo: print the call data and its hash, for a council motion.
	#[arg(long)]
	print_call: bool,
}

/// An identity given as its number or one of its wallets.
async fn resolve(sto: &Sto, who: &str) -> Result<u64> {
	if let Ok(id) = who.trim().parse::<u64>() {
		return Ok(id);
	}
	let account = parse_account(who).map_err(|e| anyhow!("{e} (or give the identity's number)"))?;
	identity_of(sto, &account).await?.ok_or_else(|| anyhow!("{account} belongs to no identity"))
}

async fn identity_of(sto: &Sto, account: &AccountId32) -> Result<Option<u64>> {
	sto.api(api::runtime_apis().identity_api().identity_of(*account)).await
}

/// How many tokens `identity` holds a position in (the keys under it in
/// `SecurityToken.Positions`): the witness unlink and recovery ask for.
async fn positions(sto: &Sto, identity: u64) -> Result<u32> {
	let at = sto.at().await?;
	let mut entries = at
		.storage()
		.iter(api::storage().security_token().positions(), (identity,))
		.await
		.map_err(|e| anyhow!("read identity {identity}'s positions: {e}"))?;
	let mut count = 0u32;
	while let Some(entry) = entries.next().await {
		entry.map_err(|e| anyhow!("read identity {identity}'s positions: {e}"))?;
		count += 1;
	}
	Ok(count)
}

/// A topic class: a claim topic's name without its value (`jurisdiction`), or `custom:N`.
pub fn parse_topic_class(text: &str) -> Result<TopicClass> {
	if let Some((name, number)) = text.trim().split_once(':') {
		if name.trim().eq_ignore_ascii_case("custom") {
			let n = number.trim().parse::<u32>().map_err(|_| anyhow!("custom topic class needs a number: {text:?}"))?;
			return Ok(TopicClass::Custom(n));
		}
		bail!("unknown topic class {text:?} (only custom:N takes a value)");
	}
	parse_variant(text, "topic class")
}

fn scope(token: Option<u32>) -> ClaimScope {
	match token {
		Some(token) => ClaimScope::Token(token),
		None => ClaimScope::Global,
	}
}

/// `account`'s consent to `action` on `identity`: given as a signature, or signed here with
/// `account`'s secret URI (`suri_flag` names the option), which must be `account`'s key.
async fn consent(
	sto: &Sto,
	given: Option<String>,
	suri: Option<String>,
	suri_flag: &str,
	account: &AccountId32,
	action: ConsentAction,
	identity: u64,
) -> Result<MultiSignature> {
	if let Some(text) = given {
		let digits = text.trim().strip_prefix("0x").ok_or_else(|| anyhow!("--consent: expected 0x + 128 hex digits"))?;
		let bytes = hex::decode(digits).map_err(|_| anyhow!("--consent: bad hex"))?;
		let signature: [u8; 64] = bytes.try_into().map_err(|_| anyhow!("--consent: expected 64 bytes"))?;
		return Ok(MultiSignature::Sr25519(signature));
	}
	let suri = suri.ok_or_else(|| anyhow!("give --consent or {suri_flag}"))?;
	let key = keypair(&suri).map_err(|e| anyhow!("{suri_flag}: {e}"))?;
	let signer = key.public_key().to_account_id();
	if signer != *account {
		bail!("{suri_flag} is the key of {signer}, not of {account}");
	}
	let payload = sto.api(api::runtime_apis().identity_api().consent_payload(action, identity, *account)).await?;
	if !payload.starts_with(b"sto/identity") {
		bail!("the chain's consent payload does not name its domain (not an STO chain?)");
	}
	Ok(MultiSignature::Sr25519(key.sign(&payload).0))
}

/// A governance call: through `Sudo.sudo` signed by the sudo key, or printed for a council
/// motion (`--print-call`).
async fn governance(context: &Context, sto: &Sto, call: Call, what: &str, args: &GovernanceArgs) -> Result<Output> {
	if args.print_call {
		let hash = sto.call_hash(&call).await?;
		return Ok(Output::new(
			json!({"call": call.to_hex(), "hash": format!("{hash:?}")}),
			format!("call data (for a council motion: {what}): {}\ncall hash: {hash:?}\n", call.to_hex()),
		));
	}
	let sudo = sto.sudo(&call).await?;
	let outcome = context.submit(sto, &sudo, &format!("{what} through Sudo")).await?;
	Ok(Output::new(outcome.to_json(), outcome_text(what, &outcome)))
}

async fn send(context: &Context, sto: &Sto, call: &Call, what: &str) -> Result<Output> {
	let outcome = context.submit(sto, call, what).await?;
	Ok(Output::new(outcome.to_json(), outcome_text(what, &outcome)))
}

pub async fn run(context: &Context, sto: &Sto, command: Command) -> Result<Output> {
	let tx = api::transactions().identity_registry();
	match command {
		Command::Recover { identity, new_primary, consent: given, new_primary_suri, positions: witness, governance: args } => {
			let new_primary = parse_account(&new_primary)?;
			let signature = consent(
				sto,
				given,
				new_primary_suri,
				"--new-primary-suri",
				&new_primary,
				ConsentAction::Recover,
				identity,
			)
			.await?;
			let witness = match witness {
				Some(n) => n,
				None => positions(sto, identity).await?,
			};
			let call = sto.call(&tx.recover_identity(identity, new_primary, signature, witness)).await?;
			governance(context, sto, call, &format!("recover identity {identity} to new primary wallet {new_primary}"), &args)
				.await
		},
		Command::Unlink { wallet, positions: witness } => {
			let wallet = parse_account(&wallet)?;
			let id = identity_of(sto, &wallet).await?.ok_or_else(|| anyhow!("{wallet} belongs to no identity"))?;
			let witness = match witness {
				Some(n) => n,
				None => positions(sto, id).await?,
			};
			let call = sto.call(&tx.unlink_wallet(wallet, witness)).await?;
			send(context, sto, &call, &format!("unlink {wallet} from identity {id}")).await
		},
		Command::SetPrimary { wallet } => {
			let wallet = parse_account(&wallet)?;
			let call = sto.call(&tx.set_primary_wallet(wallet)).await?;
			send(context, sto, &call, &format!("make {wallet} its identity's primary wallet")).await
		},
		Command::UpdateClaim { subject, topic, evidence, token, expiry } => {
			let subject = resolve(sto, &subject).await?;
			let topic_value = parse_claim_topic(&topic)?;
			let evidence = reference(&evidence).map_err(|e| anyhow!("--evidence: {e}"))?;
			let call = sto.call(&tx.update_claim(subject, topic_value, scope(token), expiry, evidence)).await?;
			send(context, sto, &call, &format!("update claim {topic} about identity {subject}")).await
		},
		Command::RevokeClaim { subject, topic, issuer, token } => {
			let subject = resolve(sto, &subject).await?;
			let topic_value = parse_claim_topic(&topic)?;
			let issuer = match issuer {
				Some(issuer) => resolve(sto, &issuer).await?,
				None => {
					let signer = context.signer()?.public_key().to_account_id();
					identity_of(sto, &signer)
						.await?
						.ok_or_else(|| anyhow!("the signer {signer} belongs to no identity: give --issuer"))?
				},
			};
			let call = sto.call(&tx.revoke_claim(subject, topic_value, scope(token), issuer)).await?;
			send(context, sto, &call, &format!("revoke identity {issuer}'s claim {topic} about identity {subject}")).await
		},
		Command::TrustIssuer { issuer, topics, governance: args } => {
			let issuer = resolve(sto, &issuer).await?;
			let classes = topics.iter().map(|t| parse_topic_class(t)).collect::<Result<Vec<_>>>()?;
			let call = sto.call(&tx.set_trusted_issuer(issuer, bounded(classes))).await?;
			governance(context, sto, call, &format!("trust identity {issuer} for {}", topics.join(", ")), &args).await
		},
		Command::UntrustIssuer { issuer, governance: args } => {
			let issuer = resolve(sto, &issuer).await?;
			let call = sto.call(&tx.remove_trusted_issuer(issuer)).await?;
			governance(context, sto, call, &format!("withdraw identity {issuer}'s trust"), &args).await
		},
		Command::TokenIssuers { token, topic, issuers } => {
			let class = parse_topic_class(&topic)?;
			let mut ids = Vec::with_capacity(issuers.len());
			for issuer in &issuers {
				ids.push(resolve(sto, issuer).await?);
			}
			let list = ids.iter().map(|id| id.to_string()).collect::<Vec<_>>().join(", ");
			let call = sto.call(&tx.set_token_issuers(token, class, bounded(ids))).await?;
			let what = if issuers.is_empty() {
				format!("remove token {token}'s own issuers for {topic}")
			} else {
				format!("name identities {list} token {token}'s issuers for {topic}")
			};
			send(context, sto, &call, &what).await
		},
		Command::AddRegistrar { identity, governance: args } => {
			let id = resolve(sto, &identity).await?;
			let call = sto.call(&tx.add_registrar(id)).await?;
			governance(context, sto, call, &format!("make identity {id} a registrar"), &args).await
		},
		Command::RemoveRegistrar { identity, governance: args } => {
			let id = resolve(sto, &identity).await?;
			let call = sto.call(&tx.remove_registrar(id)).await?;
			governance(context, sto, call, &format!("remove registrar identity {id}"), &args).await
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::commands::{Cli, Group};
	use clap::Parser;

	const BOB: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

	#[test]
	fn identity_commands_parse_under_identity() {
		let cli = Cli::try_parse_from(["sto", "identity", "recover", "4", BOB, "--new-primary-suri", "//Bob", "--print-call"])
			.expect("parses");
		assert!(matches!(
			cli.command,
			Group::Identity(crate::commands::identity::Command::Admin(Command::Recover {
				identity: 4,
				governance: GovernanceArgs { print_call: true },
				..
			}))
		));
		let error = Cli::try_parse_from(["sto", "identity", "recover", "4", BOB]).expect_err("a consent");
		assert!(error.to_string().contains("--consent"), "{error}");
		assert!(Cli::try_parse_from(["sto", "identity", "trust-issuer", "2", "--topics", "kyc,aml"]).is_ok());
		assert!(Cli::try_parse_from(["sto", "identity", "trust-issuer", "2"]).is_err(), "--topics is required");
		assert!(Cli::try_parse_from(["sto", "identity", "token-issuers", "3", "kyc"]).is_ok(), "no issuers removes them");
	}

	#[test]
	fn topic_classes_parse() {
		assert_eq!(parse_topic_class("kyc").unwrap(), TopicClass::Kyc);
		assert_eq!(parse_topic_class("Jurisdiction").unwrap(), TopicClass::Jurisdiction);
		assert_eq!(parse_topic_class("custom:3").unwrap(), TopicClass::Custom(3));
		assert!(parse_topic_class("jurisdiction:DE").is_err());
		assert!(parse_topic_class("vip").unwrap_err().to_string().contains("unknown topic class"));
	}
}
