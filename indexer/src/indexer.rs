//! The run loop: genesis state first, then finalized blocks in batches (fetched several at a
//! time, written in one transaction each), progress while catching up, a reconciliation every
//! N blocks, then following the finalized head.

use crate::{
	model::{BlockData, Record},
	reconcile,
	source::Source,
	store::{Cursor, Store},
};
use anyhow::{Context, Result};
use futures::{StreamExt, TryStreamExt};
use serde::Serialize;
use std::{
	sync::{Arc, RwLock},
	time::{Duration, Instant},
};

/// How `run` works.
#[derive(Clone, Debug)]
pub struct Options {
	/// Blocks per transaction.
	pub batch: u64,
	/// Blocks fetched at the same time.
	pub concurrency: usize,
	/// Reconcile every this many blocks (0: never).
	pub reconcile_every: u64,
	/// Stop once this block is written (`None`: follow the chain for ever).
	pub until: Option<u64>,
	/// How often to look for a new finalized block when caught up.
	pub poll: Duration,
	/// Progress as JSON lines.
	pub json: bool,
	/// Test hook: abort the process before committing the batch that holds this block.
	pub crash_before_commit: Option<u64>,
}

impl Default for Options {
	fn default() -> Self {
		Self {
			batch: 100,
			concurrency: 8,
			reconcile_every: 1000,
			until: None,
			poll: Duration::from_secs(1),
			json: false,
			crash_before_commit: None,
		}
	}
}

/// What the HTTP API's `/health` and `/api/status` report.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Status {
	/// The last block written.
	pub height: Option<u64>,
	/// The node's finalized head when last asked.
	pub finalized: Option<u64>,
	pub lag: Option<u64>,
	pub blocks_per_second: f64,
	pub movements_per_second: f64,
	/// The last reconciliation: its block and how many differences it found.
	pub reconciled_at: Option<u64>,
	pub differences: Option<usize>,
	/// The error that stopped or is delaying indexing.
	pub error: Option<String>,
}

pub type SharedStatus = Arc<RwLock<Status>>;

/// An error after which the indexer must not go on (another chain, a reverted finalized block,
/// a database that disagrees with the chain): retrying cannot help.
#[derive(Debug)]
pub struct Halt(pub String);

impl std::fmt::Display for Halt {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.write_str(&self.0)
	}
}

impl std::error::Error for Halt {}

fn set(status: &SharedStatus, f: impl FnOnce(&mut Status)) {
	if let Ok(mut s) = status.write() {
		f(&mut s);
	}
}

