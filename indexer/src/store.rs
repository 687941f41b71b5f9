//! The database: SQLite (a file, the default) or PostgreSQL (`postgres://…`), one code path
//! through sqlx's `Any` driver, the schema in `migrations/` embedded in the binary.
//!
//! The writer keeps the current balances in memory ([`State`], loaded from the database at
//! start) and writes a batch of blocks in **one transaction** together with the cursor: a
//! crash redoes a whole batch or nothing. The EVM bridge's tables are written and read in
//! [`bridge`].

mod bridge;

use crate::{
	amount,
	model::{BlockData, Movement, Record},
	source::Snapshot,
};
use anyhow::{anyhow, bail, Context, Result};
use sqlx::{
	any::{AnyPoolOptions, AnyRow},
	migrate::{Migration, MigrationType, Migrator},
	AnyPool, Row,
};
use std::{
	borrow::Cow,
	collections::{BTreeMap, HashMap},
};

/// Identity recorded for a wallet no identity is linked to (the chain's escrow accounts).
pub const NO_IDENTITY: i64 = -1;

/// Where the indexer is.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Cursor {
	pub genesis: String,
	pub height: u64,
	pub hash: String,
}

/// The open database.
#[derive(Clone)]
pub struct Store {
	pool: AnyPool,
	kind: &'static str,
}

/// One row of a cap table.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct HoldingRow {
	pub token: u64,
	pub partition: u32,
	pub wallet: String,
	/// `None`: no identity linked (an escrow account).
	pub identity: Option<u64>,
	pub balance: u128,
}

/// The writer's view of current state.
#[derive(Clone, Debug, Default)]
pub struct State {
	balances: HashMap<(u64, u32, String), (u128, i64)>,
	wallets: HashMap<String, u64>,
	supply: HashMap<u64, u128>,
	identity_totals: HashMap<(u64, i64), u128>,
	holders: HashMap<u64, u64>,
}

/// Order of a change within the chain: block, then event.
fn seq(block: u64, index: u32) -> i64 {
	((block as i64) << 20) | i64::from(index.min((1 << 20) - 1))
}

fn i(value: u64) -> i64 {
	value as i64
}

fn u(value: i64) -> u64 {
	value.max(0) as u64
}

