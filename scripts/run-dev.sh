#!/usr/bin/env bash
# README command 1: set up, build, and start a development chain.
#
# One validator (Alice) authors a block every 6 s and GRANDPA finalizes it; JSON-RPC listens on
# 127.0.0.1:9944. The chain's data stays in $STO_DEV_BASE (default .local/dev-chain in the
# clone), so stopping (Ctrl-C) and starting again continues the same chain; delete the
# directory (or run `sto-node purge-chain --dev --base-path <dir>`) to start over.
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$STO_ROOT/scripts/build.sh"
BASE="${STO_DEV_BASE:-$STO_ROOT/.local/dev-chain}"
mkdir -p "$BASE"
echo "[run-dev] sto-node --dev, data in $BASE, JSON-RPC on ws://127.0.0.1:9944" >&2
exec "$STO_NODE_BIN" --dev --base-path "$BASE" --rpc-port 9944 "$@"
