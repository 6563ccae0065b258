"""Outline: the report's numbered headings as a tree, mapped to the five parts.

The 2019 regulation (《法治政府建设与责任落实督察工作规定》第二十五条) asks each
report for five parts; reports number them 一、二、… and nest （一）, 1. and
一是 items beneath. Depth is the nesting actually found: an item numbered 1.
directly under 二、 is at depth 2.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

PARTS = ("achievements", "shortcomings", "first_responsible_person", "next_year_plan", "other")
PART_TITLES = {
    "preamble": "前言",
    "achievements": "主要举措和成效",
    "shortcomings": "存在的不足和原因",
    "first_responsible_person": "党政主要负责人履行推进法治建设第一责任人职责情况",
    "next_year_plan": "下一年度主要安排",
    "other": "其他需要报告的情况",
}
# Checked in this order: the 第一责任人 heading also says 情况 and 推进.
_PART_PATTERNS = (
    ("first_responsible_person", re.compile(r"第一责任人|主要负责人(履行|履职)|党政主要负责人")),
    ("other", re.compile(r"其他(需要|应当|需)?报告|其他(有关)?(情况|事项)")),
    ("shortcomings", re.compile(r"不足|问题|差距|短板|困难|薄弱")),
    ("next_year_plan", re.compile(r"安排|计划|思路|打算|下一步|下一年|展望|工作重点|重点工作|工作要点|努力方向|目标任务")),
    ("achievements", re.compile(r"举措|成效|成绩|做法|进展|推进情况|工作情况|开展情况|基本情况|落实情况|建设情况|总体情况"
                                r"|主要工作|工作开展|取得")),
)
# Parts a report sets out after its work: no topical heading after one of them is the year's work.
_AFTER_WORK = ("shortcomings", "next_year_plan", "other")

_CN_NUM = "一二三四五六七八九十"
# Marker kinds, outermost first. Each: regex for the marker at line start.
_MARKERS = (
    ("cn", re.compile(rf"^(第[{_CN_NUM}]+部分|[{_CN_NUM}]{{1,3}}\s*[、．.])\s*")),
    ("cn_paren", re.compile(rf"^[（(]\s*[{_CN_NUM}]{{1,3}}\s*[）)]\s*[、．.]?\s*")),
    ("arabic", re.compile(r"^\d{1,2}\s*(?:[、．]|\.(?!\d))\s*")),
    ("cn_shi", re.compile(rf"^(?:[{_CN_NUM}]{{1,3}}是|其[{_CN_NUM}]{{1,3}}是?)\s*[，,：:]?\s*")),
    ("arabic_paren", re.compile(r"^[（(]\s*\d{1,2}\s*[）)]\s*")),
    ("circled", re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]\s*")),
)
_RANK = {"cn": 1, "cn_paren": 2, "arabic": 3, "cn_shi": 3, "arabic_paren": 4, "circled": 5}
_HEADING_END = re.compile(r"[。；;！!？?]")
_INLINE_ITEM = re.compile(rf"(?<=[。；;])\s*([{_CN_NUM}]{{1,3}})是")


@dataclass
class Section:
    seq: int
    parent_seq: int | None
    depth: int
    ordinal: int | None
    label: str | None
    heading: str | None
    body: str
    part: str | None


def cn_ordinal(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20; digits pass through."""
    digits = re.sub(r"\D", "", text)
    if digits:
        return int(digits)
    text = re.sub(rf"[^{_CN_NUM}]", "", text)
    if not text:
        return None
    if "十" not in text:
        return _CN_NUM.index(text[0]) + 1 if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (_CN_NUM.index(tens) + 1 if tens else 1) * 10 + (_CN_NUM.index(ones) + 1 if ones else 0)


def part_of(heading: str) -> str | None:
    """The required part a depth-1 heading stands for, None if it says none."""
    for part, pattern in _PART_PATTERNS:
        if pattern.search(heading):
            return part
    return None


def _unnumbered_part(line: str) -> str | None:
    """Some reports head parts without numbers: 存在的不足和原因 on a line of its own."""
    if len(line) > 30 or _HEADING_END.search(line) or re.search(r"[，,]", line):
        return None
    return part_of(line) if re.search(r"情况|成效|举措|不足|问题|安排|计划|思路|打算|下一步|第一责任人", line) else None


def is_numbered(line: str) -> bool:
    """Whether a line opens with an outline marker (一、 （二） 3. 四是 …)."""
    return _marker(line) is not None


