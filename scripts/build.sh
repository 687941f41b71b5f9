#!/usr/bin/env bash
# Set up the toolchain (idempotent) and build sto-node in release mode.
# Usage: scripts/build.sh [extra cargo args, e.g. --features runtime-benchmarks]
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$STO_ROOT/scripts/setup.sh"
# shellcheck disable=SC1091
. "$STO_CACHE/env"
cd "$STO_ROOT"
cargo build --locked --release -p sto-node "$@"
