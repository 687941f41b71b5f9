//! # EVM Bridge Pallet (signers, routes, pause, exports, imports and their attestations)
//!
//! The bridge exports a token's partition to an outside EVM chain (locked here in the bridge's
//! escrow, minted there as a wrapped token) and imports it back (burned there, released here).
//! The consortium is the root of trust: each member runs one bridge signer with its own
//! secp256k1 key, and a message is valid with the EIP-712 signatures of a threshold of the
//! current signer set. This part holds what the messages are checked against:
//!
//! - **Signer sets** ([`Pallet::set_signers`], governance): each signer a Substrate account
//!   (which submits attestations and may pause) and an EVM key (which signs). A set has at
//!   least two signers, keys strictly ascending (so no key twice, and the order the EVM
//!   gateway checks signatures in), no zero key, no account twice; its threshold is
//!   [`threshold_for`]`(n)` = max(2, ⌈2n/3⌉), computed, never chosen. A rotation makes the new
//!   set current and keeps the previous one valid for `GracePeriod` blocks (messages signed
//!   just before the rotation still verify), then it is gone; at most two sets live. One set
//!   collects the signatures of an attestation at a time; a vote of the current set takes over
//!   a ballot the previous set began and has not completed (its votes are dropped), so signers
//!   a rotation removed cannot hold an attestation up ([`Pallet::ballot_for`]).
//! - **Routes** ([`Pallet::set_route`], governance): `(token, partition, EVM chain id) →
//!   (gateway, wrapped token, enabled)`. No zero chain id, no zero address, gateway ≠ wrapped
//!   token; a disabled route refuses new exports but lets imports finish.
//! - **Pause** ([`Pallet::pause`]): any single signer of a valid set (or governance) stops the
//!   bridge at once; only governance resumes it ([`Pallet::unpause`]).
//!
//! - **Exports** ([`Pallet::export`]): the holder's tokens locked in the escrow through the
//!   token's one movement path (`BridgeOut`, judged against the EVM recipient's identity),
//!   within the route's limits; the gateway's EIP-712 mint message named in `Exported`.
//! - **Attestations** ([`Pallet::attest`]): signers sign the mint message (`Export`) and its
//!   outcome (`ExportOutcome`: minted once the mint is final on the EVM chain, not minted only
//!   after the deadline); one vote per signer, strict recovery, the
//!   effect at the threshold. Unattested exports are refunded after the deadline
//!   ([`Pallet::refund_expired`]); releases the token refuses wait in a quarantine
//!   ([`Pallet::retry_quarantined`]).
//! - **Imports** ([`Pallet::attest_import`]): signers attest a burn read from finalized EVM
//!   state (its release message); at the threshold the burn is marked imported (once per
//!   gateway nonce), its amount leaves what the route has outstanding (never more) and is
//!   released to the recipient through the movement path (`BridgeIn`, every receiver rule),
//!   or quarantined. A valid signature of another message for a burn being collected halts
//!   imports ([`Pallet::resume_imports`], governance); governance may bounce a quarantined
//!   import back to the wallet that burned it ([`Pallet::bounce_quarantined`]).
//! - **Messages for the EVM contracts** (`messages.rs`): an EVM wallet's allow-list entry,
//!   computed from its identity's verdict by the token ([`Pallet::request_allow`], anyone);
//!   freezes and forced transfers of the wrapped token ([`Pallet::control`], the token's
//!   freezer or transfer agent); at each rotation, a `SignerSet` message for each chain's
//!   committee verifier ([`Pallet::set_committee`]), signed by the outgoing set. Signers attest
//!   them (`AttestationKind::Message`); anyone relays them with the signatures.
//!
//! Every value the bridge keeps is in an event (`SignerSetRotated` with the set, its threshold
//! and the previous set's last valid block; `RouteSet`, `RouteRemoved`, `Paused`, `Unpaused`),
//! and the exports' and imports' events carry every amount, party and digest, so the bridge's
//! state is rebuilt from events alone.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

mod attest;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod exports;
mod imports;
mod messages;
pub mod runtime_api;
mod views;
pub mod weights;
pub use messages::{ALLOW_TYPE, CONTROL_TYPE, SIGNER_SET_TYPE};
pub use views::{ExportView, ImportStatus, MessageView};
pub use weights::WeightInfo;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_export;
#[cfg(test)]
mod tests_import;
#[cfg(test)]
mod tests_messages;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{frame_support, frame_system, sp_runtime};
use scale_info::TypeInfo;
pub use sto_primitives::{
	evm::{EvmAddress, EvmSignature},
	identity::IdentityId,
	refusal::Refusal,
	token::{PartitionId, TokenBalance, TokenId},
};

/// An export's number (the first is 1; each export adds one). The gateway mints each once.
pub type ExportNonce = u64;

/// A quarantined release's number.
pub type QuarantineId = u64;

/// A burn's number at its gateway (each gateway counts its burns from 1).
pub type ImportNonce = u64;

/// A message's number (the first is 1; each `Allow`, `Control` or `SignerSet` message adds one).
pub type MessageId = u64;

/// A signer set's number (the first set is 1; each rotation adds one).
pub type SetId = u32;

/// An EVM chain's id (`block.chainid`; EIP-155).
pub type EvmChainId = u64;

/// One bridge signer: the consortium member's account on this chain and its EVM key.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct Signer<AccountId> {
	/// Submits attestations and may pause the bridge.
	pub account: AccountId,
	/// The address of the secp256k1 key that signs bridge messages.
	pub key: EvmAddress,
}

/// A signer set and how long it is valid.
#[derive(
	frame_support::CloneNoBound,
	frame_support::PartialEqNoBound,
	frame_support::EqNoBound,
	frame_support::DebugNoBound,
	Encode,
	Decode,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct SignerSet<T: Config> {
	/// The signers, keys strictly ascending.
	pub signers: SignersOf<T>,
	/// Signatures a message needs: [`threshold_for`] of the signer count.
	pub threshold: u32,
	/// `None` for the current set; for the previous one, the last block it is valid in.
	pub valid_until: Option<frame_system::pallet_prelude::BlockNumberFor<T>>,
}

/// Where a token's partition goes on one EVM chain.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct Route {
	/// The gateway contract that verifies the signer set's signatures and mints and burns.
	pub gateway: EvmAddress,
	/// The wrapped security token contract.
	pub wrapped: EvmAddress,
	/// Whether new exports may use it (imports of what was exported always finish).
	pub enabled: bool,
	/// How much may leave through the route.
	pub limits: Limits,
}

/// Export caps of a route (none zero). The windows slide: what was exported in the previous
/// window counts for the part of it still inside the last `LimitWindow` blocks.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct Limits {
	/// The most one export may carry.
	pub per_export: TokenBalance,
	/// The most the route exports within a window.
	pub per_window: TokenBalance,
	/// The most one recipient identity receives through the route within a window.
	pub per_identity_window: TokenBalance,
}

