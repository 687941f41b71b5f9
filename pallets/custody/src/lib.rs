//! # Custody Pallet
//!
//! Lets an exchange stay a custodial exchange, with its own order book and internal ledger,
//! while ownership lives only in the security token: investors give the exchange **custody
//! mandates**, and the exchange settles matched trades on chain in **atomic batches** without
//! an investor signature per trade. Every token leg moves through the token's one movement
//! path, so compliance runs on the resulting identity-level positions like for any transfer.
//!
//! ## Terminology
//!
//! - **Custodian**: an identity (of the identity registry) that governance registered with its
//!   [`LicensedRoles`] (ATS operator, broker-dealer, clearing agent, transfer agent). Any
//!   wallet of that identity acts for it. Governance suspends, reinstates and removes it.
//! - **Venue binding**: an investor identity's account at a custodian, stored as a hash of the
//!   venue's own account id (no personal data). The investor binds it by signing with one of
//!   its wallets, and must be verified (a valid KYC claim) to do so.
//! - **Mandate**: an investor identity's permission for one custodian to move its tokens of one
//!   token (one partition or all), up to a cap in total, optionally until an expiry. The
//!   investor grants (needs a venue binding with the custodian) and revokes it; the token's
//!   issuer or compliance manager suspends and resumes it; each settled leg consumes it.
//!   One mandate per (investor, custodian, token): granting again replaces cap, partition and
//!   expiry and starts consumption afresh. A suspension belongs to (investor, custodian,
//!   token), not to one grant: the investor may revoke a suspended mandate (taking the
//!   custodian's authority away), but a mandate granted again starts suspended, until the
//!   token authority resumes it.
//! - **Batch**: what a custodian settles in one call: token legs (token, partition, from, to,
//!   amount) and cash legs (asset, from, to, amount) in a pallet-assets asset, under the
//!   custodian's own batch reference (a hash it chooses, unique per custodian).
//!
//! ## Settlement
//!
//! [`Pallet::settle`] applies the token legs in order, then the cash legs in order, inside one
//! storage transaction: **all legs settle or none**. The custodian must be registered, active,
//! licensed to settle and **verified now** (a valid KYC claim, checked at every settlement as
//! an investor's verification is). Each token leg must be authorized:
//! - from a wallet of the custodian itself: no mandate is needed (its own inventory);
//! - otherwise by the sending identity's mandate to this custodian for the token, which must
//!   cover the leg's partition, not be expired or suspended, and have the capacity left.
//!
//! The leg then moves through the token's movement path (kind `Settlement`, the submitting
//! wallet as operator, the batch reference as the movement's reference): token state, freezes,
//! lock-ups, the receiver's verification and the compliance rules (sender-side claim rules
//! check the investor, as for any transfer), each seeing the positions the earlier legs
//! produced (a custodian orders legs so that no intermediate position breaks a limit: sales
//! before purchases).
//!
//! **Cash legs are paid from the custodian's own accounts**: `from` must be a wallet of the
//! settling custodian (the exchange pays out of the cash it holds for its clients). Investors
//! grant no cash mandates, and no investor account is ever debited without its signature.
//!
//! A refused batch fails with an error naming the failing leg's index and the reason
//! (`LegNotAuthorized`, `LegRefused`, `LegNonCompliant`, `CashLegFailed`); nothing moves and no
//! event remains. A settled batch emits, per token leg, the token's `Moved` (what moved) then
//! `LegSettled` (the investor and its mandate's remaining capacity), `CashLegSettled` per cash
//! leg and one `BatchSettled`, each with the batch reference.
//!
//! **Pre-checks** are free: [`Pallet::settlement_preview`] (view function `preview`, runtime API
//! `CustodyApi::preview`) runs the very code of `settle` inside a storage transaction that is
//! always rolled back, so each leg's status is judged on the state the earlier legs leave (a
//! per-leg `can_move` would judge every leg on today's state and miss a purchase that funds a
//! later sale); a failing leg writes nothing and the legs after it are still judged.
//!
//! **Duplicate batch references** are refused: the pallet remembers each custodian's last
//! `BatchRefHistory` references in a ring (one slot per batch, the oldest reference forgotten
//! when its slot is reused), so storage per custodian is bounded and each settlement does O(1)
//! work for it. A custodian must not reuse a reference even after that many batches.
//!
//! ## Interface
//!
//! ### Investor calls (a wallet of the investor's identity)
//! `bind_venue_account`, `unbind_venue_account`, `grant_mandate`, `revoke_mandate`.
//!
//! ### Custodian calls (a wallet of a registered, active custodian)
//! `settle`.
//!
//! ### Token authority calls (a wallet of the token's issuer or compliance manager)
//! `suspend_mandate`, `resume_mandate`.
//!
//! ### Privileged calls (`Config::GovernanceOrigin`)
//! `register_custodian`, `set_custodian_roles`, `suspend_custodian`, `reinstate_custodian`,
//! `remove_custodian` (only once no venue binding refers to the custodian), and
//! `purge_custodian_accounts`: winds a suspended custodian down page by page (removes its venue
//! bindings and the mandates granted to it) when its investors do not unbind themselves.
//!
//! ### Reads (free)
//! View functions `preview` (every leg's status, without writing), `identity_holding` (an
//! identity's holding of a token over all its wallets), `mandate_capacity`, `mandate`,
//! `custodian`, `venue_account`, `investor_of_venue_account`; the runtime API `CustodyApi`.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod proptests;
pub mod runtime_api;
mod settlement;
#[cfg(test)]
mod tests;
pub mod types;
/// Defaults for deriving `Config` in test runtimes (std only).
#[cfg(feature = "std")]
pub mod config_preludes;
pub mod migrations;
pub mod weights;

