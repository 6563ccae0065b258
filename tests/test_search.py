"""Exact search: against Python's `in` on a generated query set, through every way in.

The reference for every query is `searchtext.matches` (Python's `in` on folded
text) over the built sections; nothing here lists expected results by hand.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import sqlite3
import subprocess
import urllib.parse

import httpx
import pytest
import pytest_asyncio
import yaml
from datasette.app import Datasette
from opencc import OpenCC

from bench.search import query_set
from conftest import ROOT, SEEDS
from fazhi import keywords, searchtext
from fazhi.clean import clean
from fazhi.model import Document
from fazhi.regions import default_index
from fazhi.report import build_report

NO_FILTERS = {"province": "", "year": "", "issuer_type": "", "part": ""}
TRICKY_QUERIES = [
    "", " ", "\u3000", "，。！", "“”", '""', '"', "行政复议", "  行政复议 ", "行政复议\u3000败诉",
    '"法治 政府"', "“法治 政府” 建设", '＂法治　政府＂', 'ab"cd"ef', '"未闭合 的引号', "ＡＢＣ abc",
    "行政復議", "２０２１年", "（一）", "《中华人民共和国", "a", "政", "府建", "，政府", "<b>", "& ;",
]


def sections_of(db_path) -> list[tuple[int, str, str | None, str | None]]:
    conn = sqlite3.connect(db_path)
    return conn.execute("SELECT rowid, id, heading, body FROM sections ORDER BY rowid").fetchall()


def exact_ids(sections, query: str) -> set[str]:
    terms = searchtext.parse_query(query)
    return {section_id for _, section_id, heading, body in sections if searchtext.matches(terms, heading, body)}


def found_ids(conn: sqlite3.Connection, query: str) -> set[str]:
    rows = conn.execute(f"SELECT s.id FROM sections AS s WHERE s.rowid IN ({searchtext.MATCHING_SQL})",
                        {"q": query})
    return {r[0] for r in rows}


def ranked(conn: sqlite3.Connection, query: str, limit: int = 50, **filters) -> list[dict]:
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(searchtext.search_sql(limit), {"q": query, **NO_FILTERS, **filters})]
    finally:
        conn.row_factory = None


@pytest.fixture(scope="module")
def queries(built_db) -> list[str]:
    return [q.text for q in query_set([(h, b) for _, _, h, b in sections_of(built_db)], size=200, seed=7)]


# --- exactness ------------------------------------------------------------------------------


def test_query_set_covers_the_kinds_and_lengths_asked_for(built_db):
    generated = query_set([(h, b) for _, _, h, b in sections_of(built_db)], size=200, seed=7)
    assert len(generated) >= 150
    lengths = {len(t) for q in generated for t in searchtext.parse_query(q.text)}
    assert set(range(1, 9)) <= lengths
    assert {"word", "substring", "absent", "digits", "mixed", "several", "phrase", "traditional"} <= {
        q.kind for q in generated}


def test_every_generated_query_finds_exactly_what_python_in_finds(built_db, queries):
    sections = sections_of(built_db)
    conn = sqlite3.connect(built_db)
    found_something = absent = 0
    for query in queries:
        expected = exact_ids(sections, query)
        assert found_ids(conn, query) == expected, query
        found_something += bool(expected)
        absent += not expected
    assert found_something >= 100 and absent >= 20  # the set tests hits and misses alike


def test_ranked_results_are_the_best_of_the_exact_set(built_db, queries):
    sections = sections_of(built_db)
    conn = sqlite3.connect(built_db)
    for query in queries:
        expected = exact_ids(sections, query)
        rows = ranked(conn, query, limit=20)
        assert {r["section_id"] for r in rows} <= expected, query
        assert len(rows) == min(20, len(expected)), query
        assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows), query
        for row in rows:
            assert row["snippet"] and "<mark>" in row["snippet"], (query, row)


def test_sql_and_python_split_queries_alike(built_db, queries):
    conn = sqlite3.connect(built_db)
    for query in TRICKY_QUERIES + queries:
        in_sql = sorted(r[0] for r in conn.execute(searchtext.TERMS_SQL, {"q": query}))
        assert in_sql == sorted(searchtext.parse_query(query)), query


def test_terms_quotes_and_spaces():
    assert searchtext.parse_query("行政复议\u3000败诉  政府") == ["行政复议", "败诉", "政府"]
    assert searchtext.parse_query("“法治 政府”  建设") == ["法治 政府", "建设"]
    assert searchtext.parse_query('＂法治　政府＂') == ["法治 政府"]
    assert searchtext.parse_query("，。！ ——") == []
    assert searchtext.parse_query("ＡＢＣ") == ["abc"]


def test_grams_are_every_one_and_two_character_string_without_a_separator():
    def tokens(text):  # as the grams index's tokenizer splits them: at spaces and quotes
        return set(re.split('[ "]+', text)) - {""}

    def substrings(text, mark=""):
        return {mark + text[i:i + n] for n in (1, 2) for i in range(len(text) - n + 1)
                if not set(text[i:i + n]) & {" ", '"'}}

    heading, body = searchtext.fold("一、“依法 行政”𠀀"), searchtext.fold('复議  a"b 2024年\u3000')
    expected = substrings(heading) | substrings(body) | substrings(heading, searchtext.HEADING_MARK)
    assert tokens(searchtext.grams(heading, body)) == expected
    assert {"复议", "依法", "𠀀", "Ｈ依法", "Ｈ政”", "24"} <= expected and "Ｈ" not in expected
    assert tokens(searchtext.grams("", "")) == set()


def test_several_terms_must_all_occur_and_a_quoted_phrase_is_one_term(built_db):
    sections = sections_of(built_db)
    conn = sqlite3.connect(built_db)
    both = found_ids(conn, "行政 复议")
    assert both == found_ids(conn, "行政") & found_ids(conn, "复议") == found_ids(conn, "复议\u3000行政")
    assert found_ids(conn, "“行政复议”") == found_ids(conn, '"行政复议"') == exact_ids(sections, "行政复议")
    assert found_ids(conn, '"依法 行政"') == exact_ids(sections, '"依法 行政"')
    assert found_ids(conn, '"依法 行政"') != found_ids(conn, "依法 行政")


def test_short_and_cross_word_strings_are_not_missed(built_db):
    sections = sections_of(built_db)
    conn = sqlite3.connect(built_db)
    for query in ("复议", "府建", "政府建设年", "败诉", "政", "2", "20"):
        expected = exact_ids(sections, query)
        assert expected and found_ids(conn, query) == expected, query
    assert found_ids(conn, "行政复议") <= found_ids(conn, "复议")


def test_several_terms_mixing_long_and_short_rank_and_filter(built_db):
    sections = sections_of(built_db)
    conn = sqlite3.connect(built_db)
    query = "法治政府 复议"
    expected = exact_ids(sections, query)
    rows = ranked(conn, query)
    assert expected and {r["section_id"] for r in rows} == expected
    year, = conn.execute("SELECT report_year FROM reports ORDER BY id LIMIT 1").fetchone()
    in_year = {sid for sid, in conn.execute("SELECT s.id FROM sections s JOIN reports r ON r.id = s.report_id "
                                            "WHERE r.report_year = ?", [year])}
    assert {r["section_id"] for r in ranked(conn, query, year=str(year))} == expected & in_year
    assert {r["year"] for r in ranked(conn, query, year=str(year))} <= {year}
    shortcomings = {r["section_id"] for r in ranked(conn, "问题", part="shortcomings")}
    parts = {p for p, in conn.execute(f"SELECT DISTINCT part FROM sections WHERE id IN "
                                      f"({','.join('?' * len(shortcomings))})", sorted(shortcomings))}
    assert shortcomings and parts == {"shortcomings"}


# --- traditional characters and escaping, on reports made for it --------------------------

SPECIAL_REPORT = """杭州市西湖区人民政府
关于2022年度法治政府建设情况的报告
2022年，西湖区坚持依法行政，现将有关情况报告如下：
一、主要举措和成效
（一）规范行政执法<b>粗体标签</b>
执法文书中出现<script>alert("x")</script>字样，行政复议案件依法办理；A&B公司的“<i>斜体</i>”。
二、存在的不足和原因
基层执法力量仍显不足。
三、下一年度主要安排
深入推进依法行政。
"""


def quoting_report() -> str:
    """Seed 004 with its paragraphs on 复议 in traditional characters: a few quoted
    paragraphs, which stay as printed (a report printed in traditional throughout does not)."""
    (source,) = SEEDS.glob("004_*")
    lines = source.read_text(encoding="utf-8").split("\n")
    return "\n".join(OpenCC("s2t").convert(line) if "复议" in line else line for line in lines)


@pytest.fixture(scope="module")
def special_db(tmp_path_factory):
    """The seeds, one quoting its paragraphs on 复议 in traditional characters, one printed
    in traditional characters throughout, and a report holding markup."""
    import build
    from fazhi import db as database

    corpus = tmp_path_factory.mktemp("special-corpus")
    for path in sorted(SEEDS.iterdir())[:2]:
        shutil.copy(path, corpus / path.name)
    (corpus / "quoting.txt").write_text(quoting_report(), encoding="utf-8")
    (other,) = SEEDS.glob("003_*")
    (corpus / "traditional.txt").write_text(OpenCC("s2t").convert(other.read_text(encoding="utf-8")), encoding="utf-8")
    (corpus / "markup.txt").write_text(SPECIAL_REPORT, encoding="utf-8")
    db_path = tmp_path_factory.mktemp("special") / "reports.db"
    summary = build.build(corpus, db_path, workers=1, progress=lambda message: None)
    assert summary["reports"] == 5
    database.write_inspect_file(db_path)
    return db_path


@pytest_asyncio.fixture
async def special_ds(special_db) -> Datasette:
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    app = Datasette([], immutables=[str(special_db)], metadata=metadata,
                    plugins_dir=str(ROOT / "plugins"), template_dir=str(ROOT / "templates"),
                    static_mounts=[("static", str(ROOT / "static"))],
                    settings={"sql_time_limit_ms": 3000, "max_returned_rows": 1000})
    await app.invoke_startup()
    return app


def test_traditional_and_simplified_find_each_other(special_db):
    sections = sections_of(special_db)
    conn = sqlite3.connect(special_db)
    traditional_ids = {sid for _, sid, h, b in sections
                       if "复议" not in f"{h}{b}" and "复议" in searchtext.fold(f"{h}{b}")}
    assert traditional_ids, "the quoting seed should hold 复议 in traditional characters"
    for query in ("行政复议", "行政復議", "复议", "復議"):
        found = found_ids(conn, query)
        assert found == exact_ids(sections, query)
        assert traditional_ids <= found, query
    assert found_ids(conn, "行政复议") == found_ids(conn, "行政復議")
    for row in ranked(conn, "行政复议"):  # the snippet shows the report's own characters
        section = next(s for s in sections if s[1] == row["section_id"])
        plain = html.unescape(re.sub(r"</?mark>", "", row["snippet"])).strip("…")
        assert plain in (section[3] or "") or plain in (section[2] or ""), row


def test_keywords_and_terms_count_traditional_as_simplified(special_db):
    conn = sqlite3.connect(special_db)
    (quoting_id,) = conn.execute("SELECT id FROM reports WHERE source_file = 'quoting.txt'").fetchone()
    text = clean(quoting_report()).text
    assert "复议" not in text and "复议" in searchtext.fold(text)  # the quoted paragraphs stay as printed
    stored = dict(conn.execute("SELECT term, count FROM terms WHERE report_id = ?", [quoting_id]))
    sections = conn.execute("SELECT heading, body FROM sections WHERE report_id = ? ORDER BY seq", [quoting_id])
    folded = searchtext.fold("\n".join(f"{heading or ''}\n{body or ''}" for heading, body in sections))
    assert stored and stored == keywords.term_counts(folded)
    assert all(searchtext.fold(term) == term for term in stored)


def test_terms_count_the_sections_words_not_the_title_or_labels():
    text = ("某县人民政府关于2022年度法治政府建设情况的报告\n发布日期：2023-03-01 来源：某县司法局\n"
            "一、主要举措和成效\n一是完善复议体制，复议案件依法审结。\n二是完善应诉机制，复议决定依法履行。\n"
            "二、存在的不足和原因\n一是复议人员不足。\n二是培训不够。\n")
    rows = build_report(Document("t.txt", "0" * 64, text, "text"), default_index())
    assert [s["label"] for s in rows.sections if s["label"]].count("一是") == 2
    assert rows.terms["复议"] == 4 and rows.terms["完善"] == 2
    assert not {"一是", "二是", "报告", "司法局", "来源"} & set(rows.terms)


def test_a_report_printed_in_traditional_characters_is_stored_and_found_in_simplified(special_db):
    conn = sqlite3.connect(special_db)
    (traditional,) = conn.execute("SELECT id FROM reports WHERE source_file = 'traditional.txt'").fetchone()
    (seed,) = SEEDS.glob("003_*")
    stored = conn.execute("SELECT heading, body FROM sections WHERE report_id = ? ORDER BY seq", [traditional]).fetchall()
    from_seed = build_report(Document(seed.name, "0" * 64, seed.read_text(encoding="utf-8"), "text"), default_index())
    # OpenCC's round trip gives back the seed's wording but for a rare variant (批复 → 批覆 → 批覆),
    # so the report has the seed's outline and text.
    expected = [(s["heading"], s["body"]) for s in from_seed.sections]
    assert [heading for heading, _ in stored] == [heading for heading, _ in expected]
    stored_text, seed_text = "".join(b for _, b in stored), "".join(b for _, b in expected)
    assert len(stored_text) == len(seed_text)
    assert sum(a != b for a, b in zip(stored_text, seed_text)) <= len(seed_text) / 1000
    assert conn.execute("SELECT message FROM build_warnings WHERE file = 'traditional.txt' AND severity = 'info'"
                        ).fetchall() == [("printed in traditional characters; read as simplified",)]
    for query in ("行政执法", "行政執法"):
        reports_found = {conn.execute("SELECT report_id FROM sections WHERE id = ?", [sid]).fetchone()[0]
                         for sid in found_ids(conn, query)}
        assert traditional in reports_found, query


def test_keywords_are_the_tfidf_of_the_terms_table(built_db):
    conn = sqlite3.connect(built_db)
    reports = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    document_frequency = dict(conn.execute("SELECT term, count(*) FROM terms GROUP BY term"))
    for (report_id,) in conn.execute("SELECT id FROM reports").fetchall():
        counts = dict(conn.execute("SELECT term, count FROM terms WHERE report_id = ?", [report_id]))
        stored = conn.execute("SELECT keyword, weight FROM keywords WHERE report_id = ? ORDER BY weight DESC, keyword",
                              [report_id]).fetchall()
        idf = {term: keywords.inverse_document_frequency(document_frequency[term], reports) for term in counts}
        expected = [(k, round(w, 6)) for k, w in keywords.top_terms(list(counts), list(counts.values()), idf)]
        assert stored == expected and 0 < len(stored) <= keywords.KEYWORDS_PER_REPORT, report_id
        assert all(n >= keywords.MIN_COUNT for n in counts.values())


def test_keywords_ranked_by_several_processes_are_those_ranked_by_one(built_db, monkeypatch):
    monkeypatch.setattr(keywords, "REPORTS_PER_WORKER", 1)  # the seeds are few: split them all the same
    alone = keywords.keyword_rows(built_db, workers=1)
    assert alone == sorted(alone, key=lambda row: row[0]) and len({row[0] for row in alone}) >= 3
    for workers in (2, 3):
        assert keywords.keyword_rows(built_db, workers=workers) == alone


def test_keywords_of_a_database_about_to_change_are_those_of_the_changed_one(built_db, tmp_path, monkeypatch):
    """An update ranks keywords from the previous database, told which reports go and
    what the new ones say: the rows must be those the changed database gives."""
    monkeypatch.setattr(keywords, "REPORTS_PER_WORKER", 1)
    changed_db = tmp_path / "changed.db"
    shutil.copy(built_db, changed_db)
    conn = sqlite3.connect(changed_db)
    gone, edited = [r[0] for r in conn.execute("SELECT id FROM reports ORDER BY id LIMIT 2")]
    edited_terms = dict(conn.execute("SELECT term, count FROM terms WHERE report_id = ? AND term != '法治'", [edited]))
    added = {edited: {**edited_terms, "从未出现的词": 7},
             "0" * 16: {"法治": 9, "从未出现的词": 2, "另一个新词": 3},  # sorts before every stored id
             "z" * 16: dict(list(edited_terms.items())[:5])}
    conn.execute("DELETE FROM terms WHERE report_id IN (?, ?)", [gone, edited])
    conn.execute("DELETE FROM reports WHERE id IN (?, ?)", [gone, edited])
    for report_id, counts in added.items():
        conn.execute("INSERT INTO reports (id) VALUES (?)", [report_id])
        conn.executemany("INSERT INTO terms VALUES (?, ?, ?)", [(report_id, t, n) for t, n in counts.items()])
    conn.commit()
    conn.close()
    expected = keywords.keyword_rows(changed_db, workers=2)
    assert {row[0] for row in expected} >= set(added) and gone not in {row[0] for row in expected}
    for workers in (1, 2):
        assert keywords.keyword_rows(built_db, workers, replaced=[gone, edited], added=added) == expected


async def test_snippets_and_highlights_are_escaped(special_ds):
    page = await special_ds.client.get("/reports/search", params={"q": "alert"})
    data = (await special_ds.client.get("/reports/search.json", params={"q": "alert", "_shape": "array"})).json()
    assert page.status_code == 200 and len(data) == 1
    snippet = data[0]["snippet"]
    assert "<mark>alert</mark>" in snippet and "&lt;script&gt;" in snippet and "<script" not in snippet
    assert "<script>alert" not in page.text and "&lt;script&gt;<mark>alert</mark>" in page.text
    table = await special_ds.client.get("/reports/sections", params={"_search": "粗体"})
    assert table.status_code == 200
    assert "&lt;b&gt;<mark>粗体</mark>标签&lt;/b&gt;" in table.text and "<b>粗体" not in table.text
    amp = await special_ds.client.get("/reports/sections", params={"_search": "A&B"})
    assert "<mark>A&amp;B</mark>" in amp.text and "<i>斜体" not in amp.text


async def test_markup_in_a_query_is_never_markup_in_a_page(special_ds):
    for path, key in (("/reports/sections", "_search"), ("/reports/search", "q")):
        response = await special_ds.client.get(path, params={key: '<img src=x onerror=alert(1)>"'})
        assert response.status_code == 200
        assert "<img src=x" not in response.text


# --- the site: table search box, its JSON, the canned query -------------------------------


async def test_table_search_box_json_and_canned_query_agree(ds, built_db, queries):
    conn = sqlite3.connect(built_db)
    sample = [q for q in queries if found_ids(conn, q)][:12] + ["行政复议", "败诉", "府建"]
    box = await ds.client.get("/reports/sections")
    assert 'name="_search"' in box.text  # the table page has the search box
    for query in sample:
        expected = found_ids(conn, query)
        table = await ds.client.get("/reports/sections.json",
                                    params={"_search": query, "_shape": "array", "_size": "max", "_col": "id"})
        assert table.status_code == 200
        assert {r["id"] for r in table.json()} == expected, query
        page = await ds.client.get("/reports/sections", params={"_search": query})
        assert page.status_code == 200 and f"<h3>{len(expected):,} 条" in page.text, query
        assert f'value="{query}"' in html.unescape(page.text), query
        assert "/reports/search?" + urllib.parse.urlencode({"q": query}) in html.unescape(page.text), query
        canned = await ds.client.get("/reports/search.json", params={"q": query, "_shape": "array"})
        rows = canned.json()
        assert {r["section_id"] for r in rows} <= expected and len(rows) == min(50, len(expected)), query
        assert rows == ranked(sqlite3.connect(built_db), query), query
        assert list(rows[0]) == ["section_id", "report_id", "issuer", "year", "heading", "snippet", "rank"]


async def test_canned_query_links_to_the_report_and_section(ds):
    page = await ds.client.get("/reports/search", params={"q": "行政复议"})
    rows = (await ds.client.get("/reports/search.json", params={"q": "行政复议", "_shape": "array"})).json()
    assert f'href="/reports/reports/{rows[0]["report_id"]}"' in page.text
    assert f'href="/reports/reports/{rows[0]["report_id"]}#s-{rows[0]["section_id"]}"' in page.text
    assert page.text.count("<mark>") >= len(rows)


@pytest.mark.parametrize("query", ["，。！", "“”", "——", " 、 "])
async def test_punctuation_only_queries_get_a_clear_message(ds, query):
    table = await ds.client.get("/reports/sections", params={"_search": query})
    assert table.status_code == 200 and "只有标点" in table.text
    data = await ds.client.get("/reports/sections.json", params={"_search": query})
    assert data.status_code == 200
    assert data.json()["rows"] == [] and "only punctuation" in data.json()["human_description_en"]
    canned = await ds.client.get("/reports/search", params={"q": query})
    assert canned.status_code == 200 and "只有标点" in canned.text
    canned_json = await ds.client.get("/reports/search.json", params={"q": query, "_shape": "array"})
    assert canned_json.status_code == 200 and canned_json.json() == []


async def test_an_empty_query_asks_for_text(ds, built_db):
    canned = await ds.client.get("/reports/search", params={"q": ""})
    assert canned.status_code == 200 and "请输入要查找的文字" in canned.text
    unasked = await ds.client.get("/reports/search")
    assert "填写查询参数" in unasked.text and "没有结果" not in unasked.text
    absent = await ds.client.get("/reports/search", params={"q": "不在任何报告里的字串"})
    assert "没有结果" in absent.text and "填写查询参数" not in absent.text
    table = await ds.client.get("/reports/sections.json", params={"_search": "", "_shape": "array", "_size": "max"})
    assert table.status_code == 200 and len(table.json()) == len(sections_of(built_db))


async def test_a_query_found_nowhere_suggests_the_segmented_query(ds, built_db):
    conn = sqlite3.connect(built_db)
    words = [w for w in ("法治", "政府", "建设", "推进", "行政", "执法", "考核") if found_ids(conn, w)]
    query = next("".join(pair) for pair in zip(words, words[2:] + words[:2])
                 if not found_ids(conn, "".join(pair)) and found_ids(conn, " ".join(pair)))
    suggestion = searchtext.suggested_query(query, keywords.segment)
    assert suggestion and found_ids(conn, suggestion)
    table = await ds.client.get("/reports/sections", params={"_search": query})
    link = "/reports/sections?" + urllib.parse.urlencode({"_search": suggestion})
    assert table.status_code == 200 and f'href="{link}"' in table.text.replace("&amp;", "&")
    data = (await ds.client.get("/reports/sections.json", params={"_search": query})).json()
    assert data["rows"] == [] and suggestion in data["human_description_en"]
    canned = await ds.client.get("/reports/search", params={"q": query})
    assert "/reports/search?" + urllib.parse.urlencode({"q": suggestion}) in canned.text.replace("&amp;", "&")
    assert searchtext.suggested_query(f'"{query}"', keywords.segment) is None  # quoted: exactly this


def test_canned_query_in_metadata_is_the_search_sql_and_runs_in_plain_sqlite(built_db):
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    canned = metadata["databases"]["reports"]["queries"]["search"]
    assert canned["sql"] == searchtext.search_sql()
    assert canned["params"] == ["q", "province", "year", "issuer_type", "part"]
    assert "·" in canned["title"] and "·" in canned["description"]
    conn = sqlite3.connect(built_db)  # no functions registered: plain SQLite
    rows = conn.execute(canned["sql"], {"q": "行政复议", **NO_FILTERS}).fetchall()
    assert {r[0] for r in rows} == exact_ids(sections_of(built_db), "行政复议")


def test_the_sqlite3_command_line_client_runs_the_search(built_db):
    sqlite3_cli = shutil.which("sqlite3")
    if not sqlite3_cli:
        pytest.skip("the sqlite3 command-line client is not installed")
    script = f".parameter set :q '复议 行政'\n{searchtext.search_sql()};\n"
    out = subprocess.run([sqlite3_cli, "-json", str(built_db)], input=script, capture_output=True,
                         text=True, check=True).stdout
    rows = json.loads(out)
    assert {r["section_id"] for r in rows} == exact_ids(sections_of(built_db), "复议 行政")


def test_served_search_json_over_http(served, built_db):
    rows = httpx.get(f"{served}/reports/search.json", params={"q": "行政復議", "_shape": "array"}).json()
    assert rows == ranked(sqlite3.connect(built_db), "行政复议")
    table = httpx.get(f"{served}/reports/sections.json", params={"_search": "，", "_shape": "array"})
    assert table.status_code == 200 and table.json() == []
