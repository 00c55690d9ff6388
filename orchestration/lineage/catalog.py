"""What a warehouse file holds, as lineage needs it: the columns of every relation, the
column lineage of a build kept up to date across dbt invocations, and the events kept
with an edition."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import duckdb

from orchestration.lineage.columns import (
    LINEAGE_TYPES,
    READER,
    SAVED_NAME,
    ModelLineage,
    load_lineage,
    model_lineage,
    relations_by_id,
    save_lineage,
)


def read_catalog(path: Path, schemas: Iterable[str] | None = None) -> dict[str, dict[str, str]]:
    """schema.name → {column: type} for every table and view of the file (read-only)."""
    wanted = set(schemas) if schemas is not None else None
    found: dict[str, dict[str, str]] = {}
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "select table_schema, table_name, column_name, data_type "
            "from information_schema.columns "
            "where table_catalog = current_database() "
            "order by table_schema, table_name, ordinal_position"
        ).fetchall()
    for schema, table, column, kind in rows:
        if wanted is None or schema in wanted:
            found.setdefault(f"{schema}.{table}", {})[column] = kind
    return found


def lineage_key(
    node: Mapping[str, Any],
    relations: Mapping[str, str],
    schemas: Mapping[str, Mapping[str, str]],
) -> str:
    """What a model's column lineage is read from: its compiled SQL and the columns of
    itself and its parents."""
    parents = sorted(
        relations[p] for p in node.get("depends_on", {}).get("nodes", []) if p in relations
    )
    own = relations.get(node.get("unique_id", ""), "")
    body = {
        "reader": READER,
        "sql": node.get("compiled_code") or "",
        "columns": {r: dict(schemas.get(r, {})) for r in [own, *parents]},
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def update_build_lineage(
    target_dir: Path,
    manifest: Mapping[str, Any],
    ran: Iterable[str],
    schemas: Mapping[str, Mapping[str, str]],
) -> dict[str, ModelLineage]:
    """The column lineage of the models one dbt invocation ran (`ran`: unique ids), merged
    into what the build's earlier invocations kept beside the manifest, and kept again.

    A build runs dbt more than once (the marts, then the record of the checks), and each
    invocation compiles only what it runs; models no longer in the project are dropped.
    """
    relations = relations_by_id(manifest)
    saved_path = target_dir / SAVED_NAME
    kept = load_lineage(saved_path, saved_path) or {}  # whatever this folder kept before
    nodes = manifest.get("nodes", {})
    keys = {
        relations[uid]: lineage_key(nodes[uid], relations, schemas)
        for uid in ran
        if nodes.get(uid, {}).get("resource_type") in LINEAGE_TYPES
    }
    # Reading SQL with sqlglot is most of what lineage costs: a model whose compiled SQL
    # and columns (its own and its parents') did not change keeps what was read before.
    fresh = {r: kept[r] for r, key in keys.items() if r in kept and kept[r].key == key}
    fresh |= model_lineage(manifest, schemas, only=set(keys) - set(fresh))
    for relation, model in fresh.items():
        model.key = keys.get(relation)
    models = {relations[u] for u, n in nodes.items() if n.get("resource_type") in LINEAGE_TYPES}
    merged = {r: m for r, m in kept.items() if r in models and r not in fresh} | fresh
    save_lineage(saved_path, merged)
    return merged


def landing_runs(path: Path) -> list[str]:
    """The Dagster runs that landed the documents a warehouse file holds."""
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "select distinct load_run_id from marts.dim_source_document "
            "where load_run_id is not null order by 1"
        ).fetchall()
    return [r[0] for r in rows]


def keep_with(target: Path, folders: Iterable[Path]) -> None:
    """Hard-link the events of these run folders under `target` (an edition), each in a
    folder of its run id; a file system without hard links gets copies."""
    for folder in folders:
        if not folder.is_dir():
            continue
        kept = target / folder.name
        kept.mkdir(parents=True, exist_ok=True)
        for event in sorted(folder.glob("*.json")):
            if (kept / event.name).exists():
                continue
            try:
                os.link(event, kept / event.name)
            except OSError:
                shutil.copy2(event, kept / event.name)
