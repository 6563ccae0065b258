"""Facts map to canonical indicators by meaning, and doubtful ones stay unmapped."""
from __future__ import annotations

from pathlib import Path

import pytest

from fazhi.facts import extract_facts
from fazhi.indicators import INDICATORS, map_indicators

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def mapped(text: str) -> set[tuple[str, str]]:
    """(quantity as written, indicator) for every mapped fact in `text`."""
    facts = extract_facts(text)
    return {(text[facts[index].start:facts[index].end], name) for index, name in map_indicators(facts)}


def seed_indicators(prefix: str) -> set[tuple[str, float]]:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    facts = extract_facts(path.read_text(encoding="utf-8"))
    return {(name, facts[index].value) for index, name in map_indicators(facts)}


# One wording per indicator, as reports put it: every indicator is reachable.
SAMPLES = [
    ("全年新收行政复议案件94件。", "94件", "行政复议新收案件数"),
    ("全年收到行政复议申请94件。", "94件", "行政复议新收案件数"),
    ("2020年全区行政复议案件94件。", "94件", "行政复议新收案件数"),
    ("2020年全区行政复议新发94件，同比下降20.34%。", "94件", "行政复议新收案件数"),
    ("收到行政复议申请120件，依法受理98件。", "98件", "行政复议受理案件数"),
    ("拓宽复议受理渠道。全区审结复议案件494件，调撤174件。", "494件", "行政复议审结案件数"),
    ("行政复议新发94件，审结90件。", "90件", "行政复议审结案件数"),
    ("行政复议审结50件，纠错6件。", "6件", "行政复议纠错案件数"),
    ("行政复议纠错率6.06%。", "6.06%", "行政复议纠错率"),
    ("复议新发94件，纠错9件，纠错率8.57%。", "8.57%", "行政复议纠错率"),
    ("年度行政复议调解率达57.8%。", "57.8%", "行政复议调解率"),
    ("新收行政诉讼案件111件。", "111件", "行政诉讼新收案件数"),
    ("全区各单位新增行政应诉案件143件，撤诉48件。", "143件", "行政诉讼新收案件数"),
    ("行政诉讼新发111件，败诉11件。", "11件", "行政诉讼败诉案件数"),
    ("行政诉讼新发111件，败诉11件，败诉率8.87%。", "8.87%", "行政诉讼败诉率"),
    ("诉讼败诉率6.9%，复议纠错率6.06%。", "6.9%", "行政诉讼败诉率"),
    ("行政诉讼调撤率达49.1%。", "49.1%", "行政诉讼调撤率"),
    ("行政机关负责人出庭应诉83件，出庭率97.65%。", "97.65%", "行政机关负责人出庭应诉率"),
    ("全区一审行政诉讼行政机关负责人出庭率100%。", "100%", "行政机关负责人出庭应诉率"),
    ("行政机关负责人出庭应诉83件，出庭率97.65%。", "83件", "行政机关负责人出庭应诉案件数"),
    ("组建审查队伍，合法性审查725份。", "725份", "合法性审查（审核）件数"),
    ("备案审查部门和街道规范性文件3个。", "3个", "行政规范性文件备案审查件数"),
    ("全年向市政府和区人大报备文件18件。", "18件", "行政规范性文件报送备案件数"),
    ("新换发行政执法证件1776本。", "1776本", "行政执法证件申领（换发）数"),
    ("全年新申(换)领行政执法证800余本。", "800余本", "行政执法证件申领（换发）数"),
    ("全区持证行政执法人员共1234名。", "1234名", "持证行政执法人员数"),
    ("目前我区行政执法人员只有184人。", "184人", "行政执法人员数"),
    ("新申领行政执法证800余本，持证率达96.6%。", "96.6%", "行政执法人员持证率"),
    ("评查行政执法案卷228卷。", "228卷", "行政执法案卷评查数"),
    ("对47个执法单位174件执法案卷组织评审。", "174件", "行政执法案卷评查数"),
    ("全区聘请法律顾问89名。", "89名", "政府法律顾问人数"),
    ("全区共有公职律师45名。", "45名", "公职律师人数"),
    ("主动公开政府信息29.91万条。", "29.91万条", "政府信息主动公开条数"),
    ("收到政府信息公开申请156件。", "156件", "政府信息公开申请件数"),
    ("办理人大代表建议115件、政协提案84件。", "115件", "人大代表建议办理件数"),
    ("办理政协委员提案84件。", "84件", "政协委员提案办理件数"),
    ("接受各级人大、政协监督，完成194件建议、170件提案办理。", "194件", "人大代表建议办理件数"),
    ("接受各级人大、政协监督，完成194件建议、170件提案办理。", "170件", "政协委员提案办理件数"),
]


@pytest.mark.parametrize("text, written, indicator", SAMPLES)
def test_maps_wordings_by_meaning(text, written, indicator):
    assert (written, indicator) in mapped(text)


