"""Words of the reports: per-report term counts and TF-IDF keywords.

Segmentation is jieba's, through rjieba (the jieba-rs binding): the same
dictionary and the same words for Chinese text, about twenty times faster than
the pure-Python jieba on these reports, which matters when every report of a
national corpus is segmented at each build. Exact search never depends on it.
"""
from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from typing import Iterator

import rjieba

from .searchtext import fold

KEYWORDS_PER_REPORT = 20
MIN_COUNT = 2  # `terms` keeps what a report says at least twice; single mentions are for search
# A term: two or more characters, at least one of them an ideograph or a letter.
_TERM = re.compile(r"(?=.*[^\W\d_])[\w·]{2,}")


def segment(text: str) -> list[str]:
    """jieba's words of `text`, in order (HMM on, for words not in the dictionary)."""
    return rjieba.cut(text)


def is_term(word: str) -> bool:
    """Words worth counting: not punctuation, numbers or single characters."""
    return _TERM.fullmatch(word) is not None


def term_counts(text: str) -> dict[str, int]:
    """term → occurrences in the folded text (traditional and simplified counted together),
    for the terms used at least MIN_COUNT times."""
    frequent = [(word, n) for word, n in Counter(segment(fold(text))).items() if n >= MIN_COUNT]
    return dict(sorted((word, n) for word, n in frequent if is_term(word)))


def inverse_document_frequency(document_frequency: int, reports: int) -> float:
    """idf = ln((1 + N) / (1 + df)) + 1 over the N reports: a term in every report still counts a little."""
    return math.log((1 + reports) / (1 + document_frequency)) + 1


def top_terms(counts: dict[str, int], idf: dict[str, float], top: int = KEYWORDS_PER_REPORT) -> list[tuple[str, float]]:
    """The `top` terms of one report by tf × idf, tf being the term's share of the report's
    counted terms (those kept in `terms`). Ties go to the term that sorts first, so the
    same corpus always gives the same keywords."""
    total = sum(counts.values())
    ranked = heapq.nsmallest(top, ((-(count / total * idf[term]), term) for term, count in counts.items()))
    return [(term, -negated) for negated, term in ranked]


def keyword_rows(conn) -> Iterator[dict]:
    """Rows of `keywords` from the `terms` table of the database `conn` is open on: the
    document frequencies counted by SQLite, each term's idf computed once, and each
    report's terms and counts read as one row (a national corpus has tens of millions)."""
    reports = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    idf = {term: inverse_document_frequency(df, reports)
           for term, df in conn.execute("SELECT term, count(*) FROM terms GROUP BY term")}
    # Terms hold no space (see _TERM), so a space-joined list splits back exactly.
    per_report = conn.execute("SELECT report_id, group_concat(term, ' '), group_concat(count, ' ') "
                              "FROM terms GROUP BY report_id ORDER BY report_id")
    for report_id, terms, counts in per_report:
        for keyword, score in top_terms(dict(zip(terms.split(" "), map(int, counts.split(" ")))), idf):
            yield {"report_id": report_id, "keyword": keyword, "weight": round(score, 6)}
