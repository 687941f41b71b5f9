//! The relay role: submits attested exports' mints to their gateways, and attested messages to
//! their contracts (allow-list entries and control messages to the gateway, rotations to the
//! committee verifier), from a funded EVM account (anyone may; the proof is the signers'
//! signatures). Before each it reads the contract: an export minted already or past its
//! deadline, an allow-list entry as new or newer, a control message or rotation applied
//! already, is left alone, so a restarted or second relay never applies anything twice (and the
//! contracts would refuse it: `AlreadyMinted`, `StaleSequence`, `BadSequence`, `NotNextSet`).

use crate::{
	appchain::{self, address, ExportCursor},
	contracts::{AllowList, BridgeGateway, CommitteeVerifier},
	evm::{self, Gateway},
	messages,
	report::Report,
};
use alloy::{primitives::U256, providers::DynProvider};
use anyhow::Result;
use serde_json::json;
use sto_client::{
	chain::Sto,
	runtime::api::runtime_types::pallet_evm_bridge::{views::MessageView, ControlAction, ExportStatus, MessageBody},
};

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
	pub minted: u32,
	/// Messages applied (allow-list entries, control messages, rotations).
	pub applied: u32,
	pub failed: u32,
}

pub struct Relay {
	sto: Sto,
	evm: DynProvider,
	chain: u64,
	cursor: ExportCursor,
	/// The lowest message id the last pass left unapplied.
	message_from: u64,
	report: Report,
}

impl Relay {
	pub async fn new(sto: Sto, evm: DynProvider, chain: u64, report: Report) -> Result<Self> {
		evm::check_chain(&evm, chain).await?;
		Ok(Self { sto, evm, chain, cursor: ExportCursor::default(), message_from: 1, report })
	}

	pub async fn pass(&mut self) -> Result<Tally> {
		let mut tally = Tally::default();
		let at = self.sto.at().await?;
		let latest = evm::head(&self.evm, false).await?;
		for view in self.cursor.all(&at).await? {
			let export = &view.export;
			if export.chain != self.chain || !matches!(export.status, ExportStatus::Attested) {
				continue;
			}
			// The gateway refuses a mint after the deadline: the appchain refunds the export.
			if latest.timestamp >= export.deadline {
				continue;
			}
			let Some(set_id) = view.set_id else { continue };
			let gateway = address(&export.gateway);
			if Gateway::new(&self.evm, gateway).minted(view.nonce, latest.id()).await? {
				continue;
			}
			let proof = messages::proof(set_id, &view.signatures);
			let contract = BridgeGateway::new(gateway, self.evm.clone());
			let sent = contract
				.mint(view.nonce, address(&export.recipient), U256::from(export.amount), export.deadline, proof)
				.send()
				.await;
			let what = json!({ "export": view.nonce, "gateway": format!("{gateway:#x}"), "recipient": format!("{:#x}", address(&export.recipient)), "amount": export.amount.to_string() });
			if self.sent(sent, "minted", what).await {
				tally.minted += 1;
			} else {
				tally.failed += 1;
			}
		}
		self.relay_messages(&at, &latest, &mut tally).await?;
		Ok(tally)
	}

	/// Apply the attested messages for this chain not applied yet, in id order (control
	/// messages and rotations must arrive in sequence; ids follow it).
	async fn relay_messages(&mut self, at: &sto_client::chain::At, latest: &evm::Head, tally: &mut Tally) -> Result<()> {
		let views = appchain::messages_from(at, self.message_from).await?;
		let mut lowest_open = None;
		for view in &views {
			let message = &view.message;
			if message.chain != self.chain {
				continue;
			}
			if self.applied(view, latest).await? {
				continue;
			}
			lowest_open.get_or_insert(view.id);
			let (true, Some(set_id)) = (message.attested, view.set_id) else { continue };
			let proof = messages::proof(set_id, &view.signatures);
			let contract = address(&message.contract);
			let gateway = BridgeGateway::new(contract, self.evm.clone());
			let (sent, what) = match &message.body {
				MessageBody::Allow { wallet, expiry, sequence } => (
					gateway.allow(address(wallet), *expiry, *sequence, proof).send().await,
					json!({ "message": view.id, "allow": format!("{:#x}", address(wallet)), "expiry": expiry, "sequence": sequence }),
				),
				MessageBody::Control { sequence, action, account, to, amount } => (
					gateway.control(*sequence, action_code(action), address(account), address(to), U256::from(*amount), proof).send().await,
					json!({ "message": view.id, "control": sequence, "account": format!("{:#x}", address(account)) }),
				),
				MessageBody::SignerSet { set_id: next, signers, previous_valid_until } => (
					CommitteeVerifier::new(contract, self.evm.clone())
						.rotate(*next, signers.0.iter().map(address).collect(), *previous_valid_until, proof)
						.send()
						.await,
					json!({ "message": view.id, "rotation": next, "verifier": format!("{contract:#x}") }),
				),
			};
			if self.sent(sent, "applied", what).await {
				tally.applied += 1;
			} else {
				tally.failed += 1;
			}
		}
		let next = views.last().map_or(self.message_from, |view| view.id + 1);
		self.message_from = lowest_open.unwrap_or(next);
		Ok(())
	}

	/// Whether the contract has applied `view`'s message (or a newer one superseding it).
	async fn applied(&self, view: &MessageView, latest: &evm::Head) -> Result<bool> {
		let message = &view.message;
		let contract = address(&message.contract);
		let at = latest.id();
		Ok(match &message.body {
			MessageBody::Allow { wallet, sequence, .. } => {
				let gateway = BridgeGateway::new(contract, self.evm.clone());
				let list = gateway.allowList().block(at).call().await?;
				let entry = AllowList::new(list, self.evm.clone()).entries(address(wallet)).block(at).call().await?;
				entry.sequence >= *sequence
			},
			MessageBody::Control { sequence, .. } => {
				BridgeGateway::new(contract, self.evm.clone()).controlSequence().block(at).call().await? >= *sequence
			},
			MessageBody::SignerSet { set_id, .. } => {
				CommitteeVerifier::new(contract, self.evm.clone()).currentSetId().block(at).call().await? >= *set_id
			},
		})
	}

	/// Report a sent transaction's outcome as `done` (with its hash) or `failed`; whether it
	/// succeeded.
	async fn sent(
		&self,
		sent: Result<alloy::providers::PendingTransactionBuilder<alloy::network::Ethereum>, alloy::contract::Error>,
		done: &str,
		what: serde_json::Value,
	) -> bool {
		match sent {
			Ok(pending) => match pending.get_receipt().await {
					Ok(receipt) if receipt.status() => {
						let mut line = what;
						line["tx"] = json!(format!("{:#x}", receipt.transaction_hash));
						self.report.line(done, line);
						true
					},
					Ok(receipt) => {
						let mut line = what;
						line["error"] = json!(format!("reverted in block {:?}", receipt.block_number));
						self.report.line("failed", line);
						false
					},
					Err(error) => {
						let mut line = what;
						line["error"] = json!(error.to_string());
						self.report.line("failed", line);
						false
					},
				},
				Err(error) => {
					let mut line = what;
					line["error"] = json!(crate::revert_reason(&error));
					self.report.line("failed", line);
					false
				},
		}
	}
}

/// The gateway's code of a control action.
fn action_code(action: &ControlAction) -> u8 {
	match action {
		ControlAction::Freeze => 1,
		ControlAction::Unfreeze => 2,
		ControlAction::ForcedTransfer => 3,
	}
}
