"""Every mart's rows of a published file, for comparing two loads of the same report."""

from __future__ import annotations

from pathlib import Path

import duckdb

# Columns that describe the file rather than the report: they may differ between
# byte-different copies (another encoding, a .docx) of the same report.
FILE_COLUMNS = {
    "document_id", "source_path", "byte_size", "encoding", "loaded_at", "load_run_id",
    "line_kind_counts",
}  # fmt: skip


def mart_rows(published: Path) -> dict[str, list[tuple]]:
    """Rows of every mart (check results aside), without the file-describing columns."""
    tables: dict[str, list[tuple]] = {}
    with duckdb.connect(str(published), read_only=True) as con:
        names = con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' "
            "and table_name <> 'fct_check_result' order by 1"
        ).fetchall()
        for (table,) in names:
            columns = [
                r[0]
                for r in con.execute(
                    "select column_name from information_schema.columns where table_schema = "
                    "'marts' and table_name = ? order by ordinal_position",
                    [table],
                ).fetchall()
                if r[0] not in FILE_COLUMNS
            ]
            select = ", ".join(f'"{c}"' for c in columns)
            tables[table] = con.execute(
                f"select {select} from marts.{table} order by all"
            ).fetchall()
    return tables
