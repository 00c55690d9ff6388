"""Word and Excel files are zip archives: read their directory before inflating anything.

A .docx or .xlsx of 2 MB can hold a part that inflates to 2 GiB (a "zip bomb"), and
the libraries that read them inflate whole parts into memory before any limit of
theirs applies. So the zip directory's uncompressed sizes and ratios are checked
first (`check_directory`), worksheets are scanned for their rows and longest text in
bounded chunks (`check_sheets`), and the readers get a copy inflated in bounded
chunks (`unpacked_copy`): a part that inflates to more than its directory says (a
directory can lie) is refused as soon as it does, never held whole.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

from orchestration.ingest.errors import SourceError
from orchestration.ingest.limits import InputLimits, count_text, over_limit, size_text

CHUNK = 1 << 20  # inflate at most this much at a time
_SMALL_PART = 1 << 20  # parts below this may compress well (styles, blank cells) harmlessly
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_SHEET_PART = re.compile(r"^xl/(?:worksheets/[^/]+|sharedStrings)\.xml$", re.I)


def _archive(data: bytes, source: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        xlsx = source.lower().endswith(".xlsx")
        kind = "Excel workbook (.xlsx)" if xlsx else "Word document (.docx)"
        raise SourceError(source, f"not a readable {kind}: {error}") from error


def check_directory(data: bytes, source: str, limits: InputLimits) -> zipfile.ZipFile:
    """Refuse a part, or the whole, that would unpack beyond the limits; nothing inflated."""
    archive = _archive(data, source)
    total = 0
    for info in archive.infolist():
        total += info.file_size
        where = f"{source} (part {info.filename})"
        if info.file_size > limits.unpacked_part_bytes:
            raise SourceError(
                where,
                over_limit(
                    "unpacked_part_bytes",
                    limits,
                    f"the part unpacks to {size_text(info.file_size)}",
                ),
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _SMALL_PART and ratio > limits.compression_ratio:
            raise SourceError(
                where,
                over_limit(
                    "compression_ratio",
                    limits,
                    f"the part unpacks to {count_text(round(ratio))} times its packed size "
                    f"({size_text(info.compress_size)} → {size_text(info.file_size)})",
                ),
            )
    if total > limits.unpacked_total_bytes:
        raise SourceError(
            source,
            over_limit(
                "unpacked_total_bytes", limits, f"its parts unpack to {size_text(total)} together"
            ),
        )
    return archive


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str) -> Iterator[bytes]:
    """A part inflated CHUNK bytes at a time, never beyond what its directory entry says."""
    where = f"{source} (part {info.filename})"
    produced = 0
    try:
        with archive.open(info) as part:
            while chunk := part.read(CHUNK):
                produced += len(chunk)
                if produced > info.file_size:
                    break
                yield chunk
            if produced > info.file_size or part.read(1):
                raise SourceError(
                    where,
                    f"the part unpacks to more than the {size_text(info.file_size)} its zip "
                    "directory states: the file is damaged or forged; save it again",
                )
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as error:
        # zipfile stops a part at its stated size and then finds the checksum wrong.
        raise SourceError(
            where, f"the part does not unpack as its zip directory states ({error}); save it again"
        ) from error


def unpacked_copy(data: bytes, source: str, limits: InputLimits) -> bytes:
    """The archive with every part inflated in bounded chunks and stored uncompressed.

    What the Word/Excel readers then open holds exactly the checked sizes: they inflate
    nothing themselves.
    """
    archive = check_directory(data, source, limits)
    copy = io.BytesIO()
    with archive, zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED, allowZip64=True) as stored:
        for info in archive.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.external_attr = info.external_attr
            with stored.open(entry, "w", force_zip64=info.file_size > 0x7FFFFFFF) as out:
                for chunk in _chunks(archive, info, source):
                    out.write(chunk)
    return copy.getvalue()


def check_sheets(data: bytes, source: str, limits: InputLimits) -> None:
    """Rows per worksheet and the longest text of a workbook, counted before it is parsed.

    Each worksheet (and the shared strings, where Excel keeps cell texts) is inflated
    in bounded chunks and scanned for `<row` elements and for the longest run of text
    between tags, which bounds a cell's characters.
    """
    with check_directory(data, source, limits) as archive:
        for info in archive.infolist():
            if _SHEET_PART.match(info.filename):
                _scan_part(archive, info, source, limits)


def _scan_part(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, limits: InputLimits
) -> None:
    where = f"{source} (part {info.filename})"
    longest_bytes = limits.line_characters  # a text of more characters has more bytes
    rows, carry = 0, b""
    for chunk in _chunks(archive, info, source):
        buffer = carry + chunk
        cut = buffer.rfind(b"<")
        if cut <= 0:  # one text still running on: keep it, bounded by the limit below
            carry = buffer
            if len(carry) > 10 * longest_bytes + 64:  # 10 bytes a character at most (&#x10FFFF;)
                _refuse_text(where, carry, limits)
            continue
        done, carry = buffer[:cut], buffer[cut:]
        rows += len(_ROW.findall(done))
        if rows > limits.sheet_rows and "sharedStrings" not in info.filename:
            raise SourceError(
                where,
                over_limit(
                    "sheet_rows", limits, f"the worksheet has more than {count_text(rows)} rows"
                ),
            )
        pieces = done.split(b"<")  # each: a tag, then the text up to the next tag
        if max(map(len, pieces)) > longest_bytes:
            for piece in pieces:
                text = piece.partition(b">")[2]
                if len(text) > longest_bytes and _characters(text) > limits.line_characters:
                    _refuse_text(where, text, limits)
    rows += len(_ROW.findall(carry))
    if rows > limits.sheet_rows and "sharedStrings" not in info.filename:
        raise SourceError(
            where, over_limit("sheet_rows", limits, f"the worksheet has {count_text(rows)} rows")
        )


_ENTITY = re.compile(rb"&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z]+);")


def _characters(text: bytes) -> int:
    """Characters of XML text: UTF-8 decoded, an entity (`&#1078;`, `&amp;`) as one."""
    entities = _ENTITY.findall(text)
    return len(text.decode("utf-8", errors="replace")) - sum(len(e) - 1 for e in entities)


def _refuse_text(where: str, text: bytes, limits: InputLimits) -> None:
    measured = _characters(text)
    raise SourceError(
        where,
        over_limit(
            "line_characters", limits, f"a cell holds {count_text(measured)} characters or more"
        ),
    )
