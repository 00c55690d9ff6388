"""The dbt models a mart row passed through, from dbt's manifest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from orchestration.trace.model import PROJECT_NAME, ModelStep, TraceError


def model_chain(manifest: dict[str, Any], model: str) -> list[ModelStep]:
    """The mart and everything upstream of it, depth first, each node once."""
    nodes = {**manifest.get("nodes", {}), **manifest.get("sources", {})}
    start = f"model.{PROJECT_NAME}.{model}"
    if start not in nodes:
        raise TraceError(f"the dbt manifest has no model {model!r}")
    steps: list[ModelStep] = []
    seen: set[str] = set()

    def visit(unique_id: str, depth: int) -> None:
        if unique_id in seen or unique_id not in nodes:
            return
        seen.add(unique_id)
        node = nodes[unique_id]
        parents = tuple(node.get("depends_on", {}).get("nodes", []))
        if node["resource_type"] == "source":
            relation = f"{node['schema']}.{node['name']}"
        else:
            relation = f"{node.get('schema')}.{node.get('alias') or node['name']}"
        steps.append(
            ModelStep(
                unique_id=unique_id,
                resource_type=node["resource_type"],
                relation=relation,
                path=node.get("original_file_path"),
                depth=depth,
                depends_on=parents,
            )
        )
        for parent in parents:
            visit(parent, depth + 1)

    visit(start, 0)
    return steps


def _load_manifest(candidates: list[Path]) -> tuple[dict[str, Any] | None, Path | None]:
    for path in candidates:
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8")), path
    return None, None
