"""No writer outlives its refresh: dbt is started so that it ends with its parent.

dagster-dbt starts dbt with `subprocess.Popen` and offers no hook into the child
(no `preexec_fn`, no process group); what it does let us choose is the executable.
So `DbtCliResource.dbt_executable` is `warehouse-dbt` (`dbt_main` below), which

1. asks the kernel to kill it when the process that started it ends
   (`prctl(PR_SET_PDEATHSIG, SIGKILL)`), and exits at once if that process is already
   gone (its end of our stdout pipe is closed);
2. takes `warehouse/.writers.lock` shared and keeps the descriptor open through `exec`,
   so the lock is held exactly as long as dbt runs;
3. runs dbt from the warehouse folder, where the profile's relative build path points
   (orchestration/dbt_profiles.py), with the project folder named to dbt;
4. becomes dbt with `exec` (same pid, the refresh's process group, Ctrl-C reaches it).

A refresh killed with `kill -9` during `dbt build` thus takes its dbt with it, and
the next refresh takes the writers lock exclusively before it builds
(`wait_until_no_writer`): it waits until the last child of an earlier refresh has
exited, so it never shares `build/next.duckdb` or `dbt_target/` with a survivor.

May import: `orchestration.dbt_profiles` (it runs before dbt, so nothing heavy).
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import select
import signal
import stat
import sys
import time
from pathlib import Path

from orchestration.dbt_profiles import PROFILES_FOLDER

PR_SET_PDEATHSIG = 1
LOCK_NAME = ".writers.lock"


def writers_lock_path(warehouse_dir: Path) -> Path:
    return warehouse_dir / LOCK_NAME


def wait_until_no_writer(warehouse_dir: Path, wait_seconds: float = 60.0) -> None:
    """Return once no dbt child of an earlier run holds the writers lock.

    Raises TimeoutError naming the lock when one still does after `wait_seconds`
    (a child is killed with its parent at once, so this means a dbt that another
    Dagster run started, e.g. from the UI, is still building).
    """
    path = writers_lock_path(warehouse_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"a dbt process still holds {path} after {wait_seconds:.0f} s"
                    ) from None
                time.sleep(0.05)


def _parent_gone(fd: int = 1) -> bool:
    """Our stdout is the parent's pipe: with no reader left, the parent has ended."""
    try:
        if not stat.S_ISFIFO(os.fstat(fd).st_mode):
            return False
    except OSError:
        return False
    poller = select.poll()
    poller.register(fd, select.POLLOUT)
    return any(events & select.POLLERR for _, events in poller.poll(0))


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if _parent_gone():
        os._exit(1)


def _warehouse_of_profile(argv: list[str]) -> Path | None:
    """The warehouse whose profile dbt is handed (`--profiles-dir`, else DBT_PROFILES_DIR,
    `<warehouse>/dbt_profiles`); None for a dbt started otherwise (`dbt parse` of the
    project, a server build), which writes no warehouse file."""
    profiles = os.environ.get("DBT_PROFILES_DIR")
    if "--profiles-dir" in argv[:-1]:
        profiles = argv[argv.index("--profiles-dir") + 1]
    if not profiles or Path(profiles).name != PROFILES_FOLDER:
        return None
    return Path(profiles).resolve().parent


def _hold_writers_lock(warehouse: Path) -> None:
    """Take the writers lock shared; the descriptor stays open in dbt after exec."""
    path = writers_lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_SH)
    os.set_inheritable(fd, True)


_PATH_FLAGS = ("--project-dir", "--profiles-dir", "--target-path", "--log-path")
_PATH_VARIABLES = ("DBT_PROJECT_DIR", "DBT_PROFILES_DIR", "DBT_TARGET_PATH", "DBT_LOG_PATH")


def _run_in(
    warehouse: Path, argv: list[str], environment: dict[str, str]
) -> tuple[list[str], dict[str, str]]:
    """Move to the warehouse folder; return the arguments and dbt's environment with every
    folder dbt is given made absolute first. The project is the folder dbt was started
    in unless the command names one."""
    environment = dict(environment)
    if "--project-dir" not in argv and "DBT_PROJECT_DIR" not in environment:
        environment["DBT_PROJECT_DIR"] = os.getcwd()
    for name in _PATH_VARIABLES:
        if environment.get(name):
            environment[name] = os.path.abspath(environment[name])
    argv = [
        os.path.abspath(value) if i and argv[i - 1] in _PATH_FLAGS else value
        for i, value in enumerate(argv)
    ]
    os.chdir(warehouse)
    return argv, environment


def dbt_main() -> None:
    """`warehouse-dbt ARGS…`: dbt ARGS…, ended with its parent, holding the writers lock."""
    dbt = str(Path(sys.executable).with_name("dbt"))
    _die_with_parent()
    argv, environment = sys.argv[1:], dict(os.environ)
    warehouse = _warehouse_of_profile(argv)
    if warehouse is not None:
        _hold_writers_lock(warehouse)
        argv, environment = _run_in(warehouse, argv, environment)
    os.execve(dbt, [dbt, *argv], environment)