/// What a route (or one identity on it) exported in the current window and the one before.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug, Default)]
pub struct WindowUsage {
	/// The first block of the current window.
	pub start: u64,
	pub previous: TokenBalance,
	pub current: TokenBalance,
}

/// Where an export stands.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum ExportStatus {
	/// Signers are attesting it; below the threshold no gateway mints it.
	Pending,
	/// A threshold of signatures exists (`ExportAttested` carries them): the gateway mints it
	/// until the deadline. Its outcome is attested from finalized EVM state: minted as soon as
	/// the mint is final, not minted after the deadline.
	Attested,
}

/// An export in flight: locked in the escrow here, not yet known minted or refunded.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Export<AccountId> {
	pub token: TokenId,
	pub partition: PartitionId,
	pub chain: EvmChainId,
	/// The gateway the export is minted by (the route's when it was made).
	pub gateway: EvmAddress,
	/// The wallet the tokens left (and are refunded to); for a bounced import, the account
	/// the import was for.
	pub holder: AccountId,
	/// The EVM address the wrapped tokens are minted to, and its identity (`None` for a
	/// bounced import: the wallet that burned, which the EVM allow-list admitted).
	pub recipient: EvmAddress,
	pub identity: Option<IdentityId>,
	pub amount: TokenBalance,
	/// Unix time (seconds) after which the gateway refuses the mint.
	pub deadline: u64,
	/// The EIP-712 digest of the gateway's mint message ([`Pallet::mint_digest`]).
	pub digest: [u8; 32],
	pub status: ExportStatus,
}

/// What the bridge signers attest, and the message they sign for it (EIP-712, domain: the
/// route's EVM chain and gateway; `appchain` is this chain's genesis hash).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum AttestationKind {
	/// Export `id` may be minted: `Mint(bytes32 appchain,uint64 nonce,address wrapped,address
	/// recipient,uint256 amount,uint64 deadline)`; the signatures are the gateway's proof.
	Export,
	/// The outcome of attested export `id`, read from finalized EVM state:
	/// `ExportOutcome(bytes32 appchain,uint64 nonce,bool minted)`. Minted (any time the mint
	/// is final): the export is final and its amount outstanding. Not minted (only after the
	/// deadline, when no mint can follow): it is refunded to its holder.
	ExportOutcome { minted: bool },
	/// Message `id` ([`Message`]: an allow-list entry, a control message or a rotation), its
	/// digest as stored; the signatures are the EVM contract's proof.
	Message,
}

/// What a control message does to a wrapped token (the gateway's action codes 1, 2, 3).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum ControlAction {
	/// `account` can no longer send (forced transfers still move its tokens).
	Freeze,
	/// `account` can send again.
	Unfreeze,
	/// `amount` moves from `account` to `to`, frozen or not (`to` must be allow-listed).
	ForcedTransfer,
}

/// What a message tells an EVM contract.
#[derive(
	frame_support::CloneNoBound,
	frame_support::PartialEqNoBound,
	frame_support::EqNoBound,
	frame_support::DebugNoBound,
	Encode,
	Decode,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(MaxSigners))]
#[codec(mel_bound())]
pub enum MessageBody<MaxSigners: frame_support::traits::Get<u32>> {
	/// `Allow(bytes32 appchain,address wrapped,address wallet,uint64 expiry,uint64 sequence)`
	/// at the route's gateway: `wallet` may receive the wrapped token until `expiry` (Unix
	/// seconds; 0 removes it); the allow-list refuses a sequence not above the wallet's last.
	Allow { wallet: EvmAddress, expiry: u64, sequence: u64 },
	/// `Control(bytes32 appchain,address wrapped,uint64 sequence,uint8 action,address
	/// account,address to,uint256 amount)` at the route's gateway, applied in sequence order.
	Control { sequence: u64, action: ControlAction, account: EvmAddress, to: EvmAddress, amount: TokenBalance },
	/// `SignerSet(bytes32 appchain,uint32 setId,address[] signers,uint64 previousValidUntil)`
	/// at the chain's committee verifier: set `set_id` becomes current, the outgoing one stays
	/// valid until `previous_valid_until` (Unix seconds).
	SignerSet {
		set_id: SetId,
		signers: frame_support::BoundedVec<EvmAddress, MaxSigners>,
		previous_valid_until: u64,
	},
}

/// A message for an EVM contract, waiting for (or holding) its threshold of signatures.
#[derive(
	frame_support::CloneNoBound,
	frame_support::PartialEqNoBound,
	frame_support::EqNoBound,
	frame_support::DebugNoBound,
	Encode,
	Decode,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Message<T: Config> {
	pub chain: EvmChainId,
	/// The contract that verifies and applies it (its EIP-712 domain): the route's gateway,
	/// or for a rotation the chain's committee verifier.
	pub contract: EvmAddress,
	/// The route's wrapped token (zero for a rotation).
	pub wrapped: EvmAddress,
	pub body: MessageBody<T::MaxSigners>,
	pub digest: [u8; 32],
	/// The set that must sign it (a rotation: the outgoing set); `None`: any valid set.
	pub signed_by: Option<SetId>,
	/// Whether a threshold of a valid set signed it (`MessageAttested`).
	pub attested: bool,
}

/// A wallet's allow-list entry at a gateway, as last requested.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct AllowEntry {
	/// Unix seconds (0: removed).
	pub expiry: u64,
	pub sequence: u64,
	/// The message that carries it.
	pub message: MessageId,
}

/// A burn on an EVM chain asking for its tokens back here (the gateway's `BurnedForRelease`),
/// as the signers read it from finalized EVM state. They sign the gateway's release message
/// `Release(bytes32 appchain,uint64 nonce,address wrapped,address from,bytes32 recipient,
/// uint256 amount)` (domain: the route's EVM chain and gateway).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct Import {
	/// The route the burn came through: (token, partition) to `chain`.
	pub token: TokenId,
	pub partition: PartitionId,
	pub chain: EvmChainId,
	/// The burn's number at the route's gateway.
	pub nonce: ImportNonce,
	/// The EVM wallet that burned (a bounce mints back to it).
	pub from: EvmAddress,
	/// The account here the tokens go to, as the burn named it (32 bytes).
	pub recipient: [u8; 32],
	pub amount: TokenBalance,
}

/// Why tokens leave the escrow for an account here.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum ReleaseCause {
	/// Export `export` was not minted: its tokens go back to its holder.
	Refund { export: ExportNonce },
	/// Burn `nonce` at `gateway` on `chain`, by the EVM wallet `from`.
	Import { chain: EvmChainId, gateway: EvmAddress, nonce: ImportNonce, from: EvmAddress },
}

/// What a vote does to an attestation's ballot ([`Pallet::ballot_for`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Ballot {
	/// Add the vote to the ballot its set is collecting.
	Join,
	/// Start a ballot of the vote's set (dropping another set's votes, if any).
	Start,
}

