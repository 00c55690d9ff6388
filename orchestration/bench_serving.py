"""Serving under load: BI clients querying while a refresh publishes, measured.

    make bench-serving   →   python -m orchestration.bench_serving [--clients 20]

Two runs, each with `--clients` read-only clients (one process each) issuing the
README's BI queries in a loop, from before a publication starts until shortly after
it ends:

Each client pauses `--think-ms` (50) between queries, as a dashboard's user does; with 0
the clients alone keep two cores busy.

- postgres: a throwaway server (initdb + pg_ctl; `--dsn` for one of your own), the
  clients as the read-only BI role on one connection each, while the server edition
  is built by dbt and swapped in (`serving.server_edition.publish_to_server`);
- duckdb: the same clients on `warehouse.duckdb` opened read-only, reopened when the
  file is replaced (as a BI tool sees a new edition), while `warehouse refresh --force`
  builds and renames a new file.

It prints queries per second, the median and 95th percentile latency and the errors
of each, and writes them to warehouse/bench/serving-<targets>.json. A warehouse is refreshed from
sources/ into a temporary folder first (or `--warehouse` names a published one).

May import: `orchestration.serving`, `orchestration.settings`, DuckDB and psycopg2; the
DuckDB refresh runs as a separate `warehouse` process (an entry point, like the CLI).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from orchestration.settings import PROJECT_ROOT, Settings

WAREHOUSE = str(Path(sys.executable).with_name("warehouse"))
# The README's queries for BI users, written the way both targets read them.
BI_QUERIES = {
    "indicator values by period": """
        select k.kpi_name, p.period_grain, v.period_key, p.period_start, p.period_end,
               v.value, k.unit, v.source_row, d.source_path
        from marts.fct_kpi_value v
        join marts.dim_kpi k using (kpi_key)
        join marts.dim_period p using (period_key)
        join marts.dim_source_document d using (document_id)
        where k.kpi_kind = 'indicator'
        order by k.kpi_code, p.period_start, p.period_end
    """,
    "suspended or not started by department": """
        select department_name, status_label_uk, count(*) as projects
        from bi.project_status_by_department
        where report_year = 2023 and status in ('suspended', 'not_started')
        group by department_name, status_label_uk
        order by projects desc, department_name, status_label_uk
        limit 6
    """,
    "projects per priority and department": """
        select p.priority_name, d.department_name, count(distinct e.project_key) as projects
        from marts.fct_implementation_entry e
        join marts.bridge_entry_department b using (entry_key)
        join marts.dim_department d using (department_key)
        join marts.dim_priority p using (priority_key)
        where e.report_year = 2023 and e.project_key is not null
        group by p.priority_name, d.department_name
        order by 1, 3 desc, 2
    """,
    "priority scorecard": """
        select priority_name_en, projects_total, share_completed,
               share_suspended_or_not_started
        from bi.priority_scorecard
        order by priority_ordinal
    """,
}


def _client(kind: str, where: str, think: float, stop, results) -> None:
    """One BI client: the queries in turn, `think` seconds apart, until `stop`;
    (latencies, errors) to `results`."""
    latencies: list[float] = []
    errors: list[str] = []
    queries = list(BI_QUERIES.values())
    if kind == "postgres":
        import psycopg2

        con = psycopg2.connect(where, application_name="bench-serving")
        con.autocommit = True
        cursor = con.cursor()

        def run(query: str) -> None:
            cursor.execute(query)
            cursor.fetchall()
    else:
        import duckdb

        opened: dict[str, object] = {}

        def run(query: str) -> None:
            inode = os.stat(where).st_ino
            if opened.get("inode") != inode:  # a new edition: open it, as a BI tool would
                if "con" in opened:
                    opened["con"].close()
                opened["con"] = duckdb.connect(where, read_only=True)
                opened["inode"] = inode
            opened["con"].execute(query).fetchall()

    turn = os.getpid()
    while not stop.is_set():
        query = queries[turn % len(queries)]
        turn += 1
        started = time.perf_counter()
        try:
            run(query)
            latencies.append(time.perf_counter() - started)
        except Exception as error:  # every failure a BI user would see counts
            errors.append(f"{type(error).__name__}: {error}"[:300])
        time.sleep(think)
    results.put((latencies, errors))


def _load(kind: str, where: str, clients: int, think: float, publish, settle: float = 3.0) -> dict:
    """Run `clients` clients while `publish()` runs; their figures over that window."""
    context = mp.get_context("spawn")
    stop, results = context.Event(), context.Queue()
    workers = [
        context.Process(target=_client, args=(kind, where, think, stop, results))
        for _ in range(clients)
    ]
    for worker in workers:
        worker.start()
    time.sleep(settle)  # every client connected and querying before the publication starts
    started = time.perf_counter()
    publish_took = publish()
    time.sleep(settle)
    stop.set()
    window = time.perf_counter() - started + settle
    latencies: list[float] = []
    errors: list[str] = []
    for _ in workers:
        mine, theirs = results.get(timeout=120)
        latencies += mine
        errors += theirs
    for worker in workers:
        worker.join(timeout=30)
    ordered = sorted(latencies)
    return {
        "target": kind,
        "clients": clients,
        "think_ms": round(1000 * think),
        "publish_seconds": round(publish_took, 1),
        "window_seconds": round(window, 1),
        "queries": len(latencies),
        "qps": round(len(latencies) / window, 1),
        "p50_ms": round(1000 * statistics.median(ordered), 1) if ordered else None,
        "p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 1) if ordered else None,
        "errors": len(errors),
        "first_errors": errors[:5],
    }


def _refresh(folder: Path, *extra: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [WAREHOUSE, "refresh", *extra],
        env={**os.environ, "WAREHOUSE_DIR": str(folder)},
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def _postgres(settings: Settings, clients: int, think: float, dsn: str | None) -> dict:
    from orchestration.serving.cluster import start_cluster
    from orchestration.serving.postgres import ServerTarget, create_roles
    from orchestration.serving.server_edition import publish_to_server

    cluster = None
    if dsn is None:
        import psycopg2

        cluster = start_cluster()
        admin = psycopg2.connect(cluster.dsn())
        admin.autocommit = True
        admin.cursor().execute("create database city")
        admin.close()
        admin = psycopg2.connect(cluster.dsn(dbname="city"))
        create_roles(admin, "city")
        admin.close()
        writer = ServerTarget(dsn=cluster.dsn("warehouse_writer", "city"))
        reader = cluster.dsn("warehouse_bi", "city")
    else:
        writer, reader = ServerTarget(dsn=dsn), dsn
    try:
        publish_to_server(writer, settings)  # the edition the clients start on

        def publish() -> float:
            started = time.perf_counter()
            publish_to_server(writer, settings)
            return time.perf_counter() - started

        return _load("postgres", reader, clients, think, publish)
    finally:
        if cluster is not None:
            cluster.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument(
        "--think-ms", type=float, default=50, help="a client's pause between two queries"
    )
    parser.add_argument("--warehouse", type=Path, help="a published warehouse folder to use")
    parser.add_argument("--dsn", help="a server of your own (the BI role's DSN also serves)")
    parser.add_argument("--only", choices=["postgres", "duckdb"])
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="bench-serving-"))
    folder = args.warehouse or scratch / "warehouse"
    if args.warehouse is None:
        print(f"refreshing sources/ into {folder} …", flush=True)
        _refresh(folder)
    settings = Settings(PROJECT_ROOT, PROJECT_ROOT / "sources", folder.resolve())
    figures = []
    if args.only in (None, "postgres"):
        print(f"postgres: {args.clients} clients while the server edition is built …", flush=True)
        figures.append(_postgres(settings, args.clients, args.think_ms / 1000, args.dsn))
    if args.only in (None, "duckdb"):
        print(
            f"duckdb: {args.clients} clients while `warehouse refresh --force` runs …", flush=True
        )
        figures.append(
            _load(
                "duckdb",
                str(settings.published_path),
                args.clients,
                args.think_ms / 1000,
                lambda: _refresh(folder, "--force"),
            )
        )
    print(f"\n{'target':<9} {'clients':>7} {'publish s':>9} {'queries':>8} {'qps':>7} "
          f"{'p50 ms':>7} {'p95 ms':>7} {'errors':>6}")  # fmt: skip
    for f in figures:
        print(
            f"{f['target']:<9} {f['clients']:>7} {f['publish_seconds']:>9} {f['queries']:>8} "
            f"{f['qps']:>7} {f['p50_ms']:>7} {f['p95_ms']:>7} {f['errors']:>6}"
        )
        for error in f["first_errors"]:
            print(f"  {f['target']} error: {error}")
    out = (
        PROJECT_ROOT
        / "warehouse"
        / "bench"
        / f"serving-{'-'.join(f['target'] for f in figures)}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2))
    print(f"\nwritten to {out}")
    return 0 if all(f["errors"] == 0 for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
