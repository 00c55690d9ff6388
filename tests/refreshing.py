"""The one way tests refresh a warehouse: into a folder of their own, with explicit
folders — never through the environment.

`published_seed` is the refresh of sources/ (the embedded 2023 report and the shipped
indicator table) that every test module which only reads a published warehouse shares:
the suite pays for it once. A test that needs other sources or a second refresh calls
`refresh_into` with a temporary folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from orchestration.refresh import RefreshSummary, refresh
from orchestration.settings import PROJECT_ROOT, Settings


@dataclass(frozen=True)
class Published:
    settings: Settings
    summary: RefreshSummary
    progress: list[str]  # the lines the refresh reported as it went


_published: dict[str, Published] = {}


def settings_in(folder: Path, sources: Path | None = None) -> Settings:
    return Settings(
        project_root=PROJECT_ROOT,
        sources_dir=sources or PROJECT_ROOT / "sources",
        warehouse_dir=folder,
    )


def refresh_into(
    folder: Path, monkeypatch: pytest.MonkeyPatch | None = None, sources: Path | None = None
) -> Published:
    """Refresh `sources` (default: the project's) into the warehouse folder `folder`.

    `monkeypatch` is not needed any more (the folders travel as configuration) and is
    accepted so that older call sites keep working.
    """
    settings = settings_in(folder, sources)
    lines: list[str] = []
    summary = refresh(settings, progress=lines.append)
    return Published(settings, summary, lines)


def published_seed(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """The seed, refreshed into a temporary warehouse folder once per test session."""
    if "seed" not in _published:
        _published["seed"] = refresh_into(tmp_path_factory.mktemp("seed"))
    return _published["seed"]
