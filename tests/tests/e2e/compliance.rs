//! Compliance rules over JSON-RPC on a `--dev` chain, as an issuer's compliance officer and an
//! exchange would meet them: the issuer sets a rule set (AML for receivers, no US residents,
//! accredited investors only, at most 300 tokens per investor); a compliant transfer settles;
//! each kind of violation is refused, both in the free dry run (`can_transfer`, with the
//! ERC-1066 status and the rule) and by the transaction pool at submission; the
//! `ComplianceApi` report lists every failing rule of a transfer, not only the first.

use anyhow::{anyhow, ensure, Result};
use sto_harness::{
	chain::{
		add_claims, call_data, create_token, find_event, fund, jurisdiction, keypair, register_identities,
		submit_batch_finalized, submit_finalized, submit_refused, UNIT,
	},
	subxt::dynamic::Value,
	subxt_signer::sr25519,
	sto_client::runtime::{
		api::{
			self,
			runtime_types::{
				pallet_compliance::types::{IssuerSource, Requirement, Side},
				sto_primitives::identity::InvestorType,
			},
		},
		bounded, ClaimTopic, CountryCode, Rule, RuleKind, TokenStatus,
	},
	dev_chain, Client, Sto,
};

fn rule(kind: RuleKind) -> Rule {
	Rule { partition: None, kind }
}

/// `can_transfer` through `TokenApi`: the status byte and the failure's text.
async fn dry_run(sto: &Sto, token: u32, from: &sr25519::Keypair, to: &sr25519::Keypair, amount: u128) -> Result<(u8, String)> {
	let (status, reason): (u8, Option<Value>) = sto
		.runtime_api(
			"TokenApi",
			"can_transfer",
			(token, 0u16, from.public_key().to_account_id(), to.public_key().to_account_id(), amount),
		)
		.await?
		.decode()?;
	Ok((status, reason.map(|r| format!("{r}")).unwrap_or_default()))
}

/// Submit a transfer the pool must refuse; the node's reason.
async fn refused_at_submission(client: &Client, token: u32, from: &sr25519::Keypair, to: &sr25519::Keypair, amount: u128) -> Result<String> {
	let transfer = api::transactions().security_token().transfer_by_partition(token, 0, to.public_key().to_account_id(), amount, None);
	submit_refused(client, &transfer, from).await
}

