//! The executor: runs actions on the native runtime, block by block, and checks every block.
//!
//! Each signed transaction is first checked as the pool would (`validate_transaction`, source
//! `External`, on the state it will be applied to; nothing kept), then applied in the open
//! block. Its events feed the model ([`crate::model`]), which judges each movement. When a
//! block closes, every block check runs ([`crate::checks`]) and the model is held against
//! storage. A pool refusal by the compliance check (`InvalidTransaction::Custom`) of a
//! transaction whose dispatch then succeeds is a **false refusal** and fails the run.

use crate::{
	action::{Action, Jump},
	chain::{self, BlockInfo},
	checks, keys,
	model::Model,
	resolve::{self, Memory},
};
use codec::Encode;
use polkadot_sdk::{
	frame_support::traits::GetCallMetadata,
	frame_system, pallet_collective, pallet_multisig, pallet_proxy, pallet_sudo, pallet_utility, pallet_whitelist,
	sp_core::H256,
	sp_io::TestExternalities,
	sp_runtime::{
		transaction_validity::{InvalidTransaction, TransactionValidity, TransactionValidityError},
		DispatchError, StateVersion,
	},
};
use std::{collections::BTreeMap, sync::OnceLock};
use sto_runtime::{AccountId, Runtime, RuntimeCall, RuntimeEvent, System, MILLISECS_PER_BLOCK};

/// The most signed extrinsics the harness puts in one block before it closes it.
pub const MAX_EXTRINSICS_PER_BLOCK: u32 = 40;

/// A broken invariant (or a false pool refusal), where it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
	/// The index of the action that was running (the number of actions when the final block
	/// closed).
	pub action: usize,
	pub block: u32,
	pub message: String,
}

impl std::fmt::Display for Failure {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "action {} (block {}): {}", self.action, self.block, self.message)
	}
}

/// What a run did.
#[derive(Clone, Debug, Default)]
pub struct Stats {
	/// Blocks closed (and checked).
	pub blocks: u64,
	/// Signed transactions applied in blocks.
	pub transactions: u64,
	/// ... whose dispatch succeeded.
	pub dispatched_ok: u64,
	/// Calls resolved, wrapped ones included (a batch of three counts four).
	pub calls: u64,
	/// Transactions the block refused (invalid: fees, ...), not included.
	pub invalid: u64,
	/// Transactions moved to the next block because the block was full.
	pub block_full: u64,
	/// Pool checks: refused by the compliance check (`Custom`), refused otherwise.
	pub pool_refused_compliance: u64,
	pub pool_refused_other: u64,
	/// Transactions the pool accepted whose dispatch failed (fees paid for nothing); of them,
	/// those a security-token movement or settlement leg refused.
	pub pool_accepted_dispatch_failed: u64,
	pub pool_accepted_movement_refused: u64,
	/// The pool and the block disagreed about validity in another way (not a failure: the
	/// pool validates as for the next block).
	pub validity_mismatches: u64,
	/// Per top-level call (`pallet::call`): dispatches that succeeded, failed.
	pub by_call: BTreeMap<String, (u64, u64)>,
	/// Dispatch errors by top-level call and error.
	pub errors: BTreeMap<String, u64>,
	/// Events deposited, by pallet and variant (what state transitions the run reached).
	pub events: BTreeMap<String, u64>,
}

impl Stats {
	/// Add `other`'s counts to these.
	pub fn add(&mut self, other: &Stats) {
		self.blocks += other.blocks;
		self.transactions += other.transactions;
		self.dispatched_ok += other.dispatched_ok;
		self.calls += other.calls;
		self.invalid += other.invalid;
		self.block_full += other.block_full;
		self.pool_refused_compliance += other.pool_refused_compliance;
		self.pool_refused_other += other.pool_refused_other;
		self.pool_accepted_dispatch_failed += other.pool_accepted_dispatch_failed;
		self.pool_accepted_movement_refused += other.pool_accepted_movement_refused;
		self.validity_mismatches += other.validity_mismatches;
		for (call, (ok, failed)) in &other.by_call {
			let entry = self.by_call.entry(call.clone()).or_default();
			entry.0 += ok;
			entry.1 += failed;
		}
		for (key, count) in &other.errors {
			*self.errors.entry(key.clone()).or_default() += count;
		}
		for (key, count) in &other.events {
			*self.events.entry(key.clone()).or_default() += count;
		}
	}
}

