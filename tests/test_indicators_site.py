"""Indicators, compliance, the canned queries and the charts, through the real site.

The seeds' figures are checked through the Datasette app's JSON; each canned
query runs with its parameters (hostile ones are data, never SQL); the overview
dashboard and the charted canned queries are drawn in Chromium, in Chinese.
"""
from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from urllib.parse import parse_qs, unquote, urlsplit

import httpx
import pytest
import yaml
from datasette.app import Datasette

from conftest import ROOT, screenshot
from fazhi.db import atomic_database
from fazhi.outline import PART_TITLES, PARTS
from fazhi.report import compliance
from test_extraction import EXPECTED

METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
QUERIES = METADATA["databases"]["reports"]["queries"]
CHARTED_QUERIES = [name for name, query in QUERIES.items() if query.get("chart")]
DASHBOARD = METADATA["plugins"]["datasette-dashboards"]["overview"]
DEFAULT_INDICATOR = "行政机关负责人出庭应诉率"

# As the seeds state them (the list).
EXPECTED_INDICATORS = {
    "000": {"行政复议调解率": 57.8, "行政诉讼调撤率": 49.1, "行政诉讼败诉率": 6.9, "行政复议纠错率": 6.06,
            "行政机关负责人出庭应诉率": 100},
    "001": {"行政复议新收案件数": 94, "行政复议纠错率": 8.57, "行政诉讼新收案件数": 111, "行政诉讼败诉率": 8.87,
            "行政机关负责人出庭应诉率": 97.65},
    "002": {"行政机关负责人出庭应诉率": 100, "行政复议审结案件数": 494},
    "004": {"行政机关负责人出庭应诉率": 100},
}
# Parts without a top-level heading of their own, and publication by 1 April (None: no date on the page).
EXPECTED_COMPLIANCE = {
    "000": ({"first_responsible_person", "other"}, None),
    "001": ({"other"}, 1),
    "002": (set(), 1),
    "003": ({"first_responsible_person", "other"}, 1),
    "004": ({"first_responsible_person", "other"}, None),
}
PROVINCE = {"000": "浙江省", "001": "浙江省", "002": "浙江省", "003": "浙江省", "004": "辽宁省"}
HOSTILE = ["' OR '1'='1", "x') OR 1=1 --", "1; DROP TABLE reports; --", '" OR ""="']


async def seed_ids(ds) -> dict[str, str]:
    """Seed prefix (000 …) → report id."""
    response = await ds.client.get("/reports/reports.json", params={"_shape": "array", "_col": "source_file"})
    return {row["source_file"][:3]: row["id"] for row in response.json()}


async def query_rows(ds, name: str, **params) -> list[dict]:
    response = await ds.client.get(f"/reports/{name}.json", params={**params, "_shape": "array"})
    assert response.status_code == 200, (name, params, response.text[:300])
    return response.json()


def by_prefix(rows: list[dict], ids: dict[str, str]) -> list[str]:
    prefix_of = {report_id: prefix for prefix, report_id in ids.items()}
    return [prefix_of[row["report_id"]] for row in rows]


def region_names(built_db, prefixes) -> set[str]:
    conn = sqlite3.connect(built_db)
    try:
        return {conn.execute("select full_name from regions where code = ?", [EXPECTED[p][1]]).fetchone()[0]
                for p in prefixes}
    finally:
        conn.close()


# The seeds' indicators and compliance -------------------------------------------

async def test_seed_indicators_through_the_app(ds):
    ids = await seed_ids(ds)
    for prefix, expected in EXPECTED_INDICATORS.items():
        response = await ds.client.get("/reports/indicators.json",
                                       params={"report_id": ids[prefix], "_shape": "array", "_size": "max"})
        stated = {}
        for row in response.json():
            stated.setdefault(row["indicator"], []).append(row["value"])
        for indicator, value in expected.items():
            assert stated.get(indicator) == [pytest.approx(value)], (prefix, indicator, stated.get(indicator))


async def test_seed_compliance_through_the_app(ds):
    response = await ds.client.get("/reports/reports.json", params={
        "_shape": "array", "_col": ["source_file", "parts_present", "parts_missing", "published_on_time"]})
    rows = {row["source_file"][:3]: row for row in response.json()}
    assert set(rows) == set(EXPECTED_COMPLIANCE)
    for prefix, (missing, on_time) in EXPECTED_COMPLIANCE.items():
        row = rows[prefix]
        assert json.loads(row["parts_missing"]) == [p for p in PARTS if p in missing], prefix
        assert json.loads(row["parts_present"]) == [p for p in PARTS if p not in missing], prefix
        assert row["published_on_time"] == on_time, prefix


