"""The bad-input catalogue: each committed fixture through the real pipeline, each proven
at the first step that decides it.

Landing (`orchestration.refresh.land`: the landing runs and checks of a refresh, and its
refusals, without its build). The build is a function of the landed rows (and of the
published edition's document list), whose keys follow the report (`report_id`: city,
kind, year), not the file; so what is decided by decoding and parsing is proven on them:
- the landing alone lands and checks every document, reuses what is landed, builds and
  publishes nothing, and stops where a refresh stops;
- the base report in cp1251, with a BOM or with CRLF line endings lands exactly the rows
  and landing-check outcomes of the UTF-8 base, the file-describing columns aside;
- the same document under two names is landed once and the copy is reported;
- a duplicated task number is landed with a warning of the landing checks naming its lines
  (that warning blocks nothing; the build does not judge it again).

Refresh, stopped before the build (no build file is ever made; the published file is a
stand-in that must stay byte-identical):
- each committed bad file is refused with its reason, named and quarantined — over a lake
  that holds the base landed and checked, so `report_2022.txt`, the base's own bytes,
  is refused by its name although its document is landed already;
- hostile and oversized inputs are refused before anything is parsed, landed or built.

Refresh with a real build, starting from the module's base edition (the first priority of
the 2023 report, landed once and published once):
- a volume drop fails a mart suite, stops the refresh and is quarantined with its build
  and validation results (a build of its own);
- one reissue of the base — corrected, and cut to its first goal — is published by one
  refresh, which four tests read: `kill -9` of a first refresh of it during `dbt build`
  ends dbt with it and leaves the published file as it was, and the refresh started at
  once after it publishes; the drop, accepted in an overrides file, is published and the
  override recorded in `marts.fct_check_result`; the reissue supersedes the base in
  `marts.dim_source_document`; a reader in another process, as a BI tool is, that held
  the published file through that refresh kept its edition while a new connection sees
  the new one.
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from refreshing import settings_in

from orchestration.ingest.landing import landing_path
from orchestration.ingest.landing_schema import LANDING_TABLES
from orchestration.ingest.limits import MB
from orchestration.quality.outcome_store import TABLE as CHECK_OUTCOMES
from orchestration.refresh import RefreshFailed, RefreshSummary, land, refresh
from orchestration.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bad_inputs"
BASE = FIXTURES / "base_utf8.txt"
GOAL_2 = "Стратегічна ціль 2"  # cut before it, a report keeps goal 1: 3 projects of 13
CORRECTED_TEXT = (
    "select count(*) from marts.fct_implementation_entry "
    "where implementation_text like '%розпочато у 2023 році%'"
)
PUBLISHED = b"the published edition, which no refusal may touch"


def sources_with(root: Path, *files: tuple[Path, str]) -> Path:
    sources = root / "sources"
    folder = sources / "reports" / "zhytomyr"
    folder.mkdir(parents=True, exist_ok=True)
    for fixture, name in files:
        shutil.copyfile(fixture, folder / name)
    return sources


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_of(warehouse: Path, folder: Path) -> Path:
    """A warehouse folder copied, without the run history of the instance it was made by."""
    shutil.copytree(warehouse, folder, ignore=shutil.ignore_patterns("dagster_home"))
    return folder


def first_goal_of(fixture: Path, folder: Path) -> Path:
    text = fixture.read_text(encoding="utf-8")
    cut = folder / f"{fixture.stem}_goal_1.txt"
    cut.write_text(text[: text.index(GOAL_2)], encoding="utf-8")
    return cut


# Columns that describe the file or the run that landed it rather than the report: they
# differ between byte-different copies of the same report (cf. mart_rows.FILE_COLUMNS).
PER_FILE = {"document_id", "byte_size", "encoding", "loaded_at", "load_run_id"}
PER_RUN = {"run_id", "checked_at"}


def landed_rows(settings: Settings, document_id: str) -> dict[str, list[dict]]:
    """Every landed row of a document — its landing tables and its landing checks'
    outcomes, as the build loads them — without the file- and run-describing columns."""
    rows = {}
    for table in [*LANDING_TABLES, CHECK_OUTCOMES]:
        landed = pq.read_table(landing_path(settings.lake_dir, table, document_id))
        rows[table] = [
            {k: v for k, v in row.items() if k not in PER_FILE | PER_RUN}
            for row in landed.to_pylist()
        ]
    return rows


# ---------------------------------------------------------------------------------------
# Landing


@dataclass(frozen=True)
class Landed:
    settings: Settings
    summary: RefreshSummary


@pytest.fixture(scope="module")
def base_landed(tmp_path_factory: pytest.TempPathFactory) -> Landed:
    """The base report landed and checked, nothing built."""
    root = tmp_path_factory.mktemp("base")
    settings = settings_in(root / "warehouse", sources_with(root, (BASE, "report.txt")))
    return Landed(settings, land(settings))


def test_landing_alone_lands_and_checks_every_document_reuses_them_and_builds_nothing(
    base_landed: Landed,
) -> None:
    settings, summary = base_landed.settings, base_landed.summary
    assert summary.documents == ["sources/reports/zhytomyr/report.txt"]
    assert summary.landed == ["2023"]
    rows = landed_rows(settings, sha(BASE))
    assert len(rows["report_entries"]) > 0
    assert summary.outcomes and {o.document_id for o in summary.outcomes} == {sha(BASE)}
    assert not summary.blocking
    assert "build, test, publish" not in summary.timings
    assert not settings.build_dir.exists() and not settings.published_path.exists()
    again = land(settings)  # landed and checked already: reused, as a refresh reuses it
    assert again.landed == [] and again.outcomes == summary.outcomes


def test_landing_alone_stops_where_a_refresh_stops(tmp_path: Path) -> None:
    """A file the parser refuses in its landing run: the refresh's message and quarantine."""
    fixture = "truncated_mid_row.txt"
    settings = settings_in(
        tmp_path / "warehouse", sources_with(tmp_path, (FIXTURES / fixture, fixture))
    )
    with pytest.raises(RefreshFailed) as failure:
        land(settings)
    assert REFUSALS[fixture] in str(failure.value) and fixture in str(failure.value)
    assert (failure.value.summary.quarantine_path / "sources" / fixture).exists()
    assert not settings.build_dir.exists()


