"""Word 97–2003 .doc files: built here byte by byte to the published formats ([MS-CFB]
compound file, [MS-DOC] piece table), then read through the normal reader."""
from __future__ import annotations

import struct

import pytest

from fazhi.legacy_word import COMPRESSED, FC_CLX_AT, CCP_TEXT_AT, FLAG_ENCRYPTED, FLAG_TABLE_1
from fazhi.model import UnreadableInput
from fazhi.read import read_document

SECTOR = 512
FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _directory_entry(name: str, kind: int, start: int, size: int, left=NO_STREAM, child=NO_STREAM) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB3I", len(encoded), kind, 1, left, NO_STREAM, child)
            + bytes(16 + 4 + 16) + struct.pack("<IQ", start, size))


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE2 compound file (version 3) of root-level streams, each at least 4 KB so that
    all live in regular sectors: one FAT sector, one directory sector, then the streams."""
    assert len(streams) <= 3
    fat, body, entries = [FAT_SECTOR, END_OF_CHAIN], b"", []
    for name, data in streams.items():
        data = data.ljust(max(4096, -(-len(data) // SECTOR) * SECTOR), b"\0")
        first, count = len(fat), len(data) // SECTOR
        fat += [first + i + 1 for i in range(count - 1)] + [END_OF_CHAIN]
        body += data
        entries.append((name, first, len(data)))
    assert len(fat) <= SECTOR // 4
    # Root's child is the first stream; each next stream is the left sibling of the one before.
    directory = _directory_entry("Root Entry", 5, END_OF_CHAIN, 0, child=1)
    for i, (name, first, size) in enumerate(entries, 1):
        directory += _directory_entry(name, 2, first, size, left=i + 1 if i < len(entries) else NO_STREAM)
    directory = directory.ljust(SECTOR, b"\0")
    for i in range(len(entries) + 1, SECTOR // 128):  # unused entries point nowhere
        directory = directory[:i * 128 + 68] + struct.pack("<3I", NO_STREAM, NO_STREAM, NO_STREAM) + directory[i * 128 + 80:]
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + bytes(6) + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
              + struct.pack("<I", 0) + struct.pack("<108I", *[FREE] * 108))
    fat_sector = struct.pack(f"<{SECTOR // 4}I", *(fat + [FREE] * (SECTOR // 4 - len(fat))))
    return header + fat_sector + directory + body


def word_file(pieces: list[tuple[str, bool]], main_characters: int | None = None, flags: int = FLAG_TABLE_1,
              nfib: int = 0x00C1) -> bytes:
    """A .doc whose text is `pieces`, each (text, stored compressed at one byte per character)."""
    word = bytearray(0x800)
    struct.pack_into("<HH", word, 0, 0xA5EC, nfib)
    struct.pack_into("<H", word, 0x0A, flags)
    cps, descriptors = [0], b""
    for text, compressed in pieces:
        offset = len(word)
        word += text.encode("cp1252") if compressed else text.encode("utf-16-le")
        fc = (offset * 2) | COMPRESSED if compressed else offset
        descriptors += struct.pack("<HIH", 0, fc, 0)
        cps.append(cps[-1] + len(text))
    plc = struct.pack(f"<{len(cps)}I", *cps) + descriptors
    clx = b"\x01" + struct.pack("<H", 3) + b"\x00\x00\x00" + b"\x02" + struct.pack("<I", len(plc)) + plc
    struct.pack_into("<I", word, CCP_TEXT_AT, cps[-1] if main_characters is None else main_characters)
    struct.pack_into("<II", word, FC_CLX_AT, 0, len(clx))
    table = "1Table" if flags & FLAG_TABLE_1 else "0Table"
    return compound_file({"WordDocument": bytes(word), table: clx})


def read(tmp_path, data: bytes, name: str = "report.doc"):
    path = tmp_path / name
    path.write_bytes(data)
    return read_document(path, tmp_path)


def test_doc_text_from_unicode_and_compressed_pieces_without_field_codes_or_footnotes(tmp_path):
    body = ("杭州市某区人民政府关于2021年度法治政府建设情况的报告\r一、主要举措和成效\r"
            "详见\x13 HYPERLINK \"http://example.gov.cn\" \x14门户网站\x15，行政复议纠错率为\x13 PAGE \x143\x15")
    document = read(tmp_path, word_file([(body, False), ("%\x07\x07", True), ("\r2022年2月21日\r", False),
                                         ("Footnote text\r", True)], main_characters=len(body) + 3 + 12))
    assert (document.format, document.encoding) == ("doc", None)
    assert document.text.split("\n") == [
        "杭州市某区人民政府关于2021年度法治政府建设情况的报告", "一、主要举措和成效", "详见门户网站，行政复议纠错率为3%",
        "", "", "2022年2月21日", ""]


def test_doc_with_a_0table_stream_and_nested_fields(tmp_path):
    text = "正文\x13 IF \x13 PAGE \x141\x15 = 1 \"是\" \x14是\x15。\r"
    assert read(tmp_path, word_file([(text, False)], flags=0)).text == "正文是。\n"


@pytest.mark.parametrize("data, message", [
    (word_file([("报告\r", False)], flags=FLAG_TABLE_1 | FLAG_ENCRYPTED), "password-protected .doc file"),
    (word_file([("报告\r", False)], nfib=0x0065), "Word 6/95 .doc files are not supported"),
    (word_file([("\x01\r\x08\r", False)]), "the .doc file has no text"),
    (compound_file({"Workbook": b"\x09\x08" * 4096}), "an OLE2 file that holds no Word document"),
])
def test_unreadable_doc_files_say_why(tmp_path, data, message):
    with pytest.raises(UnreadableInput, match=message.replace(".", r"\.")):
        read(tmp_path, data)


def test_a_doc_cut_short_is_reported_as_damaged(tmp_path):
    data = word_file([("杭州市某区人民政府2021年度法治政府建设情况报告\r" * 100, False)])
    with pytest.raises(UnreadableInput, match="damaged .doc file"):
        read(tmp_path, data[:SECTOR * 4])
