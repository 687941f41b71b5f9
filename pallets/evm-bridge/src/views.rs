//! Reads for the runtime API (`runtime_api::EvmBridgeApi`): an export with its signatures, the
//! exports in flight, an import's status, the release digest of a burn.

use crate::*;
use alloc::vec::Vec;

/// The most export nonces one `exports_in_flight` looks at.
pub const MAX_SCAN: u64 = 1_024;

/// An export in flight, with what a relayer needs to mint it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct ExportView<AccountId> {
	pub nonce: ExportNonce,
	pub export: Export<AccountId>,
	/// The route's wrapped token, which the mint message names.
	pub wrapped: EvmAddress,
	/// The set whose signatures are collected (`None`: no vote yet).
	pub set_id: Option<SetId>,
	/// The signatures of the mint message collected so far, in the set's key order (the
	/// gateway's order).
	pub signatures: Vec<EvmSignature>,
}

/// Where a burn stands here.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum ImportStatus {
	/// No signer attested it yet.
	Unseen,
	/// Signers of set `set_id` attested `digest`, `votes` of them, below the threshold.
	Collecting { set_id: SetId, digest: [u8; 32], votes: u32 },
	/// Imported: released, or quarantined.
	Imported,
}

impl<T: Config> Pallet<T> {
	/// Export `nonce` in flight with its mint signatures so far.
	pub fn export_view(nonce: ExportNonce) -> Option<ExportView<T::AccountId>> {
		let export = Exports::<T>::get(nonce)?;
		let wrapped = Routes::<T>::get((export.token, export.partition), export.chain)
			.map(|route| route.wrapped)
			.unwrap_or_default();
		let votes = Attestations::<T>::get(AttestationKind::Export, nonce);
		let set_id = votes.as_ref().map(|votes| votes.set_id);
		let mut signatures = votes.map(|votes| votes.signatures.into_inner()).unwrap_or_default();
		signatures.sort_by_key(|(index, _)| *index);
		Some(ExportView {
			nonce,
			export,
			wrapped,
			set_id,
			signatures: signatures.into_iter().map(|(_, signature)| signature).collect(),
		})
	}

	/// The exports in flight from nonce `from` on, at most `max`, looking at most at
	/// `MAX_SCAN` nonces.
	pub fn exports_in_flight(from: ExportNonce, max: u32) -> Vec<ExportView<T::AccountId>> {
		let last = LastExport::<T>::get();
		let end = from.saturating_add(MAX_SCAN).min(last.saturating_add(1));
		(from.max(1)..end).filter_map(Self::export_view).take(max as usize).collect()
	}

	/// Where burn `nonce` at `gateway` on `chain` stands.
	pub fn import_status(chain: EvmChainId, gateway: EvmAddress, nonce: ImportNonce) -> ImportStatus {
		if nonce > 0 && Self::is_imported(chain, &gateway, nonce) {
			return ImportStatus::Imported;
		}
		match ImportVotes::<T>::get((chain, gateway), nonce) {
			Some(ballot) => ImportStatus::Collecting {
				set_id: ballot.votes.set_id,
				digest: ballot.votes.digest,
				votes: ballot.votes.signatures.len() as u32,
			},
			None => ImportStatus::Unseen,
		}
	}

	/// The digest of the release message for `import` on its route (`None`: no route).
	pub fn release_digest_of(import: &Import) -> Option<[u8; 32]> {
		let route = Routes::<T>::get((import.token, import.partition), import.chain)?;
		Some(Self::release_digest(&route, import))
	}
}

/// A message for an EVM contract with the signatures collected for it.
#[derive(
	frame_support::CloneNoBound,
	frame_support::PartialEqNoBound,
	frame_support::EqNoBound,
	frame_support::DebugNoBound,
	Encode,
	Decode,
	TypeInfo,
)]
#[scale_info(skip_type_params(T))]
pub struct MessageView<T: Config> {
	pub id: MessageId,
	pub message: Message<T>,
	/// The set whose signatures are collected (`None`: no vote yet).
	pub set_id: Option<SetId>,
	/// The signatures collected so far, in the set's key order (the verifier's order).
	pub signatures: Vec<EvmSignature>,
}

impl<T: Config> Pallet<T> {
	/// Message `id` with its signatures so far.
	pub fn message_view(id: MessageId) -> Option<MessageView<T>> {
		let message = Messages::<T>::get(id)?;
		let votes = Attestations::<T>::get(AttestationKind::Message, id);
		let set_id = votes.as_ref().map(|votes| votes.set_id);
		let mut signatures = votes.map(|votes| votes.signatures.into_inner()).unwrap_or_default();
		signatures.sort_by_key(|(index, _)| *index);
		Some(MessageView { id, message, set_id, signatures: signatures.into_iter().map(|(_, s)| s).collect() })
	}

	/// The messages from id `from` on, ascending, at most `max`, looking at most at
	/// `MAX_SCAN` ids.
	pub fn messages_from(from: MessageId, max: u32) -> Vec<MessageView<T>> {
		let last = LastMessage::<T>::get();
		let end = from.saturating_add(MAX_SCAN).min(last.saturating_add(1));
		(from.max(1)..end).filter_map(Self::message_view).take(max as usize).collect()
	}
}
