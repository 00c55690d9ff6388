"""Check outcomes are checked when they are made: `marts.fct_check_result` is a view that
also shows the outcomes appended after dbt's tests on it ran, so no outcome with a status
or severity outside the published vocabulary can be recorded at all."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from orchestration.quality.outcome_store import outcomes_table
from orchestration.quality.outcomes import SEVERITIES, STATUSES, CheckOutcome


def outcome(**changes: str) -> CheckOutcome:
    return CheckOutcome(
        **{"suite": "mart_volume", "check": "rows", "severity": "error", "status": "passed"}
        | {"message": "rows are kept"}
        | changes
    )


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("severity", SEVERITIES)
def test_every_published_status_and_severity_is_accepted(status: str, severity: str) -> None:
    assert outcome(status=status, severity=severity).status == status


@pytest.mark.parametrize(
    ("field", "value"), [("status", "warn"), ("status", "PASSED"), ("severity", "fatal")]
)
def test_a_status_or_severity_outside_the_vocabulary_is_refused(field: str, value: str) -> None:
    with pytest.raises(ValueError, match=f"mart_volume.rows: {field} '{value}' is not one of"):
        outcome(**{field: value})


def test_the_layer_of_each_outcome_is_one_of_three() -> None:
    outcomes = [outcome(), outcome(suite="dbt"), outcome(suite="report_entries")]
    table = outcomes_table(outcomes, "run", datetime.now(UTC), "v1")
    assert table.column("layer").to_pylist() == ["marts", "dbt", "landing"]
