"""One refresh: land each year's reports and each quarter's indicator files, then build,
test and publish the warehouse.

Runs the Dagster jobs in-process against the Dagster instance kept under
`warehouse/dagster_home`, so the UI (`make ui`) shows every refresh's runs,
materializations and check results. A refresh that stops keeps what it was
loading under `warehouse/quarantine/` with its validation results; every refresh
writes a validation report under `warehouse/reports/`.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from orchestration.ingest.documents import SourceDocument, discover_indicators, discover_reports
from orchestration.ingest.errors import SourceError
from orchestration.quality.outcomes import ERROR, FAILED, OVERRIDDEN, CheckOutcome
from orchestration.settings import Settings
from orchestration.writers import wait_until_no_writer

# The CLI prints its own progress; Dagster's event log stays in the instance (and the UI).
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


class RefreshFailed(Exception):
    """A refresh stopped before publishing; the published warehouse is untouched."""

    def __init__(self, message: str, summary: RefreshSummary | None = None) -> None:
        super().__init__(message)
        self.summary = summary


@dataclass
class RefreshSummary:
    years: list[int] = field(default_factory=list)
    quarters: list[str] = field(default_factory=list)  # indicator partitions landed
    documents: list[str] = field(default_factory=list)
    mart_rows: dict[str, int] = field(default_factory=dict)
    outcomes: list[CheckOutcome] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    run_ids: list[str] = field(default_factory=list)
    log_path: Path | None = None
    report_path: Path | None = None
    quarantine_path: Path | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def checks_passed(self) -> int:
        return sum(o.status != FAILED for o in self.outcomes)

    @property
    def checks_failed(self) -> int:
        return sum(o.status == FAILED for o in self.outcomes)

    @property
    def warnings(self) -> list[CheckOutcome]:
        return [
            o
            for o in self.outcomes
            if (o.status == FAILED and o.severity != ERROR) or o.status == OVERRIDDEN
        ]

    @property
    def blocking(self) -> list[CheckOutcome]:
        return [o for o in self.outcomes if o.blocks]


def instance_for(settings: Settings) -> dg.DagsterInstance:
    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() or "tag_concurrency_limits" not in config.read_text():
        # Keep run history on disk, honour the writer pool's limit of one, and run the
        # runs a sensor or schedule queues one at a time, in order (orchestration.defs.jobs).
        config.write_text(INSTANCE_YAML)
    os.environ["DAGSTER_HOME"] = str(home)
    return dg.DagsterInstance.get()


INSTANCE_YAML = """telemetry:
  enabled: false
concurrency:
  pools:
    default_limit: 1
  runs:
    tag_concurrency_limits:
      - key: warehouse/refresh
        limit: 1
"""

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_EXCEPTION_NAME = re.compile(r"^(?:[\w]+\.)*\w+(?:Error|Exception|Failure): ")


# Each Dagster step in the analyst's words, for the progress lines of the refresh.
STEP_NAMES = {
    "report_landing": "parse the report and land its rows",
    "landed_report_suites": "checks on the landed report (expectations)",
    "landing_tables": "load the landed rows into a new build file",
    "dbt_models": "dbt build: seeds, models and their tests",
    "mart_suites": "checks on the marts (expectations)",
    "published_warehouse": "publish warehouse.duckdb",
    "bi_export": "Parquet export (warehouse/export/)",
    "bi_workbook": "Excel workbook (warehouse/export/warehouse.xlsx)",
    "annual_report": "annual report (warehouse/reports/)",
}


def _execute(
    job: dg.JobDefinition,
    instance: dg.DagsterInstance,
    progress: Callable[[str], None],
    **kwargs: object,
) -> dg.ExecuteInProcessResult:
    """Run a job in-process, telling `progress` as each step starts and ends (with its time)."""
    from dagster._core.utils import make_new_run_id

    run_id = make_new_run_id()
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


def _published(result: dg.ExecuteInProcessResult) -> bool:
    return any(e.is_step_success and e.step_key == "published_warehouse" for e in result.all_events)


@contextlib.contextmanager
def _exclusive(settings: Settings) -> Iterator[None]:
    """One refresh at a time per warehouse folder (an OS lock: a dead process releases it)."""
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    with (settings.warehouse_dir / ".refresh.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as busy:
            raise RefreshFailed(
                "another refresh of this warehouse is running; wait for it to finish"
            ) from busy
        try:  # a dbt child of a killed refresh is ended with it; wait until it has exited
            wait_until_no_writer(settings.warehouse_dir)
        except TimeoutError as busy:
            raise RefreshFailed(f"{busy}; wait for that dbt build to finish") from busy
        yield


def _recover_interrupted_runs(instance: dg.DagsterInstance) -> list[str]:
    """Runs a killed refresh left 'started' still hold the writer pool's slot.

    Holding the refresh lock proves no other refresh is alive, so such runs are
    marked failed and their slots freed; otherwise the next run would wait forever.
    """
    from dagster._core.storage.dagster_run import DagsterRunStatus, RunsFilter

    stale = instance.get_runs(
        filters=RunsFilter(statuses=[DagsterRunStatus.STARTED, DagsterRunStatus.STARTING])
    )
    for run in stale:
        instance.report_run_failed(run, "interrupted: the refresh process ended mid-run")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
    return [run.run_id for run in stale]


def _on_terminal(progress: Callable[[str], None]) -> Callable[[str], None]:
    """Progress lines reach the terminal even while dbt's output goes to the log."""
    terminal = sys.stdout

    def say(message: str) -> None:
        with contextlib.redirect_stdout(terminal):
            progress(message)

    return say


