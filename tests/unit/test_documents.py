"""Source documents: identity by sha256, decoding, the year a file name states, and what
may be read at all (limits, links, names)."""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import struct
import zipfile
from dataclasses import fields
from pathlib import Path

import pytest

from orchestration.ingest.documents import (
    check_bytes,
    check_line_lengths,
    check_year_in_name,
    decode_text,
    discover_reports,
)
from orchestration.ingest.errors import SourceError
from orchestration.ingest.indicator_tables import read_xlsx
from orchestration.ingest.limits import MB, InputLimits
from orchestration.ingest.packaged import unpacked_copy
from orchestration.ingest.report_docx import docx_lines


def test_a_document_is_identified_by_the_sha256_of_its_bytes(tmp_path: Path) -> None:
    folder = tmp_path / "reports" / "zhytomyr"
    folder.mkdir(parents=True)
    (folder / "report.txt").write_bytes(b"abc")
    (folder / "notes.md").write_text("not a report")
    (document,) = discover_reports(tmp_path)
    assert document.document_id == hashlib.sha256(b"abc").hexdigest()
    assert document.relative_path == "sources/reports/zhytomyr/report.txt"
    assert (document.city, document.byte_size) == ("zhytomyr", 3)


def test_utf8_with_a_bom_and_cp1251_decode_to_the_same_text() -> None:
    text = "Стратегічна ціль 1\tПроєкт\n"
    assert decode_text(text.encode("utf-8"), "a") == (text, "utf-8")
    assert decode_text(codecs.BOM_UTF8 + text.encode("utf-8"), "a") == (text, "utf-8-sig")
    assert decode_text(text.encode("cp1251"), "a") == (text, "cp1251")


def test_crlf_and_lone_cr_line_ends_become_newlines() -> None:
    assert decode_text(b"a\r\nb\rc", "a")[0] == "a\nb\nc"


def test_a_file_name_stating_another_year_is_an_error() -> None:
    with pytest.raises(SourceError, match="states 2022"):
        check_year_in_name("sources/reports/zhytomyr/report_2022.txt", 2023)


def test_a_file_name_may_state_the_strategy_horizon_beside_the_report_year() -> None:
    check_year_in_name("sources/reports/zhytomyr/concept_2030_report_2023.txt", 2023)
    check_year_in_name("sources/reports/zhytomyr/report.txt", 2023)


# Hostile and careless inputs: limits, links, names. Fixtures are made here, small,
# with limits lowered to fit them (the limits are configuration).


def _reports(tmp_path: Path) -> Path:
    folder = tmp_path / "sources" / "reports" / "zhytomyr"
    folder.mkdir(parents=True)
    return folder


def test_every_limit_is_stated_in_the_analysts_words() -> None:
    sentences = InputLimits().sentences()
    assert "a report file is at most 20 MB" in sentences
    assert "a worksheet has at most 10 000 rows" in sentences
    assert len(sentences) == len(fields(InputLimits))


def test_a_file_over_the_size_limit_is_refused_with_its_size_before_it_is_read(
    tmp_path: Path,
) -> None:
    folder = _reports(tmp_path)
    (folder / "report.txt").write_bytes(b"x\n" * 3000)  # 5.9 KB
    with pytest.raises(SourceError) as refusal:
        discover_reports(tmp_path / "sources", InputLimits(report_file_bytes=4096))
    message = str(refusal.value)
    assert message.startswith("sources/reports/zhytomyr/report.txt: the file is 6 KB")
    assert "a report file is at most 4 KB (limit `report_file_bytes`" in message


def test_a_line_over_the_limit_is_refused_with_its_number_and_length() -> None:
    data = "Рядок\n".encode() * 8 + ("ж" * 120).encode() + b"\r\nend\n"
    with pytest.raises(SourceError) as refusal:
        check_line_lengths(data, "r.txt", InputLimits(line_characters=100))
    assert str(refusal.value).startswith("r.txt:9: the line holds 120 characters, but a line")
    check_line_lengths(data, "r.txt", InputLimits(line_characters=120))  # at the limit: fine


