"""Search text: the one definition of how text and queries are folded, split and matched.

Search is exact, like Ctrl-F: a section matches when its heading or body
contains every term of the query. Both sides are folded the same way, one
character at a time: NFKC (full-width letters, digits and punctuation to their
usual forms), lower case, traditional to simplified characters (OpenCC's
character table), and any white space or control character to a space.
Folding character by character, never by phrase, keeps "t in text" true after
folding whenever it was true before, and keeps every character where it was,
so the index can hold folded text while snippets show the report's own
characters at the same positions.

Two indexes answer a query (written by `fazhi.db`):

- `sections_fts`, an FTS5 trigram index of the folded heading and body whose
  content is the `sections` table itself: exact for terms of three or more
  characters, ranked by bm25 with headings weighted, with native snippets;
- `sections_grams`, a contentless FTS5 table holding each section's distinct
  one- and two-character strings, for the shorter terms the trigram index
  cannot see.

The SQL here is plain SQLite (3.34 or later, no extension functions): it folds
and splits the query itself through the `search_chars` table, so any sqlite3
client gets the same answers as the site.
"""
from __future__ import annotations

import array
import html
import re
import sys
import unicodedata
from functools import cache
from pathlib import Path

import opencc

QUOTES = frozenset('"“”')
SHORT_TERM = 3  # terms shorter than this are looked up in sections_grams
HEADING_WEIGHT = 5.0
# Marks a heading's grams in sections_grams; it folds to "h", so folded text never holds it.
HEADING_MARK = "Ｈ"
_NOT_WORD = ("P", "S", "Z", "Cc", "Cf", "Cs")
# Planes 3 and up hold no character that folding changes but in plane 14 (tags, selectors).
_FOLDABLE = (range(0x32000), range(0xE0000, 0xE1000))
# Separators of the grams tokenizer: a gram never holds one, and no term can.
_GRAM_SEPARATORS = re.compile('[ "]+')
_SPACE = ord(" ")
_IDEOGRAPH_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"  # as array("I") holds code points


def _fold_char(char: str) -> str:
    """One character's NFKC form and lower case, kept only while it stays one character."""
    if char.isspace() or unicodedata.category(char) == "Cc":
        return " "
    if not unicodedata.is_normalized("NFKC", char):
        nfkc = unicodedata.normalize("NFKC", char)
        char = nfkc if len(nfkc) == 1 else char
    lower = char.lower()
    return lower if len(lower) == 1 else char


@cache
def _to_simplified() -> dict[str, str]:
    """Traditional → simplified, character by character, from OpenCC's t2s tables.

    Only a character that is itself an entry of those tables can change when converted
    on its own, so those entries are the ones given to the converter."""
    entries = set()
    for name in ("TSCharacters.txt", "TSPhrases.txt"):
        with open(Path(opencc.__file__).parent / "dictionary" / name, encoding="utf-8") as table:
            entries.update(key for key, _, _ in (line.partition("\t") for line in table) if len(key) == 1)
    traditional = sorted(entries)
    # One character per line: OpenCC converts each on its own, never as part of a phrase.
    simplified = opencc.OpenCC("t2s").convert("\n".join(traditional)).split("\n")
    return {t: s for t, s in zip(traditional, simplified) if t != s and len(s) == 1}


@cache
def _without_traditional() -> dict[int, None]:
    return dict.fromkeys(map(ord, _to_simplified()))


def is_traditional(text: str) -> bool:
    """Whether a text is printed in traditional characters: at least 30 of its ideographs,
    and a tenth of them, are traditional forms (simplified text has but a rare 著 or 乾;
    traditional text a quarter and more)."""
    traditional = len(text) - len(text.translate(_without_traditional()))
    return traditional >= 30 and traditional >= 0.1 * len(_IDEOGRAPH_RE.findall(text))


class _FoldTable(dict):
    """Code point → folded character, for str.translate, each worked out the first time
    it is met: the whole table takes a third of a second, a report meets a few thousand."""

    def __missing__(self, code_point: int) -> str:
        result, simplified = chr(code_point), _to_simplified()
        while True:  # to a fixed point: 薴 → 苧 → 苎
            folded = _fold_char(result) if ord(result) in _FOLDABLE[0] or ord(result) in _FOLDABLE[1] else result
            step = simplified.get(folded, folded)
            if step == result:
                break
            result = step
        self[code_point] = result
        return result


_FOLDED = _FoldTable()


def fold(text: str | None) -> str:
    """Text as the index sees it: same length, each character folded on its own."""
    return (text or "").translate(_FOLDED)


