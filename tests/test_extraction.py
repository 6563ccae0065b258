"""Cleaning, metadata, regions and outline: on the seeds and on small texts of page chrome."""
from __future__ import annotations

import pytest

from conftest import seed_text
from fazhi.clean import clean, iso_date
from fazhi.metadata import find_report_year, find_title, issuer_from_title, region_from_opening
from fazhi.model import Document
from fazhi.outline import cn_ordinal, parse_outline, part_of
from fazhi.regions import default_index, load_regions
from fazhi.report import build_report

EXPECTED = {
    # file: issuer, region code, report_year, published, doc_number, depth-1 parts
    "000": ("杭州市临安区人民政府", "330112", 2021, None, None,
            ["achievements", "shortcomings", "next_year_plan"]),
    "001": ("杭州市富阳区人民政府", "330111", 2020, "2021-03-22", None,
            ["achievements", "shortcomings", "first_responsible_person", "next_year_plan"]),
    "002": ("杭州市拱墅区人民政府", "330105", 2024, "2025-02-07", "拱政发〔2025〕04号",
            ["achievements", "shortcomings", "first_responsible_person", "next_year_plan", "other"]),
    "003": ("温岭市人民政府", "331081", 2021, "2022-02-25", None,
            ["achievements", "shortcomings", "next_year_plan"]),
    "004": ("抚顺市望花区人民政府", "210404", 2021, None, None,
            ["achievements", "shortcomings", "next_year_plan"]),
}


def rows_for(text: str, hints: dict | None = None, source: dict | None = None):
    document = Document("x.txt", "0" * 64, text, "text", "utf-8", hints or {})
    return build_report(document, default_index(), source)


def stored_text(rows) -> str:
    """The report's text as the database holds it: its sections' headings and bodies."""
    return "\n".join(f"{s['label'] or ''}{s['heading'] or ''}\n{s['body'] or ''}" for s in rows.sections)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_metadata_and_parts(prefix):
    issuer, code, year, published, doc_number, parts = EXPECTED[prefix]
    rows = rows_for(seed_text(prefix))
    report = rows.report
    assert (report["issuer"], report["region_code"], report["report_year"],
            report["published_date"], report["doc_number"]) == (issuer, code, year, published, doc_number)
    assert report["issuer_type"] == "government"
    assert [s["part"] for s in rows.sections if s["depth"] == 1] == parts


def test_seed_002_body_kept_once_and_metadata_block_out_of_text():
    rows = rows_for(seed_text("002"))
    text = stored_text(rows)
    assert text.count("五、其他需要报告的情况") == 1
    assert text.count("拱墅区获评法治浙江建设优秀单位") == 1
    for chrome in ("索引号", "K1493206-6/2025-32587", "公开方式", "点击率", "行政执法公开", "发布日期"):
        assert chrome not in text
    assert rows.report["index_number"] == "K1493206-6/2025-32587"
    assert rows.report["title"] == "杭州市拱墅区人民政府关于2024年度法治政府建设情况的报告"


def test_seed_chrome_is_gone_from_every_text():
    for prefix in EXPECTED:
        rows = rows_for(seed_text(prefix))
        for section in rows.sections:
            for chrome in ("当前位置", "浏览次数", "bookmark", "_GoBack", "来源:", "发布日期"):
                assert chrome not in section["body"] and chrome not in (section["heading"] or "")


def test_seed_titles_and_signature():
    assert rows_for(seed_text("000")).report["title"] == "杭州市临安区人民政府关于2021年度法治政府建设情况的报告"
    assert rows_for(seed_text("001")).report["title"] is None  # the page prints only the issuer
    seed_003 = rows_for(seed_text("003")).report
    assert seed_003["signed_date"] == "2022-02-21"
    assert seed_003["source_name"] == "温岭市人民政府"


PAGE = """您所在的位置：首页 > 政务公开 > 法治政府建设
今天是 2019年10月31日 星期四
索引号：
001-2020-0042
发文字号
淳政发〔2020〕12号
成文日期：2020-02-20
淳安县人民政府关于2019年度法治政府建设工作情况的报告
发布时间：2020-03-01 09:00　来源：淳安县司法局　浏览次数：123　【打印】【关闭】
省政府、市委：
　　2019年，我县坚持以习近平新时代中国特色社会主义思想为指导。2018年我县曾获评先进，2023年将继续努力。
一、2019年法治政府建设主要举措和成效
（一）依法全面履行政府职能
1．深化改革。全年受理行政复议案件12件。[bookmark: _GoBack]
二、存在的不足和原因
一是法治意识有待增强。二是队伍建设有待加强。
三、党政主要负责人履行推进法治建设第一责任人职责情况
县长带头学法。
四、2020年工作安排
继续努力。
五、其他需要报告的情况
无。
上一篇：关于2018年度法治政府建设工作情况的报告
版权所有：淳安县人民政府 浙ICP备12345678号
"""


def test_page_chrome_read_into_metadata_and_dropped():
    rows = rows_for(PAGE)
    report = rows.report
    assert report["title"] == "淳安县人民政府关于2019年度法治政府建设工作情况的报告"
    assert report["issuer"] == "淳安县人民政府"
    assert report["region_code"] == "330127"
    assert report["report_year"] == 2019  # not 2018/2020/2023 quoted in the body, nor the clock's
    assert report["published_date"] == "2020-03-01"
    assert report["signed_date"] == "2020-02-20"
    assert report["doc_number"] == "淳政发〔2020〕12号"
    assert report["index_number"] == "001-2020-0042"
    assert report["source_name"] == "淳安县司法局"
    for chrome in ("您所在的位置", "今天是", "浏览次数", "打印", "上一篇", "ICP", "bookmark", "索引号"):
        assert chrome not in stored_text(rows)
    assert "省政府、市委：" in stored_text(rows)  # the salutation is the report's own
    assert [s["part"] for s in rows.sections if s["depth"] == 1] == [
        "achievements", "shortcomings", "first_responsible_person", "next_year_plan", "other"]
    items = [s for s in rows.sections if s["label"] in ("一是", "二是")]
    assert [s["heading"] for s in items] == ["法治意识有待增强", "队伍建设有待加强"]


def test_full_width_digits_and_mixed_punctuation():
    cleaned = clean("２０２１年，全区受理案件１２件。\r\n\u3000\u3000(一)加强领导")
    assert cleaned.lines == ["2021年，全区受理案件12件。", "(一)加强领导"]


def test_traditional_text_and_department_issuer():
    text = "杭州市司法局\n關於2021年度法治政府建設情況的報告\n2021年，我局堅持依法行政。\n一、主要舉措和成效\n推進行政復議。\n二、存在的不足和原因\n不足。"
    report = rows_for(text).report
    assert report["issuer"] == "杭州市司法局"
    assert report["issuer_type"] == "department"
    assert report["region_code"] == "330100"  # a department links to its government's region
    assert report["report_year"] == 2021


