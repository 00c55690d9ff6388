"""The real pipeline on the embedded 2023 report: Dagster runs, dbt build, DuckDB file.

The suite's published seed is shared by the tests of this module; the rebuild and the
failure tests make their own refreshes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from bi_shape import shape
from refreshing import Published

from orchestration.refresh import RefreshFailed, RefreshSummary, refresh
from orchestration.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.integration

SEED = PROJECT_ROOT / "sources" / "reports" / "zhytomyr" / "zhytomyr_concept_2030_report_2023.txt"
INDICATORS = (
    PROJECT_ROOT / "sources/indicators/zhytomyr/zhytomyr_city_main_indicators_2014_2020.csv"
)
CONTRACT = {
    "dim_source_document": [
        "document_id",
        "source_path",
        "document_kind",
        "city",
        "report_year",
        "byte_size",
        "loaded_at",
        "load_run_id",
        "parser_version",
    ],
    "dim_period": ["period_key", "period_grain", "year", "quarter", "period_start", "period_end"],
    "dim_priority": [
        "priority_key",
        "strategy_code",
        "priority_ordinal",
        "priority_name",
        "priority_name_en",
    ],
    "dim_strategic_goal": [
        "goal_key",
        "priority_key",
        "goal_ordinal",
        "goal_number_printed",
        "goal_title",
    ],
    "dim_task": ["task_key", "goal_key", "task_number_printed", "task_description"],
    "dim_project": [
        "project_key",
        "task_key",
        "project_name",
        "period_start_year",
        "period_end_year",
        "project_description",
    ],
    "dim_department": [
        "department_key",
        "department_name",
        "department_name_en",
        "department_kind",
    ],
    "fct_implementation_entry": [
        "entry_key",
        "report_year",
        "document_id",
        "task_key",
        "project_key",
        "implementation_text",
        "line_start",
        "line_end",
    ],
    "bridge_entry_department": ["entry_key", "department_key"],
}


def settings_in(folder: Path, sources: Path | None = None) -> Settings:
    return Settings(
        project_root=PROJECT_ROOT,
        sources_dir=sources or PROJECT_ROOT / "sources",
        warehouse_dir=folder,
    )


def run_refresh(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> RefreshSummary:
    monkeypatch.setenv("WAREHOUSE_DIR", str(settings.warehouse_dir))
    monkeypatch.setenv("WAREHOUSE_SOURCES_DIR", str(settings.sources_dir))
    monkeypatch.setenv("DAGSTER_HOME", str(settings.dagster_home))
    return refresh(settings)


@pytest.fixture(scope="module")
def published(seed: Published) -> tuple[Settings, RefreshSummary]:
    """The suite's published seed (tests/conftest.py): these tests only read it."""
    return seed.settings, seed.summary


