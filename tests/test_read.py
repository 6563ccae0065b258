"""Reading saved report files: kinds, encodings, web pages, .docx, overrides."""
from __future__ import annotations

import codecs
import hashlib
import io
import json
import random
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.model import Document, UnreadableInput
from fazhi.read import is_input_file, load_sources, read_document

TITLE = "杭州市临安区人民政府关于2021年度法治政府建设情况的报告"
PARAGRAPHS = [
    "2021年，在上级党委、政府的正确领导下，临安区坚持以习近平法治思想为指导，综合施策、整体推进，成功创建法治政府示范区。现将有关情况报告如下：",
    "一、主要举措和成效",
    "（一）加强党的全面领导，法治政府建设有保障。制定法治政府考核细则，完善考核体系，出台年度工作要点，落实法治政府建设工作责任。",
    "（二）深化行政执法改革，执法质效持续提升。全面推行行政执法公示、执法全过程记录、重大执法决定法制审核制度，行政复议纠错率同比下降。",
    "二、存在的不足和原因",
    "一是法治宣传教育的针对性有待增强；二是基层执法人员的专业能力仍需提高；三是行政争议实质性化解的机制还不够完善。",
]
REPORT = "\n".join([TITLE, *PARAGRAPHS])
# Report-like snippets of 20–80 characters: short enough that byte statistics alone
# can take GBK for Big5 or Korean.
SHORT_SIMPLIFIED = [
    "关于2021年度法治政府建设情况的报告",
    "全面推行行政执法公示制度，规范行政执法行为。",
    "加强行政复议工作，行政复议纠错率同比下降3.2个百分点。",
    "坚持以习近平法治思想为指导，深入推进依法行政，加快建设法治政府，取得明显成效。",
    "一是深化“放管服”改革，优化营商环境；二是健全依法决策机制，重大行政决策全部经过合法性审查。",
]
SHORT_TRADITIONAL = [
    "關於2021年度法治政府建設情況的報告",
    "全面推行行政執法公示制度，規範行政執法行為。",
    "加強行政複議工作，行政複議糾錯率同比下降3.2個百分點。",
    "堅持依法行政，深入推進法治建設，加快建設法治政府，取得明顯成效。",
    "一是深化改革，優化營商環境；二是健全依法決策機制，重大行政決策全部經過合法性審查。",
]
LONG_TRADITIONAL = "\n".join(SHORT_TRADITIONAL * 20)


def read(tmp_path: Path, name: str, data: bytes) -> Document:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return read_document(path, tmp_path)


def unreadable_message(tmp_path: Path, name: str, data: bytes) -> str:
    with pytest.raises(UnreadableInput) as caught:
        read(tmp_path, name, data)
    return str(caught.value)


# --- plain text in every encoding -------------------------------------------------


@pytest.mark.parametrize(
    "prefix, codec, expected_encoding",
    [
        (b"", "utf-8", "utf-8"),
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (b"", "utf-16-le", "utf-16-le"),
        (b"", "utf-16-be", "utf-16-be"),
        (b"", "gbk", "gb18030"),
        (b"", "gb18030", "gb18030"),
    ],
)
def test_report_text_decodes_in_every_supported_encoding(tmp_path, prefix, codec, expected_encoding):
    document = read(tmp_path, "report.txt", prefix + REPORT.encode(codec))
    assert document.text == REPORT
    assert document.encoding == expected_encoding
    assert document.format == "text"
    assert document.warnings == []


def test_characters_only_gb18030_has_survive(tmp_path):
    text = TITLE + "\n㐀䶮𠀀是四字节编码的汉字，GBK 里没有。\n" + PARAGRAPHS[0]
    document = read(tmp_path, "report.txt", text.encode("gb18030"))
    assert document.text == text
    assert document.encoding == "gb18030"


