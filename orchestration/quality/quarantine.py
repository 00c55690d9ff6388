"""Quarantine: a load that failed is kept, with why, where the analyst can look at it.

`warehouse/quarantine/<UTC stamp>/` holds a copy of each source file of the
failed load, the build file if one was made (for inspection with any DuckDB
client), `validation.json` (every check outcome) and `REASON.txt` (the message the
refresh printed). The published warehouse is not touched.

Only regular files that the load read are copied, from the bytes it identified
(their sha256): never a link or what it points to, never a file that changed since,
so quarantine cannot become a way to copy something from outside `sources/`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
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
    skipped = []
    for document in documents:
        data = _as_read(document)
        if data is None:
            skipped.append(document.relative_path)
            continue
        (folder / "sources" / document.path.name).write_bytes(data)
    if settings.build_path.exists():
        shutil.move(settings.build_path, folder / "build.duckdb")
    save_outcomes(folder / "validation.json", outcomes)
    listed = "\n".join(f"  {d.relative_path}  sha256 {d.document_id}" for d in documents)
    if skipped:
        listed += "\n\nNot copied (a link, or no longer the file that was read):\n" + "\n".join(
            f"  {path}" for path in skipped
        )
    (folder / "REASON.txt").write_text(
        f"Refresh stopped at {stamp}; nothing was published.\n\nFiles of this load:\n{listed}\n\n"
        f"What went wrong:\n{reason}\n",
        encoding="utf-8",
    )
    return folder


def _as_read(document: SourceDocument) -> bytes | None:
    """The document's bytes if it is still the regular file that was read; else None."""
    try:
        if not stat.S_ISREG(os.lstat(document.path).st_mode):
            return None  # a link: its target is not copied, wherever it points
        handle = os.open(document.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(handle, "rb") as file:
            data = file.read(document.byte_size + 1)
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != document.document_id:
        return None
    return data
