//! # sto-load
//!
//! Measures what compliance costs on a real network: equal numbers of (A) compliant
//! `SecurityToken.transfer_by_partition` and (B) `Balances.transfer_keep_alive` transactions,
//! signed before the clock starts, submitted to a running node at a fixed rate or at
//! saturation, and counted from **finalized blocks** only:
//!
//! - throughput: transactions included in finalized blocks divided by the block-timestamp span
//!   of those blocks (the parent of the first to the last);
//! - latency: from submission to the moment this client saw the including block finalized
//!   (p50, p95);
//! - finality lag: best block minus finalized block, sampled at every finalized block (p95);
//! - block fullness: normal-class weight used over the normal-class maximum, per block;
//! - invalid (refused at submission), failed (included, dispatch error), dropped (accepted but
//!   never finalized), duplicates (seen in two blocks: must never happen).
//!
//! Runs alternate A B A B ...; a warm-up pair is discarded; each ratio A/B is printed with its
//! range over the pairs. [`setup`] prepares a `--dev` chain (accounts, identities, claims, a
//! token with a typical rule set) for a small run by transactions; [`spec`] writes a benchmark
//! chain spec (the consortium preset with thousands of such accounts in its genesis), from which
//! a network starts ready for `run`.

pub mod setup;
pub mod spec;

use anyhow::{bail, Context, Result};
use futures::{StreamExt, TryStreamExt};
use serde::Serialize;
use std::{
	collections::{BTreeMap, HashMap},
	sync::{
		atomic::{AtomicU64, Ordering},
		Arc, Mutex,
	},
	time::{Duration, Instant},
};
use sto_harness::{
	sto_client::runtime::api::{self, runtime_types::bounded_collections::bounded_vec::BoundedVec},
	subxt::{
		config::DefaultExtrinsicParamsBuilder,
		events::Phase,
		rpcs::{rpc_params, RpcClient},
		utils::{AccountId32, H256},
	},
	subxt_signer::sr25519::Keypair,
	Client, StoConfig,
};

/// What a transaction of a run does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Kind {
	/// A: a security-token transfer between verified holders under the token's rules.
	Compliant,
	/// B: a balances transfer (the reference).
	Balances,
}

impl Kind {
	pub fn label(self) -> &'static str {
		match self {
			Kind::Compliant => "A compliant transfer_by_partition",
			Kind::Balances => "B balances transfer_keep_alive",
		}
	}
}

/// The accounts and token a load run uses: `senders[i]` sends to `senders[(i + 1) % n]`, so
/// every receiver is already a verified holder.
pub struct Fixture {
	pub senders: Vec<Keypair>,
	pub token: u32,
	pub partition: u16,
}

/// Load account `index`: the sr25519 key of `//sto-load/<index>` (the benchmark spec and
/// [`setup`] create the same accounts). The `//sto-load` key is derived from the development
/// phrase once (the slow part: PBKDF2 over the phrase); each account is then one soft
/// derivation from it, so ten thousand accounts take well under a second.
pub fn load_account(index: usize) -> Result<Keypair> {
	static BASE: std::sync::OnceLock<Keypair> = std::sync::OnceLock::new();
	let base = match BASE.get() {
		Some(base) => base,
		None => {
			let base = sto_harness::chain::keypair("//sto-load")?;
			BASE.get_or_init(|| base)
		},
	};
	Ok(base.derive([sto_harness::subxt_signer::DeriveJunction::from(index.to_string())]))
}

/// The id of the token whose symbol is `symbol` (`SecurityToken::Symbols`), at the latest
/// finalized block.
pub async fn token_by_symbol(client: &Client, symbol: &str) -> Result<u32> {
	let at = client.at_current_block().await?;
	let key = BoundedVec(symbol.as_bytes().to_vec());
	let Some(value) = at.storage().try_fetch(api::storage().security_token().symbols(), (key,)).await? else {
		bail!("no token with symbol {symbol} on this chain: start from a benchmark spec (`sto-load spec`) or run `sto-load setup`");
	};
	Ok(value.decode()?)
}

/// How many reads of per-account state run at once (nonces, pre-flight checks).
const PARALLEL_READS: usize = 32;

