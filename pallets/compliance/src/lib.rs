//! # Compliance Pallet
//!
//! Per-token rules that securities law needs, checked on **every movement** of a security
//! token (issuance, transfers, operator and allowance transfers, settlement legs, forced
//! transfers, reclassification) through the token's one movement path, at **identity level**:
//! an investor holding through several wallets or exchanges is counted once.
//!
//! ## Terminology
//!
//! - **Compliance manager**: an identity holding the token's compliance role (granted by the
//!   token's owner in the security-token pallet). It sets the rules, the exemptions and the
//!   trading pause.
//! - **Rule**: one typed requirement (see [`RuleKind`]), optionally restricted to one
//!   partition. A token has at most `MaxRules` rules whose summed complexity (claim look-ups
//!   and statistics reads, see [`Rule::complexity`]) is at most `MaxComplexity`: the weight of
//!   a movement is bounded.
//! - **Sender-side / receiver-side**: sender-side checks (sender claims, holding period,
//!   trading window, trading pause, volume) govern *trading* movements: transfers, operator
//!   transfers and settlement legs. Receiver-side checks (receiver claims, jurisdictions,
//!   investor types) govern every movement with a receiver, forced transfers and issuance
//!   included: identity before ownership. Limits (holders, balance, ownership share) govern
//!   every movement that brings tokens to another identity.
//! - **Exempt identity**: the rules do not check it (its side's checks report `Exempt`;
//!   trading restrictions do not bind an exempt sender).
//! - **Grandfathering**: limits bind movements that would increase what they limit. Lowering
//!   a limit below the current state refuses new excess, and does not force anyone to sell.
//! - **Jurisdiction and investor type** of a receiver, for the jurisdiction and investor-type
//!   rules and the holder classes alike: as the identity registry answers them for the token
//!   (the chain-wide fact attested by a chain-trusted issuer; only where there is none, what
//!   the receiver's claims for this token attest). A token's own issuers cannot change what
//!   another token sees. A receiver without a valid jurisdiction fails allow and block lists
//!   alike (`JurisdictionUnknown`): a block list is fail-closed.
//!
//! ## Statistics
//!
//! Kept by the hook after every movement, in O(1), exact from the token's first movement (no
//! seeding): holders per jurisdiction and per investor type (each holder counted under the
//! classes it had when it became a holder), and, for tokens with a volume rule, each
//! identity's outgoing volume in `VolumeBuckets` buckets of `VolumeBucketMs`. The holder
//! statistics are kept for every token, with or without rules, so every movement's weight
//! includes them (`ComplianceHook::movement_weight`). A volume counter no rule reads any more
//! is removed by anyone (`prune_volumes`); while a token has no volume rule its counters are
//! neither written nor read (they still count, within their window, if a volume rule is set
//! again before they are pruned).
//!
//! ## Interface
//!
//! ### Compliance manager calls
//! `set_rules` (replaces the rule set atomically), `set_exemptions`, `set_trading_paused`.
//! Their lists are bounded by their types (`MaxRules` rules, each rule's lists by their own
//! bounds, `MaxExemptions` identities): a longer list does not decode, so such a call is
//! refused before it is dispatched and before any element is looked at.
//!
//! ### Permissionless calls
//! `prune_volumes`: removes, page by page, the volume counters of a token that no rule reads
//! any more (the token has no volume rule, or every bucket of the counter is older than the
//! longest window).
//!
//! ### Genesis
//! Rule sets per token, validated as `set_rules` validates them; as the tokens' genesis
//! (built before) issued without rules, every genesis holding is then checked as its issuance
//! would have been under the rules, and a holding that breaks one stops the genesis build.
//!
//! ### Reads (free)
//! View functions `report` (every rule's outcome for a hypothetical transfer), `rules`,
//! `holders_in`, `volume_sent`; the runtime API `ComplianceApi`.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod evaluate;
mod functions;
mod impl_hook;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod proptests;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
/// Defaults for deriving `Config` in test runtimes (std only).
#[cfg(feature = "std")]
pub mod config_preludes;
pub mod migrations;
pub mod weights;

