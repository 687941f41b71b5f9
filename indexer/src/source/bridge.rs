//! The EVM bridge's storage at one block, as [`BridgeState`]: what the reconciliation holds the
//! database's bridge tables against.

use super::{entries, key_part};
use crate::{
	bridge::{
		ranges, AllowEntryState, BridgeState, ExportState, MessageState, QuarantineState, RouteState, SignerSetState,
	},
	decode::{account, address, hex_bytes},
	model::{allow_body, control_body, signer_set_body, ReleaseCause},
};
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use sto_client::{
	chain::At,
	runtime::api::{
		self as api,
		runtime_types::pallet_evm_bridge::{ExportStatus, MessageBody, ReleaseCause as Cause},
	},
};
use subxt::utils::{AccountId32, H160};

/// The runtime's name of the bridge.
const PALLET: &str = "EvmBridge";

/// The bridge's account, the escrow's wallet, as SS58 (`None`: the runtime has no bridge):
/// `modl` ‖ the pallet id ‖ zeros, as frame's `PalletId::into_account_truncating` makes it.
pub fn escrow_account(at: &At) -> Result<Option<String>> {
	if at.metadata_ref().pallet_by_name(PALLET).is_none() {
		return Ok(None);
	}
	let id = at.constants().entry(api::constants().evm_bridge().pallet_id()).context("EvmBridge.PalletId")?;
	let mut bytes = [0u8; 32];
	bytes[..4].copy_from_slice(b"modl");
	bytes[4..12].copy_from_slice(&id.0);
	Ok(Some(account(&AccountId32(bytes))))
}

/// An amount in the comparison's signed arithmetic (no token's supply comes near its limit).
pub fn signed(amount: u128) -> i128 {
	i128::try_from(amount).unwrap_or(i128::MAX)
}

fn cause(cause: &Cause) -> ReleaseCause {
	match cause {
		Cause::Refund { export } => ReleaseCause::Refund { export: *export },
		Cause::Import { chain, gateway, nonce, from } => {
			ReleaseCause::Import { chain: *chain, gateway: address(gateway), nonce: *nonce, from: address(from) }
		},
	}
}

