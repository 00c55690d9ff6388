"""The dbt project on its own: a tiny synthetic report landed into a real DuckDB
file, then the real `dbt build`, exactly as the pipeline calls it.

The landing tables are built from `LANDING_TABLES`, so a change of the landing
contract that dbt does not follow fails here. Responsible bodies are taken from
the real alias seed, so the test needs no spelling of its own.
"""

from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from orchestration.build import carry_forward_published_documents
from orchestration.ingest.landing_schema import INDICATOR_LANDING_TABLES, LANDING_TABLES
from orchestration.quality.outcome_store import CHECK_OUTCOMES
from orchestration.quality.outcome_store import TABLE as CHECK_TABLE

pytestmark = pytest.mark.integration

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT_DIR = PROJECT_ROOT / "dbt_project"
DBT = Path(sys.executable).with_name("dbt")
MARTS = (
    "dim_source_document",
    "dim_period",
    "dim_priority",
    "dim_strategic_goal",
    "dim_task",
    "dim_project",
    "dim_department",
    "fct_implementation_entry",
    "bridge_entry_department",
)


def seed_rows(name: str) -> list[dict[str, str]]:
    with (DBT_DIR / "seeds" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def known_bodies(count: int) -> list[tuple[str, str]]:
    """(alias_key, department_code) of the first `count` departments the alias seed knows."""
    found: dict[str, str] = {}
    for row in seed_rows("department_aliases"):
        found.setdefault(row["department_code"], row["alias_key"])
    assert len(found) >= count, "the alias seed names too few departments for this test"
    return [(alias, code) for code, alias in list(found.items())[:count]]


def synthetic_report(
    year: int, bodies: list[str], *, second_project_end: int = 2023
) -> dict[str, list]:
    """Two priorities; priority 1 prints goal number 1 twice; three tasks; two
    project entries and two task-level entries; the three `bodies` are the
    responsible departments (entry 3 names two in one cell)."""
    second_project = "Індустріальний парк"
    title = "**Інформація про виконання завдань та реалізацію проєктів пріоритету"
    header = "№ з/п\tОпис завдання\tПроєкт\tВиконавчий орган\tІнформація"
    project_2 = f"{second_project} 2021-{second_project_end}"
    lines = [
        (1, "title", f'{title} "Ефективне місто"', None),
        (2, "table_header", header, None),
        (3, "goal_heading", "Стратегічна ціль 1 Формування сприятливого клімату", None),
        (4, "entry", "1\tСтворити платформу\tБізнес-платформа 2019-2023\t…\tНаповнено.", 1),
        (5, "entry", f"\t\t{project_2}\t…\tРозпочато будівництво мереж.", 2),
        (6, "continuation", "\t\t\t\tРівень виконання робіт 40,0%.", 2),
        (7, "goal_heading", "Стратегічна ціль 1 Малий та середній бізнес", None),
        (8, "entry", "1\tСтворювати інфраструктуру\t\t…\tПроведено 13 семінарів.", 3),
        (9, "title", f'{title} "Інноваційне місто"', None),
        (10, "table_header", header, None),
        (11, "goal_heading", "Стратегічна ціль 1 Формування людського капіталу", None),
        (12, "entry", "1\tРозвивати освіту\t\t…\tВідкрито STEM-лабораторію.", 4),
    ]
    text = "\n".join(line[2] for line in lines) + "\n"
    document_id = hashlib.sha256(f"{year}\n{text}".encode()).hexdigest()
    path = f"sources/reports/zhytomyr/zhytomyr_concept_2030_report_{year}.txt"

    def entry(ordinal, priority, goal, task, project, text_, start, end):
        p_ordinal, p_name, p_line = priority
        g_ordinal, g_printed, g_title, g_line = goal
        t_ordinal, t_printed, t_description, t_line = task
        project_ordinal, name, first, last = project or (None, None, None, None)
        return {
            "document_id": document_id,
            "report_id": f"zhytomyr:report:{year}",
            "report_year": year,
            "entry_ordinal": ordinal,
            "priority_ordinal": p_ordinal,
            "priority_name": p_name,
            "priority_line": p_line,
            "goal_ordinal": g_ordinal,
            "goal_number_printed": g_printed,
            "goal_title": g_title,
            "goal_line": g_line,
            "task_ordinal": t_ordinal,
            "task_number_printed": t_printed,
            "task_description": t_description,
            "task_line": t_line,
            "project_ordinal": project_ordinal,
            "project_printed": None if project is None else f"{name} {first}-{last}",
            "project_name": name,
            "project_name_key": None if name is None else name.lower(),
            "period_start_year": first,
            "period_end_year": last,
            "project_description": None,
            "responsible_printed": "…",
            "implementation_text": text_,
            "line_start": start,
            "line_end": end,
        }

    efficient = (1, "Ефективне місто", 1)
    innovative = (2, "Інноваційне місто", 9)
    goal_1 = (1, "1", "Формування сприятливого клімату", 3)
    goal_1_again = (2, "1", "Малий та середній бізнес", 7)
    goal_2_1 = (1, "1", "Формування людського капіталу", 11)
    platform_task = (1, "1", "Створити платформу", 4)
    business_task = (1, "1", "Створювати інфраструктуру", 8)
    education_task = (1, "1", "Розвивати освіту", 12)
    entries = [
        entry(
            1,
            efficient,
            goal_1,
            platform_task,
            (1, "Бізнес-платформа", 2019, 2023),
            "Наповнено.",
            4,
            4,
        ),
        entry(
            2,
            efficient,
            goal_1,
            platform_task,
            (2, second_project, 2021, second_project_end),
            "Розпочато будівництво мереж.\nРівень виконання робіт 40,0%.",
            5,
            6,
        ),
        entry(3, efficient, goal_1_again, business_task, None, "Проведено 13 семінарів.", 8, 8),
        entry(4, innovative, goal_2_1, education_task, None, "Відкрито STEM-лабораторію.", 12, 12),
    ]
    # Entry 3 names two bodies in one cell; every other entry names one.
    cells = [
        (1, [bodies[0]], 4),
        (2, [bodies[0]], 5),
        (3, [bodies[1], bodies[2]], 8),
        (4, [bodies[2]], 12),
    ]
    return {
        "report_documents": [
            {
                "document_id": document_id,
                "source_path": path,
                "document_kind": "report",
                "city": "zhytomyr",
                "report_year": year,
                "byte_size": len(text.encode()),
                "encoding": "utf-8",
                "line_count": len(lines),
                "line_kind_counts": "{}",
                "parser_version": "test",
                "loaded_at": datetime(year + 1, 2, 1, 9, 30),
                "load_run_id": "test-run",
            }
        ],
        "report_lines": [
            {
                "document_id": document_id,
                "line_number": number,
                "line_kind": kind,
                "line_text": line_text,
                "entry_ordinal": ordinal,
            }
            for number, kind, line_text, ordinal in lines
        ],
        "report_entries": entries,
        "report_entry_bodies": [
            {
                "document_id": document_id,
                "report_id": f"zhytomyr:report:{year}",
                "entry_ordinal": ordinal,
                "body_ordinal": position,
                "body_name_printed": name,
                "body_name_key": name,
                "line_number": line_number,
            }
            for ordinal, names, line_number in cells
            for position, name in enumerate(names, start=1)
        ],
    }


def land(build_path: Path, *reports: dict[str, list]) -> None:
    """What the pipeline does before dbt: schema `landing` with every landing table
    (the indicator tables and the check outcomes empty: these reports come without
    indicator files, and no check ran on them)."""
    tables = {**LANDING_TABLES, **INDICATOR_LANDING_TABLES, CHECK_TABLE: CHECK_OUTCOMES}
    with duckdb.connect(str(build_path)) as con:
        con.execute("create schema landing")
        for table, schema in tables.items():
            rows = [row for report in reports for row in report.get(table, [])]
            arrow = pa.Table.from_pylist(rows, schema=schema)
            con.register("landed", arrow)
            con.execute(f"create table landing.{table} as select * from landed")
            con.unregister("landed")
    # No edition was published before: the carried-forward document list is empty.
    carry_forward_published_documents(build_path, build_path.with_name("none.duckdb"))


def dbt_build(tmp_path: Path, build_path: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """`dbt build` (or the dbt `command` given) of the project into `build_path`."""
    env = {**os.environ, "WAREHOUSE_BUILD_PATH": str(build_path), "NO_COLOR": "1"}
    return subprocess.run(
        [
            str(DBT),
            *(command or ("build",)),
            "--project-dir",
            str(DBT_DIR),
            "--profiles-dir",
            str(DBT_DIR),
            "--target-path",
            str(tmp_path / "target"),
            "--log-path",
            str(tmp_path / "logs"),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def query(build_path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(build_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def row_counts(build_path: Path) -> dict[str, int]:
    return {t: query(build_path, f"select count(*) from marts.{t}")[0][0] for t in MARTS}


@pytest.fixture
def bodies() -> list[tuple[str, str]]:
    return known_bodies(3)


def test_a_synthetic_report_builds_every_mart_with_the_expected_rows(tmp_path, bodies):
    build_path = tmp_path / "next.duckdb"
    land(build_path, synthetic_report(2023, [a for a, _ in bodies]))

    result = dbt_build(tmp_path, build_path)

    assert result.returncode == 0, result.stdout[-5000:]
    assert row_counts(build_path) == {
        "dim_source_document": 1,
        "dim_period": 1,
        "dim_priority": 2,
        "dim_strategic_goal": 3,
        "dim_task": 3,
        "dim_project": 2,
        "dim_department": len(seed_rows("departments")),
        "fct_implementation_entry": 4,
        "bridge_entry_department": 5,
    }
    assert query(
        build_path,
        "select priority_ordinal, goal_ordinal, goal_number_printed from marts.dim_strategic_goal"
        " join marts.dim_priority using (priority_key) order by all",
    ) == [(1, 1, "1"), (1, 2, "1"), (2, 1, "1")]
    assert query(
        build_path,
        "select strategy_code, priority_name, priority_name_en"
        " from marts.dim_priority order by priority_ordinal",
    ) == [
        ("zhytomyr-2030", "Ефективне місто", "Efficient City"),
        ("zhytomyr-2030", "Інноваційне місто", "Innovative City"),
    ]
    assert query(build_path, "select * from marts.dim_period") == [
        ("2023", "year", 2023, None, datetime(2023, 1, 1).date(), datetime(2023, 12, 31).date())
    ]
    assert query(
        build_path,
        "select count(*) filter (where project_key is null) from marts.fct_implementation_entry",
    ) == [(2,)]
    resolved = query(
        build_path,
        "select department_code from marts.bridge_entry_department"
        " join marts.dim_department using (department_key) order by all",
    )
    assert sorted(code for (code,) in resolved) == sorted(
        [bodies[0][1], bodies[0][1], bodies[1][1], bodies[2][1], bodies[2][1]]
    )

    # A model's required columns are one test; it fails and names the column that holds nulls.
    with duckdb.connect(str(build_path)) as con:
        con.execute(
            "update staging.stg_reports__lines set line_number = null where line_number = 1"
        )
    failed = dbt_build(
        tmp_path, build_path, "test", "--select", "test_name:not_null_columns,stg_reports__lines"
    )
    assert failed.returncode != 0, failed.stdout[-3000:]
    assert "FAIL 1 not_null_columns_stg_reports__lines" in failed.stdout, failed.stdout[-3000:]


def test_a_project_reported_in_two_years_is_one_project_with_the_latest_attributes(
    tmp_path, bodies
):
    build_path = tmp_path / "next.duckdb"
    names = [a for a, _ in bodies]
    land(
        build_path,
        synthetic_report(2023, names),
        synthetic_report(2024, names, second_project_end=2025),
    )

    result = dbt_build(tmp_path, build_path)

    assert result.returncode == 0, result.stdout[-5000:]
    counts = row_counts(build_path)
    assert counts["dim_priority"] == 2
    assert counts["dim_task"] == 3
    assert counts["dim_project"] == 2
    assert counts["fct_implementation_entry"] == 8
    assert counts["dim_period"] == 2
    assert query(
        build_path,
        "select project_name, period_end_year, first_report_year, last_report_year, report_year"
        " from marts.dim_project join marts.dim_source_document using (document_id)"
        " order by project_ordinal",
    ) == [
        ("Бізнес-платформа", 2023, 2023, 2024, 2024),
        ("Індустріальний парк", 2025, 2023, 2024, 2024),
    ]


def test_keys_are_the_same_when_the_same_report_is_built_again(tmp_path, bodies):
    names = [a for a, _ in bodies]
    keys = []
    for run in ("first", "second"):
        folder = tmp_path / run
        folder.mkdir()
        build_path = folder / "next.duckdb"
        land(build_path, synthetic_report(2023, names))
        result = dbt_build(folder, build_path)
        assert result.returncode == 0, result.stdout[-5000:]
        keys.append(
            query(
                build_path,
                "select entry_key, priority_key, goal_key, task_key, project_key"
                " from marts.fct_implementation_entry order by entry_key",
            )
        )
    assert keys[0] == keys[1]


def test_an_unknown_priority_stops_the_build_and_an_unknown_body_is_named_as_a_warning(
    tmp_path, bodies
):
    build_path = tmp_path / "next.duckdb"
    unknown = "відділ з питань, яких немає"
    report = synthetic_report(2023, [bodies[0][0], unknown, bodies[2][0]])
    for row in report["report_entries"]:
        if row["priority_ordinal"] == 2:
            row["priority_name"] = "Невідоме місто"
    land(build_path, report)

    result = dbt_build(tmp_path, build_path)

    assert result.returncode != 0  # the unknown priority is an error
    log = result.stdout.splitlines()
    priority_lines = [line for line in log if "priority_name=Невідоме місто;" in line]
    assert len(priority_lines) == 1, result.stdout[-5000:]
    assert "line_number=9;" in priority_lines[0]
    # the unknown body is a warning, stored with its line for the refresh to name
    assert query(
        build_path,
        "select body_name_printed, line_number"
        " from audit.assert_every_responsible_body_is_a_known_department",
    ) == [(unknown, 8)]
