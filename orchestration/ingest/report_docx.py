"""A report saved as a Word document (.docx), read as the lines its text export has.

The report parser (`report_text`) reads the council's table line by line, cells
separated by tabs. A .docx becomes exactly such text, so one parser decides
everything and a .docx and its text export give the same records:

- a *line* of a .docx is the n-th paragraph or table row of the document body, in
  document order; its line number is what `line_start`/`line_end` refer to;
- a table row is its cells joined by tabs, one cell per cell of the row as Word
  stores it: a cell merged across columns is one cell (as Word's text export prints
  it), a cell that continues a vertical merge is empty (its text belongs to the row
  where the merge starts);
- a row whose cells are all empty is an empty line, like a page break in the text;
- paragraphs inside a cell, and line breaks, are joined by `<br>`, which the parser
  reads as a paragraph end (a tab inside a cell becomes a space: it is not a column);
- trailing empty paragraphs (Word always ends a document with one) are not lines.

Content controls, text boxes, headers, footers and tables nested inside cells are
not read: the council's report has none.

The zip directory is checked and every part inflated in bounded chunks before
python-docx sees the file (`packaged.unpacked_copy`), and a line longer than the
limit is refused: a Word file cannot make the refresh hold more than the limits.
"""

from __future__ import annotations

import io

from orchestration.ingest.errors import SourceError
from orchestration.ingest.limits import DEFAULT_LIMITS, InputLimits, count_text, over_limit
from orchestration.ingest.packaged import unpacked_copy

ENCODING = "docx"  # what `report_documents.encoding` records for a Word document
_BREAK = "<br>"


def _cell_text(paragraphs: list[str]) -> str:
    text = _BREAK.join(paragraphs).replace("\n", _BREAK)
    return text.replace("\t", " ")


def docx_lines(data: bytes, source: str, limits: InputLimits = DEFAULT_LIMITS) -> list[str]:
    """The lines of a .docx report (see the module's docstring for what a line is)."""
    from docx import Document
    from docx.table import Table, _Cell

    if not data.startswith(b"PK\x03\x04"):
        kind = "a PDF file" if data.startswith(b"%PDF") else "not a Word document"
        raise SourceError(source, f"this is {kind} renamed .docx; save the report from Word")
    unpacked = unpacked_copy(data, source, limits)
    try:
        document = Document(io.BytesIO(unpacked))
    except Exception as error:  # python-docx raises several kinds for a damaged file
        raise SourceError(source, f"not a readable Word document (.docx): {error}") from error
    lines: list[str] = []
    for block in document.iter_inner_content():
        if not isinstance(block, Table):
            lines.append(block.text.replace("\n", _BREAK))
            continue
        for tr in block._tbl.tr_lst:
            cells = [
                ""
                if tc.vMerge == "continue"
                else _cell_text([p.text for p in _Cell(tc, block).paragraphs])
                for tc in tr.tc_lst
            ]
            lines.append("\t".join(cells) if any(c.strip() for c in cells) else "")
    while lines and not lines[-1].strip():
        lines.pop()
    for number, line in enumerate(lines, 1):
        if len(line) > limits.line_characters:
            raise SourceError(
                f"{source}:{number}",
                over_limit(
                    "line_characters", limits, f"the line holds {count_text(len(line))} characters"
                ),
            )
    if not lines:
        raise SourceError(source, "the document is empty; save the report into it again")
    return lines


def docx_text(data: bytes, source: str, limits: InputLimits = DEFAULT_LIMITS) -> str:
    """The document as the text parser reads it: its lines, each ended by a newline."""
    return "\n".join(docx_lines(data, source, limits)) + "\n"
