//! The EVM bridge's part of the HTTP API, from its tables (migration 0003): the bridge's
//! switches, signer sets and escrow; routes with what each has in flight and outstanding;
//! exports, imports, the quarantine, messages for the EVM contracts and allow-list entries.

use super::{bad, not_found, token_id, ApiResult, AppState};
use crate::{amount, bridge::RouteKey};
use axum::{
	extract::{Query, State},
	Json,
};
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::{any::AnyRow, Row};
use std::collections::BTreeMap;

/// The filters and paging of the bridge's lists (each list reads the ones it names).
#[derive(Debug, Default, Deserialize)]
pub struct BridgeQuery {
	/// Token id or symbol.
	pub token: Option<String>,
	/// EVM chain id.
	pub chain: Option<u64>,
	/// Exports: `Pending`, `Attested`, `Minted`, `Refunded` or `in-flight`; quarantine: `open`,
	/// `released` or `bounced`.
	pub status: Option<String>,
	/// Messages: `Allow`, `Control` or `SignerSet`.
	pub kind: Option<String>,
	/// An account here or an EVM address: an export's holder or recipient, an import's sender
	/// or receiver, an allow-list entry's wallet.
	pub wallet: Option<String>,
	pub offset: Option<u64>,
	pub limit: Option<u64>,
}

impl BridgeQuery {
	async fn token(&self, app: &AppState) -> ApiResult<i64> {
		Ok(match &self.token {
			Some(token) => token_id(app, token).await? as i64,
			None => -1,
		})
	}

	fn chain(&self) -> i64 {
		self.chain.map(|c| c.min(i64::MAX as u64) as i64).unwrap_or(-1)
	}

	/// The wallet filter (EVM addresses compare in lower case, as stored).
	fn wallet(&self) -> String {
		match self.wallet.as_deref() {
			Some(w) if w.starts_with("0x") => w.to_lowercase(),
			Some(w) => w.to_string(),
			None => String::new(),
		}
	}

	fn page(&self) -> (i64, i64) {
		(self.offset.unwrap_or(0).min(i64::MAX as u64) as i64, self.limit.unwrap_or(100).clamp(1, 10_000) as i64)
	}
}

/// An amount column as a decimal string.
fn amount_at(row: &AnyRow, column: usize) -> ApiResult<String> {
	Ok(amount::from_text(&row.try_get::<String, _>(column)?)?.to_string())
}

/// A JSON text column as JSON (`null` when NULL).
fn json_at(row: &AnyRow, column: usize) -> ApiResult<Value> {
	let text: Option<String> = row.try_get(column)?;
	Ok(text.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or(Value::Null))
}

fn sum_by_token(map: &BTreeMap<RouteKey, i128>) -> BTreeMap<(u64, u32), i128> {
	let mut out = BTreeMap::new();
	for ((token, partition, _), amount) in map {
		*out.entry((*token, *partition)).or_default() += amount;
	}
	out
}

