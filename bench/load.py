"""Serve a database with the Procfile's web: line and measure it under load.

    python bench/load.py --db DIR/reports.db     # a database built by build.py (inspect file beside it)
    python bench/load.py --mb 100                # or generate and build a ~100 MB corpus first

16 clients on 127.0.0.1 request the home page, the reports table with its facets,
a report's page and the `search` canned query in turn, for 30 s; each kind's
p50/p95/p99, requests per second and errors are printed, and apart the latency
of the requests that asked for a URL the first time (which no cache can have
answered). Two loads: the four pages (one URL each: the table unfiltered, the
longest report, 行政复议), and many pages (the table filtered by each province,
200 reports, the 60 commonest keywords as queries). The site is measured as the
Procfile serves it, then without its page cache, then without its inspect file
(Datasette then counts rows and hashes the file itself); the cache headers it
sends are shown. The load is bounded: a fixed number of clients, stopping at the
deadline.
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
from urllib.parse import urlencode

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402

TARGET_P95_MS = 100


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_site(db_path: Path, site: Path, inspect: bool, page_cache: bool) -> tuple[str, subprocess.Popen]:
    """The Procfile's web: line, run in `site` (the project's files, data/ linked to `db_path`)."""
    shutil.copy(ROOT / "Procfile", site / "Procfile")
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    if not page_cache:
        metadata.setdefault("plugins", {})["immutable_site"] = {"response_cache_mb": 0}
    (site / "metadata.yml").write_text(yaml.safe_dump(metadata, allow_unicode=True), encoding="utf-8")
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


def pages(db_path: Path) -> dict[str, list[str]]:
    """The URLs to load, by kind, the first of each being the kind's one page of the
    four-page load: many of each, as visitors ask for many pages."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    reports = [r for (r,) in conn.execute("SELECT id FROM reports ORDER BY char_count DESC LIMIT 1")]
    reports += [r for (r,) in conn.execute("SELECT id FROM reports ORDER BY id LIMIT 199")]  # ids are hashes
    provinces = [p for (p,) in conn.execute("SELECT DISTINCT province FROM reports WHERE province IS NOT NULL")]
    keywords = ["行政复议"] + [k for (k,) in conn.execute("SELECT keyword FROM keywords GROUP BY keyword "
                                                       "ORDER BY count(*) DESC, keyword LIMIT 60")]
    return {
        "home": ["/"],
        "table with facets": ["/reports/reports"] + [f"/reports/reports?{urlencode({'province': p})}"
                                                     for p in sorted(provinces)],
        "report page": [f"/reports/reports/{r}" for r in reports],
        "search": [f"/reports/search?{urlencode({'q': k})}" for k in dict.fromkeys(keywords)],
    }


async def get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, path: str) -> int:
    """One GET on a kept-alive HTTP/1.1 connection: the status, with the whole body read.
    A bare client, so that the load generator spends little of the cores it shares."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in head[1:] if ": " in line)
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    return int(head[0].split()[1])


async def load(url: str, paths: dict[str, list[str]], clients: int, seconds: float) -> dict[str, dict]:
    """`clients` connections, each requesting a page of each kind in turn until `seconds` have passed."""
    latencies: dict[str, list[float]] = {name: [] for name in paths}
    first_time: dict[str, list[float]] = {name: [] for name in paths}
    errors: dict[str, int] = {name: 0 for name in paths}
    asked: set[str] = set()
    host, port = url.split("//", 1)[1].split(":")
    deadline = time.monotonic() + seconds

    async def client(offset: int):
        names = list(paths)
        n = offset
        reader, writer = await asyncio.open_connection(host, int(port))
        while time.monotonic() < deadline:
            name = names[n % len(names)]
            path = paths[name][(n // len(names) * clients + offset) % len(paths[name])]
            n += 1
            new = path not in asked
            asked.add(path)
            started = time.perf_counter()
            try:
                ok = await asyncio.wait_for(get(reader, writer, f"{host}:{port}", path), 30) == 200
            except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError):
                ok = False
                writer.close()
                reader, writer = await asyncio.open_connection(host, int(port))
            latencies[name].append(time.perf_counter() - started)
            if new:
                first_time[name].append(latencies[name][-1])
            errors[name] += not ok
        writer.close()

    started = time.monotonic()
    await asyncio.gather(*(client(i) for i in range(clients)))
    elapsed = time.monotonic() - started
    return {name: {"requests": len(times), "errors": errors[name], "rps": len(times) / elapsed,
                   **{f"p{q}": percentile(times, q) * 1000 for q in (50, 95, 99)},
                   "first": len(first_time[name]), "first_p95": percentile(first_time[name], 95) * 1000}
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
              f"{r['rps']:6.1f} req/s  {r['errors']} errors  [{verdict}: p95 ≤ {TARGET_P95_MS} ms, no errors]; "
              f"{r['first']} first asks of a URL: p95 {r['first_p95']:.0f} ms")


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
        four = {name: urls[:1] for name, urls in paths.items()}
        runs = [("Procfile (inspect file, page cache), the four pages", True, True, four),
                ("Procfile (inspect file, page cache), many pages", True, True, paths),
                ("without the page cache, the four pages", True, False, four),
                ("without the inspect file, the four pages", False, True, four)]
        for n, (how, inspect, page_cache, load_paths) in enumerate(runs):
            site = work / f"site-{n}"
            site.mkdir()
            started = time.monotonic()
            url, process = start_site(db_path, site, inspect, page_cache)
            ready = time.monotonic() - started
            try:
                results = asyncio.run(load(url, load_paths, args.clients, args.seconds))
                if n == 0:
                    for name, urls in paths.items():
                        response = httpx.get(url + urls[0], timeout=60)
                        print(f"  {name}: Cache-Control: {response.headers.get('cache-control')}")
            finally:
                stop_site(process)
            report(f"{how}, started in {ready:.1f} s", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