/// Signatures collected for one attestation, from one signer set.
#[derive(
	frame_support::CloneNoBound,
	frame_support::PartialEqNoBound,
	frame_support::EqNoBound,
	frame_support::DebugNoBound,
	Encode,
	Decode,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Votes<T: Config> {
	pub set_id: SetId,
	/// The signed digest.
	pub digest: [u8; 32],
	/// (the signer's index in the set, its signature), in the order they came.
	pub signatures: frame_support::BoundedVec<(u32, EvmSignature), T::MaxSigners>,
}

/// An import's attestation being collected: the burn and the signatures of its digest.
#[derive(
	frame_support::CloneNoBound,
	frame_support::PartialEqNoBound,
	frame_support::EqNoBound,
	frame_support::DebugNoBound,
	Encode,
	Decode,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct ImportBallot<T: Config> {
	pub import: Import,
	pub votes: Votes<T>,
}

/// A release (a refund or an import) that the token refused: the tokens stay in the escrow,
/// owed to `to`, until a retry succeeds (or governance bounces an import back).
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Quarantined<AccountId> {
	pub token: TokenId,
	pub partition: PartitionId,
	pub to: AccountId,
	pub amount: TokenBalance,
	/// Why the tokens are owed, and the digest of the message that said so (the movement's
	/// reference).
	pub cause: ReleaseCause,
	pub reference: [u8; 32],
	/// Why the token refused the release, the last time it was tried.
	pub reason: Refusal,
}

/// The signatures a message needs from a set of `signers`: at least two thirds, rounded up,
/// and never fewer than two (`max(2, ⌈2n/3⌉)`).
pub const fn threshold_for(signers: u32) -> u32 {
	let two_thirds = (2 * signers).div_ceil(3);
	if two_thirds < 2 {
		2
	} else {
		two_thirds
	}
}

/// What the benchmarks need from the runtime (tokens, identities, EVM keys, the clock).
pub trait BenchmarkHelper<AccountId> {
	/// A new account for each `seed` with a verified identity of its own: the token's receiver
	/// rules pass for it.
	fn verified_account(seed: u32) -> AccountId;
	/// An active token without compliance rules in which `holder` holds `amount` of
	/// partition 0, and a wallet of its owner (who holds every role).
	fn token(holder: &AccountId, amount: TokenBalance) -> (TokenId, AccountId);
	/// Link the EVM address of key `seed` to `who`'s identity (`who` its primary wallet); the
	/// address.
	fn link_evm(who: &AccountId, seed: u32) -> EvmAddress;
	/// The EVM signature of `digest` by the secp256k1 key of `seed` (`v` 27 or 28, low `s`).
	fn evm_sign(seed: u32, digest: &[u8; 32]) -> EvmSignature;
	/// Set the time (milliseconds since the Unix epoch).
	fn set_time(now: u64);
}

/// A signer set of this runtime.
pub type SignerSetOf<T> = SignerSet<T>;

