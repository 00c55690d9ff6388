"""The bad-input catalogue: each committed fixture through the real pipeline.

A base edition (the first priority of the 2023 report) is published once; every
case then runs a refresh over a copy of that warehouse and checks the outcome —
a correct load, or a refusal with a clear message — and that the published file
is byte-identical when nothing was to be published.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import duckdb
import pytest
from mart_rows import mart_rows

from orchestration.ingest.limits import MB
from orchestration.refresh import RefreshFailed, RefreshSummary, refresh
from orchestration.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bad_inputs"
BASE = FIXTURES / "base_utf8.txt"


def sources_with(root: Path, *files: tuple[Path, str]) -> Path:
    sources = root / "sources"
    folder = sources / "reports" / "zhytomyr"
    folder.mkdir(parents=True, exist_ok=True)
    for fixture, name in files:
        shutil.copyfile(fixture, folder / name)
    return sources


def run(monkeypatch: pytest.MonkeyPatch, warehouse: Path, sources: Path) -> RefreshSummary:
    settings = Settings(PROJECT_ROOT, sources, warehouse)
    monkeypatch.setenv("WAREHOUSE_DIR", str(warehouse))
    monkeypatch.setenv("WAREHOUSE_SOURCES_DIR", str(sources))
    monkeypatch.setenv("DAGSTER_HOME", str(settings.dagster_home))
    return refresh(settings)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def marts(warehouse: Path) -> dict[str, list[tuple]]:
    return mart_rows(warehouse / "warehouse.duckdb")


@pytest.fixture(scope="module")
def base_edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse folder with the base report published."""
    root = tmp_path_factory.mktemp("base")
    with pytest.MonkeyPatch.context() as monkeypatch:
        run(monkeypatch, root / "warehouse", sources_with(root, (BASE, "report.txt")))
    return root / "warehouse"


