"""Tracing a KPI value: an indicator value to its file's row and column (the cell marked
in the row of a text file), an implementation KPI to the entries it counts."""

from __future__ import annotations

from typing import Any

import duckdb

from orchestration.settings import Settings
from orchestration.trace.model import (
    ENTRY_MART,
    KPI_ENTRIES,
    KPI_MART,
    KPI_PREFIX,
    Trace,
    TraceError,
)
from orchestration.trace.rows import document, landing_row
from orchestration.trace.sources import check_source
from orchestration.warehouse_file import has_table, rows


def _kpi_row(con: duckdb.DuckDBPyConnection, query: str) -> dict[str, Any]:
    if not has_table(con, "marts", KPI_MART):
        raise TraceError(
            f"this warehouse has no marts.{KPI_MART}: only figure ids can be traced here"
        )
    parts = query[len(KPI_PREFIX) :].split(":")
    if len(parts) < 2:
        raise TraceError(f"a KPI value is {KPI_PREFIX}<kpi_code>:<period_key>[:<scope>[:<key>]]")
    code, period, scope_kind, scope_key = [*parts, None, None][:4]
    columns = {r[0] for r in con.execute(f"describe marts.{KPI_MART}").fetchall()}
    code_filter = (
        "kpi_code = ?"
        if "kpi_code" in columns
        else "kpi_key in (select kpi_key from marts.dim_kpi where kpi_code = ?)"
    )
    sql = (
        f"select * from marts.{KPI_MART} where {code_filter} and period_key = ? "
        "and scope_kind = ? and scope_key is not distinct from ?"
    )
    found = rows(con, sql, [code, period, scope_kind or "city", scope_key or None])
    if len(found) != 1:
        raise TraceError(f"{len(found)} KPI values match {query!r}; name the scope as well")
    return found[0]


def trace_kpi(con: duckdb.DuckDBPyConnection, settings: Settings, query: str) -> Trace:
    row = _kpi_row(con, query)
    result = Trace(
        query=query,
        kind="kpi_value",
        warehouse_path="",
        edition=None,
        mart=KPI_MART,
        mart_row=row,
        models=[],
        manifest_path=None,
    )
    if row.get("document_id") is None:
        _computed_from_entries(con, settings, row, result)
    else:
        _read_from_a_file(con, settings, row, result)
    return result


def _read_from_a_file(
    con: duckdb.DuckDBPyConnection, settings: Settings, row: dict[str, Any], result: Trace
) -> None:
    """An indicator value: its landing row and cell; in a text file the cell is marked."""
    doc = document(con, row["document_id"])
    sheet, number, column = row.get("source_sheet"), row.get("source_row"), row.get("source_column")
    where = {"document_id": row["document_id"], "sheet_name": sheet, "row_number": number}
    value = landing_row(con, "indicator_values", {**where, "column_number": column})
    printed = landing_row(con, "indicator_rows", where)
    result.landing = {
        table: found
        for table, found in (("indicator_values", value), ("indicator_rows", printed))
        if found
    }
    place = f"row {number}, column {column}" + (f" of sheet {sheet!r}" if sheet else "")
    if sheet is not None:  # a workbook has no lines: the file is checked as a whole
        result.notes.append(f"read from {place} of the workbook")
        result.source = check_source(settings, doc["source_path"], doc["document_id"])
        return
    line = printed["row_text"] if printed else None
    delimiter = _delimiter(con, row["document_id"])
    span = _cell_span(line, delimiter, column, value and value.get("value_printed"))
    if span is None:
        result.notes.append(f"read from {place}; the cell could not be marked in the line")
    result.source = check_source(
        settings, doc["source_path"], doc["document_id"], number, line, span
    )


def _delimiter(con: duckdb.DuckDBPyConnection, document_id: str) -> str | None:
    found = landing_row(con, "indicator_documents", {"document_id": document_id})
    return found.get("delimiter") if found else None


def _cell_span(
    line: str | None, delimiter: str | None, column: int | None, printed: str | None
) -> tuple[int, int, str] | None:
    """Where the printed value stands in its row: the `column`-th (1-based) cell, without
    the blanks around it. None for a quoted row (a delimiter may sit inside quotes)."""
    if not line or not delimiter or not column or not printed or '"' in line:
        return None
    cells = line.split(delimiter)
    if column > len(cells):
        return None
    start = sum(len(cell) + len(delimiter) for cell in cells[: column - 1])
    cell = cells[column - 1]
    start += len(cell) - len(cell.lstrip())
    text = cell.strip()
    if text != printed.strip():
        return None
    return start, start + len(text), text


def _computed_from_entries(
    con: duckdb.DuckDBPyConnection, settings: Settings, row: dict[str, Any], result: Trace
) -> None:
    """An implementation KPI: the entries it counts, and the report file they come from."""
    documents = rows(
        con,
        f"select distinct document_id from marts.{ENTRY_MART} where period_key = ?",
        [row["period_key"]],
    )
    if not has_table(con, "marts", KPI_ENTRIES):
        result.notes.append(
            f"a computed KPI, and this warehouse has no marts.{KPI_ENTRIES}: the entries it "
            "counts are not recorded (the models below compute it from the reports)"
        )
    else:
        result.computed_from = rows(
            con,
            f"""
            select
                counted.entry_key, counted.in_numerator, entries.report_year,
                entries.line_start, entries.line_end, entries.project_key,
                entries.project_name_printed, entries.task_key,
                coalesce(trim(entries.implementation_text), '') != '' as has_text,
                entries.document_id,
            from marts.{KPI_ENTRIES} as counted
            inner join marts.{ENTRY_MART} as entries using (entry_key)
            where counted.kpi_key = ? and counted.period_key = ?
                and counted.scope_kind = ? and counted.scope_key is not distinct from ?
            order by entries.document_id, entries.line_start
            """,
            [row["kpi_key"], row["period_key"], row["scope_kind"], row["scope_key"]],
        )
        if not result.computed_from:
            result.notes.append("the value counts no entry of its report")
    if len(documents) == 1:
        doc = document(con, documents[0]["document_id"])
        result.source = check_source(settings, doc["source_path"], doc["document_id"])
    else:
        result.notes.append(
            f"{len(documents)} report files hold entries of {row['period_key']}: "
            "trace the entries to check each"
        )
