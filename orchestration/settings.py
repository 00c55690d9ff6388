"""Where things live. Built once from environment variables with sensible defaults.

Tests point `WAREHOUSE_DIR` (and, if they need other inputs, `WAREHOUSE_SOURCES_DIR`)
at a temporary folder; everything else derives from these.

May import: `orchestration.ingest.limits` only (the limits it carries).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from orchestration.ingest.limits import DEFAULT_LIMITS, InputLimits

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PUBLISHED_NAME = "warehouse.duckdb"
# Rules that are data (aliases, units, phrases): read by the parsers as dbt seeds them.
SEEDS_DIR = PROJECT_ROOT / "dbt_project" / "seeds"


@dataclass(frozen=True, slots=True)
class Settings:
    project_root: Path
    sources_dir: Path
    warehouse_dir: Path
    limits: InputLimits = DEFAULT_LIMITS  # what a source file may be (ingest/limits.py)
    # What the read commands read instead of warehouse.duckdb: a copy of a server's
    # published edition (orchestration/serving/server_snapshot.py).
    published_file: Path | None = None

    @classmethod
    def from_env(cls) -> Settings:
        root = Path(os.environ.get("WAREHOUSE_PROJECT_ROOT", PROJECT_ROOT)).resolve()
        sources = Path(os.environ.get("WAREHOUSE_SOURCES_DIR", root / "sources")).resolve()
        warehouse = Path(os.environ.get("WAREHOUSE_DIR", root / "warehouse")).resolve()
        return cls(project_root=root, sources_dir=sources, warehouse_dir=warehouse)

    @property
    def lake_dir(self) -> Path:
        return self.warehouse_dir / "lake"

    @property
    def build_dir(self) -> Path:
        return self.warehouse_dir / "build"

    @property
    def build_path(self) -> Path:
        """The file a refresh builds into; published by an atomic rename."""
        return self.build_dir / "next.duckdb"

    @property
    def published_path(self) -> Path:
        return self.published_file or self.warehouse_dir / PUBLISHED_NAME

    @property
    def dagster_home(self) -> Path:
        return self.warehouse_dir / "dagster_home"

    @property
    def dbt_project_dir(self) -> Path:
        return PROJECT_ROOT / "dbt_project"

    @property
    def dbt_target_dir(self) -> Path:
        return self.warehouse_dir / "dbt_target"

    def relative(self, path: Path) -> str:
        """A path as users see it: relative to the project root when inside it."""
        try:
            return path.resolve().relative_to(self.project_root).as_posix()
        except ValueError:
            return path.as_posix()
