#!/usr/bin/env bash
# Idempotent set-up for building and running sto-node.
#
# * installs the Debian packages the build and the tests need (protoc for litep2p, clang for
#   bindgen, libssl-dev for the system OpenSSL, PostgreSQL and Chromium for the indexer's and
#   the onboarding page's tests);
# * makes the `wasm32v1-none` runtime build work:
#     1. the target is already installed for the active rustup toolchain -> nothing to do;
#     2. `rustup target add wasm32v1-none` works (a machine with internet) -> done;
#     3. otherwise (offline machines): Debian's rustc-web 1.96 + its std sources, `core`/`alloc`
#        built once for wasm32v1-none into the distro sysroot, linked into rustup as the toolchain
#        `sto-wasm` that substrate-wasm-builder uses through WASM_BUILD_TOOLCHAIN.
#
# * installs cargo-nextest (pinned, from crates.io, once, unless the machine has a recent one), the runner of scripts/test.sh: it
#   runs the end-to-end test binaries side by side (.config/nextest.toml).
# * installs the npm packages of the JavaScript client examples (clients/js) and of the bridge's
#   contracts (contracts: solc, OpenZeppelin, viem, anvil), each pinned by its package-lock.json
#   (Node.js and npm from Debian when the machine has none): the test command runs them
#   (docs/CLIENTS.md, docs/BRIDGE.md).
#
# Running it twice does nothing the second time. It writes the environment the build needs to
# "$STO_CACHE/env" (sourced by scripts/env.sh). STO_WASM_FALLBACK=1 skips steps 1-2 (to use or
# test the offline path on a machine where rustup could download).
#
# Verified facts behind step 3: ../shared/design/TOOLCHAIN.md, docs/BUILD.md.
set -euo pipefail

STO_CACHE="${STO_CACHE:-$HOME/.cache/sto-chain}"
WASM_TOOLCHAIN_NAME="sto-wasm"
mkdir -p "$STO_CACHE"
ENV_FILE="$STO_CACHE/env"

log() { printf '[setup] %s\n' "$*" >&2; }

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

have_deb() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

