"""The public site: home, browse, labels, feed, sitemap, robots, the documented API, and a reader's path in Chromium."""
from __future__ import annotations

import datetime
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, SEEDS, screenshot
from fazhi import site
from fazhi.site import browse_tree, chinese_label, coverage, first_sentence, value_label

METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
TABLES = METADATA["databases"]["reports"]["tables"]
README_HOST = "http://localhost:8001"
ATOM = "{http://www.w3.org/2005/Atom}"


def query(db_path, sql, params=()):
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


async def soup_of(ds, path, status=200):
    response = await ds.client.get(path)
    assert response.status_code == status, (path, response.text[:300])
    return BeautifulSoup(response.text, "lxml")


def local(url: str) -> str:
    """The path and query of a link, for the in-process client."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


# Home ------------------------------------------------------------------------

async def test_home_counts_are_the_databases(ds, built_db):
    soup = await soup_of(ds, "/")
    assert "法治政府建设年度报告数据库" in soup.h1.get_text()
    assert soup.select_one("[lang=en]").get_text().strip()
    total = query(built_db, "select count(*) n from reports")[0]["n"]
    assert int(soup.select_one(".total-reports").get_text()) == total
    by_year = {str(r["report_year"]): r["n"] for r in
               query(built_db, "select report_year, count(*) n from reports group by report_year")}
    shown_years = {td["data-year"]: int(td.get_text()) for td in soup.select("td.year-total")}
    assert shown_years == by_year
    by_province = {r["province"] or "区划未知": r["n"] for r in
                   query(built_db, "select province, count(*) n from reports group by province")}
    rows = soup.select("table.coverage tbody tr")
    assert {r.th.get_text(strip=True): int(r.select_one(".row-total").get_text()) for r in rows} == by_province
    for link in soup.select("table.coverage tbody td a"):  # each count lists exactly that many reports
        listed = (await ds.client.get(local(link["href"]).replace("/reports/reports?", "/reports/reports.json?"))).json()
        assert listed["filtered_table_rows_count"] == int(link.get_text()), link["href"]


def test_coverage_keeps_unknown_provinces_and_years_findable():
    table = coverage([{"province_code": "330000", "province": "浙江省", "report_year": 2021, "reports": 2},
                      {"province_code": None, "province": None, "report_year": None, "reports": 1},
                      {"province_code": "330000", "province": "浙江省", "report_year": None, "reports": 3}])
    assert [y["year"] for y in table["years"]] == [2021, None] and table["total"] == 6
    known, unknown = table["provinces"]
    assert (known["total"], [c["count"] for c in known["cells"]]) == (5, [2, 3])
    assert known["cells"][1]["filters"] == {"province": "浙江省", "report_year__isnull": 1}
    assert unknown["filters"] == {"province__isnull": 1} and unknown["total"] == 1


async def test_home_leads_to_search_browse_dashboards_and_every_canned_query(ds):
    soup = await soup_of(ds, "/")
    form = soup.select_one("form.home-search")
    assert form["action"] == "/reports/sections" and form.select_one("input[name=_search]")
    hrefs = {a["href"] for a in soup.select("a[href]")}
    assert {"/browse", "/about", "/reports/reports"} <= hrefs
    for slug in (METADATA.get("plugins") or {}).get("datasette-dashboards") or {}:
        assert f"/-/dashboards/{slug}" in hrefs
    queries = await ds.get_canned_queries("reports", None)
    assert queries, "metadata.yml defines canned queries"
    shown = {dt.a["href"]: (dt.get_text(strip=True), dt.find_next_sibling("dd").get_text(strip=True))
             for dt in soup.select(".home-queries dt")}
    assert shown == {f"/reports/{name}": (q["title"], first_sentence(q.get("description")))
                     for name, q in queries.items()}


# Browse: province → region → year ---------------------------------------------

async def test_browse_reaches_every_report_by_province_region_and_year(ds, built_db):
    soup = await soup_of(ds, "/browse")
    provinces = {a.get_text(strip=True): a["href"] for a in soup.select("ul.provinces a")}
    expected = query(built_db, "select province, count(*) n from reports where province is not null group by province")
    assert set(provinces) == {r["province"] for r in expected}
    for row in expected:
        page = await soup_of(ds, provinces[row["province"]])
        assert page.h1.get_text(strip=True) == row["province"]
        hrefs = {a["href"] for a in page.select("a[href]")}
        reports = query(built_db, "select id, region_code, report_year from reports where province = ?",
                        [row["province"]])
        for report in reports:
            if f"/reports/reports/{report['id']}" in hrefs:
                continue
            region_page = f"/browse?code={report['region_code']}"
            assert f"{region_page}#y{report['report_year']}" in hrefs, report
            region = await soup_of(ds, region_page)
            year = region.select_one(f"#y{report['report_year']}")
            assert year.find_next("a", href=f"/reports/reports/{report['id']}"), report


def browse_row(report_id, year, code, name, parent, parent_name, current=1):
    return {"id": report_id, "report_year": year, "region_code": code, "region_name": name,
            "region_parent": parent, "parent_name": parent_name, "region_current": current}


def test_browse_tree_groups_cities_counties_and_direct_districts():
    rows = [browse_row("a", 2021, "330000", "浙江省", None, None),
            browse_row("b", 2021, "330103", "下城区", "330100", "杭州市", current=0),
            browse_row("c", 2022, "330100", "杭州市", "330000", "浙江省"),
            browse_row("d", 2021, "330100", "杭州市", "330000", "浙江省"),
            browse_row("e", 2021, "330100", "杭州市", "330000", "浙江省"),
            browse_row("f", 2020, "339001", "某直辖县", "330000", "浙江省")]
    tree = browse_tree("330000", rows)
    assert [(y["year"], [r["id"] for r in y["reports"]]) for y in tree["years"]] == [(2021, ["a"])]
    city, county = tree["children"]
    assert (city["code"], city["current"], [(y["year"], len(y["reports"])) for y in city["years"]]) == \
        ("330100", 1, [(2022, 1), (2021, 2)])
    assert [(m["code"], m["current"], m["years"][0]["reports"][0]["id"]) for m in city["members"]] == \
        [("330103", 0, "b")]
    assert (county["code"], county["members"], county["years"][0]["year"]) == ("339001", [], 2020)


async def test_region_page_lists_its_years_and_ancestors(ds, built_db):
    report = query(built_db, "select id, region_code, report_year from reports where region_code is not null limit 1")[0]
    region = query(built_db, "select full_name from regions where code = ?", [report["region_code"]])[0]
    soup = await soup_of(ds, f"/browse?code={report['region_code']}")
    assert soup.h1.get_text(strip=True) == region["full_name"]
    year = soup.select_one(f"h3#y{report['report_year']}")
    assert year.find_next("a", href=f"/reports/reports/{report['id']}")
    crumbs = [a.get_text() for a in soup.select("p.crumbs a")]
    assert crumbs[:2] == ["首页", "按地区浏览"] and len(crumbs) >= 3  # province above the region
    await soup_of(ds, "/browse?code=000001", status=404)


# Chinese labels -----------------------------------------------------------------

def test_chinese_label_is_the_title_before_any_gloss():
    assert chinese_label("行政区划代码（6位）· 6-digit code") == "行政区划代码"
    assert chinese_label("层级：province 省级 / city 地级 · Level") == "层级"
    assert chinese_label("编号原文，如 一、（一）· The marker") == "编号原文"
    assert chinese_label("error / warning · English only") is None
    assert value_label("level", "county") == "县级" and value_label("level", "town") is None
    assert first_sentence("精确查找。多个词用空格分隔。 · Exact search.") == "精确查找。"
    assert first_sentence("最近收录的报告 · The newest reports") == "最近收录的报告"


def test_every_described_column_has_a_chinese_title():
    for table, spec in TABLES.items():
        for column, description in spec.get("columns", {}).items():
            assert chinese_label(description), f"{table}.{column}: description should start with a Chinese title"


async def test_table_page_titles_columns_and_facets_in_chinese(ds):
    soup = await soup_of(ds, "/reports/reports?_facet=level&_facet=province")
    assert soup.h1.get_text(strip=True) == TABLES["reports"]["title"]
    headers = soup.select("table.rows-and-columns th[data-column]")
    assert headers
    for th in headers:
        description = TABLES["reports"]["columns"][th["data-column"]]
        assert th.select_one(".column-zh").get_text() == chinese_label(description)
    facets = {div["data-column"]: div for div in soup.select(".facet-info")}
    assert facets["level"].select_one(".column-zh").get_text() == chinese_label(TABLES["reports"]["columns"]["level"])
    assert "县级" in facets["level"].get_text()
    assert "数据许可" in soup.select_one("footer").get_text()
    for column in ("level", "issuer_type"):
        cells = soup.select(f"td.col-{column}")
        assert cells and all(td.select_one(".value-zh").get_text() == value_label(column, td.get_text().split()[-1])
                             for td in cells), column
    sections = await soup_of(ds, "/reports/sections?_size=5")
    parts = sections.select("td.col-part")
    assert parts and all(td.select_one(".value-zh").get_text() == value_label("part", td.get_text().split()[-1])
                         for td in parts)


async def test_table_page_folds_column_descriptions_and_labels_its_controls_in_chinese(ds):
    soup = await soup_of(ds, "/reports/reports?_size=2")
    descriptions = soup.select_one("details.column-descriptions")
    assert descriptions is not None and not descriptions.has_attr("open")
    assert [dt.get_text() for dt in descriptions.select("dt")] == list(TABLES["reports"]["columns"])
    assert [dd.get_text() for dd in descriptions.select("dd")] == list(TABLES["reports"]["columns"].values())
    form = soup.select_one("form.filters")
    columns = {o["value"]: o.get_text() for o in form.select("select[name=_filter_column] option") if o["value"]}
    assert columns["province"] == f"{chinese_label(TABLES['reports']['columns']['province'])} province"
    lookups = {o["value"]: o.get_text() for o in form.select("select[name=_filter_op] option")}
    assert lookups["contains"] == "包含" and lookups["isnull__1"] == site.FILTER_TITLES["isnull"]
    assert form.select_one("input[type=submit]")["value"] == "应用"
    assert soup.select_one(".next-page a")["href"]
    text = soup.get_text(" ")
    for english in ("Apply", "This data as", "View and edit SQL", "- column -", "JSON shape", "CSV options",
                    "download file", "expand labels", "Export CSV"):
        assert english not in text, english


async def test_the_chinese_filter_form_filters_by_the_column_and_lookup_chosen(ds):
    soup = await soup_of(ds, "/reports/reports")
    form = soup.select_one("form.filters")
    column = next(o["value"] for o in form.select("select[name=_filter_column] option") if "省级行政区" in o.get_text())
    lookup = next(o["value"] for o in form.select("select[name=_filter_op] option") if o.get_text() == "包含")
    response = await ds.client.get("/reports/reports.json", params={
        "_filter_column": column, "_filter_op": lookup, "_filter_value": "浙江", "_shape": "array"})
    assert response.status_code == 302
    rows = (await ds.client.get(response.headers["location"])).json()
    assert rows and {row["province"] for row in rows} == {"浙江省"}


async def test_query_pages_label_parameters_columns_and_controls_in_chinese(ds):
    canned = await ds.get_canned_queries("reports", None)
    for name, spec in canned.items():
        soup = await soup_of(ds, f"/reports/{name}?_hide_sql=1")
        labels = {label.code.get_text(): label.get_text() for label in soup.select("form.sql label")}
        assert set(labels) == set(spec.get("params", [])), name
        for parameter, label in labels.items():
            assert label == f"{site.PARAMETER_TITLES[parameter]} {parameter}", (name, parameter)
    soup = await soup_of(ds, "/reports/search?q=复议")
    headers = {th.get_text(" ", strip=True) for th in soup.select("table.rows-and-columns th")}
    assert headers == {f"{site.QUERY_COLUMN_TITLES[c]} {c}" for c in
                       ("section_id", "report_id", "issuer", "year", "heading", "snippet", "rank")}
    assert soup.select_one("form.sql input[type=submit]")["value"] == "查询"
    sql_page = await soup_of(ds, "/reports?sql=select+1+as+one")
    assert sql_page.select_one("form.sql input[type=submit]")["value"] == "运行 SQL"
    for page in (soup, sql_page):
        text = page.get_text(" ")
        for english in ("Custom SQL query", "Query parameters", "This data as", "Edit SQL", "0 results"):
            assert english not in text, english


async def test_database_row_and_error_pages_speak_chinese(ds, built_db):
    database = await soup_of(ds, "/reports")
    listed = {h3.code.get_text(): h3.a.get_text() for h3 in database.select(".db-table h3")}
    assert listed and all(listed[name] == TABLES[name]["title"] for name in listed if name in TABLES)
    assert database.select_one("form.sql input[type=submit]")["value"] == "运行 SQL"
    fact_id = query(built_db, "SELECT id FROM facts LIMIT 1")[0]["id"]
    row = await soup_of(ds, f"/reports/facts/{fact_id}")
    assert [a.get_text() for a in row.select(".crumbs a")] == ["首页", "数据库", TABLES["facts"]["title"].split(" · ")[0]]
    assert row.h1.get_text().startswith(TABLES["facts"]["title"]) and fact_id in row.h1.get_text()
    assert "指标" in row.select_one("ul a[href*='fact_id']").get_text()
    report_id = query(built_db, "SELECT id FROM reports LIMIT 1")[0]["id"]
    report = await soup_of(ds, f"/reports/reports/{report_id}")
    assert "数据格式" in report.select_one(".raw-row").get_text()
    missing = await soup_of(ds, "/reports/reports/no-such-report", status=404)
    assert missing.h1.get_text().startswith("找不到此页") and missing.select_one("a[href='/']")
    for page in (database, row, report):
        text = page.get_text(" ")
        for english in ("Run SQL", "Format SQL", "This data as", "row from", "rows from", "Download SQLite"):
            assert english not in text, english


async def test_dashboard_pages_speak_chinese(ds):
    dashboards = METADATA["plugins"]["datasette-dashboards"]
    slug = next(iter(dashboards))
    chart = next(iter(dashboards[slug]["charts"]))
    listing = await soup_of(ds, "/-/dashboards")
    redirect = await ds.client.get(f"/-/dashboards/{slug}")  # to the filters' defaults
    view = await soup_of(ds, local(redirect.headers["location"]))
    single = await soup_of(ds, f"/-/dashboards/{slug}/{chart}")
    assert [a.get_text() for a in view.select(".crumbs a")] == ["首页", "图表看板"]
    assert [a.get_text() for a in single.select(".crumbs a")] == ["首页", "图表看板", dashboards[slug]["title"]]
    assert view.select_one(".dashboard-filters input[type=submit]")["value"] == "应用"
    assert listing.h1.get_text().startswith("图表看板")
    for page in (listing, view, single):
        text = page.get_text(" ")
        for english in ("home", "Apply", "Fullscreen", "View and edit SQL"):
            assert english not in text, english


async def test_canned_query_pages_carry_their_titles(ds):
    for name, canned in (await ds.get_canned_queries("reports", None)).items():
        soup = await soup_of(ds, f"/reports/{name}")
        assert canned["title"] in soup.get_text(), name


# Feed, sitemap, robots ----------------------------------------------------------

def first_date(*values):
    for value in values:
        try:
            return datetime.date.fromisoformat((value or "")[:10])
        except ValueError:
            continue
    return None


async def test_atom_feed_lists_the_newest_reports_first(ds, built_db):
    home = await soup_of(ds, "/")
    feed_url = home.select_one('link[rel=alternate][type="application/atom+xml"]')["href"]
    response = await ds.client.get(feed_url)
    assert response.status_code == 200 and "xml" in response.headers["content-type"]
    feed = ET.fromstring(response.content)
    assert feed.findtext(f"{ATOM}title") == METADATA["databases"]["reports"]["queries"]["new_reports"]["title"]
    dated = [(first_date(r["retrieved_date"], r["published_date"], r["signed_date"]), r["id"]) for r in
             query(built_db, "select id, retrieved_date, published_date, signed_date from reports")]
    newest = [rid for day, rid in sorted((d for d in dated if d[0]), key=lambda d: (-d[0].toordinal(), d[1]))][:50]
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id").rsplit(":", 1)[1] for e in entries] == newest
    for entry, report_id in zip(entries, newest):
        link = entry.find(f"{ATOM}link").get("href")
        assert link == f"/reports/reports/{report_id}"
        assert (await ds.client.get(link)).status_code == 200


def robots_rules(text: str) -> list[tuple[bool, str]]:
    return [(kind.strip().lower() == "allow", path.strip()) for kind, path in
            (line.split(":", 1) for line in text.splitlines() if ":" in line)
            if kind.strip().lower() in ("allow", "disallow")]


def robots_allows(rules: list[tuple[bool, str]], path: str) -> bool:
    """RFC 9309 matching: the longest matching rule wins, Allow on a tie; * is any run, a final $ ends."""
    best = (-1, True)
    for allow, pattern in rules:
        regex = "".join(".*" if ch == "*" else "$" if ch == "$" and i == len(pattern) - 1 else re.escape(ch)
                        for i, ch in enumerate(pattern))
        if re.match(regex, path):
            best = max(best, (len(pattern), allow))
    return best[1]


async def test_robots_let_crawlers_read_reports_but_not_query(ds, built_db):
    response = await ds.client.get("/robots.txt")
    assert response.status_code == 200
    rules = robots_rules(response.text)
    report_id = query(built_db, "select id from reports limit 1")[0]["id"]
    for path in ("/", "/about", "/browse", "/browse?code=330000", f"/reports/reports/{report_id}",
                 "/static/site.css", "/-/static/app.css", "/sitemap.xml"):
        assert robots_allows(rules, path), path
    for path in ("/reports", "/reports?sql=select+1", "/reports.json?sql=select+1", "/reports.db",
                 "/reports/reports", "/reports/reports.json", "/reports/reports.csv?_stream=on",
                 f"/reports/reports/{report_id}.json", "/reports/reports?_facet=province",
                 "/reports/sections?_search=%E5%A4%8D%E8%AE%AE", "/reports/search?q=x", "/reports/sections/x-001",
                 "/-/dashboards/overview", "/-/versions.json", "/reports/new_reports"):
        assert not robots_allows(rules, path), path
    assert re.search(r"^Sitemap: https?://[^/]+/sitemap\.xml$", response.text, re.M)


async def test_sitemap_lists_every_report_and_place_and_only_crawlable_pages(ds, built_db):
    response = await ds.client.get("/sitemap.xml")
    assert response.status_code == 200
    locs = [loc.text for loc in ET.fromstring(response.content).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    paths = [local(loc) for loc in locs]
    assert len(set(paths)) == len(paths) and all(loc.isascii() for loc in locs)
    reports = query(built_db, "select id, region_code from reports")
    assert {f"/reports/reports/{r['id']}" for r in reports} <= set(paths)
    assert {f"/browse?code={r['region_code']}" for r in reports if r["region_code"]} <= set(paths)
    assert {"/", "/about", "/browse"} <= set(paths)
    rules = robots_rules((await ds.client.get("/robots.txt")).text)
    for path in paths:
        assert robots_allows(rules, path), path
        assert (await ds.client.get(path)).status_code == 200, path


async def test_a_sitemap_past_the_file_limit_is_an_index_of_files_listing_everything(ds, built_db, monkeypatch):
    urlset = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    everything = [row["path"] for row in query(built_db, METADATA["plugins"]["sitemap"]["sql"])]
    monkeypatch.setattr(site, "URLS_PER_SITEMAP", 7)
    index = ET.fromstring((await ds.client.get("/sitemap.xml")).content)
    assert index.tag == f"{urlset}sitemapindex" and len(everything) > 14
    files = [local(loc.text) for loc in index.iter(f"{urlset}loc")]
    assert files == [f"/sitemap-{n}.xml" for n in range(1, (len(everything) + 6) // 7 + 1)]
    listed = []
    for path in files:
        part = ET.fromstring((await ds.client.get(path)).content)
        assert part.tag == f"{urlset}urlset"
        listed += [local(loc.text) for loc in part.iter(f"{urlset}loc")]
    assert listed == everything
    assert (await ds.client.get(f"/sitemap-{len(files) + 1}.xml")).status_code == 404
    rules = robots_rules((await ds.client.get("/robots.txt")).text)
    assert all(robots_allows(rules, path) for path in files)


# The documented API -----------------------------------------------------------

def readme_api_examples() -> list[tuple[str, str]]:
    """(language, code) of each fenced block under README's ## API, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "\n## API\n" in readme, "README.md has no ## API section"
    section = readme.split("\n## API\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```(sh|python)\n(.*?)^```$", section, flags=re.M | re.S)


