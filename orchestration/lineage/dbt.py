"""The OpenLineage events of one dbt invocation: a START and a COMPLETE or FAIL per model
and seed it ran, at the times dbt recorded (run_results.json), with the model's parents
as inputs and the model itself as output — its columns, the dbt tests that ran on it
and its column lineage. A seed's input is its CSV file with the sha256 dbt computed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from openlineage.client.event_v2 import RunState

from orchestration.lineage.columns import ModelLineage, manifest_nodes, relations_by_id
from orchestration.lineage.events import (
    Check,
    Dataset,
    LineageRecorder,
    Step,
    file_dataset,
    step_run_id,
    table_dataset,
)

WRITTEN = ("model", "seed", "snapshot")
_FAILED = {"error", "fail", "runtime error"}


def dbt_checks(
    run_results: Mapping[str, Any], manifest: Mapping[str, Any]
) -> dict[str, list[Check]]:
    """The dbt tests of an invocation, by the relation they test, and the constraints of
    each table dbt built under an enforced contract (they held: it was built)."""
    nodes = {**manifest_nodes(manifest), **manifest.get("unit_tests", {})}
    relations = relations_by_id(manifest)
    found: dict[str, list[Check]] = {}
    for result in run_results.get("results", []):
        uid = result["unique_id"]
        held = _enforced(nodes.get(uid, {})) if result.get("status") == "success" else []
        if held and uid in relations:
            found.setdefault(relations[uid], []).extend(held)
        if not uid.startswith(("test.", "unit_test.")):
            continue
        node = nodes.get(uid, {})
        tested = node.get("attached_node") or next(
            (p for p in node.get("depends_on", {}).get("nodes", []) if p in relations), None
        )
        if tested not in relations:
            continue
        kind = (node.get("test_metadata") or {}).get("name")
        if kind is None:
            kind = "unit_test" if uid.startswith("unit_test.") else "custom_sql"
        failures = result.get("failures")
        found.setdefault(relations[tested], []).append(
            Check(
                assertion=kind,
                success=result.get("status") == "pass",
                name=node.get("name") or uid.rsplit(".", 1)[-1],
                column=node.get("column_name") or None,
                severity=str(node.get("config", {}).get("severity", "error")).lower(),
                description=(node.get("description") or None),
                expected="0 failing rows" if failures is not None else None,
                actual=None if failures is None else f"{failures} failing rows",
            )
        )
    return found


def _enforced(node: Mapping[str, Any]) -> list[Check]:
    """A built table's enforced column constraints, as assertions that held."""
    if not (node.get("contract") or {}).get("enforced"):
        return []
    return [
        Check(
            assertion=constraint["type"],
            success=True,
            name=f"{node.get('name')}.{column}.{constraint['type']} (contract)",
            column=column,
            severity="error",
            description="enforced by the table's contract: the table is not built otherwise",
        )
        for column, spec in (node.get("columns") or {}).items()
        for constraint in spec.get("constraints") or []
        if constraint.get("type") in {"not_null", "primary_key", "unique"}
    ]


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def _times(result: Mapping[str, Any], fallback: datetime) -> tuple[datetime, datetime]:
    timing = {t.get("name"): t for t in result.get("timing") or []}
    first = timing.get("compile") or timing.get("execute") or {}
    last = timing.get("execute") or timing.get("compile") or {}
    start = _time(first.get("started_at")) or fallback
    return start, _time(last.get("completed_at")) or start


def _columns(
    node: Mapping[str, Any], catalog: Mapping[str, str] | None
) -> list[tuple[str, str | None, str | None]]:
    """The built relation's columns (the warehouse's catalog), else those the YAML declares."""
    declared = {k.lower(): v for k, v in (node.get("columns") or {}).items()}
    names = list(catalog) if catalog else list(node.get("columns") or {})
    return [
        (
            name,
            (catalog or {}).get(name) or declared.get(name.lower(), {}).get("data_type"),
            declared.get(name.lower(), {}).get("description") or None,
        )
        for name in names
    ]


def write_dbt_events(
    recorder: LineageRecorder,
    run_results: Mapping[str, Any],
    manifest: Mapping[str, Any],
    lineage: Mapping[str, ModelLineage],
    schemas: Mapping[str, Mapping[str, str]],
    project_dir: Path,
    ended: datetime,
) -> int:
    """Write the events of every model and seed the invocation ran; returns their number."""
    nodes = manifest_nodes(manifest)
    relations = relations_by_id(manifest)
    checks = dbt_checks(run_results, manifest)
    written = 0
    for result in run_results.get("results", []):
        uid = result["unique_id"]
        node = nodes.get(uid)
        if node is None or node.get("resource_type") not in WRITTEN:
            continue
        if result.get("status") == "skipped":  # never started: nothing to report
            continue
        relation = relations[uid]
        kind = node["resource_type"]
        if kind == "seed":
            checksum = node.get("checksum") or {}
            inputs = [
                file_dataset(
                    project_dir / node["original_file_path"],
                    sha256=checksum.get("checksum") if checksum.get("name") == "sha256" else None,
                )
            ]
        else:
            inputs = [
                table_dataset(relations[p])
                for p in node.get("depends_on", {}).get("nodes", [])
                if p in relations
            ]
        model = lineage.get(relation)
        output: Dataset = table_dataset(
            relation,
            columns=_columns(node, schemas.get(relation)),
            checks=checks.get(relation, ()),
            lineage=model.columns if model is not None and kind != "seed" else None,
            indirect=model.indirect if model is not None and kind != "seed" else (),
        )
        name = f"dbt.{relation}"
        step = Step(
            name,
            step_run_id(recorder.parent_run_id, name),
            "DBT",
            kind.upper(),
            inputs=inputs,
            outputs=[output],
        )
        start, end = _times(result, ended)
        recorder.emit(step, RunState.START, start)
        if result.get("status") in _FAILED:
            message = result.get("message") or f"dbt {kind} {relation} failed"
            recorder.emit(step, RunState.FAIL, end, error=str(message))
        else:
            recorder.emit(step, RunState.COMPLETE, end)
        written += 2
    return written