/// The signers of a set of this runtime.
pub type SignersOf<T> =
	frame_support::BoundedVec<Signer<<T as frame_system::Config>::AccountId>, <T as Config>::MaxSigners>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Governance: signer sets, routes, unpausing.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most signers in a set.
		#[pallet::constant]
		type MaxSigners: Get<u32>;

		/// How many blocks the previous signer set stays valid after a rotation.
		#[pallet::constant]
		type GracePeriod: Get<BlockNumberFor<Self>>;

		/// The security tokens: the escrow, filled and emptied through their one movement path.
		type Tokens: sto_primitives::bridge::TokenBridge<Self::AccountId>;

		/// The identity an EVM address is linked to (the identity registry).
		type EvmIdentity: sto_primitives::evm::EvmIdentity;

		/// The bridge's account (the escrow's wallet) is derived from it.
		#[pallet::constant]
		type PalletId: Get<frame_support::PalletId>;

		/// The time (milliseconds since the Unix epoch), for export deadlines.
		type Time: frame_support::traits::Time<Moment = u64>;

		/// Seconds an export may be minted after it was made.
		#[pallet::constant]
		type ExportTimeout: Get<u64>;

		/// Seconds an allow-list entry lasts at most (less when the identity's KYC claim
		/// expires sooner); a renewal is accepted in the second half of the term.
		#[pallet::constant]
		type AllowTerm: Get<u64>;

		/// Seconds the outgoing signer set stays valid on the EVM chains after a rotation (the
		/// `GracePeriod`'s length in time).
		#[pallet::constant]
		type GraceSeconds: Get<u64>;

		/// Most EVM chains with a committee verifier.
		#[pallet::constant]
		type MaxCommittees: Get<u32>;

		/// Blocks in a window of the routes' export limits.
		#[pallet::constant]
		type LimitWindow: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up what the benchmarks need.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The current signer set's number (0: no set yet).
	#[pallet::storage]
	pub type CurrentSet<T> = StorageValue<_, SetId, ValueQuery>;

	/// The current signer set and, during its grace period, the previous one.
	#[pallet::storage]
	pub type SignerSets<T: Config> = StorageMap<_, Twox64Concat, SetId, SignerSetOf<T>>;

	/// Routes by (token, partition) and EVM chain.
	#[pallet::storage]
	pub type Routes<T> = StorageDoubleMap<_, Twox64Concat, (TokenId, PartitionId), Twox64Concat, EvmChainId, Route>;

	/// The route of each wrapped token, by EVM chain: a wrapped token serves one route.
	#[pallet::storage]
	pub type RouteOfWrapped<T> =
		StorageDoubleMap<_, Twox64Concat, EvmChainId, Twox64Concat, EvmAddress, (TokenId, PartitionId)>;

	/// Whether the bridge is paused.
	#[pallet::storage]
	pub type Paused<T> = StorageValue<_, bool, ValueQuery>;

	/// The last export's nonce (0: none yet).
	#[pallet::storage]
	pub type LastExport<T> = StorageValue<_, ExportNonce, ValueQuery>;

	/// Exports in flight, by nonce: removed when final (minted, or refunded).
	#[pallet::storage]
	pub type Exports<T: Config> = StorageMap<_, Twox64Concat, ExportNonce, Export<T::AccountId>>;

	/// Signatures collected, by what they attest and the export's nonce.
	#[pallet::storage]
	pub type Attestations<T: Config> =
		StorageDoubleMap<_, Twox64Concat, AttestationKind, Twox64Concat, ExportNonce, Votes<T>>;

	/// What each route exported lately, by (token, partition) and EVM chain.
	#[pallet::storage]
	pub type RouteUsage<T: Config> =
		StorageDoubleMap<_, Twox64Concat, (TokenId, PartitionId), Twox64Concat, EvmChainId, WindowUsage, ValueQuery>;

	/// What each recipient identity received through each route lately.
	#[pallet::storage]
	pub type IdentityUsage<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		(TokenId, PartitionId, EvmChainId),
		Twox64Concat,
		IdentityId,
		WindowUsage,
		ValueQuery,
	>;

	/// What each route has in flight: exported, neither known minted nor refunded yet.
	#[pallet::storage]
	pub type InFlight<T> =
		StorageDoubleMap<_, Twox64Concat, (TokenId, PartitionId), Twox64Concat, EvmChainId, TokenBalance, ValueQuery>;

	/// What each route minted on its EVM chain and has not imported back: the escrow holds it
	/// for the wrapped tokens. An import never releases more.
	#[pallet::storage]
	pub type Outstanding<T> =
		StorageDoubleMap<_, Twox64Concat, (TokenId, PartitionId), Twox64Concat, EvmChainId, TokenBalance, ValueQuery>;

	/// Import attestations being collected, by (EVM chain, gateway) and burn nonce.
	#[pallet::storage]
	pub type ImportVotes<T: Config> =
		StorageDoubleMap<_, Twox64Concat, (EvmChainId, EvmAddress), Twox64Concat, ImportNonce, ImportBallot<T>>;

	/// Per (EVM chain, gateway), the burn nonce through which every burn is imported.
	#[pallet::storage]
	pub type ImportedThrough<T> = StorageMap<_, Twox64Concat, (EvmChainId, EvmAddress), ImportNonce, ValueQuery>;

	/// Burns imported out of order: above their gateway's `ImportedThrough`.
	#[pallet::storage]
	pub type ImportedAbove<T> =
		StorageDoubleMap<_, Twox64Concat, (EvmChainId, EvmAddress), Twox64Concat, ImportNonce, ()>;

	/// Whether imports are halted: signers attested two different messages for one burn.
	#[pallet::storage]
	pub type ImportsHalted<T> = StorageValue<_, bool, ValueQuery>;

	/// The last quarantine number (0: none yet).
	#[pallet::storage]
	pub type LastQuarantine<T> = StorageValue<_, QuarantineId, ValueQuery>;

	/// Releases the token refused, kept until a retry succeeds.
	#[pallet::storage]
	pub type Quarantine<T: Config> = StorageMap<_, Twox64Concat, QuarantineId, Quarantined<T::AccountId>>;

	/// The last message's id (0: none yet).
	#[pallet::storage]
	pub type LastMessage<T> = StorageValue<_, MessageId, ValueQuery>;

	/// Messages for the EVM contracts: an allow-list message until a newer one for its wallet
	/// supersedes it; control and rotation messages stay (each applied in order).
	#[pallet::storage]
	pub type Messages<T: Config> = StorageMap<_, Twox64Concat, MessageId, Message<T>>;

	/// Each wallet's last requested allow-list entry, by (EVM chain, wrapped token): a wrapped
	/// token serves one route and has one gateway and allow-list (they deploy together).
	#[pallet::storage]
	pub type AllowEntries<T> =
		StorageDoubleMap<_, Twox64Concat, (EvmChainId, EvmAddress), Twox64Concat, EvmAddress, AllowEntry>;

	/// The last control message's sequence number, by (EVM chain, wrapped token).
	#[pallet::storage]
	pub type ControlSequence<T> = StorageMap<_, Twox64Concat, (EvmChainId, EvmAddress), u64, ValueQuery>;

	/// The `SignerSet` messages of the last rotation, one per committee then.
	#[pallet::storage]
	pub type LastRotation<T: Config> = StorageValue<_, BoundedVec<MessageId, T::MaxCommittees>, ValueQuery>;

	/// The committee verifier of each EVM chain: every rotation sends it a `SignerSet` message.
	#[pallet::storage]
	pub type Committees<T: Config> =
		StorageValue<_, BoundedVec<(EvmChainId, EvmAddress), T::MaxCommittees>, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A new signer set is current; the previous one (if any) is valid through block
		/// `previous_valid_until`.
		SignerSetRotated {
			set_id: SetId,
			signers: SignersOf<T>,
			threshold: u32,
			previous_valid_until: Option<BlockNumberFor<T>>,
		},
		/// A route was set (created or changed).
		RouteSet { token: TokenId, partition: PartitionId, chain: EvmChainId, route: Route },
		/// A route was removed.
		RouteRemoved { token: TokenId, partition: PartitionId, chain: EvmChainId },
		/// The bridge was paused (`by`: the signer's account, `None` for governance).
		Paused { by: Option<T::AccountId> },
		/// Governance resumed the bridge.
		Unpaused,
		/// `amount` of `holder`'s `partition` of `token` is locked in the escrow for `recipient`
		/// (identity `identity`) on `chain`, to be minted before `deadline` (Unix seconds);
		/// `digest` is the gateway's mint message the signers sign.
		Exported {
			nonce: ExportNonce,
			token: TokenId,
			partition: PartitionId,
			chain: EvmChainId,
			holder: T::AccountId,
			recipient: EvmAddress,
			identity: IdentityId,
			amount: TokenBalance,
			deadline: u64,
			digest: [u8; 32],
		},
		/// A signer attested.
		Attested { kind: AttestationKind, nonce: ExportNonce, set_id: SetId, signer: EvmAddress },
		/// Export `nonce` has its threshold of signatures from set `set_id`, in the order the
		/// gateway checks them (keys ascending): a relayer can mint it.
		ExportAttested { nonce: ExportNonce, set_id: SetId, signatures: alloc::vec::Vec<EvmSignature> },
		/// Export `nonce` was minted on its EVM chain: final.
		ExportMinted { nonce: ExportNonce },
		/// Export `nonce` was not minted (expired unattested, or attested unminted): its tokens
		/// went back to the holder.
		ExportRefunded { nonce: ExportNonce },
		/// The token refused a release of `amount` to `to` (`reason`): the tokens stay in the
		/// escrow under quarantine `id` until a retry succeeds.
		ReleaseQuarantined {
			id: QuarantineId,
			cause: ReleaseCause,
			to: T::AccountId,
			amount: TokenBalance,
			reason: Refusal,
		},
		/// Quarantined release `id` succeeded.
		QuarantineReleased { id: QuarantineId },
		/// A signer attested burn `nonce` at `gateway` on `chain`: the release message with
		/// `digest` (`import` is what it says).
		ImportVoted {
			chain: EvmChainId,
			gateway: EvmAddress,
			nonce: ImportNonce,
			set_id: SetId,
			signer: EvmAddress,
			digest: [u8; 32],
			import: Import,
		},
		/// Burn `nonce` at `gateway` on `chain` has its threshold: `amount` leaves what is
		/// outstanding on the route and is released to `to` (the token's `Moved`), or
		/// quarantined (`ReleaseQuarantined`).
		Imported {
			chain: EvmChainId,
			gateway: EvmAddress,
			nonce: ImportNonce,
			token: TokenId,
			partition: PartitionId,
			from: EvmAddress,
			to: T::AccountId,
			amount: TokenBalance,
		},
		/// A signer of a valid set signed another release message for burn `nonce` than the
		/// one being collected (`digest`): imports are halted until governance resumes them.
		/// `conflicting` is what the signer claimed, `signature` its proof.
		ImportEquivocation {
			chain: EvmChainId,
			gateway: EvmAddress,
			nonce: ImportNonce,
			digest: [u8; 32],
			conflicting: Import,
			signer: EvmAddress,
			signature: EvmSignature,
		},
		/// Governance resumed imports; `discarded` names the burn whose collected
		/// attestation it threw away, if any.
		ImportsResumed { discarded: Option<(EvmChainId, EvmAddress, ImportNonce)> },
		/// Message `id`: `wallet`'s allow-list entry for the route's wrapped token on `chain`
		/// (`identity`: the wallet's, if linked), until `expiry` (0: removed), number `sequence`.
		AllowRequested {
			id: MessageId,
			token: TokenId,
			partition: PartitionId,
			chain: EvmChainId,
			wallet: EvmAddress,
			identity: Option<IdentityId>,
			expiry: u64,
			sequence: u64,
			digest: [u8; 32],
		},
		/// Message `id`: control message `sequence` for the route's wrapped token on `chain`.
		ControlRequested {
			id: MessageId,
			token: TokenId,
			partition: PartitionId,
			chain: EvmChainId,
			sequence: u64,
			action: ControlAction,
			account: EvmAddress,
			to: EvmAddress,
			amount: TokenBalance,
			digest: [u8; 32],
		},
		/// Message `id`: the committee `verifier` on `chain` rotates to set `set_id` (signed by
		/// the outgoing set), the outgoing set valid there until `previous_valid_until`.
		RotationRequested {
			id: MessageId,
			chain: EvmChainId,
			verifier: EvmAddress,
			set_id: SetId,
			signers: BoundedVec<EvmAddress, T::MaxSigners>,
			previous_valid_until: u64,
			digest: [u8; 32],
		},
		/// Message `id` has its threshold of signatures from set `set_id`, in the order the
		/// verifier checks them (keys ascending): a relayer can apply it.
		MessageAttested { id: MessageId, set_id: SetId, signatures: alloc::vec::Vec<EvmSignature> },
		/// The committee verifier of `chain` is `verifier` (`None`: removed), deployed with
		/// signer set `set_id` (the current one).
		CommitteeSet { chain: EvmChainId, verifier: Option<EvmAddress>, set_id: SetId },
		/// Governance sent quarantined import `id` back to the wallet that burned it: export
		/// `nonce` (no holder's tokens move: they are in the escrow already), to be minted to
		/// `recipient` before `deadline`; `digest` is the gateway's mint message.
		QuarantineBounced {
			id: QuarantineId,
			nonce: ExportNonce,
			recipient: EvmAddress,
			amount: TokenBalance,
			deadline: u64,
			digest: [u8; 32],
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// A signer set needs at least two signers.
		TooFewSigners,
		/// The signers' keys must be strictly ascending (sorted, none twice).
		SignerKeysNotAscending,
		/// A signer's key is the zero address.
		ZeroSignerKey,
		/// One account is named for two signers.
		DuplicateSignerAccount,
		/// The EVM chain id is zero.
		ZeroChainId,
		/// The gateway or the wrapped token is the zero address.
		ZeroAddress,
		/// The gateway and the wrapped token are one contract.
		GatewayIsWrappedToken,
		/// No such route.
		NoSuchRoute,
		/// The caller is not a signer of a valid signer set.
		NotASigner,
		/// The bridge is paused already.
		AlreadyPaused,
		/// The bridge is not paused.
		NotPaused,
		/// The bridge is paused.
		BridgePaused,
		/// A limit of the route is zero, or one export's limit is above a window's.
		ZeroLimit,
		/// The route is disabled: it takes no new exports.
		RouteDisabled,
		/// The amount is zero.
		ZeroAmount,
		/// No signer set: nobody could attest an export.
		NoSignerSet,
		/// The EVM recipient is linked to no identity (`IdentityRegistry.link_evm_wallet`).
		RecipientNotLinked,
		/// Above the route's limit for one export.
		AboveExportLimit,
		/// Above what the route may export within the window.
		AboveWindowLimit,
		/// Above what the recipient's identity may receive within the window.
		AboveIdentityLimit,
		/// The token refuses the movement (the compact reason: docs/TOKENS.md).
		TokenRefused { reason: Refusal },
		/// No such export in flight.
		NoSuchExport,
		/// The signer set is not valid now (unknown, or its grace period is over).
		SetNotValid,
		/// The signature is malformed (high `s`, `v` not 27/28, out of range) or recovers to
		/// another key than the signer's.
		BadSignature,
		/// This signer attested this already.
		AlreadyAttested,
		/// The attestation is complete (its threshold reached), or the export is not in the
		/// state this attestation is for (an outcome before the deadline or before the
		/// export is attested; an export attestation after it).
		WrongState,
		/// The current signer set is collecting signatures for this attestation: a vote of the
		/// previous set cannot take its ballot over (the other way round it can).
		OtherSetCollecting,
		/// The export's deadline has not passed.
		DeadlineNotPassed,
		/// No such quarantined release.
		NoSuchQuarantine,
		/// A counter overflowed.
		Overflow,
		/// Imports are halted (two messages attested for one burn): governance resumes them.
		ImportsHalted,
		/// Imports are not halted.
		ImportsNotHalted,
		/// The burn's nonce is zero.
		ZeroNonce,
		/// This burn was imported already.
		AlreadyImported,
		/// The import asks for more than the route has outstanding on its EVM chain.
		AboveOutstanding,
		/// The import's recipient is not an account of this chain.
		BadRecipient,
		/// The quarantined release is a refund, not an import: there is nowhere to bounce it.
		NotAnImport,
		/// The wrapped token serves another route on that chain already.
		WrappedInUse,
		/// The route has tokens in flight or outstanding: its contracts cannot change, nor can
		/// it be removed, until they are back.
		RouteInUse,
		/// The allow-list entry would say what the last one says (or renew it before the second
		/// half of its term).
		AllowUnchanged,
		/// The caller may not control the token's wrapped tokens (forced transfers: the token's
		/// transfer agent; freezes: its freezer).
		NotController,
		/// A forced transfer needs a receiver other than the account and an amount; a freeze
		/// or unfreeze names neither.
		BadControl,
		/// No such message.
		NoSuchMessage,
		/// This message must be signed by another signer set (a rotation: the outgoing one).
		WrongSet,
		/// As many chains have a committee as the bridge keeps.
		TooManyCommittees,
		/// The chain has no committee verifier to remove.
		NoSuchCommittee,
		/// A committee verifier's message of the last rotation is not attested while the
		/// outgoing set can still sign it: a new rotation now would strand it (a verifier takes
		/// sets in order). Wait for its attestation (or pause the bridge first in an emergency),
		/// or for the grace period's end (then the verifier is redeployed).
		RotationPending,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Make `signers` the current signer set. The previous set stays valid for
		/// `GracePeriod` blocks; the one before it is removed.
		///
		/// - origin: `GovernanceOrigin`.
		/// - `signers`: at least two, keys strictly ascending and not zero, accounts distinct.
		///   The threshold is `max(2, ⌈2n/3⌉)`.
		/// - the last rotation's messages to committee verifiers still named attested, or
		///   unsignable (their set's grace period over) (`RotationPending`).
		///
		/// Emits `SignerSetRotated`, and `RotationRequested` for each chain's committee verifier
		/// (a `SignerSet` message the outgoing set signs). O(signers² + committees × signers),
		/// signers ≤ `MaxSigners`, committees ≤ `MaxCommittees`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_signers(signers.len() as u32, T::MaxCommittees::get()))]
		pub fn set_signers(origin: OriginFor<T>, signers: SignersOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_signers(signers)
		}

		/// Set the route of `token`'s `partition` to EVM chain `chain`.
		///
		/// - origin: `GovernanceOrigin`.
		/// - `chain`: not zero; `gateway`, `wrapped`: not zero, not the same contract, `wrapped`
		///   serving no other route on `chain` (`WrappedInUse`); limits not zero. An existing route's contracts change only while nothing is in flight or
		///   outstanding on it (`RouteInUse`).
		///
		/// Emits `RouteSet`. O(1).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_route())]
		pub fn set_route(
			origin: OriginFor<T>,
			token: TokenId,
			partition: PartitionId,
			chain: EvmChainId,
			route: Route,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_route(token, partition, chain, route)
		}

		/// Remove the route of `token`'s `partition` to `chain`.
		///
		/// - origin: `GovernanceOrigin`.
		/// - nothing in flight or outstanding on the route (`RouteInUse`): what was exported
		///   comes back through it.
		///
		/// Emits `RouteRemoved`. O(1).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::remove_route())]
		pub fn remove_route(
			origin: OriginFor<T>,
			token: TokenId,
			partition: PartitionId,
			chain: EvmChainId,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(Routes::<T>::contains_key((token, partition), chain), Error::<T>::NoSuchRoute);
			ensure!(!Self::route_in_use(token, partition, chain), Error::<T>::RouteInUse);
			if let Some(route) = Routes::<T>::take((token, partition), chain) {
				RouteOfWrapped::<T>::remove(chain, route.wrapped);
			}
			Self::deposit_event(Event::RouteRemoved { token, partition, chain });
			Ok(())
		}

		/// Pause the bridge: any one signer can, at once.
		///
		/// - origin: the account of a signer of a valid set (the current one, or the previous
		///   one in its grace period), or `GovernanceOrigin`.
		///
		/// Emits `Paused`. O(signers).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::pause())]
		pub fn pause(origin: OriginFor<T>) -> DispatchResult {
			let by = match T::GovernanceOrigin::try_origin(origin) {
				Ok(_) => None,
				Err(origin) => {
					let who = ensure_signed(origin)?;
					ensure!(Self::is_signer(&who), Error::<T>::NotASigner);
					Some(who)
				},
			};
			ensure!(!Paused::<T>::get(), Error::<T>::AlreadyPaused);
			Paused::<T>::put(true);
			Self::deposit_event(Event::Paused { by });
			Ok(())
		}

		/// Resume the bridge.
		///
		/// - origin: `GovernanceOrigin`.
		///
		/// Emits `Unpaused`. O(1).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::unpause())]
		pub fn unpause(origin: OriginFor<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(Paused::<T>::get(), Error::<T>::NotPaused);
			Paused::<T>::kill();
			Self::deposit_event(Event::Unpaused);
			Ok(())
		}

		/// Export `amount` of the caller's holding in `partition` of `token` to `recipient` on
		/// EVM chain `chain`: the tokens are locked in the escrow through the token's movement
		/// path (kind `BridgeOut`: the caller's freezes, lock-ups and sender rules apply; the
		/// receiver-side rules judge the identity `recipient` is linked to), and the signers
		/// attest the gateway's mint message.
		///
		/// - origin: the holder's wallet.
		/// - the bridge not paused; the route exists and is enabled; a signer set exists;
		///   `recipient` linked to an identity; `amount` within the route's limits.
		///
		/// Emits `Exported` (and the token's `Moved`). O(1).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::export().saturating_add(
			<T::Tokens as sto_primitives::bridge::TokenBridge<T::AccountId>>::max_movement_weight()))]
		pub fn export(
			origin: OriginFor<T>,
			token: TokenId,
			partition: PartitionId,
			chain: EvmChainId,
			amount: TokenBalance,
			recipient: EvmAddress,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_export(who, token, partition, chain, amount, recipient)
		}

		/// Attest `kind` for export `nonce` (for `Message`, message `nonce`) with the signer's
		/// EIP-712 `signature` of its message (`AttestationKind`), as a signer of set `set_id`
		/// (for a rotation, the outgoing set). At the threshold the attestation takes effect in
		/// this call (`ExportAttested`; for an outcome, the export is final or refunded; for a
		/// message, `MessageAttested`). The declared weight is the export path's, which a
		/// message's vote stays below.
		///
		/// - origin: the account of a signer of set `set_id`, which is valid now.
		/// - `signature`: 65 bytes, `v` 27 or 28, low `s`, recovering to that signer's key.
		/// - one set collects at a time: a vote of the current set takes over a ballot the
		///   previous set began; a vote of the previous set while the current one collects is
		///   refused (`OtherSetCollecting`; [`Pallet::ballot_for`]).
		///
		/// Free when accepted. Emits `Attested`. O(signers).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::attest(T::MaxSigners::get()).saturating_add(
			<T::Tokens as sto_primitives::bridge::TokenBridge<T::AccountId>>::max_movement_weight()))]
		pub fn attest(
			origin: OriginFor<T>,
			kind: AttestationKind,
			nonce: ExportNonce,
			set_id: SetId,
			signature: EvmSignature,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_attest(who, kind, nonce, set_id, signature)?;
			Ok(Pays::No.into())
		}

		/// Refund export `nonce`, which no threshold attested by its deadline (so no gateway
		/// can mint it): its tokens go back to the holder (`BridgeIn`), or to quarantine when
		/// the token refuses them.
		///
		/// - origin: any signed account.
		///
		/// Emits `ExportRefunded` or `ReleaseQuarantined`. O(1).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::refund_expired().saturating_add(
			<T::Tokens as sto_primitives::bridge::TokenBridge<T::AccountId>>::max_movement_weight()))]
		pub fn refund_expired(origin: OriginFor<T>, nonce: ExportNonce) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_refund_expired(nonce)
		}

		/// Try quarantined release `id` again (after the receiver renewed a claim, or the token
		/// was unpaused).
		///
		/// - origin: any signed account.
		///
		/// Emits `QuarantineReleased` (and the token's `Moved`); fails with the token's reason
		/// otherwise, changing nothing. O(1).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::retry_quarantined().saturating_add(
			<T::Tokens as sto_primitives::bridge::TokenBridge<T::AccountId>>::max_movement_weight()))]
		pub fn retry_quarantined(origin: OriginFor<T>, id: QuarantineId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_retry_quarantined(id)
		}

		/// Attest `import` (a burn on its route's EVM chain, read from finalized state) with
		/// the signer's EIP-712 `signature` of its release message, as a signer of set
		/// `set_id`. At the threshold the burn's amount leaves what the route has outstanding
		/// and is released from the escrow to the recipient through the token's movement path
		/// (`BridgeIn`, every receiver rule), or quarantined when the token refuses.
		///
		/// - origin: the account of a signer of set `set_id`, which is valid now.
		/// - the bridge not paused, imports not halted; the route exists; the burn not
		///   imported yet, its nonce and amount not zero, the amount within what is
		///   outstanding; the recipient an account here.
		/// - a valid signature of another message than the one being collected for this burn
		///   halts imports (`ImportEquivocation`) instead of counting.
		/// - one set collects at a time, as for `attest` ([`Pallet::ballot_for`]).
		///
		/// Free when accepted. Emits `ImportVoted`, then `Imported`. O(signers).
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::attest_import(T::MaxSigners::get()).saturating_add(
			<T::Tokens as sto_primitives::bridge::TokenBridge<T::AccountId>>::max_movement_weight()))]
		pub fn attest_import(
			origin: OriginFor<T>,
			import: Import,
			set_id: SetId,
			signature: EvmSignature,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_attest_import(who, import, set_id, signature)?;
			Ok(Pays::No.into())
		}

		/// Resume imports after an equivocation, first throwing away the attestation being
		/// collected for burn `discard` (chain, gateway, nonce), if named: the signers then
		/// attest it again from finalized EVM state.
		///
		/// - origin: `GovernanceOrigin`.
		///
		/// Emits `ImportsResumed`. O(1).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::resume_imports())]
		pub fn resume_imports(
			origin: OriginFor<T>,
			discard: Option<(EvmChainId, EvmAddress, ImportNonce)>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(ImportsHalted::<T>::get(), Error::<T>::ImportsNotHalted);
			if let Some((chain, gateway, nonce)) = discard {
				ImportVotes::<T>::remove((chain, gateway), nonce);
			}
			ImportsHalted::<T>::kill();
			Self::deposit_event(Event::ImportsResumed { discarded: discard });
			Ok(())
		}

		/// Send quarantined import `id` back to the EVM wallet that burned it: a new export of
		/// the escrowed tokens to that wallet on the same route, attested and minted as any
		/// export (refunded to the import's recipient, through the quarantine, if it is not
		/// minted by its deadline).
		///
		/// - origin: `GovernanceOrigin`.
		/// - the entry is an import's; its route exists; a signer set exists.
		///
		/// Emits `QuarantineBounced`. O(1).
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::bounce_quarantined())]
		pub fn bounce_quarantined(origin: OriginFor<T>, id: QuarantineId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_bounce_quarantined(id)
		}

		/// Ask the signers for `wallet`'s allow-list entry for the wrapped token of `token`'s
		/// `partition` on `chain`, computed now: while the wallet is linked to an identity the
		/// token admits (verified for it, passing its rules about receivers), until the earlier
		/// of `AllowTerm` from now and the end of the identity's KYC claim; otherwise an entry
		/// still open is removed (expiry 0). Anyone may ask (a holder before receiving, the
		/// issuer or anyone after a claim lapsed): a new entry supersedes the last one.
		///
		/// - origin: any signed account.
		/// - the route exists; a signer set exists; `wallet` not zero; something changes: a new
		///   entry, a removal of an open one, a shorter one, or a renewal in the second half of
		///   the term (`AllowUnchanged`); a new entry needs the token's admission
		///   (`RecipientNotLinked`, `TokenRefused`).
		///
		/// Emits `AllowRequested`. O(1) plus the token's receiver rules.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::request_allow().saturating_add(
			<T::Tokens as sto_primitives::bridge::TokenBridge<T::AccountId>>::max_movement_weight()))]
		pub fn request_allow(
			origin: OriginFor<T>,
			token: TokenId,
			partition: PartitionId,
			chain: EvmChainId,
			wallet: EvmAddress,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_request_allow(token, partition, chain, wallet)
		}

		/// Control the wrapped token of `token`'s `partition` on `chain`: freeze or unfreeze
		/// the EVM wallet `account`, or force a transfer of `amount` from it to `to`. The
		/// signers attest the message; the gateway applies control messages in sequence.
		///
		/// - origin: a wallet of the token's transfer agent (forced transfers) or freezer
		///   (freezes), as on this chain.
		/// - the route exists; a signer set exists; `account` not zero; a forced transfer names
		///   another `to` and an amount, a freeze neither (`BadControl`).
		///
		/// Emits `ControlRequested`. O(1).
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::control())]
		#[allow(clippy::too_many_arguments)]
		pub fn control(
			origin: OriginFor<T>,
			token: TokenId,
			partition: PartitionId,
			chain: EvmChainId,
			action: ControlAction,
			account: EvmAddress,
			to: EvmAddress,
			amount: TokenBalance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_control(who, token, partition, chain, action, account, to, amount)
		}

		/// Name the committee verifier of EVM chain `chain` (`None`: none), deployed with the
		/// current signer set: every later rotation queues a `SignerSet` message for it.
		///
		/// - origin: `GovernanceOrigin`.
		/// - `chain` not zero; `verifier` not zero; a signer set exists; at most
		///   `MaxCommittees` chains; a removal names a chain that has one (`NoSuchCommittee`).
		///
		/// Emits `CommitteeSet`. O(committees).
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::set_committee())]
		pub fn set_committee(origin: OriginFor<T>, chain: EvmChainId, verifier: Option<EvmAddress>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_committee(chain, verifier)
		}
	}
}

