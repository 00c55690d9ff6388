"""Text that a spreadsheet would execute, written so that it stays text.

Warehouse text comes from documents nobody here controls: an implementation text or
a department name may start with `=`, `+`, `-` or `@`, and Excel or LibreOffice
would read such a cell of a CSV file or a workbook as a formula (`=HYPERLINK(…)`,
`=cmd|' /C calc'!A0`). The OWASP guidance on CSV injection is followed:

- a CSV cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is
  prefixed with a single quote (the spreadsheet shows the quote; the text cannot run);
- an XLSX cell holds such text as a string cell, never as a formula, with nothing
  added, so the text reads back exactly.

Parquet and DuckDB hold text exactly: nothing here is applied to them. Pure: no
spreadsheet library is imported; `set_text_cell` works on any openpyxl-like cell.

May import: nothing of the project.
"""

from __future__ import annotations

import re
from typing import Any

# The first characters that make a spreadsheet evaluate a cell (OWASP, CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_ESCAPE = "'"
# XML 1.0 forbids these control characters; a workbook cannot hold them at all.
_ILLEGAL_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_REPLACEMENT = "\ufffd"
XLSX_MAX_TEXT = 32_767  # characters a cell holds (Excel's limit)


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would treat this text, as the first thing in a cell, as code."""
    return text.startswith(FORMULA_TRIGGERS)


def csv_cell(value: Any) -> Any:
    """A value for a CSV writer: formula-like text gets a leading `'`; others unchanged."""
    if isinstance(value, str) and looks_like_formula(value):
        return CSV_ESCAPE + value
    return value


def csv_row(values: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [csv_cell(v) for v in values]


def xlsx_text(text: str) -> str:
    """The text a workbook can hold: control characters XML forbids become U+FFFD (visible,
    never dropped silently); text beyond a cell's limit ends in `…`."""
    text = _ILLEGAL_IN_XLSX.sub(XLSX_REPLACEMENT, text)
    if len(text) > XLSX_MAX_TEXT:
        text = text[: XLSX_MAX_TEXT - 1] + "…"
    return text


def set_text_cell(cell: Any, text: str) -> None:
    """Put text into an openpyxl cell as a string cell, whatever it starts with.

    openpyxl turns a string starting with `=` into a formula and `#N/A` into an error
    value; setting the type after the value keeps it a plain shared string.
    """
    cell.value = xlsx_text(text)
    cell.data_type = "s"