def test_missing_fields_are_null_with_warnings_never_guessed():
    rows = rows_for("各位领导：\n今年以来，我们认真工作，取得一定成效。\n下一步将继续努力。")
    report = rows.report
    assert report["issuer"] is None and report["region_code"] is None and report["report_year"] is None
    assert any("region" in w for w in rows.warnings) and any("report_year" in w for w in rows.warnings)


def test_overrides_win_and_are_marked():
    rows = rows_for(seed_text("000"), source={"report_year": "2021", "region_code": "330103",
                                              "source_url": "https://example.gov.cn/a.html"})
    assert rows.report["region_code"] == "330103" and rows.report["city"] == "杭州市"
    assert rows.report["overrides"] == ["region_code", "report_year"]
    assert rows.report["source_url"] == "https://example.gov.cn/a.html"


def test_body_printed_twice_with_chrome_between():
    body = ["2021年，我区推进法治政府建设，成效明显，现报告如下。",
            "一、主要举措和成效", "全年办理行政复议案件二十件，纠错率百分之十。",
            "二、存在的不足和原因", "队伍力量不足，专业人才缺乏，有待加强。"]
    page = "\n".join(["某某区人民政府关于2021年度法治政府建设情况的报告", *body,
                      "相关文章", "某某区人民政府关于2021年度法治政府建设情况的报告", *body])
    lines = clean(page).lines
    assert lines == ["某某区人民政府关于2021年度法治政府建设情况的报告", *body]


@pytest.mark.parametrize("title, year", [
    ("2021年法治政府建设工作总结和2022年工作计划", 2021),
    ("关于2020年度法治政府建设情况的报告", 2020),
    ("法治政府建设年度报告", None),
])
def test_report_year_from_title(title, year):
    assert find_report_year(title, [])[0] == year


def test_report_year_from_headings_only_when_they_agree():
    body = ["2020年,富阳区坚持依法行政。", "一、2020年法治政府建设的主要举措和成效", "四、2021年推进法治政府建设的主要安排"]
    assert find_report_year(None, body) == (2020, "headings")
    assert find_report_year(None, ["2020年,我区坚持依法行政。", "四、2023年工作安排"]) == (None, None)


def test_title_over_two_lines_and_issuer():
    assert find_title(["杭州市临安区人民政府", "关于2021年度法治政府建设情况的报告", "正文。"]) == (
        "杭州市临安区人民政府关于2021年度法治政府建设情况的报告", "杭州市临安区人民政府", 2)
    assert issuer_from_title("2021年度杭州市司法局法治政府建设年度报告") == "杭州市司法局"
    assert issuer_from_title("某市住房和城乡建设局2021年法治政府建设情况报告") == "某市住房和城乡建设局"
    # An aside in brackets is not part of the name, even when the title cuts it off.
    assert issuer_from_title("某市司法局（市法治政府建设办公室）2021年度法治政府建设情况报告") == "某市司法局"
    assert issuer_from_title("某市司法局(某市法治办)2021年度法治政府建设情况报告") == "某市司法局"


@pytest.mark.parametrize("title, issuer", [
    ("某市人民政府办公室关于印发《某市2022年法治政府建设年度报告》的通知", "某市"),
    ("关于公布《某县司法局2023年度法治政府建设工作报告》的公告", "某县司法局"),
    ("某县人民政府办公室关于印发《2022年度法治政府建设情况报告》的通知", "某县人民政府办公室"),  # report unnamed
    ("某县人民政府办公室关于印发《某县法治政府建设实施方案》的通知", "某县人民政府办公室"),  # not a report
    ("关于印发《2022年度法治政府建设情况报告》的通知", None),
    ("关于《某省法治政府建设实施纲要》落实情况的报告", None),  # a document's title names no issuer
])
def test_a_notice_publishing_a_report_names_the_reports_body(title, issuer):
    assert issuer_from_title(title) == issuer


def test_a_report_published_by_its_governments_office_is_the_governments():
    rows = rows_for("嘉兴市人民政府办公室关于印发《嘉兴市2022年法治政府建设年度报告》的通知\n"
                    "各县（市、区）人民政府，市政府各部门：\n"
                    "《嘉兴市2022年法治政府建设年度报告》已经市政府同意，现印发给你们。\n"
                    "嘉兴市2022年法治政府建设年度报告\n2022年，全市扎实推进法治政府建设。\n"
                    "一、主要举措和成效\n深化改革。\n二、存在的不足和原因\n意识有待提升。\n")
    assert (rows.report["issuer"], rows.report["region_code"], rows.report["level"], rows.report["report_year"]) == (
        "嘉兴市人民政府", "330400", "city", 2022)


def test_issuer_on_the_line_above_a_title_and_headings_are_never_titles():
    # The name above a title that names no body is the title's first line, as printed.
    assert find_title(["网站首页", "赵县人民政府", "2022年度法治政府建设情况报告", "2022年，县政府坚持依法行政。"]) == (
        "赵县人民政府2022年度法治政府建设情况报告", "赵县人民政府", 3)
    body = ["2019年，南昌县全面推进依法行政。", "一、2019年推进法治政府建设情况", "（一）依法全面履行政府职能"]
    assert find_title(body) == (None, None, 0)
    assert find_title(["一、2021年法治政府建设情况", "正文。"]) == (None, None, 0)


@pytest.mark.parametrize("opening, named", [
    ("2019年，在省委、省政府和市委、市政府的正确领导下，南昌县全面贯彻党的十九大精神。", "南昌县"),
    ("2022年，在南昌市委、市政府的领导下，我县全面推进依法行政。", None),  # a superior's organs
    ("2022年，县政府认真贯彻《湖南省法治政府建设实施纲要》和《岳阳县学法制度》。", None),  # documents' titles
    ("2022年，杭州市富阳区与临安区共同推进法治政府建设。", None),  # two divisions
    ("2020年，广州市深入践行习近平法治思想。南沙区被评为首批全国法治政府建设示范区。", "广州市"),  # a district after its city
    ("2021年，东城区坚持依法行政，落实北京市部署。", "东城区"),  # a city after its district
])
def test_region_from_the_opening_paragraph_only_when_it_names_one_division(opening, named):
    assert region_from_opening([opening, "一、主要举措和成效"], default_index()) == named
    assert region_from_opening(["一、主要举措和成效", opening], default_index()) is None


def test_untitled_page_whose_opening_has_a_division_as_subject_is_its_governments():
    text = "2019年，在省委、省政府的正确领导下，南昌县全面贯彻依法行政。\n一、2019年推进法治政府建设情况\n做了工作。\n"
    rows = build_report(Document("nanchang.txt", "0" * 64, text, "text"), default_index())
    assert (rows.report["title"], rows.report["issuer"], rows.report["region_code"]) == (None, "南昌县人民政府", "360121")
    assert rows.report["report_year"] == 2019 and rows.report["issuer_type"] == "government"
    city = rows_for("2020年，广州市深入践行习近平法治思想。南沙区被评为首批全国法治政府建设示范区。\n一、主要举措\n做了工作。")
    assert (city.report["issuer"], city.report["region_code"]) == ("广州市人民政府", "440100")