impl Limits {
	/// No limit zero; one export's limit within both windows'.
	pub fn is_valid(&self) -> bool {
		self.per_export > 0
			&& self.per_window > 0
			&& self.per_identity_window > 0
			&& self.per_export <= self.per_window
			&& self.per_export <= self.per_identity_window
	}
}

impl<T: Config> Pallet<T> {
	/// Check `signers` and make them the current set (module documentation).
	pub(crate) fn do_set_signers(signers: SignersOf<T>) -> frame_support::dispatch::DispatchResult {
		use frame_support::{ensure, traits::Get};
		use sp_runtime::Saturating;
		Self::check_signers(&signers)?;
		Self::ensure_no_rotation_pending()?;
		let now = frame_system::Pallet::<T>::block_number();
		let old = CurrentSet::<T>::get();
		let set_id = old.saturating_add(1);
		let mut previous_valid_until = None;
		if old > 0 {
			// The set before the previous one is gone; the previous one gets its grace period.
			if old > 1 {
				SignerSets::<T>::remove(old - 1);
			}
			let until = now.saturating_add(T::GracePeriod::get());
			SignerSets::<T>::mutate(old, |set| {
				if let Some(set) = set {
					set.valid_until = Some(until);
				}
			});
			previous_valid_until = Some(until);
		}
		let threshold = threshold_for(signers.len() as u32);
		ensure!(threshold as usize <= signers.len(), Error::<T>::TooFewSigners);
		if old > 0 {
			Self::queue_rotations(old, set_id, &signers)?;
		}
		SignerSets::<T>::insert(set_id, SignerSet { signers: signers.clone(), threshold, valid_until: None });
		CurrentSet::<T>::put(set_id);
		Self::deposit_event(Event::SignerSetRotated { set_id, signers, threshold, previous_valid_until });
		Ok(())
	}