/// How a run submits.
#[derive(Clone, Debug)]
pub struct Pace {
	/// Transactions per second; `None`: as fast as the node accepts them.
	pub rate: Option<f64>,
	/// Submissions in flight at once.
	pub concurrency: usize,
	/// Give up on transactions not finalized this long after the last inclusion.
	pub idle_timeout: Duration,
}

/// One signed transaction, ready to submit.
struct Signed {
	hash: H256,
	hex: String,
}

/// What one run measured.
#[derive(Clone, Debug, Serialize)]
pub struct RunResult {
	pub kind: Kind,
	pub submitted: usize,
	pub invalid: usize,
	pub finalized: usize,
	pub failed: usize,
	pub dropped: usize,
	pub duplicates: usize,
	pub blocks: usize,
	/// The first and last block holding the run's transactions (for `benchmark block`).
	pub first_block: Option<u64>,
	pub last_block: Option<u64>,
	/// Finalized transactions per second of block time.
	pub tps: f64,
	pub latency_p50_ms: f64,
	pub latency_p95_ms: f64,
	/// p95 of (best − finalized) block numbers while the run's blocks were finalized.
	pub lag_p95_blocks: f64,
	/// Mean normal-class fullness of the run's blocks but its last (or of its only block).
	pub fullness: f64,
	/// The first refusals' texts, to say why transactions were invalid.
	pub invalid_reasons: Vec<String>,
}

/// A finalized block as the observer saw it.
#[derive(Clone, Debug)]
struct SeenBlock {
	timestamp_ms: u64,
	fullness: f64,
	lag: u64,
}

/// Where one of our transactions ended up.
#[derive(Clone, Debug)]
struct Inclusion {
	block: u64,
	success: bool,
	seen_at: Instant,
}

#[derive(Default)]
struct Observations {
	blocks: BTreeMap<u64, SeenBlock>,
	included: HashMap<H256, Inclusion>,
	duplicates: usize,
	last_inclusion: Option<Instant>,
}

/// Follows finalized (and best) blocks from its creation until dropped.
pub struct Observer {
	seen: Arc<Mutex<Observations>>,
	tasks: Vec<tokio::task::JoinHandle<()>>,
	error: Arc<Mutex<Option<String>>>,
}

impl Drop for Observer {
	fn drop(&mut self) {
		for task in &self.tasks {
			task.abort();
		}
	}
}

impl Observer {
	/// Start following `client`'s node: every finalized block's extrinsics, events, timestamp
	/// and weight are recorded.
	pub async fn start(client: &Client) -> Result<Self> {
		let seen = Arc::new(Mutex::new(Observations::default()));
		let error = Arc::new(Mutex::new(None));
		let best = Arc::new(AtomicU64::new(0));
		let max_normal = max_normal_ref_time(client).await?;

		let mut best_blocks = client.stream_best_blocks().await.context("subscribe to best blocks")?;
		let best_seen = best.clone();
		let best_task = tokio::spawn(async move {
			while let Some(Ok(block)) = best_blocks.next().await {
				best_seen.fetch_max(block.number(), Ordering::Relaxed);
			}
		});

		let mut finalized = client.stream_blocks().await.context("subscribe to finalized blocks")?;
		let (client, seen_by_task, error_by_task) = (client.clone(), seen.clone(), error.clone());
		let finalized_task = tokio::spawn(async move {
			let mut last: Option<u64> = None;
			while let Some(block) = finalized.next().await {
				let outcome = async {
					let block = block?;
					let number = block.number();
					// Blocks the subscription skipped are fetched by number, in order.
					let from = last.map_or(number, |last| last + 1);
					for n in from..=number {
						record_block(&client, n, max_normal, best.load(Ordering::Relaxed), &seen_by_task).await?;
					}
					last = Some(number);
					anyhow::Ok(())
				}
				.await;
				if let Err(e) = outcome {
					*error_by_task.lock().expect("observer error") = Some(format!("{e:#}"));
					return;
				}
			}
		});
		Ok(Self { seen, tasks: vec![best_task, finalized_task], error })
	}

