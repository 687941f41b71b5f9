//! Builds the node's runtime as wasm (`WASM_BINARY`): sto-runtime with this crate's features.
//! The wasm toolchain set-up is in scripts/setup.sh; SKIP_WASM_BUILD=1 skips it.

#[cfg(feature = "std")]
fn main() {
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

#[cfg(not(feature = "std"))]
fn main() {}