def test_readme_api_examples_run_against_the_served_site(served, tmp_path):
    examples = readme_api_examples()
    everything = "\n".join(code for _, code in examples)
    for topic in ("province=", "report_year=", "/reports/search", "indicator", ".csv", "_next", "/reports.db",
                  "sqlite3", "pandas"):
        assert topic in everything, f"README ## API has no example using {topic}"
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    for language, code in examples:
        code = code.replace(README_HOST, served)
        before = set(tmp_path.iterdir())
        command = ["bash", "-euo", "pipefail", "-c", code] if language == "sh" else [sys.executable, "-c", code]
        result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{code}\n{result.stderr}"
        lines = [line for line in result.stdout.splitlines() if line.strip()]
        written = [p for p in set(tmp_path.iterdir()) - before if p.stat().st_size]
        assert lines or written, f"example printed and wrote nothing:\n{code}"
        assert result.stdout.strip() not in ("[]", "{}"), f"example found nothing:\n{code}"
        if ".csv" in code and language == "sh":
            assert len(lines) >= 2, f"CSV example returned only a header:\n{code}"


def test_about_page_shows_the_readme_examples(served):
    soup = BeautifulSoup(httpx.get(served + "/about").text, "lxml")
    shown = [code.get_text().replace(served, README_HOST) for code in soup.select("pre code.example")]
    assert shown == [code.rstrip("\n") for _, code in readme_api_examples()]