def test_a_link_out_of_sources_is_refused_naming_where_it_points(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("edited copy")
    (_reports(tmp_path) / "report.txt").symlink_to(outside)
    with pytest.raises(SourceError) as refusal:
        discover_reports(tmp_path / "sources")
    message = str(refusal.value)
    assert message.startswith("sources/reports/zhytomyr/report.txt: this is a link to ")
    assert str(outside) in message and "outside sources/" in message


def test_a_link_out_of_sources_is_never_opened_not_even_to_hash_it(tmp_path: Path) -> None:
    """The target is a pipe: opening it would block, hashing it would never end."""
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    (_reports(tmp_path) / "report.txt").symlink_to(pipe)
    with pytest.raises(SourceError, match=r"this is a link to .*pipe\.txt"):
        discover_reports(tmp_path / "sources")


def test_a_link_inside_sources_is_read_under_its_own_name(tmp_path: Path) -> None:
    folder = _reports(tmp_path)
    (tmp_path / "sources" / "archive").mkdir()
    (tmp_path / "sources" / "archive" / "original.txt").write_bytes(b"abc")
    (folder / "report.txt").symlink_to(tmp_path / "sources" / "archive" / "original.txt")
    (document,) = discover_reports(tmp_path / "sources")
    assert document.relative_path == "sources/reports/zhytomyr/report.txt"
    assert document.read_bytes() == b"abc"


def test_a_city_folder_linked_out_of_sources_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "other"
    outside.mkdir()
    (outside / "report.txt").write_bytes(b"abc")
    (tmp_path / "sources" / "reports").mkdir(parents=True)
    (tmp_path / "sources" / "reports" / "zhytomyr").symlink_to(outside)
    with pytest.raises(SourceError, match=r"reports/zhytomyr: this is a link to .*other"):
        discover_reports(tmp_path / "sources")


def test_a_pipe_named_like_a_report_is_refused_not_read(tmp_path: Path) -> None:
    os.mkfifo(_reports(tmp_path) / "report.txt")
    with pytest.raises(SourceError, match="not a regular file"):
        discover_reports(tmp_path / "sources")


@pytest.mark.parametrize("name", [".report.txt", "._report.txt", "...txt"])
def test_a_hidden_name_or_one_of_dots_is_refused_not_skipped(tmp_path: Path, name: str) -> None:
    (_reports(tmp_path) / name).write_bytes(b"abc")
    with pytest.raises(SourceError, match="starts with a dot, so file managers hide it"):
        discover_reports(tmp_path / "sources")


def test_a_hidden_city_folder_with_reports_is_refused_not_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "sources" / "reports" / "..."
    folder.mkdir(parents=True)
    (folder / "report.txt").write_bytes(b"abc")
    with pytest.raises(SourceError, match=r"reports/\.\.\.: the folder name starts with a dot"):
        discover_reports(tmp_path / "sources")


def test_a_name_starting_with_a_dash_is_loaded(tmp_path: Path) -> None:
    (_reports(tmp_path) / "-report.txt").write_bytes(b"abc")
    (document,) = discover_reports(tmp_path / "sources")
    assert document.relative_path == "sources/reports/zhytomyr/-report.txt"


def test_a_file_that_grew_after_it_was_found_is_not_read_beyond_its_size(tmp_path: Path) -> None:
    path = _reports(tmp_path) / "report.txt"
    path.write_bytes(b"abc")
    (document,) = discover_reports(tmp_path / "sources")
    path.write_bytes(b"abc" * 1000)
    with pytest.raises(SourceError, match="changed while it was being loaded"):
        document.read_bytes()


def _zip(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_part_that_would_unpack_beyond_the_limit_is_refused_from_the_zip_directory() -> None:
    data = _zip({"word/document.xml": b" " * (3 * MB)})
    with pytest.raises(SourceError) as refusal:
        check_bytes(data, "r.docx", InputLimits(unpacked_part_bytes=2 * MB))
    message = str(refusal.value)
    assert message.startswith("r.docx (part word/document.xml): the part unpacks to 3 MB")
    assert "each part of a Word or Excel file unpacks to at most 2 MB" in message


def test_a_part_packed_far_tighter_than_text_packs_is_refused_by_its_ratio() -> None:
    data = _zip({"word/document.xml": b" " * (3 * MB)})
    with pytest.raises(SourceError, match=r"unpacks to [\d ]+ times its packed size"):
        check_bytes(data, "r.docx")
    check_bytes(_zip({"word/document.xml": os.urandom(2 * MB)}), "r.docx")  # ratio 1: fine


def test_all_parts_together_are_limited_as_well() -> None:
    data = _zip({f"xl/media/{n}.bin": os.urandom(MB) for n in range(3)}, zipfile.ZIP_STORED)
    with pytest.raises(SourceError, match="its parts unpack to 3 MB together"):
        check_bytes(data, "t.xlsx", InputLimits(unpacked_total_bytes=2 * MB))


def _forged(real_size: int, stated_size: int) -> bytes:
    """A zip whose directory states a smaller part than its data inflates to."""
    data = bytearray(_zip({"word/document.xml": b"<w:t>" + b"a" * real_size}))
    old, new = struct.pack("<I", real_size + 5), struct.pack("<I", stated_size)
    assert data.count(old) == 2  # the local header and the central directory
    return bytes(data.replace(old, new))


def test_a_part_inflating_beyond_what_its_directory_states_is_stopped_in_bounded_chunks() -> None:
    forged = _forged(real_size=16 * MB, stated_size=1000)
    with pytest.raises(SourceError) as refusal:
        unpacked_copy(forged, "r.docx", InputLimits())
    assert "(part word/document.xml)" in str(refusal.value)
    assert "does not unpack as its zip directory states" in str(refusal.value)


def _workbook(rows: int, cell: str = "1") -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Показники"
    sheet.append(["Показник", "2020"])
    for n in range(rows):
        sheet.append([f"показник {n}", cell])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_worksheet_with_more_rows_than_the_limit_is_refused_before_it_is_parsed() -> None:
    with pytest.raises(SourceError) as refusal:
        check_bytes(_workbook(rows=30), "t.xlsx", InputLimits(sheet_rows=20))
    message = str(refusal.value)
    assert message.startswith("t.xlsx (part xl/worksheets/sheet1.xml): the worksheet has")
    assert "a worksheet has at most 20 rows" in message
    check_bytes(_workbook(rows=19), "t.xlsx", InputLimits(sheet_rows=20))


def test_a_cell_longer_than_the_limit_is_refused_before_and_while_the_workbook_is_read() -> None:
    data = _workbook(rows=2, cell="ж" * 150)
    limits = InputLimits(line_characters=100)
    with pytest.raises(SourceError, match="a cell holds 150 characters"):
        check_bytes(data, "t.xlsx", limits)
    with pytest.raises(SourceError, match=r"t.xlsx \(sheet Показники, row 2\): a cell holds 150"):
        read_xlsx(data, "t.xlsx", limits)


def test_a_docx_paragraph_longer_than_the_limit_is_refused_with_its_line() -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("Інформація про виконання за 2023 рік")
    document.add_paragraph("ж" * 150)
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(SourceError, match=r"^r.docx:2: the line holds 150 characters"):
        docx_lines(buffer.getvalue(), "r.docx", InputLimits(line_characters=100))


def test_quarantine_copies_the_regular_files_that_were_read_and_never_a_link(
    tmp_path: Path,
) -> None:
    from orchestration.quality.quarantine import quarantine
    from orchestration.settings import Settings

    folder = _reports(tmp_path)
    (tmp_path / "sources" / "archive").mkdir()
    (tmp_path / "sources" / "archive" / "original.txt").write_bytes(b"linked")
    (folder / "a_read.txt").write_bytes(b"read")
    (folder / "b_linked.txt").symlink_to(tmp_path / "sources" / "archive" / "original.txt")
    (folder / "c_changed.txt").write_bytes(b"first")
    documents = discover_reports(tmp_path / "sources")
    (folder / "c_changed.txt").write_bytes(b"second")
    settings = Settings(tmp_path, tmp_path / "sources", tmp_path / "warehouse")
    kept = quarantine(settings, documents, [], "a reason")
    assert sorted(p.name for p in (kept / "sources").iterdir()) == ["a_read.txt"]
    assert (kept / "sources" / "a_read.txt").read_bytes() == b"read"
    reason = (kept / "REASON.txt").read_text(encoding="utf-8")
    assert "Not copied" in reason and "b_linked.txt" in reason and "c_changed.txt" in reason


def test_a_csv_table_with_more_lines_than_the_row_limit_is_refused_before_it_is_parsed() -> None:
    data = "Показник;2020\n".encode() + b"x;1\r\n" * 25
    with pytest.raises(SourceError, match=r"^t.csv: the table has 26 lines, but a worksheet"):
        check_bytes(data, "t.csv", InputLimits(sheet_rows=20))
    check_bytes(data, "t.csv", InputLimits(sheet_rows=26))
