//! Security-token types shared with compliance, custody, the identity registry and clients:
//! token ids and amounts, partitions, movement kinds, transfer status codes (ERC-1066) and the
//! reasons a movement is refused; the compliance hook every movement passes through, and what
//! the identity registry asks of the token (its authority over a token's issuers, the tokens'
//! side of a wallet leaving its identity).

use crate::{
	compliance::{RuleFailure, RuleReport},
	identity::{ClaimStatus, IdentityId},
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use polkadot_sdk::frame_support::weights::Weight;
use serde::{Deserialize, Serialize};

/// A security token's id (assigned by the security-token pallet).
pub type TokenId = u32;

/// An amount of a security token, in the token's smallest unit (every pallet and client that
/// counts tokens uses this type).
pub type TokenBalance = u128;

/// A partition (tranche) of a token, numbered from 0 (the default partition) in creation order.
pub type PartitionId = u16;

/// Why tokens moved. Every movement emits one event with its kind, so a cap table is rebuilt
/// from events alone.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
	Debug, Serialize, Deserialize,
)]
pub enum MovementKind {
	/// New tokens to a holder.
	Issue,
	/// A holder's own transfer.
	Transfer,
	/// A transfer by an operator or an approved spender of the holder.
	Operator,
	/// A forced transfer by the transfer agent.
	Controller,
	/// Tokens destroyed (by the holder, an operator or the transfer agent).
	Redeem,
	/// Tokens moved between two partitions of the same holder.
	Reclassify,
	/// A leg of a custodial settlement.
	Settlement,
	/// A whole holding moved from a lost wallet to the new primary wallet of the same identity
	/// by a governed recovery. Nothing changes owner (the identity is the same), so it works
	/// whatever the token's status, pause, control and partition rights, the receiving wallet
	/// is not asked for verification, and no compliance rule applies; the holding's lock-ups
	/// and partial freeze go with it.
	Recovery,
	/// Tokens locked in the EVM bridge's escrow (the event's receiver is the bridge's
	/// account), for a wrapped token minted on an outside EVM chain. The sender's rules apply
	/// as to a transfer (freezes, lock-ups, holding periods, volume limits, transferability);
	/// the receiver-side rules are judged against the identity the EVM recipient's address is
	/// linked to. The escrow ([`BRIDGE_ESCROW`]) is no holder: it is not counted in holder
	/// counts and the compliance statistics never see it.
	BridgeOut,
	/// Tokens released from the EVM bridge's escrow (the event's sender is the bridge's
	/// account) after their wrapped twins were burned on the EVM chain: the receiver is judged
	/// in full, as the receiver of a transfer is; the escrow is no sender the rules see.
	BridgeIn,
}

impl MovementKind {
	/// A movement into or out of the EVM bridge's escrow.
	pub fn is_bridge(self) -> bool {
		matches!(self, Self::BridgeOut | Self::BridgeIn)
	}
}

/// The identity the EVM bridge's escrow holds its positions under. The identity registry
/// numbers identities from 1 upwards and never reaches it; no wallet belongs to it. Positions
/// of this identity are tokens exported to EVM chains: no holder, in no statistic.
pub const BRIDGE_ESCROW: IdentityId = IdentityId::MAX;

/// ERC-1066 application status codes of a transfer check.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
	Debug, Serialize, Deserialize,
)]
pub enum TransferStatus {
	/// 0x50: failure.
	Failure,
	/// 0x51: success.
	Success,
	/// 0x52: insufficient balance.
	InsufficientBalance,
	/// 0x53: invalid receiver.
	InvalidReceiver,
	/// 0x54: invalid sender.
	InvalidSender,
	/// 0x55: invalid operator.
	InvalidOperator,
	/// 0x56: invalid approval (allowance).
	InvalidApproval,
	/// 0x57: invalid data (e.g. an expired claim).
	InvalidData,
	/// 0x58: transfers halted.
	TransfersHalted,
}

impl TransferStatus {
	/// The ERC-1066 byte.
	pub fn code(&self) -> u8 {
		match self {
			TransferStatus::Failure => 0x50,
			TransferStatus::Success => 0x51,
			TransferStatus::InsufficientBalance => 0x52,
			TransferStatus::InvalidReceiver => 0x53,
			TransferStatus::InvalidSender => 0x54,
			TransferStatus::InvalidOperator => 0x55,
			TransferStatus::InvalidApproval => 0x56,
			TransferStatus::InvalidData => 0x57,
			TransferStatus::TransfersHalted => 0x58,
		}
	}
}

