"""Text of Word 97–2003 .doc files (and WPS Office .wps files saved in the same format).

Government sites still attach many reports as .doc. olefile opens the compound
file; the text is then found through the document's piece table ([MS-DOC] 2.8.35
PlcPcd), where each piece is a run of characters stored either as UTF-16 or
"compressed" at one byte per character (cp1252). Only the main document is taken
(its first ccpText characters): footnotes, headers and comments come after it.
Field codes (HYPERLINK "…", PAGE) are dropped and what the fields show is kept.
"""
from __future__ import annotations

import io
import struct

import olefile

from fazhi.model import UnreadableInput

WORD_IDENT = 0xA5EC
FIRST_WORD97_NFIB = 0x00C1  # Word 6 and 95 files have lower version numbers
FLAG_ENCRYPTED, FLAG_TABLE_1 = 0x0100, 0x0200  # FibBase flags at 0x0A: fEncrypted, fWhichTblStm
CCP_TEXT_AT, FC_CLX_AT = 0x4C, 0x1A2  # FibRgLw97.ccpText; FibRgFcLcb97.fcClx, then lcbClx
COMPRESSED = 0x40000000  # FcCompressed.fCompressed

FIELD_BEGIN, FIELD_SEPARATOR, FIELD_END = "\x13", "\x14", "\x15"
# Paragraph, cell and line breaks become new lines; anchors of pictures, footnotes and
# comments, and optional hyphens, disappear.
_CONTROL = str.maketrans({"\r": "\n", "\x07": "\n", "\x0b": "\n", "\x0c": "\n", "\x0e": "\n",
                          "\x1e": "-", "\x1f": None, "\x01": None, "\x02": None, "\x03": None,
                          "\x04": None, "\x05": None, "\x08": None})


def read_doc(raw: bytes) -> str:
    """The main text of an OLE2 compound file that holds a Word document, paragraphs on
    their own lines."""
    try:
        with olefile.OleFileIO(io.BytesIO(raw)) as ole:
            if not ole.exists("WordDocument"):
                raise UnreadableInput("an OLE2 file that holds no Word document (the format of .xls "
                                      "and .ppt too); save the report as .docx")
            word = ole.openstream("WordDocument").read()
            ident, nfib = struct.unpack_from("<HH", word, 0)
            flags = struct.unpack_from("<H", word, 0x0A)[0]
            if ident != WORD_IDENT:
                raise UnreadableInput("damaged .doc file: no Word document header")
            if nfib < FIRST_WORD97_NFIB:
                raise UnreadableInput("Word 6/95 .doc files are not supported; save as .docx")
            if flags & FLAG_ENCRYPTED:
                raise UnreadableInput("password-protected .doc file: cannot read its text")
            table_name = "1Table" if flags & FLAG_TABLE_1 else "0Table"
            if not ole.exists(table_name):
                raise UnreadableInput(f"damaged .doc file: its {table_name} stream is missing")
            table = ole.openstream(table_name).read()
            ccp_text = struct.unpack_from("<I", word, CCP_TEXT_AT)[0]
            fc_clx, lcb_clx = struct.unpack_from("<II", word, FC_CLX_AT)
    except UnreadableInput:
        raise
    except Exception as error:  # a damaged compound file can fail anywhere inside olefile
        raise UnreadableInput(f"damaged .doc file: {type(error).__name__}: {error}") from error
    characters = _piece_text(word, table[fc_clx:fc_clx + lcb_clx])[:ccp_text]
    text = _without_field_codes(characters).translate(_CONTROL)
    if not text.strip():
        raise UnreadableInput("the .doc file has no text (only images, or empty)")
    return text


def _piece_text(word: bytes, clx: bytes) -> str:
    """The document's characters in order, read piece by piece."""
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # Prc: formatting, skipped
        at += 3 + struct.unpack_from("<H", clx, at + 1)[0]
    if at + 5 > len(clx) or clx[at] != 0x02:
        raise UnreadableInput("damaged .doc file: no piece table")
    size = struct.unpack_from("<I", clx, at + 1)[0]
    plc = clx[at + 5:at + 5 + size]
    pieces = (len(plc) - 4) // 12
    if pieces < 1 or len(plc) != pieces * 12 + 4:
        raise UnreadableInput("damaged .doc file: bad piece table")
    cps = struct.unpack_from(f"<{pieces + 1}I", plc, 0)
    parts = []
    for i in range(pieces):
        fc = struct.unpack_from("<I", plc, (pieces + 1) * 4 + i * 8 + 2)[0]
        if fc & COMPRESSED:
            start, width, codec = (fc & ~COMPRESSED) // 2, 1, "cp1252"
        else:
            start, width, codec = fc, 2, "utf-16-le"
        length = width * (cps[i + 1] - cps[i])
        chunk = word[start:start + length]
        if len(chunk) < length:
            raise UnreadableInput("damaged .doc file: a piece of text lies outside the file")
        parts.append(chunk.decode(codec, "replace"))
    return "".join(parts)


def _without_field_codes(text: str) -> str:
    """Keep what fields show ({HYPERLINK "…"|链接} → 链接), fields nested or not."""
    if FIELD_BEGIN not in text:
        return text
    kept, showing = [], []  # one flag per open field: past its separator yet?
    for char in text:
        if char == FIELD_BEGIN:
            showing.append(False)
        elif char == FIELD_SEPARATOR and showing:
            showing[-1] = True
        elif char == FIELD_END and showing:
            showing.pop()
        elif all(showing):
            kept.append(char)
    return "".join(kept)
