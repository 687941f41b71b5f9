//! The relay role: submits attested exports' mints to their gateways from a funded EVM
//! account (anyone may; the proof is the signers' signatures). Before each mint it reads the
//! gateway: an export minted already, or past its deadline, is left alone, so a restarted or
//! second relay never mints twice (and the gateway would refuse it: `AlreadyMinted`).

use crate::{
	appchain::{address, ExportCursor},
	contracts::BridgeGateway,
	evm::{self, Gateway},
	messages,
	report::Report,
};
use alloy::{primitives::U256, providers::DynProvider};
use anyhow::Result;
use serde_json::json;
use sto_client::{chain::Sto, runtime::api::runtime_types::pallet_evm_bridge::ExportStatus};

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
	pub minted: u32,
	pub failed: u32,
}

pub struct Relay {
	sto: Sto,
	evm: DynProvider,
	chain: u64,
	cursor: ExportCursor,
	report: Report,
}

impl Relay {
	pub async fn new(sto: Sto, evm: DynProvider, chain: u64, report: Report) -> Result<Self> {
		evm::check_chain(&evm, chain).await?;
		Ok(Self { sto, evm, chain, cursor: ExportCursor::default(), report })
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
			match sent {
				Ok(pending) => match pending.get_receipt().await {
					Ok(receipt) if receipt.status() => {
						tally.minted += 1;
						let mut line = what;
						line["tx"] = json!(format!("{:#x}", receipt.transaction_hash));
						self.report.line("minted", line);
					},
					Ok(receipt) => {
						tally.failed += 1;
						let mut line = what;
						line["error"] = json!(format!("reverted in block {:?}", receipt.block_number));
						self.report.line("failed", line);
					},
					Err(error) => {
						tally.failed += 1;
						let mut line = what;
						line["error"] = json!(error.to_string());
						self.report.line("failed", line);
					},
				},
				Err(error) => {
					tally.failed += 1;
					let mut line = what;
					line["error"] = json!(crate::revert_reason(&error));
					self.report.line("failed", line);
				},
			}
		}
		Ok(tally)
	}
}