	fn check(&self) -> Result<()> {
		match self.error.lock().expect("observer error").clone() {
			Some(e) => bail!("following finalized blocks failed: {e}"),
			None => Ok(()),
		}
	}
}

/// The normal dispatch class's maximum block weight (ref time), from the runtime's constants.
async fn max_normal_ref_time(client: &Client) -> Result<u64> {
	let at = client.at_current_block().await?;
	let weights = at.constants().entry(api::constants().system().block_weights())?;
	Ok(weights.per_class.normal.max_total.map_or(weights.max_block.ref_time, |weight| weight.ref_time))
}

async fn record_block(client: &Client, number: u64, max_normal: u64, best: u64, seen: &Mutex<Observations>) -> Result<()> {
	let at = client.at_block(number).await.with_context(|| format!("block {number}"))?;
	let now = Instant::now();
	let timestamp: u64 = at.storage().fetch(api::storage().timestamp().now(), ()).await?.decode()?;
	let weight = at.storage().fetch(api::storage().system().block_weight(), ()).await?.decode()?;
	let normal = weight.normal.ref_time as u128;
	let events = at.events().fetch().await?;
	let mut outcome: HashMap<u32, bool> = HashMap::new();
	for event in events.iter() {
		let event = event?;
		if let Phase::ApplyExtrinsic(index) = event.phase() {
			match (event.pallet_name(), event.event_name()) {
				("System", "ExtrinsicSuccess") => {
					outcome.insert(index, true);
				},
				("System", "ExtrinsicFailed") => {
					outcome.insert(index, false);
				},
				_ => {},
			}
		}
	}
	let extrinsics = at.extrinsics().fetch().await?;
	let mut seen = seen.lock().expect("observations");
	for extrinsic in extrinsics.iter() {
		let extrinsic = extrinsic?;
		if !extrinsic.is_signed() {
			continue;
		}
		let hash = extrinsic.hash();
		let success = outcome.get(&(extrinsic.index() as u32)).copied().unwrap_or(false);
		if seen.included.insert(hash, Inclusion { block: number, success, seen_at: now }).is_some() {
			seen.duplicates += 1;
		}
		seen.last_inclusion = Some(now);
	}
	let fullness = if max_normal == 0 { 0.0 } else { normal as f64 / max_normal as f64 };
	seen.blocks.insert(number, SeenBlock { timestamp_ms: timestamp, fullness, lag: best.saturating_sub(number) });
	Ok(())
}

/// Sign `count` transactions of `kind` round-robin over the fixture's senders, with nonces from
/// the latest finalized state, each to the next sender (or all to `outsider`). Nothing is
/// submitted.
async fn presign(client: &Client, fixture: &Fixture, kind: Kind, count: usize, outsider: Option<&Keypair>) -> Result<Vec<Signed>> {
	let at = client.at_current_block().await?;
	let transactions = at.transactions();
	let senders = fixture.senders.len();
	if senders < 2 {
		bail!("a load run needs at least two sender accounts");
	}
	// Only the first `count` senders send when there are more senders than transactions.
	let mut nonces: Vec<u64> = futures::stream::iter(&fixture.senders[..senders.min(count)])
		.map(|sender| {
			let transactions = &transactions;
			async move { transactions.account_nonce(&sender.public_key().to_account_id()).await }
		})
		.buffered(PARALLEL_READS)
		.try_collect()
		.await?;
	let mut signed = Vec::with_capacity(count);
	for n in 0..count {
		let i = n % senders;
		let sender = &fixture.senders[i];
		let receiver = outsider.unwrap_or(&fixture.senders[(i + 1) % senders]);
		let to: AccountId32 = receiver.public_key().to_account_id();
		let params = DefaultExtrinsicParamsBuilder::<StoConfig>::new().nonce(nonces[i]).build();
		nonces[i] += 1;
		let tx = match kind {
			Kind::Compliant => transactions
				.create_signable_offline(
					&api::transactions().security_token().transfer_by_partition(
						fixture.token,
						fixture.partition,
						to,
						1,
						None,
					),
					params,
				)?
				.sign(sender)?,
			Kind::Balances => transactions
				.create_signable_offline(
					&api::transactions()
						.balances()
						.transfer_keep_alive(receiver.public_key().to_address::<()>(), 1_000_000),
					params,
				)?
				.sign(sender)?,
		};
		signed.push(Signed { hash: tx.hash(), hex: format!("0x{}", hex::encode(tx.encoded())) });
	}
	Ok(signed)
}

