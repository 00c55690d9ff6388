"""Tracing: a figure id, an entry, a project's status or a KPI value, from the mart row
through dbt and the landing rows to its source file, line and characters."""

from __future__ import annotations

from typing import Any

import duckdb

from orchestration.settings import Settings
from orchestration.trace.dbt_lineage import _load_manifest, model_chain
from orchestration.trace.kpi import trace_kpi
from orchestration.trace.model import (
    _FIGURE_ID,
    ENTRY_PREFIX,
    FIGURE_MART,
    KPI_PREFIX,
    STATUS_PREFIX,
    Trace,
    TraceError,
)
from orchestration.trace.reported import trace_entry, trace_status
from orchestration.trace.rows import document, mart_row_by_key
from orchestration.trace.sources import check_source, manifest_candidates, warehouse_file
from orchestration.warehouse_file import has_table as _has_table
from orchestration.warehouse_file import rows as _rows

KINDS = (
    "a figure id (hex, from marts.fct_reported_figure.figure_id), "
    f"{ENTRY_PREFIX}<entry_key>, {STATUS_PREFIX}<project_key>[:<report_year>] or "
    f"{KPI_PREFIX}<kpi_code>:<period_key>[:<scope_kind>[:<scope_key>]]"
)


def trace(settings: Settings, query: str, edition: str | None = None) -> Trace:
    """Trace a figure id (or a unique start of one), an entry, a project's status or a
    KPI value; keys may be given by a unique start."""
    path, stamp = warehouse_file(settings, edition)
    query = query.strip()
    lowered = query.lower()
    with duckdb.connect(str(path), read_only=True) as con:
        if lowered.startswith(KPI_PREFIX):
            result = trace_kpi(con, settings, query)
        elif lowered.startswith(ENTRY_PREFIX):
            result = trace_entry(con, settings, query[len(ENTRY_PREFIX) :].strip())
        elif lowered.startswith(STATUS_PREFIX):
            result = trace_status(con, settings, query[len(STATUS_PREFIX) :].strip())
        elif _FIGURE_ID.fullmatch(lowered):
            result = _trace_figure(con, settings, lowered)
        else:
            raise TraceError(f"{query!r} is neither {KINDS}")
    result.warehouse_path = settings.relative(path)
    result.edition = stamp
    manifest, manifest_path = _load_manifest(manifest_candidates(settings, path if stamp else None))
    if manifest is None:
        result.notes.append("no dbt manifest found: the model chain is not shown")
    else:
        result.models = model_chain(manifest, result.mart)
        result.manifest_path = settings.relative(manifest_path)
        if stamp and manifest_path.name != "dbt_manifest.json":
            result.notes.append(
                "this edition keeps no dbt manifest of its own: the model chain is the one of "
                f"{settings.relative(manifest_path)}"
            )
    return result


def _trace_figure(con: duckdb.DuckDBPyConnection, settings: Settings, figure_id: str) -> Trace:
    if not _has_table(con, "marts", FIGURE_MART):
        raise TraceError(f"this warehouse has no marts.{FIGURE_MART} (published before figures)")
    try:
        row = mart_row_by_key(con, FIGURE_MART, "figure_id", figure_id, "figure")
    except TraceError as error:
        if str(error).startswith("no figure"):
            raise TraceError(f"no figure with id {figure_id!r} in marts.{FIGURE_MART}") from None
        raise
    doc = document(con, row["document_id"])
    where = [row["document_id"], row["line_number"]]
    landing: dict[str, dict[str, Any]] = {}
    if _has_table(con, "landing", "report_figures"):
        found = _rows(
            con,
            "select * from landing.report_figures "
            "where document_id = ? and line_number = ? and char_start = ?",
            [*where, row["char_start"]],
        )
        if found:
            landing["report_figures"] = found[0]
    line = _rows(
        con, "select * from landing.report_lines where document_id = ? and line_number = ?", where
    )
    if line:
        landing["report_lines"] = line[0]
    line_text = line[0]["line_text"] if line else row.get("line_text")
    result = Trace(
        query=figure_id,
        kind="figure",
        warehouse_path="",
        edition=None,
        mart=FIGURE_MART,
        mart_row=row,
        models=[],
        manifest_path=None,
        landing=landing,
        source=check_source(
            settings,
            doc["source_path"],
            doc["document_id"],
            row["line_number"],
            line_text,
            (row["char_start"], row["char_end"], row["raw_text"]),
        ),
    )
    if "report_figures" not in landing:
        result.notes.append("the landing row of this figure is not in the warehouse file")
    return result
