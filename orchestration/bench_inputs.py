"""Benchmark: peak memory and time of a refresh, for the seed and for files at each limit.

    python -m orchestration.bench_inputs [--only NAME …]

Each case gets its own sources/ and warehouse folder under a temporary folder and runs
`warehouse refresh` under `/usr/bin/time -v` (GNU time; Debian package `time`). Prints
one line per case: the outcome, wall time and the maximum resident set size (the
largest of the refresh and its dbt child). Files are generated here: the seed
repeated, padded, or linked; a Word file and a workbook at the limits; the inputs of
the hostile cases in the README's catalogue.

May import: `orchestration.ingest`, `orchestration.settings` (an entry point: the
refreshes it measures run as separate processes).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from orchestration.ingest.documents import discover_indicators, discover_reports
from orchestration.ingest.errors import SourceError
from orchestration.ingest.limits import DEFAULT_LIMITS, MB
from orchestration.settings import PROJECT_ROOT

SEED = PROJECT_ROOT / "sources" / "reports" / "zhytomyr" / "zhytomyr_concept_2030_report_2023.txt"
_WORDS = ["розвиток", "міста", "проєкт", "ремонт", "школа"]
_WORDS += ["парк", "вулиця", "мережа", "послуги", "громада"]


def _reports(sources: Path) -> Path:
    folder = sources / "reports" / "zhytomyr"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def seed(sources: Path) -> None:
    shutil.copytree(PROJECT_ROOT / "sources", sources, dirs_exist_ok=True)


def report_at_size_limit(sources: Path) -> None:
    data = SEED.read_bytes()
    times = DEFAULT_LIMITS.report_file_bytes // len(data)
    (_reports(sources) / SEED.name).write_bytes(data * times)


def line_at_line_limit(sources: Path) -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines[8] += " " + " ".join(random.choices(_WORDS, k=DEFAULT_LIMITS.line_characters))
    lines[8] = lines[8][: DEFAULT_LIMITS.line_characters]
    (_reports(sources) / SEED.name).write_text("\n".join(lines), encoding="utf-8")


def docx_at_part_limit(sources: Path) -> None:
    """The seed as paragraphs, then text until document.xml is just under the limit."""
    from docx import Document

    document = Document()
    for line in SEED.read_text(encoding="utf-8").split("\n"):
        document.add_paragraph(line.replace("\t", " "))
    paragraph = " ".join(random.choices(_WORDS, k=9000))[: DEFAULT_LIMITS.line_characters]
    xml_per_paragraph = len(paragraph.encode()) + 60
    for _ in range(int(DEFAULT_LIMITS.unpacked_part_bytes * 0.97) // xml_per_paragraph):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    (_reports(sources) / "zhytomyr_report_2023.docx").write_bytes(buffer.getvalue())


def workbook_at_row_limit(sources: Path) -> None:
    from openpyxl import Workbook

    shutil.copyfile(SEED, _reports(sources) / SEED.name)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Показники")
    sheet.append(["Показники", *range(2014, 2021)])
    for n in range(DEFAULT_LIMITS.sheet_rows - 1):
        sheet.append([f"Показник {n}, осіб", *(random.randint(1, 10**6) for _ in range(7))])
    folder = sources / "indicators" / "zhytomyr"
    folder.mkdir(parents=True, exist_ok=True)
    book.save(folder / "rows_at_limit.xlsx")


def zip_bomb_docx(sources: Path) -> None:
    with zipfile.ZipFile(_reports(sources) / "report_2023.docx", "w", zipfile.ZIP_DEFLATED) as z:
        part = zipfile.ZipInfo("word/document.xml")
        part.compress_type = zipfile.ZIP_DEFLATED
        with z.open(part, "w", force_zip64=True) as out:
            for _ in range(128):  # 2 GiB
                out.write(b" " * (16 << 20))


def link_to_etc_passwd(sources: Path) -> None:
    shutil.copyfile(SEED, _reports(sources) / SEED.name)
    (_reports(sources) / "passwd.txt").symlink_to("/etc/passwd")


def seed_linked_outside(sources: Path) -> None:
    edited = sources.parent / "edited.txt"
    edited.write_bytes(SEED.read_bytes().replace("Житомир".encode(), "Бердичів".encode(), 1))
    (_reports(sources) / SEED.name).symlink_to(edited)


def report_of_200_mb(sources: Path) -> None:
    data = SEED.read_bytes()
    with (_reports(sources) / SEED.name).open("wb") as out:
        for _ in range(200 * MB // len(data) + 1):
            out.write(data)


def seed_with_a_50_mb_line(sources: Path) -> None:
    lines = SEED.read_bytes().split(b"\n")
    lines[8] += b"x" * (50 * MB)
    (_reports(sources) / SEED.name).write_bytes(b"\n".join(lines))


CASES: dict[str, Callable[[Path], None]] = {
    f.__name__: f
    for f in (
        seed,
        report_at_size_limit,
        line_at_line_limit,
        docx_at_part_limit,
        workbook_at_row_limit,
        zip_bomb_docx,
        link_to_etc_passwd,
        seed_linked_outside,
        report_of_200_mb,
        seed_with_a_50_mb_line,
    )
}


def source_checks(sources: Path) -> str:
    """Time of the checks before parsing: discovery, then each file's bytes."""
    started = time.perf_counter()
    try:
        for document in discover_reports(sources) + discover_indicators(sources):
            document.read_bytes()
    except SourceError:
        return f"refused by the source checks in {time.perf_counter() - started:.2f} s"
    return f"source checks passed in {time.perf_counter() - started:.2f} s"


def measure(name: str, folder: Path) -> str:
    sources, warehouse = folder / "sources", folder / "warehouse"
    sources.mkdir()
    CASES[name](sources)
    checks = source_checks(sources)
    size = sum(p.stat().st_size for p in sources.rglob("*") if p.is_file() and not p.is_symlink())
    env = {
        **os.environ,
        "WAREHOUSE_DIR": str(warehouse),
        "WAREHOUSE_SOURCES_DIR": str(sources),
        "DAGSTER_HOME": str(warehouse / "dagster_home"),
    }
    command = ["/usr/bin/time", "-v", sys.executable, "-m", "orchestration.cli", "refresh"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=PROJECT_ROOT)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", done.stderr)
    if done.returncode == 0:
        outcome = "published"
    else:
        reason = done.stderr.split("What went wrong:\n", 1)[-1].strip().split("\n")[0]
        outcome = "refused: " + reason[:160]
    return (
        f"{name}: sources {size / MB:,.1f} MB; {checks}; refresh {wall.group(1)} wall, "
        f"peak {rss / 1024:,.0f} MB RSS; {outcome}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", choices=sorted(CASES), help="cases to run")
    args = parser.parse_args()
    random.seed(2030)
    for name in args.only or CASES:
        with tempfile.TemporaryDirectory() as folder:
            print(measure(name, Path(folder)), flush=True)


if __name__ == "__main__":
    main()
