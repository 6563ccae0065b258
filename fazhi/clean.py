"""Cleaning: from a saved page's text to the report's own lines.

Pages saved from government sites carry chrome around the report: breadcrumbs,
发布日期/来源/浏览次数 lines, 索引号/文号 blocks, site clocks, navigation
trailers, sometimes the whole body twice, and Word artifacts. The header fields
inside that chrome are read into `header` (they are metadata); everything else
of it is dropped. The report's own wording and punctuation are kept as printed.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import opencc

from .searchtext import is_traditional

# Labels of the 政府信息公开 metadata block, mapped to the header field they fill
# (None: a label whose value is page chrome, read and dropped).
HEADER_LABELS = {
    "信息索引号": "index_number", "索引号": "index_number", "索取号": "index_number",
    "备注/文号": "doc_number", "发文字号": "doc_number", "文号": "doc_number", "文件编号": "doc_number",
    "发布机构": "publisher", "发文机关": "publisher", "发布单位": "publisher",
    "发文单位": "publisher", "所属机构": "publisher", "公开责任部门": "publisher",
    "成文日期": "signed_date", "成文时间": "signed_date",
    "生成日期": None, "产生日期": None,  # when the catalogue's record was made: neither signing nor publishing
    # A 发文日期 may stand for the publication date the page does not give: see issued_date_field.
    "发文日期": "issued_date", "发文时间": "issued_date",
    "发布日期": "published_date", "发布时间": "published_date",
    "公布日期": "published_date", "公开日期": "published_date",
    "信息来源": "source_name", "来源": "source_name", "文章来源": "source_name", "稿件来源": "source_name",
    "更新时间": "published_date", "更新日期": "published_date", "发表时间": "published_date", "发表日期": "published_date",
    "发稿时间": "published_date", "公开时间": "published_date", "信息提供日期": "published_date",
    "时间": "published_date", "日期": "published_date",
    "公开方式": None, "公开类别": None, "公开形式": None, "分类": None, "关键词": None, "是否有效": None,
    "责任部门": None, "公文种类": None, "公开范围": None, "公开时限": None, "主题分类": None,
    "体裁分类": None, "组配分类": None, "服务对象": None, "主题词": None,
    "有效性": None, "时效": None, "浏览次数": None, "点击率": None, "点击数": None,
    "阅读次数": None, "阅读量": None, "浏览量": None, "访问次数": None, "访问量": None, "字号": None, "作者": None,
    "编辑": None, "责任编辑": None, "信息名称": "title", "名称": None, "标题": "title",
    "内容概述": None, "附件": None, "分享到": None, "分享": None, "栏目": None, "所属栏目": None,
}
_LABEL_ALT = "|".join(sorted(map(re.escape, HEADER_LABELS), key=len, reverse=True))
# A label may be bracketed: 【发布机构】, [ 发布机构 ], ［索引号］.
_OPEN, _CLOSE = r"(?:【|[\[［]\s*)?", r"(?:】|\s*[\]］])?"
_LABEL_BRACKETS = "【】[]［］ "
# A line made only of "label: value" pairs, e.g. "时间:2021-03-22 来源:某网站 浏览次数:".
_LABEL_RE = re.compile(rf"(?:^|\s+|(?<=[\s\]】］:：])){_OPEN}({_LABEL_ALT}){_CLOSE}\s*[:：]?\s*")
_FIELD_LINE_RE = re.compile(rf"^{_OPEN}(?:{_LABEL_ALT}){_CLOSE}(?:\s*[:：]|\s+\S|\s*$)")

_BREADCRUMB_RE = re.compile(r"^(?:您|当前|现在|所在|的)+位置\s*[:：]?")
_BREADCRUMB_CONT_RE = re.compile(r"^(>|＞|»|›|→)|(首页\s*(>|＞|»|›|→))")
# A trail of short links with no 当前位置 before it: >政务公开 >政府信息公开 >法治政府建设报告.
# Or a row of short links: 中国政府网|湖北政府网|繁体|无障碍.
_TRAIL_RE = re.compile(r"^[>＞»›]?\s*[^>＞»›。，；]{1,30}(?:\s*[>＞»›]\s*[^>＞»›。，；]{1,30}){2,}$"
                       r"|^[>＞»›]+\s*[^>＞»›。，；]{1,30}(?:\s*[>＞»›]+\s*[^>＞»›。，；]{1,30})+$"  # >> 政务公开 >> 法治政府工作报告
                       r"|^[^|｜。，；]{1,10}(?:\s*[|｜]\s*[^|｜。，；]{1,10}){2,}$")
_CLOCK_RE = re.compile(r"^(今天是|今日是)?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(星期|周)[一二三四五六日天]\s*$|^今天是")
_CHROME_RE = re.compile(
    r"^(【?(打印|关闭|打印本页|关闭窗口|返回顶部|收藏|字体|大|中|小|首页)】?\s*[:：]?\s*)+$"
    r"|^(上一篇|下一篇|相关链接|相关文章|相关阅读|扫一扫|微信扫一扫|主办单位|承办单位|版权所有|网站标识码|网站地图|联系我们|政府网站找错)"
    r"|ICP备|公网安备|^(\.{2,}|…+|·+)$"
)
_WORD_ARTIFACT_RE = re.compile(r"\[(bookmark|image|img|footnote|comment)[^\]]*\]|_GoBack|\x0c|\u00ad|[\u200b-\u200f\u2060\ufeff]")
# Labels spaced out for alignment (索 引 号, 标  题): single characters between spaces.
_SPACED_LABEL_RE = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff](?: +[\u4e00-\u9fff](?![\u4e00-\u9fff]))+")
_BULLET_RE = re.compile(r"^(?:[•·▪◦●]|-(?=\s))\s*")
# A page's date line under its title: "2023年03月30日 09时24分", "省政府办公厅 2022-03-15".
_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_TIMESTAMP_RE = re.compile(_DATE_RE.pattern + r"\s*\d{1,2}\s*[:时]\s*\d{2}")
_TIME = r"(?:\s*\d{1,2}\s*[:时]\s*\d{2}\s*分?(?:\s*[:：]?\s*\d{2}\s*秒?)?)?"  # 09:24, 09时24分, 17:13:17
_SITE = r"[\u4e00-\u9fff]{2,20}?(?:网|网站|政府|局|厅|委|办|办公室|办公厅|报|中心|院|室|处|站|台|社|部|署)"
# …or after it: "2025-04-27 10:14 黑龙江省人民政府网", "2026-01-20 17:01 | 武汉市水务局".
_DATELINE_RE = re.compile(rf"^(?:(?P<before>[\u4e00-\u9fff]{{2,20}})\s+)?(?P<date>{_DATE_RE.pattern}){_TIME}"
                          rf"(?:\s*[|｜]\s*|\s+)?(?P<after>{_SITE})?$")
# A site's date stamp after the title: 某局2023年法治政府建设情况报告 (2024-02-26).
_DATED_TITLE_RE = re.compile(r"^(?P<title>\S.{4,}?(?:报告|总结))\s*[(（](?P<date>\d{4}-\d{1,2}-\d{1,2})[)）]$")
# The document's own date in brackets under its title: （2024年1月31日）.
_DOCUMENT_DATE_RE = re.compile(rf"^[(（]\s*({_DATE_RE.pattern})\s*[)）]$")
# Fields after a short lead on the same line: 某县人民政府门户网站 www.… 发布时间:2026-02-27 10:28.
_LEAD_FIELDS_RE = re.compile(rf"^(?P<lead>[^。，；:：]{{2,50}}?)\s+(?P<fields>{_OPEN}(?:发布时间|发布日期|时间|日期){_CLOSE}\s*[:：].*)$")
_DATED_FIELDS_RE = re.compile(rf"^({_DATE_RE.pattern}{_TIME})\s*(?P<fields>\S.*)$")  # 2022-03-29 17:13 来源:…
DATELINE_WINDOW = 6  # lines from the top where a bare date is the page's, not the report's
FIELD_LINE_MAX = 200  # a longer line is body text, never a header field


@dataclass
class Cleaned:
    lines: list[str]
    header: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


_SPACES_RE = re.compile(r"[ \u00a0\u3000\t\u2002-\u200a]{2,}|[\u00a0\u3000\t\u2002-\u200a]")
# ０-９ and Ａ-ｚ (with the six marks between Ｚ and ａ) to their ASCII forms.
_FULL_WIDTH_ALPHANUMERIC = {cp: unicodedata.normalize("NFKC", chr(cp))
                            for cp in (*range(ord("０"), ord("９") + 1), *range(ord("Ａ"), ord("ｚ") + 1))}
_FULL_WIDTH_RE = re.compile("[０-９Ａ-ｚ]")


def normalize_line(line: str) -> str:
    """Full-width digits and letters to ASCII, odd spaces collapsed; punctuation kept."""
    line = _WORD_ARTIFACT_RE.sub("", line)
    if _FULL_WIDTH_RE.search(line):  # translate() is slow on lines with nothing to change
        line = line.translate(_FULL_WIDTH_ALPHANUMERIC)
    return _SPACES_RE.sub(" ", line).strip()


def issued_date_field(value: str) -> str:
    """What a 发文日期 is: with a time of day (2024-02-29 20:13) the publishing system's stamp,
    standing for the publication date when the page gives no other ("issued_date"); a bare
    date (2023-03-30) is the document's own, a day or weeks before it was put online."""
    return "issued_date" if _TIMESTAMP_RE.search(value) else "signed_date"


