"""Project cells: name, period and description wherever the source puts them."""

from __future__ import annotations

import pytest

from orchestration.ingest.projects import parse_project_cell


def parse(cell: str):
    return parse_project_cell(cell, str.lower)


@pytest.mark.parametrize(
    ("cell", "name", "years", "description"),
    [
        ("Бізнес-платформа 2019-2023 роки", "Бізнес-платформа", (2019, 2023), None),
        ("Логістичний хаб 2021-2023", "Логістичний хаб", (2021, 2023), None),
        (
            "Активний перший поверх 2020-2023 роки (реконструкція приміщень)",
            "Активний перший поверх",
            (2020, 2023),
            "реконструкція приміщень",
        ),
        # a parenthetical before the years qualifies the name; only one after them describes
        (
            "Інновації Житомира (створення порталу) 2021-2023",
            "Інновації Житомира (створення порталу)",
            (2021, 2023),
            None,
        ),
        (
            "Туристично-інформаційний центр (ТІ) 2019-2023 роки",
            "Туристично-інформаційний центр (ТІ)",
            (2019, 2023),
            None,
        ),
        (
            "Водонапірна вежа (вул. Пушкінська) 2021-2023 роки (реставрація)",
            "Водонапірна вежа (вул. Пушкінська)",
            (2021, 2023),
            "реставрація",
        ),
        (
            "Громадський простір у мікрорайоні» (2023-2030 роки)",
            "Громадський простір у мікрорайоні»",
            (2023, 2030),
            None,
        ),
        (
            "Навчальний велопарк для дітей 2021-2023 роки (уздовж вул. Небесної сотні, 52-54)",
            "Навчальний велопарк для дітей",
            (2021, 2023),
            "уздовж вул. Небесної сотні, 52-54",
        ),
        (
            "Нові стадіони в мікрорайонах (ЗОШ № 16-ЗОШ № 28) 2023-2030 роки",
            "Нові стадіони в мікрорайонах (ЗОШ № 16-ЗОШ № 28)",
            (2023, 2030),
            None,
        ),
        (
            "Реконструкція стадіону біля школи № 1 (Мальованський стадіон, вул. Троянівська, 26.",
            "Реконструкція стадіону біля школи № 1",
            (None, None),
            "Мальованський стадіон, вул. Троянівська, 26.",
        ),
        (
            '"Energy-expert" 2019-2020 роки (тренінги для енергоменеджерів '
            '("Energy-expert") для підприємств',
            '"Energy-expert"',
            (2019, 2020),
            'тренінги для енергоменеджерів ("Energy-expert") для підприємств',
        ),
        (
            "Промоційна компанія 2019-2023 роки (промоційна кампанія))",
            "Промоційна компанія",
            (2019, 2023),
            "промоційна кампанія",
        ),
        ("Евакуація транспортних засобів", "Евакуація транспортних засобів", (None, None), None),
        ("Безбар'єрний простір 2019-2021 року", "Безбар'єрний простір", (2019, 2021), None),
    ],
)
def test_a_project_cell_splits_into_name_years_and_description(cell, name, years, description):
    project = parse(cell)
    assert project.name == name
    assert (project.period_start_year, project.period_end_year) == years
    assert project.description == description
    assert project.printed == cell


def test_a_backwards_or_implausible_range_is_not_a_period() -> None:
    assert parse("Проєкт 2023-2019 роки").period_start_year is None
    assert parse("Проєкт 1812-1815").period_start_year is None


def test_two_projects_told_apart_by_a_qualifier_before_the_years_get_two_names() -> None:
    a = parse("Нові стадіони в мікрорайонах (ЗОШ № 16-ЗОШ № 28) 2023-2030 роки")
    b = parse(
        "Нові стадіони в мікрорайонах (Центр професійно-технічної освіти, школа № 30) "
        "2023-2030 роки"
    )
    assert a.name != b.name and a.name_key != b.name_key
    assert a.description is None and b.description is None


def test_two_projects_with_one_name_and_different_descriptions_get_different_keys() -> None:
    a = parse("Стадіон 2023-2030 роки (ЗОШ № 16)")
    b = parse("Стадіон 2023-2030 роки (школа № 30)")
    assert a.name == b.name and a.name_key != b.name_key


def test_the_name_key_of_a_qualified_name_is_the_key_it_had_as_a_description() -> None:
    """Keys of the projects whose qualifier moved into the name stay as they were."""
    moved = parse("Нові стадіони в мікрорайонах (школа № 30) 2023-2030 роки")
    assert moved.name_key == str.lower("Нові стадіони в мікрорайонах (школа № 30)")