/// Check that the fixture can run: the node answers, every sender holds the fee token and
/// (for the token) a balance in the partition.
pub async fn preflight(client: &Client, fixture: &Fixture) -> Result<()> {
	// One block for every read: concurrent `at_current_block` calls raced the client's block
	// pinning on the four-validator network ("cannot find the block header").
	let at = client.at_current_block().await?;
	let at = &at;
	futures::stream::iter(fixture.senders.iter().enumerate())
		.map(|(index, sender)| async move {
			let account = sender.public_key().to_account_id();
			let info = at.storage().fetch(api::storage().system().account(), (account.clone(),)).await?.decode()?;
			let free = info.data.free;
			if free < 1_000_000_000_000 {
				bail!("load account {index} ({account}) is not funded (free balance {free}): run `sto-load setup` on a dev chain or start the benchmark chain spec");
			}
			let call = api::runtime_apis().token_api().balance_of(fixture.token, fixture.partition, account);
			let holding = at.runtime_apis().call(call).await.context("TokenApi_balance_of")?;
			if holding == 0 {
				bail!("load account {index} ({account}) holds nothing of token {} partition {}", fixture.token, fixture.partition);
			}
			Ok(())
		})
		.buffered(PARALLEL_READS)
		.try_collect::<Vec<()>>()
		.await?;
	Ok(())
}

