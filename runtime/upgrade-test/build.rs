//! Builds the upgrade test's runtime as wasm (`WASM_BINARY`): sto-runtime with `upgrade-test`.
//! Its wasm project is its own (`wbuild/sto-runtime-upgrade-test`), beside the node's runtime.

#[cfg(feature = "std")]
fn main() {
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

#[cfg(not(feature = "std"))]
fn main() {}
