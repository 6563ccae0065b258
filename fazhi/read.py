"""Read one saved report file (plain text, a saved web page, .docx or .doc) into a Document.

People save these reports however their browser or editor lets them, so nothing about a
file is trusted from its name alone: the kind of file is told from its bytes, the text
encoding is detected and checked, and a web page is cut down to the article itself. Files
that cannot yield text raise UnreadableInput with a message a person can act on.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import docx
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.dammit import EncodingDetector
from charset_normalizer import from_bytes

from fazhi.clean import iso_date, issued_date_field
from fazhi.legacy_word import read_doc
from fazhi.model import OVERRIDABLE_FIELDS, Document, UnreadableInput

# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def read_document(path: Path, root: Path) -> Document:
    """Read the report at `path`; `root` is the seeds dir its source_file is relative to."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UnreadableInput(f"cannot open file: {error.strerror or error}") from error
    source_file = path.relative_to(root).as_posix()
    sha256 = hashlib.sha256(raw).hexdigest()
    kind = sniff_kind(raw, path.suffix.lower())
    if kind == "docx":
        text, hints = read_docx(raw)
        return Document(source_file, sha256, text, "docx", None, hints, [])
    if kind == "doc":
        return Document(source_file, sha256, read_doc(raw), "doc", None, {}, [])
    if kind == "html":
        page = read_html(raw)
        return Document(
            source_file, sha256, page.text, "html", page.encoding, page.hints,
            page.warnings,
        )
    decoded = decode_bytes(raw)
    text = normalize_newlines(decoded.text)
    if not text.strip():
        raise UnreadableInput("no text: the file holds only whitespace")
    return Document(
        source_file, sha256, text, "text", decoded.encoding, {}, decoded.warnings(),
    )


SOURCE_FIELDS = ("source_url", "retrieved_date") + OVERRIDABLE_FIELDS
SOURCES_CSV = "sources.csv"
SIDECAR_SUFFIX = ".meta.json"


def is_input_file(path: Path) -> bool:
    """Whether a file under seeds/ is a report to read.

    Everything is, except the override files, READMEs and the litter operating systems and
    Word leave behind: a stray PDF or image must be read so that it is reported, not
    silently skipped.
    """
    name = path.name
    return not (
        name == SOURCES_CSV
        or name.endswith(SIDECAR_SUFFIX)
        or name.startswith(".")
        or name.startswith("~$")  # Word's lock file beside an open .docx
        or name.lower() in ("thumbs.db", "desktop.ini")
        or name.split(".")[0].lower() == "readme"
    )


def load_sources(seeds_dir: Path) -> tuple[dict[str, dict], list[str]]:
    """Per-file metadata overrides from seeds/sources.csv and `<file>.meta.json` sidecars.

    Returns ({relative path: {field: value}}, warnings). A sidecar sits next to the one
    file it describes, so it wins over the shared csv for the same field.
    """
    overrides: dict[str, dict] = {}
    warnings: list[str] = []
    csv_path = seeds_dir / SOURCES_CSV
    if csv_path.is_file():
        for file, fields in read_sources_csv(csv_path, seeds_dir, warnings):
            if fields:
                overrides.setdefault(file, {}).update(fields)
    for sidecar in sorted(seeds_dir.rglob("*" + SIDECAR_SUFFIX)):
        relative = sidecar.relative_to(seeds_dir).as_posix()
        if any(part.startswith(".") for part in relative.split("/")):
            continue
        file = relative[: -len(SIDECAR_SUFFIX)]
        if not (seeds_dir / file).is_file():
            warnings.append(f"{relative}: there is no file {file} beside it; ignored")
            continue
        fields = read_sidecar(sidecar, relative, warnings)
        if fields:
            overrides.setdefault(file, {}).update(fields)
    return overrides, warnings


# ---------------------------------------------------------------------------
# What kind of file is it
# ---------------------------------------------------------------------------

HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
BINARY_MAGICS = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
)
# Markers that only a page starts with, and tags that are common in page fragments.
HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I)
HTML_TAG = re.compile(
    rb"</?(?:p|div|span|br|table|tr|td|li|h[1-6]|font|strong|a)\b[^>]{0,200}>", re.I
)
HTML_TAGS_FOR_FRAGMENT = 5


