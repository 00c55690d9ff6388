"""dbt's test results of a build, as check outcomes (read from run_results.json)."""

from __future__ import annotations

import json
from pathlib import Path

from orchestration.quality.outcomes import ERROR, FAILED, PASSED, WARNING, CheckOutcome

_STATUS = {"pass": PASSED, "fail": FAILED, "warn": FAILED, "error": FAILED}


def dbt_test_outcomes(target_dir: Path) -> list[CheckOutcome]:
    """One outcome per dbt data test and unit test of the last build in `target_dir`."""
    results_path, manifest_path = target_dir / "run_results.json", target_dir / "manifest.json"
    if not results_path.exists() or not manifest_path.exists():
        return []
    results = json.loads(results_path.read_text(encoding="utf-8"))["results"]
    nodes = json.loads(manifest_path.read_text(encoding="utf-8"))
    nodes = {**nodes.get("nodes", {}), **nodes.get("unit_tests", {})}
    outcomes = []
    for result in results:
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
