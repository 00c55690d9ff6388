"""OpenLineage run events of a refresh, written as files an auditor's catalogue reads.

Each job step that reads or writes data (the landing of a document, a dbt model or seed,
publication, the export, the workbook, the annual report) is an OpenLineage job whose
run has a START event when it begins and a COMPLETE or FAIL event when it ends, with the
Dagster run as its parent. Datasets are named one way everywhere:

- a file: namespace `file`, name its absolute path; a source file carries its sha256
  as the `version` facet (the `document_id` the warehouse records for it);
- a table or view: namespace `duckdb://warehouse`, name `<schema>.<table>`, with its
  columns (`schema`), the checks that ran on it (`dataQualityAssertions`) and, for a
  dbt model, what each column is computed from (`columnLineage`, from columns.py).

The events are built with openlineage-python's generated classes and written by its
FileTransport, one JSON file per event, under `warehouse/lineage/<Dagster run id>/`.
The wiring calls `LineageRecorder.step` around the work; nothing here knows Dagster.
"""

from __future__ import annotations

import traceback
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import (
    column_lineage_dataset,
    data_quality_assertions_dataset,
    dataset_version_dataset,
    error_message_run,
    job_type_job,
    parent_run,
    processing_engine_run,
    schema_dataset,
)
from openlineage.client.transport.file import FileConfig, FileTransport

from orchestration.lineage.columns import ColumnRef

JOB_NAMESPACE = "strategy-warehouse"
TABLE_NAMESPACE = "duckdb://warehouse"
FILE_NAMESPACE = "file"
PRODUCER = "https://pypi.org/project/openlineage-python/#strategy-warehouse"
FOLDER = "lineage"  # under the warehouse folder, one subfolder per Dagster run


def events_dir(warehouse_dir: Path, run_id: str) -> Path:
    return warehouse_dir / FOLDER / run_id


@dataclass(frozen=True, slots=True)
class Check:
    """One check that ran on a dataset, in the words of the assertions facet."""

    assertion: str  # the kind of test: not_null, unique, a suite's rule name
    success: bool
    name: str | None = None
    column: str | None = None
    severity: str | None = None
    description: str | None = None
    expected: str | None = None
    actual: str | None = None


