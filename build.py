"""Build the reports database from the files in seeds/.

    python build.py                      # seeds/ → data/reports.db
    python build.py --seeds DIR --db PATH
    python build.py --strict             # exit 1 if any warning was raised
    python build.py --full               # process every file again, whatever changed

Every file is read, cleaned and parsed on its own (in parallel); one file that
cannot be read becomes a warning and never stops the build. The database is
written to a temporary file and renamed into place at the end. A manifest beside
it (fazhi.manifest) lets the next build process only the files that changed.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

from fazhi import db as database
from fazhi import manifest
from fazhi.keywords import keyword_rows
from fazhi.model import UnreadableInput
from fazhi.read import is_input_file, load_sources, read_document
from fazhi.regions import default_index, load_regions
from fazhi.report import ReportRows, build_report
from fazhi.searchtext import char_rows

ROOT = Path(__file__).resolve().parent
DEFAULT_SEEDS = ROOT / "seeds"
DEFAULT_DB = ROOT / "data" / "reports.db"
CODE_VERSION = manifest.code_version(Path(__file__).resolve())


def process_file(task: tuple[Path, Path, dict]) -> tuple[str, ReportRows | None, list[tuple[str, str]]]:
    """(relative file, rows or None, [(severity, message)]) for one input file."""
    path, root, source = task
    relative = path.relative_to(root).as_posix()
    try:
        document = read_document(path, root)
    except UnreadableInput as error:
        return relative, None, [("error", f"skipped: {error}")]
    except Exception as error:  # a bug on one file must not lose the others
        return relative, None, [("error", f"skipped: unexpected {type(error).__name__}: {error}")]
    try:
        rows = build_report(document, default_index(), source)
    except Exception as error:
        return relative, None, [("error", f"skipped: unexpected {type(error).__name__}: {error}")]
    return relative, rows, [("warning", w) for w in rows.warnings] + [("info", n) for n in rows.notes]


def input_files(seeds: Path) -> list[Path]:
    """Report files under `seeds`, in a stable order; hidden folders are not looked into."""
    files = (p for p in seeds.rglob("*") if p.is_file() and is_input_file(p)
             and not any(part.startswith(".") for part in p.relative_to(seeds).parts[:-1]))
    return sorted(files, key=lambda p: p.relative_to(seeds).as_posix())


def build(seeds: Path, db_path: Path, workers: int | None = None, progress=print, full: bool = False) -> dict:
    """Build `db_path` from `seeds`; returns a summary of what was built.

    When the database's manifest is from this code, only new and changed files are
    processed and a copy of the database is updated: the rows of removed and changed
    files deleted, the new ones added, then the corpus-wide tables (keywords, warnings)
    computed again, which gives the same tables as building from scratch. The copy is
    made while the changed files are read and the keywords ranked from the current
    database. When no
    file or source entry changed, the database is left as it is. `full` ignores the
    manifest.
    """
    started = time.monotonic()
    scanned_ns = time.time_ns()
    sources, source_warnings = load_sources(seeds)
    previous = None if full or not db_path.exists() else manifest.load(db_path, CODE_VERSION)
    files = {p.relative_to(seeds).as_posix(): p for p in input_files(seeds)}
    entries = {relative: manifest.scan(path, sources.get(relative, {}), previous, relative)
               for relative, path in files.items()}
    todo = [(files[r], seeds, e.source) for r, e in entries.items() if not e.processed]
    if previous is not None and previous.describes(entries, source_warnings):
        for name, entry in entries.items():  # nothing to do: the database stays as it is
            entry.kept = previous.files[name].kept
        manifest.save(db_path, manifest.Manifest(CODE_VERSION, [], scanned_ns, entries, source_warnings))
        return {"files": len(entries), "reports": sum(e.kept for e in entries.values()), "processed": 0,
                "incremental": True, "changed": False, **database.warning_counts(db_path),
                "seconds": round(time.monotonic() - started, 2), "db": str(db_path)}
    warnings: list[tuple[str, str, str]] = [("sources", "warning", w) for w in source_warnings]
    kept_by_text: dict[str, str] = {}  # hash of a kept report's text, and its id → its file
    additions: list[ReportRows] = []
    reread = 0
    cores = workers or multiprocessing.cpu_count()
    workers = min(len(todo), cores) or 1
    with database.atomic_database(db_path, update=previous is not None) as target:
        if todo:  # built once here, inherited by the forked workers
            default_index()
        if previous is None:
            database.write_regions(target.db, load_regions())
            database.write_indicator_definitions(target.db)
        # Workers run niced: the one process that writes SQLite is the build's longest path, so
        # it gets a whole core whenever it has work, and the workers use what it leaves.
        with multiprocessing.get_context("fork").Pool(workers, os.nice, (10,)) if workers > 1 else _Serial() as pool:
            # The table the search SQL folds queries with depends on no report: one worker makes it.
            search_chars = pool.apply_async(char_rows) if previous is None else None
            results = pool.imap(process_file, todo, chunksize=8)
            for n, (relative, entry) in enumerate(entries.items(), 1):
                if n % 500 == 0:
                    progress(f"  {n}/{len(entries)} files, {time.monotonic() - started:.0f}s")
                rows = None
                if not entry.processed:
                    _, rows, problems = next(results)
                    entry.record(rows.report["id"] if rows else None, rows.text_sha256 if rows else None,
                                 problems)
                    for severity, message in problems:
                        progress(f"  {severity}: {relative}: {message}")
                duplicate_of = entry.report_id and (kept_by_text.get(entry.text_sha256)
                                                    or kept_by_text.get(entry.report_id))
                entry.kept = bool(entry.report_id and not duplicate_of)
                if duplicate_of:
                    warnings.append((relative, "warning", f"duplicate of {duplicate_of}: not added again"))
                    progress(f"  warning: {relative}: duplicate of {duplicate_of}: not added again")
                else:
                    warnings += [(relative, severity, message) for severity, message in entry.problems]
                if not entry.kept:
                    continue
                kept_by_text[entry.text_sha256] = kept_by_text[entry.report_id] = relative
                if previous and _rows_stay(previous.files.get(relative), entry):
                    continue  # its rows are in the database already
                if rows is None:  # unchanged, but the report it duplicated is gone
                    rows = process_file((files[relative], seeds, entry.source))[1]
                    reread += 1
                if previous is None:
                    database.write_report(target.db, rows)
                else:
                    additions.append(rows)
            search_chars = search_chars and search_chars.get()
        progress(f"  {len(entries)} files read, {time.monotonic() - started:.0f}s; writing corpus-wide tables")
        if previous is None:
            database.write_search_index(target.db, search_chars)
            keywords = keyword_rows(database.committed(target.db), cores)
        else:  # ranked from the current database while its copy is being made
            replaced = [before.report_id for relative, before in previous.files.items()
                        if before.kept and not _rows_stay(before, entries.get(relative))]
            keywords = keyword_rows(db_path, cores, replaced, {rows.report["id"]: rows.terms for rows in additions})
            database.remove_reports(target.db, replaced)
            for rows in additions:
                database.write_report(target.db, rows)
        database.write_warnings(target.db, warnings)
        database.write_keywords(target.db, keywords)
        progress(f"  keywords written, {time.monotonic() - started:.0f}s; indexing and compacting")
    manifest.save(db_path, manifest.Manifest(CODE_VERSION, [], scanned_ns, entries, source_warnings))
    return {"files": len(entries), "reports": sum(e.kept for e in entries.values()),
            "processed": len(todo) + reread,
            "incremental": previous is not None, "changed": True,
            "warnings": sum(1 for w in warnings if w[1] != "info"),
            "errors": sum(1 for w in warnings if w[1] == "error"),
            "seconds": round(time.monotonic() - started, 2), "db": str(db_path)}


def _rows_stay(before: manifest.FileEntry | None, entry: manifest.FileEntry | None) -> bool:
    """Whether a file's report, in the database from the previous build, stays as it is."""
    return bool(before and before.kept and entry and entry.kept and entry.same_input(before))


