//! `sto exchange …`: an exchange adapter over a JSON ledger (the exchange's book): record
//! matched trades, net them into a batch, settle it, reconcile the book with the chain.

use super::{outcome_text, Context, Output};
use anyhow::{anyhow, Result};
use clap::Subcommand;
use serde_json::json;
use std::path::PathBuf;
use sto_exchange::{self as exchange, Ledger};

#[derive(Subcommand, Debug)]
pub enum Command {
	/// Record matched trades in the ledger (pending until settled).
	Trade {
		/// The ledger file (JSON; see docs/CUSTODY.md).
		ledger: PathBuf,
		/// The token traded.
		#[arg(long)]
		token: u32,
		/// The partition traded.
		#[arg(long, default_value_t = 0)]
		partition: u16,
		/// Matched trades, SELLER:BUYER:QUANTITY[:PRICE] (venue accounts).
		#[arg(required = true, value_name = "TRADE")]
		trades: Vec<String>,
	},
	/// Net the ledger's pending trades into a batch file (prints it, or writes it with --out).
	Net {
		/// The ledger file.
		ledger: PathBuf,
		/// The batch reference (default: the venue and the trade ids).
		#[arg(long)]
		batch_ref: Option<String>,
		/// Write the batch file here instead of printing it.
		#[arg(long)]
		out: Option<PathBuf>,
	},
	/// Net, preview and settle the ledger's pending trades in one batch, update the ledger,
	/// then reconcile it with the chain (a wallet of the custodian signs).
	///
	/// Refused before anything is sent when the book disagrees with the chain or the preview
	/// finds a failing leg. Exits with status 1 when the reconciliation finds a difference.
	Settle {
		/// The ledger file (updated in place after the settlement).
		ledger: PathBuf,
		/// The batch reference (default: the venue and the trade ids).
		#[arg(long)]
		batch_ref: Option<String>,
	},
	/// Compare the ledger's positions with the chain; exits with status 1 on any difference.
	Reconcile {
		/// The ledger file.
		ledger: PathBuf,
	},
}

pub async fn run(context: &Context, command: Command) -> Result<Output> {
	match command {
		Command::Trade { ledger: path, token, partition, trades } => {
			let mut ledger = Ledger::read(&path)?;
			let mut ids = Vec::new();
			for text in &trades {
				let id = format!("T-{}", ledger.trades.len() + 1);
				let trade = exchange::parse_trade(&id, text, token, partition).map_err(|e| anyhow!("{text}: {e}"))?;
				ledger.trades.push(trade);
				ids.push(id);
			}
			ledger.check()?;
			ledger.write(&path)?;
			Ok(Output::new(json!({"recorded": ids}), format!("recorded {}\n", ids.join(", "))))
		},
		Command::Net { ledger: path, batch_ref, out } => {
			let ledger = Ledger::read(&path)?;
			let netting = exchange::net(&ledger, batch_ref.as_deref())?;
			let batch = netting.batch.to_json();
			let summary = format!(
				"{} pending trades netted into {} token legs and {} cash legs",
				netting.trades.len(),
				netting.batch.legs.len(),
				netting.batch.cash_legs.len()
			);
			match out {
				Some(out) => {
					std::fs::write(&out, serde_json::to_string_pretty(&batch)? + "\n")
						.map_err(|e| anyhow!("cannot write {}: {e}", out.display()))?;
					Ok(Output::new(
						json!({"batch_file": out.display().to_string(), "trades": netting.trades, "batch": batch}),
						format!("{summary}: {}\n", out.display()),
					))
				},
				None => {
					context.note(&summary);
					Ok(Output::new(batch.clone(), serde_json::to_string_pretty(&batch)?))
				},
			}
		},
		Command::Settle { ledger: path, batch_ref } => {
			let sto = context.connect().await?;
			let signer = context.signer()?;
			let mut ledger = Ledger::read(&path)?;
			let pending = ledger.pending().count();
			context.note(&format!(
				"{}: settling {pending} pending trades (signed by {})",
				ledger.venue,
				signer.public_key().to_account_id()
			));
			let mut progress = context.progress();
			let report =
				exchange::settle_pending(&sto, &signer, &mut ledger, batch_ref.as_deref(), context.wait, &mut progress).await?;
			ledger.write(&path)?;
			let reconciliation = exchange::reconcile(&sto, &ledger).await?;
			let differences = reconciliation.differences();
			let mut json = report.to_json();
			json["reconciliation"] = reconciliation.to_json();
			let text = format!(
				"{}\n{}",
				outcome_text(
					&format!(
						"{} trades settled in batch {:?}: {} token legs, {} cash legs; ledger updated",
						report.netting.trades.len(),
						report.netting.batch.batch_ref,
						report.settlement.legs_settled,
						report.settlement.cash_legs_settled
					),
					&report.settlement.outcome
				),
				reconciliation.to_text()
			);
			Ok(Output::new(json, text)
				.failing((differences > 0).then(|| format!("the book differs from the chain in {differences} place(s) after settling"))))
		},
		Command::Reconcile { ledger: path } => {
			let sto = context.connect().await?;
			let ledger = Ledger::read(&path)?;
			let reconciliation = exchange::reconcile(&sto, &ledger).await?;
			let differences = reconciliation.differences();
			Ok(Output::new(reconciliation.to_json(), reconciliation.to_text())
				.failing((differences > 0).then(|| format!("the book differs from the chain in {differences} place(s)"))))
		},
	}
}
