//! # Identity Registry Pallet
//!
//! The chain's single source of who an investor is and what they are allowed to be. No account
//! may hold or receive a security token without a verified identity here.
//!
//! ## Terminology
//!
//! - **Identity**: one investor or institution (natural person, company, fund, exchange,
//!   issuer, claim issuer), numbered by [`IdentityId`]. An account belongs to at most one.
//! - **Wallet**: an account linked to an identity. The **primary** wallet manages the identity;
//!   every wallet consents to its own link by signing a [`ConsentPayload`], so no one can attach
//!   someone else's account.
//! - **Claim**: an issuer identity's statement about a subject identity: a [`ClaimTopic`]
//!   (KYC, AML, accredited, qualified purchaser, institutional, retail, jurisdiction,
//!   exempted, custom), a scope (global or one token), an issue time, an optional expiry and
//!   the hash of the off-chain evidence. No personal data is stored on chain.
//! - **Trusted issuer**: an identity the chain's governance accredits for some topic classes;
//!   a token may also name its own trusted issuers per topic class.
//! - **Registrar**: an identity (a KYC provider) allowed to create identities.
//! - **Claim book**: the claims about an identity of one scope, in one record. An identity has
//!   its global book ([`Claims`]) and one book per token it has token-scoped claims for
//!   ([`TokenClaims`]), each holding at most `MaxClaimsPerIdentity` claims, one per (topic,
//!   issuer). A token's own issuers may only attest claims for their token, which land in that
//!   token's book: they can neither fill an identity's global book (the chain's KYC provider
//!   always has room) nor another token's.
//! - **Chain-wide facts**: an identity's jurisdiction (the latest issued valid jurisdiction
//!   claim) and investor type (the highest valid category), computed at each check from its
//!   global claims by issuers the chain trusts for the topic, so an expired claim or an issuer
//!   that lost its accreditation gives way to the next valid claim. A token's rules see these
//!   facts; only where one is missing chain-wide do they see what the claims for the token
//!   attest (a token's own issuers fill gaps, never contradict the chain's accredited issuers).
//!
//! Expiry is enforced at every check ([`IdentityProvider`]): an expired KYC claim does not
//! verify anyone.
//!
//! ## Interface
//!
//! ### Permissionless (signed) calls
//! - [`Pallet::link_wallet`], [`Pallet::unlink_wallet`], [`Pallet::set_primary_wallet`]: the
//!   primary wallet manages the identity's wallets (a wallet may also unlink itself).
//! - [`Pallet::link_evm_wallet`], [`Pallet::unlink_evm_wallet`]: the primary wallet links an
//!   EVM address on that address's own signature (EIP-191 `personal_sign` of the text the
//!   `evm_link_message` view function gives: address, identity, genesis hash, the address's
//!   link nonce); the EVM bridge judges a recipient on an EVM chain by the identity its
//!   address is linked to ([`sto_primitives::evm::EvmIdentity`]). Governance may unlink too.
//! - [`Pallet::add_claim`], [`Pallet::update_claim`], [`Pallet::revoke_claim`]: trusted
//!   issuers manage their claims.
//!
//! ### Permissioned calls
//! - [`Pallet::register_identity`]: a registrar (or governance) creates an identity.
//! - [`Pallet::set_token_issuers`]: a token's compliance manager (or governance) names
//!   the token's own trusted issuers for a topic class.
//!
//! ### Privileged calls (`Config::GovernanceOrigin`)
//! - [`Pallet::recover_identity`]: replace a lost (or stolen) primary wallet. The lost wallet
//!   is unlinked in the same call, so it loses every authority of the identity at once (token
//!   roles, ownership offers, custody mandates, claim issuing all ask `identity_of`), and its
//!   holdings move to the new primary through the token's one movement path
//!   ([`WalletGuard::move_wallet`]).
//! - [`Pallet::set_trusted_issuer`], [`Pallet::remove_trusted_issuer`],
//!   [`Pallet::add_registrar`], [`Pallet::remove_registrar`].
//!
//! ### For other pallets
//! [`IdentityProvider`]: the identity of an account, a claim check with the reason it fails,
//! jurisdiction and investor type (chain-wide, or as a token's rules see them); each a bounded
//! number of storage reads. A check for a token reads the identity's book for the token only
//! when its global book does not answer, so the common check (a global KYC claim) reads the
//! global book and the trusted-issuer list, nothing more.
//!
//! ## Deposits
//! Creating an identity, linking a wallet (Substrate or EVM) and adding a claim hold a deposit
//! from the caller (registrar, primary wallet, issuer), released when the record is removed.
//!
//! ## Genesis
//! Identities (ids 1, 2, ... in order), further wallets, chain-wide trusted issuers, registrars
//! and claims (by trusted issuers, checked as `add_claim` checks them), all without deposits.
//! A configuration the calls would refuse stops the genesis build with a message naming it.
//!
//! ## Storage migrations
//! Storage version 1 (spec 106, [`migrations::v1`]): a chain that ran spec 105 (version 0) kept
//! one book per identity with the claims of every scope and a claim profile; the migration
//! splits each book by scope (global claims stay in [`Claims`], each token's claims go to its
//! book in [`TokenClaims`]) and drops the profile (jurisdiction and investor type are computed
//! at each check). Every claim keeps its record and deposit, `claim_count` is unchanged. One read
//! and one write per identity with claims, one write per token book; docs/CONSORTIUM.md has the
//! size up to which it fits the upgrade block.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod features;
mod impl_identity_provider;
pub mod runtime_api;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_evm;
pub mod types;
/// Defaults for deriving `Config` in test runtimes (std only).
#[cfg(feature = "std")]
pub mod config_preludes;
pub mod migrations;
pub mod weights;