def is_word_char(char: str) -> bool:
    """Letters, digits, marks and private-use glyphs; not punctuation, symbols or spaces."""
    category = unicodedata.category(char)
    return not (category[0] in "PSZ" or category in _NOT_WORD)


def char_rows() -> list[tuple[str, str, int]]:
    """Rows of `search_chars`: (char, folded, word) for every character that does not
    fold to itself or is not a word character; any other character is itself and a word."""
    rows = []
    for block in _FOLDABLE:
        for code_point in block:
            char, folded = chr(code_point), _FOLDED[code_point]
            word = is_word_char(folded)
            if (folded != char or not word) and not 0xD800 <= code_point <= 0xDFFF:
                rows.append((char, folded, int(word)))
    return rows


def query_terms(query: str | None) -> list[tuple[str, bool]]:
    """(term, quoted) in order: the folded query split at spaces outside quotes.

    "…" and “…” hold a phrase with its spaces; a term with no word character in it
    (punctuation alone) is dropped. The SQL below does the same steps.
    """
    terms, current, quoted, has_word = [], "", False, False
    for char in fold(query) + "\0":  # \0 ends the last term
        is_quote = char in QUOTES
        if is_quote or char == "\0" or (char == " " and not quoted):
            if has_word:
                terms.append((current.strip(" "), quoted))
            current, has_word = "", False
            quoted = quoted != is_quote
        else:
            current += char
            has_word = has_word or is_word_char(char)
    return terms


def parse_query(query: str | None) -> list[str]:
    """The distinct terms a section must all contain, in query order."""
    return list(dict.fromkeys(term for term, _ in query_terms(query)))


def _ngrams(text: str, mark: str = "") -> str:
    """Every one- and two-character string of `text` at every position, `mark` before each,
    space-separated; built by array slicing, since one Python string per gram made this
    a quarter of the build. A gram across a separator (space or quote) comes out split by
    the tokenizer into the one-character grams beside it, so no gram holds a separator."""
    if not text:
        return ""
    chars = array.array("I", text.encode(_UTF32, "surrogatepass"))
    out = array.array("I")
    for size in (1, 2):
        count, width = len(chars) - size + 1, len(mark) + size + 1
        grams = array.array("I", [_SPACE]) * (width * count)
        for offset, char in enumerate(mark):
            grams[offset::width] = array.array("I", [ord(char)]) * count
        for offset in range(size):
            grams[len(mark) + offset::width] = chars[offset:offset + count]
        out += grams
    return out.tobytes().decode(_UTF32, "surrogatepass")


def grams(folded_heading: str, folded_body: str) -> str:
    """A section's one- and two-character strings, space-separated, for the `sections_grams`
    index (which keeps each once per section); the heading's also once more behind
    HEADING_MARK, so that ranking can tell a hit in the heading without reading the section."""
    marked = (_ngrams(chunk, HEADING_MARK) for chunk in _GRAM_SEPARATORS.split(folded_heading) if chunk)
    return " ".join((_ngrams(folded_heading), _ngrams(folded_body), *marked))


def index_text(heading: str | None, body: str | None) -> tuple[str, str, str]:
    """What the search index stores for one section: (folded body, folded heading, grams)."""
    folded_heading, folded_body = fold(heading), fold(body)
    return folded_body, folded_heading, grams(folded_heading, folded_body)


def matches(terms: list[str], heading: str | None, body: str | None) -> bool:
    """Whether a section holds every term, by Python's `in` on folded text: the reference."""
    heading, body = fold(heading), fold(body)
    return all(term in heading or term in body for term in terms)


