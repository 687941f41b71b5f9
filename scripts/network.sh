#!/usr/bin/env bash
# A four-validator consortium network on loopback (Alice, Bob, Charlie, Dave), as the
# docker/compose.yml network but as local processes.
#
#   scripts/network.sh start    build if needed, insert each validator's session keys with
#                               `sto-node key insert`, start the four nodes
#   scripts/network.sh status   heights seen by each node
#   scripts/network.sh stop     stop the four nodes (SIGTERM, then SIGKILL after 20 s)
#   scripts/network.sh purge    stop and delete the network's data
#
# Ports: validator i (0..3) uses p2p 30334+i, JSON-RPC 9945+i, Prometheus 9616+i, so the
# network runs beside a `run-dev.sh` chain (9944); $STO_NET_P2P_PORT, $STO_NET_RPC_PORT and
# $STO_NET_PROMETHEUS_PORT move those bases. Data and logs: $STO_NET_DIR (default
# .local/network). Chain: $STO_CHAIN (default `consortium`, the runtime's preset; set it to
# chain-specs/consortium.json to start from the committed spec, or to a benchmark spec written
# by `sto-load spec`, as scripts/perf-network.sh does). $STO_NET_NODE_ARGS: extra arguments for
# every node.
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
NET_DIR="${STO_NET_DIR:-$STO_ROOT/.local/network}"
CHAIN="${STO_CHAIN:-consortium}"
P2P_PORT="${STO_NET_P2P_PORT:-30334}"
RPC_PORT="${STO_NET_RPC_PORT:-9945}"
PROMETHEUS_PORT="${STO_NET_PROMETHEUS_PORT:-9616}"
read -r -a NODE_ARGS <<<"${STO_NET_NODE_ARGS:-}"
NAMES=(alice bob charlie dave)
SEEDS=(//Alice //Bob //Charlie //Dave)
BOOT_PEER_ID=12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp

node_key() { printf '%064x' "$(( $1 + 1 ))"; }
pid_of() { cat "$NET_DIR/${NAMES[$1]}.pid" 2>/dev/null || true; }
alive() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

rpc() {
	curl -s -H 'Content-Type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":[]}" "http://127.0.0.1:$1"
}

start() {
	[ -x "$STO_NODE_BIN" ] || "$STO_ROOT/scripts/build.sh"
	mkdir -p "$NET_DIR"
	for i in "${!NAMES[@]}"; do
		local name=${NAMES[$i]} base="$NET_DIR/${NAMES[$i]}"
		if alive "$i"; then echo "$name already running (pid $(pid_of "$i"))"; continue; fi
		"$STO_NODE_BIN" key insert --chain "$CHAIN" --base-path "$base" \
			--scheme sr25519 --suri "${SEEDS[$i]}" --key-type aura
		"$STO_NODE_BIN" key insert --chain "$CHAIN" --base-path "$base" \
			--scheme ed25519 --suri "${SEEDS[$i]}" --key-type gran
		local args=(--chain "$CHAIN" --name "$name" --base-path "$base" --validator
			--node-key "$(node_key "$i")" --rpc-port $((RPC_PORT + i))
			--prometheus-port $((PROMETHEUS_PORT + i)) --listen-addr "/ip4/127.0.0.1/tcp/$((P2P_PORT + i))"
			--no-mdns --no-telemetry "${NODE_ARGS[@]}")
		if [ "$i" -gt 0 ]; then
			args+=(--bootnodes "/ip4/127.0.0.1/tcp/$P2P_PORT/p2p/$BOOT_PEER_ID")
		fi
		nohup "$STO_NODE_BIN" "${args[@]}" >"$NET_DIR/$name.log" 2>&1 &
		echo $! >"$NET_DIR/$name.pid"
		echo "started $name (pid $!, rpc ws://127.0.0.1:$((RPC_PORT + i)), log $NET_DIR/$name.log)"
	done
}

status() {
	for i in "${!NAMES[@]}"; do
		if alive "$i"; then
			local best fin
			best=$(rpc $((RPC_PORT + i)) chain_getHeader | sed -n 's/.*"number":"\(0x[0-9a-f]*\)".*/\1/p')
			fin=$(rpc $((RPC_PORT + i)) chain_getFinalizedHead | sed -n 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/p')
			echo "${NAMES[$i]}: running, best #$((best)), finalized head $fin"
		else
			echo "${NAMES[$i]}: stopped"
		fi
	done
}

stop() {
	for i in "${!NAMES[@]}"; do
		alive "$i" && kill -TERM "$(pid_of "$i")"
	done
	for _ in $(seq 1 40); do
		local any=0
		for i in "${!NAMES[@]}"; do alive "$i" && any=1; done
		[ "$any" -eq 0 ] && break
		sleep 0.5
	done
	for i in "${!NAMES[@]}"; do
		alive "$i" && kill -KILL "$(pid_of "$i")"
		rm -f "$NET_DIR/${NAMES[$i]}.pid"
	done
	echo "network stopped"
}

case "${1:-}" in
	start) start ;;
	status) status ;;
	stop) stop ;;
	purge) stop; rm -rf "$NET_DIR"; echo "removed $NET_DIR" ;;
	*) echo "usage: $0 start|status|stop|purge" >&2; exit 2 ;;
esac