@pytest.mark.parametrize("sentence", SHORT_SIMPLIFIED)
def test_short_gbk_text_is_not_taken_for_big5_or_korean(tmp_path, sentence):
    document = read(tmp_path, "short.txt", sentence.encode("gbk"))
    assert document.text == sentence
    assert document.encoding == "gb18030"


@pytest.mark.parametrize("fragment", ["用、顾而不问、谏", "有关部门", "报告"])
def test_few_character_gbk_fragments_stay_gbk(tmp_path, fragment):
    document = read(tmp_path, "tiny.txt", fragment.encode("gbk"))
    assert document.text == fragment
    assert document.encoding == "gb18030"


@pytest.mark.parametrize("sentence", [*SHORT_TRADITIONAL, LONG_TRADITIONAL])
def test_big5_text_is_not_taken_for_gbk(tmp_path, sentence):
    document = read(tmp_path, "short.txt", sentence.encode("big5"))
    assert document.text == sentence
    assert document.encoding in ("big5", "cp950")


def test_windows_newlines_become_plain_newlines(tmp_path):
    document = read(tmp_path, "report.txt", REPORT.replace("\n", "\r\n").encode("gbk"))
    assert document.text == REPORT


def test_a_few_bad_bytes_are_replaced_and_counted(tmp_path):
    bad = b"\xff\xfe\xff"
    data = REPORT.encode("utf-8")
    cut = data.index(PARAGRAPHS[2].encode("utf-8"))
    document = read(tmp_path, "report.txt", data[:cut] + bad + data[cut:])
    assert document.encoding == "utf-8"
    assert "\ufffd" in document.text
    assert document.text.replace("\ufffd", "") == REPORT
    assert len(document.warnings) == 1
    assert f"{len(bad)} undecodable bytes" in document.warnings[0]


def test_a_few_bad_bytes_in_gbk_keep_the_gbk_decoding(tmp_path):
    data = REPORT.encode("gbk")
    document = read(tmp_path, "report.txt", data + b"\xff" + data)
    assert document.encoding == "gb18030"
    assert document.warnings[0].startswith("1 undecodable byte replaced")
    assert PARAGRAPHS[0] in document.text and PARAGRAPHS[-1] in document.text


def test_sha256_and_source_file_describe_the_raw_file(tmp_path):
    data = REPORT.encode("gbk")
    document = read(tmp_path, "杭州/临安 2021.txt", data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.source_file == "杭州/临安 2021.txt"


# --- files that are not reports ----------------------------------------------------


def png_bytes() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("empty.txt", b"", "empty file"),
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF files are not supported"),
        ("report.txt", b"%PDF-1.4\n" + bytes(range(256)), "PDF files are not supported"),
        ("scan.png", png_bytes(), "PNG image"),
        ("scan.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(300), "JPEG image"),
        ("report.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "damaged .doc file"),
        ("report.txt", random.Random(7).randbytes(4096), "binary file (4,096 bytes, not text)"),
        ("report.txt", b"\x80\xff" * 500, "cannot decode text: not UTF-8, UTF-16, GB18030 or Big5"),
        ("spaces.txt", " \n\t\u3000\n".encode("utf-8"), "only whitespace"),
        ("report.rtf", rb"{\rtf1\ansi\ansicpg936 \f0 report}", "RTF files are not supported"),
    ],
)
def test_unreadable_inputs_say_what_is_wrong(tmp_path, name, data, expected):
    assert expected in unreadable_message(tmp_path, name, data)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "members, expected",
    [
        ({"report.txt": REPORT.encode("utf-8")}, "zip archive that is not a .docx Word file (1 entries)"),
        ({"xl/workbook.xml": b"<workbook/>"}, "Excel .xlsx files are not supported"),
        ({"mimetype": b"application/vnd.oasis.opendocument.text"}, "OpenDocument (.odt) files are not supported"),
    ],
)
def test_zip_files_that_are_not_docx_are_named(tmp_path, members, expected):
    assert expected in unreadable_message(tmp_path, "report.docx", zip_bytes(members))


