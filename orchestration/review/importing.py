"""A reviewed sheet checked row by row, then merged into the reviews seed."""

from __future__ import annotations

import csv
import io
import os
from datetime import date, datetime
from pathlib import Path

import duckdb

from orchestration import review
from orchestration.settings import Settings
from orchestration.spreadsheet_safe import looks_like_formula


def _cell_text(cell) -> str:
    """A cell's text as the reviewer sees it; a formula is refused by the caller."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_review_file(
    settings: Settings, file: Path, today: date | None = None
) -> list[review.Review]:
    """The reviewed rows of a spreadsheet, checked against the published warehouse.

    A row without a status is not reviewed and is skipped; a reviewed row needs a
    project of the published warehouse in its report year, a known status, a reason and
    who reviewed it (`reviewed_on` defaults to today). Every error is collected, and
    nothing is returned unless the whole file is right.
    """
    from openpyxl import load_workbook

    today = today or date.today()
    try:
        workbook = load_workbook(file, data_only=False)
    except Exception as error:  # not a workbook, or a damaged one
        raise review.ReviewFileError(f"{file}: not a readable XLSX workbook ({error})") from error
    sheet = (
        workbook[review.SHEET_TITLE]
        if review.SHEET_TITLE in workbook.sheetnames
        else workbook.active
    )
    header = {_cell_text(c): c.column for c in sheet[1] if _cell_text(c)}
    missing = [
        name for name in review.REVIEW_COLUMNS if name != "project_name" and name not in header
    ]
    if missing:
        raise review.ReviewFileError(
            f"{file}, sheet {sheet.title!r}: row 1 lacks the column(s) {', '.join(missing)}; "
            "start from `warehouse review export`"
        )
    with duckdb.connect(str(review.published_path(settings)), read_only=True) as con:
        statuses = {r[0] for r in con.execute("select status from seeds.status_labels").fetchall()}
        projects = {
            (r[0], r[1]): r[2]
            for r in con.execute(
                "select report_year, project_key, project_name from bi.project_status"
            ).fetchall()
        }
    errors: list[str] = []
    reviews: dict[tuple[int, str], tuple[int, review.Review]] = {}
    for number in range(2, sheet.max_row + 1):
        cells = {name: sheet.cell(row=number, column=column) for name, column in header.items()}
        formulas = [
            n for n, c in cells.items() if c.data_type == "f" and n in review.REVIEW_COLUMNS
        ]
        where = f"{file}, row {number}"
        if formulas:
            errors.append(f"{where}: a formula in {', '.join(formulas)}; type the value itself")
            continue
        value = {name: _cell_text(cell) for name, cell in cells.items()}
        status = value.get("status", "")
        if not status:
            if value.get("reason") or value.get("reviewed_by"):
                errors.append(f"{where}: a reason or reviewer without a status; choose a status")
            continue
        problems = []
        try:
            year = int(value.get("report_year", ""))
        except ValueError:
            year = None
            problems.append(f"report_year {value.get('report_year')!r} is not a year")
        key = value.get("project_key", "")
        name = projects.get((year, key))
        if year is not None and name is None:
            problems.append(
                f"unknown project {key!r} for {year}"
                + (f" ({value['project_name']!r})" if value.get("project_name") else "")
                + ": it is not in the published warehouse"
            )
        if status not in statuses:
            problems.append(f"unknown status {status!r} (one of {', '.join(sorted(statuses))})")
        if not value.get("reason"):
            problems.append("no reason: say why this status")
        if not value.get("reviewed_by"):
            problems.append("no reviewer: say who reviewed it")
        # The reviews seed is a CSV people open in spreadsheets: text that a spreadsheet
        # would run as a formula is refused rather than written (or altered) there.
        for column in ("reason", "reviewed_by"):
            if looks_like_formula(value.get(column) or ""):
                problems.append(
                    f"the {column} starts with {value[column][:1]!r}, which a spreadsheet "
                    "opening the reviews file would run as a formula; start it with a word"
                )
        reviewed_on = value.get("reviewed_on") or today.isoformat()
        try:
            reviewed_on = date.fromisoformat(reviewed_on[:10]).isoformat()
        except ValueError:
            problems.append(f"reviewed_on {value.get('reviewed_on')!r} is not a date (YYYY-MM-DD)")
        if problems:
            errors.append(f"{where}: " + "; ".join(problems))
            continue
        reviewed = review.Review(
            report_year=year,
            project_key=key,
            project_name=name,
            status=status,
            reason=value["reason"],
            reviewed_by=value["reviewed_by"],
            reviewed_on=reviewed_on,
        )
        if (year, key) in reviews:
            errors.append(f"{where}: reviews {key!r} again (row {reviews[(year, key)][0]})")
            continue
        reviews[(year, key)] = (number, reviewed)
    if errors:
        raise review.ReviewFileError("the review file was not imported:\n  " + "\n  ".join(errors))
    return [review for _, review in reviews.values()]


def load_reviews(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_reviews(path: Path, rows: list[dict[str, str]]) -> None:
    """The reviews seed, replaced in one rename."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=review.REVIEW_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({name: row.get(name, "") for name in review.REVIEW_COLUMNS} for row in rows)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(buffer.getvalue(), encoding="utf-8")
    os.replace(partial, path)


def import_review(
    settings: Settings, file: Path, today: date | None = None, seed: Path | None = None
) -> review.Imported:
    """Check a review spreadsheet and merge its reviews into the reviews seed.

    A review of a project and year already in the seed replaces that row; the others
    are kept. Nothing is written when any row is wrong.
    """
    if not file.exists():
        raise FileNotFoundError(f"{file}: no such file")
    reviews = read_review_file(settings, file, today)
    path = seed or review.reviews_path(settings)
    rows = load_reviews(path)
    new = {(str(r.report_year), r.project_key): r.row() for r in reviews}
    merged = [new.pop((row["report_year"], row["project_key"]), row) for row in rows]
    merged += list(new.values())
    write_reviews(path, merged)
    return review.Imported(path=path, written=len(reviews), total=len(merged))