impl Store {
	/// Open (and create or migrate) the database at `url`: `sqlite://file.db`, `sqlite::memory:`
	/// or `postgres://user@host:port/db`. A bare path is taken as a SQLite file.
	pub async fn open(url: &str) -> Result<Self> {
		sqlx::any::install_default_drivers();
		let url = if url.contains("://") || url.starts_with("sqlite:") { url.to_string() } else { format!("sqlite://{url}") };
		let (url, kind) = if url.starts_with("sqlite:") {
			let url = if url.contains('?') || url.contains(":memory:") { url } else { format!("{url}?mode=rwc") };
			(url, "sqlite")
		} else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
			(url, "postgres")
		} else {
			bail!("unsupported database {url}: use sqlite://FILE or postgres://…");
		};
		let pool = AnyPoolOptions::new()
			.max_connections(if kind == "sqlite" && url.contains(":memory:") { 1 } else { 8 })
			.connect(&url)
			.await
			.with_context(|| format!("open the database {}", redact(&url)))?;
		if kind == "sqlite" {
			// Readers (the HTTP API) do not block the writer, and the writer does not block them.
			sqlx::query("PRAGMA journal_mode = WAL").execute(&pool).await?;
		}
		migrator().run(&pool).await.context("migrate the database")?;
		Ok(Self { pool, kind })
	}

	/// `sqlite` or `postgres`.
	pub fn kind(&self) -> &'static str {
		self.kind
	}

	pub fn pool(&self) -> &AnyPool {
		&self.pool
	}

	/// The cursor (`None`: nothing indexed yet).
	pub async fn cursor(&self) -> Result<Option<Cursor>> {
		let row = sqlx::query("SELECT genesis, height, hash FROM cursor WHERE id = 1").fetch_optional(&self.pool).await?;
		row.map(|row| Ok(Cursor { genesis: row.try_get(0)?, height: u(row.try_get(1)?), hash: row.try_get(2)? })).transpose()
	}

	/// The writer's state as the database holds it.
	pub async fn load_state(&self) -> Result<State> {
		let mut state = State::default();
		for row in sqlx::query("SELECT token, partition_id, wallet, identity, balance FROM holdings").fetch_all(&self.pool).await? {
			let token = u(row.try_get(0)?);
			let identity: i64 = row.try_get(3)?;
			let balance = amount::from_text(&row.try_get::<String, _>(4)?)?;
			state.balances.insert((token, u(row.try_get(1)?) as u32, row.try_get(2)?), (balance, identity));
			*state.identity_totals.entry((token, identity)).or_default() += balance;
		}
		for row in sqlx::query("SELECT wallet, identity FROM wallets").fetch_all(&self.pool).await? {
			state.wallets.insert(row.try_get(0)?, u(row.try_get(1)?));
		}
		for row in sqlx::query("SELECT token, supply, holder_count FROM tokens").fetch_all(&self.pool).await? {
			let token = u(row.try_get(0)?);
			state.supply.insert(token, amount::from_text(&row.try_get::<String, _>(1)?)?);
			state.holders.insert(token, u(row.try_get(2)?));
		}
		Ok(state)
	}

	/// Write `blocks` (consecutive, after the cursor) in one transaction with the new cursor.
	/// The parent of each block must be the block before it: finalized blocks never revert, so
	/// a mismatch means another chain or a replaced node database, and nothing is written.
	/// `state` is updated as the rows are written; after an error it must be reloaded
	/// ([`Store::load_state`]).
	pub async fn write(&self, genesis: &str, state: &mut State, blocks: &[BlockData], crash_before_commit: Option<u64>) -> Result<Cursor> {
		let Some(last) = blocks.last() else { bail!("nothing to write") };
		let previous = self.cursor().await?;
		if let Some(cursor) = &previous {
			if cursor.genesis != genesis {
				bail!("the database indexes chain {} but the node serves chain {genesis}", cursor.genesis);
			}
		}
		let mut expected = previous.as_ref().map(|c| (c.height, c.hash.clone()));
		for data in blocks {
			match &expected {
				Some((height, hash)) => {
					if data.block.height != height + 1 {
						bail!("block #{} does not follow #{height}", data.block.height);
					}
					if &data.block.parent != hash {
						bail!(
							"block #{} has parent {} but block #{height} is {hash}: finalized blocks never revert, so the node serves another chain or its database was replaced; the indexer stops",
							data.block.height,
							data.block.parent
						);
					}
				},
				None if data.block.height != 0 => bail!("an empty database starts at block #0, not #{}", data.block.height),
				None => {},
			}
			expected = Some((data.block.height, data.block.hash.clone()));
		}

		let mut tx = self.pool.begin().await?;
		// The spec version of the block before the batch: a block that runs another one starts
		// a new row of `runtimes`.
		let mut spec_version = match &previous {
			Some(cursor) => sqlx::query("SELECT spec_version FROM blocks WHERE height = $1")
				.bind(i(cursor.height))
				.fetch_optional(&mut *tx)
				.await?
				.map(|row| row.try_get::<i64, _>(0))
				.transpose()?,
			None => None,
		};
		for data in blocks {
			let b = &data.block;
			if spec_version != Some(i64::from(b.spec_version)) {
				sqlx::query("INSERT INTO runtimes (spec_version, first_block) VALUES ($1, $2) ON CONFLICT (spec_version) DO NOTHING")
					.bind(i64::from(b.spec_version))
					.bind(i(b.height))
					.execute(&mut *tx)
					.await?;
				spec_version = Some(i64::from(b.spec_version));
			}
			sqlx::query("INSERT INTO blocks (height, hash, parent, spec_version, timestamp_ms) VALUES ($1, $2, $3, $4, $5)")
				.bind(i(b.height))
				.bind(&b.hash)
				.bind(&b.parent)
				.bind(i64::from(b.spec_version))
				.bind(i(b.timestamp_ms))
				.execute(&mut *tx)
				.await?;
			for located in &data.records {
				apply(&mut tx, state, b.height, located.index, &located.record)
					.await
					.with_context(|| format!("block #{} event #{}", b.height, located.index))?;
			}
		}
		let cursor = Cursor { genesis: genesis.to_string(), height: last.block.height, hash: last.block.hash.clone() };
		sqlx::query(
			"INSERT INTO cursor (id, genesis, height, hash) VALUES (1, $1, $2, $3) \
			 ON CONFLICT (id) DO UPDATE SET genesis = excluded.genesis, height = excluded.height, hash = excluded.hash",
		)
		.bind(&cursor.genesis)
		.bind(i(cursor.height))
		.bind(&cursor.hash)
		.execute(&mut *tx)
		.await?;
		if let Some(height) = crash_before_commit {
			if blocks.iter().any(|b| b.block.height == height) {
				eprintln!("sto-indexer: crash injected before committing block #{height}");
				std::process::abort();
			}
		}
		tx.commit().await.context("commit the batch")?;
		Ok(cursor)
	}

	/// Balances, supply, holder counts, identities and the bridge at block `height`, from the
	/// history.
	pub async fn snapshot(&self, height: u64) -> Result<Snapshot> {
		let mut snapshot = Snapshot::default();
		let rows = self.holdings_at(None, height).await?;
		let mut totals: BTreeMap<(u64, Option<u64>), u128> = BTreeMap::new();
		for row in rows {
			*totals.entry((row.token, row.identity)).or_default() += row.balance;
			snapshot.balances.insert((row.token, row.partition, row.wallet), row.balance);
		}
		for ((token, identity), total) in totals {
			// A wallet of no identity (the EVM bridge's escrow) is no holder, as on chain.
			if total > 0 && identity.is_some() {
				*snapshot.holders.entry(token).or_default() += 1;
			}
		}
		for row in sqlx::query("SELECT token FROM tokens WHERE created_block <= $1").bind(i(height)).fetch_all(&self.pool).await? {
			let token = u(row.try_get(0)?);
			snapshot.holders.entry(token).or_default();
			snapshot.supply.insert(token, self.supply_at(token, height).await?);
		}
		let row = sqlx::query("SELECT COUNT(*) FROM identities WHERE registered_block <= $1").bind(i(height)).fetch_one(&self.pool).await?;
		snapshot.identities = u(row.try_get(0)?);
		snapshot.bridge = self.bridge_at(height).await?;
		Ok(snapshot)
	}

	/// Non-zero balances at block `height` (of one token, or of all), by token, partition and
	/// wallet: each wallet's latest change at or before the block.
	pub async fn holdings_at(&self, token: Option<u64>, height: u64) -> Result<Vec<HoldingRow>> {
		let rows = sqlx::query(
			"SELECT h.token, h.partition_id, h.wallet, h.identity, h.balance FROM holding_history h \
			 JOIN (SELECT token, partition_id, wallet, MAX(seq) AS seq FROM holding_history \
			       WHERE block <= $1 AND ($2 < 0 OR token = $2) GROUP BY token, partition_id, wallet) l \
			 ON h.token = l.token AND h.partition_id = l.partition_id AND h.wallet = l.wallet AND h.seq = l.seq \
			 WHERE h.balance <> $3 ORDER BY h.token, h.partition_id, h.wallet",
		)
		.bind(i(height))
		.bind(token.map(i).unwrap_or(-1))
		.bind(amount::zero())
		.fetch_all(&self.pool)
		.await?;
		rows.iter().map(holding_row).collect()
	}

	/// Current non-zero balances (of one token, or of all).
	pub async fn holdings(&self, token: Option<u64>) -> Result<Vec<HoldingRow>> {
		let rows = sqlx::query(
			"SELECT token, partition_id, wallet, identity, balance FROM holdings WHERE ($1 < 0 OR token = $1) \
			 ORDER BY token, partition_id, wallet",
		)
		.bind(token.map(i).unwrap_or(-1))
		.fetch_all(&self.pool)
		.await?;
		rows.iter().map(holding_row).collect()
	}

	/// A token's supply at block `height`.
	pub async fn supply_at(&self, token: u64, height: u64) -> Result<u128> {
		let row = sqlx::query("SELECT supply FROM supply_history WHERE token = $1 AND block <= $2 ORDER BY seq DESC LIMIT 1")
			.bind(i(token))
			.bind(i(height))
			.fetch_optional(&self.pool)
			.await?;
		match row {
			Some(row) => amount::from_text(&row.try_get::<String, _>(0)?),
			None => Ok(0),
		}
	}

	/// Record a reconciliation.
	pub async fn record_reconciliation(&self, height: u64, checked_at_ms: u64, differences: usize, report: &serde_json::Value) -> Result<()> {
		sqlx::query("INSERT INTO reconciliations (height, checked_at_ms, differences, report) VALUES ($1, $2, $3, $4)")
			.bind(i(height))
			.bind(i(checked_at_ms))
			.bind(differences as i64)
			.bind(report.to_string())
			.execute(&self.pool)
			.await?;
		Ok(())
	}

	/// The latest reconciliation: height, differences, report.
	pub async fn last_reconciliation(&self) -> Result<Option<(u64, u64, serde_json::Value)>> {
		let row = sqlx::query("SELECT height, differences, report FROM reconciliations ORDER BY checked_at_ms DESC, height DESC LIMIT 1")
			.fetch_optional(&self.pool)
			.await?;
		row.map(|row| {
			let report: String = row.try_get(2)?;
			Ok((u(row.try_get(0)?), u(row.try_get(1)?), serde_json::from_str(&report)?))
		})
		.transpose()
	}

	/// The runtime versions the index spans, oldest first: (spec version, first block).
	pub async fn runtimes(&self) -> Result<Vec<(u32, u64)>> {
		sqlx::query("SELECT spec_version, first_block FROM runtimes ORDER BY first_block")
			.fetch_all(&self.pool)
			.await?
			.iter()
			.map(|row| -> Result<(u32, u64)> { Ok((u32::try_from(row.try_get::<i64, _>(0)?)?, u(row.try_get(1)?))) })
			.collect()
	}

	/// Every table's rows in a canonical order, as text (reconciliations left out): two
	/// databases that index the same blocks dump the same.
	pub async fn dump(&self) -> Result<String> {
		let tables: [(&'static str, &'static str); 26] = [
			("cursor", "SELECT genesis, height, hash FROM cursor"),
			("blocks", "SELECT height, hash, parent, spec_version, timestamp_ms FROM blocks ORDER BY height"),
			("runtimes", "SELECT spec_version, first_block FROM runtimes ORDER BY first_block"),
			("tokens", "SELECT token, symbol, name, owner, decimals, instrument, supply_cap, status, paused, supply, holder_count, created_block, terms FROM tokens ORDER BY token"),
			("partitions", "SELECT token, partition_id, name, rights FROM partitions ORDER BY token, partition_id"),
			("documents", "SELECT token, name, uri, hash, block, removed_block FROM documents ORDER BY token, name"),
			("identities", "SELECT identity, kind, primary_wallet, registered_block FROM identities ORDER BY identity"),
			("wallets", "SELECT wallet, identity, linked_block FROM wallets ORDER BY wallet"),
			("claims", "SELECT subject, topic, issuer, scope, expiry_ms, evidence, block FROM claims ORDER BY subject, topic, issuer, scope"),
			("movements", "SELECT block, event_index, token, partition_id, to_partition, from_wallet, to_wallet, from_identity, to_identity, amount, kind, operator, reference FROM movements ORDER BY block, event_index"),
			("holdings", "SELECT token, partition_id, wallet, identity, balance, block FROM holdings ORDER BY token, partition_id, wallet"),
			("holding_history", "SELECT token, partition_id, wallet, seq, block, identity, balance FROM holding_history ORDER BY token, partition_id, wallet, seq"),
			("supply_history", "SELECT token, seq, block, supply FROM supply_history ORDER BY token, seq"),
			("settlements", "SELECT block, event_index, custodian, batch_ref, submitter, legs, cash_legs FROM settlements ORDER BY block, event_index"),
			("events", "SELECT block, event_index, pallet, name, fields FROM events ORDER BY block, event_index"),
			("bridge_routes", "SELECT token, partition_id, chain, seq, block, gateway, wrapped, enabled, per_export, per_window, per_identity_window, removed FROM bridge_routes ORDER BY token, partition_id, chain, seq"),
			("bridge_signer_sets", "SELECT set_id, signers, threshold, previous_valid_until, block FROM bridge_signer_sets ORDER BY set_id"),
			("bridge_flags", "SELECT flag, seq, block, value, detail FROM bridge_flags ORDER BY flag, seq"),
			("bridge_committees", "SELECT chain, seq, block, verifier, set_id FROM bridge_committees ORDER BY chain, seq"),
			("bridge_exports", "SELECT nonce, token, partition_id, chain, gateway, holder, recipient, identity, amount, deadline, digest, bounced_from, status, block, attested_block, attested_set, signatures, minted_block, refunded_block FROM bridge_exports ORDER BY nonce"),
			("bridge_imports", "SELECT chain, gateway, nonce, token, partition_id, from_address, to_wallet, amount, block, event_index, quarantine FROM bridge_imports ORDER BY chain, gateway, nonce"),
			("bridge_quarantine", "SELECT id, token, partition_id, cause, export_nonce, chain, gateway, import_nonce, from_address, to_wallet, amount, reason, block, released_block, bounced_block, bounce_export FROM bridge_quarantine ORDER BY id"),
			("bridge_messages", "SELECT id, chain, contract, wrapped, kind, token, partition_id, body, digest, signed_by, block, superseded_block FROM bridge_messages ORDER BY id"),
			("bridge_message_attestations", "SELECT id, seq, block, attested, set_id, signatures FROM bridge_message_attestations ORDER BY id, seq"),
			("bridge_allow_entries", "SELECT message, chain, wrapped, wallet, token, partition_id, identity, expiry, sequence, block, superseded_block FROM bridge_allow_entries ORDER BY message"),
			("count", "SELECT COUNT(*) FROM blocks"),
		];
		let mut out = String::new();
		for (table, query) in tables {
			out.push_str(&format!("## {table}\n"));
			for row in sqlx::query(query).fetch_all(&self.pool).await? {
				let cells: Vec<String> = (0..row.len()).map(|c| cell(&row, c)).collect();
				out.push_str(&cells.join("|"));
				out.push('\n');
			}
		}
		Ok(out)
	}
}

