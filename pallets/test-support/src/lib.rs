//! # Test support for the STO pallets' mocks (dev-only)
//!
//! What every pallet mock used to write again, in one place:
//!
//! - **The mock clock**: [`MockTime`] reads [`Now`] (ms), which tests set with `Now::set`;
//!   [`START`] (Monday 2024-01-01 12:00 UTC) and [`HOUR`].
//! - **A genesis builder**, [`Genesis`]: balances, identities (ids 1, 2, ... in the order they
//!   are added), linked wallets, trusted issuers ([`Genesis::kyc_provider`],
//!   [`Genesis::accreditor`]), registrars, claims, tokens and compliance rules.
//!   [`Genesis::system_and_balances`] builds the FRAME part; [`build_storage!`] adds the STO
//!   pallets' genesis (each pallet's `GenesisConfig` is named inside the mock's crate).
//! - **[`verified_account`]**: a funded benchmark account with a verified identity, what the
//!   token's and custody's benchmark helpers return.
//! - **[`bounded`]**: a bounded vector from a slice, for call arguments.
//! - **[`impl_system_and_balances!`]**: `frame_system` and `pallet_balances` as every mock
//!   configures them.
//! - **[`impl_sto_pallets!`]**: the real identity registry, security token and compliance
//!   engine wired into a mock runtime as the runtime wires them (the registry's wallet guard
//!   and token authority are the token, the token's compliance hook is the compliance pallet),
//!   each `Config` derived from the pallet's `config_preludes::TestDefaultConfig` with only
//!   the differences stated; their benchmark helpers; and the helpers every such mock uses
//!   (`check_sto_invariants`, `identity`, `claim_by`, `link_wallet`, `active_token`).
//!
//! ## Why macros, and no dependency on a pallet
//! This crate is a dev-dependency of the STO pallets. Were it to depend on one of them, cargo
//! would build the pallet under test twice (once as itself, once as this crate's dependency),
//! and the mock's `crate::Config` would not be `pallet_x::Config`. So the crate depends only
//! on FRAME and `sto-primitives`; what names a pallet (its `Config`, `GenesisConfig`, calls)
//! is a `macro_rules!` expanded inside the mock's own crate, where `pallet_identity_registry`,
//! `pallet_security_token` and `pallet_compliance` resolve (a pallet's own mock writes
//! `use crate as pallet_x;`).
//!
//! ## A new pallet's mock
//! ```ignore
//! use crate as pallet_new;
//! use sto_test_support::{Genesis, MockTime, Now, START};
//!
//! polkadot_sdk::frame_support::construct_runtime!(
//!     pub enum Test {
//!         System: frame_system,
//!         Balances: pallet_balances,
//!         Identity: pallet_identity_registry,
//!         Token: pallet_security_token,
//!         Compliance: pallet_compliance,
//!         New: pallet_new,
//!     }
//! );
//! sto_test_support::impl_system_and_balances!(Test);
//!
//! sto_test_support::impl_sto_pallets! {
//!     runtime: Test,
//!     issuer: ISSUER,
//!     benchmarks: MockBenchmarks,
//!     // Optional: what differs from a pallet's prelude (identity_registry, security_token,
//!     // compliance, in this order).
//!     compliance: { type MaxRules = ConstU32<4>; },
//! }
//!
//! #[derive_impl(pallet_new::config_preludes::TestDefaultConfig)]
//! impl pallet_new::Config for Test {
//!     type Tokens = Token;
//!     type Time = MockTime;
//! }
//!
//! pub fn new_test_ext() -> TestExternalities {
//!     let genesis = Genesis::default()
//!         .fund([KYC_WALLET, ISSUER, A, B], 1_000_000)
//!         .kyc_provider(KYC_WALLET)
//!         .identity(ISSUER, IdentityKind::Issuer)
//!         .identities([A, B], IdentityKind::NaturalPerson)
//!         .claim(2, ClaimTopic::Kyc, 1);
//!     let storage = sto_test_support::build_storage!(Test, genesis, identity_registry, security_token, compliance);
//!     let mut ext = TestExternalities::new(storage);
//!     ext.execute_with(|| {
//!         System::set_block_number(1);
//!         Now::set(START);
//!     });
//!     ext
//! }
//!
//! /// Every test checks every pallet's invariants after it ran.
//! pub fn run_test(test: impl FnOnce()) {
//!     new_test_ext().execute_with(|| {
//!         test();
//!         New::do_try_state().expect("invariants hold");
//!         check_sto_invariants();
//!     });
//! }
//! ```
//! The new pallet gives its `Config` `#[pallet::config(with_default)]` (`#[pallet::no_default]`
//! on what a runtime must wire, `#[pallet::no_default_bounds]` where a bound names `Self`) and
//! a `config_preludes::TestDefaultConfig`, as the STO pallets do (`src/config_preludes.rs`).
//!
//! A mock needing other wiring (a mock token, a mock identity provider) derives each `Config`
//! from the pallet's prelude itself and uses the clock and the genesis builder alone.

