"""Column lineage of the dbt models, parsed from their compiled SQL with sqlglot.

For every model, each output column is mapped to the columns of the relations it
selects from (its direct parents: models, seeds, landing sources). The chain
down to the landing tables is these direct links followed upwards
(`column_chain`). Nothing is listed by hand: models, relations and columns come
from dbt's manifest and from the warehouse file's own catalog, so a model or a
column added tomorrow has lineage without a change here.

The approach is dagster-dbt's (which shows the same links in the Dagster UI):
qualify the compiled SQL against the parents' schemas, then follow each output
column to the leaves of sqlglot's lineage graph.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DIALECT = "duckdb"
LINEAGE_TYPES = ("model", "snapshot")
SAVED_NAME = "column_lineage.json"  # beside dbt's manifest in the build's target folder
READER = 2  # what is read from the SQL: bump it to read every model again


@dataclass(frozen=True, slots=True, order=True)
class ColumnRef:
    relation: str  # schema.table as queried in the warehouse file
    column: str

    def __str__(self) -> str:
        return f"{self.relation}.{self.column}"


@dataclass
class ModelLineage:
    """What each column of one model is computed from."""

    unique_id: str
    relation: str
    columns: dict[str, list[ColumnRef]] = field(default_factory=dict)
    error: str | None = None  # why the SQL could not be followed, if it could not
    key: str | None = None  # what it was read from (see lineage.catalog), to reuse it
    # Columns of its parents that choose its rows (joins, filters, grouping) without being
    # any column's value: OpenLineage's indirect, dataset-wide lineage.
    indirect: list[ColumnRef] = field(default_factory=list)


def relation_of(node: Mapping[str, Any]) -> str:
    """schema.name of a manifest node or source, as the warehouse file names it."""
    if node.get("resource_type") == "source":
        return f"{node['schema']}.{node.get('identifier') or node['name']}"
    return f"{node['schema']}.{node.get('alias') or node['name']}"


def manifest_nodes(manifest: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {**manifest.get("nodes", {}), **manifest.get("sources", {})}


def relations_by_id(manifest: Mapping[str, Any]) -> dict[str, str]:
    """unique_id → schema.name for every model, seed, snapshot and source."""
    return {
        uid: relation_of(node)
        for uid, node in manifest_nodes(manifest).items()
        if node.get("resource_type") in ("model", "seed", "snapshot", "source")
    }


def model_lineage(
    manifest: Mapping[str, Any],
    schemas: Mapping[str, Mapping[str, str]],
    compiled_sql: Mapping[str, str] | None = None,
    only: set[str] | None = None,
) -> dict[str, ModelLineage]:
    """Column lineage of every model in the manifest (or of the relations in `only`),
    keyed by its relation (schema.name).

    `schemas` maps schema.name → {column: type} for the relations of the warehouse file;
    `compiled_sql` overrides the manifest's compiled code (unique_id → SQL).
    """
    nodes = manifest_nodes(manifest)
    relations = relations_by_id(manifest)
    found: dict[str, ModelLineage] = {}
    for uid, node in sorted(nodes.items()):
        if node.get("resource_type") not in LINEAGE_TYPES:
            continue
        relation = relations[uid]
        if only is not None and relation not in only:
            continue
        sql = (compiled_sql or {}).get(uid) or node.get("compiled_code")
        result = ModelLineage(uid, relation)
        found[relation] = result
        if not sql:
            result.error = "no compiled SQL (the model was not compiled in this build)"
            continue
        parents = {
            nodes[p]["relation_name"]: relations[p]
            for p in node.get("depends_on", {}).get("nodes", [])
            if p in relations and nodes[p].get("relation_name")
        }
        try:
            result.columns, referenced = _columns_of(sql, parents, schemas, schemas.get(relation))
            direct = {ref for refs in result.columns.values() for ref in refs}
            result.indirect = sorted(referenced - direct)
        except Exception as error:  # one unreadable model must not hide the others
            result.error = f"matched by column name: {type(error).__name__}: {error}"
            result.columns = _by_name(parents.values(), schemas, schemas.get(relation) or {})
            log.info("column lineage of %s matched by name: %s", relation, result.error)
    return found


def _columns_of(
    sql: str,
    parents: Mapping[str, str],
    schemas: Mapping[str, Mapping[str, str]],
    own_columns: Mapping[str, str] | None,
) -> tuple[dict[str, list[ColumnRef]], set[ColumnRef]]:
    """Each output column's source columns, and every parent column the query reads."""
    from sqlglot import exp, parse_one
    from sqlglot.lineage import lineage
    from sqlglot.optimizer import optimize
    from sqlglot.optimizer.scope import traverse_scope
    from sqlglot.schema import MappingSchema

    schema = MappingSchema(dialect=DIALECT)
    by_table: dict[tuple[str, str], str] = {}
    for relation_name, relation in parents.items():
        table = exp.to_table(relation_name, dialect=DIALECT)
        columns = schemas.get(relation)
        if columns:
            schema.add_table(table, column_mapping=dict(columns), dialect=DIALECT)
        by_table[(table.db.lower(), table.name.lower())] = relation
    optimized = optimize(parse_one(sql, dialect=DIALECT), schema=schema, dialect=DIALECT)
    # Every column read straight from a parent, in any part of the query (the optimizer has
    # dropped what nothing uses): a select, a join condition, a filter, a grouping.
    referenced: set[ColumnRef] = set()
    for scope in traverse_scope(optimized):
        for column in scope.columns:
            source = scope.sources.get(column.table)
            if isinstance(source, exp.Table):
                relation = by_table.get((source.db.lower(), source.name.lower()))
                if relation is not None:
                    referenced.add(ColumnRef(relation, column.name.lower()))
    # Re-parsed from text: sqlglot's lineage expects the form the parser gives (as dagster-dbt
    # found), and needs no copy of a tree nobody else holds.
    reparsed = parse_one(optimized.sql(dialect=DIALECT), dialect=DIALECT)
    nodes = lineage(None, reparsed, schema=schema, dialect=DIALECT, copy=False, trim_selects=False)
    wanted = {c.lower() for c in own_columns} if own_columns else None
    out: dict[str, list[ColumnRef]] = {}
    for name, root in nodes.items():
        column = name.lower()
        if wanted is not None and column not in wanted:
            continue
        refs: set[ColumnRef] = set()
        for node in root.walk():
            if node.downstream:
                continue
            table = node.expression.find(exp.Table)
            if table is None:
                continue
            relation = by_table.get((table.db.lower(), table.name.lower()))
            if relation is not None:
                refs.add(ColumnRef(relation, exp.to_column(node.name).name.lower()))
        out[column] = sorted(refs)
    for column in wanted or ():
        out.setdefault(column, [])  # a constant or a column sqlglot cannot name
    return out, referenced


