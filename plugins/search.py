"""Exact search on the site: the sections table's search box, its JSON, and the `search` query.

Thin: how text is folded, split and matched is fazhi.searchtext's, and the SQL is
its MATCHING_SQL with the query as a parameter. This plugin makes ?_search= on
`sections` use it, marks the hits in the table, says so when a query has nothing
to search for, and offers the jieba-segmented query when nothing contains it.
"""
from contextvars import ContextVar
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.filters import FilterArguments
from markupsafe import Markup

from fazhi import searchtext
from fazhi.keywords import segment

SEARCHABLE_TABLE = "sections"
SEARCH_QUERY = "search"
NOTHING_TO_SEARCH = ("搜索词只有标点或空格，请输入要查找的文字。"
                     " · The search has only punctuation or spaces: type the text to find.")
EMPTY_QUERY = "请输入要查找的文字（q）。 · Type the text to find (q)."

# The terms of this request's table search, for render_cell; reset for every request.
_highlight_terms: ContextVar[list[str]] = ContextVar("highlight_terms", default=[])


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def with_fresh_search_terms(scope, receive, send):
            token = _highlight_terms.set([])
            try:
                await app(scope, receive, send)
            finally:
                _highlight_terms.reset(token)
        return with_fresh_search_terms
    return wrap


async def _has_match(db, query: str) -> bool:
    rows = await db.execute(f"SELECT 1 FROM ({searchtext.MATCHING_SQL}) LIMIT 1", {"q": query})
    return bool(rows.rows)


async def _suggestion(db, query: str) -> str | None:
    """The jieba-segmented AND query, if it finds something."""
    suggested = searchtext.suggested_query(query, segment)
    return suggested if suggested and await _has_match(db, suggested) else None


def _is_html(request) -> bool:
    return not request.url_vars.get("format")


def _suggestion_message(query: str, url: str, suggested: str) -> Markup:
    return Markup("没有章节完全包含“{}”。试试分词后的查询：<a href=\"{}\">{}</a>"
                  " · No section contains it exactly; try the segmented query.").format(query, url, suggested)


@hookimpl(trylast=True)  # after Datasette's own search filter, so this one's context wins
def filters_from_request(request, database, table, datasette):
    if table != SEARCHABLE_TABLE:
        return None

    async def inner():
        query = request.args.get("_search", "")
        context = {"supports_search": True, "search": query}
        if not query.strip():
            return FilterArguments([], extra_context=context)
        terms = searchtext.parse_query(query)
        if not terms:
            if _is_html(request):
                datasette.add_message(request, NOTHING_TO_SEARCH, datasette.WARNING)
            return FilterArguments(["0"], human_descriptions=[NOTHING_TO_SEARCH], extra_context=context)
        _highlight_terms.set(terms)
        descriptions = ["search contains " + " and ".join(f"“{term}”" for term in terms)]
        db = datasette.get_database(database)
        if await _has_match(db, query):
            if _is_html(request):
                url = datasette.urls.table(database, SEARCH_QUERY) + "?" + urlencode({"q": query})
                datasette.add_message(request, Markup(
                    "按相关度排序、附命中摘要：<a href=\"{}\">{}</a> · Ranked, with snippets").format(url, query))
        elif suggested := await _suggestion(db, query):
            descriptions.append(f"nothing contains it exactly; try: {suggested}")
            if _is_html(request):
                url = datasette.urls.table(database, table) + "?" + urlencode({"_search": suggested})
                datasette.add_message(request, _suggestion_message(query, url, suggested))
        return FilterArguments([f"rowid IN ({searchtext.MATCHING_SQL})"], {"q": query}, descriptions, context)

    return inner


@hookimpl
def extra_template_vars(template, database, request, datasette):
    """Messages on the `search` query page: nothing to search for, or a suggestion."""
    if template != "query.html" or request is None or request.url_vars.get("table") != SEARCH_QUERY:
        return {}

    async def inner():
        query = request.args.get("q")
        if query is None:
            return {}
        if not searchtext.parse_query(query):
            datasette.add_message(request, NOTHING_TO_SEARCH if query.strip() else EMPTY_QUERY,
                                  datasette.WARNING if query.strip() else datasette.INFO)
            return {}
        db = datasette.get_database(database)
        if not await _has_match(db, query) and (suggested := await _suggestion(db, query)):
            url = datasette.urls.table(database, SEARCH_QUERY) + "?" + urlencode({"q": suggested})
            datasette.add_message(request, _suggestion_message(query, url, suggested))
        return {}

    return inner


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Hits marked in the searched table; query snippets shown with only <mark> as markup;
    a search result's report and section linked."""
    if table == SEARCHABLE_TABLE and column in ("heading", "body") and isinstance(value, str):
        terms = _highlight_terms.get()
        if terms:
            return Markup(searchtext.highlight(value, terms, datasette.setting("truncate_cells_html")))
    is_search_result = table is None and {"section_id", "report_id", "snippet"} <= set(row.keys())
    if is_search_result and isinstance(value, str) and value:
        if column == "snippet":
            return Markup(searchtext.safe_snippet(value))
        if column == "report_id":
            return Markup('<a href="{}">{}</a>').format(datasette.urls.row(database, "reports", value), value)
        if column == "section_id":  # the hit, read in its report
            report_page = datasette.urls.row(database, "reports", row["report_id"])
            return Markup('<a href="{}#s-{}">{}</a>').format(report_page, value, value)
    return None
