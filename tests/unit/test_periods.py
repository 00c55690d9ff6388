"""Periods as statistics tables print them, each reduced to one key."""

from __future__ import annotations

from datetime import date

import pytest

from orchestration.ingest.dates import split_as_of
from orchestration.ingest.periods import PeriodError, as_of_in, instant, parse_period


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


# -- instants, ISO half-years and intervals ---------------------------------------------


@pytest.mark.parametrize(
    ("printed", "day"),
    [
        ("2016-10-01", date(2016, 10, 1)),
        ("01.10.2016", date(2016, 10, 1)),
        ("на 01.10.2016", date(2016, 10, 1)),
        ("1 жовтня 2016 року", date(2016, 10, 1)),
        ("на 1 жовтня 2016 р.", date(2016, 10, 1)),
        ("станом на 1 січня 2017", date(2017, 1, 1)),
        ("Станом на 01.01.2017 р.", date(2017, 1, 1)),
        ("на початок 2017 року", date(2017, 1, 1)),
        ("на кінець 2016 року", date(2017, 1, 1)),  # the same instant, stated once
    ],
)
def test_a_date_in_any_printed_form_is_an_instant_keyed_by_its_iso_date(
    printed: str, day: date
) -> None:
    period = parse_period(printed)
    assert (period.key, period.grain, period.year, period.quarter) == (
        day.isoformat(),
        "instant",
        day.year,
        None,
    )
    assert period.start == period.end == period.as_of == day


def test_an_instant_lands_in_the_quarter_of_its_day() -> None:
    assert parse_period("станом на 1 січня 2017").landing_quarter == "2017-Q1"
    assert parse_period("на 01.10.2016").landing_quarter == "2016-Q4"


def test_a_stock_given_for_a_period_stands_at_the_first_day_after_it() -> None:
    assert parse_period("2016").as_of == date(2017, 1, 1)
    assert parse_period("2024-Q1").as_of == date(2024, 4, 1)
    assert parse_period("січень–вересень 2020").as_of == date(2020, 10, 1)


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("2024-H1", "2024-M01-M06"),
        ("2024-H2", "2024-M07-M12"),
        ("2024 H1", "2024-M01-M06"),
        ("H2 2024", "2024-M07-M12"),
        ("2020-01/2020-09", "2020-M01-M09"),
        ("2020-01/09", "2020-M01-M09"),
        ("2020-01-01/2020-09-30", "2020-M01-M09"),
        ("2020-01/2020-03", "2020-Q1"),
        ("2020-01/2020-12", "2020"),
        ("2021-03", "2021-M03-M03"),
    ],
)
def test_iso_half_years_and_intervals_of_months_get_the_keys_of_their_months(
    printed: str, key: str
) -> None:
    assert parse_period(printed).key == key


def test_an_iso_half_year_is_the_same_period_as_its_ukrainian_name() -> None:
    assert parse_period("2024-H1") == parse_period("I півріччя 2024")
    assert parse_period("2020-01/2020-09") == parse_period("січень–вересень 2020")


@pytest.mark.parametrize(
    "printed",
    ["2020-09/2020-01", "2020-01/2021-03", "2020-01-01/2020-09-15", "31.02.2017", "2024-H3"],
)
def test_an_interval_or_a_date_that_is_not_one_is_refused(printed: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(printed)


def test_a_relative_date_alone_in_a_period_cell_is_refused_saying_what_it_lacks() -> None:
    with pytest.raises(PeriodError, match="relative to a period"):
        parse_period("на початок року")


# -- "as of" phrases in indicator names ---------------------------------------------------


@pytest.mark.parametrize(
    ("label", "name", "base", "day"),
    [
        (
            "Чисельність наявного населення (на 1 січня наступного року)",
            "Чисельність наявного населення",
            "2016",
            date(2017, 1, 1),
        ),
        (
            "Чисельність наявного населення (на кінець року), осіб",
            "Чисельність наявного населення, осіб",
            "2016",
            date(2017, 1, 1),
        ),
        ("Чисельність населення на початок року", "Чисельність населення", "2016",
         date(2016, 1, 1)),
        ("Кількість суб'єктів ЄДРПОУ, на кінець звітного періоду", "Кількість суб'єктів ЄДРПОУ",
         "січень-вересень 2020", date(2020, 10, 1)),
        ("Кількість суб'єктів ЄДРПОУ станом на 1 січня 2017 року", "Кількість суб'єктів ЄДРПОУ",
         None, date(2017, 1, 1)),
        ("Чисельність населення на 1 липня", "Чисельність населення", "2019", date(2019, 7, 1)),
    ],
)  # fmt: skip
def test_a_name_that_states_its_date_is_matched_without_it_and_dates_its_values(
    label: str, name: str, base: str | None, day: date
) -> None:
    rest, as_of = split_as_of(label)
    assert rest == name and as_of is not None
    assert as_of_in(as_of, parse_period(base) if base else None) == instant(day)


def test_the_end_of_a_year_and_the_first_of_january_after_it_are_one_instant() -> None:
    year = parse_period("2016")
    (_, end), (_, next_january) = (
        split_as_of("Населення (на кінець року)"),
        split_as_of("Населення (на 1 січня наступного року)"),
    )
    assert end is not None and next_january is not None
    assert as_of_in(end, year) == as_of_in(next_january, year) == instant(year.as_of)


@pytest.mark.parametrize(
    "label",
    [
        "Коефіцієнт народжуваності (на 1000 наявного населення)",
        "Кількість лікарів на 10 000 населення",
        "Природний приріст (скорочення) населення",
        "Навантаження на 1 лікаря",
    ],
)
def test_a_name_without_a_date_keeps_every_word(label: str) -> None:
    assert split_as_of(label) == (label, None)