@contextlib.contextmanager
def _logged_to(path: Path) -> Iterator[None]:
    """dbt's console output goes to the refresh log, not the analyst's terminal."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log, contextlib.redirect_stdout(log):
        yield


def _forget_previous_build(settings: Settings) -> None:
    """Results of an earlier build must never be read as this one's."""
    from orchestration.defs.quality import marts_outcomes_path

    marts_outcomes_path(settings).unlink(missing_ok=True)
    (settings.dbt_target_dir / "run_results.json").unlink(missing_ok=True)


def _found(discover: Callable[..., list[SourceDocument]], settings: Settings) -> list:
    """The files a refusal quarantines; none when finding them was refused (nothing read)."""
    try:
        return discover(settings.sources_dir, settings.limits)
    except SourceError:
        return []


def _stop(settings: Settings, summary: RefreshSummary, message: str, documents: list) -> None:
    from orchestration.quality.quarantine import quarantine
    from orchestration.quality.report import write_validation_report

    summary.quarantine_path = quarantine(settings, documents, summary.outcomes, message)
    summary.report_path = write_validation_report(settings, summary.outcomes, failure=message)
    raise RefreshFailed(message, summary)


def _land_indicators(
    settings: Settings,
    summary: RefreshSummary,
    defs: dg.Definitions,
    instance: dg.DagsterInstance,
    progress: Callable[[str], None],
) -> list[SourceDocument]:
    """Land each quarter that has indicator values; a file's checks count once."""
    from orchestration.defs.indicators import indicators_by_quarter
    from orchestration.quality.collect import landing_outcomes

    try:
        by_quarter = indicators_by_quarter(settings, notices=summary.notices)
    except SourceError as error:
        _stop(settings, summary, str(error), _found(discover_indicators, settings))
    started, checked = time.perf_counter(), {}
    if by_quarter:
        names = sorted({d.relative_path for docs in by_quarter.values() for d in docs})
        quarters = list(by_quarter)
        span = quarters[0] if len(quarters) == 1 else f"{quarters[0]} … {quarters[-1]}"
        progress(f"landing indicators, {len(quarters)} quarters ({span}): {', '.join(names)}")
    for quarter, documents in by_quarter.items():
        job = defs.resolve_job_def("land_indicators")
        with _logged_to(summary.log_path):  # one progress line per quarter, not per step
            result = _execute(job, instance, lambda _: None, partition_key=quarter)
        summary.run_ids.append(result.run_id)
        checked |= {d.document_id: d for d in documents}
        blocking = [o for o in landing_outcomes(settings, documents) if o.blocks]
        if blocking or not result.success:
            summary.outcomes.extend(landing_outcomes(settings, list(checked.values())))
            message = "\n\n".join(o.explain() for o in blocking) or _failure_text(result)
            _stop(settings, summary, message, documents)
    files = list(checked.values())
    summary.outcomes.extend(landing_outcomes(settings, files))
    if files:
        summary.timings["landing indicators"] = time.perf_counter() - started
    summary.quarters = list(by_quarter)
    summary.documents += [d.relative_path for d in files]
    return files


