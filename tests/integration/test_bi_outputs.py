"""What BI users and analysts get from a real refresh of the seed: the `bi` views in the
published file, the Parquet export and its manifest, the Dagster metadata, the CLI's
status and progress — and the same names and keys after a second rebuild."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from bi_shape import export_manifest
from seed_warehouse import Published, published_seed

from orchestration.cli import main
from orchestration.editions import list_editions
from orchestration.settings import PROJECT_ROOT

pytestmark = pytest.mark.integration

SEED = PROJECT_ROOT / "sources" / "reports" / "zhytomyr" / "zhytomyr_concept_2030_report_2023.txt"
BI_VIEWS = {
    "project_status",
    "project_status_by_department",
    "priority_scorecard",
    "reported_figures",
    "kpi_values",
    "project_history",
    "implementation_entries",
    "status_review_queue",
}
# Values that differ between two loads of the same file by design (when, by which run).


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    return published_seed(tmp_path_factory)


def _views(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "select view_name from duckdb_views() where database_name = ? and schema_name = 'bi' "
            "order by 1",
            [catalog],
        ).fetchall()
    ]


def test_every_bi_view_works_in_the_published_file_opened_read_only_under_any_name(
    published: Published,
) -> None:
    path = published.settings.published_path
    with duckdb.connect(str(path), read_only=True) as con:
        views = _views(con, "warehouse")
        assert set(views) == BI_VIEWS
        for view in views:
            con.execute(f"select * from bi.{view} limit 5").fetchall()
        definitions = [
            r[0]
            for r in con.execute(
                "select sql from duckdb_views() where schema_name = 'bi'"
            ).fetchall()
        ]
    # built in build/next.duckdb, published under another name: no view may name "next"
    assert not any(re.search(r'\bnext\b"?\.', sql) for sql in definitions)
    with duckdb.connect() as con:  # as a BI tool that attaches the file under its own alias
        con.execute(f"attach '{path}' as city_strategy (read_only)")
        for view in _views(con, "city_strategy"):
            (rows,) = con.execute(f"select count(*) from city_strategy.bi.{view}").fetchone()
            assert rows > 0, view


def test_bi_views_carry_the_labels_and_keep_the_marts_rows(published: Published) -> None:
    with duckdb.connect(str(published.settings.published_path), read_only=True) as con:
        labels = con.execute(
            "select distinct status, status_label_uk, status_label_en from bi.project_status"
        ).fetchall()
        assert ("suspended", "Призупинено", "Suspended") in labels
        assert all(uk and en for _, uk, en in labels)
        for view, mart in [
            ("project_status", "fct_project_status"),
            ("reported_figures", "fct_reported_figure"),
            ("kpi_values", "fct_kpi_value"),
            ("implementation_entries", "fct_implementation_entry"),
            ("priority_scorecard", "mart_priority_scorecard"),
        ]:
            counts = con.execute(
                f"select (select count(*) from bi.{view}), (select count(*) from marts.{mart})"
            ).fetchone()
            assert counts[0] == counts[1], view
        priority = con.execute(
            "select priority_name, priority_name_en, responsible_departments_en "
            "from bi.project_status where project_name = 'Навчальний велопарк для дітей'"
        ).fetchone()
        assert priority[:2] == ("Активне місто", "Active City") and priority[2]
        comments = con.execute(
            "select count(*), count(comment) from duckdb_columns() "
            "where schema_name in ('marts', 'bi')"
        ).fetchone()
        assert comments[0] == comments[1]  # every column documented in the file itself


def test_the_export_holds_every_mart_and_bi_view_with_rows_described_columns_and_sources(
    published: Published,
) -> None:
    settings = published.settings
    manifest = export_manifest(settings.warehouse_dir)
    with duckdb.connect(str(settings.published_path), read_only=True) as con:
        marts = {
            r[0]
            for r in con.execute(
                # tables and views: marts.fct_check_result is a view over the load's outcomes
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        }
    exported = {(t["schema"], t["table"]) for t in manifest["tables"]}
    assert exported == {("marts", m) for m in marts} | {("bi", v) for v in BI_VIEWS}
    for table in manifest["tables"]:
        frame = pd.read_parquet(settings.warehouse_dir / "export" / table["file"])
        assert len(frame) == table["rows"], table["file"]
        assert list(frame.columns) == [c["name"] for c in table["columns"]]
        assert all(c["description"] for c in table["columns"]), table["file"]
    assert manifest["edition"] == list_editions(settings)[-1].stamp
    with duckdb.connect(str(settings.published_path), read_only=True) as con:
        documents = con.execute(
            "select source_path, document_id from marts.dim_source_document"
        ).fetchall()
    assert sorted((s["source_path"], s["sha256"]) for s in manifest["sources"]) == sorted(documents)
    seed = hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert (f"sources/reports/zhytomyr/{SEED.name}", seed) in documents


def test_the_refresh_names_each_step_as_it_goes_with_its_time(published: Published) -> None:
    done = [line for line in published.progress if line.lstrip().startswith("✓")]
    for step in (
        "parse the report",
        "checks on the landed report",
        "dbt build",
        "checks on the marts",
        "publish",
        "Parquet export",
        "annual report",
    ):
        lines = [d for d in done if step in d]
        assert lines and all(re.search(r"\d+\.\d s$", line) for line in lines), step
    assert not any("after publishing failed" in n for n in published.summary.notices)


def test_warehouse_status_tells_the_edition_the_last_refresh_and_the_warnings(
    published: Published, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = published.settings
    monkeypatch.setenv("WAREHOUSE_DIR", str(settings.warehouse_dir))
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    edition = list_editions(settings)[-1].stamp
    assert f"edition:  {edition}" in out
    assert "— published this edition" in out
    assert f"(edition {edition}, up to date)" in out
    assert "[warning, failed] report_goals.goal_number_printed_once" in out
    assert f"{SEED.name}:422" in out

    stopped = settings.warehouse_dir / "quarantine" / "2999-01-01T000000.000000Z"
    stopped.mkdir(parents=True)
    try:
        (stopped / "REASON.txt").write_text(
            "Refresh stopped.\n\nWhat went wrong:\nr.txt:12: a table row with 3 cells\n",
            encoding="utf-8",
        )
        assert main(["status"]) == 0
        out = capsys.readouterr().out
        assert "STOPPED, nothing was published" in out and "r.txt:12: a table row" in out
    finally:
        shutil.rmtree(stopped)


def test_export_and_report_commands_rebuild_the_outputs_from_the_published_file(
    published: Published, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = published.settings
    monkeypatch.setenv("WAREHOUSE_DIR", str(settings.warehouse_dir))
    (settings.warehouse_dir / "export" / "dim_project.parquet").unlink()
    assert main(["export"]) == 0
    assert (settings.warehouse_dir / "export" / "dim_project.parquet").exists()
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    assert "Annual report for 2023" in out and "annual_report.en.html" in out


def test_an_error_is_one_paragraph_and_debug_shows_the_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WAREHOUSE_DIR", str(tmp_path))
    assert main(["report"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: nothing is published yet") and "Traceback" not in err
    assert main(["report", "--debug"]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_the_dagster_materializations_carry_rows_a_preview_and_the_report_link(
    published: Published, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dagster as dg

    monkeypatch.setenv("DAGSTER_HOME", str(published.settings.dagster_home))
    with dg.DagsterInstance.get() as instance:
        report = instance.get_latest_materialization_event(dg.AssetKey("annual_report"))
        export = instance.get_latest_materialization_event(dg.AssetKey("bi_export"))
    report_meta = report.asset_materialization.metadata
    assert report_meta["report"].value.endswith("/reports/annual_report.html")
    assert "| 1. Ефективне місто | 13 |" in report_meta["scorecard_preview"].value
    export_meta = export.asset_materialization.metadata
    assert export_meta["dagster/row_count"].value > 2000
    assert "| dim_project.parquet | 180 |" in export_meta["tables"].value
    preview = export_meta["preview_bi_project_status"].value
    assert preview.startswith("| report_year | priority_name | project_name | status_label_uk |")
    assert "| 2023 | Ефективне місто | Бізнес-платформа | Постійна діяльність |" in preview