def sniff_kind(raw: bytes, suffix: str) -> str:
    """'text', 'html', 'docx' or 'doc' from the content, the suffix only deciding unclear cases.

    Raises UnreadableInput for everything that is not one of those.
    """
    if not raw:
        raise UnreadableInput("empty file")
    if b"%PDF-" in raw[:1024]:
        raise UnreadableInput("PDF files are not supported (convert to text first)")
    if raw.startswith(OLE2_MAGIC):  # Word 97–2003, or another Office file read_doc turns away
        return "doc"
    if raw.startswith(ZIP_MAGICS):
        return zip_kind(raw)
    if raw[:64].lstrip().startswith(b"{\\rtf"):
        raise UnreadableInput("RTF files are not supported; save as .docx or as text")
    for magic, what in BINARY_MAGICS:
        if raw.startswith(magic):
            raise UnreadableInput(f"{binary_file(raw)}: {what}")
    # Tags are ASCII in every supported encoding; dropping NULs makes UTF-16 readable too.
    head = raw[:8192].replace(b"\x00", b"")
    mime_head = head[:2048].lower()
    if b"mime-version" in mime_head and b"multipart/related" in mime_head:
        raise UnreadableInput(
            "MHTML web archives (.mht/.mhtml) are not supported; save the page as HTML"
        )
    if HTML_START.search(head[:1024]):
        return "html"
    tags = len(HTML_TAG.findall(head))
    if tags >= HTML_TAGS_FOR_FRAGMENT or (tags and suffix in HTML_SUFFIXES):
        return "html"
    return "text"


def zip_kind(raw: bytes) -> str:
    """'docx' for a Word document; every other zip gets a message naming what it is."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise UnreadableInput(f"damaged zip or .docx file: {error}") from error
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        raise UnreadableInput("Excel .xlsx files are not supported; save the report as .docx")
    if "ppt/presentation.xml" in names:
        raise UnreadableInput("PowerPoint .pptx files are not supported; save the report as .docx")
    if b"opendocument" in mimetype:
        raise UnreadableInput("OpenDocument (.odt) files are not supported; save as .docx")
    if "OFD.xml" in names:
        raise UnreadableInput("OFD files are not supported (convert to text or .docx first)")
    raise UnreadableInput(
        f"zip archive that is not a .docx Word file ({len(names)} entries); unpack it into seeds/"
    )


# ---------------------------------------------------------------------------
# Text encodings
# ---------------------------------------------------------------------------

BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Tried on every file that is not valid UTF-8, before the detector's own guesses: these
# are the encodings Chinese reports come in, and on a tie the plainer name wins.
CHINESE_CANDIDATES = ("utf-8", "gb18030", "big5", "cp950", "utf-16-le", "utf-16-be")
# Mainland reports are GBK far more often than anything else, so on very short samples,
# where a few characters decide, any other encoding must win by a margin.
LIKELY_CODECS = frozenset(("utf-8", "gb18030", "utf-16-le", "utf-16-be"))
UNLIKELY_CODEC_MARGIN = 2
# Declared charsets that name GBK or Big5 in ways Python does not know, or that name a
# subset of what the page may really hold.
CHARSET_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "windows-936": "gb18030", "cp936": "gb18030", "x-x-big5": "big5",
}
SAMPLE_BYTES = 32_768
# More undecodable bytes than this share means a wrong guess or not text at all.
MAX_REPLACED_SHARE = 0.10
# Text whose characters are less than half letters, digits, punctuation or common Chinese
# characters is not what the guessed encoding would really give.
MIN_PLAUSIBLE_SHARE = 0.5
MAX_CONTROL_SHARE = 0.01
UNDECODABLE = "cannot decode text: not UTF-8, UTF-16, GB18030 or Big5"

MARK_BAD_BYTES = "fazhi.read.mark-bad-bytes"
MARKED_BYTES = re.compile("[\udc00-\udcff]+")


def mark_bad_bytes(error: UnicodeDecodeError) -> tuple[str, int]:
    """Stand one lone surrogate in for each undecodable byte, so they can be counted.

    Decoders never produce lone surrogates themselves, so the marks are unambiguous.
    """
    bad = error.object[error.start:error.end]
    return "".join(chr(0xDC00 + byte) for byte in bad), error.end


codecs.register_error(MARK_BAD_BYTES, mark_bad_bytes)


def common_hanzi() -> frozenset[str]:
    """GB2312 level 1 and Big5's frequently-used block: ~6,700 common characters.

    Both standards sorted their most used characters into these blocks, so the set
    serves as a frequency list for simplified and traditional text without a data file.
    """
    blocks = (("gb2312", 0xB0A1, 0xD7F9), ("big5", 0xA440, 0xC67E))
    chars = set()
    for codec, first, last in blocks:
        for code in range(first, last + 1):
            try:
                char = code.to_bytes(2, "big").decode(codec)
            except UnicodeDecodeError:
                continue
            if "\u4e00" <= char <= "\u9fff":
                chars.add(char)
    return frozenset(chars)


def char_class(chars: str) -> str:
    """A regex character class holding exactly `chars`."""
    return "[" + "".join(re.escape(char) for char in sorted(chars)) + "]"


# Common hanzi and the punctuation Chinese text uses: what a right decoding of it gives.
CHINESE_PUNCTUATION = "\u3000-\u3003\u3008-\u3011\u3014-\u3017\uff01-\uff5e\uffe0-\uffe5—‘’“”…"
CHINESE_CHARS = re.compile(char_class(common_hanzi())[:-1] + CHINESE_PUNCTUATION + "]")
ASCII_TEXT = re.compile("[\t\n\r\f\x20-\x7e]")
# Accented letters and typographic punctuation: normal in Latin-script text, but only
# sprinkled among ASCII, never on their own.
LATIN_EXTRA = re.compile("[\xa0-\u024f\u2000-\u206f]")
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
FIRST_NON_ASCII = re.compile(rb"[\x80-\xff]")


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    replaced_bytes: int = 0

    def warnings(self) -> list[str]:
        if not self.replaced_bytes:
            return []
        count = self.replaced_bytes
        return [
            f"{count:,} undecodable byte{'s' if count > 1 else ''} replaced with U+FFFD "
            f"(decoded as {self.encoding})"
        ]


@dataclass(frozen=True)
class Tally:
    """How a decoding's characters split into likely-right, neutral and wrong."""

    chinese: int
    ascii: int
    latin_extra: int
    bad: int
    total: int

    @property
    def score(self) -> int:
        """Common Chinese text counts for; strange characters against, bad bytes heavily."""
        strange = self.total - self.chinese - self.ascii - self.latin_extra - self.bad
        return self.chinese - strange - 4 * self.bad

    @property
    def plausible(self) -> bool:
        readable = self.chinese + self.ascii + min(self.latin_extra, self.ascii)
        return readable >= MIN_PLAUSIBLE_SHARE * self.total


