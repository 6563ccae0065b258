"""The one place that writes SQLite.

The database is built in a temporary file beside the target and renamed into
place at the end, so a reader (or a served site) never sees a half-built file
and an interrupted build leaves the previous database untouched.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sqlite3
import string
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Iterable, Iterator

import sqlite_utils
from datasette.inspect import inspect_hash

from . import searchtext
from .indicators import INDICATORS
from .regions import Region
from .report import ReportRows

SCHEMA = {
    "regions": {
        "columns": {"code": str, "name": str, "full_name": str, "level": str, "province": str,
                    "city": str, "parent_code": str, "current": int},
        "pk": "code",
        "foreign_keys": [("parent_code", "regions", "code")],
        "indexes": [["name"], ["province"], ["parent_code"]],
    },
    "reports": {
        "columns": {"id": str, "title": str, "display_title": str, "issuer": str, "issuer_type": str, "region_code": str,
                    "province": str, "city": str, "level": str, "report_year": int,
                    "published_date": str, "signed_date": str, "doc_number": str,
                    "index_number": str, "source_name": str, "source_url": str,
                    "retrieved_date": str, "source_file": str, "source_format": str,
                    "source_encoding": str, "source_sha256": str, "overrides": str,
                    "parts_present": str, "parts_missing": str, "published_on_time": int,
                    "char_count": int},
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
    "terms": {  # millions of rows: the key is the table itself
        "columns": {"report_id": str, "term": str, "count": int},
        "pk": ("report_id", "term"),
        "foreign_keys": [("report_id", "reports", "id")],
        "indexes": [["term"]],
        "without_rowid": True,
    },
    "keywords": {
        "columns": {"report_id": str, "keyword": str, "weight": float},
        "pk": ("report_id", "keyword"),
        "foreign_keys": [("report_id", "reports", "id")],
        "indexes": [["keyword"]],
    },
    "facts": {
        "columns": {"id": str, "report_id": str, "section_id": str, "field": str, "start": int, "end": int,
                    "quantity": str, "value": float, "unit": str, "qualifier": str, "kind": str,
                    "direction": str, "subject": str, "sentence": str},
        "pk": "id",
        "foreign_keys": [("report_id", "reports", "id"), ("section_id", "sections", "id")],
        "indexes": [["report_id"], ["section_id"], ["unit", "kind"]],
    },
    "indicator_definitions": {
        "columns": {"name": str, "name_en": str, "unit": str, "definition_zh": str, "definition_en": str},
        "pk": "name",
    },
    "indicators": {
        "columns": {"fact_id": str, "report_id": str, "section_id": str, "indicator": str,
                    "value": float, "unit": str},
        "pk": "fact_id",
        "foreign_keys": [("fact_id", "facts", "id"), ("report_id", "reports", "id"),
                         ("section_id", "sections", "id"), ("indicator", "indicator_definitions", "name")],
        "indexes": [["indicator", "report_id"], ["report_id"]],
    },
}


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# The search index (see fazhi.searchtext). sections_fts reads its text from `sections`
# but indexes the folded text that write_report gives it: rebuild it by building the
# database again, never with FTS5's 'rebuild', which would index the unfolded text.
# A gram is one token: every ASCII punctuation mark but the quote is a token character.
_GRAM_TOKENIZER = "ascii tokenchars " + _sql_string(string.punctuation.replace('"', ""))
SEARCH_TABLES = (
    "CREATE TABLE search_chars (char TEXT PRIMARY KEY, folded TEXT NOT NULL, word INTEGER NOT NULL) "
    "WITHOUT ROWID",
    "CREATE INDEX search_chars_folded ON search_chars (folded)",
    "CREATE VIRTUAL TABLE sections_fts USING fts5(body, heading, content='sections', "
    "content_rowid='rowid', tokenize='trigram case_sensitive 1')",
    "CREATE VIRTUAL TABLE sections_grams USING fts5(grams, content='', detail='none', "
    f"tokenize={_sql_string(_GRAM_TOKENIZER)})",
    # Segments are not merged while loading, only when one level holds 64 of them: a
    # 100 MB build ends with a few dozen, which answer as fast as one merged segment.
    *(f"INSERT INTO {table} ({table}, rank) VALUES ('{option}', {value})"
      for table in ("sections_fts", "sections_grams") for option, value in (("automerge", 0), ("crisismerge", 64))),
    f"INSERT INTO sections_fts (sections_fts, rank) VALUES ('rank', 'bm25(1.0, {searchtext.HEADING_WEIGHT})')",
)


# A full build writes each table once, in order, and leaves few free pages; it is
# rewritten compactly (VACUUM, which costs seconds per 100 MB) only if they exceed this share.
FREE_PAGES_WORTH_VACUUM = 0.05

# Each build that updates the database adds one small segment to each search index;
# FTS5 merges them once this many are on one level, so reads stay fast.
INCREMENTAL_AUTOMERGE = 4


def _create(db: sqlite_utils.Database, name: str) -> sqlite_utils.db.Table:
    spec = SCHEMA[name]
    if spec.get("without_rowid"):
        sql = db.create_table_sql(name, spec["columns"], pk=spec["pk"], foreign_keys=spec.get("foreign_keys"))
        db.execute(sql.strip().rstrip(";") + " WITHOUT ROWID")
        return db[name]
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


class Target:
    """What an atomic_database block writes: `db`, the database in the temporary file,
    opened when first asked for, once the copy of the current database is complete."""

    def __init__(self, tmp: Path, copying: multiprocessing.process.BaseProcess | None):
        self.tmp, self.copying, self._db = tmp, copying, None

    @property
    def db(self) -> sqlite_utils.Database:
        if self._db is None:
            if self.copying is not None:
                self.copying.join()
                if self.copying.exitcode:
                    raise OSError(f"could not copy the database to {self.tmp} (exit code {self.copying.exitcode})")
            conn = sqlite3.connect(self.tmp)
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute(f"PRAGMA threads = {os.cpu_count() or 1}")  # CREATE INDEX sorts on every core
            self._db = sqlite_utils.Database(conn)
            if self.copying is None:
                for name in SCHEMA:
                    _create(self._db, name)
                for statement in SEARCH_TABLES:
                    conn.execute(statement)
            else:
                for table in ("sections_fts", "sections_grams"):  # keeps the count of small segments low
                    conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', {INCREMENTAL_AUTOMERGE})")
        return self._db

    def abandon(self) -> None:
        """Stop the copy, close the database and delete the temporary file."""
        if self.copying is not None and self.copying.is_alive():
            self.copying.terminate()
            self.copying.join()
        if self._db is not None:
            self._db.conn.close()
        self.tmp.unlink(missing_ok=True)


@contextmanager
def atomic_database(path: Path, update: bool = False) -> Iterator[Target]:
    """A Target whose database replaces `path` only if the block completes: a fresh one,
    or with `update` a copy of the current one to change (compacted by a later full
    build). The copy is made by a child process while the block reads and ranks: copying
    600 MB takes seconds that an update of a few reports would otherwise wait for."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_temporaries(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    copying = None
    if update:  # forked before the block starts threads or pools of its own
        copying = multiprocessing.get_context("fork").Process(target=shutil.copyfile, args=(path, tmp))
        copying.start()
    target = Target(tmp, copying)
    try:
        yield target
        db = target.db
        _index(db)
        db.conn.execute("PRAGMA journal_mode = DELETE")
        db.conn.commit()
        free, pages = db.conn.execute("SELECT * FROM pragma_freelist_count, pragma_page_count").fetchone()
        if not update and free > pages * FREE_PAGES_WORTH_VACUUM:
            db.conn.execute("VACUUM")
        db.conn.close()
        _replace(tmp, path)
    except BaseException:
        target.abandon()
        raise


