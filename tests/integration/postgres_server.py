"""A real PostgreSQL server for the tests of the server target: one throwaway cluster.

Locally, without PostgreSQL installed, those tests are skipped with a message that
says how to run them; on CI (`CI=true`) a missing server fails them instead.
"""

from __future__ import annotations

import atexit
import os
from dataclasses import dataclass

import psycopg2
import pytest

from orchestration.serving.cluster import Cluster, NoPostgres, start_cluster
from orchestration.serving.postgres import ServerTarget, create_roles

DATABASE = "city"
WRITER = "warehouse_writer"
READER = "warehouse_bi"


@dataclass(frozen=True)
class Server:
    cluster: Cluster

    @property
    def writer(self) -> ServerTarget:
        return ServerTarget(dsn=self.cluster.dsn(WRITER, DATABASE), reader_role=READER)

    def connect(self, user: str = "postgres") -> psycopg2.extensions.connection:
        return psycopg2.connect(self.cluster.dsn(user, DATABASE))


_server: list[Server] = []


def postgres_server() -> Server:
    """The session's cluster, with database `city` and the writer and BI roles."""
    if _server:
        return _server[0]
    try:
        cluster = start_cluster()
    except NoPostgres as missing:
        message = (
            f"{missing}. The PostgreSQL target's tests need the server programs: "
            "`apt-get install postgresql` (Debian), then run pytest again."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    atexit.register(cluster.stop)
    admin = psycopg2.connect(cluster.dsn())
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"create database {DATABASE}")
    admin.close()
    admin = psycopg2.connect(cluster.dsn(dbname=DATABASE))
    create_roles(admin, DATABASE, WRITER, READER)
    admin.close()
    _server.append(Server(cluster))
    return _server[0]