def refresh(
    settings: Settings | None = None, progress: Callable[[str], None] = lambda _: None
) -> RefreshSummary:
    """Land, build, test and publish. Raises RefreshFailed; then nothing was published."""
    settings = settings or Settings.from_env()
    with _exclusive(settings):
        return _refresh(settings, progress)


def _refresh(settings: Settings, progress: Callable[[str], None]) -> RefreshSummary:
    os.environ.setdefault("WAREHOUSE_DIR", str(settings.warehouse_dir))
    os.environ.setdefault("WAREHOUSE_SOURCES_DIR", str(settings.sources_dir))
    summary = RefreshSummary()

    started = time.perf_counter()
    progress("loading the pipeline (Dagster definitions, dbt manifest)")
    from orchestration.definitions import defs  # dbt parse may run here on first use
    from orchestration.defs.landing import reports_by_year
    from orchestration.quality.collect import build_outcomes, landing_outcomes

    instance = instance_for(settings)
    for run_id in _recover_interrupted_runs(instance):
        summary.notices.append(f"run {run_id} of an interrupted refresh was marked failed")
    summary.timings["load definitions"] = time.perf_counter() - started
    summary.log_path = settings.warehouse_dir / "logs" / "last_refresh.log"
    summary.log_path.unlink(missing_ok=True)
    _forget_previous_build(settings)
    try:
        by_year = reports_by_year(settings, notices=summary.notices)
    except SourceError as error:
        _stop(settings, summary, str(error), _found(discover_reports, settings))
    if not by_year:
        raise RefreshFailed(
            f"no reports found under {settings.relative(settings.sources_dir)}/reports/<city>/"
        )
    steps = _on_terminal(progress)
    summary.years = sorted(by_year)
    documents = [d for y in summary.years for d in by_year[y]]
    summary.documents = [d.relative_path for d in documents]

    for year in summary.years:
        step = time.perf_counter()
        progress(f"landing {year}: {', '.join(d.relative_path for d in by_year[year])}")
        with _logged_to(summary.log_path):
            result = _execute(
                defs.resolve_job_def("land_reports"), instance, steps, partition_key=str(year)
            )
        summary.run_ids.append(result.run_id)
        summary.outcomes.extend(landing_outcomes(settings, by_year[year]))
        summary.timings[f"landing {year}"] = time.perf_counter() - step
        if summary.blocking:
            _stop(
                settings, summary, "\n\n".join(o.explain() for o in summary.blocking), by_year[year]
            )
        if not result.success:
            _stop(settings, summary, _failure_text(result), by_year[year])
    documents += _land_indicators(settings, summary, defs, instance, progress)

    step = time.perf_counter()
    progress("building, testing (dbt build, expectations) and publishing")
    with _logged_to(summary.log_path):
        result = _execute(defs.resolve_job_def("build_and_publish"), instance, steps)
    summary.run_ids.append(result.run_id)
    summary.outcomes.extend(build_outcomes(settings))
    summary.timings["build, test, publish"] = time.perf_counter() - step
    if not result.success and _published(result):
        # The export and the report are rebuilt from the published file on demand; their
        # failure does not undo a publication.
        summary.notices.append(
            f"published, but a step after publishing failed: {_failure_text(result)}. "
            "Run `warehouse export` or `warehouse report` to try again."
        )
    elif not result.success:
        from orchestration.build import audit_findings

        blocking = "\n\n".join(o.explain() for o in summary.blocking if o.suite != "dbt")
        findings = "\n".join(audit_findings(settings.build_path))
        _stop(settings, summary, blocking or findings or _failure_text(result), documents)

    from orchestration.build import mart_row_counts
    from orchestration.quality.report import write_validation_report

    summary.mart_rows = mart_row_counts(Path(settings.published_path))
    summary.report_path = write_validation_report(settings, summary.outcomes)
    return summary
