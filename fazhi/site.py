"""What the public site shows a reader: Chinese labels, the coverage table, the browse tree.

Pure functions over rows, so the site's plugins stay thin and these can be
tested without a server. The SQL they expect is here too, next to the code
that reads its rows; every query takes parameters only.
"""
from __future__ import annotations

import re
from collections import defaultdict

from .outline import PART_TITLES


async def fetch_dicts(db, sql: str, params=None) -> list[dict]:
    """Rows of a parameterized query on a Datasette database, as dicts."""
    return [dict(r) for r in (await db.execute(sql, params or {})).rows]


URLS_PER_SITEMAP = 50_000  # the sitemap protocol's limit for one file

VALUE_TITLES = {
    "level": {"national": "中央", "province": "省级", "city": "地级", "county": "县级", "township": "乡级"},
    "issuer_type": {"government": "人民政府", "department": "政府部门"},
    "part": PART_TITLES,
    "parts_present": PART_TITLES,
    "parts_missing": PART_TITLES,
    "severity": {"error": "未收录", "warning": "有字段无法确定", "info": "清洗修复"},
    "current": {1: "现行", 0: "已撤销"},
    "published_on_time": {1: "按时公开", 0: "逾期公开"},
}
# Datasette's table filters (datasette.filters), by lookup key; "=", "<" and the like read as they are.
FILTER_TITLES = {
    "not": "≠", "contains": "包含", "endswith": "结尾是", "startswith": "开头是",
    "like": "like（% 为通配符）", "notlike": "not like", "glob": "glob（* 为通配符）",
    "in": "属于（逗号分隔）", "notin": "不属于（逗号分隔）", "arraycontains": "列表包含",
    "arraynotcontains": "列表不含", "date": "日期为", "isnull": "为空（null）", "notnull": "不为空（not null）",
    "isblank": "为空或空白", "notblank": "不为空或空白",
}
# The canned queries' parameters (metadata.yml) and the search's result columns, which
# keep the English names researchers script against.
PARAMETER_TITLES = {"q": "检索词", "province": "省份", "year": "报告年度", "issuer_type": "主体类型",
                    "part": "法定部分", "indicator": "指标"}
QUERY_COLUMN_TITLES = {"section_id": "章节", "report_id": "报告", "issuer": "报告主体", "year": "报告年度",
                       "heading": "标题", "snippet": "命中摘要", "rank": "相关度（越小越相关）"}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_GLOSS = re.compile(r"[（(：:，,。；;]")


def chinese_label(description: str | None) -> str | None:
    """'行政区划代码（6位）· 6-digit code' → '行政区划代码'.

    metadata.yml describes every column as "中文 · English"; the Chinese words
    before any gloss make the column's title, so titles and descriptions
    cannot disagree. None when the description has no Chinese title.
    """
    if not description:
        return None
    label = _GLOSS.split(description.split("·")[0], 1)[0].strip()
    return label if _CJK.search(label) else None


def first_sentence(description: str | None) -> str:
    """The first Chinese sentence of a "中文。 · English" description, for one-line lists."""
    chinese = (description or "").split("·")[0].strip()
    end = chinese.find("。")
    return chinese[:end + 1] if end >= 0 else chinese


def value_label(column: str, value) -> str | None:
    """The Chinese reading of a coded value (county → 县级), or None."""
    return VALUE_TITLES.get(column, {}).get(value)


def _year_filter(year: int | None) -> dict:
    return {"report_year": year} if year is not None else {"report_year__isnull": 1}


def _province_filter(province: str | None) -> dict:
    return {"province": province} if province is not None else {"province__isnull": 1}


SUMMARY_SQL = """
select count(*) as reports, count(distinct region_code) as regions,
       min(report_year) as first_year, max(report_year) as last_year,
       max(published_date) as last_published
from reports
"""

COVERAGE_SQL = """
select p.code as province_code, reports.province, reports.report_year, count(*) as reports
from reports left join regions p on p.level = 'province' and p.name = reports.province
group by reports.province, reports.report_year
"""