def highlight(text: str | None, terms: list[str], width: int | None = None) -> str:
    """`text` as escaped HTML with every hit in <mark>; if `width` is given and the text
    is longer, only a window of that many characters around the first hit."""
    text = text or ""
    folded = fold(text)
    marked = [False] * len(text)
    for term in terms:
        start = folded.find(term)
        while start >= 0:
            marked[start:start + len(term)] = [True] * len(term)
            start = folded.find(term, start + 1)
    begin, end = 0, len(text)
    if width and len(text) > width:
        first = marked.index(True) if True in marked else 0
        begin = max(0, min(first - width // 3, len(text) - width))
        end = begin + width
    out = ["…" if begin else ""]
    for inside, group in _runs(marked, begin, end):
        piece = html.escape(text[group[0]:group[1]])
        out.append(f"<mark>{piece}</mark>" if inside else piece)
    out.append("…" if end < len(text) else "")
    return "".join(out)


def _runs(flags: list[bool], begin: int, end: int):
    start = begin
    for i in range(begin + 1, end + 1):
        if i == end or flags[i] != flags[start]:
            yield flags[start], (start, i)
            start = i


_MARK_TAG = re.compile(r"(</?mark>)")


def safe_snippet(value: str | None) -> str:
    """A snippet as HTML in which only <mark> and </mark> are tags: whatever else looks
    like markup is escaped, so a snippet from any query renders as text."""
    parts = _MARK_TAG.split(value or "")
    return "".join(part if part in ("<mark>", "</mark>") else html.escape(html.unescape(part))
                   for part in parts)


def suggested_query(query: str | None, segment) -> str | None:
    """The query with each unquoted term of two or more characters split into words by
    `segment` (jieba), for when the exact search found nothing; None if nothing splits."""
    parts, changed = [], False
    for term, quoted in query_terms(query):
        words = [w for w in segment(term) if any(is_word_char(c) for c in w)] if not quoted else []
        if len(words) > 1:
            parts += words
            changed = True
        else:
            parts.append(f'"{term}"' if quoted else term)
    return " ".join(parts) if changed else None


# The query folded and split in SQL, step for step as `query_terms`, then turned
# into one FTS5 query per index: long terms as trigram phrases, short ones as grams.
_TERMS_SQL = f"""\
-- The query, folded character by character through search_chars, split into terms.
input(q) AS (SELECT coalesce(:q, '')),
positions(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM positions, input WHERE i <= length(q)),
chars(i, c, word) AS (
  SELECT i, coalesce(f.folded, substr(q, i, 1)), coalesce(f.word, 1)
  FROM positions, input LEFT JOIN search_chars AS f ON f.char = substr(q, i, 1)
),
scan(i, quoted, current, has_word, term) AS (
  SELECT 0, 0, '', 0, NULL
  UNION ALL
  SELECT chars.i,
         CASE WHEN c IN ('"', '“', '”') THEN 1 - quoted ELSE quoted END,
         CASE WHEN c IN ('"', '“', '”', '') OR (c = ' ' AND NOT quoted) THEN '' ELSE current || c END,
         CASE WHEN c IN ('"', '“', '”', '') OR (c = ' ' AND NOT quoted) THEN 0 ELSE max(has_word, word) END,
         CASE WHEN (c IN ('"', '“', '”', '') OR (c = ' ' AND NOT quoted)) AND has_word
              THEN trim(current, ' ') END
  FROM scan JOIN chars ON chars.i = scan.i + 1
),
terms(term) AS (SELECT DISTINCT term FROM scan WHERE term IS NOT NULL),
-- Terms of 3+ characters as trigram phrases, shorter ones as grams; a query that
-- matches nothing stands in for an empty side.
long_match(n, expr) AS (
  SELECT count(*), coalesce(group_concat('"' || term || '"', ' '), '"' || char(1, 1, 1) || '"')
  FROM terms WHERE length(term) >= 3
),
short_match(n, expr, heading_expr) AS (
  SELECT count(*), coalesce(group_concat('"' || term || '"', ' '), '"___"'),
         coalesce(group_concat('"{HEADING_MARK}' || term || '"', ' '), '"___"')
  FROM terms WHERE length(term) < 3
),
short_hits(id) AS (
  SELECT rowid FROM sections_grams WHERE sections_grams MATCH (SELECT expr FROM short_match)
)"""

TERMS_SQL = f"""WITH RECURSIVE
{_TERMS_SQL}
SELECT term FROM terms"""

# rowids of every section holding all the terms of :q, for `rowid IN (…)`.
MATCHING_SQL = f"""WITH RECURSIVE
{_TERMS_SQL}
SELECT rowid AS id FROM sections_fts
WHERE sections_fts MATCH (SELECT expr FROM long_match)
  AND ((SELECT n FROM short_match) = 0 OR rowid IN short_hits)
UNION ALL
SELECT id FROM short_hits WHERE (SELECT n FROM long_match) = 0"""


def search_sql(limit: int = 50) -> str:
    """The `search` canned query: the `limit` best sections for :q, with optional
    :province, :year, :issuer_type and :part, each row with an HTML snippet whose
    only tags are <mark> around the hits."""
    return f"""WITH RECURSIVE
{_TERMS_SQL},
-- Optional filters.
filters(province, year, issuer_type, part, none) AS (
  SELECT coalesce(:province, ''), coalesce(:year, ''), coalesce(:issuer_type, ''), coalesce(:part, ''),
         coalesce(:province, '') || coalesce(:year, '') || coalesce(:issuer_type, '') || coalesce(:part, '') = ''
),
allowed(id) AS (
  SELECT s.rowid FROM filters, sections AS s JOIN reports AS r ON r.id = s.report_id
  WHERE (filters.province = '' OR r.province = filters.province)
    AND (filters.year = '' OR r.report_year = CAST(filters.year AS INTEGER))
    AND (filters.issuer_type = '' OR r.issuer_type = filters.issuer_type)
    AND (filters.part = '' OR s.part = filters.part)
),
-- Every way the report may print a short term, to place its snippet.
short_chars(c) AS (
  SELECT substr(term, 1, 1) FROM terms WHERE length(term) < 3
  UNION SELECT substr(term, 2, 1) FROM terms WHERE length(term) = 2
),
preimages(folded, original) AS (
  SELECT c, c FROM short_chars
  UNION SELECT folded, char FROM search_chars WHERE folded IN short_chars
),
short_variants(term, variant) AS (
  SELECT t.term, a.original || coalesce(b.original, '')
  FROM terms AS t JOIN preimages AS a ON a.folded = substr(t.term, 1, 1)
       LEFT JOIN preimages AS b ON b.folded = substr(t.term, 2, 1)
  WHERE length(t.term) < 3
),
heading_hits(id) AS (
  SELECT rowid FROM sections_grams WHERE sections_grams MATCH (SELECT heading_expr FROM short_match)
),
snippet_variants(variant) AS (
  SELECT variant FROM short_variants
  WHERE term = (SELECT term FROM terms WHERE length(term) < 3 ORDER BY length(term) DESC, term LIMIT 1)
),
-- Best first: bm25 of the trigram index (a heading hit weighs {HEADING_WEIGHT:g}×); for short terms
-- alone, sections whose heading holds them first, then shorter sections.
ranked(id, rank, snippet) AS (
  SELECT * FROM (
    SELECT rowid, rank, snippet(sections_fts, -1, char(2), char(3), '…', 32)
    FROM sections_fts
    WHERE sections_fts MATCH (SELECT expr FROM long_match)
      AND ((SELECT n FROM short_match) = 0 OR rowid IN short_hits)
      AND ((SELECT none FROM filters) OR rowid IN allowed)
    ORDER BY rank LIMIT {limit})
  UNION ALL
  SELECT * FROM (
    SELECT s.rowid,
           -(1.0 + {HEADING_WEIGHT - 1} * (s.rowid IN heading_hits)) * 1000 / (1000 + length(CAST(s.body AS BLOB))),
           NULL
    FROM short_hits JOIN sections AS s ON s.rowid = short_hits.id
    WHERE (SELECT n FROM long_match) = 0 AND ((SELECT none FROM filters) OR s.rowid IN allowed)
    ORDER BY 2 LIMIT {limit})
),
-- Snippets: FTS5's, or for short terms alone the text around the first hit;
-- escaped, with the hits between <mark> and </mark>.
located(id, text, pos, len) AS (
  SELECT id, CASE WHEN body_pos THEN body ELSE heading END, coalesce(body_pos, heading_pos),
         (SELECT length(variant) FROM snippet_variants LIMIT 1)
  FROM (SELECT ranked.id, s.body, s.heading,
               (SELECT min(instr(s.body, variant)) FROM snippet_variants WHERE instr(s.body, variant)) AS body_pos,
               (SELECT min(instr(s.heading, variant)) FROM snippet_variants WHERE instr(s.heading, variant)) AS heading_pos
        FROM ranked JOIN sections AS s ON s.rowid = ranked.id
        WHERE ranked.snippet IS NULL)
)
SELECT s.id AS section_id, s.report_id, r.issuer, r.report_year AS year, s.heading,
       replace(replace(replace(replace(replace(
         coalesce(ranked.snippet,
                  CASE WHEN located.pos > 13 THEN '…' ELSE '' END
                  || substr(located.text, max(located.pos - 12, 1), min(located.pos - 1, 12))
                  || char(2) || substr(located.text, located.pos, located.len) || char(3)
                  || substr(located.text, located.pos + located.len, 24)
                  || CASE WHEN length(located.text) >= located.pos + located.len + 24 THEN '…' ELSE '' END),
         '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), char(2), '<mark>'), char(3), '</mark>') AS snippet,
       round(ranked.rank, 3) AS rank
FROM ranked JOIN sections AS s ON s.rowid = ranked.id JOIN reports AS r ON r.id = s.report_id
     LEFT JOIN located ON located.id = ranked.id
ORDER BY ranked.rank, s.id"""