pub use polkadot_sdk;
pub use sto_primitives;

use polkadot_sdk::{
	frame_support::{
		parameter_types,
		traits::{fungible::Mutate, Get, Time},
		BoundedVec,
	},
	frame_system, pallet_balances,
	sp_runtime::{BuildStorage, Storage},
};
pub use polkadot_sdk::sp_runtime::testing::{TestSignature, UintAuthorityId};
use sto_primitives::identity::{ClaimScope, ClaimTopic, IdentityId, IdentityKind, TopicClass};

// ---------------------------------------------------------------------------------------------
// The clock.

parameter_types! {
	/// The mock clock (ms), what [`MockTime`] returns. Starts at [`START`]; tests set it with
	/// `Now::set` (each test thread has its own).
	pub static Now: u64 = START;
}

/// Monday 2024-01-01 12:00:00 UTC, in ms.
pub const START: u64 = 1_704_110_400_000;
/// An hour, in ms.
pub const HOUR: u64 = 3_600_000;

/// The mock runtimes' `Time`: reads [`Now`].
pub struct MockTime;
impl Time for MockTime {
	type Moment = u64;
	fn now() -> u64 {
		Now::get()
	}
}

// ---------------------------------------------------------------------------------------------
// Accounts and arguments.

/// A funded benchmark account `first + seed` (1,000,000 of `Currency`), made a wallet of
/// `identity` (or the primary of a new identity) with a verified identity by `verify` — the
/// registry's `benchmark_verified` in a mock with the real registry.
pub fn verified_account<Currency: Mutate<u64, Balance = u64>>(
	first: u64,
	seed: u32,
	identity: Option<IdentityId>,
	verify: impl FnOnce(u64, Option<IdentityId>) -> IdentityId,
) -> (u64, IdentityId) {
	let account = first + seed as u64;
	let _ = Currency::mint_into(&account, 1_000_000);
	(account, verify(account, identity))
}

/// A bounded vector of `items` (a test input within its bound).
/// An EVM wallet's signature of `digest` (`v` 27 or 28, low `s`), with the secp256k1 key of
/// `seed` (one key per seed, the same on every call).
pub fn evm_sign(seed: u32, digest: &[u8; 32]) -> sto_primitives::evm::EvmSignature {
	use polkadot_sdk::sp_core::{ecdsa, Pair};
	let mut secret = [0x11u8; 32];
	secret[..4].copy_from_slice(&seed.to_le_bytes());
	let mut signature = ecdsa::Pair::from_seed(&secret).sign_prehashed(digest).0;
	signature[64] += 27;
	signature
}

/// The EVM address of `seed`'s key ([`evm_sign`]).
pub fn evm_address(seed: u32) -> sto_primitives::evm::EvmAddress {
	let digest = [7u8; 32];
	sto_primitives::evm::recover(&digest, &evm_sign(seed, &digest)).expect("a strict signature")
}

pub fn bounded<S: Get<u32>, X: Clone>(items: &[X]) -> BoundedVec<X, S> {
	BoundedVec::try_from(items.to_vec()).ok().expect("test input within bounds")
}

// ---------------------------------------------------------------------------------------------
// Genesis.

/// The topic classes a KYC provider is trusted for.
pub const KYC_CLASSES: [TopicClass; 3] = [TopicClass::Kyc, TopicClass::Aml, TopicClass::Jurisdiction];
/// The topic classes an accreditor (investor types) is trusted for.
pub const INVESTOR_TYPE_CLASSES: [TopicClass; 4] =
	[TopicClass::Retail, TopicClass::Accredited, TopicClass::QualifiedPurchaser, TopicClass::Institutional];

