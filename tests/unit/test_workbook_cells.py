"""How one value becomes one workbook cell, and how views become sheet names."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook

from orchestration.workbook import EDITION_SHEET, SHEET_NAME_LIMIT, _cell, sheet_names


def test_sheet_names_follow_the_views_within_excels_limits_and_never_repeat() -> None:
    long = "project_status_by_department_and_priority_and_year"
    names = sheet_names(["project_status", long, long[:40], "Edition", "a/b"])
    assert names[0] == "project_status"
    assert all(len(n) <= SHEET_NAME_LIMIT for n in names)
    assert len({n.casefold() for n in names} | {EDITION_SHEET}) == len(names) + 1
    assert names[4] == "a_b"


def test_values_keep_their_kind_through_a_saved_workbook(tmp_path: Path) -> None:
    kyiv = timezone(timedelta(hours=2))
    values = [
        3021,
        7.6923076923076925,
        Decimal("12.50"),
        True,
        date(2024, 3, 31),
        datetime(2024, 3, 1, 6, 0, tzinfo=kyiv),
        float("nan"),
        ["Департамент освіти", None, "=1+1"],
        "=SUM(A1:A2)",
        None,
    ]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("t")
    sheet.append([_cell(sheet, v) for v in values])
    book.save(tmp_path / "t.xlsx")
    (row,) = load_workbook(tmp_path / "t.xlsx")["t"].iter_rows()
    got = [c.value for c in row] + [None] * (len(values) - len(row))
    assert got[0] == 3021 and row[0].data_type == "n"
    assert abs(got[1] - values[1]) < 1e-15 * values[1]
    assert got[2] == 12.5
    assert got[3] is True
    assert got[4] == datetime(2024, 3, 31) and row[4].number_format == "yyyy-mm-dd"
    assert got[5] == datetime(2024, 3, 1, 4, 0)  # UTC: Excel has no time zones
    assert datetime(2024, 3, 1, 4, tzinfo=UTC) == values[5]
    assert got[6] == "nan" and row[6].data_type == "s"
    assert got[7] == "Департамент освіти; ; =1+1" and row[7].data_type == "s"
    assert got[8] == "=SUM(A1:A2)" and row[8].data_type == "s"
    assert got[9] is None