def tally(text: str) -> Tally:
    bad = sum(len(run.group()) for run in MARKED_BYTES.finditer(text))
    bad += len(CONTROL_CHARS.findall(text)) + text.count("\ufffd")
    return Tally(
        chinese=len(CHINESE_CHARS.findall(text)),
        ascii=len(ASCII_TEXT.findall(text)),
        latin_extra=len(LATIN_EXTRA.findall(text)),
        bad=bad,
        total=len(text),
    )


def decode_bytes(raw: bytes, declared: str | None = None) -> DecodedText:
    """Decode text whose encoding is unknown; `declared` is what an HTML page claims.

    Order: a BOM; strict UTF-8 (fast, and never wrong on non-ASCII text); then the
    declared charset, the Chinese encodings and charset-normalizer's guesses, each decoded
    on a sample and judged by how much of it comes out as common Chinese characters —
    short GBK text is easily mistaken for Big5 or Korean by byte statistics alone.
    """
    codec, body = split_bom(raw)
    if codec is None:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if not binary_looking(text[:SAMPLE_BYTES]):
                return DecodedText(text, "ascii" if raw.isascii() else "utf-8")
        sample = detection_sample(raw)
        codec = best_codec(sample, declared)
        if codec is None:
            if len(CONTROL_BYTES.findall(sample)) > MAX_CONTROL_SHARE * len(sample):
                raise binary_file(raw)
            raise UnreadableInput(UNDECODABLE)
    decoded = decode_with_replacement(body, codec)
    if binary_looking(decoded.text[:SAMPLE_BYTES]):
        raise binary_file(raw)
    if decoded.replaced_bytes > MAX_REPLACED_SHARE * len(raw):
        raise UnreadableInput(UNDECODABLE)
    return decoded


def split_bom(raw: bytes) -> tuple[str | None, bytes]:
    """(codec named by the byte order mark, the bytes after it), or (None, raw)."""
    for bom, codec in BOMS:
        if raw.startswith(bom):
            return codec, raw[len(bom):]
    return None, raw


def detection_sample(raw: bytes) -> bytes:
    """A slice starting where non-ASCII bytes start: pages can open with 50 KB of script.

    The start is kept at an even offset so that UTF-16 stays aligned; in GBK, Big5 and
    UTF-8 the byte before the first non-ASCII one is ASCII, so nothing is cut in half.
    """
    first = FIRST_NON_ASCII.search(raw)
    start = first.start() - first.start() % 2 if first else 0
    return raw[start:start + SAMPLE_BYTES]


