"""The tables and views of a warehouse file as OpenLineage datasets: their columns, the
checks recorded on them (landing and mart suites, by the dataset their suite is named
after) and, for dbt models, their column lineage."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from orchestration.lineage.columns import ModelLineage
from orchestration.lineage.events import Check, Dataset, table_dataset

MODELLED = ("marts", "bi", "intermediate", "staging")


def suite_relation(suite: str, relations: Iterable[str]) -> str | None:
    """The relation a suite checks: `report_lines` → landing.report_lines,
    `mart_dim_project` → marts.dim_project; None for a suite over several (e.g. dbt's)."""
    known = set(relations)
    for candidate in (f"landing.{suite}", f"marts.{suite.removeprefix('mart_')}"):
        if candidate in known:
            return candidate
    return None


def outcome_checks(outcomes: Iterable[Any], relations: Iterable[str]) -> dict[str, list[Check]]:
    """Check outcomes (orchestration.quality's records) as assertions, by relation."""
    relations = list(relations)
    found: dict[str, list[Check]] = {}
    for outcome in outcomes:
        relation = suite_relation(outcome.suite, relations)
        if relation is None:
            continue
        found.setdefault(relation, []).append(
            Check(
                assertion=outcome.check,
                success=outcome.status != "failed",
                name=f"{outcome.suite}.{outcome.check}",
                severity=outcome.severity,
                description=outcome.message or None,
                expected=outcome.threshold,
                actual=outcome.observed,
            )
        )
    return found


def published_tables(
    catalog: Mapping[str, Mapping[str, str]],
    outcomes: Iterable[Any] = (),
    lineage: Mapping[str, ModelLineage] | None = None,
) -> list[Dataset]:
    checks = outcome_checks(outcomes, catalog)
    models = {
        r: m for r, m in (lineage or {}).items() if r.split(".")[0] in MODELLED and r in catalog
    }
    return [
        table_dataset(
            relation,
            columns=[(name, kind, None) for name, kind in columns.items()],
            checks=checks.get(relation, ()),
            lineage=models[relation].columns if relation in models else None,
            indirect=models[relation].indirect if relation in models else (),
        )
        for relation, columns in sorted(catalog.items())
    ]
