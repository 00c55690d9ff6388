"""`warehouse review export|import`: statuses reviewed in a spreadsheet, kept as data.

The phrase rules only propose a project's status. A person confirms or corrects it,
and that decision is a row of `dbt_project/seeds/project_status_reviews.csv` (report
year, project, status, reason, who, when — the rules of `expectations/overrides.csv`)
that every refresh applies on top of the rules. People who work in spreadsheets get
the review queue (`bi.status_review_queue`) as an XLSX file with a drop-down of the
statuses and the evidence beside it, and import it back: every row is checked against
the published warehouse before anything is written, and an error names the row.

Cells are written as string cells, never as formulas (`orchestration/spreadsheet_safe.py`:
text starting with = + - @ reads back exactly); a formula in an imported cell is
refused. Only DuckDB, openpyxl and the standard library are imported here:
`export.py` writes the sheet, `importing.py` checks it and writes the seed.

May import: `orchestration.settings`, `orchestration.spreadsheet_safe`,
`orchestration.warehouse_file`. Never Dagster, dbt or GX.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from orchestration.settings import Settings
from orchestration.warehouse_file import rows as rows  # the submodules' query helper

REVIEW_COLUMNS = (
    "report_year",
    "project_key",
    "project_name",
    "status",
    "reason",
    "reviewed_by",
    "reviewed_on",
)
SHEET_TITLE = "Статуси"
# The sheet's columns: what the reviewer fills in first, then the evidence to decide by.
EXPORT_COLUMNS = (
    ("report_year", 11),
    ("project_key", 16),
    ("project_name", 40),
    ("queue_reason", 20),
    ("proposed_status", 14),
    ("status", 14),
    ("reason", 36),
    ("reviewed_by", 18),
    ("reviewed_on", 13),
    ("status_evidence", 30),
    ("evidence_sentence", 60),
    ("other_statuses", 40),
    ("previous_status", 14),
    ("implementation_text", 90),
    ("source", 30),
)


class ReviewFileError(ValueError):
    """A review spreadsheet that cannot be imported; the message names every bad row."""


@dataclass(frozen=True, slots=True)
class Review:
    report_year: int
    project_key: str
    project_name: str
    status: str
    reason: str
    reviewed_by: str
    reviewed_on: str  # YYYY-MM-DD

    def row(self) -> dict[str, str]:
        return {name: str(getattr(self, name)) for name in REVIEW_COLUMNS}


@dataclass(frozen=True, slots=True)
class Exported:
    path: Path
    year: int
    rows: int


@dataclass(frozen=True, slots=True)
class Imported:
    path: Path  # the reviews seed
    written: int  # reviews taken from the spreadsheet
    total: int  # reviews in the seed afterwards


def reviews_path(settings: Settings) -> Path:
    return settings.dbt_project_dir / "seeds" / "project_status_reviews.csv"


def published_path(settings: Settings) -> Path:
    path = settings.published_path
    if not path.exists():
        raise FileNotFoundError(
            f"nothing is published yet ({settings.relative(path)}); run `warehouse refresh` first"
        )
    return path


from orchestration.review.export import export_review  # noqa: E402
from orchestration.review.importing import (  # noqa: E402
    import_review,
    load_reviews,
    read_review_file,
    write_reviews,
)

__all__ = [
    "EXPORT_COLUMNS",
    "REVIEW_COLUMNS",
    "SHEET_TITLE",
    "Exported",
    "Imported",
    "Review",
    "ReviewFileError",
    "export_review",
    "import_review",
    "load_reviews",
    "read_review_file",
    "reviews_path",
    "write_reviews",
]