@pytest.mark.parametrize("opening, issuer, region_code", [
    ("2024年，安铺镇坚持以习近平新时代中国特色社会主义思想为指导。", "廉江市安铺镇人民政府", "440881"),
    ("2020年，锡林郭勒盟认真贯彻落实《法治政府建设实施纲要（2015—2020年）》。", "锡林郭勒盟行政公署", "152500"),  # a 盟's government
    ("2024年，在各级区委区政府的坚强领导下，浦沿街道深入贯彻习近平新时代中国特色社会主义思想。",
     "杭州市滨江区浦沿街道办事处", "330108"),
    # 和县 of 领导和县依法治县委员会 is a word, not a county: the township's own county wins.
    ("2023年，棣棠乡在县委、县政府正确领导和县依法治县委员会支持下，坚决贯彻落实习近平法治思想。",
     "彭水苗族土家族自治县棣棠乡人民政府", "500243"),
    ("2023年以来，县司法局在县委、县政府的坚强领导下，始终坚持以习近平法治思想为指引。“蒙城县‘5+N’矛盾化解会商机制”被命名为示范项目。",
     "蒙城县司法局", "341622"),
    ("2022年，在县委、县政府的坚强领导下，在县司法局的有力指导下，武定县人民政府办公室坚持依法行政。",
     "武定县人民政府办公室", "532329"),
    ("2022年，在市委、市政府的正确领导下，市人力资源和社会保障局坚持依法行政。现将有关工作总结如下：\n"
     "（一）加强党的领导。印发《武汉市人力资源和社会保障局学习宣传贯彻党的二十大精神的通知》。",
     "武汉市人力资源和社会保障局", "420100"),
])
def test_an_untitled_openings_subject_names_the_township_street_or_department(opening, issuer, region_code):
    report = rows_for(f"{opening}\n一、主要举措和成效\n做了工作。").report
    assert (report["issuer"], report["region_code"]) == (issuer, region_code)


def test_article_source_and_update_time_are_header_fields():
    cleaned = clean("2020年某区法治政府建设情况报告\n文章来源:司法局 更新时间:2021/03/29 11:30:01\n正文。")
    assert cleaned.header == {"source_name": "司法局", "published_date": "2021-03-29"}
    assert cleaned.lines == ["2020年某区法治政府建设情况报告", "正文。"]


def test_spaced_labels_date_lines_and_empty_fields_fill_the_header():
    spaced = clean("标  题 河南省人民政府关于2017年度法治政府建设情况的报告\n"
                   "发文字号 豫政文〔2018〕32号 发布时间 2019年06月05日\n正文。")
    assert spaced.header == {"title": "河南省人民政府关于2017年度法治政府建设情况的报告",
                             "doc_number": "豫政文〔2018〕32号", "published_date": "2019-06-05"}
    bulleted = clean("某省人民政府2022年度法治政府建设工作情况\n• 2023年03月30日 09时24分\n• 来源: 司法厅\n"
                     "2022年，省政府坚持依法行政。\n2023年4月1日")
    assert bulleted.header == {"published_date": "2023-03-30", "source_name": "司法厅"}
    assert bulleted.lines == ["某省人民政府2022年度法治政府建设工作情况", "2022年，省政府坚持依法行政。", "2023年4月1日"]
    assert clean("某省人民政府关于2021年法治政府建设情况的报告\n省政府办公厅 2022-03-15\n正文。").header == {
        "published_date": "2022-03-15", "source_name": "省政府办公厅"}
    assert clean("某县2017年度法治政府建设情况报告\n文章来源: 发布时间:2017年12月13日 字号:【小】 【大】\n正文。").header == {
        "published_date": "2017-12-13"}


def test_a_date_line_with_its_site_after_the_date_is_the_pages():
    for line, site in (("2025-04-27 10:14 某某省人民政府网", "某某省人民政府网"), ("2026-01-20 17:01 | 某市水务局", "某市水务局")):
        cleaned = clean(f"某市2024年度法治政府建设情况报告\n{line}\n2024年，某市坚持依法行政。")
        assert cleaned.header == {"published_date": line[:10], "source_name": site}
        assert cleaned.lines == ["某市2024年度法治政府建设情况报告", "2024年，某市坚持依法行政。"]
    kept = clean("某市2024年度法治政府建设情况报告\n2024年1月1日起施行\n正文。")
    assert kept.header == {} and kept.lines[1] == "2024年1月1日起施行"


def test_link_rows_and_link_trails_at_the_top_are_page_chrome():
    cleaned = clean(">政务公开 >政府信息公开 >法治政府建设报告 >某县法治政府建设工作报告\n中国政府网|某省政府网|繁体|无障碍\n"
                    "某县人民政府2020年法治政府建设年度报告\n• 【字体:\n2020年，某县坚持依法行政。")
    assert cleaned.lines == ["某县人民政府2020年法治政府建设年度报告", "2020年，某县坚持依法行政。"]
    kept = clean("某县人民政府2020年法治政府建设年度报告\n正文。\n一是立法|二是执法|三是普法。")
    assert kept.lines[-1] == "一是立法|二是执法|三是普法。"


def test_an_empty_field_never_takes_the_next_field_or_a_blank_form_as_its_value():
    for fields in ("文号:\n原文链接:点击查看源文件", "[ 发文字号 ]\n[ 主题分类 ] 公安、安全、司法、法制", "• 来源:\n• 编辑:",
                   "文  号 〔〕号 有效性"):
        assert clean(f"某县2024年度法治政府建设工作报告\n{fields}\n正文。").header == {}, fields
    table = clean("关于报送《某局2023年度法治政府建设情况报告》的报告\n文件编号 | 某财办〔2024〕1号 |\n公开类别 | 主动公开 |\n正文。")
    assert table.header == {"doc_number": "某财办〔2024〕1号"}
    row = clean("发布机构 | 某县财政局 | 发布时间 | 2024-01-28\n某县财政局2023年度法治政府建设情况报告\n正文。")
    assert row.header == {"publisher": "某县财政局", "published_date": "2024-01-28"}
    assert table.lines == ["关于报送《某局2023年度法治政府建设情况报告》的报告", "正文。"]


def test_a_document_number_in_brackets_before_the_title():
    report = rows_for("[天政发〔2026〕7号]天水市人民政府关于2025年法治政府建设情况的报告\n市委：\n2025年，市政府坚持依法行政。").report
    assert (report["doc_number"], report["issuer"], report["title"]) == (
        "天政发〔2026〕7号", "天水市人民政府", "天水市人民政府关于2025年法治政府建设情况的报告")
    fields = clean("湖北省人民政府关于2021年度推进法治政府建设情况的报告\n发布机构 湖北省人民政府 发文日期 2022-03-31\n正文。")
    assert fields.header == {"publisher": "湖北省人民政府", "signed_date": "2022-03-31"}


