"""The server edition: the same dbt project built on PostgreSQL, checked like the file, swapped in.

A checked DuckDB edition carries its landing rows (schema `landing`). They travel to the
server by `COPY` into `landing_next`; there `dbt build --target postgres` builds every
model into `<schema>_next` (generate_schema_name) while BI users keep reading the
published `marts` and `bi`. The build is checked as the file's build is, in the same
two steps: dbt's tests with the models, then the mart suites of `expectations/` (run on
the server's rows), then the check-result models, which record every outcome of this
build in `marts_next.fct_check_result`. Only a build whose every error-level check
passed is swapped in (`postgres.swap_in`, one transaction); a failed one leaves the
published schemas as they were and its `_next` schemas for inspection.

May import: `orchestration.serving`, `orchestration.quality`, `orchestration.dbt_profiles`,
`orchestration.settings`, DuckDB and the server's client library. Never Dagster.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import psycopg2
import pyarrow.csv as pa_csv
from psycopg2 import sql
from psycopg2.extensions import connection as Connection

from orchestration.dbt_profiles import write_server_profile
from orchestration.quality.checks import check_mart_suites
from orchestration.quality.dbt_results import dbt_test_outcomes
from orchestration.quality.outcome_store import CHECK_OUTCOMES, TABLE, checks_version
from orchestration.quality.outcome_store import outcomes_table as outcome_rows
from orchestration.quality.outcomes import CheckOutcome
from orchestration.serving.postgres import (
    BI_SCHEMAS,
    EDITION_SCHEMAS,
    NEXT,
    OLD,
    ServerEdition,
    ServerPublishFailed,
    ServerTarget,
    copy_duckdb_schema,
    drop_replaced,
    drop_schemas,
    exclusive,
    existing_schemas,
    grant_readers,
    published_row_counts,
    swap_in,
)
from orchestration.serving.server_snapshot import snapshot_schemas
from orchestration.settings import Settings

# dbt as the refresh starts it: ended with its parent (orchestration/writers.py).
DBT = str(Path(sys.executable).with_name("warehouse-dbt"))
# The server build also runs dbt's unit tests: they check the SQL as this target runs it.
# They check no data, so, as in the file's refresh (which leaves them to the project's
# tests), they are not recorded among the edition's checks.
BUILD = ["build"]
SERVER_TARGET_FOLDER = "dbt_target_postgres"


def _ident(*parts: str) -> sql.Composed:
    return sql.SQL(".").join(sql.Identifier(p) for p in parts)


def load_landing(con: Connection, duckdb_path: Path, run_id: str) -> dict[str, int]:
    """The landing rows of a checked DuckDB edition into `landing_next`, by COPY.

    Of the file's check outcomes only the landing checks' travel (they judged the
    documents, which are the same): the server build records its own dbt tests and
    mart suites, under `run_id`.
    """
    with duckdb.connect(str(duckdb_path), read_only=True) as duck:
        tables = duck.execute(
            "select count(*) from duckdb_tables() where schema_name = 'landing'"
        ).fetchone()[0]
        if not tables:
            raise ServerPublishFailed(
                f"{duckdb_path} has no landing rows: an incomplete build is never published"
            )
        with con, con.cursor() as cur:
            cur.execute(sql.SQL("create schema {}").format(sql.Identifier("landing" + NEXT)))
        counts = copy_duckdb_schema(con, duck, "landing", "landing" + NEXT)
    with con, con.cursor() as cur:
        outcomes = _ident("landing" + NEXT, TABLE)
        cur.execute(sql.SQL("delete from {} where layer != 'landing'").format(outcomes))
        cur.execute(sql.SQL("update {} set run_id = %s").format(outcomes), [run_id])
        counts[TABLE] = _count(cur, outcomes)
    return counts


def _count(cur, relation: sql.Composed) -> int:
    cur.execute(sql.SQL("select count(*) from {}").format(relation))
    return cur.fetchone()[0]


def append_outcomes(con: Connection, outcomes: list[CheckOutcome], run_id: str) -> None:
    """Record checks run on the server build in `landing_next.check_outcomes`, by COPY."""
    rows = outcome_rows(outcomes, run_id, datetime.now(UTC), checks_version())
    with tempfile.TemporaryDirectory(prefix="warehouse-outcomes-") as scratch:
        csv = Path(scratch) / "outcomes.csv"
        pa_csv.write_csv(rows, csv, pa_csv.WriteOptions(include_header=False))
        columns = sql.SQL(", ").join(sql.Identifier(f.name) for f in CHECK_OUTCOMES)
        with con, con.cursor() as cur, csv.open("rb") as data:
            cur.copy_expert(
                sql.SQL("copy {} ({}) from stdin with (format csv)")
                .format(_ident("landing" + NEXT, TABLE), columns)
                .as_string(cur),
                data,
            )


def run_dbt(
    target: ServerTarget, settings: Settings, args: list[str], log: Path
) -> tuple[bool, list[CheckOutcome], list[CheckOutcome]]:
    """`dbt <args>` against the server: whether it succeeded, its data tests as outcomes
    (what the edition records) and its unit tests'.

    The connection reaches dbt as libpq's variables in its environment alone (the
    profile reads them with env_var), so no password is written anywhere.
    """
    target_path = settings.warehouse_dir / SERVER_TARGET_FOLDER
    command = [
        DBT,
        *args,
        "--project-dir",
        str(settings.dbt_project_dir),
        "--profiles-dir",
        str(write_server_profile(settings)),
        "--target-path",
        str(target_path),
        "--log-path",
        str(log.parent),
    ]
    environment = {**os.environ, **target.libpq_env(), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as out:
        done = subprocess.run(command, env=environment, stdout=out, stderr=subprocess.STDOUT)
    try:
        run_results = json.loads((target_path / "run_results.json").read_text())
        manifest = json.loads((target_path / "manifest.json").read_text())
    except (OSError, ValueError):
        return False, [], []
    results = run_results.get("results", [])
    data, unit = (
        {**run_results, "results": [r for r in results if r["unique_id"].startswith(kind)]}
        for kind in ("test.", "unit_test.")
    )
    return (
        done.returncode == 0,
        dbt_test_outcomes(data, manifest),
        dbt_test_outcomes(unit, manifest),
    )


def check_server_marts(con: Connection) -> list[CheckOutcome]:
    """The mart suites on the server build, against the published server edition."""
    present = existing_schemas(con)
    with tempfile.TemporaryDirectory(prefix="warehouse-server-marts-") as scratch:
        build, published = Path(scratch) / "build.duckdb", Path(scratch) / "published.duckdb"
        snapshot_schemas(
            con, {"marts": "marts" + NEXT, "intermediate": "intermediate" + NEXT}, build
        )
        if "marts" in present:
            snapshot_schemas(con, {"marts": "marts"}, published)
        by_suite = check_mart_suites(build, published)
    return [o for suite in by_suite.values() for o in suite]


def _stop(step: str, outcomes: list[CheckOutcome], log: Path) -> ServerPublishFailed:
    blocking = "\n\n".join(o.explain(5) for o in outcomes if o.blocks)
    return ServerPublishFailed(
        f"{step} failed on the server build (see {log}):\n{blocking or 'no test ran'}\n"
        "The published schemas are unchanged"
    )


def publish_to_server(
    target: ServerTarget,
    settings: Settings,
    duckdb_path: Path | None = None,
    progress: Callable[[str], None] = lambda _: None,
    run_id: str | None = None,
) -> ServerEdition:
    """Build, check and publish the server edition from a checked DuckDB edition's landing.

    `duckdb_path` defaults to the published file. Raises ServerPublishFailed; then the
    published schemas are as they were.
    """
    duckdb_path = duckdb_path or settings.published_path
    if not duckdb_path.exists():
        raise ServerPublishFailed(f"{duckdb_path} does not exist: refresh the warehouse first")
    run_id = run_id or f"server-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}"
    log = settings.warehouse_dir / "logs" / "server_refresh.log"
    log.unlink(missing_ok=True)
    try:
        with exclusive(target) as con:
            drop_schemas(con, [s + suffix for s in EDITION_SCHEMAS for suffix in (NEXT, OLD)])
            progress(f"  ▸ COPY landing into landing{NEXT}")
            load_landing(con, duckdb_path, run_id)
            progress("  ▸ dbt build on the server: seeds, models and their tests")
            ok, tests, units = run_dbt(target, settings, BUILD, log)
            append_outcomes(con, tests, run_id)
            if not ok:
                raise _stop("dbt build", tests + units, log)
            progress("  ▸ checks on the server's marts (expectations)")
            suites = check_server_marts(con)
            append_outcomes(con, suites, run_id)
            if any(o.blocks for o in suites):
                raise _stop("the mart suites", suites, log)
            with con, con.cursor() as cur:  # a build that stored no failing rows has no audit
                for schema in EDITION_SCHEMAS:
                    cur.execute(
                        sql.SQL("create schema if not exists {}").format(
                            sql.Identifier(schema + NEXT)
                        )
                    )
            grant_readers(con, target.reader_role, [s + NEXT for s in BI_SCHEMAS])
            swap_in(con, EDITION_SCHEMAS)
            progress(f"  ✓ published {', '.join(BI_SCHEMAS)} on {target.describe()}")
            left = drop_replaced(con, EDITION_SCHEMAS)
            return ServerEdition(target.describe(), published_row_counts(con), left)
    except psycopg2.Error as error:
        raise ServerPublishFailed(
            f"{target.describe()}: {str(error).strip()}; the published schemas are unchanged"
        ) from error