def iso_date(value: str) -> str | None:
    """'2021-03-22 10:26' or '2022年2月21日' → '2021-03-22'; None if no valid date."""
    m = _DATE_RE.search(value)
    if not m:
        return None
    try:
        day = date(*(int(g) for g in m.groups()))
    except ValueError:
        return None
    return day.isoformat() if 1990 <= day.year <= 2100 else None


def _parse_field_line(line: str) -> dict[str, str] | None:
    """Read 'label value label value …'; None unless the line is only such pairs."""
    if not _FIELD_LINE_RE.match(line) or len(line) > FIELD_LINE_MAX:
        return None
    matches = list(_LABEL_RE.finditer(line))
    if not matches or matches[0].start() != 0:
        return None
    values: dict[str, str] = {}
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        values[m.group(1)] = line[m.end():end].strip()
    # A sentence that merely starts with 来源/时间 is not a field line.
    if any(len(v) > 60 or v.endswith(("。", "；")) for v in values.values()):
        return None
    return values


_TRAILING_CHROME_RE = re.compile(r"(?:\s*【?(?:打印|关闭|分享|收藏|浏览|字体|字号)】?\s*[:：]?)+$")
_SOURCE_DATE_RE = re.compile(rf"^(\S.*?)\s+({_DATE_RE.pattern}{_TIME})$")
_CELL_RE = re.compile(r"\s*[|｜]\s*")  # | 索引号 | 620721125/2026-00002 | 发文字号 | …: cells of a table row
_OTHER_FIELD_RE = re.compile(r"[\u4e00-\u9fff]{2,8}\s*[:：]")  # 文号: / 原文链接:点击查看: no value follows
_NO_VALUE = {"无", "暂无", "空", "-", "—", "/", "／"}  # 发文字号: 无


