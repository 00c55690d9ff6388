"""The status review round trip on the published seed: `warehouse review export` writes the
queue to XLSX, a person fills it in (here: openpyxl), `warehouse review import` checks every
row and writes the reviews seed."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook
from seed_warehouse import Published, published_seed

from orchestration import review
from orchestration.cli import main

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    return published_seed(tmp_path_factory)


@pytest.fixture
def exported(published: Published, tmp_path: Path) -> Path:
    return review.export_review(published.settings, tmp_path / "review.xlsx").path


def _fill(path: Path, rows: dict[int, dict[str, object]]) -> Path:
    workbook = load_workbook(path)
    sheet = workbook[review.SHEET_TITLE]
    columns = {cell.value: cell.column for cell in sheet[1]}
    for row, values in rows.items():
        for name, value in values.items():
            sheet.cell(row=row, column=columns[name], value=value)
    filled = path.with_name("filled.xlsx")
    workbook.save(filled)
    return filled


def _cell(path: Path, row: int, name: str) -> object:
    sheet = load_workbook(path)[review.SHEET_TITLE]
    columns = {cell.value: cell.column for cell in sheet[1]}
    return sheet.cell(row=row, column=columns[name]).value


def test_the_export_lists_the_queue_with_a_status_drop_down_and_the_evidence(
    published: Published, exported: Path
) -> None:
    with duckdb.connect(str(published.settings.published_path), read_only=True) as con:
        queued = con.execute("select count(*) from bi.status_review_queue").fetchone()[0]
    sheet = load_workbook(exported)[review.SHEET_TITLE]
    assert [cell.value for cell in sheet[1]] == [name for name, _ in review.EXPORT_COLUMNS]
    assert sheet.max_row == queued + 1
    (choice,) = sheet.data_validations.dataValidation
    assert choice.type == "list"
    statuses = "completed,in_progress,ongoing,planned,not_started,suspended,unknown"
    assert choice.formula1 == f'"{statuses}"'
    assert str(choice.sqref) == f"F2:F{queued + 1}"
    rows = {
        sheet.cell(row=r, column=3).value: r for r in range(2, sheet.max_row + 1)
    }  # project_name -> row
    row = rows["Центр безхатченків"]
    assert _cell(exported, row, "queue_reason") == "generic_activity_verb"
    assert _cell(exported, row, "proposed_status") == "ongoing"
    assert _cell(exported, row, "status_evidence") == "Функціонує"
    assert "Функціонує" in _cell(exported, row, "implementation_text")
    assert _cell(exported, row, "status") is None  # for the reviewer to choose
    assert all(cell.data_type != "f" for line in sheet.iter_rows(min_row=2) for cell in line), (
        "no exported cell is a formula"
    )


def test_reviewed_rows_are_checked_and_written_to_the_reviews_seed(
    published: Published, exported: Path, tmp_path: Path
) -> None:
    filled = _fill(
        exported,
        {
            2: {"status": "unknown", "reason": "the text says nothing", "reviewed_by": "О. Коваль"},
            3: {
                "status": "completed",
                "reason": "the lab opened",
                "reviewed_by": "О. Коваль",
                "reviewed_on": "2024-03-04",
            },
        },
    )
    seed = tmp_path / "project_status_reviews.csv"
    seed.write_text(
        "report_year,project_key,project_name,status,reason,reviewed_by,reviewed_on\n"
        "2022,kept,Старий проєкт,planned,earlier,І. Ш.,2023-03-01\n",
        encoding="utf-8",
    )
    done = review.import_review(published.settings, filled, today=date(2024, 3, 5), seed=seed)
    assert (done.written, done.total) == (2, 3)
    rows = list(csv.DictReader(seed.open(encoding="utf-8")))
    assert rows[0]["project_key"] == "kept"
    first, second = rows[1:]
    assert first["project_key"] == _cell(exported, 2, "project_key")
    assert first["project_name"] == _cell(exported, 2, "project_name")
    assert (first["status"], first["reviewed_on"]) == ("unknown", "2024-03-05")
    assert (second["status"], second["reason"], second["reviewed_by"]) == (
        "completed",
        "the lab opened",
        "О. Коваль",
    )
    assert second["reviewed_on"] == "2024-03-04"
    # importing it again replaces the rows of the same project and year
    again = review.import_review(published.settings, filled, today=date(2024, 3, 6), seed=seed)
    assert again.total == 3


def test_a_bad_row_is_named_and_nothing_is_written(
    published: Published, exported: Path, tmp_path: Path
) -> None:
    filled = _fill(
        exported,
        {
            2: {"status": "finished", "reason": "r", "reviewed_by": "О. К."},
            3: {"status": "ongoing", "reviewed_by": "О. К."},
            4: {"status": "ongoing", "reason": "r"},
            5: {"status": "ongoing", "reason": "r", "reviewed_by": "О. К.", "project_key": "nope"},
            6: {"status": "ongoing", "reason": '=HYPERLINK("x")', "reviewed_by": "О. К."},
            7: {"reason": "forgot the status", "reviewed_by": "О. К."},
            8: {"status": "ongoing", "reason": "-1 lab, opened", "reviewed_by": "О. К."},
        },
    )
    seed = tmp_path / "project_status_reviews.csv"
    with pytest.raises(review.ReviewFileError) as failure:
        review.import_review(published.settings, filled, seed=seed)
    message = str(failure.value)
    assert "row 2: unknown status 'finished'" in message
    assert "row 3: no reason" in message
    assert "row 4: no reviewer" in message
    assert "row 5: unknown project 'nope' for 2023" in message
    assert "row 6: a formula in reason" in message
    assert "row 7: a reason or reviewer without a status" in message
    assert "row 8: the reason starts with '-'" in message
    assert not seed.exists()


def test_the_command_exports_and_refuses_a_bad_file_without_touching_the_seed(
    published: Published, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("WAREHOUSE_DIR", str(published.settings.warehouse_dir))
    target = tmp_path / "queue.xlsx"
    assert main(["review", "export", str(target), "--all"]) == 0
    sheet = load_workbook(target)[review.SHEET_TITLE]
    assert sheet.max_row == 180 + 1  # every project of 2023
    seed = review.reviews_path(published.settings)
    before = seed.read_bytes()
    bad = _fill(target, {2: {"status": "done"}})
    assert main(["review", "import", str(bad)]) == 1
    assert "row 2: unknown status 'done'" in capsys.readouterr().err
    assert seed.read_bytes() == before