/// Run `count` transactions of `kind`: sign them, then submit at `pace` and wait until each is
/// finalized (or counted dropped). `progress` is called about once a second.
pub async fn run(
	client: &Client,
	rpc: &RpcClient,
	observer: &Observer,
	fixture: &Fixture,
	kind: Kind,
	count: usize,
	pace: &Pace,
	progress: &(dyn Fn(&str) + Sync),
) -> Result<RunResult> {
	let signed = presign(client, fixture, kind, count, None).await?;
	let started = Instant::now();
	let submitted_at: Arc<Mutex<HashMap<H256, Instant>>> = Arc::default();
	let invalid: Arc<Mutex<Vec<String>>> = Arc::default();
	let interval = pace.rate.map(|rate| Duration::from_secs_f64(1.0 / rate.max(0.001)));
	let mut ticker = interval.map(tokio::time::interval);
	// Each submission runs as its own task (so a fixed rate is kept while earlier submissions
	// are still in flight); the semaphore bounds how many are in flight.
	let in_flight = Arc::new(tokio::sync::Semaphore::new(pace.concurrency.max(1)));
	let mut tasks = Vec::with_capacity(signed.len());
	let mut last_progress = Instant::now();
	let total = signed.len();
	for (done, tx) in signed.into_iter().enumerate() {
		if let Some(ticker) = ticker.as_mut() {
			ticker.tick().await;
		}
		let permit = in_flight.clone().acquire_owned().await.context("submission slots")?;
		let (rpc, submitted_at, invalid) = (rpc.clone(), submitted_at.clone(), invalid.clone());
		tasks.push(tokio::spawn(async move {
			let at = Instant::now();
			let outcome: Result<H256, _> = rpc.request("author_submitExtrinsic", rpc_params![tx.hex]).await;
			match outcome {
				Ok(_) => {
					submitted_at.lock().expect("submissions").insert(tx.hash, at);
				},
				Err(e) => invalid.lock().expect("refusals").push(format!("{e}")),
			}
			drop(permit);
		}));
		if last_progress.elapsed() >= Duration::from_secs(1) {
			last_progress = Instant::now();
			observer.check()?;
			progress(&format!("{}: submitted {done}/{total}", kind.label()));
		}
	}
	for task in tasks {
		task.await.context("a submission task")?;
	}
	let submit_secs = started.elapsed().as_secs_f64();

	// Wait for every accepted transaction to be finalized, or for inclusions to stop.
	let accepted: HashMap<H256, Instant> = submitted_at.lock().expect("submissions").clone();
	let wait_started = Instant::now();
	loop {
		observer.check()?;
		let (finalized, idle) = {
			let seen = observer.seen.lock().expect("observations");
			let finalized = accepted.keys().filter(|hash| seen.included.contains_key(*hash)).count();
			let since = seen.last_inclusion.map_or(wait_started, |at| at.max(wait_started));
			(finalized, since.elapsed())
		};
		if finalized == accepted.len() || idle >= pace.idle_timeout {
			break;
		}
		if last_progress.elapsed() >= Duration::from_secs(1) {
			last_progress = Instant::now();
			progress(&format!("{}: finalized {finalized}/{} (submitted in {submit_secs:.1}s)", kind.label(), accepted.len()));
		}
		tokio::time::sleep(Duration::from_millis(200)).await;
	}

	let seen = observer.seen.lock().expect("observations");
	let mut latencies = Vec::new();
	let mut blocks = std::collections::BTreeSet::new();
	let mut failed = 0;
	for (hash, submitted) in &accepted {
		if let Some(inclusion) = seen.included.get(hash) {
			latencies.push(inclusion.seen_at.saturating_duration_since(*submitted).as_secs_f64() * 1000.0);
			blocks.insert(inclusion.block);
			if !inclusion.success {
				failed += 1;
			}
		}
	}
	let finalized = latencies.len();
	let (tps, lag_p95_blocks, fullness) = match (blocks.first(), blocks.last()) {
		(Some(&first), Some(&last)) => {
			let start = seen.blocks.get(&(first - 1)).or_else(|| seen.blocks.get(&first)).map(|b| b.timestamp_ms);
			let end = seen.blocks.get(&last).map(|b| b.timestamp_ms);
			let span_ms = match (start, end) {
				(Some(start), Some(end)) if end > start => (end - start) as f64,
				_ => f64::NAN,
			};
			let lags: Vec<f64> = seen.blocks.range(first..=last).map(|(_, b)| b.lag as f64).collect();
			let full_until = if last > first { last - 1 } else { last };
			let fills: Vec<f64> = seen.blocks.range(first..=full_until).map(|(_, b)| b.fullness).collect();
			let mean = fills.iter().sum::<f64>() / fills.len().max(1) as f64;
			(finalized as f64 / (span_ms / 1000.0), percentile(lags, 0.95), mean)
		},
		_ => (0.0, f64::NAN, 0.0),
	};
	let invalid = invalid.lock().expect("refusals").clone();
	Ok(RunResult {
		kind,
		submitted: total,
		invalid: invalid.len(),
		finalized,
		failed,
		dropped: accepted.len() - finalized,
		duplicates: seen.duplicates,
		blocks: blocks.len(),
		first_block: blocks.first().copied(),
		last_block: blocks.last().copied(),
		tps,
		latency_p50_ms: percentile(latencies.clone(), 0.50),
		latency_p95_ms: percentile(latencies, 0.95),
		lag_p95_blocks,
		fullness,
		invalid_reasons: invalid.into_iter().take(3).collect(),
	})
}

/// The `q` quantile (nearest rank) of `values`; NaN when empty.
pub fn percentile(mut values: Vec<f64>, q: f64) -> f64 {
	if values.is_empty() {
		return f64::NAN;
	}
	values.sort_by(|a, b| a.total_cmp(b));
	let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
	values[rank - 1]
}

/// A ratio A/B over the measured pairs: each pair's ratio, and their range.
#[derive(Clone, Debug, Serialize)]
pub struct Ratio {
	pub name: &'static str,
	pub per_pair: Vec<f64>,
	pub min: f64,
	pub max: f64,
	pub median: f64,
}

impl Ratio {
	fn of(name: &'static str, pairs: &[(RunResult, RunResult)], value: impl Fn(&RunResult) -> f64) -> Self {
		let per_pair: Vec<f64> = pairs.iter().map(|(a, b)| value(a) / value(b)).collect();
		let min = per_pair.iter().copied().fold(f64::INFINITY, f64::min);
		let max = per_pair.iter().copied().fold(f64::NEG_INFINITY, f64::max);
		Self { name, median: percentile(per_pair.clone(), 0.5), per_pair, min, max }
	}
}