def coverage(rows: list[dict]) -> dict:
    """Reports counted by province (rows) and report year (columns), newest year first.

    Each cell carries the table filters that list its reports; unknown
    provinces and years get their own row and column rather than vanishing.
    """
    years = sorted({r["report_year"] for r in rows}, key=lambda y: (y is None, -(y or 0)))
    provinces: dict = {}
    for r in rows:
        entry = provinces.setdefault(r["province"], {
            "province": r["province"], "code": r["province_code"], "counts": {}, "total": 0})
        entry["counts"][r["report_year"]] = r["reports"]
        entry["total"] += r["reports"]
    ordered = sorted(provinces.values(), key=lambda p: (p["code"] is None, p["code"] or ""))
    return {
        "years": [{"year": y, "filters": _year_filter(y),
                   "total": sum(r["reports"] for r in rows if r["report_year"] == y)} for y in years],
        "provinces": [dict(p, filters=_province_filter(p["province"]),
                           cells=[{"year": y, "count": p["counts"].get(y, 0),
                                   "filters": {**_province_filter(p["province"]), **_year_filter(y)}}
                                  for y in years]) for p in ordered],
        "total": sum(r["reports"] for r in rows),
    }


PROVINCES_SQL = """
select p.code, p.name, count(reports.id) as reports, count(distinct reports.region_code) as regions,
       min(reports.report_year) as first_year, max(reports.report_year) as last_year
from regions p join reports on reports.province = p.name
where p.level = 'province'
group by p.code order by p.code
"""

UNPLACED_SQL = "select count(*) as reports from reports where region_code is null"

# The region and its ancestors, outermost first.
CHAIN_SQL = """
with recursive chain(code, name, full_name, level, parent_code, current, up) as (
  select code, name, full_name, level, parent_code, current, 0 from regions where code = :code
  union all
  select r.code, r.name, r.full_name, r.level, r.parent_code, r.current, chain.up + 1
  from regions r join chain on r.code = chain.parent_code
)
select code, name, full_name, level, parent_code, current from chain order by up desc
"""

# Reports of the region and of the regions up to two levels below it
# (province → city → county), each with its region and that region's parent.
REGION_REPORTS_SQL = """
with places(code) as (
  select :code
  union select code from regions where parent_code = :code
  union select code from regions where parent_code in (select code from regions where parent_code = :code)
)
select reports.id, reports.report_year, reports.title, reports.issuer, reports.issuer_type,
       reports.published_date, reports.published_on_time,
       r.code as region_code, r.name as region_name,
       r.parent_code as region_parent, r.current as region_current, parent.name as parent_name
from reports join regions r on r.code = reports.region_code
left join regions parent on parent.code = r.parent_code
where reports.region_code in (select code from places)
order by r.code, reports.report_year desc, reports.issuer
"""


def _years(reports: list[dict]) -> list[dict]:
    """Reports grouped by year, newest first: {'year', 'reports'}."""
    by_year: dict = defaultdict(list)
    for report in reports:
        by_year[report["report_year"]].append(report)
    return [{"year": y, "reports": by_year[y]}
            for y in sorted(by_year, key=lambda y: (y is None, -(y or 0)))]


def _place(code: str, name: str) -> dict:
    """A region on a browse page; `current` stays None until one of its own reports says."""
    return {"code": code, "name": name, "current": None, "reports": [], "members": {}}


def browse_tree(code: str, rows: list[dict]) -> dict:
    """The region's own reports by year, and the regions below it that have reports.

    Regions below are grouped by the region's direct child that contains them
    (on a province page: each city with its counties; a county or district
    directly under the province stands alone).
    """
    own = [r for r in rows if r["region_code"] == code]
    children: dict = {}
    for row in rows:
        if row["region_code"] == code:
            continue
        if row["region_parent"] == code:
            place = children.setdefault(row["region_code"], _place(row["region_code"], row["region_name"]))
        else:
            child = children.setdefault(row["region_parent"], _place(row["region_parent"], row["parent_name"]))
            place = child["members"].setdefault(row["region_code"], _place(row["region_code"], row["region_name"]))
        place["current"] = row["region_current"]
        place["reports"].append(row)

    def finish(place: dict) -> dict:
        return dict(place, years=_years(place["reports"]),
                    members=[finish(m) for _, m in sorted(place["members"].items())])

    return {"years": _years(own), "children": [finish(c) for _, c in sorted(children.items())]}
