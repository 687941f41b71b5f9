//! The HTTP API (JSON, CSV), its OpenAPI description and the web page, served by axum from
//! the database. Amounts are decimal strings (a u128 does not fit a JavaScript number). The
//! EVM bridge's routes are in [`bridge`].

mod bridge;

use crate::{
	amount,
	indexer::SharedStatus,
	store::{cell, HoldingRow, Store},
};
use axum::{
	extract::{Path, Query, State},
	http::{header, StatusCode},
	response::{Html, IntoResponse, Response},
	routing::get,
	Json, Router,
};
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::Row;
use std::collections::BTreeMap;

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
	pub store: Store,
	/// The indexer's live status, when the API runs beside it (`run --listen`).
	pub status: Option<SharedStatus>,
	/// `/health` fails when the indexer is more blocks than this behind the finalized head.
	pub max_lag: u64,
}

/// The routes. Every path is listed in `web/openapi.json` (a test checks it).
pub fn router(state: AppState) -> Router {
	Router::new()
		.route("/", get(page))
		.route("/openapi.json", get(openapi))
		.route("/health", get(health))
		.route("/api/status", get(status))
		.route("/api/tokens", get(tokens))
		.route("/api/tokens/{token}", get(token))
		.route("/api/tokens/{token}/cap-table", get(cap_table_json))
		.route("/api/tokens/{token}/cap-table.csv", get(cap_table_csv))
		.route("/api/tokens/{token}/supply", get(supply))
		.route("/api/tokens/{token}/holders", get(holders_by))
		.route("/api/holders/{wallet}", get(holder))
		.route("/api/holders/{wallet}/history", get(holder_history))
		.route("/api/movements", get(movements))
		.route("/api/settlements", get(settlements))
		.route("/api/events", get(events))
		.route("/api/bridge", get(bridge::overview))
		.route("/api/bridge/routes", get(bridge::routes))
		.route("/api/bridge/exports", get(bridge::exports))
		.route("/api/bridge/imports", get(bridge::imports))
		.route("/api/bridge/quarantine", get(bridge::quarantine))
		.route("/api/bridge/messages", get(bridge::messages))
		.route("/api/bridge/allow-list", get(bridge::allow_list))
		.with_state(state)
}

/// The routes as `router` declares them (for the OpenAPI test).
pub const PATHS: [&str; 22] = [
	"/",
	"/openapi.json",
	"/health",
	"/api/status",
	"/api/tokens",
	"/api/tokens/{token}",
	"/api/tokens/{token}/cap-table",
	"/api/tokens/{token}/cap-table.csv",
	"/api/tokens/{token}/supply",
	"/api/tokens/{token}/holders",
	"/api/holders/{wallet}",
	"/api/holders/{wallet}/history",
	"/api/movements",
	"/api/settlements",
	"/api/events",
	"/api/bridge",
	"/api/bridge/routes",
	"/api/bridge/exports",
	"/api/bridge/imports",
	"/api/bridge/quarantine",
	"/api/bridge/messages",
	"/api/bridge/allow-list",
];

/// An error as a response: status and `{ "error": … }`.
pub struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
	fn into_response(self) -> Response {
		(self.0, Json(json!({ "error": self.1 }))).into_response()
	}
}

impl From<anyhow::Error> for ApiError {
	fn from(e: anyhow::Error) -> Self {
		ApiError(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}"))
	}
}

impl From<sqlx::Error> for ApiError {
	fn from(e: sqlx::Error) -> Self {
		ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
	}
}

fn bad(message: impl Into<String>) -> ApiError {
	ApiError(StatusCode::BAD_REQUEST, message.into())
}

fn not_found(message: impl Into<String>) -> ApiError {
	ApiError(StatusCode::NOT_FOUND, message.into())
}

type ApiResult<T> = Result<T, ApiError>;

async fn page() -> Html<&'static str> {
	Html(include_str!("../web/index.html"))
}

async fn openapi() -> Response {
	([(header::CONTENT_TYPE, "application/json")], include_str!("../web/openapi.json")).into_response()
}

