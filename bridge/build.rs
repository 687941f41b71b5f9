//! The contract bindings (`alloy::sol!` in src/contracts.rs) are generated from the ABI the
//! Solidity sources compile to: compile them here whenever a source changes, so the relayer
//! never binds an ABI other than the contracts'. Needs Node.js and contracts/node_modules
//! (scripts/setup.sh installs both).
//!
//! The artifacts go to `OUT_DIR`, not into the checkout: a fresh clone (CI's) whose build is
//! found fresh in a shared target directory still has them, and `sol!` reads them from there
//! through `$OUT_DIR/contracts.rs`, which this script writes.
use std::{
	path::{Path, PathBuf},
	process::Command,
};

/// The contracts the relayer binds (`contracts/src/*.sol`).
const CONTRACTS: [&str; 4] = ["BridgeGateway", "CommitteeVerifier", "WrappedSecurityToken", "AllowList"];

fn main() {
	// Read when the script runs, not baked in when it is compiled: a target directory shared by
	// two checkouts (CI's clone beside a working copy) reuses the compiled script, and a baked
	// path would compile the other checkout's contracts.
	let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR for build scripts");
	let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts"));
	let contracts = Path::new(&manifest).join("../contracts");
	println!("cargo:rerun-if-changed={}", contracts.join("src").display());
	println!("cargo:rerun-if-changed={}", contracts.join("build.mjs").display());
	println!("cargo:rerun-if-changed={}", contracts.join("package-lock.json").display());
	if !contracts.join("node_modules/solc").is_dir() {
		panic!("contracts/node_modules is missing: run scripts/setup.sh (it installs solc and OpenZeppelin from npm)");
	}
	let artifacts = out_dir.join("contracts");
	let status = Command::new("node")
		.arg(contracts.join("build.mjs"))
		.arg(&artifacts)
		.status()
		.unwrap_or_else(|e| panic!("run node (Node.js) on contracts/build.mjs: {e}; scripts/setup.sh installs it"));
	if !status.success() {
		panic!("compiling the contracts failed (solc's messages above)");
	}
	let mut bindings = String::from("// Written by sto-bridge's build.rs: one `sol!` per contract, from its artifact.\n");
	for name in CONTRACTS {
		let artifact = artifacts.join(format!("{name}.json"));
		if !artifact.is_file() {
			panic!("contracts/build.mjs wrote no {}: is {name} still in contracts/src?", artifact.display());
		}
		let path = artifact.to_str().expect("OUT_DIR is valid UTF-8 (cargo requires it)");
		bindings.push_str(&format!("alloy::sol!(\n\t#[sol(rpc)]\n\t#[derive(Debug)]\n\t{name},\n\t{path:?}\n);\n"));
	}
	std::fs::write(out_dir.join("contracts.rs"), bindings).expect("write $OUT_DIR/contracts.rs");
}
