"""Incremental builds: processing only what changed gives the same database as a full build."""
from __future__ import annotations

import shutil
import sqlite3
import sys

import pytest

from conftest import ROOT, SEEDS

sys.path.insert(0, str(ROOT))
import build  # noqa: E402
from bench.corpus import write_corpus  # noqa: E402
from fazhi import searchtext  # noqa: E402

QUERIES = ["行政复议", "法治政府 建设", "执法", "政", "2021年", "“依法 行政”"]
NO_FILTERS = {"province": "", "year": "", "issuer_type": "", "part": ""}


def quiet(message):
    pass


def contents(db_path) -> dict[str, list[tuple]]:
    """Every table's rows in order, but the search indexes' internal tables; and every
    answer of the search query (all of them: of sections ranked equal at a limit, which
    are cut depends on rowids, and an update gives changed sections new ones)."""
    conn = sqlite3.connect(db_path)
    virtual = [r[0] for r in conn.execute("select name from sqlite_master where sql like 'CREATE VIRTUAL%'")]
    names = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' order by name")
             if r[0] not in virtual and not r[0].startswith(tuple(v + "_" for v in virtual))]
    tables = {name: conn.execute(f"select * from [{name}] order by 1, 2").fetchall() for name in names}
    search = {q: conn.execute(searchtext.search_sql(100_000), {"q": q, **NO_FILTERS}).fetchall() for q in QUERIES}
    return {**tables, "search": search}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """14 generated reports: 13 to build first, one to add later."""
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(SEEDS, out, reports=14, seed=7)
    return out


@pytest.fixture
def seeds(corpus, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(corpus, seeds)
    (seeds / "000" / "000013.txt").rename(tmp_path / "held-back.txt")
    shutil.copy(seeds / "000" / "000010.txt", seeds / "000" / "000010z.txt")  # a duplicate
    return seeds


def assert_same_as_full_build(seeds, db_path, tmp_path):
    full = tmp_path / "full.db"
    build.build(seeds, full, progress=quiet, full=True)
    assert contents(db_path) == contents(full)


def test_adding_changing_and_removing_files_gives_the_full_build(seeds, tmp_path):
    db_path = tmp_path / "reports.db"
    assert not build.build(seeds, db_path, progress=quiet)["incremental"]
    shutil.copy(tmp_path / "held-back.txt", seeds / "000" / "000013.txt")  # added
    changed = seeds / "000" / "000003.txt"
    changed.write_text(changed.read_text("utf-8").replace("一、", "一、（修订）", 1), "utf-8")
    (seeds / "000" / "000005.txt").unlink()  # removed
    (seeds / "000" / "000010.txt").unlink()  # its duplicate's report takes its place
    shutil.copy(seeds / "000" / "000002.txt", seeds / "000" / "000001b.txt")  # sorts first: 000002 is the duplicate

    summary = build.build(seeds, db_path, progress=quiet)
    assert summary["incremental"] and summary["processed"] == 4
    assert_same_as_full_build(seeds, db_path, tmp_path)
    conn = sqlite3.connect(db_path)
    files = {r[0] for r in conn.execute("select source_file from reports")}
    assert {"000/000013.txt", "000/000010z.txt", "000/000001b.txt"} <= files
    assert not files & {"000/000005.txt", "000/000010.txt", "000/000002.txt"}
    assert conn.execute("select message from build_warnings where file = '000/000002.txt'").fetchall() == [
        ("duplicate of 000/000001b.txt: not added again",)]


def test_an_unchanged_corpus_is_not_processed_again(seeds, tmp_path):
    db_path = tmp_path / "reports.db"
    build.build(seeds, db_path, progress=quiet)
    before, stamp = contents(db_path), db_path.stat()
    first = build.build(seeds, db_path, progress=quiet)
    (seeds / "000" / "000004.txt").touch()  # a new mtime, the same bytes
    second = build.build(seeds, db_path, progress=quiet)
    for summary in (first, second):
        assert summary["incremental"] and not summary["changed"] and summary["processed"] == 0
        assert summary["reports"] == 13 and summary["warnings"] >= 1  # the duplicate's, still counted
    assert (db_path.stat().st_ino, db_path.stat().st_mtime_ns) == (stamp.st_ino, stamp.st_mtime_ns)
    assert contents(db_path) == before
    (seeds / "000" / "000004.txt").unlink()
    assert build.build(seeds, db_path, progress=quiet)["changed"]


def test_a_changed_sources_entry_processes_that_file_again(seeds, tmp_path):
    db_path = tmp_path / "reports.db"
    build.build(seeds, db_path, progress=quiet)
    (seeds / "sources.csv").write_text("file,issuer,source_url\n000/000004.txt,某某县人民政府,https://example.gov.cn/4\n",
                                       "utf-8")
    summary = build.build(seeds, db_path, progress=quiet)
    assert summary["incremental"] and summary["processed"] == 1
    row = sqlite3.connect(db_path).execute(
        "select issuer, source_url, overrides from reports where source_file = '000/000004.txt'").fetchone()
    assert row == ("某某县人民政府", "https://example.gov.cn/4", '["issuer"]')
    assert_same_as_full_build(seeds, db_path, tmp_path)


def test_other_code_or_a_replaced_database_means_a_full_build(seeds, tmp_path, monkeypatch):
    db_path = tmp_path / "reports.db"
    build.build(seeds, db_path, progress=quiet)
    monkeypatch.setattr(build, "CODE_VERSION", "other code")
    assert not build.build(seeds, db_path, progress=quiet)["incremental"]
    assert build.build(seeds, db_path, progress=quiet)["incremental"]
    build.build(seeds, tmp_path / "other.db", progress=quiet)
    (tmp_path / "other.db").replace(db_path)  # the manifest no longer describes this file
    assert not build.build(seeds, db_path, progress=quiet)["incremental"]
    assert not build.build(seeds, db_path, progress=quiet, full=True)["incremental"]