def binary_file(raw: bytes) -> UnreadableInput:
    return UnreadableInput(f"binary file ({len(raw):,} bytes, not text)")


def binary_looking(text: str) -> bool:
    return len(CONTROL_CHARS.findall(text)) > MAX_CONTROL_SHARE * len(text)


def best_codec(sample: bytes, declared: str | None) -> str | None:
    """The candidate encoding under which the sample reads most like Chinese text.

    None when even the best of them gives implausible text.
    """
    declared_codec = codec_name(declared)
    candidates = []
    for name in (declared, *CHINESE_CANDIDATES, *detector_guesses(sample)):
        codec = codec_name(name)
        if codec and codec not in candidates:
            candidates.append(codec)
    tallies = {codec: tally(sample.decode(codec, errors=MARK_BAD_BYTES)) for codec in candidates}

    def merit(codec: str) -> int:
        likely = codec in LIKELY_CODECS or codec == declared_codec
        return tallies[codec].score - (0 if likely else UNLIKELY_CODEC_MARGIN)

    best = max(candidates, key=merit)  # the first of equals: candidates are in preference order
    return best if tallies[best].plausible else None


def detector_guesses(sample: bytes) -> list[str]:
    return [match.encoding for match in from_bytes(sample)]


def codec_name(label: str | None) -> str | None:
    """Python's codec for an encoding label, widened to GB18030 for any GB label."""
    if not label:
        return None
    label = label.strip().lower()
    try:
        name = codecs.lookup(CHARSET_ALIASES.get(label, label)).name
    except LookupError:
        return None
    if name in ("utf-16", "utf-32"):  # byte order unknown: the BOM check covers these
        return None
    return CHARSET_ALIASES.get(name, name)


def decode_with_replacement(raw: bytes, codec: str) -> DecodedText:
    try:
        return DecodedText(raw.decode(codec), codec)
    except UnicodeDecodeError:
        marked = raw.decode(codec, errors=MARK_BAD_BYTES)
    replaced = sum(len(run.group()) for run in MARKED_BYTES.finditer(marked))
    return DecodedText(MARKED_BYTES.sub("\ufffd", marked), codec, replaced)


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------------------
# Saved web pages
# ---------------------------------------------------------------------------

# Never text a reader sees.
INVISIBLE_TAGS = (
    "script", "style", "noscript", "iframe", "button", "template", "svg", "select",
    "textarea", "object", "embed",
)
# Page furniture; kept only when it wraps the page (ASP.NET puts everything in a <form>).
CHROME_TAGS = ("nav", "header", "footer", "form")
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Share, print and font-size widgets that sit inside the article container.
WIDGET_NAME = re.compile(r"share|jiathis|bdshare|print|font-?size|zihao|qrcode|erweima", re.I)
WIDGET_MAX_HANZI = 30
# One line of text per element of these kinds.
LINE_TAGS = (
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "section",
    "article", "main", "aside", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
    "center", "address", "figure", "figcaption", "hr", "caption", "tbody", "thead",
)
CELL_TAGS = ("td", "th")
# Elements that hold paragraphs: text inside anything else counts towards its nearest one.
TEXT_BLOCK_TAGS = frozenset((*LINE_TAGS, *CELL_TAGS, "body", "form", "header", "footer", "nav"))
CONTENT_NAMES = frozenset(
    name.lower() for name in (
        "zoom", "TRS_Editor", "article", "article-content", "articleContent", "content",
        "con", "detail", "details", "main-content", "view", "xxgk_content", "pages_content",
        "art_con", "article_con", "news_content", "newsContent", "text", "txt", "wzcon",
        "Custom_UnionStyle", "xxgk-content", "content-text",
    )
)
CONTENT_NAME_BONUS = 1.5
# Text outside the chosen block joins the article when it has paragraphs this long...
PARAGRAPH_MIN_HANZI = 40
# ...amounting to this share of the block's own text.
SPLIT_ARTICLE_SHARE = 0.10
TITLE_NAME = re.compile(r"title|biaoti|^tit$|^bt$|headline", re.I)
TITLE_SEARCH_BACK = 80
LINE_BREAK = "\ufdd0"  # Unicode noncharacters, reserved for internal use, not for text
CELL_BREAK = "\ufdd1"
HANZI = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
# A source line break between two CJK characters renders as nothing (CSS Text 3,
# segment break transformation), not as a space.
WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
SEGMENT_BREAK_IN_CJK = re.compile(rf"(?<=[{WIDE}])[ \t\r]*\n\s*(?=[{WIDE}])")
TITLE_SEPARATORS = re.compile(r"\s*[|_｜]\s*|\s+[-–—]+\s+|(?<!\d)[-–—]+(?!\d)")


