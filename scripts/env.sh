# Sourced by the other scripts: where the build goes and which wasm toolchain builds the runtime.
# shellcheck shell=bash
STO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export STO_ROOT
export STO_CACHE="${STO_CACHE:-$HOME/.cache/sto-chain}"
# The target directory lives outside the clone, so a fresh clone (CI) builds warm (with the
# file times scripts/build.sh restores).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$STO_CACHE/target}"
export STO_NODE_BIN="$CARGO_TARGET_DIR/release/sto-node"
# The file times of the checkout that last built into the target directory (scripts/mtimes.py).
export STO_MTIMES="$CARGO_TARGET_DIR/sto-mtimes.tsv"
if [ -f "$STO_CACHE/env" ]; then
	# shellcheck disable=SC1091
	. "$STO_CACHE/env"
fi
export WASM_BUILD_WORKSPACE_HINT="$STO_ROOT"
# litep2p's WebRTC (str0m) asks for a vendored OpenSSL, which would compile OpenSSL's C sources
# in every cold build (minutes of both cores): link the system's libssl instead (libssl-dev,
# installed by scripts/setup.sh; the node then needs libssl3 at run time, as most Linux
# programs do).
export OPENSSL_NO_VENDOR=1
