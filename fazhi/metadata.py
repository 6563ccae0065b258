"""Metadata: who reports, on which year, when published, under which numbers.

Every field comes from evidence in the report or its page (title, header
fields, signature, headings); where there is none the field stays None and a
warning says so. Dates and years quoted inside the body are never used.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clean import iso_date
from .outline import cn_ordinal, is_numbered
from .regions import Region, RegionIndex, is_listed_township, short_autonomous_name
from .searchtext import fold

_YEAR = r"(20[0-4]\d|199\d)"
TITLE_WINDOW = 8  # lines from the top in which a title is looked for
OPENING_WINDOW = 12  # lines from the top in which an untitled report's opening paragraph is looked for
_CN_YEAR_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
_TITLE_WORDS = re.compile(r"报告|年报|工作总结|情况")
_TITLE_TOPIC = re.compile(r"法治|依法行政")
_INDEX_CODE_RE = re.compile(r"^(?:(?P<plain>\d{6})\d{0,4}(?![0-9A-Z])|[0-9A-HJ-NP-RTUWXY]{2}(?P<credit>\d{6})[0-9A-HJ-NP-RTUWXY]{10}(?![0-9A-Z]))")
_JOINT_SPLIT_RE = re.compile(r"[\s、]+")  # 中共某镇委员会 某镇人民政府, 中共某县委、某县人民政府
_ORG_END = re.compile(r"(人民政府|政府|行政公署|办事处|委员会|管理委员会|管委会|办公室|办公厅|局|厅|委|办|署|院|中心|支队|大队|所)$")
# A 街道办事处 governs its 街道 as a 乡镇人民政府 does its township: a government, not a department.
_GOVERNMENT_END = re.compile(r"(人民政府|行政公署|政府|街道办事处)$")
_DOC_NUMBER_RE = re.compile(r"^[\u4e00-\u9fff]{1,12}[〔\[［【(（]\s*(19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号$")
_SIGNATURE_DATE_RE = re.compile(rf"^{_YEAR}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日$|^[〇○零一二三四五六七八九]{{4}}年[一二三四五六七八九十]{{1,3}}月[一二三四五六七八九十]{{1,3}}日$")
_OPENING_YEAR_RE = re.compile(rf"^(?:[一二三四五六七八九十]+、)?{_YEAR}\s*年(?:度|以来|来)?\s*[,，、]?")
# 现将市司法局2019年法治政府建设情况报告如下: the opening says which year it reports on.
_REPORTING_YEAR_RE = re.compile(rf"现将[^。；]{{0,30}}?{_YEAR}\s*年[^。；]{{0,40}}?报告(?:如下|予以公开|予以公布)")
# 现将虹桥街道2021年度…报告如下: the opening names who reports.
_REPORTER_RE = re.compile(rf"现将([\u4e00-\u9fff]{{2,20}}?)(?:{_YEAR}\s*年|关于|有关|推进|法治)")
# 2022年，在区委、区政府领导下，双合镇党委、政府坚持…: the subject of an opening sentence, once
# the time (2025年是…收官之年，) and the superiors it works under are set aside, and the organ it names.
_OPENING_LEAD_RE = re.compile(rf"^(?:{_YEAR}\s*年(?:度|以来|来)?(?:是[^。；，,]{{2,40}}[,，])?|一年来|过去一年|今年以来)?\s*[,，]?\s*"
                              r"(?:在[^。；]{2,80}?下\s*[,，]\s*){0,2}")  # 在县委…领导下，在县司法局…指导下，
_SUBJECT_RE = re.compile(
    r"([\u4e00-\u9fff]{2,25}?)"
    r"(党委[、和]?(?:人民)?政府|党工委[、和]?办事处|委[、和](?:省|自治区|市|州|盟|县|区|旗|镇|乡)?(?:人民)?政府"
    r"|人民政府|政府|街道办事处|办事处)?"
    r"(?:的?(?:法治政府建设|法治建设|依法行政)工作)?"  # 某局法治政府建设工作坚持…
    r"(?=坚持|深入|全面|认真|紧紧|始终|积极|扎实|持续|大力|不断|高度|切实|围绕|按照|聚焦|立足|牢固|严格|着力"
    r"|紧扣|进一步|结合|主动|狠抓|强化|加强|推进|统筹|对标|锚定|以习近平|在[^。；]{2,80}?下"
    r"|[和及与](?!其他)[^。；，,]{0,20}?(?:各级|各部门|行政机关|各单位))")  # 某市人民政府和全市各级行政机关…
_DEPARTMENT_END = re.compile(r"(?:局|厅|委员会|办公室|中心|署|支队|大队|管委会)$")
_PART_YEAR_RE = re.compile(rf"^[一二三四五六七八九十]+、\s*{_YEAR}\s*年")
_PLAN_WORDS = re.compile(r"安排|计划|思路|打算|重点|要点|展望|目标")
_DOCUMENT_TITLE_RE = re.compile(r"《[^》]*》")
# A name's aside in brackets, closed or cut off; never a division's name: 高新区(新市区)人民政府.
_ASIDE_RE = re.compile(r"[（(](?![^（）()]{1,8}(?:区|县|市|旗)[）)])[^（）()]*(?:[）)]|$)")
# A notice that publishes the report: 某市人民政府办公室关于印发《某市2022年法治政府建设年度报告》的通知.
_PUBLISHING_VERBS = r"印发|公布|公开|发布|报送|呈报|上报|提交"
_PUBLISHING_NOTICE_RE = re.compile(rf"关于(?:{_PUBLISHING_VERBS})《(?P<report>[^《》]*报告)》的(?:通知|公告|报告|函)")
# An untitled page whose opening publishes the report by name: 现将《某局2025年度…报告》予以公布.
_PUBLISHED_REPORT_RE = re.compile(r"现将《(?P<report>[^《》]*(?:法治|依法行政)[^《》]*报告)》(?:予以|正式|进行)?(?:公布|公开|发布|印发)")
# 市水务局, 区司法局: a department named after its division's level alone.
_RELATIVE_DEPARTMENT_RE = re.compile(r"(自治区|省|市|州|盟|县|区|旗)(?!场|域|政)[\u4e00-\u9fff]{1,20}$")
_QUOTED_TITLE_RE = re.compile(r"《(?P<report>[^《》]*报告)》")  # 《民政部2021年法治政府建设年度报告》(全文)
# A title cut after 关于 or its year goes on in the next line: 南京市人民政府关于2020年度 / 法治政府建设情况的报告.
_CUT_TITLE_RE = re.compile(rf"(?:关于|{_YEAR}\s*年度?)$")
# [权威发布]福建省2017年…报告, 【省政府法治建设报告】湖北省…, [天政发〔2026〕7号]天水市…
_TAG_RE = re.compile(r"^[\[【]([^\]】]{1,12})[\]】]\s*")
_DISCLOSURE_MARK_RE = re.compile(r"^(?:主动公开|依申请公开|不予公开|公开方式[:：]?\s*主动公开)\s+(.+)$")
# A document number before the title on its line: 浙卫〔2024〕3号《浙江省卫生健康委关于…报告》.
_NUMBERED_TITLE_RE = re.compile(r"^[\u4e00-\u9fff]{1,12}[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号\s*"
                                r"(?:《(?P<quoted>[^《》]+)》$)?")
# 我镇, 本局, 该县, 全区, 各乡镇: a body speaking of itself, or of places in general; never a name.
_SELF_REFERENCE_RE = re.compile(r"(?:[我本该此](?:单位|部门|机关|局|委|办|厅|院|镇|乡|街道|苏木|县|区|市|州|盟|旗|省)"
                                r"|全(?:乡|镇|街道|县|区|市|州|省)|各?乡镇|城镇)(?:人民政府|政府|办事处)?")
_SELF_GOVERNMENT_RE = re.compile(r"[我本](?:省|市|州|盟|县|区|旗|镇|乡|街道|苏木)")
_SELF_DEPARTMENT_RE = re.compile(r"[我本](?:局|厅|委|办|院|署|中心)")
# 市卫生健康委, 市发改委: a commission by its short name, not a party committee (县委, 党委, 工委).
_SHORT_COMMISSION_RE = re.compile(r"..[^省市县区州旗盟镇乡党工]委$")
_TOWNSHIP = r"[\u4e00-\u9fff]{1,12}?(?:乡|镇|街道|苏木)"
_BARE_TOWNSHIP_RE = re.compile(_TOWNSHIP)
_TOWNSHIP_BODY_RE = re.compile(rf"({_TOWNSHIP})(?:人民政府|政府|办事处|街道办事处)?")
_ORGAN = r"委|政府|人民政府|党委|人大|政协|法院|检察院"  # 某某市委、某某市政府: a superior, not the reporter
# The State Council's ministries (with some since merged or renamed) and its agencies, which
# report too and stand above every division: 司法部, 国家税务总局, 海关总署, 中国人民银行.
_MINISTRIES = ("外交|国防|教育|科学技术|科技|工业和信息化|国家安全|公安|民政|司法|财政|人力资源和社会保障"
               "|人力资源社会保障|自然资源|国土资源|生态环境|环境保护|住房和城乡建设|住房城乡建设|交通运输|水利"
               "|农业农村|农业|商务|文化和旅游|文化|卫生|退役军人事务|应急管理|监察|铁道")
_CENTRAL_BODY_RE = re.compile(
    rf"(?:中华人民共和国|原)?(?:(?:{_MINISTRIES})部|海关总署|审计署|中国人民银行"
    r"|(?:国务院|国家|中国)[\u4e00-\u9fff]{1,16}?(?:委员会|总局|局|署|办公室|办公厅|参事室))")


@dataclass
class Metadata:
    title: str | None = None
    issuer: str | None = None
    issuer_type: str | None = None
    region: Region | None = None
    report_year: int | None = None
    published_date: str | None = None
    signed_date: str | None = None
    doc_number: str | None = None
    index_number: str | None = None
    source_name: str | None = None
    header_lines: int = 0  # lines at the top that are title/issuer, not body
    warnings: list[str] = field(default_factory=list)


def _cn_date(text: str) -> str | None:
    """二〇二二年二月二十一日 → 2022-02-21 (signatures are often printed so)."""
    m = re.match(r"^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$", text)
    if not m:
        return iso_date(text)
    year = m.group(1).translate(_CN_YEAR_DIGITS)
    return iso_date(f"{year}年{cn_ordinal(m.group(2))}月{cn_ordinal(m.group(3))}日")


_SENTENCE_ENDS = ("。", "：", ":", "，", ",", "；")


def _is_title_line(line: str) -> bool:
    return (len(line) <= 80 and bool(_TITLE_WORDS.search(line)) and bool(_TITLE_TOPIC.search(line))
            and not line.endswith(_SENTENCE_ENDS))


def _is_body_line(line: str) -> bool:
    return len(line) > 80 or line.endswith(("。", "；"))


def _is_org_line(line: str) -> bool:
    return len(line) <= 30 and bool(_ORG_END.search(line)) and not re.search(r"[，,。：:]", line)


def find_title(lines: list[str]) -> tuple[str | None, str | None, int]:
    """(title, issuer line, number of leading lines they take).

    A title sits in the first lines, above the report's text (page leftovers such as
    unlabelled field values may come first), may be split over two lines
    (杭州市临安区人民政府 / 关于2021年度…报告), may have the issuer's name on the
    line above it (赵县人民政府 / 2022年度…报告), and may be missing: a page may
    start with the issuer's name alone, or with the body, whose numbered headings
    (一、2019年推进法治政府建设情况) are never a title.
    """
    for i, line in enumerate(lines[:TITLE_WINDOW]):
        if line.startswith(("•", "·")):  # a page's list item (a banner's slogan), never the title
            continue
        if is_numbered(line) or _is_body_line(line):  # the report's text has begun
            break
        line = _TAG_RE.sub("", line.strip("|｜ "))  # | a title in a table's cell |
        numbered = _NUMBERED_TITLE_RE.match(line)
        if numbered and (numbered["quoted"] or numbered.end() < len(line)):  # not the number alone
            line = numbered["quoted"] or line[numbered.end():]
        after = lines[i + 1] if i + 1 < len(lines) else ""
        # A title split over two lines: 关于某区2025年度法治政府 / 建设情况的报告.
        split = (len(after) <= 30 and after.endswith(("报告", "情况", "总结")) and _is_title_line(line + after)
                 and (not _is_title_line(after) or _CUT_TITLE_RE.search(line)) and not is_numbered(after)
                 and not line.endswith(_SENTENCE_ENDS) and not _TITLE_WORDS.search(line[-4:]))
        if _is_title_line(line) or split:
            issuer = lines[i - 1] if i > 0 and _is_org_line(lines[i - 1]) else None
            if issuer and (line.startswith("关于") or issuer_from_title(line) is None):  # 西安市应急管理局 / 2023年度…报告
                return issuer + line, issuer, i + 1
            title, end = (line + after, i + 2) if split else (line, i + 1)
            if end < len(lines) and lines[end] == title:  # printed twice, as page heading and title
                end += 1
            return title, issuer, end
    if lines and _is_org_line(lines[0]):
        return None, lines[0], 1
    return None, None, 0


def title_after_cover_letter(body: list[str]) -> str | None:
    """The report's title below the letter that sends it: 市政府： / …请审阅。 / 特此报告。 /
    某局 / 2018年12月12日 / 某局2018年度法治政府建设情况."""
    for i, line in enumerate(body[:TITLE_WINDOW]):
        if line.startswith("特此报告"):
            title, _, _ = find_title(body[i + 1:i + 1 + 4])
            return title
    return None


def issuer_from_title(title: str) -> str | None:
    """The reporting body named at the head of a title, None if the title names none.

    杭州市拱墅区人民政府关于2024年度… → 杭州市拱墅区人民政府;
    望花区2021年法治政府… → 望花区; 2021年度杭州市司法局法治政府… → 杭州市司法局;
    关于那曲市色尼区2025年度… → 那曲市色尼区; 某市司法局（市法治办）2021年度… → 某市司法局;
    关于2019年度法治政府建设工作情况的报告 → None. A notice publishing a report names
    the report's body: 某市人民政府办公室关于印发《某市2022年…报告》的通知 → 某市, as does
    a title in quotes: 《民政部2021年…报告》(全文) → 民政部.
    """
    notice = _PUBLISHING_NOTICE_RE.search(title) or _QUOTED_TITLE_RE.match(title)
    if notice and (issuer := issuer_from_title(notice["report"])):
        return issuer
    title = re.sub(rf"^(?:(?:19|20)\d{{2}}\s*年度?|关于(?:{_PUBLISHING_VERBS})?)+", "", title.strip())
    head = re.split(r"关于|《|(?:19|20)\d{2}(?:\s*年度?)?|法治政府|法治建设|依法行政|推进", title, maxsplit=1)[0]
    head = _ASIDE_RE.sub("", head).strip(" ：:（）()")  # 平湖市司法局（市法治政府建设办公室）→ 平湖市司法局
    return head if len(head) >= 2 else None


def _full_issuer(issuer: str, region: Region | None, regions: RegionIndex, township: str | None) -> str:
    """Name the reporting body as it signs: 富阳区人民政府 → 杭州市富阳区人民政府.

    Division names alone (望花区, 温州市鹿城区, 三都镇) reporting for themselves are
    their government: a 人民政府, a 行政公署 for a 盟 or 地区. An autonomous prefecture or
    county named as it is called (伊犁州, 肃南县) takes its official name. A township takes
    the name of the county the list of townships puts it in, and a district its city's, as
    district governments sign; counties, county-level cities and higher levels stand alone.
    """
    short = region and short_autonomous_name(region.name)
    if short and issuer.startswith(short):  # 伊犁州人民政府 → 伊犁哈萨克自治州人民政府
        issuer = region.name + issuer[len(short):]
    if is_bare_division(issuer, regions):
        issuer += "行政公署" if issuer.endswith(("盟", "地区")) else "人民政府"
    elif issuer.endswith("政府") and not issuer.endswith("人民政府") and is_bare_division(issuer[:-2], regions):
        issuer = issuer[:-2] + "人民政府"  # 南昌县政府 → 南昌县人民政府
    elif _BARE_TOWNSHIP_RE.fullmatch(issuer):  # 三都镇 → 三都镇人民政府, 虹桥街道 → 虹桥街道办事处
        issuer += "办事处" if issuer.endswith("街道") else "人民政府"
    if region and not regions.mentions(issuer) and not _JOINT_SPLIT_RE.search(issuer.strip()):  # joint: as printed
        level = _level_named(issuer)
        if township and regions.resolve_township(township, region) == region:
            issuer = region.name + issuer  # 贤庠镇人民政府 → 象山县贤庠镇人民政府: seven places have a 三都镇
        elif level and region.name.endswith(level):
            issuer = region.name + issuer[len(level):]  # 市水务局 of 武汉市 → 武汉市水务局
    if region and region.level == "county" and region.name.endswith("区") and issuer.startswith(region.name):
        issuer = (region.city or region.province) + issuer
    return issuer


def _level_named(name: str) -> str | None:
    """市 of 市水务局: the level a department is named by when its division's name is left out."""
    relative = _RELATIVE_DEPARTMENT_RE.match(name)
    return relative[1] if relative and _DEPARTMENT_END.search(name) else None


