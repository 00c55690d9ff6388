"""The workbook: every `bi` view of the published warehouse as a sheet of one Excel file,
for people who live in Excel and open neither DuckDB nor Parquet.

`warehouse/export/warehouse.xlsx` starts with a sheet `edition` (which edition of the
warehouse, published when, from which source files with their sha256, and what each
sheet holds), then one sheet per `bi` view, named after it. Each sheet has a frozen
header row with filters; the header cells carry the column descriptions (the comments
dbt persisted into the file) as cell comments. Numbers are numbers, dates are dates,
text is written as text whatever it starts with (`orchestration.spreadsheet_safe`):
a project name such as `=HYPERLINK(…)` stays a name. The views and their columns are
read from the published file, so a new view or column appears without a change here.

May import: `orchestration.export`, `orchestration.settings`,
`orchestration.spreadsheet_safe`, DuckDB, openpyxl.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from orchestration.export import (
    ExportedColumn,
    export_dir,
    exported_relations,
    published_edition,
    relation_columns,
    source_documents,
)
from orchestration.settings import Settings
from orchestration.spreadsheet_safe import set_text_cell

WORKBOOK_NAME = "warehouse.xlsx"
EDITION_SHEET = "edition"
WORKBOOK_SCHEMA = "bi"
COMMENT_AUTHOR = "warehouse"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
SHEET_NAME_LIMIT = 31  # characters Excel allows in a sheet name
_SHEET_NAME_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
_BATCH = 2_000
_WIDTH_SAMPLE = 500  # rows looked at to size the columns
_BOLD = Font(bold=True)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True, slots=True)
class WorkbookSheet:
    sheet: str
    view: str
    rows: int
    columns: list[ExportedColumn]
    description: str | None


@dataclass
class WrittenWorkbook:
    path: Path
    edition: str | None
    published_at: str | None
    written_at: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    sheets: list[WorkbookSheet] = field(default_factory=list)


def workbook_path(settings: Settings) -> Path:
    return export_dir(settings) / WORKBOOK_NAME


def sheet_names(views: Iterable[str]) -> list[str]:
    """A sheet name per view: the view's name, within Excel's limits, never twice."""
    names: list[str] = []
    taken = {EDITION_SHEET.casefold()}
    for view in views:
        base = view.translate(_SHEET_NAME_FORBIDDEN)[:SHEET_NAME_LIMIT] or "view"
        name, n = base, 1
        while name.casefold() in taken:  # Excel compares sheet names without case
            n += 1
            suffix = f"~{n}"
            name = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        taken.add(name.casefold())
        names.append(name)
    return names


def _cell(sheet: Any, value: Any) -> Any:
    """A cell holding the value as Excel should see it: numbers, dates, booleans, text."""
    cell = WriteOnlyCell(sheet)
    if value is None:
        return cell
    if isinstance(value, bool | int | Decimal):  # bool before the text branches
        cell.value = value
    elif isinstance(value, float):
        if math.isfinite(value):
            cell.value = value
        else:  # Excel has no NaN or infinity: say it in words
            set_text_cell(cell, str(value))
    elif isinstance(value, datetime):
        if value.tzinfo is not None:  # Excel has no time zones: UTC, said in the header comment
            value = value.astimezone(UTC).replace(tzinfo=None)
        cell.value = value
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, time):
        cell.value = value
    elif isinstance(value, list | tuple):
        set_text_cell(cell, "; ".join("" if v is None else str(v) for v in value))
    else:
        set_text_cell(cell, str(value))
    return cell


def _header(sheet: Any, columns: Sequence[ExportedColumn]) -> list[Any]:
    cells = []
    for column in columns:
        cell = WriteOnlyCell(sheet)
        set_text_cell(cell, column.name)
        cell.font = _BOLD
        note = (column.description or "").strip()
        if column.type.upper().startswith("TIMESTAMP WITH TIME ZONE"):
            note = f"{note} (UTC)".strip()
        if note:
            comment = Comment(f"{note}\n[{column.type}]", COMMENT_AUTHOR)
            comment.width, comment.height = 320, 160
            cell.comment = comment
        cells.append(cell)
    return cells


def _width(values: Iterable[Any]) -> float:
    longest = max((len(str(v)) for v in values if v is not None), default=0)
    return float(min(max(longest, 6) + 2, 60))


def _view_sheet(
    workbook: Workbook,
    con: duckdb.DuckDBPyConnection,
    name: str,
    view: str,
    description: str | None,
) -> WorkbookSheet:
    columns = relation_columns(con, WORKBOOK_SCHEMA, view)
    sheet = workbook.create_sheet(name)
    cursor = con.execute(f'select * from {WORKBOOK_SCHEMA}."{view}" order by all')
    batch = cursor.fetchmany(_BATCH)
    for index, column in enumerate(columns):
        sample = [row[index] for row in batch[:_WIDTH_SAMPLE]]
        letter = get_column_letter(index + 1)
        sheet.column_dimensions[letter].width = _width([column.name, *sample])
    sheet.freeze_panes = "A2"
    sheet.append(_header(sheet, columns))
    rows = 0
    while batch:
        for row in batch:
            sheet.append([_cell(sheet, value) for value in row])
        rows += len(batch)
        batch = cursor.fetchmany(_BATCH)
    last = get_column_letter(max(len(columns), 1))
    sheet.auto_filter.ref = f"A1:{last}{rows + 1}"
    return WorkbookSheet(sheet=name, view=view, rows=rows, columns=columns, description=description)


def _text_row(sheet: Any, values: Sequence[Any], bold: bool = False) -> list[Any]:
    cells = []
    for value in values:
        cell = _cell(sheet, value)
        if bold:
            cell.font = _BOLD
        if isinstance(value, str) and len(value) > 60:
            cell.alignment = _WRAP_TOP
        cells.append(cell)
    return cells


def _edition_sheet(sheet: Any, written: WrittenWorkbook, warehouse: str) -> None:
    """Which warehouse this workbook is: an auditor can match it to an edition and sources."""
    for letter, width in zip("ABCDE", (34, 70, 14, 12, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append(_text_row(sheet, ["Житомир: моніторинг Стратегії / strategy warehouse"], True))
    sheet.append([])
    for label, value in [
        ("edition (видання)", written.edition or "(not recorded)"),
        ("published at (UTC)", written.published_at or ""),
        ("workbook written at (UTC)", written.written_at),
        ("warehouse file", warehouse),
    ]:
        sheet.append(_text_row(sheet, [label, value]))
    sheet.append([])
    sheet.append(_text_row(sheet, ["sources (джерела)"], True))
    source_columns = ["source_path", "sha256", "document_kind", "report_year", "byte_size"]
    sheet.append(_text_row(sheet, source_columns, True))
    for source in written.sources:
        sheet.append(_text_row(sheet, [source.get(c) for c in source_columns]))
    sheet.append([])
    sheet.append(_text_row(sheet, ["sheets (аркуші)"], True))
    sheet.append(_text_row(sheet, ["sheet", "what one row is", "rows", "columns"], True))
    for view_sheet in written.sheets:
        description = " ".join((view_sheet.description or "").split())
        sheet.append(
            _text_row(
                sheet, [view_sheet.sheet, description, view_sheet.rows, len(view_sheet.columns)]
            )
        )


def write_workbook(settings: Settings, published: Path | None = None) -> WrittenWorkbook:
    """Write `warehouse/export/warehouse.xlsx` from the published file, read-only.

    Written beside its final name and renamed into place: a reader never opens half a
    workbook, and one that has it open (Excel on Windows locks it) keeps the old one.
    """
    published = published or settings.published_path
    if not published.exists():
        raise FileNotFoundError(
            f"nothing is published yet ({settings.relative(published)}); "
            "run `warehouse refresh` first"
        )
    target = workbook_path(settings)
    target.parent.mkdir(parents=True, exist_ok=True)
    edition, published_at = published_edition(settings, published)
    written = WrittenWorkbook(
        path=target,
        edition=edition,
        published_at=published_at,
        written_at=datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds"),
    )
    workbook = Workbook(write_only=True)
    about = workbook.create_sheet(EDITION_SHEET)
    with duckdb.connect(str(published), read_only=True) as con:
        written.sources = source_documents(con)
        views = exported_relations(con, [WORKBOOK_SCHEMA])
        for name, (_, view, comment) in zip(
            sheet_names(v for _, v, _ in views), views, strict=True
        ):
            written.sheets.append(_view_sheet(workbook, con, name, view, comment))
    _edition_sheet(about, written, settings.relative(published))
    partial = target.with_name(target.name + ".partial")
    workbook.save(partial)
    os.replace(partial, target)
    return written