/// The exact check a movement fails.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
	Debug, Serialize, Deserialize,
)]
#[scale_info(capture_docs = "always")]
pub enum TransferFailure {
	/// No such token.
	UnknownToken,
	/// No such partition of the token.
	UnknownPartition,
	/// The amount is zero.
	ZeroAmount,
	/// The amount is not a multiple of the token's granularity.
	Granularity,
	/// The token is paused.
	Paused,
	/// The token's status does not allow this movement (e.g. transfers while issuing only).
	NotActive,
	/// The partition's tokens may not be transferred.
	PartitionNotTransferable,
	/// The sender's account belongs to no identity.
	SenderNoIdentity,
	/// The receiver's account belongs to no identity.
	ReceiverNoIdentity,
	/// The receiver is not verified: its KYC claim is missing, expired or out of scope.
	ReceiverNotVerified(ClaimStatus),
	/// The sender's account is frozen for this token.
	SenderFrozen,
	/// The receiver's account is frozen for this token.
	ReceiverFrozen,
	/// The sender's balance in the partition is below the amount.
	InsufficientBalance,
	/// Enough balance, but part of it is locked up or frozen.
	InsufficientSpendable,
	/// Issuance would exceed the token's supply cap.
	SupplyCapExceeded,
	/// The token's issuance is finished for good.
	IssuanceFinished,
	/// The caller is not an operator of the holder for this partition.
	NotOperator,
	/// The caller's allowance is below the amount.
	AllowanceExceeded,
	/// The holder's identity already has the most holdings it may have.
	TooManyHoldings,
	/// A balance or supply would overflow.
	Overflow,
	/// The token is not controllable (forced transfers renounced).
	NotControllable,
	/// A compliance rule of the token refuses the movement: the index of the first failing
	/// rule in the token's rule set, and why.
	Compliance(u32, RuleFailure),
	/// The receiving holding has the most lock-ups it may have (an issuance with a lock-up).
	TooManyLockups,
}

impl TransferFailure {
	/// The ERC-1066 status of this failure.
	pub fn status(&self) -> TransferStatus {
		use TransferFailure::*;
		match self {
			InsufficientBalance | InsufficientSpendable => TransferStatus::InsufficientBalance,
			ReceiverNoIdentity | ReceiverFrozen => TransferStatus::InvalidReceiver,
			ReceiverNotVerified(ClaimStatus::Expired) => TransferStatus::InvalidData,
			ReceiverNotVerified(_) => TransferStatus::InvalidReceiver,
			SenderNoIdentity | SenderFrozen => TransferStatus::InvalidSender,
			NotOperator => TransferStatus::InvalidOperator,
			AllowanceExceeded => TransferStatus::InvalidApproval,
			Paused | NotActive | PartitionNotTransferable => TransferStatus::TransfersHalted,
			Compliance(_, failure) => match failure {
				RuleFailure::SenderClaim(ClaimStatus::Expired) |
				RuleFailure::ReceiverClaim(ClaimStatus::Expired) => TransferStatus::InvalidData,
				RuleFailure::SenderClaim(_) => TransferStatus::InvalidSender,
				RuleFailure::ReceiverClaim(_) |
				RuleFailure::JurisdictionUnknown |
				RuleFailure::JurisdictionNotAllowed |
				RuleFailure::JurisdictionBlocked |
				RuleFailure::InvestorTypeNotAllowed => TransferStatus::InvalidReceiver,
				RuleFailure::HoldingPeriod |
				RuleFailure::TradingWindowClosed |
				RuleFailure::TradingPaused => TransferStatus::TransfersHalted,
				RuleFailure::MaxHolders |
				RuleFailure::MaxHoldersInClass |
				RuleFailure::MaxBalance |
				RuleFailure::MaxOwnership |
				RuleFailure::VolumeLimit => TransferStatus::Failure,
			},
			UnknownToken | UnknownPartition | ZeroAmount | Granularity | SupplyCapExceeded |
			IssuanceFinished | TooManyHoldings | TooManyLockups | Overflow | NotControllable =>
				TransferStatus::Failure,
		}
	}
}

