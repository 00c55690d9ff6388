"""Two report years: the real 2023 report and a small synthetic 2024 one.

`tests/fixtures/reports/zhytomyr_report_2024_synthetic.txt` reprints parts of
priorities 1 and 2 with changed statuses, two renamed projects, two dropped
ones, one new one, and an entry left empty; every other project of 2023 is
simply not reported in 2024. One refresh of both files is shared by the module.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEED = PROJECT_ROOT / "sources" / "reports" / "zhytomyr" / "zhytomyr_concept_2030_report_2023.txt"
SYNTHETIC_2024 = (
    PROJECT_ROOT / "tests" / "fixtures" / "reports" / "zhytomyr_report_2024_synthetic.txt"
)

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from orchestration.refresh import refresh
    from orchestration.settings import Settings

    root = tmp_path_factory.mktemp("two_years")
    reports = root / "sources" / "reports" / "zhytomyr"
    reports.mkdir(parents=True)
    for report in (SEED, SYNTHETIC_2024):
        shutil.copy(report, reports / report.name)
    settings = Settings(
        project_root=PROJECT_ROOT, sources_dir=root / "sources", warehouse_dir=root / "warehouse"
    )
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("WAREHOUSE_DIR", str(settings.warehouse_dir))
        monkeypatch.setenv("WAREHOUSE_SOURCES_DIR", str(settings.sources_dir))
        monkeypatch.setenv("DAGSTER_HOME", str(settings.dagster_home))
        summary = refresh(settings)
    assert summary.years == [2023, 2024]
    return settings.published_path


def query(database: Path, sql: str, *params: object) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def history(database: Path) -> dict[str, tuple]:
    """2024 history rows of the tasks the 2024 report prints, by the project's 2023 name."""
    rows = query(
        database,
        """
        select coalesce(h.previous_project_name, h.project_name), h.change_kind, h.transition,
            h.previous_status, h.status, h.project_name
        from marts.mart_project_history h
        join marts.dim_priority p using (priority_key)
        where h.report_year = 2024 and p.priority_ordinal in (1, 2)
            and h.change_kind != 'not_reported'
        """,
    )
    return {row[0]: row[1:] for row in rows}


def test_a_project_is_listed_once_per_report_and_a_new_one_adds_one_project(
    warehouse: Path,
) -> None:
    assert query(warehouse, "select count(*) from marts.dim_project") == [(181,)]
    assert query(
        warehouse,
        "select report_year, count(*) from marts.fct_project_status group by 1 order by 1",
    ) == [(2023, 180), (2024, 14)]


@pytest.mark.parametrize(
    ("name_2023", "transition"),
    [
        ("Логістичний хаб", "not_started → planned"),
        ("Індустріальний парк", "suspended → in_progress"),
        ("Бізнес-інкубатор", "ongoing → suspended"),
        ("Кредитування бізнесу", "suspended → unknown"),  # "надано" alone: not an activity
        (
            "Розвиток співробітництва освіти та бізнесу з формування кластерів",
            "in_progress → completed",
        ),
        ("Шкільні служби порозуміння", "in_progress → completed"),
        ("Бізнес-платформа", "ongoing → unknown"),  # a platform, not an activity by nature
        (
            "Конкурси інвестиційних та інноваційних проєктів для малих підприємств, їх фінансова"
            " підтримка, просування на українські та міжнародні ринки",
            "ongoing → unknown",
        ),
    ],
)
def test_each_status_change_is_a_transition_of_one_project(
    warehouse: Path, name_2023: str, transition: str
) -> None:
    change_kind, found, *_ = history(warehouse)[name_2023]
    assert change_kind == "continued"
    assert found == transition


