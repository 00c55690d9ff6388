"""A server's schemas copied into a DuckDB file: what the file's readers read on a server.

The mart suites read their frames from a DuckDB file, and so do `warehouse status`,
`trace`, `export` and `report`. With `--target postgres` they read a copy of the
server's published edition instead, made here at that moment — the same tables, column
types and descriptions — so every reader keeps one way of reading and shows the
server's rows. Copying costs about a second for the seed (every table a few thousand
rows at most).

May import: `orchestration.serving`, DuckDB, pyarrow and the server's client library.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
from psycopg2 import sql
from psycopg2.extensions import connection as Connection

from orchestration.serving.postgres import ServerPublishFailed, ServerTarget, existing_schemas

# The server's types as DuckDB reads them.
_ARROW_TYPES = {
    "text": pa.string(),
    "character varying": pa.string(),
    "integer": pa.int32(),
    "bigint": pa.int64(),
    "smallint": pa.int16(),
    "double precision": pa.float64(),
    "real": pa.float32(),
    "numeric": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "timestamp without time zone": pa.timestamp("us"),
}
# What the read commands read: the marts, the BI views, the landing rows (the trace), the
# seeds (the annual page's status labels).
PUBLISHED_SCHEMAS = ("marts", "bi", "landing", "seeds")


def _descriptions(con: Connection, schema: str) -> dict[tuple[str, str | None], str]:
    """Comments on the schema's relations (column None) and their columns."""
    with con.cursor() as cur:
        cur.execute(
            "select c.relname, a.attname, d.description from pg_description as d "
            "join pg_class as c on c.oid = d.objoid "
            "join pg_namespace as n on n.oid = c.relnamespace "
            "left join pg_attribute as a on a.attrelid = c.oid and a.attnum = d.objsubid "
            "where n.nspname = %s and d.classoid = 'pg_class'::regclass",
            [schema],
        )
        return {(table, column): text for table, column, text in cur.fetchall()}


def snapshot_schemas(con: Connection, schemas: dict[str, str], path: Path) -> None:
    """Copy server schemas into a DuckDB file (`{duckdb schema: server schema}`), with
    their column types and descriptions; views arrive as tables."""
    with duckdb.connect(str(path)) as duck, con.cursor() as cur:
        for local, remote in schemas.items():
            duck.execute(f"create schema if not exists {local}")
            cur.execute(
                "select table_name, column_name, data_type from information_schema.columns "
                "where table_schema = %s order by table_name, ordinal_position",
                [remote],
            )
            columns: dict[str, list[tuple[str, str]]] = {}
            for table, column, data_type in cur.fetchall():
                columns.setdefault(table, []).append((column, data_type))
            notes = _descriptions(con, remote)
            for table, fields in columns.items():
                cur.execute(
                    sql.SQL("select * from {}.{}").format(*map(sql.Identifier, (remote, table)))
                )
                rows = cur.fetchall()
                arrays = [
                    pa.array([row[i] for row in rows], type=_ARROW_TYPES.get(kind, pa.string()))
                    for i, (_, kind) in enumerate(fields)
                ]
                frame = pa.Table.from_arrays(arrays, names=[name for name, _ in fields])
                duck.register("snapshot", frame)
                duck.execute(f'create table {local}."{table}" as select * from snapshot')
                duck.unregister("snapshot")
                for (noted, column), text in notes.items():
                    if noted != table:
                        continue
                    target = f'{local}."{table}"' + (f'."{column}"' if column else "")
                    kind = "column" if column else "table"
                    quoted = text.replace("'", "''")
                    duck.execute(f"comment on {kind} {target} is '{quoted}'")
    con.commit()


def snapshot_published(target: ServerTarget, path: Path) -> Path:
    """The server's published edition (marts, bi, landing) as a DuckDB file at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    con = target.connect()
    try:
        missing = [s for s in PUBLISHED_SCHEMAS if s not in existing_schemas(con)]
        if missing:
            raise ServerPublishFailed(
                f"nothing is published on {target.describe()} yet (no schema "
                f"{', '.join(missing)}); run `warehouse refresh --target postgres` first"
            )
        snapshot_schemas(con, {s: s for s in PUBLISHED_SCHEMAS}, path)
    finally:
        con.close()
    return path