use polkadot_sdk::{frame_support, frame_system, sp_runtime};
pub use sto_primitives::{
	identity::{
		ClaimScope, ClaimStatus, ClaimTopic, CountryCode, IdentityId, IdentityKind, IdentityProvider,
		InvestorType, Issuers, TopicClass,
	},
	token::{TokenAuthority, TokenId, WalletGuard, WalletGuardError},
};
pub use sto_primitives::evm::{EvmAddress, EvmSignature};

/// Hooks the benchmarks need from the runtime: accounts whose keys it can sign with.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, Signature> {
	/// A new account, distinct for each `seed`, that [`Self::sign`] can sign for.
	fn account(seed: u32) -> AccountId;
	/// `signer`'s signature of `message`.
	fn sign(signer: &AccountId, message: &[u8]) -> Signature;
	/// A token that exists for `Config::TokenAuthority` (`set_token_issuers` names its
	/// issuers); `None` if it cannot be made. The default suits an authority that knows every
	/// token (`()`).
	fn token() -> Option<TokenId> {
		Some(1)
	}
	/// An EVM wallet's signature of `digest` (`r ‖ s ‖ v`, `v` 27 or 28, low `s`) with the
	/// secp256k1 key of `seed`: one key per seed, the same on every call.
	fn evm_sign(seed: u32, digest: &[u8; 32]) -> EvmSignature;
}

/// The balance type of the deposit currency.
pub type BalanceOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;

/// Milliseconds since the Unix epoch: [`sto_primitives::Moment`], which `Config::Time` is
/// bound to.
pub type MomentOf<T> = <<T as Config>::Time as frame_support::traits::Time>::Moment;

/// An identity record of this runtime.
pub type IdentityRecordOf<T> =
	IdentityRecord<<T as frame_system::Config>::AccountId, BalanceOf<T>, MomentOf<T>>;

/// A claim record of this runtime.
pub type ClaimRecordOf<T> =
	ClaimRecord<<T as frame_system::Config>::AccountId, BalanceOf<T>, MomentOf<T>>;

/// The chain-wide trusted issuers, each with the topic classes it is accredited for, in the
/// order governance trusted them: one storage record, read once per transfer.
pub type TrustedIssuerListOf<T> = frame_support::BoundedVec<
	(IdentityId, frame_support::BoundedVec<TopicClass, <T as Config>::MaxTopicsPerIssuer>),
	<T as Config>::MaxTrustedIssuers,
>;

