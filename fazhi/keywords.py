"""Words of the reports: per-report term counts and TF-IDF keywords.

Segmentation is jieba's, through rjieba (the jieba-rs binding): the same
dictionary and the same words for Chinese text, about twenty times faster than
the pure-Python jieba on these reports, which matters when every report of a
national corpus is segmented at each build. Exact search never depends on it.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from typing import Iterable, Iterator

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


def tfidf(counts: dict[str, int], document_frequency: dict[str, int], reports: int,
          top: int = KEYWORDS_PER_REPORT) -> list[tuple[str, float]]:
    """The `top` terms of one report by TF-IDF against the whole corpus.

    tf is the term's share of the report's counted terms (those kept in `terms`);
    idf = ln((1 + N) / (1 + df)) + 1 over the N reports,
    so a term in every report still counts a little. Ties go to the term that sorts
    first, so the same corpus always gives the same keywords.
    """
    total = sum(counts.values())
    if not total:
        return []
    scored = ((term, count / total * (math.log((1 + reports) / (1 + document_frequency[term])) + 1))
              for term, count in counts.items())
    return sorted(scored, key=lambda item: (-item[1], item[0]))[:top]


def keyword_rows(term_rows: Iterable[tuple[str, str, int]], reports: int) -> Iterator[dict]:
    """Rows of `keywords` from all rows of `terms` (report_id, term, count)."""
    document_frequency: Counter[str] = Counter()
    report_terms: dict[str, dict[str, int]] = defaultdict(dict)
    for report_id, term, count in term_rows:
        report_terms[report_id][term] = count
        document_frequency[term] += 1
    for report_id in sorted(report_terms):
        for keyword, weight in tfidf(report_terms[report_id], document_frequency, reports):
            yield {"report_id": report_id, "keyword": keyword, "weight": round(weight, 6)}
