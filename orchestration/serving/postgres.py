"""The PostgreSQL server's side of a server edition: connection, COPY, grants, the swap.

A server edition is built into a fresh schema set (`landing_next`, `marts_next`,
`bi_next`, …; `server_edition.py` runs dbt there) while BI users keep reading the
published `marts` and `bi`. Only when the new set is complete and checked does one
transaction rename the published schemas away and the new ones into place: a query
sees the old edition or the new one, never a mix, and a build that fails leaves the
published schemas as they were (its `_next` schemas stay for inspection until the next
refresh).

Rows travel by `COPY`, never row by row. The connection is a libpq DSN or the
standard `PG*` variables; a password comes from `PGPASSWORD` or `~/.pgpass`,
never from a file under version control.

One module of some 350 lines: the copy, the grants and the swap share one connection,
its advisory lock and its transactions, which splitting would hand around.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import psycopg2
from psycopg2 import sql
from psycopg2.extensions import connection as Connection
from psycopg2.extensions import parse_dsn

# Every schema of an edition, in the order they are published; BI users read the last two.
EDITION_SCHEMAS = ("landing", "seeds", "staging", "intermediate", "audit", "marts", "bi")
BI_SCHEMAS = ("marts", "bi")
NEXT = "_next"  # the edition being built
OLD = "_old"  # the edition just replaced, dropped once its readers are done
# One refresh per server database at a time, whichever machine runs it.
ADVISORY_LOCK = 0x5A4D5752  # "ZMWR"

_PG_TYPES = {
    "VARCHAR": "text",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "SMALLINT": "smallint",
    "TINYINT": "smallint",
    "HUGEINT": "numeric",
    "DOUBLE": "double precision",
    "FLOAT": "real",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "JSON": "jsonb",
    "UUID": "uuid",
}

_LIBPQ_ENV = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "dbname": "PGDATABASE",
    "password": "PGPASSWORD",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "passfile": "PGPASSFILE",
    "application_name": "PGAPPNAME",
}


class ServerPublishFailed(Exception):
    """The server edition was not published; the published schemas are as they were."""


@dataclass(frozen=True, slots=True)
class ServerTarget:
    """Where the server edition goes: a libpq DSN (empty: the `PG*` variables decide)."""

    dsn: str = ""
    reader_role: str = "warehouse_bi"

    @classmethod
    def from_env(cls, dsn: str | None = None) -> ServerTarget:
        return cls(
            dsn=dsn if dsn is not None else os.environ.get("WAREHOUSE_PG_DSN", ""),
            reader_role=os.environ.get("WAREHOUSE_PG_READER_ROLE", "warehouse_bi"),
        )

    def connect(self) -> Connection:
        return psycopg2.connect(self.dsn, application_name="warehouse")

    def libpq_env(self) -> dict[str, str]:
        """The DSN as `PG*` variables, for a child process such as dbt (password included)."""
        parts = parse_dsn(self.dsn) if self.dsn else {}
        return {_LIBPQ_ENV[k]: v for k, v in parts.items() if k in _LIBPQ_ENV}

    def describe(self) -> str:
        """The server as a user may see it printed: no password."""
        env = {**{v: os.environ[v] for v in _LIBPQ_ENV.values() if v in os.environ}}
        env |= self.libpq_env()
        host = env.get("PGHOST", "localhost")
        return f"postgresql://{env.get('PGUSER', '')}@{host}:{env.get('PGPORT', '5432')}/" + (
            env.get("PGDATABASE", env.get("PGUSER", ""))
        )


def _ident(*parts: str) -> sql.Composed:
    return sql.SQL(".").join(sql.Identifier(p) for p in parts)


def _pg_type(duck_type: str) -> str:
    if duck_type.startswith("DECIMAL"):
        return duck_type.replace("DECIMAL", "numeric")
    if duck_type.endswith("[]"):
        return _pg_type(duck_type[:-2]) + "[]"
    try:
        return _PG_TYPES[duck_type]
    except KeyError:
        raise ServerPublishFailed(f"no PostgreSQL type for DuckDB's {duck_type}") from None


def existing_schemas(con: Connection) -> set[str]:
    with con.cursor() as cur:
        cur.execute("select nspname from pg_namespace")
        return {r[0] for r in cur.fetchall()}


def drop_schemas(con: Connection, schemas: Iterable[str]) -> None:
    present = existing_schemas(con)
    with con, con.cursor() as cur:
        for schema in schemas:
            if schema in present:
                cur.execute(sql.SQL("drop schema {} cascade").format(sql.Identifier(schema)))


def copy_duckdb_schema(
    con: Connection, duck: duckdb.DuckDBPyConnection, schema: str, into: str
) -> dict[str, int]:
    """Create every table and view of a DuckDB schema as a table of `into`, rows by COPY.

    Column types are mapped, descriptions (comments) kept. Returns rows per table.
    """
    tables = duck.execute(
        "select table_name, comment from duckdb_tables() where schema_name = ? "
        "union all select view_name, comment from duckdb_views() "
        "where schema_name = ? and not internal order by 1",
        [schema, schema],
    ).fetchall()
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="warehouse-copy-") as scratch:
        for table, comment in tables:
            columns = duck.execute(
                "select column_name, data_type, comment from duckdb_columns() "
                "where schema_name = ? and table_name = ? order by column_index",
                [schema, table],
            ).fetchall()
            csv = Path(scratch) / f"{table}.csv"
            duck.execute(
                f"copy (select * from {schema}.\"{table}\") to '{csv}' (format csv, header false)"
            )
            target = _ident(into, table)
            with con.cursor() as cur:
                cur.execute(
                    sql.SQL("create table {} ({})").format(
                        target,
                        sql.SQL(", ").join(
                            sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(_pg_type(t)))
                            for c, t, _ in columns
                        ),
                    )
                )
                with csv.open("rb") as rows:
                    cur.copy_expert(
                        sql.SQL("copy {} from stdin with (format csv)")
                        .format(target)
                        .as_string(cur),
                        rows,
                    )
                counts[table] = cur.rowcount
                if comment:
                    cur.execute(
                        sql.SQL("comment on table {} is {}").format(target, sql.Literal(comment))
                    )
                for column, _, note in columns:
                    if note:
                        cur.execute(
                            sql.SQL("comment on column {} is {}").format(
                                _ident(into, table, column), sql.Literal(note)
                            )
                        )
    return counts


@contextmanager
def exclusive(target: ServerTarget) -> Iterator[Connection]:
    """A session holding the server's refresh lock for as long as the build lasts."""
    con = target.connect()
    try:
        with con.cursor() as cur:
            cur.execute("select pg_try_advisory_lock(%s)", [ADVISORY_LOCK])
            if not cur.fetchone()[0]:
                raise ServerPublishFailed(
                    f"another refresh is publishing to {target.describe()}; wait for it to finish"
                )
        con.commit()
        yield con
    finally:
        con.close()