# Canned queries -------------------------------------------------------------------

def test_canned_queries_are_titled_described_and_take_parameters():
    for name in ("missing_parts", "late_or_undated", "indicator_comparison", "compliance_by_year"):
        query = QUERIES[name]
        chinese, _, english = query["title"].partition(" · ")
        assert chinese and english, name
        assert " · " in query["description"], name
        for param in query["params"]:
            assert f":{param}" in query["sql"], (name, param)
        assert "{" not in query["sql"] and "%s" not in query["sql"], name


async def test_missing_parts_lists_the_reports_and_filters_by_part_province_and_year(ds):
    ids = await seed_ids(ds)
    incomplete = {prefix for prefix, (missing, _) in EXPECTED_COMPLIANCE.items() if missing}
    rows = await query_rows(ds, "missing_parts")
    assert sorted(by_prefix(rows, ids)) == sorted(incomplete)
    for row, prefix in zip(rows, by_prefix(rows, ids)):
        missing = [p for p in PARTS if p in EXPECTED_COMPLIANCE[prefix][0]]
        assert row["缺少的部分"].split("；") == [PART_TITLES[p] for p in missing]
        assert row["缺少部分数"] == len(missing) and row["年度"] == EXPECTED[prefix][2]

    def expected(part="", province="", year=""):
        return {p for p in incomplete if (not part or part in EXPECTED_COMPLIANCE[p][0])
                and (not province or PROVINCE[p] == province) and (not year or EXPECTED[p][2] == int(year))}

    for params in ({"part": "first_responsible_person"}, {"part": "other", "province": "浙江省"},
                   {"province": "辽宁省"}, {"year": "2020"}, {"part": "first_responsible_person", "year": "2021"}):
        assert set(by_prefix(await query_rows(ds, "missing_parts", **params), ids)) == expected(**params), params
    by_title = await query_rows(ds, "missing_parts", part=PART_TITLES["first_responsible_person"])
    assert set(by_prefix(by_title, ids)) == expected(part="first_responsible_person")
    for value in HOSTILE:
        for param in ("part", "province", "year"):
            assert await query_rows(ds, "missing_parts", **{param: "other" + value}) == [], (param, value)


async def test_late_or_undated_lists_the_seeds_without_a_date(ds):
    ids = await seed_ids(ds)
    undated = {prefix for prefix, (_, on_time) in EXPECTED_COMPLIANCE.items() if on_time is None}
    rows = await query_rows(ds, "late_or_undated")
    assert set(by_prefix(rows, ids)) == undated
    assert all(row["情况"] == "发布日期未知" and row["发布日期"] is None for row in rows)
    assert {row["公开期限"] for row in rows} == {f"{EXPECTED[p][2] + 1}-04-01" for p in undated}
    assert await query_rows(ds, "late_or_undated", year="2020") == []
    assert set(by_prefix(await query_rows(ds, "late_or_undated", province="辽宁省"), ids)) == {"004"}
    for value in HOSTILE:
        assert await query_rows(ds, "late_or_undated", year="2021" + value) == []
        assert await query_rows(ds, "late_or_undated", province="浙江省" + value) == []


async def test_late_or_undated_counts_days_after_the_1_april_deadline(tmp_path):
    """The seeds were all published on time: a database of edge cases shows the late branch."""
    cases = [("ontime", 2021, "2022-04-01"), ("late1", 2021, "2022-04-02"), ("late40", 2020, "2021-05-11"),
             ("undated", 2021, None), ("noyear", None, "2022-06-01")]
    db_path = tmp_path / "reports.db"
    with atomic_database(db_path) as target:
        target.db["reports"].insert_all({
            "id": name, "issuer": name, "report_year": year, "published_date": published, "parts_missing": "[]",
            "published_on_time": compliance({"report_year": year, "published_date": published}, [])["published_on_time"],
        } for name, year, published in cases)
    app = Datasette([], immutables=[str(db_path)], metadata=METADATA, plugins_dir=str(ROOT / "plugins"))
    await app.invoke_startup()
    rows = await query_rows(app, "late_or_undated")
    assert [(r["report_id"], r["情况"], r["逾期天数"]) for r in rows] == [
        ("late40", "逾期公开", 40), ("late1", "逾期公开", 1), ("noyear", "年度未知", None),
        ("undated", "发布日期未知", None)]


