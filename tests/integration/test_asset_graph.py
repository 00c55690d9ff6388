"""The Dagster asset graph, snapshotted: every wiring change shows up as a diff.

Regenerate after an intended change with `UPDATE_SNAPSHOTS=1 make test`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from orchestration.definitions import defs

SNAPSHOT = Path(__file__).resolve().parents[1] / "snapshots" / "asset_graph.json"


def current_graph() -> dict[str, object]:
    graph = defs.resolve_asset_graph()
    assets = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        assets[key.to_user_string()] = {
            "group": node.group_name,
            "deps": sorted(p.to_user_string() for p in node.parent_keys),
            "partitioned": node.partitions_def is not None,
            "checks": sorted(c.name for c in node.check_keys),
        }
    return {"assets": assets, "jobs": sorted(j.name for j in defs.resolve_all_job_defs())}


def test_the_asset_graph_matches_its_snapshot() -> None:
    graph = current_graph()
    if os.environ.get("UPDATE_SNAPSHOTS") or not SNAPSHOT.exists():
        SNAPSHOT.write_text(json.dumps(graph, ensure_ascii=False, indent=2) + "\n")
    assert graph == json.loads(SNAPSHOT.read_text())


# Marts that describe reviewed rules, not reported facts: they come from a seed only.
SEED_ONLY_MARTS = {
    "marts/dim_department": "seeds/departments",
    "marts/dim_kpi": "seeds/kpi_definitions",
}


def _ancestors(graph, key) -> set[str]:
    seen, frontier = set(), [key]
    while frontier:
        for parent in graph.get(frontier.pop()).parent_keys:
            if parent not in seen:
                seen.add(parent)
                frontier.append(parent)
    return {k.to_user_string() for k in seen}


def test_lineage_runs_from_the_source_files_through_landing_and_staging_to_every_mart() -> None:
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string(): k for k in graph.get_all_asset_keys()}
    marts = [k for k in keys if k.startswith("marts/")]
    contract = {
        "dim_source_document", "dim_period", "dim_priority", "dim_strategic_goal", "dim_task",
        "dim_project", "dim_department", "fct_implementation_entry", "bridge_entry_department",
    }  # fmt: skip
    assert {f"marts/{name}" for name in contract} <= set(marts)
    for mart in marts:
        ancestors = _ancestors(graph, keys[mart])
        if mart in SEED_ONLY_MARTS:  # reviewed data, not a report
            assert SEED_ONLY_MARTS[mart] in ancestors
            continue
        assert {"report_source_files", "report_landing"} <= ancestors, mart
        assert any(a.startswith("landing/report_") for a in ancestors), mart
        assert any(a.startswith("staging/stg_reports__") for a in ancestors), mart
    publish_parents = {
        p.to_user_string() for p in graph.get(keys["published_warehouse"]).parent_keys
    }
    assert set(marts) <= publish_parents


def test_the_published_models_tests_are_asset_checks_and_only_theirs() -> None:
    """The tests of marts and bi views are Dagster checks; staging and intermediate tests
    run in dbt and are recorded as data (test_pipeline), not as checks in the run log."""
    graph = defs.resolve_asset_graph()
    checked = {
        key.to_user_string().split("/")[0]
        for key in graph.get_all_asset_keys()
        if graph.get(key).check_keys and graph.get(key).group_name in {"marts", "bi"}
    }
    assert checked == {"marts", "bi"}
    for key in graph.get_all_asset_keys():
        if graph.get(key).group_name in {"staging", "intermediate", "seeds"}:
            assert not graph.get(key).check_keys, key.to_user_string()
    dim_project = graph.get(
        next(k for k in graph.get_all_asset_keys() if k.path == ["marts", "dim_project"])
    )
    assert any(c.name.startswith("relationships_") for c in dim_project.check_keys)
    # A key the table's contract enforces (not_null, primary_key) is no test: it could
    # never fail, the table would not be built.
    assert not any(c.name.startswith(("unique_", "not_null_")) for c in dim_project.check_keys)
