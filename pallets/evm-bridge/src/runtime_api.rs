//! `EvmBridgeApi`: what signers, relayers and holders read, free of charge, over JSON-RPC
//! `state_call`: an export's message and signatures, the work in flight, an import's status,
//! the digest a signer signs for a burn, and a preview of an export naming every refusal and
//! every compliance rule's outcome.

use crate::{EvmAddress, EvmChainId, ExportNonce, Import, ImportNonce, MessageId, PartitionId, TokenBalance, TokenId};
use alloc::vec::Vec;
use sto_primitives::compliance::RuleReport;
use codec::Codec;

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Reads of the EVM bridge, evaluated at the state's current time. `ExportView` is the
	/// pallet's `ExportView<AccountId>`, `ImportStatus` its `ImportStatus`, `Refusal` its
	/// `Error<Runtime>` (the errors `export` would fail with), `MessageView` its
	/// `MessageView<Runtime>`. Version 2 (spec 115) adds `messages`; version 3 (spec 116)
	/// `preview_export_rules`.
	#[api_version(3)]
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
		/// (Version 2.)
		fn messages(from: MessageId, max: u32) -> Vec<MessageView>;
		/// Every compliance rule's outcome for `export` by `who` now, not only the first
		/// failure (the trading pause first, as rule `u32::MAX`): the holder sending, the EVM
		/// recipient's identity receiving. Empty when the recipient is linked to no identity or
		/// the export cannot be described (unknown token or partition; `preview_export` says).
		/// (Version 3.)
		fn preview_export_rules(who: AccountId, token: TokenId, partition: PartitionId, amount: TokenBalance, recipient: EvmAddress) -> Vec<RuleReport>;
	}
}