def _replace(new: Path, path: Path) -> None:
    """Rename `new` to `path`. Freeing the replaced file's blocks takes the kernel a while
    (0.5 s for 600 MB), so the old file keeps a second name until a thread unlinks it
    while the build finishes."""
    old = path.with_name(f".{path.name}.tmp-old-{os.getpid()}")
    try:
        os.link(path, old)
    except FileNotFoundError:
        old = None
    os.replace(new, path)
    if old is not None:
        threading.Thread(target=old.unlink).start()


def write_regions(db: sqlite_utils.Database, regions: Iterable[Region]) -> None:
    db["regions"].insert_all(region_rows(regions), batch_size=1000)


def write_indicator_definitions(db: sqlite_utils.Database) -> None:
    db["indicator_definitions"].insert_all(asdict(i) for i in INDICATORS)


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict]) -> None:
    """Plain INSERTs inside the build's one transaction: sqlite-utils would commit each
    call, and every commit makes FTS5 write a small segment that must be merged later."""
    if rows:
        columns = list(rows[0])
        conn.executemany(f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
                         f"VALUES ({', '.join(':' + c for c in columns)})", rows)


def write_report(db: sqlite_utils.Database, rows: ReportRows) -> None:
    """A report with its sections, facts, indicators and term counts, and its sections'
    entries in the search index."""
    report = rows.report
    row = dict(report, **{key: json.dumps(report[key], ensure_ascii=False)
                          for key in ("overrides", "parts_present", "parts_missing")})
    conn = db.conn
    _insert(conn, "reports", [row])
    first_rowid = conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM sections").fetchone()[0]
    _insert(conn, "sections", rows.sections)
    _insert(conn, "facts", rows.facts)
    _insert(conn, "indicators", rows.indicators)
    conn.executemany("INSERT INTO terms VALUES (?, ?, ?)",
                     ((report["id"], term, count) for term, count in rows.terms.items()))
    conn.executemany("INSERT INTO sections_fts (rowid, body, heading) VALUES (?, ?, ?)",
                     ((rowid, body, heading) for rowid, (body, heading, _) in enumerate(rows.search, first_rowid)))
    conn.executemany("INSERT INTO sections_grams (rowid, grams) VALUES (?, ?)",
                     ((rowid, grams) for rowid, (_, _, grams) in enumerate(rows.search, first_rowid)))