async fn health(State(app): State<AppState>) -> Response {
	let cursor = match app.store.cursor().await {
		Ok(cursor) => cursor,
		Err(e) => return (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "database unavailable", "error": format!("{e:#}") }))).into_response(),
	};
	let reconciliation = app.store.last_reconciliation().await.ok().flatten();
	let live = app.status.as_ref().and_then(|s| s.read().ok().map(|s| s.clone()));
	let mut problems = Vec::new();
	if cursor.is_none() {
		problems.push("nothing indexed yet".to_string());
	}
	if let Some((height, differences, _)) = &reconciliation {
		if *differences > 0 {
			problems.push(format!("the reconciliation at #{height} found {differences} differences"));
		}
	}
	if let Some(live) = &live {
		if let Some(lag) = live.lag {
			if lag > app.max_lag {
				problems.push(format!("{lag} blocks behind the finalized head (at most {} allowed)", app.max_lag));
			}
		}
		if let Some(error) = &live.error {
			problems.push(error.clone());
		}
	}
	let body = json!({
		"status": if problems.is_empty() { "ok" } else { "unhealthy" },
		"problems": problems,
		"height": cursor.as_ref().map(|c| c.height),
		"lag": live.as_ref().and_then(|l| l.lag),
		"reconciled_at": reconciliation.as_ref().map(|r| r.0),
		"differences": reconciliation.as_ref().map(|r| r.1),
	});
	let code = if problems.is_empty() { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
	(code, Json(body)).into_response()
}

async fn status(State(app): State<AppState>) -> ApiResult<Json<Value>> {
	let cursor = app.store.cursor().await?;
	let live = app.status.as_ref().and_then(|s| s.read().ok().map(|s| s.clone()));
	let reconciliation = app.store.last_reconciliation().await?;
	let runtimes: Vec<Value> =
		app.store.runtimes().await?.into_iter().map(|(spec, first)| json!({ "spec_version": spec, "first_block": first })).collect();
	Ok(Json(json!({
		"database": app.store.kind(),
		"cursor": cursor,
		"runtimes": runtimes,
		"indexer": live,
		"reconciliation": reconciliation.map(|(_, _, report)| report),
	})))
}

fn token_json(row: &sqlx::any::AnyRow) -> ApiResult<Value> {
	let supply: String = row.try_get("supply")?;
	let cap: Option<String> = row.try_get("supply_cap")?;
	Ok(json!({
		"token": row.try_get::<i64, _>("token")?,
		"symbol": row.try_get::<String, _>("symbol")?,
		"name": row.try_get::<String, _>("name")?,
		"owner": row.try_get::<i64, _>("owner")?,
		"decimals": row.try_get::<i64, _>("decimals")?,
		"instrument": row.try_get::<String, _>("instrument")?,
		"status": row.try_get::<String, _>("status")?,
		"paused": row.try_get::<i64, _>("paused")? != 0,
		"supply": amount::from_text(&supply)?.to_string(),
		"supply_cap": cap.map(|c| amount::from_text(&c).map(|c| c.to_string())).transpose()?,
		"holders": row.try_get::<i64, _>("holder_count")?,
		"created_block": row.try_get::<i64, _>("created_block")?,
	}))
}

async fn tokens(State(app): State<AppState>) -> ApiResult<Json<Value>> {
	let rows = sqlx::query(
		"SELECT token, symbol, name, owner, decimals, instrument, supply_cap, status, paused, supply, holder_count, created_block, terms FROM tokens ORDER BY token",
	)
	.fetch_all(app.store.pool())
	.await?;
	Ok(Json(Value::Array(rows.iter().map(token_json).collect::<ApiResult<_>>()?)))
}

