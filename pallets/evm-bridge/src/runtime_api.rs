//! `EvmBridgeApi`: what signers, relayers and holders read, free of charge, over JSON-RPC
//! `state_call`: an export's message and signatures, the work in flight, an import's status,
//! the digest a signer signs for a burn, and a preview of an export naming every refusal.

use crate::{EvmAddress, EvmChainId, ExportNonce, Import, ImportNonce, MessageId, PartitionId, TokenBalance, TokenId};
use alloc::vec::Vec;
use codec::Codec;

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Reads of the EVM bridge, evaluated at the state's current time. `ExportView` is the
	/// pallet's `ExportView<AccountId>`, `ImportStatus` its `ImportStatus`, `Refusal` its
	/// `Error<Runtime>` (the errors `export` would fail with), `MessageView` its
	/// `MessageView<Runtime>`. Version 2 (spec 115) adds `messages`.
	#[api_version(2)]
	pub trait EvmBridgeApi<AccountId, ExportView, ImportStatus, Refusal, MessageView>
	where
		AccountId: Codec,
		ExportView: Codec,
		ImportStatus: Codec,
		Refusal: Codec,
		MessageView: Codec,
	{
		/// Export `nonce` in flight and the signatures of its mint message collected so far
		/// (when attested: in the order the gateway checks them, keys ascending).
		fn export(nonce: ExportNonce) -> Option<ExportView>;
		/// The exports in flight with nonces from `from` on, ascending, at most `max` of them
		/// (and at most 1,024 nonces looked at): the work of signers and relayers.
		fn exports_in_flight(from: ExportNonce, max: u32) -> Vec<ExportView>;
		/// Where burn `nonce` at `gateway` on `chain` stands here.
		fn import_status(chain: EvmChainId, gateway: EvmAddress, nonce: ImportNonce) -> ImportStatus;
		/// The digest of the release message a signer signs for `import` (`None`: no route).
		fn release_digest(import: Import) -> Option<[u8; 32]>;
		/// Every reason `export` by `who` would be refused now (empty: it would pass). The
		/// token's rules are reported by their first refusal.
		fn preview_export(who: AccountId, token: TokenId, partition: PartitionId, chain: EvmChainId, amount: TokenBalance, recipient: EvmAddress) -> Vec<Refusal>;
		/// The messages for EVM contracts (allow-list entries, control messages, rotations)
		/// with ids from `from` on, ascending, at most `max` (and at most 1,024 ids looked at),
		/// each with the signatures collected: the work of signers and relayers.
		#[api_version(2)]
		fn messages(from: MessageId, max: u32) -> Vec<MessageView>;
	}
}
