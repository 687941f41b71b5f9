# Sourced by the other scripts: where the build goes and which wasm toolchain builds the runtime.
# shellcheck shell=bash
STO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export STO_ROOT
export STO_CACHE="${STO_CACHE:-$HOME/.cache/sto-chain}"
# The target directory lives outside the clone, so a fresh clone (CI) builds warm.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$STO_CACHE/target}"
export STO_NODE_BIN="$CARGO_TARGET_DIR/release/sto-node"
if [ -f "$STO_CACHE/env" ]; then
	# shellcheck disable=SC1091
	. "$STO_CACHE/env"
fi
export WASM_BUILD_WORKSPACE_HINT="$STO_ROOT"
