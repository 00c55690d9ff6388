"""The report parser, one structural case per test, on small committed fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.ingest.documents import decode_text
from orchestration.ingest.errors import ReportFormatError
from orchestration.ingest.records import LineKind, ParsedReport
from orchestration.ingest.report_text import parse_report_text, realign
from orchestration.ingest.reports import default_body_rules

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
HEADER = (
    "№ з/п\tОпис завдання відповідно до Концепції\tПроєкт\t"
    "Виконавчий орган міської ради - відповідальний за надання інформації\t"
    "Інформація про виконання за 2023 рік"
)
TITLE = '**Інформація про виконання завдань та реалізацію проєктів пріоритету "Ефективне місто"**'


def parse_fixture(name: str) -> ParsedReport:
    text, _ = decode_text((FIXTURES / name).read_bytes(), name)
    return parse_report_text(text, name, default_body_rules())


def parse_lines(*lines: str) -> ParsedReport:
    return parse_report_text("\n".join(lines) + "\n", "inline.txt", default_body_rules())


def test_goal_headings_are_read_in_all_three_printed_forms() -> None:
    report = parse_fixture("goal_heading_forms.txt")
    goals = {(e.goal_ordinal, e.goal_number_printed, e.goal_title) for e in report.entries}
    assert goals == {
        (1, "1", "Формування сприятливого інвести"),  # truncated in the source: kept as printed
        (2, "2", "Малий та середній бізнес"),
        (3, "3", "Просування економічного потенціалу міста"),
    }
    assert report.line_kind_counts()["goal_title"] == 2


def test_a_four_field_row_is_realigned_by_its_responsible_body_cell() -> None:
    report = parse_fixture("four_field_rows_shifted.txt")
    by_line = {e.line_start: e for e in report.entries}
    second = by_line[9]
    assert second.project is not None and second.project.name == "Проєкт другий"
    assert [b.name_printed for b in second.responsible_bodies] == [
        "Департамент освіти міської ради"
    ]
    assert second.implementation_text == "Текст другого"


def test_a_continuation_row_with_four_fields_extends_the_previous_entry() -> None:
    report = parse_fixture("four_field_rows_shifted.txt")
    first = report.entries[0]
    assert first.implementation_text == "Текст першого\nПродовження першого"
    assert (first.line_start, first.line_end) == (7, 8)


def test_a_five_field_row_shifted_left_puts_its_task_back_in_the_task_column() -> None:
    report = parse_fixture("four_field_rows_shifted.txt")
    third = next(e for e in report.entries if e.project and e.project.name == "Проєкт третій")
    assert third.task_number_printed == "1.3."
    assert third.task_description == "Завдання в колонці номера"
    assert [b.name_printed for b in third.responsible_bodies] == [
        "Управління житлового господарства міської ради"
    ]
    assert third.implementation_text == "Текст третього"


def test_a_four_field_row_with_its_task_in_the_number_column_opens_a_task() -> None:
    report = parse_fixture("four_field_rows_shifted.txt")
    last = report.entries[-1]
    assert (last.task_number_printed, last.task_description) == (
        "3.2.",
        "Завдання без номера і проєкту",
    )
    assert last.project is None


def test_a_task_number_printed_in_the_task_text_wins_over_the_number_column() -> None:
    report = parse_fixture("task_number_inside_task_text.txt")
    tasks = [(e.task_number_printed, e.task_description) for e in report.entries]
    assert tasks == [
        ("2.1.", "Організація екологічного виховання"),
        ("2.2.", "Впровадження екологічної просвіти"),
    ]


def test_a_task_with_an_empty_number_cell_is_a_new_task_without_a_number() -> None:
    report = parse_fixture("empty_number_cell_and_other_bodies.txt")
    tasks = {(e.task_ordinal, e.task_number_printed) for e in report.entries}
    assert tasks == {(1, "1"), (2, None), (3, "2")}


def test_a_row_with_only_another_body_is_a_new_entry_of_the_same_task() -> None:
    report = parse_fixture("empty_number_cell_and_other_bodies.txt")
    first_task = [e for e in report.entries if e.task_ordinal == 1]
    assert len(first_task) == 2
    assert (
        first_task[1].responsible_bodies[0].name_printed
        == "Управління охорони здоров'я міської ради"
    )
    assert first_task[1].implementation_text == "Текст управління"


def test_a_task_without_a_responsible_body_keeps_its_text_and_no_body() -> None:
    report = parse_fixture("empty_number_cell_and_other_bodies.txt")
    last = report.entries[-1]
    assert last.responsible_bodies == () and last.responsible_printed is None
    assert last.implementation_text == "Текст без відповідального"


def test_blank_lines_and_separator_rows_inside_a_table_end_nothing() -> None:
    report = parse_fixture("continuation_rows_page_breaks_and_separators.txt")
    first, second = report.entries
    assert first.implementation_text == (
        "Перший абзац\nДругий абзац\n2. Продовження після розриву сторінки"
    )
    assert (first.line_start, first.line_end) == (7, 9)
    assert second.project is not None and second.project.name == "Наступний проєкт"
    counts = report.line_kind_counts()
    assert counts["separator"] == 1 and counts["continuation"] == 1


def test_html_paragraphs_become_newlines_and_tags_disappear() -> None:
    report = parse_fixture("continuation_rows_page_breaks_and_separators.txt")
    assert "<p>" not in report.entries[0].implementation_text
    assert "Перший абзац\nДругий абзац" in report.entries[0].implementation_text


def test_a_goal_number_printed_twice_keeps_the_printed_number_and_orders_by_appearance() -> None:
    report = parse_fixture("goal_number_printed_twice.txt")
    goals = [(e.goal_ordinal, e.goal_number_printed) for e in report.entries]
    assert goals == [(1, "3"), (2, "3")]


def test_several_bodies_in_one_cell_split_without_breaking_a_name_with_a_comma() -> None:
    report = parse_fixture("several_bodies_in_one_cell.txt")
    assert [b.name_printed for b in report.entries[0].responsible_bodies] == [
        "Департамент освіти міської ради",
        "управління у справах сім'ї, молоді та спорту міської ради",
        'КП "Інспекція з благоустрою м.Житомира"',
        "управління культури міської ради",
    ]


def test_accents_and_latin_lookalikes_stay_as_printed_but_do_not_break_matching() -> None:
    report = parse_fixture("combining_accents_and_latin_lookalikes.txt")
    entry = report.entries[0]
    assert "\u0301" in entry.task_description  # kept as printed
    body = entry.responsible_bodies[0]
    assert "a" in body.name_printed  # the Latin letter is still there as printed
    assert body.name_key == "управління культури міської ради"


def test_the_last_line_without_a_trailing_newline_is_read() -> None:
    report = parse_fixture("last_line_without_newline.txt")
    assert report.entries[-1].implementation_text == "Останній рядок без переводу рядка"
    assert len(report.lines) == 7


def test_every_line_of_every_fixture_gets_exactly_one_kind() -> None:
    for path in sorted(FIXTURES.glob("*.txt")):
        report = parse_fixture(path.name)
        text = path.read_text(encoding="utf-8")
        expected = text.count("\n") + (0 if text.endswith("\n") else 1)
        assert len(report.lines) == expected, path.name
        assert sum(report.line_kind_counts().values()) == expected, path.name


def test_crlf_line_endings_give_the_same_entries_as_lf() -> None:
    raw = (FIXTURES / "four_field_rows_shifted.txt").read_bytes()
    lf, _ = decode_text(raw, "lf")
    crlf, _ = decode_text(raw.replace(b"\n", b"\r\n"), "crlf")
    rules = default_body_rules()
    assert parse_report_text(lf, "a", rules).entries == parse_report_text(crlf, "a", rules).entries


def test_realign_leaves_a_regular_five_field_row_alone() -> None:
    cells = ["1", "Завдання", "Проєкт", "Департамент освіти міської ради", "Текст"]
    assert realign(cells, default_body_rules()) == cells


def test_a_text_row_before_any_task_is_an_error_naming_the_line() -> None:
    with pytest.raises(ReportFormatError) as error:
        parse_lines(TITLE, HEADER, "Стратегічна ціль 1**Ціль**", "\t\t\t\tТекст нічий")
    assert error.value.line_number == 4
    assert "inline.txt:4" in str(error.value)


def test_a_stray_line_outside_the_table_is_an_error_not_a_silent_drop() -> None:
    with pytest.raises(ReportFormatError) as error:
        parse_lines(
            TITLE,
            HEADER,
            "Стратегічна ціль 1**Ціль**",
            "1\tЗавдання\t\tДепартамент освіти міської ради\tТекст",
            "Якийсь абзац поза таблицею",
        )
    assert error.value.line_number == 5


def test_table_headers_that_state_different_years_are_an_error() -> None:
    with pytest.raises(ReportFormatError, match="states 2022"):
        parse_lines(
            TITLE,
            HEADER,
            "Стратегічна ціль 1**Ціль**",
            "1\tЗавдання\t\tДепартамент освіти міської ради\tТекст",
            TITLE,
            HEADER.replace("2023", "2022"),
        )


def test_a_report_without_a_table_header_is_an_error() -> None:
    with pytest.raises(ReportFormatError, match="Інформація про виконання за"):
        parse_lines(TITLE, "Стратегічна ціль 1**Ціль**")


def test_line_kinds_cover_every_kind_name() -> None:
    report = parse_fixture("goal_heading_forms.txt")
    assert set(report.line_kind_counts()) == {kind.value for kind in LineKind}


def test_each_entry_line_records_where_its_implementation_text_starts() -> None:
    report = parse_fixture("four_field_rows_shifted.txt")
    for line in report.lines:
        if line.kind in (LineKind.ENTRY, LineKind.CONTINUATION):
            assert line.text_start is not None
            text = line.text[line.text_start :].split("\t")[0]
            assert text.startswith("Текст") or text.startswith("Продовження"), line
        else:
            assert line.text_start is None
