"""A Word document made from a report's text export, as the council's Word file is laid out.

Each line with tabs becomes a row of a five-column table (consecutive rows, one
table); a line of four fields becomes a row whose last cell spans two columns (a
merged cell); an empty line between two rows becomes an empty row; every other line
becomes a paragraph. Reading it back must give the text's lines exactly.
"""

from __future__ import annotations

import io

from docx import Document

COLUMNS = 5


def report_docx(text: str) -> bytes:
    document = Document()
    body = document.element.body
    for paragraph in body.findall("{*}p"):  # the template's empty first paragraph
        body.remove(paragraph)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()

    def is_row(index: int) -> bool:
        return 0 <= index < len(lines) and "\t" in lines[index]

    table = None
    for index, line in enumerate(lines):
        empty_row = not line.strip() and is_row(index - 1) and is_row(index + 1)
        if not is_row(index) and not empty_row:
            table = None
            document.add_paragraph(line)
            continue
        if table is None:
            table = document.add_table(rows=0, cols=COLUMNS)
        cells = table.add_row().cells
        fields = line.split("\t") if line.strip() else []
        if len(fields) == COLUMNS - 1:
            cells[COLUMNS - 2].merge(cells[COLUMNS - 1])
        if len(fields) > COLUMNS:
            fields = [*fields[: COLUMNS - 1], " ".join(fields[COLUMNS - 1 :])]
        for cell, field in zip(cells, fields, strict=False):
            cell.text = field
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
