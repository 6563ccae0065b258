"""/sitemap.xml: every report and place, in files of at most 50,000 URLs.

The sitemap protocol allows 50,000 URLs in one file and a national corpus has
more reports than that, so past that size /sitemap.xml is a sitemap index of
/sitemap-1.xml, /sitemap-2.xml … Which paths are listed is the SQL under
`plugins: sitemap` in metadata.yml; robots.txt names /sitemap.xml.
"""
from xml.sax.saxutils import escape

from datasette import NotFound, Response, hookimpl

from fazhi import site

_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


async def _count(datasette) -> int:
    config = datasette.plugin_config("sitemap")
    rows = await datasette.get_database(config["database"]).execute(f"select count(*) from ({config['sql']})")
    return rows.first()[0]


async def _paths(datasette, part: int) -> list[str]:
    """The paths of file `part` (from 0), in the order the SQL gives them."""
    config = datasette.plugin_config("sitemap")
    rows = await datasette.get_database(config["database"]).execute(
        f"select path from ({config['sql']}) limit :limit offset :offset",
        {"limit": site.URLS_PER_SITEMAP, "offset": part * site.URLS_PER_SITEMAP})
    return [row["path"] for row in rows]


def _xml(root: str, entry: str, urls: list[str]) -> Response:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<{root} xmlns="{_NAMESPACE}">',
             *(f"<{entry}><loc>{escape(url)}</loc></{entry}>" for url in urls), f"</{root}>"]
    return Response("\n".join(lines), content_type="application/xml; charset=utf-8")


async def sitemap(datasette, request):
    files = -(-await _count(datasette) // site.URLS_PER_SITEMAP)
    if files <= 1:
        paths = await _paths(datasette, 0)
        return _xml("urlset", "url", [datasette.absolute_url(request, path) for path in paths])
    return _xml("sitemapindex", "sitemap",
                [datasette.absolute_url(request, f"/sitemap-{n}.xml") for n in range(1, files + 1)])


async def sitemap_part(datasette, request):
    paths = await _paths(datasette, int(request.url_vars["n"]) - 1)
    if not paths:
        raise NotFound("No such sitemap file")
    return _xml("urlset", "url", [datasette.absolute_url(request, path) for path in paths])


@hookimpl
def register_routes():
    return [(r"^/sitemap\.xml$", sitemap), (r"^/sitemap-(?P<n>[1-9][0-9]{0,5})\.xml$", sitemap_part)]


@hookimpl
def block_robots_extra_lines(datasette, request):
    return [f"Sitemap: {datasette.absolute_url(request, '/sitemap.xml')}"]