def query(settings: Settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(settings.published_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_the_seed_is_published_with_its_6_priorities_25_goals_86_tasks_and_180_projects(
    published: tuple[Settings, RefreshSummary],
) -> None:
    settings, summary = published
    assert summary.mart_rows["dim_priority"] == 6
    assert summary.mart_rows["dim_strategic_goal"] == 25
    assert summary.mart_rows["dim_task"] == 86
    assert summary.mart_rows["dim_project"] == 180
    (project_entries,) = query(
        settings,
        "select count(*) from marts.fct_implementation_entry where project_key is not null",
    )[0]
    assert project_entries >= 180


def test_about_22_canonical_departments_are_published(
    published: tuple[Settings, RefreshSummary],
) -> None:
    settings, _ = published
    (departments,) = query(
        settings,
        "select count(distinct department_key) from marts.bridge_entry_department",
    )[0]
    assert 20 <= departments <= 25


def test_every_contract_column_of_every_mart_exists(
    published: tuple[Settings, RefreshSummary],
) -> None:
    settings, _ = published
    rows = query(
        settings,
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'marts'",
    )
    present = {(t, c) for t, c in rows}
    missing = [(t, c) for t, cols in CONTRACT.items() for c in cols if (t, c) not in present]
    assert missing == []


def test_the_document_rows_carry_the_sha256_of_the_seed_report_and_the_shipped_indicators(
    published: tuple[Settings, RefreshSummary],
) -> None:
    settings, _ = published
    rows = query(
        settings,
        "select document_id, source_path, report_year, byte_size from marts.dim_source_document "
        "order by document_kind desc",
    )
    sha = hashlib.sha256(SEED.read_bytes()).hexdigest()
    indicators = hashlib.sha256(INDICATORS.read_bytes()).hexdigest()
    assert rows == [
        (sha, "sources/reports/zhytomyr/" + SEED.name, 2023, SEED.stat().st_size),
        (indicators, "sources/indicators/zhytomyr/" + INDICATORS.name, None, 1701),
    ]


def test_every_entry_points_at_source_lines_that_hold_its_text(
    published: tuple[Settings, RefreshSummary],
) -> None:
    settings, _ = published
    lines = SEED.read_text(encoding="utf-8").split("\n")
    entries = query(
        settings,
        "select line_start, line_end, implementation_text from marts.fct_implementation_entry",
    )
    assert len(entries) == 211
    for start, end, text in entries:
        assert 1 <= start <= end <= len(lines)
        first_paragraph = (text or "").split("\n")[0][:40]
        assert first_paragraph in "\n".join(lines[start - 1 : end])


def test_the_project_with_a_house_number_keeps_its_years_and_description(
    published: tuple[Settings, RefreshSummary],
) -> None:
    settings, _ = published
    rows = query(
        settings,
        "select period_start_year, period_end_year, project_description from marts.dim_project "
        "where project_name = 'Навчальний велопарк для дітей'",
    )
    assert rows == [(2021, 2023, "уздовж вул. Небесної сотні, 52-54")]


def test_the_refresh_is_recorded_in_the_dagster_instance_under_the_warehouse_folder(
    published: tuple[Settings, RefreshSummary],
) -> None:
    settings, summary = published
    assert (settings.dagster_home / "dagster.yaml").exists()
    # one landing run for 2023, one for the shipped indicator table (its first quarter's run
    # lands it whole for 2014-Q4 … 2020-Q4), one build-and-publish run
    assert len(summary.run_ids) == 1 + 1 + 1
    assert summary.checks_passed > 100 and summary.blocking == []
    # the seed prints strategic-goal number 3 twice in its sixth priority: a warning, with lines
    (warning,) = summary.warnings
    assert warning.check == "goal_number_printed_once"
    assert [loc.split(":")[1] for loc in warning.locations] == ["422", "436"]


def _snapshot(settings: Settings) -> dict[str, list[tuple]]:
    volatile = {"loaded_at", "load_run_id"}
    tables: dict[str, list[tuple]] = {}
    with duckdb.connect(str(settings.published_path), read_only=True) as con:
        for table in CONTRACT:
            columns = [
                r[0]
                for r in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = 'marts' and table_name = ? order by ordinal_position",
                    [table],
                ).fetchall()
                if r[0] not in volatile
            ]
            select = ", ".join(f'"{c}"' for c in columns)
            tables[table] = con.execute(
                f"select {select} from marts.{table} order by all"
            ).fetchall()
    return tables


def test_two_rebuilds_give_identical_keys_rows_bi_columns_and_export_manifest(
    published: tuple[Settings, RefreshSummary],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, _ = published
    second = settings_in(tmp_path / "again")
    run_refresh(monkeypatch, second)
    assert _snapshot(first) == _snapshot(second)
    # what dashboards depend on: bi views' columns, exported files' keys, rows and manifest
    before, after = shape(first.warehouse_dir), shape(second.warehouse_dir)
    assert before.keys() == after.keys()
    for name in before:
        assert before[name] == after[name], name


BREAKAGES = {
    # caught by the parser: a row cut short
    "truncated_row": (
        ("\t\tІндустріальний парк 2021-2023\t", "\t\tІндустріальний парк 2021-2023\n"),
        ["a table row with 3 cells", ":12:"],
    ),
    # caught by the parser: a paragraph outside the table
    "stray_line": (
        ("\n\nСтратегічна ціль 2**", "\nЦей абзац не належить таблиці\n\nСтратегічна ціль 2**"),
        ["a line outside the table", ":13:"],
    ),
    # caught by a dbt test after the landing passed
    "unknown_priority": (
        ('пріоритету "Ефективне місто"', 'пріоритету "Неіснуючий пріоритет"'),
        ["Неіснуючий пріоритет", ":3:", "priorities.csv"],
    ),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_a_broken_report_is_refused_with_file_and_line_and_the_published_file_is_untouched(
    breakage: str,
    published: tuple[Settings, RefreshSummary],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (old, new), expected = BREAKAGES[breakage]
    source, _ = published
    warehouse = tmp_path / "warehouse"
    shutil.copytree(source.warehouse_dir, warehouse, ignore=shutil.ignore_patterns("dagster_home"))
    sources = tmp_path / "sources"
    bad = sources / "reports" / "zhytomyr" / SEED.name
    bad.parent.mkdir(parents=True)
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    settings = settings_in(warehouse, sources)
    before = hashlib.sha256(settings.published_path.read_bytes()).hexdigest()
    with pytest.raises(RefreshFailed) as failure:
        run_refresh(monkeypatch, settings)
    message = str(failure.value)
    assert SEED.name in message or "r.txt" in message
    for fragment in expected:
        assert fragment in message
    assert hashlib.sha256(settings.published_path.read_bytes()).hexdigest() == before


def test_warehouse_status_names_the_published_sources_and_mart_rows(
    published: tuple[Settings, RefreshSummary],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from orchestration.cli import main

    settings, _ = published
    monkeypatch.setenv("WAREHOUSE_DIR", str(settings.warehouse_dir))
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert f"2023  sources/reports/zhytomyr/{SEED.name}" in out
    assert "marts.dim_project" in out and " 180" in out


def test_warehouse_status_says_so_when_nothing_is_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from orchestration.cli import main

    monkeypatch.setenv("WAREHOUSE_DIR", str(tmp_path))
    assert main(["status"]) == 1
    assert "Nothing is published yet" in capsys.readouterr().out


def test_each_publish_is_kept_as_a_read_only_edition_with_a_manifest(
    published: tuple[Settings, RefreshSummary],
) -> None:
    from orchestration.editions import find_edition, list_editions

    settings, summary = published
    editions = list_editions(settings)
    assert len(editions) >= 1
    latest = find_edition(settings, editions[-1].stamp[:10])
    manifest = latest.manifest()
    sources = {s["document_id"] for s in manifest["sources"]}
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() in sources
    assert manifest["mart_rows"]["dim_project"] == 180
    assert manifest["run_id"] in summary.run_ids
    assert not os.access(latest.path, os.W_OK) or os.geteuid() == 0
    assert oct(latest.path.stat().st_mode & 0o777) == "0o444"


def test_an_unknown_department_is_loaded_with_a_warning_that_names_it_and_its_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sources = tmp_path / "sources"
    bad = sources / "reports" / "zhytomyr" / SEED.name
    bad.parent.mkdir(parents=True)
    text = SEED.read_text(encoding="utf-8")
    bad.write_text(
        text.replace(
            "Департамент економічного розвитку міської ради", "Департамент чарівництва", 1
        ),
        encoding="utf-8",
    )
    settings = settings_in(tmp_path / "warehouse", sources)
    summary = run_refresh(monkeypatch, settings)
    warned = [o for o in summary.warnings if o.check == "body_is_known_department"]
    assert len(warned) == 1
    assert warned[0].locations == (
        f"sources/reports/zhytomyr/{SEED.name}:9: «Департамент чарівництва»",
    )
    rows = query(
        settings,
        "select status, severity, locations from marts.fct_check_result "
        "where check_name = 'body_is_known_department'",
    )
    assert rows[0][:2] == ("failed", "warning") and "Департамент чарівництва" in rows[0][2]
    (departments,) = query(
        settings,
        "select count(*) from marts.bridge_entry_department as b "
        "join marts.fct_implementation_entry as e using (entry_key) where e.line_start = 9",
    )[0]
    assert departments == 0  # the unknown body is not invented as a department