def place_of_index_number(index_number: str | None, regions: RegionIndex) -> str | None:
    """The division a 索引号 is filed under, in full, when it carries a division code: as its
    first six digits (370402/2022-00029, 6207250034/2026-00051) or inside the unified social
    credit code of the body (11330703736873621E/2024-139175 → 330703). Only context for
    telling namesakes apart (市中区, 宜城街道): a code could be a superior's."""
    code = _INDEX_CODE_RE.match(index_number or "")
    region = code and regions.by_code.get(code["plain"] or code["credit"])
    return region.full_name if region else None


def _government_part(issuer: str) -> str:
    """The last of a joint issuer's bodies: 中共大马营镇委员会 大马营镇人民政府 → 大马营镇人民政府."""
    return _JOINT_SPLIT_RE.split(issuer.strip())[-1]


def township_of(issuer: str, regions: RegionIndex) -> str | None:
    """The township a body governs, after the divisions it is in: 象山县贤庠镇人民政府 → 贤庠镇."""
    below = _government_part(fold(issuer))
    for mention in regions.mentions(below):
        below = below.split(mention, 1)[-1]
    township = _TOWNSHIP_BODY_RE.fullmatch(below)
    return township and township.group(1)


def is_central_body(issuer: str | None, regions: RegionIndex) -> bool:
    """A ministry or agency of the State Council (生态环境部, 国家税务总局), not one of
    its offices in a division (国家税务总局上海市税务局, 国家税务总局朝阳区税务局)."""
    return bool(issuer and _CENTRAL_BODY_RE.fullmatch(fold(issuer)) and not regions.mentions(issuer))


