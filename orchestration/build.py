"""Build a new warehouse file and publish it atomically.

Readers (BI tools) keep the published file open; DuckDB lets one process write
a file and blocks writers while another process reads it. So a refresh never
touches the published file: it builds `build/next.duckdb`, and publishing is a
rename, which readers that already opened the old file do not notice.

The file is created in the storage format of DuckDB 1.1 (`STORAGE_VERSION`), not
DuckDB 2.0's own: the DuckDB inside BI tools (DBeaver, Metabase, Superset, ODBC) is
a 1.x release, and 1.x cannot open a 2.0 file at all. DuckDB keeps writing a file in
the format it was created in, so dbt, which opens the build file afterwards, keeps it.

May import: `orchestration.ingest` (the landing's schemas) and DuckDB. Never Dagster.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import duckdb
import pyarrow as pa

from orchestration.ingest.landing import landing_path
from orchestration.ingest.landing_schema import LANDING_TABLES, REPORT_DOCUMENTS

# The oldest storage format that keeps everything the warehouse holds: tables, views,
# comments on them and their columns, its types, and the primary keys of the enforced
# contracts. That is storage version 64 as DuckDB 1.1 writes it: DuckDB 1.0 and 0.10
# read version 64 too but not the primary keys' indexes in it, and 'v1.2.0' (65) and
# later would lock DuckDB 1.1 out for nothing the warehouse uses (their gains are mostly
# in compression). dbt_project/profiles.yml names the same version for files dbt creates.
STORAGE_VERSION = "v1.1.0"


def start_build(build_path: Path) -> None:
    """Remove what a previous, failed refresh left behind; create the build file empty,
    in the storage format BI tools' DuckDB reads, so that publication stays a rename."""
    build_path.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (build_path, build_path.with_name(build_path.name + ".wal")):
        leftover.unlink(missing_ok=True)
    duckdb.connect(
        str(build_path), config={"storage_compatibility_version": STORAGE_VERSION}
    ).close()


def load_landing_tables(
    build_path: Path,
    lake_dir: Path,
    document_ids: Iterable[str],
    tables: Mapping[str, pa.Schema] = LANDING_TABLES,
) -> dict[str, int]:
    """Copy the landed Parquet of these documents into schema `landing` of the build.

    Returns rows per table. The published file thus carries its own landing
    rows, so an auditor can trace a mart row to its source line without the lake.
    Without documents a table is created empty, with its columns (dbt reads it all the same).
    """
    ids = sorted(set(document_ids))
    counts: dict[str, int] = {}
    with duckdb.connect(str(build_path)) as con:
        con.execute("create schema if not exists landing")
        for table, schema in tables.items():
            files = [str(landing_path(lake_dir, table, doc_id)) for doc_id in ids]
            missing = [f for f in files if not os.path.exists(f)]
            if missing:
                raise FileNotFoundError(f"landing file missing: {missing[0]}")
            con.execute(f"drop table if exists landing.{table}")
            if files:
                con.execute(
                    f"create table landing.{table} as "
                    "select * from read_parquet(?, union_by_name = true)",
                    [files],
                )
            else:
                con.register("empty_landing", schema.empty_table())
                con.execute(f"create table landing.{table} as select * from empty_landing")
                con.unregister("empty_landing")
            counts[table] = con.execute(f"select count(*) from landing.{table}").fetchone()[0]
    return counts


def mart_row_counts(path: Path, schema: str = "marts") -> dict[str, int]:
    """Rows per table of a schema, read-only (safe on the published file)."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = ? order by table_name",
                [schema],
            ).fetchall()
        ]
        return {
            t: con.execute(f'select count(*) from {schema}."{t}"').fetchone()[0] for t in tables
        }


def publish(build_path: Path, published_path: Path) -> None:
    """Checkpoint the build and rename it over the published file (atomic on POSIX)."""
    with duckdb.connect(str(build_path)) as con:
        con.execute("checkpoint")
    wal = build_path.with_name(build_path.name + ".wal")
    if wal.exists():
        raise RuntimeError(f"{wal} still exists after a checkpoint; refusing to publish")
    published_path.parent.mkdir(parents=True, exist_ok=True)
    os.replace(build_path, published_path)


def audit_findings(build_path: Path, limit: int = 20) -> list[str]:
    """Failing rows stored by dbt tests (schema `audit`), one readable line each.

    Tests that stop a build store what failed with the file and line it came from
    and what to do about it; this turns them into the lines an analyst reads.
    """
    if not build_path.exists():
        return []
    findings: list[str] = []
    with duckdb.connect(str(build_path), read_only=True) as con:
        tables = con.execute(
            "select table_name from information_schema.tables where table_schema = 'audit' "
            "order by table_name"
        ).fetchall()
        for (table,) in tables:
            cursor = con.execute(f'select * from audit."{table}" limit {limit}')
            columns = [d[0] for d in cursor.description]
            for row in cursor.fetchall():
                record = dict(zip(columns, row, strict=True))
                where = (
                    f"{record['source_path']}:{record['line_number']}: "
                    if "source_path" in record and "line_number" in record
                    else ""
                )
                what = record.get(columns[0])
                todo = f" — {record['what_to_do']}" if record.get("what_to_do") else ""
                findings.append(f"{where}«{what}» fails {table}{todo}")
    return findings


def published_sources(path: Path) -> list[dict[str, object]]:
    """The source documents a warehouse file was built from (for edition manifests)."""
    with duckdb.connect(str(path), read_only=True) as con:
        cursor = con.execute(
            "select source_path, document_id, report_year, byte_size "
            "from marts.dim_source_document order by source_path"
        )
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def dbt_version() -> str:
    from importlib.metadata import version

    return f"dbt-core {version('dbt-core')}, dbt-duckdb {version('dbt-duckdb')}"


# The columns a document row carries: the landing's own, so the two cannot drift apart.
DOCUMENT_COLUMNS = tuple(REPORT_DOCUMENTS.names)


def carry_forward_published_documents(build_path: Path, published_path: Path) -> int:
    """Copy the published edition's document list into `landing.published_documents`.

    A corrected report replaces the old file in sources/, but the warehouse must
    remember that the old version was published: dbt marks such documents as
    superseded (or withdrawn) in `dim_source_document`. Returns the rows copied.
    """
    types = {f.name: f.type for f in REPORT_DOCUMENTS}
    duck = {
        "string": "varchar",
        "int32": "integer",
        "int64": "bigint",
        "timestamp[us]": "timestamp",
    }
    columns_sql = ", ".join(f"{c} {duck[str(types[c])]}" for c in DOCUMENT_COLUMNS)
    with duckdb.connect(str(build_path)) as con:
        con.execute("create schema if not exists landing")
        con.execute(f"create or replace table landing.published_documents ({columns_sql})")
        if not published_path.exists():
            return 0
        con.execute(f"attach '{published_path}' as published (read_only)")
        try:
            present = {
                r[0]
                for r in con.execute(
                    "select column_name from information_schema.columns where table_catalog = "
                    "'published' and table_schema = 'marts' and table_name = 'dim_source_document'"
                ).fetchall()
            }
            if present:
                select = ", ".join(c if c in present else f"null as {c}" for c in DOCUMENT_COLUMNS)
                con.execute(
                    "insert into landing.published_documents "
                    f"select {select} from published.marts.dim_source_document"
                )
        finally:
            con.execute("detach published")
        return con.execute("select count(*) from landing.published_documents").fetchone()[0]
