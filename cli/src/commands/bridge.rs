//! `sto bridge …`: the EVM bridge as holders and operators see it here. A holder exports tokens
//! to an EVM address linked to a verified identity (checked first: every refusal is named);
//! anyone reads an export's message and signatures, the exports in flight, where a burn on an
//! EVM chain stands, the routes and the quarantine, refunds an export nobody attested by its
//! deadline, retries a quarantined release once its cause is cured, asks for an EVM wallet's
//! allow-list entry and reads the messages for the EVM contracts. The signers' and relayers'
//! work (attestations, mints, applying messages) is `sto-bridge`'s (docs/BRIDGE.md).

use super::{
	corporate::{amount, send},
	outcome_text, Context, Output,
};
use anyhow::{anyhow, bail, Result};
use clap::Subcommand;
use serde_json::{json, Value as Json};
use sto_client::{
	chain::Sto,
	identity::parse_evm_address,
	runtime::{
		api::{
			self,
			runtime_types::{
				pallet_evm_bridge::{
					views::{ExportView, ImportStatus, MessageView},
					ControlAction, ExportStatus, MessageBody, Quarantined, ReleaseCause, Route,
				},
				sto_primitives::compliance::{RuleOutcome, RuleReport},
			},
		},
		describe,
	},
	subxt::utils::AccountId32,
};

#[derive(Subcommand, Debug)]
pub enum Command {
	/// Export tokens to an EVM chain: locked here in the bridge's escrow, minted there to an EVM
	/// address linked to a verified identity once the signers attest it. Checked first
	/// (`EvmBridgeApi.preview_export`, `preview_export_rules`): every refusal and every
	/// failing compliance rule (judged on the EVM address's identity) is named, nothing is sent.
	Export {
		/// The token's id.
		#[arg(long)]
		token: u32,
		/// The partition the tokens leave.
		#[arg(long, default_value_t = 0)]
		partition: u16,
		/// The EVM chain's id (EIP-155).
		#[arg(long)]
		chain: u64,
		/// The EVM address the wrapped tokens are minted to (linked to an identity).
		#[arg(long, value_name = "0xADDRESS")]
		to: String,
		/// How many units (smallest unit).
		amount: String,
	},
	/// Show an export in flight: its route, recipient, amount, deadline, the mint message's
	/// digest and the signatures collected (free read).
	Show {
		/// The export's nonce.
		nonce: u64,
	},
	/// The exports in flight, nonces ascending (free read).
	InFlight {
		/// The first nonce to look at.
		#[arg(long, default_value_t = 1)]
		from: u64,
		/// At most this many.
		#[arg(long, default_value_t = 100)]
		max: u32,
	},
	/// Where a burn on an EVM chain stands here: unseen, collecting signatures, or imported
	/// (free read).
	Import {
		/// The EVM chain's id.
		#[arg(long)]
		chain: u64,
		/// The gateway the burn was made at.
		#[arg(long, value_name = "0xADDRESS")]
		gateway: String,
		/// The burn's nonce at the gateway.
		nonce: u64,
	},
	/// The routes: which token partitions go to which EVM chain, through which contracts, with
	/// which limits, and what each has in flight and outstanding (free read).
	Routes,
	/// The quarantined releases (refunds and imports the token refused), or one of them (free
	/// read).
	Quarantine {
		/// One entry's id.
		id: Option<u64>,
	},
	/// Release a quarantined entry again (anyone), once its cause is cured (a claim renewed,
	/// the token unpaused).
	Retry {
		/// The quarantine entry's id.
		id: u64,
	},
	/// Refund an export no threshold attested by its deadline (anyone): its tokens go back to
	/// the holder.
	Refund {
		/// The export's nonce.
		nonce: u64,
	},
	/// Ask the signers for an EVM wallet's allow-list entry for a route's wrapped token
	/// (anyone): computed now from the wallet's identity (verified for the token, passing its
	/// rules about receivers) until the earlier of 30 days and the KYC claim's end; a wallet
	/// the token no longer admits has its open entry removed.
	Allow {
		/// The token's id.
		#[arg(long)]
		token: u32,
		/// The partition of the route.
		#[arg(long, default_value_t = 0)]
		partition: u16,
		/// The EVM chain's id (EIP-155).
		#[arg(long)]
		chain: u64,
		/// The EVM wallet (linked to an identity).
		#[arg(long)]
		wallet: String,
	},
	/// The messages for the EVM contracts (allow-list entries, control messages, rotations)
	/// with their signatures so far, ids ascending (free read).
	Messages {
		/// The first id to look at.
		#[arg(long, default_value_t = 1)]
		from: u64,
		/// At most this many.
		#[arg(long, default_value_t = 50)]
		max: u32,
	},
}

