//! `ComplianceApi`: the full compliance report exchanges and issuers read, free of charge,
//! over JSON-RPC `state_call`, before they submit a movement.

use crate::{RuleReport, TokenBalance};
use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use scale_info::TypeInfo;
use sto_primitives::{
	token::TokenId,
	token::{PartitionId, TransferFailure},
};

/// What a transfer would meet now: the token's verdict (ERC-1066 status and the first failing
/// check, exactly as `can_transfer`), and every compliance rule's outcome.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct TransferReport {
	/// ERC-1066 status byte (0x51 success).
	pub status: u8,
	/// The first check that refuses the transfer (the token's own checks, then the rules).
	pub failure: Option<TransferFailure>,
	/// Every rule's outcome (the trading pause first, as rule `u32::MAX`); empty when the
	/// transfer cannot be described (unknown token or partition, a party without identity:
	/// see `failure`).
	pub rules: Vec<RuleReport>,
}

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Compliance reads, evaluated at the state's current time.
	pub trait ComplianceApi<AccountId>
	where
		AccountId: Codec,
	{
		/// Every check a transfer of `amount` of `partition` from `from` to `to` would meet
		/// now: the token's verdict and each rule's outcome (not only the first failure).
		fn transfer_report(token: TokenId, partition: PartitionId, from: AccountId, to: AccountId, amount: TokenBalance) -> TransferReport;
	}
}