def _store(header: dict[str, str], label: str, value: str) -> None:
    key = HEADER_LABELS.get(label)
    value = _TRAILING_CHROME_RE.sub("", value)
    if not key or not value or value in _NO_VALUE or key == "doc_number" and not re.search(r"\d", value):
        return  # 文号: 〔〕号, a form left blank
    if label in ("发文日期", "发文时间"):
        key = issued_date_field(value)
    if key in ("published_date", "signed_date", "issued_date"):
        value = iso_date(value) or ""
        if not value:
            return
    elif key == "source_name" and (dated := _SOURCE_DATE_RE.match(value)):  # 来源:陕西日报 2026-03-16 08:15
        value = dated.group(1)
        _store(header, "发布日期", dated.group(2))
    header.setdefault(key, value)


def _strip_chrome(lines: list[str], header: dict[str, str]) -> list[str]:
    kept: list[str] = []
    in_breadcrumb = False
    i = 0
    while i < len(lines):
        original = lines[i]
        line = original
        if len(original) <= FIELD_LINE_MAX:  # a field line may be bulleted or have its label spaced out
            line = _SPACED_LABEL_RE.sub(_joined_label, _BULLET_RE.sub("", original))
            if line.startswith(("|", "｜")) or _FIELD_LINE_RE.match(line) and _CELL_RE.search(line):
                line = " ".join(cell.strip() for cell in _CELL_RE.split(line.strip("|｜ ")))  # a table's row
                if not line.strip("-: "):  # |---|---|, the rule under a table's first row
                    i += 1
                    continue
        i += 1
        if _BREADCRUMB_RE.match(line):
            in_breadcrumb = True
            continue
        if (in_breadcrumb and _BREADCRUMB_CONT_RE.search(line)
                or not kept and _TRAIL_RE.match(line) and not _FIELD_LINE_RE.match(line)):
            continue
        in_breadcrumb = False
        if _CLOCK_RE.search(line) or _CHROME_RE.search(line):
            continue
        label = line.strip(_LABEL_BRACKETS).rstrip(":：")
        if label in HEADER_LABELS:
            # Label and value on separate lines: 索引号 / K1493206-6/2025-32587.
            # A chrome label (公开方式, 附件) takes only a short value, never a title.
            limit = 60 if HEADER_LABELS[label] else 16
            nxt = _BULLET_RE.sub("", lines[i]) if i < len(lines) else ""
            if (nxt and nxt.strip(_LABEL_BRACKETS).rstrip(":：") not in HEADER_LABELS and len(nxt) <= limit
                    and "报告" not in nxt and not _FIELD_LINE_RE.match(nxt) and not _OTHER_FIELD_RE.match(nxt)):
                _store(header, label, nxt)
                i += 1
            continue
        dated = _DATED_FIELDS_RE.match(line) if len(kept) < DATELINE_WINDOW else None
        fields = _parse_field_line(dated["fields"] if dated else line)
        if fields is not None:
            if dated:  # 2022-03-29 17:13:17 来源: 海口市司法局
                _store(header, "发布日期", dated.group(1))
            for label, value in fields.items():
                _store(header, label, value)
            continue
        document_date = _DOCUMENT_DATE_RE.match(line) if len(kept) < DATELINE_WINDOW else None
        if document_date and iso_date(document_date[1]):
            _store(header, "成文日期", document_date[1])
            continue
        lead = _LEAD_FIELDS_RE.match(line) if len(kept) < DATELINE_WINDOW else None
        if lead and (fields := _parse_field_line(lead["fields"])) is not None:
            for label, value in fields.items():
                _store(header, label, value)
            kept.append(lead["lead"])  # a site's name or a title: not known to be chrome
            continue
        # Once a sentence has been kept, a date line is a signature's (特此报告。/ 某局 / 2025年1月15日).
        on_top = len(kept) < DATELINE_WINDOW and not any(k.endswith(("。", "；")) or len(k) > 80 for k in kept)
        dateline = _DATELINE_RE.match(line) if on_top else None
        if dateline and "published_date" not in header and iso_date(dateline["date"]):
            _store(header, "发布日期", dateline["date"])
            if dateline["before"] or dateline["after"]:
                _store(header, "来源", dateline["before"] or dateline["after"])
            continue
        dated_title = _DATED_TITLE_RE.match(line) if on_top else None
        if dated_title and "published_date" not in header and iso_date(dated_title["date"]):
            _store(header, "发布日期", dated_title["date"])
            kept.append(dated_title["title"])
            continue
        kept.append(original)
    return kept