#[tokio::test(flavor = "multi_thread")]
async fn rules_refuse_violations_and_report_every_failing_rule_over_rpc() -> Result<()> {
	let (_dir, _node, sto) = dev_chain("compliance").await?;
	let client = sto.client().clone();

	let kyc_provider = sr25519::dev::ferdie();
	let issuer = keypair("//E2E-compliance-issuer")?;
	let anna = keypair("//E2E-anna-de-accredited")?;
	let bert = keypair("//E2E-bert-de-accredited")?;
	let carl = keypair("//E2E-carl-us-retail")?;
	let dora = keypair("//E2E-dora-fr-no-aml")?;
	let funded = [&issuer, &anna, &bert];
	let registered = [&issuer, &anna, &bert, &carl, &dora];
	let (_, ids) = tokio::try_join!(
		fund(&sto, &funded, 100 * UNIT),
		register_identities(&sto, &kyc_provider, &registered),
	)?;
	let [issuer_id, anna_id, bert_id, carl_id, dora_id] = ids[..] else {
		return Err(anyhow!("five identities: {ids:?}"));
	};
	// Ferdie attests: everyone KYC; Anna and Bert DE, accredited, AML-screened; Carl US,
	// retail, AML-screened; Dora FR, accredited, no AML screening.
	let mut claims = vec![(issuer_id, ClaimTopic::Kyc)];
	for (id, code, kind, aml) in [
		(anna_id, b"DE", ClaimTopic::Accredited, true),
		(bert_id, b"DE", ClaimTopic::Accredited, true),
		(carl_id, b"US", ClaimTopic::Retail, true),
		(dora_id, b"FR", ClaimTopic::Accredited, false),
	] {
		claims.extend([(id, ClaimTopic::Kyc), (id, jurisdiction(code)), (id, kind)]);
		if aml {
			claims.push((id, ClaimTopic::Aml));
		}
	}
	add_claims(&sto, &kyc_provider, &claims).await?;

	let token = create_token(&sto, &issuer, "FUND1", "Real estate fund I", None).await?;
	let anna_account = anna.public_key().to_account_id();
	let rules = vec![
		rule(RuleKind::Claims {
			side: Side::Receiver,
			requirement: Requirement::AllOf,
			topics: bounded(vec![ClaimTopic::Aml]),
			issuers: IssuerSource::Trusted,
		}),
		rule(RuleKind::BlockJurisdictions(bounded(vec![CountryCode(*b"US")]))),
		rule(RuleKind::AllowInvestorTypes(bounded(vec![InvestorType::Accredited, InvestorType::Institutional]))),
		rule(RuleKind::MaxBalance(300)),
	];
	// One batch: activate, issue 500 to Anna, then set the rules (the issuer holds the
	// compliance role). Anna is above the new maximum: grandfathered, she may still sell.
	let calls = vec![
		call_data(&client, &api::transactions().security_token().set_status(token, TokenStatus::Active)).await?,
		call_data(&client, &api::transactions().security_token().issue(token, 0, anna_account, 500, None)).await?,
		call_data(&client, &api::transactions().compliance().set_rules(token, bounded(rules))).await?,
	];
	let events = submit_batch_finalized(&sto, &calls, &issuer).await?;
	let set = find_event(&events, "Compliance", "RulesSet")?.ok_or_else(|| anyhow!("no RulesSet event"))?;
	ensure!(format!("{set}").contains("MaxBalance"), "the event carries the rule set: {set}");

	// A compliant transfer settles.
	let transfer =
		api::transactions().security_token().transfer_by_partition(token, 0, bert.public_key().to_account_id(), 100, None);
	submit_finalized(&client, &transfer, &anna).await?;
	let bert_balance: u128 =
		sto.runtime_api("TokenApi", "balance_of", (token, 0u16, bert.public_key().to_account_id())).await?.decode()?;
	ensure!(bert_balance == 100, "Bert received 100: {bert_balance}");

	// Each kind of violation: the free dry run names the rule and its ERC-1066 status, the pool
	// refuses the transaction with the rule's own refusal code.
	use sto_primitives::refusal::Refusal;
	for (to, amount, status, reason, refusal) in [
		(&dora, 10u128, 0x53u8, "ReceiverClaim", Refusal::ReceiverClaimMissing),
		(&carl, 10, 0x53, "JurisdictionBlocked", Refusal::JurisdictionBlocked),
		(&bert, 201, 0x50, "MaxBalance", Refusal::MaxBalance),
	] {
		let (dry_status, dry_reason) = dry_run(&sto, token, &anna, to, amount).await?;
		ensure!(dry_status == status, "status {dry_status:#x} for {reason}, expected {status:#x}");
		ensure!(dry_reason.contains("Compliance") && dry_reason.contains(reason), "reason: {dry_reason}");
		let error = refused_at_submission(&client, token, &anna, to, amount).await?;
		ensure!(error.contains(&format!("custom error: {}", refusal.code())), "pool refusal for {reason}: {error}");
	}
	let (ok_status, _) = dry_run(&sto, token, &anna, &bert, 200).await?;
	ensure!(ok_status == 0x51, "up to the maximum balance passes: {ok_status:#x}");

	// The report of a transfer to Carl lists every rule it breaks: jurisdiction, investor type
	// and maximum balance, and the rule it meets (AML).
	let report: Value = sto
		.runtime_api(
			"ComplianceApi",
			"transfer_report",
			(token, 0u16, anna_account, carl.public_key().to_account_id(), 350u128),
		)
		.await?
		.decode()?;
	let text = format!("{report}");
	for failing in ["JurisdictionBlocked", "InvestorTypeNotAllowed", "MaxBalance"] {
		ensure!(text.contains(failing), "the report lists {failing}: {text}");
	}
	ensure!(text.matches("Fail").count() == 3, "exactly three failing rules: {text}");
	ensure!(text.contains("Pass"), "the AML rule passes: {text}");
	// The pallet's view function gives the same rule lines.
	let view: Value = sto
		.view_function(
			"Compliance",
			"report",
			(token, 0u16, anna_account, carl.public_key().to_account_id(), 350u128),
		)
		.await?
		.decode()?;
	let view_text = format!("{view}");
	ensure!(view_text.matches("Fail").count() == 3 && view_text.contains("InvestorTypeNotAllowed"), "view: {view_text}");

	// The trading pause halts transfers (0x58) until lifted.
	let pause = api::transactions().compliance().set_trading_paused(token, true);
	submit_finalized(&client, &pause, &issuer).await?;
	let (paused_status, paused_reason) = dry_run(&sto, token, &anna, &bert, 1).await?;
	ensure!(paused_status == 0x58 && paused_reason.contains("TradingPaused"), "paused: {paused_status:#x} {paused_reason}");
	Ok(())
}
