"""The annual report's page, drawn from records: sections appear with their data, every
figure links to its source line, charts have one bar segment per non-zero count, and
numbers read the way each language writes them."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from orchestration.annual_page.charts import Bar, Segment, nice_step, stacked_bars
from orchestration.annual_page.data import (
    Figure,
    Indicator,
    Label,
    Point,
    ReportData,
    ScorecardRow,
    Series,
    Status,
    StatusRow,
)
from orchestration.annual_page.page import render
from orchestration.annual_page.text import number

LINE = "1\tЗавдання\tПарк\tВисаджено 120 дерев на площі 2,5 га <p>за 1,2 млн грн</p>."


def figure(n: int, raw: str, value: float, unit: str) -> Figure:
    start = LINE.index(raw)
    return Figure(
        f"{n:032x}",
        1,
        Label("Ефективне місто", "Efficient City"),
        "1",
        "Парк",
        raw,
        value,
        unit,
        None,
        "sources/r.txt",
        "e" * 64,
        7,
        start,
        start + len(raw),
        LINE,
    )


def one_year() -> ReportData:
    statuses = [
        Status("completed", Label("Завершено", "Completed"), 1),
        Status("suspended", Label("Призупинено", "Suspended"), 2),
        Status("unknown", Label("Статус не визначено", "Status unknown"), 3),
    ]
    return ReportData(
        city_totals={"projects_total": 3, "projects_completed": 2, "share_completed": 66.7},
        year=2023,
        years=[2023],
        statuses=statuses,
        by_priority=[
            StatusRow(
                Label("1. Ефективне місто", "1. Efficient City"), {"completed": 2, "suspended": 1}
            )
        ],
        by_department=[StatusRow(Label("Департамент освіти міської ради"), {"completed": 2})],
        projects_total=3,
        projects_without_department=1,
        scorecard=[
            ScorecardRow(
                1,
                Label("Ефективне місто", "Efficient City"),
                {
                    "projects_total": 3,
                    "projects_completed": 2,
                    "share_completed": 66.7,
                    "figures_reported": 3,
                },
            )
        ],
        figures=[
            figure(1, "120 дерев", 120, "дерево"),
            figure(2, "2,5 га", 2.5, "ha"),
            figure(3, "1,2 млн грн", 1_200_000, "UAH"),
        ],
        sources=[],
    )


def two_years() -> ReportData:
    data = replace(
        one_year(),
        year=2024,
        years=[2023, 2024],
        previous_year=2023,
        by_year=[
            StatusRow(Label("2023"), {"suspended": 3}),
            StatusRow(Label("2024"), {"completed": 3}),
        ],
        transitions={("suspended", "completed"): 2, ("suspended", "suspended"): 1},
        change_kinds={"continued": 3, "new": 1},
    )
    data.indicators = [
        Indicator(
            "unemployment",
            Label("Рівень безробіття", "Unemployment rate"),
            "percent",
            False,
            [
                Series(
                    Label("місто", "city"),
                    [
                        Point("2024-Q1", date(2024, 1, 1), 7.5, 7.0),
                        Point("2024-Q2", date(2024, 4, 1), 7.1, 7.0),
                    ],
                )
            ],
        )
    ]
    return data


def sections(page: str) -> list[str]:
    return re.findall(r'<section id="([\w-]+)">', page)


def test_a_single_report_year_shows_no_comparison_and_no_indicators() -> None:
    page = render(one_year(), "uk", "annual_report.en.html")
    assert sections(page) == [
        "by-priority",
        "by-department",
        "scorecard",
        "figures",
        "traces",
        "notes",
    ]


def test_a_second_year_and_indicator_files_add_their_sections() -> None:
    page = render(two_years(), "uk", "annual_report.en.html")
    assert sections(page) == [
        "by-priority",
        "by-department",
        "scorecard",
        "history",
        "indicators",
        "figures",
        "traces",
        "notes",
    ]
    assert 'id="transition-matrix"' in page and "Змін" in page
    assert page.count('class="series"') == 1 and page.count('class="point"') == 2
    assert page.count('class="target"') == 1


def test_the_statuses_to_review_are_counted_by_reason_in_the_queues_order() -> None:
    data = replace(
        one_year(), review_queue={"no_rule_decided": 9, "rules_disagree": 49}, reviewed=2
    )
    page = render(data, "uk", "annual_report.en.html")
    assert sections(page)[-4:] == ["review", "figures", "traces", "notes"]
    reasons = re.findall(r'<tr data-reason="(\w+)"><th>[^<]+</th><td class="num">(\d+)<', page)
    assert reasons == [("no_rule_decided", "9"), ("rules_disagree", "49")]
    assert "Переглянуто людиною: 2" in page
    english = render(data, "en", "annual_report.html")
    assert "Statuses to review" in english and "rules of different statuses matched" in english


def test_every_figure_links_to_a_mark_holding_exactly_its_raw_text() -> None:
    data = one_year()
    page = render(data, "uk", "annual_report.en.html")
    for f in data.figures:
        anchor = f"trace-{f.figure_id}"
        assert f'href="#{anchor}"' in page
        marked = re.search(rf'<mark id="{anchor}"[^>]*>(.*?)</mark>', page)
        assert marked is not None and marked.group(1) == f.raw_text
    # the source line is shown as printed, its HTML tags as text, once for its three figures
    assert page.count("<blockquote>") == 1 and "&lt;p&gt;за" in page
    # ids alike in their first 12 characters are told apart in the trace command
    commands = re.findall(r"warehouse trace (\w+)<", page)
    assert len(set(commands)) == 3 and all(len(c) > 12 for c in commands)


def test_the_english_page_uses_english_labels_and_links_back_to_the_ukrainian_one() -> None:
    page = render(one_year(), "en", "annual_report.html")
    assert '<html lang="en">' in page and 'href="annual_report.html"' in page
    assert "Project status by priority" in page and "1. Efficient City" in page
    assert "Статус проєктів" not in page


def test_the_page_fetches_nothing() -> None:
    page = render(two_years(), "uk", "annual_report.en.html")
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page and "url(" not in page


def test_a_stacked_bar_has_one_segment_per_non_zero_count_and_prints_its_total() -> None:
    segments = [Segment("a", "A", "#000"), Segment("b", "B", "#111")]
    svg = stacked_bars(
        [Bar("x", {"a": 3, "b": 0}), Bar("y", {"a": 1, "b": 2})],
        segments,
        axis_label="projects",
        describe=lambda b, s, v: f"{b.label} {s.key} {v}",
    )
    assert svg.count('class="bar"') == 3
    assert re.findall(r'class="total"[^>]*>(\d+)<', svg) == ["3", "3"]
    assert ">projects<" in svg


@pytest.mark.parametrize(
    ("maximum", "step"), [(57, 10), (13, 2.5), (4, 1), (0, 1), (480, 100), (0.6, 0.1)]
)
def test_axis_ticks_are_round_numbers(maximum: float, step: float) -> None:
    assert nice_step(maximum) == pytest.approx(step)


@pytest.mark.parametrize(
    ("value", "lang", "text"),
    [
        (1_250_000, "uk", "1\u202f250\u202f000"),
        (1_250_000, "en", "1,250,000"),
        (6.1, "uk", "6,1"),
        (2.0, "en", "2"),
        (21.7, "uk", "21,7"),
        (None, "en", "—"),
    ],
)
def test_numbers_are_written_the_way_each_language_reads_them(value, lang, text) -> None:
    assert number(value, lang) == text
