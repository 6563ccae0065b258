"""The home page, the browse pages and the about page: what they show, live from the database.

Counts come from the database at request time, and the list of canned queries
and dashboards from the configuration, so the home page never goes stale.
"""
from datasette import hookimpl

from fazhi import site
from fazhi.site import fetch_dicts

DATABASE = "reports"


async def home_context(datasette, request):
    db = datasette.get_database(DATABASE)
    queries = await datasette.get_canned_queries(DATABASE, request.actor)
    dashboards = datasette.plugin_config("datasette-dashboards") or {}
    return {
        "summary": (await fetch_dicts(db, site.SUMMARY_SQL))[0],
        "coverage": site.coverage(await fetch_dicts(db, site.COVERAGE_SQL)),
        "queries": [{"name": name, "title": q.get("title") or name, "description": site.first_sentence(q.get("description")),
                     "url": datasette.urls.query(DATABASE, name)} for name, q in queries.items()],
        "dashboards": [{"title": d.get("title") or slug, "description": site.first_sentence(d.get("description")),
                        "url": datasette.urls.path(f"/-/dashboards/{slug}")} for slug, d in dashboards.items()],
    }


async def browse_context(datasette, request):
    db = datasette.get_database(DATABASE)
    code = request.args.get("code")
    if not code:
        return {"provinces": await fetch_dicts(db, site.PROVINCES_SQL),
                "unplaced": (await fetch_dicts(db, site.UNPLACED_SQL))[0]["reports"]}
    chain = await fetch_dicts(db, site.CHAIN_SQL, {"code": code})
    if not chain:
        return {"chain": []}
    return {"chain": chain, "region": chain[-1],
            **site.browse_tree(code, await fetch_dicts(db, site.REGION_REPORTS_SQL, {"code": code}))}


@hookimpl
def extra_template_vars(view_name, request, datasette):
    if view_name == "index":
        async def home():
            return {"home": await home_context(datasette, request)}
        return home
    if view_name != "page":
        return {}
    # Custom pages get no metadata of their own; the footer and titles need it.
    page = {"metadata": datasette.metadata()}
    if request.path == "/browse":
        async def browse():
            return {**page, "browse": await browse_context(datasette, request)}
        return browse
    if request.path == "/about":
        return {**page, "site_url": datasette.absolute_url(request, "/").rstrip("/")}
    return page