	/// At least two signers, keys strictly ascending and not zero, accounts distinct.
	fn check_signers(signers: &SignersOf<T>) -> Result<(), Error<T>> {
		if signers.len() < 2 {
			return Err(Error::<T>::TooFewSigners);
		}
		if signers.iter().any(|signer| signer.key.is_zero()) {
			return Err(Error::<T>::ZeroSignerKey);
		}
		if !signers.windows(2).all(|pair| pair[0].key < pair[1].key) {
			return Err(Error::<T>::SignerKeysNotAscending);
		}
		for (n, signer) in signers.iter().enumerate() {
			if signers[..n].iter().any(|earlier| earlier.account == signer.account) {
				return Err(Error::<T>::DuplicateSignerAccount);
			}
		}
		Ok(())
	}

	pub(crate) fn do_set_route(
		token: TokenId,
		partition: PartitionId,
		chain: EvmChainId,
		route: Route,
	) -> frame_support::dispatch::DispatchResult {
		use frame_support::ensure;
		ensure!(chain != 0, Error::<T>::ZeroChainId);
		ensure!(!route.gateway.is_zero() && !route.wrapped.is_zero(), Error::<T>::ZeroAddress);
		ensure!(route.gateway != route.wrapped, Error::<T>::GatewayIsWrappedToken);
		ensure!(route.limits.is_valid(), Error::<T>::ZeroLimit);
		// One wrapped token per route: a wrapped token shared by two routes would let its
		// holders burn what one token exported and release the other.
		if let Some(owner) = RouteOfWrapped::<T>::get(chain, route.wrapped) {
			ensure!(owner == (token, partition), Error::<T>::WrappedInUse);
		}
		let old = Routes::<T>::get((token, partition), chain);
		if let Some(old) = old {
			// Exports in flight are minted by the old gateway, and the wrapped tokens out there
			// are burned at it: its releases must still verify.
			let same_contracts = old.gateway == route.gateway && old.wrapped == route.wrapped;
			ensure!(same_contracts || !Self::route_in_use(token, partition, chain), Error::<T>::RouteInUse);
			RouteOfWrapped::<T>::remove(chain, old.wrapped);
		}
		RouteOfWrapped::<T>::insert(chain, route.wrapped, (token, partition));
		Routes::<T>::insert((token, partition), chain, route);
		Self::deposit_event(Event::RouteSet { token, partition, chain, route });
		Ok(())
	}

