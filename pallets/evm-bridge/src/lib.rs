//! # EVM Bridge Pallet (signers, routes, pause, exports and their attestations)
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
//!   just before the rotation still verify), then it is gone; at most two sets live.
//! - **Routes** ([`Pallet::set_route`], governance): `(token, partition, EVM chain id) →
//!   (gateway, wrapped token, enabled)`. No zero chain id, no zero address, gateway ≠ wrapped
//!   token; a disabled route refuses new exports but lets imports finish.
//! - **Pause** ([`Pallet::pause`]): any single signer of a valid set (or governance) stops the
//!   bridge at once; only governance resumes it ([`Pallet::unpause`]).
//!
//! - **Exports** ([`Pallet::export`]): the holder's tokens locked in the escrow through the
//!   token's one movement path (`BridgeOut`, judged against the EVM recipient's identity),
//!   within the route's limits; the gateway's EIP-712 mint message named in `Exported`.
//! - **Attestations** ([`Pallet::attest`]): signers sign the mint message (`Export`) and, after
//!   the deadline, its outcome (`ExportOutcome`); one vote per signer, strict recovery, the
//!   effect at the threshold. Unattested exports are refunded after the deadline
//!   ([`Pallet::refund_expired`]); releases the token refuses wait in a quarantine
//!   ([`Pallet::retry_quarantined`]).
//!
//! Imports come next (issue 20); this pallet is not yet in the runtime and has no benchmarks:
//! it joins the runtime with them.
//!
//! Every value the bridge keeps is in an event (`SignerSetRotated` with the set, its threshold
//! and the previous set's last valid block; `RouteSet`, `RouteRemoved`, `Paused`, `Unpaused`),
//! so the bridge's state is rebuilt from events alone.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

mod attest;
mod exports;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_export;

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
	/// until the deadline. Its outcome (minted or not) is attested after the deadline.
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
	/// The wallet the tokens left (and are refunded to).
	pub holder: AccountId,
	/// The EVM address the wrapped tokens are minted to, and its identity.
	pub recipient: EvmAddress,
	pub identity: IdentityId,
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
	/// The outcome of attested export `id`, read from finalized EVM state after its deadline:
	/// `ExportOutcome(bytes32 appchain,uint64 nonce,bool minted)`. Minted: the export is
	/// final. Not minted: it is refunded to its holder.
	ExportOutcome { minted: bool },
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

/// A release (a refund, later an import) that the token refused: the tokens stay in the
/// escrow, owed to `to`, until a retry succeeds.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Quarantined<AccountId> {
	pub token: TokenId,
	pub partition: PartitionId,
	pub to: AccountId,
	pub amount: TokenBalance,
	/// The export the tokens came from, and its digest (the movement's reference).
	pub nonce: ExportNonce,
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

/// Weights of this pallet's calls. Measured when the pallet joins the runtime.
pub trait WeightInfo {
	fn set_signers(n: u32) -> frame_support::weights::Weight;
	fn set_route() -> frame_support::weights::Weight;
	fn remove_route() -> frame_support::weights::Weight;
	fn pause() -> frame_support::weights::Weight;
	fn unpause() -> frame_support::weights::Weight;
	fn export() -> frame_support::weights::Weight;
	fn attest(n: u32) -> frame_support::weights::Weight;
	fn refund_expired() -> frame_support::weights::Weight;
	fn retry_quarantined() -> frame_support::weights::Weight;
}

/// For test runtimes only: every call weighs nothing.
impl WeightInfo for () {
	fn set_signers(_: u32) -> frame_support::weights::Weight {
		Default::default()
	}
	fn set_route() -> frame_support::weights::Weight {
		Default::default()
	}
	fn remove_route() -> frame_support::weights::Weight {
		Default::default()
	}
	fn pause() -> frame_support::weights::Weight {
		Default::default()
	}
	fn unpause() -> frame_support::weights::Weight {
		Default::default()
	}
	fn export() -> frame_support::weights::Weight {
		Default::default()
	}
	fn attest(_: u32) -> frame_support::weights::Weight {
		Default::default()
	}
	fn refund_expired() -> frame_support::weights::Weight {
		Default::default()
	}
	fn retry_quarantined() -> frame_support::weights::Weight {
		Default::default()
	}
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

		/// Blocks in a window of the routes' export limits.
		#[pallet::constant]
		type LimitWindow: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The current signer set's number (0: no set yet).
	#[pallet::storage]
	pub type CurrentSet<T> = StorageValue<_, SetId, ValueQuery>;

	/// The current signer set and, during its grace period, the previous one.
	#[pallet::storage]
	pub type SignerSets<T: Config> = StorageMap<_, Twox64Concat, SetId, SignerSetOf<T>>;