@dataclass(frozen=True)
class Page:
    text: str
    encoding: str
    hints: dict
    warnings: list


def read_html(raw: bytes) -> Page:
    """The article of a saved page as lines of text, with metadata found around it."""
    decoded = decode_bytes(raw, EncodingDetector.find_declared_encoding(raw, is_html=True))
    soup = BeautifulSoup(decoded.text, "lxml")
    meta = meta_tags(soup)
    page_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    remove_non_content(soup)
    fields = labelled_fields(soup)
    container = article_container(soup)
    title_element = title_near(container, meta, page_title)
    visible_title = one_line(title_element.get_text("")) if title_element else ""
    lines = text_lines(container)
    if visible_title and not is_inside(title_element, container):
        lines.insert(0, visible_title)
    if not lines:
        raise UnreadableInput("no text found in the HTML page")
    hints = page_hints(meta, fields, visible_title, page_title)
    return Page("\n".join(lines), decoded.encoding, hints, decoded.warnings())


def meta_tags(soup: BeautifulSoup) -> dict[str, str]:
    """<meta> name/property → content, names lower-cased; the first of each name wins."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        name = tag.get("name") or tag.get("property")
        content = tag.get("content")
        if isinstance(name, str) and isinstance(content, str) and content.strip():
            found.setdefault(name.strip().lower(), one_line(content))
    return found


def remove_non_content(soup: BeautifulSoup) -> None:
    """Delete what a reader never sees as the article: scripts, hidden parts, furniture."""
    for tag in soup.find_all(INVISIBLE_TAGS):
        if not tag.decomposed:
            tag.decompose()
    for tag in soup.find_all(hidden_element):
        if not tag.decomposed:
            tag.decompose()
    page_hanzi = hanzi_count(soup.get_text())
    for tag in soup.find_all(CHROME_TAGS):
        if tag.decomposed:
            continue
        if tag.name == "header" and tag.find_parent(["article", "main"]):
            continue  # an article's own header holds its title
        if hanzi_count(tag.get_text()) * 2 < page_hanzi:
            tag.decompose()
    for tag in soup.find_all(widget_element):
        if not tag.decomposed and hanzi_count(tag.get_text()) <= WIDGET_MAX_HANZI:
            tag.decompose()


def hidden_element(tag: Tag) -> bool:
    style = tag.get("style")
    return tag.has_attr("hidden") or (isinstance(style, str) and bool(HIDDEN_STYLE.search(style)))


def widget_element(tag: Tag) -> bool:
    return any(WIDGET_NAME.search(name) for name in element_names(tag))


def element_names(tag: Tag) -> list[str]:
    classes = tag.get("class") or []
    identifier = tag.get("id")
    names = list(classes) if isinstance(classes, list) else str(classes).split()
    return names + [identifier] if isinstance(identifier, str) else names


def is_inside(element: Tag, container: Tag) -> bool:
    return element is container or id(container) in {id(tag) for tag in element.parents}


def hanzi_count(text: str) -> int:
    return len(HANZI.findall(text))


def one_line(text: str) -> str:
    return " ".join(text.split())


def nearest_block(element) -> Tag | None:
    parent = element.parent
    while parent is not None and parent.name not in TEXT_BLOCK_TAGS:
        parent = parent.parent
    return parent


def visible_strings(soup: BeautifulSoup, match) -> list[NavigableString]:
    """Text nodes that `match` (a regex or a predicate), without comments and the like."""
    return [string for string in soup.find_all(string=match) if type(string) is NavigableString]


def article_container(soup: BeautifulSoup) -> Tag:
    """The element holding the article's paragraphs.

    Chinese text not inside a link is counted towards the nearest block around it; a
    block scores its own text plus that of its direct paragraph children, with a bonus
    for names that CMSs give article bodies. When the article is split across sibling
    blocks, the winner grows to their common parent. (Tags are keyed by id(): bs4 tags
    hash and compare by their whole content.)
    """
    tags: dict[int, Tag] = {}
    own: dict[int, int] = {}
    for string in visible_strings(soup, HANZI):
        block = nearest_block(string)
        if block is not None and string.find_parent("a") is None:
            tags[id(block)] = block
            own[id(block)] = own.get(id(block), 0) + hanzi_count(string)
    if not own:
        return soup.body or soup
    score: dict[int, float] = {}
    subtree: dict[int, int] = {}
    paragraphs: dict[int, int] = {}  # text in long paragraphs anywhere below
    for key, count in own.items():
        block = tags[key]
        score[key] = score.get(key, 0) + count
        parent = nearest_block(block)
        if parent is not None:
            tags[id(parent)] = parent
            score[id(parent)] = score.get(id(parent), 0) + count
        for ancestor in (block, *block.parents):
            subtree[id(ancestor)] = subtree.get(id(ancestor), 0) + count
            if count >= PARAGRAPH_MIN_HANZI:
                paragraphs[id(ancestor)] = paragraphs.get(id(ancestor), 0) + count
    for key in score:
        if CONTENT_NAMES.intersection(name.lower() for name in element_names(tags[key])):
            score[key] *= CONTENT_NAME_BONUS
    best = tags[max(score, key=score.__getitem__)]
    while best.name != "body":
        parent = nearest_block(best)
        if parent is None or parent.name == "html":
            break
        outside = paragraphs.get(id(parent), 0) - paragraphs.get(id(best), 0)
        if outside < SPLIT_ARTICLE_SHARE * subtree[id(best)]:
            break
        best = parent
    return best


def title_near(container: Tag, meta: dict, page_title: str) -> Tag | None:
    """The visible title: a heading at the top of the article or just above it.

    Candidates are the article's first heading, an h1 in it, and headings or title-like
    elements just above it, nearest first. One that the page's ArticleTitle or <title>
    repeats wins; failing that the first h1, then the first candidate.
    """
    first_text = next(iter(visible_strings(container, HANZI)), None)
    top_heading = first_text.find_parent(["h1", "h2", "h3"]) if first_text else None
    inside = [
        heading for heading in (top_heading, container.find("h1"))
        if heading is not None and is_inside(heading, container)
    ]
    around = {id(tag) for tag in container.parents}
    above = [
        element for element in container.find_all_previous(True, limit=TITLE_SEARCH_BACK)
        if id(element) not in around
        and (element.name in ("h1", "h2", "h3")
             or any(TITLE_NAME.search(name) for name in element_names(element)))
    ]
    candidates = [
        element for element in inside + above
        if 4 <= hanzi_count(element.get_text()) <= 150
        and meta.get("sitename") != one_line(element.get_text(""))
    ]
    known = {
        re.sub(r"\s", "", title) for title in (
            meta.get("articletitle", ""), meta.get("og:title", ""),
            title_without_site(page_title, meta.get("sitename")),
        ) if title
    }
    for choose in (
        lambda element: re.sub(r"\s", "", element.get_text("")) in known,
        lambda element: element.name == "h1",
        lambda element: True,
    ):
        chosen = next(filter(choose, candidates), None)
        if chosen is not None:
            return chosen
    return None


def text_lines(container: Tag) -> list[str]:
    """One line per block element, table cells tab-separated, whitespace collapsed."""
    text = SEGMENT_BREAK_IN_CJK.sub("", "".join(text_chunks(container)))
    lines = []
    for line in text.split(LINE_BREAK):
        cells = (one_line(cell) for cell in line.split(CELL_BREAK))
        line = "\t".join(cell for cell in cells if cell)
        if line:
            lines.append(line)
    return lines


def text_chunks(container: Tag):
    """The container's text with break marks around blocks and after cells.

    Walks the tree with its own stack, since pages can nest deeper than Python recurses.
    """
    pending: list = [container]
    while pending:
        node = pending.pop()
        if isinstance(node, NavigableString):
            if type(node) is NavigableString:  # not a comment, doctype or CDATA
                yield str(node)
            continue
        if isinstance(node, str):  # a break mark pushed below
            yield node
            continue
        if node.name == "br":
            yield LINE_BREAK
            continue
        if node.name in LINE_TAGS:
            yield LINE_BREAK
            pending.append(LINE_BREAK)
        elif node.name in CELL_TAGS:
            pending.append(CELL_BREAK)
        pending.extend(reversed(node.contents))


# Labels of 政府信息公开 metadata, by the hint they fill; earlier groups are better sources.
FIELD_LABELS = {
    "index_number": ("索引号",),
    "doc_number": ("文号", "发文字号", "文件编号"),
    "issuer": ("发文机关", "发文单位"),
    "source_name": ("发布机构", "发文机关", "发文单位", "发布单位", "公开主体"),
    "source_fallback": ("信息来源", "来源"),
    "published_date": ("发布日期", "公开日期", "发布时间", "发表日期"),
    # Whole labels only: 成文时间 is not a publication time.
    "time_fallback": ("时间", "更新时间", "发表时间", "发稿时间", "公开时间"),
    "written_date": ("成文日期", "成文时间", "印发日期"),
    "issued_date": ("发文日期", "发文时间"),
}
LABEL_WORDS = frozenset(label for labels in FIELD_LABELS.values() for label in labels)
LABEL_IN_STRING = re.compile("|".join(sorted(LABEL_WORDS)))
# "发布日期：2022-02-25 信息来源：某某 浏览次数：" — any short Chinese word before a colon
# ends the value before it.
INLINE_LABEL = re.compile(r"([\u4e00-\u9fff/]{2,8})\s*[:：]\s*")
MAX_FIELD_STRING = 100
MAX_FIELD_VALUE = 60
EMPTY_VALUES = frozenset(("无", "-", "—", "/", "暂无"))


def labelled_fields(soup: BeautifulSoup) -> dict[str, str]:
    """Values of labelled metadata (索引号：…, 发布日期 | 2022-01-05), first one of each."""
    fields: dict[str, str] = {}
    for string in visible_strings(soup, holds_label):
        text = one_line(string)
        if len(text) > MAX_FIELD_STRING:
            continue
        for label, value in label_value_pairs(text):
            if not value:
                value = next_string(string)
            if value and value not in EMPTY_VALUES and len(value) <= MAX_FIELD_VALUE:
                for field in fields_for_label(label):
                    fields.setdefault(field, value)
    return fields


def holds_label(text: str) -> bool:
    """Whether text names a field, also when padded for alignment ("文\u3000\u3000号")."""
    return bool(LABEL_IN_STRING.search(re.sub(r"\s", "", text)))


def label_value_pairs(text: str) -> list[tuple[str, str]]:
    """(label, value) pairs in one text node; the value is "" when it is in the next node."""
    bare = re.sub(r"\s", "", text).rstrip(":：")
    if len(bare) <= 8 and fields_for_label(bare):
        return [(bare, "")]
    labels = list(INLINE_LABEL.finditer(text))
    ends = [label.start() for label in labels[1:]] + [len(text)]
    return [(label.group(1), text[label.end():end].strip()) for label, end in zip(labels, ends)]


def fields_for_label(label: str) -> list[str]:
    """The hints a label can fill ("备注/文号" → doc_number; 发文机关 → issuer and source)."""
    return [
        field for field, labels in FIELD_LABELS.items()
        if any(label == word if field == "time_fallback" else label.endswith(word) for word in labels)
    ]


def next_string(string) -> str:
    """The text following a label cell: the value of a two-cell label/value layout."""
    following = string.find_next(string=lambda text: text.strip() != "")
    if following is None:
        return ""
    value = one_line(following)
    return "" if INLINE_LABEL.match(value) or value.rstrip(":：") in LABEL_WORDS else value


def page_hints(meta: dict, fields: dict, visible_title: str, page_title: str) -> dict:
    hints = {
        "title": visible_title or meta.get("articletitle") or meta.get("og:title")
        or title_without_site(page_title, meta.get("sitename")),
        "index_number": fields.get("index_number"),
        "doc_number": fields.get("doc_number"),
        "issuer": fields.get("issuer"),
        "source_name": fields.get("source_name") or meta.get("contentsource")
        or fields.get("source_fallback"),
        "source_url": next(
            (url for url in (meta.get("url", ""), meta.get("og:url", "")) if url.startswith("http")), None
        ),
    }
    for date_text in (fields.get("published_date"), meta.get("pubdate"), fields.get("time_fallback")):
        if date_text and iso_date(date_text):
            hints["published_date"] = iso_date(date_text)
            break
    if fields.get("issued_date") and iso_date(fields["issued_date"]):
        hints[issued_date_field(fields["issued_date"])] = iso_date(fields["issued_date"])
    if fields.get("written_date") and iso_date(fields["written_date"]):  # signing is not publishing
        hints["signed_date"] = iso_date(fields["written_date"])
    return {key: value for key, value in hints.items() if value}


def title_without_site(page_title: str, site_name: str | None) -> str:
    """The report's part of a <title> like '关于…的报告_某某区人民政府'."""
    parts = [part for part in TITLE_SEPARATORS.split(page_title) if part and part != site_name]
    if not parts:
        return ""
    reports = [part for part in parts if "报告" in part]
    return max(reports or parts, key=len)