def test_respectively_maps_each_value_to_its_own_indicator():
    assert mapped("行政复议纠错率和行政诉讼败诉率分别为5%和8%。") == {
        ("5%", "行政复议纠错率"), ("8%", "行政诉讼败诉率")}


@pytest.mark.parametrize("text", [
    "败诉率3%。",  # no 诉讼 or 复议 nearby
    "行政复议与行政诉讼的发案量保持平稳，纠错率5%。",  # whose 纠错率?
    "败诉（纠错）率10%。",  # a combined measure
    "行政复议直接纠错率5%，综合纠错率8%。",  # narrower and wider measures
    "行政复议纠错率同比下降5个百分点。",  # a change, not a level
    "行政复议纠错率下降5%。",
    "全年办理行政复议案件30件、行政诉讼案件25件。",  # handled, not newly received
    "律师出庭率90%。",  # not the head of the agency
    "行政复议工作有序开展，执法监督纠错3件。",  # another topic's correction
    "复议应诉案件94件。",  # both kinds of case at once
    "行政复议和行政诉讼纠错率5%。",
    "人民调解调解率98%，行政复议纠错率3件。",  # civil mediation; a rate needs %
    "受理行政调解案件71111件，调解成功28161件。",
    "检察机关提起行政公益诉讼5件，败诉1件。",
    "建成合法性审查中心3个，开展合法性审查培训4次。",
    "村（社区）法律顾问123名。",
])
def test_doubtful_mentions_stay_unmapped(text):
    assert mapped(text) == set()


def test_changes_are_never_mapped():
    text = "行政复议新发94件，同比下降20.34%，纠错率8.57%，下降近49个百分点。"
    facts = extract_facts(text)
    assert {facts[index].kind for index, _ in map_indicators(facts)} == {"level"}
    assert any(fact.kind == "change" for fact in facts)


def test_every_indicator_is_described_and_reachable():
    names = [indicator.name for indicator in INDICATORS]
    assert len(names) == len(set(names))
    for indicator in INDICATORS:
        assert all(isinstance(value, str) and value.strip() for value in vars(indicator).values()), indicator
        assert indicator.name_en.isascii() and indicator.definition_en.isascii(), indicator
    assert {indicator for _, _, indicator in SAMPLES} == set(names)


def test_rates_are_percentages_and_counts_are_not():
    rates = {indicator.name for indicator in INDICATORS if indicator.unit == "%"}
    for prefix in ("000", "001", "002", "003", "004"):
        for name, _ in seed_indicators(prefix):
            assert name.endswith("率") == (name in rates), name


EXPECTED = {  # read off the seed texts
    "000": {("行政复议调解率", 57.8), ("行政诉讼调撤率", 49.1), ("行政诉讼败诉率", 6.9), ("行政复议纠错率", 6.06),
            ("行政机关负责人出庭应诉率", 100)},
    "001": {("行政复议新收案件数", 94), ("行政复议纠错率", 8.57), ("行政诉讼新收案件数", 111), ("行政诉讼败诉率", 8.87),
            ("行政机关负责人出庭应诉率", 97.65)},
    "002": {("行政机关负责人出庭应诉率", 100), ("行政复议审结案件数", 494)},
    "003": set(),
    "004": {("行政机关负责人出庭应诉率", 100)},
}
ALSO_CORRECT = {  # further figures the seeds state, checked by reading the sentence each comes from
    "000": {("行政执法证件申领（换发）数", 1776)},
    "001": {("行政复议纠错案件数", 9), ("行政诉讼败诉案件数", 11), ("行政机关负责人出庭应诉案件数", 83),
            ("合法性审查（审核）件数", 725), ("行政规范性文件报送备案件数", 18), ("行政执法证件申领（换发）数", 800),
            ("行政执法人员持证率", 96.6), ("人大代表建议办理件数", 194), ("政协委员提案办理件数", 170)},
    "002": {("行政复议纠错案件数", 13), ("行政诉讼新收案件数", 143), ("行政诉讼败诉案件数", 1),
            ("行政规范性文件备案审查件数", 3), ("行政执法案卷评查数", 228)},
    "003": {("政府信息主动公开条数", 299_100), ("行政执法案卷评查数", 174)},
    "004": {("行政执法案卷评查数", 30), ("人大代表建议办理件数", 115), ("政协委员提案办理件数", 84),
            ("政府信息主动公开条数", 2000), ("行政执法人员数", 184)},
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_indicators_come_out_right(prefix):
    found = seed_indicators(prefix)
    assert EXPECTED[prefix] <= found
    assert found - EXPECTED[prefix] <= ALSO_CORRECT[prefix], found - EXPECTED[prefix] - ALSO_CORRECT[prefix]
    for name, _ in EXPECTED[prefix]:
        assert len({value for found_name, value in found if found_name == name}) == 1, name
