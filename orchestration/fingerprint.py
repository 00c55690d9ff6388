"""What a published edition was built from, as one digest: the source files (names and
sha256), the dbt project, the suites and overrides, the pipeline's code and the lock.

Recorded in each edition's manifest. `warehouse refresh` and the sources sensor compare it
with today's: equal means a refresh would rebuild the same file, so it is not started —
an answer in well under a second, without loading Dagster, dbt or Great Expectations.

May import: `orchestration.ingest.documents`, `orchestration.settings`, `orchestration.editions`.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from orchestration.editions import Edition, edition_of
from orchestration.ingest.documents import discover_indicators, discover_reports
from orchestration.settings import PROJECT_ROOT, Settings

# Everything besides the sources that decides what a refresh publishes.
CODE_INPUTS = (
    "orchestration",
    "dbt_project",
    "expectations",
    "requirements.lock",
    "pyproject.toml",
)
_SKIPPED_DIRS = {"target", "logs", "dbt_packages", "__pycache__"}


@dataclass(frozen=True)
class Fingerprint:
    digest: str
    files: int  # source files it covers

    def as_manifest(self) -> dict[str, object]:
        return {"digest": self.digest, "source_files": self.files}


def _code_files(root: Path) -> list[Path]:
    found: list[Path] = []
    for name in CODE_INPUTS:
        path = root / name
        if path.is_file():
            found.append(path)
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
            found += [Path(folder) / f for f in sorted(files) if not f.endswith(".pyc")]
    return found


def fingerprint(settings: Settings, root: Path = PROJECT_ROOT) -> Fingerprint:
    digest = hashlib.sha256()
    documents = discover_reports(settings.sources_dir, settings.limits) + discover_indicators(
        settings.sources_dir, settings.limits
    )
    for document in documents:
        digest.update(f"{document.relative_path}\0{document.document_id}\n".encode())
    for path in _code_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return Fingerprint(digest.hexdigest(), len(documents))


def up_to_date(settings: Settings) -> tuple[Edition, Fingerprint] | None:
    """The published edition, when it was built from exactly what is here now."""
    if not settings.published_path.exists():
        return None
    edition = edition_of(settings, settings.published_path)
    if edition is None:
        return None
    recorded = edition.manifest().get("fingerprint") or {}
    current = fingerprint(settings)
    return (edition, current) if recorded.get("digest") == current.digest else None