def test_damaged_docx_is_unreadable(tmp_path):
    data = zip_bytes({"word/document.xml": b"<not really word", "[Content_Types].xml": b"<x"})
    assert "damaged .docx file" in unreadable_message(tmp_path, "report.docx", data)


@pytest.mark.parametrize("good_copies", [1, 100])  # garbage within the first bytes, or after them
def test_text_that_is_largely_garbage_is_unreadable(tmp_path, good_copies):
    good = REPORT.encode("utf-8") * good_copies
    data = good + b"\xff\x80" * len(good)
    assert "cannot decode" in unreadable_message(tmp_path, "report.txt", data)


# --- saved web pages ---------------------------------------------------------------

NAV_WORDS = ["首页导航", "政务公开栏目", "互动交流栏目"]
FOOTER_TEXT = "版权所有：临安区人民政府办公室 地址：临安区锦城街道 浙ICP备00000000号"
SCRIPT_TEXT = "var 脚本变量 = '不应出现的脚本文字';"
STYLE_TEXT = "body { font-family: 宋体样式; }"
HIDDEN_TEXT = "隐藏起来的文字不应出现"
INDEX_NUMBER = "002489562/2022-00123"
DOC_NUMBER = "临政发〔2022〕8号"
PUBLISHER = "临安区人民政府办公室"
SITE = "杭州市临安区人民政府"


def government_page(charset: str = "utf-8", body_paragraphs=PARAGRAPHS) -> str:
    paragraphs = "\n".join(f"<p>&nbsp;&nbsp;{paragraph}</p>" for paragraph in body_paragraphs)
    nav = "".join(f'<li><a href="/c{i}.html">{word}</a></li>' for i, word in enumerate(NAV_WORDS))
    return f"""<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{TITLE}_{SITE}</title>
<meta name="SiteName" content="{SITE}">
<meta name="ArticleTitle" content="{TITLE}">
<meta name="PubDate" content="2022-01-28 09:30">
<meta name="ContentSource" content="临安区司法局">
<meta name="Url" content="https://www.linan.gov.cn/art/2022/1/28/art_1.html">
<style>{STYLE_TEXT}</style>
<script>{SCRIPT_TEXT}</script>
</head><body>
<div class="header"><nav><ul>{nav}</ul></nav></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zfxxgk">政府信息公开</a></div>
<table class="xxgk">
<tr><td>索引号：</td><td>{INDEX_NUMBER}</td><td>主题分类：</td><td>综合政务</td></tr>
<tr><td>发布机构：</td><td>{PUBLISHER}</td><td>成文日期：</td><td>2022-01-25</td></tr>
<tr><td>文&nbsp;&nbsp;号：</td><td>{DOC_NUMBER}</td><td>发布日期：</td><td>2022年1月28日</td></tr>
</table>
<h1 class="article-title">{TITLE}</h1>
<div class="info">发布时间：2022-01-28 09:30 来源：临安区司法局 浏览次数：<span>88</span></div>
<div id="zoom" class="TRS_Editor">
{paragraphs}
<div style="display: none">{HIDDEN_TEXT}</div>
</div>
<div class="bdsharebuttonbox">分享到：<a>微信</a><a>微博</a></div>
<footer>{FOOTER_TEXT}</footer>
<button>打印本页按钮</button>
</body></html>"""


def test_page_keeps_title_and_body_and_drops_furniture(tmp_path):
    document = read(tmp_path, "page.html", government_page().encode("utf-8"))
    lines = document.text.split("\n")
    assert document.format == "html"
    assert lines[0] == TITLE
    assert lines[1:] == PARAGRAPHS
    for furniture in [*NAV_WORDS, FOOTER_TEXT, SCRIPT_TEXT, STYLE_TEXT, HIDDEN_TEXT, "分享到", "打印本页按钮", "当前位置"]:
        assert furniture not in document.text