@pytest.mark.parametrize("header, published, signed", [
    ("发布机构: 湖南省生态环境厅\n发文日期: 2024-02-29 20:13", "2024-02-29", None),  # a system's stamp
    ("发布机构 江苏省人民政府 发文日期: 2023-03-30", None, "2023-03-30"),  # the document's own date
    ("2020-12-22 11:50\n发文日期\n2020-12-03 10:00", "2020-12-22", None),  # a publication date comes first
    ("| 生成日期 | 2026-03-18 14:54:13 | 是否有效 |", None, None),  # when the catalogue's record was made
    ("- 成文时间:2022年02月28日\n- 发表日期:2022-03-02", "2022-03-02", "2022-02-28"),
    ("公文种类: 某政文 文件编号: 某政文〔2025〕11号 发布日期: 2025年03月12日", "2025-03-12", None),
    ("索取号 AC6040203-2022-021 文    号 沪市监法规〔2022〕29号\n产生日期 2022-01-24", None, None),
    ("信息来源:深圳市政务服务数据管理局 信息提供日期:2024-01-02 10:12", "2024-01-02", None),
])
def test_the_dates_a_pages_fields_give(header, published, signed):
    report = rows_for(f"某市生态环境局2023年度法治政府建设情况报告\n{header}\n2023年，我局坚持依法行政。\n一、主要举措\n做了工作。").report
    assert (report["published_date"], report["signed_date"]) == (published, signed)


def test_breadcrumb_and_a_date_stamp_after_the_title_are_not_the_title():
    report = rows_for("今天是  无障碍\n市政府\n您当前所在位置:首页>法治政府建设年度情况报告>市政府\n"
                      "青岛市人民政府关于2018年法治政府建设情况的报告\n2018年，我市坚持依法行政。\n一、主要举措\n做了工作。").report
    assert (report["title"], report["issuer"]) == ("青岛市人民政府关于2018年法治政府建设情况的报告", "青岛市人民政府")
    stamped = rows_for("上海市司法局2023年法治政府建设情况报告 (2024-02-26)\n\n2023年，上海市司法局坚持依法行政。\n一、主要举措\n做了工作。")
    assert (stamped.report["title"], stamped.report["published_date"]) == ("上海市司法局2023年法治政府建设情况报告", "2024-02-26")
    assert issuer_from_title("沅江路街道2024法治政府建设年度报告") == "沅江路街道"


def test_header_fields_in_table_rows_and_a_cover_letters_date():
    table = clean("| 索引号 | 620721125/2026-00002 | 发文字号 | 某林草发〔2026〕6号 |\n|---|---|---|---|\n"
                  "| 关键词 | 发布机构 | 某县林草局 | |\n索引号: | 002564301/2025-00062 | 成文日期: | 2025-01-27 |\n"
                  "2025年，我局坚持依法行政。")
    assert table.header == {"index_number": "620721125/2026-00002", "doc_number": "某林草发〔2026〕6号",
                            "publisher": "某县林草局", "signed_date": "2025-01-27"}
    assert table.lines == ["2025年，我局坚持依法行政。"]
    letter = clean("中共某市委、某市人民政府：\n现将我局2024年度法治政府建设情况报告如下。\n特此报告。\n某市交通运输局\n"
                   "2025年1月15日\n某市交通运输局2024年度法治政府建设情况报告")
    assert "published_date" not in letter.header and "2025年1月15日" in letter.lines


def test_fields_after_a_short_lead_on_the_same_line():
    glued = clean("某省2023年度法治政府建设情况报告\n2024-03-15来源:\n2023年，某省坚持依法行政。")
    assert glued.header == {"published_date": "2024-03-15"}
    cleaned = clean("中共某县委 某县人民政府关于2025年度法治政府建设的报告\n"
                    "某县人民政府门户网站 www.example.gov.cn 发布时间:2026-02-27 10:28\n2025年，某县坚持依法行政。")
    assert cleaned.header == {"published_date": "2026-02-27"}
    assert cleaned.lines[1] == "某县人民政府门户网站 www.example.gov.cn"
    sentence = "2025年，某县在发布时间：上半年完成了清理。"
    assert clean(f"某县2025年法治政府建设报告\n{sentence}").lines[1] == sentence


def test_a_dated_title_block_and_a_reading_count_before_the_date():
    dated = clean("某省农业农村厅2023年法治政府建设年度报告\n某省农业农村厅\n（2024年1月31日）\n2023年，我厅坚持依法行政。")
    assert dated.header == {"signed_date": "2024-01-31"}
    assert dated.lines == ["某省农业农村厅2023年法治政府建设年度报告", "某省农业农村厅", "2023年，我厅坚持依法行政。"]
    counted = clean("某委关于2023年度法治政府建设工作情况的报告\n阅读量: 【发布日期:2024-03-11 】 关闭\n正文。")
    assert counted.header == {"published_date": "2024-03-11"}


