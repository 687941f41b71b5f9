//! The EVM bridge's tables (migration 0003): its records written in the batch's transaction,
//! and its state at a block read back for the reconciliation and the API.
//!
//! Nothing here is kept in memory: an export's route, a quarantined release's token, a
//! message's wrapped token are read from the rows the same transaction wrote before. A record
//! about something the tables do not hold (an export never exported) means the database does
//! not match the chain, and the batch fails like a movement from an empty wallet.

use super::{i, seq, u, Store, Tx};
use crate::{
	amount,
	bridge::{
		ranges, AllowEntryState, BridgeState, ExportState, MessageState, QuarantineState, RouteKey, RouteState,
		SignerSetState,
	},
	model::{allow_body, control_body, signer_set_body, BridgeRecord, BridgeSigner, ReleaseCause},
};
use anyhow::{anyhow, Result};
use sqlx::Row;
use std::collections::BTreeMap;

/// The zero EVM address: the wrapped token of a rotation message.
pub const ZERO_ADDRESS: &str = "0x0000000000000000000000000000000000000000";

/// The gateway and wrapped token of a route that must exist, as its last row says.
async fn route_of(tx: &mut Tx<'_>, token: u64, partition: u32, chain: u64) -> Result<(String, String)> {
	let row = sqlx::query(
		"SELECT gateway, wrapped FROM bridge_routes WHERE token = $1 AND partition_id = $2 AND chain = $3 ORDER BY seq DESC LIMIT 1",
	)
	.bind(i(token))
	.bind(i64::from(partition))
	.bind(i(chain))
	.fetch_optional(&mut **tx)
	.await?
	.ok_or_else(|| mismatch(format!("route of token {token} partition {partition} to chain {chain}")))?;
	Ok((row.try_get(0)?, row.try_get(1)?))
}

/// A record about `what`, which the database does not hold.
fn mismatch(what: String) -> anyhow::Error {
	anyhow!("{what} is not in the database: it does not match the chain")
}

/// An update that must have changed exactly one row (`changed`) of `what`.
fn changed_one(changed: u64, what: impl FnOnce() -> String) -> Result<()> {
	if changed != 1 {
		return Err(mismatch(what()));
	}
	Ok(())
}

