//! Builds the upgrade test's runtime as wasm (`WASM_BINARY`): sto-runtime with `upgrade-test`.
//!
//! Its wasm project is its own (`wbuild/sto-runtime-upgrade-test`), but its target directory
//! is the node runtime's (`wbuild/sto-runtime-wasm/target`, through a symbolic link): the
//! polkadot-sdk crates are compiled for wasm once, and this build compiles only sto-runtime
//! with `upgrade-test` (and this crate). The node's runtime is built first: this crate depends
//! on sto-runtime-wasm, whose `links` key makes cargo run that build script before this one, so
//! the two never wait on each other's target directory lock.

#[cfg(feature = "std")]
fn main() {
	share_target_directory();
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

#[cfg(not(feature = "std"))]
fn main() {}

/// Point `wbuild/sto-runtime-upgrade-test/target` at `wbuild/sto-runtime-wasm/target`. The
/// wasm builder derives `wbuild` from `OUT_DIR` the same way (the parent of the `build`
/// directory above it).
#[cfg(feature = "std")]
fn share_target_directory() {
	use std::{fs, path::PathBuf};
	let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts"));
	let Some(root) = out_dir.ancestors().find(|dir| dir.ends_with("build")).and_then(|build| build.parent()) else {
		return;
	};
	let wbuild = root.join("wbuild");
	let shared = wbuild.join("sto-runtime-wasm").join("target");
	let own = wbuild.join("sto-runtime-upgrade-test").join("target");
	if fs::read_link(&own).is_ok_and(|target| target == shared) {
		return;
	}
	fs::create_dir_all(&shared).expect("create the node runtime's wasm target directory");
	fs::create_dir_all(wbuild.join("sto-runtime-upgrade-test")).expect("create the wasm project directory");
	// A target directory of its own from an earlier build: its compiled SDK is not needed.
	if own.is_symlink() || own.is_file() {
		fs::remove_file(&own).expect("remove the old link");
	} else if own.is_dir() {
		fs::remove_dir_all(&own).expect("remove the old target directory");
	}
	std::os::unix::fs::symlink(&shared, &own).expect("link the wasm target directory");
}
