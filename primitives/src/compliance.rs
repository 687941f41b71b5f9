//! What the compliance engine answers about a movement: the failure of one rule, and the
//! report of every rule. Shared by the compliance pallet (which evaluates), the token pallet
//! (which refuses with it), the runtime APIs and clients.

use crate::identity::ClaimStatus;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::frame_support::PalletError;
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// Why one compliance rule refuses a movement.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
	PalletError, Debug, Serialize, Deserialize,
)]
#[scale_info(capture_docs = "always")]
pub enum RuleFailure {
	/// The sender's identity lacks a required claim (missing, expired or out of scope).
	SenderClaim(ClaimStatus),
	/// The receiver's identity lacks a required claim (missing, expired or out of scope).
	ReceiverClaim(ClaimStatus),
	/// The rule needs the receiver's jurisdiction and it has no valid jurisdiction claim.
	JurisdictionUnknown,
	/// The receiver's jurisdiction is not on the rule's allow list.
	JurisdictionNotAllowed,
	/// The receiver's jurisdiction is on the rule's block list.
	JurisdictionBlocked,
	/// The receiver's investor type (or its absence) is not allowed.
	InvestorTypeNotAllowed,
	/// The movement would add a holder beyond the token's maximum number of holders.
	MaxHolders,
	/// The movement would add a holder beyond the maximum of the receiver's jurisdiction or
	/// investor type.
	MaxHoldersInClass,
	/// The receiving identity's balance, over all its wallets, would exceed the maximum.
	MaxBalance,
	/// The receiving identity would own more than the maximum share of the supply.
	MaxOwnership,
	/// The partition is in its holding period: no transfers before its end.
	HoldingPeriod,
	/// Outside the token's trading window.
	TradingWindowClosed,
	/// The compliance manager paused trading.
	TradingPaused,
	/// The sending identity's volume over the rolling window would exceed the limit.
	VolumeLimit,
}

/// How one rule judged a movement.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
	Debug, Serialize, Deserialize,
)]
pub enum RuleOutcome {
	/// The rule applies and is met.
	Pass,
	/// The rule applies and refuses the movement.
	Fail(RuleFailure),
	/// The rule does not apply to this movement (another partition, a movement kind it does
	/// not govern, or no party on the side it checks).
	NotApplicable,
	/// The party the rule checks is exempt.
	Exempt,
}

/// One line of a compliance report: the rule's position in the token's rule set and its
/// outcome.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
	Debug, Serialize, Deserialize,
)]
pub struct RuleReport {
	/// Index of the rule in the token's rule set.
	pub rule: u32,
	pub outcome: RuleOutcome,
}
