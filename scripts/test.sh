#!/usr/bin/env bash
# README command 2 (and CI's, through .ci/run): set up, build, and run every test.
#
#  1. builds sto-node (release), the binary the end-to-end tests start;
#  2. runs the workspace's tests in the same profile with cargo-nextest: pallet unit tests,
#     runtime tests (presets, block build + import), end-to-end tests (real nodes on loopback
#     over RPC), three end-to-end tests at a time (.config/nextest.toml);
#  3. runs every pallet's benchmarks once as tests (runtime-benchmarks feature), so a
#     benchmark that no longer runs fails here, and checks the runtime's benchmark helpers.
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
start=$(date +%s)
step() { printf '\n[test] %s (%ss)\n' "$*" "$(( $(date +%s) - start ))" >&2; }

step "build sto-node"
"$STO_ROOT/scripts/build.sh"
# The test build reuses the build's artifacts only while both resolve the same features.
"$STO_ROOT/scripts/check-features.sh"
# shellcheck disable=SC1091
. "$STO_CACHE/env"
cd "$STO_ROOT"

step "workspace tests (unit, runtime, end-to-end)"
# Every test's output is kept and shown when it fails (with --no-capture nextest would run one
# test at a time).
cargo nextest run --locked --release --workspace --no-fail-fast
# nextest does not run doctests: the documentation's code examples still compile.
cargo test --locked --release --workspace --doc

step "pallet benchmarks as tests, and the runtime's benchmark helpers"
pallets=()
for manifest in pallets/*/Cargo.toml; do
	pallets+=(-p "$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -n1)")
done
# Native code only: sto-runtime has no wasm builder (its blob is sto-runtime-wasm's), so this
# feature set compiles neither a second wasm runtime nor the wasm builder and binaryen's C++.
cargo test --locked --release --features runtime-benchmarks "${pallets[@]}" -p sto-runtime -- benchmark

step "all tests passed"
