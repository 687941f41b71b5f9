//! An exchange adapter in a few lines of the `sto_exchange` and `sto_client` libraries: the exchange keeps its
//! book (venue accounts, positions, matched trades) in a JSON ledger; at the end of a
//! settlement cycle it records the trades its matching engine produced, nets them per
//! wallet, previews the batch for free, settles it on chain in one atomic transaction under
//! its investors' mandates, updates the book, and reconciles the book with the chain.
//!
//! ```sh
//! STO_SURI=//Exchange cargo run --release -p sto-exchange --example exchange_adapter -- \
//!     ledger.json Y-1001:Y-1002:40:101 Y-1003:Y-1001:15:102
//! ```
//!
//! Arguments: the ledger file (see docs/CUSTODY.md), then matched trades of the ledger's first
//! token, `SELLER:BUYER:QUANTITY[:PRICE]`. `STO_URL` (default ws://127.0.0.1:9944) names the
//! node. Exits with status 1 if anything is refused or the book differs from the chain.

use anyhow::{anyhow, bail, Context, Result};
use std::path::PathBuf;
use sto_exchange::{self as exchange, Ledger};
use sto_client::{
	chain::{keypair, Sto, Wait},
	custody,
};

#[tokio::main]
async fn main() {
	if let Err(error) = run().await {
		eprintln!("error: {}", sto_client::errors::one_line(&format!("{error:#}")));
		std::process::exit(1);
	}
}

async fn run() -> Result<()> {
	let mut args = std::env::args().skip(1);
	let path = PathBuf::from(args.next().ok_or_else(|| anyhow!("usage: exchange_adapter LEDGER [SELLER:BUYER:QUANTITY[:PRICE]]..."))?);
	let url = std::env::var("STO_URL").unwrap_or_else(|_| "ws://127.0.0.1:9944".into());
	let signer = keypair(&std::env::var("STO_SURI").context("set STO_SURI to the exchange's settling wallet")?)?;
	let sto = Sto::connect(&url).await?;
	let mut ledger = Ledger::read(&path)?;

	// 1. The matching engine's output: matched trades enter the book as pending.
	let (token, partition) = ledger
		.instruments()
		.into_iter()
		.next()
		.ok_or_else(|| anyhow!("the ledger names no token (give its accounts a position)"))?;
	for text in args {
		let id = format!("T-{}", ledger.trades.len() + 1);
		ledger.trades.push(exchange::parse_trade(&id, &text, token, partition)?);
	}
	ledger.check()?;

	// 2. Netting: one leg per net seller/buyer pair instead of one per trade.
	let netting = exchange::net(&ledger, None)?;
	println!(
		"{} trades net to {} token legs and {} cash legs",
		netting.trades.len(),
		netting.batch.legs.len(),
		netting.batch.cash_legs.len()
	);

	// 3. The free pre-check, judged by the chain's own settlement code.
	let preview = custody::preview(&sto, &signer.public_key().to_account_id(), &netting.batch).await?;
	if let Some(reason) = preview.refusal() {
		bail!("the batch would be refused, nothing sent: {reason}");
	}

	// 4. Settlement (all legs or none) and the book's update; `settle_pending` checks that the
	//    book agrees with the chain before, and that the chain's events match the batch after.
	let report = exchange::settle_pending(&sto, &signer, &mut ledger, None, Wait::Finalized, &mut |stage| eprintln!("  {stage}"))
		.await?;
	ledger.write(&path)?;
	println!(
		"settled in block #{}: {} legs, {} cash legs",
		report.settlement.outcome.block_number, report.settlement.legs_settled, report.settlement.cash_legs_settled
	);

	// 5. Reconciliation: the book against the chain, wallet by wallet and identity by identity.
	let reconciliation = exchange::reconcile(&sto, &ledger).await?;
	print!("{}", reconciliation.to_text());
	if reconciliation.differences() > 0 {
		bail!("the book differs from the chain");
	}
	Ok(())
}