def reporting_level(issuer: str | None, region: Region | None, regions: RegionIndex) -> str | None:
    """The reporting body's level: its region's, 'township' for a 乡/镇/街道 below it
    (城口县鸡鸣乡人民政府), whose region is its county: codes stop at county level;
    'national' for a central body, which has no region."""
    if region is None:
        return "national" if is_central_body(issuer, regions) else None
    below = _government_part(fold(issuer or "")).rsplit(region.name, 1)[-1]
    return "township" if _TOWNSHIP_BODY_RE.fullmatch(below) else region.level


# 高新区, 经开区, 保税区: development zones, which a 管委会 runs, not a 人民政府.
_ZONE_RE = re.compile(r"(?:开发|高新|经开|园|保税|示范|试验|合作|功能)区$")


def is_bare_division(name: str, regions: RegionIndex) -> bool:
    """Only division names (温州市鹿城区), or one unknown place ending like one (某某县)."""
    mentions, rest = regions.mentions(name), fold(name)  # mentions are of the folded name
    for mention in mentions:
        rest = rest.replace(mention, "", 1)
    return rest == "" or (not mentions and bool(re.fullmatch(r"[\u4e00-\u9fff]{1,8}(县|区|市|旗|州|盟)", name))
                          and not _ZONE_RE.search(name))