impl Stats {
	/// One line of the main figures.
	pub fn summary(&self) -> String {
		format!(
			"blocks {} transactions {} (dispatched ok {}, invalid {}) calls {} pool: refused by compliance {}, other refusals {}, accepted then failed {} (by a movement {})",
			self.blocks,
			self.transactions,
			self.dispatched_ok,
			self.invalid,
			self.calls,
			self.pool_refused_compliance,
			self.pool_refused_other,
			self.pool_accepted_dispatch_failed,
			self.pool_accepted_movement_refused,
		)
	}
}

/// `Pallet::Variant` of an event.
fn event_name(event: &RuntimeEvent) -> String {
	let text = format!("{event:?}");
	let end = text.find([' ', '{', ')']).unwrap_or(text.len());
	text[..end].replacen('(', "::", 1)
}

/// Everything a run keeps besides the storage.
#[derive(Clone, Debug)]
pub struct State {
	pub block: BlockInfo,
	pub model: Model,
	pub memory: Memory,
	pub stats: Stats,
	/// Events of the open block already followed.
	events_seen: usize,
	/// The events of the last transaction included.
	last_events: std::ops::Range<usize>,
	/// Every transaction must be included and dispatch successfully, wrapped calls included
	/// (replays of regression sequences: a step that fails would prove nothing).
	pub strict: bool,
	/// Event names by (pallet index, variant index).
	event_names: BTreeMap<(u8, u8), String>,
	/// When `Some`, every block closed is kept here with its encoded events (what a node
	/// serves as `System.Events`): the cap-table indexer's in-process test feeds them through
	/// its decoder.
	pub captured: Option<Vec<ClosedBlock>>,
}

/// A block as a node would serve it to an indexer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClosedBlock {
	pub number: u32,
	pub hash: H256,
	pub parent: H256,
	pub timestamp_ms: u64,
	/// The SCALE-encoded `System.Events` storage value (`Vec<EventRecord>`).
	pub events: Vec<u8>,
}

/// A runtime under test: storage and the state of the run.
pub struct Harness {
	ext: TestExternalities,
	pub state: State,
}

/// Trie nodes with their reference counts (`TestExternalities::into_raw_snapshot`).
type RawStorage = Vec<(Vec<u8>, (Vec<u8>, i32))>;

struct Snapshot {
	raw: RawStorage,
	root: H256,
	state: State,
}

/// The state after genesis and the setup, built once per process.
fn snapshot() -> &'static Snapshot {
	static SNAPSHOT: OnceLock<Snapshot> = OnceLock::new();
	SNAPSHOT.get_or_init(|| {
		let mut harness = Harness::genesis();
		crate::setup::run(&mut harness).unwrap_or_else(|failure| panic!("the fuzzer's setup failed: {failure}"));
		harness.close_block().unwrap_or_else(|failure| panic!("the fuzzer's setup failed: {failure}"));
		let mut state = harness.state.clone();
		state.stats = Stats::default();
		let (raw, root) = harness.ext.into_raw_snapshot();
		Snapshot { raw, root, state }
	})
}

impl Harness {
	/// The `development` preset's genesis, no block built yet.
	pub fn genesis() -> Self {
		let mut ext = chain::genesis("development", None);
		let (block, model) = ext.execute_with(|| (BlockInfo::at_genesis(chain::genesis_hash()), Model::from_chain()));
		let state = State { block, model, memory: Memory::default(), stats: Stats::default(), events_seen: 0, last_events: 0..0, strict: false, event_names: BTreeMap::new(), captured: None };
		Self { ext, state }
	}