/// The bridge's storage at `at` (empty for a runtime without the bridge); the escrow is left
/// to the caller, which reads the token's positions.
pub async fn state(at: &At, height: u64) -> Result<BridgeState> {
	let mut state = BridgeState::default();
	if at.metadata_ref().pallet_by_name(PALLET).is_none() {
		return Ok(state);
	}
	let unreadable = |what: &str| format!("read EvmBridge.{what} at block #{height} (an archive node keeps every block's state)");
	let storage = api::storage().evm_bridge();

	state.current_set = at.storage().fetch(storage.current_set(), ()).await.with_context(|| unreadable("CurrentSet"))?.decode()?;
	for kv in entries(at, storage.signer_sets()).await.with_context(|| unreadable("SignerSets"))? {
		let set_id: u32 = key_part(&kv, 0)?;
		let set = kv.value().decode()?;
		state.signer_sets.insert(set_id, SignerSetState {
			signers: set.signers.0.iter().map(|s| (account(&s.account), address(&s.key))).collect(),
			threshold: set.threshold,
			valid_until: set.valid_until.map(u64::from),
		});
	}
	state.paused = at.storage().fetch(storage.paused(), ()).await.with_context(|| unreadable("Paused"))?.decode()?;
	state.imports_halted =
		at.storage().fetch(storage.imports_halted(), ()).await.with_context(|| unreadable("ImportsHalted"))?.decode()?;

	for kv in entries(at, storage.routes()).await.with_context(|| unreadable("Routes"))? {
		let (token, partition): (u32, u16) = key_part(&kv, 0)?;
		let chain: u64 = key_part(&kv, 1)?;
		let route = kv.value().decode()?;
		state.routes.insert((token.into(), partition.into(), chain), RouteState {
			gateway: address(&route.gateway),
			wrapped: address(&route.wrapped),
			enabled: route.enabled,
			per_export: route.limits.per_export.to_string(),
			per_window: route.limits.per_window.to_string(),
			per_identity_window: route.limits.per_identity_window.to_string(),
		});
	}
	for kv in entries(at, storage.in_flight()).await.with_context(|| unreadable("InFlight"))? {
		let (token, partition): (u32, u16) = key_part(&kv, 0)?;
		let chain: u64 = key_part(&kv, 1)?;
		let amount: u128 = kv.value().decode()?;
		if amount > 0 {
			state.in_flight.insert((token.into(), partition.into(), chain), signed(amount));
		}
	}
	for kv in entries(at, storage.outstanding()).await.with_context(|| unreadable("Outstanding"))? {
		let (token, partition): (u32, u16) = key_part(&kv, 0)?;
		let chain: u64 = key_part(&kv, 1)?;
		let amount: u128 = kv.value().decode()?;
		if amount > 0 {
			state.outstanding.insert((token.into(), partition.into(), chain), signed(amount));
		}
	}

	for kv in entries(at, storage.exports()).await.with_context(|| unreadable("Exports"))? {
		let nonce: u64 = key_part(&kv, 0)?;
		let export = kv.value().decode()?;
		state.exports.insert(nonce, ExportState {
			token: export.token.into(),
			partition: export.partition.into(),
			chain: export.chain,
			gateway: address(&export.gateway),
			holder: account(&export.holder),
			recipient: address(&export.recipient),
			identity: export.identity,
			amount: export.amount.to_string(),
			deadline: export.deadline,
			digest: hex_bytes(&export.digest),
			status: match export.status {
				ExportStatus::Pending => "Pending",
				ExportStatus::Attested => "Attested",
			}
			.into(),
		});
	}
	for kv in entries(at, storage.quarantine()).await.with_context(|| unreadable("Quarantine"))? {
		let id: u64 = key_part(&kv, 0)?;
		let entry = kv.value().decode()?;
		state.quarantine.insert(id, QuarantineState {
			token: entry.token.into(),
			partition: entry.partition.into(),
			to: account(&entry.to),
			amount: entry.amount.to_string(),
			cause: cause(&entry.cause).to_string(),
			reason: format!("{:?}", entry.reason),
		});
	}

	for kv in entries(at, storage.allow_entries()).await.with_context(|| unreadable("AllowEntries"))? {
		let (chain, wrapped): (u64, H160) = key_part(&kv, 0)?;
		let wallet: H160 = key_part(&kv, 1)?;
		let entry = kv.value().decode()?;
		state.allow_entries.insert((chain, address(&wrapped), address(&wallet)), AllowEntryState {
			expiry: entry.expiry,
			sequence: entry.sequence,
			message: entry.message,
		});
	}
	for kv in entries(at, storage.messages()).await.with_context(|| unreadable("Messages"))? {
		let id: u64 = key_part(&kv, 0)?;
		let message = kv.value().decode()?;
		let (kind, body) = match &message.body {
			MessageBody::Allow { wallet, expiry, sequence } => ("Allow", allow_body(&address(wallet), *expiry, *sequence)),
			MessageBody::Control { sequence, action, account, to, amount } => {
				("Control", control_body(*sequence, &format!("{action:?}"), &address(account), &address(to), *amount))
			},
			MessageBody::SignerSet { set_id, signers, previous_valid_until } => {
				let keys: Vec<String> = signers.0.iter().map(address).collect();
				("SignerSet", signer_set_body(*set_id, &keys, *previous_valid_until))
			},
		};
		state.messages.insert(id, MessageState {
			chain: message.chain,
			contract: address(&message.contract),
			wrapped: address(&message.wrapped),
			kind: kind.into(),
			body: body.to_string(),
			digest: hex_bytes(&message.digest),
			signed_by: message.signed_by,
			attested: message.attested,
		});
	}
	let committees = at.storage().fetch(storage.committees(), ()).await.with_context(|| unreadable("Committees"))?.decode()?;
	state.committees = committees.0.iter().map(|(chain, verifier)| (*chain, address(verifier))).collect();

	// The burns imported: each gateway's mark, and those imported out of order above it.
	let mut imported: BTreeMap<(u64, String), Vec<(u64, u64)>> = BTreeMap::new();
	for kv in entries(at, storage.imported_through()).await.with_context(|| unreadable("ImportedThrough"))? {
		let (chain, gateway): (u64, H160) = key_part(&kv, 0)?;
		let through: u64 = kv.value().decode()?;
		if through > 0 {
			imported.entry((chain, address(&gateway))).or_default().push((1, through));
		}
	}
	for kv in entries(at, storage.imported_above()).await.with_context(|| unreadable("ImportedAbove"))? {
		let (chain, gateway): (u64, H160) = key_part(&kv, 0)?;
		let nonce: u64 = key_part(&kv, 1)?;
		imported.entry((chain, address(&gateway))).or_default().push((nonce, nonce));
	}
	state.imported = imported.into_iter().map(|(key, pieces)| (key, ranges(pieces))).collect();
	Ok(state)
}