/// A cell as text, whatever its type.
pub fn cell(row: &AnyRow, column: usize) -> String {
	if let Ok(v) = row.try_get::<Option<i64>, _>(column) {
		return v.map(|v| v.to_string()).unwrap_or_else(|| "NULL".into());
	}
	if let Ok(v) = row.try_get::<Option<String>, _>(column) {
		return v.unwrap_or_else(|| "NULL".into());
	}
	"?".into()
}

fn holding_row(row: &AnyRow) -> Result<HoldingRow> {
	let identity: i64 = row.try_get(3)?;
	Ok(HoldingRow {
		token: u(row.try_get(0)?),
		partition: u(row.try_get(1)?) as u32,
		wallet: row.try_get(2)?,
		identity: (identity >= 0).then_some(identity as u64),
		balance: amount::from_text(&row.try_get::<String, _>(4)?)?,
	})
}

/// The embedded migrations.
fn migrator() -> Migrator {
	let migration = |version, name, sql: &'static str| {
		Migration::new(version, Cow::Borrowed(name), MigrationType::Simple, sqlx::SqlSafeStr::into_sql_str(sql), false)
	};
	let mut migrator = Migrator::with_migrations(vec![
		migration(1, "schema", include_str!("../migrations/0001_schema.sql")),
		migration(2, "runtimes", include_str!("../migrations/0002_runtimes.sql")),
		migration(3, "bridge", include_str!("../migrations/0003_bridge.sql")),
	]);
	// One writer per database; SQLite has no advisory locks anyway.
	migrator.set_locking(false);
	migrator
}