	/// Routes by (token, partition) and EVM chain.
	#[pallet::storage]
	pub type Routes<T> =
		StorageDoubleMap<_, Twox64Concat, (TokenId, PartitionId), Twox64Concat, EvmChainId, Route>;

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
	pub type RouteUsage<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		(TokenId, PartitionId),
		Twox64Concat,
		EvmChainId,
		WindowUsage,
		ValueQuery,
	>;

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

	/// What was minted on EVM chains and not yet imported back, by (token, partition): the
	/// escrow holds it for the wrapped tokens.
	#[pallet::storage]
	pub type Outstanding<T> = StorageMap<_, Twox64Concat, (TokenId, PartitionId), TokenBalance, ValueQuery>;

	/// The last quarantine number (0: none yet).
	#[pallet::storage]
	pub type LastQuarantine<T> = StorageValue<_, QuarantineId, ValueQuery>;

	/// Releases the token refused, kept until a retry succeeds.
	#[pallet::storage]
	pub type Quarantine<T: Config> = StorageMap<_, Twox64Concat, QuarantineId, Quarantined<T::AccountId>>;

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
			nonce: ExportNonce,
			to: T::AccountId,
			amount: TokenBalance,
			reason: Refusal,
		},
		/// Quarantined release `id` succeeded.
		QuarantineReleased { id: QuarantineId },
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
		/// Another signer set is collecting signatures for this attestation.
		OtherSetCollecting,
		/// The export's deadline has not passed.
		DeadlineNotPassed,
		/// No such quarantined release.
		NoSuchQuarantine,
		/// A counter overflowed.
		Overflow,
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
		///
		/// Emits `SignerSetRotated`. O(signers²) for the account check, signers ≤ `MaxSigners`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_signers(signers.len() as u32))]
		pub fn set_signers(origin: OriginFor<T>, signers: SignersOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_signers(signers)
		}

		/// Set the route of `token`'s `partition` to EVM chain `chain`.
		///
		/// - origin: `GovernanceOrigin`.
		/// - `chain`: not zero; `gateway`, `wrapped`: not zero, not the same contract.
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
			Routes::<T>::take((token, partition), chain).ok_or(Error::<T>::NoSuchRoute)?;
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

		/// Attest `kind` for export `nonce` with the signer's EIP-712 `signature` of its
		/// message (`AttestationKind`), as a signer of set `set_id`. At the threshold the
		/// attestation takes effect in this call (`ExportAttested`; for an outcome, the export
		/// is final or refunded).
		///
		/// - origin: the account of a signer of set `set_id`, which is valid now.
		/// - `signature`: 65 bytes, `v` 27 or 28, low `s`, recovering to that signer's key.
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
	}
}

impl Limits {
	/// No limit zero; one export's limit within both windows'.
	pub fn is_valid(&self) -> bool {
		self.per_export > 0 &&
			self.per_window > 0 &&
			self.per_identity_window > 0 &&
			self.per_export <= self.per_window &&
			self.per_export <= self.per_identity_window
	}
}

impl<T: Config> Pallet<T> {
	/// Check `signers` and make them the current set (module documentation).
	pub(crate) fn do_set_signers(signers: SignersOf<T>) -> frame_support::dispatch::DispatchResult {
		use frame_support::{ensure, traits::Get};
		use sp_runtime::Saturating;
		Self::check_signers(&signers)?;
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
	/// - no set before the first rotation; then the current set exists and is current
	///   (`valid_until` none), at most one other set lives, the previous one, with a last
	///   valid block;
	/// - every set passes the checks of `set_signers` and has the threshold of its size;
	/// - every route has a chain id and two distinct non-zero contracts.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::ensure;
		let current = CurrentSet::<T>::get();
		for (id, set) in SignerSets::<T>::iter() {
			ensure!(id == current || (id + 1 == current && set.valid_until.is_some()), "a stale signer set lives");
			ensure!((id == current) == set.valid_until.is_none(), "only the current set is open-ended");
			Self::check_signers(&set.signers).map_err(|_| "a signer set fails its checks")?;
			ensure!(set.threshold == threshold_for(set.signers.len() as u32), "threshold");
			ensure!(set.threshold as usize <= set.signers.len(), "threshold above the set");
		}
		ensure!(current == 0 || SignerSets::<T>::contains_key(current), "the current set is missing");
		for ((_, _), chain, route) in Routes::<T>::iter() {
			ensure!(chain != 0, "route to chain 0");
			ensure!(!route.gateway.is_zero() && !route.wrapped.is_zero(), "route with a zero address");
			ensure!(route.gateway != route.wrapped, "route whose gateway is its wrapped token");
			ensure!(route.limits.is_valid(), "route with a zero limit");
		}
		Self::exports_try_state()?;
		Ok(())
	}
}
