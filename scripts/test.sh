#!/usr/bin/env bash
# README command 2 (and CI's, through .ci/run): set up, build, and run every test.
#
#  1. builds sto-node (release), the binary the end-to-end tests start, and the workspace's test
#     binaries in the same profile (one cargo invocation);
#  2. runs them with cargo-nextest:
#     pallet unit tests, runtime tests (presets, block build + import), end-to-end tests (real
#     nodes on loopback over RPC), three end-to-end tests at a time (.config/nextest.toml);
#     The bridge's EVM contracts' unit tests (node:test on a throwaway anvil) run first.
#  3. runs every pallet's benchmarks once as tests (runtime-benchmarks feature), so a
#     benchmark that no longer runs fails here, and checks the runtime's benchmark helpers.
#     Their build (another feature set: FRAME compiled again) starts at nice 19 as soon as the
#     test binaries are built, and runs while the end-to-end tests wait for blocks.
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
start=$(date +%s)
step() { printf '\n[test] %s (%ss)\n' "$*" "$(( $(date +%s) - start ))" >&2; }

step "the build scripts' own tests (scripts/mtimes.py against real cargo builds)"
if ! tools_tests=$(python3 "$STO_ROOT/scripts/mtimes_test.py" 2>&1); then
	printf '%s\n' "$tools_tests" >&2
	exit 1
fi
printf '%s\n' "$tools_tests" | tail -n 3 >&2

step "build sto-node and the test binaries"
# One cargo invocation for both, so cargo may schedule test binaries beside the node's
# single-threaded steps (measured cold: no clear gain on two cores, docs/BUILD.md). These are
# the units `cargo nextest list` builds below (it then finds them all fresh).
"$STO_ROOT/scripts/build.sh" --lib --bins --tests --examples
# The test build reuses the build's artifacts only while both resolve the same features.
"$STO_ROOT/scripts/check-features.sh"
# shellcheck disable=SC1091
. "$STO_CACHE/env"
cd "$STO_ROOT"

pallets=()
for manifest in pallets/*/Cargo.toml; do
	pallets+=(-p "$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -n1)")
done
# Native code only: sto-runtime has no wasm builder (its blob is sto-runtime-wasm's), so this
# feature set compiles neither a second wasm runtime nor the wasm builder and binaryen's C++.
bench_tests=(--locked --release --features runtime-benchmarks "${pallets[@]}" -p sto-runtime)

step "list the test binaries"
meta="$CARGO_TARGET_DIR/sto-test-run"
mkdir -p "$meta"
# nextest runs from this recorded build, so it never asks cargo again: cargo's lock stays free
# for the benchmark build below.
cargo nextest list --locked --release --workspace --list-type binaries-only --message-format json >"$meta/binaries.json"
cargo metadata --locked --format-version=1 --all-features --no-deps >"$meta/cargo.json"

bench_log="$meta/bench-build.log"
nice -n 19 cargo test "${bench_tests[@]}" --no-run >"$bench_log" 2>&1 &
bench_build=$!
# On the way out (passed or failed): stop the benchmark build if it still runs, then record this
# checkout's file times for the next fresh clone (scripts/mtimes.py): the test and benchmark
# builds wrote into the target directory after scripts/build.sh recorded them.
finish() {
	kill "$bench_build" 2>/dev/null || true
	wait "$bench_build" 2>/dev/null || true
	python3 "$STO_ROOT/scripts/mtimes.py" record "$STO_ROOT" "$STO_MTIMES"
}
trap finish EXIT

step "the bridge's EVM contracts' unit tests (anvil)"
# The contracts' tests read contracts/out (sto-bridge's build script writes its own copy into its
# OUT_DIR), so compile them here (solc from npm; an unchanged artifact is not rewritten).
contracts_status=0
if node "$STO_ROOT/contracts/build.mjs" >"$meta/contracts.log" 2>&1; then
	node --test "$STO_ROOT"/contracts/test/*.test.mjs >>"$meta/contracts.log" 2>&1 || contracts_status=$?
else
	contracts_status=$?
fi
if [ "$contracts_status" -ne 0 ]; then
	cat "$meta/contracts.log" >&2
	echo "[test] the contracts' unit tests failed" >&2
fi

step "workspace tests (unit, runtime, end-to-end); the benchmark build beside them at nice 19"
# Every test's output is kept and shown when it fails (with --no-capture nextest would run one
# test at a time).
tests_status=0
cargo nextest run --no-fail-fast \
	--binaries-metadata "$meta/binaries.json" --cargo-metadata "$meta/cargo.json" || tests_status=$?
# Where the time went (nextest's JUnit report; with a recorded build it lands in the checkout's
# target/, which .gitignore leaves out).
junit=$(find "$STO_ROOT/target/nextest" "$CARGO_TARGET_DIR/nextest" -name junit.xml -newer "$meta/binaries.json" 2>/dev/null | head -n1 || true)
if [ -n "$junit" ]; then
	python3 "$STO_ROOT/scripts/test-times.py" "$junit" 8 >&2 || true
fi

step "wait for the benchmark build"
if ! wait "$bench_build"; then
	cat "$bench_log" >&2
	echo "[test] the runtime-benchmarks test build failed" >&2
	exit 1
fi
[ "$tests_status" -eq 0 ] || exit "$tests_status"
[ "$contracts_status" -eq 0 ] || exit "$contracts_status"

# nextest does not run doctests: the documentation's code examples still compile.
cargo test --locked --release --workspace --doc

step "pallet benchmarks as tests, and the runtime's benchmark helpers"
cargo test "${bench_tests[@]}" -- benchmark

step "all tests passed"
