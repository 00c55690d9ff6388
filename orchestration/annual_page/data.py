"""What the annual report shows, read from a published warehouse file (read-only), as the
records of `records.py` (imported from here too, as they always were).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from orchestration.annual_page.records import (
    CheckNote,
    Figure,
    Indicator,
    Label,
    Point,
    ReportData,
    ScorecardRow,
    Series,
    Source,
    Status,
    StatusRow,
)
from orchestration.warehouse_file import rows as _rows

__all__ = [
    "CheckNote",
    "Figure",
    "Indicator",
    "Label",
    "Point",
    "ReportData",
    "ScorecardRow",
    "Series",
    "Source",
    "Status",
    "StatusRow",
    "load_report_data",
]


def _has(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? "
            "and table_name = ?",
            [schema, name],
        ).fetchone()[0]
    )


def _status_rows(rows: list[dict], key: str) -> list[StatusRow]:
    """Group (key, label_uk, label_en, status, projects) rows into bars, first-seen order."""
    bars: dict[object, StatusRow] = {}
    for row in rows:
        bar = bars.setdefault(row[key], StatusRow(Label(row["label_uk"], row["label_en"]), {}))
        bar.counts[row["status"]] = row["projects"]
    return list(bars.values())


def load_report_data(path: Path, edition: str | None = None, published_at: str | None = None):
    """Everything the report shows, from the warehouse file at `path`."""
    with duckdb.connect(str(path), read_only=True) as con:
        if not _has(con, "bi", "project_status"):
            raise LookupError(
                f"{path} has no bi views (published before they existed); refresh the "
                "warehouse with `warehouse refresh` first"
            )
        years = [r[0] for r in con.execute(
            "select distinct report_year from bi.project_status order by 1"
        ).fetchall()]  # fmt: skip
        if not years:
            raise LookupError(f"{path} holds no project of any report year")
        year = years[-1]
        statuses = [
            Status(r["status"], Label(r["label_uk"], r["label_en"]), r["sort_order"])
            for r in _rows(con, "select * from seeds.status_labels order by sort_order")
        ]
        by_priority = _status_rows(
            _rows(
                con,
                "select priority_ordinal, priority_ordinal || '. ' || priority_name as label_uk, "
                "priority_ordinal || '. ' || coalesce(priority_name_en, priority_name) "
                "as label_en, status, count(*) as projects from bi.project_status "
                "where report_year = ? group by all order by priority_ordinal, status",
                [year],
            ),
            "priority_ordinal",
        )
        department_rows = _rows(
            con,
            "with counted as (select department_key, department_name as label_uk, "
            "department_name_en as label_en, status, count(*) as projects "
            "from bi.project_status_by_department where report_year = ? group by all) "
            "select *, sum(projects) over (partition by department_key) as total from counted "
            "order by total desc, label_uk, status",
            [year],
        )
        by_department = _status_rows(department_rows, "department_key")
        projects_total, without_department = con.execute(
            "select count(*), count(*) filter (where responsible_departments_count = 0) "
            "from bi.project_status where report_year = ?",
            [year],
        ).fetchone()
        scorecard = [
            ScorecardRow(
                r["priority_ordinal"],
                Label(r["priority_name"], r["priority_name_en"]),
                {k: v for k, v in r.items() if k.startswith(("projects_", "share_", "tasks_"))}
                | {k: r[k] for k in ("entries_total", "entries_without_text", "figures_reported")},
            )
            for r in _rows(
                con,
                "select * from bi.priority_scorecard where report_year = ? "
                "order by priority_ordinal",
                [year],
            )
        ]
        # The city's own values of the same measures: computed once, by dbt, as KPIs.
        city_totals = {
            r["kpi_code"]: r["value"]
            for r in _rows(
                con,
                "select kpi_code, value from bi.kpi_values where kpi_kind = 'implementation' "
                "and scope_kind = 'city' and period_key = ?",
                [str(year)],
            )
        }
        data = ReportData(
            year=year,
            years=years,
            statuses=statuses,
            by_priority=by_priority,
            by_department=by_department,
            projects_total=projects_total,
            projects_without_department=without_department,
            scorecard=scorecard,
            city_totals=city_totals,
            figures=_figures(con, year),
            sources=[
                Source(**r)
                for r in _rows(
                    con,
                    "select source_path, document_id as sha256, report_year, document_kind, "
                    "document_status from marts.dim_source_document "
                    "order by report_year, source_path",
                )
            ],
            edition=edition,
            published_at=published_at,
        )
        data.repeated_figures = con.execute(
            "select count(*) from bi.reported_figures where report_year = ? and is_repeat",
            [year],
        ).fetchone()[0]
        if len(years) > 1:
            _add_history(con, data)
        data.indicators = _indicators(con)
        data.notes = _notes(con)
        _add_review_queue(con, data)
    return data


def _add_review_queue(con: duckdb.DuckDBPyConnection, data: ReportData) -> None:
    """Projects of the year queued for a person's review, by reason (when published)."""
    if not _has(con, "bi", "status_review_queue"):
        return
    data.review_queue = dict(
        con.execute(
            "select queue_reason, count(*) from bi.status_review_queue where report_year = ? "
            "group by queue_reason order by min(queue_order)",
            [data.year],
        ).fetchall()
    )
    data.reviewed = con.execute(
        "select count(*) from marts.fct_project_status where report_year = ? "
        "and status_source = 'review'",
        [data.year],
    ).fetchone()[0]


