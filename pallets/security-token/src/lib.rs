//! # Security Token Pallet
//!
//! Partitioned security tokens in the style of ERC-1400, where **the token is the cap table**:
//! every balance of every wallet in every partition lives here, every change is one `Moved`
//! event, and nothing else records who owns what.
//!
//! ## Terminology
//!
//! - **Issuer / owner**: the identity that created the token; it grants roles and hands
//!   ownership over in two steps (offer, accept).
//! - **Agent roles** (granted to identities): supply manager (issues, caps, finishes issuance),
//!   transfer agent (controller: forced transfers and redemptions, lock-ups,
//!   reclassification), compliance manager, document manager, freezer (pause, account and
//!   partial freezes). The owner holds every role.
//! - **Partition** (tranche): a class of the token with its rights (voting, dividends,
//!   transferable) and its own supply; partition 0 is the default.
//! - **Position**: an identity's holdings of a token, over all its wallets and partitions, with
//!   their total (the identity aggregate compliance counts with) and its frozen wallets.
//! - **Spendable** = balance − locked − frozen. A holding's partial freeze and lock-ups
//!   together never exceed its balance (freezes and lock-ups beyond it are refused, a forced
//!   move shrinks them): no restriction ever binds tokens received later.
//! - **Operator**: an account a holder authorizes to move its tokens (all partitions or one);
//!   an **allowance** lets a spender move up to an amount of one partition. Creating either
//!   needs the holder's identity and holds `ApprovalDeposit` from it; using either needs the
//!   operator's or spender's identity.
//!
//! ## One movement path
//!
//! Issuance, transfers (own, operator, allowance, controller), redemptions, reclassification
//! and recovery all go through [`Pallet::do_move`]: it checks the token's state, freezes,
//! lock-ups, identity verification of the receiver (forced moves included) and the compliance
//! hook, then updates positions, identity aggregates, holder counts and supplies and emits one
//! `Moved` event. [`Pallet::can_transfer`] runs the same checks without writing.
//!
//! ## Checkpoints
//!
//! The movement path is where checkpoints (record dates, kept by the corporate-actions pallet
//! through [`CheckpointObserver`](sto_primitives::checkpoint::CheckpointObserver)) learn what
//! they freeze: the token record carries the token's latest checkpoint epoch and next scheduled
//! record date, each position the epoch it was recorded for. A movement that finds a scheduled
//! record date passed takes those checkpoints first (with the supplies before it); a position
//! recorded for an older epoch is the identity's first change since the latest checkpoint, and
//! the movement hands its balances per partition before the move to the observer once. Either
//! adds its measured weight to the block; a movement of an identity already recorded costs
//! nothing more (docs/CORPORATE-ACTIONS.md).
//!
//! ## Recovery
//!
//! When governance recovers an identity (identity registry `recover_identity`), the registry
//! asks this pallet ([`WalletGuard`](sto_primitives::token::WalletGuard)) to move every
//! holding of the lost wallet to the new primary: movements of kind `Recovery` (one `Moved`
//! event per holding) that carry the holding's lock-ups and partial freeze, and an account
//! freeze of the lost wallet carries to the new one (recovery is no way out of a freeze). The
//! identity does not change, so identity aggregates and holder counts stay; it works on every
//! token whatever its status, pause or control, and needs no KYC of the identity. A wallet that
//! holds nothing may leave its identity; its account freezes are dropped then.
//!
//! ## Interface
//!
//! ### Holder calls
//! `transfer_by_partition`, `redeem`, `authorize_operator`, `revoke_operator`, `approve`,
//! and for operators and spenders `operator_transfer_by_partition`, `transfer_from`,
//! `redeem_from`.
//!
//! ### Issuer and agent calls
//! `create_token`, `set_status`, `set_paused`, `grant_roles`, `revoke_roles`,
//! `offer_ownership`, `accept_ownership`, `add_partition`, `set_partition_rights`,
//! `set_supply_cap`, `finish_issuance`, `renounce_control`, `set_identifiers`, `issue`,
//! `buy_back`, `controller_transfer`, `controller_redeem`, `reclassify`, `freeze_account`,
//! `unfreeze_account`, `freeze_partial`, `unfreeze_partial`, `add_lockup`, `set_document`,
//! `remove_document`.
//!
//! ## Genesis
//! Tokens ([`GenesisToken`]) are created, given their partitions, issued to their holders and
//! brought to their status through the calls' own functions (the one movement path for every
//! issuance), so positions, holder counts, supplies and the compliance hook's statistics are
//! what the same transactions would leave. A configuration the calls would refuse stops the
//! genesis build with a message naming it.
//!
//! ## Storage migrations
//! Storage version 1 (spec 106, [`migrations::v1`]), from a chain that ran spec 105 (version
//! 0): operator authorizations and allowances, created before approvals held a deposit, get
//! deposit 0 (grandfathered: nothing is held for them, and their deposit is released as zero
//! when they go; an old allowance changed later keeps deposit 0); an allowance of zero is
//! removed. Every position is read and a holding whose partial freeze and lock-ups exceed its
//! balance (spec 105 checked a freeze and the lock-ups each against the balance, not together,
//! and a forced move left them) is fitted as a forced move fits it now
//! ([`Holding::fit_restrictions`]: the lock-ups releasing soonest shrink first, then the freeze;
//! `PartialFreezeSet` for each changed freeze); a holding or position left empty goes.
//! Balances, supplies and holder counts do not change. One read and one write per approval
//! record, one read per position; docs/CONSORTIUM.md has the size up to which it fits the
//! upgrade block.
//!
//! Storage version 2 (spec 108, [`migrations::v2`]): the token record gets its checkpoint
//! marks (`checkpoints`: epoch 0, nothing scheduled) and each position its recorded epoch
//! (`checkpoint_epoch`: 0), appended to the version-1 bytes. A read and a write per token and
//! per position.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod features;
mod impls;
mod invariants;
#[cfg(test)]
mod mock;
mod movement;
mod refusal;
#[cfg(test)]
mod proptests;
mod reads;
pub mod runtime_api;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_bridge;
pub mod types;
/// Defaults for deriving `Config` in test runtimes (std only).
#[cfg(feature = "std")]
pub mod config_preludes;
pub mod migrations;
pub mod weights;

