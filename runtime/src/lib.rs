//! # STO runtime
//!
//! The state transition function of the STO appchain: a permissioned (consortium) chain for
//! regulated security tokens.
//!
//! - Consensus: Aura block production and GRANDPA finality by the consortium's validators,
//!   managed through `pallet-session` and [`pallet_validator_set`] (governance adds and removes
//!   validators while the chain runs).
//! - Governance: the consortium council (`pallet-collective`); `sudo` only on development chains
//!   (the `consortium` preset has no sudo key).
//! - Money: `pallet-balances` is the fee token; `pallet-assets` holds cash and stablecoin assets
//!   used for delivery-versus-payment settlement and distributions.
//! - Convenience: `utility` (batches), `multisig`, `proxy`.
//!
//! Layout (the solochain template's rooms): `configs/` pallet configurations, `apis.rs` runtime
//! APIs, `genesis_config_presets.rs` the `development`, `local_testnet` and `consortium`
//! presets, `benchmarks.rs` the benchmark list and helpers. The tests are integration tests
//! (`tests/runtime/`: presets, blocks, the pool's checks, fees, migrations) that use this crate
//! as `sto_runtime`, so the lib has no `cfg(test)` code and no unit-test target (`test = false`).
#![cfg_attr(not(feature = "std"), no_std)]
#![recursion_limit = "256"]

extern crate alloc;

pub mod apis;
// Public for the runtime's tests of the benchmark helpers (tests/runtime/), not an interface.
#[cfg(feature = "runtime-benchmarks")]
#[doc(hidden)]
pub mod benchmarks;
pub mod compliance_extension;
pub mod configs;
pub mod genesis_config_presets;
pub mod migrations;

use alloc::{borrow::Cow, vec::Vec};
use polkadot_sdk::{
	frame_support, frame_system, pallet_assets, pallet_assets_holder, pallet_aura, pallet_balances, pallet_collective,
	pallet_grandpa, pallet_multisig, pallet_preimage, pallet_proxy, pallet_session, pallet_sudo,
	pallet_timestamp, pallet_transaction_payment, pallet_utility, pallet_whitelist,
	sp_runtime::{generic, impl_opaque_keys, traits::BlakeTwo256, MultiAddress},
	sp_version::RuntimeVersion,
	*,
};

pub use sto_primitives::{
	AccountId, Balance, BlockNumber, Hash, Moment, Nonce, Signature, DAYS, HOURS,
	MICRO_UNIT, MILLISECS_PER_BLOCK, MILLI_UNIT, MINUTES, UNIT,
};

/// Opaque types the node uses without knowing the runtime's call types.
pub mod opaque {
	use super::*;
	pub use polkadot_sdk::sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as polkadot_sdk::sp_runtime::traits::Hash>::Output;
}

impl_opaque_keys! {
	/// The keys a validator's node holds: Aura to author blocks, GRANDPA to vote on finality.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// The runtime's version. Bump `spec_version` with every runtime upgrade and
/// `transaction_version` when the encoding of calls or transaction extensions changes.
#[cfg(not(feature = "upgrade-test"))]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("sto-runtime"),
	impl_name: Cow::Borrowed("sto-runtime"),
	authoring_version: 1,
	spec_version: 116,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 5,
	system_version: 1,
};

/// The upgrade test's runtime (`upgrade-test` feature, built only for cli/tests/e2e/upgrade.rs):
/// this release with the next spec version and one more storage migration
/// ([`migrations::Migrations`]).
#[cfg(feature = "upgrade-test")]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("sto-runtime"),
	impl_name: Cow::Borrowed("sto-runtime"),
	authoring_version: 1,
	spec_version: 117,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 5,
	system_version: 1,
};

/// Aura's slot: one block per slot.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;

/// The existential deposit of the fee token.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;

/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The transaction extensions: checks every signed transaction passes before dispatch.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	compliance_extension::RefuseNonCompliant,
	frame_system::WeightReclaim<Runtime>,
);

/// The extensions of a signed transaction at `nonce`, valid during `era` (a mortal era names
/// the block it was created at), paying `tip` on top of the fee. The metadata hash is not
/// checked (`CheckMetadataHash` in its disabled mode).
pub fn tx_extension(nonce: Nonce, era: generic::Era, tip: Balance) -> TxExtension {
	(
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(era),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(tip),
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
		compliance_extension::RefuseNonCompliant,
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;


/// Executive: dispatches blocks and transactions to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	migrations::Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(3)]
	pub type TransactionPayment = pallet_transaction_payment;

	// The validator set comes before the session pallet: its genesis set seeds the first
	// session, and the session pallet rotates (in `on_initialize`) before Aura reads its
	// authorities.
	#[runtime::pallet_index(4)]
	pub type ValidatorSet = pallet_validator_set;

	#[runtime::pallet_index(5)]
	pub type Session = pallet_session;

	#[runtime::pallet_index(6)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(7)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(8)]
	pub type Council = pallet_collective<Instance1>;

	#[runtime::pallet_index(9)]
	pub type Utility = pallet_utility;

	#[runtime::pallet_index(10)]
	pub type Multisig = pallet_multisig;

	#[runtime::pallet_index(11)]
	pub type Proxy = pallet_proxy;

	#[runtime::pallet_index(12)]
	pub type Assets = pallet_assets;

	#[runtime::pallet_index(13)]
	pub type Sudo = pallet_sudo;

	#[runtime::pallet_index(14)]
	pub type Preimage = pallet_preimage;

	#[runtime::pallet_index(15)]
	pub type Whitelist = pallet_whitelist;

	// Holds on cash assets (distribution funds, subscriptions), for pallet-assets.
	#[runtime::pallet_index(16)]
	pub type AssetsHolder = pallet_assets_holder;

	// --- Security-token capabilities (20..) ---
	#[runtime::pallet_index(20)]
	pub type IdentityRegistry = pallet_identity_registry;

	#[runtime::pallet_index(21)]
	pub type SecurityToken = pallet_security_token;

	#[runtime::pallet_index(22)]
	pub type Compliance = pallet_compliance;

	#[runtime::pallet_index(23)]
	pub type Custody = pallet_custody;

	#[runtime::pallet_index(24)]
	pub type CorporateActions = pallet_corporate_actions;

	#[runtime::pallet_index(25)]
	pub type Offering = pallet_offering;

	#[runtime::pallet_index(26)]
	pub type EvmBridge = pallet_evm_bridge;
}
