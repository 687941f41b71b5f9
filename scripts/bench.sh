#!/usr/bin/env bash
# Regenerate the weights of our pallets from their benchmarks, on this machine.
#
#   scripts/bench.sh                 every pallet under pallets/
#   scripts/bench.sh identity-registry validator-set
#
# Builds sto-node with the runtime-benchmarks feature (in the same target directory: crates the
# feature does not touch are shared), keeps that binary and its runtime as
# $STO_CACHE/sto-node-bench and $STO_CACHE/sto-runtime-bench.wasm, rebuilds the normal node,
# then runs `benchmark pallet` on that runtime (development genesis preset) for each pallet
# with scripts/weight-template.hbs and writes pallets/<name>/src/weights.rs.
# STEPS and REPEAT override the sampling (50, 20).
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$STO_ROOT/scripts/setup.sh"
# shellcheck disable=SC1091
. "$STO_CACHE/env"
cd "$STO_ROOT"
STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
BENCH_BIN="$STO_CACHE/sto-node-bench"
BENCH_WASM="$STO_CACHE/sto-runtime-bench.wasm"

# frame-benchmarking-cli builds a test runtime of its own, which is not in our workspace's
# default metadata: without the workspace hint, each runtime finds its own dependencies.
env -u WASM_BUILD_WORKSPACE_HINT cargo build --locked --release -p sto-node --features runtime-benchmarks
cp "$CARGO_TARGET_DIR/release/sto-node" "$BENCH_BIN"
cp "$CARGO_TARGET_DIR/release/wbuild/sto-runtime/sto_runtime.compact.compressed.wasm" "$BENCH_WASM"
# Put the normal node back where the tests and scripts expect it.
cargo build --locked --release --workspace

if [ "$#" -eq 0 ]; then
	set -- $(ls pallets)
fi
for dir in "$@"; do
	pallet="pallet_${dir//-/_}"
	echo "[bench] $pallet -> pallets/$dir/src/weights.rs" >&2
	"$BENCH_BIN" benchmark pallet \
		--runtime "$BENCH_WASM" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--wasm-execution compiled \
		--template scripts/weight-template.hbs \
		--output "pallets/$dir/src/weights.rs"
done
