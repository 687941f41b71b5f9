#!/usr/bin/env bash
# Regenerate the committed raw chain specs (chain-specs/local.json, chain-specs/consortium.json)
# from the runtime's genesis presets. Run after changing the runtime's genesis or presets, and
# commit the result; tests/tests/e2e/chain_specs.rs fails otherwise.
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
[ -x "$STO_NODE_BIN" ] || "$STO_ROOT/scripts/build.sh"
for chain in local consortium; do
	"$STO_NODE_BIN" export-chain-spec --chain "$chain" --raw >"$STO_ROOT/chain-specs/$chain.json"
	echo "wrote chain-specs/$chain.json"
done
