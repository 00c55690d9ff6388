"""Source documents: where they are, what they are, and how their bytes decode.

A document is identified by the sha256 of its bytes: the same file under another
name is the same document, and an edited file is a new one. Sources are only
ever read, and only inside `sources/`: a link that leads out is refused without
being opened, a hidden name is refused rather than skipped, and a file beyond the
limits (`limits.py`) is refused from its size, before it is hashed.

One module, a little over 300 lines, because it is everything decided about a file
before a parser sees it: where it is, whether it may be read, and how its bytes decode.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from orchestration.ingest.errors import SourceError
from orchestration.ingest.limits import (
    DEFAULT_LIMITS,
    InputLimits,
    count_text,
    over_limit,
    size_text,
)
from orchestration.ingest.text import MOJIBAKE, REPLACEMENT_CHARACTER

REPORT_SUFFIXES = (".txt", ".docx")
INDICATOR_SUFFIXES = (".csv", ".xlsx")
_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
# "~$report.docx" is the owner file Word (or Excel) keeps beside an open document: a
# few bytes naming who has it open, never a document.
_OFFICE_OWNER_FILE = "~$"


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One file under `sources/`, as found on disk."""

    relative_path: str  # '/'-separated, relative to the project root
    path: Path  # as found under sources/ (a link keeps its own name)
    document_kind: str  # 'report' | 'indicators'
    city: str
    document_id: str  # sha256 hex of the bytes
    byte_size: int
    real_path: Path | None = None  # the file read: `path`, or where a link in sources/ points
    limits: InputLimits = DEFAULT_LIMITS

    def read_bytes(self) -> bytes:
        """The file's bytes, after the checks that need no parsing (see `check_bytes`)."""
        data = _read_regular(self.real_path or self.path, self.byte_size + 1)
        if len(data) != self.byte_size or hashlib.sha256(data).hexdigest() != self.document_id:
            raise SourceError(self.relative_path, "the file changed while it was being loaded")
        check_bytes(data, self.relative_path, self.limits)
        return data


