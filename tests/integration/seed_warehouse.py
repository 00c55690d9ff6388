"""One real refresh of sources/ (the embedded 2023 report, and indicator files once they are
there), shared by the test modules of the published outputs (bi views, export, report,
browser) so the suite pays for it once."""

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


def refresh_into(
    folder: Path, monkeypatch: pytest.MonkeyPatch, sources: Path | None = None
) -> Published:
    settings = Settings(
        project_root=PROJECT_ROOT,
        sources_dir=sources or PROJECT_ROOT / "sources",
        warehouse_dir=folder,
    )
    monkeypatch.setenv("WAREHOUSE_DIR", str(settings.warehouse_dir))
    monkeypatch.setenv("WAREHOUSE_SOURCES_DIR", str(settings.sources_dir))
    monkeypatch.setenv("DAGSTER_HOME", str(settings.dagster_home))
    lines: list[str] = []
    summary = refresh(settings, progress=lines.append)
    return Published(settings, summary, lines)


def published_seed(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """The seed, refreshed into a temporary warehouse folder once per test session."""
    if "seed" not in _published:
        with pytest.MonkeyPatch.context() as monkeypatch:
            _published["seed"] = refresh_into(tmp_path_factory.mktemp("seed"), monkeypatch)
    return _published["seed"]
