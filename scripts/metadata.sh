#!/usr/bin/env bash
# Regenerate client/metadata/sto-runtime.scale, the runtime's metadata (v16) that clients of
# this release are written against, from a `--dev` node of the node binary this checkout builds.
# The end-to-end test `metadata::committed_metadata_matches_the_runtime` fails until the file
# matches the runtime; this runs that test with STO_WRITE_METADATA=1, which writes the file.
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$STO_ROOT/scripts/build.sh"
cd "$STO_ROOT"
STO_WRITE_METADATA=1 cargo nextest run --locked --release --workspace --no-fail-fast \
	-E 'package(sto-e2e) & test(committed_metadata_matches_the_runtime)'
git -C "$STO_ROOT" diff --stat -- client/metadata/