/// A token id, or its symbol.
async fn token_id(app: &AppState, token: &str) -> ApiResult<u64> {
	if let Ok(id) = token.parse::<u64>() {
		return Ok(id);
	}
	let row = sqlx::query("SELECT token FROM tokens WHERE symbol = $1").bind(token.to_string()).fetch_optional(app.store.pool()).await?;
	match row {
		Some(row) => Ok(row.try_get::<i64, _>(0)? as u64),
		None => Err(not_found(format!("no token {token}"))),
	}
}

async fn token(State(app): State<AppState>, Path(token): Path<String>) -> ApiResult<Json<Value>> {
	let id = token_id(&app, &token).await?;
	let row = sqlx::query(
		"SELECT token, symbol, name, owner, decimals, instrument, supply_cap, status, paused, supply, holder_count, created_block, terms FROM tokens WHERE token = $1",
	)
	.bind(id as i64)
	.fetch_optional(app.store.pool())
	.await?
	.ok_or_else(|| not_found(format!("no token {token}")))?;
	let mut out = token_json(&row)?;
	let terms: String = row.try_get("terms")?;
	out["terms"] = serde_json::from_str(&terms).unwrap_or(Value::Null);
	let partitions = sqlx::query("SELECT partition_id, name, rights FROM partitions WHERE token = $1 ORDER BY partition_id")
		.bind(id as i64)
		.fetch_all(app.store.pool())
		.await?;
	out["partitions"] = partitions
		.iter()
		.map(|p| Ok(json!({ "partition": p.try_get::<i64, _>(0)?, "name": p.try_get::<String, _>(1)?, "rights": p.try_get::<String, _>(2)? })))
		.collect::<ApiResult<Vec<Value>>>()?
		.into();
	let documents = sqlx::query("SELECT name, uri, hash, block FROM documents WHERE token = $1 AND removed_block IS NULL ORDER BY name")
		.bind(id as i64)
		.fetch_all(app.store.pool())
		.await?;
	out["documents"] = documents
		.iter()
		.map(|d| {
			Ok(json!({ "name": d.try_get::<String, _>(0)?, "uri": d.try_get::<String, _>(1)?, "hash": d.try_get::<String, _>(2)?, "block": d.try_get::<i64, _>(3)? }))
		})
		.collect::<ApiResult<Vec<Value>>>()?
		.into();
	Ok(Json(out))
}

/// `?block=`, `?date=YYYY-MM-DD` (the end of that day, UTC) or `?time_ms=`; none: the latest.
#[derive(Debug, Default, Deserialize)]
pub struct At {
	pub block: Option<u64>,
	pub date: Option<String>,
	pub time_ms: Option<u64>,
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian calendar).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
	let y = if m <= 2 { y - 1 } else { y };
	let era = if y >= 0 { y } else { y - 399 } / 400;
	let yoe = y - era * 400;
	let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
	let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	era * 146_097 + doe - 719_468
}

/// The last millisecond of `YYYY-MM-DD` (UTC).
pub fn end_of_day_ms(date: &str) -> Option<u64> {
	let mut parts = date.split('-');
	let (y, m, d) = (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?);
	if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
		return None;
	}
	let days = days_from_civil(y, m, d);
	u64::try_from((days + 1) * 86_400_000 - 1).ok()
}

impl At {
	/// The block meant (`None`: the latest, current state).
	async fn resolve(&self, app: &AppState) -> ApiResult<Option<u64>> {
		let time = match (&self.block, &self.date, &self.time_ms) {
			(Some(block), None, None) => return Ok(Some(*block)),
			(None, Some(date), None) => end_of_day_ms(date).ok_or_else(|| bad(format!("bad date {date:?}: use YYYY-MM-DD")))?,
			(None, None, Some(ms)) => *ms,
			(None, None, None) => return Ok(None),
			_ => return Err(bad("give one of block, date and time_ms")),
		};
		let row = sqlx::query("SELECT MAX(height) FROM blocks WHERE timestamp_ms <= $1").bind(time as i64).fetch_one(app.store.pool()).await?;
		let height: Option<i64> = row.try_get(0)?;
		Ok(Some(height.unwrap_or(0) as u64))
	}
}

