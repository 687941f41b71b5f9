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
# STEPS and REPEAT override the sampling (50, 20). STO_BENCH_BUILD=0 skips both builds and runs
# the benchmarks with the node and runtime kept by the last build.
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
if [ "${STO_BENCH_BUILD:-1}" != 0 ]; then
	env -u WASM_BUILD_WORKSPACE_HINT cargo build --locked --release -p sto-node --features runtime-benchmarks
	cp "$CARGO_TARGET_DIR/release/sto-node" "$BENCH_BIN"
	cp "$CARGO_TARGET_DIR/release/wbuild/sto-runtime-wasm/sto_runtime_wasm.compact.compressed.wasm" "$BENCH_WASM"
	# Put the normal node back where the tests and scripts expect it: the workspace build
	# (scripts/build.sh), whose feature set the test build shares (`-p sto-node` alone resolves
	# other features and would compile much of the SDK a third time).
	cargo build --locked --release --workspace
elif [ ! -x "$BENCH_BIN" ] || [ ! -f "$BENCH_WASM" ]; then
	echo "STO_BENCH_BUILD=0 but no $BENCH_BIN / $BENCH_WASM: build once first" >&2
	exit 1
fi

if [ "$#" -eq 0 ]; then
	set -- $(ls pallets)
fi

bench() { # pallet extrinsics output
	"$BENCH_BIN" benchmark pallet \
		--runtime "$BENCH_WASM" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--pallet "$1" \
		--extrinsic "$2" \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--wasm-execution compiled \
		--template scripts/weight-template.hbs \
		--output "$3"
}

for dir in "$@"; do
	pallet="pallet_${dir//-/_}"
	echo "[bench] $pallet -> pallets/$dir/src/weights.rs" >&2
	bench "$pallet" '*' "pallets/$dir/src/weights.rs"
done

# docs/PERFORMANCE.md compares the token's transfers, and the custody settlement per leg, with
# the balances transfer measured in this same run (so only when the token pallet, or for the
# settlement table the custody pallet, was benchmarked now).
case " $* " in *" security-token "* | *" custody "*) ;; *) exit 0 ;; esac
reference="$STO_CACHE/balances-weights.rs"
bench pallet_balances transfer_keep_alive "$reference"
run="STEPS=$STEPS REPEAT=$REPEAT $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
token=pallets/security-token/src/weights.rs

write_block() { # marker table
	python3 - "$1" "$2" "$run" <<'PY'
import re, sys
marker, table, run = sys.argv[1:4]
path = "docs/PERFORMANCE.md"
text = open(path).read()
start, end = f"<!-- bench:{marker} -->", f"<!-- /bench:{marker} -->"
if start not in text:
    sys.exit(f"{path} has no {start} block")
block = f"{start}\nMeasured by `scripts/bench.sh` ({run}):\n\n{table}\n{end}"
text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
open(path, "w").write(text)
PY
	echo "[bench] docs/PERFORMANCE.md: $1 table updated" >&2
}

case " $* " in *" security-token "*) write_block transfer "$(python3 scripts/perf-table.py \
	"$reference:transfer_keep_alive" \
	$token:transfer_plain \
	$token:transfer_compliant \
	$token:pool_check \
	$token:transfer_by_partition \
	$token:controller_transfer \
	$token:issue)" ;; esac

# The typical rules' cost per leg comes from the token's weights (the same run when the token
# pallet was benchmarked too; otherwise the run its weights.rs header names).
case " $* " in *" custody "*) ;; *) exit 0 ;; esac
write_block settlement "$(python3 scripts/perf-table.py --settlement \
	"$reference:transfer_keep_alive" \
	$token:transfer_plain \
	$token:transfer_compliant \
	pallets/custody/src/weights.rs:settle \
	pallets/custody/src/weights.rs:settle_cash_legs)"