/// The bridge at the last indexed block: its switches (and their changes), the signer sets
/// (those still in storage `live`), the committee verifiers, and per (token, partition) what
/// the escrow holds for exports in flight, quarantined releases and the outstanding wrapped
/// tokens.
pub(super) async fn overview(State(app): State<AppState>) -> ApiResult<Json<Value>> {
	let cursor = app.store.cursor().await?.ok_or_else(|| not_found("nothing indexed yet"))?;
	let state = app.store.bridge_at(cursor.height).await?;
	let pool = app.store.pool();
	let rows = sqlx::query("SELECT set_id, signers, threshold, previous_valid_until, block FROM bridge_signer_sets ORDER BY set_id")
		.fetch_all(pool)
		.await?;
	let mut sets = Vec::new();
	for (n, row) in rows.iter().enumerate() {
		let set_id = row.try_get::<i64, _>(0)?;
		// A set is valid until the block its successor's rotation names.
		let valid_until = match rows.get(n + 1) {
			Some(next) => next.try_get::<Option<i64>, _>(3)?,
			None => None,
		};
		sets.push(json!({
			"set_id": set_id,
			"signers": json_at(row, 1)?,
			"threshold": row.try_get::<i64, _>(2)?,
			"block": row.try_get::<i64, _>(4)?,
			"valid_until": valid_until,
			"live": state.signer_sets.contains_key(&(set_id as u32)),
		}));
	}
	let changes = sqlx::query("SELECT flag, block, value, detail FROM bridge_flags ORDER BY seq DESC LIMIT 100")
		.fetch_all(pool)
		.await?
		.iter()
		.map(|r| {
			Ok(json!({
				"flag": r.try_get::<String, _>(0)?,
				"block": r.try_get::<i64, _>(1)?,
				"value": r.try_get::<i64, _>(2)? != 0,
				"detail": json_at(r, 3)?,
			}))
		})
		.collect::<ApiResult<Vec<Value>>>()?;
	let (in_flight, outstanding) = (sum_by_token(&state.in_flight), sum_by_token(&state.outstanding));
	let mut quarantined: BTreeMap<(u64, u32), i128> = BTreeMap::new();
	for entry in state.quarantine.values() {
		*quarantined.entry((entry.token, entry.partition)).or_default() += entry.amount.parse::<i128>().unwrap_or(0);
	}
	let escrow: Vec<Value> = state
		.escrow
		.iter()
		.map(|((token, partition), total)| {
			let of = |map: &BTreeMap<(u64, u32), i128>| map.get(&(*token, *partition)).copied().unwrap_or(0).to_string();
			json!({
				"token": token,
				"partition": partition,
				"in_flight": of(&in_flight),
				"quarantined": of(&quarantined),
				"outstanding": of(&outstanding),
				"total": total.to_string(),
			})
		})
		.collect();
	let committees: Vec<Value> =
		state.committees.iter().map(|(chain, verifier)| json!({ "chain": chain, "verifier": verifier })).collect();
	Ok(Json(json!({
		"block": cursor.height,
		"paused": state.paused,
		"imports_halted": state.imports_halted,
		"current_set": state.current_set,
		"signer_sets": sets,
		"committees": committees,
		"escrow": escrow,
		"flag_changes": changes,
	})))
}

/// The routes at the last indexed block (filters `token`, `chain`), each with what it has in
/// flight and outstanding.
pub(super) async fn routes(State(app): State<AppState>, Query(query): Query<BridgeQuery>) -> ApiResult<Json<Value>> {
	let cursor = app.store.cursor().await?.ok_or_else(|| not_found("nothing indexed yet"))?;
	let (token, chain) = (query.token(&app).await?, query.chain());
	let state = app.store.bridge_at(cursor.height).await?;
	let list: Vec<Value> = state
		.routes
		.iter()
		.filter(|((t, _, c), _)| (token < 0 || *t as i64 == token) && (chain < 0 || *c as i64 == chain))
		.map(|(key, route)| {
			json!({
				"token": key.0,
				"partition": key.1,
				"chain": key.2,
				"gateway": route.gateway,
				"wrapped": route.wrapped,
				"enabled": route.enabled,
				"limits": {
					"per_export": route.per_export,
					"per_window": route.per_window,
					"per_identity_window": route.per_identity_window,
				},
				"in_flight": state.in_flight.get(key).copied().unwrap_or(0).to_string(),
				"outstanding": state.outstanding.get(key).copied().unwrap_or(0).to_string(),
			})
		})
		.collect();
	Ok(Json(json!({ "block": cursor.height, "routes": list })))
}

