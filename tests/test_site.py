"""The JSON API contract and the pages, through the real Datasette app and over HTTP."""
from __future__ import annotations

import sqlite3

import httpx
import yaml

from conftest import ROOT
from test_extraction import EXPECTED

REPORT_COLUMNS = ["id", "title", "display_title", "issuer", "issuer_type", "region_code", "province", "city", "level",
                  "report_year", "published_date", "signed_date", "doc_number", "index_number",
                  "source_name", "source_url", "retrieved_date", "source_file", "source_format",
                  "source_encoding", "source_sha256", "overrides", "parts_present", "parts_missing",
                  "published_on_time", "char_count"]
SECTION_COLUMNS = ["id", "report_id", "parent_id", "seq", "depth", "ordinal", "label", "heading", "body", "part"]
REGION_COLUMNS = ["code", "name", "full_name", "level", "province", "city", "parent_code", "current"]


async def get_json(ds, path):
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


async def test_reports_json_contract(ds):
    data = await get_json(ds, "/reports/reports.json?_shape=objects&_size=max")
    assert data["columns"] == REPORT_COLUMNS
    by_file = {row["source_file"][:3]: row for row in data["rows"]}
    assert sorted(by_file) == sorted(EXPECTED)
    for prefix, (issuer, code, year, published, doc_number, _) in EXPECTED.items():
        row = by_file[prefix]
        assert (row["issuer"], row["region_code"], row["report_year"], row["published_date"],
                row["doc_number"]) == (issuer, code, year, published, doc_number)
        assert row["char_count"] > 1000


async def test_row_page_and_its_sections(ds):
    rows = await get_json(ds, "/reports/reports.json?_shape=array&source_file__startswith=002")
    report_id = rows[0]["id"]
    row = await get_json(ds, f"/reports/reports/{report_id}.json?_shape=objects")
    assert row["rows"][0]["issuer"] == "杭州市拱墅区人民政府"
    sections = await get_json(ds, f"/reports/sections.json?_shape=objects&report_id={report_id}&_sort=seq&_size=max")
    assert sections["columns"] == SECTION_COLUMNS
    outline_chars = sum(len(s["heading"] or "") + len(s["body"] or "") for s in sections["rows"])
    assert outline_chars <= row["rows"][0]["char_count"] < outline_chars * 1.1  # the text lives in sections
    parts = [s["part"] for s in sections["rows"] if s["depth"] == 1]
    assert parts == ["achievements", "shortcomings", "first_responsible_person", "next_year_plan", "other"]
    ids = {s["id"] for s in sections["rows"]}
    assert all(s["parent_id"] in ids for s in sections["rows"] if s["parent_id"])
    page = await ds.client.get(f"/reports/reports/{report_id}")
    assert page.status_code == 200 and "杭州市拱墅区人民政府" in page.text


async def test_facets_by_province_year_level(ds):
    data = await get_json(ds, "/reports/reports.json?_facet=province&_facet=report_year&_facet=level")
    facets = data["facet_results"]
    province = {f["value"]: f["count"] for f in facets["province"]["results"]}
    assert province == {"浙江省": 4, "辽宁省": 1}
    years = {f["value"]: f["count"] for f in facets["report_year"]["results"]}
    assert years == {2021: 3, 2020: 1, 2024: 1}
    assert {f["value"]: f["count"] for f in facets["level"]["results"]} == {"county": 5}


async def test_regions_table_and_foreign_key_labels(ds):
    data = await get_json(ds, "/reports/regions.json?_shape=objects&code=330103")
    assert data["columns"] == REGION_COLUMNS
    assert data["rows"][0]["full_name"] == "浙江省杭州市下城区"
    expanded = await get_json(ds, "/reports/reports.json?_shape=objects&_labels=on&region_code=330112")
    assert expanded["rows"][0]["region_code"] == {"value": "330112", "label": "浙江省杭州市临安区"}


async def test_every_table_and_column_is_described(ds, built_db):
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    tables = metadata["databases"]["reports"]["tables"]
    conn = sqlite3.connect(built_db)
    tables_sql = dict(conn.execute("select name, sql from sqlite_master where type = 'table'"))
    virtual = [n for n, sql in tables_sql.items() if sql.upper().startswith("CREATE VIRTUAL TABLE")]
    internal = set(virtual) | {n for n in tables_sql if any(n.startswith(v + "_") for v in virtual)}
    for name in sorted(set(tables_sql) - internal):
        assert name in tables, f"table {name} is not described in metadata.yml"
        columns = [r[1] for r in conn.execute(f"pragma table_info([{name}])")]
        described = tables[name]["columns"]
        assert set(columns) <= set(described), (name, set(columns) - set(described))
        assert all("·" in text for text in described.values()), name  # Chinese · English
    assert {"regions", "reports", "sections", "build_warnings"} <= set(tables)
    for key in ("license", "source", "title"):
        assert metadata[key]


async def test_site_is_read_only(ds):
    response = await ds.client.post("/reports/reports/-/insert", json={"row": {"id": "x"}})
    assert response.status_code in (403, 404, 405)
    sql = await ds.client.get("/reports.json?sql=delete+from+reports")
    assert sql.status_code in (400, 403) or "error" in sql.json()
    count = await get_json(ds, "/reports.json?sql=select+count(*)+as+n+from+reports&_shape=array")
    assert count[0]["n"] == len(EXPECTED)


def test_served_over_http_by_the_procfile_command(served):
    rows = httpx.get(f"{served}/reports/reports.json?_shape=array&_col=issuer&_sort=id").json()
    assert sorted(r["issuer"] for r in rows) == sorted(e[0] for e in EXPECTED.values())
    home = httpx.get(served + "/")
    assert home.status_code == 200 and "法治政府建设年度报告" in home.text
    settings = httpx.get(served + "/-/settings.json").json()
    assert settings["sql_time_limit_ms"] <= 5000 and settings["max_returned_rows"] <= 2000
    databases = httpx.get(served + "/-/databases.json").json()
    assert databases[0]["is_mutable"] is False
