"""Landing: parse each year's report files and write them as immutable Parquet.

No `from __future__ import annotations` here: Dagster inspects the context annotations.
"""

import dagster as dg

from orchestration.defs.lineage import lake_files, recorder, source_file
from orchestration.defs.partitions import report_year_partitions
from orchestration.defs.resources import WarehouseFolders
from orchestration.defs.sources import report_source_files
from orchestration.ingest.landing import land_report_document
from orchestration.ingest.landing_schema import LANDING_TABLES
from orchestration.planning import reports_by_year


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
def report_landing(
    context: dg.AssetExecutionContext, warehouse: WarehouseFolders
) -> dg.MaterializeResult:
    settings = warehouse.settings
    year = int(context.partition_key)
    documents = reports_by_year(settings).get(year, [])
    if not documents:
        raise dg.Failure(f"no report for {year} under {settings.relative(settings.sources_dir)}")
    lineage = recorder(context, settings)
    results = []
    for document in documents:
        with lineage.step(
            f"report_landing.{document.relative_path}",
            inputs=[source_file(document)],
            outputs=lake_files(settings.lake_dir, document.document_id, LANDING_TABLES),
        ):
            results.append(land_report_document(settings.lake_dir, document, context.run.run_id))
    return dg.MaterializeResult(
        metadata={
            "documents": dg.MetadataValue.json(results),
            "document_ids": dg.MetadataValue.json([d.document_id for d in documents]),
        }
    )
