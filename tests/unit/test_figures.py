"""Figures in implementation texts: values, units, qualifiers, what is not a figure, and
the character span that reproduces each figure's raw text in its source line."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from orchestration.ingest.documents import discover_reports
from orchestration.ingest.figures import (
    LineFigure,
    find_figures,
    load_rules,
    report_figures,
    rules_from_rows,
    sentence_key,
)
from orchestration.ingest.records import Figure, ParsedReport
from orchestration.ingest.reports import read_report

SOURCES = Path(__file__).resolve().parents[2] / "sources"
LABELS = Path(__file__).resolve().parents[1] / "fixtures" / "labels" / "figures_2023_sample.csv"
ROW = "1\tЗавдання\tПроєкт\tДепартамент економічного розвитку міської ради\t"


def figures(text: str) -> list[LineFigure]:
    """The figures of `text` as the implementation cell of a report row."""
    line = ROW + text
    found = find_figures(line, len(ROW))
    for figure in found:
        assert line[figure.char_start : figure.char_end] == figure.raw_text
    return found


def one(text: str) -> LineFigure:
    found = figures(text)
    assert len(found) == 1, [f.raw_text for f in found]
    return found[0]


def summary(text: str) -> list[tuple[str, float, str, str]]:
    return [(f.raw_text, f.value, f.unit, f.qualifier) for f in figures(text)]


# -- values -------------------------------------------------------------------------


def test_a_decimal_comma_is_read_as_the_decimal_point() -> None:
    figure = one("Рівень виконання робіт становив 40,0%.")
    assert (figure.raw_text, figure.value, figure.unit) == ("40,0%", 40.0, "percent")


def test_a_percent_sign_after_a_space_is_still_the_unit() -> None:
    assert one("становив 76,0 % від плану").unit == "percent"


def test_spaces_and_non_breaking_spaces_group_thousands() -> None:
    assert one("Загальна сума відшкодування 1 479,80 тис. грн.").value == 1_479_800
    assert one("Загальна сума 1\u00a0479,80 тис. грн").value == 1_479_800
    assert one("встановлено 16\u202f257 світлоточок").value == 16_257


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("у розмірі 25,0 тис. грн отримали", 25_000),
        ("виділено 6,2 млн грн ОСББ", 6_200_000),
        ("передбачено 1,2 млрд грн на", 1_200_000_000),
        ("отримано 100,0 тис. євро", 100_000),
        ("залучено 3 тисячі гривень", 3_000),
    ],
)
def test_thousands_millions_and_billions_multiply_the_value(text: str, value: float) -> None:
    assert one(text).value == pytest.approx(value)


def test_a_mixed_million_and_thousand_form_adds_up() -> None:
    figure = one("отримали на розвиток власної справи 1 млн. 250 тис. гривень та створили")
    assert (figure.raw_text, figure.value, figure.unit) == (
        "1 млн. 250 тис. гривень",
        1_250_000,
        "UAH",
    )


# -- units --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "raw", "value", "unit"),
    [
        ("розчищено 220,8 тис. м ² прибережних смуг", "220,8 тис. м ²", 220_800, "m2"),
        ("площею 646,5 кв. м, площа", "646,5 кв. м", 646.5, "m2"),
        ("площа садочку - 955,5 кв.м", "955,5 кв.м", 955.5, "m2"),
        ("ремонт 21,2 тис. м. кв. асфальтобетонного покриття", "21,2 тис. м. кв.", 21_200, "m2"),
        ("висаджено 5561 м кв. газонів", "5561 м кв.", 5561, "m2"),
        ("захоронено 5,4 тис. куб. м сміття", "5,4 тис. куб. м", 5_400, "m3"),
        ("викошено 147,0 га газонів", "147,0 га", 147, "ha"),
        ("протяжністю 5,2 км.", "5,2 км", 5.2, "km"),
        ("Замінено 800 м каналізаційних трубопроводів", "800 м", 800, "m"),
        ("підстрижено 1790 пог. м кущів", "1790 пог. м", 1790, "m"),
        ("потужністю 48 кВт, потужність", "48 кВт", 48, "kW"),
        ("гранту до 3000 євро та", "до 3000 євро", 3000, "EUR"),
    ],
)
def test_measure_units_are_normalized(text: str, raw: str, value: float, unit: str) -> None:
    figure = one(text)
    assert (figure.raw_text, figure.value, figure.unit) == (raw, pytest.approx(value), unit)


@pytest.mark.parametrize(
    ("text", "raw", "unit"),
    [
        ("Проведено 13 семінарів з орієнтації", "13 семінарів", "семінар"),
        ("функціонує 20 підліткових клубів за місцем", "20 підліткових клубів", "клуб"),
        (
            "надається 81 адміністративна послуга відповідно",
            "81 адміністративна послуга",
            "послуга",
        ),
        ("у 53 багатоквартирних будинках", "53 багатоквартирних будинках", "будинок"),
        ("Стерилізовано 853 кішки", "853 кішки", "кішка"),
        ("створено 12 бібліотек-філій", "12 бібліотек-філій", "бібліотека-філія"),
        ("потреби у 15 соціальних та адміністративних послугах", None, "послуга"),
    ],
)
def test_a_count_takes_the_lemma_of_its_noun_past_adjectives(
    text: str, raw: str | None, unit: str
) -> None:
    figure = one(text)
    assert figure.unit == unit and figure.unit_kind == "count"
    assert raw is None or figure.raw_text == raw


@pytest.mark.parametrize(
    "text", ["за участі 88 безробітних осіб", "скористались 174 особи", "взяла 441 особа"]
)
def test_people_are_counted_as_persons(text: str) -> None:
    assert one(text).unit == "persons"


def test_adjectives_without_their_noun_share_the_next_figures_noun() -> None:
    found = summary("гуртків, 2 спортивних та 6 мистецьких шкіл.")
    assert [(v, u) for _, v, u, _ in found] == [(2, "школа"), (6, "школа")]


def test_a_list_of_dashes_after_a_count_keeps_counting_the_same_noun() -> None:
    found = summary("встановлено 58 камер відеоспостереження: в скверах – 38, на кладовищі – 13.")
    assert [(v, u) for _, v, u, _ in found] == [(58, "камера"), (38, "камера"), (13, "камера")]


def test_of_which_refers_to_the_sentences_first_count() -> None:
    found = summary("взяли участь 185 учнів з 25 закладів освіти, з яких 138 стали призерами.")
    assert [(v, u) for _, v, u, _ in found] == [(185, "учень"), (25, "заклад"), (138, "учень")]


def test_a_number_with_no_unit_or_noun_keeps_the_unit_number() -> None:
    figure = one("Забезпеченість лікарями залишилась на рівні і становила 4,8")
    assert (figure.value, figure.unit, figure.unit_kind) == (4.8, "number", "number")


# -- qualifiers and ranges ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "qualifier", "raw"),
    [
        ("забезпечено близько 6,0 тис. осіб", "approximate", "близько 6,0 тис. осіб"),
        ("роздано майже 7400 індивідуальних контейнерів", "approximate", None),
        ("Функціонує понад 30 спортивних клубів", "lower_bound", "понад 30 спортивних клубів"),
        ("Проведено більше 30 зустрічей", "lower_bound", "більше 30 зустрічей"),
        ("отримання гранту до 3000 євро", "upper_bound", "до 3000 євро"),
        ("частка зросла до 45%", "exact", "45%"),
        ("Проведено 13 семінарів", "exact", "13 семінарів"),
    ],
)
def test_the_qualifier_printed_before_a_number_is_kept(
    text: str, qualifier: str, raw: str | None
) -> None:
    figure = one(text)
    assert figure.qualifier == qualifier
    assert raw is None or figure.raw_text == raw


def test_a_range_from_to_keeps_both_bounds_and_its_lower_one_as_value() -> None:
    figure = one("на термін від 10 до 20 діб.")
    assert (figure.raw_text, figure.qualifier) == ("від 10 до 20 діб", "range")
    assert (figure.value, figure.value_low, figure.value_high, figure.unit) == (10, 10, 20, "доба")


def test_a_dashed_range_shares_its_multiplier_and_unit() -> None:
    figure = one("Потужність установки становитиме 50,0 - 60,0 тис. куб. м в рік.")
    assert (figure.value_low, figure.value_high, figure.unit) == (50_000, 60_000, "m3")
    assert figure.raw_text == "50,0 - 60,0 тис. куб. м"


# -- numbers written as words -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("створено два підрозділи", 2, "підрозділ"),
        ("Відбулось п'ять засідань робочої групи", 5, "засідання"),
        ("Відбулось п’ять засідань робочої групи", 5, "засідання"),
        ("створили три комісії: з питань", 3, "комісія"),
        ("Упродовж двох місяців студенти", 2, "місяць"),
        ("Вісім молодих людей отримали грант", 8, "persons"),
    ],
)
def test_numbers_written_as_words_are_figures_when_they_count_a_noun(
    text: str, value: float, unit: str
) -> None:
    figure = one(text)
    assert (figure.value, figure.unit, figure.written_as_words) == (value, unit, True)


def test_a_number_word_without_a_counted_noun_is_not_a_figure() -> None:
    assert figures("як один із інструментів; сім'ї, молоді та спорту") == []


# -- what is not a figure -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "У 2021 році розпочато будівництво мереж водовідведення.",
        "на Фестивалі інноваційних проєктів «Sikorsky Challenge 2023» отримали",
        "Програма буде реалізована у 2024 році.",
        "27 грудня 2023 року благодійний фонд підписав меморандум",
        "розпорядження міського голови від 08.05.2023 № 343",
        "Станом на 01.01.2024 року грантоотримувачі",
        "В закладах дошкільної освіти № 25, 39, 43, 65, 68, 70, 73 реалізовано",
        "на базі ліцеїв № 5, 14 та 16 побудувати",
        "Постанови КМУ від 14.07.2021 №725 «Про затвердження»",
        "по вул. Героїв Пожежних, 125; вул. Домбровського, 28; вул. Покровська, 159.",
        "садочка по пров. Червоному, 60. Виготовлено",
        "за адресою: м. Житомир, вул. Троянівська, 26а",
        "<p>2. Бізнес-школу для учасників</p>",
        "проведено такі заходи: 1. Конкурс бізнес-ідей",
        "очисних споруд каналізації на ОСК-2.",
        "вимоги ДБН В.2.2-40:2018 Інклюзивність будівель",
        "В рамках Програми «EU4Business: конкурентоспроможність»",
        "щодо динаміки грипу/ГРВІ та COVID-19 (підготовлено довідок)",
        "очисної станції холодної води НСВ- 2. Рівень",
        "програми на 2022-2026 роки включає",
        "Бізнес-платформа 2019 - 2023 роки",
        "на 2-му поверсі фронт-офісу",
        "«Український дім 21 століття» реалізовано",
        "представники роботодавців: 9 прикордонний загін ім. Січових Стрільців",
        "вікон у 25 гарнізонному будинку офіцерів",
        "для учнів 5-11 класів",
        "сімейної медицини на 10 тис. населення залишилась",
        "проєкту «Розвиток міської інфраструктури – 2», за фінансової підтримки",
        "акції «16 днів проти насильства», у форматі",
        "пристроїв (iProtect 1216, Wega-i, тепловізор тощо)",
        "на сайті https://misto.lun.ua/air/2023",
        "підрозділам 1 Державного пожежного рятувального загону",
    ],
)
def test_numbers_that_name_date_or_number_something_are_not_figures(text: str) -> None:
    assert figures(text) == []


IDENTIFYING_NUMBERS = [
    # school, lyceum, hospital and route numbers
    "Учень ліцею № 25 отримав Срібну медаль",
    "Учень ліцею №25 отримав медаль",
    "у ліцеї № 23 м. Житомира створено STEM-лабораторію",
    "ліцеїв № 5, 33, 34 м.Житомира",
    "бібліотек-філіалів № 1, 13, 16 під час канікул",
    "Нові стадіони біля ЗОШ № 16-ЗОШ № 28",
    "ЗОШ №16 та №28",
    "у ДНЗ № 30 облаштовано",
    "Лікарня № 2 ім. В. П. Павлусенка",
    "функціонує автобусний маршрут № 25 «Маликова-Саєнка/Вереси»",
    # codes, with or without their hyphen
    "підключені до котельні РК-10, РК-11 в м. Житомирі",
    "реконструкцію районної котельні РК-10 шляхом встановлення",
    "котельні РК 10 та РК 11",
    "очисних споруд на ОСК 2 завершено",
    # ordinals and rooms
    "на 2-му поверсі фронт-офісу",
    "на 3-му поверсі розміщено",
    "2-й поверх будівлі",
    "у кабінеті 205 прийнято",
    "учасники 2-го етапу конкурсу",
    # a number inside a proper name, quoted or not
    "Проведено плавання на відкритій воді «Кубок 3-х річок»",
    "проведено плавання Кубок 3-х річок зібрало учасників",
]


@pytest.mark.parametrize("text", IDENTIFYING_NUMBERS)
def test_numbers_that_identify_rather_than_count_are_not_figures(text: str) -> None:
    assert figures(text) == []


def test_the_counts_beside_a_name_that_holds_a_number_are_still_figures() -> None:
    found = figures("змагання Кубок 3-х річок (250 осіб), 3 турніри з плавання")
    assert [(f.raw_text, f.value, f.unit) for f in found] == [
        ("250 осіб", 250, "persons"),
        ("3 турніри", 3, "турнір"),
    ]


def test_a_count_after_a_code_in_capitals_is_still_a_figure() -> None:
    assert one("у ЦНАП 25 послуг надано").value == 25


def test_a_capitalised_word_opening_the_sentence_does_not_make_a_name() -> None:
    assert [f.raw_text for f in figures("Всього 5 об'єктів. Всього 7")] == ["5 об'єктів", "7"]


def test_a_year_followed_by_a_count_noun_is_a_figure() -> None:
    assert one("встановлено 2000 нових контейнерів").value == 2000


# -- lineage ------------------------------------------------------------------------


def test_offsets_are_raw_line_offsets_past_html_tags() -> None:
    line = ROW + "<p>Проведено 13 семінарів.</p> <p>Навчання пройшли 59 осіб</p>"
    found = find_figures(line, len(ROW))
    assert [line[f.char_start : f.char_end] for f in found] == ["13 семінарів", "59 осіб"]
    assert found[0].char_start == line.index("13 семінарів")


def test_an_entity_inside_a_number_stays_in_the_raw_text() -> None:
    line = ROW + "Участь взяли 1&nbsp;479 осіб &quot;разом&quot;."
    (figure,) = find_figures(line, len(ROW))
    assert figure.raw_text == "1&nbsp;479 осіб" == line[figure.char_start : figure.char_end]
    assert figure.value == 1479


def test_text_before_the_implementation_cell_is_never_read() -> None:
    line = (
        "1\tЗбудувати 5 шкіл\tШкола на 110 місць 2021-2023\tДепартамент освіти\tРобіт не розпочато"
    )
    assert find_figures(line, line.rindex("\t") + 1) == []


def test_each_figure_carries_its_sentence_and_its_place_in_it() -> None:
    found = figures(
        "<p>Проведено 13 семінарів за участі 88 осіб.</p> <p>Навчання пройшли 59 осіб.</p>"
    )
    assert [f.context_sentence for f in found] == [
        "Проведено 13 семінарів за участі 88 осіб.",
        "Проведено 13 семінарів за участі 88 осіб.",
        "Навчання пройшли 59 осіб.",
    ]
    assert [f.sentence_ordinal for f in found] == [1, 2, 1]


def test_a_sentence_does_not_end_at_an_abbreviation() -> None:
    (figure,) = figures("Центр у м. Житомирі отримав 25,0 тис. грн. Інше речення.")
    assert figure.context_sentence == "Центр у м. Житомирі отримав 25,0 тис. грн."


def test_a_sentence_does_not_end_inside_a_mixed_amount() -> None:
    (figure,) = figures("отримали 1 млн. 250 тис. гривень та створили. Далі інше.")
    assert figure.context_sentence == "отримали 1 млн. 250 тис. гривень та створили."
    assert figure.unit_printed == "тис. гривень"


def test_the_sentence_key_folds_case_quotes_spacing_and_the_old_spelling() -> None:
    assert sentence_key("Презентували свої  проєкти «Sikorsky».") == sentence_key(
        'презентували свої проекти "Sikorsky"'
    )


def test_random_lines_with_markup_always_reproduce_the_raw_text() -> None:
    """Property: whatever surrounds a figure, its span slices out its raw text."""
    pieces = [
        "Проведено", " 13 семінарів", " <p>", "</p> ", " &nbsp;", "&quot;", " 1 479,80 тис. грн",
        " близько 40 заходів", " від 10 до 20 діб", " № 25, 39", " 2023 року", " вул. Київська, 26",
        " два бювети", " 76,0 %", "\t", " 5,4 тис. куб. м", ". ", "«Кубок 3-х річок»", " 1.",
        " 220,8 тис. м ²", " понад 6,1 млн грн", " 12-14 років", "&#8211;", " 8,0 тис. м кв.",
    ]  # fmt: skip
    generator = random.Random(2023)
    rules = load_rules()
    for _ in range(2000):
        prefix = ROW[: generator.randrange(len(ROW) + 1)]
        line = prefix + "".join(generator.choice(pieces) for _ in range(generator.randrange(1, 12)))
        for figure in find_figures(line, len(prefix), rules):
            assert line[figure.char_start : figure.char_end] == figure.raw_text
            assert len(prefix) <= figure.char_start < figure.char_end <= len(line)


# -- the seeds ----------------------------------------------------------------------


def test_a_word_form_claimed_by_two_nouns_is_refused_with_the_seed_line() -> None:
    nouns = [
        {"lemma": "кіт", "unit": "кіт", "role": "count", "forms": "кіт коти котів"},
        {"lemma": "котик", "unit": "котик", "role": "count", "forms": "котик котів"},
    ]
    with pytest.raises(ValueError, match=r"figure_nouns.csv:3: the form 'котів'"):
        rules_from_rows([], nouns)


def test_every_seed_noun_form_is_lowercase_and_every_unit_row_has_a_role() -> None:
    rules = load_rules()
    assert all(form == form.lower() for form in rules.nouns)
    assert {rule.role for rule in rules.units} == {"unit", "multiplier"}
    assert all(rule.factor > 1 for rule in rules.units if rule.role == "multiplier")


# -- the embedded 2023 report -------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> tuple[ParsedReport, list[Figure]]:
    (document,) = discover_reports(SOURCES)
    parsed, _ = read_report(document)
    return parsed, report_figures(parsed)


def test_every_figure_of_the_seed_is_sliced_exactly_from_its_source_line(
    seed: tuple[ParsedReport, list[Figure]],
) -> None:
    parsed, found = seed
    lines = {line.line_number: line for line in parsed.lines}
    source = SOURCES / "reports" / "zhytomyr" / "zhytomyr_concept_2030_report_2023.txt"
    raw_lines = source.read_text(encoding="utf-8").split("\n")
    assert len(found) > 250
    for figure in found:
        line = lines[figure.line_number]
        assert raw_lines[figure.line_number - 1][figure.char_start : figure.char_end] == (
            figure.raw_text
        )
        assert line.text_start is not None and figure.char_start >= line.text_start
        assert line.entry_ordinal == figure.entry_ordinal


def test_the_seed_has_no_year_date_or_school_number_among_its_figures(
    seed: tuple[ParsedReport, list[Figure]],
) -> None:
    _, found = seed
    assert not [f.raw_text for f in found if f.raw_text.strip() in {"2021", "2022", "2023"}]
    assert not [f for f in found if "№" in f.raw_text or "." in f.raw_text.split()[0][-1:]]


def _sample() -> list[dict[str, str]]:
    with LABELS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_hand_checked_sample_holds_at_least_100_figures() -> None:
    assert len(_sample()) >= 100


def test_precision_on_the_hand_checked_sample_is_at_least_95_percent(
    seed: tuple[ParsedReport, list[Figure]],
) -> None:
    """Each labelled figure was checked by reading its sentence: value and unit."""
    _, found = seed
    by_place = {(f.line_number, f.char_start): f for f in found}
    sample = _sample()
    correct, wrong, missing = 0, [], []
    for row in sample:
        figure = by_place.get((int(row["line_number"]), int(row["char_start"])))
        if figure is None:
            missing.append(row)
            continue
        assert figure.raw_text == row["raw_text"], row
        right = (
            row["is_figure"] == "true"
            and figure.value == pytest.approx(float(row["value"]))
            and figure.unit == row["unit"]
        )
        if right:
            correct += 1
        else:
            wrong.append((row["raw_text"], figure.value, figure.unit, row["value"], row["unit"]))
    assert len(missing) <= len(sample) * 0.05, missing
    precision = correct / (correct + len(wrong))
    print(f"\nfigure precision on {correct + len(wrong)} hand-checked figures: {precision:.1%}")
    assert precision >= 0.95, wrong