@pytest.mark.parametrize("variant", ["base_cp1251.txt", "base_utf8_bom.txt", "base_crlf.txt"])
def test_the_same_report_in_another_encoding_or_line_ending_lands_exactly_the_same_rows(
    variant: str, base_landed: Landed, tmp_path: Path
) -> None:
    fixture = FIXTURES / variant
    assert sha(fixture) != sha(BASE)
    settings = settings_in(tmp_path / "warehouse", sources_with(tmp_path, (fixture, "report.txt")))
    land(settings)
    assert landed_rows(settings, sha(fixture)) == landed_rows(base_landed.settings, sha(BASE))


def test_the_same_document_under_two_names_is_landed_once_and_reported(tmp_path: Path) -> None:
    sources = sources_with(tmp_path, (BASE, "report.txt"), (BASE, "report_copy.txt"))
    settings = settings_in(tmp_path / "warehouse", sources)
    summary = land(settings)
    assert summary.documents == ["sources/reports/zhytomyr/report.txt"]
    assert any("report_copy.txt is the same document" in n for n in summary.notices)
    landed = list((settings.lake_dir / "raw" / "report_documents").glob("*.parquet"))
    assert [p.stem for p in landed] == [sha(BASE)]


def test_a_duplicated_task_number_is_landed_with_a_warning_naming_its_lines(
    tmp_path: Path,
) -> None:
    fixture = FIXTURES / "duplicated_task_number.txt"
    settings = settings_in(tmp_path / "warehouse", sources_with(tmp_path, (fixture, "report.txt")))
    summary = land(settings)  # no RefreshFailed: nothing blocks
    (warning,) = [o for o in summary.warnings if o.check == "task_number_printed_once"]
    assert [loc.split(":")[1] for loc in warning.locations] == ["9", "10"]


# ---------------------------------------------------------------------------------------
# Refused before the build

