"""The warehouse file: reading a published (or built) DuckDB file read-only.

Small helpers every reader shares — rows of a query, whether a table exists, the
documents an edition was built from — so that the status, the trace, the export, the
annual page and the sensor read the file one way.

May import: `orchestration.settings`. Nothing of Dagster, dbt or GX.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb


def rows(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> list[dict[str, Any]]:
    """The rows of a query as dicts keyed by column name."""
    cursor = con.execute(sql, params or [])
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    """Whether a table or view exists (older editions lack newer marts)."""
    found = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchone()
    return bool(found and found[0])


def query_rows(
    path: Path, sql: str, params: list[Any] | None = None
) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of one query on a file opened read-only."""
    with duckdb.connect(str(path), read_only=True) as con:
        cursor = con.execute(sql, params or [])
        return [d[0] for d in cursor.description], [list(r) for r in cursor.fetchall()]


def published_document_ids(path: Path) -> set[str]:
    """The current documents of a published file (none when there is no readable file)."""
    if not path.exists():
        return set()
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            found = con.execute(
                "select document_id from marts.dim_source_document "
                "where document_status = 'current'"
            ).fetchall()
    except duckdb.Error:
        return set()
    return {r[0] for r in found}
