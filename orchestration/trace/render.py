"""Printing a trace for a person: the chain, the source verdict, the line marked."""

from __future__ import annotations

import json
from typing import Any

from orchestration.trace.model import SourceCheck, Trace, highlight

ANSI_MARK = ("\x1b[1;7m", "\x1b[0m")
BRACKETS = ("[[", "]]")


def render(result: Trace, marks: tuple[str, str] = BRACKETS, context: int = 160) -> str:
    """The trace as the auditor reads it."""
    out: list[str] = []
    where = f"edition {result.edition}" if result.edition else "published"
    out.append(f"Trace of {result.kind} {result.query}  ({where}: {result.warehouse_path})")
    out.append("")
    out.append(f"1. mart row  marts.{result.mart}")
    for key, value in result.mart_row.items():
        if key == "line_text":
            continue
        out.append(f"     {key:<20} {_short(value)}")
    out.append("")
    out.append(f"2. dbt models  (lineage from {result.manifest_path or 'no manifest'})")
    for step in result.models:
        arrow = "" if step.depth == 0 else "← "
        kind = "" if step.resource_type == "model" else f" [{step.resource_type}]"
        path = f"  ({step.path})" if step.path else ""
        out.append(f"     {'    ' * step.depth}{arrow}{step.relation}{kind}{path}")
    out.append("")
    out.append("3. landing rows")
    if not result.landing and not result.computed_from:
        out.append("     none: this value is computed, not read from a source line")
    if result.computed_from:
        out.extend(_entries(result.computed_from))
    for table, row in result.landing.items():
        out.append(f"     landing.{table}")
        for key, value in row.items():
            if key != "line_text":
                out.append(f"       {key:<18} {_short(value)}")
    out.append("")
    source = result.source
    out.append("4. source")
    if source is None:
        out.append("     none recorded")
    else:
        verdict = {
            "verified": "verified: the file is unchanged since it was loaded",
            "tampered": "TAMPERED: the file's sha256 differs from the one recorded at load",
            "missing": "MISSING: the file is not where it was loaded from",
            "refused": "NOT READ: the recorded path is a link out of sources/ or not a "
            "regular file; nothing outside sources/ is read",
        }[source.status]
        out.append(f"     file      {source.source_path}")
        out.append(f"     sha256    recorded {source.recorded_sha256}")
        out.append(f"               now      {source.current_sha256 or '—'}")
        out.append(f"               {verdict}")
        if source.line_end is not None and source.line_number is not None:
            out.extend(_lines(source))
        elif source.line_number is not None:
            span = (
                f", characters {source.char_start}..{source.char_end}"
                if source.char_start is not None
                else ""
            )
            out.append(f"     line      {source.line_number}{span}")
            out.append(f"     text      {highlight(source, *marks, context=context)}")
            if source.slice_matches is not None:
                state = "equals" if source.slice_matches else "DOES NOT EQUAL"
                out.append(f"     the span {state} the raw text {source.raw_text!r}")
            if (
                source.current_line_text is not None
                and source.line_text is not None
                and source.current_line_text != source.line_text
            ):
                out.append("     today's file prints another text on this line")
    for note in result.notes:
        out.append(f"note: {note}")
    return "\n".join(out)


def _short(value: Any, limit: int = 120) -> str:
    text = (
        json.dumps(value, ensure_ascii=False, default=str)
        if isinstance(value, dict)
        else str(value)
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _entries(entries: list[dict[str, Any]], shown: int = 30) -> list[str]:
    """The entries an implementation KPI counts, one line each, with their source lines."""
    out = [f"     counts {len(entries)} entries (marts.bridge_kpi_value_entry):"]
    for entry in entries[:shown]:
        lines = f"{entry['line_start']}" + (
            f"–{entry['line_end']}" if entry["line_end"] != entry["line_start"] else ""
        )
        numerator = "" if entry["in_numerator"] else "  (denominator only)"
        text = "" if entry["has_text"] else "  (no text)"
        project = _short(entry["project_name_printed"] or "task-level entry", 70)
        key = f"entry:{entry['entry_key']}"
        out.append(f"       {key}  lines {lines:<9} {project}{text}{numerator}")
    if len(entries) > shown:
        out.append(f"       … and {len(entries) - shown} more (--json lists every one)")
    return out


def _lines(source: SourceCheck) -> list[str]:
    """Lines line_number..line_end as loaded, each with its number; today's if they differ."""
    out = [f"     lines     {source.line_number}..{source.line_end}"]
    loaded = (source.line_text or "").split("\n")
    for offset, text in enumerate(loaded):
        shown = _short(text.replace("\t", " ⇥ "), 150)
        out.append(f"     {source.line_number + offset:>6}  {shown}")
    if source.current_line_text is not None and source.current_line_text != source.line_text:
        out.append("     today's file prints another text on these lines")
    return out