def opening_index(body: list[str]) -> int | None:
    """Where the opening paragraph is: the first sentence before any numbered heading, past
    a salutation (国务院：) and the page's leftovers above it (站群导航, AQI)."""
    for i, line in enumerate(body[:OPENING_WINDOW]):
        if is_numbered(line):
            return None
        if _is_body_line(line) or "。" in line:
            return i
    return None


def region_from_opening(body: list[str], regions: RegionIndex) -> str | None:
    """The division an untitled, unsigned report speaks of in its opening paragraph:
    2019年，在省委、省政府…领导下，南昌县全面贯彻… → 南昌县.

    Only the paragraph before the first numbered heading counts; names inside 《》 (other
    bodies' documents) and names of a superior's organs (某某市委、市政府) do not, nor does a
    division named after its own ancestor or descendant: 东城区…落实北京市部署 is 东城区's,
    广州市深入践行…南沙区被评为… is 广州市's. One division must remain.
    """
    i = opening_index(body)
    if i is None:
        return None
    opening = fold(_DOCUMENT_TITLE_RE.sub("", body[i]))
    mentioned = regions.mentions(opening)
    first_named = {}  # where each name first stands for itself: not an organ, nor 杭州市 of 杭州市富阳区
    for name in mentioned:
        for m in re.finditer(f"{re.escape(name)}(?!{_ORGAN})", opening):
            if not any(opening.startswith(other, m.end()) for other in mentioned):
                first_named[name] = m.start()
                break
    found = {name: regions.resolve(name, context=opening) for name in first_named}
    lineage = {name: {a.code for a in regions.ancestors(region)} | {region.code}
               for name, region in found.items() if region}

    def named_after_kin(name: str) -> bool:
        return name in lineage and any(
            first_named[other] < first_named[name] and (found[other].code in lineage[name]
                                                         or found[name].code in lineage[other])
            for other in lineage if other != name)

    names = {name for name in found if not named_after_kin(name)}
    return names.pop() if len(names) == 1 else None