async def test_next_pages_through_every_row_once(ds, built_db):
    ids, params = [], {"_size": 7, "_col": "heading", "_shape": "objects"}
    while True:
        page = (await ds.client.get("/reports/sections.json", params=params)).json()
        ids += [row["id"] for row in page["rows"]]
        if not page["next"]:
            break
        params["_next"] = page["next"]
    assert ids == [r["id"] for r in query(built_db, "select id from sections order by id")]


# Stable URLs ---------------------------------------------------------------------

def test_report_urls_survive_a_rebuild_with_moved_files_and_more_reports(built_db, tmp_path):
    import build

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds / "moved")
    (seeds / "extra.txt").write_text("某县人民政府关于2022年度法治政府建设情况的报告\n一、主要举措和成效\n"
                                     "全年办理行政复议案件12件。\n二、存在的不足和原因\n队伍建设有待加强。\n",
                                     encoding="utf-8")
    rebuilt = tmp_path / "reports.db"
    build.build(seeds, rebuilt, progress=lambda message: None)
    before = query(built_db, "select id, source_sha256 from reports")
    after = {r["id"]: r for r in query(rebuilt, "select id, source_sha256 from reports")}
    assert len(after) == len(before) + 1
    assert all(after[r["id"]] == r for r in before)


# A reader in Chromium -------------------------------------------------------------

