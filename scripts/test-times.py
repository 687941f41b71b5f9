#!/usr/bin/env python3
"""Where a test run's time went, from nextest's JUnit report (.config/nextest.toml).

Usage: test-times.py JUNIT_XML [N]

Prints the N longest tests (default 10) with when each started after the run began, and how
busy the end-to-end group was: the sum of its tests' times and its share of the run.
"""
import sys
import xml.etree.ElementTree as ET
from datetime import datetime

END_TO_END = ("sto-e2e::", "sto-cli::", "sto-load::", "sto-indexer::", "sto-bridge::")


def main() -> int:
	if len(sys.argv) not in (2, 3):
		print(__doc__.strip(), file=sys.stderr)
		return 2
	root = ET.parse(sys.argv[1]).getroot()
	count = int(sys.argv[2]) if len(sys.argv) == 3 else 10
	began = datetime.fromisoformat(root.get("timestamp"))
	total = float(root.get("time"))
	cases = []
	for suite in root.iter("testsuite"):
		for case in suite.iter("testcase"):
			started = (datetime.fromisoformat(case.get("timestamp")) - began).total_seconds()
			cases.append((float(case.get("time")), started, f"{suite.get('name')} {case.get('name')}"))
	cases.sort(reverse=True)
	print(f"[test-times] {len(cases)} tests in {total:.1f} s; the {min(count, len(cases))} longest:")
	for time, started, name in cases[:count]:
		print(f"  {time:7.1f} s  started at {started:6.1f} s  {name}")
	e2e = [c for c in cases if c[2].startswith(END_TO_END) and "::e2e " in c[2]]
	busy = sum(c[0] for c in e2e)
	print(f"[test-times] end-to-end: {len(e2e)} tests, {busy:.1f} s in all ({busy / total:.1f} at a time on average)")
	return 0


if __name__ == "__main__":
	sys.exit(main())
