#!/usr/bin/env python3
"""Compare benchmarked extrinsics, measured in one run of scripts/bench.sh.

Reads weight files written with scripts/weight-template.hbs and prints a Markdown table of,
for each `file:function`: execution time (ref_time without database access), storage reads and
writes, and the total ref_time with ParityDB's costs (read 8 us, write 50 us), plus the ratio to
the first row (the reference, pallet_balances::transfer_keep_alive).

usage: perf-table.py REFERENCE_FILE:FUNCTION [FILE:FUNCTION ...]
"""
import re
import sys

READ_PS = 8_000 * 1_000
WRITE_PS = 50_000 * 1_000


def measure(path, function):
    text = open(path).read()
    # The SubstrateWeight impl (the first implementation in the file).
    body = text.split("impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {", 1)[1]
    match = re.search(r"fn " + re.escape(function) + r"\s*\((.*?)\)\s*->\s*Weight\s*\{(.*?)\n\t\}", body, re.S)
    if not match:
        sys.exit(f"{function} not found in {path}")
    code = match.group(2)
    base = int(re.search(r"Weight::from_parts\(([\d_]+),", code).group(1).replace("_", ""))
    reads = sum(int(r) for r in re.findall(r"reads\((\d+)_u64\)", code))
    writes = sum(int(w) for w in re.findall(r"writes\((\d+)_u64\)", code))
    return base, reads, writes


def main(args):
    if not args:
        sys.exit(__doc__)
    rows = []
    for arg in args:
        path, function = arg.rsplit(":", 1)
        base, reads, writes = measure(path, function)
        rows.append((function, base, reads, writes, base + reads * READ_PS + writes * WRITE_PS))
    reference_total = rows[0][4]
    print("| extrinsic | execution (µs) | reads | writes | total with ParityDB (µs) | × reference |")
    print("|---|---:|---:|---:|---:|---:|")
    for function, base, reads, writes, total in rows:
        print(f"| `{function}` | {base / 1e6:.1f} | {reads} | {writes} | {total / 1e6:.1f} | {total / reference_total:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
