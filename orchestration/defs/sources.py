"""The source files: inputs the pipeline only reads. Shown in the lineage graph."""

from __future__ import annotations

import dagster as dg

report_source_files = dg.AssetSpec(
    key="report_source_files",
    group_name="sources",
    description=(
        "Yearly implementation reports under sources/reports/<city>/ (text exports of the "
        "council's Word document). Immutable inputs: a document is identified by its sha256."
    ),
    kinds={"file"},
    owners=["team:strategy-monitoring"],
)