WIDTHS = {"desktop": 1280, "phone": 375}
SEARCH_TERM = "行政复议"
DASHBOARDS = list((METADATA.get("plugins") or {}).get("datasette-dashboards") or {})


def fits_the_screen(tab) -> bool:
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
@pytest.mark.parametrize("device", WIDTHS)
def test_reader_searches_reads_the_hit_in_its_report_and_opens_the_dashboard(served, page, device):
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    page.goto(served + "/")
    assert "法治政府建设年度报告数据库" in page.inner_text("h1")
    assert "收录情况" in page.inner_text("body") and fits_the_screen(page)
    screenshot(page, f"home-{device}")
    page.emulate_media(media="print")
    assert not page.is_visible("form.home-search") and page.is_visible("table.coverage")
    page.emulate_media(media="screen")

    page.fill("input[name=_search]", SEARCH_TERM)
    page.press("input[name=_search]", "Enter")
    page.wait_for_url(re.compile(r"/reports/sections\?_search="))
    assert SEARCH_TERM in page.inner_text("table.rows-and-columns") and fits_the_screen(page)
    screenshot(page, f"search-{device}")

    hit = page.locator("td.col-id a[href*='#s-']").first
    section_id = hit.get_attribute("href").split("#s-", 1)[1]
    hit.click()
    page.wait_for_url(re.compile(rf"/reports/reports/[0-9a-f]{{16}}#s-{re.escape(section_id)}$"))
    section = page.locator(f"section[id='s-{section_id}']")
    assert SEARCH_TERM in section.inner_text()
    assert page.evaluate("document.querySelector(':target').id") == f"s-{section_id}"
    assert section.bounding_box()["y"] < 900  # scrolled to the section
    assert "法定五部分" in page.inner_text("nav.toc") and fits_the_screen(page)
    screenshot(page, f"report-{device}")

    page.emulate_media(media="print")
    assert not page.is_visible("nav.toc") and not page.is_visible("header")
    assert section.is_visible()
    page.emulate_media(media="screen")

    assert DASHBOARDS, "metadata.yml configures no datasette-dashboards dashboard"
    page.goto(served + "/")
    page.click(f"a[href='/-/dashboards/{DASHBOARDS[0]}']")
    page.wait_for_load_state("networkidle")
    title = METADATA["plugins"]["datasette-dashboards"][DASHBOARDS[0]]["title"]
    assert title in page.inner_text("body") and re.search("[\u4e00-\u9fff]", title) and fits_the_screen(page)
    screenshot(page, f"dashboard-{device}")
    assert not page.problems, page.problems


