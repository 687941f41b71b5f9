#!/usr/bin/env bash
# The network measurement of docs/PERFORMANCE.md: compliant token transfers (A) versus balances
# transfers (B) on the four-validator consortium network, from a benchmark genesis.
#
#   scripts/perf-network.sh [--accounts N] [--per-run N] [--pairs N] [--warmup N] [--rate TPS]
#                           [--concurrency N] [--no-build] [--no-doc] [--block NAME]
#
#  1. builds the workspace (scripts/build.sh, niced) unless --no-build;
#  2. `sto-load spec --accounts N --raw`: the consortium preset with N load accounts funded,
#     verified (KYC, AML, DE) and holding the token LOAD under the typical rules, from genesis
#     (the generation and raw genesis build times and the spec size are reported);
#  3. starts validators Alice, Bob, Charlie and Dave on loopback from that spec
#     (scripts/network.sh, free ports, a fresh directory), waits for finality;
#  4. `sto-load run` against Alice's node: A B A B ..., the warm-up pairs discarded, at a fixed
#     rate (--rate) or at saturation (no --rate);
#  5. stops the network (also on failure or Ctrl-C: a trap), then rewrites the
#     `<!-- bench:network -->` block of docs/PERFORMANCE.md (unless --no-doc; `--block rate`
#     rewrites `<!-- bench:rate -->` instead) with the table, the exact command, the core
#     count and `benchmark machine` output.
#
# Defaults: 10,000 accounts, 8,000 transactions per run (so that a run fills several blocks of
# either kind: a block holds about 786 compliant or 2,397 balances transfers), 3 measured pairs
# after 1 warm-up pair, saturation. Work files: $STO_PERF_DIR (default .local/perf-network).
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
COMMAND="scripts/perf-network.sh $*"
ACCOUNTS=10000 PER_RUN=8000 PAIRS=3 WARMUP=1 RATE="" CONCURRENCY=64 BUILD=1 DOC=1 BLOCK=network
while [ "$#" -gt 0 ]; do
	case "$1" in
		--accounts) ACCOUNTS=$2; shift 2 ;;
		--per-run) PER_RUN=$2; shift 2 ;;
		--pairs) PAIRS=$2; shift 2 ;;
		--warmup) WARMUP=$2; shift 2 ;;
		--rate) RATE=$2; shift 2 ;;
		--concurrency) CONCURRENCY=$2; shift 2 ;;
		--no-build) BUILD=0; shift ;;
		--no-doc) DOC=0; shift ;;
		--block) BLOCK=$2; shift 2 ;;
		*) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
	esac
done
PERF_DIR="${STO_PERF_DIR:-$STO_ROOT/.local/perf-network}"
LOAD_BIN="$CARGO_TARGET_DIR/release/sto-load"
start=$(date +%s)
step() { printf '\n[perf-network] %s (%ss)\n' "$*" "$(( $(date +%s) - start ))" >&2; }

if [ "$BUILD" -eq 1 ]; then
	step "build"
	nice -n 19 "$STO_ROOT/scripts/build.sh"
fi
[ -x "$STO_NODE_BIN" ] && [ -x "$LOAD_BIN" ] || { echo "no $STO_NODE_BIN or $LOAD_BIN: build first" >&2; exit 1; }

rm -rf "$PERF_DIR"
mkdir -p "$PERF_DIR"
SPEC="$PERF_DIR/bench.json"

step "benchmark spec: $ACCOUNTS accounts"
spec_line=$("$LOAD_BIN" spec --accounts "$ACCOUNTS" --out "$SPEC" --raw --node "$STO_NODE_BIN")
echo "$spec_line"

