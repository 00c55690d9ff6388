"""When the warehouse refreshes by itself (under `make ui`, where the Dagster daemon runs).

- `annual_report_schedule`, 1 March 06:00 Kyiv time: the council hears the yearly
  implementation report of the Concept in the first quarter and publishes it by the end
  of February; the run lands the previous year's reports and rebuilds the warehouse.
- `quarterly_indicators_schedule`, the 25th of January, April, July and October at
  06:00 Kyiv time: the regional statistics office publishes a quarter's figures within
  about three weeks of its end; the run lands the quarter just ended (on 25 January, the
  fourth quarter, which also holds the previous year's annual values) and rebuilds.
- `sources_sensor`, every minute: a new or changed file under sources/ (its sha256 not
  seen before) starts a landing run for each partition the file belongs to — a report's
  year, an indicator file's quarters — and then one build_and_publish run. The run queue
  runs them one at a time, in that order (tag `warehouse/refresh`, limit 1).

A schedule skips (and says why) when the partition has no file yet; the sensor notices
the file when it arrives. Schedules and sensors request runs of jobs: the in-process
`warehouse refresh` is for the command line.

No `from __future__ import annotations` here: Dagster inspects the context annotations.
"""

import hashlib
import json

import dagster as dg

from orchestration.defs.jobs import (
    SERIAL,
    build_and_publish_job,
    land_indicators_job,
    land_reports_job,
    refresh_indicator_quarter_job,
    refresh_report_year_job,
)
from orchestration.defs.resources import WarehouseFolders
from orchestration.ingest.errors import SourceError
from orchestration.planning import (
    indicators_by_quarter,
    plan_sources,
    previous_quarter,
    reports_by_year,
)
from orchestration.warehouse_file import published_document_ids

TIMEZONE = "Europe/Kyiv"
ANNUAL_CRON = "0 6 1 3 *"  # 1 March, 06:00
QUARTERLY_CRON = "0 6 25 1,4,7,10 *"  # the 25th of the month after a quarter ends, 06:00


@dg.schedule(
    cron_schedule=ANNUAL_CRON,
    execution_timezone=TIMEZONE,
    job=refresh_report_year_job,
    name="annual_report_schedule",
    description="1 March, 06:00 Kyiv: land the previous year's reports, build and publish.",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def annual_report_schedule(context: dg.ScheduleEvaluationContext, warehouse: WarehouseFolders):
    year = context.scheduled_execution_time.year - 1
    settings = warehouse.settings
    try:
        found = bool(reports_by_year(settings).get(year))
    except SourceError:
        found = True  # the run fails with the file's message, where the analyst looks
    if not found:
        return dg.SkipReason(
            f"no report for {year} under {settings.relative(settings.sources_dir)}/reports/ "
            "yet; the sources sensor starts a run when it is saved there"
        )
    return dg.RunRequest(partition_key=str(year), tags=SERIAL)


@dg.schedule(
    cron_schedule=QUARTERLY_CRON,
    execution_timezone=TIMEZONE,
    job=refresh_indicator_quarter_job,
    name="quarterly_indicators_schedule",
    description="The 25th of January, April, July and October, 06:00 Kyiv: land the quarter "
    "just ended (annual values land with the fourth quarter), build and publish.",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def quarterly_indicators_schedule(
    context: dg.ScheduleEvaluationContext, warehouse: WarehouseFolders
):
    quarter = previous_quarter(context.scheduled_execution_time)
    settings = warehouse.settings
    try:
        found = bool(indicators_by_quarter(settings).get(quarter))
    except SourceError:
        found = True
    if not found:
        return dg.SkipReason(
            f"no indicator file under {settings.relative(settings.sources_dir)}/indicators/ "
            f"has values for {quarter} yet; the sources sensor starts a run when one does"
        )
    return dg.RunRequest(partition_key=quarter, tags=SERIAL)


def _run_key(job: str, partition: str, ids: list[str]) -> str:
    digest = hashlib.sha256(" ".join(sorted(ids)).encode()).hexdigest()[:16]
    return f"{job}:{partition}:{digest}"


def _files_tag(documents) -> str:
    return json.dumps([d.relative_path for d in documents], ensure_ascii=False)[:1000]


@dg.sensor(
    name="sources_sensor",
    jobs=[land_reports_job, land_indicators_job, build_and_publish_job],
    minimum_interval_seconds=60,
    description="A new or changed file under sources/ → a landing run for each partition it "
    "belongs to (report year, indicator quarters), then one build_and_publish run.",
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def sources_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseFolders):
    settings = warehouse.settings
    seen = (
        set(json.loads(context.cursor))
        if context.cursor
        else published_document_ids(settings.published_path)
    )
    plan = plan_sources(settings, seen)
    if not plan.new_ids:
        return dg.SkipReason("; ".join(plan.problems) or "no new or changed file under sources/")
    for problem in plan.problems:
        context.log.warning(problem)
    requests = [
        dg.RunRequest(
            job_name=land_reports_job.name,
            partition_key=year,
            run_key=_run_key(land_reports_job.name, year, plan.new_ids),
            tags={**SERIAL, "warehouse/files": _files_tag(documents)},
        )
        for year, documents in plan.report_years.items()
    ] + [
        dg.RunRequest(
            job_name=land_indicators_job.name,
            partition_key=quarter,
            run_key=_run_key(land_indicators_job.name, quarter, plan.new_ids),
            tags={**SERIAL, "warehouse/files": _files_tag(documents)},
        )
        for quarter, documents in plan.quarters.items()
    ]
    # Also after a file that could not be placed: the build then stops on it and says
    # why in the run's log, and nothing is published.
    requests.append(
        dg.RunRequest(
            job_name=build_and_publish_job.name,
            run_key=_run_key(build_and_publish_job.name, "all", plan.new_ids),
            tags=SERIAL,
        )
    )
    return dg.SensorResult(run_requests=requests, cursor=json.dumps(sorted(plan.seen)))


schedules = [annual_report_schedule, quarterly_indicators_schedule]
sensors = [sources_sensor]