REFUSALS = {
    "mojibake.txt": "UTF-8 that was read as cp1251",
    "empty.txt": "the file is empty",
    "pdf_renamed.txt": "this is a PDF file",
    "truncated_mid_row.txt": "looks cut off",
    "no_priority_header.txt": "before any priority title",
    "report_2022.txt": "the file name states 2022",
}


def stopped_before_the_build(settings: Settings) -> RefreshFailed:
    """A refresh that must stop before its build, over a stand-in for the published file:
    that stays byte-identical, and no build file is ever made."""
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    settings.published_path.write_bytes(PUBLISHED)
    with pytest.raises(RefreshFailed) as failure:
        refresh(settings)
    assert settings.published_path.read_bytes() == PUBLISHED
    assert not settings.build_dir.exists()
    assert "build, test, publish" not in failure.value.summary.timings
    return failure.value


@pytest.mark.parametrize("fixture", sorted(REFUSALS))
def test_a_bad_file_is_refused_with_its_reason_and_the_published_file_is_untouched(
    fixture: str, base_landed: Landed, tmp_path: Path
) -> None:
    warehouse = copy_of(base_landed.settings.warehouse_dir, tmp_path / "warehouse")
    sources = sources_with(tmp_path, (FIXTURES / fixture, fixture))
    failure = stopped_before_the_build(settings_in(warehouse, sources))
    assert REFUSALS[fixture] in str(failure)
    assert fixture in str(failure)  # the file is named
    quarantined = failure.summary.quarantine_path
    assert (quarantined / "sources" / fixture).exists()
    assert REFUSALS[fixture] in (quarantined / "REASON.txt").read_text(encoding="utf-8")


# Hostile and oversized inputs. Each is refused before anything is parsed or built: every
# fixture is made here, at test time.

SEED = PROJECT_ROOT / "sources" / "reports" / "zhytomyr" / "zhytomyr_concept_2030_report_2023.txt"


def refused(root: Path, sources: Path) -> RefreshFailed:
    """A refresh that must stop before parsing: nothing is landed either."""
    failure = stopped_before_the_build(settings_in(root / "warehouse", sources))
    assert not (root / "warehouse" / "lake").exists()
    return failure


def reports_folder(root: Path) -> Path:
    folder = root / "sources" / "reports" / "zhytomyr"
    folder.mkdir(parents=True)
    return folder


