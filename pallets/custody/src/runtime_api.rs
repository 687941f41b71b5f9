//! `CustodyApi`: what exchanges read, free of charge, over JSON-RPC `state_call`, before they
//! settle a batch.

use crate::{
	CashLeg, Custodian, IdentityId, Leg, Mandate, MandateFailure, PartitionId, SettlementPreview,
	TokenBalance, TokenId, VenueBinding,
};
use codec::Codec;
use polkadot_sdk::{
	frame_support::{traits::Get, BoundedVec},
	sp_core::H256,
};

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Custody reads, evaluated at the state's current time. `MaxLegs` and `MaxCashLegs` are
	/// the runtime's bounds of a batch (the pallet's `Config::MaxLegs`, `Config::MaxCashLegs`).
	pub trait CustodyApi<AccountId, AssetId, CashBalance, MaxLegs, MaxCashLegs>
	where
		AccountId: Codec,
		AssetId: Codec,
		CashBalance: Codec,
		MaxLegs: Get<u32>,
		MaxCashLegs: Get<u32>,
	{
		/// What settling `legs` and `cash_legs` under `batch_ref`, submitted by `submitter`,
		/// would meet now: the batch-level verdict and every leg's status. The code of
		/// `settle`, without writing. Bounded as `settle` is: longer lists do not decode (the
		/// call fails before any leg is looked at).
		fn preview(
			submitter: AccountId,
			batch_ref: H256,
			legs: BoundedVec<Leg<AccountId>, MaxLegs>,
			cash_legs: BoundedVec<CashLeg<AssetId, AccountId, CashBalance>, MaxCashLegs>,
		) -> SettlementPreview;
		/// An identity's holding of a token over all its wallets and partitions.
		fn identity_holding(token: TokenId, identity: IdentityId) -> TokenBalance;
		/// How much of `partition` of `token` `custodian` may still move for `investor` now,
		/// or why its mandate authorizes nothing.
		fn mandate_capacity(investor: IdentityId, custodian: IdentityId, token: TokenId, partition: PartitionId) -> Result<TokenBalance, MandateFailure>;
		/// `investor`'s mandate to `custodian` for `token`.
		fn mandate(investor: IdentityId, custodian: IdentityId, token: TokenId) -> Option<Mandate>;
		/// A custodian's licences and status.
		fn custodian(custodian: IdentityId) -> Option<Custodian>;
		/// `investor`'s venue binding at `custodian`.
		fn venue_account(investor: IdentityId, custodian: IdentityId) -> Option<VenueBinding>;
		/// The investor identity bound to `account_ref` at `custodian`'s venue.
		fn investor_of_venue_account(custodian: IdentityId, account_ref: H256) -> Option<IdentityId>;
	}
}
