//! The one compact failure code of a security-token movement: one byte that names the exact
//! reason (not only its ERC-1066 class), the code of a [`TransferFailure`] without its data
//! (the failing rule's index). Defined here once and used wherever a failure must be small:
//!
//! - the transaction pool refuses a movement with `InvalidTransaction::Custom(code)` (what
//!   @polkadot/api shows as `Custom error: <code>`), for the **policy** reasons only (a
//!   shortfall, [`Refusal::is_shortfall`], may be cured by another pending transaction);
//! - the token pallet's movement errors are the errors of these codes (`From<Refusal>` and
//!   `Error::refusal` in pallets/security-token/src/refusal.rs);
//! - the custody pallet's `LegRefused { leg, reason }` error carries it (a FRAME error encodes
//!   in at most 4 bytes, which a [`TransferFailure`] does not fit).
//!
//! The codes are stable: a new reason gets a new code, a code is never reused; SCALE encodes a
//! refusal as its code. docs/TOKENS.md lists them; [`Refusal::meaning`] says each in words for
//! clients.

use crate::{
	compliance::RuleFailure,
	identity::ClaimStatus,
	token::TransferFailure,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::frame_support::PalletError;
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// The exact reason a movement fails (`code()` is its byte, and its SCALE encoding).
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
	PalletError, Debug, Serialize, Deserialize,
)]
#[repr(u8)]
pub enum Refusal {
	// --- the token, the partition, the amount (0x01..) ---
	UnknownToken = 0x01,
	UnknownPartition = 0x02,
	ZeroAmount = 0x03,
	Granularity = 0x04,
	Paused = 0x05,
	NotActive = 0x06,
	PartitionNotTransferable = 0x07,
	SupplyCapExceeded = 0x08,
	IssuanceFinished = 0x09,
	NotControllable = 0x0A,
	SamePartition = 0x0B,
	// --- the parties (0x10..) ---
	SenderNoIdentity = 0x10,
	ReceiverNoIdentity = 0x11,
	ReceiverKycMissing = 0x12,
	ReceiverKycExpired = 0x13,
	SenderFrozen = 0x14,
	ReceiverFrozen = 0x15,
	TooManyHoldings = 0x16,
	TooManyLockups = 0x17,
	// --- the caller's authority (0x20..) ---
	CallerNoIdentity = 0x20,
	CallerNotAuthorized = 0x21,
	NotOperator = 0x22,
	// --- shortfalls, which the pool never refuses with (0x30..) ---
	InsufficientBalance = 0x30,
	InsufficientSpendable = 0x31,
	AllowanceExceeded = 0x32,
	Overflow = 0x33,
	// --- the token's compliance rules (0x40..) ---
	SenderClaimMissing = 0x40,
	SenderClaimExpired = 0x41,
	SenderClaimOutOfScope = 0x42,
	SenderClaimNoIdentity = 0x43,
	ReceiverClaimMissing = 0x44,
	ReceiverClaimExpired = 0x45,
	ReceiverClaimOutOfScope = 0x46,
	ReceiverClaimNoIdentity = 0x47,
	JurisdictionUnknown = 0x48,
	JurisdictionNotAllowed = 0x49,
	JurisdictionBlocked = 0x4A,
	InvestorTypeNotAllowed = 0x4B,
	MaxHolders = 0x4C,
	MaxHoldersInClass = 0x4D,
	MaxBalance = 0x4E,
	MaxOwnership = 0x4F,
	HoldingPeriod = 0x50,
	TradingWindowClosed = 0x51,
	TradingPaused = 0x52,
	VolumeLimit = 0x53,
}