def test_a_renamed_project_keeps_its_2023_key_and_shows_both_names(warehouse: Path) -> None:
    rows = history(warehouse)
    assert rows['Проект Розділ "Кластер" на бізнес-платформі'] == (
        "renamed",
        "planned → completed",
        "planned",
        "completed",
        "Розділ «Кластер» на бізнес-платформі",
    )
    assert rows["Щорічні конкурси бізнес-проектів та бізнес-планів"][:2] == (
        "renamed",
        "ongoing → ongoing",
    )
    keys = query(
        warehouse,
        "select distinct project_key from marts.fct_implementation_entry e"
        " join marts.dim_priority p using (priority_key)"
        " where p.priority_ordinal = 1 and e.project_name_printed like '%Кластер%'",
    )
    assert len(keys) == 1


def test_a_new_project_and_the_dropped_ones_are_visible(warehouse: Path) -> None:
    rows = history(warehouse)
    assert rows["Агропромисловий хаб"] == (
        "new",
        None,
        None,
        "not_started",
        "Агропромисловий хаб",
    )
    for dropped in (
        "Бізнес-комунікації: форуми, координаційні ради, круглі столи, семінари, тренінги",
        "Центр шкільної профорієнтації",
    ):
        assert rows[dropped][:4] == ("dropped", None, "ongoing", None)
    not_reported = query(
        warehouse,
        "select count(*) from marts.mart_project_history where report_year = 2024"
        " and change_kind = 'not_reported'",
    )
    # 15 projects of 2023 belong to tasks the 2024 report prints: 13 go on, 2 are dropped
    assert not_reported == [(180 - 15,)]


def test_identity_matches_name_how_each_2024_name_was_tied_to_a_2023_project(
    warehouse: Path,
) -> None:
    rows = query(
        warehouse,
        "select project_name, match_kind, matched_project_name from marts.mart_project_identity"
        " where first_report_year = 2024 order by project_name",
    )
    assert rows == [
        ("Агропромисловий хаб", "unmatched", None),
        (
            "Розділ «Кластер» на бізнес-платформі",
            "normalized_name",
            'Проект Розділ "Кластер" на бізнес-платформі',
        ),
        (
            "Щорічні конкурси бізнес-проєктів і бізнес-планів",
            "similar_name",
            "Щорічні конкурси бізнес-проектів та бізнес-планів",
        ),
    ]
    assert query(
        warehouse,
        "select count(*) from marts.mart_project_identity"
        " where match_kind = 'first_report' and project_key = printed_project_key",
    ) == [(180,)]


def test_city_kpis_are_computed_for_each_report_year(warehouse: Path) -> None:
    rows = query(
        warehouse,
        "select v.period_key, k.kpi_code, v.value from marts.fct_kpi_value v"
        " join marts.dim_kpi k using (kpi_key) where v.scope_kind = 'city'",
    )
    values = {(period, code): value for period, code, value in rows}
    assert values[("2023", "projects_total")] == 180
    expected_2024 = {
        "projects_total": 14,
        "projects_completed": 3,
        "projects_in_progress": 1,
        "projects_ongoing": 3,
        "projects_planned": 1,
        "projects_not_started": 1,
        "projects_suspended": 1,
        "projects_status_unknown": 4,
        "tasks_total": 10,
        "tasks_without_project": 2,
        "entries_total": 16,
        "entries_without_text": 2,
        "responsible_bodies_total": 4,
        "responsible_bodies_silent": 1,
    }
    assert {code: values[("2024", code)] for code in expected_2024} == expected_2024
    assert values[("2024", "share_completed")] == pytest.approx(100 * 3 / 14)
    assert values[("2024", "share_suspended_or_not_started")] == pytest.approx(100 * 2 / 14)


def test_the_scorecard_has_a_row_per_priority_printed_each_year(warehouse: Path) -> None:
    rows = query(
        warehouse,
        "select report_year, priority_ordinal, projects_total, projects_completed,"
        " entries_without_text from marts.mart_priority_scorecard order by 1, 2",
    )
    assert [row[:2] for row in rows if row[0] == 2024] == [(2024, 1), (2024, 2)]
    assert [row for row in rows if row[0] == 2024] == [(2024, 1, 10, 2, 1), (2024, 2, 4, 1, 1)]
    assert len([row for row in rows if row[0] == 2023]) == 6
