//! What the bridge's processes read from the appchain: always at one finalized block, so that
//! everything a signer signs rests on final state.

use alloy::primitives::{Address, B256};
use anyhow::{anyhow, Result};
use sto_client::{
	chain::{At, Sto},
	runtime::api::{
		self,
		runtime_types::pallet_evm_bridge::{
			views::{ExportView, MessageView},
			AllowEntry, AttestationKind, Route,
		},
	},
	subxt::utils::{AccountId32, H160},
};

/// An EVM address of the generated types as alloy's.
pub fn address(h: &H160) -> Address {
	Address::from(h.0)
}

/// alloy's EVM address as the generated types'.
pub fn h160(a: Address) -> H160 {
	H160(a.0 .0)
}

/// This appchain's id in every bridge message: its genesis hash.
pub fn appchain_id(sto: &Sto) -> B256 {
	B256::from(sto.client().genesis_hash().0)
}

/// The finalized block's time in Unix seconds.
pub async fn now_seconds(at: &At) -> Result<u64> {
	let ms: u64 = at
		.storage()
		.fetch(api::storage().timestamp().now(), ())
		.await
		.map_err(|e| anyhow!("read Timestamp.Now: {e}"))?
		.decode()
		.map_err(|e| anyhow!("decode Timestamp.Now: {e}"))?;
	Ok(ms / 1_000)
}

/// A signer's place in a valid set: the set, its index there, its EVM key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seat {
	pub set_id: u32,
	pub index: u32,
	pub key: Address,
}

/// Where `account` signs now: in the current set, or else in the previous one during its
/// grace period. `None`: it is no signer.
pub async fn seat_of(at: &At, account: &AccountId32) -> Result<Option<Seat>> {
	for set_id in valid_sets(at).await? {
		if let Some(seat) = seat_in(at, account, set_id).await? {
			return Ok(Some(seat));
		}
	}
	Ok(None)
}

/// `account`'s seat in set `set_id` (valid or not). `None`: not a signer of it, or no such set.
pub async fn seat_in(at: &At, account: &AccountId32, set_id: u32) -> Result<Option<Seat>> {
	let Some(keys) = set_members(at, set_id).await? else { return Ok(None) };
	Ok(keys.iter().position(|(who, _)| who == account).map(|index| Seat { set_id, index: index as u32, key: keys[index].1 }))
}

/// The (account, key) pairs of set `set_id`, in its order (keys ascending). `None`: no such set.
pub async fn set_members(at: &At, set_id: u32) -> Result<Option<Vec<(AccountId32, Address)>>> {
	let Some(set) = at
		.storage()
		.try_fetch(api::storage().evm_bridge().signer_sets(), (set_id,))
		.await
		.map_err(|e| anyhow!("read EvmBridge.SignerSets: {e}"))?
	else {
		return Ok(None);
	};
	let set = set.decode().map_err(|e| anyhow!("decode a signer set: {e}"))?;
	Ok(Some(set.signers.0.iter().map(|s| (s.account.clone(), address(&s.key))).collect()))
}

/// The signer sets valid now: the current one, then the previous one during its grace period.
pub async fn valid_sets(at: &At) -> Result<Vec<u32>> {
	let storage = api::storage().evm_bridge();
	let current: u32 = at
		.storage()
		.fetch(storage.current_set(), ())
		.await
		.map_err(|e| anyhow!("read EvmBridge.CurrentSet: {e}"))?
		.decode()
		.map_err(|e| anyhow!("decode EvmBridge.CurrentSet: {e}"))?;
	let block: u32 = at
		.storage()
		.fetch(api::storage().system().number(), ())
		.await
		.map_err(|e| anyhow!("read System.Number: {e}"))?
		.decode()
		.map_err(|e| anyhow!("decode System.Number: {e}"))?;
	let mut valid = Vec::new();
	for set_id in [current, current.saturating_sub(1)] {
		if set_id == 0 {
			continue;
		}
		let Some(set) = at
			.storage()
			.try_fetch(storage.signer_sets(), (set_id,))
			.await
			.map_err(|e| anyhow!("read EvmBridge.SignerSets: {e}"))?
		else {
			continue;
		};
		let set = set.decode().map_err(|e| anyhow!("decode a signer set: {e}"))?;
		if set.valid_until.is_none_or(|until| until >= block) {
			valid.push(set_id);
		}
	}
	Ok(valid)
}