fn hex32(bytes: &[u8; 32]) -> String {
	format!("0x{}", hex::encode(bytes))
}

fn status_name(status: &ExportStatus) -> &'static str {
	match status {
		ExportStatus::Pending => "pending",
		ExportStatus::Attested => "attested",
	}
}

fn export_json(view: &ExportView<AccountId32>) -> Json {
	let e = &view.export;
	json!({
		"nonce": view.nonce,
		"token": e.token,
		"partition": e.partition,
		"chain": e.chain,
		"gateway": format!("{:#x}", e.gateway),
		"wrapped": format!("{:#x}", view.wrapped),
		"holder": e.holder.to_string(),
		"recipient": format!("{:#x}", e.recipient),
		"identity": e.identity,
		"amount": e.amount.to_string(),
		"deadline": e.deadline,
		"digest": hex32(&e.digest),
		"status": status_name(&e.status),
		"set_id": view.set_id,
		"signatures": view.signatures.iter().map(|s| format!("0x{}", hex::encode(s))).collect::<Vec<_>>(),
	})
}

fn export_text(view: &ExportView<AccountId32>) -> String {
	let e = &view.export;
	format!(
		"export {}: {} of token {} partition {} from {} to {:#x} on chain {} (gateway {:#x}), deadline {} s, {}, {} signature(s), digest {}\n",
		view.nonce,
		e.amount,
		e.token,
		e.partition,
		e.holder,
		e.recipient,
		e.chain,
		e.gateway,
		e.deadline,
		status_name(&e.status),
		view.signatures.len(),
		hex32(&e.digest),
	)
}

fn cause_json(cause: &ReleaseCause) -> Json {
	match cause {
		ReleaseCause::Refund { export } => json!({"refund": {"export": export}}),
		ReleaseCause::Import { chain, gateway, nonce, from } =>
			json!({"import": {"chain": chain, "gateway": format!("{gateway:#x}"), "nonce": nonce, "from": format!("{from:#x}")}}),
	}
}

fn quarantine_json(id: u64, entry: &Quarantined<AccountId32>) -> Json {
	json!({
		"id": id,
		"token": entry.token,
		"partition": entry.partition,
		"to": entry.to.to_string(),
		"amount": entry.amount.to_string(),
		"cause": cause_json(&entry.cause),
		"reason": describe(&entry.reason),
	})
}

fn route_json(token: u32, partition: u16, chain: u64, route: &Route, in_flight: u128, outstanding: u128) -> Json {
	json!({
		"token": token,
		"partition": partition,
		"chain": chain,
		"gateway": format!("{:#x}", route.gateway),
		"wrapped": format!("{:#x}", route.wrapped),
		"enabled": route.enabled,
		"limits": {
			"per_export": route.limits.per_export.to_string(),
			"per_window": route.limits.per_window.to_string(),
			"per_identity_window": route.limits.per_identity_window.to_string(),
		},
		"in_flight": in_flight.to_string(),
		"outstanding": outstanding.to_string(),
	})
}