impl Refusal {
	/// Every refusal, in code order.
	pub const ALL: [Refusal; 46] = {
		use Refusal::*;
		[
			UnknownToken, UnknownPartition, ZeroAmount, Granularity, Paused, NotActive,
			PartitionNotTransferable, SupplyCapExceeded, IssuanceFinished, NotControllable,
			SamePartition, SenderNoIdentity, ReceiverNoIdentity, ReceiverKycMissing,
			ReceiverKycExpired, SenderFrozen, ReceiverFrozen, TooManyHoldings, TooManyLockups, CallerNoIdentity,
			CallerNotAuthorized, NotOperator, InsufficientBalance, InsufficientSpendable,
			AllowanceExceeded, Overflow, SenderClaimMissing, SenderClaimExpired,
			SenderClaimOutOfScope, SenderClaimNoIdentity, ReceiverClaimMissing,
			ReceiverClaimExpired, ReceiverClaimOutOfScope, ReceiverClaimNoIdentity,
			JurisdictionUnknown, JurisdictionNotAllowed, JurisdictionBlocked,
			InvestorTypeNotAllowed, MaxHolders, MaxHoldersInClass, MaxBalance, MaxOwnership,
			HoldingPeriod, TradingWindowClosed, TradingPaused, VolumeLimit,
		]
	};

	/// Its byte (what the pool refuses with).
	pub fn code(self) -> u8 {
		self as u8
	}

	/// A shortfall (balance, spendable balance, allowance, overflow): another transaction may
	/// cure it, so the pool does not refuse a movement for it (the dispatch decides).
	pub fn is_shortfall(self) -> bool {
		matches!(self, Refusal::InsufficientBalance | Refusal::InsufficientSpendable | Refusal::AllowanceExceeded | Refusal::Overflow)
	}

	/// The refusal a code stands for.
	pub fn from_code(code: u8) -> Option<Self> {
		Self::ALL.into_iter().find(|refusal| refusal.code() == code)
	}