def grant_readers(con: Connection, reader_role: str, schemas: Iterable[str]) -> None:
    """USAGE and SELECT on the schemas BI reads, nothing else (the role must exist)."""
    with con.cursor() as cur:
        cur.execute("select 1 from pg_roles where rolname = %s", [reader_role])
        if cur.fetchone() is None:
            raise ServerPublishFailed(
                f"the read-only role {reader_role!r} does not exist on the server; create it "
                "(see README, 'Serving from PostgreSQL') or set WAREHOUSE_PG_READER_ROLE"
            )
        for schema in schemas:
            role = sql.Identifier(reader_role)
            cur.execute(
                sql.SQL("grant usage on schema {} to {}").format(sql.Identifier(schema), role)
            )
            cur.execute(
                sql.SQL("grant select on all tables in schema {} to {}").format(
                    sql.Identifier(schema), role
                )
            )
    con.commit()


def _relations(con: Connection, schemas: Iterable[str]) -> list[tuple[str, str]]:
    with con.cursor() as cur:
        cur.execute(
            "select n.nspname, c.relname from pg_class as c "
            "join pg_namespace as n on n.oid = c.relnamespace "
            "where n.nspname = any(%s) and c.relkind in ('r', 'v', 'm', 'p') order by 1, 2",
            [list(schemas)],
        )
        return cur.fetchall()


