"""Quarantine: a load that failed is kept, with why, where the analyst can look at it.

`warehouse/quarantine/<UTC stamp>/` holds a copy of each source file of the
failed load, the build file if one was made (for inspection with any DuckDB
client), `validation.json` (every check outcome) and `REASON.txt` (the message the
refresh printed). The published warehouse is not touched.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from orchestration.ingest.documents import SourceDocument
from orchestration.quality.outcomes import CheckOutcome, save_outcomes
from orchestration.settings import Settings


def quarantine(
    settings: Settings,
    documents: list[SourceDocument],
    outcomes: list[CheckOutcome],
    reason: str,
) -> Path:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M%S.%fZ")
    folder = settings.warehouse_dir / "quarantine" / stamp
    (folder / "sources").mkdir(parents=True)
    for document in documents:
        if document.path.exists():
            shutil.copy2(document.path, folder / "sources" / document.path.name)
    if settings.build_path.exists():
        shutil.move(settings.build_path, folder / "build.duckdb")
    save_outcomes(folder / "validation.json", outcomes)
    listed = "\n".join(f"  {d.relative_path}  sha256 {d.document_id}" for d in documents)
    (folder / "REASON.txt").write_text(
        f"Refresh stopped at {stamp}; nothing was published.\n\nFiles of this load:\n{listed}\n\n"
        f"What went wrong:\n{reason}\n",
        encoding="utf-8",
    )
    return folder
