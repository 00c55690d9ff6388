"""Project status on the embedded 2023 report, measured against hand labels.

`tests/fixtures/labels/project_status_2023.csv` holds a status for each of the
report's 180 projects, assigned by reading the texts before any rule was written.
The rules (dbt seed `project_status_rules.csv`) must agree with at least 90 % of
them. Print the accuracy and the confusion between classes with

    .venv/bin/python -m pytest tests/integration/test_project_status.py -s -k accuracy

or, on a published warehouse (after `make run`),

    .venv/bin/python tests/integration/test_project_status.py [warehouse/warehouse.duckdb]
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from seed_warehouse import published_seed

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LABELS = PROJECT_ROOT / "tests" / "fixtures" / "labels" / "project_status_2023.csv"
SEED = PROJECT_ROOT / "sources" / "reports" / "zhytomyr" / "zhytomyr_concept_2030_report_2023.txt"
STATUSES = ("completed", "in_progress", "ongoing", "planned", "not_started", "suspended", "unknown")
ORDINALS = ("priority_ordinal", "goal_ordinal", "task_ordinal", "project_ordinal")

pytestmark = pytest.mark.integration

PREDICTED = """
    select
        p.priority_ordinal, g.goal_ordinal, t.task_ordinal, d.project_ordinal,
        d.project_name, s.status, s.status_rule_id, s.status_evidence
    from marts.fct_project_status as s
    join marts.dim_project as d using (project_key)
    join marts.dim_task as t on t.task_key = d.task_key
    join marts.dim_strategic_goal as g on g.goal_key = t.goal_key
    join marts.dim_priority as p on p.priority_key = g.priority_key
    where s.report_year = 2023
"""


def read_labels() -> list[dict[str, str]]:
    with LABELS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def compare(database: Path) -> tuple[Counter[tuple[str, str]], list[str]]:
    """(hand label, predicted status) counts, and a line per disagreement."""
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(PREDICTED).fetchall()
    predicted = {row[:4]: row[4:] for row in rows}
    confusion: Counter[tuple[str, str]] = Counter()
    misses = []
    for label in read_labels():
        key = tuple(int(label[name]) for name in ORDINALS)
        name, status, rule, evidence = predicted[key]
        assert name == label["project_name"], (key, name, label["project_name"])
        confusion[(label["status"], status)] += 1
        if status != label["status"]:
            misses.append(
                f"line {label['line_start']:>3}  {label['status']:>11} → {status:<11} "
                f"{rule or '':<34} «{evidence or ''}»  {label['project_name'][:50]}"
            )
    return confusion, misses


def report(confusion: Counter[tuple[str, str]], misses: list[str]) -> str:
    total = sum(confusion.values())
    agreed = sum(n for (label, status), n in confusion.items() if label == status)
    width = max(len(s) for s in STATUSES) + 1
    lines = [
        f"status accuracy on {total} hand-labelled projects: {agreed}/{total} = "
        f"{agreed / total:.1%}",
        "",
        "hand label ↓ / rules →".ljust(width + 2) + "".join(s.rjust(12) for s in STATUSES),
    ]
    for label in STATUSES:
        cells = "".join(str(confusion[(label, s)] or ".").rjust(12) for s in STATUSES)
        lines.append(f"  {label.ljust(width)}{cells}")
    lines += ["", "disagreements:", *misses]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's published seed (shared with the other read-only tests)."""
    return published_seed(tmp_path_factory).settings.published_path


def query(database: Path, sql: str, *params: object) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_the_hand_labels_cover_every_priority_with_at_least_60_projects() -> None:
    labels = read_labels()
    assert len(labels) >= 60
    assert {label["priority_ordinal"] for label in labels} == {"1", "2", "3", "4", "5", "6"}
    assert {label["status"] for label in labels} <= set(STATUSES)