def swap_in(con: Connection, schemas: Iterable[str], patience: float = 120.0) -> None:
    """Rename each published schema to `_old` and its `_next` into place: one transaction.

    Renaming changes no table: views keep the tables they were built on, grants stay.
    But a query names its tables one after another, and a rename committed between
    two of them would mix editions. So the swap first locks every published relation:
    it waits for the queries running now to end and holds new ones back for the few
    milliseconds the renames take; those then find the new edition. The lock is tried
    for at most 300 ms at a time (less than PostgreSQL's deadlock timeout, so a reader
    is never the one a deadlock aborts) and again until `patience` runs out.
    """
    schemas = list(schemas)
    present = existing_schemas(con)
    missing = [s + NEXT for s in schemas if s + NEXT not in present]
    if missing:
        raise ServerPublishFailed(f"the new edition lacks schema(s) {', '.join(missing)}")
    deadline = time.monotonic() + patience
    while True:
        relations = _relations(con, [s for s in schemas if s in present])
        con.commit()
        try:
            with con, con.cursor() as cur:
                cur.execute("set local statement_timeout = '300ms'")
                if relations:
                    cur.execute(
                        sql.SQL("lock table {} in access exclusive mode").format(
                            sql.SQL(", ").join(_ident(n, r) for n, r in relations)
                        )
                    )
                cur.execute("set local statement_timeout = 0")
                for schema in schemas:
                    if schema in present:
                        cur.execute(
                            sql.SQL("alter schema {} rename to {}").format(
                                sql.Identifier(schema), sql.Identifier(schema + OLD)
                            )
                        )
                    cur.execute(
                        sql.SQL("alter schema {} rename to {}").format(
                            sql.Identifier(schema + NEXT), sql.Identifier(schema)
                        )
                    )
            return
        except (
            psycopg2.errors.QueryCanceled,
            psycopg2.errors.LockNotAvailable,
            psycopg2.errors.DeadlockDetected,
        ) as busy:
            if time.monotonic() > deadline:
                raise ServerPublishFailed(
                    f"readers held the published schemas for {patience:.0f} s; the new edition "
                    f"waits in the {NEXT} schemas and nothing was published"
                ) from busy
            time.sleep(0.1 + random.random() * 0.2)


def drop_replaced(con: Connection, schemas: Iterable[str]) -> list[str]:
    """Drop the replaced edition once no reader holds it; a busy one waits for the next refresh."""
    left: list[str] = []
    for schema in schemas:
        try:
            with con, con.cursor() as cur:
                cur.execute("set local lock_timeout = '10s'")
                cur.execute(
                    sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(schema + OLD))
                )
        except psycopg2.errors.LockNotAvailable:
            left.append(schema + OLD)
    return left


def published_row_counts(con: Connection, schema: str = "marts") -> dict[str, int]:
    with con.cursor() as cur:
        cur.execute(
            "select table_name from information_schema.tables where table_schema = %s "
            "order by table_name",
            [schema],
        )
        tables = [r[0] for r in cur.fetchall()]
        counts = {}
        for table in tables:
            cur.execute(sql.SQL("select count(*) from {}").format(_ident(schema, table)))
            counts[table] = cur.fetchone()[0]
    con.commit()
    return counts


@dataclass
class ServerEdition:
    server: str
    mart_rows: dict[str, int]
    left_behind: list[str]


def create_roles(
    admin: Connection, database: str, writer: str = "warehouse_writer", reader: str = "warehouse_bi"
) -> None:
    """What a DBA runs once (as a superuser or the database's owner): the two roles.

    The writer may create schemas in the database (each refresh creates its
    `_next` set and owns it); the reader may connect, and each publication grants
    it USAGE and SELECT on `marts` and `bi` only. Passwords are set by the DBA
    (`\\password`), never by this project.
    """
    with admin.cursor() as cur:
        for role in (writer, reader):
            cur.execute("select 1 from pg_roles where rolname = %s", [role])
            if cur.fetchone() is None:
                cur.execute(sql.SQL("create role {} login").format(sql.Identifier(role)))
        db = sql.Identifier(database)
        cur.execute(
            sql.SQL("grant connect, create on database {} to {}").format(db, sql.Identifier(writer))
        )
        cur.execute(
            sql.SQL("grant connect on database {} to {}").format(db, sql.Identifier(reader))
        )
        cur.execute(sql.SQL("revoke create on database {} from public").format(db))
        cur.execute(
            sql.SQL("alter role {} set default_transaction_read_only = on").format(
                sql.Identifier(reader)
            )
        )
    admin.commit()
