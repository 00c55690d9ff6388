"""Running a Dagster job in-process for the command line: progress lines as each step
starts and ends, the step's own words when it fails, and dbt's console output kept in
the refresh log instead of the analyst's terminal.

May import: Dagster. It is part of the command line's wiring (`orchestration.refresh`).
"""

from __future__ import annotations

import contextlib
import re
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import dagster as dg

# The CLI prints its own progress; Dagster's event log stays in the instance (and the UI).
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_EXCEPTION_NAME = re.compile(r"^(?:[\w]+\.)*\w+(?:Error|Exception|Failure): ")

# Each Dagster step in the analyst's words, for the progress lines of the refresh.
STEP_NAMES = {
    "report_landing": "parse the report and land its rows",
    "landed_report_suites": "checks on the landed report (expectations)",
    "indicator_landing": "parse the indicator file and land its values",
    "landed_indicator_suites": "checks on the landed indicator file (expectations)",
    "landing_tables": "load the landed rows into a new build file",
    "dbt_models": "dbt build: seeds, models and their tests",
    "mart_suites": "checks on the marts (expectations)",
    "published_warehouse": "publish warehouse.duckdb",
    "bi_export": "Parquet export (warehouse/export/)",
    "bi_workbook": "Excel workbook (warehouse/export/warehouse.xlsx)",
    "annual_report": "annual report (warehouse/reports/)",
}


def execute(
    job: dg.JobDefinition,
    instance: dg.DagsterInstance,
    progress: Callable[[str], None],
    **kwargs: object,
) -> dg.ExecuteInProcessResult:
    """Run a job in-process, telling `progress` as each step starts and ends (with its time)."""
    run_id = str(uuid.uuid4())
    started: dict[str, float] = {}

    def on_event(entry) -> None:
        event = entry.get_dagster_event() if entry.is_dagster_event else None
        if event is None or event.step_key is None:
            return
        name = STEP_NAMES.get(event.step_key, event.step_key)
        if event.is_step_start:
            started[event.step_key] = time.perf_counter()
            progress(f"  ▸ {name}")
        elif event.is_step_success or event.is_step_failure:
            took = time.perf_counter() - started.get(event.step_key, time.perf_counter())
            mark = "✓" if event.is_step_success else "✗"
            progress(f"  {mark} {name}  {took:.1f} s")

    instance.add_event_listener(run_id, on_event)
    return job.execute_in_process(
        run_id=run_id, instance=instance, raise_on_error=False, run_config=QUIET, **kwargs
    )


def failure_text(result: dg.ExecuteInProcessResult) -> str:
    """The root cause of each failed step, as the step itself stated it."""
    messages = []
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data is not None:
            error = event.step_failure_data.error
            text = error.message.strip() if error else "step failed"
            cause = error.cause if error else None
            while cause is not None:
                text = cause.message.strip()
                cause = cause.cause
            text = _EXCEPTION_NAME.sub("", _ANSI.sub("", text).strip())
            messages.append(f"{event.step_key}: {text}")
    return "\n".join(messages) or "the run failed"


def published(result: dg.ExecuteInProcessResult) -> bool:
    return any(e.is_step_success and e.step_key == "published_warehouse" for e in result.all_events)


def on_terminal(progress: Callable[[str], None]) -> Callable[[str], None]:
    """Progress lines reach the terminal even while dbt's output goes to the log."""
    terminal = sys.stdout

    def say(message: str) -> None:
        with contextlib.redirect_stdout(terminal):
            progress(message)

    return say


@contextlib.contextmanager
def logged_to(path: Path) -> Iterator[None]:
    """dbt's console output goes to the refresh log, not the analyst's terminal."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log, contextlib.redirect_stdout(log):
        yield
