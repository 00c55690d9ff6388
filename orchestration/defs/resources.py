"""The project's folders as a Dagster resource.

Every asset, check, schedule and sensor takes `warehouse: WarehouseFolders` and asks it
for the folders it reads and writes. The command line binds it to the folders it was
given (`definitions_for`); `dagster dev` binds it once, from the environment, when the
definitions load. Nothing else carries configuration: no step reads or writes the
process environment to find a folder.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from pathlib import Path

import dagster as dg

from orchestration.ingest.limits import DEFAULT_LIMITS
from orchestration.settings import Settings


class WarehouseFolders(dg.ConfigurableResource):
    """Where the sources are read from and where the warehouse is written."""

    project_root: str
    sources_dir: str
    warehouse_dir: str
    limits: dict[str, int] | None = None  # InputLimits fields that differ from the defaults

    @classmethod
    def of(cls, settings: Settings) -> WarehouseFolders:
        return cls(
            project_root=str(settings.project_root),
            sources_dir=str(settings.sources_dir),
            warehouse_dir=str(settings.warehouse_dir),
            limits={
                name: value
                for name, value in asdict(settings.limits).items()
                if value != getattr(DEFAULT_LIMITS, name)
            },
        )

    @property
    def settings(self) -> Settings:
        return Settings(
            project_root=Path(self.project_root),
            sources_dir=Path(self.sources_dir),
            warehouse_dir=Path(self.warehouse_dir),
            limits=replace(DEFAULT_LIMITS, **(self.limits or {})),
        )
