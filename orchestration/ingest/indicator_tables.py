"""Indicator files as grids of text cells: CSV (any of the usual dialects) and XLSX.

Statistics offices publish CSV in UTF-8 or cp1251, separated by `;` (decimal comma)
or `,` (values then quoted), and Excel workbooks. Both become rows of text cells
with the row number a person sees: the line of the decoded CSV file, or the row of
the worksheet. Numbers of a workbook become text in their shortest exact form, so
one value reader serves both formats.

Before a workbook is parsed its zip directory is checked and every part inflated in
bounded chunks (`packaged`); rows beyond the limit per sheet and cells longer than
the limit are refused while reading, whatever the workbook's own dimensions claim.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from orchestration.ingest.documents import check_line_lengths, decode_text
from orchestration.ingest.errors import SourceError
from orchestration.ingest.limits import DEFAULT_LIMITS, InputLimits, count_text, over_limit
from orchestration.ingest.packaged import unpacked_copy

CSV, XLSX = "csv", "xlsx"
_DELIMITERS = (";", "\t", ",")  # the preferred one first when two fit equally well


@dataclass(frozen=True, slots=True)
class GridRow:
    row_number: int  # 1-based: line of the decoded CSV file, or row of the worksheet
    cells: tuple[str, ...]  # text of each cell, trailing empty cells dropped
    text: str  # the row as the file shows it: the CSV line, or the cells tab-joined


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str | None  # the worksheet's name; None for CSV
    rows: tuple[GridRow, ...]


@dataclass(frozen=True, slots=True)
class Grid:
    file_format: str  # 'csv' | 'xlsx'
    encoding: str | None  # how a CSV file was decoded; None for a workbook
    delimiter: str | None
    sheets: tuple[Sheet, ...]


def _trimmed(cells: list[str]) -> tuple[str, ...]:
    while cells and not cells[-1].strip():
        cells.pop()
    return tuple(cells)


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the most lines into the same number (>1) of fields.

    With `;` tables the decimal commas make a comma split rows unevenly, so the
    regular shape of the true delimiter wins; csv.Sniffer guesses wrong on them.
    """
    best, best_score = _DELIMITERS[0], -1
    for delimiter in _DELIMITERS:
        counts = Counter(
            len(_trimmed(row))
            for row in csv.reader(lines, delimiter=delimiter)
            if len(_trimmed(row)) > 1
        )
        score = max(counts.values(), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(data: bytes, source: str, limits: InputLimits = DEFAULT_LIMITS) -> Grid:
    if data.startswith(b"PK\x03\x04"):
        raise SourceError(source, "this is an Excel workbook renamed .csv; name it .xlsx")
    check_line_lengths(data, source, limits)
    text, encoding = decode_text(data, source)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) > limits.sheet_rows:
        raise SourceError(
            source,
            over_limit("sheet_rows", limits, f"the table has {count_text(len(lines))} lines"),
        )
    delimiter = sniff_delimiter([line for line in lines if line.strip()][:200])
    reader = csv.reader(lines, delimiter=delimiter)
    rows, start = [], 1
    for cells in reader:
        end = reader.line_num
        rows.append(
            GridRow(
                row_number=start,
                cells=_trimmed([c.strip() for c in cells]),
                text="\n".join(lines[start - 1 : end]),
            )
        )
        start = end + 1
    return Grid(CSV, encoding, delimiter, (Sheet(None, tuple(rows)),))


def cell_text(value: object) -> str:
    """A worksheet cell as text: numbers in their shortest exact form, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()


def read_xlsx(data: bytes, source: str, limits: InputLimits = DEFAULT_LIMITS) -> Grid:
    from openpyxl import load_workbook

    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceError(source, "this is an old Excel .xls workbook; save it as .xlsx")
    if data.startswith(b"PK\x03\x04"):
        data = unpacked_copy(data, source, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    except Exception as error:  # openpyxl raises several kinds for a damaged file
        raise SourceError(source, f"not a readable Excel workbook (.xlsx): {error}") from error
    sheets = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue
        if sheet.max_row > limits.sheet_rows:
            where = f"{source} (sheet {sheet.title})"
            measured = f"the worksheet has {count_text(sheet.max_row)} rows"
            raise SourceError(where, over_limit("sheet_rows", limits, measured))
        rows = []
        for row in sheet.iter_rows():
            cells = _trimmed([cell_text(cell.value) for cell in row])
            longest = max(map(len, cells), default=0)
            if longest > limits.line_characters:
                where = f"{source} (sheet {sheet.title}, row {row[0].row})"
                measured = f"a cell holds {count_text(longest)} characters"
                raise SourceError(where, over_limit("line_characters", limits, measured))
            if cells:
                rows.append(GridRow(row[0].row, cells, "\t".join(cells)))
        sheets.append(Sheet(sheet.title, tuple(rows)))
    return Grid(XLSX, None, None, tuple(sheets))


def read_grid(data: bytes, source: str, limits: InputLimits = DEFAULT_LIMITS) -> Grid:
    if source.lower().endswith(".xlsx"):
        return read_xlsx(data, source, limits)
    return read_csv(data, source, limits)