/// A rule of the token's compliance rules that refuses the export, in words; `None` when it
/// passes or does not apply.
fn failing_rule(report: &RuleReport) -> Option<String> {
	let RuleOutcome::Fail(failure) = &report.outcome else { return None };
	Some(match report.rule {
		u32::MAX => format!("the token's trading pause: {}", describe(failure)),
		rule => format!("the token's compliance rule {rule} (counted from 0): {}", describe(failure)),
	})
}

pub async fn run(context: &Context, command: Command) -> Result<Output> {
	let sto = context.connect().await?;
	sto.require_pallet("EvmBridge").await?;
	let tx = api::transactions().evm_bridge();
	let apis = api::runtime_apis().evm_bridge_api();
	match command {
		Command::Export { token, partition, chain, to, amount: text } => {
			let amount = amount(&text, "amount")?;
			let recipient = parse_evm_address(&to)?;
			let holder = context.signer()?.public_key().to_account_id();
			// The chain's own checks first: every refusal named, every failing compliance rule
			// too (the export itself stops at the first), nothing sent.
			let problems = sto.api(apis.preview_export(holder.clone(), token, partition, chain, amount, recipient)).await?;
			if !problems.is_empty() {
				let rules = sto.api(apis.preview_export_rules(holder, token, partition, amount, recipient)).await?;
				let reasons = problems
					.iter()
					.map(describe)
					.chain(rules.iter().filter_map(failing_rule))
					.map(|reason| format!("  - {reason}"))
					.collect::<Vec<_>>()
					.join("\n");
				bail!("exporting {amount} of token {token} partition {partition} to {recipient:#x} on chain {chain} would fail:\n{reasons}");
			}
			let what = format!("export {amount} of token {token} partition {partition} to {recipient:#x} on chain {chain}");
			let call = sto.call(&tx.export(token, partition, chain, amount, recipient)).await?;
			let outcome = context.submit(&sto, &call, &what).await?;
			let exported = outcome.event("EvmBridge", "Exported");
			let nonce = exported.and_then(|event| event.u128("nonce"));
			let mut json = outcome.to_json();
			json["nonce"] = json!(nonce.map(|n| n as u64));
			json["digest"] = json!(exported.and_then(|event| event.bytes("digest")).map(|d| format!("0x{}", hex::encode(d))));
			Ok(Output::new(json, outcome_text(&format!("{what}: export {}", nonce.unwrap_or_default()), &outcome)))
		},
		Command::Show { nonce } => {
			let view = sto
				.api(apis.export(nonce))
				.await?
				.ok_or_else(|| anyhow!("no export {nonce} in flight (it was never made, or it is minted or refunded)"))?;
			Ok(Output::new(export_json(&view), export_text(&view)))
		},
		Command::InFlight { from, max } => {
			let views = sto.api(apis.exports_in_flight(from, max)).await?;
			let text = if views.is_empty() {
				format!("no export in flight from nonce {from}\n")
			} else {
				views.iter().map(export_text).collect()
			};
			Ok(Output::new(json!(views.iter().map(export_json).collect::<Vec<_>>()), text))
		},
		Command::Import { chain, gateway, nonce } => {
			let gateway = parse_evm_address(&gateway)?;
			let status = sto.api(apis.import_status(chain, gateway, nonce)).await?;
			let (json, text) = match status {
				ImportStatus::Unseen => (json!({"status": "unseen"}), "no signer attested it yet".to_string()),
				ImportStatus::Collecting { set_id, digest, votes } => (
					json!({"status": "collecting", "set_id": set_id, "digest": hex32(&digest), "votes": votes}),
					format!("collecting: {votes} signature(s) of set {set_id} for digest {}", hex32(&digest)),
				),
				ImportStatus::Imported => (json!({"status": "imported"}), "imported (released, or quarantined)".to_string()),
			};
			Ok(Output::new(json, format!("burn {nonce} at {gateway:#x} on chain {chain}: {text}\n")))
		},
		Command::Routes => routes(&sto).await,
		Command::Quarantine { id } => quarantine(&sto, id).await,
		Command::Retry { id } => {
			let call = sto.call(&tx.retry_quarantined(id)).await?;
			send(context, &sto, format!("retry quarantined release {id}"), call).await
		},
		Command::Refund { nonce } => {
			let call = sto.call(&tx.refund_expired(nonce)).await?;
			send(context, &sto, format!("refund export {nonce}"), call).await
		},
		Command::Allow { token, partition, chain, wallet } => {
			let wallet = parse_evm_address(&wallet)?;
			let call = sto.call(&tx.request_allow(token, partition, chain, wallet)).await?;
			send(context, &sto, format!("allow-list entry of {wallet:#x} for token {token} partition {partition} on chain {chain}"), call)
				.await
		},
		Command::Messages { from, max } => {
			let views = sto.api(apis.messages(from, max)).await?;
			let text = if views.is_empty() {
				format!("no message from id {from}\n")
			} else {
				views.iter().map(message_text).collect()
			};
			Ok(Output::new(json!(views.iter().map(message_json).collect::<Vec<_>>()), text))
		},
	}
}