@pytest.mark.parametrize("text, issuer, code", [
    ("现将市人力资源和社会保障局2019年度法治政府建设工作报告如下：\n一、主要举措和成效\n"
     "2019年以来，郑州市人力资源和社会保障局全面贯彻落实纲要。", "郑州市人力资源和社会保障局", "410100"),
    ("2025年是法治政府建设五年纲要的收官之年，五华区审计局在上级审计机关和区委、区政府的正确领导下，紧紧围绕中心工作。"
     "现将2025年我局法治政府建设工作情况报告如下：\n一、基本情况\n做了工作。", "昆明市五华区审计局", "530102"),
    ("[法制办]关于2017年度法治政府建设情况的报告\n2017年，成都市人民政府和全市各级行政机关深入学习贯彻纲要。\n一、主要工作",
     "成都市人民政府", "510100"),
    ("• 高举旗帜，团结奋斗。\n司法信息\n沈阳市人民政府关于2025年法治政府建设情况的报告\n2025年，沈阳市坚持依法行政。",
     "沈阳市人民政府", "210100"),
    ("高新区(新市区)人民政府2024年法治政府建设工作报告\n2024年，区人民政府坚持依法行政。", "高新区(新市区)人民政府", "650104"),
    ("天津滨海高新区2023年度法治政府建设情况报告\n2023年，滨海高新区坚持依法行政。", "天津滨海高新区", None),
    ("站群导航\nAQI\n2023年，吉林省人民政府坚持依法行政，推动法治政府建设实现新突破。\n一、主要举措\n做了工作。",
     "吉林省人民政府", "220000"),
    ("市政府：\n现将我局2018年法治政府建设情况上报，请审阅。\n特此报告。\n江门市商务局\n2018年12月12日\n"
     "江门市商务局2018年度法治政府建设情况\n2018年，我局坚持依法行政。", "江门市商务局", "440700"),
    ("2024年，武进区商务局法治政府建设工作坚持以习近平法治思想为指导。\n一、主要举措\n做了工作。",
     "常州市武进区商务局", "320412"),
    ("南京市人民政府关于2020年度\n法治政府建设情况的报告\n宁政发〔2021〕8号\n2020年，全市坚持依法行政。",
     "南京市人民政府", "320100"),
    ("《民政部2021年法治政府建设年度报告》(全文)\n民政部2021年法治政府建设年度报告\n2021年，民政部坚持依法行政。",
     "民政部", None),
    ("【省政府法治建设报告】湖北省人民政府关于2021年度推进法治政府建设情况的报告\n2021年，全省坚持依法行政。",
     "湖北省人民政府", "420000"),
    ("关于报送《拱墅区财政局2023年度法治政府建设情况报告》的报告\n某某办公室：\n现将报告报送如下。",
     "杭州市拱墅区财政局", "330105"),
    ("根据通知要求，现将《临沧市文化和旅游局2025年度法治政府建设情况报告》予以公布。\n2025年，市文化旅游局坚持依法行政。",
     "临沧市文化和旅游局", "530900"),
    ("南昌县政府2020年度法治政府建设工作报告\n2020年，我县坚持依法行政。", "南昌县人民政府", "360121"),
    ("市水务局2025年度法治政府建设情况报告\n2026-01-20 17:01 | 武汉市水务局\n2025年，我局坚持依法行政。",
     "武汉市水务局", "420100"),
    ("区司法局2023年度法治政府建设情况报告\n来源：杭州市拱墅区人民政府\n2023年，我局坚持依法行政。",
     "杭州市拱墅区司法局", "330105"),
    ("市场监督管理局2023年度法治政府建设情况报告\n来源：桐庐县人民政府\n2023年，我局坚持依法行政。",
     "市场监督管理局", "330122"),
])
def test_who_reports_across_page_styles(text, issuer, code):
    report = rows_for(text).report
    assert (report["issuer"], report["region_code"]) == (issuer, code)


def test_bracketed_labels_dashed_fields_and_empty_values():
    cleaned = clean("- [ 索引号 ] 11500000000000000X/2026-00004\n- [ 发文字号 ] 无\n"
                    "[ 发布机构 ] 某某县某某乡人民政府 [ 有效性 ]\n［成文日期］ 2026-02-11 ［发布日期］ 2026-02-12\n"
                    "某某乡2025年法治政府建设情况报告\n- 日期:2026-02-12\n2025年，某某乡坚持依法行政。")
    assert cleaned.header == {"index_number": "11500000000000000X/2026-00004", "publisher": "某某县某某乡人民政府",
                              "signed_date": "2026-02-11", "published_date": "2026-02-12"}
    assert cleaned.lines == ["某某乡2025年法治政府建设情况报告", "2025年，某某乡坚持依法行政。"]
    assert clean("--成功创建国家食品安全示范城市。").lines == ["--成功创建国家食品安全示范城市。"]


def test_township_reports_are_township_level_in_their_county():
    rows = rows_for("城口县鸡鸣乡人民政府2025年法治政府建设情况报告\n2025年，鸡鸣乡坚持依法行政。\n一、主要成效\n做了工作。")
    report = rows.report
    assert (report["issuer"], report["region_code"], report["level"], report["issuer_type"]) == (
        "城口县鸡鸣乡人民政府", "500229", "township", "government")
    for issuer, level in (("城口县人民政府", "county"), ("城口县乡村振兴局", "county"), ("城口县城乡建设委员会", "county")):
        assert rows_for(f"{issuer}2025年法治政府建设情况报告\n正文。").report["level"] == level, issuer


@pytest.mark.parametrize("text, issuer, code", [
    ("贤庠镇人民政府2022年法治政府建设工作报告\n2022年，贤庠镇坚持依法行政。", "象山县贤庠镇人民政府", "330225"),
    ("虎门镇2022年法治政府建设工作报告\n2022年，虎门镇坚持依法行政。", "东莞市虎门镇人民政府", "441900"),
    ("三都镇2025年法治政府建设工作报告\n2025年，在柳江区委、区政府领导下，三都镇坚持依法行政。",
     "柳州市柳江区三都镇人民政府", "450206"),
    ("三都镇2025年法治政府建设工作报告\n2025年，三都镇坚持依法行政。", "三都镇人民政府", None),
])
def test_a_township_named_alone_lies_where_the_list_of_townships_puts_it(text, issuer, code):
    report = rows_for(text).report
    assert (report["issuer"], report["region_code"]) == (issuer, code)
    assert report["level"] == ("township" if code else None)


def test_a_township_whose_province_is_not_the_one_named_is_a_namesake():
    regions = default_index()
    assert regions.resolve_township("贤庠镇", context="浙江省").code == "330225"
    assert regions.resolve_township("贤庠镇", context="湖南省") is None
    assert regions.resolve_township("贤庠镇", within=regions.by_code["330200"]).code == "330225"
    assert regions.resolve_township("贤庠镇", within=regions.by_code["330100"]) is None
    assert regions.resolve_township("虹桥街道", context="上海市").code == "310105"


def test_the_reporter_an_untitled_opening_names():
    rows = rows_for("2021年，在区委、区政府坚强领导下，虹桥街道扎实推进基层法治建设，入选上海市第一批法治示范创建街镇。"
                    "现将虹桥街道2021年度法治政府建设工作报告如下：\n一、坚持党的领导\n做了工作。")
    report = rows.report
    assert (report["issuer"], report["region_code"], report["level"], report["issuer_type"]) == (
        "上海市长宁区虹桥街道办事处", "310105", "township", "government")
    rows = rows_for("2022年，县政府坚持依法行政。现将桐庐县人民政府2022年法治政府建设情况报告如下。\n一、主要成效\n做了工作。")
    assert (rows.report["issuer"], rows.report["region_code"]) == ("桐庐县人民政府", "330122")
    for opening in ("根据工作要求，现将我局2019年法治政府建设情况报告如下：", "现将市司法局2019年法治政府建设情况报告如下：",
                    "现将我镇2022年度法治政府建设工作报告如下：", "现将本街道2022年法治政府建设情况报告如下：",
                    "现将全乡2022年法治政府建设情况报告如下："):
        assert rows_for(f"{opening}\n一、工作总结\n做了工作。").report["issuer"] is None, opening