def test_the_status_rules_agree_with_at_least_90_percent_of_the_hand_labels(
    warehouse: Path,
) -> None:
    confusion, misses = compare(warehouse)
    print("\n" + report(confusion, misses))
    total = sum(confusion.values())
    agreed = sum(n for (label, status), n in confusion.items() if label == status)
    assert total == len(read_labels())
    assert agreed / total >= 0.9


def test_a_text_with_no_signal_is_unknown_and_never_guessed(warehouse: Path) -> None:
    confusion, _ = compare(warehouse)
    guessed = sum(n for (label, s), n in confusion.items() if label == "unknown" and s != label)
    labelled_unknown = sum(n for (label, _), n in confusion.items() if label == "unknown")
    assert guessed <= labelled_unknown // 4
    rows = query(
        warehouse,
        "select s.status, s.status_evidence, s.status_rule_id from marts.fct_project_status s"
        " join marts.dim_project d using (project_key) where d.project_name = 'Кабінет мешканця'",
    )
    assert rows == [("unknown", None, None)]


def test_every_project_has_one_status_and_its_evidence_is_printed_on_its_source_line(
    warehouse: Path,
) -> None:
    rows = query(
        warehouse,
        "select s.project_key, s.status, s.status_evidence, s.evidence_line_number,"
        " e.implementation_text"
        " from marts.fct_project_status s"
        " left join marts.fct_implementation_entry e on e.entry_key = s.evidence_entry_key",
    )
    assert len(rows) == 180
    assert len({row[0] for row in rows}) == 180
    assert {row[1] for row in rows} <= set(STATUSES)
    source_lines = SEED.read_text(encoding="utf-8").split("\n")
    for _, status, evidence, line_number, text in rows:
        if status == "unknown":
            assert evidence is None
            continue
        assert evidence and evidence in text
        assert evidence in source_lines[line_number - 1]


@pytest.mark.parametrize(
    ("project_name", "status", "evidence"),
    [
        # a martial-law clause does not make an unstarted project suspended
        (
            "Реорганізація транспортного вузла біля залізничного вокзалу",
            "not_started",
            "не розпочато у зв'язку із запровадженням воєнного стану в Україні",
        ),
        ("Палац спорту", "not_started", "не розпочаті у зв'язку із введенням воєнного стану"),
        ("Логістичний хаб", "not_started", "не розпочато"),
        # started, then suspended: the suspension decides
        ("Індустріальний парк", "suspended", "призупинено"),
        ("Фестиваль не просто морозива", "suspended", "У зв'язку із введенням воєнного стану"),
        ("Інноваційна рада", "planned", "планується"),
        ('Проект Розділ "Кластер" на бізнес-платформі', "planned", "заплановано на 2024 рік"),
        # completed works do not make a project with works still under way completed
        ("Встановлення станції доочистки води", "in_progress", "Тривали роботи"),
        ("Будівництво сміттєпереробного комплексу", "completed", "Завершено будівництво"),
        # a yearly activity reported as done
        ("Центр безхатченків", "ongoing", "Функціонує"),
        # a thing to be made, made this year: completed
        ("Виділення смуг руху для тролейбусів та автобусів", "completed", "Нанесені смуги"),
        ("Мобільний екомоніторинг Житомира", "completed", "встановлено 5 таких станцій"),
        ("Прикладні лабораторії", "completed", "створено STEM-лабораторію"),
        ("Портал соціальної взаємодії", "completed", "створено сторінку"),
        ("Соціальні контейнери (скринька милосердя)", "completed", "розміщено 4 соціальні"),
        # money for the works of a building project: the works are under way
        ("Реконструкція 25-го гарнізонного Будинку офіцерів", "in_progress", "Надано субвенцію"),
        # a generic verb of activity says nothing of a thing to be made: the work decides
        ("Будівництво каналізаційних систем у секторі приватної забудови", "ongoing", "виконано"),
        ("Відкриття бюветів питної води", "ongoing", "Встановлені"),
    ],
)
def test_known_phrases_decide_the_status(
    warehouse: Path, project_name: str, status: str, evidence: str
) -> None:
    rows = query(
        warehouse,
        "select s.status, s.status_evidence from marts.fct_project_status s"
        " join marts.dim_project d using (project_key) where d.project_name = ?",
        project_name,
    )
    assert len(rows) == 1
    assert rows[0][0] == status
    assert evidence in rows[0][1]