/// The committee verifier of EVM chain `chain`, if governance named one.
pub async fn committee_of(at: &At, chain: u64) -> Result<Option<Address>> {
	let committees = at
		.storage()
		.fetch(api::storage().evm_bridge().committees(), ())
		.await
		.map_err(|e| anyhow!("read EvmBridge.Committees: {e}"))?
		.decode()
		.map_err(|e| anyhow!("decode EvmBridge.Committees: {e}"))?;
	Ok(committees.0.iter().find(|(c, _)| *c == chain).map(|(_, verifier)| address(verifier)))
}

/// Pages through the messages for EVM contracts from id `from` on: every stored message with
/// an id from `from` through the last, ascending.
pub async fn messages_from(at: &At, from: u64) -> Result<Vec<MessageView>> {
	let last: u64 = at
		.storage()
		.fetch(api::storage().evm_bridge().last_message(), ())
		.await
		.map_err(|e| anyhow!("read EvmBridge.LastMessage: {e}"))?
		.decode()
		.map_err(|e| anyhow!("decode EvmBridge.LastMessage: {e}"))?;
	let mut from = from.max(1);
	let mut views = Vec::new();
	while from <= last {
		let page = at
			.runtime_apis()
			.call(api::runtime_apis().evm_bridge_api().messages(from, PAGE))
			.await
			.map_err(|e| anyhow!("EvmBridgeApi.messages: {e}"))?;
		from = match page.last() {
			Some(view) if page.len() == PAGE as usize => view.id + 1,
			_ => from.saturating_add(SCAN),
		};
		views.extend(page);
	}
	Ok(views)
}

/// The exports in flight from nonce `from` on (at most `max`).
pub async fn exports_in_flight(at: &At, from: u64, max: u32) -> Result<Vec<ExportView<AccountId32>>> {
	at.runtime_apis()
		.call(api::runtime_apis().evm_bridge_api().exports_in_flight(from, max))
		.await
		.map_err(|e| anyhow!("EvmBridgeApi.exports_in_flight: {e}"))
}

/// The last export's nonce.
pub async fn last_export(at: &At) -> Result<u64> {
	at.storage()
		.fetch(api::storage().evm_bridge().last_export(), ())
		.await
		.map_err(|e| anyhow!("read EvmBridge.LastExport: {e}"))?
		.decode()
		.map_err(|e| anyhow!("decode EvmBridge.LastExport: {e}"))
}

/// The routes to EVM chain `chain`: ((token, partition), route).
pub async fn routes_to(at: &At, chain: u64) -> Result<Vec<((u32, u16), Route)>> {
	let mut entries = at
		.storage()
		.iter(api::storage().evm_bridge().routes(), ())
		.await
		.map_err(|e| anyhow!("read EvmBridge.Routes: {e}"))?;
	let mut routes = Vec::new();
	while let Some(entry) = entries.next().await {
		let entry = entry.map_err(|e| anyhow!("read EvmBridge.Routes: {e}"))?;
		let (key, to) = entry.key().and_then(|key| key.decode()).map_err(|e| anyhow!("decode a route's key: {e}"))?;
		if to == chain {
			routes.push((key, entry.value().decode().map_err(|e| anyhow!("decode a route: {e}"))?));
		}
	}
	Ok(routes)
}

/// The pallet's allow-list entries for the wrapped token `wrapped` on EVM chain `chain`:
/// (wallet, entry), removed entries (expiry 0) included.
pub async fn allow_entries(at: &At, chain: u64, wrapped: H160) -> Result<Vec<(H160, AllowEntry)>> {
	let mut entries = at
		.storage()
		.iter(api::storage().evm_bridge().allow_entries(), ((chain, wrapped),))
		.await
		.map_err(|e| anyhow!("read EvmBridge.AllowEntries: {e}"))?;
	let mut out = Vec::new();
	while let Some(entry) = entries.next().await {
		let entry = entry.map_err(|e| anyhow!("read EvmBridge.AllowEntries: {e}"))?;
		let (_, wallet): ((u64, H160), H160) =
			entry.key().and_then(|key| key.decode()).map_err(|e| anyhow!("decode an allow-list entry's key: {e}"))?;
		out.push((wallet, entry.value().decode().map_err(|e| anyhow!("decode an allow-list entry: {e}"))?));
	}
	Ok(out)
}