/// (No `#[serde(flatten)]` of [`At`]: query strings are all text, and a flattened struct's
/// numbers would not parse.)
#[derive(Debug, Default, Deserialize)]
pub struct CapTableQuery {
	pub block: Option<u64>,
	pub date: Option<String>,
	pub time_ms: Option<u64>,
	pub partition: Option<u32>,
	/// `wallet` (default) or `identity`.
	pub group: Option<String>,
	pub offset: Option<u64>,
	pub limit: Option<u64>,
}

/// The cap table; `paged`: only the rows `offset`/`limit` ask for (at most 10,000), else every
/// row (the CSV).
async fn cap_table(app: &AppState, token: &str, query: &CapTableQuery, paged: bool) -> ApiResult<Value> {
	let id = token_id(app, token).await?;
	let symbol: String = sqlx::query("SELECT symbol FROM tokens WHERE token = $1")
		.bind(id as i64)
		.fetch_optional(app.store.pool())
		.await?
		.ok_or_else(|| not_found(format!("no token {token}")))?
		.try_get(0)?;
	let cursor = app.store.cursor().await?.ok_or_else(|| not_found("nothing indexed yet"))?;
	let at = At { block: query.block, date: query.date.clone(), time_ms: query.time_ms };
	let block = at.resolve(app).await?;
	if let Some(block) = block {
		if block > cursor.height {
			return Err(bad(format!("block #{block} is not indexed yet (the index is at #{})", cursor.height)));
		}
	}
	let rows: Vec<HoldingRow> = match block {
		Some(block) => app.store.holdings_at(Some(id), block).await?,
		None => app.store.holdings(Some(id)).await?,
	};
	let rows: Vec<HoldingRow> = rows.into_iter().filter(|r| query.partition.is_none_or(|p| r.partition == p)).collect();
	let group = query.group.as_deref().unwrap_or("wallet");
	let mut grouped: BTreeMap<String, (Option<u64>, Vec<String>, BTreeMap<u32, u128>)> = BTreeMap::new();
	for row in &rows {
		let key = match group {
			"wallet" => row.wallet.clone(),
			"identity" => row.identity.map(|i| i.to_string()).unwrap_or_else(|| format!("none:{}", row.wallet)),
			other => return Err(bad(format!("bad group {other:?}: use wallet or identity"))),
		};
		let entry = grouped.entry(key).or_insert_with(|| (row.identity, Vec::new(), BTreeMap::new()));
		if !entry.1.contains(&row.wallet) {
			entry.1.push(row.wallet.clone());
		}
		*entry.2.entry(row.partition).or_default() += row.balance;
	}
	let total: u128 = rows.iter().map(|r| r.balance).sum();
	let mut table: Vec<(u128, String, Value)> = grouped
		.into_iter()
		.map(|(key, (identity, wallets, partitions))| {
			let balance: u128 = partitions.values().sum();
			let share = if total == 0 { 0.0 } else { balance as f64 * 100.0 / total as f64 };
			let value = json!({
				"identity": identity,
				"wallets": wallets,
				"balance": balance.to_string(),
				"share_percent": format!("{share:.4}"),
				"partitions": partitions.iter().map(|(p, b)| json!({ "partition": p, "balance": b.to_string() })).collect::<Vec<_>>(),
			});
			(balance, key, value)
		})
		.collect();
	table.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
	// The EVM bridge's escrow (a wallet of no identity) is listed, and is no holder.
	let holders = table.iter().filter(|(_, _, row)| !row["identity"].is_null()).count();
	let (offset, limit) = match paged {
		true => (query.offset.unwrap_or(0) as usize, query.limit.unwrap_or(100).clamp(1, 10_000) as usize),
		false => (0, table.len()),
	};
	let page: Vec<Value> = table.into_iter().skip(offset).take(limit).map(|(_, _, v)| v).collect();
	let height = block.unwrap_or(cursor.height);
	let timestamp: Option<i64> = sqlx::query("SELECT timestamp_ms FROM blocks WHERE height = $1")
		.bind(height as i64)
		.fetch_optional(app.store.pool())
		.await?
		.map(|r| r.try_get(0))
		.transpose()?;
	Ok(json!({
		"token": id,
		"symbol": symbol,
		"block": height,
		"timestamp_ms": timestamp,
		"partition": query.partition,
		"group": group,
		"total": total.to_string(),
		"holders": holders,
		"offset": offset,
		"limit": limit,
		"rows": page,
	}))
}