use polkadot_sdk::{frame_support, frame_system, sp_runtime};
pub use sto_primitives::{
	compliance::RuleFailure,
	identity::{IdentityId, IdentityProvider},
	settlement::TokenSettlement,
	token::{PartitionId, TokenAuthority, TokenBalance, TokenId, TokenInspect, TransferFailure},
};

/// Hooks the benchmarks need from the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, AssetId, CashBalance> {
	/// A new account, distinct per seed, funded for fees and deposits, with a verified
	/// identity of its own (`Some(id)`: linked to that identity instead).
	fn verified_account(seed: u32, identity: Option<IdentityId>) -> (AccountId, IdentityId);

	/// An active token with the most partitions, without compliance rules, whose issuer
	/// (returned: a wallet of the owner identity) manages its compliance; each of `holders`
	/// holds `amount` of partition 0.
	fn token(holders: &[AccountId], amount: TokenBalance) -> (TokenId, AccountId);

	/// A new verified wallet of a new identity whose position in `token` holds one holding
	/// less than the token allows per identity (other wallets and partitions of the identity
	/// hold the rest): the costliest receiver of a movement.
	fn crowded_receiver(token: TokenId, seed: u32) -> AccountId;

	/// A cash asset in which `payer` holds `amount` (and accounts may receive amounts of at
	/// least 1).
	fn cash(payer: &AccountId, amount: CashBalance) -> AssetId;
}

/// The account type of this runtime.
pub type AccountIdOf<T> = <T as frame_system::Config>::AccountId;

/// The id of a cash asset.
pub type AssetIdOf<T> =
	<<T as Config>::Assets as frame_support::traits::fungibles::Inspect<AccountIdOf<T>>>::AssetId;

/// Amounts of a cash asset.
pub type CashBalanceOf<T> =
	<<T as Config>::Assets as frame_support::traits::fungibles::Inspect<AccountIdOf<T>>>::Balance;

/// A token leg of this runtime.
pub type LegOf<T> = Leg<AccountIdOf<T>>;

