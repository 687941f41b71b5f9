//! The proof: the database against chain state at the same block (the EVM bridge's part in
//! [`crate::bridge::compare`]).

use crate::{bridge, source::Snapshot, store::Store, source::Source};
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeSet;

/// One disagreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Difference {
	/// `balance`, `supply`, `holders`, `identities`, or one of the bridge's (`bridge route`,
	/// `bridge in flight`, `bridge outstanding`, `bridge export`, `bridge escrow`, ...).
	pub what: &'static str,
	/// Token, partition and wallet, as far as they apply (for the bridge: the route, the
	/// export's nonce, the entry).
	pub key: String,
	pub database: String,
	pub chain: String,
}

/// A reconciliation's outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
	pub height: u64,
	pub hash: String,
	pub balances: usize,
	pub tokens: usize,
	pub identities: u64,
	/// The bridge's routes, exports in flight and open quarantine entries.
	pub bridge_routes: usize,
	pub bridge_exports: usize,
	pub bridge_quarantined: usize,
	pub differences: Vec<Difference>,
}

impl Report {
	pub fn is_clean(&self) -> bool {
		self.differences.is_empty()
	}
}

/// Everything on which `database` and `chain` disagree.
pub fn compare(database: &Snapshot, chain: &Snapshot) -> Vec<Difference> {
	let mut out = Vec::new();
	let show = |v: Option<&u128>| v.map(|v| v.to_string()).unwrap_or_else(|| "none".into());
	let keys: BTreeSet<_> = database.balances.keys().chain(chain.balances.keys()).collect();
	for key in keys {
		let (d, c) = (database.balances.get(key), chain.balances.get(key));
		if d != c {
			out.push(Difference {
				what: "balance",
				key: format!("token {} partition {} wallet {}", key.0, key.1, key.2),
				database: show(d),
				chain: show(c),
			});
		}
	}
	let tokens: BTreeSet<_> = database.supply.keys().chain(chain.supply.keys()).collect();
	for token in tokens {
		let (d, c) = (database.supply.get(token), chain.supply.get(token));
		if d != c {
			out.push(Difference { what: "supply", key: format!("token {token}"), database: show(d), chain: show(c) });
		}
		let (d, c) = (database.holders.get(token), chain.holders.get(token));
		if d != c {
			let show = |v: Option<&u64>| v.map(|v| v.to_string()).unwrap_or_else(|| "none".into());
			out.push(Difference { what: "holders", key: format!("token {token}"), database: show(d), chain: show(c) });
		}
	}
	if database.identities != chain.identities {
		out.push(Difference {
			what: "identities",
			key: "all".into(),
			database: database.identities.to_string(),
			chain: chain.identities.to_string(),
		});
	}
	out.extend(bridge::compare(&database.bridge, &chain.bridge));
	out
}

/// Reconcile at block `height` (at most the cursor; `None`: the cursor), and record it.
pub async fn reconcile(store: &Store, source: &Source, height: Option<u64>) -> Result<Report> {
	let cursor = store.cursor().await?.ok_or_else(|| anyhow::anyhow!("nothing indexed yet: run `sto-indexer run` first"))?;
	if cursor.genesis != source.genesis() {
		anyhow::bail!("the database indexes chain {} but the node serves chain {}", cursor.genesis, source.genesis());
	}
	let height = height.unwrap_or(cursor.height);
	if height > cursor.height {
		anyhow::bail!("block #{height} is not indexed yet (the database is at #{})", cursor.height);
	}
	let hash = source.block_hash(height).await?.unwrap_or_default();
	let database = store.snapshot(height).await?;
	let chain = source.snapshot(height).await?;
	let differences = compare(&database, &chain);
	let report = Report {
		height,
		hash,
		balances: chain.balances.len(),
		tokens: chain.supply.len(),
		identities: chain.identities,
		bridge_routes: chain.bridge.routes.len(),
		bridge_exports: chain.bridge.exports.len(),
		bridge_quarantined: chain.bridge.quarantine.len(),
		differences,
	};
	let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0);
	store.record_reconciliation(height, now, report.differences.len(), &serde_json::to_value(&report)?).await?;
	Ok(report)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn every_kind_of_disagreement_is_named() {
		let mut chain = Snapshot::default();
		chain.balances.insert((0, 0, "a".into()), 10);
		chain.balances.insert((0, 1, "b".into()), 5);
		chain.supply.insert(0, 15);
		chain.holders.insert(0, 2);
		chain.identities = 3;
		assert!(compare(&chain, &chain).is_empty());

		let mut database = chain.clone();
		database.balances.insert((0, 0, "a".into()), 9);
		database.balances.remove(&(0, 1, "b".into()));
		database.balances.insert((0, 0, "c".into()), 1);
		database.supply.insert(0, 14);
		database.holders.insert(0, 1);
		database.identities = 2;
		let differences = compare(&database, &chain);
		let whats: Vec<_> = differences.iter().map(|d| (d.what, d.database.as_str(), d.chain.as_str())).collect();
		assert_eq!(
			whats,
			vec![
				("balance", "9", "10"),
				("balance", "1", "none"),
				("balance", "none", "5"),
				("supply", "14", "15"),
				("holders", "1", "2"),
				("identities", "2", "3"),
			]
		);
	}
}