/// What a whole session measured: the pairs after the warm-up, and the ratios.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
	pub pairs: Vec<(RunResult, RunResult)>,
	pub ratios: Vec<Ratio>,
}

/// Run `warmup` discarded pairs, then `pairs` measured pairs of A and B, `per_run`
/// transactions each.
pub async fn session(
	client: &Client,
	rpc: &RpcClient,
	fixture: &Fixture,
	per_run: usize,
	pairs: usize,
	warmup: usize,
	pace: &Pace,
	progress: &(dyn Fn(&str) + Sync),
) -> Result<Report> {
	preflight(client, fixture).await?;
	let observer = Observer::start(client).await?;
	let mut measured = Vec::new();
	for pair in 0..warmup + pairs {
		let phase = if pair < warmup { "warm-up" } else { "measured" };
		progress(&format!("pair {}/{} ({phase})", pair + 1, warmup + pairs));
		let a = run(client, rpc, &observer, fixture, Kind::Compliant, per_run, pace, progress).await?;
		let b = run(client, rpc, &observer, fixture, Kind::Balances, per_run, pace, progress).await?;
		if pair >= warmup {
			measured.push((a, b));
		}
	}
	let ratios = vec![
		Ratio::of("throughput A/B (finalized tx/s)", &measured, |r| r.tps),
		Ratio::of("p95 latency A/B (submission to finality)", &measured, |r| r.latency_p95_ms),
		Ratio::of("p50 latency A/B", &measured, |r| r.latency_p50_ms),
	];
	Ok(Report { pairs: measured, ratios })
}

/// The report as a Markdown table (runs, then ratios).
pub fn markdown(report: &Report) -> String {
	let mut out = String::from(
		"| run | submitted | invalid | finalized | failed | dropped | dup. | blocks | tx/s | p50 ms | p95 ms | lag p95 | fullness |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
	);
	for (n, (a, b)) in report.pairs.iter().enumerate() {
		for r in [a, b] {
			out.push_str(&format!(
				"| {} #{} | {} | {} | {} | {} | {} | {} | {} | {:.1} | {:.0} | {:.0} | {:.1} | {:.0}% |\n",
				r.kind.label(),
				n + 1,
				r.submitted,
				r.invalid,
				r.finalized,
				r.failed,
				r.dropped,
				r.duplicates,
				r.blocks,
				r.tps,
				r.latency_p50_ms,
				r.latency_p95_ms,
				r.lag_p95_blocks,
				r.fullness * 100.0
			));
		}
	}
	out.push_str("\n| ratio | median | range | per pair |\n|---|---:|---|---|\n");
	for ratio in &report.ratios {
		let per_pair: Vec<String> = ratio.per_pair.iter().map(|v| format!("{v:.2}")).collect();
		out.push_str(&format!("| {} | {:.2} | {:.2}–{:.2} | {} |\n", ratio.name, ratio.median, ratio.min, ratio.max, per_pair.join(", ")));
	}
	out
}

/// The small-scale mode: a throw-away `--dev` node (stopped when this returns, even on error),
/// `accounts` load accounts set up by transactions, one pair of `per_run` transactions each,
/// no warm-up, submitted at a fixed rate of 200 per second.
pub async fn small_scale(accounts: usize, per_run: usize, progress: &(dyn Fn(&str) + Sync)) -> Result<Report> {
	let (_dir, node, sto) = sto_harness::dev_chain("load").await?;
	let client = sto.client().clone();
	progress(&format!("dev node started; setting up {accounts} accounts"));
	let fixture = setup::dev_fixture(&sto, accounts, 1_000_000).await?;
	let rpc = node.rpc_client().await?;
	let pace = Pace { rate: Some(200.0), concurrency: 32, idle_timeout: Duration::from_secs(60) };
	let report = session(&client, &rpc, &fixture, per_run, 1, 0, &pace, progress).await?;
	refused_and_never_included(&client, &rpc, &fixture, load_account(accounts + 2_000)?).await?;
	// The tool refuses to start with accounts that were never set up, and says so.
	let unfunded = Fixture { senders: vec![load_account(accounts + 1_000)?, load_account(accounts + 1_001)?], ..fixture };
	match preflight(&client, &unfunded).await {
		Err(e) if format!("{e}").contains("is not funded") => Ok(report),
		Err(e) => bail!("preflight refused unfunded accounts for another reason: {e:#}"),
		Ok(()) => bail!("preflight accepted accounts that were never funded"),
	}
}

