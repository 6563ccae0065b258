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


async def _query(datasette, sql: str, params: dict | None = None):
    """`sql` run with {paths} standing for the configured query of paths."""
    config = datasette.plugin_config("sitemap")
    return await datasette.get_database(config["database"]).execute(sql.format(paths=config["sql"]), params)


async def _paths(datasette, offset: int, limit: int) -> list[str]:
    """`limit` paths from `offset`, in the order the SQL gives them."""
    rows = await _query(datasette, "select path from ({paths}) limit :limit offset :offset",
                        {"limit": limit, "offset": offset})
    return [row["path"] for row in rows]


def _xml(root: str, entry: str, urls: list[str]) -> Response:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<{root} xmlns="{_NAMESPACE}">',
             *(f"<{entry}><loc>{escape(url)}</loc></{entry}>" for url in urls), f"</{root}>"]
    return Response("\n".join(lines), content_type="application/xml; charset=utf-8")


def _urlset(datasette, request, paths: list[str]) -> Response:
    return _xml("urlset", "url", [datasette.absolute_url(request, path) for path in paths])


async def sitemap(datasette, request):
    """The paths themselves, read once; only past the limit are they counted, for the index."""
    first = await _paths(datasette, 0, site.URLS_PER_SITEMAP + 1)
    if len(first) <= site.URLS_PER_SITEMAP:
        return _urlset(datasette, request, first)
    files = -(-(await _query(datasette, "select count(*) from ({paths})")).first()[0] // site.URLS_PER_SITEMAP)
    return _xml("sitemapindex", "sitemap",
                [datasette.absolute_url(request, f"/sitemap-{n}.xml") for n in range(1, files + 1)])


async def sitemap_part(datasette, request):
    part = int(request.url_vars["n"]) - 1
    paths = await _paths(datasette, part * site.URLS_PER_SITEMAP, site.URLS_PER_SITEMAP)
    if not paths:
        raise NotFound("No such sitemap file")
    return _urlset(datasette, request, paths)


@hookimpl
def register_routes():
    return [(r"^/sitemap\.xml$", sitemap), (r"^/sitemap-(?P<n>[1-9][0-9]{0,5})\.xml$", sitemap_part)]


@hookimpl
def block_robots_extra_lines(datasette, request):
    return [f"Sitemap: {datasette.absolute_url(request, '/sitemap.xml')}"]
