"""Measure full and incremental builds: MB/s, CPU use of the cores, peak memory.

    python bench/build.py --mb 100                 # generate a ~100 MB corpus, then measure
    python bench/build.py --corpus DIR             # or measure an existing corpus

Runs `python build.py` as a deployment would (inspect file included), samples the
resident memory of its whole process tree (parent and workers) from /proc, then
adds one report, changes one and removes one, timing the rebuild after each.
The corpus is copied first, so the one given is left as it was.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402

TARGET_MB_PER_S = 2.0
TARGET_PEAK_MB = 2000
TARGET_INCREMENTAL_S = 5.0
NATIONAL_MB = 2000


def tree_rss_mb(pid: int) -> float:
    """Resident memory of `pid` and all its descendants, in MB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack += children.get(current, [])
    return total / 1e6


def timed_build(corpus: Path, db_path: Path, *extra: str) -> dict:
    """Run build.py; wall time, CPU seconds of the tree, peak tree RSS."""
    os.sync()  # the previous build's 600 MB are written out now, not by the kernel during this one
    started = time.monotonic()
    before = os.times()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--seeds", str(corpus),
                                "--db", str(db_path), *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = 0.0

    def sample():
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_rss_mb(process.pid))
            time.sleep(0.5)  # often enough for a peak that lasts seconds, cheap for the cores measured

    sampler = threading.Thread(target=sample)
    sampler.start()
    output = process.communicate()[0]
    wall = time.monotonic() - started  # before the sampler's last sleep ends
    sampler.join()
    after = os.times()
    if process.returncode:
        raise SystemExit(f"build failed: {output}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return {"wall": wall, "cpu": cpu, "peak_mb": peak, "output": output.strip()}


def corpus_mb(corpus: Path) -> float:
    return sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file()) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--mb", type=float, help="generate a corpus of this many MB")
    source.add_argument("--corpus", type=Path, help="an existing corpus folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fazhi-build-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        if args.mb:
            write_corpus(ROOT / "seeds", corpus, megabytes=args.mb)
        else:
            shutil.copytree(args.corpus, corpus)
        os.sync()  # the corpus is written out now, not by the kernel while the build is timed
        megabytes = corpus_mb(corpus)
        files = [p for p in sorted(corpus.rglob("*.txt"))]
        db_path = work / "reports.db"
        print(f"corpus: {len(files)} files, {megabytes:.1f} MB; {os.cpu_count()} cores")

        full = timed_build(corpus, db_path, "--full")
        rate = megabytes / full["wall"]
        print(f"full build: {full['wall']:.1f} s, {rate:.2f} MB/s (target ≥ {TARGET_MB_PER_S}), "
              f"CPU {full['cpu']:.0f} s = {full['cpu'] / full['wall']:.2f} cores busy, "
              f"peak memory {full['peak_mb']:.0f} MB (target ≤ {TARGET_PEAK_MB}), "
              f"database {db_path.stat().st_size / 1e6:.0f} MB")
        print(f"  at this rate {NATIONAL_MB / 1000:.0f} GB of text builds in {NATIONAL_MB / rate / 60:.0f} min")

        added = files[0].with_name("added.txt")
        steps = [
            ("add one report", lambda: added.write_text(
                files[0].read_text("utf-8").replace("法治", "法治建设", 1), "utf-8")),
            ("change one report", lambda: files[1].write_text(files[1].read_text("utf-8") + "\n附：补充说明。\n", "utf-8")),
            ("remove one report", lambda: files[2].unlink()),
            ("nothing changed", lambda: None),
        ]
        for name, change in steps:
            change()
            step = timed_build(corpus, db_path)
            print(f"incremental, {name}: {step['wall']:.2f} s (target ≤ {TARGET_INCREMENTAL_S}), "
                  f"peak memory {step['peak_mb']:.0f} MB — {step['output']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