	/// The signer set `set_id` if it is valid now: the current set, or the previous one
	/// through its last valid block.
	pub fn valid_set(set_id: SetId) -> Option<SignerSetOf<T>> {
		let set = SignerSets::<T>::get(set_id)?;
		match set.valid_until {
			None => Some(set),
			Some(until) if frame_system::Pallet::<T>::block_number() <= until => Some(set),
			Some(_) => None,
		}
	}

	/// Which ballot a vote of set `set_id` goes to, given the set `collecting` an attestation's
	/// votes now (none: nobody has voted, or the attestation was completed and cleared):
	/// - that set's ballot when it is `set_id` ([`Ballot::Join`]);
	/// - a new ballot of `set_id` when nobody collects, when the collecting set's grace period
	///   is over, or when `set_id` is newer than the collecting set: the current set takes over
	///   a ballot the previous set began, so that signers a rotation removed cannot hold an
	///   attestation up for the grace period ([`Ballot::Start`]);
	/// - `OtherSetCollecting` for a vote of the previous set while the current one collects.
	///
	/// Callers refuse a vote for an attestation that is already complete before asking.
	pub(crate) fn ballot_for(collecting: Option<SetId>, set_id: SetId) -> Result<Ballot, Error<T>> {
		match collecting {
			Some(collecting) if collecting == set_id => Ok(Ballot::Join),
			// A newer set than a valid one is the current set, valid until the next rotation.
			Some(collecting) if collecting > set_id => Err(Error::<T>::OtherSetCollecting),
			_ => Ok(Ballot::Start),
		}
	}

