//! Settlement of security-token legs by other pallets (custody): the token's one movement path
//! offered as a trait, so that a settling pallet never reaches into the token's storage and
//! never moves tokens any other way.

use crate::{
	identity::IdentityId,
	token::{PartitionId, TokenId, TransferFailure},
};
use polkadot_sdk::{frame_support::weights::Weight, sp_core::H256};

/// What a settling pallet asks of the security token. Implemented by the security-token
/// pallet.
pub trait TokenSettlement<AccountId, Balance> {
	/// Move `amount` of `partition` of `token` from `from` to `to` as one settlement leg: a
	/// movement of kind `Settlement` through the token's one movement path (the token's state
	/// and the partition's transferability, freezes, lock-ups, the receiver's verification and
	/// the compliance rules on the identity-level positions), recorded with `operator` (the
	/// wallet that submitted the settlement) and `reference` (the settlement's reference) in
	/// the token's movement event. On `Err` (the first check that refuses the leg), nothing
	/// was written.
	fn settle_leg(
		token: TokenId,
		partition: PartitionId,
		from: &AccountId,
		to: &AccountId,
		amount: Balance,
		operator: &AccountId,
		reference: H256,
	) -> Result<(), TransferFailure>;

	/// The identity's holding of `token` over all its wallets and partitions: the aggregate
	/// the token maintains for compliance (one read, no iteration).
	fn identity_holding(token: TokenId, identity: IdentityId) -> Balance;

	/// The part of a leg's weight that depends on `token`'s compliance rules (what the
	/// token's own benchmarks do not cover).
	fn leg_weight(token: TokenId) -> Weight;

	/// The most [`Self::leg_weight`] can be for any token (what a settlement declares per leg
	/// before it runs; the difference is refunded).
	fn max_leg_weight() -> Weight;
}