/// A database URL without its password.
pub fn redact(url: &str) -> String {
	match (url.find("://"), url.find('@')) {
		(Some(scheme), Some(at)) if at > scheme => {
			let credentials = &url[scheme + 3..at];
			match credentials.find(':') {
				Some(colon) => format!("{}{}:***{}", &url[..scheme + 3], &credentials[..colon], &url[at..]),
				None => url.to_string(),
			}
		},
		_ => url.to_string(),
	}
}

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

async fn apply(tx: &mut Tx<'_>, state: &mut State, block: u64, index: u32, record: &Record) -> Result<()> {
	let (b, s) = (i(block), seq(block, index));
	match record {
		Record::Token(t) => {
			sqlx::query(
				"INSERT INTO tokens (token, symbol, name, owner, decimals, instrument, supply_cap, status, paused, supply, holder_count, created_block, terms) \
				 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12)",
			)
			.bind(i(t.token))
			.bind(&t.symbol)
			.bind(&t.name)
			.bind(i(t.owner))
			.bind(i64::from(t.decimals))
			.bind(&t.instrument)
			.bind(t.supply_cap.map(amount::to_text))
			.bind(&t.status)
			.bind(i64::from(t.paused))
			.bind(amount::zero())
			.bind(b)
			.bind(&t.terms)
			.execute(&mut **tx)
			.await?;
			for p in &t.partitions {
				insert_partition(tx, t.token, p).await?;
			}
			state.supply.insert(t.token, 0);
			state.holders.insert(t.token, 0);
			sqlx::query("INSERT INTO supply_history (token, seq, block, supply) VALUES ($1, $2, $3, $4)")
				.bind(i(t.token))
				.bind(s)
				.bind(b)
				.bind(amount::zero())
				.execute(&mut **tx)
				.await?;
		},
		Record::Partition { token, partition } => insert_partition(tx, *token, partition).await?,
		Record::PartitionRights { token, partition, rights } => {
			sqlx::query("UPDATE partitions SET rights = $1 WHERE token = $2 AND partition_id = $3")
				.bind(rights)
				.bind(i(*token))
				.bind(i64::from(*partition))
				.execute(&mut **tx)
				.await?;
		},
		Record::Status { token, status } => update_token(tx, "UPDATE tokens SET status = $1 WHERE token = $2", status.clone(), *token).await?,
		Record::Paused { token, paused } => {
			sqlx::query("UPDATE tokens SET paused = $1 WHERE token = $2").bind(i64::from(*paused)).bind(i(*token)).execute(&mut **tx).await?;
		},
		Record::SupplyCap { token, cap } => {
			sqlx::query("UPDATE tokens SET supply_cap = $1 WHERE token = $2")
				.bind(cap.map(amount::to_text))
				.bind(i(*token))
				.execute(&mut **tx)
				.await?;
		},
		Record::Owner { token, owner } => {
			sqlx::query("UPDATE tokens SET owner = $1 WHERE token = $2").bind(i(*owner)).bind(i(*token)).execute(&mut **tx).await?;
		},
		Record::Document { token, name, uri, hash } => {
			sqlx::query(
				"INSERT INTO documents (token, name, uri, hash, block, removed_block) VALUES ($1, $2, $3, $4, $5, NULL) \
				 ON CONFLICT (token, name) DO UPDATE SET uri = excluded.uri, hash = excluded.hash, block = excluded.block, removed_block = NULL",
			)
			.bind(i(*token))
			.bind(name)
			.bind(uri)
			.bind(hash)
			.bind(b)
			.execute(&mut **tx)
			.await?;
		},
		Record::DocumentRemoved { token, name } => {
			sqlx::query("UPDATE documents SET removed_block = $1 WHERE token = $2 AND name = $3")
				.bind(b)
				.bind(i(*token))
				.bind(name)
				.execute(&mut **tx)
				.await?;
		},
		Record::Identity { identity, kind, primary } => {
			sqlx::query("INSERT INTO identities (identity, kind, primary_wallet, registered_block) VALUES ($1, $2, $3, $4)")
				.bind(i(*identity))
				.bind(kind)
				.bind(primary)
				.bind(b)
				.execute(&mut **tx)
				.await?;
		},
		Record::WalletLinked { identity, wallet } => {
			sqlx::query(
				"INSERT INTO wallets (wallet, identity, linked_block) VALUES ($1, $2, $3) \
				 ON CONFLICT (wallet) DO UPDATE SET identity = excluded.identity, linked_block = excluded.linked_block",
			)
			.bind(wallet)
			.bind(i(*identity))
			.bind(b)
			.execute(&mut **tx)
			.await?;
			state.wallets.insert(wallet.clone(), *identity);
		},
		Record::WalletUnlinked { wallet, .. } => {
			sqlx::query("DELETE FROM wallets WHERE wallet = $1").bind(wallet).execute(&mut **tx).await?;
			state.wallets.remove(wallet);
		},
		Record::Primary { identity, wallet } => {
			sqlx::query("UPDATE identities SET primary_wallet = $1 WHERE identity = $2").bind(wallet).bind(i(*identity)).execute(&mut **tx).await?;
		},
		Record::Claim { subject, topic, issuer, scope, expiry_ms, evidence } => {
			sqlx::query(
				"INSERT INTO claims (subject, topic, issuer, scope, expiry_ms, evidence, block) VALUES ($1, $2, $3, $4, $5, $6, $7) \
				 ON CONFLICT (subject, topic, issuer, scope) DO UPDATE SET expiry_ms = excluded.expiry_ms, evidence = excluded.evidence, block = excluded.block",
			)
			.bind(i(*subject))
			.bind(topic)
			.bind(i(*issuer))
			.bind(scope)
			.bind(expiry_ms.map(i))
			.bind(evidence)
			.bind(b)
			.execute(&mut **tx)
			.await?;
		},
		Record::ClaimRevoked { subject, topic, issuer, scope } => {
			sqlx::query("DELETE FROM claims WHERE subject = $1 AND topic = $2 AND issuer = $3 AND scope = $4")
				.bind(i(*subject))
				.bind(topic)
				.bind(i(*issuer))
				.bind(scope)
				.execute(&mut **tx)
				.await?;
		},
		Record::Movement(m) => apply_movement(tx, state, block, index, m).await?,
		Record::Settlement { custodian, batch_ref, submitter, legs, cash_legs } => {
			sqlx::query(
				"INSERT INTO settlements (block, event_index, custodian, batch_ref, submitter, legs, cash_legs) VALUES ($1, $2, $3, $4, $5, $6, $7)",
			)
			.bind(b)
			.bind(i64::from(index))
			.bind(i(*custodian))
			.bind(batch_ref)
			.bind(submitter)
			.bind(i64::from(*legs))
			.bind(i64::from(*cash_legs))
			.execute(&mut **tx)
			.await?;
		},
		Record::Bridge(record) => bridge::apply(tx, block, index, record).await?,
		Record::Event { pallet, name, fields } => {
			sqlx::query("INSERT INTO events (block, event_index, pallet, name, fields) VALUES ($1, $2, $3, $4, $5)")
				.bind(b)
				.bind(i64::from(index))
				.bind(pallet)
				.bind(name)
				.bind(fields)
				.execute(&mut **tx)
				.await?;
		},
	}
	Ok(())
}