# ---------------------------------------------------------------------------
# Word .docx
# ---------------------------------------------------------------------------


def read_docx(raw: bytes) -> tuple[str, dict]:
    """Paragraphs one per line and table rows one per line, cells tab-separated.

    The core-properties title is often a template's leftover, so it is kept only when it
    reads like a report title.
    """
    try:
        document = docx.Document(io.BytesIO(raw))
        lines = list(docx_lines(document))
        core_title = one_line(document.core_properties.title or "")
    except Exception as error:  # a damaged package can fail anywhere inside python-docx
        raise UnreadableInput(f"damaged .docx file: {type(error).__name__}: {error}") from error
    if not lines:
        raise UnreadableInput("the .docx file has no text (only images, or empty)")
    hints = {"title": core_title} if "报告" in core_title else {}
    return "\n".join(lines), hints


def docx_lines(document):
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            yield from table_lines(block)
        else:
            yield from (line.strip() for line in block.text.splitlines() if line.strip())


def table_lines(table):
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats for every column it spans
                continue
            seen.add(id(cell._tc))
            text = one_line(cell.text)
            if text:
                cells.append(text)
        if cells:
            yield "\t".join(cells)


# ---------------------------------------------------------------------------
# Overrides: sources.csv and sidecars
# ---------------------------------------------------------------------------

