"""The site serves one immutable database: only reading methods, and every page cacheable.

Any request other than GET/HEAD/OPTIONS gets 405 (Datasette answers some hostile
POSTs with a 500). Datasette marks table, row and query pages cacheable for
`default_cache_ttl`; the home, browse, about and dashboard pages get the same
Cache-Control here, so a CDN in front of replicas can serve them too.
"""
from datasette import hookimpl

READING = {"GET", "HEAD", "OPTIONS"}


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


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        ttl = datasette.setting("default_cache_ttl")
        return _refuse_writes(_cacheable(app, ttl) if ttl else app)
    return wrap
