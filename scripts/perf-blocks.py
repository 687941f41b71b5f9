#!/usr/bin/env python3
"""The weight-accuracy and block-production tables of docs/PERFORMANCE.md, from the outputs
scripts/perf-network.sh keeps in its work directory:

  replay-a.txt, replay-b.txt      `benchmark block` lines of the last measured pair's blocks
                                  ("Block N with T tx used P% of its weight (X of Y ns)")
  extrinsic-a.txt, extrinsic-b.txt  `benchmark extrinsic` output for one full block of A, of B

  scripts/perf-blocks.py DIR      prints Markdown
"""
import re
import sys
from pathlib import Path

BLOCK = re.compile(r"Block (\d+) with\s+(\d+) tx used\s+([\d.]+)% of its weight \(\s*([\d,]+) of\s+([\d,]+) ns\)")
PER_BLOCK = re.compile(r"Extrinsics per block: (\d+)")
AVERAGE = re.compile(r"Average: (\d+), Median: (\d+)")


def number(text):
    return int(text.replace(",", ""))


def replay(path):
    """(tx, used %, execution ns, recorded ns) per block of a run, the inherent-only blocks
    (one extrinsic: the timestamp) left out."""
    rows = []
    for line in Path(path).read_text().splitlines():
        m = BLOCK.search(line)
        if m and int(m.group(2)) > 1:
            rows.append((int(m.group(2)), float(m.group(3)), number(m.group(4)), number(m.group(5))))
    return rows


def extrinsic(path):
    """(extrinsics in the full block, average ns per extrinsic) or None."""
    text = Path(path).read_text()
    per_block, average = PER_BLOCK.findall(text), AVERAGE.search(text)
    if not per_block or not average:
        return None
    # The first "Extrinsics per block" is the inherent-only base block's build; the last is the
    # full block's.
    return int(per_block[-1]), int(average.group(1))


def main(work):
    out = []
    a, b = replay(work / "replay-a.txt"), replay(work / "replay-b.txt")
    out.append("Weight accuracy: the last measured pair's blocks re-executed from Alice's database "
               "(`benchmark block --repeat 3`), execution time against the weight the block recorded "
               "(post-dispatch, refunds applied); below 100% means the weights over-estimate this machine:")
    out.append("")
    out.append("| blocks of | blocks | tx per block (mean) | execution / weight: mean | min | max |")
    out.append("|---|---:|---:|---:|---:|---:|")
    for label, rows in (("A compliant transfer_by_partition", a), ("B balances transfer_keep_alive", b)):
        if not rows:
            out.append(f"| {label} | 0 | | (no block replayed: see replay-*.txt in the work directory) | | |")
            continue
        used = [r[1] for r in rows]
        out.append(f"| {label} | {len(rows)} | {sum(r[0] for r in rows) / len(rows):.0f} | "
                   f"{sum(used) / len(used):.1f}% | {min(used):.1f}% | {max(used):.1f}% |")
    out.append("")
    ea, eb = extrinsic(work / "extrinsic-a.txt"), extrinsic(work / "extrinsic-b.txt")
    out.append("In-process block production (`benchmark extrinsic --warmup 2 --repeat 10`, one thread, "
               "a fresh database from the same spec): one block filled until its weight is exhausted, "
               "load account n sending to load account n + 1, then executed; time per transaction "
               "is the block's execution time less an empty block's, divided by the transactions:")
    out.append("")
    if ea and eb:
        out.append("| kind | tx per full block (weight) | µs per tx (execution) | tx/s (one thread) |")
        out.append("|---|---:|---:|---:|")
        for label, (count, ns) in (("A compliant transfer_by_partition", ea), ("B balances transfer_keep_alive", eb)):
            out.append(f"| {label} | {count} | {ns / 1000:.1f} | {1e9 / ns:,.0f} |")
        out.append("")
        out.append(f"Block production A/B: **{ea[0] / eb[0]:.2f}** by weight (transactions a block admits), "
                   f"**{eb[1] / ea[1]:.2f}** by execution time (transactions per second of one thread).")
    else:
        out.append("(`benchmark extrinsic` gave no result: see extrinsic-*.txt in the work directory)")
    print("\n".join(out))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