fn action_name(action: &ControlAction) -> &'static str {
	match action {
		ControlAction::Freeze => "freeze",
		ControlAction::Unfreeze => "unfreeze",
		ControlAction::ForcedTransfer => "forced-transfer",
	}
}

fn message_json(view: &MessageView) -> Json {
	let message = &view.message;
	let body = match &message.body {
		MessageBody::Allow { wallet, expiry, sequence } => {
			json!({"kind": "allow", "wallet": format!("{wallet:#x}"), "expiry": expiry, "sequence": sequence})
		},
		MessageBody::Control { sequence, action, account, to, amount } => json!({
			"kind": "control",
			"sequence": sequence,
			"action": action_name(action),
			"account": format!("{account:#x}"),
			"to": format!("{to:#x}"),
			"amount": amount.to_string(),
		}),
		MessageBody::SignerSet { set_id, signers, previous_valid_until } => json!({
			"kind": "rotation",
			"set_id": set_id,
			"signers": signers.0.iter().map(|key| format!("{key:#x}")).collect::<Vec<_>>(),
			"previous_valid_until": previous_valid_until,
		}),
	};
	json!({
		"id": view.id,
		"chain": message.chain,
		"contract": format!("{:#x}", message.contract),
		"wrapped": format!("{:#x}", message.wrapped),
		"body": body,
		"digest": hex32(&message.digest),
		"signed_by": message.signed_by,
		"attested": message.attested,
		"set_id": view.set_id,
		"signatures": view.signatures.iter().map(|s| format!("0x{}", hex::encode(s))).collect::<Vec<_>>(),
	})
}

fn message_text(view: &MessageView) -> String {
	let message = &view.message;
	let what = match &message.body {
		MessageBody::Allow { wallet, expiry: 0, sequence } => format!("remove {wallet:#x} from the allow-list (#{sequence})"),
		MessageBody::Allow { wallet, expiry, sequence } => format!("allow {wallet:#x} until {expiry} (#{sequence})"),
		MessageBody::Control { sequence, action, account, to, amount } => match action {
			ControlAction::ForcedTransfer => format!("control #{sequence}: move {amount} from {account:#x} to {to:#x}"),
			_ => format!("control #{sequence}: {} {account:#x}", action_name(action)),
		},
		MessageBody::SignerSet { set_id, signers, previous_valid_until } => format!(
			"rotate to set {set_id} ({} signers), the outgoing set valid until {previous_valid_until}",
			signers.0.len()
		),
	};
	let state = if message.attested { "attested" } else { "collecting" };
	format!(
		"message {} on chain {} at {:#x}: {what}; {state}, {} signature(s){}\n",
		view.id,
		message.chain,
		message.contract,
		view.signatures.len(),
		view.set_id.map(|set| format!(" of set {set}")).unwrap_or_default()
	)
}

