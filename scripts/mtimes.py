#!/usr/bin/env python3
"""Keep a fresh clone's builds warm: cargo decides freshness by file times, not contents.

CI clones the repository afresh for every run and keeps the cargo target directory outside the
clone. Every file of the clone is then newer than every build, so cargo recompiles all of our
crates (the runtime, the node, every client and test binary) although the target directory
holds them already: about 20 of CI's 39 minutes on 2026-12-03. cargo's content-hash freshness
(`-Zchecksum-freshness`) is unstable, so this script does what CI set-ups do instead:

  record ROOT RECORD       after a build: write the content hash and the modification time of
                           every file of the checkout ROOT (tracked and untracked, not ignored)
                           and of its directories to RECORD.
  restore ROOT RECORD TARGET
                           before a build: give every file of ROOT whose content equals the
                           record's the recorded time; leave every other file as it is.

Why this is sound: cargo, in a checkout whose files carry the recorded times, decides exactly
as it would have decided in the recorded checkout when the record was written, for every file
whose content is the same (a file that differs keeps its own, newer time and is rebuilt). So a
restored clone is as correct as the recorded checkout was. That holds only while the target
directory has not been built into since the record was written (by another checkout, or by
this one after more edits): `restore` checks that no fingerprint in TARGET is newer than the
record and restores nothing otherwise, which costs a rebuild, never a stale artifact.

Directories are recorded too (hash of their entries' names), because build scripts may watch a
directory (substrate-wasm-builder does) and cargo then compares the directory's time as well.
"""

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

FORMAT = "sto-mtimes 1"


def listed_files(root: Path) -> list[str]:
	"""The checkout's files: tracked and untracked, not ignored, that exist (relative paths)."""
	out = subprocess.run(
		["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
		check=True,
		capture_output=True,
	).stdout
	names = sorted({name for name in out.decode("utf-8", "surrogateescape").split("\0") if name})
	return [name for name in names if (root / name).is_file() and not (root / name).is_symlink()]


def file_hash(path: Path) -> str:
	digest = hashlib.sha256()
	with open(path, "rb") as f:
		for chunk in iter(lambda: f.read(1 << 20), b""):
			digest.update(chunk)
	return "f" + digest.hexdigest()


def dir_hash(path: Path) -> str:
	names = sorted(os.listdir(path))
	return "d" + hashlib.sha256("\0".join(names).encode("utf-8", "surrogateescape")).hexdigest()


def entries(root: Path) -> dict[str, str]:
	"""Relative path -> content hash, for the files and every directory above them."""
	result: dict[str, str] = {}
	dirs: set[str] = {"."}
	for name in listed_files(root):
		result[name] = file_hash(root / name)
		parent = os.path.dirname(name)
		while parent and parent not in dirs:
			dirs.add(parent)
			parent = os.path.dirname(parent)
	for name in dirs:
		result[name] = dir_hash(root / name)
	return result


def record(root: Path, record_path: Path) -> int:
	started = time.time()
	hashes = entries(root)
	lines = [FORMAT, f"root\t{root}"]
	for name in sorted(hashes):
		lines.append(f"{name}\t{hashes[name]}\t{os.stat(root / name, follow_symlinks=False).st_mtime_ns}")
	record_path.parent.mkdir(parents=True, exist_ok=True)
	partial = record_path.with_name(record_path.name + ".partial")
	partial.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogateescape")
	os.replace(partial, record_path)
	print(f"[mtimes] recorded {len(hashes)} paths of {root} in {time.time() - started:.1f} s", file=sys.stderr)
	return 0


def load(record_path: Path) -> tuple[str, dict[str, tuple[str, int]]]:
	lines = record_path.read_text(encoding="utf-8", errors="surrogateescape").splitlines()
	if not lines or lines[0] != FORMAT or not lines[1].startswith("root\t"):
		raise ValueError(f"{record_path} is not a record of this format ({FORMAT})")
	recorded: dict[str, tuple[str, int]] = {}
	for line in lines[2:]:
		name, digest, mtime = line.split("\t")
		recorded[name] = (digest, int(mtime))
	return lines[1][len("root\t"):], recorded


def fingerprint_dirs(target: Path) -> list[Path]:
	"""Every `.fingerprint` directory cargo keeps in TARGET: the profiles' and the wasm builds'."""
	found = []
	for pattern in ("*/.fingerprint", "*/*/.fingerprint", "*/wbuild/*/target/*/.fingerprint", "*/wbuild/*/target/*/*/.fingerprint"):
		found.extend(path for path in target.glob(pattern) if path.is_dir())
	# The upgrade test's wasm project links its target directory to the node runtime's.
	return sorted({path.resolve() for path in found})


def newest_fingerprint(target: Path) -> tuple[int, str]:
	newest, which = 0, ""
	for directory in fingerprint_dirs(target):
		with os.scandir(directory) as units:
			for unit in units:
				candidates = [unit]
				if unit.is_dir(follow_symlinks=False):
					with os.scandir(unit.path) as files:
						candidates.extend(files)
				for entry in candidates:
					mtime = entry.stat(follow_symlinks=False).st_mtime_ns
					if mtime > newest:
						newest, which = mtime, entry.path
	return newest, which


def restore(root: Path, record_path: Path, target: Path) -> int:
	started = time.time()
	if not record_path.is_file():
		print(f"[mtimes] no record at {record_path}: nothing restored (the first build here)", file=sys.stderr)
		return 0
	try:
		recorded_root, recorded = load(record_path)
	except ValueError as error:
		print(f"[mtimes] {error}: nothing restored", file=sys.stderr)
		return 0
	written = os.stat(record_path).st_mtime_ns
	newest, which = newest_fingerprint(target)
	if newest > written:
		print(
			f"[mtimes] {target} was built into after the record was written ({which}): nothing restored, "
			"cargo decides by this checkout's own file times",
			file=sys.stderr,
		)
		return 0
	hashes = entries(root)
	same = restored = 0
	# Files first: setting a file's time does not change its directory's, but be explicit.
	for name in sorted(hashes, key=lambda n: hashes[n].startswith("d")):
		entry = recorded.get(name)
		if entry is None or entry[0] != hashes[name]:
			continue
		same += 1
		path = root / name
		if os.stat(path, follow_symlinks=False).st_mtime_ns != entry[1]:
			os.utime(path, ns=(entry[1], entry[1]), follow_symlinks=False)
			restored += 1
	print(
		f"[mtimes] {same} of {len(hashes)} paths as recorded from {recorded_root} "
		f"({restored} times restored, {len(hashes) - same} changed or new) in {time.time() - started:.1f} s",
		file=sys.stderr,
	)
	return 0


def main(argv: list[str]) -> int:
	if len(argv) == 3 and argv[0] == "record":
		return record(Path(argv[1]).absolute(), Path(argv[2]))
	if len(argv) == 4 and argv[0] == "restore":
		return restore(Path(argv[1]).absolute(), Path(argv[2]), Path(argv[3]))
	print(__doc__, file=sys.stderr)
	return 2


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
