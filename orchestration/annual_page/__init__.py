"""The annual report: a self-contained HTML page read from the published warehouse.

`warehouse/reports/annual_report.html` (Ukrainian) and its companion
`annual_report.en.html` (English) link to each other. Each opens offline: styles and
SVG charts are inline, nothing is fetched. Only DuckDB and the standard library are
imported here: `warehouse report` answers quickly.

May import: `orchestration.warehouse_file`, `orchestration.editions`, `orchestration.export`,
`orchestration.settings`. Never Dagster, dbt or GX.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from orchestration.annual_page.data import ReportData, load_report_data
from orchestration.annual_page.page import render
from orchestration.editions import edition_of
from orchestration.settings import Settings

REPORT_FILES = {"uk": "annual_report.html", "en": "annual_report.en.html"}


@dataclass(frozen=True, slots=True)
class WrittenReport:
    paths: dict[str, Path]  # language -> file
    data: ReportData


def reports_dir(settings: Settings) -> Path:
    return settings.warehouse_dir / "reports"


def write_pages(data: ReportData, folder: Path) -> dict[str, Path]:
    """Both languages' pages into `folder`; each replaces the previous one in one rename."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for lang, name in REPORT_FILES.items():
        other = REPORT_FILES["en" if lang == "uk" else "uk"]
        path = folder / name
        partial = path.with_name(name + ".partial")
        partial.write_text(render(data, lang, other), encoding="utf-8")
        partial.replace(path)
        paths[lang] = path
    return paths


def write_report(settings: Settings, published: Path | None = None) -> WrittenReport:
    """Read the published warehouse (read-only) and write the report's pages."""
    published = published or settings.published_path
    if not published.exists():
        raise FileNotFoundError(
            f"nothing is published yet ({settings.relative(published)}); "
            "run `warehouse refresh` first"
        )
    found = edition_of(settings, published)
    edition = found.stamp if found else None
    published_at = found.manifest().get("published_at") if found else None
    data = load_report_data(published, edition=edition, published_at=published_at)
    return WrittenReport(paths=write_pages(data, reports_dir(settings)), data=data)
