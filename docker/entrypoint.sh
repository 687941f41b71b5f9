#!/bin/sh
# Inserts the validator's session keys when STO_SESSION_SURI is set (Aura sr25519 and GRANDPA
# ed25519 from the same secret URI, as scripts/network.sh does), then runs sto-node.
set -eu
if [ -n "${STO_SESSION_SURI:-}" ]; then
	chain="${STO_CHAIN:-consortium}"
	sto-node key insert --chain "$chain" --base-path /data --scheme sr25519 \
		--suri "$STO_SESSION_SURI" --key-type aura
	sto-node key insert --chain "$chain" --base-path /data --scheme ed25519 \
		--suri "$STO_SESSION_SURI" --key-type gran
fi
exec sto-node "$@"