	/// The state every run starts from: the `development` preset's genesis and the setup
	/// (identities, claims, tokens, rules, a custodian, cash: see [`crate::setup`]), its last
	/// block closed. Built once per process, copied for each run.
	pub fn new() -> Self {
		let snapshot = snapshot();
		let ext = TestExternalities::from_raw_snapshot(snapshot.raw.clone(), snapshot.root, StateVersion::V1);
		Self { ext, state: snapshot.state.clone() }
	}

	/// Run `actions`, then close the last block. The first failure stops the run.
	pub fn run(&mut self, actions: &[Action]) -> Result<(), Failure> {
		for (index, action) in actions.iter().enumerate() {
			self.act(index, action)?;
		}
		self.finish(actions.len())
	}

	/// Run one action (the `index`-th of its run, for reports).
	pub fn act(&mut self, index: usize, action: &Action) -> Result<(), Failure> {
		let failure = |state: &State, message: String| Failure { action: index, block: state.block.number, message };
		let Self { ext, state } = self;
		match action {
			Action::Tx { signer, call } => ext.execute_with(|| {
				if !state.block.open {
					state.open_block(MILLISECS_PER_BLOCK).map_err(|m| failure(state, m))?;
				}
				let (who, call) = resolve::transaction(signer, call, state.block.now, &mut state.memory);
				state.transaction(&who, call).map_err(|m| failure(state, m))
			})?,
			Action::NextBlock(jump) => {
				if state.block.open {
					ext.execute_with(|| state.close_block()).map_err(|m| failure(state, m))?;
				}
				ext.commit_all().expect("no storage transaction is open between actions");
				ext.execute_with(|| state.open_block(jump_ms(*jump))).map_err(|m| failure(state, m))?;
			},
		}
		Ok(())
	}

	/// Close the open block, if any, and check it.
	pub fn finish(&mut self, actions: usize) -> Result<(), Failure> {
		self.close_block().map_err(|message| Failure { action: actions, block: self.state.block.number, message })
	}

	fn close_block(&mut self) -> Result<(), String> {
		let Self { ext, state } = self;
		if state.block.open {
			ext.execute_with(|| state.close_block())?;
		}
		ext.commit_all().expect("no storage transaction is open between actions");
		Ok(())
	}

	/// Apply `call` signed by `who` in the open block (opening one if needed); its dispatch
	/// must succeed, wrapped calls included. For the setup and for tests.
	pub fn submit(&mut self, who: &AccountId, call: impl FnOnce() -> RuntimeCall) -> Result<(), String> {
		let Self { ext, state } = self;
		ext.execute_with(|| {
			if !state.block.open {
				state.open_block(MILLISECS_PER_BLOCK)?;
			}
			let call = call();
			let name = call_name(&call);
			let before = state.stats.dispatched_ok;
			state.transaction(who, call)?;
			let events = &System::events()[state.last_events.clone()];
			let failed_inner = events.iter().any(|record| inner_failure(&record.event));
			if state.stats.dispatched_ok == before || failed_inner {
				let events: Vec<String> = events.iter().map(|r| format!("{:?}", r.event)).collect();
				return Err(format!("{name} by {} failed: {}", keys::name(who), events.join(", ")));
			}
			Ok(())
		})
	}

	/// Close the open block and open the next, `jump` later.
	pub fn next_block(&mut self, jump: Jump) -> Result<(), String> {
		self.act(usize::MAX, &Action::NextBlock(jump)).map_err(|failure| failure.message)
	}

	/// Run `f` on the runtime's state (reads in tests).
	pub fn with<R>(&mut self, f: impl FnOnce() -> R) -> R {
		self.ext.execute_with(f)
	}

	/// Run `f` on the runtime's state with the run's state (tests of the checks).
	pub fn with_state<R>(&mut self, f: impl FnOnce(&mut State) -> R) -> R {
		let Self { ext, state } = self;
		ext.execute_with(|| f(state))
	}
}