def _opening_end(body: list[str]) -> int:
    """How many lines an opening takes: three, or down to its paragraph if that comes later."""
    return max(3, (opening_index(body) or 0) + 1)


def reporter_from_opening(body: list[str], regions: RegionIndex) -> str | None:
    """The body an untitled report's opening says reports: 现将虹桥街道2021年度…报告如下 →
    虹桥街道. Only a name that places it (a division, or a 乡/镇/街道) counts, never 我局.
    Else the organ an opening sentence has as its subject (subject_of_opening)."""
    for line in body[:_opening_end(body)]:
        m = _REPORTER_RE.search(line)
        if m and not _SELF_REFERENCE_RE.fullmatch(m.group(1)) and (
                regions.mentions(m.group(1)) or _TOWNSHIP_BODY_RE.fullmatch(m.group(1))):
            return m.group(1)
        if m and (named := _named_in_full(m.group(1), body[:10], regions)):
            return named
    return subject_of_opening(body, regions)


def _named_in_full(name: str, lines: list[str], regions: RegionIndex) -> str | None:
    """现将市人力资源和社会保障局…报告如下 … 郑州市人力资源和社会保障局全面贯彻…: a department
    named by its level alone, as the report's first lines name it in full."""
    level = _level_named(name)
    if level is None:
        return None
    department = name[len(level):]
    for m in re.finditer(rf"([\u4e00-\u9fff]{{2,12}}{level}){re.escape(department)}", "\n".join(lines)):
        place = next((p for p in reversed(regions.mentions(m[1])) if m[1].endswith(p)), None)
        if place and place.endswith(level):
            return place + department
    return None


