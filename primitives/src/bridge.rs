//! What the EVM bridge asks of the security token: its escrow, filled and emptied through the
//! token's one movement path (movement kinds `BridgeOut` and `BridgeIn`), so that a bridge
//! never reaches into the token's storage and never moves tokens any other way.

use crate::{
	identity::IdentityId,
	token::{PartitionId, TokenBalance, TokenId, TransferFailure},
};
use polkadot_sdk::{frame_support::weights::Weight, sp_core::H256};

/// Implemented by the security-token pallet. `escrow` is the bridge's account: it belongs to
/// no identity, its holdings are kept under [`crate::token::BRIDGE_ESCROW`], no holder.
pub trait TokenBridge<AccountId> {
	/// Lock `amount` of `holder`'s holding in `partition` of `token` in the escrow (movement
	/// kind `BridgeOut`): the sender's rules apply as to a transfer; the receiver-side rules
	/// (verification, jurisdictions, investor types, limits) judge `recipient`, the identity
	/// of the EVM address the wrapped tokens go to. `reference` (the export's digest) is in
	/// the movement event. On `Err`, nothing was written.
	fn lock(
		token: TokenId,
		partition: PartitionId,
		holder: &AccountId,
		escrow: &AccountId,
		recipient: IdentityId,
		amount: TokenBalance,
		reference: H256,
	) -> Result<(), TransferFailure>;

	/// Release `amount` of `partition` from the escrow to `to` (movement kind `BridgeIn`):
	/// `to` is judged in full as the receiver of a transfer. On `Err`, nothing was written.
	fn release(
		token: TokenId,
		partition: PartitionId,
		escrow: &AccountId,
		to: &AccountId,
		amount: TokenBalance,
		reference: H256,
	) -> Result<(), TransferFailure>;

	/// [`Self::lock`] checked, nothing written.
	fn can_lock(
		token: TokenId,
		partition: PartitionId,
		holder: &AccountId,
		escrow: &AccountId,
		recipient: IdentityId,
		amount: TokenBalance,
	) -> Result<(), TransferFailure>;

	/// Every compliance rule's outcome for [`Self::lock`] (the trading pause first, as rule
	/// `u32::MAX`), judged as the lock would be: the holder sending, `recipient`'s identity
	/// receiving. `Err` when the movement cannot be described (unknown token or partition, a
	/// holder without identity). For previews: the lock itself stops at the first failure.
	fn lock_report(
		token: TokenId,
		partition: PartitionId,
		holder: &AccountId,
		escrow: &AccountId,
		recipient: IdentityId,
		amount: TokenBalance,
	) -> Result<alloc::vec::Vec<crate::compliance::RuleReport>, TransferFailure>;

	/// [`Self::release`] checked, nothing written.
	fn can_release(
		token: TokenId,
		partition: PartitionId,
		escrow: &AccountId,
		to: &AccountId,
		amount: TokenBalance,
	) -> Result<(), TransferFailure>;

	/// Whether `identity` may hold `partition` of `token` as far as who it is goes: the token
	/// and partition exist, the identity is verified for the token and passes the token's
	/// rules about receivers (claims, jurisdictions, investor types; not amounts or counts).
	/// `Ok` with the time (ms since the Unix epoch) its verification lasts until (`None`: its
	/// claim never expires); what an EVM allow-list entry of the identity's wallet may last.
	fn admits(token: TokenId, partition: PartitionId, identity: IdentityId) -> Result<Option<u64>, TransferFailure>;

	/// Whether `who` may control `token`'s wrapped tokens on an EVM chain: force transfers
	/// (`forced`, the transfer agent's role) or freeze wallets (the freezer's role).
	fn may_control(token: TokenId, who: &AccountId, forced: bool) -> bool;

	/// What the escrow holds of `partition` of `token`.
	fn escrowed(token: TokenId, partition: PartitionId, escrow: &AccountId) -> TokenBalance;

	/// The most a lock or a release costs beyond what the bridge's own benchmarks measured
	/// with a token without rules: the compliance rules at their worst, checkpoint work.
	fn max_movement_weight() -> Weight;
}
