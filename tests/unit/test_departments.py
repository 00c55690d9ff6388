"""Responsible bodies: matching key, cell splitting, and the alias seed against the real report."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from orchestration.ingest.departments import (
    ALIASES_CSV,
    KIND_WORDS_CSV,
    body_kind,
    load_aliases,
    looks_like_bodies,
    normalize_name,
    resolve,
    split_responsible,
)

ROOT = Path(__file__).resolve().parents[2]
DEPARTMENTS_CSV = ROOT / "dbt_project" / "seeds" / "departments.csv"
REPORT_2023 = ROOT / "sources" / "reports" / "zhytomyr" / "zhytomyr_concept_2030_report_2023.txt"
KINDS = {
    "департамент",
    "управління",
    "служба",
    "центр",
    "комунальне підприємство",
    "комунальна установа",
    "виконавчі органи",
}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# normalize_name


def test_a_combining_stress_accent_is_removed() -> None:
    assert normalize_name("роздрібно\u0301ї") == "роздрібної"


def test_short_i_and_yi_survive_normalization_in_both_composed_and_decomposed_form() -> None:
    composed = "Житомирський сім'ї"
    decomposed = "Житомирськии\u0306 сім'і\u0308"
    assert normalize_name(composed) == "житомирський сім'ї"
    assert normalize_name(decomposed) == "житомирський сім'ї"


def test_a_latin_a_inside_a_cyrillic_word_matches_the_cyrillic_word() -> None:
    assert normalize_name("Упрaвління") == normalize_name("управління") == "управління"


def test_latin_capitals_and_latin_i_with_diaeresis_inside_cyrillic_words_are_replaced() -> None:
    assert normalize_name("ДEПAPTAMEHT освіти") == "департамент освіти"
    assert normalize_name("сім'\u00ef") == "сім'ї"


def test_a_latin_word_and_a_word_mixing_two_languages_keep_their_latin_letters() -> None:
    assert normalize_name("Export Promotion Office") == "export promotion office"
    assert normalize_name("фандрейзingu") == "фандрейзingu"


def test_apostrophes_and_quotes_are_unified() -> None:
    assert normalize_name("охорони здоров’я") == normalize_name("охорони здоров`я")
    assert normalize_name("охорони здоровʼя") == "охорони здоров'я"
    assert normalize_name("КП «Центр захисту тварин»") == 'кп "центр захисту тварин"'
    assert normalize_name("КП „Центр захисту тварин“") == 'кп "центр захисту тварин"'


def test_case_spaces_and_edge_punctuation_do_not_change_the_key() -> None:
    assert normalize_name("  Управління\u00a0 культури\n міської ради. ;") == (
        "управління культури міської ради"
    )


def test_normalizing_a_key_again_changes_nothing() -> None:
    key = normalize_name(" Управління у справах сім’ї, молоді та спорту МІСЬКОЇ РАДИ.")
    assert normalize_name(key) == key


# split_responsible


def test_an_empty_or_blank_cell_has_no_bodies() -> None:
    assert split_responsible("") == []
    assert split_responsible("  \n ") == []


def test_a_comma_before_a_new_body_kind_separates_two_bodies() -> None:
    cell = "Департамент освіти міської ради, управління культури міської ради."
    assert split_responsible(cell) == [
        "Департамент освіти міської ради",
        "управління культури міської ради",
    ]


def test_a_comma_inside_a_family_youth_and_sports_name_does_not_split_it() -> None:
    cell = "Управління культури, управління у справах сім'ї, молоді та спорту міської ради"
    assert split_responsible(cell) == [
        "Управління культури",
        "управління у справах сім'ї, молоді та спорту міської ради",
    ]


def test_a_comma_inside_a_family_children_and_youth_name_does_not_split_it() -> None:
    cell = "Управління у справах сім'ї, дітей та молоді, служба (управління) у справах дітей"
    assert split_responsible(cell) == [
        "Управління у справах сім'ї, дітей та молоді",
        "служба (управління) у справах дітей",
    ]


def test_commas_inside_quotes_or_parentheses_never_split() -> None:
    assert split_responsible('КП "Центр, управління тварин", департамент освіти') == [
        'КП "Центр, управління тварин"',
        "департамент освіти",
    ]
    assert split_responsible("Служба (управління, центр) у справах дітей") == [
        "Служба (управління, центр) у справах дітей",
    ]


def test_an_unclosed_quote_does_not_swallow_the_bodies_after_it() -> None:
    assert split_responsible('КП "Центр захисту тварин, управління культури') == [
        'КП "Центр захисту тварин',
        "управління культури",
    ]


def test_abbreviated_legal_forms_and_the_executive_bodies_open_a_new_body() -> None:
    cell = (
        'Управління комунального господарства, КП "Інспекція з благоустрою м.Житомира", '
        'КУ "Агенція розвитку міста", Житомирський міський центр соціальних служб, '
        "виконавчі органи міської ради"
    )
    assert len(split_responsible(cell)) == 5


def test_a_word_that_only_begins_like_a_body_kind_does_not_open_a_body() -> None:
    assert body_kind("Управлінням культури проведено") is None
    assert body_kind("Центри освіти дорослих") is None
    assert body_kind("Кпі") is None
    assert body_kind("служба (управління) у справах дітей") == "служба"
    assert body_kind("Житомирський міський центр соціальних служб") == "центр"


def test_a_body_printed_on_its_own_paragraph_is_split_like_after_a_comma() -> None:
    assert split_responsible("Департамент освіти міської ради\nуправління культури") == [
        "Департамент освіти міської ради",
        "управління культури",
    ]


# looks_like_bodies


def test_a_responsible_cell_looks_like_bodies_but_project_names_and_sentences_do_not() -> None:
    assert looks_like_bodies("Управління житлового господарства міської ради")
    assert looks_like_bodies("Управління ремонту доріг міської ради")  # unknown yet plausible
    assert not looks_like_bodies("Центр безхатченків 2019-2023 роки")
    assert not looks_like_bodies("Департаментом освіти міської ради ведеться робота")
    assert not looks_like_bodies(
        "Для збору твердих побутових відходів встановлено 2240 контейнерів"
    )
    assert not looks_like_bodies("")


# seeds


def test_every_alias_key_is_stored_normalized() -> None:
    for row in _rows(ALIASES_CSV):
        assert row["alias_key"] == normalize_name(row["alias_key"]), row


def test_every_alias_names_a_department_in_the_departments_seed() -> None:
    codes = {row["department_code"] for row in _rows(DEPARTMENTS_CSV)}
    assert {row["department_code"] for row in _rows(ALIASES_CSV)} <= codes


def test_no_alias_key_is_listed_twice() -> None:
    keys = [row["alias_key"] for row in _rows(ALIASES_CSV)]
    assert len(keys) == len(set(keys))


def test_every_canonical_name_resolves_to_its_own_department() -> None:
    aliases = load_aliases()
    for row in _rows(DEPARTMENTS_CSV):
        assert aliases.get(normalize_name(row["department_name"])) == row["department_code"]


def test_department_codes_are_unique_ascii_slugs_and_kinds_come_from_the_known_list() -> None:
    rows = _rows(DEPARTMENTS_CSV)
    codes = [row["department_code"] for row in rows]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", code) for code in codes)
    assert {row["department_kind"] for row in rows} <= KINDS
    assert all(row["department_name_en"].strip() for row in rows)


def test_every_kind_word_is_normalized_and_names_a_known_kind() -> None:
    for row in _rows(KIND_WORDS_CSV):
        assert row["leading_words"] == normalize_name(row["leading_words"]), row
        assert row["department_kind"] in KINDS, row


def test_variant_names_resolve_to_the_same_department() -> None:
    assert resolve("Управління сім'ї, молоді та спорту") == "family_youth_sports"
    assert resolve("Управління у справах сім’ї, молоді та спорту міської ради.") == (
        "family_youth_sports"
    )
    for name in (
        "Департамент містобудування та земельних ресурсів",
        "Управління містобудування та земельних відносин міської ради",
        "Департамент містобудування та архітектури міської ради",
    ):
        assert resolve(name) == "urban_planning", name
    assert resolve("Упрaвління культури") == "culture"  # Latin 'a'
    assert resolve("Управління невідомих справ") is None


# the real report


def _cleaned(cell: str) -> str:
    return re.sub(r"</?p>", "\n", cell).strip()


def _responsible_cells(path: Path) -> list[tuple[int, str]]:
    """(line, cell) for each row that names bodies, with the row realigned.

    The usual place is the 4th of 5 fields; rows with 4 fields, and one 5-field
    row whose cells slid one place left, carry it elsewhere — the rightmost
    cell before the implementation text that looks like bodies.
    """
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        fields = line.split("\t")
        if len(fields) < 4 or fields[0].strip().startswith("№"):
            continue
        cells = [_cleaned(cell) for cell in fields]
        candidates = cells[:4] if len(fields) == 5 else cells[:3]
        for cell in reversed(candidates):
            if cell and looks_like_bodies(cell):
                found.append((number, cell))
                break
    return found


def test_every_body_in_the_2023_report_resolves_to_a_canonical_department() -> None:
    cells = _responsible_cells(REPORT_2023)
    assert len(cells) >= 200
    unresolved = [
        (number, body)
        for number, cell in cells
        for body in split_responsible(cell)
        if resolve(body) is None
    ]
    assert unresolved == []


def test_only_the_one_shifted_row_of_the_2023_report_keeps_its_bodies_off_column_four() -> None:
    taken = dict(_responsible_cells(REPORT_2023))
    off_column_four = []
    for number, line in enumerate(REPORT_2023.read_text(encoding="utf-8").splitlines(), 1):
        fields = line.split("\t")
        fourth = fields[3].strip() if len(fields) == 5 else ""
        is_header = fields[0].startswith("№")
        if fourth not in ("", "---") and not is_header and _cleaned(fourth) != taken.get(number):
            off_column_four.append(number)
    assert off_column_four == [296]


def test_the_2023_report_names_between_20_and_25_distinct_departments() -> None:
    codes = {
        resolve(body)
        for _, cell in _responsible_cells(REPORT_2023)
        for body in split_responsible(cell)
    }
    assert 20 <= len(codes) <= 25


def test_the_shifted_rows_of_the_2023_report_yield_their_bodies() -> None:
    cells = dict(_responsible_cells(REPORT_2023))
    assert split_responsible(cells[296]) == ["Управління житлового господарства міської ради"]
    assert len(split_responsible(cells[326])) == 4
    assert resolve(split_responsible(cells[326])[1]) == "transport_communications"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (359, 5),  # "…у справах сім'ї, дітей та молоді…, служба (управління)…"
        (367, 4),
        (360, 0),
    ],
)
def test_multi_body_cells_of_the_2023_report_split_into_the_printed_bodies(
    line: int, expected: int
) -> None:
    cells = dict(_responsible_cells(REPORT_2023))
    assert len(split_responsible(cells.get(line, ""))) == expected
