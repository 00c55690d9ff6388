"""A throwaway PostgreSQL cluster for tests and benchmarks: initdb + pg_ctl in a temp folder.

The server listens on 127.0.0.1 and on a socket in that folder, with memory settings
kept small (the machines this runs on are shared) and durability switched off (the
data dies with the folder). PostgreSQL refuses to run as root: as root, the cluster
belongs to the `postgres` user that Debian's package creates.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SMALL_SETTINGS = {
    "shared_buffers": "32MB",
    "work_mem": "4MB",
    "maintenance_work_mem": "32MB",
    "max_connections": "60",
    "max_wal_size": "256MB",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "listen_addresses": "'127.0.0.1'",
    "log_min_messages": "warning",
}


class NoPostgres(RuntimeError):
    """PostgreSQL's server programs are not installed here."""


def server_bin_dir() -> Path:
    """Where initdb and pg_ctl are: on PATH, else Debian's versioned folder (newest)."""
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if not candidates:
        raise NoPostgres(
            "PostgreSQL's initdb was not found (install Debian's `postgresql` package: "
            "apt-get install postgresql)"
        )
    return Path(candidates[-1]).parent


def _version(path: str) -> int:
    try:
        return int(Path(path).parts[-3])
    except ValueError:
        return 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Cluster:
    folder: Path
    port: int
    bin_dir: Path
    superuser: str = "postgres"

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    def dsn(self, user: str | None = None, dbname: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user={user or self.superuser} dbname={dbname}"

    def _run(self, *args: str) -> None:
        as_postgres = {"user": "postgres", "group": "postgres"} if os.geteuid() == 0 else {}
        subprocess.run(
            [str(self.bin_dir / args[0]), *args[1:]],
            check=True,
            capture_output=True,
            text=True,
            cwd=self.folder,
            **as_postgres,
        )

    def start(self) -> Cluster:
        data = self.folder / "data"
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            shutil.chown(self.socket_dir, "postgres", "postgres")
        try:
            self._run(
                "initdb", "-D", str(data), "-U", self.superuser, "--auth=trust",
                "-E", "UTF8", "--locale=C.UTF-8",
            )  # fmt: skip
            with (data / "postgresql.conf").open("a") as conf:
                conf.write(f"port = {self.port}\n")
                conf.write(f"unix_socket_directories = '{self.socket_dir}'\n")
                conf.writelines(f"{k} = {v}\n" for k, v in SMALL_SETTINGS.items())
            self._run(
                "pg_ctl", "-D", str(data), "-l", str(self.folder / "server.log"), "-w", "start"
            )
        except subprocess.CalledProcessError as failure:
            log = self.folder / "server.log"
            detail = log.read_text() if log.exists() else ""
            raise RuntimeError(
                f"could not start PostgreSQL in {self.folder}: {failure.stderr}{detail}"
            ) from failure
        return self

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster() -> Cluster:
    """initdb and start a new cluster; call `stop()` to end it and remove its folder."""
    bin_dir = server_bin_dir()
    folder = Path(tempfile.mkdtemp(prefix="warehouse-pg-"))
    return Cluster(folder=folder, port=_free_port(), bin_dir=bin_dir).start()
