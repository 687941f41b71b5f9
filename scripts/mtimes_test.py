#!/usr/bin/env python3
"""Tests of scripts/mtimes.py against real cargo builds of a small workspace (run by
scripts/test.sh; `python3 scripts/mtimes_test.py` alone, a few seconds).

The workspace has a library `base`, a library `top` that depends on it, and a build script in
`base` that watches its `src` directory, as substrate-wasm-builder's scripts do. Each test builds
it in a checkout, records, and builds a second checkout (a fresh clone, at another path, with
the same target directory), then reads cargo's own verdicts (`cargo build -v`: `Fresh` or
`Compiling`)."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOOL = HERE / "mtimes.py"

FILES = {
	"Cargo.toml": '[workspace]\nmembers = ["base", "top"]\nresolver = "2"\n',
	"base/Cargo.toml": '[package]\nname = "base"\nversion = "0.1.0"\nedition = "2021"\n',
	"base/build.rs": 'fn main() {\n\tprintln!("cargo:rerun-if-changed=src");\n}\n',
	"base/src/lib.rs": "pub fn base() -> u32 {\n\t1\n}\n",
	"top/Cargo.toml": '[package]\nname = "top"\nversion = "0.1.0"\nedition = "2021"\n\n'
	'[dependencies]\nbase = { path = "../base" }\n',
	"top/src/lib.rs": "pub fn top() -> u32 {\n\tbase::base() + 1\n}\n",
}


def git(*args: str, cwd: Path) -> None:
	subprocess.run(
		["git", "-c", "user.name=test", "-c", "user.email=test@localhost", *args],
		cwd=cwd,
		check=True,
		capture_output=True,
	)


class Checkouts(unittest.TestCase):
	def setUp(self) -> None:
		self.dir = Path(tempfile.mkdtemp(prefix="sto-mtimes-test-"))
		self.target = self.dir / "target"
		self.record_path = self.target / "sto-mtimes.tsv"
		self.origin = self.dir / "origin"
		for name, text in FILES.items():
			(self.origin / name).parent.mkdir(parents=True, exist_ok=True)
			(self.origin / name).write_text(text)
		(self.origin / ".gitignore").write_text("/target\nCargo.lock\n")
		git("init", "-q", cwd=self.origin)
		git("add", "-A", cwd=self.origin)
		git("commit", "-q", "-m", "workspace", cwd=self.origin)

	def tearDown(self) -> None:
		shutil.rmtree(self.dir, ignore_errors=True)

	def clone(self, name: str) -> Path:
		path = self.dir / name
		git("clone", "-q", str(self.origin), str(path), cwd=self.dir)
		return path

	def tool(self, *args: str) -> str:
		done = subprocess.run([sys.executable, str(TOOL), *args], capture_output=True, text=True, check=True)
		return done.stderr

	def build(self, checkout: Path) -> dict[str, str]:
		"""cargo's verdict for each of our units: 'Fresh' or 'Compiling' (the build script's run
		counts as compiling its package)."""
		env = dict(os.environ, CARGO_TARGET_DIR=str(self.target))
		done = subprocess.run(
			["cargo", "build", "--offline", "-v"], cwd=checkout, env=env, capture_output=True, text=True
		)
		self.assertEqual(done.returncode, 0, done.stderr)
		verdicts: dict[str, str] = {}
		for line in done.stderr.splitlines():
			found = re.match(r"\s*(Fresh|Compiling|Running) (base|top) v0\.1\.0", line)
			if found and verdicts.get(found.group(2)) != "Compiling":
				verdicts[found.group(2)] = "Compiling" if found.group(1) != "Fresh" else "Fresh"
		return verdicts

	def built_and_recorded(self) -> None:
		self.assertEqual(self.build(self.origin), {"base": "Compiling", "top": "Compiling"})
		self.tool("record", str(self.origin), str(self.record_path))

	def test_a_fresh_clone_without_a_record_rebuilds_everything(self) -> None:
		self.assertEqual(self.build(self.origin), {"base": "Compiling", "top": "Compiling"})
		clone = self.clone("clone")
		self.assertIn("no record", self.tool("restore", str(clone), str(self.record_path), str(self.target)))
		self.assertEqual(self.build(clone), {"base": "Compiling", "top": "Compiling"})

	def test_a_restored_clone_builds_nothing(self) -> None:
		self.built_and_recorded()
		clone = self.clone("clone")
		report = self.tool("restore", str(clone), str(self.record_path), str(self.target))
		self.assertRegex(report, r"times restored")
		self.assertEqual(self.build(clone), {"base": "Fresh", "top": "Fresh"})

	def test_a_changed_file_rebuilds_its_crate_and_the_crates_above_it(self) -> None:
		self.built_and_recorded()
		clone = self.clone("clone")
		(clone / "top/src/lib.rs").write_text("pub fn top() -> u32 {\n\tbase::base() + 2\n}\n")
		self.tool("restore", str(clone), str(self.record_path), str(self.target))
		self.assertEqual(self.build(clone), {"base": "Fresh", "top": "Compiling"})

		other = self.clone("other")
		(other / "base/src/lib.rs").write_text("pub fn base() -> u32 {\n\t2\n}\n")
		self.tool("restore", str(other), str(self.record_path), str(self.target))
		self.assertEqual(self.build(other), {"base": "Compiling", "top": "Compiling"})

	def test_a_new_file_in_a_watched_directory_reruns_the_build_script(self) -> None:
		self.built_and_recorded()
		clone = self.clone("clone")
		(clone / "base/src/extra.rs").write_text("// not a module\n")
		self.tool("restore", str(clone), str(self.record_path), str(self.target))
		self.assertEqual(self.build(clone)["base"], "Compiling")

	def test_a_build_after_the_record_voids_it(self) -> None:
		self.built_and_recorded()
		# Another build into the target directory after the record, from other contents: the
		# record no longer describes what the target holds.
		time.sleep(0.01)
		(self.origin / "base/src/lib.rs").write_text("pub fn base() -> u32 {\n\t3\n}\n")
		self.assertEqual(self.build(self.origin)["base"], "Compiling")
		clone = self.clone("clone")
		report = self.tool("restore", str(clone), str(self.record_path), str(self.target))
		self.assertIn("nothing restored", report)
		# Restoring would have given base/src/lib.rs its recorded time, older than the build of
		# `return 3`, and cargo would have kept that build for a checkout that says `return 1`.
		self.assertEqual(self.build(clone), {"base": "Compiling", "top": "Compiling"})

	def test_a_file_whose_contents_differ_from_the_record_keeps_its_time(self) -> None:
		self.built_and_recorded()
		clone = self.clone("clone")
		changed = clone / "base/src/lib.rs"
		changed.write_text("pub fn base() -> u32 {\n\t4\n}\n")
		before = changed.stat().st_mtime_ns
		same = clone / "top/src/lib.rs"
		self.tool("restore", str(clone), str(self.record_path), str(self.target))
		self.assertEqual(changed.stat().st_mtime_ns, before)
		self.assertEqual(same.stat().st_mtime_ns, (self.origin / "top/src/lib.rs").stat().st_mtime_ns)

	def test_a_record_of_another_format_is_ignored(self) -> None:
		self.built_and_recorded()
		self.record_path.write_text("something else\n")
		clone = self.clone("clone")
		self.assertIn("nothing restored", self.tool("restore", str(clone), str(self.record_path), str(self.target)))


if __name__ == "__main__":
	unittest.main(verbosity=2)
