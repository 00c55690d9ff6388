"""The review queue as an XLSX sheet: a status drop-down beside the evidence."""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration import review
from orchestration.settings import Settings
from orchestration.spreadsheet_safe import set_text_cell


def export_review(
    settings: Settings, path: Path | None = None, year: int | None = None, everything: bool = False
) -> review.Exported:
    """Write the review queue of `year` (default: the latest) to an XLSX file.

    With `everything`, every project of the year is listed, queued or not.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    published = review.published_path(settings)
    with duckdb.connect(str(published), read_only=True) as con:
        queue = con.execute(
            "select count(*) from duckdb_views() where schema_name = 'bi' "
            "and view_name = 'status_review_queue'"
        ).fetchone()[0]
        if not queue:
            raise LookupError(
                f"{settings.relative(published)} was published before the status review "
                "queue existed; run `warehouse refresh` first"
            )
        if year is None:
            year = con.execute("select max(report_year) from marts.fct_project_status").fetchone()[
                0
            ]
        if year is None:
            raise LookupError("the published warehouse holds no project status")
        statuses = [
            r[0]
            for r in con.execute(
                "select status from seeds.status_labels order by sort_order"
            ).fetchall()
        ]
        rows = review.rows(
            con,
            "select p.report_year, p.project_key, p.project_name, q.queue_reason,"
            " p.rule_status as proposed_status, p.status_evidence,"
            " s.evidence_sentence, s.other_statuses_evidence as other_statuses,"
            " h.previous_status, q.implementation_text as queued_text,"
            " p.source_path || ':' || coalesce(cast(p.evidence_line_number as varchar), '')"
            " as source, p.status_source, p.status, p.review_reason, p.reviewed_by,"
            " p.reviewed_on, p.priority_ordinal, p.task_ordinal, p.goal_ordinal,"
            " coalesce(q.queue_order, 9) as queue_order"
            " from bi.project_status p"
            " join marts.fct_project_status s using (project_key, report_year)"
            " left join bi.status_review_queue q using (project_key, report_year)"
            " left join marts.mart_project_history h using (project_key, report_year)"
            " where p.report_year = ? and (? or q.project_key is not null)"
            " order by queue_order, p.priority_ordinal, p.goal_ordinal, p.task_ordinal,"
            " p.project_name",
            [year, everything],
        )
        texts = {
            r["project_key"]: r["text"]
            for r in review.rows(
                con,
                "select project_key, string_agg(implementation_text, chr(10) order by line_start)"
                " as text from marts.fct_implementation_entry where report_year = ? and"
                " project_key is not null group by project_key",
                [year],
            )
        }
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = review.SHEET_TITLE
    for column, (name, width) in enumerate(review.EXPORT_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=column, value=name)
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = width
    for number, row in enumerate(rows, start=2):
        reviewed = row["status_source"] == "review"
        values = {
            **row,
            "implementation_text": row["queued_text"] or texts.get(row["project_key"]),
            "status": row["status"] if reviewed else "",
            "reason": row["review_reason"] if reviewed else "",
            "reviewed_by": row["reviewed_by"] if reviewed else "",
            "reviewed_on": row["reviewed_on"].isoformat() if reviewed else "",
        }
        for column, (name, _) in enumerate(review.EXPORT_COLUMNS, start=1):
            cell = sheet.cell(row=number, column=column)
            value = values.get(name)
            if name == "report_year":
                cell.value = int(value)
            else:
                set_text_cell(cell, "" if value is None else str(value))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    status_column = next(
        i for i, (name, _) in enumerate(review.EXPORT_COLUMNS, start=1) if name == "status"
    )
    letter = sheet.cell(row=1, column=status_column).column_letter
    choice = DataValidation(
        type="list",
        formula1='"' + ",".join(statuses) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="status",
        error="one of: " + ", ".join(statuses),
    )
    choice.add(f"{letter}2:{letter}{max(len(rows) + 1, 2)}")
    sheet.add_data_validation(choice)
    sheet.freeze_panes = "D2"
    path = path or settings.warehouse_dir / "review" / f"status_review_{year}.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    workbook.save(partial)
    partial.replace(path)
    return review.Exported(path=path, year=year, rows=len(rows))
