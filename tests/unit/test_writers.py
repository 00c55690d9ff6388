"""dbt cannot outlive the refresh that starts it, and the next refresh waits for it."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orchestration.writers import wait_until_no_writer, writers_lock_path

# A parent that starts a child as `warehouse-dbt` starts dbt (minus the exec), prints
# the child's pid and waits; the child would sleep for a minute.
PARENT = """
import subprocess, sys
child = subprocess.Popen(
    [sys.executable, "-c",
     "import time; from orchestration.writers import _die_with_parent as d; d(); "
     "print('ready', flush=True); time.sleep(60)"],
    stdout=subprocess.PIPE,
)
child.stdout.readline()
print(child.pid, flush=True)
child.wait()
"""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def test_a_child_started_as_dbt_is_started_ends_when_its_parent_is_killed() -> None:
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    assert _running(child)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not _running(child)


def test_the_next_refresh_waits_until_no_dbt_holds_the_writers_lock(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_SH);"
            " print('held', flush=True); time.sleep(1.5); print('done', flush=True)",
            str(writers_lock_path(tmp_path)),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline() == "held\n"
    with pytest.raises(TimeoutError, match=r"a dbt process still holds .*\.writers\.lock"):
        wait_until_no_writer(tmp_path, wait_seconds=0.2)
    wait_until_no_writer(tmp_path, wait_seconds=30)
    # it returned only once the holder was done: its last line is already there to read
    assert select.select([holder.stdout], [], [], 0)[0]
    assert holder.stdout.readline() == "done\n"
    holder.wait()


def test_dbt_runs_in_the_warehouse_of_its_profile_with_every_folder_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from orchestration.writers import _run_in, _warehouse_of_profile

    warehouse, project = tmp_path / "warehouse", tmp_path / "project"
    (warehouse / "dbt_profiles").mkdir(parents=True)
    project.mkdir()
    monkeypatch.chdir(project)
    monkeypatch.setenv("DBT_PROFILES_DIR", str(warehouse / "dbt_profiles"))
    assert _warehouse_of_profile(["build"]) == warehouse
    assert _warehouse_of_profile(["parse", "--profiles-dir", str(project)]) is None
    argv, environment = _run_in(
        warehouse,
        ["build", "--log-path", "logs", "--select", "fqn:*"],
        {"DBT_TARGET_PATH": "target", "HOME": "/home/analyst"},
    )
    assert Path.cwd() == warehouse
    assert argv == ["build", "--log-path", str(project / "logs"), "--select", "fqn:*"]
    assert environment == {
        "DBT_PROJECT_DIR": str(project),
        "DBT_TARGET_PATH": str(project / "target"),
        "HOME": "/home/analyst",
    }


def test_every_warehouse_gets_the_same_profile_so_dbt_reuses_the_project_parse(
    tmp_path: Path,
) -> None:
    from orchestration.dbt_profiles import write_profile
    from orchestration.settings import PROJECT_ROOT, Settings

    first, second = (
        (write_profile(Settings(PROJECT_ROOT, PROJECT_ROOT / "sources", tmp_path / n)))
        for n in ("a", "b")
    )
    text = (first / "profiles.yml").read_text(encoding="utf-8")
    assert text == (second / "profiles.yml").read_text(encoding="utf-8")
    assert "path: build/next.duckdb" in text