async fn insert_partition(tx: &mut Tx<'_>, token: u64, p: &crate::model::NewPartition) -> Result<()> {
	// `TokenCreated` names partition 0, and `PartitionAdded` may name it again.
	sqlx::query(
		"INSERT INTO partitions (token, partition_id, name, rights) VALUES ($1, $2, $3, $4) \
		 ON CONFLICT (token, partition_id) DO UPDATE SET name = excluded.name, rights = excluded.rights",
	)
		.bind(i(token))
		.bind(i64::from(p.partition))
		.bind(&p.name)
		.bind(&p.rights)
		.execute(&mut **tx)
		.await?;
	Ok(())
}

async fn update_token(tx: &mut Tx<'_>, query: &'static str, value: String, token: u64) -> Result<()> {
	sqlx::query(query).bind(value).bind(i(token)).execute(&mut **tx).await?;
	Ok(())
}

async fn apply_movement(tx: &mut Tx<'_>, state: &mut State, block: u64, index: u32, m: &Movement) -> Result<()> {
	let (b, s) = (i(block), seq(block, index));
	let identity_of = |wallet: &Option<String>| wallet.as_ref().map(|w| state.wallets.get(w).map(|id| *id as i64).unwrap_or(NO_IDENTITY));
	let (from_identity, to_identity) = (identity_of(&m.from), identity_of(&m.to));
	sqlx::query(
		"INSERT INTO movements (block, event_index, token, partition_id, to_partition, from_wallet, to_wallet, from_identity, to_identity, amount, kind, operator, reference) \
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
	)
	.bind(b)
	.bind(i64::from(index))
	.bind(i(m.token))
	.bind(i64::from(m.partition))
	.bind(i64::from(m.to_partition))
	.bind(m.from.clone())
	.bind(m.to.clone())
	.bind(from_identity)
	.bind(to_identity)
	.bind(amount::to_text(m.amount))
	.bind(&m.kind)
	.bind(m.operator.clone())
	.bind(m.reference.clone())
	.execute(&mut **tx)
	.await?;

	// The net change of each (partition, wallet) the movement touches (a wallet may be on both
	// sides: a reclassification, or a transfer to itself).
	let mut changes: BTreeMap<(u32, String), (i128, i64)> = BTreeMap::new();
	if let (Some(from), Some(identity)) = (&m.from, from_identity) {
		changes.entry((m.partition, from.clone())).or_insert((0, identity)).0 -= m.amount as i128;
	}
	if let (Some(to), Some(identity)) = (&m.to, to_identity) {
		changes.entry((m.to_partition, to.clone())).or_insert((0, identity)).0 += m.amount as i128;
	}
	if m.amount > i128::MAX as u128 {
		bail!("movement of {} does not fit the indexer's arithmetic", m.amount);
	}
	let token_holders_before = state.holders.get(&m.token).copied().unwrap_or(0);
	for ((partition, wallet), (delta, identity)) in changes {
		let key = (m.token, partition, wallet.clone());
		let (old, old_identity) = state.balances.get(&key).copied().unwrap_or((0, identity));
		let new = (old as i128)
			.checked_add(delta)
			.filter(|v| *v >= 0)
			.ok_or_else(|| anyhow!("{wallet} holds {old} in token {} partition {partition}, less than the {} the chain moved: the database does not match the chain", m.token, m.amount))? as u128;
		// The holding belongs to the identity it was recorded under until it is emptied.
		let holder = if old > 0 { old_identity } else { identity };
		let before = state.identity_totals.get(&(m.token, holder)).copied().unwrap_or(0);
		let after = before - old + new;
		if after == 0 {
			state.identity_totals.remove(&(m.token, holder));
		} else {
			state.identity_totals.insert((m.token, holder), after);
		}
		let holders = state.holders.entry(m.token).or_default();
		// A wallet of no identity (the EVM bridge's escrow) is no holder, as on chain.
		let counted = holder != NO_IDENTITY;
		if counted && before == 0 && after > 0 {
			*holders += 1;
		} else if counted && before > 0 && after == 0 {
			*holders = holders.saturating_sub(1);
		}
		if new == 0 {
			state.balances.remove(&key);
			sqlx::query("DELETE FROM holdings WHERE token = $1 AND partition_id = $2 AND wallet = $3")
				.bind(i(m.token))
				.bind(i64::from(partition))
				.bind(&wallet)
				.execute(&mut **tx)
				.await?;
		} else {
			state.balances.insert(key, (new, holder));
			sqlx::query(
				"INSERT INTO holdings (token, partition_id, wallet, identity, balance, block) VALUES ($1, $2, $3, $4, $5, $6) \
				 ON CONFLICT (token, partition_id, wallet) DO UPDATE SET identity = excluded.identity, balance = excluded.balance, block = excluded.block",
			)
			.bind(i(m.token))
			.bind(i64::from(partition))
			.bind(&wallet)
			.bind(holder)
			.bind(amount::to_text(new))
			.bind(b)
			.execute(&mut **tx)
			.await?;
		}
		sqlx::query(
			"INSERT INTO holding_history (token, partition_id, wallet, seq, block, identity, balance) VALUES ($1, $2, $3, $4, $5, $6, $7)",
		)
		.bind(i(m.token))
		.bind(i64::from(partition))
		.bind(&wallet)
		.bind(s)
		.bind(b)
		.bind(holder)
		.bind(amount::to_text(new))
		.execute(&mut **tx)
		.await?;
	}
	if state.holders.get(&m.token).copied().unwrap_or(0) != token_holders_before {
		sqlx::query("UPDATE tokens SET holder_count = $1 WHERE token = $2")
			.bind(i(state.holders[&m.token]))
			.bind(i(m.token))
			.execute(&mut **tx)
			.await?;
	}
	let supply_delta: i128 = match (&m.from, &m.to) {
		(None, Some(_)) => m.amount as i128,
		(Some(_), None) => -(m.amount as i128),
		_ => 0,
	};
	if supply_delta != 0 {
		let old = state.supply.get(&m.token).copied().unwrap_or(0);
		let new = (old as i128)
			.checked_add(supply_delta)
			.filter(|v| *v >= 0)
			.ok_or_else(|| anyhow!("token {} supply {old} cannot fall by {}: the database does not match the chain", m.token, m.amount))? as u128;
		state.supply.insert(m.token, new);
		sqlx::query("UPDATE tokens SET supply = $1 WHERE token = $2").bind(amount::to_text(new)).bind(i(m.token)).execute(&mut **tx).await?;
		sqlx::query("INSERT INTO supply_history (token, seq, block, supply) VALUES ($1, $2, $3, $4)")
			.bind(i(m.token))
			.bind(s)
			.bind(b)
			.bind(amount::to_text(new))
			.execute(&mut **tx)
			.await?;
	}
	Ok(())
}
