"""Blocking Dagster checks that run the Great Expectations suites of `expectations/`.

Landing suites run on each landed document of a year partition; mart suites run
on the new build after dbt and before publishing. A failed error-level
expectation blocks everything downstream (the publish step included); warnings
are recorded and shown. Outcomes are also written to `warehouse/checks/` so the
refresh, the validation report and `marts.fct_check_result` read the same verdicts.

No `from __future__ import annotations` here: Dagster inspects the context annotations.
"""

from collections.abc import Iterator

import dagster as dg

from orchestration.defs.landing import report_landing, reports_by_year
from orchestration.ingest import departments
from orchestration.ingest.reports import report_text
from orchestration.quality.outcomes import ERROR, FAILED, CheckOutcome, save_outcomes
from orchestration.settings import Settings

LANDING_SUITES = ("report_entries", "report_lines", "report_bodies", "report_goals", "report_tasks")
MARTS_ENTRY = dg.AssetKey(["marts", "fct_implementation_entry"])
MARTS_PROJECT = dg.AssetKey(["marts", "dim_project"])
MARTS_KPI_VALUE = dg.AssetKey(["marts", "fct_kpi_value"])
MART_SUITES = {
    "mart_fct_implementation_entry": MARTS_ENTRY,
    "mart_dim_project": MARTS_PROJECT,
    "mart_volume_by_priority": MARTS_ENTRY,
    "mart_indicator_reconciliation": MARTS_KPI_VALUE,
}


def landing_outcomes_path(settings: Settings, document_id: str):
    return settings.warehouse_dir / "checks" / "landing" / f"{document_id}.json"


def marts_outcomes_path(settings: Settings):
    return settings.warehouse_dir / "checks" / "marts.json"


def _result(suite: str, key: dg.AssetKey, outcomes: list[CheckOutcome]) -> dg.AssetCheckResult:
    failed = [o for o in outcomes if o.status == FAILED]
    blocking = [o for o in failed if o.severity == ERROR]
    return dg.AssetCheckResult(
        asset_key=key,
        check_name=suite,
        passed=not failed,
        severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
        description="\n".join(o.explain(10) for o in failed) or None,
        metadata={
            "expectations": len(outcomes),
            "failed": len(failed),
            "blocking": len(blocking),
            "outcomes": dg.MetadataValue.md(
                "| check | severity | status | found |\n|---|---|---|---|\n"
                + "\n".join(
                    f"| {o.check} | {o.severity} | {o.status} | {o.observed or ''} |"
                    for o in outcomes
                )
            ),
        },
    )


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(name, asset=report_landing, blocking=True, description=name)
        for name in LANDING_SUITES
    ],
)
def landed_report_suites(context: dg.AssetCheckExecutionContext) -> Iterator[dg.AssetCheckResult]:
    from orchestration.quality.frames import landed_report_frames
    from orchestration.quality.gx_runner import run_suite
    from orchestration.quality.overrides import load_overrides

    settings = Settings.from_env()
    year = int(context.partition_key)
    overrides = load_overrides()
    alias_keys = sorted(departments.load_aliases())
    by_suite: dict[str, list[CheckOutcome]] = {name: [] for name in LANDING_SUITES}
    for document in reports_by_year(settings).get(year, []):
        text, _ = report_text(document)
        params = {
            "alias_keys": alias_keys,
            "source_line_count": text.count("\n") + 1 - (1 if text.endswith("\n") else 0),
        }
        frames = landed_report_frames(settings.lake_dir, document.document_id)
        document_outcomes = []
        for name in LANDING_SUITES:
            outcomes = run_suite(
                name,
                frames[name],
                params,
                document_id=document.document_id,
                source_path=document.relative_path,
                report_year=year,
                overrides=overrides,
            )
            by_suite[name].extend(outcomes)
            document_outcomes.extend(outcomes)
        save_outcomes(landing_outcomes_path(settings, document.document_id), document_outcomes)
    for name, outcomes in by_suite.items():
        yield _result(name, report_landing.key, outcomes)


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(name, asset=key, blocking=True, description=name)
        for name, key in MART_SUITES.items()
    ],
)
def mart_suites(context: dg.AssetCheckExecutionContext) -> Iterator[dg.AssetCheckResult]:
    from orchestration.quality.frames import mart_frames, volume_frame
    from orchestration.quality.gx_runner import run_suite
    from orchestration.quality.overrides import load_overrides

    settings = Settings.from_env()
    overrides = load_overrides()
    frames = mart_frames(settings.build_path)
    all_outcomes: list[CheckOutcome] = []
    for name in ("mart_fct_implementation_entry", "mart_dim_project"):
        outcomes = run_suite(name, frames[name], overrides=overrides)
        all_outcomes.extend(outcomes)
        yield _result(name, MART_SUITES[name], outcomes)
    volume = volume_frame(settings.build_path, settings.published_path)
    outcomes = []
    for year, frame in volume.groupby("report_year"):
        outcomes.extend(
            run_suite(
                "mart_volume_by_priority",
                frame.reset_index(drop=True),
                report_year=int(year),
                overrides=overrides,
            )
        )
    all_outcomes.extend(outcomes)
    yield _result("mart_volume_by_priority", MARTS_ENTRY, outcomes)
    from orchestration.quality.indicator_frames import indicator_reconciliation_frame

    reconciliation = indicator_reconciliation_frame(settings.build_path)
    outcomes = run_suite("mart_indicator_reconciliation", reconciliation, overrides=overrides)
    all_outcomes.extend(outcomes)
    save_outcomes(marts_outcomes_path(settings), all_outcomes)
    yield _result("mart_indicator_reconciliation", MARTS_KPI_VALUE, outcomes)
