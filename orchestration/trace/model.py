"""What a trace is made of: the model steps, the source check, the whole chain."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

PROJECT_NAME = "strategy_warehouse"
FIGURE_MART = "fct_reported_figure"
ENTRY_MART = "fct_implementation_entry"
STATUS_MART = "fct_project_status"
KPI_MART = "fct_kpi_value"
KPI_ENTRIES = "bridge_kpi_value_entry"  # the entries an implementation KPI value counts
ENTRY_PREFIX = "entry:"
STATUS_PREFIX = "status:"
KPI_PREFIX = "kpi:"
_FIGURE_ID = re.compile(r"[0-9a-f]{6,32}")


class TraceError(LookupError):
    """What was asked for cannot be traced; the message says why and what to try."""


@dataclass(frozen=True, slots=True)
class ModelStep:
    """One node of the dbt lineage: a model, seed or source, and what it was built from."""

    unique_id: str
    resource_type: str  # 'model' | 'source' | 'seed' | 'snapshot'
    relation: str  # schema.name, as queried in the warehouse file
    path: str | None  # the SQL or YAML file that defines it, relative to dbt_project/
    depth: int  # 0 for the mart, 1 for what it selects from, …
    depends_on: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SourceCheck:
    """The source file of a traced value, checked now."""

    source_path: str  # as recorded in dim_source_document ('sources/…')
    resolved_path: str | None  # where it was looked for on this machine
    recorded_sha256: str
    current_sha256: str | None  # None when the file is missing
    status: str  # 'verified' | 'tampered' | 'missing' | 'refused' (a link out of sources/)
    line_number: int | None = None
    line_text: str | None = None  # the line as loaded (from the landing rows)
    current_line_text: str | None = None  # the same line in today's file, if readable
    # An entry spans lines line_number..line_end; line_text and current_line_text then
    # hold all of them, joined by newlines.
    line_end: int | None = None
    char_start: int | None = None
    char_end: int | None = None
    raw_text: str | None = None

    @property
    def slice_matches(self) -> bool | None:
        if self.line_text is None or self.char_start is None or self.char_end is None:
            return None
        return self.line_text[self.char_start : self.char_end] == self.raw_text


@dataclass
class Trace:
    """The whole chain of one traced value, ready to print or to serialise."""

    query: str
    kind: str  # 'figure' | 'entry' | 'project_status' | 'kpi_value'
    warehouse_path: str
    edition: str | None
    mart: str
    mart_row: dict[str, Any]
    models: list[ModelStep]
    manifest_path: str | None
    landing: dict[str, dict[str, Any]] = field(default_factory=dict)  # table -> row
    source: SourceCheck | None = None
    # An implementation KPI value: the entries it counts (bridge_kpi_value_entry), each
    # with its lines in the source file checked above.
    computed_from: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def tampered(self) -> bool:
        return self.source is not None and self.source.status != "verified"

    def to_json(self) -> str:
        body = asdict(self)
        if self.source is not None:
            body["source"]["slice_matches"] = self.source.slice_matches
            body["source"]["highlighted"] = highlight(self.source, "[[", "]]")
        body["tampered"] = self.tampered
        return json.dumps(body, ensure_ascii=False, indent=2, default=str)


def highlight(check: SourceCheck, before: str, after: str, context: int | None = None) -> str:
    """The line with the figure marked; `context` characters on each side when given."""
    text = check.line_text or ""
    if check.char_start is None or check.char_end is None:
        return text if context is None else text[: 2 * context]
    start, end = check.char_start, check.char_end
    left, right = text[:start], text[end:]
    if context is not None:
        left = ("…" if len(left) > context else "") + left[-context:]
        right = right[:context] + ("…" if len(right) > context else "")
    return f"{left}{before}{text[start:end]}{after}{right}".replace("\t", " ⇥ ")
