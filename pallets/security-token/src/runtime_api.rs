//! `TokenApi`: what issuers, exchanges and cap-table services read, free of charge, over
//! JSON-RPC `state_call`.

use crate::{
	HoldingView, IdentityId, PartitionId, TokenBalance, TokenId, TransferFailure,
	TransferStatus,
};
use alloc::vec::Vec;
use codec::Codec;

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Reads of the security tokens, evaluated at the state's current time.
	pub trait TokenApi<AccountId, Moment, TokenDetails, Document>
	where
		AccountId: Codec,
		Moment: Codec,
		TokenDetails: Codec,
		Document: Codec,
	{
		/// Whether `from` could transfer `amount` of `partition` to `to` now: the ERC-1066
		/// status byte (0x51 success) and the failing check. The exact checks of
		/// `transfer_by_partition`, without writing.
		fn can_transfer(token: TokenId, partition: PartitionId, from: AccountId, to: AccountId, amount: TokenBalance) -> (u8, Option<TransferFailure>);
		/// The token's terms and state (supply, holder count, partitions, status).
		fn token(token: TokenId) -> Option<TokenDetails>;
		/// A wallet's balance in one partition.
		fn balance_of(token: TokenId, partition: PartitionId, account: AccountId) -> TokenBalance;
		/// An identity's balance over all its wallets and partitions.
		fn identity_balance(token: TokenId, identity: IdentityId) -> TokenBalance;
		/// A wallet's holdings: balance, spendable, frozen and lock-ups per partition.
		fn holdings(token: TokenId, account: AccountId) -> Vec<HoldingView<Moment>>;
		/// The token's documents by name.
		fn documents(token: TokenId) -> Vec<(Vec<u8>, Document)>;
	}
}

/// The status byte of a check's outcome.
pub fn status_code(status: TransferStatus) -> u8 {
	status.code()
}