def _joined_label(spaced: re.Match) -> str:
    label = spaced.group().replace(" ", "")
    return label if label in HEADER_LABELS else spaced.group()


def _drop_second_copy(lines: list[str]) -> tuple[list[str], bool]:
    """Pages sometimes print the body twice; keep the first copy only.

    A second copy starts at a substantial line seen before, followed by a run of
    at least three lines (or 200 characters up to the end) repeating the lines
    after its first occurrence. The lines between the two copies are page
    chrome and go too; a single repeated sentence is the author's and stays.
    """
    first_seen: dict[str, int] = {}
    for i, line in enumerate(lines):
        if len(line) >= 20 and line in first_seen:
            j = first_seen[line]
            run = 0
            while i + run < len(lines) and j + run < i and lines[i + run] == lines[j + run]:
                run += 1
            if run >= 3 or (i + run == len(lines) and sum(map(len, lines[i:])) >= 200):
                copy_end = j + run
                return lines[:copy_end] + lines[i + run:], True
        first_seen.setdefault(line, i)
    return lines, False


TRADITIONAL_SAMPLE = 1000  # characters from the top that tell a traditional text
# Pages that annotate readings: 實(shí)施, 領(lǐng)導 (a tone mark tells pinyin from any other letters).
_TONE_MARKED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_TONE_MARKED_RE = re.compile(f"[{_TONE_MARKED}]")
_PINYIN_RE = re.compile(rf"(?<=[\u4e00-\u9fff])\(\s*[a-zü]*[{_TONE_MARKED}][a-zü]*\s*\)")


@cache
def _simplifier() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def clean(text: str) -> Cleaned:
    """Cleaned report lines plus the header fields found in the page chrome.

    A report printed in traditional characters (a site's 繁體 version, a copy elsewhere) is
    read in simplified ones, with OpenCC's phrase-aware conversion: one set of rules then
    reads every report, and search finds either form of a word in both.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    notes = []
    if is_traditional(text[:TRADITIONAL_SAMPLE]):
        text = _simplifier().convert(text)
        notes.append("printed in traditional characters; read as simplified")
    if _TONE_MARKED_RE.search(text) and _PINYIN_RE.search(text):
        text = _PINYIN_RE.sub("", text)
        notes.append("pinyin readings after characters removed")
    lines = [normalize_line(line) for line in text.split("\n")]
    lines = [line for line in lines if line]
    header: dict[str, str] = {}
    lines = _strip_chrome(lines, header)
    lines, doubled = _drop_second_copy(lines)
    if doubled:
        notes.append("body printed twice on the page; the second copy was dropped")
    return Cleaned(lines, header, notes)
