"""`warehouse refresh`: launch the jobs the schedules and the sensor launch, in-process,
with the plan of `orchestration.planning`, and tell the analyst what happened.

It decides nothing the jobs decide: the landing jobs parse and check, their blocking
checks stop what must stop, the build job builds, tests and publishes. What it adds is
the command line's part: one refresh per warehouse folder at a time, the runs only of
partitions whose documents are not landed and checked yet, progress lines, and — when a
run stops — the failed load kept in quarantine with a validation page, in the analyst's
words. Every run is recorded in the Dagster instance under `warehouse/dagster_home`, so
`make ui` shows them.

`land` is the first part of a refresh alone: the same landing runs and checks, and the
same refusals, without a build — the landing checks' verdict on new files in seconds.

May import: `orchestration.definitions` (the wiring), the domain modules, `dagster`.
"""

from __future__ import annotations

import contextlib
import fcntl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from orchestration.build import audit_findings, mart_row_counts
from orchestration.definitions import definitions_for
from orchestration.ingest.documents import SourceDocument, discover_indicators, discover_reports
from orchestration.ingest.errors import SourceError
from orchestration.planning import indicators_by_quarter, landing_state, reports_by_year
from orchestration.quality.outcome_store import (
    build_outcomes,
    checks_version,
    landed_outcomes,
    published_outcomes,
)
from orchestration.quality.outcomes import ERROR, FAILED, OVERRIDDEN, CheckOutcome
from orchestration.quality.quarantine import quarantine
from orchestration.quality.validation_page import write_validation_report
from orchestration.run_in_process import execute, failure_text, logged_to, on_terminal, published
from orchestration.settings import Settings
from orchestration.writers import wait_until_no_writer

Run = Callable[..., dg.ExecuteInProcessResult]  # a job of the refresh's definitions, by name


class RefreshFailed(Exception):
    """A refresh stopped before publishing; the published warehouse is untouched."""

    def __init__(self, message: str, summary: RefreshSummary | None = None) -> None:
        super().__init__(message)
        self.summary = summary


@dataclass
class RefreshSummary:
    years: list[int] = field(default_factory=list)
    quarters: list[str] = field(default_factory=list)  # indicator partitions with files
    documents: list[str] = field(default_factory=list)
    landed: list[str] = field(default_factory=list)  # partitions landed by this refresh
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


# Step output is not captured per step (dbt's goes to warehouse/logs/last_refresh.log):
# the default capture starts two helper processes for every step of every run.
INSTANCE_YAML = """telemetry:
  enabled: false
compute_logs:
  module: dagster._core.storage.noop_compute_log_manager
  class: NoOpComputeLogManager
concurrency:
  pools:
    default_limit: 1
  runs:
    tag_concurrency_limits:
      - key: warehouse/refresh
        limit: 1
"""


def instance_for(settings: Settings) -> dg.DagsterInstance:
    """The warehouse's own Dagster instance: run history on disk, the writer pool's limit
    of one, and the runs a sensor or schedule queues run one at a time, in order."""
    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() or config.read_text() != INSTANCE_YAML:
        config.write_text(INSTANCE_YAML)
    return dg.DagsterInstance.from_config(str(home))


@contextlib.contextmanager
def exclusive(settings: Settings) -> Iterator[None]:
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
    stale = instance.get_runs(
        filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING])
    )
    for run in stale:
        instance.report_run_failed(run, "interrupted: the refresh process ended mid-run")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
    return [run.run_id for run in stale]


def _found(discover: Callable[..., list[SourceDocument]], settings: Settings) -> list:
    """The files a refusal quarantines; none when finding them was refused (nothing read)."""
    try:
        return discover(settings.sources_dir, settings.limits)
    except SourceError:
        return []


def _stop(
    settings: Settings, summary: RefreshSummary, message: str, documents: list[SourceDocument]
) -> None:
    summary.quarantine_path = quarantine(settings, documents, summary.outcomes, message)
    summary.report_path = write_validation_report(settings, summary.outcomes, failure=message)
    raise RefreshFailed(message, summary)


def refresh(settings: Settings, progress: Callable[[str], None] = lambda _: None) -> RefreshSummary:
    """Land what is new, build, test and publish. Raises RefreshFailed; then nothing
    was published."""
    with exclusive(settings):
        return _refresh(settings, progress)


def land(settings: Settings, progress: Callable[[str], None] = lambda _: None) -> RefreshSummary:
    """Land what is new and run the landing checks, as `refresh` does before it builds;
    build nothing and publish nothing.

    The summary's outcomes are the landing checks' of every document under sources/
    (those landed earlier included). Raises RefreshFailed, with the load quarantined,
    wherever `refresh` would stop before its build: a refused file, a blocking check.
    """
    with exclusive(settings):
        summary, documents, _ = _land(settings, progress)
        summary.outcomes = landed_outcomes(settings.lake_dir, [d.document_id for d in documents])
        if summary.blocking:  # landed by an earlier run: the build would refuse them
            message = "\n\n".join(o.explain() for o in summary.blocking)
            _stop(settings, summary, message, documents)
        return summary


