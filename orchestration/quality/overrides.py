"""Overrides: a failure a human has looked at and accepted, written down.

`expectations/overrides.csv` is reviewed like code: which check, for which report
year, why, who accepted it and when. A matching failure is recorded as
'overridden' with that reason (in the CLI output, the validation report and
`marts.fct_check_result`) instead of stopping the load; nothing is accepted
silently or from the command line alone.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from pathlib import Path

from orchestration.quality.outcomes import FAILED, OVERRIDDEN, CheckOutcome
from orchestration.settings import PROJECT_ROOT

OVERRIDES_CSV = PROJECT_ROOT / "expectations" / "overrides.csv"
COLUMNS = ("suite", "check", "report_year", "reason", "accepted_by", "accepted_on")


@dataclass(frozen=True, slots=True)
class Override:
    suite: str
    check: str
    report_year: str  # a year, or '*' for every year
    reason: str
    accepted_by: str
    accepted_on: str

    def matches(self, outcome: CheckOutcome) -> bool:
        year_ok = self.report_year == "*" or str(outcome.report_year) == self.report_year
        return outcome.suite == self.suite and outcome.check == self.check and year_ok


def load_overrides(path: Path | None = None) -> list[Override]:
    path = path or OVERRIDES_CSV
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing columns {sorted(missing)}")
        overrides = []
        for number, row in enumerate(reader, start=2):
            if not (row["reason"] or "").strip() or not (row["accepted_by"] or "").strip():
                raise ValueError(f"{path}:{number}: an override needs a reason and who accepted it")
            overrides.append(Override(**{c: (row[c] or "").strip() for c in COLUMNS}))
        return overrides


def apply_overrides(outcomes: list[CheckOutcome], overrides: list[Override]) -> list[CheckOutcome]:
    result = []
    for outcome in outcomes:
        match = next(
            (o for o in overrides if outcome.status == FAILED and o.matches(outcome)), None
        )
        if match is None:
            result.append(outcome)
        else:
            reason = f"{match.reason} ({match.accepted_by}, {match.accepted_on})"
            result.append(replace(outcome, status=OVERRIDDEN, override_reason=reason))
    return result