/// A cash leg of this runtime.
pub type CashLegOf<T> = CashLeg<AssetIdOf<T>, AccountIdOf<T>, CashBalanceOf<T>>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungibles, Time},
	};
	use frame_system::pallet_prelude::*;
	use polkadot_sdk::sp_core::H256;

	/// The version of this pallet's storage layout: every change of it ships with a migration
	/// ([`crate::migrations`]).
	#[cfg(not(feature = "upgrade-test"))]
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);
	/// Version 2 exists only in the upgrade test's runtime ([`crate::migrations::v2`]).
	#[cfg(feature = "upgrade-test")]
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config(with_default)]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Governance: registers, suspends, reinstates and removes custodians.
		#[pallet::no_default_bounds]
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who an account is and whether it is verified.
		#[pallet::no_default]
		type Identity: IdentityProvider<Self::AccountId, Moment>;

		/// The security tokens: settlement legs through their one movement path, who manages a
		/// token's compliance, and their partitions.
		#[pallet::no_default]
		type Tokens: TokenSettlement<Self::AccountId, TokenBalance>
			+ TokenAuthority<Self::AccountId>
			+ TokenInspect<Self::AccountId, TokenBalance, Moment>;

		/// The cash assets of cash legs (pallet-assets).
		#[pallet::no_default]
		type Assets: fungibles::Mutate<Self::AccountId>;

		/// The clock mandates expire by (ms since the Unix epoch).
		#[pallet::no_default]
		type Time: Time<Moment = Moment>;

		/// Most token legs in a batch (at most 256: a leg's index is one byte).
		#[pallet::constant]
		type MaxLegs: Get<u32>;

		/// Most cash legs in a batch (at most 256).
		#[pallet::constant]
		type MaxCashLegs: Get<u32>;

		/// Most venue bindings (custodians) per investor identity.
		#[pallet::constant]
		type MaxBindingsPerIdentity: Get<u32>;

		/// Most mandates (tokens) an investor identity grants one custodian.
		#[pallet::constant]
		type MaxMandatesPerBinding: Get<u32>;

		/// How many of each custodian's latest batch references are remembered (and refused
		/// when submitted again).
		#[pallet::constant]
		type BatchRefHistory: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up identities, tokens and cash in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		#[pallet::no_default]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, AssetIdOf<Self>, CashBalanceOf<Self>>;
	}

	/// Registered custodians by identity.
	#[pallet::storage]
	pub type Custodians<T: Config> = StorageMap<_, Twox64Concat, IdentityId, Custodian>;

	/// Venue bindings: (investor identity, custodian identity) -> the investor's account there.
	#[pallet::storage]
	pub type Bindings<T: Config> =
		StorageDoubleMap<_, Twox64Concat, IdentityId, Twox64Concat, IdentityId, VenueBinding>;

	/// Index of the bindings by venue account: (custodian, account reference) -> investor.
	#[pallet::storage]
	pub type VenueAccounts<T: Config> =
		StorageDoubleMap<_, Twox64Concat, IdentityId, Blake2_128Concat, H256, IdentityId>;

	/// How many venue bindings each investor identity has.
	#[pallet::storage]
	pub type BindingCount<T: Config> = StorageMap<_, Twox64Concat, IdentityId, u32, ValueQuery>;

	/// Mandates: (investor identity, custodian identity, token) -> mandate.
	#[pallet::storage]
	pub type Mandates<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, IdentityId>,
			NMapKey<Twox64Concat, IdentityId>,
			NMapKey<Twox64Concat, TokenId>,
		),
		Mandate,
	>;

	/// Suspensions that outlive their mandate: (investor identity, custodian identity, token)
	/// of a mandate the token authority suspended and the investor then revoked. Granting the
	/// mandate again starts it suspended (the entry moves back into the mandate); only the
	/// token authority's `resume_mandate` (or governance's `purge_custodian_accounts`) removes
	/// an entry. Each entry keeps its mandate's slot in the venue binding's count (at most
	/// `MaxMandatesPerBinding` per binding), so the binding stays until it is resolved.
	#[pallet::storage]
	pub type SuspensionsKept<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, IdentityId>,
			NMapKey<Twox64Concat, IdentityId>,
			NMapKey<Twox64Concat, TokenId>,
		),
		(),
	>;

	/// The batch references each custodian used recently -> their slot in the custodian's ring.
	#[pallet::storage]
	pub type BatchRefs<T: Config> =
		StorageDoubleMap<_, Twox64Concat, IdentityId, Blake2_128Concat, H256, u32>;

	/// Each custodian's ring of recent batch references: slot -> reference.
	#[pallet::storage]
	pub type BatchRefRing<T: Config> =
		StorageDoubleMap<_, Twox64Concat, IdentityId, Twox64Concat, u32, H256>;

	/// The ring slot each custodian's next batch reference takes (kept when a custodian is
	/// removed, so that a re-registered custodian continues its ring).
	#[pallet::storage]
	pub type NextBatchSlot<T: Config> = StorageMap<_, Twox64Concat, IdentityId, u32, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance registered a custodian with its licences.
		CustodianRegistered { custodian: IdentityId, roles: LicensedRoles },
		/// Governance replaced a custodian's licences.
		CustodianRolesSet { custodian: IdentityId, roles: LicensedRoles },
		/// Governance suspended a custodian: it may not settle.
		CustodianSuspended { custodian: IdentityId },
		/// Governance reinstated a suspended custodian.
		CustodianReinstated { custodian: IdentityId },
		/// Governance removed a custodian.
		CustodianRemoved { custodian: IdentityId },
		/// An investor bound its account at a custodian's venue (`account_ref`: hash of the
		/// venue's account id).
		VenueAccountBound { investor: IdentityId, custodian: IdentityId, account_ref: H256 },
		/// A venue binding was removed: by its investor, or by governance winding its
		/// custodian down.
		VenueAccountUnbound { investor: IdentityId, custodian: IdentityId, account_ref: H256 },
		/// An investor granted (or replaced) a mandate.
		MandateGranted {
			investor: IdentityId,
			custodian: IdentityId,
			token: TokenId,
			partition: Option<PartitionId>,
			cap: TokenBalance,
			expiry: Option<Moment>,
		},
		/// A mandate was revoked: by its investor, or by governance winding its custodian down.
		/// An investor's revocation does not lift a suspension: a mandate granted again for the
		/// same (investor, custodian, token) starts suspended until `MandateResumed`.
		MandateRevoked { investor: IdentityId, custodian: IdentityId, token: TokenId },
		/// The token's issuer or compliance manager suspended a mandate. The suspension holds
		/// for (investor, custodian, token) until `MandateResumed`, across revocations and
		/// new grants (or until governance purges the binding).
		MandateSuspended { investor: IdentityId, custodian: IdentityId, token: TokenId },
		/// The token's issuer or compliance manager resumed a suspended mandate (or lifted the
		/// suspension kept for a revoked one).
		MandateResumed { investor: IdentityId, custodian: IdentityId, token: TokenId },
		/// Token leg `leg` of a batch settled. The token's `Moved` event just before this one
		/// (kind `Settlement`, the submitting wallet as operator, `batch_ref` as reference) says
		/// what moved: token, partition, wallets, amount. This event adds what only custody
		/// knows: `investor` is the sending identity, `mandate_remaining` the capacity its
		/// mandate has left (`None`: the custodian's own account, no mandate used).
		LegSettled {
			custodian: IdentityId,
			batch_ref: H256,
			leg: u32,
			investor: IdentityId,
			mandate_remaining: Option<TokenBalance>,
		},
		/// A cash leg of a batch was paid.
		CashLegSettled {
			custodian: IdentityId,
			batch_ref: H256,
			leg: u32,
			asset: AssetIdOf<T>,
			from: T::AccountId,
			to: T::AccountId,
			amount: CashBalanceOf<T>,
		},
		/// A whole batch settled, submitted by `submitter` (a wallet of the custodian).
		BatchSettled { custodian: IdentityId, batch_ref: H256, submitter: T::AccountId, legs: u32, cash_legs: u32 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller's account belongs to no identity.
		NoIdentity,
		/// The caller's identity is not verified (no valid KYC claim from a trusted issuer).
		NotVerified,
		/// The named identity is already a custodian.
		AlreadyCustodian,
		/// No custodian is registered under this identity.
		UnknownCustodian,
		/// The caller's identity is not a registered custodian.
		NotCustodian,
		/// A custodian needs at least one licensed role.
		NoRoles,
		/// The custodian is suspended.
		CustodianSuspended,
		/// The custodian is not suspended.
		CustodianNotSuspended,
		/// The custodian still has venue bindings (and with them mandates): it may not be
		/// removed until the investors unbind.
		CustodianInUse,
		/// The custodian's licences do not allow settling trades (an ATS operator, a
		/// broker-dealer or a clearing agent may).
		NotLicensedToSettle,
		/// The venue account is bound to another identity at this custodian.
		AccountRefTaken,
		/// The identity has `MaxBindingsPerIdentity` venue bindings.
		TooManyBindings,
		/// The investor has no venue account bound at this custodian.
		NotBound,
		/// The investor still has mandates with this custodian: revoke them first. A revoked
		/// mandate whose suspension the token authority keeps counts until the token authority
		/// resumes it.
		MandatesOutstanding,
		/// No such token.
		UnknownToken,
		/// No such partition of the token.
		UnknownPartition,
		/// A mandate's cap must be above zero.
		ZeroCap,
		/// A mandate's expiry must be in the future.
		ExpiryInPast,
		/// The investor has `MaxMandatesPerBinding` mandates with this custodian.
		TooManyMandates,
		/// No such mandate.
		NoMandate,
		/// The caller's identity is not the token's issuer or compliance manager.
		NotAuthorized,
		/// The mandate is already suspended.
		MandateSuspended,
		/// The mandate is not suspended.
		MandateNotSuspended,
		/// A batch needs at least one leg.
		EmptyBatch,
		/// The custodian already settled a batch with this reference.
		DuplicateBatchRef,
		/// Token leg `leg` is not authorized by a mandate, for `reason`. Nothing moved.
		LegNotAuthorized { leg: LegIndex, reason: MandateFailure },
		/// The token's own checks refuse token leg `leg`, for `reason` (the failure's code: a
		/// compliance rule's refusal is `LegNonCompliant`). Nothing moved.
		LegRefused { leg: LegIndex, reason: Refusal },
		/// A compliance rule of the token refuses token leg `leg` (the preview or the
		/// compliance report names the rule). Nothing moved.
		LegNonCompliant { leg: LegIndex, reason: RuleFailure },
		/// Cash leg `leg` cannot be paid, for `reason`. Nothing moved.
		CashLegFailed { leg: LegIndex, reason: CashFailure },
		/// The settling custodian's identity is not verified now (no valid KYC claim from a
		/// trusted issuer): a custodian settles only while verified.
		CustodianNotVerified,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			// Leg indices travel in errors as one byte.
			assert!(T::MaxLegs::get() >= 1 && T::MaxLegs::get() <= 256, "MaxLegs in 1..=256");
			assert!(T::MaxCashLegs::get() <= 256, "MaxCashLegs at most 256");
			assert!(T::BatchRefHistory::get() >= 1, "BatchRefHistory at least 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register the identity of `wallet` as a custodian with `roles`.
		///
		/// - origin: `GovernanceOrigin`.
		/// - `wallet`: any wallet of the custodian's identity (it names the identity, which
		///   must be verified).
		/// - `roles`: at least one licence.
		///
		/// Emits `CustodianRegistered`. O(1).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_custodian())]
		pub fn register_custodian(origin: OriginFor<T>, wallet: T::AccountId, roles: LicensedRoles) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_register_custodian(&wallet, roles)
		}

		/// Replace a custodian's licences.
		///
		/// - origin: `GovernanceOrigin`.
		/// - `roles`: at least one licence.
		///
		/// Emits `CustodianRolesSet`. O(1).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_custodian_roles())]
		pub fn set_custodian_roles(origin: OriginFor<T>, custodian: IdentityId, roles: LicensedRoles) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_custodian_roles(custodian, roles)
		}

		/// Suspend a custodian: it may not settle, and investors may not bind accounts or grant
		/// mandates to it (existing ones stay).
		///
		/// - origin: `GovernanceOrigin`.
		///
		/// Emits `CustodianSuspended`. O(1).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::suspend_custodian())]
		pub fn suspend_custodian(origin: OriginFor<T>, custodian: IdentityId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_custodian_status(custodian, CustodianStatus::Suspended)
		}

		/// Reinstate a suspended custodian.
		///
		/// - origin: `GovernanceOrigin`.
		///
		/// Emits `CustodianReinstated`. O(1).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::reinstate_custodian())]
		pub fn reinstate_custodian(origin: OriginFor<T>, custodian: IdentityId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_custodian_status(custodian, CustodianStatus::Active)
		}

		/// Remove a custodian that no venue binding (and so no mandate) refers to any more.
		/// Its remembered batch references stay (bounded by `BatchRefHistory`).
		///
		/// - origin: `GovernanceOrigin`.
		///
		/// Emits `CustodianRemoved`. O(1).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::remove_custodian())]
		pub fn remove_custodian(origin: OriginFor<T>, custodian: IdentityId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_remove_custodian(custodian)
		}

		/// Bind the caller's identity to its account at `custodian`'s venue (or replace the
		/// account reference of an existing binding).
		///
		/// - origin: a wallet of a verified investor identity (its signature is the consent).
		/// - `custodian`: a registered, active custodian.
		/// - `account_ref`: hash of the venue's account id; not bound to another identity at
		///   this custodian.
		///
		/// Emits `VenueAccountBound`. O(1).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::bind_venue_account())]
		pub fn bind_venue_account(origin: OriginFor<T>, custodian: IdentityId, account_ref: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_bind_venue_account(&who, custodian, account_ref)
		}

		/// Remove the caller's identity's venue binding at `custodian` (its mandates with the
		/// custodian must be revoked first).
		///
		/// - origin: a wallet of the investor identity.
		///
		/// Emits `VenueAccountUnbound`. O(1).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::unbind_venue_account())]
		pub fn unbind_venue_account(origin: OriginFor<T>, custodian: IdentityId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unbind_venue_account(&who, custodian)
		}

		/// Grant `custodian` a mandate to move the caller's identity's tokens of `token` in
		/// settlements, or replace the existing one (consumption starts afresh; a suspension
		/// by the token's issuer stays, also one kept from a revoked mandate).
		///
		/// - origin: a wallet of a verified investor identity with a venue binding at
		///   `custodian`.
		/// - `custodian`: a registered, active custodian.
		/// - `partition`: the only partition covered (`None`: all).
		/// - `cap`: the most the custodian may move under the mandate, in all (above zero).
		/// - `expiry`: when the mandate ends (in the future; `None`: never).
		///
		/// Emits `MandateGranted`. O(1).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::grant_mandate())]
		pub fn grant_mandate(
			origin: OriginFor<T>,
			custodian: IdentityId,
			token: TokenId,
			partition: Option<PartitionId>,
			cap: TokenBalance,
			expiry: Option<Moment>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_grant_mandate(&who, custodian, token, partition, cap, expiry)
		}

		/// Revoke the caller's identity's mandate to `custodian` for `token`, at once. The
		/// investor may always take the custodian's authority away; a suspension by the token's
		/// issuer or compliance manager is kept (in `SuspensionsKept`, holding the mandate's slot
		/// in the binding) and applies to a mandate granted again until the token authority
		/// resumes it.
		///
		/// - origin: a wallet of the investor identity.
		///
		/// Emits `MandateRevoked`. O(1).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::revoke_mandate())]
		pub fn revoke_mandate(origin: OriginFor<T>, custodian: IdentityId, token: TokenId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_revoke_mandate(&who, custodian, token)
		}

		/// Suspend `investor`'s mandate to `custodian` for `token`: no leg settles under it
		/// until resumed.
		///
		/// - origin: a wallet of the token's issuer or compliance manager.
		///
		/// Emits `MandateSuspended`. O(1).
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::suspend_mandate())]
		pub fn suspend_mandate(
			origin: OriginFor<T>,
			investor: IdentityId,
			custodian: IdentityId,
			token: TokenId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_mandate_suspended(&who, investor, custodian, token, true)
		}

		/// Resume a suspended mandate, or lift the suspension kept for a mandate its investor
		/// revoked (its slot in the venue binding is freed).
		///
		/// - origin: a wallet of the token's issuer or compliance manager.
		///
		/// Emits `MandateResumed`. O(1).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::resume_mandate())]
		pub fn resume_mandate(
			origin: OriginFor<T>,
			investor: IdentityId,
			custodian: IdentityId,
			token: TokenId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_mandate_suspended(&who, investor, custodian, token, false)
		}

		/// Settle a batch atomically: every token leg, then every cash leg, or nothing.
		///
		/// - origin: a wallet of a registered, active custodian licensed to settle, whose
		///   identity is verified now.
		/// - `batch_ref`: the custodian's reference for the batch (refused if among its last
		///   `BatchRefHistory` references).
		/// - `legs`: token legs, each from a wallet of the custodian or authorized by the
		///   sender's mandate to the custodian, each passing the token's movement path.
		/// - `cash_legs`: payments in cash assets from wallets of the custodian.
		///
		/// Emits `LegSettled` (and the token's `Moved`) per token leg, `CashLegSettled` per
		/// cash leg, `BatchSettled`. On refusal the error names the first failing leg and why.
		/// O(legs + cash legs); the weight of the tokens' compliance rules above the
		/// benchmarked case is declared at its most and refunded.
		#[pallet::call_index(11)]
		#[pallet::weight(
			Pallet::<T>::settle_weight(legs.len() as u32, cash_legs.len() as u32)
				.saturating_add(T::Tokens::max_leg_weight().saturating_mul(legs.len() as u64))
		)]
		pub fn settle(
			origin: OriginFor<T>,
			batch_ref: H256,
			legs: BoundedVec<LegOf<T>, T::MaxLegs>,
			cash_legs: BoundedVec<CashLegOf<T>, T::MaxCashLegs>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let base = Self::settle_weight(legs.len() as u32, cash_legs.len() as u32);
			let rules = legs
				.iter()
				.fold(Weight::zero(), |sum, leg| sum.saturating_add(T::Tokens::leg_weight(leg.token)));
			Self::do_settle(&who, batch_ref, &legs, &cash_legs)?;
			Ok(Some(base.saturating_add(rules)).into())
		}

		/// Wind a suspended custodian down: remove up to `limit` of the venue bindings at it,
		/// each with the mandates its investor granted the custodian, so that the custodian can
		/// then be removed (`remove_custodian`) even if its investors never unbind.
		///
		/// - origin: `GovernanceOrigin`.
		/// - `custodian`: a suspended custodian.
		/// - `limit`: the most bindings removed by this call (call again for the rest).
		///
		/// Suspensions kept for revoked mandates at the custodian go with their bindings.
		///
		/// Emits `MandateRevoked` per mandate and `VenueAccountUnbound` per binding removed.
		/// O(limit × `MaxMandatesPerBinding`); the weight of bindings not found is refunded.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::purge_custodian_accounts(*limit))]
		pub fn purge_custodian_accounts(
			origin: OriginFor<T>,
			custodian: IdentityId,
			limit: u32,
		) -> DispatchResultWithPostInfo {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let removed = Self::do_purge_custodian_accounts(custodian, limit)?;
			Ok(Some(T::WeightInfo::purge_custodian_accounts(removed)).into())
		}
	}

	/// Free reads for exchanges (`RuntimeViewFunction`), the same answers as `CustodyApi`.
	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// What settling `legs` and `cash_legs` under `batch_ref`, submitted by `submitter`,
		/// would meet now: the batch-level verdict and every leg's status, without writing.
		/// Bounded as `settle` is (at most `MaxLegs` and `MaxCashLegs`: longer lists do not
		/// decode), so a free read costs at most what the largest settlement costs.
		pub fn preview(
			submitter: T::AccountId,
			batch_ref: H256,
			legs: BoundedVec<LegOf<T>, T::MaxLegs>,
			cash_legs: BoundedVec<CashLegOf<T>, T::MaxCashLegs>,
		) -> SettlementPreview {
			Self::settlement_preview(&submitter, batch_ref, &legs, &cash_legs)
		}

		/// `identity`'s holding of `token` over all its wallets and partitions.
		pub fn identity_holding(token: TokenId, identity: IdentityId) -> TokenBalance {
			T::Tokens::identity_holding(token, identity)
		}

		/// How much of `partition` of `token` `custodian` may still move for `investor` now, or
		/// why its mandate authorizes nothing.
		pub fn mandate_capacity(
			investor: IdentityId,
			custodian: IdentityId,
			token: TokenId,
			partition: PartitionId,
		) -> Result<TokenBalance, MandateFailure> {
			Self::remaining_capacity(investor, custodian, token, partition)
		}

		/// `investor`'s mandate to `custodian` for `token`.
		pub fn mandate(investor: IdentityId, custodian: IdentityId, token: TokenId) -> Option<Mandate> {
			Mandates::<T>::get((investor, custodian, token))
		}

		/// A custodian's licences and status.
		pub fn custodian(custodian: IdentityId) -> Option<Custodian> {
			Custodians::<T>::get(custodian)
		}

		/// `investor`'s venue binding at `custodian`.
		pub fn venue_account(investor: IdentityId, custodian: IdentityId) -> Option<VenueBinding> {
			Bindings::<T>::get(investor, custodian)
		}

		/// The investor identity bound to `account_ref` at `custodian`'s venue.
		pub fn investor_of_venue_account(custodian: IdentityId, account_ref: H256) -> Option<IdentityId> {
			VenueAccounts::<T>::get(custodian, account_ref)
		}
	}
}
