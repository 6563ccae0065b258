"""The canonical indicators' definitions, published in the site's metadata.

fazhi.indicators is the one list the build maps facts with (and writes into the
`indicator_definitions` table); this hook adds the same definitions to the
`indicators` table's metadata, so metadata.yml's description, the site and
/-/metadata.json can never disagree with the build.
"""
from functools import cache

from datasette import hookimpl
from markupsafe import escape

from fazhi.indicators import INDICATORS


@cache  # Datasette asks for metadata many times per page
def definitions_html() -> str:
    items = "".join(
        f"<li><strong>{escape(i.name)}</strong>（{escape(i.unit)}）{escape(i.definition_zh)} "
        f"<span lang=\"en\">{escape(i.name_en)}: {escape(i.definition_en)}</span></li>"
        for i in INDICATORS)
    return f"<details><summary>指标定义 · Indicator definitions ({len(INDICATORS)})</summary><ul>{items}</ul></details>"


@hookimpl
def get_metadata(datasette, key, database, table):
    return {"databases": {"reports": {"tables": {"indicators": {"description_html": definitions_html()}}}}}
