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

    return dbt_test_outcomes(settings.dbt_target_dir) + load_outcomes(marts_outcomes_path(settings))


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
        if rows:
            con.executemany(
                "insert into marts.fct_check_result values "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
    return len(rows)