async fn cap_table_json(State(app): State<AppState>, Path(token): Path<String>, Query(query): Query<CapTableQuery>) -> ApiResult<Json<Value>> {
	Ok(Json(cap_table(&app, &token, &query, true).await?))
}

/// The cap table as a transfer agent files it: one line per holder, every page.
async fn cap_table_csv(State(app): State<AppState>, Path(token): Path<String>, Query(query): Query<CapTableQuery>) -> ApiResult<Response> {
	let all = cap_table(&app, &token, &query, false).await?;
	let mut csv = String::from("token,symbol,block,partition,identity,wallets,balance,share_percent\n");
	for row in all["rows"].as_array().into_iter().flatten() {
		let identity = row["identity"].as_u64().map(|i| i.to_string()).unwrap_or_default();
		let wallets: Vec<&str> = row["wallets"].as_array().into_iter().flatten().filter_map(|w| w.as_str()).collect();
		csv.push_str(&format!(
			"{},{},{},{},{},{},{},{}\n",
			all["token"],
			all["symbol"].as_str().unwrap_or_default(),
			all["block"],
			query.partition.map(|p| p.to_string()).unwrap_or_else(|| "all".into()),
			identity,
			wallets.join(" "),
			row["balance"].as_str().unwrap_or_default(),
			row["share_percent"].as_str().unwrap_or_default(),
		));
	}
	let name = format!("attachment; filename=\"cap-table-{}-{}.csv\"", all["symbol"].as_str().unwrap_or("token"), all["block"]);
	Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, name)], csv).into_response())
}

async fn supply(State(app): State<AppState>, Path(token): Path<String>) -> ApiResult<Json<Value>> {
	let id = token_id(&app, &token).await?;
	let rows = sqlx::query(
		"SELECT s.block, b.timestamp_ms, s.supply FROM supply_history s JOIN blocks b ON b.height = s.block WHERE s.token = $1 ORDER BY s.seq",
	)
	.bind(id as i64)
	.fetch_all(app.store.pool())
	.await?;
	let points = rows
		.iter()
		.map(|r| {
			Ok(json!({
				"block": r.try_get::<i64, _>(0)?,
				"timestamp_ms": r.try_get::<i64, _>(1)?,
				"supply": amount::from_text(&r.try_get::<String, _>(2)?)?.to_string(),
			}))
		})
		.collect::<ApiResult<Vec<Value>>>()?;
	Ok(Json(json!({ "token": id, "points": points })))
}

#[derive(Debug, Deserialize)]
pub struct HoldersBy {
	/// `jurisdiction` or `investor-type`.
	pub by: Option<String>,
}

const INVESTOR_TYPES: [&str; 4] = ["Accredited", "QualifiedPurchaser", "Institutional", "Retail"];

