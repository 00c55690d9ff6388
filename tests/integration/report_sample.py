"""A made-up report with every section: two report years and indicator series.

The seed has one report and no indicator files, so the sections that appear only
with such data are drawn from these records; the numbers mean nothing.
"""

from __future__ import annotations

from datetime import date

from orchestration.annual_page.data import (
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

STATUSES = [
    Status("completed", Label("Завершено", "Completed"), 1),
    Status("in_progress", Label("Виконується", "In progress"), 2),
    Status("ongoing", Label("Постійна діяльність", "Ongoing activity"), 3),
    Status("planned", Label("Заплановано", "Planned"), 4),
    Status("not_started", Label("Не розпочато", "Not started"), 5),
    Status("suspended", Label("Призупинено", "Suspended"), 6),
    Status("unknown", Label("Статус не визначено", "Status unknown"), 7),
]
LINE = "1\tЗавдання\tПарк\tДепартамент\tВисаджено 120 дерев на площі 2,5 га за 1,2 млн грн."
SHA = "a" * 64


def _figure(n: int, raw: str, value: float, unit: str, line: int = 7) -> Figure:
    start = LINE.index(raw)
    return Figure(
        figure_id=f"{n:02d}" + "f" * 30,
        priority_ordinal=1,
        priority=Label("Ефективне місто", "Efficient City"),
        task_number="1",
        project_name="Парк",
        raw_text=raw,
        value=value,
        unit=unit,
        qualifier=None,
        source_path="sources/reports/zhytomyr/report_2024.txt",
        document_id=SHA,
        line_number=line,
        char_start=start,
        char_end=start + len(raw),
        line_text=LINE,
    )


def quarters(values: list[float | None], targets: list[float | None]) -> list[Point]:
    starts = [date(2024, 1, 1), date(2024, 4, 1), date(2024, 7, 1), date(2024, 10, 1)]
    return [
        Point(f"2024-Q{n + 1}", start, value, target)
        for n, (start, value, target) in enumerate(zip(starts, values, targets, strict=True))
    ]


def two_year_sample() -> ReportData:
    priorities = [
        StatusRow(
            Label("1. Ефективне місто", "1. Efficient City"),
            {"completed": 3, "ongoing": 5, "suspended": 1},
        ),
        StatusRow(
            Label("2. Інноваційне місто", "2. Innovative City"),
            {"in_progress": 4, "planned": 2, "unknown": 1},
        ),
        StatusRow(
            Label("3. Комфортне місто", "3. Comfortable City"), {"not_started": 2, "ongoing": 6}
        ),
    ]
    departments = [
        StatusRow(
            Label(
                "Управління транспорту та зв'язку міської ради",
                "Transport and Communications Office of the City Council",
            ),
            {"completed": 2, "ongoing": 6, "not_started": 2},
        ),
        StatusRow(
            Label(
                "Департамент економічного розвитку міської ради",
                "Department of Economic Development of the City Council",
            ),
            {"in_progress": 4, "suspended": 1},
        ),
        StatusRow(
            Label(
                "Комунальне підприємство «Інспекція з благоустрою м. Житомира» міської ради",
                'Municipal Enterprise "Zhytomyr Improvement Inspectorate" of the City Council',
            ),
            {"planned": 2, "unknown": 1},
        ),
    ]
    scorecard = [
        ScorecardRow(
            n + 1,
            Label(row.label.uk[3:], row.label.en[3:]),
            {
                "projects_total": row.total,
                **{
                    f"projects_{s}": row.counts.get(s, 0)
                    for s in (
                        "completed",
                        "in_progress",
                        "ongoing",
                        "planned",
                        "not_started",
                        "suspended",
                    )
                },
                "projects_status_unknown": row.counts.get("unknown", 0),
                "share_completed": round(100 * row.counts.get("completed", 0) / row.total, 1),
                "share_suspended_or_not_started": 0.0,
                "tasks_total": 5,
                "tasks_without_project": 1,
                "entries_total": 9,
                "entries_without_text": 0,
                "figures_reported": 1,
            },
        )
        for n, row in enumerate(priorities)
    ]
    city_totals = {  # as dbt computes them: the sums over priorities, shares of the sum
        column: float(sum(row.values.get(column) or 0 for row in scorecard))
        for column in scorecard[0].values
        if not column.startswith("share_")
    }
    base = city_totals["projects_total"]
    city_totals["share_completed"] = 100 * city_totals["projects_completed"] / base
    city_totals["share_suspended_or_not_started"] = (
        100 * (city_totals["projects_suspended"] + city_totals["projects_not_started"]) / base
    )
    return ReportData(
        city_totals=city_totals,
        year=2024,
        years=[2023, 2024],
        statuses=STATUSES,
        by_priority=priorities,
        by_department=departments,
        projects_total=sum(r.total for r in priorities),
        projects_without_department=1,
        scorecard=scorecard,
        figures=[
            _figure(1, "120 дерев", 120, "дерево"),
            _figure(2, "2,5 га", 2.5, "ha"),
            _figure(3, "1,2 млн грн", 1_200_000, "UAH"),
        ],
        sources=[
            Source("sources/reports/zhytomyr/report_2023.txt", "b" * 64, 2023, "report", "current"),
            Source("sources/reports/zhytomyr/report_2024.txt", SHA, 2024, "report", "current"),
        ],
        edition="2025-02-01T100000Z",
        published_at="2025-02-01T10:00:00+00:00",
        repeated_figures=0,
        by_year=[
            StatusRow(Label("2023"), {"in_progress": 10, "planned": 12, "ongoing": 6}),
            StatusRow(
                Label("2024"),
                {
                    r: sum(p.counts.get(r, 0) for p in priorities)
                    for r in (
                        "completed",
                        "in_progress",
                        "ongoing",
                        "planned",
                        "not_started",
                        "suspended",
                        "unknown",
                    )
                },
            ),
        ],
        previous_year=2023,
        transitions={
            ("in_progress", "completed"): 3,
            ("in_progress", "in_progress"): 4,
            ("planned", "not_started"): 2,
            ("planned", "suspended"): 1,
            ("ongoing", "ongoing"): 11,
        },
        change_kinds={"continued": 21, "new": 3, "renamed": 1, "dropped": 2},
        indicators=[
            Indicator(
                "unemployment_rate",
                Label("Рівень безробіття", "Unemployment rate"),
                "percent",
                False,
                [Series(Label("місто", "city"), quarters([7.5, 7.1, 6.8, 6.9], [7.0] * 4))],
            ),
            Indicator(
                "new_businesses",
                Label("Нові підприємства", "New businesses"),
                "number",
                True,
                [
                    Series(Label("місто", "city"), quarters([120, 135, None, 150], [None] * 4)),
                    Series(
                        Label("Ефективне місто", "Efficient City"),
                        quarters([40, 42, 47, 51], [None] * 4),
                    ),
                ],
            ),
        ],
        notes=[
            CheckNote(
                "report_goals",
                "goal_number_printed_once",
                "warning",
                "failed",
                "a strategic-goal number is printed once per priority",
                "2 of 25 rows",
                ["sources/reports/zhytomyr/report_2024.txt:422: «3»"],
            )
        ],
    )