def _opening_subjects(body: list[str]) -> list[tuple[re.Match, str]]:
    """The subject of each of the opening paragraph's first two sentences that has one,
    with its sentence: 2022年，在区委领导下，双合镇党委、政府坚持… → (双合镇, 党委、政府)."""
    i = opening_index(body)
    if i is None:
        return []
    sentences = body[i].split("。")[:2]
    return [(m, sentence) for sentence in sentences
            if (m := _SUBJECT_RE.match(sentence, _OPENING_LEAD_RE.match(sentence).end()))]


def subject_of_opening(body: list[str], regions: RegionIndex) -> str | None:
    """The body the first two sentences of the opening paragraph have as subject:
    双合镇党委、政府坚持… → 双合镇; 前进区教育局深入开展… → 前进区教育局.

    A division or township named alone is its government too (南昌县全面贯彻…, 安铺镇坚持…;
    _full_issuer names them), if the lists know it. A department counts only with the
    division it belongs to, named with it or, for 县司法局 and the like, the one division
    the opening names or the full name its first lines print; or as a central body
    (原环境保护部深入学习…). A salutation line (国务院：) is not the opening.
    """
    for m, sentence in _opening_subjects(body):
        name, organ = m.groups()
        if not organ and sentence[m.end():m.end() + 1] in ("和", "及", "与"):
            continue  # 某局和各单位: a joint subject only after an organ
        if organ and (is_bare_division(name, regions) or _BARE_TOWNSHIP_RE.fullmatch(name)):
            return name
        if not organ and (regions.mentions(name) and is_bare_division(name, regions) or is_listed_township(name)):
            return name  # not 是我市, 全镇
        if not organ and (is_central_body(name, regions) or _DEPARTMENT_END.search(name) and regions.mentions(name)):
            return name
        if not organ and (level := _level_named(name)):  # 县司法局…“蒙城县‘5+N’机制”… → 蒙城县司法局
            place = region_from_opening(body, regions)
            if place and place.endswith(level):
                return place + name[len(level):]
            return _named_in_full(name, body[:10], regions)  # 市人社局…《武汉市人社局…》
    return None