/// Holders and their balances by jurisdiction or investor type (current claims, unexpired at
/// the latest indexed block, global or for this token).
async fn holders_by(State(app): State<AppState>, Path(token): Path<String>, Query(query): Query<HoldersBy>) -> ApiResult<Json<Value>> {
	let id = token_id(&app, &token).await?;
	let by = query.by.as_deref().unwrap_or("jurisdiction");
	if by != "jurisdiction" && by != "investor-type" {
		return Err(bad(format!("bad by {by:?}: use jurisdiction or investor-type")));
	}
	let now: i64 = sqlx::query("SELECT COALESCE(MAX(timestamp_ms), 0) FROM blocks").fetch_one(app.store.pool()).await?.try_get(0)?;
	let mut totals: BTreeMap<u64, u128> = BTreeMap::new();
	for row in app.store.holdings(Some(id)).await? {
		if let Some(identity) = row.identity {
			*totals.entry(identity).or_default() += row.balance;
		}
	}
	let claims = sqlx::query("SELECT subject, topic FROM claims WHERE (scope = 'Global' OR scope = $1) AND (expiry_ms IS NULL OR expiry_ms > $2)")
		.bind(format!("Token({id})"))
		.bind(now)
		.fetch_all(app.store.pool())
		.await?;
	let mut labels: BTreeMap<u64, Vec<String>> = BTreeMap::new();
	for claim in claims {
		let subject = claim.try_get::<i64, _>(0)? as u64;
		let topic: String = claim.try_get(1)?;
		let label = match by {
			"jurisdiction" => topic.strip_prefix("Jurisdiction(").and_then(|t| t.strip_suffix(')')).map(str::to_string),
			_ => INVESTOR_TYPES.contains(&topic.as_str()).then_some(topic),
		};
		if let Some(label) = label {
			let entry = labels.entry(subject).or_default();
			if !entry.contains(&label) {
				entry.push(label);
			}
		}
	}
	let mut groups: BTreeMap<String, (u64, u128)> = BTreeMap::new();
	for (identity, balance) in &totals {
		let names = labels.get(identity).cloned().unwrap_or_else(|| vec!["none".to_string()]);
		for name in names {
			let group = groups.entry(name).or_default();
			group.0 += 1;
			group.1 += balance;
		}
	}
	let groups: Vec<Value> =
		groups.into_iter().map(|(name, (holders, balance))| json!({ "group": name, "holders": holders, "balance": balance.to_string() })).collect();
	Ok(Json(json!({ "token": id, "by": by, "groups": groups })))
}

async fn holder(State(app): State<AppState>, Path(wallet): Path<String>) -> ApiResult<Json<Value>> {
	let identity: Option<i64> =
		sqlx::query("SELECT identity FROM wallets WHERE wallet = $1").bind(wallet.clone()).fetch_optional(app.store.pool()).await?.map(|r| r.try_get(0)).transpose()?;
	let rows = sqlx::query(
		"SELECT h.token, t.symbol, h.partition_id, h.balance, h.block FROM holdings h JOIN tokens t ON t.token = h.token WHERE h.wallet = $1 ORDER BY h.token, h.partition_id",
	)
	.bind(wallet.clone())
	.fetch_all(app.store.pool())
	.await?;
	let positions = rows
		.iter()
		.map(|r| {
			Ok(json!({
				"token": r.try_get::<i64, _>(0)?,
				"symbol": r.try_get::<String, _>(1)?,
				"partition": r.try_get::<i64, _>(2)?,
				"balance": amount::from_text(&r.try_get::<String, _>(3)?)?.to_string(),
				"since_block": r.try_get::<i64, _>(4)?,
			}))
		})
		.collect::<ApiResult<Vec<Value>>>()?;
	let wallets: Vec<String> = match identity {
		Some(identity) => sqlx::query("SELECT wallet FROM wallets WHERE identity = $1 ORDER BY wallet")
			.bind(identity)
			.fetch_all(app.store.pool())
			.await?
			.iter()
			.map(|r| r.try_get(0))
			.collect::<Result<_, _>>()?,
		None => Vec::new(),
	};
	if identity.is_none() && positions.is_empty() {
		return Err(not_found(format!("no identity and no holdings for {wallet}")));
	}
	Ok(Json(json!({ "wallet": wallet, "identity": identity, "identity_wallets": wallets, "positions": positions })))
}

#[derive(Debug, Default, Deserialize)]
pub struct MovementQuery {
	pub token: Option<String>,
	pub wallet: Option<String>,
	pub kind: Option<String>,
	pub from_block: Option<u64>,
	pub to_block: Option<u64>,
	pub offset: Option<u64>,
	pub limit: Option<u64>,
}

