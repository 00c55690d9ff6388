"""`warehouse trace --column schema.table.column`: what a column of a mart or a `bi` view is
computed from, column by column, down to the landing tables and seeds.

The links are the ones the build read from its compiled SQL (orchestration/lineage/columns.py)
and kept as `column_lineage.json` with each edition; nothing is parsed again here.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.editions import edition_of, find_edition
from orchestration.lineage.columns import (
    SAVED_NAME,
    ChainStep,
    ColumnRef,
    ModelLineage,
    column_chain,
    leaves,
    load_lineage,
)
from orchestration.settings import Settings
from orchestration.trace.model import TraceError


@dataclass(frozen=True)
class ColumnTrace:
    start: ColumnRef
    lineage_file: Path
    steps: list[ChainStep]
    edition: str | None
    note: str | None = None  # when the model's SQL was matched by column name
    # Columns that choose the rows along the chain (joins, filters, grouping), and the
    # landing tables and seeds those come from.
    rows_chosen_by: list[ColumnRef] = field(default_factory=list)
    rows_come_from: list[ColumnRef] = field(default_factory=list)

    @property
    def leaves(self) -> list[ColumnRef]:
        return leaves(self.steps)

    def to_json(self) -> str:
        return json.dumps(
            {
                "column": str(self.start),
                "edition": self.edition,
                "lineage_file": str(self.lineage_file),
                "chain": [
                    {"column": str(s.ref), "depth": s.depth, "from": [str(r) for r in s.inputs]}
                    for s in self.steps
                ],
                "comes_from": [str(r) for r in self.leaves],
                "rows_chosen_by": [str(r) for r in self.rows_chosen_by],
                "rows_come_from": [str(r) for r in self.rows_come_from],
                "note": self.note,
            },
            ensure_ascii=False,
            indent=2,
        )


def lineage_file(settings: Settings, edition: str | None) -> tuple[Path, str | None]:
    """The column lineage kept with the edition asked for (or the published one), else
    the last build's."""
    found = (
        find_edition(settings, edition)
        if edition
        else edition_of(settings, settings.published_path)
        if settings.published_path.exists()
        else None
    )
    candidates = [found.path.with_name(SAVED_NAME)] if found else []
    if not edition:
        candidates.append(settings.dbt_target_dir / SAVED_NAME)
    for path in candidates:
        if path.exists():
            return path, found.stamp if found else None
    raise TraceError(
        "no column lineage is kept for "
        + (f"the edition of {edition}" if edition else "the published warehouse")
        + " (it is written by each refresh since lineage was added); run `warehouse refresh`"
    )


def _parse(column: str) -> ColumnRef:
    parts = column.strip().lower().split(".")
    if len(parts) != 3 or not all(parts):
        raise TraceError(
            f"{column!r}: give the column as schema.table.column, "
            "e.g. marts.fct_project_status.status"
        )
    return ColumnRef(f"{parts[0]}.{parts[1]}", parts[2])


def _check_known(ref: ColumnRef, lineage: dict[str, ModelLineage]) -> None:
    model = lineage.get(ref.relation)
    if model is None:
        near = difflib.get_close_matches(ref.relation, sorted(lineage), n=5, cutoff=0.5)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise TraceError(f"{ref.relation} is not a dbt model of the warehouse{hint}")
    if ref.column not in model.columns:
        names = sorted(model.columns)
        near = difflib.get_close_matches(ref.column, names, n=5, cutoff=0.5) or names[:10]
        raise TraceError(
            f"{ref.relation} has no column {ref.column!r}; near names: "
            + ", ".join(f"{ref.relation}.{n}" for n in near)
        )


def trace_column(settings: Settings, column: str, edition: str | None = None) -> ColumnTrace:
    start = _parse(column)
    path, stamp = lineage_file(settings, edition)
    lineage = load_lineage(path, path) or {}
    _check_known(start, lineage)
    steps = column_chain(lineage, start)
    guessed = sorted(
        {s.ref.relation for s in steps if (m := lineage.get(s.ref.relation)) and m.error}
    )
    note = (
        "matched by column name where sqlglot could not read the SQL: " + ", ".join(guessed)
        if guessed
        else None
    )
    models = dict.fromkeys(s.ref.relation for s in steps if s.ref.relation in lineage)
    chosen = sorted({ref for relation in models for ref in lineage[relation].indirect})
    reached = {  # a model's column that ends a chain is a constant: not where rows come from
        leaf
        for ref in chosen
        for leaf in leaves(column_chain(lineage, ref))
        if leaf.relation not in lineage
    }
    return ColumnTrace(
        start, path, steps, stamp, note, chosen, sorted(reached - set(leaves(steps)))
    )


def render_column(result: ColumnTrace, settings: Settings) -> str:
    where = f"edition {result.edition}" if result.edition else "the last build"
    lines = [
        f"{result.start}  (column lineage of {where}: {settings.relative(result.lineage_file)})",
        "",
    ]
    for step in result.steps:
        arrow = "" if step.depth == 0 else "← "
        tail = "" if step.inputs or step.depth == 0 else "   (landing table, seed or constant)"
        lines.append(f"{'  ' * step.depth}{arrow}{step.ref}{tail}")
    lines += ["", "Comes from:"]
    lines += [f"  {ref}" for ref in result.leaves] or ["  (constants only)"]
    if result.rows_come_from:
        lines += ["", "Which rows, chosen by joins, filters and grouping along the way, from:"]
        lines += [f"  {ref}" for ref in result.rows_come_from]
    if result.note:
        lines += ["", f"note: {result.note}"]
    return "\n".join(lines)
