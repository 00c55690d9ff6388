"""Landing of an indicator file: its rows and values as immutable Parquet, like a report's.

`warehouse/lake/raw/indicator_{documents,rows,values}/<sha256>.parquet`, written by
`write_landing` (document row last), so a file is landed once per parser version.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pyarrow as pa

from orchestration.ingest.departments import normalize_name
from orchestration.ingest.documents import SourceDocument
from orchestration.ingest.indicators import PARSER_VERSION, ParsedIndicators
from orchestration.ingest.landing import LoadContext, landed_parser_version, write_landing
from orchestration.ingest.landing_schema import INDICATOR_LANDING_TABLES


def indicator_tables(
    document: SourceDocument, parsed: ParsedIndicators, load: LoadContext
) -> dict[str, pa.Table]:
    doc_id = document.document_id
    documents = [
        {
            "document_id": doc_id,
            "source_path": document.relative_path,
            "document_kind": document.document_kind,
            "city": document.city,
            "byte_size": document.byte_size,
            "file_format": parsed.file_format,
            "encoding": parsed.encoding,
            "delimiter": parsed.delimiter,
            "layout": parsed.layout,
            "row_count": len(parsed.rows),
            "row_kind_counts": json.dumps(parsed.row_kind_counts(), sort_keys=True),
            "value_count": len(parsed.values),
            "parser_version": load.parser_version,
            "loaded_at": load.loaded_at.replace(tzinfo=None),
            "load_run_id": load.run_id,
        }
    ]
    rows = [
        {
            "document_id": doc_id,
            "sheet_name": row.sheet,
            "row_number": row.row_number,
            "row_kind": row.kind,
            "row_text": row.text,
            "indicator_name": row.indicator_name,
        }
        for row in parsed.rows
    ]
    values = []
    for v in parsed.values:
        period = v.period
        values.append(
            {
                "document_id": doc_id,
                "city": document.city,
                "sheet_name": v.sheet,
                "row_number": v.row_number,
                "column_number": v.column_number,
                "indicator_printed": v.indicator_printed,
                "indicator_name": v.indicator_name,
                "indicator_name_key": v.indicator_name_key,
                "parent_printed": v.parent_printed,
                "unit_printed": v.unit_printed,
                "unit": v.unit,
                "unit_factor": v.unit_factor,
                "unit_known": v.unit_known,
                "territory": v.territory,
                "territory_key": normalize_name(v.territory) if v.territory else None,
                "period_printed": v.period_printed,
                "period_key": period.key if period else None,
                "period_grain": period.grain if period else None,
                "period_year": period.year if period else None,
                "period_quarter": period.quarter if period else None,
                "period_start": period.start if period else None,
                "period_end": period.end if period else None,
                "landing_quarter": period.landing_quarter if period else None,
                "value_printed": v.value_printed,
                "value": v.value,
                "value_precision": v.value_precision,
                "target_printed": v.target_printed,
                "target_value": v.target_value,
                "period_phrase": v.period_phrase,
                "unit_rate_base": v.unit_rate_base,
            }
        )
    by_table = {
        "indicator_documents": documents,
        "indicator_rows": rows,
        "indicator_values": values,
    }
    return {
        name: pa.Table.from_pylist(by_table[name], schema=schema)
        for name, schema in INDICATOR_LANDING_TABLES.items()
    }


def landed_indicator_version(lake_root, document_id: str) -> str | None:
    return landed_parser_version(lake_root, document_id, "indicator_documents")


def land_indicator_document(
    lake_root, document: SourceDocument, parsed: ParsedIndicators, run_id: str
) -> dict[str, object]:
    """Land one parsed indicator file unless this parser version landed it already."""
    if landed_indicator_version(lake_root, document.document_id) == PARSER_VERSION:
        return {"document": document.relative_path, "landed": "already"}
    load = LoadContext(run_id=run_id, loaded_at=datetime.now(UTC), parser_version=PARSER_VERSION)
    write_landing(lake_root, document.document_id, indicator_tables(document, parsed, load))
    return {
        "document": document.relative_path,
        "landed": "now",
        "layout": parsed.layout,
        "values": len(parsed.values),
        "row_kinds": parsed.row_kind_counts(),
    }