@pytest.mark.parametrize("opening, issuer, code", [
    ("2022年，青石镇党委、政府坚持依法行政。现将我镇2022年度法治政府建设工作报告如下：", "青石镇人民政府", None),
    ("2023年，在区委、区政府的正确领导下，拱墅区教育局深入开展法治政府建设。", "杭州市拱墅区教育局", "330105"),
    ("2020年以来，国家税务总局浙江省税务局深入贯彻习近平法治思想。", "国家税务总局浙江省税务局", "330000"),
    ("2018年是开局之年。一年来，在党中央坚强领导下，浙江省委、省政府坚持依法行政。", "浙江省人民政府", "330000"),
    ("2021年，拱墅区人民政府认真落实法治政府建设实施纲要。", "杭州市拱墅区人民政府", "330105"),
])
def test_the_organ_an_untitled_opening_has_as_its_subject(opening, issuer, code):
    report = rows_for(f"{opening}\n一、主要举措\n做了工作。").report
    assert (report["issuer"], report["region_code"]) == (issuer, code)
    salutation = rows_for(f"国务院：\n{opening}\n一、主要举措\n做了工作。").report
    assert salutation["issuer"] == issuer


@pytest.mark.parametrize("text, issuer", [
    ("生态环境部2021年法治政府建设年度报告\n正文。", "生态环境部"),
    ("国家税务总局关于2022年法治政府建设情况的报告\n正文。", "国家税务总局"),
    ("中华人民共和国司法部2020年法治政府建设年度报告\n正文。", "中华人民共和国司法部"),
    ("2017年，原环境保护部深入学习宣传贯彻党的十九大精神。\n一、主要举措\n做了工作。", "原环境保护部"),
])
def test_central_bodies_report_at_national_level_with_no_division(text, issuer):
    rows = rows_for(text)
    assert (rows.report["issuer"], rows.report["level"], rows.report["region_code"]) == (issuer, "national", None)
    assert rows.report["issuer_type"] == "department" and "region not found" not in rows.warnings


@pytest.mark.parametrize("text, level", [
    ("国家税务总局浙江省税务局2020年法治政府建设情况报告\n正文。", "province"),  # an office in a division
    ("国家税务总局朝阳区税务局2020年法治政府建设情况报告\n正文。", None),  # one in a division too many share
    ("县委宣传部2020年法治政府建设情况报告\n正文。", None),  # a county party department, its county unnamed
])
def test_offices_of_central_bodies_and_party_departments_are_not_national(text, level):
    rows = rows_for(text)
    assert rows.report["level"] == level
    assert (rows.report["region_code"] is None) == ("region not found" in rows.warnings)


@pytest.mark.parametrize("opening", [
    "2022年，区司法局坚持依法行政。",  # a department of no named division
    "2022年，区司法局坚持依法行政，与临安区、富阳区开展协作。",  # nor of one division
    "2023年是全面贯彻落实党的二十大精神的开局之年，是我市全面建设现代化大都市的关键之年。",  # no place
    "2023年，全镇坚持以习近平新时代中国特色社会主义思想为指导。",
    "2022年，市司法局坚持依法行政，指导南昌县开展工作。",  # a division of another level
    "2022年，县委、县政府坚持依法行政。",
    "2022年，我局坚持依法行政。",
    "2022年，在西湖区人民政府的领导下，全区深入推进依法行政。",  # a superior
    "一、2022年，西湖区人民政府坚持依法行政。",  # a heading, not the opening
])
def test_an_opening_subject_that_names_no_reporting_organ(opening):
    assert rows_for(f"{opening}\n二、主要举措\n做了工作。").report["issuer"] is None


@pytest.mark.parametrize("opening, issuer_type", [
    ("2022年，我局坚持依法行政。", "department"),
    ("2023年以来，县司法局在县委、县政府的坚强领导下，始终坚持以习近平法治思想为指引。", "department"),
    ("2025年，市卫生健康委在市委、市政府的坚强领导下，坚持依法行政。", "department"),
    ("根据工作要求，现将我局2021年度法治政府建设情况报告如下。", "department"),
    ("2022年，省政府坚持以习近平新时代中国特色社会主义思想为指导。", "government"),
    ("2022年，我县坚持以习近平新时代中国特色社会主义思想为指导。", "government"),
    ("2022年，县委、县政府坚持依法行政，为我市发展提供保障。", None),  # a superior, and 我市 in passing
])
def test_a_report_that_names_no_body_still_says_what_kind_of_body_it_is(opening, issuer_type):
    report = rows_for(f"{opening}\n一、主要举措和成效\n做了工作。").report
    assert (report["issuer"], report["issuer_type"]) == (None, issuer_type)


def test_the_year_an_untitled_opening_says_it_reports_on():
    body = ["市依法行政工作领导小组办公室：", "根据工作要求，现将市司法局2019年法治政府建设情况报告如下：",
            "一、工作总结", "在2018年度考评中，我市首次进入优秀行列。"]
    assert find_report_year(None, body) == (2019, "headings")
    assert find_report_year(None, ["现将有关情况报告如下。", "一、工作总结"]) == (None, None)


def test_a_report_printed_in_traditional_characters_is_read_as_simplified():
    rows = rows_for("北京市2020年法治政府建設年度情況報告\n日期:2021-03-30 15:28 來源:北京市人民政府\n"
                    "2020年，市政府堅持以習近平新時代中國特色社會主義思想為指導，深入學習貫徹黨的十九大精神，"
                    "紮實推進依法行政各項工作。現將有關情況報告如下。\n一、2020年法治政府建設主要舉措和成效\n"
                    "全市行政復議糾錯率為12.5%。\n二、存在的不足和原因\n隊伍建設有待加強。")
    report = rows.report
    assert (report["title"], report["issuer"], report["region_code"], report["report_year"], report["published_date"]) == (
        "北京市2020年法治政府建设年度情况报告", "北京市人民政府", "110000", 2020, "2021-03-30")
    assert report["parts_present"] == ["achievements", "shortcomings"]
    assert [i["indicator"] for i in rows.indicators] == ["行政复议纠错率"]
    assert "printed in traditional characters; read as simplified" in rows.notes
    simplified = "2020年，区政府坚持依法行政，显著提升执法水平，乾隆年间的古建筑得到保护。"
    assert clean(simplified).lines == [simplified] and clean(simplified).notes == []


def test_pinyin_readings_after_characters_are_removed():
    cleaned = clean("深入学(xué)习(xí)贯彻习(xí)近平法治思想，全面落实(shí )《纲要》（2021年）。")
    assert cleaned.lines == ["深入学习贯彻习近平法治思想，全面落实《纲要》（2021年）。"]
    assert clean("推进APP(beta)建设。").lines == ["推进APP(beta)建设。"]