/// A mock's genesis: the FRAME part (balances) and the STO pallets' (identities, wallets,
/// trusted issuers, registrars, claims, tokens, rules). `Token` and `Rule` are the token
/// pallet's `GenesisToken<u64>` and the compliance pallet's `RuleOf<Test>` where a mock has
/// them ([`build_storage!`] converts).
pub struct Genesis<Token = (), Rule = ()> {
	/// (account, free balance).
	pub balances: Vec<(u64, u64)>,
	/// (primary wallet, kind): identity ids 1, 2, ... in this order.
	pub identities: Vec<(u64, IdentityKind)>,
	/// (identity, further wallet).
	pub wallets: Vec<(IdentityId, u64)>,
	/// (identity, topic classes it is trusted for chain-wide).
	pub trusted_issuers: Vec<(IdentityId, Vec<TopicClass>)>,
	pub registrars: Vec<IdentityId>,
	/// (subject, topic, issuer, scope).
	pub claims: Vec<(IdentityId, ClaimTopic, IdentityId, ClaimScope)>,
	pub tokens: Vec<Token>,
	/// (token, rules).
	pub rules: Vec<(u32, Vec<Rule>)>,
}

impl<Token, Rule> Default for Genesis<Token, Rule> {
	fn default() -> Self {
		Self {
			balances: Vec::new(),
			identities: Vec::new(),
			wallets: Vec::new(),
			trusted_issuers: Vec::new(),
			registrars: Vec::new(),
			claims: Vec::new(),
			tokens: Vec::new(),
			rules: Vec::new(),
		}
	}
}

impl<Token, Rule> Genesis<Token, Rule> {
	/// Give each of `accounts` a free balance of `amount`.
	pub fn fund(mut self, accounts: impl IntoIterator<Item = u64>, amount: u64) -> Self {
		self.balances.extend(accounts.into_iter().map(|account| (account, amount)));
		self
	}

	/// The id the next identity added gets.
	pub fn next_identity(&self) -> IdentityId {
		self.identities.len() as IdentityId + 1
	}

	/// A new identity of `kind` with primary wallet `account`.
	pub fn identity(mut self, account: u64, kind: IdentityKind) -> Self {
		self.identities.push((account, kind));
		self
	}

	/// A new identity of `kind` for each of `accounts`, in order.
	pub fn identities(mut self, accounts: impl IntoIterator<Item = u64>, kind: IdentityKind) -> Self {
		self.identities.extend(accounts.into_iter().map(|account| (account, kind)));
		self
	}

	/// Link `account` to `identity` as a further wallet.
	pub fn wallet(mut self, identity: IdentityId, account: u64) -> Self {
		self.wallets.push((identity, account));
		self
	}

	/// Trust `identity` chain-wide for `classes`.
	pub fn trusted_issuer(mut self, identity: IdentityId, classes: &[TopicClass]) -> Self {
		self.trusted_issuers.push((identity, classes.to_vec()));
		self
	}

	/// Make `identity` a registrar.
	pub fn registrar(mut self, identity: IdentityId) -> Self {
		self.registrars.push(identity);
		self
	}

	/// The KYC provider: a new claim-issuer identity with primary `wallet`, trusted for KYC,
	/// AML and jurisdiction, and a registrar.
	pub fn kyc_provider(self, wallet: u64) -> Self {
		let id = self.next_identity();
		self.identity(wallet, IdentityKind::ClaimIssuer).trusted_issuer(id, &KYC_CLASSES).registrar(id)
	}

	/// The accreditor: a new claim-issuer identity with primary `wallet`, trusted for the
	/// investor types.
	pub fn accreditor(self, wallet: u64) -> Self {
		let id = self.next_identity();
		self.identity(wallet, IdentityKind::ClaimIssuer).trusted_issuer(id, &INVESTOR_TYPE_CLASSES)
	}

	/// A global claim of `topic` on `subject` by `issuer` (trusted for the topic's class).
	pub fn claim(mut self, subject: IdentityId, topic: ClaimTopic, issuer: IdentityId) -> Self {
		self.claims.push((subject, topic, issuer, ClaimScope::Global));
		self
	}

