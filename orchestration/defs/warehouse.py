"""Build a new warehouse file from the landed documents, run dbt in it, publish it.

All three steps write the warehouse and share the pool `warehouse_writer` (limit
1): DuckDB allows one writer per file.
"""

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.build import (
    carry_forward_published_documents,
    dbt_version,
    load_landing_tables,
    mart_row_counts,
    publish,
    published_sources,
    start_build,
)
from orchestration.dbt_profiles import write_profile
from orchestration.defs.dbt_cli import OWNERS, WarehouseDbtTranslator, dbt_for
from orchestration.defs.dbt_project import dbt_project
from orchestration.defs.indicators import indicator_landing
from orchestration.defs.landing import report_landing
from orchestration.defs.lineage import (
    dbt_lineage,
    keep_lineage_with,
    landed_files,
    landing_datasets,
    published_datasets,
    recorder,
)
from orchestration.defs.resources import WarehouseFolders
from orchestration.editions import keep_edition
from orchestration.fingerprint import fingerprint
from orchestration.ingest.landing_schema import INDICATOR_LANDING_TABLES, LANDING_TABLES
from orchestration.ingest.report_text import PARSER_VERSION
from orchestration.lineage.events import file_dataset
from orchestration.planning import indicator_documents, landing_state, reports_by_year
from orchestration.quality import outcome_store
from orchestration.quality.dbt_results import dbt_test_outcomes
from orchestration.quality.outcome_store import (
    adopt_outcomes,
    append_outcomes,
    checks_version,
    landed_outcomes,
    published_outcomes,
)
from orchestration.quality.outcomes import summarize

WRITER_POOL = "warehouse_writer"


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
        ),
        dg.AssetSpec(
            ["landing", outcome_store.TABLE],
            deps=[report_landing, indicator_landing],
            group_name="landing",
            kinds={"duckdb"},
            owners=OWNERS,
            description="Outcomes of every check of this load: the landing suites' (from the "
            "lake), then the dbt tests' and the mart suites' as they run on the build.",
        ),
    ],
    pool=WRITER_POOL,
)
def landing_tables(
    context: dg.AssetExecutionContext, warehouse: WarehouseFolders
) -> Iterator[dg.MaterializeResult]:
    settings = warehouse.settings
    documents = [d for docs in reports_by_year(settings).values() for d in docs]
    if not documents:
        raise dg.Failure(f"no reports under {settings.relative(settings.sources_dir)}/reports")
    indicators = indicator_documents(settings)
    state = landing_state(settings.lake_dir, documents, indicators, checks_version())
    if state.not_ready:
        raise dg.Failure(
            "not landed or checked yet (materialize report_landing / indicator_landing "
            f"first): {', '.join(d.relative_path for d in state.not_ready)}"
        )
    # Runs a sensor queued after a landing whose checks stopped it must not publish it.
    outcomes = landed_outcomes(settings.lake_dir, [d.document_id for d in documents + indicators])
    blocked = [o for o in outcomes if o.blocks]
    if blocked:
        raise dg.Failure(
            "a landing check stopped these files; fix them and refresh:\n\n"
            + "\n\n".join(o.explain(10) for o in blocked)
        )
    landed = landed_files(settings.lake_dir, documents, indicators)
    with recorder(context, settings).step("landing_tables", inputs=landed) as step:
        counts = _load_landing(context, settings, documents, indicators)
        step.outputs += landing_datasets(settings.build_path, outcomes)
    context.log.info(f"build file {settings.build_path}: {counts}")
    for table, rows in counts.items():
        yield dg.MaterializeResult(asset_key=["landing", table], metadata={"rows": rows})


def _load_landing(context, settings, documents, indicators) -> dict[str, int]:
    start_build(settings.build_path)
    # What this build is made of, recorded with its edition: a refresh over the same
    # files and code is then answered "up to date" without running.
    _fingerprint_path(settings).write_text(json.dumps(fingerprint(settings).as_manifest()))
    counts = load_landing_tables(
        settings.build_path, settings.lake_dir, [d.document_id for d in documents]
    )
    counts |= load_landing_tables(
        settings.build_path,
        settings.lake_dir,
        [d.document_id for d in indicators],
        INDICATOR_LANDING_TABLES,
    )
    counts |= load_landing_tables(
        settings.build_path,
        settings.lake_dir,
        [d.document_id for d in documents + indicators],
        {outcome_store.TABLE: outcome_store.CHECK_OUTCOMES},
    )
    adopt_outcomes(settings.build_path, context.run.run_id)
    counts["published_documents"] = carry_forward_published_documents(
        settings.build_path, settings.published_path
    )
    return counts