/// One side of a movement as the compliance hook sees it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Party<AccountId, Balance> {
	/// The wallet.
	pub account: AccountId,
	/// Its identity.
	pub identity: IdentityId,
	/// The identity's balance of the token over all wallets and partitions, before the move.
	pub holding_before: Balance,
}

/// A movement about to happen (or being dry-run), with the identity-level positions the
/// compliance rules need.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Movement<AccountId, Balance, Moment> {
	pub token: TokenId,
	pub partition: PartitionId,
	/// The partition tokens arrive in (differs from `partition` when reclassifying).
	pub to_partition: PartitionId,
	pub kind: MovementKind,
	/// `None` for issuance.
	pub from: Option<Party<AccountId, Balance>>,
	/// `None` for redemption.
	pub to: Option<Party<AccountId, Balance>>,
	pub amount: Balance,
	/// The token's supply before the move.
	pub supply_before: Balance,
	/// Identities holding the token before the move.
	pub holders_before: u32,
	/// Time of the check (ms since the Unix epoch).
	pub now: Moment,
}

/// The compliance engine every movement passes through: `check` before anything is written
/// (and by `can_transfer`), `moved` after the balances changed (to keep statistics).
pub trait ComplianceHook<AccountId, Balance, Moment> {
	/// Ok, or the index of the first rule the movement breaks and why.
	fn check(movement: &Movement<AccountId, Balance, Moment>) -> Result<(), (u32, RuleFailure)>;
	/// The movement happened.
	fn moved(movement: &Movement<AccountId, Balance, Moment>);
	/// What `check` and `moved` cost for a movement of `token` under its current rules
	/// (storage reads included), at their worst for the token: the statistics `moved` keeps
	/// (for every token, with or without rules) and the rules' checks. The part of a
	/// movement's weight the token's own benchmark does not cover.
	fn movement_weight(token: TokenId) -> Weight;
	/// The most `movement_weight` can be for any token (what a movement call declares before
	/// it runs; the difference is refunded).
	fn max_movement_weight() -> Weight;
	/// The rules about who the receiver of `movement` is (claims required of the receiver,
	/// allowed and blocked jurisdictions, allowed investor types), exemptions honoured; not
	/// the rules about amounts, holder counts, time or the trading pause. Ok, or the first
	/// such rule the receiver fails. Costs at most what `check` does.
	fn admits(movement: &Movement<AccountId, Balance, Moment>) -> Result<(), (u32, RuleFailure)>;
	/// Every rule's outcome for `movement`, not only the first failure (the trading pause
	/// first, as rule `u32::MAX`): for previews, never on a movement's path.
	fn report(movement: &Movement<AccountId, Balance, Moment>) -> alloc::vec::Vec<RuleReport>;
}

/// No rules beyond identity verification (which the token pallet itself enforces).
impl<AccountId, Balance, Moment> ComplianceHook<AccountId, Balance, Moment> for () {
	fn check(_: &Movement<AccountId, Balance, Moment>) -> Result<(), (u32, RuleFailure)> {
		Ok(())
	}
	fn admits(_: &Movement<AccountId, Balance, Moment>) -> Result<(), (u32, RuleFailure)> {
		Ok(())
	}
	fn report(_: &Movement<AccountId, Balance, Moment>) -> alloc::vec::Vec<RuleReport> {
		alloc::vec::Vec::new()
	}
	fn moved(_: &Movement<AccountId, Balance, Moment>) {}
	fn movement_weight(_: TokenId) -> Weight {
		Weight::zero()
	}
	fn max_movement_weight() -> Weight {
		Weight::zero()
	}
}

/// What the compliance engine asks of the token: its partitions (to validate partition-scoped
/// rules) and the identity-level description of a hypothetical movement (for reports).
/// Implemented by the security-token pallet.
pub trait TokenInspect<AccountId, Balance, Moment> {
	/// How many partitions `token` has (`None`: no such token).
	fn partition_count(token: TokenId) -> Option<u32>;

