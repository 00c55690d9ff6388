"""The dbt project handle, cached, and its manifest kept up to date.

dagster-dbt reads the manifest when the definitions load. `dbt parse` costs a few
seconds, so it runs only when a file of the dbt project is newer than the
manifest (or there is none), not on every start.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration.dbt_profiles import write_profile
from orchestration.settings import PROJECT_ROOT, Settings

DBT_DIR = PROJECT_ROOT / "dbt_project"
# The dbt of this interpreter's environment, whether or not the venv is on PATH, started
# so that it cannot outlive the process that starts it (orchestration/writers.py).
DBT_EXECUTABLE = str(Path(sys.executable).with_name("warehouse-dbt"))
_WATCHED = ("dbt_project.yml", "profiles.yml", "models", "seeds", "macros", "tests")


def _newest_source_mtime() -> float:
    newest = 0.0
    for name in _WATCHED:
        path = DBT_DIR / name
        files = [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file())
        for file in files:
            newest = max(newest, file.stat().st_mtime)
    return newest


def ensure_manifest(target_dir: Path, profiles_dir: Path) -> Path:
    """Run `dbt parse` when the manifest is missing or older than the project."""
    manifest = target_dir / "manifest.json"
    # The profile counts too: a parse under another profile is not reused by dbt.
    newest = max(_newest_source_mtime(), (profiles_dir / "profiles.yml").stat().st_mtime)
    if manifest.exists() and manifest.stat().st_mtime >= newest:
        return manifest
    target_dir.mkdir(parents=True, exist_ok=True)
    # Two processes loading the definitions at once (parallel test workers, a refresh and
    # `make ui`) parse one after the other instead of writing the same files together.
    with (target_dir / ".parse.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if manifest.exists() and manifest.stat().st_mtime >= newest:
            return manifest
        _parse(target_dir, profiles_dir)
    return manifest


def _parse(target_dir: Path, profiles_dir: Path) -> None:
    subprocess.run(
        [
            DBT_EXECUTABLE,
            "parse",
            "--quiet",
            "--project-dir",
            str(DBT_DIR),
            "--profiles-dir",
            str(profiles_dir),
            "--target-path",
            str(target_dir),
        ],
        check=True,
        env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
    )


_TARGET = DBT_DIR / "target"
# Parsed with the profile of the project's own warehouse folder: dagster-dbt hands this
# parse to the first build there (dbt re-parses everything when the profile differs).
_DEFAULT_PROFILE = write_profile(
    Settings(PROJECT_ROOT, PROJECT_ROOT / "sources", PROJECT_ROOT / "warehouse"),
    _TARGET / "profile",
)
ensure_manifest(_TARGET, _DEFAULT_PROFILE)
dbt_project = DbtProject(project_dir=DBT_DIR, target_path=_TARGET, profiles_dir=DBT_DIR)
