"""The PostgreSQL serving target against a real server: parity, atomic swap, roles.

One server edition of the seed (session-shared published DuckDB file) serves the
parity and role tests; the swap tests publish two more editions. Reader loops are
bounded in count and time.
"""

from __future__ import annotations

import math
import shutil
import threading
import time
from pathlib import Path

import duckdb
import psycopg2
import pytest

from orchestration.serving.postgres import ServerPublishFailed, publish_to_server
from tests.integration.postgres_server import READER, Server, postgres_server
from tests.integration.seed_warehouse import published_seed

pytestmark = pytest.mark.integration

FLOAT_TOLERANCE = 1e-9  # relative; doubles travel as their shortest exact text


@pytest.fixture(scope="module")
def server() -> Server:
    return postgres_server()


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return published_seed(tmp_path_factory).settings.published_path


@pytest.fixture(scope="module")
def seed_on_server(server: Server, seed_file: Path) -> Server:
    publish_to_server(server.writer, seed_file)
    return server


def _sort_key(row: tuple) -> tuple:
    return tuple(
        (v is None, round(v, 6) if isinstance(v, float) else v if v is not None else 0) for v in row
    )


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=FLOAT_TOLERANCE, abs_tol=FLOAT_TOLERANCE)
    return a == b


def _duckdb_tables(path: Path, schema: str) -> dict[str, tuple[list[str], list[tuple]]]:
    with duckdb.connect(str(path), read_only=True) as con:
        names = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = ? "
                "order by 1",
                [schema],
            ).fetchall()
        ]
        out = {}
        for name in names:
            cursor = con.execute(f'select * from {schema}."{name}"')
            out[name] = ([d[0] for d in cursor.description], cursor.fetchall())
        return out


def _server_tables(
    con: psycopg2.extensions.connection, schema: str
) -> dict[str, tuple[list[str], list[tuple]]]:
    with con.cursor() as cur:
        cur.execute(
            "select table_name from information_schema.tables where table_schema = %s order by 1",
            [schema],
        )
        names = [r[0] for r in cur.fetchall()]
        out = {}
        for name in names:
            cur.execute(f'select * from {schema}."{name}"')
            out[name] = ([d[0] for d in cur.description], cur.fetchall())
    con.commit()
    return out


@pytest.mark.parametrize("schema", ["marts", "bi"])
def test_every_mart_and_bi_view_on_the_server_equals_the_duckdb_file_row_for_row(
    seed_on_server: Server, seed_file: Path, schema: str
) -> None:
    local = _duckdb_tables(seed_file, schema)
    con = seed_on_server.connect(READER)
    remote = _server_tables(con, schema)
    con.close()
    assert sorted(remote) == sorted(local)
    for table, (columns, rows) in local.items():
        remote_columns, remote_rows = remote[table]
        assert remote_columns == columns, table
        assert len(remote_rows) == len(rows), table
        for mine, theirs in zip(
            sorted(rows, key=_sort_key), sorted(remote_rows, key=_sort_key), strict=True
        ):
            assert all(_same(a, b) for a, b in zip(mine, theirs, strict=True)), (
                f"{schema}.{table}: {mine} != {theirs}"
            )


def test_the_bi_role_reads_marts_and_bi_and_nothing_else(seed_on_server: Server) -> None:
    con = seed_on_server.connect(READER)
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute("select count(*) from marts.dim_project")
        assert cur.fetchone()[0] > 0
        cur.execute("select count(*) from bi.project_status")
        assert cur.fetchone()[0] > 0
        denied = [
            "select count(*) from landing.report_lines",
            "create table marts.mine (x integer)",
            "create view bi.mine as select 1 as x",
            "create schema mine",
            "delete from marts.dim_project",
            "drop table marts.dim_project",
        ]
        for statement in denied:
            with pytest.raises(
                (psycopg2.errors.InsufficientPrivilege, psycopg2.errors.ReadOnlySqlTransaction)
            ):
                cur.execute(statement)
    con.close()


# Counts that change between the two editions: a reader must see all of one or all of the other.
_EDITION_QUERY = """
    select
        (select count(*) from marts.fct_reported_figure),
        (select sum(line_number) from marts.fct_reported_figure),
        (select count(*) from bi.reported_figures)
"""


def _edition(server: Server) -> tuple:
    con = server.connect(READER)
    with con.cursor() as cur:
        cur.execute(_EDITION_QUERY)
        seen = cur.fetchone()
    con.close()
    return seen


class _Reader(threading.Thread):
    """Queries the published edition in a loop (bounded) until told to stop."""

    def __init__(self, server: Server) -> None:
        super().__init__(daemon=True)
        self.server, self.seen, self.errors = server, [], []
        self.stop = threading.Event()

    def run(self) -> None:
        con = self.server.connect(READER)
        con.autocommit = True
        deadline = time.monotonic() + 120
        with con.cursor() as cur:
            while (
                not self.stop.is_set() and time.monotonic() < deadline and len(self.seen) < 50_000
            ):
                try:
                    cur.execute(_EDITION_QUERY)
                    self.seen.append(cur.fetchone())
                except psycopg2.Error as error:
                    self.errors.append(str(error))
        con.close()


def _smaller_edition(seed_file: Path, folder: Path) -> Path:
    """The seed with fewer figures and source lines: an edition one can tell apart."""
    copy = folder / "smaller.duckdb"
    shutil.copyfile(seed_file, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("delete from landing.report_lines where line_number % 2 = 0")
        con.execute("delete from marts.fct_reported_figure where line_number % 2 = 0")
    return copy


def test_readers_during_a_swap_see_the_old_edition_or_the_new_one_never_a_mix(
    seed_on_server: Server, seed_file: Path, tmp_path: Path
) -> None:
    old = _edition(seed_on_server)
    reader = _Reader(seed_on_server)
    reader.start()
    try:
        publish_to_server(seed_on_server.writer, _smaller_edition(seed_file, tmp_path))
        new = _edition(seed_on_server)
        time.sleep(0.2)
    finally:
        reader.stop.set()
        reader.join(timeout=30)
        publish_to_server(seed_on_server.writer, seed_file)  # the seed again, for other tests
    assert new != old and new[0] < old[0]
    assert reader.errors == []
    assert set(reader.seen) <= {old, new}
    assert new in reader.seen


def test_a_failed_server_build_leaves_the_published_schemas_untouched(
    seed_on_server: Server, seed_file: Path, tmp_path: Path
) -> None:
    before = _edition(seed_on_server)
    broken = _smaller_edition(seed_file, tmp_path)
    with duckdb.connect(str(broken)) as con:
        con.execute("drop schema bi cascade")  # a build that stopped before its views
    reader = _Reader(seed_on_server)
    reader.start()
    try:
        with pytest.raises(ServerPublishFailed, match="schema bi"):
            publish_to_server(seed_on_server.writer, broken)
    finally:
        reader.stop.set()
        reader.join(timeout=30)
    assert _edition(seed_on_server) == before
    assert reader.errors == [] and set(reader.seen) == {before}