@pytest.fixture
def warehouse(base_edition: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "warehouse"
    shutil.copytree(base_edition, copy, ignore=shutil.ignore_patterns("dagster_home"))
    return copy


@pytest.mark.parametrize("variant", ["base_cp1251.txt", "base_utf8_bom.txt", "base_crlf.txt"])
def test_the_same_report_in_another_encoding_or_line_ending_gives_exactly_the_same_marts(
    variant: str, base_edition: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = tmp_path / "warehouse"
    run(monkeypatch, warehouse, sources_with(tmp_path, (FIXTURES / variant, "report.txt")))
    assert marts(warehouse) == marts(base_edition)


REFUSALS = {
    "mojibake.txt": "UTF-8 that was read as cp1251",
    "empty.txt": "the file is empty",
    "pdf_renamed.txt": "this is a PDF file",
    "truncated_mid_row.txt": "looks cut off",
    "no_priority_header.txt": "before any priority title",
    "report_2022.txt": "the file name states 2022",
}


@pytest.mark.parametrize("fixture", sorted(REFUSALS))
def test_a_bad_file_is_refused_with_its_reason_and_the_published_file_is_untouched(
    fixture: str, warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = sha(warehouse / "warehouse.duckdb")
    sources = sources_with(tmp_path, (FIXTURES / fixture, fixture))
    with pytest.raises(RefreshFailed) as failure:
        run(monkeypatch, warehouse, sources)
    assert REFUSALS[fixture] in str(failure.value)
    assert fixture in str(failure.value)  # the file is named
    assert sha(warehouse / "warehouse.duckdb") == before
    quarantined = failure.value.summary.quarantine_path
    assert (quarantined / "sources" / fixture).exists()
    assert REFUSALS[fixture] in (quarantined / "REASON.txt").read_text(encoding="utf-8")


def test_a_failed_check_is_quarantined_with_its_validation_results(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A volume drop blocks: every priority of the base vanishes from 2023."""
    text = BASE.read_text(encoding="utf-8")
    cut = text[: text.index("Стратегічна ціль 2")]  # keep goal 1 only: 3 projects of 13
    fixture = tmp_path / "shrunk.txt"
    fixture.write_text(cut, encoding="utf-8")
    before = sha(warehouse / "warehouse.duckdb")
    with pytest.raises(RefreshFailed) as failure:
        run(monkeypatch, warehouse, sources_with(tmp_path, (fixture, "report.txt")))
    message = str(failure.value)
    assert "projects_do_not_drop" in message and "13 projects published, 3 in this build" in message
    assert sha(warehouse / "warehouse.duckdb") == before
    quarantined = failure.value.summary.quarantine_path
    assert (quarantined / "build.duckdb").exists()  # the build, kept for inspection
    assert "projects_do_not_drop" in (quarantined / "validation.json").read_text(encoding="utf-8")


def test_an_accepted_drop_is_published_and_the_override_is_recorded(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = BASE.read_text(encoding="utf-8")
    fixture = tmp_path / "shrunk.txt"
    fixture.write_text(text[: text.index("Стратегічна ціль 2")], encoding="utf-8")
    overrides = tmp_path / "overrides.csv"
    overrides.write_text(
        "suite,check,report_year,reason,accepted_by,accepted_on\n"
        "mart_volume_by_priority,projects_do_not_drop,2023,goals 2-4 moved to a separate "
        "report,analyst O. Koval,2026-11-26\n"
        "mart_volume_by_priority,entries_do_not_drop,2023,same,analyst O. Koval,2026-11-26\n",
        encoding="utf-8",
    )
    monkeypatch.setattr("orchestration.quality.overrides.OVERRIDES_CSV", overrides)
    summary = run(monkeypatch, warehouse, sources_with(tmp_path, (fixture, "report.txt")))
    accepted = [o for o in summary.outcomes if o.status == "overridden"]
    assert {o.check for o in accepted} == {"projects_do_not_drop", "entries_do_not_drop"}
    with duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute(
            "select status, override_reason from marts.fct_check_result "
            "where check_name = 'projects_do_not_drop'"
        ).fetchall()
    assert rows == [
        ("overridden", "goals 2-4 moved to a separate report (analyst O. Koval, 2026-11-26)")
    ]


def test_the_same_document_under_two_names_is_loaded_once_and_reported(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = sources_with(tmp_path, (BASE, "report.txt"), (BASE, "report_copy.txt"))
    summary = run(monkeypatch, warehouse, sources)
    assert summary.documents == ["sources/reports/zhytomyr/report.txt"]
    assert any("report_copy.txt is the same document" in n for n in summary.notices)


def test_a_corrected_reissue_replaces_the_year_and_the_earlier_version_stays_recorded(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corrected = FIXTURES / "corrected_reissue.txt"
    run(monkeypatch, warehouse, sources_with(tmp_path, (corrected, "report.txt")))
    with duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True) as con:
        documents = con.execute(
            "select document_id, document_status, superseded_by_document_id "
            "from marts.dim_source_document order by document_status"
        ).fetchall()
        texts = con.execute(
            "select count(*) from marts.fct_implementation_entry "
            "where implementation_text like '%розпочато у 2023 році%'"
        ).fetchone()[0]
    assert documents == [
        (sha(corrected), "current", None),
        (sha(BASE), "superseded", sha(corrected)),
    ]
    assert texts == 1


def test_a_duplicated_task_number_is_loaded_with_a_warning_naming_its_lines(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fixture = FIXTURES / "duplicated_task_number.txt"
    summary = run(monkeypatch, warehouse, sources_with(tmp_path, (fixture, "report.txt")))
    (warning,) = [o for o in summary.warnings if o.check == "task_number_printed_once"]
    assert [loc.split(":")[1] for loc in warning.locations] == ["9", "10"]


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid:
            found.append(int(stat.parent.name))
    return found


def _command(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
    except OSError:
        return []


def _running(pid: int) -> bool:
    """Alive and not a zombie (a killed child waits there until someone reaps it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def test_a_refresh_killed_during_dbt_build_takes_dbt_with_it_and_the_next_one_succeeds(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kill -9` of the refresh alone (not its process group), as an operator would."""
    published = warehouse / "warehouse.duckdb"
    before = sha(published)
    sources = sources_with(tmp_path, (FIXTURES / "corrected_reissue.txt", "report.txt"))
    env = {
        **os.environ,
        "WAREHOUSE_DIR": str(warehouse),
        "WAREHOUSE_SOURCES_DIR": str(sources),
        "DAGSTER_HOME": str(warehouse / "dagster_home"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "orchestration.cli", "refresh"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        dbt, deadline = None, time.monotonic() + 600  # a loaded machine lands slowly
        while dbt is None and process.poll() is None and time.monotonic() < deadline:
            dbt = next((c for c in _children(process.pid) if "build" in _command(c)), None)
            time.sleep(0.05)
        assert dbt is not None, "the refresh never started `dbt build`"
        time.sleep(1.0)  # dbt is writing build/next.duckdb and dbt_target/ now
        assert _running(dbt)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        ended = time.monotonic() + 5  # ended with its parent: at once, not after its build
        while _running(dbt) and time.monotonic() < ended:
            time.sleep(0.01)
        assert not _running(dbt), "dbt outlived the refresh that started it"
        assert sha(published) == before
        run(monkeypatch, warehouse, sources)  # the next refresh, straight away
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert sha(published) != before
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_project").fetchone()[0] == 13
        changed = con.execute(
            "select count(*) from marts.fct_implementation_entry "
            "where implementation_text like '%розпочато у 2023 році%'"
        ).fetchone()[0]
    assert changed == 1


def test_a_reader_holding_the_published_file_does_not_block_a_refresh(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    published = warehouse / "warehouse.duckdb"
    reader = duckdb.connect(str(published), read_only=True)
    question = (
        "select count(*) from marts.fct_implementation_entry "
        "where implementation_text like '%розпочато у 2023 році%'"
    )
    assert reader.execute(question).fetchone()[0] == 0
    sources = sources_with(tmp_path, (FIXTURES / "corrected_reissue.txt", "report.txt"))
    run(monkeypatch, warehouse, sources)
    assert reader.execute(question).fetchone()[0] == 0  # the reader keeps its edition
    reader.close()
    with duckdb.connect(str(published), read_only=True) as fresh:
        assert fresh.execute(question).fetchone()[0] == 1  # a new connection sees the new one


# Hostile and oversized inputs. Each is refused before anything is parsed or built:
# these refreshes run over a stand-in for the published file (no build needed) and
# every fixture is made here, at test time.

SEED = PROJECT_ROOT / "sources" / "reports" / "zhytomyr" / "zhytomyr_concept_2030_report_2023.txt"
PUBLISHED = b"the published edition, which no refusal may touch"


def refused(monkeypatch: pytest.MonkeyPatch, root: Path, sources: Path) -> RefreshFailed:
    """A refresh that must stop before parsing: the published file stays byte-identical,
    nothing is landed, no build file is made."""
    warehouse = root / "warehouse"
    warehouse.mkdir()
    (warehouse / "warehouse.duckdb").write_bytes(PUBLISHED)
    with pytest.raises(RefreshFailed) as failure:
        run(monkeypatch, warehouse, sources)
    assert (warehouse / "warehouse.duckdb").read_bytes() == PUBLISHED
    assert not (warehouse / "lake").exists() and not (warehouse / "build").exists()
    return failure.value


def reports_folder(root: Path) -> Path:
    folder = root / "sources" / "reports" / "zhytomyr"
    folder.mkdir(parents=True)
    return folder


def test_a_zip_bomb_docx_is_refused_from_its_zip_directory_before_anything_is_inflated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One part written in 16 MiB chunks (zip64): kilobytes on disk, 128 MiB unpacked."""
    bomb = reports_folder(tmp_path) / "report_2023.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        part = zipfile.ZipInfo("word/document.xml")
        part.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(part, "w", force_zip64=True) as out:
            for _ in range(8):
                out.write(b" " * (16 << 20))
    assert bomb.stat().st_size < 1 << 20
    failure = refused(monkeypatch, tmp_path, tmp_path / "sources")
    message = str(failure)
    assert message.startswith(
        "sources/reports/zhytomyr/report_2023.docx (part word/document.xml): "
        "the part unpacks to 128 MB, but each part of a Word or Excel file unpacks to at most "
        "50 MB (limit `unpacked_part_bytes`"
    )


def test_a_link_to_a_file_outside_sources_is_refused_and_its_target_never_copied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (reports_folder(tmp_path) / "passwd.txt").symlink_to("/etc/passwd")
    failure = refused(monkeypatch, tmp_path, tmp_path / "sources")
    assert str(failure).startswith(
        "sources/reports/zhytomyr/passwd.txt: this is a link to /etc/passwd (/etc/passwd), "
        "outside sources/"
    )
    quarantined = failure.summary.quarantine_path
    assert list((quarantined / "sources").iterdir()) == []
    secret = Path("/etc/passwd").read_bytes().split(b"\n")[0]
    assert all(secret not in f.read_bytes() for f in quarantined.rglob("*") if f.is_file())


def test_the_seed_replaced_by_a_link_to_an_edited_copy_outside_sources_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = tmp_path / "elsewhere" / "edited.txt"
    edited.parent.mkdir()
    edited.write_bytes(SEED.read_bytes().replace("Житомир".encode(), "Бердичів".encode(), 1))
    (reports_folder(tmp_path) / SEED.name).symlink_to(edited)
    failure = refused(monkeypatch, tmp_path, tmp_path / "sources")
    assert f"{SEED.name}: this is a link to {edited}" in str(failure)
    assert "copy the file into sources/ instead of linking it" in str(failure)


def test_a_200_mb_report_is_refused_by_its_size_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = SEED.read_bytes()
    with (reports_folder(tmp_path) / "report_2023.txt").open("wb") as out:
        for _ in range(200 * MB // len(seed) + 1):
            out.write(seed)
    message = str(refused(monkeypatch, tmp_path, tmp_path / "sources"))
    assert message.startswith("sources/reports/zhytomyr/report_2023.txt: the file is 200 MB")
    assert "a report file is at most 20 MB (limit `report_file_bytes`" in message


def test_the_seed_with_a_line_of_50_mb_is_refused_by_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = SEED.read_bytes().split(b"\n")
    lines[8] += b"x" * (50 * MB)
    (reports_folder(tmp_path) / SEED.name).write_bytes(b"\n".join(lines))
    message = str(refused(monkeypatch, tmp_path, tmp_path / "sources"))
    assert message.startswith(f"sources/reports/zhytomyr/{SEED.name}: the file is 50.3 MB")


def test_the_seed_with_one_line_over_the_line_limit_is_refused_naming_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = SEED.read_bytes().split(b"\n")
    lines[8] += "ж".encode() * 100_001
    (reports_folder(tmp_path) / SEED.name).write_bytes(b"\n".join(lines))
    message = str(refused(monkeypatch, tmp_path, tmp_path / "sources"))
    assert message.startswith(f"sources/reports/zhytomyr/{SEED.name}:9: the line holds")
    assert "at most 100 000 characters (limit `line_characters`" in message