	/// The reason in words, for a wallet to show.
	pub fn meaning(self) -> &'static str {
		use Refusal::*;
		match self {
			UnknownToken => "no such token",
			UnknownPartition => "no such partition of the token",
			ZeroAmount => "the amount is zero",
			Granularity => "the amount is not a multiple of the token's granularity",
			Paused => "the token is paused",
			NotActive => "the token's status does not allow this movement",
			PartitionNotTransferable => "the partition's tokens may not be transferred by holders",
			SupplyCapExceeded => "the supply cap would be exceeded",
			IssuanceFinished => "issuance of the token is finished for good",
			NotControllable => "the token is not controllable (forced moves renounced)",
			SamePartition => "reclassification needs two different partitions",
			SenderNoIdentity => "the sender's account belongs to no identity",
			ReceiverNoIdentity => "the receiver's account belongs to no identity",
			ReceiverKycMissing => "the receiver's identity has no valid KYC claim from a trusted issuer",
			ReceiverKycExpired => "the receiver's KYC claim has expired",
			SenderFrozen => "the sender's account is frozen for this token",
			ReceiverFrozen => "the receiver's account is frozen for this token",
			TooManyHoldings => "the receiving identity holds the most holdings of the token it may",
			TooManyLockups => "the receiving holding has the most lock-ups it may have",
			InsufficientBalance => "the sender's balance in the partition is below the amount",
			InsufficientSpendable => "enough balance, but part of it is locked up or frozen",
			AllowanceExceeded => "the caller's allowance is below the amount",
			Overflow => "a balance or supply would overflow",
			CallerNoIdentity => "the caller's account belongs to no identity",
			CallerNotAuthorized => "the caller's identity lacks the token role this call needs",
			NotOperator => "the caller is neither an operator nor an approved spender of the holder",
			SenderClaimMissing => "compliance: the sender lacks a claim a rule requires",
			SenderClaimExpired => "compliance: a claim of the sender that a rule requires has expired",
			SenderClaimOutOfScope => "compliance: the sender's claim a rule requires is for another token",
			SenderClaimNoIdentity => "compliance: the sender has no identity",
			ReceiverClaimMissing => "compliance: the receiver lacks a claim a rule requires",
			ReceiverClaimExpired => "compliance: a claim of the receiver that a rule requires has expired",
			ReceiverClaimOutOfScope => "compliance: the receiver's claim a rule requires is for another token",
			ReceiverClaimNoIdentity => "compliance: the receiver has no identity",
			JurisdictionUnknown => "compliance: a jurisdiction rule needs the receiver's jurisdiction and it has none",
			JurisdictionNotAllowed => "compliance: the receiver's jurisdiction is not on the allow list",
			JurisdictionBlocked => "compliance: the receiver's jurisdiction is blocked",
			InvestorTypeNotAllowed => "compliance: the receiver's investor type is not allowed",
			MaxHolders => "compliance: the token's maximum number of holders would be exceeded",
			MaxHoldersInClass => "compliance: the maximum number of holders of the receiver's class would be exceeded",
			MaxBalance => "compliance: the receiving identity's balance would exceed the maximum",
			MaxOwnership => "compliance: the receiving identity would own more than the maximum share",
			HoldingPeriod => "compliance: the partition is in its holding period",
			TradingWindowClosed => "compliance: outside the token's trading window",
			TradingPaused => "compliance: trading is paused by the compliance manager",
			VolumeLimit => "compliance: the sender's volume limit over the rolling window would be exceeded",
		}
	}

	/// The code of a movement's failure (the compliance rule's index left out).
	pub fn of(failure: TransferFailure) -> Self {
		use Refusal as R;
		use TransferFailure as F;
		match failure {
			F::UnknownToken => R::UnknownToken,
			F::UnknownPartition => R::UnknownPartition,
			F::ZeroAmount => R::ZeroAmount,
			F::Granularity => R::Granularity,
			F::Paused => R::Paused,
			F::NotActive => R::NotActive,
			F::PartitionNotTransferable => R::PartitionNotTransferable,
			F::SenderNoIdentity => R::SenderNoIdentity,
			F::ReceiverNoIdentity => R::ReceiverNoIdentity,
			F::ReceiverNotVerified(ClaimStatus::Expired) => R::ReceiverKycExpired,
			F::ReceiverNotVerified(_) => R::ReceiverKycMissing,
			F::SenderFrozen => R::SenderFrozen,
			F::ReceiverFrozen => R::ReceiverFrozen,
			F::InsufficientBalance => R::InsufficientBalance,
			F::InsufficientSpendable => R::InsufficientSpendable,
			F::SupplyCapExceeded => R::SupplyCapExceeded,
			F::IssuanceFinished => R::IssuanceFinished,
			F::NotOperator => R::NotOperator,
			F::AllowanceExceeded => R::AllowanceExceeded,
			F::TooManyHoldings => R::TooManyHoldings,
			F::TooManyLockups => R::TooManyLockups,
			F::Overflow => R::Overflow,
			F::NotControllable => R::NotControllable,
			F::Compliance(_, rule) => R::of_rule(rule),
		}
	}

	/// The compliance rule's failure a code stands for (`None`: not a compliance code). The
	/// inverse of [`Self::of_rule`] (a claim rule's failure is never `Valid`).
	pub fn rule(self) -> Option<RuleFailure> {
		use Refusal::*;
		use RuleFailure as F;
		Some(match self {
			SenderClaimMissing => F::SenderClaim(ClaimStatus::Missing),
			SenderClaimExpired => F::SenderClaim(ClaimStatus::Expired),
			SenderClaimOutOfScope => F::SenderClaim(ClaimStatus::OutOfScope),
			SenderClaimNoIdentity => F::SenderClaim(ClaimStatus::NoIdentity),
			ReceiverClaimMissing => F::ReceiverClaim(ClaimStatus::Missing),
			ReceiverClaimExpired => F::ReceiverClaim(ClaimStatus::Expired),
			ReceiverClaimOutOfScope => F::ReceiverClaim(ClaimStatus::OutOfScope),
			ReceiverClaimNoIdentity => F::ReceiverClaim(ClaimStatus::NoIdentity),
			JurisdictionUnknown => F::JurisdictionUnknown,
			JurisdictionNotAllowed => F::JurisdictionNotAllowed,
			JurisdictionBlocked => F::JurisdictionBlocked,
			InvestorTypeNotAllowed => F::InvestorTypeNotAllowed,
			MaxHolders => F::MaxHolders,
			MaxHoldersInClass => F::MaxHoldersInClass,
			MaxBalance => F::MaxBalance,
			MaxOwnership => F::MaxOwnership,
			HoldingPeriod => F::HoldingPeriod,
			TradingWindowClosed => F::TradingWindowClosed,
			TradingPaused => F::TradingPaused,
			VolumeLimit => F::VolumeLimit,
			_ => return None,
		})
	}

	/// The refusal of a compliance rule's failure.
	pub fn of_rule(failure: RuleFailure) -> Self {
		use Refusal::*;
		let claim = |status: ClaimStatus, missing, expired, out_of_scope, no_identity| match status {
			ClaimStatus::Expired => expired,
			ClaimStatus::OutOfScope => out_of_scope,
			ClaimStatus::NoIdentity => no_identity,
			ClaimStatus::Valid | ClaimStatus::Missing => missing,
		};
		match failure {
			RuleFailure::SenderClaim(status) => claim(
				status,
				SenderClaimMissing,
				SenderClaimExpired,
				SenderClaimOutOfScope,
				SenderClaimNoIdentity,
			),
			RuleFailure::ReceiverClaim(status) => claim(
				status,
				ReceiverClaimMissing,
				ReceiverClaimExpired,
				ReceiverClaimOutOfScope,
				ReceiverClaimNoIdentity,
			),
			RuleFailure::JurisdictionUnknown => JurisdictionUnknown,
			RuleFailure::JurisdictionNotAllowed => JurisdictionNotAllowed,
			RuleFailure::JurisdictionBlocked => JurisdictionBlocked,
			RuleFailure::InvestorTypeNotAllowed => InvestorTypeNotAllowed,
			RuleFailure::MaxHolders => MaxHolders,
			RuleFailure::MaxHoldersInClass => MaxHoldersInClass,
			RuleFailure::MaxBalance => MaxBalance,
			RuleFailure::MaxOwnership => MaxOwnership,
			RuleFailure::HoldingPeriod => HoldingPeriod,
			RuleFailure::TradingWindowClosed => TradingWindowClosed,
			RuleFailure::TradingPaused => TradingPaused,
			RuleFailure::VolumeLimit => VolumeLimit,
		}
	}
}

