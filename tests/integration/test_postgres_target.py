"""The PostgreSQL target against a real server: the dbt project built there equals the
DuckDB build row for row, readers never see a half-swapped edition, a failed build
publishes nothing, the BI role reads `marts` and `bi` only, and the read commands read
the server's edition.

The session's seed (one refresh into DuckDB) gives the landing rows; the server builds
them with dbt. The tests run in file order: the swap test publishes a smaller edition
last, so the others read the seed's. Reader loops are bounded in count and time.
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
from refreshing import Published, settings_in

from orchestration.cli import main
from orchestration.serving.postgres import ServerPublishFailed
from orchestration.serving.server_edition import publish_to_server
from orchestration.settings import PROJECT_ROOT
from tests.integration.postgres_server import READER, Server, postgres_server

pytestmark = pytest.mark.integration

FLOAT_TOLERANCE = 1e-9  # relative: both build from the same doubles, in another order
# What differs between two builds by design: when and by which run they were made.
RUN_COLUMNS = {"run_id", "checked_at"}


@pytest.fixture(scope="module")
def server() -> Server:
    return postgres_server()


@pytest.fixture(scope="module")
def server_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the server builds' own files (profile, dbt target, log)."""
    return tmp_path_factory.mktemp("server-warehouse")


@pytest.fixture(scope="module")
def seed_on_server(server: Server, seed: Published, server_warehouse: Path) -> Server:
    publish_to_server(server.writer, settings_in(server_warehouse), seed.settings.published_path)
    return server


def _publish(server: Server, folder: Path, edition: Path) -> None:
    publish_to_server(server.writer, settings_in(folder), edition)


def _sort_key(row: tuple) -> tuple:
    return tuple(
        (v is None, round(v, 6) if isinstance(v, float) else v if v is not None else 0) for v in row
    )


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=FLOAT_TOLERANCE, abs_tol=FLOAT_TOLERANCE)
    return a == b


Tables = dict[str, tuple[list[str], list[tuple]]]


def _duckdb_tables(path: Path, schema: str) -> Tables:
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


def _server_tables(con: psycopg2.extensions.connection, schema: str) -> Tables:
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


def _without_run_columns(columns: list[str], rows: list[tuple]) -> list[tuple]:
    keep = [i for i, c in enumerate(columns) if c not in RUN_COLUMNS]
    return sorted((tuple(r[i] for i in keep) for r in rows), key=_sort_key)


@pytest.mark.parametrize("schema", ["marts", "bi"])
def test_every_mart_and_bi_view_built_on_the_server_equals_the_duckdb_build_row_for_row(
    seed_on_server: Server, seed: Published, schema: str
) -> None:
    local = _duckdb_tables(seed.settings.published_path, schema)
    con = seed_on_server.connect(READER)
    remote = _server_tables(con, schema)
    con.close()
    assert sorted(remote) == sorted(local)
    for table, (columns, rows) in local.items():
        remote_columns, remote_rows = remote[table]
        assert remote_columns == columns, table
        assert len(remote_rows) == len(rows), table
        mine = _without_run_columns(columns, rows)
        theirs = _without_run_columns(columns, remote_rows)
        for a, b in zip(mine, theirs, strict=True):
            assert all(_same(x, y) for x, y in zip(a, b, strict=True)), (
                f"{schema}.{table}: {a} != {b}"
            )