pub use evaluate::PAUSE_RULE;
use polkadot_sdk::{frame_support, frame_system, sp_runtime};
pub use sto_primitives::{
	compliance::{RuleFailure, RuleOutcome, RuleReport},
	identity::{ClaimTopic, CountryCode, IdentityId, IdentityProvider, InvestorType},
	token::{Movement, MovementKind, PartitionId, TokenAuthority, TokenBalance, TokenId, TokenInspect, TransferFailure},
};

/// Hooks the benchmarks need from the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// An active token whose compliance `manager` may manage, and two verified wallets of
	/// different identities: `sender` holds tokens, `receiver` holds none. Both have valid
	/// global claims of every topic in `topics` from chain-wide trusted issuers. The sender's
	/// jurisdiction (DE) and investor type (accredited) are chain-wide facts; the receiver's
	/// (DE, institutional) are attested for the token only, by the token's own issuer: the
	/// slowest way the token's rules and statistics learn them (the registry's
	/// `benchmark_token_scoped_profile`).
	fn token_with_parties(topics: &[ClaimTopic]) -> BenchmarkToken<AccountId>;
	/// Moves the clock the pallet reads (`Config::Time`) to `now` (milliseconds), for a
	/// benchmark that needs periods in the past (volume buckets older than a window) on a chain
	/// whose clock is still at its start.
	fn set_time(now: Moment);
}

/// What [`BenchmarkHelper::token_with_parties`] set up.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkToken<AccountId> {
	pub token: TokenId,
	pub manager: AccountId,
	pub sender: AccountId,
	pub receiver: AccountId,
}

/// A rule of this runtime.
pub type RuleOf<T> = Rule<<T as Config>::MaxTopicsPerRule, <T as Config>::MaxIssuersPerRule, <T as Config>::MaxCountriesPerRule>;

/// A token's settings record in this runtime.
pub type SettingsOf<T> = Settings<
	<T as Config>::MaxRules,
	<T as Config>::MaxTopicsPerRule,
	<T as Config>::MaxIssuersPerRule,
	<T as Config>::MaxCountriesPerRule,
	<T as Config>::MaxExemptions,
>;

