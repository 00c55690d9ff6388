"""Blocking Dagster checks that run the Great Expectations suites of `expectations/`.

Landing suites run on each landed document of a year partition; mart suites run on the
new build after dbt and before publishing. A failed error-level expectation blocks
everything downstream (the publish step included); warnings are recorded and shown.
Each check keeps its outcomes as data — a landed document's in the lake, the build's in
its `landing.check_outcomes` — from which dbt models `marts.fct_check_result`.

No `from __future__ import annotations` here: Dagster inspects the context annotations.
"""

from collections.abc import Iterator
from datetime import UTC, datetime

import dagster as dg

from orchestration.defs.landing import report_landing
from orchestration.defs.resources import WarehouseFolders
from orchestration.planning import reports_by_year
from orchestration.quality.checks import check_mart_suites, check_report_document
from orchestration.quality.outcome_store import append_outcomes, checks_version, land_outcomes
from orchestration.quality.outcomes import ERROR, FAILED, CheckOutcome

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


def check_result(suite: str, key: dg.AssetKey, outcomes: list[CheckOutcome]) -> dg.AssetCheckResult:
    """One suite's outcomes as a Dagster check result (what the UI shows)."""
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
def landed_report_suites(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseFolders
) -> Iterator[dg.AssetCheckResult]:
    settings = warehouse.settings
    year = int(context.partition_key)
    version, now = checks_version(), datetime.now(UTC)
    by_suite: dict[str, list[CheckOutcome]] = {name: [] for name in LANDING_SUITES}
    for document in reports_by_year(settings).get(year, []):
        outcomes = check_report_document(settings.lake_dir, document, year, LANDING_SUITES)
        land_outcomes(
            settings.lake_dir, document.document_id, outcomes, context.run.run_id, now, version
        )
        for outcome in outcomes:
            by_suite[outcome.suite].append(outcome)
    for name, outcomes in by_suite.items():
        yield check_result(name, report_landing.key, outcomes)


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(name, asset=key, blocking=True, description=name)
        for name, key in MART_SUITES.items()
    ],
)
def mart_suites(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseFolders
) -> Iterator[dg.AssetCheckResult]:
    settings = warehouse.settings
    by_suite = check_mart_suites(settings.build_path, settings.published_path)
    outcomes = [o for suite in by_suite.values() for o in suite]
    append_outcomes(
        settings.build_path, outcomes, context.run.run_id, datetime.now(UTC), checks_version()
    )
    for name, key in MART_SUITES.items():
        yield check_result(name, key, by_suite[name])
