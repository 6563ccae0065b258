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
from datasette.app import Datasette

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

    db_path = tmp_path_factory.mktemp("site") / "reports.db"
    summary = build.build(SEEDS, db_path, progress=lambda message: None)
    assert summary["reports"] == len(build.input_files(SEEDS))
    build.write_inspect_file(db_path)
    return db_path


@pytest_asyncio.fixture
async def ds(built_db) -> Datasette:
    """A Datasette app configured exactly as the Procfile serves it."""
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    inspect_data = json.loads(built_db.with_name("inspect-data.json").read_text())
    app = Datasette([], immutables=[str(built_db)], metadata=metadata, inspect_data=inspect_data,
                    plugins_dir=str(ROOT / "plugins"), template_dir=str(ROOT / "templates"),
                    static_mounts=[("static", str(ROOT / "static"))],
                    settings={"sql_time_limit_ms": 3000, "max_returned_rows": 1000})
    await app.invoke_startup()
    return app


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def served(built_db, tmp_path_factory) -> str:
    """The Procfile's web: line, run in a copy of the project with the built database."""
    site = tmp_path_factory.mktemp("served")
    for name in ("metadata.yml", "Procfile"):
        shutil.copy(ROOT / name, site / name)
    for folder in ("plugins", "templates", "static"):
        shutil.copytree(ROOT / folder, site / folder)
    (site / "data").mkdir()
    shutil.copy(built_db, site / "data" / "reports.db")
    shutil.copy(built_db.with_name("inspect-data.json"), site / "data" / "inspect-data.json")
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
    yield url
    os.killpg(process.pid, 15)
    process.wait(timeout=10)
