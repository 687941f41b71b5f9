//! # STO primitives
//!
//! Types every part of the appchain agrees on: the runtime, its pallets, the node and the
//! clients. This crate has no storage and builds for `no_std`; traits that couple pallets
//! (identity, token inspection, compliance, settlement, checkpoints, offerings) live here as they are introduced, so
//! pallets never reach into each other's storage.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod bridge;
pub mod checkpoint;
pub mod compliance;
pub mod evm;
pub mod identity;
pub mod migrations;
pub mod offering;
pub mod refusal;
pub mod settlement;
pub mod token;

use polkadot_sdk::{
	sp_core::H256,
	sp_runtime::{
		traits::{IdentifyAccount, Verify},
		MultiSignature,
	},
};

/// Block number: `u32` lasts for more than 800 years of 6-second blocks.
pub type BlockNumber = u32;

/// The signature scheme of transactions: sr25519, ed25519 or ecdsa, chosen by the signer.
pub type Signature = MultiSignature;

/// An account on chain: the public key of the signature scheme (32 bytes).
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// Balance of the fee token and of pallet-assets cash assets.
pub type Balance = u128;

/// Index of a transaction of an account.
pub type Nonce = u32;

/// Hash of a block, of a document or of off-chain evidence.
pub type Hash = H256;

/// The chain's time: milliseconds since the Unix epoch (pallet-timestamp's moment).
///
/// The one time type of the STO pallets: each takes `Config::Time: Time<Moment = Moment>`, so
/// claim expiries, lock-up releases, mandate expiries and compliance windows are all this
/// type. Not generic over the moment: the chain has one clock (pallet-timestamp), the stored
/// records and the client-facing types (reports, previews, events) would otherwise each carry
/// a type parameter that only ever stands for `u64`, and the pallets that store times
/// (compliance, custody) already needed a concrete type for their records.
pub type Moment = u64;

/// Smallest unit of the fee token: the token has 12 decimals.
pub const UNIT: Balance = 1_000_000_000_000;
/// A thousandth of a [`UNIT`].
pub const MILLI_UNIT: Balance = UNIT / 1_000;
/// A millionth of a [`UNIT`].
pub const MICRO_UNIT: Balance = UNIT / 1_000_000;

/// Target time between blocks. Aura's slot is this long; GRANDPA finalizes a few blocks behind.
pub const MILLISECS_PER_BLOCK: u64 = 6_000;
/// Blocks per minute at the target block time.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
/// Blocks per hour at the target block time.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day at the target block time.
pub const DAYS: BlockNumber = HOURS * 24;
