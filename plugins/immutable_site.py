"""The site serves one immutable database: only reading methods, every page cacheable,
and each page computed once.

Any request other than GET/HEAD/OPTIONS gets 405 (Datasette answers some hostile
POSTs with a 500). Datasette marks table, row and query pages cacheable for
`default_cache_ttl`; the home, browse, about and dashboard pages get the same
Cache-Control here, so a CDN in front of replicas can serve them too.

Because the database never changes, a page is a function of its URL: each
replica keeps the pages it has answered (up to CACHE_MB, least recently used
dropped first) and answers them again from memory, and a page asked for by many
clients at once is computed once while the others wait for it. Requests that
carry cookies, and answers that set one, are not 200, say not to cache them or
exceed LARGEST_PAGE, are never kept.
"""
import asyncio
import re
from collections import OrderedDict

from datasette import hookimpl

READING = {"GET", "HEAD", "OPTIONS"}
CACHE_MB = 64  # per process; the plugin setting response_cache_mb overrides it (0: off)
LARGEST_PAGE = 4 * 1024 * 1024
# What a page says when it must not be kept (Datasette's ?_ttl=0 gives no-cache).
_UNCACHEABLE = re.compile(rb"no-cache|no-store|private|max-age=0\b")


def _refuse_writes(app):
    async def read_only(scope, receive, send):
        if scope["type"] == "http" and scope["method"] not in READING:
            await send({"type": "http.response.start", "status": 405,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                    (b"allow", b"GET, HEAD, OPTIONS")]})
            await send({"type": "http.response.body", "body": "405 只读站点 · read-only site\n".encode()})
            return
        await app(scope, receive, send)
    return read_only


def _cacheable(app, ttl: int):
    header = f"max-age={ttl}".encode()

    async def with_cache_control(scope, receive, send):
        async def send_cacheable(message):
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"cache-control" for name, _ in headers):
                    message = {**message, "headers": headers + [(b"cache-control", header)]}
            await send(message)
        await app(scope, receive, send_cacheable if scope["type"] == "http" else send)
    return with_cache_control


class PageCache:
    """Whole answers to GET requests by URL, least recently used dropped first."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes, self.size = app, max_bytes, 0
        self.pages: OrderedDict[tuple, tuple[dict, bytes]] = OrderedDict()
        self.computing: dict[tuple, asyncio.Future] = {}

    async def __call__(self, scope, receive, send):
        headers = dict(scope.get("headers") or [])
        if scope["type"] != "http" or scope["method"] != "GET" or b"cookie" in headers:
            return await self.app(scope, receive, send)
        key = (scope.get("scheme"), headers.get(b"host"), scope.get("root_path", ""), scope["path"],
               scope.get("query_string", b""))
        while key not in self.pages and key in self.computing:
            await asyncio.shield(self.computing[key])
        if key in self.pages:
            self.pages.move_to_end(key)
            start, body = self.pages[key]
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        self.computing[key] = asyncio.get_running_loop().create_future()
        try:
            await self._answer_and_keep(key, scope, receive, send)
        finally:
            self.computing.pop(key).set_result(None)

    async def _answer_and_keep(self, key, scope, receive, send):
        start, chunks, size, keep = None, [], 0, True

        async def record(message):
            nonlocal start, size, keep
            if message["type"] == "http.response.start":
                start = message
                headers = {name.lower(): value for name, value in message.get("headers", [])}
                keep = (message["status"] == 200 and b"set-cookie" not in headers
                        and not _UNCACHEABLE.search(headers.get(b"cache-control", b"")))
            elif message["type"] == "http.response.body" and keep:
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                keep = size <= LARGEST_PAGE
            await send(message)

        await self.app(scope, receive, record)
        if keep and start is not None:
            body = b"".join(chunks)
            self.pages[key] = ({"type": "http.response.start", "status": start["status"],
                                "headers": list(start.get("headers", []))}, body)
            self.size += len(body)
            while self.size > self.max_bytes and self.pages:
                self.size -= len(self.pages.popitem(last=False)[1][1])


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        ttl = datasette.setting("default_cache_ttl")
        app = _cacheable(app, ttl) if ttl else app
        cache_mb = (datasette.plugin_config("immutable_site") or {}).get("response_cache_mb", CACHE_MB)
        if ttl and cache_mb:  # a site that asks browsers not to cache is not cached here either
            app = PageCache(app, cache_mb * 1024 * 1024)
        return _refuse_writes(app)
    return wrap
