"""Only reading methods reach the site: any other request gets 405.

The database is served immutable; this also keeps hostile POSTs away from
views that expect none (Datasette answers some of them with a 500).
"""
from datasette import hookimpl

READING = {"GET", "HEAD", "OPTIONS"}


@hookimpl
def asgi_wrapper():
    def wrap(app):
        async def read_only(scope, receive, send):
            if scope["type"] == "http" and scope["method"] not in READING:
                await send({"type": "http.response.start", "status": 405,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                        (b"allow", b"GET, HEAD, OPTIONS")]})
                await send({"type": "http.response.body", "body": "405 只读站点 · read-only site\n".encode()})
                return
            await app(scope, receive, send)
        return read_only
    return wrap