@pytest.mark.browser
@pytest.mark.parametrize("device", WIDTHS)
def test_reader_browses_province_region_year_and_the_reports_table(served, page, device):
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    page.goto(served + "/")
    page.click("text=按地区浏览")
    page.click("ul.provinces a >> nth=0")
    assert "下辖地区" in page.inner_text("body") and fits_the_screen(page)
    screenshot(page, f"browse-{device}")

    page.click("a.year >> nth=0")
    page.wait_for_url(re.compile(r"/reports/reports/[0-9a-f]{16}$"))
    assert "法定五部分" in page.inner_text("nav.toc") and fits_the_screen(page)

    page.goto(served + "/reports/reports?_facet=province")
    assert "省级行政区" in page.inner_text(".facet-results") and fits_the_screen(page)
    assert not page.is_visible("details.column-descriptions dd")
    page.click("details.column-descriptions summary")
    assert page.is_visible("details.column-descriptions dd")
    page.select_option("select[name=_filter_column]", label="省级行政区 province")
    page.select_option("select[name=_filter_op]", label="包含")
    page.fill("input[name=_filter_value]", "浙江")
    page.click("form.filters input[type=submit]")
    page.wait_for_url(re.compile(r"province__contains="))
    provinces = page.locator("table.rows-and-columns td.col-province").all_inner_texts()
    assert provinces and set(provinces) == {"浙江省"}
    if device == "desktop":  # a phone shows rows as cards, without the headers that hold the column menu
        page.click("th[data-column=issuer] .dropdown-menu-icon")
        assert page.is_visible(".dropdown-menu >> text=按此列分面统计")
        page.click(".dropdown-menu >> text=升序排列")
        page.wait_for_url(re.compile(r"_sort=issuer"))
        issuers = page.locator("table.rows-and-columns td.col-issuer").all_inner_texts()
        assert len(issuers) == len(provinces) and issuers == sorted(issuers)
    page.emulate_media(media="print")
    assert not page.is_visible("form.filters") and page.is_visible("table.rows-and-columns")
    page.emulate_media(media="screen")
    screenshot(page, f"reports-table-{device}")
    assert not page.problems, page.problems
