"""`warehouse status`: what is published, from what, how the last refresh ended, and
what the checks warned about. Reads files only (DuckDB read-only, JSON, the
quarantine folder): it answers at once and never waits for a running refresh.

May import: `orchestration.build`, `orchestration.editions`, `orchestration.settings`,
DuckDB. Never Dagster, dbt or GX.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from orchestration.build import mart_row_counts
from orchestration.editions import list_editions
from orchestration.settings import Settings


@dataclass
class LastRefresh:
    when: datetime
    published: bool
    reason: str | None = None  # why it stopped, when it did
    kept_in: Path | None = None


@dataclass
class Status:
    path: Path
    size_bytes: int
    modified: datetime
    edition: dict[str, Any] | None
    sources: list[tuple[int | None, str, str, str | None, str]]  # year, path, sha, status, kind
    warnings: list[dict[str, Any]] = field(default_factory=list)
    mart_rows: dict[str, int] = field(default_factory=dict)
    last_refresh: LastRefresh | None = None
    export_edition: str | None = None
    report_exists: bool = False


def _edition_manifest(settings: Settings, published: Path) -> dict[str, Any] | None:
    for edition in reversed(list_editions(settings)):
        try:
            if edition.path.samefile(published):
                return edition.manifest()
        except OSError:
            continue
    return None


def _last_stop(settings: Settings) -> LastRefresh | None:
    """The newest quarantined load: a refresh that stopped, with the reason it gave."""
    folder = settings.warehouse_dir / "quarantine"
    stops = sorted(d for d in folder.iterdir() if d.is_dir()) if folder.is_dir() else []
    if not stops:
        return None
    latest = stops[-1]
    try:
        when = datetime.strptime(latest.name, "%Y-%m-%dT%H%M%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        when = datetime.fromtimestamp(latest.stat().st_mtime, UTC)
    reason_file = latest / "REASON.txt"
    reason = None
    if reason_file.exists():
        text = reason_file.read_text(encoding="utf-8")
        reason = text.split("What went wrong:\n", 1)[-1].strip()
    return LastRefresh(when=when, published=False, reason=reason, kept_in=latest)


def read_status(settings: Settings) -> Status | None:
    """None when nothing is published yet."""
    path = settings.published_path
    if not path.exists():
        return None
    stat = path.stat()
    edition = _edition_manifest(settings, path)
    with duckdb.connect(str(path), read_only=True) as con:
        sources = con.execute(
            "select report_year, source_path, document_id, document_status, document_kind "
            "from marts.dim_source_document "
            "order by report_year, source_path"
        ).fetchall()
        has_checks = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'marts' and table_name = 'fct_check_result'"
        ).fetchone()[0]
        warnings = []
        if has_checks:
            cursor = con.execute(
                "select suite, check_name, severity, status, message, observed_value, "
                "source_path, report_year, locations, override_reason "
                "from marts.fct_check_result where status != 'passed' "
                "order by severity, suite, check_name, source_path"
            )
            names = [d[0] for d in cursor.description]
            warnings = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    status = Status(
        path=path,
        size_bytes=stat.st_size,
        modified=datetime.fromtimestamp(stat.st_mtime, UTC),
        edition=edition,
        sources=sources,
        warnings=warnings,
        mart_rows=mart_row_counts(path),
    )
    published_at = datetime.fromisoformat(edition["published_at"]) if edition else status.modified
    stop = _last_stop(settings)
    status.last_refresh = (
        stop if stop and stop.when > published_at else LastRefresh(published_at, True)
    )
    manifest = settings.warehouse_dir / "export" / "manifest.json"
    if manifest.exists():
        status.export_edition = json.loads(manifest.read_text(encoding="utf-8")).get("edition")
    status.report_exists = (settings.warehouse_dir / "reports" / "annual_report.html").exists()
    return status


def render_status(status: Status, settings: Settings) -> str:
    """The status as the analyst reads it in the terminal."""
    local = "%Y-%m-%d %H:%M UTC"
    edition = status.edition or {}
    stamp = edition.get("edition")
    out = [
        f"Published: {settings.relative(status.path)} ({status.size_bytes / 1e6:.1f} MB)",
        f"  edition:  {stamp or 'not recorded'}"
        + (f", published {edition['published_at'][:16].replace('T', ' ')} UTC" if stamp else "")
        + (f" by run {edition['run_id']}" if edition.get("run_id") else ""),
    ]
    if edition.get("parser_version") or edition.get("dbt_version"):
        out.append(
            f"  built by: parser {edition.get('parser_version', '?')}, "
            f"{edition.get('dbt_version', 'dbt ?')}"
        )
    out.append("  sources:")
    for year, path, sha, doc_status, kind in status.sources:
        note = f"  ({doc_status})" if doc_status not in (None, "current") else ""
        out.append(f"    {year or kind}  {path}  sha256 {sha[:16]}…{note}")
    out.append("  rows per mart:")
    out += [f"    marts.{table:<28} {rows:>6}" for table, rows in status.mart_rows.items()]
    last = status.last_refresh
    if last is not None and last.published:
        out.append(f"Last refresh: {last.when.strftime(local)} — published this edition")
    elif last is not None:
        out.append(
            f"Last refresh: {last.when.strftime(local)} — STOPPED, nothing was published "
            f"(kept in {settings.relative(last.kept_in)})"
            if last.kept_in
            else f"Last refresh: {last.when.strftime(local)} — stopped"
        )
        if last.reason:
            out += [f"    {line}" for line in last.reason.splitlines()[:8]]
    if status.export_edition:
        current = "up to date" if status.export_edition == stamp else "an older edition"
        folder = settings.relative(settings.warehouse_dir / "export")
        out.append(f"Parquet export: {folder}/ (edition {status.export_edition}, {current})")
    else:
        out.append("Parquet export: none yet — run `warehouse export`")
    report = settings.relative(settings.warehouse_dir / "reports" / "annual_report.html")
    out.append(
        f"Annual report: {report if status.report_exists else 'none yet — run `warehouse report`'}"
    )
    if status.warnings:
        out.append(f"Warnings ({len(status.warnings)}; marts.fct_check_result):")
        for w in status.warnings:
            found = f" (found {w['observed_value']})" if w["observed_value"] else ""
            out.append(
                f"  [{w['severity']}, {w['status']}] {w['suite']}.{w['check_name']}: "
                f"{w['message']}{found}"
            )
            for location in json.loads(w["locations"] or "[]")[:5]:
                out.append(f"      {location}")
            if w["override_reason"]:
                out.append(f"      accepted: {w['override_reason']}")
    else:
        out.append("Warnings: none")
    return "\n".join(out)
