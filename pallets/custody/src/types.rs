//! Records the custody pallet stores, the legs of a settlement, and why a leg fails.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{frame_support::PalletError, sp_core::H256};
use scale_info::TypeInfo;
use sto_primitives::token::{PartitionId, TokenId, TransferFailure};
pub use sto_primitives::refusal::Refusal;

/// Token amounts and the chain's time: the one definition of each, in the primitives.
pub use sto_primitives::{token::TokenBalance, Moment};

/// The position of a leg in its batch, from 0 (token legs and cash legs are numbered
/// separately). One byte, so that an error can carry it together with the reason: batches
/// hold at most 256 legs of each kind (checked by the pallet's integrity test).
pub type LegIndex = u8;

/// The licences a custodian holds, as its regulator granted them. Recorded by governance and
/// shown to everyone; only the first three allow settling trades (see
/// [`LicensedRoles::may_settle`]).
#[derive(
	Clone, Copy, PartialEq, Eq, Default, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct LicensedRoles {
	/// Operates an alternative trading system (a venue matching orders).
	pub ats_operator: bool,
	/// A broker-dealer trading for its clients.
	pub broker_dealer: bool,
	/// A clearing agent settling trades.
	pub clearing_agent: bool,
	/// A transfer agent keeping an issuer's register.
	pub transfer_agent: bool,
}

impl LicensedRoles {
	/// Whether any licence is held.
	pub fn any(&self) -> bool {
		self.ats_operator || self.broker_dealer || self.clearing_agent || self.transfer_agent
	}

	/// Whether the licences allow settling trades for clients: an ATS operator, a
	/// broker-dealer or a clearing agent (a transfer agent alone keeps registers, it does not
	/// settle trades).
	pub fn may_settle(&self) -> bool {
		self.ats_operator || self.broker_dealer || self.clearing_agent
	}
}

/// Whether a custodian may act.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum CustodianStatus {
	/// It may settle, and investors may bind accounts and grant mandates to it.
	Active,
	/// Governance suspended it: no settlement, no new bindings or mandates (existing ones stay).
	Suspended,
}

/// A registered custodian.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Custodian {
	pub roles: LicensedRoles,
	pub status: CustodianStatus,
	/// Venue accounts bound to it (it may be removed only when none is left).
	pub bindings: u32,
	/// Batches it settled since the upgrade that added this field (storage version 2, which
	/// only the upgrade test's runtime has: `upgrade-test` feature).
	#[cfg(feature = "upgrade-test")]
	pub settled_batches: u64,
}

/// An investor identity's account at a custodian's venue.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct VenueBinding {
	/// Hash of the venue's own account id (no personal data on chain).
	pub account_ref: H256,
	/// Mandates the investor granted this custodian, and revoked mandates whose suspension
	/// is kept (`SuspensionsKept`); the binding may be removed only when none is left.
	pub mandates: u32,
}

/// An investor's custody mandate to a custodian for one token: the custodian may move up to
/// `cap` of the investor's tokens (of `partition`, or of any partition) in settlements,
/// without further signatures, until `expiry`.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Mandate {
	/// The only partition it covers (`None`: every partition of the token).
	pub partition: Option<PartitionId>,
	/// The most it lets the custodian move in all.
	pub cap: TokenBalance,
	/// What settled legs moved under it so far (never above `cap`).
	pub consumed: TokenBalance,
	/// When it ends (ms since the Unix epoch; `None`: it does not expire).
	pub expiry: Option<Moment>,
	/// Suspended by the token's issuer or compliance manager.
	pub suspended: bool,
	/// When the investor granted it (ms since the Unix epoch).
	pub granted_at: Moment,
}

impl Mandate {
	/// What may still be moved under it.
	pub fn remaining(&self) -> TokenBalance {
		self.cap.saturating_sub(self.consumed)
	}

	/// Whether it lets the custodian move `amount` of `partition` at `now`; if not, why.
	pub fn authorizes(&self, partition: PartitionId, amount: TokenBalance, now: Moment) -> Result<(), MandateFailure> {
		if self.partition.is_some_and(|covered| covered != partition) {
			return Err(MandateFailure::WrongPartition);
		}
		if self.expiry.is_some_and(|expiry| now >= expiry) {
			return Err(MandateFailure::Expired);
		}
		if self.suspended {
			return Err(MandateFailure::Suspended);
		}
		if amount > self.remaining() {
			return Err(MandateFailure::Exhausted);
		}
		Ok(())
	}
}