def _figures(con: duckdb.DuckDBPyConnection, year: int) -> list[Figure]:
    """The year's figures in the order the report prints them; repeated printings left out."""
    rows = _rows(
        con,
        "select b.figure_id, b.priority_ordinal, b.priority_name, b.priority_name_en, "
        "b.task_number_printed, b.project_name, b.raw_text, b.value, b.unit, b.qualifier, "
        "b.source_path, b.document_id, b.line_number, b.char_start, b.char_end, f.line_text "
        "from bi.reported_figures as b "
        "inner join marts.fct_reported_figure as f using (figure_id) "
        "where b.report_year = ? and not b.is_repeat "
        "order by b.source_path, b.line_number, b.char_start",
        [year],
    )
    return [
        Figure(
            figure_id=r["figure_id"],
            priority_ordinal=r["priority_ordinal"],
            priority=Label(r["priority_name"], r["priority_name_en"]),
            task_number=r["task_number_printed"],
            project_name=r["project_name"],
            raw_text=r["raw_text"],
            value=r["value"],
            unit=r["unit"],
            qualifier=r["qualifier"],
            source_path=r["source_path"],
            document_id=r["document_id"],
            line_number=r["line_number"],
            char_start=r["char_start"],
            char_end=r["char_end"],
            line_text=r["line_text"] or "",
        )
        for r in rows
    ]


def _add_history(con: duckdb.DuckDBPyConnection, data: ReportData) -> None:
    data.by_year = _status_rows(
        _rows(
            con,
            "select report_year, cast(report_year as varchar) as label_uk, "
            "cast(report_year as varchar) as label_en, status, count(*) as projects "
            "from bi.project_status group by all order by report_year, status",
        ),
        "report_year",
    )
    data.previous_year = data.years[-2]
    for r in _rows(
        con,
        "select previous_status, status, change_kind, count(*) as projects "
        "from bi.project_history where report_year = ? group by all",
        [data.year],
    ):
        data.change_kinds[r["change_kind"]] = (
            data.change_kinds.get(r["change_kind"], 0) + r["projects"]
        )
        if r["previous_status"] and r["status"]:
            pair = (r["previous_status"], r["status"])
            data.transitions[pair] = data.transitions.get(pair, 0) + r["projects"]


def _indicators(con: duckdb.DuckDBPyConnection) -> list[Indicator]:
    """Indicator KPIs (read from indicator files), one series per scope, periods in order."""
    rows = _rows(
        con,
        "select kpi_code, kpi_name, kpi_name_en, unit, higher_is_better, scope_kind, "
        "scope_key, scope_name, scope_name_en, period_key, period_start, value, target_value "
        "from bi.kpi_values where kpi_kind = 'indicator' and period_start is not null "
        "order by kpi_name, kpi_code, scope_kind = 'city' desc, scope_name, period_start",
    )
    indicators: dict[str, Indicator] = {}
    series: dict[tuple[str, object], Series] = {}
    for r in rows:
        indicator = indicators.setdefault(
            r["kpi_code"],
            Indicator(
                r["kpi_code"],
                Label(r["kpi_name"], r["kpi_name_en"]),
                r["unit"],
                r["higher_is_better"],
                [],
            ),
        )
        key = (r["kpi_code"], r["scope_key"])
        if key not in series:
            series[key] = Series(Label(r["scope_name"] or "", r["scope_name_en"]), [])
            indicator.series.append(series[key])
        series[key].points.append(
            Point(r["period_key"], r["period_start"], r["value"], r["target_value"])
        )
    return list(indicators.values())


def _notes(con: duckdb.DuckDBPyConnection) -> list[CheckNote]:
    """Warnings and accepted failures of the load that published this file."""
    if not _has(con, "marts", "fct_check_result"):
        return []
    return [
        CheckNote(
            suite=r["suite"],
            check=r["check_name"],
            severity=r["severity"],
            status=r["status"],
            message=r["message"] or "",
            observed=r["observed_value"],
            locations=json.loads(r["locations"]) if r["locations"] else [],
        )
        for r in _rows(
            con,
            "select * from marts.fct_check_result where status != 'passed' "
            "order by severity, suite, check_name, source_path",
        )
    ]