	/// A token created at genesis (ids from 0 in this order).
	pub fn token(mut self, token: Token) -> Self {
		self.tokens.push(token);
		self
	}

	/// `token`'s compliance rules at genesis.
	pub fn rules(mut self, token: u32, rules: Vec<Rule>) -> Self {
		self.rules.push((token, rules));
		self
	}

	/// The storage of `frame_system` and `pallet_balances` at this genesis.
	pub fn system_and_balances<T>(&self) -> Storage
	where
		T: frame_system::Config<AccountId = u64> + pallet_balances::Config<Balance = u64>,
	{
		let mut storage = frame_system::GenesisConfig::<T>::default().build_storage().expect("system genesis builds");
		pallet_balances::GenesisConfig::<T> { balances: self.balances.clone(), ..Default::default() }
			.assimilate_storage(&mut storage)
			.expect("balances genesis builds");
		storage
	}
}

/// The FRAME part of a mock runtime: `type Block`, and `frame_system` and `pallet_balances`
/// configured from their `TestDefaultConfig` (`u64` accounts and balances; the balances hold
/// the runtime's hold reasons). Expanded in the mock's crate, after its `construct_runtime!`
/// (which names them `System` and `Balances`); `frame_system` and `pallet_balances` must be in
/// scope there.
///
/// `impl_system_and_balances!(Test);`
#[macro_export]
macro_rules! impl_system_and_balances {
	($runtime:ident) => {
		// In a block of its own: `derive_impl` must be in scope where it expands, and its
		// helper items must not meet another expansion's.
		const _: () = {
			use $crate::polkadot_sdk::frame_support::derive_impl;

			#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
			impl frame_system::Config for $runtime {
				type Block = frame_system::mocking::MockBlock<$runtime>;
				type AccountData = pallet_balances::AccountData<u64>;
			}

			#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
			impl pallet_balances::Config for $runtime {
				type AccountStore = System;
			}
		};
	};
}

/// The storage of a mock runtime at a [`Genesis`]: system and balances, then each named STO
/// pallet's genesis (`identity_registry`, `security_token`, `compliance`, in that order, as the
/// runtime builds them). Expanded in the mock's crate, where those pallets resolve.
///
/// `build_storage!(Test, genesis, identity_registry, security_token, compliance)`
#[macro_export]
macro_rules! build_storage {
	($runtime:ty, $genesis:expr $(, $pallet:ident)* $(,)?) => {{
		let genesis = $genesis;
		#[allow(unused_mut)]
		let mut storage = genesis.system_and_balances::<$runtime>();
		$( $crate::build_storage!(@ $pallet, $runtime, genesis, storage); )*
		storage
	}};
	(@ identity_registry, $runtime:ty, $genesis:ident, $storage:ident) => {
		$crate::polkadot_sdk::sp_runtime::BuildStorage::assimilate_storage(
			&pallet_identity_registry::GenesisConfig::<$runtime> {
				identities: $genesis.identities.clone(),
				wallets: $genesis.wallets.clone(),
				trusted_issuers: $genesis.trusted_issuers.clone(),
				registrars: $genesis.registrars.clone(),
				claims: $genesis.claims.clone(),
			},
			&mut $storage,
		)
		.expect("identity registry genesis builds");
	};
	(@ security_token, $runtime:ty, $genesis:ident, $storage:ident) => {
		$crate::polkadot_sdk::sp_runtime::BuildStorage::assimilate_storage(
			&pallet_security_token::GenesisConfig::<$runtime> { tokens: $genesis.tokens.clone() },
			&mut $storage,
		)
		.expect("security token genesis builds");
	};
	(@ compliance, $runtime:ty, $genesis:ident, $storage:ident) => {
		$crate::polkadot_sdk::sp_runtime::BuildStorage::assimilate_storage(
			&pallet_compliance::GenesisConfig::<$runtime> { rules: $genesis.rules.clone() },
			&mut $storage,
		)
		.expect("compliance genesis builds");
	};
}

