//! Prepare a `--dev` chain for a load run, with transactions, as an issuer would: fund the
//! load accounts, have Ferdie (the dev chain's registrar and trusted KYC, AML and jurisdiction
//! issuer) create their identities and attest KYC, AML and residence in Germany, create a token
//! with the typical rule set (KYC and AML on both sides, an EU allow list, at most 10,000
//! holders, a maximum balance) and issue to every account.

use crate::{load_account, Fixture};
use anyhow::{anyhow, Context, Result};
use sto_harness::{
	chain::{
		add_claims, call_data, create_token, fund, jurisdiction, keypair, register_identities,
		submit_batch_finalized, UNIT,
	},
	sto_client::runtime::{
		api::{
			self,
			runtime_types::{
				pallet_compliance::types::{IssuerSource, Requirement, Side},
				pallet_security_token::types::TokenStatus,
			},
		},
		bounded, ClaimTopic, CountryCode, Rule, RuleKind,
	},
	subxt_signer::sr25519,
	Sto,
};

/// Accounts per batch of setup calls (keeps each batch well inside a block).
const CHUNK: usize = 50;

/// The allow list of the typical rules: EU countries.
pub const EU_COUNTRIES: [[u8; 2]; 8] = [*b"DE", *b"FR", *b"LU", *b"NL", *b"AT", *b"BE", *b"IT", *b"ES"];
/// The typical rules' maximum number of holders.
pub const MAX_HOLDERS: u32 = 10_000;
/// The typical rules' maximum balance per identity.
pub const MAX_BALANCE: u128 = u64::MAX as u128;

/// The typical rule set of a regulated token (the one the runtime's benchmarks measure).
pub fn typical_rules() -> Vec<Rule> {
	let rule = |kind| Rule { partition: None, kind };
	vec![
		rule(RuleKind::Claims {
			side: Side::Both,
			requirement: Requirement::AllOf,
			topics: bounded(vec![ClaimTopic::Kyc, ClaimTopic::Aml]),
			issuers: IssuerSource::Trusted,
		}),
		rule(RuleKind::AllowJurisdictions(bounded(EU_COUNTRIES.map(CountryCode).to_vec()))),
		rule(RuleKind::MaxHolders(MAX_HOLDERS)),
		rule(RuleKind::MaxBalance(MAX_BALANCE)),
	]
}

/// Create `accounts` load accounts (`//sto-load/0..`) holding `holding` of a new token with
/// the typical rules; returns the fixture. Funding (by Alice) and registration (by Ferdie) go
/// side by side, `CHUNK` accounts per batch.
pub async fn dev_fixture(sto: &Sto, accounts: usize, holding: u128) -> Result<Fixture> {
	if accounts < 2 {
		return Err(anyhow!("a load run needs at least two accounts, asked for {accounts}"));
	}
	let client = sto.client();
	let ferdie = sr25519::dev::ferdie();
	let issuer = keypair("//sto-load/issuer")?;
	let senders = (0..accounts).map(load_account).collect::<Result<Vec<_>>>()?;

	let everyone: Vec<&sr25519::Keypair> = std::iter::once(&issuer).chain(senders.iter()).collect();
	let mut first = true;
	for chunk in everyone.chunks(CHUNK) {
		let (_, ids) = tokio::try_join!(
			async { fund(sto, chunk, 100 * UNIT).await.context("fund load accounts") },
			async { register_identities(sto, &ferdie, chunk).await.context("register load identities") },
		)?;
		// The issuer (first of all) needs KYC only; investors KYC, AML and residence in DE.
		let claims: Vec<(u64, ClaimTopic)> = ids
			.iter()
			.enumerate()
			.flat_map(|(n, id)| {
				let investor = !(first && n == 0);
				let mut topics = vec![(*id, ClaimTopic::Kyc)];
				if investor {
					topics.extend([(*id, ClaimTopic::Aml), (*id, jurisdiction(b"DE"))]);
				}
				topics
			})
			.collect();
		add_claims(sto, &ferdie, &claims).await.context("attest load identities")?;
		first = false;
	}

	let token = create_token(sto, &issuer, "LOAD", "Load test token", None).await?;
	let token_calls = api::transactions().security_token();
	let mut calls = vec![
		call_data(client, &token_calls.set_status(token, TokenStatus::Active)).await?,
		call_data(client, &api::transactions().compliance().set_rules(token, bounded(typical_rules()))).await?,
	];
	for sender in &senders {
		let issue = token_calls.issue(token, 0, sender.public_key().to_account_id(), holding, None);
		calls.push(call_data(client, &issue).await?);
	}
	for batch in calls.chunks(CHUNK) {
		submit_batch_finalized(sto, batch, &issuer).await.context("activate the token, set its rules, issue")?;
	}
	Ok(Fixture { senders, token, partition: 0 })
}