def _land(
    settings: Settings, progress: Callable[[str], None]
) -> tuple[RefreshSummary, list[SourceDocument], Run]:
    """Plan and land: the part of a refresh before its build (stops as it does). Returns
    the documents under sources/ and how to run a job of this refresh."""
    summary = RefreshSummary()
    try:
        by_year = reports_by_year(settings, notices=summary.notices)
    except SourceError as error:
        _stop(settings, summary, str(error), _found(discover_reports, settings))
    if not by_year:
        raise RefreshFailed(
            f"no reports found under {settings.relative(settings.sources_dir)}/reports/<city>/"
        )
    try:
        by_quarter = indicators_by_quarter(settings, notices=summary.notices)
    except SourceError as error:
        _stop(settings, summary, str(error), _found(discover_indicators, settings))
    reports = [d for docs in by_year.values() for d in docs]
    indicators = list({d.document_id: d for docs in by_quarter.values() for d in docs}.values())
    summary.years, summary.quarters = sorted(by_year), list(by_quarter)
    summary.documents = [d.relative_path for d in reports + indicators]

    started = time.perf_counter()
    progress("loading the pipeline (Dagster definitions, dbt manifest)")
    defs = definitions_for(settings)
    instance = instance_for(settings)
    for run_id in _recover_interrupted_runs(instance):
        summary.notices.append(f"run {run_id} of an interrupted refresh was marked failed")
    summary.timings["load definitions"] = time.perf_counter() - started
    summary.log_path = settings.warehouse_dir / "logs" / "last_refresh.log"
    summary.log_path.unlink(missing_ok=True)
    steps = on_terminal(progress)

    def run(job_name: str, **kwargs: object) -> dg.ExecuteInProcessResult:
        with logged_to(summary.log_path):
            return execute(defs.resolve_job_def(job_name), instance, steps, **kwargs)

    # Only partitions with a document not landed and checked by today's parser and checks
    # run; the others are reused from the lake as they are.
    stale = {
        d.document_id
        for d in landing_state(settings.lake_dir, reports, indicators, checks_version()).not_ready
    }
    landings = [
        ("land_reports", str(year), docs)
        for year, docs in by_year.items()
        if any(d.document_id in stale for d in docs)
    ] + [
        ("land_indicators", quarter, docs)
        for quarter, docs in by_quarter.items()
        if any(d.document_id in stale for d in docs)
    ]
    if len(landings) < len(by_year) + len(by_quarter):
        kept = len(by_year) + len(by_quarter) - len(landings)
        progress(f"reusing {kept} landed partitions whose files and checks did not change")
    landed_now: set[str] = set()
    for job_name, partition, documents in landings:
        if landed_now.issuperset(d.document_id for d in documents):
            # A file with values in several quarters is landed and checked whole by the
            # run of its first quarter; its other quarters have nothing left to do.
            progress(f"{partition}: landed with {', '.join(d.relative_path for d in documents)}")
            summary.landed.append(partition)
            continue
        step = time.perf_counter()
        progress(f"landing {partition}: {', '.join(d.relative_path for d in documents)}")
        result = run(job_name, partition_key=partition)
        summary.run_ids.append(result.run_id)
        summary.landed.append(partition)
        landed_now.update(d.document_id for d in documents)
        summary.timings[f"landing {partition}"] = time.perf_counter() - step
        if not result.success:
            summary.outcomes = landed_outcomes(
                settings.lake_dir, [d.document_id for d in documents]
            )
            message = "\n\n".join(o.explain() for o in summary.blocking) or failure_text(result)
            _stop(settings, summary, message, documents)
    return summary, reports + indicators, run


def _refresh(settings: Settings, progress: Callable[[str], None]) -> RefreshSummary:
    summary, documents, run = _land(settings, progress)
    step = time.perf_counter()
    progress("building, testing (dbt build, expectations) and publishing")
    result = run("build_and_publish")
    summary.run_ids.append(result.run_id)
    summary.timings["build, test, publish"] = time.perf_counter() - step
    if not published(result):
        summary.outcomes = build_outcomes(settings.build_path) or landed_outcomes(
            settings.lake_dir, [d.document_id for d in documents]
        )
        blocking = "\n\n".join(o.explain() for o in summary.blocking if o.suite != "dbt")
        findings = "\n".join(audit_findings(settings.build_path))
        _stop(settings, summary, blocking or findings or failure_text(result), documents)
    if not result.success:
        # The export and the report are rebuilt from the published file on demand; their
        # failure does not undo a publication.
        summary.notices.append(
            f"published, but a step after publishing failed: {failure_text(result)}. "
            "Run `warehouse export` or `warehouse report` to try again."
        )
    summary.outcomes = published_outcomes(settings.published_path)
    summary.mart_rows = mart_row_counts(settings.published_path)
    summary.report_path = write_validation_report(settings, summary.outcomes)
    return summary