async fn movement_rows(app: &AppState, query: &MovementQuery) -> ApiResult<Value> {
	let token = match &query.token {
		Some(token) => token_id(app, token).await? as i64,
		None => -1,
	};
	let limit = query.limit.unwrap_or(100).clamp(1, 10_000) as i64;
	let offset = query.offset.unwrap_or(0).min(i64::MAX as u64) as i64;
	let rows = sqlx::query(
		"SELECT m.block, m.event_index, m.token, m.partition_id, m.to_partition, m.from_wallet, m.to_wallet, m.from_identity, m.to_identity, \
		        m.amount, m.kind, m.operator, m.reference, b.timestamp_ms \
		 FROM movements m JOIN blocks b ON b.height = m.block \
		 WHERE ($1 < 0 OR m.token = $1) AND ($2 = '' OR m.from_wallet = $2 OR m.to_wallet = $2) AND ($3 = '' OR m.kind = $3) \
		   AND m.block >= $4 AND m.block <= $5 \
		 ORDER BY m.block DESC, m.event_index DESC LIMIT $6 OFFSET $7",
	)
	.bind(token)
	.bind(query.wallet.clone().unwrap_or_default())
	.bind(query.kind.clone().unwrap_or_default())
	.bind(query.from_block.unwrap_or(0).min(i64::MAX as u64) as i64)
	.bind(query.to_block.unwrap_or(i64::MAX as u64).min(i64::MAX as u64) as i64)
	.bind(limit)
	.bind(offset)
	.fetch_all(app.store.pool())
	.await?;
	let list = rows
		.iter()
		.map(|r| {
			Ok(json!({
				"block": r.try_get::<i64, _>(0)?,
				"event_index": r.try_get::<i64, _>(1)?,
				"token": r.try_get::<i64, _>(2)?,
				"partition": r.try_get::<i64, _>(3)?,
				"to_partition": r.try_get::<i64, _>(4)?,
				"from": r.try_get::<Option<String>, _>(5)?,
				"to": r.try_get::<Option<String>, _>(6)?,
				"from_identity": r.try_get::<Option<i64>, _>(7)?.filter(|i| *i >= 0),
				"to_identity": r.try_get::<Option<i64>, _>(8)?.filter(|i| *i >= 0),
				"amount": amount::from_text(&r.try_get::<String, _>(9)?)?.to_string(),
				"kind": r.try_get::<String, _>(10)?,
				"operator": r.try_get::<Option<String>, _>(11)?,
				"reference": r.try_get::<Option<String>, _>(12)?,
				"timestamp_ms": r.try_get::<i64, _>(13)?,
			}))
		})
		.collect::<ApiResult<Vec<Value>>>()?;
	Ok(json!({ "offset": offset, "limit": limit, "movements": list }))
}

async fn movements(State(app): State<AppState>, Query(query): Query<MovementQuery>) -> ApiResult<Json<Value>> {
	Ok(Json(movement_rows(&app, &query).await?))
}

async fn holder_history(State(app): State<AppState>, Path(wallet): Path<String>, Query(mut query): Query<MovementQuery>) -> ApiResult<Json<Value>> {
	query.wallet = Some(wallet);
	Ok(Json(movement_rows(&app, &query).await?))
}

#[derive(Debug, Default, Deserialize)]
pub struct Page {
	pub offset: Option<u64>,
	pub limit: Option<u64>,
	pub pallet: Option<String>,
	pub name: Option<String>,
}