	/// Whether `who` is the account of a signer of a valid set.
	pub fn is_signer(who: &T::AccountId) -> bool {
		let current = CurrentSet::<T>::get();
		[current, current.saturating_sub(1)]
			.into_iter()
			.filter(|id| *id > 0)
			.filter_map(Self::valid_set)
			.any(|set| set.signers.iter().any(|signer| &signer.account == who))
	}

	/// The bridge's invariants (`try_state`, and after every test):
	/// - the time limits (grace period, its seconds, the export timeout) are not zero;
	/// - no set before the first rotation; then the current set exists and is current
	///   (`valid_until` none), at most one other set lives, the previous one, with a last
	///   valid block;
	/// - every set passes the checks of `set_signers` and has the threshold of its size;
	/// - every route has a chain id and two distinct non-zero contracts; each wrapped token is
	///   indexed to its one route, and the index holds nothing else.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::{ensure, traits::Get};
		use sp_runtime::traits::Zero;
		let current = CurrentSet::<T>::get();
		ensure!(
			T::ExportTimeout::get() > 0 && T::GraceSeconds::get() > 0 && !T::GracePeriod::get().is_zero(),
			"a time limit is zero"
		);
		for (id, set) in SignerSets::<T>::iter() {
			ensure!(id == current || (id + 1 == current && set.valid_until.is_some()), "a stale signer set lives");
			ensure!((id == current) == set.valid_until.is_none(), "only the current set is open-ended");
			Self::check_signers(&set.signers).map_err(|_| "a signer set fails its checks")?;
			ensure!(set.threshold == threshold_for(set.signers.len() as u32), "threshold");
			ensure!(set.threshold as usize <= set.signers.len(), "threshold above the set");
		}
		ensure!(current == 0 || SignerSets::<T>::contains_key(current), "the current set is missing");
		for ((token, partition), chain, route) in Routes::<T>::iter() {
			ensure!(
				RouteOfWrapped::<T>::get(chain, route.wrapped) == Some((token, partition)),
				"a route's wrapped token is not indexed to it"
			);
			ensure!(chain != 0, "route to chain 0");
			ensure!(!route.gateway.is_zero() && !route.wrapped.is_zero(), "route with a zero address");
			ensure!(route.gateway != route.wrapped, "route whose gateway is its wrapped token");
			ensure!(route.limits.is_valid(), "route with a zero limit");
		}
		for (chain, wrapped, (token, partition)) in RouteOfWrapped::<T>::iter() {
			ensure!(
				Routes::<T>::get((token, partition), chain).is_some_and(|route| route.wrapped == wrapped),
				"a wrapped token indexed to no route"
			);
		}
		Self::exports_try_state()?;
		Self::imports_try_state()?;
		Self::messages_try_state()?;
		Ok(())
	}
}
