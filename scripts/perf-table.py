#!/usr/bin/env python3
"""Compare benchmarked extrinsics, measured in one run of scripts/bench.sh.

Reads weight files written with scripts/weight-template.hbs and prints a Markdown table of,
for each `file:function`: execution time (ref_time without database access), storage reads and
writes, and the total ref_time with ParityDB's costs (read 8 us, write 50 us), plus the ratio to
the first row (the reference, pallet_balances::transfer_keep_alive).

usage: perf-table.py REFERENCE_FILE:FUNCTION [FILE:FUNCTION ...]
       perf-table.py --settlement REFERENCE_FILE:FUNCTION PLAIN_FILE:FUNCTION \
           COMPLIANT_FILE:FUNCTION TOKEN_LEGS_FILE:FUNCTION CASH_LEGS_FILE:FUNCTION

The second form prints the settlement weight per leg for batches of 1, 10 and 100 token legs
(without and with one cash leg per trade), evaluated from the benchmarked linear component `l`
of the token-leg benchmark plus what `c` cash legs add in the cash-leg benchmark (as the
pallet's `settle_weight` does), next to the reference; "with typical rules" adds, per leg,
what the typical rule set costs a transfer (COMPLIANT - PLAIN).
"""
import re
import sys

READ_PS = 8_000 * 1_000
WRITE_PS = 50_000 * 1_000


def measure(path, function, components=None):
    """(execution ps, reads, writes) of `function` in `path`, its linear components at the
    values `components` gives (a name missing there counts 0)."""
    components = components or {}
    text = open(path).read()
    # The SubstrateWeight impl (the first implementation in the file).
    body = text.split("impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {", 1)[1]
    match = re.search(r"fn " + re.escape(function) + r"\s*\((.*?)\)\s*->\s*Weight\s*\{(.*?)\n\t\}", body, re.S)
    if not match:
        sys.exit(f"{function} not found in {path}")
    code = match.group(2)
    value = lambda name: components.get(name, 0)
    number = lambda text: int(text.replace("_", ""))
    base = number(re.search(r"Weight::from_parts\(([\d_]+),", code).group(1))
    base += sum(
        number(slope) * value(name)
        for slope, name in re.findall(r"Weight::from_parts\(([\d_]+), 0\)\.saturating_mul\((\w+)\.into\(\)\)", code)
    )
    counts = {}
    for kind in ("reads", "writes"):
        fixed = sum(int(n) for n in re.findall(kind + r"\((\d+)_u64\)", code))
        scaled = sum(
            int(n) * value(name)
            for n, name in re.findall(kind + r"\(\((\d+)_u64\)\.saturating_mul\((\w+)\.into\(\)\)\)", code)
        )
        counts[kind] = fixed + scaled
    return base, counts["reads"], counts["writes"]


def total(base, reads, writes):
    return base + reads * READ_PS + writes * WRITE_PS


def settlement(args):
    """Per-leg settlement weight for 1, 10 and 100 legs next to the reference."""
    if len(args) != 5:
        sys.exit(__doc__)
    (ref_path, ref_fn), (plain_path, plain_fn), (compliant_path, compliant_fn), (settle_path, settle_fn), (
        cash_path,
        cash_fn,
    ) = (arg.rsplit(":", 1) for arg in args)
    reference = total(*measure(ref_path, ref_fn))
    rules = total(*measure(compliant_path, compliant_fn)) - total(*measure(plain_path, plain_fn))
    print(f"Reference `{ref_fn}`: {reference / 1e6:.1f} µs with ParityDB. Typical rules per leg "
          f"(`{compliant_fn}` - `{plain_fn}` of the token's weights): {rules / 1e6:.1f} µs.")
    print()
    print("| token legs | cash legs | batch (µs) | reads | writes | per leg (µs) | per leg × reference | per leg with typical rules (µs) | × reference |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for cash in (False, True):
        for legs in (1, 10, 100):
            c = legs if cash else 0
            base, reads, writes = measure(settle_path, settle_fn, {"l": legs})
            cash_with, cash_without = measure(cash_path, cash_fn, {"c": c}), measure(cash_path, cash_fn, {"c": 0})
            base, reads, writes = (x + y - z for x, y, z in zip((base, reads, writes), cash_with, cash_without))
            batch = total(base, reads, writes)
            per_leg = batch / legs
            with_rules = per_leg + rules
            print(f"| {legs} | {c} | {batch / 1e6:.1f} | {reads} | {writes} | {per_leg / 1e6:.1f} | "
                  f"{per_leg / reference:.2f} | {with_rules / 1e6:.1f} | {with_rules / reference:.2f} |")


def main(args):
    if not args:
        sys.exit(__doc__)
    if args[0] == "--settlement":
        return settlement(args[1:])
    rows = []
    for arg in args:
        path, function = arg.rsplit(":", 1)
        base, reads, writes = measure(path, function)
        rows.append((function, base, reads, writes, total(base, reads, writes)))
    reference_total = rows[0][4]
    print("| extrinsic | execution (µs) | reads | writes | total with ParityDB (µs) | × reference |")
    print("|---|---:|---:|---:|---:|---:|")
    for function, base, reads, writes, weight in rows:
        print(f"| `{function}` | {base / 1e6:.1f} | {reads} | {writes} | {weight / 1e6:.1f} | {weight / reference_total:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
