"""Landing: parse each year's report files and write them as immutable Parquet.

No `from __future__ import annotations` here: Dagster inspects the context annotations.
"""

import json
from datetime import UTC, datetime

import dagster as dg
import pyarrow.parquet as pq

from orchestration.defs.partitions import report_year_partitions
from orchestration.defs.sources import report_source_files
from orchestration.ingest import departments
from orchestration.ingest.documents import SourceDocument, discover_reports
from orchestration.ingest.errors import SourceError
from orchestration.ingest.landing import (
    LoadContext,
    landed_parser_version,
    landing_path,
    report_tables,
    write_landing,
)
from orchestration.ingest.report_text import PARSER_VERSION
from orchestration.ingest.reports import peek_report_year, read_report
from orchestration.settings import Settings


def reports_by_year(settings: Settings) -> dict[int, list[SourceDocument]]:
    """Every report under sources/, grouped by the year its header states."""
    grouped: dict[int, list[SourceDocument]] = {}
    for document in discover_reports(settings.sources_dir):
        grouped.setdefault(peek_report_year(document), []).append(document)
    for year, documents in grouped.items():
        cities = [d.city for d in documents]
        duplicated = sorted({c for c in cities if cities.count(c) > 1})
        if duplicated:
            paths = ", ".join(d.relative_path for d in documents if d.city in duplicated)
            raise SourceError(
                paths,
                f"more than one report for {year} ({', '.join(duplicated)}); keep one file per "
                "city and year in sources/ (a corrected report replaces the old file)",
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


def _landed(settings: Settings, year: int, table: str, columns: list[str]) -> list[dict]:
    rows: list[dict] = []
    for document in reports_by_year(settings).get(year, []):
        path = landing_path(settings.lake_dir, table, document.document_id)
        rows.extend(pq.read_table(path, columns=columns).to_pylist())
    return rows


@dg.asset_check(
    asset=report_landing,
    blocking=True,
    description="Every source line has exactly one kind: nothing was dropped silently.",
)
def every_source_line_classified(context: dg.AssetCheckExecutionContext) -> dg.AssetCheckResult:
    settings = Settings.from_env()
    year = int(context.partition_key) if context.has_partition_key else None
    documents = _landed(
        settings, year, "report_documents", ["source_path", "line_count", "line_kind_counts"]
    )
    problems = []
    for doc in documents:
        counted = sum(json.loads(doc["line_kind_counts"]).values())
        if counted != doc["line_count"]:
            problems.append(
                f"{doc['source_path']}: {doc['line_count']} lines, {counted} classified"
            )
    return dg.AssetCheckResult(
        passed=not problems and bool(documents),
        metadata={"documents": len(documents), "problems": dg.MetadataValue.json(problems)},
        description="; ".join(problems) or None,
    )


@dg.asset_check(
    asset=report_landing,
    blocking=True,
    description=(
        "Every responsible body printed in the report matches an alias in "
        "dbt_project/seeds/department_aliases.csv; an unknown body is never added silently."
    ),
)
def responsible_bodies_resolved(context: dg.AssetCheckExecutionContext) -> dg.AssetCheckResult:
    settings = Settings.from_env()
    year = int(context.partition_key)
    aliases = departments.load_aliases()
    paths = {
        d["document_id"]: d["source_path"]
        for d in _landed(settings, year, "report_documents", ["document_id", "source_path"])
    }
    bodies = _landed(
        settings,
        year,
        "report_entry_bodies",
        ["document_id", "body_name_printed", "body_name_key", "line_number"],
    )
    unknown = [
        f"{paths[b['document_id']]}:{b['line_number']}: «{b['body_name_printed']}»"
        for b in bodies
        if b["body_name_key"] not in aliases
    ]
    resolved = {aliases[b["body_name_key"]] for b in bodies if b["body_name_key"] in aliases}
    return dg.AssetCheckResult(
        passed=not unknown,
        metadata={
            "bodies": len(bodies),
            "departments": len(resolved),
            "unknown": dg.MetadataValue.json(unknown),
        },
        description=(
            "responsible bodies that match no alias in dbt_project/seeds/department_aliases.csv "
            "(correct the report, add an alias row, or a new department if it really is one): "
            + "; ".join(unknown)
        )
        if unknown
        else None,
    )