/// The real identity registry, security token and compliance engine in a mock runtime, wired
/// as the runtime wires them, and what every such mock uses. Expanded in the mock's crate;
/// `construct_runtime!` must name the pallets `Balances`, `Identity`, `Token` and `Compliance`.
///
/// Expands to:
/// - each pallet's `Config`, derived from its `config_preludes::TestDefaultConfig`, with the
///   wiring (`Currency = Balances`, `Time = MockTime`, the registry's `TokenAuthority` and
///   `WalletGuard` = `Token`, the token's `Identity` = `Identity` and `Compliance` =
///   `Compliance`, the compliance pallet's `Identity` and `Tokens`) and the items given in the
///   pallet's braces, each optional (what this mock sets differently from the prelude);
/// - the benchmark helper `$bench` (with `runtime-benchmarks`), implementing the registry's
///   (accounts `1_000 + seed`, `TestSignature`s) and the token's (verified accounts
///   `20_000 + seed`, see [`verified_account`]) helpers; a mock adds its other helpers to it;
/// - `check_sto_invariants()` (the three pallets' `do_try_state`), `identity(account)`,
///   `claim_by(issuer, account, topic, expiry)`, `link_wallet(primary, wallet)` (the wallet signs its consent) and `active_token()` (an active token of `$issuer`, who holds every role, with partitions 0
///   "common" and 1 "restricted").
#[macro_export]
macro_rules! impl_sto_pallets {
	(
		runtime: $runtime:ty,
		issuer: $issuer:expr,
		benchmarks: $bench:ident
		$(, identity_registry: { $($registry:tt)* })?
		$(, security_token: { $($token:tt)* })?
		$(, compliance: { $($compliance:tt)* })?
		$(, compliance_parties: ($sender:expr, $receiver:expr))? $(,)?
	) => {
		// In a block of its own: `derive_impl` must be in scope where it expands, and its
		// helper items must not meet another expansion's.
		const _: () = {
			use $crate::polkadot_sdk::frame_support::derive_impl;

			#[derive_impl(pallet_identity_registry::config_preludes::TestDefaultConfig)]
			impl pallet_identity_registry::Config for $runtime {
				type Currency = Balances;
				type Time = $crate::MockTime;
				type TokenAuthority = Token;
				type WalletGuard = Token;
				#[cfg(feature = "runtime-benchmarks")]
				type BenchmarkHelper = $bench;
				$($($registry)*)?
			}

			#[derive_impl(pallet_security_token::config_preludes::TestDefaultConfig)]
			impl pallet_security_token::Config for $runtime {
				type Currency = Balances;
				type Identity = Identity;
				type Compliance = Compliance;
				type Time = $crate::MockTime;
				#[cfg(feature = "runtime-benchmarks")]
				type BenchmarkHelper = $bench;
				$($($token)*)?
			}

			#[derive_impl(pallet_compliance::config_preludes::TestDefaultConfig)]
			impl pallet_compliance::Config for $runtime {
				type Identity = Identity;
				type Tokens = Token;
				type Time = $crate::MockTime;
				#[cfg(feature = "runtime-benchmarks")]
				type BenchmarkHelper = $bench;
				$($($compliance)*)?
			}
		};

		/// Benchmark set-up on the mock: real identities, claims and tokens.
		#[cfg(feature = "runtime-benchmarks")]
		pub struct $bench;

		#[cfg(feature = "runtime-benchmarks")]
		impl pallet_identity_registry::BenchmarkHelper<u64, $crate::TestSignature> for $bench {
			fn account(seed: u32) -> u64 {
				1_000 + seed as u64
			}
			fn sign(signer: &u64, message: &[u8]) -> $crate::TestSignature {
				$crate::TestSignature(*signer, message.to_vec())
			}
			fn evm_sign(seed: u32, digest: &[u8; 32]) -> $crate::sto_primitives::evm::EvmSignature {
				$crate::evm_sign(seed, digest)
			}
		}

		#[cfg(feature = "runtime-benchmarks")]
		impl pallet_security_token::BenchmarkHelper<u64> for $bench {
			fn verified_account(
				seed: u32,
				identity: Option<$crate::sto_primitives::identity::IdentityId>,
			) -> (u64, $crate::sto_primitives::identity::IdentityId) {
				$crate::verified_account::<Balances>(20_000, seed, identity, Identity::benchmark_verified)
			}
		}

		$(
			/// The compliance benchmarks' token (from another pallet's mock): an active token
			/// of the issuer, the sender holding 1,000 units.
			#[cfg(feature = "runtime-benchmarks")]
			impl pallet_compliance::BenchmarkHelper<u64> for $bench {
				fn token_with_parties(
					_topics: &[$crate::sto_primitives::identity::ClaimTopic],
				) -> pallet_compliance::BenchmarkToken<u64> {
					let token = active_token();
					$crate::polkadot_sdk::frame_support::assert_ok!(Token::issue(
						RuntimeOrigin::signed($issuer),
						token,
						0,
						$sender,
						1_000,
						None
					));
					pallet_compliance::BenchmarkToken { token, manager: $issuer, sender: $sender, receiver: $receiver }
				}

				fn set_time(now: u64) {
					$crate::Now::set(now);
				}
			}
		)?

		/// A wallet (made by `verified`) of a new identity whose position in `token` is one
		/// holding short of `MaxHoldingsPerIdentity`: further wallets of the identity (seeds
		/// from `100_000 + seed × 64`) hold a unit in each partition, issued by the issuer. The
		/// costliest receiver of a movement, for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		#[allow(dead_code)]
		pub fn crowded_wallet(
			token: pallet_security_token::TokenId,
			seed: u32,
			verified: impl Fn(u32, Option<$crate::sto_primitives::identity::IdentityId>) -> (u64, $crate::sto_primitives::identity::IdentityId),
		) -> u64 {
			use $crate::polkadot_sdk::frame_support::traits::Get;
			let (receiver, identity) = verified(seed, None);
			let partitions = pallet_security_token::Tokens::<$runtime>::get(token).map_or(1, |t| t.partitions.len() as u32);
			let full = <$runtime as pallet_security_token::Config>::MaxHoldingsPerIdentity::get();
			let (mut made, mut wallet) = (0u32, 0u32);
			while made + 1 < full {
				wallet += 1;
				let (account, _) = verified(100_000 + seed * 64 + wallet, Some(identity));
				for partition in 0..partitions {
					if made + 1 >= full {
						break;
					}
					$crate::polkadot_sdk::frame_support::assert_ok!(Token::issue(
						RuntimeOrigin::signed($issuer),
						token,
						partition as pallet_security_token::PartitionId,
						account,
						1,
						None
					));
					made += 1;
				}
			}
			receiver
		}

		/// The wired pallets' invariants (`do_try_state`): registry, token, compliance.
		#[allow(dead_code)]
		pub fn check_sto_invariants() {
			Identity::do_try_state().expect("registry invariants hold");
			Token::do_try_state().expect("token invariants hold");
			Compliance::do_try_state().expect("compliance invariants hold");
		}

		/// The identity of `account` (which has one).
		#[allow(dead_code)]
		pub fn identity(account: u64) -> $crate::sto_primitives::identity::IdentityId {
			pallet_identity_registry::IdentityOf::<$runtime>::get(account).expect("account has an identity")
		}

		/// A global claim of `topic` on `account`'s identity by `issuer` (a wallet of an issuer
		/// trusted for the topic), with evidence hash `account` repeated.
		#[allow(dead_code)]
		pub fn claim_by(
			issuer: u64,
			account: u64,
			topic: $crate::sto_primitives::identity::ClaimTopic,
			expiry: Option<u64>,
		) {
			$crate::polkadot_sdk::frame_support::assert_ok!(Identity::add_claim(
				RuntimeOrigin::signed(issuer),
				identity(account),
				topic,
				$crate::sto_primitives::identity::ClaimScope::Global,
				expiry,
				$crate::polkadot_sdk::sp_core::H256::repeat_byte(account as u8),
			));
		}

		/// Link `wallet` to `primary`'s identity (the wallet signs its consent).
		#[allow(dead_code)]
		pub fn link_wallet(primary: u64, wallet: u64) {
			let payload = Identity::consent_payload(
				pallet_identity_registry::ConsentAction::LinkWallet,
				identity(primary),
				wallet,
			);
			let consent = $crate::TestSignature(wallet, $crate::polkadot_sdk::sp_runtime::codec::Encode::encode(&payload));
			$crate::polkadot_sdk::frame_support::assert_ok!(Identity::link_wallet(RuntimeOrigin::signed(primary), wallet, consent));
		}

		/// An active token of the issuer (who holds every role) with partitions 0 "common" and
		/// 1 "restricted" (both transferable).
		#[allow(dead_code)]
		pub fn active_token() -> pallet_security_token::TokenId {
			let token = pallet_security_token::NextTokenId::<$runtime>::get();
			let rights = pallet_security_token::PartitionRights { voting: true, dividends: true, transferable: true };
			let symbol = format!("GAR{token}");
			$crate::polkadot_sdk::frame_support::assert_ok!(Token::create_token(
				RuntimeOrigin::signed($issuer),
				pallet_security_token::TokenTerms {
					symbol: $crate::bounded(symbol.as_bytes()),
					name: $crate::bounded(b"Garage"),
					decimals: 0,
					granularity: 1,
					instrument: pallet_security_token::InstrumentType::RealEstate,
					underlying: pallet_security_token::Underlying {
						numerator: 1,
						denominator: 1,
						unit: $crate::polkadot_sdk::sp_core::H256::repeat_byte(9),
					},
					identifiers: Default::default(),
					supply_cap: None,
					controllable: true,
					default_partition: $crate::bounded(b"common"),
					rights,
				},
			));
			$crate::polkadot_sdk::frame_support::assert_ok!(Token::add_partition(
				RuntimeOrigin::signed($issuer),
				token,
				$crate::bounded(b"restricted"),
				rights,
			));
			$crate::polkadot_sdk::frame_support::assert_ok!(Token::set_status(
				RuntimeOrigin::signed($issuer),
				token,
				pallet_security_token::TokenStatus::Active,
			));
			token
		}
	};
}

