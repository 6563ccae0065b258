"""Every quantity a report states, read as a number with its unit and context.

Reports give their results in prose (审结复议案件494件，纠错率8.57%，下降近49个百分点);
reading each stated quantity into a `Fact` makes the figures queryable and
comparable across reports. Things that only look like numbers — years, dates,
document numbers, ordinals, titles in 《》, quoted names and slogans, version
labels, "1+9" style labels — are not quantities and are left out: a quantity
always carries a unit (件, 个, %, 个百分点 …).

One linear pass: quoted spans are blanked in a same-length copy of the text (so
offsets stay valid), one precompiled pattern finds the quantities, and clause
and sentence boundaries are looked up within a bounded window around each.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Fact:
    """One stated quantity; `text[start:end]` is it as written (300余条, 105万件, 57.8%).

    `value` is the number as read, with 万/亿 multiplied out except for money,
    which keeps 万元/亿元 as its unit. `kind` is 'change' when the number states
    a change (同比下降20.34%) and then `direction` is 'up' or 'down'.
    `sentence_start` is where `sentence` begins in the text, so the words before
    the number are `sentence[:start - sentence_start]`.
    """

    value: float
    unit: str
    qualifier: str | None
    kind: str
    direction: str | None
    subject: str
    sentence: str
    start: int
    end: int
    sentence_start: int


_UNITS = (
    "个百分点", "百分点", "个工作日", "工作日", "个小时", "小时", "个季度", "个月", "分钟",
    "人次", "户次", "件次", "家次", "场次", "批次", "个次", "课时", "学时", "平方米", "公里",
    "万元", "亿元", "元", "%", "％", "‰",
    "件", "个", "项", "次", "人", "名", "位", "份", "本", "条", "家", "部", "批", "场", "起",
    "宗", "期", "篇", "户", "所", "支", "天", "周", "年", "岁", "分", "倍", "卷", "组", "张",
    "册", "套", "台", "辆", "座", "处", "类", "种", "门", "轮", "例", "笔", "封", "亩", "吨",
)
# Units that, after a Chinese numeral, mostly belong to words and idioms
# (十分重要, 三分之一, 五花八门, 四面八方 …) rather than to counts.
_UNITS_NOT_AFTER_CHINESE = frozenset({"分", "门", "处", "周", "台"})

_DIGITS = "0-9０-９"
_UNIT_ALTERNATIVES = "|".join(re.escape(unit) for unit in sorted(_UNITS, key=len, reverse=True))
# The pattern opens with a single character class so that the regex engine can
# skip ahead to candidates instead of trying a match at every position; each
# branch then checks that first character by lookbehind. Candidates never start
# inside a run of digits or numerals (nor after "1,"), which keeps long runs linear.
_QUANTITY = re.compile(
    rf"[百{_DIGITS}一二两三四五六七八九十](?<![{_DIGITS}〇零一二两三四五六七八九十百千万亿].)(?<![{_DIGITS}][,.．].)"
    r"(?:(?<=百)(?P<pct>分之)"
    rf"(?:(?P<pct_arabic>[{_DIGITS}]+(?:[.．][{_DIGITS}]+)?)|(?P<pct_chinese>[〇零一二两三四五六七八九十百]+))"
    rf"|(?:(?<=[{_DIGITS}])(?P<arabic>(?:[{_DIGITS}]{{0,2}}(?:,[{_DIGITS}]{{3}})+|[{_DIGITS}]*)(?:[.．][{_DIGITS}]+)?)"
    r"(?P<mult>万|亿)?"
    r"|(?<=[一二两三四五六七八九十])(?P<chinese>[〇零一二两三四五六七八九十百千万亿]*))"
    rf"(?P<mid>余|多)?(?P<mult2>万|亿)?(?P<unit>{_UNIT_ALTERNATIVES}))"
    r"(?P<post>以上|以下|以内|左右)?"
)
_QUALIFIER_BEFORE = re.compile(
    r"(?:超过|不超过|不到|不足|不少于|不低于|将近|接近|大约|至少|逾|近|(?<![预节签违公条制契邀])约|超)$")

# Spans whose numbers are names, not quantities: titles, quotations, slogans.
_SLOGANS = ("两个维护", "两个确立", "两个责任", "两个毫不动摇", "四个意识", "四个自信", "四个全面",
            "三个代表", "三个务必", "八项规定", "三项制度", "五个一", "十一个坚持")
_NAMED_SPAN = re.compile(
    r"《[^《》\n]{0,100}》|“[^“”\n]{0,40}”|‘[^‘’\n]{0,40}’|\"[^\"\n]{1,40}\"|「[^「」\n]{0,40}」"
    r"|『[^『』\n]{0,40}』|" + "|".join(_SLOGANS)
)
_BLANK = "□"

_SENTENCE_END = re.compile(r"[。！？!?\n]")
_LAST_SENTENCE_END = re.compile(r"[。！？!?\n][^。！？!?\n]*$")
_LAST_CLAUSE_END = re.compile(r"[，,；;。！？!?：:\n][^，,；;。！？!?：:\n]*$")

_CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
                   "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CHINESE_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CHINESE_NUMERAL_CHARS = frozenset("〇零一二两三四五六七八九十百千万亿")
_MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")

# A number glued to these is part of a code, version, formula or label (PM2.5, 1+9, 〔2021〕3).
_GLUED_BEFORE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                          "0123456789０１２３４５６７８９._/\\·・×*+＋#＃№〕]】")
_RANGE_MARKS = frozenset("-－—~～至到:：")
_NUMBER_CHARS = frozenset("0123456789０１２３４５６７８９%％") | _CHINESE_NUMERAL_CHARS
_NOT_A_DURATION_AFTER_YEAR = frozenset("度月级代底初末")

_CHANGE = re.compile(
    r"(?:(?:同比|环比|净)(?:(?P<up1>增|升)|(?P<down1>降|减))"
    r"|(?P<up>增长率|增长幅度|增长|上升|提高|提升|增加|增多|上涨|扩大|增幅|涨幅|增速)"
    r"|(?P<down>下降率|下降幅度|下降|减少|降低|下滑|回落|压减|压缩|缩短|精减|精简|缩减|缩小|减低|降幅|减幅))"
    r"了?(?:为|达到|达)?$"
)
_COMPARISON_TAIL = re.compile(
    r"(?:同比|环比|与[^，,]{1,10}?相比|较[^，,]{0,10}|比(?:上年|去年|前年|上一年|年初|同期)(?:同期)?)$")
_CHANGED_TO_TAIL = re.compile(
    r"(?:提高|提升|增加|增长|上升|下降|降低|减少|压缩|缩短|压减|增|降|升|减)(?:至|到)$")
_LIST_JOINERS = frozenset({"", "和", "与", "及", "以及", "、", "或"})
_RESPECTIVELY = re.compile(r"分别[^，,]{0,4}$")
_LIST_SPLIT = re.compile(r"、")
_WORD_SPLIT = re.compile(r"以及|和|与|及")
# Words that join a subject to its number (共计, 分别为, 达, 的 …), with lookbehinds
# for words that merely end like one (公共, 行为, 送达, 目的).
_TRAILING_CONNECTORS = re.compile(
    r"(?:分别为|分别达到|分别达|分别是|分别|均为|均达到|均达|均|都达到|都为|都|共计|合计|总计|累计|一共|"
    r"总共|共有|(?<!公)共|达到了|达到|已达|高达|(?<![送到下表传抵直])达|仅为|仅有|只有|仅|约为|"
    r"(?<![行作认成因])为|占|保持在|保持|维持在|稳定在|(?<!目)的|已|(?<![总调缓])和|、)+$")
_SUBJECT_MAX = 50
_PHRASE_MAX = _SUBJECT_MAX + 30  # room for connectors and comparisons stripped from its end
_SENTENCE_MAX = 600


def extract_facts(text: str) -> list[Fact]:
    """Every quantity stated in `text`, in order of appearance."""
    masked = _NAMED_SPAN.sub(lambda m: _BLANK * (m.end() - m.start()), text)
    records: list[dict] = []
    chain: list[dict] = []  # consecutive facts sharing one subject (A和B, 分别x和y)
    respectively = False
    for match in _QUANTITY.finditer(masked):
        reading = _read(match, masked)
        if reading is None:
            continue
        value, unit = reading
        qualifier_before = _QUALIFIER_BEFORE.search(masked, max(0, match.start() - 3), match.start())
        start = qualifier_before.start() if qualifier_before else match.start()
        end = match.end()
        kind, direction = _change(masked, start)
        sentence_start, sentence = _sentence(text, masked, start, end)
        clause_start = _after_last(_LAST_CLAUSE_END, masked, max(sentence_start, start - _PHRASE_MAX), start)
        previous = records[-1] if records and records[-1]["end"] > clause_start else None
        between = text[previous["end"]:start].strip() if previous else ""
        if previous is not None and between in _LIST_JOINERS:
            subject = previous["subject"]
        else:
            _split_respectively(chain, respectively)
            phrase = between[1:] if between.startswith("、") else text[clause_start:start]
            respectively = bool(_RESPECTIVELY.search(phrase.strip()))
            subject = _subject(phrase, kind)
            if kind == "change" and not subject and records and _adjacent(masked, records[-1]["end"], clause_start):
                subject = records[-1]["subject"]  # 纠错率8.57%，下降近49个百分点
            chain = []
        qualifier = qualifier_before[0] if qualifier_before else match["mid"] or match["post"]
        record = dict(value=value, unit=unit, qualifier=qualifier, kind=kind, direction=direction,
                      subject=subject, sentence=sentence, start=start, end=end, sentence_start=sentence_start)
        chain.append(record)
        records.append(record)
    _split_respectively(chain, respectively)
    return [Fact(**record) for record in records]


def _read(match: re.Match, masked: str) -> tuple[float, str] | None:
    """The value and unit of a candidate, or None when it is not a quantity."""
    number_start = match.start()
    if match["pct"]:
        number = (_arabic(match["pct_arabic"]) if match["pct_arabic"]
                  else _chinese_value(match["pct_chinese"]))
        unit = "%"
    elif match["chinese"] is not None:
        chinese, unit = masked[number_start:match.end("chinese")], match["unit"]
        if chinese == "一" or unit in _UNITS_NOT_AFTER_CHINESE:
            return None  # 一件事, 一次办, 统一部署; 十分, 三分之一
        if number_start and masked[number_start - 1] in "数几若":
            return None  # 数十家: an estimate, not a number
        number = _chinese_value(chinese)
        if number is not None and unit == "元" and chinese[-1] in _MULTIPLIERS:
            number, unit = number / _MULTIPLIERS[chinese[-1]], chinese[-1] + "元"
    else:
        number, unit = _arabic(masked[number_start:match.end("arabic")]), match["unit"]
    multiplier = (match["mult"] or "") + (match["mult2"] or "")
    if multiplier and number is not None:
        if unit == "元":
            unit = multiplier + "元"  # money keeps 万元/亿元 as written
        else:
            for character in multiplier:
                number *= _MULTIPLIERS[character]
    if number is None or _is_label(masked, number_start, match.end(), number, unit):
        return None
    return float(number), "%" if unit == "％" else unit


def _is_label(masked: str, number_start: int, end: int, value: Decimal | float, unit: str) -> bool:
    """Whether the number is an ordinal, code, range bound or year rather than a count."""
    before = masked[number_start - 1] if number_start > 0 else " "
    before2 = masked[number_start - 2] if number_start > 1 else " "
    after = masked[end] if end < len(masked) else " "
    after2 = masked[end + 1] if end + 1 < len(masked) else " "
    if before in "第届" or before in _GLUED_BEFORE or before in _CHINESE_NUMERAL_CHARS:
        return True  # 第55次, 十二届十一次全会, PM2.5, 〔2021〕3号
    if (before in _RANGE_MARKS and before2 in _NUMBER_CHARS) or after in "+＋":
        return True  # 3至5年, 2021-2023年, 10:26, 88+11项
    if after in _RANGE_MARKS and after2 in _NUMBER_CHARS:
        return True  # 3%至5%
    if unit == "年":
        return value >= 100 or value != int(value) or after in _NOT_A_DURATION_AFTER_YEAR
    return False


def _arabic(digits: str) -> Decimal:
    """Exact, so that 29.91万 is 299100 and not 299100.00000000006."""
    return Decimal(digits.translate(_FULLWIDTH).replace(",", ""))


def _chinese_value(numeral: str) -> int | None:
    """The value of a Chinese numeral (二十五, 一百零五, 两万, 二〇二一), or None if it is not one.

    Runs of bare digits (三四个) are estimates and colloquial forms (三百五) are
    ambiguous, so both read as None.
    """
    if all(ch in _CHINESE_DIGITS for ch in numeral):
        if len(numeral) == 1:
            return _CHINESE_DIGITS[numeral]
        if "〇" in numeral or "零" in numeral:
            return int("".join(str(_CHINESE_DIGITS[ch]) for ch in numeral))
        return None
    total = section = 0
    digit = None
    for ch in numeral:
        if ch in "零〇":
            if digit is not None:
                return None
        elif ch in _CHINESE_DIGITS:
            if digit is not None:
                return None
            digit = _CHINESE_DIGITS[ch]
        elif ch in _CHINESE_SMALL_UNITS:
            section += (1 if digit is None else digit) * _CHINESE_SMALL_UNITS[ch]
            digit = None
        else:
            section += digit or 0
            total = (total + section) * _MULTIPLIERS[ch] if ch == "亿" else total + section * _MULTIPLIERS[ch]
            section, digit = 0, None
    if digit is not None:
        if len(numeral) > 1 and numeral[-2] in "百千万亿":
            return None
        section += digit
    return total + section


def _change(masked: str, start: int) -> tuple[str, str | None]:
    """('change', direction) when a verb of change directly precedes the number."""
    found = _CHANGE.search(masked, max(0, start - 12), start)
    if found is None:
        return "level", None
    return "change", "up" if found["up"] or found["up1"] else "down"


def _adjacent(masked: str, previous_end: int, clause_start: int) -> bool:
    """Whether a clause directly follows the clause that ended with the previous fact."""
    gap = masked[previous_end:clause_start].strip()
    return len(gap) == 1 and gap in "，,；;"


def _after_last(boundary: re.Pattern, masked: str, low: int, high: int) -> int:
    """Just after the last boundary in masked[low:high], or `low` if there is none."""
    found = boundary.search(masked, low, high)
    return found.start() + 1 if found else low


def _sentence(text: str, masked: str, start: int, end: int) -> tuple[int, str]:
    """The sentence around [start, end) and where it begins.

    Looking no further than half of _SENTENCE_MAX either way keeps the work per
    fact, and row size, bounded when input has no punctuation (tables, OCR).
    """
    reach = _SENTENCE_MAX // 2
    first = _after_last(_LAST_SENTENCE_END, masked, max(0, start - reach), start)
    following = _SENTENCE_END.search(masked, end, end + reach)
    last = following.end() if following else min(len(text), end + reach)
    sentence = text[first:last]
    stripped = sentence.lstrip()
    return first + len(sentence) - len(stripped), stripped.rstrip()


def _subject(phrase: str, kind: str) -> str:
    """The words a number quantifies: its clause so far, minus connectors."""
    subject = phrase.strip().removeprefix("其中")
    if kind == "change":
        subject = _COMPARISON_TAIL.sub("", _CHANGE.sub("", subject))
    subject = _TRAILING_CONNECTORS.sub("", _CHANGED_TO_TAIL.sub("", subject))
    return subject.strip()[-_SUBJECT_MAX:]


def _split_respectively(chain: list[dict], respectively: bool) -> None:
    """Give each fact of "A、B分别为x和y" its own part of the shared subject."""
    if len(chain) < 2 or not respectively:
        return
    subject = chain[0]["subject"]
    for splitter in (_LIST_SPLIT, _WORD_SPLIT):
        parts = [part.strip() for part in splitter.split(subject)]
        if len(parts) == len(chain) and all(parts):
            for record, part in zip(chain, parts):
                record["subject"] = part
            return
