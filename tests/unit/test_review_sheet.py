"""Spreadsheet cells of the status review: values stay text, never formulas."""

from __future__ import annotations

import pytest

from orchestration.review import spreadsheet_text


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+380 44", "'+380 44"),
        ("-5 млн грн", "'-5 млн грн"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Функціонує", "Функціонує"),
        (None, ""),
        (2023, "2023"),
    ],
)
def test_a_value_a_spreadsheet_would_evaluate_is_written_as_text(value, cell) -> None:
    assert spreadsheet_text(value) == cell