/// A consent payload of this runtime.
pub type ConsentPayloadOf<T> =
	ConsentPayload<<T as frame_system::Config>::AccountId, <T as frame_system::Config>::Hash>;

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
	use sp_runtime::traits::{IdentifyAccount, Verify};

	/// The version of this pallet's storage layout: every change of it ships with a migration
	/// ([`crate::migrations`]).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config(with_default)]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Currency holding the deposits.
		#[pallet::no_default]
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons.
		#[pallet::no_default_bounds]
		type RuntimeHoldReason: From<HoldReason>;

		/// The clock claims expire by (pallet-timestamp, ms since the Unix epoch: the chain's one
		/// time type, [`sto_primitives::Moment`]).
		#[pallet::no_default]
		type Time: Time<Moment = sto_primitives::Moment>;

		/// Governance: trusted issuers, registrars, recovery, creating identities without a
		/// deposit.
		#[pallet::no_default_bounds]
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The signature a wallet gives to consent to being linked.
		#[pallet::no_default_bounds]
		type OffchainSignature: Verify<Signer = Self::SigningPublicKey> + Parameter;

		/// The public key that signs a consent, which must be the consenting account.
		#[pallet::no_default_bounds]
		type SigningPublicKey: IdentifyAccount<AccountId = Self::AccountId>;

		/// Who manages a token's own trusted issuers (the token's compliance manager).
		#[pallet::no_default]
		type TokenAuthority: TokenAuthority<Self::AccountId>;

		/// The tokens' side of a wallet leaving its identity: an unlinked wallet must hold
		/// nothing (its account freezes are dropped), a recovered one has its holdings moved.
		#[pallet::no_default]
		type WalletGuard: WalletGuard<Self::AccountId>;

		/// Deposit for an identity, held from the registrar.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type IdentityDeposit: Get<BalanceOf<Self>>;

		/// Deposit for a linked wallet (other than the primary), held from the primary.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type WalletDeposit: Get<BalanceOf<Self>>;

		/// Deposit for a claim, held from the issuer's account.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type ClaimDeposit: Get<BalanceOf<Self>>;

		/// Most wallets an identity may link (its primary included).
		#[pallet::constant]
		type MaxWalletsPerIdentity: Get<u32>;

		/// Most claims an identity may hold in one book: its global claims, and its claims for
		/// each token (one book per token).
		#[pallet::constant]
		type MaxClaimsPerIdentity: Get<u32>;

		/// Most topic classes one trusted issuer may be accredited for.
		#[pallet::constant]
		type MaxTopicsPerIssuer: Get<u32>;

		/// Most trusted issuers per topic class (chain-wide, and per token).
		#[pallet::constant]
		type MaxIssuersPerTopic: Get<u32>;

		/// Most chain-wide trusted issuers (whatever their topics).
		#[pallet::constant]
		type MaxTrustedIssuers: Get<u32>;

		/// Most EVM wallets an identity may link (each holds `WalletDeposit`).
		#[pallet::constant]
		type MaxEvmWalletsPerIdentity: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Signs consents in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		#[pallet::no_default]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, Self::OffchainSignature>;
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Deposit of an identity.
		Identity,
		/// Deposit of a linked wallet.
		Wallet,
		/// Deposit of a claim.
		Claim,
	}

	/// The id the next identity gets (ids start at 1).
	#[pallet::storage]
	pub type NextIdentityId<T> = StorageValue<_, IdentityId, ValueQuery>;

	/// Identities by id.
	#[pallet::storage]
	pub type Identities<T: Config> = StorageMap<_, Twox64Concat, IdentityId, IdentityRecordOf<T>>;

	/// The identity each linked account belongs to.
	#[pallet::storage]
	pub type IdentityOf<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, IdentityId>;

	/// The wallets of each identity (the primary included).
	#[pallet::storage]
	pub type Wallets<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		IdentityId,
		Blake2_128Concat,
		T::AccountId,
		WalletRecord<T::AccountId, BalanceOf<T>>,
	>;

	/// How many consents each account has given (the next consent signs this nonce).
	#[pallet::storage]
	pub type ConsentNonce<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Each identity's global claims (absent: none). One record per identity, so that checking
	/// a party's claims (every topic) costs one read. Only issuers the chain trusts for a topic
	/// write here.
	#[pallet::storage]
	pub type Claims<T: Config> = StorageMap<_, Twox64Concat, IdentityId, ClaimBook<T>, ValueQuery>;

	/// Each identity's claims scoped to one token (absent: none), apart from its global claims
	/// and from its claims for other tokens: what a token's own issuers attest fills only this
	/// book. Read by a check for the token only when the global book does not answer it.
	#[pallet::storage]
	pub type TokenClaims<T: Config> =
		StorageDoubleMap<_, Twox64Concat, IdentityId, Twox64Concat, TokenId, ClaimBook<T>, ValueQuery>;

	/// The chain-wide trusted issuers and the topic classes each may attest (one record).
	#[pallet::storage]
	pub type TrustedIssuers<T: Config> = StorageValue<_, TrustedIssuerListOf<T>, ValueQuery>;

	/// A token's own trusted issuers per topic class, besides the chain-wide ones.
	#[pallet::storage]
	pub type TokenIssuers<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		TokenId,
		Blake2_128Concat,
		TopicClass,
		BoundedVec<IdentityId, T::MaxIssuersPerTopic>,
		ValueQuery,
	>;

	/// Identities allowed to create identities (KYC providers).
	#[pallet::storage]
	pub type Registrars<T: Config> = StorageMap<_, Twox64Concat, IdentityId, ()>;

	/// The EVM wallets of each identity, with the deposit each link holds.
	#[pallet::storage]
	pub type EvmWallets<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		IdentityId,
		Blake2_128Concat,
		EvmAddress,
		WalletRecord<T::AccountId, BalanceOf<T>>,
	>;

	/// The identity each linked EVM address belongs to (at most one).
	#[pallet::storage]
	pub type IdentityOfEvm<T: Config> = StorageMap<_, Blake2_128Concat, EvmAddress, IdentityId>;

	/// How many EVM wallets each identity has linked (absent: none).
	#[pallet::storage]
	pub type EvmWalletCount<T: Config> = StorageMap<_, Twox64Concat, IdentityId, u32, ValueQuery>;

	/// How many links each EVM address has signed (the next link signs this nonce), so a link
	/// signature is used once, also after an unlink.
	#[pallet::storage]
	pub type EvmLinkNonce<T: Config> = StorageMap<_, Blake2_128Concat, EvmAddress, u32, ValueQuery>;

	/// A claim made at genesis: (subject identity, topic, issuer identity, scope). No deposit
	/// is held for it and it does not expire.
	pub type GenesisClaim = (IdentityId, ClaimTopic, IdentityId, ClaimScope);

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Identities created at genesis without deposits: (primary wallet, kind). They get
		/// ids 1, 2, ... in this order.
		pub identities: alloc::vec::Vec<(T::AccountId, IdentityKind)>,
		/// Further wallets linked at genesis without deposits: (identity id, account). At most
		/// `MaxWalletsPerIdentity` per identity, the primary included.
		pub wallets: alloc::vec::Vec<(IdentityId, T::AccountId)>,
		/// Trusted issuers at genesis: (identity id, topic classes).
		pub trusted_issuers: alloc::vec::Vec<(IdentityId, alloc::vec::Vec<TopicClass>)>,
		/// Registrars at genesis (identity ids).
		pub registrars: alloc::vec::Vec<IdentityId>,
		/// Claims at genesis (see [`GenesisClaim`]): each issuer must be trusted chain-wide
		/// for the topic's class (`trusted_issuers`), as `add_claim` requires. Recorded with
		/// the issuer's primary wallet as depositor and no deposit, issued at genesis, without
		/// expiry.
		pub claims: alloc::vec::Vec<GenesisClaim>,
	}

	/// Genesis is built once, before the first block, and refuses an inconsistent
	/// configuration by panicking with what is wrong (the chain spec cannot start).
	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (primary, kind) in &self.identities {
				Pallet::<T>::insert_identity(primary.clone(), *kind, None, Default::default())
					.unwrap_or_else(|e| panic!("identity-registry genesis: identity of {primary:?}: {e:?}"));
			}
			for (identity, wallet) in &self.wallets {
				Pallet::<T>::insert_wallet(*identity, wallet.clone()).unwrap_or_else(|e| {
					panic!("identity-registry genesis: wallet {wallet:?} of identity {identity}: {e:?}")
				});
			}
			for (issuer, topics) in &self.trusted_issuers {
				let topics = BoundedVec::try_from(topics.clone()).unwrap_or_else(|_| {
					panic!("identity-registry genesis: trusted issuer {issuer} has more than MaxTopicsPerIssuer topics")
				});
				Pallet::<T>::do_set_trusted_issuer(*issuer, topics)
					.unwrap_or_else(|e| panic!("identity-registry genesis: trusted issuer {issuer}: {e:?}"));
			}
			for registrar in &self.registrars {
				assert!(
					Identities::<T>::contains_key(registrar),
					"identity-registry genesis: registrar {registrar} has no identity"
				);
				Registrars::<T>::insert(registrar, ());
			}
			for (subject, topic, issuer, scope) in &self.claims {
				let depositor = Identities::<T>::get(issuer).map(|record| record.primary).unwrap_or_else(|| {
					panic!("identity-registry genesis: claim {topic:?} about {subject}: issuer {issuer} has no identity")
				});
				let claim = ClaimRecord {
					scope: *scope,
					issued_at: T::Time::now(),
					expiry: None,
					evidence: H256::zero(),
					depositor,
					deposit: Default::default(),
				};
				Pallet::<T>::insert_claim(*subject, *topic, *issuer, claim).unwrap_or_else(|e| {
					panic!("identity-registry genesis: claim {topic:?} about {subject} by {issuer}: {e:?}")
				});
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A new identity with its primary wallet.
		IdentityRegistered { identity: IdentityId, kind: IdentityKind, primary: T::AccountId },
		/// A wallet joined an identity.
		WalletLinked { identity: IdentityId, wallet: T::AccountId },
		/// A wallet left an identity.
		WalletUnlinked { identity: IdentityId, wallet: T::AccountId },
		/// The identity's primary wallet changed.
		PrimaryWalletChanged { identity: IdentityId, old: T::AccountId, new: T::AccountId },
		/// Governance replaced a lost primary wallet (the old one is unlinked, its holdings moved
		/// to the new one).
		IdentityRecovered { identity: IdentityId, lost: T::AccountId, new: T::AccountId },
		/// An issuer added a claim.
		ClaimAdded {
			subject: IdentityId,
			topic: ClaimTopic,
			issuer: IdentityId,
			scope: ClaimScope,
			expiry: Option<MomentOf<T>>,
			evidence: H256,
		},
		/// An issuer updated a claim (scope, expiry or evidence).
		ClaimUpdated {
			subject: IdentityId,
			topic: ClaimTopic,
			issuer: IdentityId,
			scope: ClaimScope,
			expiry: Option<MomentOf<T>>,
			evidence: H256,
		},
		/// A claim was revoked (by its issuer or governance).
		ClaimRevoked { subject: IdentityId, topic: ClaimTopic, issuer: IdentityId, scope: ClaimScope },
		/// Governance set the topic classes a chain-wide trusted issuer may attest.
		TrustedIssuerSet { issuer: IdentityId, topics: BoundedVec<TopicClass, T::MaxTopicsPerIssuer> },
		/// Governance removed a chain-wide trusted issuer; its claims no longer count.
		TrustedIssuerRemoved { issuer: IdentityId },
		/// A token named its own trusted issuers for a topic class (empty: none).
		TokenIssuersSet {
			token: TokenId,
			topic: TopicClass,
			issuers: BoundedVec<IdentityId, T::MaxIssuersPerTopic>,
		},
		/// Governance made an identity a registrar.
		RegistrarAdded { identity: IdentityId },
		/// Governance removed a registrar.
		RegistrarRemoved { identity: IdentityId },
		/// An EVM address, by its own signature, joined an identity.
		EvmWalletLinked { identity: IdentityId, address: EvmAddress },
		/// An EVM address left its identity.
		EvmWalletUnlinked { identity: IdentityId, address: EvmAddress },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No identity with this id.
		UnknownIdentity,
		/// The account already belongs to an identity.
		AlreadyLinked,
		/// The account is not a wallet of this identity.
		NotLinked,
		/// The caller has no identity.
		NoIdentity,
		/// The caller is not the identity's primary wallet.
		NotPrimary,
		/// The primary wallet cannot be unlinked; make another wallet primary first.
		CannotUnlinkPrimary,
		/// The identity already has `MaxWalletsPerIdentity` wallets.
		TooManyWallets,
		/// The consent signature does not verify for the account and its current nonce.
		BadConsent,
		/// The caller (or, for `remove_registrar`, the identity) is not a registrar.
		NotRegistrar,
		/// The issuer is not trusted for this topic (chain-wide, or by the claim's token).
		IssuerNotTrusted,
		/// The claim's expiry is not in the future.
		ExpiryInPast,
		/// The subject already holds a claim of this topic and scope from this issuer; update it.
		ClaimExists,
		/// No such claim (never added, or revoked).
		ClaimNotFound,
		/// The subject's book of the claim's scope (global, or the token's) already holds
		/// `MaxClaimsPerIdentity` claims.
		TooManyClaims,
		/// A country code must be two upper-case letters (ISO 3166-1 alpha-2).
		BadCountryCode,
		/// The topic list is empty or names a topic class twice.
		BadTopics,
		/// The issuer list names an identity twice or one that does not exist.
		BadIssuers,
		/// `MaxIssuersPerTopic` issuers already trusted for this topic class, or
		/// `MaxTrustedIssuers` chain-wide trusted issuers already.
		TooManyIssuers,
		/// The identity is not a trusted issuer.
		NotTrustedIssuer,
		/// The identity is already a registrar.
		AlreadyRegistrar,
		/// The caller may not manage this token's compliance settings.
		NotTokenAuthority,
		/// No such token.
		UnknownToken,
		/// The wallet holds tokens: its identity's positions count them. Move them to
		/// another wallet of the identity first.
		WalletInUse,
		/// The identity holds positions in more tokens than the call's `positions` witness
		/// says: count the keys under the identity in `SecurityToken::Positions` and retry.
		PositionsWitnessTooLow,
		/// A holding of the lost wallet could not be moved to the new primary wallet (the token
		/// refused the recovery movement).
		HoldingsNotMoved,
		/// The zero address cannot be linked.
		ZeroEvmAddress,
		/// The EVM address is already linked to an identity.
		EvmWalletLinked,
		/// The EVM address is not linked to any identity.
		EvmWalletNotLinked,
		/// The identity already has `MaxEvmWalletsPerIdentity` EVM wallets.
		TooManyEvmWallets,
		/// The signature is not the EVM address's signature of its link text for this identity,
		/// this chain and its current link nonce (`evm_link_message`), or is malformed: `v` must
		/// be 27 or 28, `s` at most n/2.
		BadEvmSignature,
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
		/// Create an identity with `primary` as its primary wallet.
		///
		/// - origin: a wallet of a registrar identity (holds `IdentityDeposit` from it), or
		///   `GovernanceOrigin` (no deposit).
		/// - `primary`: an account that belongs to no identity.
		/// - `kind`: what the identity stands for.
		/// - `consent`: `primary`'s signature of its [`ConsentPayload`] (action
		///   `CreateIdentity`, identity 0).
		///
		/// Emits `IdentityRegistered` and `WalletLinked`. O(1).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_identity())]
		pub fn register_identity(
			origin: OriginFor<T>,
			primary: T::AccountId,
			kind: IdentityKind,
			consent: T::OffchainSignature,
		) -> DispatchResult {
			let caller = Self::governance_or_signed(origin)?;
			Self::do_register_identity(caller, primary, kind, &consent)
		}

		/// Link `wallet` to the caller's identity.
		///
		/// - origin: the identity's primary wallet (holds `WalletDeposit` from it).
		/// - `wallet`: an account that belongs to no identity.
		/// - `consent`: `wallet`'s signature of its [`ConsentPayload`] (action `LinkWallet`).
		///
		/// Emits `WalletLinked`. O(1).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::link_wallet())]
		pub fn link_wallet(
			origin: OriginFor<T>,
			wallet: T::AccountId,
			consent: T::OffchainSignature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_link_wallet(&who, wallet, &consent)
		}

		/// Unlink `wallet` from its identity and release its deposit.
		///
		/// - origin: the identity's primary wallet, or `wallet` itself.
		/// - `wallet`: a linked wallet other than the primary, holding no tokens. An account
		///   freeze of it (which any token's freezer may set, holding or not) does not keep it:
		///   its freezes are dropped with the link (the token emits `AccountUnfrozen`).
		/// - `positions`: at least the number of tokens the identity holds a position in (the
		///   keys under the identity in `SecurityToken::Positions`); each is read to tell
		///   whether `wallet` holds any. The call is charged for `positions` and refunded for
		///   the positions it did not read.
		///
		/// Emits `WalletUnlinked`. O(`positions`).
		#[pallet::call_index(2)]
		#[pallet::weight(Pallet::<T>::unlink_weight(T::WeightInfo::unlink_wallet(), *positions))]
		pub fn unlink_wallet(
			origin: OriginFor<T>,
			wallet: T::AccountId,
			positions: u32,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let read = Self::do_unlink_wallet(&who, wallet, positions)?;
			Ok(Some(Self::unlink_weight(T::WeightInfo::unlink_wallet(), read)).into())
		}

		/// Make another linked wallet the identity's primary wallet.
		///
		/// - origin: the current primary wallet.
		/// - `new_primary`: a wallet linked to the same identity.
		///
		/// Emits `PrimaryWalletChanged`. O(1).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_primary_wallet())]
		pub fn set_primary_wallet(origin: OriginFor<T>, new_primary: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_primary(who, new_primary)
		}

		/// Replace the lost (or stolen) primary wallet of `identity` with `new_primary`
		/// (governed recovery). The lost wallet is unlinked in this call, whatever it holds, so
		/// it keeps no authority of the identity (token roles, ownership offers, mandates, claim
		/// issuing, operator and allowance use: each asks for the caller's identity). Its
		/// holdings move first to `new_primary` through the token's one movement path
		/// ([`WalletGuard::move_wallet`]: kind `Recovery`, one `Moved` event per holding,
		/// lock-ups and partial freezes carried, an account freeze carried to `new_primary`,
		/// identity aggregates and holder counts unchanged), in every token whatever its status,
		/// pause or control. A deposit of the lost wallet's own link (if it was linked as a
		/// further wallet before it became primary) is released to whoever paid it.
		///
		/// - origin: `GovernanceOrigin`.
		/// - `new_primary`: an account of no identity, or a wallet of `identity`.
		/// - `consent`: `new_primary`'s signature of its [`ConsentPayload`] (action `Recover`).
		/// - `positions`: at least the number of tokens the identity holds a position in (the
		///   keys under the identity in `SecurityToken::Positions`); each is read and the lost
		///   wallet's holdings in it moved. Charged for `positions`, refunded for the positions
		///   not read.
		///
		/// Emits `WalletLinked` (when `new_primary` was not linked), the token's events of the
		/// moved holdings, `WalletUnlinked` (the lost wallet) and `IdentityRecovered`.
		/// O(`positions`).
		#[pallet::call_index(4)]
		#[pallet::weight(Pallet::<T>::recover_weight(T::WeightInfo::recover_identity(), *positions))]
		pub fn recover_identity(
			origin: OriginFor<T>,
			identity: IdentityId,
			new_primary: T::AccountId,
			consent: T::OffchainSignature,
			positions: u32,
		) -> DispatchResultWithPostInfo {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let read = Self::do_recover(identity, new_primary, &consent, positions)?;
			Ok(Some(Self::recover_weight(T::WeightInfo::recover_identity(), read)).into())
		}

		/// Add a claim about `subject`, signed by a wallet of the issuer identity.
		///
		/// - origin: a wallet of an identity trusted for `topic`'s class chain-wide, or (for a
		///   claim scoped to a token) by that token (holds `ClaimDeposit` from the caller).
		/// - `subject`: the identity the claim is about; its book of `scope` must have room and
		///   hold no claim of `topic` by this issuer yet.
		/// - `topic`: what the claim asserts (a jurisdiction must be a well-formed country).
		/// - `scope`: global (the subject's global book) or one token (the subject's book for
		///   that token; counts for that token only).
		/// - `expiry`: when it stops counting; must be in the future.
		/// - `evidence`: hash of the off-chain evidence.
		///
		/// Emits `ClaimAdded`. O(claims in the book).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::add_claim())]
		pub fn add_claim(
			origin: OriginFor<T>,
			subject: IdentityId,
			topic: ClaimTopic,
			scope: ClaimScope,
			expiry: Option<MomentOf<T>>,
			evidence: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_add_claim(who, subject, topic, scope, expiry, evidence)
		}

		/// Change the expiry or evidence of the caller's claim of `topic` and `scope` about
		/// `subject` (its issue time becomes now). A claim keeps its scope: to move it, revoke
		/// it and add it with the other scope.
		///
		/// - origin: a wallet of the issuer identity, still trusted for the topic (chain-wide,
		///   or by the scope's token).
		///
		/// Emits `ClaimUpdated`. O(claims in the book).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::update_claim())]
		pub fn update_claim(
			origin: OriginFor<T>,
			subject: IdentityId,
			topic: ClaimTopic,
			scope: ClaimScope,
			expiry: Option<MomentOf<T>>,
			evidence: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_update_claim(who, subject, topic, scope, expiry, evidence)
		}

		/// Revoke a claim and release its deposit.
		///
		/// - origin: a wallet of `issuer`, or `GovernanceOrigin`.
		/// - `subject`, `topic`, `scope`, `issuer`: which claim (`scope` names the book).
		///
		/// Emits `ClaimRevoked`. O(claims in the book).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::revoke_claim(T::MaxClaimsPerIdentity::get()))]
		pub fn revoke_claim(
			origin: OriginFor<T>,
			subject: IdentityId,
			topic: ClaimTopic,
			scope: ClaimScope,
			issuer: IdentityId,
		) -> DispatchResult {
			let caller = Self::governance_or_signed(origin)?;
			Self::do_revoke_claim(caller.as_ref(), subject, topic, scope, issuer)
		}

		/// Accredit `issuer` chain-wide for exactly `topics` (replacing any earlier list).
		///
		/// - origin: `GovernanceOrigin`.
		/// - `topics`: non-empty, no duplicates.
		///
		/// Emits `TrustedIssuerSet`. O(topics × issuers per topic).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::set_trusted_issuer(T::MaxTopicsPerIssuer::get()))]
		pub fn set_trusted_issuer(
			origin: OriginFor<T>,
			issuer: IdentityId,
			topics: BoundedVec<TopicClass, T::MaxTopicsPerIssuer>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_trusted_issuer(issuer, topics)
		}

		/// Withdraw `issuer`'s chain-wide accreditation: its claims stop counting wherever the
		/// chain-wide list is used.
		///
		/// - origin: `GovernanceOrigin`.
		///
		/// Emits `TrustedIssuerRemoved`. O(topics × issuers per topic).
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::remove_trusted_issuer(T::MaxTopicsPerIssuer::get()))]
		pub fn remove_trusted_issuer(origin: OriginFor<T>, issuer: IdentityId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_remove_trusted_issuer(issuer)
		}

		/// Name `token`'s own trusted issuers for `topic` (an empty list removes them).
		///
		/// - origin: the token's compliance manager (`Config::TokenAuthority`), or
		///   `GovernanceOrigin`.
		/// - `issuers`: existing identities, no duplicates.
		///
		/// Emits `TokenIssuersSet`. O(issuers).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::set_token_issuers(T::MaxIssuersPerTopic::get()))]
		pub fn set_token_issuers(
			origin: OriginFor<T>,
			token: TokenId,
			topic: TopicClass,
			issuers: BoundedVec<IdentityId, T::MaxIssuersPerTopic>,
		) -> DispatchResult {
			let caller = Self::governance_or_signed(origin)?;
			Self::do_set_token_issuers(caller.as_ref(), token, topic, issuers)
		}

		/// Allow `identity` to create identities.
		///
		/// - origin: `GovernanceOrigin`.
		///
		/// Emits `RegistrarAdded`. O(1).
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::add_registrar())]
		pub fn add_registrar(origin: OriginFor<T>, identity: IdentityId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_add_registrar(identity)
		}

		/// Stop `identity` from creating identities (those it created remain).
		///
		/// - origin: `GovernanceOrigin`.
		///
		/// Emits `RegistrarRemoved`. O(1).
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::remove_registrar())]
		pub fn remove_registrar(origin: OriginFor<T>, identity: IdentityId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_remove_registrar(identity)
		}

		/// Link the EVM address `address` to the caller's identity, on the address's own
		/// signature: the EVM wallet signs (EIP-191 `personal_sign`) the text the
		/// `evm_link_message` view function returns, which names the address, the identity,
		/// this chain's genesis hash and the address's link nonce (so a signature links once,
		/// on one chain, to one identity).
		///
		/// - origin: the identity's primary wallet (holds `WalletDeposit` from it).
		/// - `address`: not zero, linked to no identity.
		/// - `signature`: `r ‖ s ‖ v` with `v` 27 or 28 and `s` at most n/2.
		///
		/// Emits `EvmWalletLinked`. O(1).
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::link_evm_wallet())]
		pub fn link_evm_wallet(origin: OriginFor<T>, address: EvmAddress, signature: EvmSignature) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_link_evm_wallet(&who, address, &signature)
		}

		/// Unlink the EVM address `address` from its identity and release the link's deposit.
		///
		/// - origin: the primary wallet of the identity it is linked to, or `GovernanceOrigin`
		///   (a compromised EVM key).
		///
		/// Emits `EvmWalletUnlinked`. O(1).
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::unlink_evm_wallet())]
		pub fn unlink_evm_wallet(origin: OriginFor<T>, address: EvmAddress) -> DispatchResult {
			let caller = Self::governance_or_signed(origin)?;
			Self::do_unlink_evm_wallet(caller.as_ref(), address)
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// The exact text the EVM wallet `address` signs (EIP-191 `personal_sign`) for
		/// `link_evm_wallet` to link it to `identity` now: its current link nonce and this
		/// chain's genesis hash, as [`sto_primitives::evm::link_message`] writes it.
		pub fn evm_link_message(identity: IdentityId, address: EvmAddress) -> alloc::vec::Vec<u8> {
			Self::evm_link_text(identity, &address)
		}

		/// The identity the EVM address `address` is linked to, if any.
		pub fn identity_of_evm_address(address: EvmAddress) -> Option<IdentityId> {
			IdentityOfEvm::<T>::get(address)
		}

		/// The EVM wallets of `identity` (at most `MaxEvmWalletsPerIdentity`).
		pub fn evm_wallets(identity: IdentityId) -> alloc::vec::Vec<EvmAddress> {
			EvmWallets::<T>::iter_key_prefix(identity).collect()
		}
	}
}
