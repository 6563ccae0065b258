"""Canned query pages: the query's preset chart on first load, and its reports linked.

datasette-vega draws a chart only once a visitor has picked its settings, and
reads them from the URL fragment (#g.mark=…). A canned query whose metadata has
a `chart:` gets that fragment written before datasette-vega starts, so the page
opens with the chart drawn; a fragment the visitor already has is left alone.
"""
import json
import re
from urllib.parse import quote

from datasette import hookimpl
from markupsafe import Markup

# datasette-vega's settings, in the order it writes them back to the fragment.
CHART_SETTINGS = ("mark", "x_column", "x_type", "y_column", "y_type", "color_column", "size_column")
# What encodeURIComponent leaves as is: the fragment reads the same once datasette-vega rewrites it.
URI_COMPONENT_SAFE = "-_.!~*'()"
REPORT_ID = re.compile(r"[0-9a-f]{16}")


def chart_fragment(chart: dict) -> str:
    """The URL fragment datasette-vega reads `chart` from, e.g. g.mark=bar&g.x_column=%E5%B9%B4%E5%BA%A6."""
    return "&".join(f"g.{setting}={quote(str(chart[setting]), safe=URI_COMPONENT_SAFE)}"
                    for setting in CHART_SETTINGS if chart.get(setting))


@hookimpl
def extra_body_script(template, database, request, datasette):
    if template != "query.html" or request is None:
        return None
    query = (datasette.metadata("queries", database=database, fallback=False) or {}).get(
        request.url_vars.get("table"))
    if not isinstance(query, dict) or not query.get("chart"):
        return None
    fragment = json.dumps(chart_fragment(query["chart"]))
    return f"if (!/(^#|&)g\\./.test(location.hash)) history.replaceState(history.state, '', '#' + {fragment});"


@hookimpl
def render_cell(value, column, table, database, datasette):
    """A report_id in a query's results links to the report."""
    if table is None and column == "report_id" and isinstance(value, str) and REPORT_ID.fullmatch(value):
        return Markup('<a href="{}">{}</a>').format(datasette.urls.row(database, "reports", value), value)
    return None
