"""The embedded 2023 report: the hardest test the parser has."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.ingest import departments
from orchestration.ingest.documents import discover_reports
from orchestration.ingest.records import ParsedReport
from orchestration.ingest.reports import read_report

SOURCES = Path(__file__).resolve().parents[2] / "sources"


@pytest.fixture(scope="module")
def seed() -> ParsedReport:
    (document,) = discover_reports(SOURCES)
    parsed, encoding = read_report(document)
    assert encoding == "utf-8"
    return parsed


def test_the_seed_reports_on_2023_for_zhytomyr(seed: ParsedReport) -> None:
    assert (seed.report_year, seed.city) == (2023, "zhytomyr")


def test_the_seed_holds_6_priorities_25_goals_86_tasks_and_180_project_entries(
    seed: ParsedReport,
) -> None:
    entries = seed.entries
    assert len({e.priority_ordinal for e in entries}) == 6
    assert len({(e.priority_ordinal, e.goal_ordinal) for e in entries}) == 25
    assert len({(e.priority_ordinal, e.goal_ordinal, e.task_ordinal) for e in entries}) == 86
    projects = {
        (e.priority_ordinal, e.goal_ordinal, e.task_ordinal, e.project_ordinal)
        for e in entries
        if e.project is not None
    }
    assert len(projects) == 180


def test_every_line_of_the_seed_is_accounted_for(seed: ParsedReport) -> None:
    raw = (SOURCES / "reports/zhytomyr/zhytomyr_concept_2030_report_2023.txt").read_text("utf-8")
    assert len(seed.lines) == raw.count("\n") + 1 == 448  # the last line has no newline
    counts = seed.line_kind_counts()
    assert sum(counts.values()) == 448
    assert counts["table_header"] == 6 and counts["separator"] == 3
    assert counts["goal_heading"] == 25


def test_the_seed_priorities_are_named_from_their_titles(seed: ParsedReport) -> None:
    names = {e.priority_ordinal: e.priority_name for e in seed.entries}
    assert names[1] == "Ефективне місто"
    assert len(set(names.values())) == 6


def test_the_sixth_priority_prints_goal_number_3_twice_and_keeps_both(seed: ParsedReport) -> None:
    goals = sorted(
        {(e.goal_ordinal, e.goal_number_printed) for e in seed.entries if e.priority_ordinal == 6}
    )
    assert goals == [(1, "1"), (2, "2"), (3, "3"), (4, "3")]


def test_every_project_has_a_name_and_house_numbers_are_not_years(seed: ParsedReport) -> None:
    projects = [e.project for e in seed.entries if e.project is not None]
    assert all(p.name for p in projects)
    velopark = next(p for p in projects if p.name == "Навчальний велопарк для дітей")
    assert (velopark.period_start_year, velopark.period_end_year) == (2021, 2023)
    assert velopark.description == "уздовж вул. Небесної сотні, 52-54"


def test_every_responsible_body_of_the_seed_resolves_to_about_22_departments(
    seed: ParsedReport,
) -> None:
    bodies = [b for e in seed.entries for b in e.responsible_bodies]
    unresolved = [b.name_printed for b in bodies if departments.resolve(b.name_printed) is None]
    assert unresolved == []
    resolved = {departments.resolve(b.name_printed) for b in bodies}
    assert 20 <= len(resolved) <= 25
