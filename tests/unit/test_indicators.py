"""Indicator files: both layouts, both encodings, CSV dialects and XLSX, row by row."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from orchestration.ingest.errors import SourceError
from orchestration.ingest.indicator_catalog import load_catalog
from orchestration.ingest.indicators import (
    IndicatorValue,
    ParsedIndicators,
    parse_indicator_file,
    parse_number,
)
from orchestration.settings import PROJECT_ROOT

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "indicators"
SHIPPED = (
    PROJECT_ROOT
    / "sources"
    / "indicators"
    / "zhytomyr"
    / "zhytomyr_city_main_indicators_2014_2020.csv"
)


def parse(path: Path) -> ParsedIndicators:
    return parse_indicator_file(path.read_bytes(), path.name)


def value_of(parsed: ParsedIndicators, name: str, period: str) -> IndicatorValue:
    (found,) = [
        v for v in parsed.values if v.indicator_name == name and v.period and v.period.key == period
    ]
    return found


# -- the shipped statistics table -----------------------------------------------------


def test_the_shipped_table_is_read_as_14_indicators_over_7_years() -> None:
    parsed = parse(SHIPPED)
    assert (parsed.layout, parsed.encoding, parsed.delimiter) == ("wide", "utf-8", ";")
    assert len(parsed.values) == 14 * 7
    assert sorted(parsed.landing_quarters()) == [f"{y}-Q4" for y in range(2014, 2021)]
    assert parsed.row_kind_counts() == {
        "title": 1, "header": 1, "section": 2, "group": 2, "values": 14, "footnote": 0, "blank": 0,
    }  # fmt: skip


def test_every_indicator_of_the_shipped_table_is_in_the_catalog() -> None:
    codes = load_catalog().codes
    names = {v.indicator_name_key for v in parse(SHIPPED).values}
    assert names <= set(codes), sorted(names - set(codes))
    assert len({codes[n] for n in names}) == 14


def test_child_rows_are_named_under_the_row_they_belong_to() -> None:
    parsed = parse(SHIPPED)
    women = value_of(parsed, "Чисельність постійного населення: жінки", "2014")
    assert (women.value, women.row_number, women.column_number) == (144817, 9, 2)
    assert women.parent_printed == "Чисельність постійного населення"
    young = value_of(parsed, "Розподіл постійного населення: 0-15 років", "2020")
    assert young.value == 43990 and young.indicator_printed == "0-15 років"
    average = value_of(parsed, "Середньорічна чисельність населення: наявне населення", "2016")
    assert average.value == 267486
    # a top-level row after the group is not a child of it
    births = value_of(parsed, "Кількість живонароджених", "2014")
    assert births.parent_printed is None and births.unit_printed == "осіб"


def test_the_en_dash_is_a_minus_and_the_decimal_comma_is_read() -> None:
    parsed = parse(SHIPPED)
    assert value_of(parsed, "Природний приріст (скорочення) населення", "2015").value == -224
    rate = value_of(parsed, "Коефіцієнт природного приросту (скорочення) населення", "2020")
    assert (rate.value, rate.value_printed, rate.value_precision) == (-6.3, "–6,3", 0.1)


def test_section_rows_carry_no_values_and_nothing_is_dropped_silently() -> None:
    parsed = parse(SHIPPED)
    kinds = {row.row_number: row.kind for row in parsed.rows}
    assert kinds[1] == "title" and kinds[2] == "header"
    assert kinds[4] == kinds[5] == "section"
    assert kinds[10] == kinds[14] == "group"
    assert len(parsed.rows) == len(SHIPPED.read_text(encoding="utf-8").splitlines())


# -- encodings, dialects, layouts ----------------------------------------------------


def test_a_cp1251_wide_table_with_thousands_of_persons_applies_the_multiplier() -> None:
    parsed = parse(FIXTURES / "wide_cp1251_semicolon_thousands_of_persons.csv")
    assert (parsed.encoding, parsed.delimiter, parsed.layout) == ("cp1251", ";", "wide")
    present = value_of(parsed, "Чисельність наявного населення", "2019")
    assert (present.value, present.unit, present.unit_printed) == (264300, "persons", "тис. осіб")
    assert present.value_precision == 100
    # the child row takes its parent's unit
    men = value_of(parsed, "Чисельність постійного населення: чоловіки", "2020")
    assert men.value == 120500 and men.unit_factor == 1000
    # spaces between thousands, en dash minus
    growth = value_of(parsed, "Природний приріст (скорочення) населення", "2020")
    assert growth.value == -1678


def test_a_part_year_column_keeps_its_start_and_end() -> None:
    parsed = parse(FIXTURES / "wide_cp1251_semicolon_thousands_of_persons.csv")
    value = value_of(parsed, "Природний приріст (скорочення) населення", "2021-M01-M09")
    assert value.period is not None
    assert (value.period.grain, str(value.period.start), str(value.period.end)) == (
        "part_year",
        "2021-01-01",
        "2021-09-30",
    )
    assert value.period.landing_quarter == "2021-Q3"


def test_no_value_marks_and_empty_cells_give_no_value_and_a_footnote_is_not_an_indicator() -> None:
    parsed = parse(FIXTURES / "wide_cp1251_semicolon_thousands_of_persons.csv")
    men = [v for v in parsed.values if v.indicator_name.endswith("чоловіки")]
    assert [v.period.key for v in men if v.period] == ["2019", "2020"]  # "–" in 2021: none
    assert [r.kind for r in parsed.rows if r.row_number == 9] == ["footnote"]
    assert all(v.indicator_name and "Дані" not in v.indicator_name for v in parsed.values)


def test_a_comma_separated_quarterly_table_with_a_unit_column_is_read() -> None:
    parsed = parse(FIXTURES / "wide_utf8_bom_comma_quarters_unit_column.csv")
    assert (parsed.encoding, parsed.delimiter, parsed.layout) == ("utf-8-sig", ",", "wide")
    births = value_of(parsed, "Кількість живонароджених", "2024-Q1")
    assert (births.value, births.unit, births.column_number) == (412, "persons", 3)
    assert value_of(parsed, "Кількість живонароджених", "2024").value == 1650
    sales = value_of(parsed, "Обсяг реалізованої продукції", "2024-Q2")
    assert (sales.value, sales.unit, sales.unit_printed) == (1_301_200_000, "UAH", "млн грн")


def test_a_long_table_gives_one_value_per_row_with_territory_and_target() -> None:
    parsed = parse(FIXTURES / "long_utf8_semicolon_part_year_and_target.csv")
    assert parsed.layout == "long"
    present = value_of(parsed, "Чисельність наявного населення", "2020")
    assert (present.value, present.target_value, present.territory) == (
        263500,
        265000,
        "м. Житомир",
    )
    births = [v for v in parsed.values if v.indicator_name == "Кількість живонароджених"]
    assert [(v.period.key, v.period.grain, v.value) for v in births if v.period] == [
        ("2020-M01-M09", "part_year", 1432),
        ("2021-Q1", "quarter", 430),
        ("2020", "year", 9120),
    ]
    assert births[2].territory == "Житомирська область"
    kinds = [r.kind for r in parsed.rows]
    assert kinds[-2:] == ["blank", "footnote"]


def test_a_long_cp1251_table_with_english_headers_and_quoted_values_is_read() -> None:
    parsed = parse(FIXTURES / "long_cp1251_comma_quoted_values.csv")
    assert (parsed.encoding, parsed.delimiter) == ("cp1251", ",")
    assert value_of(parsed, "Чисельність наявного населення", "2020-Q4").value == 263507
    assert value_of(parsed, "Природний приріст (скорочення) населення", "2020").value == -1678


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("269 942", 269942),
        ("269\u00a0942", 269942),
        ("–0,9", -0.9),
        ("1.234,5", 1234.5),
        ("0.4", 0.4),
        ("12,5%", 12.5),
        ("2 042¹", 2042),
    ],
)
def test_a_number_is_read_as_statistics_tables_print_it(printed: str, value: float) -> None:
    number = parse_number(printed)
    assert number is not None and float(number.value) == value


@pytest.mark.parametrize("printed", ["", "–", "-", "…", "...", "х", "x"])
def test_no_value_marks_are_no_value(printed: str) -> None:
    assert parse_number(printed) is None


def test_an_unreadable_cell_is_landed_without_a_value_for_the_check_to_name() -> None:
    data = "Показники;2020;2021\nКількість померлих, осіб;3569;три тисячі\n".encode()
    parsed = parse_indicator_file(data, "deaths.csv")
    bad = value_of(parsed, "Кількість померлих", "2021")
    assert (bad.value, bad.value_printed, bad.row_number, bad.column_number) == (
        None,
        "три тисячі",
        2,
        3,
    )


# -- XLSX ------------------------------------------------------------------------------


def _workbook(rows: list[list[object]], title: str = "Показники") -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    hidden = book.create_sheet("службовий")
    hidden.append(["Показник", "2020"])
    hidden.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_wide_table_reads_numbers_as_numbers_with_sheet_row_and_column() -> None:
    data = _workbook(
        [
            ["Основні показники м.Житомира"],
            [],
            ["Показники", 2019, "2020 рік", "I квартал 2021"],
            ["Чисельність наявного населення, тис. осіб", 264.3, 263.5, None],
            ["Кількість живонароджених, осіб", 2042, 1891, 430],
        ]
    )
    parsed = parse_indicator_file(data, "main.xlsx")
    assert (parsed.file_format, parsed.encoding, parsed.layout) == ("xlsx", None, "wide")
    present = value_of(parsed, "Чисельність наявного населення", "2019")
    assert (present.value, present.value_precision) == (264300, 100)
    births = value_of(parsed, "Кількість живонароджених", "2021-Q1")
    assert (births.value, births.sheet, births.row_number, births.column_number) == (
        430,
        "Показники",
        5,
        4,
    )
    assert {v.sheet for v in parsed.values} == {"Показники"}  # the hidden sheet is not read


def test_an_xlsx_long_table_is_read() -> None:
    data = _workbook(
        [
            ["Показник", "Одиниця виміру", "Територія", "Період", "Значення", "Ціль"],
            ["Кількість померлих", "осіб", "м. Житомир", "січень–вересень 2020", 2650, None],
            ["Кількість суб’єктів ЄДРПОУ", "од.", "м. Житомир", "2020", 13867, 14000],
        ]
    )
    parsed = parse_indicator_file(data, "long.xlsx")
    assert parsed.layout == "long"
    assert value_of(parsed, "Кількість померлих", "2020-M01-M09").value == 2650
    assert value_of(parsed, "Кількість суб’єктів ЄДРПОУ", "2020").target_value == 14000


# -- refusals --------------------------------------------------------------------------


def test_a_file_without_a_header_row_is_refused_with_what_a_header_looks_like() -> None:
    with pytest.raises(SourceError, match="no header row found"):
        parse_indicator_file("Просто текст\nі ще рядок\n".encode(), "notes.csv")


def test_a_wide_header_cell_that_names_no_period_is_refused_with_its_column() -> None:
    data = "Показники;2020;Примітка\nКількість померлих;3569;оцінка\n".encode()
    with pytest.raises(SourceError, match=r"bad\.csv:1: column 3 «Примітка»"):
        parse_indicator_file(data, "bad.csv")


def test_an_excel_workbook_renamed_csv_is_refused() -> None:
    with pytest.raises(SourceError, match=r"renamed \.csv"):
        parse_indicator_file(_workbook([["Показники", 2020]]), "table.csv")


def test_an_old_xls_workbook_is_refused_with_what_to_do() -> None:
    with pytest.raises(SourceError, match=r"save it as \.xlsx"):
        parse_indicator_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "table.xlsx")


# -- dates, history, rates --------------------------------------------------------------


def test_a_real_long_table_of_population_as_of_a_date_gives_instants() -> None:
    parsed = parse(FIXTURES / "long_zhytomyr_population_as_of_2016_10_01.csv")
    city = [v for v in parsed.values if v.territory == "м.Житомир"]
    assert [(v.indicator_name, v.period.key, v.period.grain, v.value) for v in city] == [
        ("Чисельність наявного населення", "2016-10-01", "instant", 267468.0),
        ("Чисельність постійного населення", "2016-10-01", "instant", 266211.0),
    ]
    assert {v.territory for v in parsed.values} == {
        "м.Житомир",
        "Богунський район",
        "Корольовський район",
    }
    # the city is the sum of its two districts, as published
    present = [v.value for v in parsed.values if v.indicator_name.endswith("наявного населення")]
    assert present[0] == present[1] + present[2]
    assert parsed.row_kind_counts()["footnote"] == 1


def test_a_name_that_states_its_date_dates_its_values_and_is_matched_without_it() -> None:
    parsed = parse(FIXTURES / "wide_history_2013_rates_per_mille_and_dated_names.csv")
    catalog = load_catalog()
    population = value_of(parsed, "Чисельність наявного населення", "2014-01-01")
    assert population.period.grain == "instant" and population.value == 270500
    assert population.period_phrase == "на 1 січня наступного року"
    assert population.period_printed == "2013"  # the column, kept as printed
    assert catalog.codes[population.indicator_name_key] == "population_present"


def test_a_child_row_inherits_its_parents_date() -> None:
    parsed = parse(FIXTURES / "wide_history_2013_rates_per_mille_and_dated_names.csv")
    men = value_of(parsed, "Чисельність постійного населення: чоловіки", "2013-01-01")
    assert men.value == 124300 and men.period_phrase == "на початок року"


def test_values_before_the_first_quarter_are_read_like_any_other() -> None:
    parsed = parse(FIXTURES / "wide_history_2013_rates_per_mille_and_dated_names.csv")
    assert value_of(parsed, "Коефіцієнт народжуваності", "2013").value == 11.9
    assert {"2013-Q1", "2013-Q4"} <= parsed.landing_quarters()


def test_a_rate_per_mille_keeps_its_base_and_matches_the_catalog() -> None:
    parsed = parse(FIXTURES / "wide_history_2013_rates_per_mille_and_dated_names.csv")
    catalog = load_catalog()
    for name in ("Коефіцієнт народжуваності", "Коефіцієнт смертності"):
        value = value_of(parsed, name, "2014")
        assert (value.unit, value.unit_rate_base, value.unit_known) == ("per_mille", 1000, True)
        assert catalog.units[catalog.codes[value.indicator_name_key]] == value.unit


def test_iso_half_years_month_intervals_and_dates_are_read_in_a_long_table() -> None:
    parsed = parse(FIXTURES / "long_iso_half_years_month_intervals_and_dates.csv")
    assert [v.period.key for v in parsed.values] == [
        "2020-M01-M06",
        "2021-M01-M06",
        "2020-M01-M09",
        "2020-10-01",
        "2021-01-01",
        "2021-01-01",  # "(на кінець року)" of 2020: the same instant as 1 January 2021
        "2021-01-01",
    ]
    dated = parsed.values[5]
    assert (dated.indicator_name, dated.period_printed, dated.period_phrase) == (
        "Кількість суб'єктів ЄДРПОУ",
        "2020",
        "на кінець року",
    )


def test_a_relative_date_without_a_period_lands_without_a_period_for_the_check_to_name() -> None:
    parsed = parse(FIXTURES / "long_relative_date_without_a_period.csv")
    unread = parsed.values[1]
    assert (unread.row_number, unread.column_number, unread.period) == (3, 5, None)
    assert unread.period_printed == "на початок року"