impl From<TransferFailure> for Refusal {
	fn from(failure: TransferFailure) -> Self {
		Refusal::of(failure)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn codes_are_distinct_and_round_trip() {
		let mut seen = alloc::collections::BTreeSet::new();
		for refusal in Refusal::ALL {
			assert!(seen.insert(refusal.code()), "{refusal:?} reuses a code");
			assert_eq!(Refusal::from_code(refusal.code()), Some(refusal));
			assert!(!refusal.meaning().is_empty());
		}
		assert!(Refusal::ALL.windows(2).all(|pair| pair[0].code() < pair[1].code()), "ALL is in code order");
		assert_eq!(Refusal::from_code(0x00), None);
		assert_eq!(Refusal::from_code(0xFF), None);
	}

	#[test]
	fn the_encoding_is_the_code() {
		use codec::{Decode, Encode};
		for refusal in Refusal::ALL {
			assert_eq!(refusal.encode(), [refusal.code()]);
			assert_eq!(Refusal::decode(&mut &[refusal.code()][..]), Ok(refusal));
		}
		assert_eq!(<Refusal as polkadot_sdk::frame_support::traits::PalletError>::MAX_ENCODED_SIZE, 1);
	}

	#[test]
	fn compliance_codes_round_trip() {
		for refusal in Refusal::ALL {
			match refusal.rule() {
				Some(rule) => assert_eq!(Refusal::of_rule(rule), refusal),
				None => assert!(refusal.code() < 0x40, "{refusal:?} is a compliance code without a rule"),
			}
		}
		assert_eq!(Refusal::of(TransferFailure::Compliance(3, RuleFailure::MaxBalance)), Refusal::MaxBalance);
		assert_eq!(Refusal::of(TransferFailure::ReceiverNotVerified(ClaimStatus::Expired)), Refusal::ReceiverKycExpired);
	}
}
