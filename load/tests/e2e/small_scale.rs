//! The load tool's small-scale mode against a real `--dev` node: a few hundred compliant token
//! transfers and as many balances transfers, every one finalized and counted exactly once.

use anyhow::{ensure, Result};

#[tokio::test(flavor = "multi_thread")]
async fn every_transaction_is_finalized_and_counted_once() -> Result<()> {
	let report = sto_load::small_scale(20, 200, &|line| eprintln!("[small-scale] {line}")).await?;
	eprintln!("{}", sto_load::markdown(&report));
	ensure!(report.pairs.len() == 1, "one measured pair");
	if let Some(problem) = sto_load::small_scale_problem(&report) {
		anyhow::bail!("{problem}");
	}
	let (a, b) = &report.pairs[0];
	ensure!(a.finalized == 200 && b.finalized == 200, "200 of each finalized: {} and {}", a.finalized, b.finalized);
	ensure!(a.tps > 0.0 && b.tps > 0.0 && a.blocks > 0 && b.blocks > 0, "throughput measured from blocks");
	Ok(())
}
