"""Indicator files: quarterly partitions, landing, and the blocking checks of each file.

Partition keys are the quarters of `dim_period` themselves ('2014-Q1' … '2030-Q4', a
static list over the strategy's horizon and the statistics it draws on): a key says
which period it holds, and a sensor or schedule names it without date arithmetic.
A time-window definition cannot print '2024-Q1' (strftime has no quarter). A value
lands in the quarter its period ends in: a year's value with its fourth quarter,
January–September with the third; history from before the first quarter (a table of
2014–2020 that also gives 2013) lands with the first quarter, so no statistics file has
to be edited to fit the partitions. A file is landed whole, once per parser version
(its Parquet files are named by its sha256), by the first run of any of its quarters;
each quarter's run checks the files that have values in it.

No `from __future__ import annotations` here: Dagster inspects the context annotations.
"""

from collections.abc import Iterator
from datetime import UTC, datetime

import dagster as dg

from orchestration.defs.lineage import lake_files, recorder, source_file
from orchestration.defs.partitions import indicator_quarter_partitions
from orchestration.defs.quality import check_result
from orchestration.defs.resources import WarehouseFolders
from orchestration.ingest.indicator_landing import land_indicator_document
from orchestration.ingest.landing_schema import INDICATOR_LANDING_TABLES
from orchestration.planning import indicators_by_quarter, parse_indicators, partition_of
from orchestration.quality.checks import INDICATOR_SUITE, check_indicator_document
from orchestration.quality.outcome_store import checks_version, land_outcomes
from orchestration.quality.outcomes import CheckOutcome

OWNERS = ["team:strategy-monitoring"]

indicator_source_files = dg.AssetSpec(
    key="indicator_source_files",
    group_name="sources",
    description=(
        "Indicator files under sources/indicators/<city>/ (CSV or XLSX, long or wide as "
        "statistics offices publish them). Immutable inputs identified by their sha256."
    ),
    kinds={"file"},
    owners=OWNERS,
)


@dg.asset(
    key="indicator_landing",
    deps=[indicator_source_files],
    partitions_def=indicator_quarter_partitions,
    group_name="landing",
    kinds={"python", "parquet"},
    owners=OWNERS,
    description=(
        "The indicator files with values in the quarter (partition) parsed into classified "
        "rows and values (period, unit multiplier applied, row and column); one immutable "
        "Parquet file per file and table under warehouse/lake/raw/."
    ),
)
def indicator_landing(
    context: dg.AssetExecutionContext, warehouse: WarehouseFolders
) -> dg.MaterializeResult:
    settings = warehouse.settings
    quarter = context.partition_key
    documents = indicators_by_quarter(settings).get(quarter, [])
    if not documents:
        raise dg.Failure(
            f"no indicator file under {settings.relative(settings.sources_dir)}/indicators "
            f"has values for {quarter}"
        )
    lineage = recorder(context, settings)
    results = []
    for document in documents:
        with lineage.step(
            f"indicator_landing.{document.relative_path}",
            inputs=[source_file(document)],
            outputs=lake_files(settings.lake_dir, document.document_id, INDICATOR_LANDING_TABLES),
        ):
            results.append(
                land_indicator_document(
                    settings.lake_dir, document, parse_indicators(document), context.run.run_id
                )
            )
    in_quarter = {
        d.relative_path: sorted(
            {
                v.period.key
                for v in parse_indicators(d).values
                if v.period is not None and partition_of(v.period.landing_quarter) == quarter
            }
        )
        for d in documents
    }
    return dg.MaterializeResult(
        metadata={
            "documents": dg.MetadataValue.json(results),
            "document_ids": dg.MetadataValue.json([d.document_id for d in documents]),
            "periods": dg.MetadataValue.json(in_quarter),
        }
    )


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            INDICATOR_SUITE,
            asset=indicator_landing,
            blocking=True,
            description="expectations/indicator_values.json on each file of the quarter",
        )
    ],
)
def landed_indicator_suites(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseFolders
) -> Iterator[dg.AssetCheckResult]:
    settings = warehouse.settings
    version, now = checks_version(), datetime.now(UTC)
    outcomes: list[CheckOutcome] = []
    for document in indicators_by_quarter(settings).get(context.partition_key, []):
        found = check_indicator_document(settings.lake_dir, document)
        land_outcomes(
            settings.lake_dir, document.document_id, found, context.run.run_id, now, version
        )
        outcomes.extend(found)
    yield check_result(INDICATOR_SUITE, indicator_landing.key, outcomes)
