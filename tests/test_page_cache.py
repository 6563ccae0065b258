"""The page cache of plugins/immutable_site.py: each page computed once, nothing personal kept."""
from __future__ import annotations

import asyncio
import importlib.util

import httpx

from conftest import ROOT

spec = importlib.util.spec_from_file_location("immutable_site", ROOT / "plugins" / "immutable_site.py")
immutable_site = importlib.util.module_from_spec(spec)
spec.loader.exec_module(immutable_site)


class CountingApp:
    """An ASGI app whose answer is the number of times it was asked for that path."""

    def __init__(self, status=200, headers=(), delay=0.0, body_size=0):
        self.calls: dict[str, int] = {}
        self.status, self.headers, self.delay, self.body_size = status, list(headers), delay, body_size

    async def __call__(self, scope, receive, send):
        key = scope["path"] + "?" + scope["query_string"].decode()
        self.calls[key] = self.calls.get(key, 0) + 1
        await asyncio.sleep(self.delay)
        await send({"type": "http.response.start", "status": self.status,
                    "headers": [(b"content-type", b"text/plain")] + self.headers})
        await send({"type": "http.response.body", "body": f"{key} #{self.calls[key]}".encode(), "more_body": True})
        await send({"type": "http.response.body", "body": b"x" * self.body_size})


def client(app, max_bytes=1024 * 1024):
    cache = immutable_site.PageCache(app, max_bytes)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=cache), base_url="http://site"), cache


async def test_a_page_is_computed_once_and_answered_again_whole():
    app = CountingApp()
    http, _ = client(app)
    async with http:
        first = await http.get("/reports/reports?province=浙江省")
        second = await http.get("/reports/reports?province=浙江省")
        other = await http.get("/reports/reports?province=辽宁省")
    assert first.text == second.text == "/reports/reports?province=%E6%B5%99%E6%B1%9F%E7%9C%81 #1"
    assert first.headers == second.headers
    assert other.text.endswith("#1")
    assert sorted(app.calls.values()) == [1, 1]


async def test_clients_asking_at_once_wait_for_one_computation():
    app = CountingApp(delay=0.2)
    http, _ = client(app)
    async with http:
        answers = await asyncio.gather(*(http.get("/slow") for _ in range(8)))
    assert {a.text for a in answers} == {"/slow? #1"}
    assert app.calls == {"/slow?": 1}


async def test_hosts_are_kept_apart():
    app = CountingApp()
    http, cache = client(app)
    async with http:
        await http.get("/page", headers={"host": "a.example"})
        await http.get("/page", headers={"host": "b.example"})
    assert app.calls == {"/page?": 2} and len(cache.pages) == 2


async def test_requests_with_cookies_and_answers_that_set_one_fail_or_forbid_it_are_not_kept():
    app = CountingApp()
    http, _ = client(app)
    async with http:
        for _ in range(2):
            await http.get("/mine", headers={"cookie": "ds_actor=x"})
    assert app.calls == {"/mine?": 2}
    for kind in (CountingApp(headers=[(b"set-cookie", b"ds_csrftoken=1")]), CountingApp(status=404),
                 CountingApp(headers=[(b"cache-control", b"no-cache")])):
        http, cache = client(kind)
        async with http:
            answers = [await http.get("/page") for _ in range(2)]
        assert [a.text for a in answers] == ["/page? #1", "/page? #2"] and not cache.pages


async def test_least_recently_used_pages_go_first_when_full():
    app = CountingApp(body_size=400)
    http, cache = client(app, max_bytes=1000)
    async with http:
        for path in ("/a", "/b", "/a", "/c", "/a", "/b"):
            await http.get(path)
    assert app.calls == {"/a?": 1, "/b?": 2, "/c?": 1}  # /b was the oldest when /c came
    assert cache.size <= 1000 and list(cache.pages)[-1][3] == "/b"


async def test_the_site_answers_a_page_again_the_same(ds):
    first = await ds.client.get("/reports/reports.json?_size=2&_sort=id")
    second = await ds.client.get("/reports/reports.json?_size=2&_sort=id")
    assert first.status_code == second.status_code == 200
    assert first.text == second.text and first.headers["cache-control"] == second.headers["cache-control"]


async def test_pages_larger_than_the_limit_are_answered_but_not_kept(monkeypatch):
    monkeypatch.setattr(immutable_site, "LARGEST_PAGE", 100)
    app = CountingApp(body_size=200)
    http, cache = client(app)
    async with http:
        answers = [await http.get("/big") for _ in range(2)]
    assert [len(a.content) for a in answers] == [len("/big? #1") + 200] * 2
    assert app.calls == {"/big?": 2} and not cache.pages