pub use movement::{CheckpointStep, MoveRequest, Plan};
use polkadot_sdk::{frame_support, frame_system, sp_runtime};
pub use sto_primitives::{
	compliance::RuleFailure,
	identity::{ClaimStatus, IdentityId, IdentityProvider},
	token::{
		ComplianceHook, Movement, MovementKind, Party, PartitionId, TokenBalance, TokenId, TransferFailure,
		TransferStatus,
	},
};

/// Hooks the benchmarks need from the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// A new account, distinct per seed, with a verified identity of its own (`Some(id)`:
	/// linked to that identity instead) and funds for deposits.
	fn verified_account(seed: u32, identity: Option<IdentityId>) -> (AccountId, IdentityId);

	/// Give `token` (owned by `owner`) the typical compliance profile of a regulated token
	/// (KYC and AML claims required on both sides, a jurisdiction allow list, holder and
	/// balance limits) and give `accounts` the claims it needs. A runtime without a compliance
	/// engine leaves this empty.
	fn typical_compliance(_token: TokenId, _owner: &AccountId, _accounts: &[AccountId]) {}

	/// Take a checkpoint of `token` (owned by `owner`) now, so that each holder's next
	/// movement is its first change since a checkpoint. A runtime without checkpoints leaves
	/// this empty.
	fn checkpoint(_token: TokenId, _owner: &AccountId) {}
}

/// Milliseconds since the Unix epoch: [`sto_primitives::Moment`], which `Config::Time` is
/// bound to.
pub type MomentOf<T> = <<T as Config>::Time as frame_support::traits::Time>::Moment;

/// The balance type of the deposit currency.
pub type DepositOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;

/// A token record of this runtime.
pub type TokenDetailsOf<T> = TokenDetails<
	<T as Config>::MaxSymbolLength,
	<T as Config>::MaxNameLength,
	<T as Config>::MaxPartitions,
	<T as Config>::MaxIdentifiers,
>;

/// A position record of this runtime.
pub type PositionOf<T> = Position<
	<T as frame_system::Config>::AccountId,
	MomentOf<T>,
	<T as Config>::MaxHoldingsPerIdentity,
	<T as Config>::MaxLockupsPerHolding,
	<T as Config>::MaxFrozenWallets,
>;

/// A holding record of this runtime.
pub type HoldingOf<T> =
	Holding<<T as frame_system::Config>::AccountId, MomentOf<T>, <T as Config>::MaxLockupsPerHolding>;

/// A document of this runtime.
pub type DocumentOf<T> = Document<<T as Config>::MaxUriLength, MomentOf<T>>;

/// The terms of a token of this runtime (`create_token`).
pub type TokenTermsOf<T> = TokenTerms<<T as Config>::MaxSymbolLength, <T as Config>::MaxNameLength, <T as Config>::MaxIdentifiers>;

/// A partition name.
pub type PartitionName<T> = frame_support::BoundedVec<u8, <T as Config>::MaxNameLength>;

