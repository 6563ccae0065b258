"""A hostile report and hostile visitors: text is shown as text, the site stays read-only and answers."""
from __future__ import annotations

import concurrent.futures
import shutil
import time

import httpx
import pytest
from bs4 import BeautifulSoup

from conftest import SEEDS, procfile_settings, screenshot, serve

PAYLOADS = ["<script>alert('x1')</script>", "<img src=x onerror=alert('x2')>",
            '<a href="javascript:alert(\'x3\')">点此</a>', "&lt;b&gt;实体&lt;/b&gt; &amp; &#x3C;i&#x3E;"]
HOSTILE = ("某县人民政府关于2021年度法治政府建设情况的报告\n"
           f"2021年，{PAYLOADS[0]}我县推进依法行政。\n"
           f"一、主要举措和成效 {PAYLOADS[1]}\n"
           f"全年办理行政复议案件12件。{PAYLOADS[2]}\n"
           f"行政机关负责人出庭应诉率达100%，{PAYLOADS[1]}。\n"
           f"二、存在的不足和原因\n{PAYLOADS[3]}队伍建设有待加强。\n")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    import build
    from fazhi import db as database

    seeds = tmp_path_factory.mktemp("hostile-seeds")
    shutil.copytree(SEEDS, seeds, dirs_exist_ok=True)
    (seeds / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db_path = tmp_path_factory.mktemp("hostile-db") / "reports.db"
    build.build(seeds, db_path, progress=lambda m: None)
    database.write_inspect_file(db_path)
    url, stop = serve(db_path, tmp_path_factory.mktemp("hostile-site"))
    report = httpx.get(f"{url}/reports/reports.json?_shape=array&source_file=hostile.txt").json()[0]
    yield url, report["id"]
    stop()


def hostile_pages(url: str, report_id: str) -> dict[str, bool]:
    """Every kind of page that shows report text → whether it shows the hostile text."""
    return {f"{url}/reports/reports?source_file=hostile.txt": False,  # metadata only; the text is in sections
            f"{url}/reports/reports/{report_id}": True,
            f"{url}/reports/sections?report_id={report_id}": True,
            f"{url}/reports/sections/{report_id}-001": True,
            f"{url}/reports/sections?_search=onerror": True,
            f"{url}/reports/search?q=onerror": True,
            f"{url}/reports/indicator_comparison?indicator=&province=": True,
            f"{url}/reports/facts?report_id={report_id}": True,
            f"{url}/reports?sql=select+body+from+sections+where+report_id+in+(select+id+from+reports+where+source_file+%3D+%3Afile)&file=hostile.txt": True,
            f"{url}/-/dashboards/overview": False}


def test_payloads_are_stored_verbatim(hostile_site):
    url, report_id = hostile_site
    sections = httpx.get(f"{url}/reports/sections.json?_shape=array&_size=max&report_id={report_id}").json()
    text = "\n".join(f"{s['heading'] or ''}\n{s['body'] or ''}" for s in sections)
    for payload in PAYLOADS:
        assert payload in text  # data is kept exactly; escaping is the page's job


def test_every_page_escapes_report_text(hostile_site):
    url, report_id = hostile_site
    for page_url, shows_text in hostile_pages(url, report_id).items():
        response = httpx.get(page_url, follow_redirects=True)
        assert response.status_code == 200, page_url
        soup = BeautifulSoup(response.text, "lxml")
        assert not [s for s in soup.find_all("script") if "alert(" in s.get_text()], page_url
        assert not soup.find_all(lambda tag: any(a.startswith("on") for a in tag.attrs)), page_url
        assert not soup.select('a[href^="javascript:"]'), page_url
        if shows_text:
            assert any(payload in soup.get_text() for payload in PAYLOADS), page_url  # visible as text


def test_json_is_served_as_json(hostile_site):
    url, report_id = hostile_site
    response = httpx.get(f"{url}/reports/sections.json?report_id={report_id}")
    assert response.headers["content-type"].startswith("application/json")


def test_browser_runs_no_script_from_report_text(hostile_site, page):
    url, report_id = hostile_site
    for page_url in hostile_pages(url, report_id):
        page.goto(page_url)
        page.wait_for_load_state("networkidle")
        assert not [p for p in page.problems if p.startswith("dialog")], page_url
        assert page.evaluate("document.querySelectorAll('img[onerror], a[href^=\"javascript:\"]').length") == 0
    page.goto(f"{url}/reports/reports/{report_id}")
    assert "<script>alert('x1')</script>" in page.inner_text("body")  # shown as text
    screenshot(page, "hostile-report")


def test_no_writes_by_any_route(hostile_site):
    url, _ = hostile_site
    for sql in ("delete from reports", "update reports set title = 'x'", "drop table reports",
                "insert into reports (id) values ('x')", "pragma writable_schema = 1", "attach ':memory:' as m"):
        response = httpx.get(f"{url}/reports.json", params={"sql": sql})
        assert response.status_code in (400, 403), sql
        assert response.json()["ok"] is False
    for path in ("/reports/reports", "/reports", "/reports/-/create", "/-/messages"):
        response = httpx.post(url + path, data={"sql": "delete from reports"})
        assert response.status_code in (400, 403, 404, 405), path
    count = httpx.get(f"{url}/reports.json", params={"sql": "select count(*) n from reports", "_shape": "array"})
    assert count.json()[0]["n"] == len(list(SEEDS.iterdir())) + 1


def test_runaway_query_ends_with_a_message_while_others_are_answered(hostile_site):
    url, _ = hostile_site
    runaway = ("with recursive c(x) as (select 1 union all select x + 1 from c) "
               "select count(*) from c")

    def slow():
        started = time.monotonic()
        response = httpx.get(f"{url}/reports.json", params={"sql": runaway}, timeout=30)
        return response, time.monotonic() - started

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        slow_result = pool.submit(slow)
        time.sleep(0.3)
        quick = [httpx.get(f"{url}/reports/reports.json?_size=1", timeout=10) for _ in range(5)]
        response, seconds = slow_result.result()
    assert all(r.status_code == 200 for r in quick)
    assert response.status_code == 400 and "too long" in response.json()["error"]
    assert seconds < 15


def test_every_page_is_cacheable_for_the_configured_ttl(served):
    ttl = procfile_settings()["default_cache_ttl"]
    for path in ("/", "/about", "/browse", "/reports/reports", "/-/dashboards/overview?indicator=x"):
        response = httpx.get(served + path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == f"max-age={ttl}", path
