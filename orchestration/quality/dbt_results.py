"""dbt's test results of a build, as check outcomes (from the invocation's run_results).

A failing or warning test that keeps its rows (store_failures, schema `audit`) names
them as the outcome's locations, so the warning itself says which row is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from orchestration.quality.outcomes import ERROR, FAILED, PASSED, WARNING, CheckOutcome

_STATUS = {"pass": PASSED, "fail": FAILED, "warn": FAILED, "error": FAILED}


def _stored_rows(database: Path | None, node: dict, limit: int = 20) -> tuple[str, ...]:
    """A test's kept failing rows, one readable line each (its `what_to_do` when it has one)."""
    kept = node.get("config", {}).get("store_failures")
    if database is None or not database.exists() or not kept:
        return ()
    table = f'"{node.get("schema", "audit")}"."{node.get("alias") or node.get("name")}"'
    try:
        with duckdb.connect(str(database), read_only=True) as con:
            cursor = con.execute(f"select * from {table} limit {limit}")
            columns = [d[0] for d in cursor.description]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    except duckdb.Error:
        return ()
    lines = []
    for row in rows:
        where = (
            f"{row['source_path']}:{row['line_number']}: "
            if row.get("source_path") and row.get("line_number")
            else ""
        )
        what = " · ".join(str(v) for k, v in row.items() if k != "what_to_do" and v is not None)
        todo = f" — {row['what_to_do']}" if row.get("what_to_do") else ""
        lines.append(f"{where}{what}{todo}")
    return tuple(lines)


def dbt_test_outcomes(
    run_results: dict[str, Any], manifest: dict[str, Any], database: Path | None = None
) -> list[CheckOutcome]:
    """One outcome per dbt data test and unit test of one dbt invocation.

    `database` is the file the build wrote (where the kept failing rows are).
    """
    nodes = {**manifest.get("nodes", {}), **manifest.get("unit_tests", {})}
    results = run_results.get("results", [])
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
                locations=(
                    _stored_rows(database, node) if result["status"] in ("warn", "fail") else ()
                ),
            )
        )
    return outcomes
