"""The build file is created in the storage format the DuckDB of BI tools reads, and stays
in it while the pipeline and dbt write into it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import yaml

from orchestration.build import STORAGE_VERSION, start_build
from orchestration.settings import PROJECT_ROOT


def _storage(path: Path) -> str:
    with duckdb.connect(str(path), read_only=True) as con:
        (tags,) = con.execute(
            "select tags from duckdb_databases() where database_name = current_database()"
        ).fetchone()
    return tags["storage_version"]


def test_a_new_build_file_is_in_the_old_storage_format_and_stays_so_when_written(
    tmp_path: Path,
) -> None:
    build = tmp_path / "build" / "next.duckdb"
    build.parent.mkdir()
    build.write_bytes(b"left over by a failed refresh")
    start_build(build)
    assert _storage(build) == "v1.0.0+"  # storage version 64: DuckDB 0.10 to 1.1 write it
    with duckdb.connect(str(build)) as con:  # as dbt opens it: no storage option
        con.execute("create schema marts")
        con.execute("create table marts.t (k varchar primary key, d date)")
        con.execute("comment on column marts.t.k is 'a key'")
        con.execute(
            "insert into marts.t select i::varchar, date '2023-01-01' from range(5000) r(i)"
        )
        con.execute("checkpoint")
    assert _storage(build) == "v1.0.0+"
    with duckdb.connect() as con:  # DuckDB 2.0's own format, for contrast
        con.execute(f"attach '{tmp_path / 'new.duckdb'}' as new")
    assert _storage(tmp_path / "new.duckdb") != "v1.0.0+"


def test_dbt_creates_a_file_of_its_own_in_the_same_storage_format() -> None:
    profiles = yaml.safe_load((PROJECT_ROOT / "dbt_project" / "profiles.yml").read_text())
    outputs = profiles["strategy_warehouse"]["outputs"].values()
    duckdb_targets = [t for t in outputs if t["type"] == "duckdb"]
    assert duckdb_targets
    for target in duckdb_targets:
        assert target["config_options"]["storage_compatibility_version"] == STORAGE_VERSION
