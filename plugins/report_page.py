"""The report page: a report's row page reads like the report.

Gives the row template of `reports` its outline, the five required parts
(present or missing), and the same region's other years. Queries take
parameters only.
"""
from datasette import hookimpl
from datasette.utils import urlsafe_components

from fazhi.outline import PART_TITLES, PARTS
from fazhi.site import fetch_dicts


async def report_context(datasette, database, report_id):
    db = datasette.get_database(database)
    reports = await fetch_dicts(db, "select * from reports where id = ?", [report_id])
    if not reports:
        return {}
    report = reports[0]
    sections = await fetch_dicts(db, "select * from sections where report_id = ? order by seq", [report_id])
    present = {s["part"] for s in sections if s["depth"] == 1}
    other_years = await fetch_dicts(
        db, "select id, report_year, title, issuer from reports where region_code = ? and issuer = ? "
            "and id != ? order by report_year", [report["region_code"], report["issuer"], report_id])
    tables = set(await db.table_names())
    extras = {}
    if "keywords" in tables:
        extras["keywords"] = await fetch_dicts(
            db, "select keyword, weight from keywords where report_id = ? order by weight desc limit 20", [report_id])
    if "indicators" in tables:
        extras["indicators"] = await fetch_dicts(
            db, "select i.indicator, i.value, i.unit, i.section_id, f.quantity, f.sentence "
                "from indicators i join facts f on f.id = i.fact_id where i.report_id = ? "
                "order by i.indicator, i.fact_id", [report_id])
    region = await fetch_dicts(db, "select * from regions where code = ?", [report["region_code"]])
    return {
        "report": report,
        "region": region[0] if region else None,
        "sections": sections,
        "parts": [{"part": p, "title": PART_TITLES[p], "present": p in present,
                   "first": next((s["id"] for s in sections if s["part"] == p and s["depth"] == 1), None)}
                  for p in PARTS],
        "other_years": other_years,
        **extras,
    }


@hookimpl
def extra_template_vars(view_name, table, database, request, datasette):
    if view_name != "row" or table != "reports":
        return {}

    async def inner():
        pks = urlsafe_components(request.url_vars["pks"])
        return {"report_page": await report_context(datasette, database, pks[0])}

    return inner
