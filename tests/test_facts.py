"""Quantities are read with the right value, unit, qualifier and kind, and nothing else is."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.facts import extract_facts

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def only_fact(text: str):
    facts = extract_facts(text)
    assert len(facts) == 1, [text[f.start:f.end] for f in facts]
    return facts[0]


@pytest.mark.parametrize("text, written, value, unit, qualifier", [
    ("全区共受理行政审批服务事项105万件，", "105万件", 1_050_000, "件", None),
    ("主动公开政府信息29.91万条。", "29.91万条", 299_100, "条", None),
    ("受理1.2万件", "1.2万件", 12_000, "件", None),
    ("服务群众3亿人次", "3亿人次", 300_000_000, "人次", None),
    ("办理案件1,234件", "1,234件", 1234, "件", None),
    ("审结１２３件", "１２３件", 123, "件", None),
    ("出具法律意见300余条。", "300余条", 300, "条", "余"),
    ("为辖区1680余家涉外企业提供服务", "1680余家", 1680, "家", "余"),
    ("参训人员5万余人", "5万余人", 50_000, "人", "余"),
    ("召开专题会议三次", "三次", 3, "次", None),
    ("学法十二次", "十二次", 12, "次", None),
    ("培训二十五人", "二十五人", 25, "人", None),
    ("办结一百零五件", "一百零五件", 105, "件", None),
    ("开展督查两次", "两次", 2, "次", None),
    ("受理两万余件", "两万余件", 20_000, "件", "余"),
    ("调解率达57.8%，", "57.8%", 57.8, "%", None),
    ("满意率57.8％", "57.8％", 57.8, "%", None),
    ("覆盖率百分之九十五", "百分之九十五", 95, "%", None),
    ("实现百分之百覆盖", "百分之百", 100, "%", None),
    ("涉案金额4684万元", "4684万元", 4684, "万元", None),
    ("投入3亿元", "3亿元", 3, "亿元", None),
    ("投入三千万元", "三千万元", 3000, "万元", None),
    ("挽回损失300余万元", "300余万元", 300, "万元", "余"),
    ("用户量超6000个", "超6000个", 6000, "个", "超"),
    ("约30人参加", "约30人", 30, "人", "约"),
    ("近3年来", "近3年", 3, "年", "近"),
    ("超过100家企业", "超过100家", 100, "家", "超过"),
    ("差错率不到10%", "不到10%", 10, "%", "不到"),
    ("培训100人左右", "100人左右", 100, "人", "左右"),
    ("覆盖60%以上的执法领域", "60%以上", 60, "%", "以上"),
    ("压缩至60个工作日内", "60个工作日", 60, "个工作日", None),
    ("提高3倍", "3倍", 3, "倍", None),
])
def test_reads_number_unit_and_qualifier(text, written, value, unit, qualifier):
    fact = only_fact(text)
    assert text[fact.start:fact.end] == written
    assert fact.value == pytest.approx(value)
    assert (fact.unit, fact.qualifier) == (unit, qualifier)


@pytest.mark.parametrize("text, written, direction, unit", [
    ("2020年全区行政复议新发94件，同比下降20.34%，", "20.34%", "down", "%"),
    ("纠错率8.57%，下降近49个百分点；", "近49个百分点", "down", "个百分点"),
    ("空气质量优良天数同比提高8.2%", "8.2%", "up", "%"),
    ("在原有基础上增加了1人", "1人", "up", "人"),
    ("执法队伍数精减50%", "50%", "down", "%"),
    ("较上年减少3起", "3起", "down", "起"),
    ("增幅为12%", "12%", "up", "%"),
    ("企业数量净增3家", "3家", "up", "家"),
])
def test_reads_changes_with_direction(text, written, direction, unit):
    fact = [f for f in extract_facts(text) if text[f.start:f.end] == written][0]
    assert (fact.kind, fact.direction, fact.unit) == ("change", direction, unit)


@pytest.mark.parametrize("text", ["由3分提高至7.5分", "新增行政应诉案件143件", "降至5件", "行政复议纠错率6.06%"])
def test_levels_are_not_changes(text):
    facts = extract_facts(text)
    assert facts and all((f.kind, f.direction) == ("level", None) for f in facts)


def test_change_without_own_words_takes_the_subject_it_continues():
    text = "行政复议新发94件，同比下降20.34%，纠错率8.57%，下降近49个百分点。"
    subjects = {text[f.start:f.end]: f.subject for f in extract_facts(text)}
    assert subjects["20.34%"] == "行政复议新发"
    assert subjects["近49个百分点"] == "纠错率"


@pytest.mark.parametrize("text, subject", [
    ("行政复议纠错率6.06%，", "行政复议纠错率"),
    ("全区共受理行政审批服务事项105万件，办结率100%。", "全区共受理行政审批服务事项"),
    ("年度行政复议调解率达57.8%，", "年度行政复议调解率"),
    ("行政负责人出庭应诉率保持100%。", "行政负责人出庭应诉率"),
    ("划转后占整体执法事项的21.20%，", "划转后占整体执法事项"),
    ("公共法律服务平台3个", "公共法律服务平台"),
])
def test_subject_is_the_clause_before_the_number(text, subject):
    assert extract_facts(text)[0].subject == subject


def test_respectively_gives_one_fact_per_value_each_with_its_own_subject():
    facts = extract_facts("服务事项网上受理率、群众企业办事满意率分别达83.4%和98.6%。")
    assert [(f.value, f.subject) for f in facts] == [(83.4, "服务事项网上受理率"), (98.6, "群众企业办事满意率")]


def test_shared_rate_is_one_fact_covering_the_clause():
    fact = only_fact("全年报备文件，报备率、及时率和规范率均达100%。")
    assert fact.subject == "报备率、及时率和规范率"


def test_list_after_enumeration_comma_starts_a_new_subject():
    text = "其中审核市政府规范性文件草案43件、市政府合同草案18件，提出法律意见189条。"
    assert [f.subject for f in extract_facts(text)] == ["审核市政府规范性文件草案", "市政府合同草案", "提出法律意见"]


@pytest.mark.parametrize("text", [
    "2021年，全区", "2021年3月", "3月22日", "时间:2021-03-22 10:26", "2020年度", "二〇二一年",
    "拱政发〔2025〕04号", "[2021]3号文件", "一是持续优化", "第一责任人", "（一）加强领导", "1.深入推进改革",
    "市政府第55次常务会议", "第三批执法主体", "第二轮督察", "十九届六中全会", "市委十二届十一次全会",
    "党的二十大", "“八五”普法", "“9.28”重要讲话", "“3.15”消费者权益日", "政务服务2.0平台", "2.0版",
    "“1+9”执法队伍架构", "完成88+11项工作任务", "《拉高三条“标准线”提升质效》", "“最多80天”改革",
    "十分重要", "三分之一", "推进“一件事”改革", "监管一件事", "统一部署", "PM2.5浓度",
    "中央八项规定精神", "行政执法三项制度", "数十家", "三四个", "三百五人", "一年以上", "3至5年", "3-5个工作日",
])
def test_labels_names_and_dates_are_not_facts(text):
    assert extract_facts(text) == []


@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.name[:3])
def test_seed_facts_are_quantities_not_years_or_document_numbers(path):
    text = path.read_text(encoding="utf-8")
    facts = extract_facts(text)
    assert len(facts) > 10
    for fact in facts:
        written = text[fact.start:fact.end]
        assert not re.search(r"(?:19|20)\d\d年|[〔〕\[\]【】号]", written), written
        assert text[fact.start - 1:fact.start] != "第", written


def test_sentence_is_the_whole_sentence_without_surrounding_space():
    text = "一是规范执法。\n　 全年审结案件3件，纠错1件！其他"
    fact = extract_facts(text)[0]
    assert fact.sentence == "全年审结案件3件，纠错1件！"
    assert text[fact.sentence_start:].startswith(fact.sentence)


@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.name[:3])
def test_seed_offsets_point_at_the_quantity_and_into_the_sentence(path):
    text = path.read_text(encoding="utf-8")
    for fact in extract_facts(text):
        (alone,) = extract_facts(text[fact.start:fact.end])
        assert (alone.value, alone.unit, alone.qualifier) == (fact.value, fact.unit, fact.qualifier)
        assert fact.sentence == text[fact.sentence_start:fact.sentence_start + len(fact.sentence)]
        assert fact.sentence_start <= fact.start < fact.end <= fact.sentence_start + len(fact.sentence)


def test_seed_quantities_read_as_stated():
    text = SEEDS[0].read_text(encoding="utf-8")
    by_text = {text[f.start:f.end]: f for f in extract_facts(text)}
    assert (by_text["105万件"].value, by_text["300余条"].qualifier, by_text["6.06%"].subject) == (
        1_050_000, "余", "复议纠错率")
    assert "五年" in by_text and "2021年" not in by_text


PIECES = ["105万件", "300余条", "57.8%", "百分之", "三次", "一百零五", "两万", "亿", "万", "余", "近", "约", "超过",
          "以上", "左右", "同比下降", "个百分点", "分别达", "和", "、", "，", "。", "；", "\n", "第", "年", "月", "日",
          "〔2025〕04号", "《", "》", "“", "”", "\"", "1+9", "2.0", "至", "-", "％", "９", ".", ",", "元", "件", " ", "　"]
report_like = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=60).map("".join)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.one_of(report_like, st.text(max_size=300)))
def test_never_raises_and_offsets_stay_in_range(text):
    previous_start = -1
    for fact in extract_facts(text):
        assert 0 <= fact.start < fact.end <= len(text)
        assert fact.start > previous_start
        previous_start = fact.start
        assert fact.kind in {"level", "change"} and (fact.direction is None) == (fact.kind == "level")
        assert fact.sentence == text[fact.sentence_start:fact.sentence_start + len(fact.sentence)]
        assert fact.sentence_start <= fact.start and fact.end <= fact.sentence_start + len(fact.sentence)
