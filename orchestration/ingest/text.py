"""Cell text clean-up shared by the report readers.

The council's Word export leaves HTML paragraph markup in some cells (`<p>…</p>`),
entities, and runs of spaces; the warehouse keeps paragraphs as newlines and
nothing else of the markup.
"""

from __future__ import annotations

import html
import re

# The one vocabulary of markup: any tag, the tags that break a paragraph (opening or
# closing), and entities. The figure reader's character view (ingest/figures/view.py)
# replaces exactly these, so a figure's span and the entry's text agree on the markup.
TAG = re.compile(r"<[^<>]{0,200}>")
BLOCK_TAG = re.compile(r"(?i)<\s*/?\s*(?:p|br|div|li|ul|ol|tr|td|h\d)\b[^<>]*>")
ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_DASHES_ONLY = re.compile(r"^[\s\-–—_=*]*$")

# UTF-8 Cyrillic read as cp1251 and saved again: every other character becomes "Р" or
# "С" followed by one of the characters cp1251 gives the bytes 0x80–0xBF
# ("Інформація" → "Р†РЅС„РѕСЂРјР°С†С–СЏ"). Three such pairs in a row do not occur in
# Ukrainian text.
_CP1251_HIGH = bytes(range(0x80, 0xC0)).decode("cp1251", errors="ignore")
MOJIBAKE = re.compile("(?:[РС][" + re.escape(_CP1251_HIGH) + "]){3,}")
REPLACEMENT_CHARACTER = "\ufffd"


def strip_html(cell: str) -> str:
    """Remove HTML markup from a cell; paragraph ends become newlines.

    Spaces inside a paragraph are collapsed (the export pads some cells), blank
    paragraphs are dropped, and entities such as `&quot;` are decoded.
    """
    if "<" not in cell and "&" not in cell:
        return _SPACES.sub(" ", cell).strip()
    text = BLOCK_TAG.sub("\n", cell)
    text = TAG.sub("", text)
    text = html.unescape(text)
    paragraphs = (_SPACES.sub(" ", p).strip() for p in text.split("\n"))
    return "\n".join(p for p in paragraphs if p)


def is_separator(cells: list[str]) -> bool:
    """A stray row of dashes: at least one dash, nothing but dashes and spaces."""
    joined = "".join(cells)
    return any(ch in joined for ch in "-–—") and all(_DASHES_ONLY.match(c) for c in cells)
