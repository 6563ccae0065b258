"""Measure search: exactness against Python's `in`, latency in-process and over HTTP,
index size and build speed.

    python bench/search.py --seeds            # the seed reports as they are
    python bench/search.py --mb 100           # a ~100 MB synthetic corpus (bench/corpus.py)

Builds the corpus with `python build.py`, as a deployment would, generates a query
set from its sections (words, substrings that cut across words, absent strings,
digits, mixed text, several terms, quoted phrases, traditional characters), and
prints each figure beside its target.
"""
from __future__ import annotations

import argparse
import math
import os
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from opencc import OpenCC

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402
from fazhi import searchtext  # noqa: E402
from fazhi.keywords import segment  # noqa: E402

MEANINGFUL_MB = 10  # below this, size and build speed measure fixed costs, not the corpus
TARGETS_MS = {"find-all ≥3 chars": 15, "find-all 1–2 chars": 50, "top-20 ≥3 chars": 50,
              "top-20 1–2 chars": 150, "worst single query": 250, "HTTP search.json": 100}


@dataclass(frozen=True)
class Query:
    kind: str
    text: str


def _has_word(text: str) -> bool:
    return any(searchtext.is_word_char(c) for c in searchtext.fold(text))


def _substring(rng: random.Random, texts: list[str], length: int, accept) -> str:
    """A random substring of one of `texts` that `accept` takes (and that stays one term)."""
    while True:
        text = rng.choice(texts)
        if len(text) < length:
            continue
        start = rng.randrange(len(text) - length + 1)
        candidate = text[start:start + length]
        folded = searchtext.fold(candidate)
        if " " not in folded and not searchtext.QUOTES & set(folded) and accept(candidate):
            return candidate


def query_set(sections: list[tuple[str | None, str | None]], size: int = 200, seed: int = 0) -> list[Query]:
    """`size` queries drawn from `sections` (heading, body), one kind after another."""
    rng = random.Random(seed)
    texts = [t for h, b in sections for t in (h, b) if t]
    sample = rng.sample(texts, min(len(texts), 400))
    vocabulary = sorted({w for t in sample for w in segment(t) if 1 <= len(w) <= 8 and _has_word(w)})
    corpus = "\n".join(searchtext.fold(t) for t in texts)
    alphabet = sorted({c for c in corpus if "\u4e00" <= c <= "\u9fff"})
    to_traditional = OpenCC("s2t")
    share = {"word": 0.2, "substring": 0.32, "absent": 0.12, "digits": 0.06, "mixed": 0.08,
             "several": 0.08, "phrase": 0.06, "traditional": 0.08}
    queries: list[Query] = []

    def add(kind: str, make) -> None:
        for i in range(max(1, round(size * share[kind]))):
            queries.append(Query(kind, make(i)))

    add("word", lambda i: rng.choice(vocabulary))
    add("substring", lambda i: _substring(rng, texts, i % 8 + 1, _has_word))

    def absent(i: int) -> str:
        while True:
            candidate = "".join(rng.choice(alphabet) for _ in range(i % 7 + 2))
            if candidate not in corpus:
                return candidate

    add("absent", absent)
    add("digits", lambda i: _substring(rng, texts, i % 4 + 1, str.isdigit))
    add("mixed", lambda i: _substring(rng, texts, i % 5 + 2, lambda s: bool(re.search(r"\d", s))
                                      and bool(re.search(r"[\u4e00-\u9fff]", s))))
    add("several", lambda i: rng.choice(" \u3000").join(rng.sample(vocabulary, 2 + i % 2)))
    add("phrase", lambda i: rng.choice(['"{}"', "“{}”"]).format(
        _substring(rng, texts, i % 6 + 3, _has_word)))

    def traditional(i: int) -> str:
        while True:
            word = rng.choice(vocabulary)
            if (converted := to_traditional.convert(word)) != word:
                return converted

    add("traditional", traditional)
    return queries[:size]


def expected_matches(query: str, folded_sections: list[tuple[str, str]]) -> set[int]:
    """Indexes of the sections holding every term of `query`, by Python's `in`."""
    terms = searchtext.parse_query(query)
    return {i for i, (heading, body) in enumerate(folded_sections)
            if all(term in heading or term in body for term in terms)}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)] if ordered else float("nan")