impl Default for Harness {
	fn default() -> Self {
		Self::new()
	}
}

/// The time between two blocks for `jump`.
pub fn jump_ms(jump: Jump) -> u64 {
	const HOUR: u64 = 3_600_000;
	match jump {
		Jump::Slot => MILLISECS_PER_BLOCK,
		Jump::Slots(k) => MILLISECS_PER_BLOCK * (k as u64 + 1),
		Jump::Hours(k) => HOUR * k as u64,
		Jump::Days(k) => 24 * HOUR * k as u64,
		Jump::Months(k) => 30 * 24 * HOUR * k as u64,
	}
}

/// `pallet::call` of a call.
pub fn call_name(call: &RuntimeCall) -> String {
	let metadata = call.get_call_metadata();
	format!("{}::{}", metadata.pallet_name, metadata.function_name)
}

/// How many calls `call` makes, itself and every call it wraps.
fn count_calls(call: &RuntimeCall) -> u64 {
	1 + match call {
		RuntimeCall::Utility(
			pallet_utility::Call::batch { calls } |
			pallet_utility::Call::batch_all { calls } |
			pallet_utility::Call::force_batch { calls },
		) => calls.iter().map(count_calls).sum(),
		RuntimeCall::Utility(pallet_utility::Call::as_derivative { call, .. }) |
		RuntimeCall::Proxy(pallet_proxy::Call::proxy { call, .. }) |
		RuntimeCall::Multisig(
			pallet_multisig::Call::as_multi { call, .. } | pallet_multisig::Call::as_multi_threshold_1 { call, .. },
		) |
		RuntimeCall::Sudo(pallet_sudo::Call::sudo { call } | pallet_sudo::Call::sudo_as { call, .. }) => count_calls(call),
		RuntimeCall::Utility(pallet_utility::Call::if_else { main, fallback }) => count_calls(main) + count_calls(fallback),
		RuntimeCall::Council(pallet_collective::Call::propose { proposal, .. }) => count_calls(proposal),
		RuntimeCall::Whitelist(pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage { call }) => count_calls(call),
		_ => 0,
	}
}

/// An event saying a wrapped call failed (the wrapper itself succeeded).
fn inner_failure(event: &RuntimeEvent) -> bool {
	match event {
		RuntimeEvent::Utility(
			pallet_utility::Event::BatchInterrupted { .. } |
			pallet_utility::Event::ItemFailed { .. } |
			pallet_utility::Event::IfElseFallbackCalled { .. },
		) => true,
		RuntimeEvent::Utility(pallet_utility::Event::DispatchedAs { result }) => result.is_err(),
		RuntimeEvent::Proxy(pallet_proxy::Event::ProxyExecuted { result }) => result.is_err(),
		RuntimeEvent::Multisig(pallet_multisig::Event::MultisigExecuted { result, .. }) => result.is_err(),
		RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result }) => sudo_result.is_err(),
		RuntimeEvent::Sudo(pallet_sudo::Event::SudoAsDone { sudo_result }) => sudo_result.is_err(),
		RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) => result.is_err(),
		RuntimeEvent::Whitelist(pallet_whitelist::Event::WhitelistedCallDispatched { result, .. }) => result.is_err(),
		_ => false,
	}
}

/// A dispatch error by name (`Pallet::Error`).
fn error_name(error: &DispatchError) -> String {
	match error {
		DispatchError::Module(module) => {
			use sto_runtime::*;
			type Info = <Runtime as frame_system::Config>::PalletInfo;
			let pallets = [
				(Info::index::<System>(), "System"),
				(Info::index::<Balances>(), "Balances"),
				(Info::index::<ValidatorSet>(), "ValidatorSet"),
				(Info::index::<Session>(), "Session"),
				(Info::index::<Council>(), "Council"),
				(Info::index::<Utility>(), "Utility"),
				(Info::index::<Multisig>(), "Multisig"),
				(Info::index::<Proxy>(), "Proxy"),
				(Info::index::<Assets>(), "Assets"),
				(Info::index::<Sudo>(), "Sudo"),
				(Info::index::<IdentityRegistry>(), "IdentityRegistry"),
				(Info::index::<SecurityToken>(), "SecurityToken"),
				(Info::index::<Compliance>(), "Compliance"),
				(Info::index::<Custody>(), "Custody"),
			];
			let pallet = pallets.iter().find(|(index, _)| *index == Some(module.index as usize)).map_or("?", |(_, name)| name);
			format!("{pallet}::{}", module.message.unwrap_or("?"))
		},
		other => format!("{other:?}"),
	}
}

