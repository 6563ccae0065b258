"""Cleaning, metadata and outline never crash, invent or lose text, whatever the input."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.clean import clean, normalize_line
from fazhi.metadata import extract_metadata
from fazhi.outline import parse_outline
from fazhi.regions import default_index

# Report-like material: markers, labels, digits, dates, punctuation, CJK, HTML-ish noise.
PIECES = ["一、", "二、", "（一）", "(二)", "1.", "2、", "一是", "二是", "①", "第一部分", "主要举措和成效",
          "存在的不足和原因", "第一责任人", "下一步工作安排", "其他需要报告的情况", "索引号", "文号",
          "发布日期：", "来源:", "浏览次数", "当前位置：", "首页 >", "今天是", "2021年", "2022年3月1日",
          "2021-03-22", "〔2021〕12号", "杭州市", "临安区", "人民政府", "关于", "法治政府建设", "报告",
          "。", "，", "；", "：", "\n", "\n\n", "　", " ", "<script>", "&amp;", "[bookmark: _GoBack]", "９"]
report_like = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60).map("".join)
any_text = st.one_of(report_like, st.text(max_size=400))


def _nonspace(text: str) -> str:
    return re.sub(r"\s", "", text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(any_text)
def test_clean_keeps_lines_in_order_and_invents_nothing(text):
    lines = [normalize_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    cleaned = clean(text).lines
    position = 0
    for line in cleaned:  # each the start of an input line, in order: fields or a date stamp may be cut off its end
        position = next(i for i in range(position, len(lines)) if lines[i].startswith(line)) + 1
    assert all(v for v in clean(text).header.values())


plain_chinese = st.lists(
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=1, max_size=30)
    .map(lambda s: s + "。"), max_size=20, unique=True)


@settings(max_examples=200, deadline=None)
@given(plain_chinese)
def test_clean_loses_no_line_of_plain_report_text(paragraphs):
    assert clean("\n".join(paragraphs)).lines == paragraphs
    repeated = paragraphs + paragraphs[-1:]  # one sentence said twice is not a doubled page
    assert clean("\n".join(repeated)).lines == repeated


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(any_text)
def test_outline_keeps_every_character(text):
    lines = clean(text).lines
    sections = parse_outline(lines)
    rebuilt = "".join((s.label or "") + (s.heading or "") + s.body for s in sections)
    # Only markers' spacing and the stops that end a heading may go.
    assert sorted(_nonspace(rebuilt)) == sorted(_nonspace("".join(lines))) or \
        set(_nonspace("".join(lines))) - set(_nonspace(rebuilt)) <= set("。；;！!？?：:、．.")
    seqs = [s.seq for s in sections]
    assert seqs == list(range(len(sections)))
    assert all(s.parent_seq is None or s.parent_seq < s.seq for s in sections)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(any_text, st.dictionaries(st.sampled_from(["title", "published_date", "source_name"]),
                                 st.text(max_size=20), max_size=2))
def test_metadata_never_crashes_and_only_reports_what_is_there(text, hints):
    cleaned = clean(text)
    meta = extract_metadata(cleaned.lines, cleaned.header, hints, default_index())
    source = text + "".join(hints.values())
    if meta.title and meta.title != hints.get("title"):
        assert _nonspace(meta.title) in _nonspace("".join(cleaned.lines))
    if meta.doc_number:
        assert _nonspace(meta.doc_number) in _nonspace(normalize_line(source.replace("\n", "")))
    if meta.published_date and meta.published_date != hints.get("published_date"):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta.published_date)
    if meta.region:
        assert meta.region.code in default_index().by_code
