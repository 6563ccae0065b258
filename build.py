"""Build the reports database from the files in seeds/.

    python build.py                      # seeds/ → data/reports.db
    python build.py --seeds DIR --db PATH
    python build.py --strict             # exit 1 if any warning was raised

Every file is read, cleaned and parsed on its own (in parallel); one file that
cannot be read becomes a warning and never stops the build. The database is
written to a temporary file and renamed into place at the end.
"""
from __future__ import annotations

import argparse
import multiprocessing
import subprocess
import sys
import time
from pathlib import Path

from fazhi import db as database
from fazhi.model import UnreadableInput
from fazhi.read import is_input_file, load_sources, read_document
from fazhi.regions import default_index, load_regions
from fazhi.report import ReportRows, build_report

ROOT = Path(__file__).resolve().parent
DEFAULT_SEEDS = ROOT / "seeds"
DEFAULT_DB = ROOT / "data" / "reports.db"


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


def build(seeds: Path, db_path: Path, workers: int | None = None, progress=print) -> dict:
    """Build `db_path` from `seeds`; returns a summary of what was built."""
    started = time.monotonic()
    sources, source_warnings = load_sources(seeds)
    files = input_files(seeds)
    tasks = [(p, seeds, sources.get(p.relative_to(seeds).as_posix(), {})) for p in files]
    warnings: list[tuple[str, str, str]] = [("sources", "warning", w) for w in source_warnings]
    seen_text: dict[str, str] = {}
    built = 0
    workers = workers or min(len(tasks), multiprocessing.cpu_count()) or 1
    with database.atomic_database(db_path) as db:
        database.write_regions(db, load_regions())
        database.write_indicator_definitions(db)
        with multiprocessing.get_context("fork").Pool(workers) if workers > 1 else _Serial() as pool:
            for n, (relative, rows, problems) in enumerate(pool.imap(process_file, tasks, chunksize=8), 1):
                if rows is not None:
                    duplicate_of = seen_text.get(rows.report["text"]) or seen_text.get(rows.report["id"])
                    if duplicate_of:
                        problems = [("warning", f"duplicate of {duplicate_of}: not added again")]
                    else:
                        seen_text[rows.report["text"]] = seen_text[rows.report["id"]] = relative
                        database.write_report(db, rows)
                        built += 1
                for severity, message in problems:
                    warnings.append((relative, severity, message))
                    progress(f"  {severity}: {relative}: {message}")
                if n % 500 == 0:
                    progress(f"  {n}/{len(tasks)} files, {time.monotonic() - started:.0f}s")
        database.write_warnings(db, warnings)
        database.write_search_index(db)
        database.write_keywords(db)
    return {"files": len(tasks), "reports": built,
            "warnings": sum(1 for w in warnings if w[1] != "info"),
            "errors": sum(1 for w in warnings if w[1] == "error"),
            "seconds": round(time.monotonic() - started, 2), "db": str(db_path)}


class _Serial:
    """The Pool interface, in-process, for single-worker builds."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def imap(self, fn, items, chunksize=1):
        return map(fn, items)


def write_inspect_file(db_path: Path) -> Path:
    """Table counts and hash beside the database, so serving it starts at once."""
    inspect_path = db_path.with_name("inspect-data.json")
    subprocess.run([sys.executable, "-m", "datasette", "inspect", str(db_path),
                    "--inspect-file", str(inspect_path)], check=True)
    return inspect_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder of report files")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="database to write")
    parser.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any warning was raised")
    args = parser.parse_args(argv)
    if not args.seeds.is_dir():
        parser.error(f"no such folder: {args.seeds}")
    print(f"Building {args.db} from {args.seeds} …", file=sys.stderr)
    summary = build(args.seeds, args.db, args.workers, progress=lambda m: print(m, file=sys.stderr))
    write_inspect_file(args.db)
    print(f"Built {summary['reports']} reports from {summary['files']} files in {summary['seconds']}s: "
          f"{summary['warnings']} warnings ({summary['errors']} files skipped) → {summary['db']}")
    return 1 if args.strict and summary["warnings"] else 0


if __name__ == "__main__":
    sys.exit(main())