def _read_regular(path: Path, most: int) -> bytes:
    """Read at most `most` bytes; the last component is never followed if it is a link."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(handle, "rb") as file:
        return file.read(most)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(handle, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def discover_reports(
    sources_dir: Path, limits: InputLimits = DEFAULT_LIMITS
) -> list[SourceDocument]:
    """Report files under `<sources>/reports/<city>/`, sorted by path (deterministic).

    Paths are recorded as `sources/reports/<city>/<file>` whatever folder the
    sources live in, so the warehouse's lineage reads the same on every machine.
    A file that may not be read (see `_checked_entry`) stops the discovery with a
    SourceError naming it.
    """
    return _discover(sources_dir, "reports", "report", REPORT_SUFFIXES, limits)


def discover_indicators(
    sources_dir: Path, limits: InputLimits = DEFAULT_LIMITS
) -> list[SourceDocument]:
    """Indicator files (CSV, XLSX) under `<sources>/indicators/<city>/`, sorted by path."""
    return _discover(sources_dir, "indicators", "indicators", INDICATOR_SUFFIXES, limits)


def _discover(
    sources_dir: Path,
    folder: str,
    kind: str,
    suffixes: tuple[str, ...],
    limits: InputLimits,
) -> list[SourceDocument]:
    root = sources_dir.resolve()
    base = sources_dir / folder
    found: list[SourceDocument] = []
    if not base.is_dir():
        return found
    for city_dir in sorted(base.iterdir()):
        if not city_dir.is_dir():
            continue
        city_relative = "sources/" + city_dir.relative_to(sources_dir).as_posix()
        _inside_sources(city_dir, root, city_relative)  # before listing what it holds
        if not _holds_documents(city_dir, suffixes):
            continue
        _check_name(city_dir.name, city_relative, "folder")
        for path in sorted(city_dir.iterdir()):
            if not path.name.lower().endswith(suffixes) or path.name.startswith(_OFFICE_OWNER_FILE):
                continue
            relative = "sources/" + path.relative_to(sources_dir).as_posix()
            _check_name(path.name, relative, "file")
            real, size = _checked_entry(path, root, relative, kind, limits)
            found.append(
                SourceDocument(
                    relative_path=relative,
                    path=path,
                    document_kind=kind,
                    city=city_dir.name,
                    document_id=sha256_of(real),
                    byte_size=size,
                    real_path=real,
                    limits=limits,
                )
            )
    return found


def _holds_documents(folder: Path, suffixes: tuple[str, ...]) -> bool:
    """A folder with files of these kinds; other folders are not ours."""
    return any(p.name.lower().endswith(suffixes) for p in folder.iterdir())


def _check_name(name: str, relative: str, what: str) -> None:
    """Hidden names are refused, not skipped: an analyst cannot see what was left out.

    A name made only of dots, or starting with one (macOS writes `._report.txt`
    copies), is hidden by file managers. A name starting with `-` is loaded: the
    warehouse never passes a source's name to a command line.
    """
    if name.startswith("."):
        raise SourceError(
            relative,
            f"the {what} name starts with a dot, so file managers hide it and nobody would "
            f"see that it is loaded; rename it (e.g. `report_2024.txt`) or remove it",
        )


def _inside_sources(path: Path, root: Path, relative: str) -> Path:
    """Where a path really is; a link that leads out of sources/ is refused, never opened."""
    real = path.resolve()
    if path.is_symlink() and not real.is_relative_to(root):
        raise SourceError(
            relative,
            f"this is a link to {os.readlink(path)} ({real}), outside sources/; nothing "
            "outside sources/ is read — copy the file into sources/ instead of linking it",
        )
    if not real.is_relative_to(root):  # a folder on the way is a link out of sources/
        raise SourceError(
            relative,
            f"this leads to {real}, outside sources/ (through a linked folder); nothing "
            "outside sources/ is read — copy the file into sources/",
        )
    return real


def _checked_entry(
    path: Path, root: Path, relative: str, kind: str, limits: InputLimits
) -> tuple[Path, int]:
    """The real path and size of a source that may be read; SourceError otherwise."""
    real = _inside_sources(path, root, relative)
    try:
        status = real.stat()
    except FileNotFoundError as missing:
        raise SourceError(
            relative, f"this is a link to {os.readlink(path)}, which does not exist"
        ) from missing
    if not stat.S_ISREG(status.st_mode):
        raise SourceError(relative, "this is not a regular file (a folder, pipe or device)")
    if status.st_size > limits.file_bytes(kind):
        name = "report_file_bytes" if kind == "report" else "indicator_file_bytes"
        raise SourceError(
            relative, over_limit(name, limits, f"the file is {size_text(status.st_size)}")
        )
    return real, status.st_size


def read_source(path: Path, root: Path, relative: str, kind: str, limits: InputLimits) -> bytes:
    """The bytes of a recorded source, read as discovery reads them: a link out of
    sources/, a pipe or an oversized file is refused (SourceError), never opened."""
    real, size = _checked_entry(path, root.resolve(), relative, kind, limits)
    return _read_regular(real, size)


def check_bytes(data: bytes, source: str, limits: InputLimits = DEFAULT_LIMITS) -> None:
    """The checks of a file's bytes that need no parsing, so they refuse in a second.

    Text (.txt, .csv): the longest line, and a table's lines. Word and Excel files:
    their zip directory (sizes and ratios, before inflating anything); a workbook's
    rows per sheet and longest cell, counted in bounded chunks.
    """
    lowered = source.lower()
    if lowered.endswith((".docx", ".xlsx")):
        if data.startswith(b"PK\x03\x04"):
            from orchestration.ingest import packaged

            if lowered.endswith(".xlsx"):
                packaged.check_sheets(data, source, limits)
            else:
                packaged.check_directory(data, source, limits).close()
        return
    check_line_lengths(data, source, limits)
    if lowered.endswith(".csv"):
        rows = len(data.splitlines())
        if rows > limits.sheet_rows:
            measured = f"the table has {count_text(rows)} lines"
            raise SourceError(source, over_limit("sheet_rows", limits, measured))


def check_line_lengths(data: bytes, source: str, limits: InputLimits = DEFAULT_LIMITS) -> None:
    """Refuse a line longer than the limit; bytes first (a character is at least one)."""
    lines = data.splitlines()  # bytes split at \n, \r\n and \r only, as decode_text does
    if max(map(len, lines), default=0) <= limits.line_characters:
        return
    for number, line in enumerate(lines, 1):
        if len(line) <= limits.line_characters:
            continue
        characters = len(line.decode("utf-8", errors="replace"))
        if characters > limits.line_characters:
            raise SourceError(
                f"{source}:{number}",
                over_limit(
                    "line_characters", limits, f"the line holds {count_text(characters)} characters"
                ),
            )


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