def test_titles_below_page_leftovers_split_or_printed_twice():
    lines = ["• 115002242037431382/2024-00011", "• 法制", "• 铜梁区司法局", "• 2024-03-22",
             "重庆市铜梁区2023年法治政府建设工作报告", "重庆市铜梁区2023年法治政府建设工作报告", "2023年，区政府坚持依法行政。"]
    assert find_title(lines) == ("重庆市铜梁区2023年法治政府建设工作报告", None, 6)
    assert find_title(["2023年，区政府坚持依法行政。", "某区2023年法治政府建设工作报告"]) == (None, None, 0)
    title, _, end = find_title(["关于那曲市色尼区2025年度法治政府", "建设情况的报告", "2025年，色尼区坚持依法行政。"])
    assert (title, end, issuer_from_title(title)) == ("关于那曲市色尼区2025年度法治政府建设情况的报告", 2, "那曲市色尼区")
    assert issuer_from_title("关于2019年度法治政府建设工作情况的报告") is None
    assert rows_for("三都镇2025年法治政府建设工作报告\n正文。").report["issuer"] == "三都镇人民政府"
    assert rows_for("虹桥街道2021年法治政府建设工作报告\n正文。").report["issuer"] == "虹桥街道办事处"
    for generic in ("我镇", "本镇", "该乡", "各乡镇", "乡镇", "全街道", "我县", "本市", "全区", "我局", "本单位"):
        assert rows_for(f"{generic}2021年法治政府建设工作报告\n正文。").report["issuer"] is None, generic
    for name, issuer in (("本溪市", "本溪市人民政府"), ("全州县", "全州县人民政府"), ("城关镇", "城关镇人民政府")):
        assert rows_for(f"{name}2021年法治政府建设工作报告\n正文。").report["issuer"] == issuer, name


def test_date_before_fields_source_with_date_and_trailing_buttons():
    assert clean("某市2021年度法治政府建设情况报告\n2022-03-29 17:13:17 来源: 某市司法局 打印\n正文。").header == {
        "published_date": "2022-03-29", "source_name": "某市司法局"}
    assert clean("某省2025年法治政府建设情况报告\n来源:某某日报 2026-03-16 08:15\n正文。").header == {
        "source_name": "某某日报", "published_date": "2026-03-16"}
    assert clean("您当前的位置:首页 >法定主动公开内容 >区政府法治政府建设年度报告\n正文。").lines == ["正文。"]
    assert clean("位置调整工作有序推进。").lines == ["位置调整工作有序推进。"]


def test_prefectures_by_their_short_names_and_traditional_characters():
    index = default_index()
    assert index.resolve("黔西南州人民政府").code == "522300"
    assert index.resolve("伊犁州司法局").code == "654000"
    assert index.resolve("肃南县林草局").code == "620721"  # 肃南裕固族自治县
    assert index.resolve("金平县人民政府").code == "532530"  # 金平苗族瑶族傣族自治县
    assert index.resolve("巴州人民政府").code == "652800"  # 巴音郭楞蒙古自治州
    assert index.resolve("巴州区人民政府").code == "511902"  # 巴中市巴州区
    assert index.mentions("東城區堅持依法行政") == ["东城区"]
    opening = "2024年，東城區堅持依法行政，認真落實中央、北京市關於法治政府建設的部署。"
    assert region_from_opening([opening], index) == "东城区"


@pytest.mark.parametrize("text, issuer", [
    ("伊犁州人民政府关于2023年法治政府建设情况的报告\n2023年，伊犁州坚持依法行政。", "伊犁哈萨克自治州人民政府"),
    ("2024年，昌吉州坚持以习近平新时代中国特色社会主义思想为指导。", "昌吉回族自治州人民政府"),
    ("2024年，黔西南州生态环境局坚持依法行政。", "黔西南布依族苗族自治州生态环境局"),
    ("巴州区人民政府2023年法治政府建设情况报告\n2023年，巴州区坚持依法行政。", "巴中市巴州区人民政府"),  # not 巴州
])
def test_issuers_take_the_official_name_of_an_autonomous_prefecture(text, issuer):
    assert rows_for(f"{text}\n一、主要举措和成效\n做了工作。").report["issuer"] == issuer


def test_a_document_number_after_the_documents_disclosure_mark():
    report = rows_for("佛山市高明区人民政府关于2023年度法治政府建设工作的报告\n主动公开                明府函〔2023〕79号\n"
                      "区人大常委会：\n2023年，我区坚持依法行政。\n一、主要举措\n做了工作。").report
    assert report["doc_number"] == "明府函〔2023〕79号"


def test_a_document_number_on_the_title_line_is_not_the_title():
    report = rows_for("浙卫〔2024〕3号《浙江省卫生健康委关于2023年度法治政府建设情况的报告》\n"
                      "浙江省卫生健康委关于2023年度法治政府建设情况的报告\n浙卫〔2024〕3号\n省委、省政府:\n"
                      "现呈送我委2023年度法治政府建设情况报告。\n一、主要举措\n做了工作。").report
    assert (report["title"], report["issuer"], report["doc_number"]) == (
        "浙江省卫生健康委关于2023年度法治政府建设情况的报告", "浙江省卫生健康委", "浙卫〔2024〕3号")


def test_a_title_in_a_tables_cell():
    assert find_title(["| 滨海新区工业和信息化局2025年法治政府建设情况报告 |", "2025年，区工业和信息化局坚持依法行政。"])[0] == (
        "滨海新区工业和信息化局2025年法治政府建设情况报告")


def test_township_pages_a_street_office_above_its_title_a_joint_report_and_a_trail_of_links():
    street = rows_for("北京市西城区人民政府广安门内街道办事处\n2020年法治政府建设年度情况报告\n区委、区政府:\n"
                      "2020年，广内街道坚持依法行政。\n一、主要举措\n做了工作。").report
    assert (street["issuer"], street["region_code"], street["level"]) == (
        "北京市西城区人民政府广安门内街道办事处", "110102", "township")
    joint = rows_for("中共大马营镇委员会 大马营镇人民政府关于2025年法治政府建设情况的报告\n"
                     "2025年，大马营镇坚持依法行政。\n一、主要举措\n做了工作。").report
    assert (joint["issuer"], joint["region_code"], joint["level"]) == (
        "中共大马营镇委员会 大马营镇人民政府", "620725", "township")  # 大马营镇 is in 山丹县 alone
    trail = rows_for("首页\n>> 政务公开 >> 法治政府工作报告\n澧浦镇2023年度法治政府建设工作报告\n"
                     "2023年，澧浦镇坚持依法行政。\n一、主要举措\n做了工作。").report
    assert trail["title"] == "澧浦镇2023年度法治政府建设工作报告"


def test_a_townships_namesakes_told_apart_by_the_committees_its_report_works_under():
    index = default_index()  # 宜城街道: one in 宜兴市, one in 镇江市丹徒区
    assert index.resolve_township("宜城街道", None, "2024年，宜城街道在市委、市政府的坚强领导下，坚持依法行政。").code == "320282"
    assert index.resolve_township("宜城街道", None, "2024年，在区委、区政府的领导下，宜城街道坚持依法行政。").code == "321112"
    assert index.resolve_township("宜城街道", None, "2024年，在南京市委的部署下，宜城街道坚持依法行政。") is None  # a named city
    assert index.resolve_township("宜城街道", None, "2024年，宜城街道坚持依法行政。") is None


