"""The schedules' days and the sources sensor's run requests, evaluated as the daemon does."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from orchestration.definitions import definitions_for
from orchestration.defs.resources import WarehouseFolders
from orchestration.defs.schedules import (
    annual_report_schedule,
    quarterly_indicators_schedule,
    sources_sensor,
)
from orchestration.planning import previous_quarter
from orchestration.settings import PROJECT_ROOT, Settings

KYIV = ZoneInfo("Europe/Kyiv")
REPORT = PROJECT_ROOT / "sources/reports/zhytomyr/zhytomyr_concept_2030_report_2023.txt"
INDICATORS = (
    PROJECT_ROOT / "sources/indicators/zhytomyr/zhytomyr_city_main_indicators_2014_2020.csv"
)
QUARTERLY = (
    Path(__file__).resolve().parents[1]
    / "fixtures/indicators/wide_utf8_bom_comma_quarters_unit_column.csv"
)


_settings: dict[str, Settings] = {}


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """An empty sources/ and warehouse/, the folders the definitions are bound to."""
    root = tmp_path / "sources"
    (root / "reports" / "zhytomyr").mkdir(parents=True)
    (root / "indicators" / "zhytomyr").mkdir(parents=True)
    _settings["current"] = Settings(PROJECT_ROOT, root, tmp_path / "warehouse")
    return root


def _add(sources: Path, file: Path, folder: str, name: str | None = None) -> Path:
    target = sources / folder / "zhytomyr" / (name or file.name)
    shutil.copyfile(file, target)
    return target


def _resources() -> dict[str, WarehouseFolders]:
    return {"warehouse": WarehouseFolders.of(_settings["current"])}


def _tick(cursor: str | None = None):
    context = dg.build_sensor_context(
        cursor=cursor,
        definitions=definitions_for(_settings["current"]),  # the real jobs the requests name
        resources=_resources(),
    )
    return sources_sensor.evaluate_tick(context)


def _at(moment: datetime) -> dg.ScheduleEvaluationContext:
    repository = definitions_for(_settings["current"]).get_repository_def()
    return dg.build_schedule_context(
        scheduled_execution_time=moment, repository_def=repository, resources=_resources()
    )


def _requested(tick) -> list[tuple[str, str | None]]:
    return [(r.job_name, r.partition_key) for r in tick.run_requests]


# -- schedules --------------------------------------------------------------------------


def test_the_annual_schedule_runs_on_1_march_at_6_kyiv_time() -> None:
    assert annual_report_schedule.cron_schedule == "0 6 1 3 *"
    assert annual_report_schedule.execution_timezone == "Europe/Kyiv"
    assert annual_report_schedule.job_name == "refresh_report_year"


def test_the_quarterly_schedule_runs_on_the_25th_after_each_quarter_at_6_kyiv_time() -> None:
    assert quarterly_indicators_schedule.cron_schedule == "0 6 25 1,4,7,10 *"
    assert quarterly_indicators_schedule.execution_timezone == "Europe/Kyiv"
    assert quarterly_indicators_schedule.job_name == "refresh_indicator_quarter"


@pytest.mark.parametrize(
    ("moment", "quarter"),
    [
        (datetime(2025, 1, 25, 6, tzinfo=KYIV), "2024-Q4"),
        (datetime(2025, 4, 25, 6, tzinfo=KYIV), "2025-Q1"),
        (datetime(2025, 7, 25, 6, tzinfo=KYIV), "2025-Q2"),
        (datetime(2025, 10, 25, 6, tzinfo=KYIV), "2025-Q3"),
    ],
)
def test_a_quarterly_run_is_for_the_quarter_just_ended(moment: datetime, quarter: str) -> None:
    assert previous_quarter(moment) == quarter


def test_the_quarterly_schedule_requests_the_quarter_that_has_a_file(sources: Path) -> None:
    _add(sources, QUARTERLY, "indicators")
    context = _at(datetime(2024, 4, 25, 6, tzinfo=KYIV))
    (request,) = quarterly_indicators_schedule.evaluate_tick(context).run_requests
    assert request.partition_key == "2024-Q1"
    assert request.tags["warehouse/refresh"] == "serial"


def test_the_quarterly_schedule_skips_a_quarter_without_a_file_and_says_why(
    sources: Path,
) -> None:
    context = _at(datetime(2025, 7, 25, 6, tzinfo=KYIV))
    result = quarterly_indicators_schedule.evaluate_tick(context)
    assert result.run_requests == [] and "2025-Q2" in (result.skip_message or "")


def test_the_annual_schedule_requests_the_previous_report_year(sources: Path) -> None:
    _add(sources, REPORT, "reports")
    context = _at(datetime(2024, 3, 1, 6, tzinfo=KYIV))
    (request,) = annual_report_schedule.evaluate_tick(context).run_requests
    assert request.partition_key == "2023"
    later = _at(datetime(2025, 3, 1, 6, tzinfo=KYIV))
    assert "no report for 2024" in (annual_report_schedule.evaluate_tick(later).skip_message or "")


# -- the sources sensor -----------------------------------------------------------------


def test_new_files_start_a_landing_run_per_partition_then_one_build(sources: Path) -> None:
    _add(sources, REPORT, "reports")
    _add(sources, INDICATORS, "indicators")
    tick = _tick()
    assert _requested(tick) == [
        ("land_reports", "2023"),
        *[("land_indicators", f"{year}-Q4") for year in range(2014, 2021)],
        ("build_and_publish", None),
    ]
    assert all(r.tags["warehouse/refresh"] == "serial" for r in tick.run_requests)
    assert len({r.run_key for r in tick.run_requests}) == len(tick.run_requests)
    assert len(json.loads(tick.cursor)) == 2  # both files' sha256


def test_nothing_new_starts_nothing(sources: Path) -> None:
    _add(sources, INDICATORS, "indicators")
    first = _tick()
    second = _tick(first.cursor)
    assert second.run_requests == [] and "no new or changed file" in (second.skip_message or "")


def test_a_changed_file_starts_runs_for_its_own_quarters_only(sources: Path) -> None:
    _add(sources, REPORT, "reports")
    quarterly = _add(sources, QUARTERLY, "indicators", "births_2024.csv")
    first = _tick()
    quarterly.write_bytes(quarterly.read_bytes().replace(b"1 650", b"1 651"))  # corrected
    changed = _tick(first.cursor)
    assert _requested(changed) == [
        ("land_indicators", "2024-Q1"),
        ("land_indicators", "2024-Q2"),
        ("land_indicators", "2024-Q4"),  # the year's value lands with its fourth quarter
        ("build_and_publish", None),
    ]


def test_the_same_file_renamed_is_not_new(sources: Path) -> None:
    moved = _add(sources, INDICATORS, "indicators")
    first = _tick()
    moved.rename(moved.with_name("renamed.csv"))
    assert _tick(first.cursor).run_requests == []


def test_a_file_that_cannot_be_placed_still_starts_the_build_that_explains_it(
    sources: Path,
) -> None:
    (sources / "indicators" / "zhytomyr" / "notes.csv").write_text("не таблиця\n")
    tick = _tick()
    assert _requested(tick) == [("build_and_publish", None)]


def test_a_file_refused_before_it_is_read_is_named_by_the_sensor_and_starts_nothing(
    sources: Path,
) -> None:
    (sources / "reports" / "zhytomyr" / "passwd.txt").symlink_to("/etc/passwd")
    tick = _tick()
    assert tick.run_requests == []
    assert "passwd.txt: this is a link to /etc/passwd" in tick.skip_message