/// The pool's code for a security-token error (`None`: a shortfall, or not a policy refusal).
fn token_refusal(error: &DispatchError) -> Option<u8> {
	let DispatchError::Module(module) = error else { return None };
	let token = <Runtime as frame_system::Config>::PalletInfo::index::<sto_runtime::SecurityToken>()?;
	if module.index as usize != token {
		return None;
	}
	let error = <pallet_security_token::Error<Runtime> as codec::Decode>::decode(&mut &module.error[..]).ok()?;
	error.refusal().map(|refusal| refusal.code())
}

/// Whether a dispatch error is a security-token movement's or a settlement leg's refusal.
fn movement_refusal(error: &DispatchError) -> bool {
	let DispatchError::Module(module) = error else { return false };
	let token = <Runtime as frame_system::Config>::PalletInfo::index::<sto_runtime::SecurityToken>();
	let custody = <Runtime as frame_system::Config>::PalletInfo::index::<sto_runtime::Custody>();
	Some(module.index as usize) == token || Some(module.index as usize) == custody
}

use polkadot_sdk::frame_support::traits::PalletInfo as _;

impl State {
	/// Open the next block, `jump_ms` after the last one.
	pub fn open_block(&mut self, jump_ms: u64) -> Result<(), String> {
		chain::open_block(&mut self.block, jump_ms);
		self.events_seen = 0;
		self.last_events = 0..0;
		self.follow_events()?;
		Ok(())
	}

	fn close_block(&mut self) -> Result<(), String> {
		let parent = self.block.parent;
		let header = chain::close_block(&mut self.block);
		if let Some(captured) = self.captured.as_mut() {
			let events = polkadot_sdk::sp_io::storage::get(&polkadot_sdk::frame_support::storage::storage_prefix(b"System", b"Events")).map(|b| b.to_vec());
			captured.push(ClosedBlock {
				number: self.block.number,
				hash: header.hash(),
				parent,
				timestamp_ms: self.block.now,
				events: events.unwrap_or_else(|| vec![0]),
			});
		}
		self.follow_events()?;
		self.stats.blocks += 1;
		checks::after_block()?;
		self.model.compare(self.block.now)
	}

	/// Feed the events deposited since the last call to the model; those events.
	fn follow_events(&mut self) -> Result<Vec<RuntimeEvent>, String> {
		let records = System::events();
		let seen = self.events_seen.min(records.len());
		self.events_seen = records.len();
		let mut new = Vec::with_capacity(records.len() - seen);
		for record in records.into_iter().skip(seen) {
			// An event's first two bytes are its pallet's and its variant's index: its name is
			// formatted once per kind (formatting every event would dominate the run).
			let kind = record.event.using_encoded(|bytes| (bytes[0], bytes.get(1).copied().unwrap_or(0)));
			let name = self.event_names.entry(kind).or_insert_with(|| event_name(&record.event));
			*self.stats.events.entry(name.clone()).or_default() += 1;
			self.model.on_event(&record.event, self.block.now)?;
			new.push(record.event);
		}
		Ok(new)
	}

