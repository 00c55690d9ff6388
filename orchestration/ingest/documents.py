"""Source documents: where they are, what they are, and how their bytes decode.

A document is identified by the sha256 of its bytes: the same file under another
name is the same document, and an edited file is a new one. Sources are only
ever read.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from orchestration.ingest.errors import SourceError
from orchestration.ingest.text import MOJIBAKE, REPLACEMENT_CHARACTER

REPORT_SUFFIXES = (".txt", ".docx")
INDICATOR_SUFFIXES = (".csv", ".xlsx")
_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One file under `sources/`, as found on disk."""

    relative_path: str  # '/'-separated, relative to the project root
    path: Path
    document_kind: str  # 'report' | 'indicators'
    city: str
    document_id: str  # sha256 hex of the bytes
    byte_size: int

    def read_bytes(self) -> bytes:
        data = self.path.read_bytes()
        if hashlib.sha256(data).hexdigest() != self.document_id:
            raise SourceError(self.relative_path, "the file changed while it was being loaded")
        return data


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def discover_reports(sources_dir: Path) -> list[SourceDocument]:
    """Report files under `<sources>/reports/<city>/`, sorted by path (deterministic).

    Paths are recorded as `sources/reports/<city>/<file>` whatever folder the
    sources live in, so the warehouse's lineage reads the same on every machine.
    """
    return _discover(sources_dir, "reports", "report", REPORT_SUFFIXES)


def discover_indicators(sources_dir: Path) -> list[SourceDocument]:
    """Indicator files (CSV, XLSX) under `<sources>/indicators/<city>/`, sorted by path."""
    return _discover(sources_dir, "indicators", "indicators", INDICATOR_SUFFIXES)


def _discover(
    sources_dir: Path, folder: str, kind: str, suffixes: tuple[str, ...]
) -> list[SourceDocument]:
    base = sources_dir / folder
    found: list[SourceDocument] = []
    if not base.is_dir():
        return found
    for city_dir in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for path in sorted(city_dir.iterdir()):
            # "~$report.docx" is the lock file Word keeps next to an open document.
            if path.name.startswith((".", "~$")) or path.suffix.lower() not in suffixes:
                continue
            found.append(
                SourceDocument(
                    relative_path="sources/" + path.relative_to(sources_dir).as_posix(),
                    path=path,
                    document_kind=kind,
                    city=city_dir.name,
                    document_id=sha256_of(path),
                    byte_size=path.stat().st_size,
                )
            )
    return found


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _refuse_non_text(data: bytes, source: str) -> None:
    if not data.strip():
        raise SourceError(source, "the file is empty; copy the report into it again")
    if data.startswith(b"%PDF"):
        raise SourceError(source, "this is a PDF file, not a text export; save the report as text")
    if data.startswith(b"PK\x03\x04"):
        raise SourceError(
            source, "this is a Word/zip file renamed .txt; save the report as plain text"
        )
    if b"\x00" in data[:65536]:
        raise SourceError(source, "this is a binary file, not a text export of the report")


def _refuse_damaged_text(text: str, source: str) -> None:
    if REPLACEMENT_CHARACTER in text:
        line = _line_of(text, text.index(REPLACEMENT_CHARACTER))
        raise SourceError(
            f"{source}:{line}",
            "the text holds replacement characters (�): it was damaged by a wrong "
            "conversion; export the report from Word again",
        )
    garbled = MOJIBAKE.search(text)
    if garbled:
        line = _line_of(text, garbled.start())
        raise SourceError(
            f"{source}:{line}",
            f"the text looks like UTF-8 that was read as cp1251 and saved again "
            f"({garbled.group(0)[:24]!r}…); use the original file or save it again as UTF-8",
        )


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Decode a text export; returns (text with '\\n' line ends, encoding name).

    Word saves text as UTF-8 (with or without a BOM) or, on older Windows
    set-ups, as cp1251. Line ends are normalized so line numbers and character
    offsets mean the same thing whatever the file's convention. Files that are
    not text, or text damaged by a wrong conversion, are refused with the reason.
    """
    _refuse_non_text(data, source)
    if data.startswith(codecs.BOM_UTF8):
        data, encoding = data[len(codecs.BOM_UTF8) :], "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            raise SourceError(
                source,
                "the file ends in the middle of a character: it was cut off; copy it again",
            ) from exc
        if encoding == "utf-8-sig":
            raise SourceError(source, f"invalid UTF-8 at byte {exc.start}") from exc
        try:
            text, encoding = data.decode("cp1251"), "cp1251"
        except UnicodeDecodeError as second:
            raise SourceError(
                source, "the file is neither UTF-8 nor cp1251 text; save it as UTF-8 text"
            ) from second
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    _refuse_damaged_text(text, source)
    return text, encoding


def check_year_in_name(relative_path: str, report_year: int) -> None:
    """A file name that states years must state the report's own year.

    The year comes from the document's header; a name such as `report_2022.txt`
    holding the 2023 report is a mistake worth stopping for, not a guess to make.
    """
    name = Path(relative_path).stem
    years = {int(y) for y in _YEAR_IN_NAME.findall(name)}
    if years and report_year not in years:
        stated = ", ".join(str(y) for y in sorted(years))
        raise SourceError(
            relative_path,
            f"the file name states {stated} but the report's header says it reports on "
            f"{report_year}; rename the file or check that it is the right report",
        )
