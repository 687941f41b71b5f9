#!/usr/bin/env bash
# Regenerate the weights of our pallets from their benchmarks, on this machine.
#
#   scripts/bench.sh                 every pallet under pallets/
#   scripts/bench.sh identity-registry validator-set
#
# Builds sto-node with the runtime-benchmarks feature (in the same target directory: crates the
# feature does not touch are shared), keeps that binary as $STO_CACHE/sto-node-bench, rebuilds
# the normal node, then runs `benchmark pallet` for each pallet with scripts/weight-template.hbs
# and writes pallets/<name>/src/weights.rs. STEPS and REPEAT override the sampling (50, 20).
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

cargo build --locked --release -p sto-node --features runtime-benchmarks
cp "$CARGO_TARGET_DIR/release/sto-node" "$BENCH_BIN"
# Put the normal node back where the tests and scripts expect it.
cargo build --locked --release --workspace

if [ "$#" -eq 0 ]; then
	set -- $(ls pallets)
fi
for dir in "$@"; do
	pallet="pallet_${dir//-/_}"
	echo "[bench] $pallet -> pallets/$dir/src/weights.rs" >&2
	"$BENCH_BIN" benchmark pallet \
		--chain dev \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--wasm-execution compiled \
		--template scripts/weight-template.hbs \
		--output "pallets/$dir/src/weights.rs"
done
