"""The rows of the warehouse file every kind of trace reads: a mart row by its key (or a
unique start of it), the source document, the source lines as they were loaded."""

from __future__ import annotations

from typing import Any

import duckdb

from orchestration.trace.model import TraceError
from orchestration.warehouse_file import has_table, rows


def mart_row_by_key(
    con: duckdb.DuckDBPyConnection, mart: str, column: str, key: str, what: str
) -> dict[str, Any]:
    """The one row of `marts.<mart>` whose `column` is `key` or starts with it."""
    if not has_table(con, "marts", mart):
        raise TraceError(f"this warehouse has no marts.{mart} (published before it existed)")
    found = rows(
        con,
        f"select * from marts.{mart} where {column} like ? || '%' order by {column}",
        [key],
    )
    if not found:
        raise TraceError(f"no {what} with {column} {key!r} in marts.{mart}")
    if len(found) > 1:
        keys = ", ".join(r[column] for r in found[:5])
        raise TraceError(f"{key!r} is the start of {len(found)} {column}s ({keys}…)")
    return found[0]


def document(con: duckdb.DuckDBPyConnection, document_id: str) -> dict[str, Any]:
    found = rows(
        con, "select * from marts.dim_source_document where document_id = ?", [document_id]
    )
    if not found:
        raise TraceError(f"document {document_id} is not in marts.dim_source_document")
    return found[0]


def loaded_lines(
    con: duckdb.DuckDBPyConnection, document_id: str, first: int, last: int | None = None
) -> str | None:
    """Lines `first`..`last` of a report as they were loaded (landing.report_lines),
    joined by newlines; None when the warehouse file does not hold every one of them."""
    if not has_table(con, "landing", "report_lines"):
        return None
    last = last or first
    found = rows(
        con,
        "select line_text from landing.report_lines where document_id = ? "
        "and line_number between ? and ? order by line_number",
        [document_id, first, last],
    )
    if len(found) != last - first + 1:
        return None
    return "\n".join(r["line_text"] for r in found)


def landing_row(
    con: duckdb.DuckDBPyConnection, table: str, where: dict[str, Any]
) -> dict[str, Any] | None:
    """The first row of `landing.<table>` matching every column of `where` (NULL matches NULL)."""
    if not has_table(con, "landing", table):
        return None
    condition = " and ".join(f"{column} is not distinct from ?" for column in where)
    found = rows(con, f"select * from landing.{table} where {condition} limit 1", [*where.values()])
    return found[0] if found else None