def test_page_metadata_becomes_hints(tmp_path):
    document = read(tmp_path, "page.html", government_page().encode("utf-8"))
    assert document.hints == {
        "title": TITLE,
        "index_number": INDEX_NUMBER,
        "doc_number": DOC_NUMBER,
        "source_name": PUBLISHER,
        "published_date": "2022-01-28",
        "signed_date": "2022-01-25",
        "source_url": "https://www.linan.gov.cn/art/2022/1/28/art_1.html",
    }


def test_metadata_list_with_padded_labels_and_header_cells(tmp_path):
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    page = f"""<html><body>
<ul class="info"><li><span>索&nbsp;引&nbsp;号：</span>{INDEX_NUMBER}</li>
<li><span>发文字号：</span>{DOC_NUMBER}</li><li><span>发文机关：</span>{SITE}</li></ul>
<table><tr><th>成文日期</th><td>2022/1/5</td><th>有效性</th><td>有效</td></tr></table>
<div class="content">{body}</div></body></html>"""
    document = read(tmp_path, "page.html", page.encode("utf-8"))
    assert document.hints == {
        "index_number": INDEX_NUMBER, "doc_number": DOC_NUMBER, "issuer": SITE,
        "source_name": SITE, "signed_date": "2022-01-05",
    }
    assert document.text.split("\n") == PARAGRAPHS


@pytest.mark.parametrize("cells, dates", [
    ("<th>发文日期</th><td>2024-02-29 20:13</td>", {"issued_date": "2024-02-29"}),  # a system's stamp
    ("<th>发文日期</th><td>2023-03-30</td>", {"signed_date": "2023-03-30"}),  # the document's date
    ("<th>成文时间</th><td>2022年02月28日</td>", {"signed_date": "2022-02-28"}),  # no publication time
    ("<th>发表日期</th><td>2024-03-19</td>", {"published_date": "2024-03-19"}),
])
def test_the_dates_of_a_disclosure_table(tmp_path, cells, dates):
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    page = f"<html><body><table><tr>{cells}</tr></table><div class=\"content\">{body}</div></body></html>"
    document = read(tmp_path, "page.html", page.encode("utf-8"))
    assert {key: value for key, value in document.hints.items() if key.endswith("_date")} == dates


@pytest.mark.parametrize("charset", ["gbk", "gb2312", "GB2312"])
def test_gbk_page_is_decoded_by_its_meta_charset(tmp_path, charset):
    document = read(tmp_path, "page.htm", government_page(charset).encode("gbk"))
    assert document.encoding == "gb18030"
    assert document.text.split("\n")[1:] == PARAGRAPHS


def test_gbk_page_without_charset_behind_a_long_script_is_detected(tmp_path):
    script = "<script>" + "var counter = counter + 1;\n" * 2000 + "</script>"
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    page = f"<html><head>{script}</head><body><div>{body}</div></body></html>"
    document = read(tmp_path, "page.html", page.encode("gbk"))
    assert document.encoding == "gb18030"
    assert document.text.split("\n") == PARAGRAPHS


def test_utf16_page_with_bom(tmp_path):
    data = codecs.BOM_UTF16_LE + government_page("utf-16").encode("utf-16-le")
    document = read(tmp_path, "page.html", data)
    assert document.encoding == "utf-16-le"
    assert document.text.split("\n") == [TITLE, *PARAGRAPHS]


def test_script_in_article_is_dropped_and_entities_decoded(tmp_path):
    page = f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>