async fn settlements(State(app): State<AppState>, Query(page): Query<Page>) -> ApiResult<Json<Value>> {
	let limit = page.limit.unwrap_or(100).clamp(1, 1_000) as i64;
	let offset = page.offset.unwrap_or(0).min(i64::MAX as u64) as i64;
	let rows = sqlx::query(
		"SELECT block, event_index, custodian, batch_ref, submitter, legs, cash_legs FROM settlements ORDER BY block DESC, event_index DESC LIMIT $1 OFFSET $2",
	)
	.bind(limit)
	.bind(offset)
	.fetch_all(app.store.pool())
	.await?;
	let mut list = Vec::new();
	for r in rows {
		let (block, batch_ref) = (r.try_get::<i64, _>(0)?, r.try_get::<String, _>(3)?);
		let legs = sqlx::query(
			"SELECT token, partition_id, from_wallet, to_wallet, amount FROM movements WHERE block = $1 AND kind = 'Settlement' AND reference = $2 ORDER BY event_index",
		)
		.bind(block)
		.bind(batch_ref.clone())
		.fetch_all(app.store.pool())
		.await?
		.iter()
		.map(|m| {
			Ok(json!({
				"token": m.try_get::<i64, _>(0)?,
				"partition": m.try_get::<i64, _>(1)?,
				"from": m.try_get::<Option<String>, _>(2)?,
				"to": m.try_get::<Option<String>, _>(3)?,
				"amount": amount::from_text(&m.try_get::<String, _>(4)?)?.to_string(),
			}))
		})
		.collect::<ApiResult<Vec<Value>>>()?;
		list.push(json!({
			"block": block,
			"event_index": r.try_get::<i64, _>(1)?,
			"custodian": r.try_get::<i64, _>(2)?,
			"batch_ref": batch_ref,
			"submitter": r.try_get::<String, _>(4)?,
			"legs": r.try_get::<i64, _>(5)?,
			"cash_legs": r.try_get::<i64, _>(6)?,
			"movements": legs,
		}));
	}
	Ok(Json(json!({ "offset": offset, "limit": limit, "settlements": list })))
}

async fn events(State(app): State<AppState>, Query(page): Query<Page>) -> ApiResult<Json<Value>> {
	let limit = page.limit.unwrap_or(100).clamp(1, 10_000) as i64;
	let offset = page.offset.unwrap_or(0).min(i64::MAX as u64) as i64;
	let rows = sqlx::query(
		"SELECT block, event_index, pallet, name, fields FROM events WHERE ($1 = '' OR pallet = $1) AND ($2 = '' OR name = $2) \
		 ORDER BY block DESC, event_index DESC LIMIT $3 OFFSET $4",
	)
	.bind(page.pallet.clone().unwrap_or_default())
	.bind(page.name.clone().unwrap_or_default())
	.bind(limit)
	.bind(offset)
	.fetch_all(app.store.pool())
	.await?;
	let list: Vec<Value> = rows
		.iter()
		.map(|r| {
			json!({
				"block": cell(r, 0).parse::<i64>().unwrap_or_default(),
				"event_index": cell(r, 1).parse::<i64>().unwrap_or_default(),
				"pallet": cell(r, 2),
				"name": cell(r, 3),
				"fields": serde_json::from_str::<Value>(&cell(r, 4)).unwrap_or(Value::Null),
			})
		})
		.collect();
	Ok(Json(json!({ "offset": offset, "limit": limit, "events": list })))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dates_end_at_the_last_millisecond_of_the_day() {
		assert_eq!(end_of_day_ms("1970-01-01"), Some(86_399_999));
		// 2026-12-02 is day 20,789 since the epoch.
		assert_eq!(end_of_day_ms("2026-12-02"), Some(20_790 * 86_400_000 - 1));
		assert_eq!(end_of_day_ms("2024-02-29"), Some((days_from_civil(2024, 3, 1)) as u64 * 86_400_000 - 1));
		for bad in ["2026-13-01", "2026-12", "x-1-1", "2026-12-02-1", "2026-00-10"] {
			assert_eq!(end_of_day_ms(bad), None, "{bad}");
		}
	}

	#[test]
	fn the_openapi_description_lists_every_route() {
		let description: Value = serde_json::from_str(include_str!("../web/openapi.json")).unwrap();
		let paths = description["paths"].as_object().unwrap();
		for path in PATHS {
			assert!(paths.contains_key(path), "{path} is not in web/openapi.json");
		}
		assert_eq!(paths.len(), PATHS.len(), "web/openapi.json lists a path the router does not serve");
	}
}