def _fingerprint_path(settings):
    return settings.build_path.with_name(settings.build_path.name + ".fingerprint.json")


def _dbt_build(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseFolders
) -> Iterator[Any]:
    """`dbt build` of the selected nodes into the build file; its test outcomes are kept
    in the build (also when a test stops the build, so the refresh can say which)."""
    settings = warehouse.settings
    runner = dbt_for(dbt.project_dir, dbt.dbt_executable, str(write_profile(settings)))
    # One fixed target folder per warehouse (the writer pool allows one build at a time):
    # dbt's partial parse there is reused by the next build.
    lineage = recorder(context, settings)
    with lineage.step(context.op_def.name, integration="DBT", job_type="COMMAND"):
        # dbt's unit tests check the models' SQL against fixed inputs, not the data: they
        # run in the project's tests (tests/integration/test_dbt_project.py), not in every
        # refresh.
        invocation = runner.cli(
            ["build", "--exclude-resource-type", "unit_test"],
            context=context,
            target_path=settings.dbt_target_dir,
            raise_on_error=False,
        )
        # Held until dbt ends: each model's materialization then carries its column
        # lineage, read from the SQL dbt compiled and the columns it built.
        # Tests that are not asset checks come back as observations of their models; their
        # outcomes are read from run_results below, like every test's.
        events = [e for e in invocation.stream() if not isinstance(e, dg.AssetObservation)]
        yield from dbt_lineage(
            lineage, settings, invocation, events, WarehouseDbtTranslator(), dbt_project
        )
        run_results = invocation.get_artifact("run_results.json")
        manifest = invocation.get_artifact("manifest.json")
        outcomes = dbt_test_outcomes(run_results, manifest, settings.build_path)
        append_outcomes(
            settings.build_path, outcomes, context.run.run_id, datetime.now(UTC), checks_version()
        )
        if not invocation.is_successful():
            raise dg.Failure(
                "dbt build failed; see the failing tests below and warehouse/logs/last_refresh.log:"
                "\n" + "\n".join(o.explain(5) for o in outcomes if o.blocks)
            )


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=WarehouseDbtTranslator(),
    pool=WRITER_POOL,
)
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseFolders):
    yield from _dbt_build(context, dbt, warehouse)


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
def published_warehouse(
    context: dg.AssetExecutionContext, warehouse: WarehouseFolders
) -> dg.MaterializeResult:
    settings = warehouse.settings
    lineage = recorder(context, settings)
    with lineage.step("published_warehouse", inputs=[file_dataset(settings.build_path)]) as step:
        built_from = json.loads(_fingerprint_path(settings).read_text())
        publish(settings.build_path, settings.published_path)
        rows = mart_row_counts(settings.published_path)
        checks = summarize(published_outcomes(settings.published_path))
        edition = keep_edition(
            settings,
            settings.published_path,
            {
                "run_id": context.run.run_id,
                "sources": published_sources(settings.published_path),
                "parser_version": PARSER_VERSION,
                "dbt_version": dbt_version(),
                "mart_rows": rows,
                "checks": checks,
                "fingerprint": built_from,
            },
        )
        manifest = settings.dbt_target_dir / "manifest.json"
        if manifest.exists():  # the lineage `warehouse trace --edition` shows for this edition
            shutil.copyfile(manifest, edition.path.with_name("dbt_manifest.json"))
        keep_lineage_with(edition.path.parent, settings, context.run.run_id, lineage)
        result = dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(settings.published_path)),
                "edition": dg.MetadataValue.path(str(edition.path)),
                "mart_rows": dg.MetadataValue.json(rows),
                "check_results": sum(checks[k] for k in ("passed", "failed", "overridden")),
            }
        )
        step.outputs += published_datasets(settings)
    return result