fn json_list(items: &[String]) -> String {
	serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

/// Insert a message for the EVM contracts.
#[allow(clippy::too_many_arguments)]
async fn insert_message(
	tx: &mut Tx<'_>,
	block: i64,
	id: u64,
	chain: u64,
	contract: &str,
	wrapped: &str,
	kind: &str,
	token: Option<(u64, u32)>,
	body: serde_json::Value,
	digest: &str,
	signed_by: Option<u32>,
) -> Result<()> {
	sqlx::query(
		"INSERT INTO bridge_messages (id, chain, contract, wrapped, kind, token, partition_id, body, digest, signed_by, block, superseded_block) \
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL)",
	)
	.bind(i(id))
	.bind(i(chain))
	.bind(contract.to_string())
	.bind(wrapped.to_string())
	.bind(kind.to_string())
	.bind(token.map(|(t, _)| i(t)))
	.bind(token.map(|(_, p)| i64::from(p)))
	.bind(body.to_string())
	.bind(digest.to_string())
	.bind(signed_by.map(i64::from))
	.bind(block)
	.execute(&mut **tx)
	.await?;
	Ok(())
}

/// Write one record of the bridge at event `index` of `block`.
pub(super) async fn apply(tx: &mut Tx<'_>, block: u64, index: u32, record: &BridgeRecord) -> Result<()> {
	let (b, s) = (i(block), seq(block, index));
	match record {
		BridgeRecord::SignerSet { set_id, signers, threshold, previous_valid_until } => {
			sqlx::query(
				"INSERT INTO bridge_signer_sets (set_id, signers, threshold, previous_valid_until, block) VALUES ($1, $2, $3, $4, $5)",
			)
			.bind(i64::from(*set_id))
			.bind(serde_json::to_string(signers)?)
			.bind(i64::from(*threshold))
			.bind(previous_valid_until.map(i))
			.bind(b)
			.execute(&mut **tx)
			.await?;
		},
		BridgeRecord::Route { token, partition, chain, gateway, wrapped, enabled, per_export, per_window, per_identity_window } => {
			let limits = [*per_export, *per_window, *per_identity_window];
			insert_route(tx, (*token, *partition, *chain), s, b, gateway, wrapped, *enabled, limits, false).await?;
		},
		BridgeRecord::RouteRemoved { token, partition, chain } => {
			// The removal repeats the route it removes.
			let row = sqlx::query(
				"SELECT gateway, wrapped, enabled, per_export, per_window, per_identity_window FROM bridge_routes \
				 WHERE token = $1 AND partition_id = $2 AND chain = $3 ORDER BY seq DESC LIMIT 1",
			)
			.bind(i(*token))
			.bind(i64::from(*partition))
			.bind(i(*chain))
			.fetch_optional(&mut **tx)
			.await?
			.ok_or_else(|| mismatch(format!("route of token {token} partition {partition} to chain {chain} (removed)")))?;
			let limits = [
				amount::from_text(&row.try_get::<String, _>(3)?)?,
				amount::from_text(&row.try_get::<String, _>(4)?)?,
				amount::from_text(&row.try_get::<String, _>(5)?)?,
			];
			let (gateway, wrapped): (String, String) = (row.try_get(0)?, row.try_get(1)?);
			let enabled = row.try_get::<i64, _>(2)? != 0;
			insert_route(tx, (*token, *partition, *chain), s, b, &gateway, &wrapped, enabled, limits, true).await?;
		},
		BridgeRecord::Flag { flag, value, detail } => {
			sqlx::query("INSERT INTO bridge_flags (flag, seq, block, value, detail) VALUES ($1, $2, $3, $4, $5)")
				.bind(flag.to_string())
				.bind(s)
				.bind(b)
				.bind(i64::from(*value))
				.bind(detail.clone())
				.execute(&mut **tx)
				.await?;
		},
		BridgeRecord::Committee { chain, verifier, set_id } => {
			sqlx::query("INSERT INTO bridge_committees (chain, seq, block, verifier, set_id) VALUES ($1, $2, $3, $4, $5)")
				.bind(i(*chain))
				.bind(s)
				.bind(b)
				.bind(verifier.clone())
				.bind(i64::from(*set_id))
				.execute(&mut **tx)
				.await?;
		},
		BridgeRecord::Exported { nonce, token, partition, chain, holder, recipient, identity, amount, deadline, digest } => {
			let (gateway, _) = route_of(tx, *token, *partition, *chain).await?;
			let export = NewExport {
				nonce: *nonce,
				route: (*token, *partition, *chain),
				gateway,
				holder: holder.clone(),
				recipient: recipient.clone(),
				identity: Some(*identity),
				amount: *amount,
				deadline: *deadline,
				digest: digest.clone(),
				bounced_from: None,
			};
			insert_export(tx, b, &export).await?;
		},
		BridgeRecord::ExportAttested { nonce, set_id, signatures } => {
			let changed = sqlx::query(
				"UPDATE bridge_exports SET status = 'Attested', attested_block = $1, attested_set = $2, signatures = $3 \
				 WHERE nonce = $4 AND status = 'Pending'",
			)
			.bind(b)
			.bind(i64::from(*set_id))
			.bind(json_list(signatures))
			.bind(i(*nonce))
			.execute(&mut **tx)
			.await?
			.rows_affected();
			changed_one(changed, || format!("pending export {nonce}"))?;
		},
		BridgeRecord::ExportMinted { nonce } => {
			let changed = sqlx::query("UPDATE bridge_exports SET status = 'Minted', minted_block = $1 WHERE nonce = $2 AND status = 'Attested'")
				.bind(b)
				.bind(i(*nonce))
			.execute(&mut **tx)
			.await?
			.rows_affected();
			changed_one(changed, || format!("attested export {nonce}"))?;
		},
		BridgeRecord::ExportRefunded { nonce } => {
			let changed = sqlx::query(
				"UPDATE bridge_exports SET status = 'Refunded', refunded_block = $1 WHERE nonce = $2 AND status IN ('Pending', 'Attested')",
			)
			.bind(b)
			.bind(i(*nonce))
			.execute(&mut **tx)
			.await?
			.rows_affected();
			changed_one(changed, || format!("export {nonce} in flight"))?;
		},
		BridgeRecord::Quarantined { id, cause, to, amount: owed, reason } => {
			let (token, partition, columns) = match cause {
				ReleaseCause::Refund { export } => {
					let row = sqlx::query("SELECT token, partition_id FROM bridge_exports WHERE nonce = $1")
						.bind(i(*export))
						.fetch_optional(&mut **tx)
						.await?
						.ok_or_else(|| mismatch(format!("export {export} (its refund quarantined)")))?;
					(u(row.try_get(0)?), u(row.try_get(1)?), (Some(i(*export)), None, None, None, None))
				},
				ReleaseCause::Import { chain, gateway, nonce, from } => {
					let row = sqlx::query("SELECT token, partition_id FROM bridge_imports WHERE chain = $1 AND gateway = $2 AND nonce = $3")
						.bind(i(*chain))
						.bind(gateway.clone())
						.bind(i(*nonce))
						.fetch_optional(&mut **tx)
						.await?
						.ok_or_else(|| mismatch(format!("import of burn {nonce} at {gateway} (quarantined)")))?;
					sqlx::query("UPDATE bridge_imports SET quarantine = $1 WHERE chain = $2 AND gateway = $3 AND nonce = $4")
						.bind(i(*id))
						.bind(i(*chain))
						.bind(gateway.clone())
						.bind(i(*nonce))
						.execute(&mut **tx)
						.await?;
					let columns = (None, Some(i(*chain)), Some(gateway.clone()), Some(i(*nonce)), Some(from.clone()));
					(u(row.try_get(0)?), u(row.try_get(1)?), columns)
				},
			};
			let kind = match cause {
				ReleaseCause::Refund { .. } => "Refund",
				ReleaseCause::Import { .. } => "Import",
			};
			sqlx::query(
				"INSERT INTO bridge_quarantine (id, token, partition_id, cause, export_nonce, chain, gateway, import_nonce, from_address, \
				 to_wallet, amount, reason, block, released_block, bounced_block, bounce_export) \
				 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, NULL, NULL, NULL)",
			)
			.bind(i(*id))
			.bind(i(token))
			.bind(i(partition))
			.bind(kind.to_string())
			.bind(columns.0)
			.bind(columns.1)
			.bind(columns.2)
			.bind(columns.3)
			.bind(columns.4)
			.bind(to.clone())
			.bind(amount::to_text(*owed))
			.bind(reason.clone())
			.bind(b)
			.execute(&mut **tx)
			.await?;
		},
		BridgeRecord::QuarantineReleased { id } => {
			let changed = sqlx::query(
				"UPDATE bridge_quarantine SET released_block = $1 WHERE id = $2 AND released_block IS NULL AND bounced_block IS NULL",
			)
			.bind(b)
			.bind(i(*id))
			.execute(&mut **tx)
			.await?
			.rows_affected();
			changed_one(changed, || format!("open quarantine entry {id}"))?;
		},
		BridgeRecord::QuarantineBounced { id, nonce, recipient, amount: bounced, deadline, digest } => {
			let row = sqlx::query(
				"SELECT token, partition_id, chain, to_wallet FROM bridge_quarantine \
				 WHERE id = $1 AND cause = 'Import' AND released_block IS NULL AND bounced_block IS NULL",
			)
			.bind(i(*id))
			.fetch_optional(&mut **tx)
			.await?
			.ok_or_else(|| mismatch(format!("open quarantined import {id} (bounced)")))?;
			let (token, partition) = (u(row.try_get(0)?), u(row.try_get(1)?) as u32);
			let chain = u(row.try_get::<Option<i64>, _>(2)?.unwrap_or(0));
			let holder: String = row.try_get(3)?;
			sqlx::query("UPDATE bridge_quarantine SET bounced_block = $1, bounce_export = $2 WHERE id = $3")
				.bind(b)
				.bind(i(*nonce))
				.bind(i(*id))
				.execute(&mut **tx)
				.await?;
			// The bounce is minted by the route's gateway now.
			let (gateway, _) = route_of(tx, token, partition, chain).await?;
			let export = NewExport {
				nonce: *nonce,
				route: (token, partition, chain),
				gateway,
				holder,
				recipient: recipient.clone(),
				identity: None,
				amount: *bounced,
				deadline: *deadline,
				digest: digest.clone(),
				bounced_from: Some(*id),
			};
			insert_export(tx, b, &export).await?;
		},
		BridgeRecord::Imported { chain, gateway, nonce, token, partition, from, to, amount: imported } => {
			sqlx::query(
				"INSERT INTO bridge_imports (chain, gateway, nonce, token, partition_id, from_address, to_wallet, amount, block, event_index, quarantine) \
				 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL)",
			)
			.bind(i(*chain))
			.bind(gateway.clone())
			.bind(i(*nonce))
			.bind(i(*token))
			.bind(i64::from(*partition))
			.bind(from.clone())
			.bind(to.clone())
			.bind(amount::to_text(*imported))
			.bind(b)
			.bind(i64::from(index))
			.execute(&mut **tx)
			.await?;
		},
		BridgeRecord::AllowRequested { id, token, partition, chain, wallet, identity, expiry, sequence, digest } => {
			let (gateway, wrapped) = route_of(tx, *token, *partition, *chain).await?;
			// The newer entry supersedes the wallet's last one, and its message leaves storage.
			let superseded = sqlx::query(
				"SELECT message FROM bridge_allow_entries WHERE chain = $1 AND wrapped = $2 AND wallet = $3 AND superseded_block IS NULL",
			)
			.bind(i(*chain))
			.bind(wrapped.clone())
			.bind(wallet.clone())
			.fetch_all(&mut **tx)
			.await?;
			for row in superseded {
				let message: i64 = row.try_get(0)?;
				sqlx::query("UPDATE bridge_allow_entries SET superseded_block = $1 WHERE message = $2")
					.bind(b)
					.bind(message)
					.execute(&mut **tx)
					.await?;
				sqlx::query("UPDATE bridge_messages SET superseded_block = $1 WHERE id = $2")
					.bind(b)
					.bind(message)
					.execute(&mut **tx)
					.await?;
			}
			let body = allow_body(wallet, *expiry, *sequence);
			insert_message(tx, b, *id, *chain, &gateway, &wrapped, "Allow", Some((*token, *partition)), body, digest, None).await?;
			sqlx::query(
				"INSERT INTO bridge_allow_entries (message, chain, wrapped, wallet, token, partition_id, identity, expiry, sequence, block, superseded_block) \
				 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL)",
			)
			.bind(i(*id))
			.bind(i(*chain))
			.bind(wrapped)
			.bind(wallet.clone())
			.bind(i(*token))
			.bind(i64::from(*partition))
			.bind(identity.map(i))
			.bind(i(*expiry))
			.bind(i(*sequence))
			.bind(b)
			.execute(&mut **tx)
			.await?;
		},
		BridgeRecord::ControlRequested { id, token, partition, chain, sequence, action, account, to, amount: moved, digest } => {
			let (gateway, wrapped) = route_of(tx, *token, *partition, *chain).await?;
			let body = control_body(*sequence, action, account, to, *moved);
			insert_message(tx, b, *id, *chain, &gateway, &wrapped, "Control", Some((*token, *partition)), body, digest, None).await?;
		},
		BridgeRecord::RotationRequested { id, chain, verifier, set_id, signers, previous_valid_until, digest } => {
			// Signed by the outgoing set.
			let body = signer_set_body(*set_id, signers, *previous_valid_until);
			let outgoing = set_id.checked_sub(1);
			insert_message(tx, b, *id, *chain, verifier, ZERO_ADDRESS, "SignerSet", None, body, digest, outgoing).await?;
		},
		BridgeRecord::MessageVoted { id } => {
			// A vote for an attested message is the first of another set starting over.
			if message_attested(tx, *id).await? {
				insert_attestation(tx, *id, s, b, false, None, None).await?;
			}
		},
		BridgeRecord::MessageAttested { id, set_id, signatures } => {
			insert_attestation(tx, *id, s, b, true, Some(*set_id), Some(json_list(signatures))).await?;
		},
	}
	Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn insert_route(
	tx: &mut Tx<'_>,
	(token, partition, chain): RouteKey,
	s: i64,
	b: i64,
	gateway: &str,
	wrapped: &str,
	enabled: bool,
	[per_export, per_window, per_identity_window]: [u128; 3],
	removed: bool,
) -> Result<()> {
	sqlx::query(
		"INSERT INTO bridge_routes (token, partition_id, chain, seq, block, gateway, wrapped, enabled, per_export, per_window, per_identity_window, removed) \
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
	)
	.bind(i(token))
	.bind(i64::from(partition))
	.bind(i(chain))
	.bind(s)
	.bind(b)
	.bind(gateway.to_string())
	.bind(wrapped.to_string())
	.bind(i64::from(enabled))
	.bind(amount::to_text(per_export))
	.bind(amount::to_text(per_window))
	.bind(amount::to_text(per_identity_window))
	.bind(i64::from(removed))
	.execute(&mut **tx)
	.await?;
	Ok(())
}

/// An export as written: from `Exported`, or a bounced import.
struct NewExport {
	nonce: u64,
	route: RouteKey,
	gateway: String,
	holder: String,
	recipient: String,
	identity: Option<u64>,
	amount: u128,
	deadline: u64,
	digest: String,
	bounced_from: Option<u64>,
}

async fn insert_export(tx: &mut Tx<'_>, b: i64, e: &NewExport) -> Result<()> {
	let (token, partition, chain) = e.route;
	sqlx::query(
		"INSERT INTO bridge_exports (nonce, token, partition_id, chain, gateway, holder, recipient, identity, amount, deadline, digest, \
		 bounced_from, status, block, attested_block, attested_set, signatures, minted_block, refunded_block) \
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'Pending', $13, NULL, NULL, NULL, NULL, NULL)",
	)
	.bind(i(e.nonce))
	.bind(i(token))
	.bind(i64::from(partition))
	.bind(i(chain))
	.bind(e.gateway.clone())
	.bind(e.holder.clone())
	.bind(e.recipient.clone())
	.bind(e.identity.map(i))
	.bind(amount::to_text(e.amount))
	.bind(i(e.deadline))
	.bind(e.digest.clone())
	.bind(e.bounced_from.map(i))
	.bind(b)
	.execute(&mut **tx)
	.await?;
	Ok(())
}

/// Whether message `id` is attested, as its last attestation row says.
async fn message_attested(tx: &mut Tx<'_>, id: u64) -> Result<bool> {
	let row = sqlx::query("SELECT attested FROM bridge_message_attestations WHERE id = $1 ORDER BY seq DESC LIMIT 1")
		.bind(i(id))
		.fetch_optional(&mut **tx)
		.await?;
	Ok(row.map(|row| row.try_get::<i64, _>(0)).transpose()?.unwrap_or(0) != 0)
}

async fn insert_attestation(
	tx: &mut Tx<'_>,
	id: u64,
	s: i64,
	b: i64,
	attested: bool,
	set_id: Option<u32>,
	signatures: Option<String>,
) -> Result<()> {
	sqlx::query("INSERT INTO bridge_message_attestations (id, seq, block, attested, set_id, signatures) VALUES ($1, $2, $3, $4, $5, $6)")
		.bind(i(id))
		.bind(s)
		.bind(b)
		.bind(i64::from(attested))
		.bind(set_id.map(i64::from))
		.bind(signatures)
		.execute(&mut **tx)
		.await?;
	Ok(())
}

fn amount_of(row: &sqlx::any::AnyRow, column: usize) -> Result<u128> {
	amount::from_text(&row.try_get::<String, _>(column)?)
}

fn route_key(row: &sqlx::any::AnyRow, token: usize) -> Result<RouteKey> {
	Ok((u(row.try_get(token)?), u(row.try_get(token + 1)?) as u32, u(row.try_get(token + 2)?)))
}

/// `amount` added to `map[key]`, in the signed arithmetic the comparison uses.
fn add<K: Ord>(map: &mut BTreeMap<K, i128>, key: K, amount: u128, sign: i128) -> Result<()> {
	let amount = i128::try_from(amount).map_err(|_| anyhow!("amount {amount} does not fit the indexer's arithmetic"))?;
	let slot = map.entry(key).or_default();
	*slot = slot.checked_add(sign * amount).ok_or_else(|| anyhow!("overflow"))?;
	Ok(())
}

impl Store {
	/// The bridge's state at block `height`, from its tables alone.
	pub async fn bridge_at(&self, height: u64) -> Result<BridgeState> {
		let pool = &self.pool;
		let h = i(height);
		let mut state = BridgeState::default();

		let sets = sqlx::query(
			"SELECT set_id, signers, threshold, previous_valid_until FROM bridge_signer_sets WHERE block <= $1 ORDER BY set_id DESC LIMIT 2",
		)
		.bind(h)
		.fetch_all(pool)
		.await?;
		let mut previous_valid_until = None;
		for (n, row) in sets.iter().enumerate() {
			let set_id = u(row.try_get(0)?) as u32;
			let signers: Vec<BridgeSigner> = serde_json::from_str(&row.try_get::<String, _>(1)?)?;
			let valid_until = match n {
				0 => {
					state.current_set = set_id;
					previous_valid_until = row.try_get::<Option<i64>, _>(3)?.map(u);
					None
				},
				// The set before the current one lives through its grace period, until the next
				// rotation removes it.
				_ if set_id + 1 == state.current_set => previous_valid_until,
				_ => continue,
			};
			state.signer_sets.insert(set_id, SignerSetState {
				signers: signers.into_iter().map(|s| (s.account, s.key)).collect(),
				threshold: u(row.try_get(2)?) as u32,
				valid_until,
			});
		}

		let flags = sqlx::query(
			"SELECT f.flag, f.value FROM bridge_flags f \
			 JOIN (SELECT flag, MAX(seq) AS seq FROM bridge_flags WHERE block <= $1 GROUP BY flag) l ON f.flag = l.flag AND f.seq = l.seq",
		)
		.bind(h)
		.fetch_all(pool)
		.await?;
		for row in flags {
			let on = row.try_get::<i64, _>(1)? != 0;
			match row.try_get::<String, _>(0)?.as_str() {
				"paused" => state.paused = on,
				"imports_halted" => state.imports_halted = on,
				_ => {},
			}
		}

		for (key, route) in self.bridge_routes_at(height).await? {
			state.routes.insert(key, route);
		}

		let exports = sqlx::query(
			"SELECT nonce, token, partition_id, chain, gateway, holder, recipient, identity, amount, deadline, digest, attested_block \
			 FROM bridge_exports WHERE block <= $1 AND (minted_block IS NULL OR minted_block > $1) \
			   AND (refunded_block IS NULL OR refunded_block > $1)",
		)
		.bind(h)
		.fetch_all(pool)
		.await?;
		for row in exports {
			let key = route_key(&row, 1)?;
			let amount = amount_of(&row, 8)?;
			add(&mut state.in_flight, key, amount, 1)?;
			add(&mut state.escrow, (key.0, key.1), amount, 1)?;
			let attested = row.try_get::<Option<i64>, _>(11)?.is_some_and(|block| block <= h);
			state.exports.insert(u(row.try_get(0)?), ExportState {
				token: key.0,
				partition: key.1,
				chain: key.2,
				gateway: row.try_get(4)?,
				holder: row.try_get(5)?,
				recipient: row.try_get(6)?,
				identity: row.try_get::<Option<i64>, _>(7)?.map(u),
				amount: amount.to_string(),
				deadline: u(row.try_get(9)?),
				digest: row.try_get(10)?,
				status: if attested { "Attested" } else { "Pending" }.into(),
			});
		}

		// Outstanding: minted, less imported back.
		let minted = sqlx::query("SELECT token, partition_id, chain, amount FROM bridge_exports WHERE minted_block <= $1")
			.bind(h)
			.fetch_all(pool)
			.await?;
		for row in minted {
			add(&mut state.outstanding, route_key(&row, 0)?, amount_of(&row, 3)?, 1)?;
		}
		let imports = sqlx::query("SELECT token, partition_id, chain, amount, gateway, nonce FROM bridge_imports WHERE block <= $1")
			.bind(h)
			.fetch_all(pool)
			.await?;
		let mut imported: BTreeMap<(u64, String), Vec<(u64, u64)>> = BTreeMap::new();
		for row in imports {
			let key = route_key(&row, 0)?;
			add(&mut state.outstanding, key, amount_of(&row, 3)?, -1)?;
			let nonce = u(row.try_get(5)?);
			imported.entry((key.2, row.try_get(4)?)).or_default().push((nonce, nonce));
		}
		state.imported = imported.into_iter().map(|(key, pieces)| (key, ranges(pieces))).collect();
		for (key, outstanding) in &state.outstanding {
			*state.escrow.entry((key.0, key.1)).or_default() += outstanding;
		}

		let quarantine = sqlx::query(
			"SELECT id, token, partition_id, cause, export_nonce, chain, gateway, import_nonce, from_address, to_wallet, amount, reason \
			 FROM bridge_quarantine WHERE block <= $1 AND (released_block IS NULL OR released_block > $1) \
			   AND (bounced_block IS NULL OR bounced_block > $1)",
		)
		.bind(h)
		.fetch_all(pool)
		.await?;
		for row in quarantine {
			let (token, partition) = (u(row.try_get(1)?), u(row.try_get(2)?) as u32);
			let amount = amount_of(&row, 10)?;
			add(&mut state.escrow, (token, partition), amount, 1)?;
			let cause = match row.try_get::<String, _>(3)?.as_str() {
				"Refund" => ReleaseCause::Refund { export: u(row.try_get::<Option<i64>, _>(4)?.unwrap_or(0)) },
				_ => ReleaseCause::Import {
					chain: u(row.try_get::<Option<i64>, _>(5)?.unwrap_or(0)),
					gateway: row.try_get::<Option<String>, _>(6)?.unwrap_or_default(),
					nonce: u(row.try_get::<Option<i64>, _>(7)?.unwrap_or(0)),
					from: row.try_get::<Option<String>, _>(8)?.unwrap_or_default(),
				},
			};
			state.quarantine.insert(u(row.try_get(0)?), QuarantineState {
				token,
				partition,
				to: row.try_get(9)?,
				amount: amount.to_string(),
				cause: cause.to_string(),
				reason: row.try_get(11)?,
			});
		}
		state.in_flight.retain(|_, v| *v != 0);
		state.outstanding.retain(|_, v| *v != 0);
		state.escrow.retain(|_, v| *v != 0);

		let entries = sqlx::query(
			"SELECT chain, wrapped, wallet, expiry, sequence, message FROM bridge_allow_entries \
			 WHERE block <= $1 AND (superseded_block IS NULL OR superseded_block > $1)",
		)
		.bind(h)
		.fetch_all(pool)
		.await?;
		for row in entries {
			state.allow_entries.insert((u(row.try_get(0)?), row.try_get(1)?, row.try_get(2)?), AllowEntryState {
				expiry: u(row.try_get(3)?),
				sequence: u(row.try_get(4)?),
				message: u(row.try_get(5)?),
			});
		}

		let attested: BTreeMap<u64, bool> = sqlx::query(
			"SELECT a.id, a.attested FROM bridge_message_attestations a \
			 JOIN (SELECT id, MAX(seq) AS seq FROM bridge_message_attestations WHERE block <= $1 GROUP BY id) l ON a.id = l.id AND a.seq = l.seq",
		)
		.bind(h)
		.fetch_all(pool)
		.await?
		.iter()
		.map(|row| -> Result<(u64, bool)> { Ok((u(row.try_get(0)?), row.try_get::<i64, _>(1)? != 0)) })
		.collect::<Result<_>>()?;
		let messages = sqlx::query(
			"SELECT id, chain, contract, wrapped, kind, body, digest, signed_by FROM bridge_messages \
			 WHERE block <= $1 AND (superseded_block IS NULL OR superseded_block > $1)",
		)
		.bind(h)
		.fetch_all(pool)
		.await?;
		for row in messages {
			let id = u(row.try_get(0)?);
			state.messages.insert(id, MessageState {
				chain: u(row.try_get(1)?),
				contract: row.try_get(2)?,
				wrapped: row.try_get(3)?,
				kind: row.try_get(4)?,
				body: row.try_get(5)?,
				digest: row.try_get(6)?,
				signed_by: row.try_get::<Option<i64>, _>(7)?.map(|s| u(s) as u32),
				attested: attested.get(&id).copied().unwrap_or(false),
			});
		}

		let committees = sqlx::query(
			"SELECT c.chain, c.verifier FROM bridge_committees c \
			 JOIN (SELECT chain, MAX(seq) AS seq FROM bridge_committees WHERE block <= $1 GROUP BY chain) l ON c.chain = l.chain AND c.seq = l.seq",
		)
		.bind(h)
		.fetch_all(pool)
		.await?;
		for row in committees {
			if let Some(verifier) = row.try_get::<Option<String>, _>(1)? {
				state.committees.insert(u(row.try_get(0)?), verifier);
			}
		}
		Ok(state)
	}

	/// The routes at block `height` (removed ones left out).
	pub async fn bridge_routes_at(&self, height: u64) -> Result<Vec<(RouteKey, RouteState)>> {
		let rows = sqlx::query(
			"SELECT r.token, r.partition_id, r.chain, r.gateway, r.wrapped, r.enabled, r.per_export, r.per_window, r.per_identity_window \
			 FROM bridge_routes r \
			 JOIN (SELECT token, partition_id, chain, MAX(seq) AS seq FROM bridge_routes WHERE block <= $1 GROUP BY token, partition_id, chain) l \
			 ON r.token = l.token AND r.partition_id = l.partition_id AND r.chain = l.chain AND r.seq = l.seq \
			 WHERE r.removed = 0 ORDER BY r.token, r.partition_id, r.chain",
		)
		.bind(i(height))
		.fetch_all(&self.pool)
		.await?;
		rows.iter()
			.map(|row| -> Result<(RouteKey, RouteState)> {
				Ok((route_key(row, 0)?, RouteState {
					gateway: row.try_get(3)?,
					wrapped: row.try_get(4)?,
					enabled: row.try_get::<i64, _>(5)? != 0,
					per_export: amount_of(row, 6)?.to_string(),
					per_window: amount_of(row, 7)?.to_string(),
					per_identity_window: amount_of(row, 8)?.to_string(),
				}))
			})
			.collect()
	}

	/// The first block whose bridge events the database holds: 0, or for a database indexed
	/// before migration 0003, the block after the cursor it had then.
	pub async fn bridge_indexed_from(&self) -> Result<u64> {
		let row = sqlx::query("SELECT from_block FROM bridge_coverage").fetch_optional(&self.pool).await?;
		Ok(row.map(|row| row.try_get::<i64, _>(0)).transpose()?.map(u).unwrap_or(0))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{
		model::{BlockData, BlockInfo, Located, Record},
		store::State,
	};

	const CHAIN: u64 = 31_337;
	const GATEWAY: &str = "0x6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a";
	const WRAPPED: &str = "0x7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b";
	const VERIFIER: &str = "0x8c8c8c8c8c8c8c8c8c8c8c8c8c8c8c8c8c8c8c8c";
	const WALLET: &str = "0x4242424242424242424242424242424242424242";

	fn blocks(records: Vec<Vec<BridgeRecord>>) -> Vec<BlockData> {
		let hash = |n: usize| format!("0x{n:064x}");
		let mut out = vec![BlockData {
			block: BlockInfo { height: 0, hash: hash(0), parent: hash(999), spec_version: 1, timestamp_ms: 0 },
			records: Vec::new(),
		}];
		for (n, records) in records.into_iter().enumerate() {
			let height = n + 1;
			out.push(BlockData {
				block: BlockInfo {
					height: height as u64,
					hash: hash(height),
					parent: hash(n),
					spec_version: 1,
					timestamp_ms: height as u64 * 6_000,
				},
				records: records
					.into_iter()
					.enumerate()
					.map(|(index, r)| Located { index: index as u32, record: Record::Bridge(r) })
					.collect(),
			});
		}
		out
	}

	fn export(nonce: u64, amount: u128) -> BridgeRecord {
		BridgeRecord::Exported {
			nonce,
			token: 1,
			partition: 0,
			chain: CHAIN,
			holder: "holder".into(),
			recipient: WALLET.into(),
			identity: 3,
			amount,
			deadline: 86_400,
			digest: format!("0x{nonce:064x}"),
		}
	}

	fn imported(nonce: u64, to: &str, amount: u128) -> BridgeRecord {
		let (gateway, from, to) = (GATEWAY.into(), WALLET.into(), to.into());
		BridgeRecord::Imported { chain: CHAIN, gateway, nonce, token: 1, partition: 0, from, to, amount }
	}

	fn quarantined(id: u64, cause: ReleaseCause, to: &str, amount: u128) -> BridgeRecord {
		BridgeRecord::Quarantined { id, cause, to: to.into(), amount, reason: "ReceiverKycMissing".into() }
	}

	fn allow(id: u64, expiry: u64, sequence: u64) -> BridgeRecord {
		BridgeRecord::AllowRequested {
			id,
			token: 1,
			partition: 0,
			chain: CHAIN,
			wallet: WALLET.into(),
			identity: Some(3),
			expiry,
			sequence,
			digest: format!("0xa{id:063x}"),
		}
	}

	fn import_cause(nonce: u64) -> ReleaseCause {
		ReleaseCause::Import { chain: CHAIN, gateway: GATEWAY.into(), nonce, from: WALLET.into() }
	}

	fn signers(keys: &[&str]) -> Vec<BridgeSigner> {
		keys.iter().map(|k| BridgeSigner { account: format!("account-{k}"), key: k.to_string() }).collect()
	}

	/// Every transition of the bridge, block by block, and its state read back at each block.
	#[tokio::test]
	async fn the_bridge_is_rebuilt_from_its_records_at_every_block() -> Result<()> {
		let store = Store::open("sqlite::memory:").await?;
		let mut state = State::default();
		let route = (1, 0, CHAIN);
		let chain = blocks(vec![
			// #1: the first set, a route, a committee.
			vec![
				BridgeRecord::SignerSet {
					set_id: 1,
					signers: signers(&["0x01", "0x02", "0x03"]),
					threshold: 2,
					previous_valid_until: None,
				},
				BridgeRecord::Route {
					token: 1,
					partition: 0,
					chain: CHAIN,
					gateway: GATEWAY.into(),
					wrapped: WRAPPED.into(),
					enabled: true,
					per_export: 500,
					per_window: 1_000,
					per_identity_window: 800,
				},
				BridgeRecord::Committee { chain: CHAIN, verifier: Some(VERIFIER.into()), set_id: 1 },
			],
			// #2: three exports, an allow-list entry, a control message.
			vec![
				export(1, 100),
				export(2, 50),
				export(3, 10),
				allow(1, 9_000, 1),
				BridgeRecord::ControlRequested {
					id: 2,
					token: 1,
					partition: 0,
					chain: CHAIN,
					sequence: 1,
					action: "Freeze".into(),
					account: WALLET.into(),
					to: ZERO_ADDRESS.into(),
					amount: 0,
					digest: "0xc2".into(),
				},
			],
			// #3: exports 1 and 2 attested, both messages attested.
			vec![
				BridgeRecord::ExportAttested { nonce: 1, set_id: 1, signatures: vec!["0xs1".into(), "0xs2".into()] },
				BridgeRecord::ExportAttested { nonce: 2, set_id: 1, signatures: vec!["0xs3".into(), "0xs4".into()] },
				BridgeRecord::MessageVoted { id: 1 },
				BridgeRecord::MessageAttested { id: 1, set_id: 1, signatures: vec!["0xm1".into()] },
				BridgeRecord::MessageVoted { id: 2 },
				BridgeRecord::MessageAttested { id: 2, set_id: 1, signatures: vec!["0xm2".into()] },
			],
			// #4: export 1 minted; export 3 refunded into the quarantine.
			vec![
				BridgeRecord::ExportMinted { nonce: 1 },
				BridgeRecord::ExportRefunded { nonce: 3 },
				quarantined(1, ReleaseCause::Refund { export: 3 }, "holder", 10),
			],
			// #5: burns 1, 2 and 4 imported (out of order), 2 and 4 quarantined.
			vec![
				imported(1, "receiver", 40),
				imported(2, "late", 15),
				quarantined(2, import_cause(2), "late", 15),
				imported(4, "late", 5),
				quarantined(3, import_cause(4), "late", 5),
			],
			// #6: quarantine 1 released, 3 bounced as export 4; a rotation with its message; paused.
			vec![
				BridgeRecord::QuarantineReleased { id: 1 },
				BridgeRecord::QuarantineBounced {
					id: 3,
					nonce: 4,
					recipient: WALLET.into(),
					amount: 5,
					deadline: 99_000,
					digest: "0xb4".into(),
				},
				BridgeRecord::SignerSet {
					set_id: 2,
					signers: signers(&["0x01", "0x02"]),
					threshold: 2,
					previous_valid_until: Some(1_006),
				},
				BridgeRecord::RotationRequested {
					id: 3,
					chain: CHAIN,
					verifier: VERIFIER.into(),
					set_id: 2,
					signers: vec!["0x01".into(), "0x02".into()],
					previous_valid_until: 86_400,
					digest: "0xd3".into(),
				},
				BridgeRecord::Flag { flag: "paused", value: true, detail: "{}".into() },
			],
			// #7: the wallet's entry removed (a newer message supersedes the first).
			vec![allow(4, 0, 2)],
			// #8: set 2 starts the control message over; unpaused.
			vec![BridgeRecord::MessageVoted { id: 2 }, BridgeRecord::Flag { flag: "paused", value: false, detail: "{}".into() }],
		]);
		store.write("0xgenesis", &mut state, &chain, None).await?;

		let at = |h| store.bridge_at(h);
		let s = at(3).await?;
		assert_eq!((s.current_set, s.exports.len()), (1, 3));
		assert_eq!(s.exports[&1].status, "Attested");
		assert_eq!(s.exports[&3].status, "Pending");
		assert_eq!(s.in_flight[&route], 160);
		assert!(s.outstanding.is_empty());
		assert_eq!(s.escrow[&(1, 0)], 160);
		assert!(s.messages[&1].attested && s.messages[&2].attested);
		assert_eq!(s.committees[&CHAIN], VERIFIER);

		let s = at(4).await?;
		assert_eq!(s.exports.keys().copied().collect::<Vec<_>>(), vec![2]);
		assert_eq!((s.in_flight[&route], s.outstanding[&route]), (50, 100));
		assert_eq!(s.quarantine[&1].cause, "refund of export 3");
		assert_eq!(s.escrow[&(1, 0)], 50 + 100 + 10);

		let s = at(5).await?;
		assert_eq!(s.outstanding[&route], 100 - 40 - 15 - 5);
		assert_eq!(s.imported[&(CHAIN, GATEWAY.to_string())], "1-2, 4");
		assert_eq!(s.quarantine.keys().copied().collect::<Vec<_>>(), vec![1, 2, 3]);

		let s = at(6).await?;
		assert!(s.paused);
		assert_eq!(s.current_set, 2);
		assert_eq!(s.signer_sets[&1].valid_until, Some(1_006));
		assert_eq!(s.signer_sets[&2].valid_until, None);
		assert_eq!(s.quarantine.keys().copied().collect::<Vec<_>>(), vec![2]);
		let bounce = &s.exports[&4];
		let bounced = (bounce.identity, bounce.holder.as_str(), bounce.gateway.as_str(), bounce.status.as_str());
		assert_eq!(bounced, (None, "late", GATEWAY, "Pending"));
		assert_eq!(s.in_flight[&route], 55);
		assert_eq!(s.escrow[&(1, 0)], 55 + 15 + 40);
		assert_eq!(s.messages[&3].signed_by, Some(1));
		assert_eq!(s.messages[&3].wrapped, ZERO_ADDRESS);
		assert_eq!(s.allow_entries[&(CHAIN, WRAPPED.into(), WALLET.into())], AllowEntryState { expiry: 9_000, sequence: 1, message: 1 });

		let s = at(7).await?;
		assert_eq!(s.allow_entries[&(CHAIN, WRAPPED.into(), WALLET.into())], AllowEntryState { expiry: 0, sequence: 2, message: 4 });
		assert!(!s.messages.contains_key(&1), "the superseded message left storage");
		assert!(s.messages[&2].attested);

		let s = at(8).await?;
		assert!(!s.paused);
		assert!(!s.messages[&2].attested, "a vote of another set starts the attestation over");
		assert_eq!(s.messages.keys().copied().collect::<Vec<_>>(), vec![2, 3, 4]);

		// A record about an export the database never saw: the batch is refused, nothing written.
		let next = BlockData {
			block: BlockInfo {
				height: 9,
				hash: format!("0x{:064x}", 9),
				parent: format!("0x{:064x}", 8),
				spec_version: 1,
				timestamp_ms: 54_000,
			},
			records: vec![Located { index: 0, record: Record::Bridge(BridgeRecord::ExportMinted { nonce: 9 }) }],
		};
		let refused = store.write("0xgenesis", &mut state, &[next], None).await.unwrap_err();
		assert!(format!("{refused:#}").contains("attested export 9 is not in the database"), "{refused:#}");
		assert_eq!(store.cursor().await?.map(|c| c.height), Some(8));
		Ok(())
	}
}