def test_a_zip_bomb_docx_is_refused_from_its_zip_directory_before_anything_is_inflated(
    tmp_path: Path,
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
    failure = refused(tmp_path, tmp_path / "sources")
    message = str(failure)
    assert message.startswith(
        "sources/reports/zhytomyr/report_2023.docx (part word/document.xml): "
        "the part unpacks to 128 MB, but each part of a Word or Excel file unpacks to at most "
        "50 MB (limit `unpacked_part_bytes`"
    )


def test_a_link_to_a_file_outside_sources_is_refused_and_its_target_never_copied(
    tmp_path: Path,
) -> None:
    (reports_folder(tmp_path) / "passwd.txt").symlink_to("/etc/passwd")
    failure = refused(tmp_path, tmp_path / "sources")
    assert str(failure).startswith(
        "sources/reports/zhytomyr/passwd.txt: this is a link to /etc/passwd (/etc/passwd), "
        "outside sources/"
    )
    quarantined = failure.summary.quarantine_path
    assert list((quarantined / "sources").iterdir()) == []
    secret = Path("/etc/passwd").read_bytes().split(b"\n")[0]
    assert all(secret not in f.read_bytes() for f in quarantined.rglob("*") if f.is_file())


def test_the_seed_replaced_by_a_link_to_an_edited_copy_outside_sources_is_refused(
    tmp_path: Path,
) -> None:
    edited = tmp_path / "elsewhere" / "edited.txt"
    edited.parent.mkdir()
    edited.write_bytes(SEED.read_bytes().replace("Житомир".encode(), "Бердичів".encode(), 1))
    (reports_folder(tmp_path) / SEED.name).symlink_to(edited)
    failure = refused(tmp_path, tmp_path / "sources")
    assert f"{SEED.name}: this is a link to {edited}" in str(failure)
    assert "copy the file into sources/ instead of linking it" in str(failure)


def test_a_200_mb_report_is_refused_by_its_size_before_it_is_read(tmp_path: Path) -> None:
    seed = SEED.read_bytes()
    with (reports_folder(tmp_path) / "report_2023.txt").open("wb") as out:
        for _ in range(200 * MB // len(seed) + 1):
            out.write(seed)
    message = str(refused(tmp_path, tmp_path / "sources"))
    assert message.startswith("sources/reports/zhytomyr/report_2023.txt: the file is 200 MB")
    assert "a report file is at most 20 MB (limit `report_file_bytes`" in message


def test_the_seed_with_a_line_of_50_mb_is_refused_by_its_size(tmp_path: Path) -> None:
    lines = SEED.read_bytes().split(b"\n")
    lines[8] += b"x" * (50 * MB)
    (reports_folder(tmp_path) / SEED.name).write_bytes(b"\n".join(lines))
    message = str(refused(tmp_path, tmp_path / "sources"))
    assert message.startswith(f"sources/reports/zhytomyr/{SEED.name}: the file is 50.3 MB")


def test_the_seed_with_one_line_over_the_line_limit_is_refused_naming_the_line(
    tmp_path: Path,
) -> None:
    lines = SEED.read_bytes().split(b"\n")
    lines[8] += "ж".encode() * 100_001
    (reports_folder(tmp_path) / SEED.name).write_bytes(b"\n".join(lines))
    message = str(refused(tmp_path, tmp_path / "sources"))
    assert message.startswith(f"sources/reports/zhytomyr/{SEED.name}:9: the line holds")
    assert "at most 100 000 characters (limit `line_characters`" in message


# ---------------------------------------------------------------------------------------
# Built


@pytest.fixture(scope="module")
def base_edition(base_landed: Landed, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse folder with the base report published (its landing reused)."""
    warehouse = copy_of(
        base_landed.settings.warehouse_dir, tmp_path_factory.mktemp("edition") / "warehouse"
    )
    refresh(settings_in(warehouse, base_landed.settings.sources_dir))
    return warehouse


def test_a_failed_check_is_quarantined_with_its_validation_results(
    base_edition: Path, tmp_path: Path
) -> None:
    """A volume drop blocks: ten of the base's thirteen projects vanish from 2023."""
    warehouse = copy_of(base_edition, tmp_path / "warehouse")
    before = sha(warehouse / "warehouse.duckdb")
    sources = sources_with(tmp_path, (first_goal_of(BASE, tmp_path), "report.txt"))
    with pytest.raises(RefreshFailed) as failure:
        refresh(settings_in(warehouse, sources))
    message = str(failure.value)
    assert "projects_do_not_drop" in message and "13 projects published, 3 in this build" in message
    assert sha(warehouse / "warehouse.duckdb") == before
    quarantined = failure.value.summary.quarantine_path
    assert (quarantined / "build.duckdb").exists()  # the build, kept for inspection
    assert "projects_do_not_drop" in (quarantined / "validation.json").read_text(encoding="utf-8")


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


def killed_during_dbt_build(warehouse: Path, sources: Path) -> bool:
    """`warehouse refresh` as an operator starts it, and `kill -9` of that process alone
    (not its process group) a second into its `dbt build`. Whether dbt outlived it."""
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
        return _running(dbt)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


@contextlib.contextmanager
def reader_of(published: Path) -> Iterator[Callable[[], int]]:
    """Another process — as a BI tool is — holding a read-only connection to the published
    file; the callable asks it how many entries carry the corrected text."""
    script = (
        "import duckdb, sys\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "for _ in sys.stdin:\n"
        "    print(con.execute(sys.argv[2]).fetchone()[0], flush=True)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(published), CORRECTED_TEXT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def ask() -> int:
        process.stdin.write("?\n")
        process.stdin.flush()
        return int(process.stdout.readline())

    try:
        yield ask
    finally:
        process.stdin.close()
        process.wait(timeout=60)


@dataclass(frozen=True)
class Reissue:
    """The base edition; a refresh of a reissue killed during its dbt build; the refresh
    of the same sources started at once after it, while a reader held the published file."""

    warehouse: Path
    document: Path  # the reissue: the base corrected, then cut to its first goal
    before: str  # sha256 of the published file before
    dbt_outlived_the_kill: bool
    after_the_kill: str  # sha256 of the published file after the killed refresh
    summary: RefreshSummary  # of the refresh that followed
    reader_before: int  # entries with the corrected text, as the reader saw them
    reader_after: int


@pytest.fixture(scope="module")
def reissue(base_edition: Path, tmp_path_factory: pytest.TempPathFactory) -> Reissue:
    root = tmp_path_factory.mktemp("reissue")
    warehouse = copy_of(base_edition, root / "warehouse")
    document = first_goal_of(FIXTURES / "corrected_reissue.txt", root)
    sources = sources_with(root, (document, "report.txt"))
    # Landed here first (seconds, in this process), so the refresh to kill goes straight
    # to its build instead of importing and running the landing checks again.
    land(settings_in(warehouse, sources))
    published = warehouse / "warehouse.duckdb"
    before = sha(published)
    outlived = killed_during_dbt_build(warehouse, sources)
    after_the_kill = sha(published)
    overrides = root / "overrides.csv"
    overrides.write_text(
        "suite,check,report_year,reason,accepted_by,accepted_on\n"
        "mart_volume_by_priority,projects_do_not_drop,2023,goals 2-4 moved to a separate "
        "report,analyst O. Koval,2026-11-26\n"
        "mart_volume_by_priority,entries_do_not_drop,2023,same,analyst O. Koval,2026-11-26\n",
        encoding="utf-8",
    )
    with reader_of(published) as reader, pytest.MonkeyPatch.context() as monkeypatch:
        reader_before = reader()
        monkeypatch.setattr("orchestration.quality.overrides.OVERRIDES_CSV", overrides)
        summary = refresh(settings_in(warehouse, sources))  # the next one, straight away
        reader_after = reader()
    return Reissue(
        warehouse, document, before, outlived, after_the_kill, summary, reader_before, reader_after
    )


def published_answer(reissue: Reissue, question: str) -> list[tuple]:
    with duckdb.connect(str(reissue.warehouse / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(question).fetchall()


def test_a_refresh_killed_during_dbt_build_takes_dbt_with_it_and_the_next_one_succeeds(
    reissue: Reissue,
) -> None:
    assert not reissue.dbt_outlived_the_kill, "dbt outlived the refresh that started it"
    assert reissue.after_the_kill == reissue.before
    # The next refresh freed what the killed one held, then built and published.
    assert any("of an interrupted refresh was marked failed" in n for n in reissue.summary.notices)
    assert sha(reissue.warehouse / "warehouse.duckdb") != reissue.before
    assert published_answer(reissue, "select count(*) from marts.dim_project") == [(3,)]
    assert published_answer(reissue, CORRECTED_TEXT) == [(1,)]


def test_an_accepted_drop_is_published_and_the_override_is_recorded(reissue: Reissue) -> None:
    accepted = [o for o in reissue.summary.outcomes if o.status == "overridden"]
    assert {o.check for o in accepted} == {"projects_do_not_drop", "entries_do_not_drop"}
    assert published_answer(
        reissue,
        "select status, override_reason from marts.fct_check_result "
        "where check_name = 'projects_do_not_drop'",
    ) == [("overridden", "goals 2-4 moved to a separate report (analyst O. Koval, 2026-11-26)")]


def test_a_corrected_reissue_replaces_the_year_and_the_earlier_version_stays_recorded(
    reissue: Reissue,
) -> None:
    documents = published_answer(
        reissue,
        "select document_id, document_status, superseded_by_document_id "
        "from marts.dim_source_document order by document_status",
    )
    assert documents == [
        (sha(reissue.document), "current", None),
        (sha(BASE), "superseded", sha(reissue.document)),
    ]
    assert published_answer(reissue, CORRECTED_TEXT) == [(1,)]


def test_a_reader_holding_the_published_file_does_not_block_a_refresh(reissue: Reissue) -> None:
    assert reissue.reader_before == 0
    assert reissue.reader_after == 0  # the reader keeps its edition
    assert published_answer(reissue, CORRECTED_TEXT) == [(1,)]  # a new connection: the new one
