"""dbt's test results of a build, as check outcomes (from the invocation's run_results)."""

from __future__ import annotations

from typing import Any

from orchestration.quality.outcomes import ERROR, FAILED, PASSED, WARNING, CheckOutcome

_STATUS = {"pass": PASSED, "fail": FAILED, "warn": FAILED, "error": FAILED}


def dbt_test_outcomes(run_results: dict[str, Any], manifest: dict[str, Any]) -> list[CheckOutcome]:
    """One outcome per dbt data test and unit test of one dbt invocation."""
    nodes = {**manifest.get("nodes", {}), **manifest.get("unit_tests", {})}
    outcomes = []
    for result in run_results.get("results", []):
        unique_id = result["unique_id"]
        if not unique_id.startswith(("test.", "unit_test.")):
            continue
        node = nodes.get(unique_id, {})
        severity = str(node.get("config", {}).get("severity", "error")).lower()
        failures = result.get("failures")
        outcomes.append(
            CheckOutcome(
                suite="dbt",
                check=node.get("name") or unique_id.split(".")[-1],
                severity=ERROR if severity == "error" else WARNING,
                status=_STATUS.get(result["status"], FAILED),
                message=(node.get("description") or result.get("message") or "dbt test").strip(),
                observed=None if failures is None else f"{failures} failing rows",
                threshold="0 failing rows",
            )
        )
    return outcomes
