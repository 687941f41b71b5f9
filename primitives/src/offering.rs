//! Primary offerings (the offering pallet) and the security token: issuance of units sold in an
//! offering, reserved against the token's supply cap while the offering lives, so that manual
//! issuance cannot make its settlement fail, and issued through the token's one movement path.

use crate::{
	token::{PartitionId, TokenBalance, TokenId, TransferFailure},
	Moment,
};
use polkadot_sdk::{frame_support::weights::Weight, sp_core::H256};

/// What an offering asks of the security token. Implemented by the security-token pallet.
///
/// A token's **reservation** is the part of its issuable amount promised to offerings: manual
/// issuance counts it as issued against the cap (`supply + reserved + amount ≤ cap`), the cap
/// cannot drop below `supply + reserved`, and issuance cannot be finished nor the token closed
/// while anything is reserved. Issuance from the reservation ([`Self::issue_reserved`]) turns
/// reserved units into supply.
pub trait TokenIssuance<AccountId> {
	/// Whether `who` (a wallet) may sell `token`'s units: a wallet of an identity with the
	/// token's supply-manager role (the owner has every role).
	fn can_sell(token: TokenId, who: &AccountId) -> bool;

	/// Reserve `amount` of `token`'s issuable amount for an offering of `partition`. `Err`: an
	/// unknown token or partition, issuance finished or the token closed, an amount that is
	/// not a multiple of the granularity, or a cap that `supply + reserved + amount` would
	/// exceed (`SupplyCapExceeded`). Nothing is written on `Err`.
	fn reserve(token: TokenId, partition: PartitionId, amount: TokenBalance) -> Result<(), TransferFailure>;

	/// Give back `amount` of `token`'s reservation (saturating at zero).
	fn unreserve(token: TokenId, amount: TokenBalance);

	/// What is reserved of `token` now.
	fn reserved(token: TokenId) -> TokenBalance;

	/// The dry run of [`Self::issue_reserved`] now (nothing written): the token's state, the
	/// receiver's identity and verification, its holdings and every compliance rule. The
	/// reservation must cover `amount`.
	fn can_issue_reserved(
		token: TokenId,
		partition: PartitionId,
		to: &AccountId,
		amount: TokenBalance,
		lockup_until: Option<Moment>,
	) -> Result<(), TransferFailure>;

	/// Issue `amount` of `partition` to `to` from the reservation, through the token's one
	/// movement path (kind `Issue`, with `operator` and `reference` in its event), locked up
	/// until `lockup_until` when given (a lock-up with the same release merges). On `Err`
	/// nothing was written (the reservation is unchanged). `Ok` is the weight of the
	/// checkpoint work it did (beyond [`Self::max_issue_weight`]'s base).
	fn issue_reserved(
		token: TokenId,
		partition: PartitionId,
		to: &AccountId,
		amount: TokenBalance,
		lockup_until: Option<Moment>,
		operator: &AccountId,
		reference: H256,
	) -> Result<Weight, TransferFailure>;

	/// Whether `failure` concerns the token as a whole (its state, pause, issuance, cap), not
	/// the receiver: an offering's settlement waits instead of refunding the subscriber.
	fn is_token_wide(failure: &TransferFailure) -> bool {
		use TransferFailure::*;
		matches!(
			failure,
			UnknownToken | UnknownPartition | Paused | NotActive | IssuanceFinished | SupplyCapExceeded | Granularity
		)
	}

	/// What the token's compliance rules and checkpoint work add to one issuance of `token`
	/// (its benchmarks do not cover them).
	fn issue_weight(token: TokenId) -> Weight;

	/// The most [`Self::issue_weight`] can be for any token.
	fn max_issue_weight() -> Weight;
}