@dataclass
class Dataset:
    """A file or table a step reads or writes, with what is known of it."""

    namespace: str
    name: str
    columns: Sequence[tuple[str, str | None, str | None]] = ()  # (name, type, description)
    sha256: str | None = None
    checks: Sequence[Check] = ()
    lineage: Mapping[str, Sequence[ColumnRef]] | None = None  # column → its source columns
    indirect: Sequence[ColumnRef] = ()  # columns that choose the rows (joins, filters, …)

    def facets(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        if self.sha256:
            found["version"] = dataset_version_dataset.DatasetVersionDatasetFacet(
                datasetVersion=self.sha256, producer=PRODUCER
            )
        if self.columns:
            found["schema"] = schema_dataset.SchemaDatasetFacet(
                fields=[
                    schema_dataset.SchemaDatasetFacetFields(
                        name=name, type=kind, description=text, ordinal_position=i
                    )
                    for i, (name, kind, text) in enumerate(self.columns, start=1)
                ],
                producer=PRODUCER,
            )
        if self.checks:
            found["dataQualityAssertions"] = assertions_facet(self.checks)
        if self.lineage is not None:
            found["columnLineage"] = column_lineage_facet(self.lineage, self.indirect)
        return found


def file_dataset(path: Path, sha256: str | None = None, **known: Any) -> Dataset:
    return Dataset(FILE_NAMESPACE, str(path.absolute()), sha256=sha256, **known)


def table_dataset(relation: str, **known: Any) -> Dataset:
    return Dataset(TABLE_NAMESPACE, relation, **known)


def assertions_facet(
    checks: Iterable[Check],
) -> data_quality_assertions_dataset.DataQualityAssertionsDatasetFacet:
    return data_quality_assertions_dataset.DataQualityAssertionsDatasetFacet(
        assertions=[
            data_quality_assertions_dataset.Assertion(
                assertion=c.assertion,
                success=c.success,
                column=c.column,
                severity=c.severity,
                name=c.name,
                description=c.description,
                expected=c.expected,
                actual=c.actual,
            )
            for c in checks
        ],
        producer=PRODUCER,
    )


def column_lineage_facet(
    lineage: Mapping[str, Sequence[ColumnRef]], indirect: Sequence[ColumnRef] = ()
) -> column_lineage_dataset.ColumnLineageDatasetFacet:
    return column_lineage_dataset.ColumnLineageDatasetFacet(
        dataset=[
            column_lineage_dataset.InputField(
                namespace=TABLE_NAMESPACE,
                name=ref.relation,
                field=ref.column,
                transformations=[column_lineage_dataset.Transformation(type="INDIRECT")],
            )
            for ref in indirect
        ],
        fields={
            column: column_lineage_dataset.Fields(
                inputFields=[
                    column_lineage_dataset.InputField(
                        namespace=TABLE_NAMESPACE, name=ref.relation, field=ref.column
                    )
                    for ref in refs
                ]
            )
            for column, refs in sorted(lineage.items())
        },
        producer=PRODUCER,
    )


def step_run_id(parent_run_id: str, step: str) -> str:
    """The same id for a step's START and its COMPLETE/FAIL, derived, never stored."""
    return str(uuid.uuid5(uuid.UUID(parent_run_id), step))


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Step:
    """One job step's run: datasets are added as the work finds them."""

    name: str
    run_id: str
    integration: str
    job_type: str
    inputs: list[Dataset] = field(default_factory=list)
    outputs: list[Dataset] = field(default_factory=list)


class LineageRecorder:
    """Writes the events of the steps of one Dagster run into its folder (and into any
    folder it is told to copy to, e.g. the edition being published)."""

    def __init__(
        self, folder: Path, parent_job: str, parent_run_id: str, engine_version: str = ""
    ) -> None:
        self.folders = [folder]
        self.parent_job = parent_job
        self.parent_run_id = parent_run_id
        self.engine_version = engine_version

    def also_to(self, folder: Path) -> None:
        self.folders.append(folder)

    @contextmanager
    def step(
        self,
        name: str,
        inputs: Iterable[Dataset] = (),
        outputs: Iterable[Dataset] = (),
        integration: str = "DAGSTER",
        job_type: str = "ASSET",
    ) -> Iterator[Step]:
        """START now; COMPLETE when the block ends, FAIL (with the error) when it raises."""
        step = Step(name, step_run_id(self.parent_run_id, name), integration, job_type)
        step.inputs += inputs
        step.outputs += outputs
        self.emit(step, RunState.START, _now())
        try:
            yield step
        except BaseException as error:
            self.emit(step, RunState.FAIL, _now(), error=error)
            raise
        self.emit(step, RunState.COMPLETE, _now())

    def emit(
        self,
        step: Step,
        state: RunState,
        when: datetime,
        error: BaseException | str | None = None,
    ) -> RunEvent:
        event = self.event(step, state, when, error)
        for folder in self.folders:
            folder.mkdir(parents=True, exist_ok=True)
            # One file per event, named after the job and the state (the transport's
            # "debug" naming: ol-<time>-<job>-<STATE>.json, indented for people).
            config = FileConfig(log_file_path=str(folder / "ol"), debug_mode=True)
            FileTransport(config).emit(event)
        return event

    def event(
        self,
        step: Step,
        state: RunState,
        when: datetime,
        error: BaseException | str | None = None,
    ) -> RunEvent:
        run_facets: dict[str, Any] = {
            "parent": parent_run.ParentRunFacet(
                run=parent_run.Run(runId=self.parent_run_id),
                job=parent_run.Job(namespace=JOB_NAMESPACE, name=self.parent_job),
                root=parent_run.Root(
                    run=parent_run.RootRun(runId=self.parent_run_id),
                    job=parent_run.RootJob(namespace=JOB_NAMESPACE, name=self.parent_job),
                ),
                producer=PRODUCER,
            ),
            "processing_engine": processing_engine_run.ProcessingEngineRunFacet(
                version=self.engine_version or "unknown",
                name="Dagster",
                openlineageAdapterVersion=version("openlineage-python"),
                producer=PRODUCER,
            ),
        }
        if error is not None:
            text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
            trace = (
                None
                if isinstance(error, str)
                else "".join(traceback.format_exception(error)).strip()
            )
            run_facets["errorMessage"] = error_message_run.ErrorMessageRunFacet(
                message=text, programmingLanguage="python", stackTrace=trace, producer=PRODUCER
            )
        job_facets = {
            "jobType": job_type_job.JobTypeJobFacet(
                processingType="BATCH",
                integration=step.integration,
                jobType=step.job_type,
                producer=PRODUCER,
            )
        }
        return RunEvent(
            eventType=state,
            eventTime=when.astimezone(UTC).isoformat(),
            run=Run(runId=step.run_id, facets=run_facets),
            job=Job(namespace=JOB_NAMESPACE, name=step.name, facets=job_facets),
            inputs=[InputDataset(d.namespace, d.name, facets=d.facets()) for d in step.inputs],
            outputs=[OutputDataset(d.namespace, d.name, facets=d.facets()) for d in step.outputs],
            producer=PRODUCER,
        )