@pytest.mark.parametrize("index_number, region_code", [
    ("370402/2022-00029", "370402"),  # a division code: 枣庄市市中区, not 济南市市中区
    ("11370103MB1234567X/2022-00029", "370103"),  # in a unified social credit code: 济南市市中区
    ("K1493206-6/2022-00029", None),  # no code: 市中区 stays unplaced
])
def test_an_index_number_tells_namesake_divisions_apart(index_number, region_code):
    report = rows_for(f"索引号:{index_number}\n市中区人力资源和社会保障局2021年度法治政府建设情况报告\n"
                      "2021年，区人社局坚持依法行政。\n一、主要举措\n做了工作。").report
    assert report["region_code"] == region_code


def test_a_tag_before_the_title_is_not_part_of_it():
    assert find_title(["[权威发布]福建省2017年法治政府建设情况报告", "2017年以来，福建省坚持依法行政。"])[0] == (
        "福建省2017年法治政府建设情况报告")


def test_dates():
    assert iso_date("发布日期: 2025-02-07 15:47:41") == "2025-02-07"
    assert iso_date("2022年2月21日") == "2022-02-21"
    assert iso_date("2022-13-40") is None


def test_regions_include_abolished_divisions_and_resolve_by_context():
    regions = {r.code: r for r in load_regions()}
    xiacheng = regions["330103"]
    assert (xiacheng.name, xiacheng.current, xiacheng.city) == ("下城区", False, "杭州市")
    assert regions["110105"].city is None and regions["110105"].full_name == "北京市朝阳区"
    index = default_index()
    assert index.resolve("杭州市下城区人民政府", year=2019).code == "330103"
    assert index.resolve("朝阳区人民政府") is None  # two 朝阳区: nothing guessed
    assert index.resolve("朝阳区人民政府", context="长春市朝阳区坚持……吉林省").code == "220104"
    assert all(len(code) == 6 and code.isdigit() for code in regions)


def test_outline_depths_and_parts():
    sections = parse_outline(["一、主要举措和成效", "（一）加强领导", "1.学法。正文。",
                              "二、存在的问题", "1.认识不足。", "三、下一步工作打算", "继续。"])
    assert [(s.depth, s.label, s.heading, s.part) for s in sections] == [
        (1, "一、", "主要举措和成效", "achievements"), (2, "（一）", "加强领导", "achievements"),
        (3, "1.", "学法", "achievements"), (1, "二、", "存在的问题", "shortcomings"),
        (2, "1.", "认识不足", "shortcomings"), (1, "三、", "下一步工作打算", "next_year_plan")]
    assert sections[2].body == "正文。" and sections[-1].body == "继续。"


def test_topical_headings_before_the_later_parts_are_the_years_work():
    sections = parse_outline(["2022年，我县坚持依法行政。", "一、依法全面履行政府职能", "（一）深化放管服改革", "做了工作。",
                              "二、强化依法执政，狠抓关键少数", "做了工作。", "三、存在的问题", "不足。",
                              "四、下一步打算", "计划。", "五、加强队伍建设", "计划。"])
    assert [(s.depth, s.part) for s in sections] == [
        (0, "preamble"), (1, "achievements"), (2, "achievements"), (1, "achievements"),
        (1, "shortcomings"), (1, "next_year_plan"), (1, None)]
    assert part_of("2017年法治政府建设情况") == part_of("2023年总体情况") == "achievements"


def test_outline_without_numbers_uses_part_headings():
    sections = parse_outline(["2021年工作回顾如下。", "主要举措和成效", "做了工作。", "存在的不足和原因", "不足。", "下一步工作安排", "计划。"])
    assert [s.part for s in sections] == ["preamble", "achievements", "shortcomings", "next_year_plan"]


def test_parts_and_ordinals():
    assert part_of("党政主要负责人履行推进法治建设第一责任人职责情况") == "first_responsible_person"
    assert part_of("其他需要报告的情况") == "other"
    assert part_of("全区法治政府建设工作推进情况") == "achievements"
    assert part_of("关于学习的体会") is None
    assert [cn_ordinal(x) for x in ("一", "十", "十二", "二十", "二十三", "7")] == [1, 10, 12, 20, 23, 7]


@pytest.mark.parametrize("prefix, on_time", [("000", None), ("001", 1), ("002", 1), ("003", 1), ("004", None)])
def test_seed_compliance(prefix, on_time):
    report = rows_for(seed_text(prefix)).report
    parts = EXPECTED[prefix][-1]
    assert report["parts_present"] == parts
    assert set(report["parts_missing"]) == {"achievements", "shortcomings", "first_responsible_person",
                                            "next_year_plan", "other"} - set(parts)
    assert report["published_on_time"] == on_time


def test_first_responsible_person_as_a_subsection_does_not_count():
    # 004 has a 第一责任人 subsection inside part 一、 but no part of its own.
    rows = rows_for(seed_text("004"))
    assert any("第一责任人" in (s["heading"] or "") for s in rows.sections if s["depth"] == 2)
    assert "first_responsible_person" in rows.report["parts_missing"]


def test_late_publication():
    late = PAGE.replace("发布时间：2020-03-01", "发布时间：2020-04-02")
    assert rows_for(late).report["published_on_time"] == 0
    assert rows_for(PAGE.replace("发布时间：2020-03-01", "发布时间：2020-04-01")).report["published_on_time"] == 1


@pytest.mark.parametrize("page, issuer, issuer_type, code", [
    ("关于2019年度法治政府建设工作情况的报告\n2019年，我市坚持依法行政。", None, "government", None),  # 我市 as subject
    ("温州市鹿城区2018年法治政府建设工作报告\n正文。", "温州市鹿城区人民政府", "government", "330302"),
    ("重庆市渝中区2022年度法治政府建设情况报告\n正文。", "重庆市渝中区人民政府", "government", "500103"),
    ("杭州市2020年法治政府建设年度报告\n正文。", "杭州市人民政府", "government", "330100"),
    ("广州市天河区人民政府办公室关于2022年度法治政府建设情况的报告\n正文。",
     "广州市天河区人民政府办公室", "department", "440106"),
    ("2021年度法治政府建设情况报告\n发布机构：上海市浦东新区人民政府\n正文。",
     "上海市浦东新区人民政府", "government", "310115"),
    ("吉林省长春市朝阳区人民政府关于2020年度法治政府建设情况的报告\n正文。",
     "吉林省长春市朝阳区人民政府", "government", "220104"),
    ("湖北省仙桃市人民政府2021年度法治政府建设工作报告\n正文。", "湖北省仙桃市人民政府", "government", "429004"),
])
def test_issuers_across_levels_and_provinces(page, issuer, issuer_type, code):
    report = rows_for(page).report
    assert (report["issuer"], report["issuer_type"], report["region_code"]) == (issuer, issuer_type, code)
