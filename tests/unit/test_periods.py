"""Periods as statistics tables print them, each reduced to one key."""

from __future__ import annotations

from datetime import date

import pytest

from orchestration.ingest.periods import PeriodError, parse_period


@pytest.mark.parametrize(
    "printed",
    [
        "2023",
        "2023 рік",
        "2023 р.",
        "2023р",
        "за 2023 рік",
        "2023¹",
        "2023*",
        "січень–грудень 2023",
    ],
)
def test_a_year_in_any_spelling_is_the_year_period(printed: str) -> None:
    period = parse_period(printed)
    assert (period.key, period.grain, period.year, period.quarter) == ("2023", "year", 2023, None)
    assert (period.start, period.end) == (date(2023, 1, 1), date(2023, 12, 31))


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("2024-Q1", "2024-Q1"),
        ("2024 Q3", "2024-Q3"),
        ("Q2 2024", "2024-Q2"),
        ("I квартал 2024", "2024-Q1"),
        ("І квартал 2024 року", "2024-Q1"),  # Cyrillic І typed for the Roman numeral
        ("ІІ квартал 2024", "2024-Q2"),
        ("IV кв. 2023", "2023-Q4"),
        ("3 квартал 2022", "2022-Q3"),
        ("1-й квартал 2022", "2022-Q1"),
        ("2024, II квартал", "2024-Q2"),
        ("січень–березень 2024", "2024-Q1"),  # the months of a quarter are the quarter
        ("липня-вересня 2024", "2024-Q3"),
    ],
)
def test_a_quarter_in_any_spelling_is_the_quarter_period(printed: str, key: str) -> None:
    period = parse_period(printed)
    assert period.key == key and period.grain == "quarter"
    assert period.quarter == int(key[-1])


def test_a_quarter_starts_and_ends_on_its_calendar_days() -> None:
    period = parse_period("2024-Q1")
    assert (period.start, period.end) == (date(2024, 1, 1), date(2024, 3, 31))


@pytest.mark.parametrize(
    ("printed", "key", "start", "end"),
    [
        ("січень-вересень 2020", "2020-M01-M09", date(2020, 1, 1), date(2020, 9, 30)),
        ("січень–вересень 2020 року", "2020-M01-M09", date(2020, 1, 1), date(2020, 9, 30)),
        ("9 місяців 2020", "2020-M01-M09", date(2020, 1, 1), date(2020, 9, 30)),
        ("I півріччя 2024", "2024-M01-M06", date(2024, 1, 1), date(2024, 6, 30)),
        ("ІІ півріччя 2024", "2024-M07-M12", date(2024, 7, 1), date(2024, 12, 31)),
        ("січень–лютий 2024", "2024-M01-M02", date(2024, 1, 1), date(2024, 2, 29)),
        ("березень 2021", "2021-M03-M03", date(2021, 3, 1), date(2021, 3, 31)),
        ("2020-M01-M09", "2020-M01-M09", date(2020, 1, 1), date(2020, 9, 30)),
    ],
)
def test_a_part_year_keeps_its_first_and_last_day(
    printed: str, key: str, start: date, end: date
) -> None:
    period = parse_period(printed)
    assert (period.key, period.grain, period.quarter) == (key, "part_year", None)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("printed", "quarter"),
    [
        ("2020", "2020-Q4"),
        ("2024-Q2", "2024-Q2"),
        ("січень-вересень 2020", "2020-Q3"),
        ("січень–лютий 2024", "2024-Q1"),
    ],
)
def test_a_value_lands_in_the_quarter_its_period_ends_in(printed: str, quarter: str) -> None:
    assert parse_period(printed).landing_quarter == quarter


@pytest.mark.parametrize(
    "printed", ["", "Показники", "2014-2020", "13 місяців 2020", "вересень-січень 2020", "Q5 2024"]
)
def test_what_names_no_period_is_refused_with_the_forms_that_are_read(printed: str) -> None:
    with pytest.raises(PeriodError, match=r"year|months"):
        parse_period(printed)