/// A token leg of a settlement batch: `amount` of `partition` of `token` from `from` (an
/// investor's wallet, authorized by a mandate, or a wallet of the custodian itself) to `to`.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct Leg<AccountId> {
	pub token: TokenId,
	pub partition: PartitionId,
	pub from: AccountId,
	pub to: AccountId,
	pub amount: TokenBalance,
}

/// A cash leg of a settlement batch (the payment of delivery versus payment): `amount` of the
/// cash asset `asset` from `from` (a wallet of the settling custodian) to `to`.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct CashLeg<AssetId, AccountId, Balance> {
	pub asset: AssetId,
	pub from: AccountId,
	pub to: AccountId,
	pub amount: Balance,
}

/// Why no mandate authorizes a token leg.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, PalletError,
	Debug,
)]
#[scale_info(capture_docs = "always")]
pub enum MandateFailure {
	/// The sending wallet belongs to no identity.
	SenderNoIdentity,
	/// The sender's identity gave this custodian no mandate for the token (never, or revoked).
	NoMandate,
	/// The mandate covers another partition of the token.
	WrongPartition,
	/// The mandate has expired.
	Expired,
	/// The token's issuer or compliance manager suspended the mandate.
	Suspended,
	/// The leg moves more than the mandate's remaining capacity.
	Exhausted,
}

/// Why a cash leg cannot be paid.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, PalletError,
	Debug,
)]
#[scale_info(capture_docs = "always")]
pub enum CashFailure {
	/// The paying account is not a wallet of the settling custodian (cash legs are paid from
	/// the custodian's own accounts).
	NotFromCustodian,
	/// The amount is zero.
	ZeroAmount,
	/// No such cash asset.
	UnknownAsset,
	/// The paying account's balance is below the amount.
	InsufficientFunds,
	/// Part of the paying account's balance is frozen.
	Frozen,
	/// The paying account would have to be removed, which it may not be.
	WouldDie,
	/// The receiving account would hold less than the asset's minimum balance.
	BelowMinimum,
	/// The receiving account cannot be created.
	CannotCreate,
	/// The receiving account may not receive the asset.
	Blocked,
	/// A balance would overflow.
	Overflow,
	/// The asset pallet refused the transfer for another reason.
	Refused,
}

/// How a token leg fares: in a preview, and as `settle` meets it (an error reports the same
/// reason with the leg's index: `LegNotAuthorized`, `LegNonCompliant` for a compliance rule,
/// `LegRefused` with the failure's code, [`Refusal`], for the token's own checks).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum LegStatus {
	/// It settles (in the state the earlier legs of the batch leave).
	Settles,
	/// No mandate authorizes it.
	NotAuthorized(MandateFailure),
	/// The token refuses it: the first failing check, with the compliance rule's index for a
	/// compliance refusal.
	Refused(TransferFailure),
}

/// How a cash leg fares in a preview.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum CashLegStatus {
	/// It is paid (in the state the token legs and the earlier cash legs leave).
	Settles,
	/// It cannot be paid.
	Failed(CashFailure),
}

/// Why a whole batch is refused before its legs are looked at.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[scale_info(capture_docs = "always")]
pub enum BatchFailure {
	/// The submitting wallet belongs to no registered custodian.
	NotCustodian,
	/// The custodian is suspended.
	CustodianSuspended,
	/// The custodian's licences do not allow settling trades.
	NotLicensedToSettle,
	/// The batch has no legs.
	EmptyBatch,
	/// The custodian already settled a batch with this reference.
	DuplicateBatchRef,
	/// The custodian's identity is not verified now (no valid KYC claim).
	CustodianNotVerified,
}

/// What a settlement batch would meet now, without writing: the batch-level verdict and the
/// status of every leg, each evaluated on the state the earlier legs leave (a failing leg is
/// left out and the following legs are still evaluated).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Default)]
pub struct SettlementPreview {
	/// Why the batch as a whole would be refused, if it would.
	pub batch: Option<BatchFailure>,
	/// One status per token leg, in order (empty when the submitter is no custodian).
	pub legs: Vec<LegStatus>,
	/// One status per cash leg, in order (empty when the submitter is no custodian).
	pub cash_legs: Vec<CashLegStatus>,
}

impl SettlementPreview {
	/// Whether the whole batch would settle.
	pub fn settles(&self) -> bool {
		self.batch.is_none() &&
			self.legs.iter().all(|leg| *leg == LegStatus::Settles) &&
			self.cash_legs.iter().all(|leg| *leg == CashLegStatus::Settles)
	}
}
