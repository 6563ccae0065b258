"""Words of the reports: per-report term counts and TF-IDF keywords.

Segmentation is jieba's, through rjieba (the jieba-rs binding): the same
dictionary and the same words for Chinese text, about twenty times faster than
the pure-Python jieba on these reports, which matters when every report of a
national corpus is segmented at each build. Exact search never depends on it.
"""
from __future__ import annotations

import heapq
import math
import multiprocessing
import re
import sqlite3
from collections import Counter
from operator import itemgetter
from pathlib import Path
from typing import Iterable

import rjieba

KEYWORDS_PER_REPORT = 20
MIN_COUNT = 2  # `terms` keeps what a report says at least twice; single mentions are for search
REPORTS_PER_WORKER = 500  # below this many reports a second process costs more than it saves
_idf: dict[str, float] = {}  # set before forking: the workers inherit it, never pickled
_replaced: frozenset[str] = frozenset()  # stored reports whose keywords are not wanted (inherited too)
# A term: two or more characters, at least one of them an ideograph or a letter.
_TERM = re.compile(r"(?=.*[^\W\d_])[\w·]{2,}")


def segment(text: str) -> list[str]:
    """jieba's words of `text`, in order (HMM on, for words not in the dictionary)."""
    return rjieba.cut(text)


def is_term(word: str) -> bool:
    """Words worth counting: not punctuation, numbers or single characters."""
    return _TERM.fullmatch(word) is not None


def term_counts(folded: str) -> dict[str, int]:
    """term → occurrences in text already folded (so traditional and simplified count
    together), for the terms used at least MIN_COUNT times."""
    frequent = [(word, n) for word, n in Counter(segment(folded)).items() if n >= MIN_COUNT]
    return dict(sorted((word, n) for word, n in frequent if is_term(word)))


def inverse_document_frequency(document_frequency: int, reports: int) -> float:
    """idf = ln((1 + N) / (1 + df)) + 1 over the N reports: a term in every report still counts a little."""
    return math.log((1 + reports) / (1 + document_frequency)) + 1


def top_terms(terms: list[str], counts: list[int], idf: dict[str, float],
              top: int = KEYWORDS_PER_REPORT) -> list[tuple[str, float]]:
    """The `top` of one report's distinct `terms` by tf × idf, tf being the term's share of
    the report's counted terms (those kept in `terms`). Ties go to the term that sorts
    first, so the same corpus always gives the same keywords. Lists, not a dict, and one
    list of scores: a national corpus ranks tens of millions of terms at every build."""
    total = sum(counts)
    scores = [-(count / total * idf[term]) for term, count in zip(terms, counts)]
    return [(term, -negated) for negated, term in heapq.nsmallest(top, zip(scores, terms))]


def keyword_rows(db_path: Path, workers: int = 1, replaced: Iterable[str] = (),
                 added: dict[str, dict[str, int]] | None = None) -> list[tuple[str, str, float]]:
    """(report_id, keyword, weight) rows of `keywords`, in report order, from the `terms`
    table of the database at `db_path`: the document frequencies counted by SQLite, each
    term's idf computed once, and the reports split into `workers` ranges of ids that
    forked processes rank at once (a national corpus has tens of millions of terms).

    The database may be the previous build's, read while its copy is being updated:
    `replaced` are its reports that no longer count and `added` the term counts of the
    reports it does not hold yet; the rows are those of the database the update gives."""
    global _idf, _replaced
    added = added or {}
    _replaced = frozenset(replaced)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    stored = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    reports = stored - len(_replaced) + len(added)
    frequency = Counter(dict(conn.execute("SELECT term, count(*) FROM terms GROUP BY term")))
    for report_id in _replaced:
        frequency.subtract(term for (term,) in conn.execute("SELECT term FROM terms WHERE report_id = ?", [report_id]))
    for counts in added.values():
        frequency.update(counts.keys())
    _idf = {term: inverse_document_frequency(df, reports) for term, df in frequency.items() if df > 0}
    workers = max(1, min(workers, reports // REPORTS_PER_WORKER))
    bounds = [conn.execute("SELECT id FROM reports ORDER BY id LIMIT 1 OFFSET ?", [stored * n // workers]).fetchone()[0]
              for n in range(1, workers)]
    conn.close()
    ranges = [(db_path, first, stop) for first, stop in zip(["", *bounds], [*bounds, None])]
    if workers == 1:
        rows = _range_keywords(*ranges[0])
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:  # the workers inherit _idf
            rows = [row for part in pool.starmap(_range_keywords, ranges) for row in part]
    if not added:
        return rows
    rows += _ranked((report_id, list(counts), list(counts.values())) for report_id, counts in sorted(added.items()))
    return sorted(rows, key=itemgetter(0))  # stable: each report's keywords stay in rank order


def _range_keywords(db_path: Path, first: str, stop: str | None) -> list[tuple[str, str, float]]:
    """Keyword rows of the stored reports with first <= id < stop (no upper bound if stop
    is None) but the replaced ones, each report's terms and counts read as one row."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    # Terms hold no space (see _TERM), so a space-joined list splits back exactly.
    below_stop = "" if stop is None else "AND report_id < :stop"
    per_report = conn.execute("SELECT report_id, group_concat(term, ' '), group_concat(count, ' ') FROM terms "
                              f"WHERE report_id >= :first {below_stop} GROUP BY report_id ORDER BY report_id",
                              {"first": first, "stop": stop})
    rows = _ranked((report_id, terms.split(" "), list(map(int, counts.split(" "))))
                   for report_id, terms, counts in per_report if report_id not in _replaced)
    conn.close()
    return rows


def _ranked(reports: Iterable[tuple[str, list[str], list[int]]]) -> list[tuple[str, str, float]]:
    """Keyword rows of (report_id, terms, counts) triples, by the idf being ranked with."""
    return [(report_id, keyword, round(score, 6))
            for report_id, terms, counts in reports
            for keyword, score in top_terms(terms, counts, _idf)]