/// Non-compliant transfers (to `outsider`, an account without an identity) are refused at
/// submission by the transaction pool and never appear in a finalized block: checked over the
/// next three finalized blocks.
pub async fn refused_and_never_included(client: &Client, rpc: &RpcClient, fixture: &Fixture, outsider: Keypair) -> Result<()> {
	let observer = Observer::start(client).await?;
	let signed = presign(client, fixture, Kind::Compliant, fixture.senders.len().min(5), Some(&outsider)).await?;
	for tx in &signed {
		let outcome: Result<H256, _> = rpc.request("author_submitExtrinsic", rpc_params![tx.hex.clone()]).await;
		if outcome.is_ok() {
			bail!("the pool accepted a transfer to an account without an identity");
		}
	}
	// The observer started before the submissions: four finalized blocks seen means at least
	// three finalized after them.
	let observer_ref = &observer;
	sto_harness::wait_until("three more finalized blocks", Duration::from_secs(90), || async move {
		observer_ref.check()?;
		let blocks = observer_ref.seen.lock().expect("observations").blocks.len();
		Ok((blocks >= 4).then_some(()))
	})
	.await?;
	let seen = observer.seen.lock().expect("observations");
	if signed.iter().any(|tx| seen.included.contains_key(&tx.hash)) {
		bail!("a refused non-compliant transfer was included in a block");
	}
	Ok(())
}

/// Connect to a node's JSON-RPC endpoint (subxt client and raw RPC), with a clear error when
/// nothing answers there.
pub async fn connect(url: &str) -> Result<(Client, RpcClient)> {
	let client = Client::from_insecure_url(url)
		.await
		.with_context(|| format!("cannot reach an STO node at {url} (is it running, with RPC on that address?)"))?;
	let rpc = RpcClient::from_insecure_url(url).await.with_context(|| format!("JSON-RPC at {url}"))?;
	Ok((client, rpc))
}

/// Why a small-scale report is not clean (every transaction accepted, included once, finalized
/// and successful), if it is not.
pub fn small_scale_problem(report: &Report) -> Option<String> {
	for (a, b) in &report.pairs {
		for r in [a, b] {
			if r.invalid > 0 || r.dropped > 0 || r.failed > 0 || r.duplicates > 0 || r.finalized != r.submitted {
				return Some(format!(
					"{}: submitted {}, invalid {} {:?}, finalized {}, failed {}, dropped {}, duplicates {}",
					r.kind.label(),
					r.submitted,
					r.invalid,
					r.invalid_reasons,
					r.finalized,
					r.failed,
					r.dropped,
					r.duplicates
				));
			}
		}
	}
	None
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn percentiles_by_nearest_rank() {
		let values: Vec<f64> = (1..=100).map(f64::from).collect();
		assert_eq!(percentile(values.clone(), 0.50), 50.0);
		assert_eq!(percentile(values.clone(), 0.95), 95.0);
		assert_eq!(percentile(vec![7.0], 0.95), 7.0);
		assert!(percentile(Vec::new(), 0.5).is_nan());
	}

	#[test]
	fn load_accounts_are_the_uris_keys() -> Result<()> {
		for index in [0, 7, 9_999] {
			let uri = sto_harness::chain::keypair(&format!("//sto-load/{index}"))?;
			assert_eq!(load_account(index)?.public_key().0, uri.public_key().0, "account {index}");
		}
		Ok(())
	}

	#[tokio::test]
	async fn an_unreachable_node_is_named_in_the_error() {
		let port = sto_harness::free_port();
		let url = format!("ws://127.0.0.1:{port}");
		let error = connect(&url).await.expect_err("nothing listens there");
		assert!(format!("{error}").contains(&format!("cannot reach an STO node at {url}")), "{error}");
	}
}
