"""Landing: parse each year's report files and write them as immutable Parquet.

No `from __future__ import annotations` here: Dagster inspects the context annotations.
"""

from datetime import UTC, datetime

import dagster as dg

from orchestration.defs.partitions import report_year_partitions
from orchestration.defs.sources import report_source_files
from orchestration.ingest.documents import SourceDocument, check_year_in_name, discover_reports
from orchestration.ingest.errors import SourceError
from orchestration.ingest.landing import (
    LoadContext,
    landed_parser_version,
    report_tables,
    write_landing,
)
from orchestration.ingest.report_text import PARSER_VERSION
from orchestration.ingest.reports import peek_report_year, read_report
from orchestration.settings import Settings


def reports_by_year(
    settings: Settings, notices: list[str] | None = None
) -> dict[int, list[SourceDocument]]:
    """Every report under sources/, grouped by the year its header states.

    The same bytes under two names are one document: the first name (in path
    order) is loaded and the copy is reported in `notices`. Two different
    documents for one city and year are ambiguous and stop the refresh.
    """
    grouped: dict[int, list[SourceDocument]] = {}
    seen: dict[str, SourceDocument] = {}
    for document in discover_reports(settings.sources_dir, settings.limits):
        if document.document_id in seen:
            if notices is not None:
                notices.append(
                    f"{document.relative_path} is the same document as "
                    f"{seen[document.document_id].relative_path} (same sha256): loaded once"
                )
            continue
        seen[document.document_id] = document
        year = peek_report_year(document)
        # Checked here, not only when parsing: a file already landed under another
        # name is not parsed again, but its new name must not mislead either.
        check_year_in_name(document.relative_path, year)
        grouped.setdefault(year, []).append(document)
    for year, documents in grouped.items():
        cities = [d.city for d in documents]
        duplicated = sorted({c for c in cities if cities.count(c) > 1})
        if duplicated:
            paths = ", ".join(d.relative_path for d in documents if d.city in duplicated)
            raise SourceError(
                paths,
                f"two different reports for {year} ({', '.join(duplicated)}). If one corrects "
                "the other, remove the older file from sources/: the warehouse keeps it "
                "recorded as superseded",
            )
    return grouped


def land_document(settings: Settings, document: SourceDocument, run_id: str) -> dict[str, object]:
    """Parse and land one document unless it is already landed by this parser version."""
    if landed_parser_version(settings.lake_dir, document.document_id) == PARSER_VERSION:
        return {"document": document.relative_path, "landed": "already"}
    parsed, encoding = read_report(document)
    load = LoadContext(run_id=run_id, loaded_at=datetime.now(UTC), parser_version=PARSER_VERSION)
    tables = report_tables(document, parsed, encoding, load)
    write_landing(settings.lake_dir, document.document_id, tables)
    return {
        "document": document.relative_path,
        "landed": "now",
        "entries": len(parsed.entries),
        "line_kinds": parsed.line_kind_counts(),
        "warnings": list(parsed.warnings),
    }


@dg.asset(
    key="report_landing",
    deps=[report_source_files],
    partitions_def=report_year_partitions,
    group_name="landing",
    kinds={"python", "parquet"},
    owners=["team:strategy-monitoring"],
    description=(
        "The year's report files parsed into classified lines, entries and responsible "
        "bodies; one immutable Parquet file per document and table under warehouse/lake/raw/."
    ),
)
def report_landing(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    settings = Settings.from_env()
    year = int(context.partition_key)
    documents = reports_by_year(settings).get(year, [])
    if not documents:
        raise dg.Failure(f"no report for {year} under {settings.relative(settings.sources_dir)}")
    results = [land_document(settings, d, context.run.run_id) for d in documents]
    return dg.MaterializeResult(
        metadata={
            "documents": dg.MetadataValue.json(results),
            "document_ids": dg.MetadataValue.json([d.document_id for d in documents]),
        }
    )
