"""Editions: every published warehouse kept, dated, read-only, with a manifest.

An auditor asking about a figure printed last year needs the warehouse as it was
published then, not today's. Publishing hard-links the new file into
`warehouse/editions/<UTC stamp>/warehouse.duckdb` (no copy: the next publish
renames a new file over `warehouse.duckdb`, which leaves this inode alone) and
writes `manifest.json` beside it.

May import: `orchestration.settings`. Never Dagster, dbt or GX.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from orchestration.settings import PUBLISHED_NAME, Settings

STAMP_FORMAT = "%Y-%m-%dT%H%M%SZ"
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True, slots=True)
class Edition:
    stamp: str
    path: Path  # the edition's warehouse.duckdb

    @property
    def manifest_path(self) -> Path:
        return self.path.with_name(MANIFEST_NAME)

    def manifest(self) -> dict[str, Any]:
        return json.loads(self.manifest_path.read_text(encoding="utf-8"))


def editions_dir(settings: Settings) -> Path:
    return settings.warehouse_dir / "editions"


def keep_edition(
    settings: Settings, published: Path, manifest: dict[str, Any], now: datetime | None = None
) -> Edition:
    """Record the just-published file as an edition (hard link, read-only) with its manifest."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    stamp = moment.strftime(STAMP_FORMAT)
    folder = editions_dir(settings) / stamp
    suffix = 1
    while folder.exists():  # two publishes within one second
        suffix += 1
        folder = editions_dir(settings) / f"{stamp}-{suffix}"
    folder.mkdir(parents=True)
    target = folder / PUBLISHED_NAME
    try:
        os.link(published, target)
    except OSError:  # a file system without hard links: copy instead
        shutil.copy2(published, target)
    os.chmod(target, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    body = {"edition": folder.name, "published_at": moment.isoformat(), **manifest}
    (folder / MANIFEST_NAME).write_text(
        json.dumps(body, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
    )
    return Edition(stamp=folder.name, path=target)


def list_editions(settings: Settings) -> list[Edition]:
    """Editions oldest first."""
    base = editions_dir(settings)
    if not base.is_dir():
        return []
    return [
        Edition(stamp=d.name, path=d / PUBLISHED_NAME)
        for d in sorted(base.iterdir())
        if (d / PUBLISHED_NAME).exists()
    ]


def edition_of(settings: Settings, published: Path) -> Edition | None:
    """The edition a published file is (its hard link), if it was recorded."""
    for edition in reversed(list_editions(settings)):
        try:
            if os.path.samefile(edition.path, published):
                return edition
        except OSError:
            continue
    return None


def find_edition(settings: Settings, when: str) -> Edition:
    """The latest edition whose stamp starts with `when` ('2026', '2026-11-26', a full stamp)."""
    matches = [e for e in list_editions(settings) if e.stamp.startswith(when)]
    if not matches:
        known = ", ".join(e.stamp for e in list_editions(settings)) or "none yet"
        raise LookupError(f"no edition published on {when!r} (editions: {known})")
    return matches[-1]
