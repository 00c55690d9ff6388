"""Tracing what a report says of a project: an implementation entry (to its source lines)
and a project's status (to the characters of the phrase that decided it)."""

from __future__ import annotations

from typing import Any

import duckdb

from orchestration.settings import Settings
from orchestration.trace.model import ENTRY_MART, STATUS_MART, Trace, TraceError
from orchestration.trace.rows import document, landing_row, loaded_lines, mart_row_by_key
from orchestration.trace.sources import check_source
from orchestration.warehouse_file import has_table, rows


def _new(query: str, kind: str, mart: str, row: dict[str, Any]) -> Trace:
    return Trace(
        query=query,
        kind=kind,
        warehouse_path="",
        edition=None,
        mart=mart,
        mart_row=row,
        models=[],
        manifest_path=None,
    )


def _entry_landing(
    con: duckdb.DuckDBPyConnection, document_id: str, entry_ordinal: int | None
) -> dict[str, dict[str, Any]]:
    found = landing_row(
        con, "report_entries", {"document_id": document_id, "entry_ordinal": entry_ordinal}
    )
    return {"report_entries": found} if found else {}


def trace_entry(con: duckdb.DuckDBPyConnection, settings: Settings, key: str) -> Trace:
    """An entry: its row, its landing row and its lines line_start..line_end of the file."""
    row = mart_row_by_key(con, ENTRY_MART, "entry_key", key.lower(), "entry")
    doc = document(con, row["document_id"])
    result = _new(f"entry:{row['entry_key']}", "entry", ENTRY_MART, row)
    result.landing = _entry_landing(con, row["document_id"], row.get("entry_ordinal"))
    text = loaded_lines(con, row["document_id"], row["line_start"], row["line_end"])
    result.source = check_source(
        settings,
        doc["source_path"],
        doc["document_id"],
        row["line_start"],
        text,
        line_end=row["line_end"],
    )
    if text is None:
        result.notes.append("the loaded lines of this entry are not in the warehouse file")
    if "report_entries" not in result.landing:
        result.notes.append("the landing row of this entry is not in the warehouse file")
    return result


def _status_row(con: duckdb.DuckDBPyConnection, spec: str) -> dict[str, Any]:
    key, _, year = spec.partition(":")
    if not has_table(con, "marts", STATUS_MART):
        raise TraceError(f"this warehouse has no marts.{STATUS_MART}")
    sql = f"select * from marts.{STATUS_MART} where project_key like ? || '%'"
    params: list[Any] = [key.strip().lower()]
    if year.strip():
        if not year.strip().isdigit():
            raise TraceError(f"{year!r} is not a report year; give status:<project_key>:<year>")
        sql += " and report_year = ?"
        params.append(int(year))
    found = rows(con, sql + " order by project_key, report_year", params)
    if not found:
        raise TraceError(f"no project status matches {spec!r} in marts.{STATUS_MART}")
    projects = sorted({r["project_key"] for r in found})
    if len(projects) > 1:
        raise TraceError(
            f"{key!r} is the start of {len(projects)} project keys ({', '.join(projects[:5])}…)"
        )
    if len(found) > 1:
        years = ", ".join(str(r["report_year"]) for r in found)
        raise TraceError(
            f"project {projects[0]} has a status in {years}: give status:{projects[0]}:<year>"
        )
    return found[0]


def trace_status(con: duckdb.DuckDBPyConnection, settings: Settings, spec: str) -> Trace:
    """A project's status in a year: the deciding phrase, its line and characters."""
    row = _status_row(con, spec)
    doc = document(con, row["document_id"])
    query = f"status:{row['project_key']}:{row['report_year']}"
    result = _new(query, "project_status", STATUS_MART, row)
    if row.get("status_source") == "review":
        result.notes.append(
            f"the status {row['status']!r} was set by {row.get('reviewed_by')} on "
            f"{row.get('reviewed_on')} ({row.get('review_reason')}); the phrase below is the "
            f"rules' proposal, {row.get('rule_status')!r}"
        )
    line_number = row.get("evidence_line_number")
    if row.get("status_evidence") is None or line_number is None:
        result.notes.append(
            "no status rule matched the project's texts (or they are empty): the status "
            "'unknown' has no phrase; the report file is checked as a whole"
        )
        result.source = check_source(settings, doc["source_path"], doc["document_id"])
        return result
    entry = rows(
        con,
        f"select entry_ordinal from marts.{ENTRY_MART} where entry_key = ?",
        [row.get("evidence_entry_key")],
    )
    if entry:
        result.landing = _entry_landing(con, row["document_id"], entry[0]["entry_ordinal"])
    line = landing_row(
        con, "report_lines", {"document_id": row["document_id"], "line_number": line_number}
    )
    if line:
        result.landing["report_lines"] = line
    start, end = row.get("evidence_char_start"), row.get("evidence_char_end")
    span = (start, end, row["status_evidence"]) if start is not None else None
    if span is None:
        result.notes.append(
            "markup splits the phrase in the source: the line shown is the entry's first, "
            "and no characters are marked"
        )
    result.source = check_source(
        settings,
        doc["source_path"],
        doc["document_id"],
        line_number,
        line["line_text"] if line else None,
        span,
    )
    return result