async def test_indicator_comparison_defaults_to_court_appearance_and_takes_any_indicator(ds, built_db):
    ids = await seed_ids(ds)

    def stating(indicator):
        return {p: v[indicator] for p, v in EXPECTED_INDICATORS.items() if indicator in v}

    for params in ({}, {"indicator": ""}, {"indicator": f" {DEFAULT_INDICATOR} "}):
        rows = await query_rows(ds, "indicator_comparison", **params)
        assert dict(zip(by_prefix(rows, ids), (r["数值"] for r in rows))) == stating(DEFAULT_INDICATOR), params
    assert {r["地区"] for r in rows} == region_names(built_db, stating(DEFAULT_INDICATOR))
    for row, prefix in zip(rows, by_prefix(rows, ids)):
        assert row["指标"] == DEFAULT_INDICATOR and row["单位"] == "%"
        assert (row["报告主体"], row["年度"]) == (EXPECTED[prefix][0], EXPECTED[prefix][2])
        assert f"{row['数值']:g}%" in row["原句"]

    for indicator in ("行政复议纠错率", "Administrative reconsideration correction rate"):
        rows = await query_rows(ds, "indicator_comparison", indicator=indicator)
        assert dict(zip(by_prefix(rows, ids), (r["数值"] for r in rows))) == stating("行政复议纠错率")
    rows = await query_rows(ds, "indicator_comparison", province="辽宁省")
    assert by_prefix(rows, ids) == ["004"]
    for value in HOSTILE:
        assert await query_rows(ds, "indicator_comparison", indicator="行政复议纠错率" + value) == []
        assert await query_rows(ds, "indicator_comparison", province="浙江省" + value) == []


async def test_indicator_comparison_page_links_each_report(ds):
    rows = await query_rows(ds, "indicator_comparison")
    page = await ds.client.get("/reports/indicator_comparison")
    assert page.status_code == 200
    for row in rows:
        assert f'<a href="/reports/reports/{row["report_id"]}">' in page.text


async def test_compliance_by_year_counts_complete_and_on_time_reports(ds):
    rows = await query_rows(ds, "compliance_by_year")
    years = sorted({year for _, _, year, *_ in EXPECTED.values()})
    assert [row["年度"] for row in rows] == [str(year) for year in years]
    for row, year in zip(rows, years):
        reports = [p for p, expected in EXPECTED.items() if expected[2] == year]
        complete = [p for p in reports if not EXPECTED_COMPLIANCE[p][0]]
        dated = [p for p in reports if EXPECTED_COMPLIANCE[p][1] is not None]
        on_time = [p for p in dated if EXPECTED_COMPLIANCE[p][1] == 1]
        assert (row["报告数"], row["五部分齐全"], row["有发布日期"], row["按时公开"]) == (
            len(reports), len(complete), len(dated), len(on_time)), year
        assert row["五部分齐全率（%）"] == round(100 * len(complete) / len(reports), 1)
        assert row["按时公开率（%）"] == round(100 * len(on_time) / len(dated), 1)
    liaoning = await query_rows(ds, "compliance_by_year", province="辽宁省")
    assert [(r["年度"], r["报告数"], r["有发布日期"]) for r in liaoning] == [("2021", 1, 0)]
    for value in HOSTILE:
        assert await query_rows(ds, "compliance_by_year", province="浙江省" + value) == []


# Charts in the browser --------------------------------------------------------------

# Records what is drawn on canvases (datasette-vega draws there) and the URL fragment
# as it was when the page finished parsing, before datasette-vega touched it.
RECORD_DRAWING = """
window.drawnText = [];
const fillText = CanvasRenderingContext2D.prototype.fillText;
CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
  window.drawnText.push(String(text));
  return fillText.call(this, text, ...rest);
};
document.addEventListener("DOMContentLoaded", () => { window.hashWhenParsed = location.hash; });
"""
# True when every distinct CJK character of the text draws a different glyph: missing
# fonts draw the same empty box (tofu) for all of them.
DISTINCT_GLYPHS = """
(text) => {
  const chars = [...new Set(text.replace(/[^\\u4e00-\\u9fff]/g, ""))];
  const glyph = (ch) => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 32;
    const context = canvas.getContext("2d");
    context.font = "24px sans-serif";
    context.fillText(ch, 4, 26);
    return canvas.toDataURL();
  };
  return chars.length > 0 && new Set(chars.map(glyph)).size === chars.length;
}
"""