def test_without_reviews_every_status_is_the_rules_proposal(warehouse: Path) -> None:
    rows = query(
        warehouse,
        "select status_source, count(*), count(*) filter (where status = rule_status),"
        " count(reviewed_by) from marts.fct_project_status group by status_source",
    )
    assert rows == [("rule", 180, 180, 0)]


def test_the_review_queue_holds_every_unknown_disagreeing_or_generic_proposal(
    warehouse: Path,
) -> None:
    queued = {
        (row[0], row[1]): row[2:]
        for row in query(
            warehouse,
            "select project_name, report_year, queue_reason, queue_reasons, status,"
            " status_evidence, implementation_text from bi.status_review_queue",
        )
    }
    unknown = query(
        warehouse,
        "select d.project_name from marts.fct_project_status s join marts.dim_project d"
        " using (project_key) where s.status = 'unknown'",
    )
    assert unknown and all(queued[(name, 2023)][0] == "no_rule_decided" for (name,) in unknown)
    reasons = {row[0] for row in queued.values()}
    assert reasons == {"no_rule_decided", "rules_disagree", "generic_activity_verb"}
    _, reasons_listed, status, evidence, text = queued[("Центр безхатченків", 2023)]
    assert status == "ongoing" and evidence == "Функціонує" and evidence in text
    assert "generic_activity_verb" in reasons_listed
    # a proposal every matching rule agrees on, decided by a specific phrase, is not queued
    assert ("Будівництво сміттєпереробного комплексу", 2023) not in queued


def test_every_rule_of_the_seed_decides_its_own_example(warehouse: Path) -> None:
    rows = query(
        warehouse,
        "select rule_id, decided_rule_id from intermediate.int_project_status_rule_examples"
        " where not decided_by_own_rule",
    )
    assert rows == []


def test_the_scorecard_counts_every_project_of_a_priority_once_by_status(
    warehouse: Path,
) -> None:
    rows = query(
        warehouse,
        "select priority_ordinal, projects_total, projects_completed + projects_in_progress"
        " + projects_ongoing + projects_planned + projects_not_started + projects_suspended"
        " + projects_status_unknown, tasks_total, tasks_without_project, entries_without_text"
        " from marts.mart_priority_scorecard where report_year = 2023 order by 1",
    )
    assert [row[0] for row in rows] == [1, 2, 3, 4, 5, 6]
    assert sum(row[1] for row in rows) == 180
    assert all(row[1] == row[2] for row in rows)
    assert sum(row[3] for row in rows) == 86
    assert sum(row[5] for row in rows) == 1


def test_every_implementation_kpi_of_the_seed_has_a_city_value_for_2023(
    warehouse: Path,
) -> None:
    seed_codes = {
        row["kpi_code"]
        for row in csv.DictReader(
            (PROJECT_ROOT / "dbt_project" / "seeds" / "kpi_definitions.csv").open(encoding="utf-8")
        )
        if row["kpi_kind"] == "implementation"
    }
    values = dict(
        query(
            warehouse,
            "select k.kpi_code, v.value from marts.fct_kpi_value v join marts.dim_kpi k"
            " using (kpi_key) where v.scope_kind = 'city' and v.period_key = '2023'",
        )
    )
    assert set(values) == seed_codes
    assert values["projects_total"] == 180
    assert values["tasks_total"] == 86
    assert values["entries_total"] == 211
    assert values["entries_without_text"] == 1
    assert values["share_completed"] == pytest.approx(
        100 * values["projects_completed"] / values["projects_total"]
    )


if __name__ == "__main__":
    database = Path(
        sys.argv[1] if len(sys.argv) > 1 else PROJECT_ROOT / "warehouse" / "warehouse.duckdb"
    )
    print(report(*compare(database)))
