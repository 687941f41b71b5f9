//! The runtime upgrade end-to-end test's runtime (tests/tests/upgrade.rs): the wasm blob of
//! sto-runtime built with its `upgrade-test` feature, one spec version above the node's runtime
//! and carrying custody's storage migration to version 2. Natively this crate is only
//! [`WASM_BINARY`].
#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(target_arch = "wasm32")]
pub use sto_runtime::*;

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));