<div class="content">
<p>{PARAGRAPHS[0]}</p>
<script>alert(1)</script>
<p>审查&amp;备案，&lt;规范性文件&gt;&nbsp;&nbsp;合&#x6CD5;性审查率达到&#49;00%。</p>
<p>{PARAGRAPHS[2]}</p>
</div></body></html>"""
    document = read(tmp_path, "page.html", page.encode("utf-8"))
    assert "alert" not in document.text
    assert "审查&备案，<规范性文件> 合法性审查率达到100%。" in document.text.split("\n")
    assert "&" + "nbsp;" not in document.text and "\xa0" not in document.text


def test_furniture_inside_the_article_wrapper_is_dropped(tmp_path):
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    page = (
        f"<html><body><div class='main'><nav>栏目导航文字</nav>{body}"
        f"<header>页眉中的文字</header><footer>{FOOTER_TEXT}</footer></div></body></html>"
    )
    document = read(tmp_path, "page.html", page.encode("utf-8"))
    assert document.text.split("\n") == PARAGRAPHS


def test_form_wrapping_the_whole_page_is_kept_but_a_search_form_is_not(tmp_path):
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    page = (
        "<html><body><form id='aspnetForm'>"
        "<div class='search'><form action='/search'>请输入关键词搜索本站内容</form></div>"
        f"<div id='zoom'>{body}</div></form></body></html>"
    )
    document = read(tmp_path, "page.html", page.encode("utf-8"))
    assert document.text.split("\n") == PARAGRAPHS


def test_article_found_by_text_density_without_known_names(tmp_path):
    sidebar = "<div class='side'><p>领导之窗：区长主持区政府工作，分管财政审计。</p></div>"
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    page = f"<html><body>{sidebar}<div class='x7'><div class='y2'>{body}</div></div></body></html>"
    document = read(tmp_path, "page.html", page.encode("utf-8"))
    assert document.text.split("\n") == PARAGRAPHS


def test_article_split_over_sibling_blocks_is_read_whole(tmp_path):
    first = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS[:4])
    second = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS[4:])
    page = f"<html><body><div id='zoom'><div>{first}</div><div>{second}</div></div></body></html>"
    document = read(tmp_path, "page.html", page.encode("utf-8"))
    assert document.text.split("\n") == PARAGRAPHS


def test_title_falls_back_to_page_title_without_site_name(tmp_path):
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    page = f"<html><head><title>{TITLE} - {SITE}</title></head><body><div>{body}</div></body></html>"
    document = read(tmp_path, "page.html", page.encode("utf-8"))
    assert document.hints["title"] == TITLE
    assert document.text.split("\n") == PARAGRAPHS


def test_open_graph_tags_give_title_and_url(tmp_path):
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    url = "https://www.example.gov.cn/art/1.html"
    page = (
        f'<html><head><meta property="og:title" content="{TITLE}">'
        f'<meta property="og:url" content="{url}"><title>{SITE} | 法治政府</title></head>'
        f"<body><div>{body}</div></body></html>"
    )
    document = read(tmp_path, "page.html", page.encode("utf-8"))
    assert document.hints == {"title": TITLE, "source_url": url}


def test_line_breaks_and_table_cells_shape_the_lines(tmp_path):
    page = f"""<html><body><div class="article">