/// Exports, newest first: filters `status`, `token`, `chain`, `wallet` (holder or recipient).
pub(super) async fn exports(State(app): State<AppState>, Query(query): Query<BridgeQuery>) -> ApiResult<Json<Value>> {
	let status = query.status.clone().unwrap_or_default();
	if !["", "Pending", "Attested", "Minted", "Refunded", "in-flight"].contains(&status.as_str()) {
		return Err(bad(format!("bad status {status:?}: use Pending, Attested, Minted, Refunded or in-flight")));
	}
	let (offset, limit) = query.page();
	let rows = sqlx::query(
		"SELECT nonce, token, partition_id, chain, gateway, holder, recipient, identity, amount, deadline, digest, bounced_from, status, \
		        block, attested_block, attested_set, signatures, minted_block, refunded_block \
		 FROM bridge_exports \
		 WHERE ($1 = '' OR status = $1 OR ($1 = 'in-flight' AND status IN ('Pending', 'Attested'))) \
		   AND ($2 < 0 OR token = $2) AND ($3 < 0 OR chain = $3) AND ($4 = '' OR holder = $4 OR recipient = $4) \
		 ORDER BY nonce DESC LIMIT $5 OFFSET $6",
	)
	.bind(status)
	.bind(query.token(&app).await?)
	.bind(query.chain())
	.bind(query.wallet())
	.bind(limit)
	.bind(offset)
	.fetch_all(app.store.pool())
	.await?;
	let list = rows
		.iter()
		.map(|r| {
			Ok(json!({
				"nonce": r.try_get::<i64, _>(0)?,
				"token": r.try_get::<i64, _>(1)?,
				"partition": r.try_get::<i64, _>(2)?,
				"chain": r.try_get::<i64, _>(3)?,
				"gateway": r.try_get::<String, _>(4)?,
				"holder": r.try_get::<String, _>(5)?,
				"recipient": r.try_get::<String, _>(6)?,
				"identity": r.try_get::<Option<i64>, _>(7)?,
				"amount": amount_at(r, 8)?,
				"deadline": r.try_get::<i64, _>(9)?,
				"digest": r.try_get::<String, _>(10)?,
				"bounced_from": r.try_get::<Option<i64>, _>(11)?,
				"status": r.try_get::<String, _>(12)?,
				"block": r.try_get::<i64, _>(13)?,
				"attested_block": r.try_get::<Option<i64>, _>(14)?,
				"attested_set": r.try_get::<Option<i64>, _>(15)?,
				"signatures": json_at(r, 16)?,
				"minted_block": r.try_get::<Option<i64>, _>(17)?,
				"refunded_block": r.try_get::<Option<i64>, _>(18)?,
			}))
		})
		.collect::<ApiResult<Vec<Value>>>()?;
	Ok(Json(json!({ "offset": offset, "limit": limit, "exports": list })))
}

/// Imported burns, newest first: filters `token`, `chain`, `wallet` (the EVM sender or the
/// receiver here). `quarantine` names the entry of a release the token refused.
pub(super) async fn imports(State(app): State<AppState>, Query(query): Query<BridgeQuery>) -> ApiResult<Json<Value>> {
	let (offset, limit) = query.page();
	let rows = sqlx::query(
		"SELECT chain, gateway, nonce, token, partition_id, from_address, to_wallet, amount, block, event_index, quarantine \
		 FROM bridge_imports \
		 WHERE ($1 < 0 OR token = $1) AND ($2 < 0 OR chain = $2) AND ($3 = '' OR from_address = $3 OR to_wallet = $3) \
		 ORDER BY block DESC, event_index DESC LIMIT $4 OFFSET $5",
	)
	.bind(query.token(&app).await?)
	.bind(query.chain())
	.bind(query.wallet())
	.bind(limit)
	.bind(offset)
	.fetch_all(app.store.pool())
	.await?;
	let list = rows
		.iter()
		.map(|r| {
			Ok(json!({
				"chain": r.try_get::<i64, _>(0)?,
				"gateway": r.try_get::<String, _>(1)?,
				"nonce": r.try_get::<i64, _>(2)?,
				"token": r.try_get::<i64, _>(3)?,
				"partition": r.try_get::<i64, _>(4)?,
				"from": r.try_get::<String, _>(5)?,
				"to": r.try_get::<String, _>(6)?,
				"amount": amount_at(r, 7)?,
				"block": r.try_get::<i64, _>(8)?,
				"event_index": r.try_get::<i64, _>(9)?,
				"quarantine": r.try_get::<Option<i64>, _>(10)?,
			}))
		})
		.collect::<ApiResult<Vec<Value>>>()?;
	Ok(Json(json!({ "offset": offset, "limit": limit, "imports": list })))
}