/// A document name.
pub type DocumentName<T> = frame_support::BoundedVec<u8, <T as Config>::MaxNameLength>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateHold},
			Time,
		},
	};
	use frame_system::pallet_prelude::*;
	use polkadot_sdk::sp_core::H256;

	/// The version of this pallet's storage layout: every change of it ships with a migration
	/// ([`crate::migrations`]).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config(with_default)]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Currency holding the token-creation deposit.
		#[pallet::no_default]
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons.
		#[pallet::no_default_bounds]
		type RuntimeHoldReason: From<HoldReason>;

		/// Who an account is and whether it is verified.
		#[pallet::no_default]
		type Identity: IdentityProvider<Self::AccountId, MomentOf<Self>>;

		/// The compliance engine every movement passes through.
		#[pallet::no_default]
		type Compliance: ComplianceHook<Self::AccountId, TokenBalance, MomentOf<Self>>;

		/// Who keeps the token's checkpoints (record dates): told by the movement path of an
		/// identity's balances before its first change after a checkpoint, and of scheduled
		/// checkpoints coming due (the corporate-actions pallet; `()`: none).
		type Checkpoints: sto_primitives::checkpoint::CheckpointObserver;

		/// The clock lock-ups and claims are checked against (ms since the Unix epoch: the
		/// chain's one time type, [`sto_primitives::Moment`]).
		#[pallet::no_default]
		type Time: Time<Moment = sto_primitives::Moment>;

		/// Deposit for creating a token, held from the creator.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type TokenDeposit: Get<DepositOf<Self>>;

		/// Deposit for each operator authorization and each allowance record, held from the
		/// holder that creates it and released to it when the record goes (revoked, set to
		/// zero, or used up by the spender).
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type ApprovalDeposit: Get<DepositOf<Self>>;

		/// Longest token symbol.
		#[pallet::constant]
		type MaxSymbolLength: Get<u32>;

		/// Longest token, partition or document name.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;

		/// Longest document URI.
		#[pallet::constant]
		type MaxUriLength: Get<u32>;

		/// Most partitions per token.
		#[pallet::constant]
		type MaxPartitions: Get<u32>;

		/// Most identifiers (ISIN, CUSIP, ...) per token.
		#[pallet::constant]
		type MaxIdentifiers: Get<u32>;

		/// Most (wallet, partition) holdings per identity and token.
		#[pallet::constant]
		type MaxHoldingsPerIdentity: Get<u32>;

		/// Most lock-ups per holding.
		#[pallet::constant]
		type MaxLockupsPerHolding: Get<u32>;

		/// Most frozen wallets per identity and token.
		#[pallet::constant]
		type MaxFrozenWallets: Get<u32>;

		/// Most documents per token.
		#[pallet::constant]
		type MaxDocuments: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Creates verified accounts in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		#[pallet::no_default]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Deposit of a token.
		Token,
		/// Deposit of an operator authorization or an allowance.
		Approval,
	}

	/// The id the next token gets.
	#[pallet::storage]
	pub type NextTokenId<T> = StorageValue<_, TokenId, ValueQuery>;

	/// The part of each token's issuable amount reserved for primary offerings (issued from
	/// by `TokenIssuance::issue_reserved`): manual issuance counts it against the supply cap,
	/// and while it is not zero issuance cannot be finished nor the token closed. Read by an
	/// issuance only when the token has a cap or issues from it.
	#[pallet::storage]
	pub type IssuanceReserved<T> = StorageMap<_, Twox64Concat, TokenId, TokenBalance, ValueQuery>;

	/// Tokens by id.
	#[pallet::storage]
	pub type Tokens<T: Config> = StorageMap<_, Twox64Concat, TokenId, TokenDetailsOf<T>>;

	/// Who created each token and the deposit held from them.
	#[pallet::storage]
	pub type TokenDeposits<T: Config> =
		StorageMap<_, Twox64Concat, TokenId, (T::AccountId, DepositOf<T>)>;

	/// Token ids by symbol (symbols are unique).
	#[pallet::storage]
	pub type Symbols<T: Config> =
		StorageMap<_, Blake2_128Concat, BoundedVec<u8, T::MaxSymbolLength>, TokenId>;

	/// Roles of agent identities per token (the owner holds every role without an entry).
	#[pallet::storage]
	pub type Agents<T: Config> =
		StorageDoubleMap<_, Twox64Concat, TokenId, Twox64Concat, IdentityId, Roles, ValueQuery>;

	/// Ownership offered to an identity, waiting for its acceptance.
	#[pallet::storage]
	pub type PendingOwner<T: Config> = StorageMap<_, Twox64Concat, TokenId, IdentityId>;

	/// Each identity's position in each token: holdings per wallet and partition, their total,
	/// its frozen wallets. Keyed by identity first, so that an identity's positions over all
	/// tokens are one prefix (read when a wallet leaves its identity, see
	/// [`WalletGuard`](sto_primitives::token::WalletGuard)); a token's holders are rebuilt
	/// from its `Moved` events.
	#[pallet::storage]
	pub type Positions<T: Config> =
		StorageDoubleMap<_, Twox64Concat, IdentityId, Twox64Concat, TokenId, PositionOf<T>>;

	/// Operators: (token, holder) -> (operator, scope) -> the deposit held from the holder.
	#[pallet::storage]
	pub type Operators<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		(TokenId, T::AccountId),
		Blake2_128Concat,
		(T::AccountId, OperatorScope),
		DepositOf<T>,
	>;

	/// Allowances: (token, partition, owner) -> spender -> amount left and the deposit held
	/// from the owner.
	#[pallet::storage]
	pub type Allowances<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		(TokenId, PartitionId, T::AccountId),
		Blake2_128Concat,
		T::AccountId,
		Allowance<DepositOf<T>>,
	>;

	/// Documents by token and name (ERC-1643).
	#[pallet::storage]
	pub type Documents<T: Config> =
		StorageDoubleMap<_, Twox64Concat, TokenId, Blake2_128Concat, DocumentName<T>, DocumentOf<T>>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Tokens created at genesis, with ids `NextTokenId`, `NextTokenId + 1`, ... (0, 1, ...
		/// on a new chain) in this order. Built after the identity registry's genesis, so
		/// owners and holders may be identities created there.
		pub tokens: alloc::vec::Vec<GenesisToken<T::AccountId>>,
	}

	/// Genesis is built once, before the first block, and refuses an inconsistent
	/// configuration by panicking with what is wrong (the chain spec cannot start).
	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for token in &self.tokens {
				if let Err(problem) = Pallet::<T>::build_genesis_token(token) {
					let symbol = alloc::string::String::from_utf8_lossy(&token.symbol);
					panic!("security-token genesis: token {symbol}: {problem}");
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A token was created by its owner identity (status `Draft`, no supply, not paused,
		/// issuance open, no documents), with its terms as given to `create_token`: a client
		/// rebuilds the token's record from this event and the later ones. Partition 0 is
		/// `default_partition` with `rights` (also announced by `PartitionAdded`).
		TokenCreated {
			token: TokenId,
			owner: IdentityId,
			symbol: BoundedVec<u8, T::MaxSymbolLength>,
			name: BoundedVec<u8, T::MaxNameLength>,
			decimals: u8,
			granularity: TokenBalance,
			instrument: InstrumentType,
			underlying: Underlying,
			identifiers: BoundedVec<Identifier, T::MaxIdentifiers>,
			supply_cap: Option<TokenBalance>,
			controllable: bool,
			default_partition: PartitionName<T>,
			rights: PartitionRights,
		},
		/// The token's lifecycle status changed.
		StatusChanged { token: TokenId, status: TokenStatus },
		/// The token was paused or unpaused.
		PauseSet { token: TokenId, paused: bool },
		/// Roles granted to an agent identity (`roles`: the agent's roles now).
		RolesGranted { token: TokenId, agent: IdentityId, roles: Roles },
		/// Roles revoked from an agent identity (`roles`: the agent's roles now).
		RolesRevoked { token: TokenId, agent: IdentityId, roles: Roles },
		/// The owner offered the token's ownership to an identity.
		OwnershipOffered { token: TokenId, to: IdentityId },
		/// The offered identity accepted: it owns the token.
		OwnershipTransferred { token: TokenId, from: IdentityId, to: IdentityId },
		/// A partition was added.
		PartitionAdded { token: TokenId, partition: PartitionId, name: PartitionName<T>, rights: PartitionRights },
		/// A partition's rights changed.
		PartitionRightsSet { token: TokenId, partition: PartitionId, rights: PartitionRights },
		/// The supply cap changed (`None`: no cap).
		SupplyCapSet { token: TokenId, cap: Option<TokenBalance> },
		/// Issuance finished for good.
		IssuanceFinished { token: TokenId },
		/// Forced transfers and redemptions renounced for good.
		ControlRenounced { token: TokenId },
		/// The token's identifiers (ISIN, CUSIP, LEI, FIGI) were replaced by `identifiers`.
		IdentifiersSet { token: TokenId, identifiers: BoundedVec<Identifier, T::MaxIdentifiers> },
		/// Tokens moved: the one event of every issuance, transfer, redemption,
		/// reclassification and recovery. `from: None` is an issuance, `to: None` a redemption;
		/// `operator` is who moved them when not the holder; `reference` is the hash of the
		/// transfer's data or the controller's reason. A `Recovery` moves a whole holding to
		/// another wallet of the same identity, with its lock-ups and partial freeze.
		Moved {
			token: TokenId,
			partition: PartitionId,
			to_partition: PartitionId,
			from: Option<T::AccountId>,
			to: Option<T::AccountId>,
			amount: TokenBalance,
			kind: MovementKind,
			operator: Option<T::AccountId>,
			reference: Option<H256>,
		},
		/// A holder authorized an operator.
		OperatorAuthorized { token: TokenId, holder: T::AccountId, operator: T::AccountId, scope: OperatorScope },
		/// A holder revoked an operator.
		OperatorRevoked { token: TokenId, holder: T::AccountId, operator: T::AccountId, scope: OperatorScope },
		/// An allowance was set (or used: `amount` is what remains).
		Approval { token: TokenId, partition: PartitionId, owner: T::AccountId, spender: T::AccountId, amount: TokenBalance },
		/// A wallet may no longer send or receive the token.
		AccountFrozen { token: TokenId, account: T::AccountId },
		/// A wallet may send and receive the token again.
		AccountUnfrozen { token: TokenId, account: T::AccountId },
		/// The frozen part of a holding changed (`frozen`: the frozen amount now): by the
		/// freezer, by a forced move that took frozen tokens, or by a recovery that carried the
		/// freeze to the new wallet.
		PartialFreezeSet { token: TokenId, partition: PartitionId, account: T::AccountId, frozen: TokenBalance },
		/// Part of a holding is locked up until `release` (`amount` more: a lock-up with the same
		/// release merges into one).
		LockupAdded { token: TokenId, partition: PartitionId, account: T::AccountId, amount: TokenBalance, release: MomentOf<T> },
		/// A document was set or replaced.
		DocumentSet { token: TokenId, name: DocumentName<T>, uri: BoundedVec<u8, T::MaxUriLength>, hash: H256 },
		/// A document was removed.
		DocumentRemoved { token: TokenId, name: DocumentName<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No such token.
		UnknownToken,
		/// No such partition of the token.
		UnknownPartition,
		/// The caller has no identity.
		NoIdentity,
		/// The caller's identity lacks the role this call needs.
		NotAuthorized,
		/// The symbol is taken.
		SymbolTaken,
		/// Symbols are 1 to `MaxSymbolLength` upper-case letters or digits.
		BadSymbol,
		/// A name is empty.
		EmptyName,
		/// Granularity must be at least 1.
		BadGranularity,
		/// The underlying ratio needs a non-zero denominator.
		BadUnderlying,
		/// An identifier is not upper-case letters and digits, or appears twice.
		BadIdentifier,
		/// The supply cap is below the supply.
		CapBelowSupply,
		/// This status change is not allowed (see `TokenStatus`).
		BadStatusChange,
		/// `MaxPartitions` partitions already.
		TooManyPartitions,
		/// The token already has a partition of this name.
		PartitionExists,
		/// No ownership offer to this identity.
		NoOwnershipOffer,
		/// Roles must name at least one role, and only known ones.
		BadRoles,
		/// Issuance is already finished.
		AlreadyFinished,
		/// The token is already not controllable.
		NotControllable,
		/// The account is not frozen.
		NotFrozen,
		/// The account is already frozen.
		AlreadyFrozen,
		/// `MaxFrozenWallets` wallets of the identity are frozen already.
		TooManyFrozen,
		/// More than the frozen amount would be unfrozen.
		UnfreezeExceedsFrozen,
		/// The holding has `MaxLockupsPerHolding` active lock-ups.
		TooManyLockups,
		/// A lock-up's release time must be in the future.
		ReleaseInPast,
		/// `MaxDocuments` documents already.
		TooManyDocuments,
		/// No such document.
		UnknownDocument,
		/// The operator is the holder itself.
		SelfOperator,
		/// Reclassification needs two different partitions.
		SamePartition,
		// --- movement failures (see `TransferFailure`) ---
		/// The amount is zero.
		ZeroAmount,
		/// The amount is not a multiple of the token's granularity.
		Granularity,
		/// The token is paused.
		Paused,
		/// The token's status does not allow this movement.
		NotActive,
		/// The partition's tokens may not be transferred by holders.
		PartitionNotTransferable,
		/// The sender's account belongs to no identity.
		SenderNoIdentity,
		/// The receiver's account belongs to no identity.
		ReceiverNoIdentity,
		/// The receiver's identity is not verified (no valid KYC claim from a trusted issuer).
		ReceiverNotVerified,
		/// The receiver's KYC claim has expired.
		ReceiverClaimExpired,
		/// The sender's account is frozen for this token.
		SenderFrozen,
		/// The receiver's account is frozen for this token.
		ReceiverFrozen,
		/// The balance in the partition is below the amount.
		InsufficientBalance,
		/// Part of the balance is locked up or frozen.
		InsufficientSpendable,
		/// The supply cap would be exceeded.
		SupplyCapExceeded,
		/// Issuance is finished for good.
		IssuanceFinished,
		/// The caller is not an operator of the holder for this partition (`revoke_operator`:
		/// the operator was not authorized with this scope).
		NotOperator,
		/// The allowance is below the amount.
		AllowanceExceeded,
		/// The receiving identity holds `MaxHoldingsPerIdentity` holdings of the token.
		TooManyHoldings,
		/// A balance or supply would overflow.
		Overflow,
		/// A compliance rule of the token refuses the movement (the failure names the rule's
		/// kind; the compliance report names the rule).
		ComplianceFailed(RuleFailure),
		/// The caller's identity is not verified: it holds no valid KYC claim (missing or
		/// expired) from a chain-wide trusted issuer.
		NotVerified,
		/// Units of the token are reserved for a primary offering: issuance cannot be finished
		/// nor the token closed until the offering settles or ends.
		IssuanceReserved,
		/// The cap would be below the supply plus the units reserved for primary offerings.
		CapBelowReserved,
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
		/// Create a token owned by the caller's identity (status `Draft`, one default
		/// partition).
		///
		/// - origin: a wallet of an identity with a valid KYC claim from a chain-wide trusted
		///   issuer (holds `TokenDeposit` from it).
		/// - `terms`: symbol (unique, upper-case letters and digits), name, decimals,
		///   granularity (every amount is a multiple of it; 1: any amount), instrument,
		///   underlying (how much of the asset one whole token represents), identifiers,
		///   optional supply cap, whether the transfer agent may force transfers
		///   (renounceable), and partition 0's name and rights ([`TokenTerms`]).
		///
		/// Emits `TokenCreated` (with the terms), `PartitionAdded`. O(identifiers).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_token())]
		pub fn create_token(origin: OriginFor<T>, terms: TokenTermsOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_create_token(who, terms)
		}

		/// Move the token through its lifecycle: Draft → Issuing → Active ⇄ Halted, and any
		/// status but Draft → Closed (for good).
		///
		/// - origin: a wallet of the owner identity.
		///
		/// Emits `StatusChanged`. O(1).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_status())]
		pub fn set_status(origin: OriginFor<T>, token: TokenId, status: TokenStatus) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_status(&who, token, status)
		}

		/// Pause or unpause the token's movements (forced moves still work).
		///
		/// - origin: a wallet of an identity with the freezer role.
		///
		/// Emits `PauseSet`. O(1).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_paused())]
		pub fn set_paused(origin: OriginFor<T>, token: TokenId, paused: bool) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_paused(&who, token, paused)
		}

		/// Grant `roles` (bit flags of `Roles`) to the agent identity `agent`.
		///
		/// - origin: a wallet of the owner identity.
		///
		/// Emits `RolesGranted`. O(1).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::grant_roles())]
		pub fn grant_roles(origin: OriginFor<T>, token: TokenId, agent: IdentityId, roles: Roles) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_grant_roles(&who, token, agent, roles)
		}

		/// Revoke `roles` from the agent identity `agent`.
		///
		/// - origin: a wallet of the owner identity.
		///
		/// Emits `RolesRevoked`. O(1).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::revoke_roles())]
		pub fn revoke_roles(origin: OriginFor<T>, token: TokenId, agent: IdentityId, roles: Roles) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_revoke_roles(&who, token, agent, roles)
		}

		/// Offer the token's ownership to identity `to` (step one of two).
		///
		/// - origin: a wallet of the owner identity.
		///
		/// Emits `OwnershipOffered`. O(1).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::offer_ownership())]
		pub fn offer_ownership(origin: OriginFor<T>, token: TokenId, to: IdentityId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_offer_ownership(&who, token, to)
		}

		/// Accept an ownership offer (step two of two).
		///
		/// - origin: a wallet of the offered identity.
		///
		/// Emits `OwnershipTransferred`. O(1).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::accept_ownership())]
		pub fn accept_ownership(origin: OriginFor<T>, token: TokenId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_ownership(&who, token)
		}

		/// Add a partition (tranche).
		///
		/// - origin: a wallet of the owner identity.
		/// - `name`: unique within the token.
		///
		/// Emits `PartitionAdded`. O(partitions).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::add_partition())]
		pub fn add_partition(
			origin: OriginFor<T>,
			token: TokenId,
			name: PartitionName<T>,
			rights: PartitionRights,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_add_partition(&who, token, name, rights)
		}

		/// Change a partition's rights.
		///
		/// - origin: a wallet of the owner identity.
		///
		/// Emits `PartitionRightsSet`. O(1).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::set_partition_rights())]
		pub fn set_partition_rights(
			origin: OriginFor<T>,
			token: TokenId,
			partition: PartitionId,
			rights: PartitionRights,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_partition_rights(&who, token, partition, rights)
		}

		/// Set or remove the supply cap (never below the supply).
		///
		/// - origin: a wallet of an identity with the supply-manager role.
		///
		/// Emits `SupplyCapSet`. O(1).
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_supply_cap())]
		pub fn set_supply_cap(origin: OriginFor<T>, token: TokenId, cap: Option<TokenBalance>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_supply_cap(&who, token, cap)
		}

		/// Finish issuance for good.
		///
		/// - origin: a wallet of an identity with the supply-manager role.
		///
		/// Emits `IssuanceFinished`. O(1).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::finish_issuance())]
		pub fn finish_issuance(origin: OriginFor<T>, token: TokenId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_finish_issuance(&who, token)
		}

		/// Renounce forced transfers and redemptions for good (`is_controllable` false).
		///
		/// - origin: a wallet of the owner identity.
		///
		/// Emits `ControlRenounced`. O(1).
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::renounce_control())]
		pub fn renounce_control(origin: OriginFor<T>, token: TokenId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_renounce_control(&who, token)
		}

		/// Replace the token's identifiers (ISIN, CUSIP, LEI, FIGI).
		///
		/// - origin: a wallet of the owner identity.
		///
		/// Emits `IdentifiersSet` (with the identifiers). O(identifiers).
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::set_identifiers())]
		pub fn set_identifiers(
			origin: OriginFor<T>,
			token: TokenId,
			identifiers: BoundedVec<Identifier, T::MaxIdentifiers>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_identifiers(&who, token, identifiers)
		}

		/// Issue `amount` of `partition` to `to`, optionally locked up until `lockup_until`.
		///
		/// - origin: a wallet of an identity with the supply-manager role.
		/// - `to`: a wallet of a verified identity.
		///
		/// Emits `Moved` (kind `Issue`), and `LockupAdded` with a lock-up. O(holdings).
		#[pallet::call_index(13)]
		#[pallet::weight(Pallet::<T>::movement_weight_declared(T::WeightInfo::issue()))]
		pub fn issue(
			origin: OriginFor<T>,
			token: TokenId,
			partition: PartitionId,
			to: T::AccountId,
			amount: TokenBalance,
			lockup_until: Option<MomentOf<T>>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let work = Self::do_issue(&who, token, partition, to, amount, lockup_until)?;
			Ok(Self::movement_weight_used(T::WeightInfo::issue(), token, work))
		}

		/// Redeem (destroy) `amount` of the caller's own tokens.
		///
		/// Emits `Moved` (kind `Redeem`). O(holdings).
		#[pallet::call_index(14)]
		#[pallet::weight(Pallet::<T>::movement_weight_declared(T::WeightInfo::redeem()))]
		pub fn redeem(origin: OriginFor<T>, token: TokenId, partition: PartitionId, amount: TokenBalance) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let work = Self::do_move(MoveRequest::redeem(token, partition, who, amount), None, None)?;
			Ok(Self::movement_weight_used(T::WeightInfo::redeem(), token, work))
		}

		/// Redeem `amount` of `holder`'s tokens as its operator or approved spender.
		///
		/// - origin: an operator or spender of `holder`, a wallet of an identity.
		///
		/// Emits `Moved` (kind `Redeem`, with `operator`). O(holdings).
		#[pallet::call_index(15)]
		#[pallet::weight(Pallet::<T>::movement_weight_declared(T::WeightInfo::redeem_from()))]
		pub fn redeem_from(
			origin: OriginFor<T>,
			token: TokenId,
			partition: PartitionId,
			holder: T::AccountId,
			amount: TokenBalance,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::authorize_spend(&who, token, partition, &holder, amount)?;
			let work = Self::do_move(MoveRequest::redeem(token, partition, holder, amount), Some(who), None)?;
			Ok(Self::movement_weight_used(T::WeightInfo::redeem_from(), token, work))
		}

		/// Force-redeem `amount` of `holder`'s tokens (ignores pause, freezes and lock-ups: the
		/// free part goes first, then the lock-ups releasing soonest shrink, then the partial
		/// freeze, so that what is left stays restricted no more than the balance).
		///
		/// - origin: a wallet of an identity with the transfer-agent role; the token must be
		///   controllable.
		/// - `reason`: hash of the legal basis (court order, ...).
		///
		/// Emits `Moved` (kind `Controller`, `to: None`, the agent as operator). O(holdings).
		#[pallet::call_index(16)]
		#[pallet::weight(Pallet::<T>::movement_weight_declared(T::WeightInfo::controller_redeem()))]
		pub fn controller_redeem(
			origin: OriginFor<T>,
			token: TokenId,
			partition: PartitionId,
			holder: T::AccountId,
			amount: TokenBalance,
			reason: H256,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let work = Self::do_controller_move(who, token, partition, holder, None, amount, reason)?;
			Ok(Self::movement_weight_used(T::WeightInfo::controller_redeem(), token, work))
		}

		/// Transfer `amount` of `partition` to `to`.
		///
		/// - `data`: optional hash of off-chain data (e.g. a trade reference), in the event.
		///
		/// Emits `Moved` (kind `Transfer`). O(holdings).
		#[pallet::call_index(17)]
		#[pallet::weight(Pallet::<T>::movement_weight_declared(T::WeightInfo::transfer_by_partition()))]
		pub fn transfer_by_partition(
			origin: OriginFor<T>,
			token: TokenId,
			partition: PartitionId,
			to: T::AccountId,
			amount: TokenBalance,
			data: Option<H256>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let work = Self::do_move(MoveRequest::transfer(token, partition, who, to, amount), None, data)?;
			Ok(Self::movement_weight_used(T::WeightInfo::transfer_by_partition(), token, work))
		}

		/// Transfer `holder`'s tokens as its operator.
		///
		/// - origin: an operator of `holder` for `partition`, a wallet of an identity (a wallet
		///   that left its identity, e.g. a recovered lost key, moves nothing).
		///
		/// Emits `Moved` (kind `Operator`). O(holdings).
		#[pallet::call_index(18)]
		#[pallet::weight(Pallet::<T>::movement_weight_declared(T::WeightInfo::operator_transfer_by_partition()))]
		pub fn operator_transfer_by_partition(
			origin: OriginFor<T>,
			token: TokenId,
			partition: PartitionId,
			holder: T::AccountId,
			to: T::AccountId,
			amount: TokenBalance,
			data: Option<H256>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let work = Self::do_operator_transfer(who, token, partition, holder, to, amount, data)?;
			Ok(Self::movement_weight_used(T::WeightInfo::operator_transfer_by_partition(), token, work))
		}

		/// Authorize `operator` to move the caller's tokens (all partitions or one).
		///
		/// - origin: a wallet of an identity; a new authorization holds `ApprovalDeposit` from
		///   it until revoked (authorizing again changes nothing).
		///
		/// Emits `OperatorAuthorized`. O(1).
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::authorize_operator())]
		pub fn authorize_operator(
			origin: OriginFor<T>,
			token: TokenId,
			operator: T::AccountId,
			scope: OperatorScope,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_authorize_operator(who, token, operator, scope)
		}

		/// Revoke an operator authorization and release its deposit to the caller.
		///
		/// - origin: the holder that authorized it (with or without an identity now).
		///
		/// Emits `OperatorRevoked`. O(1).
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::revoke_operator())]
		pub fn revoke_operator(
			origin: OriginFor<T>,
			token: TokenId,
			operator: T::AccountId,
			scope: OperatorScope,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_revoke_operator(who, token, operator, scope)
		}

		/// Allow `spender` to move up to `amount` of the caller's `partition` (0 removes).
		///
		/// - origin: a wallet of an identity (to set an amount above zero); a new allowance
		///   holds `ApprovalDeposit` from it, released to it when the allowance is set to zero
		///   (which needs no identity) or used up by the spender.
		///
		/// Emits `Approval`. O(1).
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::approve())]
		pub fn approve(
			origin: OriginFor<T>,
			token: TokenId,
			partition: PartitionId,
			spender: T::AccountId,
			amount: TokenBalance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_approve(who, token, partition, spender, amount)
		}

		/// Move `holder`'s tokens within the caller's allowance.
		///
		/// - origin: a spender of `holder`, a wallet of an identity.
		///
		/// Emits `Moved` (kind `Operator`) and `Approval` (remaining allowance). O(holdings).
		#[pallet::call_index(22)]
		#[pallet::weight(Pallet::<T>::movement_weight_declared(T::WeightInfo::transfer_from()))]
		pub fn transfer_from(
			origin: OriginFor<T>,
			token: TokenId,
			partition: PartitionId,
			holder: T::AccountId,
			to: T::AccountId,
			amount: TokenBalance,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let work = Self::do_transfer_from(who, token, partition, holder, to, amount)?;
			Ok(Self::movement_weight_used(T::WeightInfo::transfer_from(), token, work))
		}

		/// Force a transfer (ignores pause, freezes and lock-ups; the receiver must still be
		/// verified). The sender's free part goes first, then its lock-ups releasing soonest
		/// shrink, then its partial freeze: what is left stays restricted no more than its
		/// balance, and nothing binds the tokens it receives later.
		///
		/// - origin: a wallet of an identity with the transfer-agent role; the token must be
		///   controllable.
		/// - `reason`: hash of the legal basis.
		///
		/// Emits `Moved` (kind `Controller`). O(holdings).
		#[pallet::call_index(23)]
		#[pallet::weight(Pallet::<T>::movement_weight_declared(T::WeightInfo::controller_transfer()))]
		pub fn controller_transfer(
			origin: OriginFor<T>,
			token: TokenId,
			partition: PartitionId,
			from: T::AccountId,
			to: T::AccountId,
			amount: TokenBalance,
			reason: H256,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let work = Self::do_controller_move(who, token, partition, from, Some(to), amount, reason)?;
			Ok(Self::movement_weight_used(T::WeightInfo::controller_transfer(), token, work))
		}

		/// Move `amount` of `account`'s tokens from one partition to another (e.g. a lock-up
		/// class to the free class), compliance-checked.
		///
		/// - origin: a wallet of an identity with the transfer-agent role.
		///
		/// Emits `Moved` (kind `Reclassify`). O(holdings).
		#[pallet::call_index(24)]
		#[pallet::weight(Pallet::<T>::movement_weight_declared(T::WeightInfo::reclassify()))]
		pub fn reclassify(
			origin: OriginFor<T>,
			token: TokenId,
			from_partition: PartitionId,
			to_partition: PartitionId,
			account: T::AccountId,
			amount: TokenBalance,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let work = Self::do_reclassify(who, token, from_partition, to_partition, account, amount)?;
			Ok(Self::movement_weight_used(T::WeightInfo::reclassify(), token, work))
		}

		/// Freeze a wallet: it may neither send nor receive the token.
		///
		/// - origin: a wallet of an identity with the freezer role.
		///
		/// Emits `AccountFrozen`. O(frozen wallets).
		#[pallet::call_index(25)]
		#[pallet::weight(T::WeightInfo::freeze_account())]
		pub fn freeze_account(origin: OriginFor<T>, token: TokenId, account: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_account_frozen(&who, token, account, true)
		}

		/// Unfreeze a wallet.
		///
		/// - origin: a wallet of an identity with the freezer role.
		///
		/// Emits `AccountUnfrozen`. O(frozen wallets).
		#[pallet::call_index(26)]
		#[pallet::weight(T::WeightInfo::unfreeze_account())]
		pub fn unfreeze_account(origin: OriginFor<T>, token: TokenId, account: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_account_frozen(&who, token, account, false)
		}

		/// Freeze `amount` more of a holding (partial freeze).
		///
		/// - origin: a wallet of an identity with the freezer role.
		/// - `amount`: the frozen and the locked-up tokens together fit in the balance.
		///
		/// Emits `PartialFreezeSet`. O(holdings).
		#[pallet::call_index(27)]
		#[pallet::weight(T::WeightInfo::freeze_partial())]
		pub fn freeze_partial(
			origin: OriginFor<T>,
			token: TokenId,
			partition: PartitionId,
			account: T::AccountId,
			amount: TokenBalance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_change_frozen(&who, token, partition, account, amount, true)
		}

		/// Unfreeze `amount` of a holding's frozen part.
		///
		/// - origin: a wallet of an identity with the freezer role.
		///
		/// Emits `PartialFreezeSet`. O(holdings).
		#[pallet::call_index(28)]
		#[pallet::weight(T::WeightInfo::unfreeze_partial())]
		pub fn unfreeze_partial(
			origin: OriginFor<T>,
			token: TokenId,
			partition: PartitionId,
			account: T::AccountId,
			amount: TokenBalance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_change_frozen(&who, token, partition, account, amount, false)
		}

		/// Lock up `amount` of a holding until `release`.
		///
		/// - origin: a wallet of an identity with the transfer-agent role.
		/// - `amount`: the locked-up and the frozen tokens together fit in the balance.
		///
		/// Emits `LockupAdded`. O(holdings).
		#[pallet::call_index(29)]
		#[pallet::weight(T::WeightInfo::add_lockup())]
		pub fn add_lockup(
			origin: OriginFor<T>,
			token: TokenId,
			partition: PartitionId,
			account: T::AccountId,
			amount: TokenBalance,
			release: MomentOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_add_lockup(&who, token, partition, account, amount, release)
		}

		/// Set or replace a document.
		///
		/// - origin: a wallet of an identity with the document-manager role.
		/// - `uri`: where it is; `hash`: hash of its content.
		///
		/// Emits `DocumentSet`. O(1).
		#[pallet::call_index(30)]
		#[pallet::weight(T::WeightInfo::set_document())]
		pub fn set_document(
			origin: OriginFor<T>,
			token: TokenId,
			name: DocumentName<T>,
			uri: BoundedVec<u8, T::MaxUriLength>,
			hash: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_document(&who, token, name, uri, hash)
		}

		/// Remove a document.
		///
		/// - origin: a wallet of an identity with the document-manager role.
		///
		/// Emits `DocumentRemoved`. O(1).
		#[pallet::call_index(31)]
		#[pallet::weight(T::WeightInfo::remove_document())]
		pub fn remove_document(origin: OriginFor<T>, token: TokenId, name: DocumentName<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_document(&who, token, name)
		}

		/// Buy back and cancel `amount` of `holder`'s tokens: the issuer repurchased them (the
		/// holder agreed by making the caller its operator or approving it as a spender) and
		/// retires them to reduce supply.
		///
		/// - origin: a wallet of an identity with the supply-manager role, authorized by
		///   `holder` (operator or allowance; an allowance is spent).
		/// - `reference`: hash of the repurchase record (offer, settlement), in the event.
		///
		/// Emits `Moved` (kind `Redeem`, the supply manager as operator, `reference` as data).
		/// O(holdings).
		#[pallet::call_index(32)]
		#[pallet::weight(Pallet::<T>::movement_weight_declared(T::WeightInfo::buy_back()))]
		pub fn buy_back(
			origin: OriginFor<T>,
			token: TokenId,
			partition: PartitionId,
			holder: T::AccountId,
			amount: TokenBalance,
			reference: H256,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let work = Self::do_buy_back(who, token, partition, holder, amount, reference)?;
			Ok(Self::movement_weight_used(T::WeightInfo::buy_back(), token, work))
		}
	}

	/// Free reads for clients (`RuntimeViewFunction`), the same answers as `TokenApi`.
	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Whether `from` could transfer `amount` of `partition` to `to` now: the ERC-1066 status
		/// byte (0x51 success) and the failing check, by the checks of `transfer_by_partition`.
		pub fn transfer_status(
			token: TokenId,
			partition: PartitionId,
			from: T::AccountId,
			to: T::AccountId,
			amount: TokenBalance,
		) -> (u8, Option<TransferFailure>) {
			let (status, failure) = Self::can_transfer(token, partition, from, to, amount);
			(status.code(), failure)
		}

		/// A wallet's balance in one partition.
		pub fn partition_balance(token: TokenId, partition: PartitionId, account: T::AccountId) -> TokenBalance {
			Self::balance_of(token, partition, &account)
		}

		/// An identity's balance over all its wallets and partitions (the identity aggregate).
		pub fn identity_total(token: TokenId, identity: IdentityId) -> TokenBalance {
			Self::identity_balance(token, identity)
		}

		/// The token's terms and state.
		pub fn token_details(token: TokenId) -> Option<TokenDetailsOf<T>> {
			Tokens::<T>::get(token)
		}
	}
}
