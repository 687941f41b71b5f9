//! Driving the native runtime as a block author and the transaction pool would: genesis from a
//! preset, blocks opened with an Aura pre-runtime digest and the timestamp inherent, signed
//! extrinsics checked by `TaggedTransactionQueue::validate_transaction` and applied each in a
//! storage transaction (rolled back when the extrinsic is invalid, as the block builder does),
//! blocks finalized.

use crate::keys;
use codec::Encode;
use polkadot_sdk::{
	frame_support::genesis_builder_helper::build_state,
	pallet_timestamp,
	sp_consensus_aura::{Slot, AURA_ENGINE_ID},
	sp_core::H256,
	sp_genesis_builder::PresetId,
	sp_io::{self, TestExternalities},
	sp_runtime::{
		generic::{Digest, DigestItem, Era},
		traits::{Hash as _, Header as _},
		transaction_validity::{TransactionSource, TransactionValidity},
		ApplyExtrinsicResult, MultiAddress,
	},
};
use sto_runtime::{
	genesis_config_presets, tx_extension, AccountId, Executive, Header, RuntimeCall, RuntimeGenesisConfig,
	SignedPayload, System, UncheckedExtrinsic, SLOT_DURATION,
};

/// The first block's time: 2026-01-01T00:00:00Z (ms since the Unix epoch).
pub const START_MS: u64 = 1_767_225_600_000;

/// Apply a JSON patch as the node does: objects merge key by key, anything else replaces.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) =>
			for (key, value) in patch {
				merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			},
		(base, patch) => *base = patch,
	}
}

/// The genesis state of the named preset, with `patch` merged into it (as a chain spec
/// builder would).
pub fn genesis(preset: &str, patch: Option<serde_json::Value>) -> TestExternalities {
	let preset_json = genesis_config_presets::get_preset(&PresetId::from(preset))
		.unwrap_or_else(|| panic!("the runtime has no preset {preset}"));
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serializable");
	merge(&mut config, serde_json::from_slice(&preset_json).expect("presets are JSON"));
	if let Some(patch) = patch {
		merge(&mut config, patch);
	}
	let json = serde_json::to_vec(&config).expect("serializable");
	let mut ext = TestExternalities::new_empty();
	ext.execute_with(|| build_state::<RuntimeGenesisConfig>(json).expect("the genesis builds"));
	ext.commit_all().expect("no open storage transaction");
	ext
}

/// Where block production is.
#[derive(Clone, Debug)]
pub struct BlockInfo {
	/// The current (open) or last (closed) block's number.
	pub number: u32,
	/// Its timestamp.
	pub now: u64,
	/// Its parent's hash.
	pub parent: H256,
	/// Whether a block is open (initialized, not finalized).
	pub open: bool,
	/// Signed extrinsics applied in the open block.
	pub extrinsics: u32,
}

impl BlockInfo {
	/// Before block 1, on top of `genesis_hash`.
	pub fn at_genesis(genesis_hash: H256) -> Self {
		Self { number: 0, now: START_MS - SLOT_DURATION, parent: genesis_hash, open: false, extrinsics: 0 }
	}
}

/// Open block `info.number + 1`, `jump_ms` (rounded up to whole slots, at least one) after the
/// last one: `initialize_block` with the slot as Aura pre-runtime digest, then the timestamp
/// inherent. Inside the externalities.
pub fn open_block(info: &mut BlockInfo, jump_ms: u64) {
	assert!(!info.open, "a block is already open");
	let slots = jump_ms.div_ceil(SLOT_DURATION).max(1);
	info.now = (info.now / SLOT_DURATION + slots) * SLOT_DURATION;
	info.number += 1;
	let slot = Slot::from(info.now / SLOT_DURATION);
	let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
	let header = Header::new(info.number, H256::zero(), H256::zero(), info.parent, digest);
	Executive::initialize_block(&header);
	let timestamp = UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set { now: info.now }));
	match Executive::apply_extrinsic(timestamp) {
		Ok(Ok(())) => {},
		other => panic!("the timestamp inherent of block {} failed: {other:?}", info.number),
	}
	info.open = true;
	info.extrinsics = 0;
}

/// Finalize the open block; its hash becomes the next block's parent. Inside the externalities.
pub fn close_block(info: &mut BlockInfo) -> Header {
	assert!(info.open, "no block is open");
	let header = Executive::finalize_block();
	info.parent = header.hash();
	info.open = false;
	header
}

/// `call` signed by `who` (a pool account) with its next nonce, immortal, no tip. Inside the
/// externalities (the payload names the genesis hash and runtime version).
pub fn signed(who: &AccountId, call: RuntimeCall) -> UncheckedExtrinsic {
	let nonce = System::account_nonce(who);
	let extension = tx_extension(nonce, Era::Immortal, 0);
	let payload = SignedPayload::new(call.clone(), extension.clone()).expect("the implicit data is available");
	let signature = payload
		.using_encoded(|bytes| keys::sign(who, bytes))
		.unwrap_or_else(|| panic!("{who} is not a pool account"));
	UncheckedExtrinsic::new_signed(call, MultiAddress::Id(who.clone()), signature, extension)
}

/// What the transaction pool would answer for `xt` arriving from the network now
/// (`TaggedTransactionQueue::validate_transaction` with `TransactionSource::External`), on the
/// current state; nothing it writes is kept. Inside the externalities.
pub fn validate(xt: &UncheckedExtrinsic, best_block: H256) -> TransactionValidity {
	sp_io::storage::start_transaction();
	let validity = Executive::validate_transaction(TransactionSource::External, xt.clone(), best_block);
	sp_io::storage::rollback_transaction();
	validity
}

/// Apply `xt` in the open block as the block builder does: in a storage transaction, kept
/// unless the extrinsic is invalid. Inside the externalities.
pub fn apply(xt: UncheckedExtrinsic) -> ApplyExtrinsicResult {
	sp_io::storage::start_transaction();
	let result = Executive::apply_extrinsic(xt);
	if result.is_ok() {
		sp_io::storage::commit_transaction();
	} else {
		sp_io::storage::rollback_transaction();
	}
	result
}

/// The hash the runtime gives a call (multisig and council call hashes).
pub fn call_hash(call: &RuntimeCall) -> H256 {
	polkadot_sdk::sp_runtime::traits::BlakeTwo256::hash_of(call)
}

/// The genesis hash (block 0), as signed payloads and consents name it.
pub fn genesis_hash() -> H256 {
	System::block_hash(0)
}