DATE_FIELDS = ("retrieved_date", "published_date", "signed_date")
FIRST_REPORT_YEAR = 1990
WHOLE_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?")


def read_sources_csv(csv_path: Path, seeds_dir: Path, warnings: list[str]):
    """(file, fields) for each usable row of sources.csv; problems go to `warnings`."""
    try:
        content = csv_path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        warnings.append(f"{SOURCES_CSV} is not UTF-8; ignored (save it as \"CSV UTF-8\")")
        return
    reader = csv.DictReader(io.StringIO(content))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    if "file" not in header:
        warnings.append(f"{SOURCES_CSV} has no 'file' column; ignored")
        return
    reader.fieldnames = header
    for name in header:
        if name not in SOURCE_FIELDS and name != "file":
            warnings.append(f"{SOURCES_CSV}: unknown column '{name}' ignored")
    seen: set[str] = set()
    for row in reader:
        line = f"{SOURCES_CSV} line {reader.line_num}"
        file = (row.get("file") or "").strip().replace("\\", "/").removeprefix("./")
        if None in row:
            warnings.append(f"{line}: more values than columns; the extra ones are ignored")
        if not file:
            if any((value or "").strip() for key, value in row.items() if key):
                warnings.append(f"{line}: no file named; row ignored")
            continue
        if not (seeds_dir / file).is_file():
            warnings.append(f"{line}: there is no file {file} in seeds/; row ignored")
            continue
        if file in seen:
            warnings.append(f"{line}: {file} is listed again; later values win")
        seen.add(file)
        values = {key: value for key, value in row.items() if key in SOURCE_FIELDS}
        yield file, valid_fields(values, line, warnings)


