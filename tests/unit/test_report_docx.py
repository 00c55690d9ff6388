"""A Word report read as the lines its text export has: rows, merged cells, empty rows."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from orchestration.ingest.errors import SourceError
from orchestration.ingest.report_docx import docx_lines, docx_text


def _saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _continue_vertical_merge(cell) -> None:
    """Mark a cell as continuing the vertical merge of the cell above, as Word stores it."""
    properties = cell._tc.get_or_add_tcPr()
    merge = OxmlElement("w:vMerge")
    properties.append(merge)  # no w:val: "continue"


def _document() -> Document:
    document = Document()
    document.add_paragraph("**Інформація про виконання завдань пріоритету")
    table = document.add_table(rows=0, cols=5)
    row = table.add_row().cells
    for cell, text in zip(
        row, ["1", "Завдання", "Проєкт", "Департамент", "Зроблено."], strict=True
    ):
        cell.text = text
    table.add_row()  # an empty row: a page break in the text export
    merged = table.add_row().cells
    merged[0].merge(merged[4]).text = "Стратегічна ціль 2"
    split = table.add_row().cells
    split[0].text = ""
    split[3].merge(split[4]).text = "Четверте поле"
    continued = table.add_row().cells
    continued[4].text = "Перший абзац"
    continued[4].add_paragraph("Другий\tабзац")
    _continue_vertical_merge(continued[0])
    document.add_paragraph("Після таблиці")
    document.add_paragraph("")  # Word ends every document with an empty paragraph
    return document


def test_each_paragraph_and_table_row_of_the_body_is_one_line_in_document_order() -> None:
    lines = docx_lines(_saved(_document()), "r.docx")
    assert lines[0] == "**Інформація про виконання завдань пріоритету"
    assert lines[1] == "1\tЗавдання\tПроєкт\tДепартамент\tЗроблено."
    assert lines[-1] == "Після таблиці"
    assert len(lines) == 7


def test_an_empty_table_row_is_an_empty_line() -> None:
    assert docx_lines(_saved(_document()), "r.docx")[2] == ""


def test_a_cell_merged_across_columns_is_one_cell_as_the_text_export_prints_it() -> None:
    lines = docx_lines(_saved(_document()), "r.docx")
    assert lines[3] == "Стратегічна ціль 2"
    assert lines[4] == "\t\t\tЧетверте поле"  # four cells: the last spans two columns


def test_a_continued_vertical_merge_is_empty_and_paragraphs_of_a_cell_are_joined_by_br() -> None:
    lines = docx_lines(_saved(_document()), "r.docx")
    assert lines[5] == "\t\t\t\tПерший абзац<br>Другий абзац"


def test_the_text_ends_with_a_newline_after_the_last_non_empty_line() -> None:
    text = docx_text(_saved(_document()), "r.docx")
    assert text.endswith("Після таблиці\n")


def test_a_pdf_renamed_docx_is_refused_with_what_it_is() -> None:
    with pytest.raises(SourceError, match="a PDF file renamed"):
        docx_lines(b"%PDF-1.7\n...", "report.docx")


def test_a_damaged_docx_is_refused() -> None:
    with pytest.raises(SourceError, match="not a readable Word document"):
        docx_lines(b"PK\x03\x04not really a zip", "report.docx")


def test_an_empty_document_is_refused() -> None:
    with pytest.raises(SourceError, match="the document is empty"):
        docx_lines(_saved(Document()), "report.docx")


def test_the_vertical_merge_marker_is_what_word_writes() -> None:
    document = _document()
    markers = document.element.body.findall(".//" + qn("w:vMerge"))
    assert len(markers) == 1 and markers[0].get(qn("w:val")) is None


def test_a_docx_report_is_discovered_and_the_lock_file_word_keeps_beside_it_is_not(
    tmp_path,
) -> None:
    from orchestration.ingest.documents import discover_reports

    folder = tmp_path / "reports" / "zhytomyr"
    folder.mkdir(parents=True)
    (folder / "report_2023.docx").write_bytes(_saved(_document()))
    (folder / "~$report_2023.docx").write_bytes(b"lock")
    (folder / "notes.pdf").write_bytes(b"%PDF")
    found = discover_reports(tmp_path)
    assert [d.relative_path for d in found] == ["sources/reports/zhytomyr/report_2023.docx"]
