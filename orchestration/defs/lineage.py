"""The wiring of lineage: each step's recorder of OpenLineage events, bound to its Dagster
run, and the column lineage of a dbt build as Dagster metadata (the UI's column lineage).

The events themselves are built in `orchestration.lineage`; this only says which run,
which job and where the warehouse folder is.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator

from orchestration.ingest.documents import SourceDocument
from orchestration.ingest.landing import landing_path
from orchestration.ingest.landing_schema import INDICATOR_LANDING_TABLES, LANDING_TABLES
from orchestration.lineage.catalog import (
    keep_with,
    landing_runs,
    read_catalog,
    update_build_lineage,
)
from orchestration.lineage.columns import SAVED_NAME, ModelLineage, load_lineage, relations_by_id
from orchestration.lineage.dbt import write_dbt_events
from orchestration.lineage.events import (
    Dataset,
    LineageRecorder,
    events_dir,
    file_dataset,
    table_dataset,
)
from orchestration.lineage.tables import published_tables
from orchestration.quality.outcome_store import published_outcomes
from orchestration.settings import Settings

COLUMN_LINEAGE = "dagster/column_lineage"


def recorder(context: dg.AssetExecutionContext, settings: Settings) -> LineageRecorder:
    run = context.run
    return LineageRecorder(
        events_dir(settings.warehouse_dir, run.run_id), run.job_name, run.run_id, dg.__version__
    )


def _columns(schema: Any) -> list[tuple[str, str | None, str | None]]:
    return [(f.name, str(f.type), None) for f in schema]


def source_file(document: SourceDocument) -> Dataset:
    return file_dataset(document.path, sha256=document.document_id)


def lake_files(lake_dir: Path, document_id: str, tables: Mapping[str, Any]) -> list[Dataset]:
    """The landed Parquet of one document, one file per table, with its columns."""
    return [
        file_dataset(landing_path(lake_dir, table, document_id), columns=_columns(schema))
        for table, schema in tables.items()
    ]


def landed_files(
    lake_dir: Path, documents: Iterable[SourceDocument], indicators: Iterable[SourceDocument]
) -> list[Dataset]:
    """The lake's Parquet files the build's landing tables are loaded from."""
    return [
        f
        for docs, tables in ((documents, LANDING_TABLES), (indicators, INDICATOR_LANDING_TABLES))
        for doc in docs
        for f in lake_files(lake_dir, doc.document_id, tables)
    ]


def landing_datasets(build_path: Path, outcomes: Iterable[Any]) -> list[Dataset]:
    """The landing tables of the build, with the landing checks recorded on them."""
    return published_tables(read_catalog(build_path, ["landing"]), outcomes)


def with_column_lineage(
    events: Iterable[Any],
    manifest: Mapping[str, Any],
    lineage: Mapping[str, ModelLineage],
    translator: DagsterDbtTranslator,
    project: Any,
) -> Iterator[Any]:
    """dagster-dbt's events, each model's materialization carrying its column lineage."""
    relations = relations_by_id(manifest)
    keys: dict[str, dg.AssetKey] = {}
    for uid, relation in relations.items():
        try:
            keys[relation] = translator.get_asset_spec(manifest, uid, project).key
        except Exception:  # a node without an asset (a disabled one): no link to it
            continue
    for event in events:
        unique_id = getattr(event, "metadata", {}).get("unique_id")
        uid = getattr(unique_id, "text", unique_id)
        model = lineage.get(relations.get(uid, "")) if isinstance(uid, str) else None
        if model is None or not isinstance(event, dg.Output | dg.AssetMaterialization):
            yield event
            continue
        deps = {
            column: [
                dg.TableColumnDep(asset_key=keys[ref.relation], column_name=ref.column)
                for ref in refs
                if ref.relation in keys
            ]
            for column, refs in model.columns.items()
        }
        yield event.with_metadata(
            {**event.metadata, COLUMN_LINEAGE: dg.TableColumnLineage(deps_by_column=deps)}
        )


def dbt_lineage(
    lineage: LineageRecorder,
    settings: Settings,
    invocation: Any,
    events: list[Any],
    translator: DagsterDbtTranslator,
    project: Any,
) -> Iterator[Any]:
    """After a dbt invocation: its column lineage (kept beside its manifest), the events of
    every model and seed it ran, and dagster-dbt's events with the lineage attached."""
    ended = datetime.now(UTC)
    run_results = invocation.get_artifact("run_results.json")
    manifest = invocation.get_artifact("manifest.json")
    schemas = read_catalog(settings.build_path)
    ran = [r["unique_id"] for r in run_results.get("results", []) if r["status"] != "skipped"]
    columns = update_build_lineage(settings.dbt_target_dir, manifest, ran, schemas)
    write_dbt_events(lineage, run_results, manifest, columns, schemas, project.project_dir, ended)
    yield from with_column_lineage(events, invocation.manifest, columns, translator, project)


def published_datasets(settings: Settings) -> list[Dataset]:
    """What publication writes: every table and view of the published file, with the
    checks recorded in it and the column lineage of its models."""
    saved = settings.dbt_target_dir / SAVED_NAME
    return published_tables(
        read_catalog(settings.published_path, ["landing", "marts", "bi"]),
        outcomes=published_outcomes(settings.published_path),
        lineage=load_lineage(saved, saved) or {},
    )


def keep_lineage_with(
    edition_dir: Path, settings: Settings, run_id: str, lineage: LineageRecorder
) -> None:
    """The column lineage and the events of this run and of the landings of its documents,
    kept in the edition's folder; the publishing step's own COMPLETE is written there too."""
    columns = settings.dbt_target_dir / SAVED_NAME
    if columns.exists():
        shutil.copyfile(columns, edition_dir / SAVED_NAME)
    kept = edition_dir / "lineage"
    runs = sorted({run_id, *landing_runs(settings.published_path)})
    keep_with(kept, [events_dir(settings.warehouse_dir, r) for r in runs])
    lineage.also_to(kept / run_id)


def published_relations(settings: Settings, schemas: list[str]) -> list[Dataset]:
    """The tables and views of these schemas of the published file (what a step reads)."""
    return [table_dataset(r) for r in sorted(read_catalog(settings.published_path, schemas))]
