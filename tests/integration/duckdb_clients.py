"""Older DuckDB clients, as BI tools bundle them, in throwaway virtual environments.

Each version gets its own environment made by uv from the package registry, kept under
the user's cache folder (outside the repository) and reused while it answers with its
version; uv's own cache makes a rebuild fast. Without a registry the test skips with the
reason, except on CI (`CI=true`), where it fails: there the registry is reachable.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).with_name("duckdb_probe.py")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "zhytomyr-warehouse" / "duckdb-clients"


def _on_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _version_of(python: Path) -> str | None:
    if not python.exists():
        return None
    done = subprocess.run(
        [str(python), "-c", "import duckdb; print(duckdb.__version__)"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() if done.returncode == 0 else None


def _uv() -> str:
    beside = Path(sys.executable).with_name("uv")
    return str(beside) if beside.exists() else (shutil.which("uv") or "uv")


def client_python(version: str) -> Path:
    """The Python of an environment with duckdb==version; skips (fails on CI) when the
    package registry cannot be reached."""
    folder = cache_dir() / f"duckdb-{version}"
    python = folder / "bin" / "python"
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f".duckdb-{version}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two test runs on one machine build it once
        if _version_of(python) == version:
            return python
        shutil.rmtree(folder, ignore_errors=True)
        steps = [
            [_uv(), "venv", "--quiet", "--python", sys.executable, str(folder)],
            [_uv(), "pip", "install", "--quiet", "--python", str(python), f"duckdb=={version}"],
        ]
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True, timeout=600, check=False)
            if done.returncode != 0:
                shutil.rmtree(folder, ignore_errors=True)
                reason = (
                    f"could not install duckdb=={version} from the package registry "
                    f"({' '.join(step[:3])} …): {done.stderr.strip()[-400:]}"
                )
                if _on_ci():
                    pytest.fail(f"{reason}\nCI must reach the package registry for this test.")
                pytest.skip(f"{reason}\n(offline? CI runs this test and fails instead)")
        if _version_of(python) != version:
            pytest.fail(f"{python} does not import duckdb {version}")
    return python


def probe(python: Path, path: Path, queries: list[str]) -> dict:
    """Open `path` read-only with that Python's DuckDB; run the queries; read the comments."""
    done = subprocess.run(
        [str(python), str(PROBE)],
        input=json.dumps({"path": str(path), "queries": queries}),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"{python}: {done.stderr.strip()[-2000:]}"
    return json.loads(done.stdout)