/// The set whose signatures for `kind` of export `nonce` are being collected (`None`: no vote).
pub async fn collecting_set(at: &At, kind: AttestationKind, nonce: u64) -> Result<Option<u32>> {
	let votes = at
		.storage()
		.try_fetch(api::storage().evm_bridge().attestations(), (kind, nonce))
		.await
		.map_err(|e| anyhow!("read EvmBridge.Attestations: {e}"))?;
	Ok(match votes {
		Some(votes) => Some(votes.decode().map_err(|e| anyhow!("decode an attestation: {e}"))?.set_id),
		None => None,
	})
}

/// Whether the signer at `seat` voted for `kind` of export `nonce` already.
pub async fn voted(at: &At, kind: AttestationKind, nonce: u64, seat: &Seat) -> Result<bool> {
	let votes = at
		.storage()
		.try_fetch(api::storage().evm_bridge().attestations(), (kind, nonce))
		.await
		.map_err(|e| anyhow!("read EvmBridge.Attestations: {e}"))?;
	let Some(votes) = votes else { return Ok(false) };
	let votes = votes.decode().map_err(|e| anyhow!("decode an attestation: {e}"))?;
	Ok(votes.set_id == seat.set_id && votes.signatures.0.iter().any(|(index, _)| *index == seat.index))
}

/// Whether the signer at `seat` voted for burn `nonce` at `gateway` already.
pub async fn import_voted(at: &At, chain: u64, gateway: H160, nonce: u64, seat: &Seat) -> Result<bool> {
	let ballot = at
		.storage()
		.try_fetch(api::storage().evm_bridge().import_votes(), ((chain, gateway), nonce))
		.await
		.map_err(|e| anyhow!("read EvmBridge.ImportVotes: {e}"))?;
	let Some(ballot) = ballot else { return Ok(false) };
	let ballot = ballot.decode().map_err(|e| anyhow!("decode an import ballot: {e}"))?;
	Ok(ballot.votes.set_id == seat.set_id && ballot.votes.signatures.0.iter().any(|(index, _)| *index == seat.index))
}

/// The burn nonce through which every burn at `gateway` is imported.
pub async fn imported_through(at: &At, chain: u64, gateway: H160) -> Result<u64> {
	at.storage()
		.fetch(api::storage().evm_bridge().imported_through(), ((chain, gateway),))
		.await
		.map_err(|e| anyhow!("read EvmBridge.ImportedThrough: {e}"))?
		.decode()
		.map_err(|e| anyhow!("decode EvmBridge.ImportedThrough: {e}"))
}

/// Pages through the exports in flight, remembering the lowest nonce still in flight so that
/// the next pass starts there (exports only ever leave the set; a restart scans from 1 once).
#[derive(Debug, Default)]
pub struct ExportCursor {
	from: u64,
}

/// `exports_in_flight` looks at this many nonces per call (the pallet's `MAX_SCAN`).
const SCAN: u64 = 1_024;
const PAGE: u32 = 256;

impl ExportCursor {
	/// Every export in flight at `at`, nonces ascending.
	pub async fn all(&mut self, at: &At) -> Result<Vec<ExportView<AccountId32>>> {
		let last = last_export(at).await?;
		let mut from = self.from.max(1);
		let mut lowest = None;
		let mut views = Vec::new();
		while from <= last {
			let page = exports_in_flight(at, from, PAGE).await?;
			if let Some(first) = page.first() {
				lowest.get_or_insert(first.nonce);
			}
			from = match page.last() {
				Some(view) if page.len() == PAGE as usize => view.nonce + 1,
				_ => from.saturating_add(SCAN),
			};
			views.extend(page);
		}
		self.from = lowest.unwrap_or(last + 1);
		Ok(views)
	}
}