def _marker(line: str) -> tuple[str, str, str] | None:
    """(kind, label, rest) when a line opens with an outline marker."""
    for kind, pattern in _MARKERS:
        m = pattern.match(line)
        if m and len(line) > m.end():
            return kind, m.group().strip(), line[m.end():]
    return None


def _split_heading(rest: str, kind: str) -> tuple[str, str]:
    """A heading line may run on into its first paragraph: cut at the first full stop.

    一是 items always do (一是坚持党政统筹抓部署。围绕…); a （一） line of 60
    characters with no stop is all heading.
    """
    m = _HEADING_END.search(rest)
    if m and (kind in ("cn_shi", "arabic", "arabic_paren", "circled") or m.end() < len(rest)):
        return rest[: m.start()].strip(), rest[m.end():].strip()
    if len(rest) <= 80 or kind in ("cn", "cn_paren"):
        return rest.rstrip("。；;：:").strip(), ""
    return rest[:0], rest


def _explode_inline_items(lines: list[str]) -> list[str]:
    """'一是…。二是…。三是…' in one paragraph becomes one line per item."""
    out = []
    for line in lines:
        if not line.startswith("一是"):
            out.append(line)
            continue
        expected, start = 2, 0
        for m in _INLINE_ITEM.finditer(line):
            if cn_ordinal(m.group(1)) == expected:
                out.append(line[start:m.start()].strip())
                start, expected = m.start(1), expected + 1
        out.append(line[start:].strip())
    return out


def parse_outline(lines: list[str]) -> list[Section]:
    """Sections in document order; seq 0 is the preamble before the first part.

    The outermost marker kind the report uses opens its parts (一、 mostly;
    （一） or unnumbered part headings in reports without 一、); deeper markers
    seen before the first part stay in the preamble's text.
    """
    lines = _explode_inline_items(lines)
    markers = [_marker(line) for line in lines]
    ranks = [_RANK[m[0]] for m in markers if m and m[0] in ("cn", "cn_paren", "arabic")]
    top_rank = min(ranks) if ranks and min(ranks) == 1 else None
    if top_rank is None:
        unnumbered = [_unnumbered_part(line) for line in lines]
        if any(unnumbered):
            markers = [("unnumbered", "", line) if part else m for m, part, line in zip(markers, unnumbered, lines)]
            top_rank = 0
        elif ranks:
            top_rank = min(ranks)

    sections = [Section(0, None, 0, None, None, None, "", "preamble")]
    body_lines: dict[int, list[str]] = {0: []}
    stack: list[tuple[int, Section]] = []  # (rank, section) of open headings
    for line, found in zip(lines, markers):
        rank = None if found is None else 0 if found[0] == "unnumbered" else _RANK[found[0]]
        if rank is None or (not stack and rank != top_rank):
            body_lines[stack[-1][1].seq if stack else 0].append(line)
            continue
        kind, label, rest = found
        while stack and stack[-1][0] >= rank:
            stack.pop()
        parent = stack[-1][1] if stack else None
        heading, body = (rest, "") if kind == "unnumbered" else _split_heading(rest, kind)
        depth = parent.depth + 1 if parent else 1
        part = part_of(heading) if depth == 1 else parent.part
        section = Section(len(sections), parent.seq if parent else None, depth,
                          cn_ordinal(label) if label else None, label or None, heading or None, "", part)
        sections.append(section)
        body_lines[section.seq] = [body] if body else []
        stack.append((rank, section))
    for section in sections:
        section.body = "\n".join(body_lines.get(section.seq, []))
    _topical_headings_are_work(sections)
    if not sections[0].body and len(sections) > 1:
        sections = _renumber(sections[1:])
    return sections


def _topical_headings_are_work(sections: list[Section]) -> None:
    """Many reports set out the year's work under topical headings (一、依法全面履行政府职能
    二、…) and name only the later parts (四、存在的问题 五、下一步打算): top-level headings
    that name no part, before any of those later parts, are the 主要举措和成效 part, and so is
    everything beneath them."""
    later_part_seen = False
    by_seq = {section.seq: section for section in sections}
    for section in sections[1:]:
        if section.depth == 1:
            later_part_seen = later_part_seen or section.part in _AFTER_WORK
            if section.part is None and not later_part_seen:
                section.part = "achievements"
        elif section.parent_seq is not None:
            section.part = by_seq[section.parent_seq].part


def _renumber(sections: list[Section]) -> list[Section]:
    """Drop an empty preamble while keeping seq dense and parents pointing right."""
    for section in sections:
        section.seq -= 1
        section.parent_seq = section.parent_seq - 1 if section.parent_seq is not None else None
    return sections
