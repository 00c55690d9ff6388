"""Indicator files: quarterly partitions, landing, and the blocking checks of each file.

Partition keys are the quarters of `dim_period` themselves ('2014-Q1' … '2030-Q4', a
static list over the strategy's horizon and the statistics it draws on): a key says
which period it holds, and a sensor or schedule names it without date arithmetic.
A time-window definition cannot print '2024-Q1' (strftime has no quarter). A value
lands in the quarter its period ends in: a year's value with its fourth quarter,
January–September with the third. A file is landed whole, once per parser version
(its Parquet files are named by its sha256), by the first run of any of its quarters;
each quarter's run checks the files that have values in it.

No `from __future__ import annotations` here: Dagster inspects the context annotations.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from functools import lru_cache

import dagster as dg

from orchestration.defs.quality import _result, landing_outcomes_path
from orchestration.ingest.documents import SourceDocument, discover_indicators
from orchestration.ingest.errors import SourceError
from orchestration.ingest.indicator_landing import indicator_tables, landed_indicator_version
from orchestration.ingest.indicators import PARSER_VERSION, ParsedIndicators
from orchestration.ingest.indicators import parse_indicator_file as _parse
from orchestration.ingest.landing import LoadContext, write_landing
from orchestration.quality.outcomes import CheckOutcome, save_outcomes
from orchestration.settings import Settings

FIRST_YEAR, LAST_YEAR = 2014, 2030
QUARTERS = [f"{year}-Q{q}" for year in range(FIRST_YEAR, LAST_YEAR + 1) for q in range(1, 5)]
indicator_quarter_partitions = dg.StaticPartitionsDefinition(QUARTERS)
INDICATOR_SUITE = "indicator_values"
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


@lru_cache(maxsize=64)
def _parsed(document: SourceDocument) -> ParsedIndicators:
    return _parse(document.read_bytes(), document.relative_path, document.limits)


def parse_indicators(document: SourceDocument) -> ParsedIndicators:
    """The parsed file, cached by its sha256 (a sensor tick and a run parse it once)."""
    document.read_bytes()  # refuses a file that changed since it was found
    return _parsed(document)


def indicator_documents(
    settings: Settings, notices: list[str] | None = None
) -> list[SourceDocument]:
    """Every indicator file under sources/, each document once (the first name by path)."""
    seen: dict[str, SourceDocument] = {}
    for document in discover_indicators(settings.sources_dir, settings.limits):
        if document.document_id in seen:
            if notices is not None:
                notices.append(
                    f"{document.relative_path} is the same document as "
                    f"{seen[document.document_id].relative_path} (same sha256): loaded once"
                )
            continue
        seen[document.document_id] = document
    return list(seen.values())


def quarters_of(document: SourceDocument) -> list[str]:
    """The quarter partitions a file has values in; SourceError outside the horizon."""
    quarters = sorted(parse_indicators(document).landing_quarters())
    outside = [q for q in quarters if q not in indicator_quarter_partitions.get_partition_keys()]
    if outside:
        raise SourceError(
            document.relative_path,
            f"values for {', '.join(outside)} lie outside the quarters the warehouse keeps "
            f"({QUARTERS[0]} to {QUARTERS[-1]}); remove them from the file",
        )
    return quarters


def indicators_by_quarter(
    settings: Settings, notices: list[str] | None = None
) -> dict[str, list[SourceDocument]]:
    """Every indicator file, under each quarter it has values in."""
    grouped: dict[str, list[SourceDocument]] = {}
    for document in indicator_documents(settings, notices):
        for quarter in quarters_of(document):
            grouped.setdefault(quarter, []).append(document)
    return dict(sorted(grouped.items()))


def land_indicator_document(
    settings: Settings, document: SourceDocument, run_id: str
) -> dict[str, object]:
    """Parse and land one file unless it is landed by this parser version already."""
    if landed_indicator_version(settings.lake_dir, document.document_id) == PARSER_VERSION:
        return {"document": document.relative_path, "landed": "already"}
    parsed = parse_indicators(document)
    load = LoadContext(run_id=run_id, loaded_at=datetime.now(UTC), parser_version=PARSER_VERSION)
    write_landing(settings.lake_dir, document.document_id, indicator_tables(document, parsed, load))
    return {
        "document": document.relative_path,
        "landed": "now",
        "layout": parsed.layout,
        "values": len(parsed.values),
        "row_kinds": parsed.row_kind_counts(),
    }


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
def indicator_landing(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    settings = Settings.from_env()
    quarter = context.partition_key
    documents = indicators_by_quarter(settings).get(quarter, [])
    if not documents:
        raise dg.Failure(
            f"no indicator file under {settings.relative(settings.sources_dir)}/indicators "
            f"has values for {quarter}"
        )
    results = [land_indicator_document(settings, d, context.run.run_id) for d in documents]
    in_quarter = {
        d.relative_path: sorted(
            {
                v.period.key
                for v in parse_indicators(d).values
                if v.period is not None and v.period.landing_quarter == quarter
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


def check_indicator_document(settings: Settings, document: SourceDocument) -> list[CheckOutcome]:
    """Run the landing suite on one landed file and keep its outcomes with the file's."""
    from orchestration.quality.gx_runner import run_suite
    from orchestration.quality.indicator_frames import (
        indicator_catalog_params,
        landed_indicator_frame,
    )
    from orchestration.quality.overrides import load_overrides

    outcomes = run_suite(
        INDICATOR_SUITE,
        landed_indicator_frame(settings.lake_dir, document.document_id),
        indicator_catalog_params(),
        document_id=document.document_id,
        source_path=document.relative_path,
        overrides=load_overrides(),
    )
    save_outcomes(landing_outcomes_path(settings, document.document_id), outcomes)
    return outcomes


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
    context: dg.AssetCheckExecutionContext,
) -> Iterator[dg.AssetCheckResult]:
    settings = Settings.from_env()
    outcomes: list[CheckOutcome] = []
    for document in indicators_by_quarter(settings).get(context.partition_key, []):
        outcomes.extend(check_indicator_document(settings, document))
    yield _result(INDICATOR_SUITE, indicator_landing.key, outcomes)