/// Index until `options.until` (or for ever).
pub async fn run(store: &Store, source: &Source, options: &Options, status: &SharedStatus) -> Result<Cursor> {
	let genesis = source.genesis();
	let mut state = store.load_state().await?;
	let cursor = match store.cursor().await? {
		Some(cursor) if cursor.genesis != genesis => {
			return Err(Halt(format!(
				"the database indexes chain {} but the node serves chain {genesis}: use another database",
				cursor.genesis
			))
			.into())
		},
		Some(cursor) => cursor,
		None => {
			let block = source.genesis_block().await.context("read the genesis state")?;
			report(options, &format!("genesis: {} records from the state at block #0", block.records.len()));
			store.write(&genesis, &mut state, &[block], options.crash_before_commit).await.map_err(halt)?
		},
	};
	// A database indexed before the indexer knew the bridge holds none of its earlier events.
	let bridge_from = store.bridge_indexed_from().await?;
	if bridge_from > 0 && source.bridge_in_use(bridge_from - 1).await? {
		return Err(Halt(format!(
			"the database was indexed through block #{} before the indexer kept the EVM bridge's events, and the \
			 chain's bridge was in use by then: index the chain anew into another database",
			bridge_from - 1
		))
		.into());
	}
	set(status, |s| s.height = Some(cursor.height));
	let mut cursor = cursor;
	let mut last_reconciled = cursor.height;
	let (mut window_start, mut window_blocks, mut window_movements) = (Instant::now(), 0u64, 0u64);
	let mut last_print = Instant::now();
	loop {
		if options.until.is_some_and(|until| cursor.height >= until) {
			break;
		}
		let finalized = source.finalized_height().await?;
		let target = options.until.map_or(finalized, |until| until.min(finalized));
		set(status, |s| {
			s.finalized = Some(finalized);
			s.lag = Some(finalized.saturating_sub(cursor.height));
		});
		if cursor.height >= target {
			tokio::time::sleep(options.poll).await;
			continue;
		}
		let end = target.min(cursor.height + options.batch.max(1));
		let blocks: Vec<BlockData> = futures::stream::iter(cursor.height + 1..=end)
			.map(|height| source.block(height))
			.buffered(options.concurrency.max(1))
			.try_collect()
			.await?;
		let movements =
			blocks.iter().flat_map(|b| &b.records).filter(|r| matches!(r.record, Record::Movement(_))).count() as u64;
		match store.write(&genesis, &mut state, &blocks, options.crash_before_commit).await {
			Ok(written) => cursor = written,
			// The transaction rolled back and the state in memory went ahead of it: `run` is
			// left, and a retry starts again from the database (`load_state` above).
			Err(e) => return Err(halt(e)),
		}
		window_blocks += blocks.len() as u64;
		window_movements += movements;
		let elapsed = window_start.elapsed().as_secs_f64().max(1e-6);
		let (bps, mps) = (window_blocks as f64 / elapsed, window_movements as f64 / elapsed);
		set(status, |s| {
			s.height = Some(cursor.height);
			s.lag = Some(finalized.saturating_sub(cursor.height));
			s.blocks_per_second = bps;
			s.movements_per_second = mps;
			s.error = None;
		});
		let caught_up = cursor.height >= target;
		if last_print.elapsed() >= Duration::from_secs(2) || (caught_up && window_blocks > 1) {
			let lag = finalized.saturating_sub(cursor.height);
			if options.json {
				println!(
					"{}",
					serde_json::json!({ "event": "progress", "height": cursor.height, "finalized": finalized, "lag": lag,
						"blocks_per_second": round(bps), "movements_per_second": round(mps) })
				);
			} else {
				eprintln!("indexed #{} of #{finalized} (lag {lag}): {bps:.0} blocks/s, {mps:.0} movements/s", cursor.height);
			}
			last_print = Instant::now();
			if caught_up {
				(window_start, window_blocks, window_movements) = (Instant::now(), 0, 0);
			}
		}
		if options.reconcile_every > 0 && cursor.height >= last_reconciled + options.reconcile_every {
			let outcome = reconcile::reconcile(store, source, Some(cursor.height)).await?;
			last_reconciled = cursor.height;
			set(status, |s| {
				s.reconciled_at = Some(outcome.height);
				s.differences = Some(outcome.differences.len());
			});
			if outcome.is_clean() {
				report(options, &format!("reconciled at #{}: {} balances, no difference", outcome.height, outcome.balances));
			} else {
				eprintln!(
					"sto-indexer: reconciliation at #{} found {} differences (first: {:?})",
					outcome.height,
					outcome.differences.len(),
					outcome.differences.first()
				);
			}
		}
	}
	Ok(cursor)
}

fn round(v: f64) -> f64 {
	(v * 10.0).round() / 10.0
}

fn report(options: &Options, message: &str) {
	if options.json {
		println!("{}", serde_json::json!({ "event": "info", "message": message }));
	} else {
		eprintln!("{message}");
	}
}

/// Errors of writing are not transient: the node served something the database cannot take.
fn halt(e: anyhow::Error) -> anyhow::Error {
	if e.downcast_ref::<sqlx::Error>().is_some() {
		// A database error (disk full, connection lost) may pass: let the caller retry.
		return e;
	}
	Halt(format!("{e:#}")).into()
}