def test_the_server_edition_records_its_own_checks_as_the_file_does(
    seed_on_server: Server,
) -> None:
    con = seed_on_server.connect(READER)
    with con.cursor() as cur:
        cur.execute(
            "select layer, count(distinct run_id), count(*), "
            "count(*) filter (where status = 'failed' and severity = 'error') "
            "from marts.fct_check_result group by layer order by layer"
        )
        layers = {layer: (runs, checks, blocking) for layer, runs, checks, blocking in cur}
    con.close()
    assert set(layers) == {"dbt", "landing", "marts"}
    assert all(
        runs == 1 and checks > 0 and blocking == 0 for runs, checks, blocking in layers.values()
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
            "select count(*) from staging.stg_reports__entries",
            "select count(*) from intermediate.int_entries_keyed",
            "select count(*) from seeds.departments",
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


def test_status_trace_export_and_report_read_the_server_edition(
    seed_on_server: Server,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("WAREHOUSE_DIR", str(tmp_path))  # no DuckDB file here: only the server
    monkeypatch.setenv("WAREHOUSE_SOURCES_DIR", str(PROJECT_ROOT / "sources"))
    server = ["--target", "postgres", "--dsn", seed_on_server.writer.dsn]
    con = seed_on_server.connect(READER)
    with con.cursor() as cur:
        cur.execute("select count(*) from marts.fct_kpi_value")
        kpi_values = cur.fetchone()[0]
        cur.execute(
            "select figure_id, raw_text from marts.fct_reported_figure "
            "order by line_number, char_start limit 1"
        )
        figure_id, raw_text = cur.fetchone()
    con.close()

    assert main(["status", *server]) == 0
    assert f"marts.{'fct_kpi_value':<28} {kpi_values:>6}" in capsys.readouterr().out
    assert main(["trace", figure_id, "--json", *server]) == 0
    assert raw_text in capsys.readouterr().out
    assert main(["export", *server]) == 0
    with duckdb.connect() as con:
        exported = con.execute(
            f"select count(*) from '{tmp_path / 'export' / 'fct_kpi_value.parquet'}'"
        ).fetchone()
    assert exported == (kpi_values,)
    assert main(["report", *server]) == 0
    assert (tmp_path / "reports" / "annual_report.html").stat().st_size > 10_000


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
        deadline = time.monotonic() + 900
        with con.cursor() as cur:
            while (
                not self.stop.is_set() and time.monotonic() < deadline and len(self.seen) < 200_000
            ):
                try:
                    cur.execute(_EDITION_QUERY)
                    self.seen.append(cur.fetchone())
                except psycopg2.Error as error:
                    self.errors.append(str(error))
                time.sleep(0.002)
        con.close()


def _edited_seed(seed: Published, folder: Path, *edits: str) -> Path:
    """A copy of the seed's DuckDB edition whose landing rows were edited."""
    copy = folder / "edited.duckdb"
    shutil.copyfile(seed.settings.published_path, copy)
    with duckdb.connect(str(copy)) as con:
        for edit in edits:
            con.execute(edit)
    return copy


def test_a_failed_server_build_leaves_the_published_schemas_untouched(
    seed_on_server: Server, seed: Published, tmp_path: Path
) -> None:
    before = _edition(seed_on_server)
    broken = _edited_seed(  # a figure landed twice: its key is no longer unique
        seed,
        tmp_path,
        "insert into landing.report_figures select * from landing.report_figures limit 1",
    )
    reader = _Reader(seed_on_server)
    reader.start()
    try:
        with pytest.raises(ServerPublishFailed, match="dbt build failed"):
            _publish(seed_on_server, tmp_path / "warehouse", broken)
    finally:
        reader.stop.set()
        reader.join(timeout=30)
    assert _edition(seed_on_server) == before
    assert reader.errors == [] and reader.seen and set(reader.seen) == {before}


def test_readers_during_a_swap_see_the_old_edition_or_the_new_one_never_a_mix(
    seed_on_server: Server, seed: Published, tmp_path: Path
) -> None:
    old = _edition(seed_on_server)
    smaller = _edited_seed(
        seed, tmp_path, "delete from landing.report_figures where line_number % 2 = 0"
    )
    reader = _Reader(seed_on_server)
    reader.start()
    try:
        _publish(seed_on_server, tmp_path / "warehouse", smaller)
        new = _edition(seed_on_server)
        time.sleep(0.2)
    finally:
        reader.stop.set()
        reader.join(timeout=30)
    assert new != old and new[0] < old[0]
    assert reader.errors == []
    assert set(reader.seen) <= {old, new}
    assert old in reader.seen and new in reader.seen