class _Serial:
    """The Pool interface, in-process, for single-worker builds."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def imap(self, fn, items, chunksize=1):
        return map(fn, items)

    def apply_async(self, fn):
        return _Done(fn())


class _Done:
    """A result already there, with the interface of Pool.apply_async's."""

    def __init__(self, value):
        self.value = value

    def get(self):
        return self.value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder of report files")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="database to write")
    parser.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any warning was raised")
    parser.add_argument("--full", action="store_true",
                        help="process every file and write the database afresh, whatever changed")
    args = parser.parse_args(argv)
    if not args.seeds.is_dir():
        parser.error(f"no such folder: {args.seeds}")
    print(f"Building {args.db} from {args.seeds} …", file=sys.stderr)
    summary = build(args.seeds, args.db, args.workers, progress=lambda m: print(m, file=sys.stderr), full=args.full)
    if summary["changed"] or not args.db.with_name("inspect-data.json").exists():
        database.write_inspect_file(args.db)
    how = ("unchanged" if not summary["changed"] else f"updated, {summary['processed']} files processed"
           if summary["incremental"] else "full build")
    print(f"Built {summary['reports']} reports from {summary['files']} files in {summary['seconds']}s ({how}): "
          f"{summary['warnings']} warnings ({summary['errors']} files skipped) → {summary['db']}")
    return 1 if args.strict and summary["warnings"] else 0


if __name__ == "__main__":
    sys.exit(main())