/// Implements `pallet_assets::Config` for a mock runtime's cash assets: `u128` balances, the
/// native `Balances` for deposits, any signed account creates an asset, root forces. With
/// `holder: AssetsHolder`, holds on assets go through pallet-assets-holder (whose `Config` it
/// implements too). Expands in the mock's crate, which names `Balances` (and the holder) in its
/// `construct_runtime!` and has polkadot-sdk's `pallet-assets` (and `pallet-assets-holder`).
#[macro_export]
macro_rules! impl_cash_assets {
	(runtime: $runtime:ty $(,)?) => {
		$crate::impl_cash_assets!(@assets $runtime, {});
	};
	(runtime: $runtime:ty, holder: $holder:ident $(,)?) => {
		$crate::impl_cash_assets!(@assets $runtime, { type Holder = $holder; });
		impl polkadot_sdk::pallet_assets_holder::Config for $runtime {
			type RuntimeHoldReason = RuntimeHoldReason;
			type RuntimeEvent = RuntimeEvent;
		}
	};
	(@assets $runtime:ty, { $($holder:tt)* }) => {
		// In a block of its own, as `impl_sto_pallets!`.
		const _: () = {
			use polkadot_sdk::{frame_support::derive_impl, pallet_assets};

			#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
			impl pallet_assets::Config for $runtime {
				type Balance = u128;
				type Currency = Balances;
				type CreateOrigin = polkadot_sdk::frame_support::traits::AsEnsureOriginWithArg<
					polkadot_sdk::frame_system::EnsureSigned<u64>,
				>;
				type ForceOrigin = polkadot_sdk::frame_system::EnsureRoot<u64>;
				$($holder)*
			}
		};
	};
}

/// Genesis of one cash asset for a mock: `asset` (minimum balance 1, owned by `owner`) with
/// `accounts`' balances, added to `storage`.
#[macro_export]
macro_rules! cash_genesis {
	($runtime:ty, $storage:expr, asset: $asset:expr, owner: $owner:expr, accounts: $accounts:expr $(,)?) => {
		polkadot_sdk::sp_runtime::BuildStorage::assimilate_storage(
			&polkadot_sdk::pallet_assets::GenesisConfig::<$runtime> {
				assets: vec![($asset, $owner, true, 1)],
				metadata: vec![],
				accounts: $accounts,
				next_asset_id: None,
				reserves: vec![],
			},
			$storage,
		)
		.expect("assets genesis builds")
	};
}
