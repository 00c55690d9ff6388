"""The server target's configuration: chosen by options or variables, never a password printed."""

from __future__ import annotations

import pytest

from orchestration.cli import _target, build_parser
from orchestration.serving.postgres import ServerTarget


def test_a_refresh_without_options_or_variables_publishes_the_duckdb_file_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("WAREHOUSE_TARGET", raising=False)
    assert _target(build_parser().parse_args(["refresh"])) == "duckdb"


def test_the_target_comes_from_the_option_before_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WAREHOUSE_TARGET", "postgres")
    assert _target(build_parser().parse_args(["refresh"])) == "postgres"
    assert _target(build_parser().parse_args(["refresh", "--target", "duckdb"])) == "duckdb"


def test_a_dsn_reaches_dbt_as_pg_variables_and_is_described_without_its_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGPASSWORD"):
        monkeypatch.delenv(name, raising=False)
    target = ServerTarget(dsn="host=db.city port=6543 user=writer dbname=city password=s3cret")
    assert target.libpq_env() == {
        "PGHOST": "db.city",
        "PGPORT": "6543",
        "PGUSER": "writer",
        "PGDATABASE": "city",
        "PGPASSWORD": "s3cret",
    }
    assert target.describe() == "postgresql://writer@db.city:6543/city"
    assert "s3cret" not in target.describe()


def test_without_a_dsn_the_standard_pg_variables_name_the_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("WAREHOUSE_PG_DSN", raising=False)
    monkeypatch.setenv("PGHOST", "127.0.0.1")
    monkeypatch.setenv("PGUSER", "warehouse_writer")
    monkeypatch.setenv("PGDATABASE", "city")
    monkeypatch.delenv("PGPORT", raising=False)
    target = ServerTarget.from_env()
    assert target.dsn == "" and target.libpq_env() == {}
    assert target.describe() == "postgresql://warehouse_writer@127.0.0.1:5432/city"