/// A movement as the hook sees it.
pub type MovementOf<T> = Movement<<T as frame_system::Config>::AccountId, TokenBalance, Moment>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{pallet_prelude::*, traits::Time};
	use frame_system::pallet_prelude::*;

	/// The version of this pallet's storage layout: every change of it ships with a migration
	/// ([`crate::migrations`]).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config(with_default)]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Who an account is and which claims it holds.
		#[pallet::no_default]
		type Identity: IdentityProvider<Self::AccountId, Moment>;

		/// The security tokens: who manages a token's compliance, its partitions, and
		/// hypothetical movements for reports.
		#[pallet::no_default]
		type Tokens: TokenInspect<Self::AccountId, TokenBalance, Moment> + TokenAuthority<Self::AccountId>;

		/// The clock (ms since the Unix epoch).
		#[pallet::no_default]
		type Time: Time<Moment = Moment>;

		/// Most rules per token.
		#[pallet::constant]
		type MaxRules: Get<u32>;

		/// Most summed complexity of a token's rules (see `Rule::complexity`).
		#[pallet::constant]
		type MaxComplexity: Get<u32>;

		/// Most topics in one claim rule.
		#[pallet::constant]
		type MaxTopicsPerRule: Get<u32>;

		/// Most named issuers in one claim rule.
		#[pallet::constant]
		type MaxIssuersPerRule: Get<u32>;

		/// Most countries in one jurisdiction rule.
		#[pallet::constant]
		type MaxCountriesPerRule: Get<u32>;

		/// Most exempt identities per token.
		#[pallet::constant]
		type MaxExemptions: Get<u32>;

		/// Width of one volume bucket (ms).
		#[pallet::constant]
		type VolumeBucketMs: Get<u64>;

		/// Buckets kept per identity: the longest volume window is `VolumeBuckets` ×
		/// `VolumeBucketMs`.
		#[pallet::constant]
		type VolumeBuckets: Get<u32>;

		/// Most volume counters one `prune_volumes` call examines.
		#[pallet::constant]
		type MaxVolumePrune: Get<u32>;

		/// Weights of this pallet's calls and rule checks.
		type WeightInfo: WeightInfo;

		/// Sets up tokens and parties in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		#[pallet::no_default]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Each token's rules, exemptions and trading pause (absent: none).
	#[pallet::storage]
	pub type TokenSettings<T: Config> = StorageMap<_, Twox64Concat, TokenId, SettingsOf<T>>;

	/// Holder identities per token and class (jurisdiction, investor type).
	#[pallet::storage]
	pub type HolderCounts<T: Config> =
		StorageDoubleMap<_, Twox64Concat, TokenId, Blake2_128Concat, HolderClass, u32, ValueQuery>;

	/// The classes each holder identity is counted under, per token.
	#[pallet::storage]
	pub type HolderClasses<T: Config> =
		StorageDoubleMap<_, Twox64Concat, TokenId, Twox64Concat, IdentityId, Classification>;

	/// Each identity's outgoing volume per token (written while the token has a volume rule;
	/// a counter no rule can read any more, all of whose buckets are older than the longest
	/// window or whose token has no volume rule, is removed by anyone with `prune_volumes`).
	#[pallet::storage]
	pub type Volumes<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		TokenId,
		Twox64Concat,
		IdentityId,
		VolumeCounter<T::VolumeBuckets>,
	>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Rule sets at genesis: (token, rules), each validated as `set_rules` validates it.
		/// Built after the security token's genesis, so the tokens exist and may already have
		/// holders: every holding must then satisfy the rules as its issuance would have.
		pub rules: Vec<(TokenId, Vec<RuleOf<T>>)>,
	}

	/// Genesis is built once, before the first block, and refuses an inconsistent
	/// configuration by panicking with what is wrong (the chain spec cannot start).
	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (token, rules) in &self.rules {
				let rules = BoundedVec::<RuleOf<T>, T::MaxRules>::try_from(rules.clone())
					.unwrap_or_else(|_| panic!("compliance genesis: token {token} has more than MaxRules rules"));
				Pallet::<T>::do_set_rules(*token, rules)
					.unwrap_or_else(|e| panic!("compliance genesis: rules of token {token}: {e:?}"));
				Pallet::<T>::check_genesis_holdings(*token)
					.unwrap_or_else(|problem| panic!("compliance genesis: token {token}: {problem}"));
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The token's rule set was replaced (`version` counts replacements; `rules` is the
		/// whole new set).
		RulesSet { token: TokenId, version: u32, rules: BoundedVec<RuleOf<T>, T::MaxRules> },
		/// The identities exempt from the token's rules were replaced.
		ExemptionsSet { token: TokenId, exempt: BoundedVec<IdentityId, T::MaxExemptions> },
		/// Trading of the token was paused or resumed by its compliance manager.
		TradingPauseSet { token: TokenId, paused: bool },
		/// The volume counters of the identities in `removed` (of the token) were removed: no
		/// rule reads them any more. `next`: the last identity examined, to continue after
		/// (`None`: every counter of the token was examined).
		VolumesPruned { token: TokenId, removed: BoundedVec<IdentityId, T::MaxVolumePrune>, next: Option<IdentityId> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No such token.
		UnknownToken,
		/// The caller's identity is not the token's compliance manager.
		NotAuthorized,
		/// More than `MaxRules` rules.
		TooManyRules,
		/// The rules' summed complexity is above `MaxComplexity`.
		TooComplex,
		/// More than `MaxExemptions` exempt identities (a call's list is bounded by its type:
		/// a longer one does not even decode).
		TooManyExemptions,
		/// A rule's list (topics, issuers, countries, investor types) is empty.
		EmptyList,
		/// A rule's list names the same entry twice.
		DuplicateEntry,
		/// A country code is not two upper-case letters.
		BadCountryCode,
		/// An ownership share above 100 % (1,000,000 parts per million), or zero.
		BadPercentage,
		/// A limit of zero (no one could ever hold or trade).
		ZeroLimit,
		/// A rule names a partition the token does not have.
		UnknownPartition,
		/// This kind of rule counts the whole token and cannot be restricted to a partition
		/// (holder, balance, ownership and volume limits).
		PartitionScopeUnsupported,
		/// A trading window without days, with times outside a day, or empty.
		BadTradingWindow,
		/// A volume window of zero buckets or more than `VolumeBuckets`.
		BadVolumeWindow,
		/// Two rules contradict each other (a country both allowed and blocked).
		ContradictoryRules,
		/// The trading pause is already in the requested state.
		PauseUnchanged,
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
		/// Replace `token`'s rule set with `rules`, atomically (an empty list removes every
		/// rule).
		///
		/// - origin: a wallet of the token's compliance manager.
		/// - `rules`: at most `MaxRules` (a longer list does not decode: the call is refused
		///   before it is dispatched), summed complexity at most `MaxComplexity`, each well
		///   formed (see the errors); every list inside a rule is bounded the same way.
		///
		/// Emits `RulesSet`. O(rules × list lengths), all bounded by the types.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_rules(rules.len() as u32))]
		pub fn set_rules(
			origin: OriginFor<T>,
			token: TokenId,
			rules: BoundedVec<RuleOf<T>, T::MaxRules>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_manager(&who, token)?;
			Self::do_set_rules(token, rules)
		}

		/// Replace the identities exempt from `token`'s rules.
		///
		/// - origin: a wallet of the token's compliance manager.
		/// - `exempt`: at most `MaxExemptions` identities (a longer list does not decode: the
		///   call is refused before it is dispatched), no duplicates.
		///
		/// Emits `ExemptionsSet`. O(exempt²) on at most `MaxExemptions`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_exemptions(exempt.len() as u32))]
		pub fn set_exemptions(
			origin: OriginFor<T>,
			token: TokenId,
			exempt: BoundedVec<IdentityId, T::MaxExemptions>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_manager(&who, token)?;
			Self::do_set_exemptions(token, exempt)
		}

		/// Pause or resume trading of `token` (transfers, operator transfers and settlement
		/// legs; issuance, redemption and the transfer agent's forced moves continue).
		///
		/// - origin: a wallet of the token's compliance manager.
		///
		/// Emits `TradingPauseSet`. O(1).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_trading_paused())]
		pub fn set_trading_paused(origin: OriginFor<T>, token: TokenId, paused: bool) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_manager(&who, token)?;
			Self::do_set_trading_paused(token, paused)
		}

		/// Remove volume counters of `token` that no rule reads any more: every counter when the
		/// token has no volume rule, otherwise each counter all of whose buckets are older than
		/// the longest window (`VolumeBuckets` buckets). Storage order, page by page.
		///
		/// - origin: any signed account (cleanup is permissionless: nothing a rule reads is
		///   removed).
		/// - `after`: continue after this identity's counter (the `next` of the previous page's
		///   `VolumesPruned`); `None`: from the first counter.
		/// - `limit`: the most counters examined (at most `MaxVolumePrune`).
		///
		/// Emits `VolumesPruned`. O(limit); the weight of counters not examined is refunded.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::prune_volumes((*limit).min(T::MaxVolumePrune::get())))]
		pub fn prune_volumes(
			origin: OriginFor<T>,
			token: TokenId,
			after: Option<IdentityId>,
			limit: u32,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let examined = Self::do_prune_volumes(token, after, limit.min(T::MaxVolumePrune::get()));
			Ok(Some(T::WeightInfo::prune_volumes(examined)).into())
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Every rule's outcome for a transfer of `amount` of `partition` from `from` to `to`
		/// now (the trading pause as rule `PAUSE_RULE`), or why the transfer cannot even be
		/// described (unknown token or partition, a party without identity).
		pub fn report(
			token: TokenId,
			partition: PartitionId,
			from: T::AccountId,
			to: T::AccountId,
			amount: TokenBalance,
		) -> Result<Vec<RuleReport>, TransferFailure> {
			Self::transfer_report(token, partition, from, to, amount)
		}

		/// The token's rules, exemptions and pause.
		pub fn rules(token: TokenId) -> Option<SettingsOf<T>> {
			TokenSettings::<T>::get(token)
		}

		/// Holder identities of `token` in `class`.
		pub fn holders_in(token: TokenId, class: HolderClass) -> u32 {
			HolderCounts::<T>::get(token, class)
		}

		/// What `identity` sent of `token` within the last `window` volume buckets.
		pub fn volume_sent(token: TokenId, identity: IdentityId, window: u32) -> TokenBalance {
			Self::sent_within(token, identity, window)
		}
	}
}
