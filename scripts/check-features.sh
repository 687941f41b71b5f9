#!/usr/bin/env bash
# The test build must reuse the build's artifacts: `cargo build --workspace` and the test build
# (`cargo test --workspace`, which adds dev-dependencies) must resolve the same features for
# every package both compile. A dev-dependency that turns on a feature of a shared crate (the
# polkadot-sdk umbrella, for instance) would otherwise make the test build compile that crate
# and everything above it a second time: every crate of ours, the runtime included.
# Fails with the packages whose features differ; cheap (two `cargo tree` runs, no build).
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$STO_ROOT"
tree() { cargo tree --locked -e "$1" -f '{p} {f}' --workspace --target all --prefix none | sed 's/ (\*)//' | sort -u; }
python3 - <(tree normal,build) <(tree normal,build,dev) <<'PY'
import collections, re, sys
def load(path):
    features = collections.defaultdict(set)
    for line in open(path):
        parts = line.split()
        if len(parts) >= 2:
            rest = re.sub(r"\(.*?\)\s*", "", " ".join(parts[2:])).strip()
            features[f"{parts[0]} {parts[1]}"].add(rest)
    return features
build, test = load(sys.argv[1]), load(sys.argv[2])
differ = [k for k in sorted(build) if build[k] != test.get(k)]
if differ:
    print("[check-features] dev-dependencies change the features of packages the build compiles;", file=sys.stderr)
    print("the test build would compile them (and every crate above them) again:", file=sys.stderr)
    for k in differ:
        extra = set(",".join(test.get(k, [])).split(",")) - set(",".join(build[k]).split(","))
        print(f"  {k}: the tests add {sorted(extra) or 'nothing (another combination)'}", file=sys.stderr)
    print("Give a normal dependency of the build those features too (see node/service/Cargo.toml, sp-trie).", file=sys.stderr)
    sys.exit(1)
print(f"[check-features] the build and the test build resolve the same features for {len(build)} packages")
PY
