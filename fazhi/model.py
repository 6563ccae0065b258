"""Plain records passed between the build steps."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Document:
    """A decoded input file: the report's text plus hints found around it.

    `hints` carries metadata the file format offers outside the text itself
    (an HTML <title>, <meta name="PubDate">, a 索引号 table beside the article):
    keys are the `reports` column names they may fill (title, published_date,
    doc_number, index_number, source_name, issuer).
    """

    source_file: str
    sha256: str
    text: str
    format: str  # text | html | docx
    encoding: str | None = None
    hints: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


# Report fields a sources.csv row or a sidecar may set, overriding what was extracted.
OVERRIDABLE_FIELDS = ("title", "issuer", "issuer_type", "region_code", "report_year",
                      "published_date", "signed_date", "doc_number", "index_number", "source_name")


class UnreadableInput(Exception):
    """A file that cannot yield report text (empty, binary, PDF, undecodable)."""
