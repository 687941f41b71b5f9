#!/usr/bin/env bash
# Check this checkout's runtime upgrade against a live chain's state (docs/CONSORTIUM.md,
# "Checking an upgrade"): the migrations and every pallet's invariants run on a downloaded copy
# of the state, with the runtime's try-runtime feature. Nothing is written to the chain.
#
# Usage: scripts/try-upgrade.sh <ws://host:port> [--upgrade-test]
#   --upgrade-test  check the upgrade test's runtime (next spec version, custody v2)
# Builds tools/try-upgrade in its own target directory ($STO_CACHE/try-upgrade-target): the
# runtime and the SDK with try-runtime, never mixed into the node's build.
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
uri=${1:?usage: scripts/try-upgrade.sh <ws://host:port> [--upgrade-test]}
features=()
if [ "${2:-}" = "--upgrade-test" ]; then
	features=(--features upgrade-test)
fi
export CARGO_TARGET_DIR="$STO_CACHE/try-upgrade-target"
# Native execution only: no wasm build.
SKIP_WASM_BUILD=1 cargo run --release --manifest-path "$STO_ROOT/tools/try-upgrade/Cargo.toml" "${features[@]}" -- "$uri"
