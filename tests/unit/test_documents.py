"""Source documents: identity by sha256, decoding, and the year a file name states."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pytest

from orchestration.ingest.documents import check_year_in_name, decode_text, discover_reports
from orchestration.ingest.errors import SourceError


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
