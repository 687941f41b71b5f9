#!/usr/bin/env bash
# Cross-check of the custody target (a settlement leg within 3× a balances transfer) against
# the run-to-run noise of these shared cores: ROUNDS rounds (default 4) of
#   reference `transfer_keep_alive`, the settlement benchmark `settle`, the reference again,
# each round printing the reference (mean of its two measurements), the settlement's cost per
# leg at the margin (the slope of `settle`) and their ratio, all with ParityDB's database costs
# (read 8 µs, write 50 µs). Uses the benchmark node and runtime `scripts/bench.sh` left in
# $STO_CACHE (run it first); writes nothing. SETTLE_STEPS and SETTLE_REPEAT (20, 10) sample the
# settlement, the reference takes 50 × 20 (it is quick).
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
ROUNDS="${1:-4}"
BENCH_BIN="$STO_CACHE/sto-node-bench"
BENCH_WASM="$STO_CACHE/sto-runtime-bench.wasm"
[ -x "$BENCH_BIN" ] && [ -f "$BENCH_WASM" ] || { echo "run scripts/bench.sh first (no $BENCH_BIN)" >&2; exit 1; }

# The median-slopes model of one benchmark: "base slope reads_base reads_slope writes_base writes_slope".
model() { # pallet extrinsic steps repeat
	"$BENCH_BIN" benchmark pallet --runtime "$BENCH_WASM" --genesis-builder runtime \
		--genesis-builder-preset development --pallet "$1" --extrinsic "$2" \
		--steps "$3" --repeat "$4" --wasm-execution compiled 2>/dev/null |
		python3 -c '
import re, sys
text = sys.stdin.read()
median = text.split("Median Slopes Analysis", 1)[1].split("Min Squares Analysis", 1)[0]
time = re.search(r"Time ~=\s+([\d.]+)(?:\s+\+ \w+\s+([\d.]+))?", median)
def counts(kind):
    found = re.search(kind + r" = (\d+)(?: \+ \((\d+) \* \w+\))?", median)
    return found.group(1), found.group(2) or "0"
print(time.group(1), time.group(2) or "0", *counts("Reads"), *counts("Writes"))'
}

echo "round | reference (µs) | leg at the margin (µs) | ratio"
for round in $(seq "$ROUNDS"); do
	before=$(model pallet_balances transfer_keep_alive 50 20)
	settle=$(model pallet_custody settle "${SETTLE_STEPS:-20}" "${SETTLE_REPEAT:-10}")
	after=$(model pallet_balances transfer_keep_alive 50 20)
	python3 - "$round" "$before" "$settle" "$after" <<'PY'
import sys
round_, before, settle, after = sys.argv[1], *(list(map(float, a.split())) for a in sys.argv[2:])
READ, WRITE = 8.0, 50.0
def total(base, reads, writes):
    return base + reads * READ + writes * WRITE
reference = (total(before[0], before[2], before[4]) + total(after[0], after[2], after[4])) / 2
leg = total(settle[1], settle[3], settle[5])
print(f"{round_} | {reference:.1f} | {leg:.1f} | {leg / reference:.2f}")
PY
done
