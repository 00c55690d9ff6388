"""Landing: a parsed document becomes immutable Parquet files, one per table.

`warehouse/lake/raw/<table>/<document_id>.parquet`: the file name is the
document's sha256, so a document is landed once and never rewritten while the
parser version stays the same; a new parser version lands it again (the landing
is a function of the bytes and the parser, never of the clock).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from orchestration.ingest.documents import SourceDocument
from orchestration.ingest.figures import report_figures
from orchestration.ingest.landing_schema import LANDING_TABLES
from orchestration.ingest.records import ParsedReport
from orchestration.ingest.report_text import PARSER_VERSION
from orchestration.ingest.reports import read_report


@dataclass(frozen=True, slots=True)
class LoadContext:
    """Who loads, and when: recorded on the document row, never in keys."""

    run_id: str
    loaded_at: datetime
    parser_version: str


def report_tables(
    document: SourceDocument, parsed: ParsedReport, encoding: str, load: LoadContext
) -> dict[str, pa.Table]:
    """The landing tables of one report document."""
    doc_id = document.document_id
    # Keys of entries and figures follow the report (city, kind, year), not the file's
    # bytes: the same report re-saved in another encoding keeps every key.
    report_id = f"{document.city}:{document.document_kind}:{parsed.report_year}"
    documents = [
        {
            "document_id": doc_id,
            "source_path": document.relative_path,
            "document_kind": document.document_kind,
            "city": document.city,
            "report_year": parsed.report_year,
            "byte_size": document.byte_size,
            "encoding": encoding,
            "line_count": len(parsed.lines),
            "line_kind_counts": json.dumps(parsed.line_kind_counts(), sort_keys=True),
            "parser_version": load.parser_version,
            "loaded_at": load.loaded_at.replace(tzinfo=None),
            "load_run_id": load.run_id,
        }
    ]
    lines = [
        {
            "document_id": doc_id,
            "line_number": line.line_number,
            "line_kind": line.kind.value,
            "line_text": line.text,
            "entry_ordinal": line.entry_ordinal,
            "text_char_start": line.text_start,
        }
        for line in parsed.lines
    ]
    entries, bodies = [], []
    for e in parsed.entries:
        project = e.project
        entries.append(
            {
                "document_id": doc_id,
                "report_id": report_id,
                "report_year": parsed.report_year,
                "entry_ordinal": e.entry_ordinal,
                "priority_ordinal": e.priority_ordinal,
                "priority_name": e.priority_name,
                "priority_line": e.priority_line,
                "goal_ordinal": e.goal_ordinal,
                "goal_number_printed": e.goal_number_printed,
                "goal_title": e.goal_title,
                "goal_line": e.goal_line,
                "task_ordinal": e.task_ordinal,
                "task_number_printed": e.task_number_printed,
                "task_description": e.task_description,
                "task_line": e.task_line,
                "project_ordinal": e.project_ordinal,
                "project_printed": project.printed if project else None,
                "project_name": project.name if project else None,
                "project_name_key": project.name_key if project else None,
                "period_start_year": project.period_start_year if project else None,
                "period_end_year": project.period_end_year if project else None,
                "project_description": project.description if project else None,
                "responsible_printed": e.responsible_printed,
                "implementation_text": e.implementation_text,
                "line_start": e.line_start,
                "line_end": e.line_end,
            }
        )
        bodies.extend(
            {
                "document_id": doc_id,
                "report_id": report_id,
                "entry_ordinal": e.entry_ordinal,
                "body_ordinal": body.ordinal,
                "body_name_printed": body.name_printed,
                "body_name_key": body.name_key,
                "line_number": e.line_start,
            }
            for body in e.responsible_bodies
        )
    figures = [
        {
            "document_id": doc_id,
            "report_id": report_id,
            **{name: getattr(f, name) for name in type(f).__slots__},
        }
        for f in report_figures(parsed)
    ]
    rows = {
        "report_documents": documents,
        "report_lines": lines,
        "report_entries": entries,
        "report_entry_bodies": bodies,
        "report_figures": figures,
    }
    return {
        name: pa.Table.from_pylist(rows[name], schema=schema)
        for name, schema in LANDING_TABLES.items()
    }


def landing_path(lake_root: Path, table: str, document_id: str) -> Path:
    return lake_root / "raw" / table / f"{document_id}.parquet"


def landed_parser_version(
    lake_root: Path, document_id: str, documents_table: str = "report_documents"
) -> str | None:
    """The parser version a document was landed with, or None if not landed."""
    path = landing_path(lake_root, documents_table, document_id)
    if not path.exists():
        return None
    table = pq.read_table(path, columns=["parser_version"])
    return table.column("parser_version")[0].as_py() if table.num_rows else None


def write_landing(lake_root: Path, document_id: str, tables: dict[str, pa.Table]) -> list[Path]:
    """Write each table atomically (temp file + rename): readers never see half a file.

    The document row is written last, so a document counts as landed only once
    all its tables are there.
    """
    written = []
    order = sorted(tables, key=lambda name: name.endswith("_documents"))
    for name in order:
        target = landing_path(lake_root, name, document_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        os.close(fd)
        try:
            pq.write_table(tables[name], tmp, compression="zstd")
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        written.append(target)
    return written


def land_report_document(
    lake_root: Path, document: SourceDocument, run_id: str
) -> dict[str, object]:
    """Parse and land one report unless this parser version landed it already."""
    if landed_parser_version(lake_root, document.document_id) == PARSER_VERSION:
        return {"document": document.relative_path, "landed": "already"}
    parsed, encoding = read_report(document)
    load = LoadContext(run_id=run_id, loaded_at=datetime.now(UTC), parser_version=PARSER_VERSION)
    write_landing(lake_root, document.document_id, report_tables(document, parsed, encoding, load))
    return {
        "document": document.relative_path,
        "landed": "now",
        "entries": len(parsed.entries),
        "line_kinds": parsed.line_kind_counts(),
        "warnings": list(parsed.warnings),
    }
