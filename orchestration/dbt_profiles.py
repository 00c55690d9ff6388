"""The dbt profile a build uses: the project's `profiles.yml` with the build file's path.

Each warehouse folder gets its own profile (`<warehouse>/dbt_profiles/profiles.yml`),
handed to dbt as a folder, so two warehouses built from one process never share a build
file and no process environment variable has to carry the path. The build file's path
in it is relative to the warehouse folder, where `warehouse-dbt` runs dbt
(orchestration/writers.py): every warehouse's profile is then the same text, and dbt —
which re-parses the whole project when its profile changes — reuses the project's parse
in a new warehouse folder too (a test's, a second city's) instead of parsing anew.

May import: `orchestration.settings`. Never Dagster.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from orchestration.settings import Settings

PROFILE = "strategy_warehouse"
TARGET = "build"
PROFILES_FOLDER = "dbt_profiles"
SERVER_TARGET = "postgres"
SERVER_PROFILES_FOLDER = "dbt_profiles_postgres"


def profiles_dir(settings: Settings) -> Path:
    return settings.warehouse_dir / PROFILES_FOLDER


def write_profile(settings: Settings, folder: Path | None = None) -> Path:
    """Write (if needed) and return the folder of this warehouse's dbt profile."""
    base = yaml.safe_load((settings.dbt_project_dir / "profiles.yml").read_text(encoding="utf-8"))
    output = base[PROFILE]["outputs"][TARGET]
    output["path"] = settings.build_path.relative_to(settings.warehouse_dir).as_posix()
    profile = {"target": TARGET, "outputs": {TARGET: output}}
    return _write(profile, folder or profiles_dir(settings))


def write_server_profile(settings: Settings) -> Path:
    """The profile of a build on a PostgreSQL server, beside the DuckDB one.

    Its connection is `env_var()`s of libpq's variables, given to the dbt process
    alone: no host, user or password is ever written into the file.
    """
    base = yaml.safe_load((settings.dbt_project_dir / "profiles.yml").read_text(encoding="utf-8"))
    output = base[PROFILE]["outputs"][SERVER_TARGET]
    profile = {"target": SERVER_TARGET, "outputs": {SERVER_TARGET: output}}
    return _write(profile, settings.warehouse_dir / SERVER_PROFILES_FOLDER)


def _write(profile: dict, folder: Path) -> Path:
    text = (
        "# Written by the refresh from dbt_project/profiles.yml; do not edit.\n"
        + yaml.safe_dump({PROFILE: profile}, sort_keys=False, allow_unicode=True)
    )
    path = folder / "profiles.yml"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder
