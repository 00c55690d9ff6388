"""What a refresh of the seed runs to land it: one Dagster run per report year, one for an
indicator file however many quarters it holds values in, one for the build."""

from __future__ import annotations

import pytest
from refreshing import Published

pytestmark = pytest.mark.integration


def test_a_file_with_values_in_several_quarters_is_landed_by_one_run(seed: Published) -> None:
    summary, progress = seed.summary, seed.progress
    landing = [line for line in progress if line.startswith("landing ")]
    covered = [line for line in progress if ": landed with sources/indicators/" in line]
    assert [line.split(":")[0] for line in landing] == ["landing 2023", "landing 2014-Q4"]
    assert [line.split(":")[0] for line in covered] == [f"{y}-Q4" for y in range(2015, 2021)]
    assert summary.quarters == [f"{y}-Q4" for y in range(2014, 2021)]
    assert summary.landed == ["2023", *summary.quarters]
    assert len(summary.run_ids) == 3  # the report year, the indicator file, the build
