"""Check outcomes as data: landed like the documents they judge, modelled by dbt.

A landing check's outcomes are written to the lake next to the document's landing
tables (`lake/raw/check_outcomes/<document_id>.parquet`, with the version of the checks
that produced them), so a document whose bytes and checks did not change is neither
parsed nor checked again. The build copies them into `landing.check_outcomes`; the dbt
tests and the mart suites append theirs there as they run; dbt models the table into
`marts.fct_check_result` (contract, descriptions) like every other mart.

May import: `orchestration.ingest`, `orchestration.quality`, `orchestration.settings`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from orchestration.ingest.landing import landing_path, write_landing
from orchestration.quality.outcomes import CheckOutcome
from orchestration.settings import PROJECT_ROOT

TABLE = "check_outcomes"
CHECK_OUTCOMES = pa.schema(
    [
        ("run_id", pa.string()),  # the Dagster run whose check produced the outcome
        ("checked_at", pa.timestamp("us")),
        ("checks_version", pa.string()),  # see checks_version()
        ("layer", pa.string()),  # 'landing' | 'dbt' | 'marts'
        ("suite", pa.string()),
        ("check_name", pa.string()),
        ("severity", pa.string()),
        ("status", pa.string()),
        ("observed_value", pa.string()),
        ("threshold", pa.string()),
        ("message", pa.string()),
        ("document_id", pa.string()),
        ("source_path", pa.string()),
        ("report_year", pa.int32()),
        ("locations", pa.string()),  # JSON list of 'file:line: what'
        ("override_reason", pa.string()),
    ]
)
# What decides a landing check's verdict besides the document's bytes: the suites, the
# accepted overrides, and the seeds the suites read (department aliases, indicators).
_CHECK_INPUTS = ("expectations", "dbt_project/seeds")


def checks_version(root: Path = PROJECT_ROOT) -> str:
    """A digest of every file that can change a landing check's verdict."""
    digest = hashlib.sha256()
    for folder in _CHECK_INPUTS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def layer_of(outcome: CheckOutcome) -> str:
    if outcome.suite == "dbt":
        return "dbt"
    return "marts" if outcome.suite.startswith("mart_") else "landing"


def outcomes_table(
    outcomes: Iterable[CheckOutcome], run_id: str, checked_at: datetime, version: str
) -> pa.Table:
    rows = [
        {
            "run_id": run_id,
            "checked_at": checked_at.replace(tzinfo=None),
            "checks_version": version,
            "layer": layer_of(o),
            "suite": o.suite,
            "check_name": o.check,
            "severity": o.severity,
            "status": o.status,
            "observed_value": o.observed,
            "threshold": o.threshold,
            "message": o.message,
            "document_id": o.document_id,
            "source_path": o.source_path,
            "report_year": o.report_year,
            "locations": json.dumps(list(o.locations), ensure_ascii=False) if o.locations else None,
            "override_reason": o.override_reason,
        }
        for o in outcomes
    ]
    return pa.Table.from_pylist(rows, schema=CHECK_OUTCOMES)


def outcome_of(row: dict) -> CheckOutcome:
    return CheckOutcome(
        suite=row["suite"],
        check=row["check_name"],
        severity=row["severity"],
        status=row["status"],
        message=row["message"],
        observed=row["observed_value"],
        threshold=row["threshold"],
        document_id=row["document_id"],
        source_path=row["source_path"],
        report_year=row["report_year"],
        locations=tuple(json.loads(row["locations"])) if row["locations"] else (),
        override_reason=row["override_reason"],
    )


def land_outcomes(
    lake_dir: Path,
    document_id: str,
    outcomes: list[CheckOutcome],
    run_id: str,
    checked_at: datetime,
    version: str,
) -> None:
    """Keep a document's landing-check outcomes in the lake (replacing older ones)."""
    write_landing(
        lake_dir, document_id, {TABLE: outcomes_table(outcomes, run_id, checked_at, version)}
    )


def landed_outcomes_version(lake_dir: Path, document_id: str) -> str | None:
    """The checks version a document's outcomes were produced by; None if never checked."""
    path = landing_path(lake_dir, TABLE, document_id)
    if not path.exists():
        return None
    table = pq.read_table(path, columns=["checks_version"])
    # A document whose suites found nothing to report still has its outcomes' version.
    return table.column("checks_version")[0].as_py() if table.num_rows else None


def landed_outcomes(lake_dir: Path, document_ids: Iterable[str]) -> list[CheckOutcome]:
    """The landing-check outcomes of these documents, as the lake keeps them."""
    found: list[CheckOutcome] = []
    for document_id in document_ids:
        path = landing_path(lake_dir, TABLE, document_id)
        if path.exists():
            found.extend(outcome_of(r) for r in pq.read_table(path).to_pylist())
    return found


def adopt_outcomes(build_path: Path, run_id: str) -> None:
    """The landing outcomes copied into a build are recorded under the run that builds it:
    `fct_check_result.run_id` names the run that published the edition."""
    with duckdb.connect(str(build_path)) as con:
        con.execute(f"update landing.{TABLE} set run_id = ?", [run_id])


def append_outcomes(
    build_path: Path, outcomes: list[CheckOutcome], run_id: str, checked_at: datetime, version: str
) -> int:
    """Add the outcomes of checks run on the build (dbt tests, mart suites) to the build."""
    table = outcomes_table(outcomes, run_id, checked_at, version)
    with duckdb.connect(str(build_path)) as con:
        con.register("new_outcomes", table)
        con.execute(f"insert into landing.{TABLE} by name select * from new_outcomes")
        con.unregister("new_outcomes")
    return table.num_rows


def build_outcomes(build_path: Path) -> list[CheckOutcome]:
    """Every outcome recorded in a build file so far (for a refresh that stopped)."""
    if not build_path.exists():
        return []
    with duckdb.connect(str(build_path), read_only=True) as con:
        try:
            cursor = con.execute(f"select * from landing.{TABLE} order by layer, suite")
        except duckdb.CatalogException:
            return []
        columns = [d[0] for d in cursor.description]
        return [outcome_of(dict(zip(columns, r, strict=True))) for r in cursor.fetchall()]


def published_outcomes(path: Path) -> list[CheckOutcome]:
    """The outcomes an edition was published with (`marts.fct_check_result`)."""
    with duckdb.connect(str(path), read_only=True) as con:
        cursor = con.execute("select * from marts.fct_check_result")
        columns = [d[0] for d in cursor.description]
        return [outcome_of(dict(zip(columns, r, strict=True))) for r in cursor.fetchall()]
