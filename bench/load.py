"""Serve a database with the Procfile's web: line and measure it under load.

    python bench/load.py --db DIR/reports.db     # a database built by build.py (inspect file beside it)
    python bench/load.py --mb 100                # or generate and build a ~100 MB corpus first

16 clients on 127.0.0.1 request the home page, the reports table with its facets,
a report's page and the `search` canned query in turn, for 30 s; each URL's
p50/p95/p99, requests per second and errors are printed. The site is measured as
the Procfile serves it, then without its inspect file (Datasette then counts
rows and hashes the file itself), and the cache headers it sends are shown.
The load is bounded: a fixed number of clients, stopping at the deadline.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402

TARGET_P95_MS = 100


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_site(db_path: Path, site: Path, inspect: bool) -> tuple[str, subprocess.Popen]:
    """The Procfile's web: line, run in `site` (the project's files, data/ linked to `db_path`)."""
    for name in ("metadata.yml", "Procfile"):
        shutil.copy(ROOT / name, site / name)
    for folder in ("plugins", "templates", "static"):
        shutil.copytree(ROOT / folder, site / folder)
    (site / "data").mkdir()
    (site / "data" / "reports.db").symlink_to(db_path)
    command = (ROOT / "Procfile").read_text().split("web:", 1)[1].strip()
    if inspect:
        (site / "data" / "inspect-data.json").symlink_to(db_path.with_name("inspect-data.json"))
    else:
        command = command.replace("--inspect-file data/inspect-data.json", "")
    command = command.replace("--host 0.0.0.0", "--host 127.0.0.1")  # loopback only
    port = free_port()
    env = dict(os.environ, PORT=str(port), PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    process = subprocess.Popen(command, shell=True, cwd=site, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/-/versions.json", timeout=1).status_code == 200:
                return url, process
        except httpx.HTTPError:
            time.sleep(0.2)
    os.killpg(process.pid, 15)
    raise SystemExit("the site did not start")


def stop_site(process: subprocess.Popen) -> None:
    os.killpg(process.pid, 15)
    process.wait(timeout=30)


def pages(db_path: Path) -> dict[str, str]:
    """The URLs to load, named; the report is the longest one (the slowest page to render)."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    (report_id,) = conn.execute("SELECT id FROM reports ORDER BY char_count DESC LIMIT 1").fetchone()
    return {
        "home": "/",
        "table with facets": "/reports/reports",
        "report page": f"/reports/reports/{report_id}",
        "search": "/reports/search?q=%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE",  # 行政复议
    }


async def load(url: str, paths: dict[str, str], clients: int, seconds: float) -> dict[str, dict]:
    """`clients` loops, each requesting the pages in turn until `seconds` have passed."""
    latencies: dict[str, list[float]] = {name: [] for name in paths}
    errors: dict[str, int] = {name: 0 for name in paths}
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(offset: int, http: httpx.AsyncClient):
        names = list(paths)
        n = offset
        while time.monotonic() < deadline:
            name = names[n % len(names)]
            n += 1
            started = time.perf_counter()
            try:
                response = await http.get(paths[name])
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies[name].append(time.perf_counter() - started)
            errors[name] += not ok

    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as http:
        started = time.monotonic()
        await asyncio.gather(*(client(i, http) for i in range(clients)))
        elapsed = time.monotonic() - started
    return {name: {"requests": len(times), "errors": errors[name], "rps": len(times) / elapsed,
                   **{f"p{q}": percentile(times, q) * 1000 for q in (50, 95, 99)}}
            for name, times in latencies.items()}


def percentile(values: list[float], q: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q / 100))] if ordered else float("nan")


def report(title: str, results: dict[str, dict]) -> None:
    total = sum(r["rps"] for r in results.values())
    print(f"{title}: {total:.0f} requests/s in all")
    for name, r in results.items():
        verdict = "ok" if r["p95"] <= TARGET_P95_MS and not r["errors"] else "MISSED"
        print(f"  {name:18} p50 {r['p50']:6.1f} ms  p95 {r['p95']:6.1f} ms  p99 {r['p99']:6.1f} ms  "
              f"{r['rps']:6.1f} req/s  {r['errors']} errors  [{verdict}: p95 ≤ {TARGET_P95_MS} ms, no errors]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--db", type=Path, help="a database built by build.py, inspect-data.json beside it")
    source.add_argument("--mb", type=float, help="generate and build a corpus of this many MB")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fazhi-load-") as tmp:
        work = Path(tmp)
        db_path = args.db.resolve() if args.db else work / "reports.db"
        if args.mb:
            write_corpus(ROOT / "seeds", work / "corpus", megabytes=args.mb)
            subprocess.run([sys.executable, str(ROOT / "build.py"), "--seeds", str(work / "corpus"),
                            "--db", str(db_path)], check=True, stderr=subprocess.DEVNULL)
        paths = pages(db_path)
        print(f"{db_path.stat().st_size / 1e6:.0f} MB database; {args.clients} clients for {args.seconds:.0f} s "
              f"per run; {os.cpu_count()} cores shared by server and clients")
        for inspect in (True, False):
            site = work / f"site-{int(inspect)}"
            site.mkdir()
            started = time.monotonic()
            url, process = start_site(db_path, site, inspect)
            ready = time.monotonic() - started
            try:
                first = {name: httpx.get(url + path, timeout=60) for name, path in paths.items()}
                if inspect:
                    for name, response in first.items():
                        print(f"  {name}: Cache-Control: {response.headers.get('cache-control')}")
                results = asyncio.run(load(url, paths, args.clients, args.seconds))
            finally:
                stop_site(process)
            how = "Procfile (inspect file)" if inspect else "without the inspect file"
            report(f"{how}, started in {ready:.1f} s", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
