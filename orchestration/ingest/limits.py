"""How large a source file may be, stated once, in the analyst's words.

A refresh reads whatever lands in `sources/`: a report saved twice into one file, a
table pasted into a single line, a Word file whose 2 MB unpack to gigabytes. Each
limit below is checked before any parsing, from what costs nothing to measure (the
file's size, the zip directory of a .docx/.xlsx, a scan of the bytes), so a refusal
comes in a second and names the file, the limit and the measured size. Peak memory
is then bounded by the limits, not by what a file claims.

The defaults are generous for the council's reports (the 2023 report is 0.3 MB of
text) and the statistics office's tables. They are configuration, changed here and
nowhere else: `Settings.limits` carries one `InputLimits` to discovery, and each
`SourceDocument` carries it on to the readers.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class InputLimits:
    report_file_bytes: int = 20 * MB
    indicator_file_bytes: int = 50 * MB
    line_characters: int = 100_000
    unpacked_part_bytes: int = 50 * MB
    unpacked_total_bytes: int = 100 * MB
    compression_ratio: int = 100
    sheet_rows: int = 10_000

    def file_bytes(self, document_kind: str) -> int:
        return self.report_file_bytes if document_kind == "report" else self.indicator_file_bytes

    def sentences(self) -> list[str]:
        """Every limit as the analyst reads it (the README lists the same)."""
        return [
            f"{WORDS[f.name].format(_shown(f.name, getattr(self, f.name)))}" for f in fields(self)
        ]


# The analyst's words for each limit; `{}` is its value.
WORDS = {
    "report_file_bytes": "a report file is at most {}",
    "indicator_file_bytes": "an indicator file is at most {}",
    "line_characters": "a line of a text file, a paragraph or table row of a Word file, or a "
    "cell of a table holds at most {} characters",
    "unpacked_part_bytes": "each part of a Word or Excel file unpacks to at most {}",
    "unpacked_total_bytes": "all parts of a Word or Excel file unpack to at most {} together",
    "compression_ratio": "a part of a Word or Excel file unpacks to at most {} times its packed "
    "size",
    "sheet_rows": "a worksheet has at most {} rows",
}

DEFAULT_LIMITS = InputLimits()


def size_text(size: int) -> str:
    """A byte count as a file manager shows it: '20 MB', '394 KB', '2 048 MB'."""
    if size >= MB:
        value = size / MB
        shown = f"{value:,.0f}" if value >= 100 or value.is_integer() else f"{value:,.1f}"
        return shown.replace(",", " ") + " MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def count_text(count: int) -> str:
    return f"{count:,}".replace(",", " ")


def _shown(name: str, value: int) -> str:
    if name.endswith("_bytes"):
        return size_text(value)
    return count_text(value)


def over_limit(name: str, limits: InputLimits, measured: str) -> str:
    """The refusal's words: what was measured, the limit in words, where it is set."""
    limit = WORDS[name].format(_shown(name, getattr(limits, name)))
    return f"{measured}, but {limit} (limit `{name}` in orchestration/ingest/limits.py)"
