"""What each blocking check runs: the suites of one landed document, and the mart suites
of a build. Pure logic (pandas, GX, DuckDB); the Dagster checks in `defs/` only call it.

May import: `orchestration.ingest`, `orchestration.quality`, `orchestration.settings`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from orchestration.ingest import departments
from orchestration.ingest.documents import SourceDocument
from orchestration.ingest.reports import report_text
from orchestration.quality.frames import landed_report_frames, mart_frames, volume_frame
from orchestration.quality.gx_runner import run_suite
from orchestration.quality.indicator_frames import (
    indicator_catalog_params,
    indicator_reconciliation_frame,
    landed_indicator_frame,
)
from orchestration.quality.outcomes import CheckOutcome
from orchestration.quality.overrides import load_overrides

INDICATOR_SUITE = "indicator_values"


def check_report_document(
    lake_dir: Path, document: SourceDocument, year: int, suites: Sequence[str]
) -> list[CheckOutcome]:
    """Run the landing suites on one landed report."""

    text, _ = report_text(document)
    params = {
        "alias_keys": sorted(departments.load_aliases()),
        "source_line_count": text.count("\n") + 1 - (1 if text.endswith("\n") else 0),
    }
    frames = landed_report_frames(lake_dir, document.document_id)
    overrides = load_overrides()
    outcomes: list[CheckOutcome] = []
    for name in suites:
        outcomes += run_suite(
            name,
            frames[name],
            params,
            document_id=document.document_id,
            source_path=document.relative_path,
            report_year=year,
            overrides=overrides,
        )
    return outcomes


def check_indicator_document(lake_dir: Path, document: SourceDocument) -> list[CheckOutcome]:
    """Run the landing suite on one landed indicator file."""

    return run_suite(
        INDICATOR_SUITE,
        landed_indicator_frame(lake_dir, document.document_id),
        indicator_catalog_params(),
        document_id=document.document_id,
        source_path=document.relative_path,
        overrides=load_overrides(),
    )


def check_mart_suites(build_path: Path, published_path: Path) -> dict[str, list[CheckOutcome]]:
    """The mart suites on a build, by suite; the volume suite compares with the published."""

    overrides = load_overrides()
    frames = mart_frames(build_path)
    by_suite: dict[str, list[CheckOutcome]] = {}
    for name in ("mart_fct_implementation_entry", "mart_dim_project"):
        by_suite[name] = run_suite(name, frames[name], overrides=overrides)
    volume = volume_frame(build_path, published_path)
    by_suite["mart_volume_by_priority"] = [
        outcome
        for year, frame in volume.groupby("report_year")
        for outcome in run_suite(
            "mart_volume_by_priority",
            frame.reset_index(drop=True),
            report_year=int(year),
            overrides=overrides,
        )
    ]
    by_suite["mart_indicator_reconciliation"] = run_suite(
        "mart_indicator_reconciliation",
        indicator_reconciliation_frame(build_path),
        overrides=overrides,
    )
    return by_suite
