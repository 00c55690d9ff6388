"""One refresh: land each year's reports, then build, test and publish the warehouse.

Runs the Dagster jobs in-process against the Dagster instance kept under
`warehouse/dagster_home`, so the UI (`make ui`) shows every refresh's runs,
materializations and check results.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from orchestration.settings import Settings

# The CLI prints its own progress; Dagster's event log stays in the instance (and the UI).
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


class RefreshFailed(Exception):
    """A refresh stopped before publishing; the published warehouse is untouched."""


@dataclass
class RefreshSummary:
    years: list[int] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    mart_rows: dict[str, int] = field(default_factory=dict)
    checks_passed: int = 0
    checks_failed: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    run_ids: list[str] = field(default_factory=list)
    log_path: Path | None = None


def instance_for(settings: Settings) -> dg.DagsterInstance:
    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        # Keep run history on disk, and honour the writer pool's limit of one.
        config.write_text(
            "telemetry:\n  enabled: false\nconcurrency:\n  pools:\n    default_limit: 1\n"
        )
    os.environ["DAGSTER_HOME"] = str(home)
    return dg.DagsterInstance.get()


def _check_outcomes(result: dg.ExecuteInProcessResult) -> tuple[int, list[str]]:
    passed, failures = 0, []
    for event in result.get_asset_check_evaluations():
        if event.passed:
            passed += 1
        else:
            meta = event.metadata.get("unknown") or event.metadata.get("problems")
            items = list(meta.value) if meta is not None else []
            shown = [f"  {item}" for item in items[:20]]
            if len(items) > 20:
                shown.append(f"  … and {len(items) - 20} more")
            what = (event.description or "").split(":")[0] or "failed"
            failures.append("\n".join([f"check {event.asset_check_key.name}: {what}", *shown]))
    return passed, failures


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_EXCEPTION_NAME = re.compile(r"^(?:[\w]+\.)*\w+(?:Error|Exception|Failure): ")


def _failure_text(result: dg.ExecuteInProcessResult) -> str:
    """The root cause of each failed step; for dbt, the errors it parsed from its log."""
    messages = []
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data is not None:
            error = event.step_failure_data.error
            text = error.message.strip() if error else "step failed"
            cause = error.cause if error else None
            while cause is not None:
                text = cause.message.strip()
                cause = cause.cause
            if "Errors parsed from dbt logs:" in text:
                text = text.split("Errors parsed from dbt logs:", 1)[1]
            text = _EXCEPTION_NAME.sub("", _ANSI.sub("", text).strip())
            messages.append(f"{event.step_key}: {text}")
    return "\n".join(messages) or "the run failed"


@contextlib.contextmanager
def _logged_to(path: Path) -> Iterator[None]:
    """dbt's console output goes to the refresh log, not the analyst's terminal."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log, contextlib.redirect_stdout(log):
        yield


def refresh(
    settings: Settings | None = None, progress: Callable[[str], None] = lambda _: None
) -> RefreshSummary:
    """Land, build, test and publish. Raises RefreshFailed; then nothing was published."""
    settings = settings or Settings.from_env()
    os.environ.setdefault("WAREHOUSE_DIR", str(settings.warehouse_dir))
    os.environ.setdefault("WAREHOUSE_SOURCES_DIR", str(settings.sources_dir))
    summary = RefreshSummary()

    started = time.perf_counter()
    from orchestration.definitions import defs  # dbt parse may run here on first use
    from orchestration.defs.landing import reports_by_year

    instance = instance_for(settings)
    summary.timings["load definitions"] = time.perf_counter() - started
    summary.log_path = settings.warehouse_dir / "logs" / "last_refresh.log"
    summary.log_path.unlink(missing_ok=True)
    by_year = reports_by_year(settings)
    if not by_year:
        raise RefreshFailed(
            f"no reports found under {settings.relative(settings.sources_dir)}/reports/<city>/"
        )
    summary.years = sorted(by_year)
    summary.documents = [d.relative_path for y in summary.years for d in by_year[y]]

    for year in summary.years:
        step = time.perf_counter()
        progress(f"landing {year}: {', '.join(d.relative_path for d in by_year[year])}")
        with _logged_to(summary.log_path):
            result = defs.resolve_job_def("land_reports").execute_in_process(
                partition_key=str(year), instance=instance, raise_on_error=False, run_config=QUIET
            )
        summary.run_ids.append(result.run_id)
        passed, failures = _check_outcomes(result)
        summary.checks_passed += passed
        summary.timings[f"landing {year}"] = time.perf_counter() - step
        if not result.success or failures:
            summary.checks_failed += len(failures)
            raise RefreshFailed("\n".join(failures) if failures else _failure_text(result))

    step = time.perf_counter()
    progress("building, testing (dbt build) and publishing")
    with _logged_to(summary.log_path):
        result = defs.resolve_job_def("build_and_publish").execute_in_process(
            instance=instance, raise_on_error=False, run_config=QUIET
        )
    summary.run_ids.append(result.run_id)
    passed, failures = _check_outcomes(result)
    summary.checks_passed += passed
    summary.checks_failed += len(failures)
    summary.timings["build, test, publish"] = time.perf_counter() - step
    if not result.success:
        from orchestration.build import audit_findings

        findings = audit_findings(settings.build_path)
        raise RefreshFailed("\n".join(findings) if findings else _failure_text(result))

    from orchestration.build import mart_row_counts

    summary.mart_rows = mart_row_counts(Path(settings.published_path))
    return summary
