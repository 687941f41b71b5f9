//! The EVM bridge (pallet `EvmBridge`, docs/BRIDGE.md) as the reconciliation compares it: its
//! state at one block, rebuilt from events by the store (`store::bridge`) and read from chain
//! storage by the source (`source::bridge`), and the comparison of the two.
//!
//! Values are written as the API shows them (EVM addresses, digests `0x…` hex in lower case,
//! accounts SS58), so the two sides compare field by field.

use crate::reconcile::Difference;
use serde::Serialize;
use std::collections::BTreeMap;

/// A route: token, partition, EVM chain id.
pub type RouteKey = (u64, u32, u64);

/// What the bridge keeps at one block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BridgeState {
	/// The current signer set's number (0: none yet).
	pub current_set: u32,
	/// The sets in storage: the current one and, after a rotation, the previous one.
	pub signer_sets: BTreeMap<u32, SignerSetState>,
	pub paused: bool,
	pub imports_halted: bool,
	pub routes: BTreeMap<RouteKey, RouteState>,
	/// Per route, the exports neither minted nor refunded (zeros left out).
	pub in_flight: BTreeMap<RouteKey, i128>,
	/// Per route, what was minted on the EVM chain and not imported back (zeros left out).
	pub outstanding: BTreeMap<RouteKey, i128>,
	/// The exports in flight, by nonce.
	pub exports: BTreeMap<u64, ExportState>,
	/// The open quarantine entries, by id.
	pub quarantine: BTreeMap<u64, QuarantineState>,
	/// Each wallet's last allow-list entry, by (EVM chain, wrapped token, wallet).
	pub allow_entries: BTreeMap<(u64, String, String), AllowEntryState>,
	/// The messages in storage, by id.
	pub messages: BTreeMap<u64, MessageState>,
	/// The committee verifier of each EVM chain.
	pub committees: BTreeMap<u64, String>,
	/// Per (EVM chain, gateway), the burns imported, as ranges of nonces (`1-7, 9`).
	pub imported: BTreeMap<(u64, String), String>,
	/// Per (token, partition), what the escrow holds: on the chain its balance, in the database
	/// what the bridge owes (in flight, quarantined and outstanding); zeros left out.
	pub escrow: BTreeMap<(u64, u32), i128>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SignerSetState {
	/// (account, EVM key), keys ascending.
	pub signers: Vec<(String, String)>,
	pub threshold: u32,
	/// `None` for the current set; for the previous one, its last valid block.
	pub valid_until: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RouteState {
	pub gateway: String,
	pub wrapped: String,
	pub enabled: bool,
	pub per_export: String,
	pub per_window: String,
	pub per_identity_window: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExportState {
	pub token: u64,
	pub partition: u32,
	pub chain: u64,
	pub gateway: String,
	pub holder: String,
	pub recipient: String,
	pub identity: Option<u64>,
	pub amount: String,
	pub deadline: u64,
	pub digest: String,
	/// `Pending` or `Attested`.
	pub status: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuarantineState {
	pub token: u64,
	pub partition: u32,
	pub to: String,
	pub amount: String,
	/// [`crate::model::ReleaseCause`] as text.
	pub cause: String,
	pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AllowEntryState {
	pub expiry: u64,
	pub sequence: u64,
	pub message: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MessageState {
	pub chain: u64,
	pub contract: String,
	pub wrapped: String,
	/// `Allow`, `Control` or `SignerSet`.
	pub kind: String,
	/// The body as JSON text ([`crate::model::allow_body`] and the others).
	pub body: String,
	pub digest: String,
	pub signed_by: Option<u32>,
	pub attested: bool,
}

/// Nonces as sorted, merged ranges: `1-7, 9`; `pieces` are inclusive ranges in any order.
pub fn ranges(mut pieces: Vec<(u64, u64)>) -> String {
	pieces.sort();
	let mut merged: Vec<(u64, u64)> = Vec::new();
	for (start, end) in pieces {
		match merged.last_mut() {
			Some(last) if start <= last.1.saturating_add(1) => last.1 = last.1.max(end),
			_ => merged.push((start, end)),
		}
	}
	let parts: Vec<String> =
		merged.iter().map(|(s, e)| if s == e { s.to_string() } else { format!("{s}-{e}") }).collect();
	parts.join(", ")
}

/// A described value as text: a string as it is, anything else as JSON.
fn text(value: &serde_json::Value) -> String {
	match value {
		serde_json::Value::String(s) => s.clone(),
		other => other.to_string(),
	}
}

/// The fields in which two descriptions differ (all of a value that is not a JSON object), as
/// `field value` pairs, for the database's side and the chain's.
fn differing(database: &serde_json::Value, chain: &serde_json::Value) -> (String, String) {
	match (database.as_object(), chain.as_object()) {
		(Some(d), Some(c)) => {
			let (mut left, mut right) = (Vec::new(), Vec::new());
			for (field, value) in d {
				let other = c.get(field).unwrap_or(&serde_json::Value::Null);
				if value != other {
					left.push(format!("{field} {}", text(value)));
					right.push(format!("{field} {}", text(other)));
				}
			}
			(left.join(", "), right.join(", "))
		},
		_ => (text(database), text(chain)),
	}
}

/// Each key of two maps whose values disagree (or that one side lacks), as a difference named
/// `what`.
fn compare_map<K: Ord, V: PartialEq + Serialize>(
	out: &mut Vec<Difference>,
	what: &'static str,
	database: &BTreeMap<K, V>,
	chain: &BTreeMap<K, V>,
	key: impl Fn(&K) -> String,
) {
	let describe = |v: &V| serde_json::to_value(v).unwrap_or(serde_json::Value::Null);
	let mut keys: Vec<&K> = database.keys().chain(chain.keys()).collect();
	keys.sort();
	keys.dedup();
	for k in keys {
		let (d, c) = (database.get(k), chain.get(k));
		if d == c {
			continue;
		}
		let (database, chain) = match (d, c) {
			(Some(d), Some(c)) => differing(&describe(d), &describe(c)),
			(Some(d), None) => (text(&describe(d)), "none".into()),
			(None, Some(c)) => ("none".into(), text(&describe(c))),
			(None, None) => continue,
		};
		out.push(Difference { what, key: key(k), database, chain });
	}
}

fn route_key(k: &RouteKey) -> String {
	format!("token {} partition {} chain {}", k.0, k.1, k.2)
}

/// Everything on which the database's bridge and the chain's disagree.
pub fn compare(database: &BridgeState, chain: &BridgeState) -> Vec<Difference> {
	let mut out = Vec::new();
	let mut scalar = |what, database: String, chain: String| {
		if database != chain {
			out.push(Difference { what, key: "bridge".into(), database, chain });
		}
	};
	scalar("bridge current set", database.current_set.to_string(), chain.current_set.to_string());
	scalar("bridge paused", database.paused.to_string(), chain.paused.to_string());
	scalar("bridge imports halted", database.imports_halted.to_string(), chain.imports_halted.to_string());
	compare_map(&mut out, "bridge signer set", &database.signer_sets, &chain.signer_sets, |id| format!("set {id}"));
	compare_map(&mut out, "bridge route", &database.routes, &chain.routes, route_key);
	compare_map(&mut out, "bridge in flight", &database.in_flight, &chain.in_flight, route_key);
	compare_map(&mut out, "bridge outstanding", &database.outstanding, &chain.outstanding, route_key);
	compare_map(&mut out, "bridge export", &database.exports, &chain.exports, |nonce| format!("export {nonce}"));
	compare_map(&mut out, "bridge quarantine", &database.quarantine, &chain.quarantine, |id| format!("quarantine {id}"));
	compare_map(&mut out, "bridge allow entry", &database.allow_entries, &chain.allow_entries, |(chain, wrapped, wallet)| {
		format!("chain {chain} wrapped {wrapped} wallet {wallet}")
	});
	compare_map(&mut out, "bridge message", &database.messages, &chain.messages, |id| format!("message {id}"));
	compare_map(&mut out, "bridge committee", &database.committees, &chain.committees, |chain| format!("chain {chain}"));
	compare_map(&mut out, "bridge imported", &database.imported, &chain.imported, |(chain, gateway)| {
		format!("chain {chain} gateway {gateway}")
	});
	compare_map(&mut out, "bridge escrow", &database.escrow, &chain.escrow, |(token, partition)| {
		format!("token {token} partition {partition}")
	});
	out
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn ranges_merge_and_sort() {
		assert_eq!(ranges(vec![]), "");
		assert_eq!(ranges(vec![(1, 7), (9, 9)]), "1-7, 9");
		assert_eq!(ranges(vec![(9, 9), (8, 8), (1, 7), (12, 12)]), "1-9, 12");
		assert_eq!(ranges(vec![(3, 3), (1, 4), (2, 2)]), "1-4");
		assert_eq!(ranges(vec![(5, 5)]), "5");
	}

	fn export(amount: u128, status: &str) -> ExportState {
		ExportState {
			token: 1,
			partition: 0,
			chain: 31_337,
			gateway: "0x6a".into(),
			holder: "holder".into(),
			recipient: "0x42".into(),
			identity: Some(3),
			amount: amount.to_string(),
			deadline: 1_000,
			digest: "0xd1".into(),
			status: status.into(),
		}
	}

	#[test]
	fn every_kind_of_bridge_disagreement_is_named() {
		let route = (1, 0, 31_337);
		let mut chain = BridgeState { current_set: 2, paused: false, ..Default::default() };
		chain.signer_sets.insert(2, SignerSetState { signers: vec![("a".into(), "0x01".into())], threshold: 2, valid_until: None });
		chain.routes.insert(route, RouteState {
			gateway: "0x6a".into(),
			wrapped: "0x7b".into(),
			enabled: true,
			per_export: "500".into(),
			per_window: "1000".into(),
			per_identity_window: "800".into(),
		});
		chain.in_flight.insert(route, 60);
		chain.outstanding.insert(route, 45);
		chain.exports.insert(2, export(50, "Attested"));
		chain.exports.insert(3, export(10, "Pending"));
		chain.quarantine.insert(2, QuarantineState {
			token: 1,
			partition: 0,
			to: "late".into(),
			amount: "5".into(),
			cause: "import".into(),
			reason: "ReceiverKycMissing".into(),
		});
		chain.allow_entries.insert((31_337, "0x7b".into(), "0x42".into()), AllowEntryState { expiry: 9, sequence: 1, message: 1 });
		chain.messages.insert(1, MessageState {
			chain: 31_337,
			contract: "0x6a".into(),
			wrapped: "0x7b".into(),
			kind: "Allow".into(),
			body: "{}".into(),
			digest: "0xa1".into(),
			signed_by: None,
			attested: true,
		});
		chain.committees.insert(31_337, "0x8c".into());
		chain.imported.insert((31_337, "0x6a".into()), "1-3".into());
		chain.escrow.insert((1, 0), 110);
		assert!(compare(&chain, &chain).is_empty());

		let mut database = chain.clone();
		database.current_set = 1;
		database.paused = true;
		database.imports_halted = true;
		database.signer_sets.clear();
		database.routes.get_mut(&route).unwrap().enabled = false;
		database.in_flight.insert(route, 50);
		database.outstanding.remove(&route);
		database.exports.insert(2, export(50, "Pending"));
		database.exports.remove(&3);
		database.exports.insert(4, export(5, "Pending"));
		database.quarantine.get_mut(&2).unwrap().reason = "ReceiverFrozen".into();
		database.allow_entries.get_mut(&(31_337, "0x7b".into(), "0x42".into())).unwrap().expiry = 0;
		database.messages.get_mut(&1).unwrap().attested = false;
		database.committees.clear();
		database.imported.insert((31_337, "0x6a".into()), "1-2".into());
		database.escrow.insert((1, 0), 100);
		let described = |e: ExportState| serde_json::to_value(e).unwrap().to_string();
		let (missing, extra) = (described(export(10, "Pending")), described(export(5, "Pending")));
		let differences = compare(&database, &chain);
		let named: Vec<_> = differences.iter().map(|d| (d.what, d.database.as_str(), d.chain.as_str())).collect();
		assert_eq!(
			named,
			vec![
				("bridge current set", "1", "2"),
				("bridge paused", "true", "false"),
				("bridge imports halted", "true", "false"),
				("bridge signer set", "none", r#"{"signers":[["a","0x01"]],"threshold":2,"valid_until":null}"#),
				("bridge route", "enabled false", "enabled true"),
				("bridge in flight", "50", "60"),
				("bridge outstanding", "none", "45"),
				("bridge export", "status Pending", "status Attested"),
				("bridge export", "none", missing.as_str()),
				("bridge export", extra.as_str(), "none"),
				("bridge quarantine", "reason ReceiverFrozen", "reason ReceiverKycMissing"),
				("bridge allow entry", "expiry 0", "expiry 9"),
				("bridge message", "attested false", "attested true"),
				("bridge committee", "none", "0x8c"),
				("bridge imported", "1-2", "1-3"),
				("bridge escrow", "100", "110"),
			]
		);
		assert_eq!(differences[7].key, "export 2");
		assert_eq!(differences[4].key, "token 1 partition 0 chain 31337");
	}
}