<p>{PARAGRAPHS[0]}</p>
<p>{PARAGRAPHS[2][:20]}
{PARAGRAPHS[2][20:]}</p>
<table><tr><td>案件类型</td><td>2020年</td><td>2021年</td></tr>
<tr><td>行政复议</td><td>120</td><td>98</td></tr></table>
<p>临安区人民政府<br>2022年1月25日</p>
</div></body></html>"""
    document = read(tmp_path, "page.html", page.encode("utf-8"))
    assert document.text.split("\n") == [
        PARAGRAPHS[0], PARAGRAPHS[2], "案件类型\t2020年\t2021年", "行政复议\t120\t98",
        "临安区人民政府", "2022年1月25日",
    ]


def test_content_decides_html_over_the_name(tmp_path):
    as_text = read(tmp_path, "saved.txt", government_page().encode("utf-8"))
    assert as_text.format == "html"
    assert as_text.text.split("\n")[1:] == PARAGRAPHS
    plain = read(tmp_path, "plain.html", REPORT.encode("utf-8"))
    assert plain.format == "text"
    assert plain.text == REPORT


def test_page_without_text_is_unreadable(tmp_path):
    page = "<html><head><title>x</title><script>var a=1;</script></head><body><img src=a.png></body></html>"
    assert "no text" in unreadable_message(tmp_path, "page.html", page.encode("utf-8"))


# --- Word .docx --------------------------------------------------------------------


def docx_bytes(paragraphs, rows=(), core_title=None) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if rows:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for row, values in zip(table.rows, rows):
            for cell, value in zip(row.cells, values):
                cell.text = value
    if core_title is not None:
        document.core_properties.title = core_title
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_and_table_rows_become_lines(tmp_path):
    rows = [("案件类型", "2020年", "2021年"), ("行政复议", "120", "98")]
    data = docx_bytes([TITLE, *PARAGRAPHS, ""], rows, core_title=TITLE)
    document = read(tmp_path, "report.docx", data)
    assert document.format == "docx"
    assert document.encoding is None
    assert document.text.split("\n") == [TITLE, *PARAGRAPHS, *("\t".join(row) for row in rows)]
    assert document.hints == {"title": TITLE}


def test_docx_merged_cells_are_not_repeated(tmp_path):
    document = docx.Document()
    document.add_paragraph(TITLE)
    table = document.add_table(rows=1, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "合并单元格"
    table.cell(0, 2).text = "98"
    buffer = io.BytesIO()
    document.save(buffer)
    read_back = read(tmp_path, "report.docx", buffer.getvalue())
    assert read_back.text.split("\n") == [TITLE, "合并单元格\t98"]


def test_docx_template_title_is_not_a_hint(tmp_path):
    document = read(tmp_path, "report.docx", docx_bytes(PARAGRAPHS, core_title="Microsoft Word 模板"))
    assert "title" not in document.hints


def test_docx_name_does_not_matter(tmp_path):
    document = read(tmp_path, "report.bin", docx_bytes([TITLE]))
    assert document.format == "docx"
    assert document.text == TITLE


def test_docx_without_text_is_unreadable(tmp_path):
    assert "no text" in unreadable_message(tmp_path, "empty.docx", docx_bytes([]))


# --- any bytes at all --------------------------------------------------------------

MAGIC_PREFIXES = [
    b"", b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, b"<html>",
    b'<meta charset="gbk">', b"<p>", b"{\\rtf", b"\x89PNG\r\n\x1a\n",
]
text_like_bytes = st.tuples(
    st.text(alphabet=st.sampled_from(list("法治政府建设報告年度，。\n <>/p&;nbsp")), max_size=300),
    st.sampled_from(["utf-8", "gb18030", "big5", "utf-16-le", "utf-16-be"]),
).map(lambda pair: pair[0].encode(pair[1], errors="replace"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(MAGIC_PREFIXES),
    body=st.one_of(st.binary(max_size=2000), text_like_bytes),
    suffix=st.sampled_from([".txt", ".html", ".docx", ".pdf", ""]),
)
def test_any_bytes_give_a_document_or_unreadable_input(tmp_path_factory, prefix, body, suffix):
    root = tmp_path_factory.getbasetemp() / "fuzz"
    root.mkdir(exist_ok=True)
    path = root / ("input" + suffix)
    path.write_bytes(prefix + body)
    try:
        document = read_document(path, root)
    except UnreadableInput as error:
        assert str(error)
    else:
        assert isinstance(document.text, str) and document.text.strip()
        assert document.format in ("text", "html", "docx")


# --- which files are inputs, and their overrides -----------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        ("report.txt", True), ("page.html", True), ("scan.pdf", True), ("photo.jpg", True),
        ("no_extension", True), ("sources.csv", False), ("page.html.meta.json", False),
        (".DS_Store", False), ("README", False), ("README.md", False), ("readme.txt", False),
        ("~$report.docx", False), ("Thumbs.db", False), ("other.csv", True),
    ],
)
def test_is_input_file(name, expected):
    assert is_input_file(Path("seeds") / "sub" / name) is expected


def write_csv(seeds: Path, rows: list[list[str]]) -> None:
    (seeds / "sources.csv").write_text(
        "\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8"
    )


def test_sidecar_wins_over_csv_field_by_field(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.html").write_text("x", encoding="utf-8")
    (tmp_path / "two.txt").write_text("x", encoding="utf-8")
    write_csv(tmp_path, [
        ["file", "title", "report_year", "region_code", "source_url", "published_date"],
        ["a/one.html", "CSV标题", "2021", "330185", "https://example.gov.cn/1", "2022/1/28"],
        ["two.txt", "第二份", "", "", "", ""],
    ])
    (tmp_path / "a" / "one.html.meta.json").write_text(
        json.dumps({"title": "旁注标题", "issuer": "临安区人民政府", "report_year": 2020,
                    "signed_date": "2022年1月25日"}),
        encoding="utf-8",
    )
    overrides, warnings = load_sources(tmp_path)
    assert warnings == []
    assert overrides == {
        "a/one.html": {
            "title": "旁注标题", "issuer": "临安区人民政府", "report_year": 2020,
            "region_code": "330185", "source_url": "https://example.gov.cn/1",
            "published_date": "2022-01-28", "signed_date": "2022-01-25",
        },
        "two.txt": {"title": "第二份"},
    }


def test_bad_values_and_unknown_columns_are_warned_and_dropped(tmp_path):
    (tmp_path / "one.txt").write_text("x", encoding="utf-8")
    write_csv(tmp_path, [
        ["file", "report_year", "region_code", "published_date", "retrieved_date", "colour", "title"],
        ["one.txt", "20x1", "33018", "2022-13-01", "2023-05-06", "red", "标题"],
        ["missing.txt", "2021", "", "", "", "", ""],
    ])
    (tmp_path / "one.txt.meta.json").write_text('{"region_code": "ABC", "mood": 1}', encoding="utf-8")
    overrides, warnings = load_sources(tmp_path)
    assert overrides == {"one.txt": {"retrieved_date": "2023-05-06", "title": "标题"}}
    for expected in ["'colour'", "'20x1'", "'33018'", "'2022-13-01'", "missing.txt", "'ABC'", "'mood'"]:
        assert any(expected in warning for warning in warnings), expected
    assert len(warnings) == 7


def test_future_report_year_and_broken_sidecar_are_warned(tmp_path):
    (tmp_path / "one.txt").write_text("x", encoding="utf-8")
    write_csv(tmp_path, [["file", "report_year"], ["one.txt", "2999"]])
    (tmp_path / "one.txt.meta.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "gone.txt.meta.json").write_text("{}", encoding="utf-8")
    overrides, warnings = load_sources(tmp_path)
    assert overrides == {}
    assert len(warnings) == 3
    assert any("2999" in warning for warning in warnings)
    assert any("one.txt.meta.json" in warning for warning in warnings)
    assert any("gone.txt" in warning for warning in warnings)


def test_csv_without_file_column_or_not_utf8_is_ignored_with_a_warning(tmp_path):
    (tmp_path / "sources.csv").write_text("name,title\none.txt,标题\n", encoding="utf-8")
    assert load_sources(tmp_path)[0] == {}
    assert "no 'file' column" in load_sources(tmp_path)[1][0]
    (tmp_path / "one.txt").write_text("x", encoding="utf-8")
    (tmp_path / "sources.csv").write_bytes("file,title\none.txt,标题\n".encode("gbk"))
    overrides, warnings = load_sources(tmp_path)
    assert overrides == {}
    assert "not UTF-8" in warnings[0]


def test_no_override_files_means_no_overrides(tmp_path):
    assert load_sources(tmp_path) == ({}, [])