def issuer_type_of_opening(body: list[str]) -> str | None:
    """Whether a report whose body cannot be named is a government's or a department's,
    by the words its opening has for itself: 我局, 省应急管理厅, 区司法局 (a department);
    省政府, 我县, 我镇 (a government). 我市 in passing says nothing: departments use it too."""
    subjects = [m[1] for m, _ in _opening_subjects(body) if not m[2]]
    reporters = [m[1] for line in body[:_opening_end(body)] if (m := _REPORTER_RE.search(line))]
    for name in subjects + reporters:
        if _GOVERNMENT_END.search(name) or _SELF_GOVERNMENT_RE.fullmatch(name):
            return "government"
        if _DEPARTMENT_END.search(name) or _SELF_DEPARTMENT_RE.fullmatch(name) or _SHORT_COMMISSION_RE.search(name):
            return "department"
    return None


def find_report_year(title: str | None, body: list[str]) -> tuple[int | None, str | None]:
    """The year reported on and where it was read: 'title' or 'headings'.

    A title's first year is the year reported on (2021年法治政府建设工作总结和
    2022年工作计划 → 2021). Without one, the body's opening sentence
    (2020年，富阳区…; 现将我局2019年…情况报告如下) and part headings (一、2020年…主要举措; 四、2021年…主要安排
    means the report covers 2020) must agree. A year mentioned in passing never counts.
    """
    if title:
        m = re.search(_YEAR + r"\s*年", title)
        if m:
            return int(m.group(1)), "title"
    votes: dict[int, int] = {}
    for line in body[:_opening_end(body)]:
        m = _OPENING_YEAR_RE.match(line) or _REPORTING_YEAR_RE.search(line)
        if m:
            votes[int(m.group(1))] = votes.get(int(m.group(1)), 0) + 1
            break
    for line in body:
        m = _PART_YEAR_RE.match(line)
        if m and len(line) <= 60:
            year = int(m.group(1))
            year = year - 1 if _PLAN_WORDS.search(line) else year
            votes[year] = votes.get(year, 0) + 1
    if len(votes) == 1:
        return next(iter(votes)), "headings"
    return None, None


def find_doc_number(header: dict[str, str], top_lines: list[str]) -> str | None:
    """文号 from the page's header fields, printed alone under the title, in brackets
    before it ([天政发〔2026〕7号]天水市人民政府关于…), or after the document's 公开 mark as
    official documents print it (主动公开　　明府函〔2023〕79号)."""
    if header.get("doc_number"):
        return header["doc_number"]
    for line in top_lines:
        tag = _TAG_RE.match(line)
        marked = _DISCLOSURE_MARK_RE.match(line)
        for candidate in (line, tag and tag[1], marked and marked[1]):
            if candidate and _DOC_NUMBER_RE.match(candidate):
                return candidate
    return None


