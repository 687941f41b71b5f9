#!/usr/bin/env bash
# Set up the toolchain (idempotent) and build the workspace (sto-node and the test harness) in
# release mode. The whole workspace is built, not only sto-node, so that cargo resolves the same
# features as `cargo test --workspace` and the tests reuse the node's artifacts (docs/BUILD.md).
# Usage: scripts/build.sh [extra cargo args]
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$STO_ROOT/scripts/setup.sh"
# shellcheck disable=SC1091
. "$STO_CACHE/env"
cd "$STO_ROOT"
# A fresh clone's files are all newer than the target directory's builds: give the unchanged
# ones the times they had when the target was last built (scripts/mtimes.py, docs/BUILD.md), and
# record this checkout's times once the build is done, also when it fails.
python3 scripts/mtimes.py restore "$STO_ROOT" "$STO_MTIMES" "$CARGO_TARGET_DIR"
trap 'python3 "$STO_ROOT/scripts/mtimes.py" record "$STO_ROOT" "$STO_MTIMES"' EXIT
cargo build --locked --release --workspace "$@"