	/// Check `call` signed by `who` as the pool would, apply it in the open block (in the next
	/// one if this one is full), follow its events.
	fn transaction(&mut self, who: &AccountId, call: RuntimeCall) -> Result<(), String> {
		if self.block.extrinsics >= MAX_EXTRINSICS_PER_BLOCK {
			self.close_block()?;
			self.open_block(MILLISECS_PER_BLOCK)?;
		}
		self.stats.calls += count_calls(&call);
		let mut retried = false;
		loop {
			let xt = chain::signed(who, call.clone());
			let validity = chain::validate(&xt, self.block.parent);
			let expectation = crate::views::before(who, &call)?;
			match chain::apply(xt) {
				Err(TransactionValidityError::Invalid(InvalidTransaction::ExhaustsResources)) if !retried => {
					self.stats.block_full += 1;
					retried = true;
					self.close_block()?;
					self.open_block(MILLISECS_PER_BLOCK)?;
				},
				Err(error) => {
					self.stats.invalid += 1;
					*self.stats.errors.entry(format!("{} invalid: {error:?}", call_name(&call))).or_default() += 1;
					if validity.is_ok() {
						self.stats.validity_mismatches += 1;
					}
					if self.strict {
						return Err(format!("strict: {} by {} is invalid: {error:?}", call_name(&call), keys::name(who)));
					}
					return Ok(());
				},
				Ok(dispatch) => {
					self.block.extrinsics += 1;
					if let Some(expectation) = &expectation {
						crate::views::after(expectation, &dispatch)?;
					}
					return self.included(&call, validity, dispatch);
				},
			}
		}
	}

	/// A transaction was included: follow its events, judge the pool's answer (`validity`)
	/// against its dispatch.
	pub fn included(
		&mut self,
		call: &RuntimeCall,
		validity: TransactionValidity,
		dispatch: Result<(), DispatchError>,
	) -> Result<(), String> {
		let first_event = self.events_seen;
		let events = self.follow_events()?;
		self.last_events = first_event..self.events_seen;
		let inner_failed = events.iter().any(inner_failure);
		self.stats.transactions += 1;
		let entry = self.stats.by_call.entry(call_name(call)).or_default();
		match &dispatch {
			Ok(()) => {
				self.stats.dispatched_ok += 1;
				entry.0 += 1;
			},
			Err(error) => {
				entry.1 += 1;
				*self.stats.errors.entry(format!("{}: {}", call_name(call), error_name(error))).or_default() += 1;
			},
		}
		if self.strict && (dispatch.is_err() || inner_failed) {
			let events: Vec<String> = events.iter().map(|event| format!("{event:?}")).collect();
			return Err(format!("strict: {} failed ({dispatch:?}): {}", call_name(call), events.join(", ")));
		}
		// A movement call signed directly: the pool simulates exactly its dispatch on this
		// state, so it refuses exactly when the dispatch fails by policy, with that reason's code.
		if sto_runtime::compliance_extension::is_movement(call) {
			let pool = match &validity {
				Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(code))) => Some(*code),
				_ => None,
			};
			let dispatched = dispatch.as_ref().err().and_then(token_refusal);
			if pool != dispatched && !crate::checks::skipped("pool_code") {
				return Err(format!(
					"the pool's code {pool:?} for {} differs from its dispatch's refusal {dispatched:?} ({dispatch:?}): {call:?}",
					call_name(call)
				));
			}
		}
		match validity {
			Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(code))) => {
				self.stats.pool_refused_compliance += 1;
				let force_batch = matches!(call, RuntimeCall::Utility(pallet_utility::Call::force_batch { .. }));
				if dispatch.is_ok() && (!inner_failed || force_batch) {
					return Err(format!(
						"false refusal: the pool refused {} with Custom({code}) but its dispatch succeeded: {call:?}",
						call_name(call)
					));
				}
			},
			Err(_) => {
				self.stats.pool_refused_other += 1;
				self.stats.validity_mismatches += 1;
			},
			Ok(_) =>
				if let Err(error) = dispatch {
					self.stats.pool_accepted_dispatch_failed += 1;
					if movement_refusal(&error) {
						self.stats.pool_accepted_movement_refused += 1;
					}
				},
		}
		Ok(())
	}
}