def _by_name(
    parents: Iterable[str], schemas: Mapping[str, Mapping[str, str]], own: Mapping[str, str]
) -> dict[str, list[ColumnRef]]:
    """SQL sqlglot cannot follow (DuckDB's `columns(* exclude …)` in an unpivot): each
    column is linked to the parents' columns of the same name, and the model says so."""
    return {
        column.lower(): sorted(
            ColumnRef(p, column.lower())
            for p in parents
            if column.lower() in {c.lower() for c in schemas.get(p, {})}
        )
        for column in own
    }


@dataclass(frozen=True, slots=True)
class ChainStep:
    ref: ColumnRef
    depth: int
    inputs: tuple[ColumnRef, ...]  # empty at a landing table, a seed or a constant


def column_chain(lineage: Mapping[str, ModelLineage], start: ColumnRef) -> list[ChainStep]:
    """The column and every column it is computed from, depth first, each once."""
    steps: list[ChainStep] = []
    seen: set[ColumnRef] = set()

    def visit(ref: ColumnRef, depth: int) -> None:
        if ref in seen:
            return
        seen.add(ref)
        model = lineage.get(ref.relation)
        inputs = tuple(model.columns.get(ref.column, ())) if model else ()
        steps.append(ChainStep(ref, depth, inputs))
        for parent in inputs:
            visit(parent, depth + 1)

    visit(start, 0)
    return steps


def leaves(steps: Iterable[ChainStep]) -> list[ColumnRef]:
    """The columns a chain ends at: landing tables, seeds (and constants' models)."""
    return sorted({s.ref for s in steps if not s.inputs})


def save_lineage(path: Path, lineage: Mapping[str, ModelLineage]) -> None:
    """Kept beside the manifest it was read from, so the refresh's events reuse it."""
    body = {
        relation: {
            "unique_id": model.unique_id,
            "error": model.error,
            "key": model.key,
            "indirect": [str(r) for r in model.indirect],
            "columns": {c: [str(r) for r in refs] for c, refs in model.columns.items()},
        }
        for relation, model in lineage.items()
    }
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")


def load_lineage(path: Path, manifest_path: Path) -> dict[str, ModelLineage] | None:
    """What `save_lineage` kept, if it was kept after the manifest was last written."""
    if not path.exists() or not manifest_path.exists():
        return None
    if path.stat().st_mtime < manifest_path.stat().st_mtime:
        return None
    found = {}
    for relation, body in json.loads(path.read_text(encoding="utf-8")).items():
        columns = {
            column: [ColumnRef(*ref.rsplit(".", 1)) for ref in refs]
            for column, refs in body["columns"].items()
        }
        indirect = [ColumnRef(*ref.rsplit(".", 1)) for ref in body.get("indirect", [])]
        found[relation] = ModelLineage(
            body["unique_id"], relation, columns, body["error"], body.get("key"), indirect
        )
    return found
