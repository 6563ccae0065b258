"""One input file → one report's rows, by running the steps in order."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .clean import clean
from .facts import extract_facts
from .indicators import map_indicators
from .keywords import term_counts
from .metadata import extract_metadata, reporting_level
from .model import OVERRIDABLE_FIELDS, Document
from .outline import PARTS, parse_outline
from .regions import RegionIndex
from .searchtext import index_text


@dataclass
class ReportRows:
    report: dict
    sections: list[dict]
    warnings: list[str] = field(default_factory=list)  # a field could not be known
    notes: list[str] = field(default_factory=list)  # what cleaning repaired
    facts: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    terms: dict[str, int] = field(default_factory=dict)  # word → count, for `terms`
    search: list[tuple[str, str, str]] = field(default_factory=list)  # per section, for the search index
    text_sha256: str = ""  # of the cleaned text (which the database keeps in `sections`), to find duplicates


def report_id(sha256: str) -> str:
    """Stable across rebuilds and renames: derived from the file's bytes."""
    return sha256[:16]


def build_report(document: Document, regions: RegionIndex, source: dict | None = None) -> ReportRows:
    """Rows for `reports` and `sections` from a decoded document.

    `source` holds the file's entry in sources.csv or its sidecar: a source URL,
    a retrieval date and fields that override extraction (listed in `overrides`).
    """
    source = source or {}
    cleaned = clean(document.text)
    meta = extract_metadata(cleaned.lines, cleaned.header, document.hints, regions)
    rid = report_id(document.sha256)
    region = meta.region
    report = {
        "id": rid,
        "title": meta.title,
        "issuer": meta.issuer,
        "issuer_type": meta.issuer_type,
        "region_code": region.code if region else None,
        "report_year": meta.report_year,
        "published_date": meta.published_date,
        "signed_date": meta.signed_date,
        "doc_number": meta.doc_number,
        "index_number": meta.index_number,
        "source_name": meta.source_name,
        "source_url": source.get("source_url") or document.hints.get("source_url"),
        "retrieved_date": source.get("retrieved_date"),
        "source_file": document.source_file,
        "source_format": document.format,
        "source_encoding": document.encoding,
        "source_sha256": document.sha256,
    }
    overridden = sorted(k for k in OVERRIDABLE_FIELDS if source.get(k) not in (None, ""))
    for key in overridden:
        report[key] = int(source[key]) if key == "report_year" else source[key]
    if "region_code" in overridden:
        region = regions.by_code.get(report["region_code"])
    report.update({
        "province": region.province if region else None,
        "city": region.city if region else None,
        "level": reporting_level(report["issuer"], region, regions),
        "overrides": overridden,
        "char_count": len(cleaned.text),
    })

    warnings = list(document.warnings)
    warnings += [w for w in meta.warnings if w.split()[0] not in overridden and
                 not (w.startswith("region") and "region_code" in overridden)]
    if region is None and "region_code" in overridden:
        warnings.append(f"region_code {report['region_code']} is not a known division code")

    outline = parse_outline(cleaned.lines[meta.header_lines:])
    if len(outline) == 1:
        warnings.append("no numbered parts found: the whole text is one section")
    sections = [{
        "id": f"{rid}-{s.seq:03d}",
        "report_id": rid,
        "parent_id": f"{rid}-{s.parent_seq:03d}" if s.parent_seq is not None else None,
        "seq": s.seq,
        "depth": s.depth,
        "ordinal": s.ordinal,
        "label": s.label,
        "heading": s.heading,
        "body": s.body,
        "part": s.part,
    } for s in outline]
    report["display_title"] = display_title(report)
    report.update(compliance(report, sections))
    facts, indicators = fact_rows(sections)
    search = [index_text(s["heading"], s["body"]) for s in sections]
    return ReportRows(report, sections, warnings, cleaned.notes, facts, indicators, section_terms(search), search,
                      hashlib.sha256(cleaned.text.encode()).hexdigest())


def section_terms(search: list[tuple[str, str, str]]) -> dict[str, int]:
    """The terms of the report's sections, from the folded text the search index gets,
    so that the text is folded once."""
    return term_counts("\n".join(f"{heading}\n{body}" for body, heading, _ in search))


def display_title(report: dict) -> str:
    """The printed title, or one composed from issuer and year for pages that print none."""
    if report["title"]:
        return report["title"]
    year = f"{report['report_year']}年度" if report["report_year"] else ""
    return f"{report['issuer'] or '报告主体不详'}{year}法治政府建设情况报告（原文无标题）"


def compliance(report: dict, sections: list[dict]) -> dict:
    """Which of the five required parts have a heading of their own, and timeliness.

    A part counts as present only where a top-level heading stands for it: a
    第一责任人 subsection inside 主要举措 does not. Topical headings setting out the
    year's work stand for 主要举措和成效 (see outline). Publication is on time on or
    before 1 April of the year after the year reported on.
    """
    present = {s["part"] for s in sections if s["depth"] == 1}
    on_time = None
    if report["published_date"] and report["report_year"]:
        on_time = int(report["published_date"] <= f"{report['report_year'] + 1}-04-01")
    return {"parts_present": [p for p in PARTS if p in present],
            "parts_missing": [p for p in PARTS if p not in present],
            "published_on_time": on_time}


def fact_rows(sections: list[dict]) -> tuple[list[dict], list[dict]]:
    """Rows for `facts` (every stated quantity) and `indicators` (those that are one).

    Offsets are into the section's `heading` or `body` (named by `field`), so
    substr(body, start + 1, end - start) gives back the quantity as written.
    """
    facts, indicators = [], []
    for section in sections:
        for field_name in ("heading", "body"):
            text = section[field_name] or ""
            found = extract_facts(text)
            ids = [f"{section['id']}-{field_name[0]}{n}" for n in range(len(found))]
            facts += [{
                "id": fact_id, "report_id": section["report_id"], "section_id": section["id"],
                "field": field_name, "start": f.start, "end": f.end, "quantity": text[f.start:f.end],
                "value": f.value, "unit": f.unit, "qualifier": f.qualifier, "kind": f.kind,
                "direction": f.direction, "subject": f.subject, "sentence": f.sentence,
            } for fact_id, f in zip(ids, found)]
            indicators += [{
                "fact_id": ids[n], "report_id": section["report_id"], "section_id": section["id"],
                "indicator": name, "value": found[n].value, "unit": found[n].unit,
            } for n, name in map_indicators(found)]
    return facts, indicators
