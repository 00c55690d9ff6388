"""Units of indicator values: the multiplier applied, the printed form kept."""

from __future__ import annotations

import pytest

from orchestration.ingest.indicator_units import parse_unit, split_unit_suffix


@pytest.mark.parametrize(
    ("printed", "unit", "factor"),
    [
        ("осіб", "persons", 1),
        ("тис. осіб", "persons", 1000),
        ("тис.осіб", "persons", 1000),
        ("Тис осіб", "persons", 1000),
        ("тис. грн", "UAH", 1000),
        ("млн грн", "UAH", 1_000_000),
        ("млн. грн", "UAH", 1_000_000),
        ("од.", "units", 1),
        ("%", "percent", 1),
        ("‰", "per_mille", 1),
        ("на 1000 наявного населення", "per_mille", 1),
    ],
)
def test_a_printed_unit_is_normalized_with_its_multiplier(
    printed: str, unit: str, factor: float
) -> None:
    parsed = parse_unit(printed)
    assert parsed is not None
    assert (parsed.unit, parsed.factor, parsed.printed, parsed.known) == (
        unit,
        factor,
        printed.strip(),
        True,
    )


def test_a_bare_multiplier_is_known_and_leaves_the_unit_to_the_catalog() -> None:
    parsed = parse_unit("тис.")
    assert parsed is not None and (parsed.unit, parsed.factor, parsed.known) == (None, 1000, True)


def test_an_unknown_unit_is_kept_as_printed_and_marked_unknown() -> None:
    parsed = parse_unit("кг")
    assert parsed is not None and (parsed.unit, parsed.printed, parsed.known) == (None, "кг", False)


def test_an_empty_unit_cell_is_no_unit() -> None:
    assert parse_unit("  ") is None and parse_unit(None) is None


@pytest.mark.parametrize(
    ("label", "name", "unit"),
    [
        ("Кількість живонароджених, осіб", "Кількість живонароджених", "осіб"),
        ("Обсяг реалізованої продукції (тис. грн)", "Обсяг реалізованої продукції", "тис. грн"),
        (
            "Чисельність наявного населення, тис. осіб",
            "Чисельність наявного населення",
            "тис. осіб",
        ),
        # a parenthesis that is not a unit is part of the name
        (
            "Природний приріст (скорочення) населення",
            "Природний приріст (скорочення) населення",
            None,
        ),
        ("Площа, кг", "Площа, кг", None),  # an unknown unit is not split off
    ],
)
def test_a_unit_printed_after_the_name_is_split_off_only_when_it_is_a_unit(
    label: str, name: str, unit: str | None
) -> None:
    found_name, found_unit = split_unit_suffix(label)
    assert found_name == name
    assert (found_unit.printed if found_unit else None) == unit


@pytest.mark.parametrize(
    ("printed", "unit", "base"),
    [
        ("‰", "per_mille", 1000),
        ("проміле", "per_mille", 1000),
        ("на 1000 наявного населення", "per_mille", 1000),
        ("на 1 000 населення", "per_mille", 1000),
        ("на 1000 живонароджених", "per_mille", 1000),
        ("‰ (на 1000 наявного населення)", "per_mille", 1000),
        ("на 10 000 населення", "per_10000", 10_000),
        ("на 10000 осіб", "per_10000", 10_000),
        ("на 100 000 населення", "per_100000", 100_000),
        ("на 100 тис. населення", "per_100000", 100_000),
    ],
)
def test_a_rate_is_a_unit_with_its_base_recorded(printed: str, unit: str, base: int) -> None:
    parsed = parse_unit(printed)
    assert parsed is not None and parsed.known
    assert (parsed.unit, parsed.factor, parsed.rate_base) == (unit, 1, base)


def test_a_unit_that_is_no_rate_has_no_base() -> None:
    parsed = parse_unit("тис. осіб")
    assert parsed is not None and parsed.rate_base is None


def test_a_unit_explained_in_parentheses_by_another_unit_is_unknown() -> None:
    parsed = parse_unit("‰ (тис. осіб)")
    assert parsed is not None and not parsed.known


def test_a_rate_printed_after_the_name_twice_is_split_off_both_times() -> None:
    name, unit = split_unit_suffix("Коефіцієнт природного приросту, ‰ (на 1000 наявного населення)")
    assert name == "Коефіцієнт природного приросту"
    assert unit is not None and (unit.unit, unit.rate_base) == ("per_mille", 1000)
