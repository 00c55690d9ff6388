"""Configuration travels as Dagster resources and run config, never through the environment.

The suite's environment names a decoy warehouse folder (tests/conftest.py). Two refreshes
into two folders of their own, in this one process, must each write only their own
folder — and nothing may appear in the decoy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from refreshing import Published, refresh_into

from orchestration.settings import PROJECT_ROOT

pytestmark = pytest.mark.integration
SMALL_REPORT = PROJECT_ROOT / "tests/fixtures/reports/zhytomyr_report_2024_synthetic.txt"


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def _documents(published: Published) -> list[str]:
    with duckdb.connect(str(published.settings.published_path), read_only=True) as con:
        rows = con.execute("select source_path from marts.dim_source_document").fetchall()
    return sorted(r[0] for r in rows)


def test_two_refreshes_in_one_process_each_write_only_their_own_folder(
    seed: Published, tmp_path: Path, decoy_environment: Path
) -> None:
    sources = tmp_path / "sources"
    (sources / "reports" / "zhytomyr").mkdir(parents=True)
    shutil.copyfile(SMALL_REPORT, sources / "reports" / "zhytomyr" / SMALL_REPORT.name)
    seed_files = _files(seed.settings.warehouse_dir)

    other = refresh_into(tmp_path / "other", sources=sources)

    assert _documents(other) == [f"sources/reports/zhytomyr/{SMALL_REPORT.name}"]
    assert len(_documents(seed)) == 2  # the seed report and the indicator table, unchanged
    assert _files(seed.settings.warehouse_dir) == seed_files  # nothing written into the seed's
    assert any(f.startswith("editions/") for f in _files(other.settings.warehouse_dir))
    assert _files(decoy_environment) == set(), "a step wrote to the folder the environment names"
