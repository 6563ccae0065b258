"""Write a synthetic corpus of report files from the seeds' own paragraphs.

    python bench/corpus.py --out DIR --mb 100            # ~100 MB of .txt reports
    python bench/corpus.py --out DIR --reports 5000      # or a number of reports

Each file reads like a real report, and the normal build reads it: an issuer
line, a title with the year, a preamble, and the five required parts, whose
subsections and paragraphs are drawn from the seeds' sections of the same part.
Place names of the seed's own region are replaced by the new issuer's, and
every number is redrawn, so no two reports are copies. The same arguments
always write the same files.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build import input_files  # noqa: E402
from fazhi.outline import PART_TITLES, PARTS  # noqa: E402
from fazhi.read import read_document  # noqa: E402
from fazhi.regions import Region, _short, default_index, load_regions  # noqa: E402
from fazhi.report import build_report  # noqa: E402

NUMERALS = "一二三四五六七八九十"
PART_HEADINGS = {
    "achievements": ["主要举措和成效", "{year}年推进法治政府建设的主要举措和成效", "法治政府建设工作推进情况"],
    "shortcomings": ["存在的不足和原因", "存在的问题和不足", "工作中存在的不足"],
    "first_responsible_person": [PART_TITLES["first_responsible_person"],
                                 "党政主要负责人履行推进法治建设第一责任人职责情况"],
    "next_year_plan": ["{next}年主要工作安排", "下一年度主要安排", "下一步工作计划"],
    "other": ["其他需要报告的情况"],
}
DEPARTMENTS = ["司法局", "市场监督管理局", "生态环境局", "人力资源和社会保障局", "自然资源和规划局"]


@dataclass(frozen=True)
class Paragraph:
    """A seed paragraph and the place names it may mention, to be swapped."""

    text: str
    places: tuple[tuple[str, str, bool], ...]  # (name as printed, level, is short form)


@dataclass(frozen=True)
class Pool:
    """Seed material by required part: subsection headings and paragraphs."""

    preambles: tuple[Paragraph, ...]
    headings: dict[str, tuple[Paragraph, ...]]
    paragraphs: dict[str, tuple[Paragraph, ...]]


def place_names(region: Region | None) -> tuple[tuple[str, str, bool], ...]:
    """A region's names, longest first, as (name, level, short): 临安区, 临安, 杭州市, 杭州 …"""
    if region is None:
        return ()
    levels = {region.level: region.name, "province": region.province}
    if region.city:
        levels["city"] = region.city
    names = {}
    for level, name in levels.items():
        names[_short(name)] = (level, True)
        names[name] = (level, False)
    return tuple((name, level, short) for name, (level, short) in
                 sorted(names.items(), key=lambda item: -len(item[0])))


def seed_pool(seeds: Path) -> Pool:
    """Headings and paragraphs of every seed report, grouped by required part."""
    regions = default_index()
    preambles, headings, paragraphs = [], {p: [] for p in PARTS}, {p: [] for p in PARTS}
    for path in input_files(seeds):
        rows = build_report(read_document(path, seeds), regions)
        places = place_names(regions.by_code.get(rows.report["region_code"]))
        part = "achievements"
        for section in rows.sections:
            part = section["part"] if section["part"] in PARTS else part
            lines = [Paragraph(line, places) for line in section["body"].split("\n") if len(line) >= 20]
            if section["part"] == "preamble":
                preambles += lines
                continue
            if section["depth"] > 1 and section["heading"]:
                headings[part].append(Paragraph(section["heading"], places))
            paragraphs[part] += lines
    for part in PARTS:  # a part no seed reports on borrows from 主要举措
        headings[part] = headings[part] or headings["achievements"]
        paragraphs[part] = paragraphs[part] or paragraphs["achievements"]
    return Pool(tuple(preambles or paragraphs["achievements"]),
                {p: tuple(v) for p, v in headings.items()}, {p: tuple(v) for p, v in paragraphs.items()})


def issuers(regions: tuple[Region, ...]) -> list[Region]:
    """Divisions that publish reports: cities and counties in force today."""
    return [r for r in regions if r.current and r.level in ("city", "county")]


def issuer_name(region: Region, department: str | None) -> str:
    prefix = (region.city or "") + region.name if region.level == "county" else region.name
    return prefix + (department or "人民政府")


def localize(paragraph: Paragraph, region: Region, rng: random.Random, year: int) -> str:
    """The paragraph about `region` in `year`: its place names swapped, its numbers redrawn."""
    text = paragraph.text
    targets = {"county": region.name, "city": region.city or region.name, "province": region.province}
    for name, level, short in paragraph.places:
        text = text.replace(name, _short(targets[level]) if short else targets[level])

    def redraw(match: re.Match) -> str:
        digits = match.group()
        if len(digits) == 4 and digits.startswith("20"):
            return str(year + int(digits) - 2021 if 2010 <= int(digits) <= 2030 else year)
        return str(rng.randint(10 ** (len(digits) - 1) if len(digits) > 1 else 0, 10 ** len(digits) - 1))

    return re.sub(r"\d+", redraw, text)


def report_text(pool: Pool, region: Region, department: str | None, year: int, rng: random.Random) -> str:
    """One synthetic report: issuer, title, preamble, then the parts in order."""
    lines = [issuer_name(region, department), f"关于{year}年度法治政府建设情况的报告",
             localize(rng.choice(pool.preambles), region, rng, year)]
    parts = [p for p in PARTS if p in ("achievements", "shortcomings", "next_year_plan") or rng.random() < 0.6]
    for number, part in enumerate(parts):
        heading = rng.choice(PART_HEADINGS[part]).format(year=year, next=year + 1)
        lines.append(f"{NUMERALS[number]}、{heading}")
        subsections = rng.randint(4, 9) if part == "achievements" else rng.randint(2, 5)
        for sub in range(subsections):
            lines.append(f"（{NUMERALS[sub]}）" + localize(rng.choice(pool.headings[part]), region, rng, year))
            lines += [localize(rng.choice(pool.paragraphs[part]), region, rng, year)
                      for _ in range(rng.randint(1, 4))]
    lines.append(issuer_name(region, department))
    lines.append(f"{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日")
    return "\n".join(lines) + "\n"


def write_corpus(seeds: Path, out: Path, megabytes: float | None = None, reports: int | None = None,
                 seed: int = 0) -> dict:
    """Write report files into `out` until `megabytes` (or `reports` files) are written."""
    pool = seed_pool(seeds)
    candidates = issuers(load_regions())
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    written = count = 0
    target = megabytes * 1_000_000 if megabytes else None
    while (target is None or written < target) and (reports is None or count < reports):
        region = rng.choice(candidates)
        department = rng.choice(DEPARTMENTS) if rng.random() < 0.2 else None
        year = rng.randint(2016, 2024)
        data = report_text(pool, region, department, year, rng).encode("utf-8")
        path = out / f"{count // 1000:03d}" / f"{count:06d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        written += len(data)
        count += 1
    return {"files": count, "bytes": written, "out": str(out)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write the report files into")
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--mb", type=float, help="megabytes of text to write")
    size.add_argument("--reports", type=int, help="number of report files to write")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="folder of real reports to draw from")
    parser.add_argument("--seed", type=int, default=0, help="random seed: same seed, same files")
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    summary = write_corpus(args.seeds, args.out, args.mb, args.reports, args.seed)
    print(f"Wrote {summary['files']} reports, {summary['bytes'] / 1e6:.1f} MB → {summary['out']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