def find_signature(lines: list[str]) -> tuple[str | None, str | None]:
    """(signing body, signing date) from the last lines: 温岭市人民政府 / 2022年2月21日."""
    tail = lines[-3:]
    for i in range(len(tail) - 1, -1, -1):
        if _SIGNATURE_DATE_RE.match(tail[i]):
            signer = tail[i - 1] if i > 0 and _is_org_line(tail[i - 1]) else None
            return signer, _cn_date(tail[i])
    return None, None


def extract_metadata(lines: list[str], header: dict[str, str], hints: dict,
                     regions: RegionIndex) -> Metadata:
    """All report metadata from cleaned lines, page header fields and file hints."""
    meta = Metadata()
    title, issuer_line, meta.header_lines = find_title(lines)
    body = lines[meta.header_lines:]
    published = next(filter(None, map(_PUBLISHED_REPORT_RE.search, body[:2])), None)
    meta.title = (title or header.get("title") or hints.get("title") or (published and published["report"])
                  or title_after_cover_letter(body))
    signer, meta.signed_date = find_signature(body)
    meta.signed_date = header.get("signed_date") or hints.get("signed_date") or meta.signed_date

    candidates = [issuer_from_title(meta.title) if meta.title else None,
                  issuer_line, signer, hints.get("issuer"), reporter_from_opening(body, regions),
                  header.get("publisher")]
    candidates = [c for c in candidates if c and not _SELF_REFERENCE_RE.fullmatch(c)]
    issuer = next((c for c in candidates if regions.mentions(c)), candidates[0] if candidates else None)
    meta.report_year, _ = find_report_year(meta.title, body)

    if issuer:
        index_number = header.get("index_number") or hints.get("index_number")
        context = "\n".join(filter(None, [header.get("source_name"), hints.get("source_name"),
                                          place_of_index_number(index_number, regions), "\n".join(body[:40])]))
        meta.region = regions.resolve(issuer, context=context, year=meta.report_year)
        named_by_opening = False
        if meta.region is None and not regions.mentions(issuer):
            # 我局/区司法局/虹桥街道 style issuers: the page's source names the division, or the opening does.
            sources = (header.get("source_name"), hints.get("source_name"), header.get("publisher"))
            place = next((s for s in sources if s and regions.mentions(s)), None)
            if place is None:
                place = region_from_opening(body, regions)
                named_by_opening = place is not None
            if place:
                meta.region = regions.resolve(place, context=context, year=meta.report_year)
        township = township_of(issuer, regions)
        if township:  # its county, which the title may not name; a division in the opening may be another
            within = None if named_by_opening else meta.region
            meta.region = regions.resolve_township(township, within, context) or meta.region
        meta.issuer = _full_issuer(issuer, meta.region, regions, township)
        meta.issuer_type = "government" if _GOVERNMENT_END.search(meta.issuer) else "department"
    else:  # the region, never a guessed issuer; but what kind of body it is, if it says
        if opening_region := region_from_opening(body, regions):
            meta.region = regions.resolve(opening_region, context="\n".join(body[:40]), year=meta.report_year)
        meta.issuer_type = issuer_type_of_opening(body)

    meta.published_date = (header.get("published_date") or hints.get("published_date")
                           or header.get("issued_date") or hints.get("issued_date"))
    meta.doc_number = find_doc_number(header, lines[: meta.header_lines + 3]) or hints.get("doc_number")
    meta.index_number = header.get("index_number") or hints.get("index_number")
    meta.source_name = header.get("source_name") or hints.get("source_name")

    region = meta.region or ("national" if is_central_body(meta.issuer, regions) else None)  # the nation has no code
    for name, value in (("issuer", meta.issuer), ("region", region),
                        ("report_year", meta.report_year), ("published_date", meta.published_date)):
        if value is None:
            meta.warnings.append(f"{name} not found")
    return meta
