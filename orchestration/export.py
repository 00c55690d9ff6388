"""The Parquet export: every mart and `bi` view of the published warehouse, for tools
that read files rather than DuckDB (pandas, Power BI, Excel through Power Query).

`warehouse/export/<table>.parquet` holds the marts, `warehouse/export/bi/<view>.parquet`
the labelled views, and `manifest.json` says what each file is: rows, columns with
their descriptions (the comments dbt persisted into the file), the edition and the
sha256 of every source document. Rows are written sorted, so the same warehouse
gives the same files. Only DuckDB and the standard library are imported here.

May import: `orchestration.editions`, `orchestration.settings`, DuckDB.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from orchestration.editions import edition_of
from orchestration.settings import Settings

EXPORTED_SCHEMAS = {"marts": "", "bi": "bi/"}  # schema -> folder under export/
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True, slots=True)
class ExportedColumn:
    name: str
    type: str
    description: str | None


@dataclass(frozen=True, slots=True)
class ExportedTable:
    schema: str
    table: str
    file: str  # relative to the export folder
    rows: int
    description: str | None
    columns: list[ExportedColumn]


@dataclass
class ExportManifest:
    edition: str | None
    published_at: str | None
    warehouse: str
    exported_at: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    tables: list[ExportedTable] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, default=str) + "\n"


def export_dir(settings: Settings) -> Path:
    return settings.warehouse_dir / "export"


def published_edition(settings: Settings, published: Path) -> tuple[str | None, str | None]:
    """The edition (stamp, publication time) the published file is: its hard link."""
    edition = edition_of(settings, published)
    return (edition.stamp, edition.manifest().get("published_at")) if edition else (None, None)


def exported_relations(
    con: duckdb.DuckDBPyConnection, schemas: list[str] | None = None
) -> list[tuple[str, str, str | None]]:
    """(schema, name, comment) of every table and view to export, in a stable order."""
    schemas = schemas or list(EXPORTED_SCHEMAS)
    return con.execute(
        "select schema_name, table_name, comment from duckdb_tables() "
        "where database_name = current_database() and schema_name in ? "
        "union all "
        "select schema_name, view_name, comment from duckdb_views() "
        "where database_name = current_database() and schema_name in ? and not internal "
        "order by 1 desc, 2",  # marts first
        [schemas, schemas],
    ).fetchall()


def relation_columns(
    con: duckdb.DuckDBPyConnection, schema: str, table: str
) -> list[ExportedColumn]:
    return [
        ExportedColumn(name=name, type=data_type, description=comment)
        for name, data_type, comment in con.execute(
            "select column_name, data_type, comment from duckdb_columns() "
            "where database_name = current_database() and schema_name = ? and table_name = ? "
            "order by column_index",
            [schema, table],
        ).fetchall()
    ]


def source_documents(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cursor = con.execute(
        "select source_path, document_id as sha256, document_kind, report_year, byte_size "
        "from marts.dim_source_document order by source_path, document_id"
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def export_warehouse(settings: Settings, published: Path | None = None) -> ExportManifest:
    """Write the Parquet files and the manifest; return the manifest.

    Each file is written beside its final name and renamed into place, and the
    manifest last, so a reader never opens a half-written file; files of tables
    that no longer exist are removed.
    """
    published = published or settings.published_path
    if not published.exists():
        raise FileNotFoundError(
            f"nothing is published yet ({settings.relative(published)}); "
            "run `warehouse refresh` first"
        )
    folder = export_dir(settings)
    edition, published_at = published_edition(settings, published)
    manifest = ExportManifest(
        edition=edition,
        published_at=published_at,
        warehouse=settings.relative(published),
        exported_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    written: set[Path] = set()
    with duckdb.connect(str(published), read_only=True) as con:
        manifest.sources = source_documents(con)
        for schema, table, comment in exported_relations(con):
            relative = f"{EXPORTED_SCHEMAS[schema]}{table}.parquet"
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".partial")
            con.execute(
                f"copy (select * from {schema}.\"{table}\" order by all) to '{partial}' "
                "(format parquet, compression zstd)"
            )
            os.replace(partial, target)
            written.add(target)
            rows = con.execute(f'select count(*) from {schema}."{table}"').fetchone()[0]
            manifest.tables.append(
                ExportedTable(
                    schema=schema,
                    table=table,
                    file=relative,
                    rows=rows,
                    description=comment,
                    columns=relation_columns(con, schema, table),
                )
            )
    for stale in folder.rglob("*.parquet"):
        if stale not in written:
            stale.unlink()
    partial = folder / (MANIFEST_NAME + ".partial")
    partial.write_text(manifest.to_json(), encoding="utf-8")
    os.replace(partial, folder / MANIFEST_NAME)
    return manifest


def read_manifest(settings: Settings) -> dict[str, Any] | None:
    path = export_dir(settings) / MANIFEST_NAME
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