def read_sidecar(sidecar: Path, where: str, warnings: list[str]) -> dict:
    try:
        data = json.loads(sidecar.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        warnings.append(f"{where}: not valid UTF-8 JSON ({error}); ignored")
        return {}
    if not isinstance(data, dict):
        warnings.append(f"{where}: expected a JSON object; ignored")
        return {}
    for key in data:
        if key not in SOURCE_FIELDS:
            warnings.append(f"{where}: unknown key '{key}' ignored")
    known = {key: value for key, value in data.items() if key in SOURCE_FIELDS}
    return valid_fields(known, where, warnings)


def valid_fields(values: dict, where: str, warnings: list[str]) -> dict:
    """Non-empty, well-formed values; dates become ISO, report_year an int."""
    fields = {}
    for field, value in values.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        problem, cleaned = check_field(field, value)
        if problem:
            warnings.append(f"{where}: {field} {value!r} {problem}; ignored")
        else:
            fields[field] = cleaned
    return fields


def check_field(field: str, value) -> tuple[str | None, object]:
    """(problem, cleaned value): problem is None when the value is usable."""
    if field == "report_year":
        text = number_text(value)
        if not re.fullmatch(r"\d{4}", text):
            return "is not a year", None
        if not FIRST_REPORT_YEAR <= int(text) <= date.today().year:
            return f"is outside {FIRST_REPORT_YEAR}–{date.today().year}", None
        return None, int(text)
    if field == "region_code":
        text = number_text(value)
        if not re.fullmatch(r"[1-9]\d{5}", text):
            return "is not a 6-digit administrative division code", None
        return None, text
    if not isinstance(value, str):
        return "is not text", None
    text = value.strip()
    if field in DATE_FIELDS:
        if not WHOLE_DATE.fullmatch(text) or iso_date(text) is None:
            return "is not a date (expected yyyy-mm-dd)", None
        return None, iso_date(text)
    return None, text


def number_text(value) -> str:
    """A year or code as text, whether a sidecar gave it as a JSON number or a string."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return ""
    return str(value).strip()