def fragment_settings(fragment: str) -> dict[str, str]:
    pairs = (bit.split("=", 1) for bit in fragment.lstrip("#").split("&") if bit.startswith("g."))
    return {unquote(key)[2:]: unquote(value) for key, value in pairs}


@pytest.mark.browser
@pytest.mark.parametrize("name", CHARTED_QUERIES)
def test_canned_query_opens_with_its_preset_chart_drawn(served, page, name):
    preset = QUERIES[name]["chart"]
    rows = httpx.get(f"{served}/reports/{name}.json", params={"_shape": "array"}).json()
    assert len(rows) > 1, "datasette-vega charts two rows or more"
    page.add_init_script(RECORD_DRAWING)
    page.goto(f"{served}/reports/{name}")
    page.wait_for_selector("#graphForm ~ div canvas")
    page.wait_for_function("window.drawnText.length > 0")
    page.wait_for_load_state("networkidle")

    assert fragment_settings(page.evaluate("location.hash")) == {k: str(v) for k, v in preset.items()}
    assert page.evaluate("location.hash") == page.evaluate("window.hashWhenParsed")
    assert page.input_value("select[name=x_column]") == preset["x_column"]
    assert page.input_value("select[name=y_column]") == preset["y_column"]
    drawn = page.evaluate("window.drawnText")
    titles = [preset[k] for k in ("x_column", "y_column", "color_column") if preset.get(k)]
    assert set(titles) <= set(drawn), drawn
    category = preset["x_column"] if preset["x_type"] == "ordinal" else preset["y_column"]
    assert {str(row[category]) for row in rows} <= set(drawn), drawn
    assert page.evaluate(DISTINCT_GLYPHS, "".join(titles) + "".join(str(row[category]) for row in rows))
    screenshot(page, f"query-{name}")
    assert not page.problems, page.problems


@pytest.mark.browser
def test_a_chart_the_visitor_chose_is_kept(served, page):
    page.add_init_script(RECORD_DRAWING)
    chosen = "#g.mark=bar&g.x_column=%E5%B9%B4%E5%BA%A6&g.x_type=ordinal&g.y_column=%E6%95%B0%E5%80%BC&g.y_type=quantitative"
    page.goto(f"{served}/reports/indicator_comparison{chosen}")
    page.wait_for_selector("#graphForm ~ div canvas")
    page.wait_for_function("window.drawnText.includes('年度')")
    assert page.evaluate("location.hash") == chosen
    assert page.is_checked("input[name=mark][value=bar]")
    assert not page.problems, page.problems


@pytest.mark.browser
def test_table_pages_offer_datasette_vega_and_empty_ones_do_not_break(served, page):
    page.add_init_script(RECORD_DRAWING)
    page.goto(f"{served}/reports/indicators?indicator={DEFAULT_INDICATOR}")
    page.click("text=显示图表选项")
    assert page.text_content("#graphForm h3") == "图表选项"
    marks = page.locator("#graphForm .radio-buttons label").all_text_contents()
    assert [m.strip() for m in marks] == ["柱状图", "折线图", "散点图"]
    labels = " ".join(page.locator("#graphForm label").all_text_contents())
    for title in ("横轴（X）列", "纵轴（Y）列", "类型", "颜色", "大小"):
        assert title in labels
    assert "数值，分段" in page.locator("select[name=x_type] option").all_text_contents()
    assert not re.search(r"X column|Y column|Numeric|Category|Scatter", page.text_content("#graphForm"))
    page.check("input[name=mark][value=bar]")
    page.select_option("select[name=x_column]", "report_id.label")  # foreign keys come labelled
    page.select_option("select[name=y_column]", "value")
    page.wait_for_selector("#graphForm ~ div canvas")
    page.wait_for_function("window.drawnText.includes('value') && window.drawnText.includes('report_id.label')")
    assert page.text_content(".swap-x-y button") == "交换横轴与纵轴"
    assert page.locator(".vega-actions a").all_text_contents()[:2] == ["保存为 SVG", "保存为 PNG"]
    page.goto(f"{served}/reports/indicators?indicator=没有这个指标")
    page.wait_for_load_state("networkidle")
    assert page.is_visible(".zero-results") and not page.is_visible("text=显示图表选项")
    assert not page.problems, page.problems


