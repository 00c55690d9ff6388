"""The outcome of one check, in the form every consumer shares.

Dagster asset checks, the CLI, the HTML validation report and the warehouse
table `marts.fct_check_result` all read these records, so an analyst, a BI user
and an auditor see the same verdict with the same words.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ERROR, WARNING = "error", "warning"
PASSED, FAILED, OVERRIDDEN = "passed", "failed", "overridden"
SEVERITIES, STATUSES = (ERROR, WARNING), (PASSED, FAILED, OVERRIDDEN)


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    suite: str  # the suite (dataset) the check belongs to, e.g. 'report_entries'
    check: str  # the rule's name, stable across runs
    severity: str  # 'error' stops a load; 'warning' is recorded and shown
    status: str  # 'passed' | 'failed' | 'overridden'
    message: str  # what the rule means, in the analyst's words
    observed: str | None = None  # what was found (a count, a fraction, a list)
    threshold: str | None = None  # what the rule allows
    document_id: str | None = None
    source_path: str | None = None
    report_year: int | None = None
    locations: tuple[str, ...] = field(default_factory=tuple)  # "file:line: what" items
    override_reason: str | None = None

    def __post_init__(self) -> None:
        # Checked when made: `marts.fct_check_result` shows every outcome a load records,
        # also those appended after dbt's tests on it have run.
        if self.status not in STATUSES:
            raise ValueError(
                f"{self.suite}.{self.check}: status {self.status!r} is not one of {STATUSES}"
            )
        if self.severity not in SEVERITIES:
            raise ValueError(
                f"{self.suite}.{self.check}: severity {self.severity!r} is not one of {SEVERITIES}"
            )

    @property
    def blocks(self) -> bool:
        return self.status == FAILED and self.severity == ERROR

    def explain(self, limit: int = 20) -> str:
        """One paragraph for the terminal: rule, what was found, where, what to do."""
        head = f"[{self.severity}] {self.suite}.{self.check}: {self.message}"
        if self.observed is not None:
            head += f" (found {self.observed}"
            head += f"; allowed {self.threshold})" if self.threshold is not None else ")"
        lines = [head, *(f"  {loc}" for loc in self.locations[:limit])]
        if len(self.locations) > limit:
            lines.append(f"  … and {len(self.locations) - limit} more")
        if self.override_reason:
            lines.append(f"  accepted by override: {self.override_reason}")
        return "\n".join(lines)


def save_outcomes(path: Path, outcomes: list[CheckOutcome]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [asdict(o) for o in outcomes]
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


def load_outcomes(path: Path) -> list[CheckOutcome]:
    if not path.exists():
        return []
    rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return [CheckOutcome(**{**r, "locations": tuple(r.get("locations") or ())}) for r in rows]


def summarize(outcomes: list[CheckOutcome]) -> dict[str, int]:
    """Counts by status and, for failures, by severity (for manifests and summaries)."""
    counts = {PASSED: 0, FAILED: 0, OVERRIDDEN: 0, "errors": 0, "warnings": 0}
    for outcome in outcomes:
        counts[outcome.status] += 1
        if outcome.status == FAILED:
            counts["errors" if outcome.severity == ERROR else "warnings"] += 1
    return counts