APT_UPDATED=0
apt_install() {
	local missing=()
	for p in "$@"; do have_deb "$p" || missing+=("$p"); done
	[ ${#missing[@]} -eq 0 ] && return 0
	if ! command -v apt-get >/dev/null 2>&1; then
		log "missing packages ${missing[*]} and no apt-get: install their equivalents by hand"
		return 1
	fi
	if [ "$APT_UPDATED" -eq 0 ]; then
		log "apt-get update"
		$SUDO apt-get update -qq
		APT_UPDATED=1
	fi
	log "apt-get install ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --- 1. build dependencies ---------------------------------------------------------------
if command -v dpkg-query >/dev/null 2>&1; then
	apt_install protobuf-compiler clang libclang-dev make git ca-certificates curl
	# scripts/metadata.sh reads the node's answer with jq and python3.
	apt_install jq python3
	# The system OpenSSL the node links (scripts/env.sh: OPENSSL_NO_VENDOR).
	apt_install libssl-dev pkg-config
	# The cap-table indexer's PostgreSQL tests start a throwaway cluster of their own (initdb and
	# postgres from this package, run as an unprivileged user): no service is enabled here.
	apt_install postgresql
	# The indexer's web page is checked in a real headless browser.
	apt_install chromium
else
	command -v protoc >/dev/null || { log "protoc not found: install protobuf-compiler"; exit 1; }
fi

# --- 2. wasm32v1-none target ---------------------------------------------------------------
wasm_env=""
if [ "${STO_WASM_FALLBACK:-0}" != 1 ] && rustup target list --installed 2>/dev/null | grep -qx wasm32v1-none; then
	log "wasm32v1-none already installed for the default rustup toolchain"
elif [ "${STO_WASM_FALLBACK:-0}" != 1 ] && rustup target add wasm32v1-none >/dev/null 2>&1; then
	log "installed wasm32v1-none with rustup"
else
	log "rustup cannot add wasm32v1-none here: using Debian's Rust with std sources"
	apt_install rustc-web cargo-web rust-web-src lld-22
	SYSROOT="$(/usr/bin/rustc --print sysroot)"
	HOST_BIN="$SYSROOT/lib/rustlib/x86_64-unknown-linux-gnu/bin"
	if [ ! -e "$HOST_BIN/rust-lld" ]; then
		log "linking $HOST_BIN/rust-lld -> /usr/lib/llvm-22/bin/lld"
		$SUDO mkdir -p "$HOST_BIN"
		$SUDO ln -sf /usr/lib/llvm-22/bin/lld "$HOST_BIN/rust-lld"
	fi
	WASM_LIB="$SYSROOT/lib/rustlib/wasm32v1-none/lib"
	if ! ls "$WASM_LIB"/libcore-*.rlib >/dev/null 2>&1; then
		log "building core, alloc and compiler_builtins for wasm32v1-none (once)"
		scratch="$STO_CACHE/wasm-std-build"
		rm -rf "$scratch"
		mkdir -p "$scratch/src"
		cat >"$scratch/Cargo.toml" <<'TOML'
[package]
name = "wasm-std-build"
version = "0.0.0"
edition = "2021"
[lib]
crate-type = ["rlib"]
[profile.release]
panic = "abort"
[workspace]
TOML
		cat >"$scratch/src/lib.rs" <<'RS'
#![no_std]
extern crate alloc;
pub fn boxed(x: u32) -> alloc::boxed::Box<u32> { alloc::boxed::Box::new(x) }
RS
		(cd "$scratch" && env -u CARGO_TARGET_DIR RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
			RUSTFLAGS=-Cembed-bitcode=yes /usr/bin/cargo build -q --release \
			--target wasm32v1-none -Zbuild-std=core,alloc)
		$SUDO mkdir -p "$WASM_LIB"
		for l in core alloc compiler_builtins; do
			$SUDO cp "$scratch"/target/wasm32v1-none/release/deps/lib"$l"-*.rlib "$WASM_LIB/"
		done
		rm -rf "$scratch"
	fi
	if ! rustup toolchain list | grep -q "^$WASM_TOOLCHAIN_NAME"; then
		log "rustup toolchain link $WASM_TOOLCHAIN_NAME /usr"
		rustup toolchain link "$WASM_TOOLCHAIN_NAME" /usr
	fi
	wasm_env="export WASM_BUILD_TOOLCHAIN=$WASM_TOOLCHAIN_NAME"
	# The check substrate-wasm-builder makes: a no_std crate builds for wasm32v1-none.
	probe="$STO_CACHE/wasm-probe"
	if [ ! -f "$probe/ok" ]; then
		mkdir -p "$probe/src"
		printf '[package]\nname = "wasm-probe"\nversion = "0.0.0"\nedition = "2021"\n[lib]\ncrate-type = ["cdylib"]\n[profile.release]\npanic = "abort"\n[workspace]\n' >"$probe/Cargo.toml"
		printf '#![no_std]\n#[panic_handler]\nfn panic(_: &core::panic::PanicInfo) -> ! { loop {} }\n#[no_mangle]\npub extern "C" fn sum(a: u32, b: u32) -> u32 { a.wrapping_add(b) }\n' >"$probe/src/lib.rs"
		(cd "$probe" && env -u CARGO_TARGET_DIR rustup run "$WASM_TOOLCHAIN_NAME" cargo build -q --release --target wasm32v1-none)
		touch "$probe/ok"
		log "wasm32v1-none builds with toolchain $WASM_TOOLCHAIN_NAME"
	fi
fi

# --- 3. cargo-nextest ------------------------------------------------------------------------
# The machine image may already carry a recent cargo-nextest: any version from the minimum
# .config/nextest.toml requires is used as it is; only an older or missing one is built.
NEXTEST_MIN="0.9.100"
NEXTEST_VERSION="0.9.151"
nextest_installed="$(cargo nextest --version 2>/dev/null | sed -n 's/^cargo-nextest \([0-9.]*\).*/\1/p' | head -n1)"
if [ -z "$nextest_installed" ] || [ "$(printf '%s\n%s\n' "$NEXTEST_MIN" "$nextest_installed" | sort -V | head -n1)" != "$NEXTEST_MIN" ]; then
	log "cargo install cargo-nextest $NEXTEST_VERSION (once, a few minutes)"
	# Its own build directory: not the workspace's target, not left behind.
	nextest_build="$(mktemp -d)"
	CARGO_TARGET_DIR="$nextest_build" cargo install --quiet --locked cargo-nextest --version "$NEXTEST_VERSION"
	rm -rf "$nextest_build"
fi

# --- 4. npm packages: the JavaScript client examples, the bridge's contracts -----------------
# clients/js: @polkadot/api for the client examples the test command runs (docs/CLIENTS.md);
# contracts: solc, OpenZeppelin, viem and anvil for the bridge's EVM contracts, their tests and
# the bridge's end-to-end test (docs/BRIDGE.md). Each pinned by its package-lock.json.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || apt_install nodejs npm
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
for js_dir in "$root_dir/clients/js" "$root_dir/contracts"; do
	js_stamp="$js_dir/node_modules/.sto-lock-sha256"
	js_lock="$(sha256sum "$js_dir/package-lock.json" | cut -d' ' -f1)"
	if [ ! -f "$js_stamp" ] || [ "$(cat "$js_stamp")" != "$js_lock" ]; then
		log "npm ci in ${js_dir#"$root_dir"/} (the packages its package-lock.json pins)"
		(cd "$js_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
		printf '%s\n' "$js_lock" >"$js_stamp"
	fi
done

new_env="# written by scripts/setup.sh${wasm_env:+
$wasm_env}"
if [ ! -f "$ENV_FILE" ] || [ "$(cat "$ENV_FILE")" != "$new_env" ]; then
	printf '%s\n' "$new_env" >"$ENV_FILE"
	log "wrote $ENV_FILE"
fi
log "ready"