def remove_reports(db: sqlite_utils.Database, report_ids: Iterable[str]) -> None:
    """Delete reports with every row that belongs to them, and their sections from the
    search index, which must be given the text it indexed to forget it."""
    conn = db.conn
    for report_id in report_ids:
        sections = conn.execute("SELECT rowid, heading, body FROM sections WHERE report_id = ?",
                                [report_id]).fetchall()
        indexed = [(rowid, *searchtext.index_text(heading, body)) for rowid, heading, body in sections]
        conn.executemany("INSERT INTO sections_fts (sections_fts, rowid, body, heading) VALUES ('delete', ?, ?, ?)",
                         ((rowid, body, heading) for rowid, body, heading, _ in indexed))
        conn.executemany("INSERT INTO sections_grams (sections_grams, rowid, grams) VALUES ('delete', ?, ?)",
                         ((rowid, grams) for rowid, _, _, grams in indexed))
        for table in ("indicators", "facts", "keywords", "terms", "sections"):
            conn.execute(f"DELETE FROM [{table}] WHERE report_id = ?", [report_id])
        conn.execute("DELETE FROM reports WHERE id = ?", [report_id])


def write_search_index(db: sqlite_utils.Database, search_chars: list[tuple[str, str, int]]) -> None:
    """Finish the search index once all reports are written: the character table the SQL
    folds queries with (searchtext.char_rows). The indexes' segments stay as loading left
    them: merging them into one (FTS5 'optimize') took 4 s per 100 MB and answered no
    faster at the p95."""
    db.conn.executemany("INSERT INTO search_chars VALUES (?, ?, ?)", search_chars)


def committed(db: sqlite_utils.Database) -> Path:
    """Commit what is written so far, with the index on terms that keyword ranking reads,
    and return the database's file, for processes that read it."""
    db["terms"].create_index(["term"], if_not_exists=True)
    db.conn.commit()
    return Path(db.conn.execute("SELECT file FROM pragma_database_list WHERE name = 'main'").fetchone()[0])


def write_keywords(db: sqlite_utils.Database, rows: list[tuple[str, str, float]]) -> None:
    """Each report's TF-IDF keywords (fazhi.keywords.keyword_rows), in place of the previous build's."""
    db.conn.execute("DELETE FROM keywords")
    db.conn.executemany("INSERT INTO keywords (report_id, keyword, weight) VALUES (?, ?, ?)", rows)


def write_warnings(db: sqlite_utils.Database, warnings: Iterable[tuple[str, str, str]]) -> None:
    """All of the build's warnings, in place of the previous build's."""
    db.conn.execute("DELETE FROM build_warnings")
    _insert(db.conn, "build_warnings",
            [{"id": i, "file": f, "severity": s, "message": m} for i, (f, s, m) in enumerate(warnings, 1)])


def warning_counts(db_path: Path) -> dict[str, int]:
    """The warnings (all but notes) and errors of the build that wrote the database."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    warnings, errors = conn.execute("SELECT count(*) FILTER (WHERE severity != 'info'), "
                                    "count(*) FILTER (WHERE severity = 'error') FROM build_warnings").fetchone()
    conn.close()
    return {"warnings": warnings, "errors": errors}


def inspect_data(db_path: Path) -> dict:
    """What `datasette inspect` reports of the database: its file's hash and size and
    the row count of every table (None where counting fails, as Datasette does). The
    hash reads the whole file, in a thread while the tables are counted."""
    with ThreadPoolExecutor(1) as hashing:
        file_hash = hashing.submit(inspect_hash, db_path)
        conn = sqlite3.connect(f"file:{db_path}?immutable=1", uri=True)
        counts = {}
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
            try:
                counts[table] = {"count": conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]}
            except sqlite3.DatabaseError:
                counts[table] = {"count": None}
        conn.close()
    return {db_path.stem: {"hash": file_hash.result(), "size": db_path.stat().st_size,
                           "file": str(db_path), "tables": counts}}


def write_inspect_file(db_path: Path) -> Path:
    """The inspect file beside the database, so that serving it immutable starts at once
    and never counts rows: written to a temporary file and renamed into place."""
    inspect_path = db_path.with_name("inspect-data.json")
    tmp = inspect_path.with_name(f".{inspect_path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(inspect_data(db_path), indent=2), encoding="utf-8")
    os.replace(tmp, inspect_path)
    return inspect_path
