#!/usr/bin/env bash
# The cap-table service's benchmark (indexer/tests/e2e/benchmark.rs, an ignored test): a chain whose
# genesis spreads a token over STO_BENCH_HOLDERS holders (10,000) and STO_BENCH_TRANSFERS
# finalized transfers (100,000); catch-up speed into SQLite and PostgreSQL, reconciliation, and
# the cap table's query latency. Writes the figures to docs/PERFORMANCE.md (block
# `bench:indexer`). Takes tens of minutes: not part of scripts/test.sh.
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$STO_ROOT"
"$STO_ROOT/scripts/build.sh"
out="$STO_CACHE/bench-indexer.log"
# Through the workspace (not `-p`): the same features as the build, nothing compiled again.
cargo nextest run --locked --release --workspace -E 'package(sto-indexer) & binary(e2e)' --run-ignored only --no-capture 2>&1 | tee "$out"
line=$(grep -m1 '^BENCH ' "$out" | cut -d' ' -f2-)
[ -n "$line" ] || { echo "[bench-indexer] no BENCH line in $out" >&2; exit 1; }
run="$(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
python3 - "$line" "$run" <<'PY'
import json, re, sys
data, run = json.loads(sys.argv[1]), sys.argv[2]
rows = ["| database | catch-up | blocks/s | movements/s | cap table page p50 / p95 | whole CSV p50 / p95 |", "|---|---|---|---|---|---|"]
for r in data["runs"]:
    rows.append(f"| {r['database']} | {r['catch_up_seconds']} s | {r['blocks_per_second']:.0f} | {r['movements_per_second']:.0f} | "
                f"{r['cap_table_page_p50_ms']} / {r['cap_table_page_p95_ms']} ms | {r['cap_table_csv_p50_ms']} / {r['cap_table_csv_p95_ms']} ms ({r['csv_bytes']:,} bytes) |")
table = "\n".join(rows)
head = (f"Measured by `scripts/bench-indexer.sh` ({run}): {data['holders']:,} holders in genesis, "
        f"{data['transfers']:,} finalized transfers, {data['blocks']:,} blocks, {data['movements']:,} movements; "
        "the node and the indexer on the same machine, over loopback.")
path = "docs/PERFORMANCE.md"
text = open(path).read()
start, end = "<!-- bench:indexer -->", "<!-- /bench:indexer -->"
if start not in text:
    sys.exit(f"{path} has no {start} block")
text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: f"{start}\n{head}\n\n{table}\n{end}", text, flags=re.S)
open(path, "w").write(text)
print(table)
PY