	/// `movement` as the token would hand it to the compliance hook now: the parties'
	/// identities and identity-level holdings, the supply and holder count. `Err` names the
	/// first reason it cannot be described (unknown token or partition, an account without an
	/// identity, insufficient balance, ...).
	fn describe(
		token: TokenId,
		partition: PartitionId,
		to_partition: PartitionId,
		kind: MovementKind,
		from: Option<AccountId>,
		to: Option<AccountId>,
		amount: Balance,
	) -> Result<Movement<AccountId, Balance, Moment>, TransferFailure>;

	/// Every holding of `token`, described as the issuance that would bring it about last: the
	/// holder's other holdings, the other holders and the rest of the supply already there.
	/// Reads every position of the token: for checking a genesis state against rules set after
	/// it, never in a transaction. Empty for an unknown token.
	fn holdings_as_issuances(token: TokenId) -> alloc::vec::Vec<Movement<AccountId, Balance, Moment>>;
}

/// Who may name a token's own trusted claim issuers: answered by the security-token pallet
/// (the token's compliance manager). `()` answers "nobody" (only governance may).
pub trait TokenAuthority<AccountId> {
	/// Whether `who` may manage `token`'s compliance settings.
	fn can_manage_compliance(token: TokenId, who: &AccountId) -> bool;
	/// Whether `token` exists.
	fn token_exists(token: TokenId) -> bool;
}

impl<AccountId> TokenAuthority<AccountId> for () {
	fn can_manage_compliance(_: TokenId, _: &AccountId) -> bool {
		false
	}
	fn token_exists(_: TokenId) -> bool {
		true
	}
}

/// The token side of a wallet leaving its identity, implemented by the security-token pallet.
/// A holding's wallet must belong to the identity whose position counts it, so a wallet leaves
/// its identity only when it holds nothing ([`Self::release_wallet`]) or when its holdings move
/// with it to another wallet of the identity ([`Self::move_wallet`], governed recovery).
///
/// The token keeps no per-wallet counter (a counter would be written by every transfer that
/// opens or empties a wallet's holding): both read the identity's positions, at most
/// `max_positions` of them (the caller's witness, which its weight was charged for), and
/// return how many they read (for the refund). `()` holds no tokens: every wallet may leave.
pub trait WalletGuard<AccountId> {
	/// `account`, a wallet of `identity`, is about to leave it: `Err(WalletInUse)` when it holds
	/// a balance of any token. A wallet that holds nothing leaves freely: its account freezes
	/// are dropped (a freeze of a wallet that holds nothing does not keep it in its identity;
	/// once unlinked it can receive no token at all).
	fn release_wallet(identity: IdentityId, account: &AccountId, max_positions: u32) -> Result<u32, WalletGuardError>;

	/// The most [`Self::release_wallet`] costs when it reads `positions` positions.
	fn release_wallet_weight(positions: u32) -> Weight;

	/// Governed recovery: move every holding of `from` (every token, every partition) to `to`,
	/// both wallets of `identity`, through the token's one movement path (kind `Recovery`, one
	/// event per holding), with the holdings' lock-ups and partial freezes; an account freeze
	/// of `from` carries to `to`. Afterwards `from` holds nothing and is frozen nowhere.
	fn move_wallet(
		identity: IdentityId,
		from: &AccountId,
		to: &AccountId,
		max_positions: u32,
	) -> Result<u32, WalletGuardError>;

	/// The most [`Self::move_wallet`] costs when it reads `positions` positions.
	fn move_wallet_weight(positions: u32) -> Weight;
}

/// Why a [`WalletGuard`] refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WalletGuardError {
	/// The identity holds positions in more tokens than the caller's witness said.
	PositionsWitnessTooLow,
	/// The wallet holds tokens.
	WalletInUse,
	/// A holding could not be moved (the token refused the movement).
	Movement(TransferFailure),
}

impl<AccountId> WalletGuard<AccountId> for () {
	fn release_wallet(_: IdentityId, _: &AccountId, _: u32) -> Result<u32, WalletGuardError> {
		Ok(0)
	}

	fn release_wallet_weight(_: u32) -> Weight {
		Weight::zero()
	}

	fn move_wallet(_: IdentityId, _: &AccountId, _: &AccountId, _: u32) -> Result<u32, WalletGuardError> {
		Ok(0)
	}

	fn move_wallet_weight(_: u32) -> Weight {
		Weight::zero()
	}
}