/// Quarantined releases, newest first: filters `status` (`open`, `released`, `bounced`),
/// `token`.
pub(super) async fn quarantine(State(app): State<AppState>, Query(query): Query<BridgeQuery>) -> ApiResult<Json<Value>> {
	let status = query.status.clone().unwrap_or_default();
	if !["", "open", "released", "bounced"].contains(&status.as_str()) {
		return Err(bad(format!("bad status {status:?}: use open, released or bounced")));
	}
	let (offset, limit) = query.page();
	let rows = sqlx::query(
		"SELECT id, token, partition_id, cause, export_nonce, chain, gateway, import_nonce, from_address, to_wallet, amount, reason, \
		        block, released_block, bounced_block, bounce_export \
		 FROM bridge_quarantine \
		 WHERE ($1 = '' OR ($1 = 'open' AND released_block IS NULL AND bounced_block IS NULL) \
		        OR ($1 = 'released' AND released_block IS NOT NULL) OR ($1 = 'bounced' AND bounced_block IS NOT NULL)) \
		   AND ($2 < 0 OR token = $2) \
		 ORDER BY id DESC LIMIT $3 OFFSET $4",
	)
	.bind(status)
	.bind(query.token(&app).await?)
	.bind(limit)
	.bind(offset)
	.fetch_all(app.store.pool())
	.await?;
	let list = rows
		.iter()
		.map(|r| {
			let (released, bounced) = (r.try_get::<Option<i64>, _>(13)?, r.try_get::<Option<i64>, _>(14)?);
			let status = match (released, bounced) {
				(Some(_), _) => "released",
				(None, Some(_)) => "bounced",
				(None, None) => "open",
			};
			let cause = match r.try_get::<String, _>(3)?.as_str() {
				"Refund" => json!({ "refund": { "export": r.try_get::<Option<i64>, _>(4)? } }),
				_ => json!({ "import": {
					"chain": r.try_get::<Option<i64>, _>(5)?,
					"gateway": r.try_get::<Option<String>, _>(6)?,
					"nonce": r.try_get::<Option<i64>, _>(7)?,
					"from": r.try_get::<Option<String>, _>(8)?,
				} }),
			};
			Ok(json!({
				"id": r.try_get::<i64, _>(0)?,
				"token": r.try_get::<i64, _>(1)?,
				"partition": r.try_get::<i64, _>(2)?,
				"cause": cause,
				"to": r.try_get::<String, _>(9)?,
				"amount": amount_at(r, 10)?,
				"reason": r.try_get::<String, _>(11)?,
				"block": r.try_get::<i64, _>(12)?,
				"status": status,
				"released_block": released,
				"bounced_block": bounced,
				"bounce_export": r.try_get::<Option<i64>, _>(15)?,
			}))
		})
		.collect::<ApiResult<Vec<Value>>>()?;
	Ok(Json(json!({ "offset": offset, "limit": limit, "quarantine": list })))
}

/// Messages for the EVM contracts, newest first: filters `kind` (`Allow`, `Control`,
/// `SignerSet`), `chain`, `token`. Superseded allow-list messages are listed with the block
/// they were superseded in.
pub(super) async fn messages(State(app): State<AppState>, Query(query): Query<BridgeQuery>) -> ApiResult<Json<Value>> {
	let kind = query.kind.clone().unwrap_or_default();
	if !["", "Allow", "Control", "SignerSet"].contains(&kind.as_str()) {
		return Err(bad(format!("bad kind {kind:?}: use Allow, Control or SignerSet")));
	}
	let (offset, limit) = query.page();
	// Each message with its latest attestation row.
	let rows = sqlx::query(
		"SELECT m.id, m.chain, m.contract, m.wrapped, m.kind, m.token, m.partition_id, m.body, m.digest, m.signed_by, m.block, \
		        m.superseded_block, a.attested, a.set_id, a.block, a.signatures \
		 FROM bridge_messages m LEFT JOIN bridge_message_attestations a \
		   ON a.id = m.id AND a.seq = (SELECT MAX(seq) FROM bridge_message_attestations WHERE id = m.id) \
		 WHERE ($1 = '' OR m.kind = $1) AND ($2 < 0 OR m.chain = $2) AND ($3 < 0 OR m.token = $3) \
		 ORDER BY m.id DESC LIMIT $4 OFFSET $5",
	)
	.bind(kind)
	.bind(query.chain())
	.bind(query.token(&app).await?)
	.bind(limit)
	.bind(offset)
	.fetch_all(app.store.pool())
	.await?;
	let list = rows
		.iter()
		.map(|r| {
			let attested = r.try_get::<Option<i64>, _>(12)?.unwrap_or(0) != 0;
			Ok(json!({
				"id": r.try_get::<i64, _>(0)?,
				"chain": r.try_get::<i64, _>(1)?,
				"contract": r.try_get::<String, _>(2)?,
				"wrapped": r.try_get::<String, _>(3)?,
				"kind": r.try_get::<String, _>(4)?,
				"token": r.try_get::<Option<i64>, _>(5)?,
				"partition": r.try_get::<Option<i64>, _>(6)?,
				"body": json_at(r, 7)?,
				"digest": r.try_get::<String, _>(8)?,
				"signed_by": r.try_get::<Option<i64>, _>(9)?,
				"block": r.try_get::<i64, _>(10)?,
				"superseded_block": r.try_get::<Option<i64>, _>(11)?,
				"attested": attested,
				"attested_set": if attested { r.try_get::<Option<i64>, _>(13)? } else { None },
				"attested_block": if attested { r.try_get::<Option<i64>, _>(14)? } else { None },
				"signatures": if attested { json_at(r, 15)? } else { Value::Null },
			}))
		})
		.collect::<ApiResult<Vec<Value>>>()?;
	Ok(Json(json!({ "offset": offset, "limit": limit, "messages": list })))
}

