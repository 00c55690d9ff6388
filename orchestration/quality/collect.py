"""Every check outcome of the current load: landing suites, dbt tests, mart suites.

Written into the build as `marts.fct_check_result` before it is published, so an
auditor finds in each edition what was checked for it.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb

from orchestration.ingest.documents import SourceDocument
from orchestration.quality.dbt_results import dbt_test_outcomes
from orchestration.quality.outcomes import CheckOutcome, load_outcomes
from orchestration.settings import Settings


def landing_outcomes(settings: Settings, documents: list[SourceDocument]) -> list[CheckOutcome]:
    from orchestration.defs.quality import landing_outcomes_path

    found: list[CheckOutcome] = []
    for document in documents:
        found.extend(load_outcomes(landing_outcomes_path(settings, document.document_id)))
    return found


def build_outcomes(settings: Settings) -> list[CheckOutcome]:
    """dbt tests and mart suites of the last build."""
    from orchestration.defs.quality import marts_outcomes_path

    built = settings.build_path if settings.build_path.exists() else settings.published_path
    return dbt_test_outcomes(settings.dbt_target_dir, built) + load_outcomes(
        marts_outcomes_path(settings)
    )


CHECK_RESULT_DDL = """
create or replace table marts.fct_check_result (
    run_id varchar not null,
    checked_at timestamp not null,
    layer varchar not null,
    suite varchar not null,
    check_name varchar not null,
    severity varchar not null,
    status varchar not null,
    observed_value varchar,
    threshold varchar,
    message varchar,
    document_id varchar,
    source_path varchar,
    report_year integer,
    locations varchar,
    override_reason varchar
)
"""

# Kept in the file as DuckDB comments, like the dbt marts' descriptions: BI tools and
# the Parquet export's manifest show them.
CHECK_RESULT_COMMENTS = {
    "": "One row per check per document of the load that published this edition: "
    "landing suites, dbt tests and mart suites, with what was found and where.",
    "run_id": "The Dagster run that published the edition.",
    "checked_at": "When the outcomes were written (UTC).",
    "layer": "'landing', 'dbt' or 'marts'.",
    "suite": "The suite (dataset) of the check, e.g. 'report_entries'; 'dbt' for dbt tests.",
    "check_name": "The rule's name, stable across runs.",
    "severity": "'error' stops a load; 'warning' is published and shown.",
    "status": "'passed', 'failed' or 'overridden' (accepted in expectations/overrides.csv).",
    "observed_value": "What was found (a count, a fraction, a list).",
    "threshold": "What the rule allows.",
    "message": "What the rule means, in the analyst's words.",
    "document_id": "sha256 of the source document checked; NULL for checks of the whole build.",
    "source_path": "Path of that document relative to the repository root.",
    "report_year": "The report year checked.",
    "locations": "JSON list of 'file:line: what' items where the check failed.",
    "override_reason": "Why a failure was accepted, for 'overridden' outcomes.",
}


def _layer(outcome: CheckOutcome) -> str:
    if outcome.suite == "dbt":
        return "dbt"
    return "marts" if outcome.suite.startswith("mart_") else "landing"


def write_check_results(
    build_path: Path, outcomes: list[CheckOutcome], run_id: str, checked_at: datetime
) -> int:
    """One row per check per document of this load, in the build about to be published."""
    rows = [
        (
            run_id,
            checked_at.replace(tzinfo=None),
            _layer(o),
            o.suite,
            o.check,
            o.severity,
            o.status,
            o.observed,
            o.threshold,
            o.message,
            o.document_id,
            o.source_path,
            o.report_year,
            json.dumps(list(o.locations), ensure_ascii=False) if o.locations else None,
            o.override_reason,
        )
        for o in outcomes
    ]
    with duckdb.connect(str(build_path)) as con:
        con.execute(CHECK_RESULT_DDL)
        for column, comment in CHECK_RESULT_COMMENTS.items():
            target = (
                f"column marts.fct_check_result.{column}"
                if column
                else "table marts.fct_check_result"
            )
            con.execute(f"comment on {target} is '{comment.replace(chr(39), chr(39) * 2)}'")
        if rows:
            con.executemany(
                "insert into marts.fct_check_result values "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
    return len(rows)
