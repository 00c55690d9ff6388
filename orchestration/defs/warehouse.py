"""Build a new warehouse file from the landed documents, run dbt in it, publish it.

All three steps write the warehouse and share the pool `warehouse_writer` (limit
1): DuckDB allows one writer per file.
"""

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.build import (
    carry_forward_published_documents,
    dbt_version,
    load_landing_tables,
    mart_row_counts,
    publish,
    published_sources,
    start_build,
)
from orchestration.defs.dbt_project import dbt_project
from orchestration.defs.indicators import indicator_documents, indicator_landing
from orchestration.defs.landing import report_landing, reports_by_year
from orchestration.editions import keep_edition
from orchestration.ingest.indicator_landing import landed_indicator_version
from orchestration.ingest.indicators import PARSER_VERSION as INDICATOR_PARSER_VERSION
from orchestration.ingest.landing import landed_parser_version
from orchestration.ingest.landing_schema import INDICATOR_LANDING_TABLES, LANDING_TABLES
from orchestration.ingest.report_text import PARSER_VERSION
from orchestration.quality.collect import build_outcomes, landing_outcomes, write_check_results
from orchestration.quality.outcomes import summarize
from orchestration.settings import Settings

WRITER_POOL = "warehouse_writer"
OWNERS = ["team:strategy-monitoring"]


@dg.multi_asset(
    name="landing_tables",
    specs=[
        dg.AssetSpec(
            ["landing", table],
            deps=[report_landing],
            group_name="landing",
            kinds={"duckdb"},
            owners=OWNERS,
            description=f"landing.{table} in the new build: the landed Parquet of every "
            "report currently in sources/.",
        )
        for table in LANDING_TABLES
    ]
    + [
        dg.AssetSpec(
            ["landing", table],
            deps=[indicator_landing],
            group_name="landing",
            kinds={"duckdb"},
            owners=OWNERS,
            description=f"landing.{table} in the new build: the landed Parquet of every "
            "indicator file currently in sources/ (empty when there is none).",
        )
        for table in INDICATOR_LANDING_TABLES
    ]
    + [
        dg.AssetSpec(
            ["landing", "published_documents"],
            group_name="landing",
            kinds={"duckdb"},
            owners=OWNERS,
            description="The documents of the edition published so far, carried forward so "
            "that a replaced report stays recorded as superseded.",
        )
    ],
    pool=WRITER_POOL,
)
def landing_tables(context: dg.AssetExecutionContext) -> Iterator[dg.MaterializeResult]:
    settings = Settings.from_env()
    documents = [d for docs in reports_by_year(settings).values() for d in docs]
    if not documents:
        raise dg.Failure(f"no reports under {settings.relative(settings.sources_dir)}/reports")
    stale = [
        d.relative_path
        for d in documents
        if landed_parser_version(settings.lake_dir, d.document_id) != PARSER_VERSION
    ]
    if stale:
        raise dg.Failure(f"not landed yet (materialize report_landing first): {', '.join(stale)}")
    indicators = indicator_documents(settings)
    stale = [
        d.relative_path
        for d in indicators
        if landed_indicator_version(settings.lake_dir, d.document_id) != INDICATOR_PARSER_VERSION
    ]
    if stale:
        raise dg.Failure(
            f"not landed yet (materialize indicator_landing first): {', '.join(stale)}"
        )
    # Runs a sensor queued after a landing whose checks stopped it must not publish it.
    blocked = [o for o in landing_outcomes(settings, documents + indicators) if o.blocks]
    if blocked:
        raise dg.Failure(
            "a landing check stopped these files; fix them and refresh:\n\n"
            + "\n\n".join(o.explain(10) for o in blocked)
        )
    start_build(settings.build_path)
    counts = load_landing_tables(
        settings.build_path, settings.lake_dir, [d.document_id for d in documents]
    )
    counts |= load_landing_tables(
        settings.build_path,
        settings.lake_dir,
        [d.document_id for d in indicators],
        INDICATOR_LANDING_TABLES,
    )
    counts["published_documents"] = carry_forward_published_documents(
        settings.build_path, settings.published_path
    )
    context.log.info(f"build file {settings.build_path}: {counts}")
    for table, rows in counts.items():
        yield dg.MaterializeResult(asset_key=["landing", table], metadata={"rows": rows})


class WarehouseDbtTranslator(DagsterDbtTranslator):
    """dbt folders are Dagster groups; dbt sources map onto the landing tables."""

    def get_group_name(self, dbt_resource_props: dict[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "dbt"

    def get_owners(self, dbt_resource_props: dict[str, Any]) -> list[str]:
        return OWNERS


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=WarehouseDbtTranslator(),
    pool=WRITER_POOL,
)
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    settings = Settings.from_env()
    os.environ["WAREHOUSE_BUILD_PATH"] = str(settings.build_path)
    # One fixed target folder per warehouse (the writer pool allows one build at a time);
    # its manifest and run results describe the published edition.
    target = settings.dbt_target_dir
    yield from dbt.cli(["build"], context=context, target_path=target).stream()


@dg.asset(
    key="published_warehouse",
    deps=[dbt_models],
    group_name="publish",
    kinds={"duckdb"},
    owners=OWNERS,
    pool=WRITER_POOL,
    description=(
        "warehouse/warehouse.duckdb, the file BI tools open: the build, checked by dbt "
        "tests, renamed over the previous edition in one atomic step."
    ),
)
def published_warehouse(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    settings = Settings.from_env()
    documents = [d for docs in reports_by_year(settings).values() for d in docs]
    documents += indicator_documents(settings)
    outcomes = landing_outcomes(settings, documents) + build_outcomes(settings)
    checks = write_check_results(
        settings.build_path, outcomes, context.run.run_id, datetime.now(UTC)
    )
    publish(settings.build_path, settings.published_path)
    rows = mart_row_counts(settings.published_path)
    edition = keep_edition(
        settings,
        settings.published_path,
        {
            "run_id": context.run.run_id,
            "sources": published_sources(settings.published_path),
            "parser_version": PARSER_VERSION,
            "dbt_version": dbt_version(),
            "mart_rows": rows,
            "checks": summarize(outcomes),
        },
    )
    manifest = settings.dbt_target_dir / "manifest.json"
    if manifest.exists():  # the lineage `warehouse trace --edition` shows for this edition
        shutil.copyfile(manifest, edition.path.with_name("dbt_manifest.json"))
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(settings.published_path)),
            "edition": dg.MetadataValue.path(str(edition.path)),
            "mart_rows": dg.MetadataValue.json(rows),
            "check_results": checks,
        }
    )