def timed(conn: sqlite3.Connection, sql: str, params: dict) -> tuple[float, list]:
    started = time.perf_counter()
    rows = conn.execute(sql, params).fetchall()
    return (time.perf_counter() - started) * 1000, rows


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_latencies(db_path: Path, queries: list[Query]) -> tuple[list[float], list[float]]:
    """Milliseconds for each query's `search` JSON from the site run by the Procfile's
    command: computed, then answered again from the page cache."""
    with tempfile.TemporaryDirectory() as site_dir:
        site = Path(site_dir)
        for name in ("metadata.yml", "Procfile"):
            shutil.copy(ROOT / name, site / name)
        for folder in ("plugins", "templates", "static"):
            if (ROOT / folder).is_dir():
                shutil.copytree(ROOT / folder, site / folder)
        (site / "data").mkdir()
        (site / "data" / "reports.db").symlink_to(db_path.resolve())
        (site / "data" / "inspect-data.json").symlink_to(db_path.with_name("inspect-data.json").resolve())
        port = _free_port()
        command = (ROOT / "Procfile").read_text().split("web:", 1)[1].strip()
        env = dict(os.environ, PORT=str(port), PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
        server = subprocess.Popen(command, shell=True, cwd=site, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base, timeout=30) as client:
                deadline = time.monotonic() + 60
                while True:
                    try:
                        if client.get("/-/versions.json").status_code == 200:
                            break
                    except httpx.HTTPError:
                        if time.monotonic() > deadline:
                            raise
                        time.sleep(0.2)
                computed, cached = [], []
                # Round 0 warms the server up with addresses of their own (the page cache keeps
                # pages by address); round 1 computes each answer; round 2 gets it from the cache.
                for round_, latencies in ((0, []), (1, computed), (2, cached)):
                    for query in queries:
                        params = {"q": query.text, "_shape": "array", **({"_warm": "1"} if round_ == 0 else {})}
                        started = time.perf_counter()
                        client.get("/reports/search.json", params=params).raise_for_status()
                        latencies.append((time.perf_counter() - started) * 1000)
                return computed, cached
        finally:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)


def size_breakdown(conn: sqlite3.Connection) -> dict[str, int]:
    """Bytes of the search index, of terms and keywords, and of everything else (indexes
    counted with their table)."""
    groups = {"search index": ("sections_fts", "sections_grams", "search_chars"),
              "terms and keywords": ("terms", "keywords")}
    sizes = {"search index": 0, "terms and keywords": 0, "reports, sections and the rest": 0}
    rows = conn.execute("SELECT coalesce(m.tbl_name, d.name), sum(d.pgsize) FROM dbstat AS d "
                        "LEFT JOIN sqlite_master AS m ON m.name = d.name GROUP BY 1")
    for table, size in rows:
        group = next((g for g, prefixes in groups.items() if table.startswith(prefixes)),
                     "reports, sections and the rest")
        sizes[group] += size
    return sizes


def measure(corpus: Path, out: Path, size: int, seed: int, http: bool) -> dict:
    db_path = out / "reports.db"
    input_bytes = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file())
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "build.py"), "--seeds", str(corpus), "--db", str(db_path)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    build_seconds = time.perf_counter() - started

    conn = sqlite3.connect(f"file:{db_path}?mode=ro&immutable=1", uri=True)
    rows = conn.execute("SELECT rowid, id, heading, body FROM sections ORDER BY rowid").fetchall()
    queries = query_set([(h, b) for _, _, h, b in rows], size, seed)
    folded = [(searchtext.fold(h), searchtext.fold(b)) for _, _, h, b in rows]
    index_of = {rowid: i for i, (rowid, _, _, _) in enumerate(rows)}
    no_filters = {"province": "", "year": "", "issuer_type": "", "part": ""}

    true_positives = false_positives = false_negatives = ranked_wrong = 0
    latency: dict[str, list[float]] = {name: [] for name in TARGETS_MS}
    for round_ in range(2):  # the first round warms the page cache and checks exactness
        for query in queries:
            short = min(map(len, searchtext.parse_query(query.text))) < searchtext.SHORT_TERM
            find_ms, found = timed(conn, searchtext.MATCHING_SQL, {"q": query.text})
            top_ms, top = timed(conn, searchtext.search_sql(limit=20), {"q": query.text, **no_filters})
            if round_ == 0:
                expected = expected_matches(query.text, folded)
                got = {index_of[rowid] for rowid, in found}
                true_positives += len(got & expected)
                false_positives += len(got - expected)
                false_negatives += len(expected - got)
                expected_ids = {rows[i][1] for i in expected}
                ranked_wrong += len(top) != min(20, len(expected)) or not {r[0] for r in top} <= expected_ids
                continue
            latency["find-all 1–2 chars" if short else "find-all ≥3 chars"].append(find_ms)
            latency["top-20 1–2 chars" if short else "top-20 ≥3 chars"].append(top_ms)
            latency["worst single query"].append(max(find_ms, top_ms))
    cached = []
    if http:
        latency["HTTP search.json"], cached = http_latencies(db_path, queries)

    text_bytes = conn.execute("SELECT sum(length(CAST(coalesce(heading, '') || coalesce(body, '') AS BLOB))) "
                              "FROM sections").fetchone()[0]  # the reports' text, as stored
    return {
        "queries": queries,
        "sections": len(rows),
        "recall": true_positives / (true_positives + false_negatives) if true_positives + false_negatives else 1.0,
        "precision": true_positives / (true_positives + false_positives) if true_positives + false_positives else 1.0,
        "ranked wrong": ranked_wrong,
        "latency": latency,
        "cached": cached,
        "input bytes": input_bytes,
        "text bytes": text_bytes,
        "database bytes": db_path.stat().st_size,
        "size breakdown": size_breakdown(conn),
        "build seconds": build_seconds,
    }


