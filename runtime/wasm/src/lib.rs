//! The node's runtime as wasm: the blob of sto-runtime that the node embeds and the chain specs
//! carry ([`WASM_BINARY`]). Natively this crate is only that blob, so sto-runtime's native
//! builds (its tests, the fuzzer, the benchmarks as tests) never compile the wasm builder and
//! binaryen; the wasm build (`wbuild/sto-runtime-wasm`) compiles sto-runtime for `wasm32`.
#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(target_arch = "wasm32")]
pub use sto_runtime::*;

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));