async fn routes(sto: &Sto) -> Result<Output> {
	let at = sto.at().await?;
	let storage = api::storage().evm_bridge();
	let mut entries = at.storage().iter(storage.routes(), ()).await.map_err(|e| anyhow!("read the routes: {e}"))?;
	let mut listed = Vec::new();
	let mut text = String::new();
	while let Some(entry) = entries.next().await {
		let entry = entry.map_err(|e| anyhow!("read the routes: {e}"))?;
		let ((token, partition), chain) =
			entry.key().and_then(|key| key.decode()).map_err(|e| anyhow!("decode a route's key: {e}"))?;
		let route = entry.value().decode().map_err(|e| anyhow!("decode a route: {e}"))?;
		let in_flight = amount_at(&at, storage.in_flight(), (token, partition), chain).await?;
		let outstanding = amount_at(&at, storage.outstanding(), (token, partition), chain).await?;
		text += &format!(
			"token {token} partition {partition} -> chain {chain}: gateway {:#x}, wrapped {:#x}, {}, {in_flight} in flight, {outstanding} outstanding\n",
			route.gateway,
			route.wrapped,
			if route.enabled { "enabled" } else { "disabled" },
		);
		listed.push(route_json(token, partition, chain, &route, in_flight, outstanding));
	}
	if listed.is_empty() {
		text = "no routes\n".into();
	}
	Ok(Output::new(json!(listed), text))
}

/// A route's amount in `address` (`InFlight` or `Outstanding`; zero when absent).
async fn amount_at<A>(at: &sto_client::chain::At, address: A, key: (u32, u16), chain: u64) -> Result<u128>
where
	A: sto_client::subxt::storage::Address<KeyParts = ((u32, u16), u64), Value = u128>,
{
	match at.storage().try_fetch(address, (key, chain)).await.map_err(|e| anyhow!("read a route's amounts: {e}"))? {
		Some(value) => value.decode().map_err(|e| anyhow!("decode a route's amount: {e}")),
		None => Ok(0),
	}
}

async fn quarantine(sto: &Sto, id: Option<u64>) -> Result<Output> {
	let at = sto.at().await?;
	let storage = api::storage().evm_bridge();
	let mut listed = Vec::new();
	match id {
		Some(id) => {
			let entry = at
				.storage()
				.try_fetch(storage.quarantine(), (id,))
				.await
				.map_err(|e| anyhow!("read the quarantine: {e}"))?
				.ok_or_else(|| anyhow!("no quarantined release {id} (never made, or released)"))?
				.decode()
				.map_err(|e| anyhow!("decode quarantined release {id}: {e}"))?;
			listed.push(quarantine_json(id, &entry));
		},
		None => {
			let mut entries =
				at.storage().iter(storage.quarantine(), ()).await.map_err(|e| anyhow!("read the quarantine: {e}"))?;
			while let Some(entry) = entries.next().await {
				let entry = entry.map_err(|e| anyhow!("read the quarantine: {e}"))?;
				let (id,) = entry
					.key()
					.and_then(|key| key.decode())
					.map_err(|e| anyhow!("decode a quarantine key: {e}"))?;
				let value = entry.value().decode().map_err(|e| anyhow!("decode a quarantined release: {e}"))?;
				listed.push(quarantine_json(id, &value));
			}
			listed.sort_by_key(|entry| entry["id"].as_u64());
		},
	}
	let text = if listed.is_empty() {
		"nothing in quarantine\n".to_string()
	} else {
		listed
			.iter()
			.map(|e| format!("{} {} of token {} to {}: {} ({})\n", e["id"], e["amount"], e["token"], e["to"], e["reason"], e["cause"]))
			.collect()
	};
	Ok(Output::new(json!(listed), text))
}
