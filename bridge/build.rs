//! The contract bindings (`alloy::sol!` in src/contracts.rs) are generated from the ABI the
//! Solidity sources compile to: compile them here whenever a source changes, so the relayer
//! never binds an ABI other than the contracts'. Needs Node.js and contracts/node_modules
//! (scripts/setup.sh installs both).
use std::{path::Path, process::Command};

fn main() {
	// Read when the script runs, not baked in when it is compiled: a target directory shared by
	// two checkouts (CI's clone beside a working copy) reuses the compiled script, and a baked
	// path would compile the other checkout's contracts.
	let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR for build scripts");
	let contracts = Path::new(&manifest).join("../contracts");
	println!("cargo:rerun-if-changed={}", contracts.join("src").display());
	println!("cargo:rerun-if-changed={}", contracts.join("build.mjs").display());
	println!("cargo:rerun-if-changed={}", contracts.join("package-lock.json").display());
	if !contracts.join("node_modules/solc").is_dir() {
		panic!("contracts/node_modules is missing: run scripts/setup.sh (it installs solc and OpenZeppelin from npm)");
	}
	let status = Command::new("node")
		.arg(contracts.join("build.mjs"))
		.status()
		.unwrap_or_else(|e| panic!("run node (Node.js) on contracts/build.mjs: {e}; scripts/setup.sh installs it"));
	if !status.success() {
		panic!("compiling the contracts failed (solc's messages above)");
	}
}