def wait_for_metrics(page):
    for slug, chart in DASHBOARD["charts"].items():
        if chart["library"] == "metric":
            page.wait_for_selector(f"#chart-{slug} p")


def dashboard_chart_text(page, slug: str) -> str:
    page.wait_for_selector(f"#chart-{slug} svg.marks")
    return page.text_content(f"#chart-{slug} svg.marks")


@pytest.mark.browser
def test_overview_dashboard_draws_every_chart_in_chinese(served, page, built_db):
    page.goto(f"{served}/-/dashboards/overview")
    page.wait_for_load_state("networkidle")
    assert parse_qs(urlsplit(page.url).query)["indicator"] == [DASHBOARD["filters"]["indicator"]["default"]]
    assert DASHBOARD["title"] in page.inner_text("h1")

    vega_charts = [slug for slug, chart in DASHBOARD["charts"].items() if chart["library"] == "vega-lite"]
    texts = {slug: dashboard_chart_text(page, slug) for slug in vega_charts}
    for slug in vega_charts:
        encoding = DASHBOARD["charts"][slug]["display"]["encoding"]
        for title in (channel.get("title") for channel in encoding.values() if isinstance(channel, dict)):
            assert title is None or title in texts[slug], (slug, title)
    assert all(province in texts["reports_by_province"] for province in PROVINCE.values())
    assert PART_TITLES["other"] in texts["missing_parts"]
    court = [p for p, v in EXPECTED_INDICATORS.items() if DEFAULT_INDICATOR in v]
    assert all(name in texts["indicator_by_region"] for name in region_names(built_db, court))
    conn = sqlite3.connect(built_db)
    keyword_reports = Counter(k for (k,) in conn.execute("select keyword from keywords"))
    conn.close()
    assert keyword_reports.most_common(1)[0][0] in texts["top_keywords"]
    assert page.evaluate(DISTINCT_GLYPHS, "".join(texts.values()))

    complete = sum(not missing for missing, _ in EXPECTED_COMPLIANCE.values())
    dated = [on_time for _, on_time in EXPECTED_COMPLIANCE.values() if on_time is not None]
    wait_for_metrics(page)
    assert page.inner_text("#chart-reports_total").strip() == str(len(EXPECTED))
    assert page.inner_text("#chart-complete_rate").strip() == f"{100 * complete / len(EXPECTED):.1f}%"
    assert page.inner_text("#chart-on_time_rate").strip() == f"{100 * sum(dated) / len(dated):.1f}%"
    screenshot(page, "dashboard")
    assert not page.problems, page.problems

    page.select_option("select#indicator", "行政复议纠错率")
    page.select_option("select#province", "浙江省")
    page.click(".dashboard-filters input[type=submit]")
    page.wait_for_load_state("networkidle")
    corrected = [p for p, v in EXPECTED_INDICATORS.items() if "行政复议纠错率" in v]
    chart = dashboard_chart_text(page, "indicator_by_region")
    wait_for_metrics(page)
    assert all(name in chart for name in region_names(built_db, corrected))
    assert not any(name in chart for name in region_names(built_db, set(court) - set(corrected)))
    assert page.inner_text("#chart-reports_total").strip() == str(sum(p == "浙江省" for p in PROVINCE.values()))
    screenshot(page, "dashboard-filtered")
    assert not page.problems, page.problems


async def test_indicator_definitions_are_published_with_the_tables(ds):
    from fazhi.indicators import INDICATORS

    metadata = (await ds.client.get("/-/metadata.json")).json()
    html = metadata["databases"]["reports"]["tables"]["indicators"]["description_html"]
    page = (await ds.client.get("/reports/indicators")).text
    for indicator in INDICATORS:
        assert indicator.name in html and indicator.definition_zh in html
        assert indicator.definition_zh in page
    assert "映射到规范指标的数据事实" in page  # the table's own description stays
    rows = (await ds.client.get("/reports/indicator_definitions.json?_shape=array&_size=max")).json()
    assert sorted(r["name"] for r in rows) == sorted(i.name for i in INDICATORS)
