"""Read one report document: bytes → text → parsed records, with the checks that
need the file as well as its content (the year its name states).

A report is a text export (.txt) or the Word document itself (.docx); both become
the same lines of text (see `report_docx`), read by one parser."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from orchestration.ingest import departments, report_docx
from orchestration.ingest.documents import SourceDocument, check_year_in_name, decode_text
from orchestration.ingest.errors import SourceError
from orchestration.ingest.records import ParsedReport
from orchestration.ingest.report_text import BodyRules, parse_report_text

_HEADER_YEAR = re.compile(r"Інформація\s+про\s+виконання\s+за\s+(\d{4})\s*(?:рік|р\.?)", re.I)


@cache
def default_body_rules() -> BodyRules:
    """Responsible-body rules read from the dbt seeds (kind words, normalization)."""
    return BodyRules(
        looks_like_bodies=departments.looks_like_bodies,
        split=departments.split_responsible,
        normalize=departments.normalize_name,
    )


def report_text(document: SourceDocument) -> tuple[str, str]:
    """The report's text (lines ended by '\\n') and how it was read: an encoding, or 'docx'."""
    data = document.read_bytes()
    if document.path.suffix.lower() == ".docx":
        text = report_docx.docx_text(data, document.relative_path, document.limits)
        return text, report_docx.ENCODING
    return decode_text(data, document.relative_path)


def read_report(
    document: SourceDocument, rules: BodyRules | None = None
) -> tuple[ParsedReport, str]:
    """Parse a report file; returns the parsed report and the encoding it was read in."""
    text, encoding = report_text(document)
    parsed = parse_report_text(text, document.relative_path, rules or default_body_rules())
    check_year_in_name(document.relative_path, parsed.report_year)
    return replace(parsed, city=document.city), encoding


def peek_report_year(document: SourceDocument) -> int:
    """The report year from the first table header, without parsing the whole file.

    Used to decide which yearly partition a file belongs to before it is landed.
    """
    text, _ = report_text(document)
    match = _HEADER_YEAR.search(text)
    if not match:
        raise SourceError(
            document.relative_path,
            'no table header says "Інформація про виконання за <рік> рік": '
            "is this an implementation report?",
        )
    return int(match.group(1))