def report(figures: dict) -> str:
    """The figures as lines of text, each beside its target."""
    queries = figures["queries"]
    lengths = sorted({len(t) for q in queries for t in searchtext.parse_query(q.text)})
    kinds = {kind: sum(1 for q in queries if q.kind == kind) for kind in dict.fromkeys(q.kind for q in queries)}
    mb = figures["input bytes"] / 1e6
    lines = [
        f"corpus: {mb:.1f} MB in, {figures['text bytes'] / 1e6:.1f} MB of report text, "
        f"{figures['sections']} sections",
        f"queries: {len(queries)} ({', '.join(f'{k} {n}' for k, n in kinds.items())}); "
        f"term lengths {lengths[0]}–{lengths[-1]}",
        f"exactness: recall {figures['recall']:.3f}, precision {figures['precision']:.3f} (target 1.000 each); "
        f"ranked top-20 outside the exact set or short of it for {figures['ranked wrong']} queries",
    ]
    for name, target in TARGETS_MS.items():
        values = figures["latency"].get(name) or []
        if not values:
            continue
        figure = max(values) if name == "worst single query" else percentile(values, 0.95)
        label = "max" if name == "worst single query" else "p95"
        lines.append(f"{name}: {label} {figure:.1f} ms, median {percentile(values, 0.5):.1f} ms over "
                     f"{len(values)} (target ≤ {target} ms) {'ok' if figure <= target else 'MISSED'}")
    if figures["cached"]:
        lines.append(f"HTTP search.json again, from the page cache: p95 {percentile(figures['cached'], 0.95):.1f} ms")
    ratio = figures["database bytes"] / figures["text bytes"]
    breakdown = ", ".join(f"{name} {size / figures['text bytes']:.2f}×"
                          for name, size in figures["size breakdown"].items())
    speed = mb / figures["build seconds"]
    small = mb < MEANINGFUL_MB  # the region list, the character table and start-up dominate

    def verdict(met: bool) -> str:
        return "(fixed costs dominate at this size)" if small else "ok" if met else "MISSED"

    lines.append(f"size: database {figures['database bytes'] / 1e6:.1f} MB = {ratio:.2f}× the text bytes "
                 f"(target ≤ 4×) {verdict(ratio <= 4)}; {breakdown}")
    lines.append(f"build: {figures['build seconds']:.1f} s end to end = {speed:.2f} MB/s "
                 f"(target ≥ 2 MB/s) {verdict(speed >= 2)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    corpus = parser.add_mutually_exclusive_group(required=True)
    corpus.add_argument("--seeds", action="store_true", help="measure on the seed reports")
    corpus.add_argument("--mb", type=float, help="measure on a synthetic corpus of this many megabytes")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out", help="working folder")
    parser.add_argument("--queries", type=int, default=200, help="size of the query set")
    parser.add_argument("--seed", type=int, default=0, help="random seed of corpus and queries")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP measurement")
    args = parser.parse_args(argv)
    out = args.out / ("seeds" if args.seeds else f"{args.mb:g}mb")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    if args.seeds:
        corpus_dir = ROOT / "seeds"
    else:
        corpus_dir = out / "corpus"
        write_corpus(ROOT / "seeds", corpus_dir, megabytes=args.mb, seed=args.seed)
        os.sync()  # the corpus is written out now, not by the kernel while the build is timed
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start; "
          f"SQLite {sqlite3.sqlite_version}")
    print(report(measure(corpus_dir, out, args.queries, args.seed, not args.no_http)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
