"""The one place that writes SQLite.

The database is built in a temporary file beside the target and renamed into
place at the end, so a reader (or a served site) never sees a half-built file
and an interrupted build leaves the previous database untouched.
"""
from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

import sqlite_utils

from .regions import Region

SCHEMA = {
    "regions": {
        "columns": {"code": str, "name": str, "full_name": str, "level": str, "province": str,
                    "city": str, "parent_code": str, "current": int},
        "pk": "code",
        "foreign_keys": [("parent_code", "regions", "code")],
        "indexes": [["name"], ["province"], ["parent_code"]],
    },
    "reports": {
        "columns": {"id": str, "title": str, "issuer": str, "issuer_type": str, "region_code": str,
                    "province": str, "city": str, "level": str, "report_year": int,
                    "published_date": str, "signed_date": str, "doc_number": str,
                    "index_number": str, "source_name": str, "source_url": str,
                    "retrieved_date": str, "source_file": str, "source_format": str,
                    "source_encoding": str, "source_sha256": str, "overrides": str,
                    "parts_present": str, "parts_missing": str, "published_on_time": int,
                    "text": str, "char_count": int},
        "pk": "id",
        "foreign_keys": [("region_code", "regions", "code")],
        "indexes": [["region_code", "report_year"], ["report_year"], ["province", "report_year"],
                    ["issuer_type"], ["published_date"]],
    },
    "sections": {
        "columns": {"id": str, "report_id": str, "parent_id": str, "seq": int, "depth": int,
                    "ordinal": int, "label": str, "heading": str, "body": str, "part": str},
        "pk": "id",
        "foreign_keys": [("report_id", "reports", "id"), ("parent_id", "sections", "id")],
        "indexes": [["report_id", "seq"], ["part"], ["parent_id"]],
    },
    "build_warnings": {
        "columns": {"id": int, "file": str, "severity": str, "message": str},
        "pk": "id",
        "indexes": [["file"], ["severity"]],
    },
}


def _create(db: sqlite_utils.Database, name: str) -> sqlite_utils.db.Table:
    spec = SCHEMA[name]
    table = db[name].create(spec["columns"], pk=spec["pk"], foreign_keys=spec.get("foreign_keys", []))
    return table


def _index(db: sqlite_utils.Database) -> None:
    for name, spec in SCHEMA.items():
        for columns in spec.get("indexes", []):
            db[name].create_index(columns, if_not_exists=True)


def region_rows(regions: Iterable[Region]) -> Iterator[dict]:
    for r in regions:
        yield {"code": r.code, "name": r.name, "full_name": r.full_name, "level": r.level,
               "province": r.province, "city": r.city, "parent_code": r.parent_code,
               "current": int(r.current)}


def _remove_abandoned_temporaries(path: Path) -> None:
    """Delete temporary files of builds that were killed (their process is gone)."""
    for tmp in path.parent.glob(f".{path.name}.tmp-*"):
        pid = tmp.name.rsplit("-", 1)[1]
        if pid.isdigit() and not _process_alive(int(pid)):
            tmp.unlink(missing_ok=True)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():  # a leftover with our pid predates this build
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def atomic_database(path: Path) -> Iterator[sqlite_utils.Database]:
    """A fresh database that replaces `path` only if the block completes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_temporaries(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    conn = sqlite3.connect(tmp)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    db = sqlite_utils.Database(conn)
    try:
        for name in SCHEMA:
            _create(db, name)
        yield db
        _index(db)
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.commit()
        conn.execute("VACUUM")
        conn.close()
        os.replace(tmp, path)
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise


def write_regions(db: sqlite_utils.Database, regions: Iterable[Region]) -> None:
    db["regions"].insert_all(region_rows(regions), batch_size=1000)


def write_report(db: sqlite_utils.Database, report: dict, sections: list[dict]) -> None:
    row = dict(report, **{key: json.dumps(report[key], ensure_ascii=False)
                          for key in ("overrides", "parts_present", "parts_missing")})
    db["reports"].insert(row)
    db["sections"].insert_all(sections, batch_size=500)


def write_warnings(db: sqlite_utils.Database, warnings: Iterable[tuple[str, str, str]]) -> None:
    db["build_warnings"].insert_all(
        ({"id": i, "file": f, "severity": s, "message": m} for i, (f, s, m) in enumerate(warnings, 1)),
        batch_size=1000)