/// Each wallet's current allow-list entry (filters `chain`, `token`, `wallet`): `listed`
/// until its expiry, `expired` after it (by the last indexed block's time), `removed` (expiry
/// 0); `attested` once a threshold of signers signed its message (a relay can apply it).
pub(super) async fn allow_list(State(app): State<AppState>, Query(query): Query<BridgeQuery>) -> ApiResult<Json<Value>> {
	let now_ms: i64 = sqlx::query("SELECT COALESCE(MAX(timestamp_ms), 0) FROM blocks").fetch_one(app.store.pool()).await?.try_get(0)?;
	let (offset, limit) = query.page();
	let rows = sqlx::query(
		"SELECT e.chain, e.wrapped, e.wallet, e.token, e.partition_id, e.identity, e.expiry, e.sequence, e.message, e.block, a.attested \
		 FROM bridge_allow_entries e LEFT JOIN bridge_message_attestations a \
		   ON a.id = e.message AND a.seq = (SELECT MAX(seq) FROM bridge_message_attestations WHERE id = e.message) \
		 WHERE e.superseded_block IS NULL AND ($1 < 0 OR e.chain = $1) AND ($2 < 0 OR e.token = $2) AND ($3 = '' OR e.wallet = $3) \
		 ORDER BY e.chain, e.wrapped, e.wallet LIMIT $4 OFFSET $5",
	)
	.bind(query.chain())
	.bind(query.token(&app).await?)
	.bind(query.wallet())
	.bind(limit)
	.bind(offset)
	.fetch_all(app.store.pool())
	.await?;
	let list = rows
		.iter()
		.map(|r| {
			let expiry = r.try_get::<i64, _>(6)?;
			let state = match expiry {
				0 => "removed",
				e if e.saturating_mul(1_000) < now_ms => "expired",
				_ => "listed",
			};
			Ok(json!({
				"chain": r.try_get::<i64, _>(0)?,
				"wrapped": r.try_get::<String, _>(1)?,
				"wallet": r.try_get::<String, _>(2)?,
				"token": r.try_get::<i64, _>(3)?,
				"partition": r.try_get::<i64, _>(4)?,
				"identity": r.try_get::<Option<i64>, _>(5)?,
				"expiry": expiry,
				"sequence": r.try_get::<i64, _>(7)?,
				"message": r.try_get::<i64, _>(8)?,
				"block": r.try_get::<i64, _>(9)?,
				"state": state,
				"attested": r.try_get::<Option<i64>, _>(10)?.unwrap_or(0) != 0,
			}))
		})
		.collect::<ApiResult<Vec<Value>>>()?;
	Ok(Json(json!({ "offset": offset, "limit": limit, "entries": list })))
}
