"""Tracing: a figure id or a KPI value, from the mart row through dbt and the landing
row to its source line."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import duckdb

from orchestration.settings import Settings
from orchestration.trace.dbt_lineage import _load_manifest, model_chain
from orchestration.trace.model import (
    _FIGURE_ID,
    FIGURE_MART,
    KPI_MART,
    KPI_PREFIX,
    SourceCheck,
    Trace,
    TraceError,
)
from orchestration.trace.sources import check_source, manifest_candidates, warehouse_file
from orchestration.warehouse_file import has_table as _has_table
from orchestration.warehouse_file import rows as _rows


def _figure_row(con: duckdb.DuckDBPyConnection, figure_id: str) -> dict[str, Any]:
    if not _has_table(con, "marts", FIGURE_MART):
        raise TraceError(f"this warehouse has no marts.{FIGURE_MART} (published before figures)")
    rows = _rows(
        con,
        f"select * from marts.{FIGURE_MART} where figure_id like ? || '%' order by figure_id",
        [figure_id],
    )
    if not rows:
        raise TraceError(f"no figure with id {figure_id!r} in marts.{FIGURE_MART}")
    if len(rows) > 1:
        ids = ", ".join(r["figure_id"] for r in rows[:5])
        raise TraceError(f"{figure_id!r} is the start of {len(rows)} figure ids ({ids}…)")
    return rows[0]


def _document(con: duckdb.DuckDBPyConnection, document_id: str) -> dict[str, Any]:
    rows = _rows(
        con, "select * from marts.dim_source_document where document_id = ?", [document_id]
    )
    if not rows:
        raise TraceError(f"document {document_id} is not in marts.dim_source_document")
    return rows[0]


def trace(settings: Settings, query: str, edition: str | None = None) -> Trace:
    """Trace a figure id (or a unique prefix of one), or a KPI value `kpi:CODE:PERIOD[:…]`."""
    path, stamp = warehouse_file(settings, edition)
    query = query.strip()
    with duckdb.connect(str(path), read_only=True) as con:
        if query.lower().startswith(KPI_PREFIX):
            result = _trace_kpi(con, settings, query)
        elif _FIGURE_ID.fullmatch(query.lower()):
            result = _trace_figure(con, settings, query.lower())
        else:
            raise TraceError(
                f"{query!r} is neither a figure id (hex, from marts.{FIGURE_MART}.figure_id) nor "
                f"a KPI value ({KPI_PREFIX}<kpi_code>:<period_key>[:<scope_kind>[:<scope_key>]])"
            )
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
    row = _figure_row(con, figure_id)
    document = _document(con, row["document_id"])
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
            document["source_path"],
            document["document_id"],
            row["line_number"],
            line_text,
            (row["char_start"], row["char_end"], row["raw_text"]),
        ),
    )
    if "report_figures" not in landing:
        result.notes.append("the landing row of this figure is not in the warehouse file")
    return result


def _trace_kpi(con: duckdb.DuckDBPyConnection, settings: Settings, query: str) -> Trace:
    if not _has_table(con, "marts", KPI_MART):
        raise TraceError(
            f"this warehouse has no marts.{KPI_MART}: only figure ids can be traced here"
        )
    parts = query[len(KPI_PREFIX) :].split(":")
    if len(parts) < 2:
        raise TraceError(f"a KPI value is {KPI_PREFIX}<kpi_code>:<period_key>[:<scope>[:<key>]]")
    code, period, scope_kind, scope_key = [*parts, None, None][:4]
    columns = {r[0] for r in con.execute(f"describe marts.{KPI_MART}").fetchall()}
    code_filter = (
        "kpi_code = ?"
        if "kpi_code" in columns
        else "kpi_key in (select kpi_key from marts.dim_kpi where kpi_code = ?)"
    )
    sql = (
        f"select * from marts.{KPI_MART} where {code_filter} and period_key = ? "
        "and scope_kind = ? and scope_key is not distinct from ?"
    )
    rows = _rows(con, sql, [code, period, scope_kind or "city", scope_key or None])
    if len(rows) != 1:
        raise TraceError(f"{len(rows)} KPI values match {query!r}; name the scope as well")
    row = rows[0]
    result = Trace(
        query=query,
        kind="kpi_value",
        warehouse_path="",
        edition=None,
        mart=KPI_MART,
        mart_row=row,
        models=[],
        manifest_path=None,
    )
    if row.get("document_id") is None:
        result.notes.append(
            "a computed KPI: it has no single source line; the models below compute it from "
            "the reports of its period (trace their figures and entries for the lines)"
        )
        return result
    document = _document(con, row["document_id"])
    line_number = row.get("source_row")
    result.source = check_source(
        settings, document["source_path"], document["document_id"], line_number
    )
    if result.source.current_line_text is not None:
        result.source = _with_line(result.source, result.source.current_line_text)
    return result


def _with_line(check: SourceCheck, text: str) -> SourceCheck:
    return SourceCheck(**{**asdict(check), "line_text": text})
