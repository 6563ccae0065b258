"""Shared fixtures: the seeds built once into a database, served the real way."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
import yaml
from datasette.app import DEFAULT_SETTINGS, Datasette

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
sys.path.insert(0, str(ROOT))


def seed_text(prefix: str) -> str:
    """The text of the seed file whose name starts with `prefix` (000 … 004)."""
    (path,) = SEEDS.glob(f"{prefix}_*")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    import build
    from fazhi import db as database

    db_path = tmp_path_factory.mktemp("site") / "reports.db"
    summary = build.build(SEEDS, db_path, progress=lambda message: None)
    assert summary["reports"] == len(build.input_files(SEEDS))
    database.write_inspect_file(db_path)
    return db_path


def procfile_settings() -> dict:
    """The --setting pairs of the Procfile's web: line, so the test app is configured as served."""
    words = (ROOT / "Procfile").read_text().split()
    switches = {"on": True, "true": True, "1": True, "off": False, "false": False, "0": False}

    def value(name, text):  # as `datasette serve` reads it: booleans as switches, numbers as numbers
        if isinstance(DEFAULT_SETTINGS[name], bool):
            return switches[text.lower()]
        return int(text) if text.isdigit() else text

    return {words[i + 1]: value(words[i + 1], words[i + 2]) for i, word in enumerate(words) if word == "--setting"}


@pytest_asyncio.fixture
async def ds(built_db) -> Datasette:
    """A Datasette app configured exactly as the Procfile serves it."""
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    inspect_data = json.loads(built_db.with_name("inspect-data.json").read_text())
    app = Datasette([], immutables=[str(built_db)], metadata=metadata, inspect_data=inspect_data,
                    plugins_dir=str(ROOT / "plugins"), template_dir=str(ROOT / "templates"),
                    static_mounts=[("static", str(ROOT / "static"))],
                    settings=procfile_settings())
    await app.invoke_startup()
    return app


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db_path: Path, site: Path):
    """Start the Procfile's web: line in `site` (a copy of the project) serving `db_path`.

    Returns (url, stop); the database and its inspect file are copied to data/.
    """
    for name in ("metadata.yml", "Procfile"):
        shutil.copy(ROOT / name, site / name)
    for folder in ("plugins", "templates", "static"):
        shutil.copytree(ROOT / folder, site / folder)
    (site / "data").mkdir()
    shutil.copy(db_path, site / "data" / "reports.db")
    shutil.copy(db_path.with_name("inspect-data.json"), site / "data" / "inspect-data.json")
    command = (ROOT / "Procfile").read_text().split("web:", 1)[1].strip()
    port = _free_port()
    env = dict(os.environ, PORT=str(port),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    process = subprocess.Popen(command, shell=True, cwd=site, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/-/versions.json", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        raise RuntimeError("served site did not start:\n" + process.stdout.read().decode())

    def stop():
        os.killpg(process.pid, 15)
        process.wait(timeout=10)

    return url, stop


@pytest.fixture(scope="session")
def served(built_db, tmp_path_factory) -> str:
    """The seeds' database served over real HTTP by the Procfile command."""
    url, stop = serve(built_db, tmp_path_factory.mktemp("served"))
    yield url
    stop()


def pytest_collection_modifyitems(items):
    """Browser tests run last: Playwright's sync API keeps an event loop running in this
    thread for the rest of the session, and async tests cannot start theirs after it."""
    items.sort(key=lambda item: "browser" in getattr(item, "fixturenames", ()))


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = ROOT / "tests" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright; skipped where it is not installed."""
    if not Path(CHROMIUM).exists():
        pytest.skip("browser tests need Debian's chromium (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors, page errors and dialogs (none are expected)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda m: m.type == "error" and tab.problems.append(f"console: {m.text}"))
    tab.on("pageerror", lambda e: tab.problems.append(f"page error: {e}"))
    tab.on("dialog", lambda d: (tab.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield tab
    context.close()


def screenshot(tab, name: str) -> Path:
    """Save a screenshot under tests/screenshots/ for anyone to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path
