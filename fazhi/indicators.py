"""Canonical rule-of-law indicators, and which stated facts are one of them.

Reports word the same measure many ways (复议纠错率 / 行政复议案件纠错率; 出庭率
after a clause about 行政机关负责人出庭应诉; 审结494件 in a sentence about 复议),
so facts are mapped by meaning: the words right before the number say what is
measured, the nearest clause naming 复议 or 诉讼 says which kind of case. A fact
is mapped only when that reading is unambiguous; anything doubtful stays
unmapped, because a wrong figure under a canonical name is worse than none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from fazhi.facts import Fact


@dataclass(frozen=True)
class Indicator:
    """One canonical indicator, described for readers of the published data."""

    name: str
    name_en: str
    unit: str
    definition_zh: str
    definition_en: str


INDICATORS: list[Indicator] = [
    Indicator("行政复议新收案件数", "New administrative reconsideration cases", "件",
              "年度内新收到（新发生）的行政复议申请或案件数。",
              "Administrative reconsideration applications or cases newly received during the year."),
    Indicator("行政复议受理案件数", "Administrative reconsideration cases accepted", "件",
              "年度内依法受理的行政复议案件数。",
              "Administrative reconsideration cases formally accepted for review during the year."),
    Indicator("行政复议审结案件数", "Administrative reconsideration cases concluded", "件",
              "年度内审结（办结）的行政复议案件数。",
              "Administrative reconsideration cases concluded during the year."),
    Indicator("行政复议纠错案件数", "Administrative reconsideration cases corrected", "件",
              "经行政复议被撤销、变更、确认违法或责令履行等予以纠错的案件数。",
              "Reconsideration cases in which the original administrative act was corrected "
              "(revoked, varied, declared unlawful or ordered to be performed)."),
    Indicator("行政复议纠错率", "Administrative reconsideration correction rate", "%",
              "行政复议纠错案件占审结案件的比例（按报告口径）。",
              "Share of concluded reconsideration cases in which the administrative act was corrected, "
              "as reported."),
    Indicator("行政复议调解率", "Administrative reconsideration mediation rate", "%",
              "以调解、和解方式结案的行政复议案件占审结案件的比例。",
              "Share of concluded reconsideration cases closed by mediation or settlement."),
    Indicator("行政诉讼新收案件数", "New administrative lawsuits", "件",
              "年度内新发生的以行政机关为被告的行政诉讼（行政应诉）案件数。",
              "Administrative lawsuits newly brought against government agencies during the year."),
    Indicator("行政诉讼败诉案件数", "Administrative lawsuits lost", "件",
              "行政机关在行政诉讼中败诉的案件数。",
              "Administrative lawsuits in which the government agency lost."),
    Indicator("行政诉讼败诉率", "Administrative litigation loss rate", "%",
              "行政机关败诉案件占审结行政诉讼案件的比例（按报告口径）。",
              "Share of concluded administrative lawsuits lost by the government agency, as reported."),
    Indicator("行政诉讼调撤率", "Administrative litigation mediation-and-withdrawal rate", "%",
              "以调解或原告撤诉方式结案的行政诉讼案件占审结案件的比例。",
              "Share of concluded administrative lawsuits closed by mediation or withdrawal of the suit."),
    Indicator("行政机关负责人出庭应诉率", "Rate of agency heads appearing in court", "%",
              "行政机关负责人出庭应诉的行政诉讼案件占应出庭案件的比例。",
              "Share of administrative lawsuits (heard in court) in which the head of the defendant "
              "agency appeared in person."),
    Indicator("行政机关负责人出庭应诉案件数", "Cases with agency heads appearing in court", "件",
              "行政机关负责人出庭应诉的行政诉讼案件数。",
              "Administrative lawsuits in which the head of the defendant agency appeared in person."),
    Indicator("合法性审查（审核）件数", "Legality reviews conducted", "件",
              "对行政规范性文件、重大行政决策、行政协议等事项开展合法性审查（审核）的件数。",
              "Items (normative documents, major decisions, contracts and the like) reviewed for legality."),
    Indicator("行政规范性文件备案审查件数", "Normative documents reviewed on filing", "件",
              "对下级政府和部门报送备案的行政规范性文件进行备案审查的件数。",
              "Administrative normative documents filed by lower governments and departments and "
              "reviewed on filing."),
    Indicator("行政规范性文件报送备案件数", "Normative documents submitted for filing", "件",
              "本级政府（部门）向上级机关和同级人大常委会报送备案的行政规范性文件件数。",
              "Administrative normative documents submitted for filing to the higher government "
              "and the people's congress standing committee."),
    Indicator("行政执法证件申领（换发）数", "Law-enforcement certificates issued or renewed", "本",
              "年度内新申领、换发的行政执法证件数。",
              "Administrative law-enforcement certificates newly issued or renewed during the year."),
    Indicator("持证行政执法人员数", "Certified law-enforcement officers", "人",
              "持有行政执法证件的行政执法人员人数。",
              "Administrative law-enforcement officers holding a law-enforcement certificate."),
    Indicator("行政执法人员数", "Law-enforcement officers", "人",
              "行政执法人员总人数。",
              "Total number of administrative law-enforcement officers."),
    Indicator("行政执法人员持证率", "Law-enforcement certification rate", "%",
              "持证行政执法人员占行政执法人员的比例。",
              "Share of administrative law-enforcement officers holding a law-enforcement certificate."),
    Indicator("行政执法案卷评查数", "Enforcement case files reviewed", "卷",
              "行政执法案卷评查（抽查）中评查的案卷数。",
              "Administrative enforcement case files examined in case-file reviews."),
    Indicator("政府法律顾问人数", "Government legal advisers", "人",
              "政府及其部门聘请的法律顾问人数。",
              "Legal advisers engaged by the government and its departments."),
    Indicator("公职律师人数", "Government lawyers", "人",
              "党政机关公职律师人数。",
              "Lawyers employed within party and government bodies (public-sector lawyers)."),
    Indicator("政府信息主动公开条数", "Government information proactively disclosed", "条",
              "主动公开的政府信息条数。",
              "Items of government information disclosed proactively."),
    Indicator("政府信息公开申请件数", "Government information disclosure requests", "件",
              "收到（受理、办理）的政府信息公开申请件数。",
              "Requests for disclosure of government information received or handled."),
    Indicator("人大代表建议办理件数", "People's congress deputies' suggestions handled", "件",
              "办理（办结）的人大代表建议件数。",
              "Suggestions by people's congress deputies handled by the government."),
    Indicator("政协委员提案办理件数", "CPPCC members' proposals handled", "件",
              "办理（办结）的政协委员提案件数。",
              "Proposals by CPPCC (political consultative conference) members handled by the government."),
]


@dataclass(frozen=True)
class _Rule:
    """How one indicator is worded: what the number's own words must say, and where.

    A fact matches when its unit fits and either its subject matches `subject`
    or the words right after it match `following` (194件建议); then `before`
    must occur in the sentence before the number, `anywhere` in the sentence,
    `domains` must contain the kind of case nearby, and `exclude` must not occur
    in the subject.
    """

    indicator: str
    units: frozenset[str]
    subject: re.Pattern | None = None
    following: re.Pattern | None = None
    before: re.Pattern | None = None
    anywhere: re.Pattern | None = None
    domains: frozenset[str | None] | None = None
    exclude: re.Pattern | None = None


def _rule(indicator: str, units: str, subject: str | None = None, *, following: str | None = None,
          before: str | None = None, anywhere: str | None = None, domains: set | None = None,
          exclude: str | None = None) -> _Rule:
    def compiled(pattern):
        return re.compile(pattern, re.S) if pattern else None
    return _Rule(indicator, frozenset(units.split()), compiled(subject), compiled(following),
                 compiled(before), compiled(anywhere), frozenset(domains) if domains else None,
                 compiled(exclude))


_PERCENT = "%"
_DOCUMENT_COUNT = "件 份 个 项"
_PEOPLE = "人 名 位"
_HANDLED = r"(?:办理|办结|承办|答复|办复)"
_RULES: tuple[_Rule, ...] = (
    _rule("行政复议纠错率", _PERCENT, r"(?<!直接)(?<!综合)纠错率$", domains={"review"},
          exclude=r"执法|监督|案卷|败诉"),
    _rule("行政复议调解率", _PERCENT, r"调(?:解|和)(?:[（(]?和解[）)]?)?率$", domains={"review"},
          exclude=r"人民调解|行政调解|诉前|诉调|矛盾|纠纷|信访|成功"),
    _rule("行政诉讼调撤率", _PERCENT, r"调撤率$", domains={"litigation"}),
    _rule("行政诉讼败诉率", _PERCENT, r"(?<![（(])败诉率$", domains={"litigation", "mixed"},
          exclude=r"纠错"),
    _rule("行政机关负责人出庭应诉率", _PERCENT, r"出庭(?:应诉)?率$", before=r"负责人|领导|首长|一把手"),
    _rule("行政执法人员持证率", _PERCENT, r"持证率$", before=r"执法"),
    _rule("合法性审查（审核）件数", _DOCUMENT_COUNT, r"合法性(?:审查|审核)(?:各类|各项)?(?:事项|案件|意见书?)?$"),
    _rule("行政规范性文件备案审查件数", _DOCUMENT_COUNT,
          r"(?:备案审查|审查备案|备案审核)[^，,]{0,10}?规范性文件$|规范性文件的?(?:备案审查|审查备案)$",
          exclude=r"报送|报备"),
    _rule("行政规范性文件报送备案件数", _DOCUMENT_COUNT,
          r"(?:报备|报送备案|备案报送)[^，,]{0,4}?(?:行政)?(?:规范性)?文件$|(?:规范性)?文件(?:报备|报送备案)$"),
    _rule("行政执法证件申领（换发）数", "本 张 个 件 人 名",
          r"(?:申[（(]换[）)]领|申领|换领|换发|核发|发放|颁发|新办|申办|办理|新领)了?新?(?:行政)?执法(?:证件|证)$"),
    _rule("持证行政执法人员数", _PEOPLE,
          r"持有?(?:行政)?执法(?:证件|证)的?(?:行政)?(?:执法)?人员$|持证(?:行政)?执法人员$",
          exclude=r"新|培训|考试"),
    _rule("行政执法人员数", _PEOPLE, r"行政执法人员$",
          exclude=r"持证|持有|新|入职|培训|考试|考核|参加|组织|处理|问责|处分|追究|辅助|协管|调整|招录"),
    _rule("行政执法案卷评查数", "卷 件 份 宗 个 本",
          r"(?:评查|抽查|抽评|评审)[^，,]{0,10}?案卷$|案卷(?:评查|抽查)(?:数量?|总数)?$",
          following=r"(?:行政)?执法案卷[^，,]{0,8}?(?:评查|抽查|评审)", exclude=r"优秀|合格|问题"),
    _rule("政府法律顾问人数", _PEOPLE, r"法律顾问$",
          exclude=r"村|社区|居|企业|律师事务所|团队|新增|培训|会议|公职律师"),
    _rule("公职律师人数", _PEOPLE, r"公职律师$", exclude=r"新|培训|法律顾问|和|及"),
    _rule("政府信息主动公开条数", "条 件 篇", r"主动公开[^，,]{0,10}?信息$|公开(?:政府|政务)信息$",
          exclude=r"申请"),
    _rule("政府信息公开申请件数", "件 份",
          r"(?:收到|受理|办理|新收|接收|接到)[^，,]{0,10}?(?:信息公开申请|依申请公开[^，,]{0,6}?)$"),
    _rule("人大代表建议办理件数", "件", rf"{_HANDLED}了?(?:各级)?人大(?:代表)?(?:议案)?建议$",
          following=r"(?:人大代表|人大)?建议(?![和及与、]?(?:政协)?(?:委员)?提案)",
          anywhere=rf"^(?=.*人大)(?=.*{_HANDLED}|.*完成)"),
    _rule("政协委员提案办理件数", "件", rf"{_HANDLED}了?(?:各级)?政协(?:委员)?提案$",
          following=r"(?:政协委员|政协)?提案",
          anywhere=rf"^(?=.*政协)(?=.*{_HANDLED}|.*完成)"),
)

# Case counts: the last case verb in the subject says what was counted, the
# nearest clause naming 复议 or 诉讼 says which kind of case.
_CASE_UNITS = frozenset({"件", "起", "宗"})
_CASE_VERBS = {
    "new": ("新收", "新发", "新增", "收到", "收案", "接收", "新立", "发案", "被起诉", "被诉", "发生"),
    "accepted": ("受理",),
    "closed": ("审结", "办结", "结案"),
    "corrected": ("纠错",),
    "lost": ("败诉",),
    "appeared": ("出庭应诉", "出庭"),
    "other": ("办理", "审理", "处理", "化解", "调解", "和解", "撤诉", "调撤", "撤回", "维持", "驳回", "终止",
              "胜诉", "变更", "撤销", "代理", "参与", "协调", "评查", "立案", "直接纠错"),
}
_MEASURE_OF_VERB = {verb: measure for measure, verbs in _CASE_VERBS.items() for verb in verbs}
_ANY_CASE_VERB = re.compile("|".join(sorted(_MEASURE_OF_VERB, key=len, reverse=True)))
_CASE_SUBJECT = re.compile(
    rf"(?P<verb>{_ANY_CASE_VERB.pattern})(?:行政|复议|诉讼|应诉|一审|各类|案件|申请|的|了)*(?:数量|总数|数|量)?$"
    r"|(?P<bare>(?:复议|诉讼|应诉)(?:案件|申请))(?:数量|总数|数|量)?$"
)
# What may stand before the case verb: when, where, whose — nothing that names another topic.
_CASE_SCOPE = re.compile(
    r"(?:\d{4}年度?|全年|今年|本年度?|年度|当年|上半年|下半年|以来|截至目前|目前|全[省市区县州旗]|各单位|各级|"
    r"各部门|行政机关|负责人|[省市区县]?政府|行政|复议|诉讼|应诉|一审|案件|申请|依法|共|累计|合计|总计|其中|\s"
    r"|[^，,]{1,6}?[省市区县州旗盟])*+")  # possessive: linear however the subject reads
_CASE_INDICATORS = {
    ("new", "review"): "行政复议新收案件数",
    ("accepted", "review"): "行政复议受理案件数",
    ("closed", "review"): "行政复议审结案件数",
    ("corrected", "review"): "行政复议纠错案件数",
    ("new", "litigation"): "行政诉讼新收案件数",
    ("lost", "litigation"): "行政诉讼败诉案件数",
    ("lost", "mixed"): "行政诉讼败诉案件数",
}
_HEAD_OF_AGENCY = re.compile(r"负责人|领导|首长|一把手")

_DOMAIN_WORDS = re.compile(
    r"(?P<other>公益诉讼|民事|刑事|检察)|(?P<review>复议)|(?P<litigation>诉讼|应诉|被诉|一审|二审|起诉|出庭)")
_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?]")
_CONTEXT_MAX = 200


def map_indicators(facts: list[Fact]) -> list[tuple[int, str]]:
    """(index into `facts`, indicator name) for each fact that clearly is a canonical indicator."""
    mapped = []
    for index, fact in enumerate(facts):
        if fact.kind != "level":
            continue  # a change is never the level an indicator reports
        indicator = _indicator_for(fact)
        if indicator is not None:
            mapped.append((index, indicator))
    return mapped


def _indicator_for(fact: Fact) -> str | None:
    offset = fact.start - fact.sentence_start
    before = fact.sentence[max(0, offset - _CONTEXT_MAX):offset]
    after = _CLAUSE_BREAK.split(fact.sentence[fact.end - fact.sentence_start:], maxsplit=1)[0]
    if fact.unit in _CASE_UNITS:
        indicator = _case_indicator(fact.subject, before)
        if indicator is not None:
            return indicator
    for rule in _RULES:
        if fact.unit not in rule.units:
            continue
        by_subject = rule.subject is not None and rule.subject.search(fact.subject)
        by_following = rule.following is not None and rule.following.match(after)
        if not (by_subject or by_following):
            continue
        if rule.exclude is not None and by_subject and rule.exclude.search(fact.subject):
            continue
        if rule.before is not None and not rule.before.search(before):
            continue
        if rule.anywhere is not None and not rule.anywhere.search(fact.sentence):
            continue
        if rule.domains is not None and _domain(fact.subject, before) not in rule.domains:
            continue
        return rule.indicator
    return None


def _case_indicator(subject: str, before: str) -> str | None:
    """The case-count indicator a subject like 审结复议案件 / 纠错 / 行政诉讼新发 names."""
    found = _CASE_SUBJECT.search(subject)
    if found is None:
        return None
    if found["bare"]:
        verbs = _ANY_CASE_VERB.findall(before)
        if verbs and _MEASURE_OF_VERB[verbs[-1]] != "new":
            return None  # 办理行政复议案件30件、行政诉讼案件25件: handled, not newly received
        measure = "new"
    else:
        measure = _MEASURE_OF_VERB[found["verb"]]
    if not _CASE_SCOPE.fullmatch(subject, 0, found.start()):
        return None  # 执法监督纠错: another topic's count
    if measure == "appeared":
        return "行政机关负责人出庭应诉案件数" if _HEAD_OF_AGENCY.search(before) else None
    return _CASE_INDICATORS.get((measure, _domain(subject, before)))


def _domain(subject: str, before: str) -> str | None:
    """'review', 'litigation', 'mixed' or 'other': the cases the subject names, else the nearest clause naming any."""
    for clause in [subject, *reversed(_CLAUSE_BREAK.split(before))]:
        kinds = {found.lastgroup for found in _DOMAIN_WORDS.finditer(clause)}
        if "other" in kinds:
            return "other"
        if len(kinds) == 2:
            return "mixed"
        if kinds:
            return kinds.pop()
    return None