# Four consecutive free loopback ports from a random base, for each of p2p, RPC, Prometheus.
free_base() {
	python3 - "$@" <<'EOF'
import random, socket, sys
taken = {int(p) for p in sys.argv[1:]}
while True:
    base = random.randrange(20000, 60000 - 4)
    ports = range(base, base + 4)
    if taken.intersection(ports):
        continue
    sockets = []
    try:
        for port in ports:
            s = socket.socket()
            s.bind(("127.0.0.1", port))
            sockets.append(s)
    except OSError:
        continue
    finally:
        for s in sockets:
            s.close()
    print(base)
    break
EOF
}
P2P=$(free_base)
RPC=$(free_base $(seq "$P2P" $((P2P + 3))))
PROM=$(free_base $(seq "$P2P" $((P2P + 3))) $(seq "$RPC" $((RPC + 3))))
export STO_CHAIN="$SPEC" STO_NET_DIR="$PERF_DIR/network" STO_NET_P2P_PORT=$P2P STO_NET_RPC_PORT=$RPC \
	STO_NET_PROMETHEUS_PORT=$PROM
NETWORK="$STO_ROOT/scripts/network.sh"
trap '"$NETWORK" stop >&2 || true' EXIT

rpc() { # port method
	curl -s -H 'Content-Type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":[]}" "http://127.0.0.1:$1"
}
finalized_number() { # port
	local hash
	hash=$(rpc "$1" chain_getFinalizedHead | sed -n 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/p')
	[ -n "$hash" ] || { echo 0; return; }
	curl -s -H 'Content-Type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_getHeader\",\"params\":[\"$hash\"]}" \
		"http://127.0.0.1:$1" | sed -n 's/.*"number":"\(0x[0-9a-f]*\)".*/\1/p' | { read -r n; echo $((n)); }
}

step "start the four validators (rpc ws://127.0.0.1:$RPC..$((RPC + 3)))"
started_at=$(date +%s)
"$NETWORK" start >&2
for _ in $(seq 1 240); do
	[ "$(finalized_number "$RPC" 2>/dev/null || echo 0)" -ge 2 ] && break
	sleep 1
done
[ "$(finalized_number "$RPC")" -ge 2 ] || { echo "no finality within 240 s; logs in $STO_NET_DIR" >&2; exit 1; }
step "block 2 finalized $(( $(date +%s) - started_at )) s after the start"

run_args=(run --url "ws://127.0.0.1:$RPC" --accounts "$ACCOUNTS" --per-run "$PER_RUN" --pairs "$PAIRS"
	--warmup "$WARMUP" --concurrency "$CONCURRENCY")
[ -n "$RATE" ] && run_args+=(--rate "$RATE")
step "sto-load ${run_args[*]}"
"$LOAD_BIN" "${run_args[@]}" --report "$PERF_DIR/report.json" >"$PERF_DIR/table.md" 2>"$PERF_DIR/load.log" || {
	tail -20 "$PERF_DIR/load.log" >&2
	exit 1
}
cat "$PERF_DIR/table.md"

step "stop the network"
"$NETWORK" stop >&2
trap - EXIT

# `benchmark machine` exists only in a node built with runtime-benchmarks (scripts/bench.sh
# keeps one as $STO_CACHE/sto-node-bench); the normal sto-node has no `benchmark` subcommand.
BENCH_NODE="$STO_CACHE/sto-node-bench"
if [ -x "$BENCH_NODE" ]; then
	step "benchmark machine ($BENCH_NODE)"
	machine=$("$BENCH_NODE" benchmark machine --dev --allow-fail --base-path "$PERF_DIR/machine" 2>&1 \
		| sed 's/\x1b\[[0-9;]*m//g' | grep -v -E '^\s*$' || true)
	machine_note="\`sto-node benchmark machine --dev --allow-fail\` (the normal \`sto-node\` has no \`benchmark\` subcommand; this is the \`runtime-benchmarks\` build \`scripts/bench.sh\` keeps as \`~/.cache/sto-chain/sto-node-bench\`), run after the measurement:"
else
	machine="(not run: no runtime-benchmarks build at $BENCH_NODE; the normal sto-node has no benchmark subcommand)"
	machine_note="\`benchmark machine\`: not available"
fi

# Weight accuracy and in-process block production, with the runtime-benchmarks build:
#  - `benchmark block` re-executes the last measured pair's blocks from Alice's database and
#    compares each block's execution time with the weight it recorded (used vs predicted);
#  - `benchmark extrinsic` builds one block as full as its weight allows, on a fresh database
#    from the same spec, of load account n sending to load account n + 1 (A: 1 LOAD by
#    `transfer_by_partition`; B: `transfer_keep_alive`), and times its execution (one thread).
weights="(not run: no runtime-benchmarks build at $BENCH_NODE)"
if [ -x "$BENCH_NODE" ]; then
	step "benchmark block: replay the last measured pair's blocks"
	read -r a_from a_to b_from b_to < <(python3 -c '
import json, sys
a, b = json.load(open(sys.argv[1]))["pairs"][-1]
print(a["first_block"], a["last_block"], b["first_block"], b["last_block"])' "$PERF_DIR/report.json")
	replay() { # from to
		"$BENCH_NODE" benchmark block --chain "$SPEC" --base-path "$STO_NET_DIR/alice" \
			--from "$1" --to "$2" --repeat 3 2>&1 | sed 's/\x1b\[[0-9;]*m//g' | grep -E 'Block [0-9]+ with' || true
	}
	replay "$a_from" "$a_to" >"$PERF_DIR/replay-a.txt"
	replay "$b_from" "$b_to" >"$PERF_DIR/replay-b.txt"
	step "benchmark extrinsic: a full block of A, of B"
	extrinsic() { # pallet extrinsic
		rm -rf "$PERF_DIR/extrinsic"
		"$BENCH_NODE" benchmark extrinsic --chain "$SPEC" --base-path "$PERF_DIR/extrinsic" \
			--pallet "$1" --extrinsic "$2" --warmup 2 --repeat 10 2>&1 | sed 's/\x1b\[[0-9;]*m//g'
	}
	extrinsic security_token transfer_by_partition >"$PERF_DIR/extrinsic-a.txt"
	extrinsic balances transfer_keep_alive >"$PERF_DIR/extrinsic-b.txt"
	weights=$(python3 "$STO_ROOT/scripts/perf-blocks.py" "$PERF_DIR")
fi

if [ "$DOC" -eq 1 ]; then
	step "rewrite the bench:$BLOCK block of docs/PERFORMANCE.md"
	block="$PERF_DIR/block.md"
	{
		commit=$(git -C "$STO_ROOT" rev-parse --short HEAD)
		git -C "$STO_ROOT" diff --quiet HEAD -- . ':(exclude)docs/PERFORMANCE.md' || commit="$commit with uncommitted changes"
		echo "Measured by \`$COMMAND\` ($(date -u +%Y-%m-%d), commit $commit, \`nproc\` = $(nproc), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)):"
		echo
		echo "- spec: ${spec_line/$STO_ROOT\//}"
		echo "- four validators (Alice, Bob, Charlie, Dave) on loopback, one machine; the load tool submits to Alice's node"
		if [ -n "$RATE" ]; then pace="a fixed $RATE tx/s"; else pace="saturation (up to $CONCURRENCY submissions in flight)"; fi
		echo "- $PER_RUN transactions per run, $PAIRS measured pairs after $WARMUP warm-up pair(s), $pace"
		echo
		cat "$PERF_DIR/table.md"
		echo
		echo "$weights"
		echo
		echo "$machine_note"
		echo
		echo '```text'
		echo "$machine"
		echo '```'
	} >"$block"
	python3 - "$STO_ROOT/docs/PERFORMANCE.md" "$block" "$BLOCK" <<'EOF'
import re, sys
doc_path, block_path, name = sys.argv[1], sys.argv[2], sys.argv[3]
doc = open(doc_path).read()
block = open(block_path).read().rstrip("\n")
start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
if start not in doc or end not in doc:
    sys.exit(f"{doc_path} has no {start} ... {end} block")
before, rest = doc.split(start, 1)
_, after = rest.split(end, 1)
open(doc_path, "w").write(f"{before}{start}\n{block}\n{end}{after}")
EOF
fi
step "done: table in $PERF_DIR/table.md, load log in $PERF_DIR/load.log, node logs in $STO_NET_DIR"
