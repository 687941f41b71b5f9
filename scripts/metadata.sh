#!/usr/bin/env bash
# Regenerate client/metadata/sto-runtime.scale, the runtime's metadata (v16) that clients of
# this release are written against, from a `--dev` node of the node binary this checkout builds.
# The end-to-end test `metadata::committed_metadata_matches_the_runtime` fails until the file
# matches the runtime.
#
# The metadata is read from the node over JSON-RPC (`state_call` of the runtime API
# `Metadata_metadata_at_version(16)`), not through the test: the client crate is generated from
# the committed file, so a client written against new calls compiles only after this ran. The
# workspace build may therefore fail in the client; the node is what this needs.
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$STO_ROOT"
# `--keep-going`: the node builds even when the client (generated from the committed file)
# does not; cargo names every artifact it has, fresh or rebuilt, so an absent node means it
# failed to build.
node=$(cargo build --locked --release --workspace --keep-going --message-format=json-render-diagnostics |
	jq -r 'select(.reason == "compiler-artifact" and .target.name == "sto-node" and .executable != null) | .executable') || true
if [ -z "$node" ]; then
	echo "[metadata] sto-node did not build" >&2
	exit 1
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=$(mktemp -d)
"$node" --dev --base-path "$base" --rpc-port "$port" --no-prometheus --no-telemetry \
	--listen-addr /ip4/127.0.0.1/tcp/0 >"$base/node.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$base"' EXIT
answer="$base/answer.json"
for _ in $(seq 1 60); do
	curl -sf -o "$answer" -H 'Content-Type: application/json' \
		-d '{"id":1,"jsonrpc":"2.0","method":"state_call","params":["Metadata_metadata_at_version","0x10000000"]}' \
		"http://127.0.0.1:$port" && break
	sleep 1
done
[ -s "$answer" ] || { echo "[metadata] the node did not answer; its log:" >&2; tail -20 "$base/node.log" >&2; exit 1; }
# The answer is an Option<Vec<u8>>: 0x01, the length (SCALE compact), the metadata.
python3 - "$answer" client/metadata/sto-runtime.scale <<'PY'
import json, sys
data = bytes.fromhex(json.load(open(sys.argv[1]))["result"][2:])
assert data[0] == 1, "the runtime serves no metadata v16"
mode = data[1] & 3
if mode == 0: length, start = data[1] >> 2, 2
elif mode == 1: length, start = int.from_bytes(data[1:3], "little") >> 2, 3
elif mode == 2: length, start = int.from_bytes(data[1:5], "little") >> 2, 5
else: raise SystemExit("metadata longer than 2^30 bytes")
metadata = data[start:]
assert len(metadata) == length, f"length {length}, got {len(metadata)}"
open(sys.argv[2], "wb").write(metadata)
print(f"wrote {sys.argv[2]} ({length} bytes)", file=sys.stderr)
PY
git -C "$STO_ROOT" diff --stat -- client/metadata/
