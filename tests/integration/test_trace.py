"""`warehouse trace` on a real published warehouse: from a figure id to the characters of
its source line, with the source file's sha256 checked again, and from an edition."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from refreshing import Published

from orchestration.cli import main
from orchestration.editions import list_editions
from orchestration.settings import PROJECT_ROOT, Settings
from orchestration.trace import TraceError, render, trace

pytestmark = pytest.mark.integration

SEED_NAME = "zhytomyr_concept_2030_report_2023.txt"
SEED_PATH = f"sources/reports/zhytomyr/{SEED_NAME}"
MIXED_AMOUNT = "1 млн. 250 тис. гривень"


@pytest.fixture(scope="module")
def published(seed: Published, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The suite's published seed, its sources read from a copy of sources/ (what was
    loaded, byte for byte), so a test may change a file after publishing."""
    sources = tmp_path_factory.mktemp("trace") / "sources"
    shutil.copytree(seed.settings.sources_dir, sources)
    return Settings(PROJECT_ROOT, sources, seed.settings.warehouse_dir)


def _point_env_at(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setenv("WAREHOUSE_DIR", str(settings.warehouse_dir))
    monkeypatch.setenv("WAREHOUSE_SOURCES_DIR", str(settings.sources_dir))


def figure_id(settings: Settings, raw_text: str = MIXED_AMOUNT) -> str:
    with duckdb.connect(str(settings.published_path), read_only=True) as con:
        (found,) = con.execute(
            "select figure_id from marts.fct_reported_figure where raw_text = ? "
            "order by line_number limit 1",
            [raw_text],
        ).fetchone()
    return found


def run(monkeypatch: pytest.MonkeyPatch, settings: Settings, *argv: str) -> int:
    _point_env_at(monkeypatch, settings)
    return main(["trace", *argv])


def test_every_published_figure_is_the_exact_slice_of_its_source_file_line(
    published: Settings,
) -> None:
    lines = (published.sources_dir / SEED_PATH.removeprefix("sources/")).read_text(encoding="utf-8")
    source_lines = lines.split("\n")
    with duckdb.connect(str(published.published_path), read_only=True) as con:
        rows = con.execute(
            "select line_number, char_start, char_end, raw_text from marts.fct_reported_figure"
        ).fetchall()
    assert len(rows) > 250
    for line_number, start, end, raw_text in rows:
        assert source_lines[line_number - 1][start:end] == raw_text


def test_a_figure_is_traced_from_the_mart_through_dbt_and_landing_to_its_characters(
    published: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(monkeypatch, published, figure_id(published)) == 0
    out = capsys.readouterr().out
    sha = hashlib.sha256((PROJECT_ROOT / SEED_PATH).read_bytes()).hexdigest()
    assert "marts.fct_reported_figure" in out
    assert "← staging.stg_reports__figures" in out
    assert "landing.report_figures [source]" in out
    assert "landing.report_figures\n" in out and "landing.report_lines\n" in out
    assert SEED_PATH in out and f"recorded {sha}" in out and f"now      {sha}" in out
    assert "verified" in out
    assert f"[[{MIXED_AMOUNT}]]" in out  # not a terminal: brackets, not colours
    assert f"the span equals the raw text '{MIXED_AMOUNT}'" in out


def test_the_json_form_carries_the_whole_chain_for_tools(
    published: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wanted = figure_id(published)
    assert run(monkeypatch, published, wanted[:12], "--json") == 0
    body = json.loads(capsys.readouterr().out)
    assert body["kind"] == "figure" and body["mart_row"]["figure_id"] == wanted
    assert body["mart_row"]["value"] == 1_250_000 and body["mart_row"]["unit"] == "UAH"
    chain = [step["unique_id"] for step in body["models"]]
    assert chain[0] == "model.strategy_warehouse.fct_reported_figure"
    assert chain.index("model.strategy_warehouse.stg_reports__figures") < chain.index(
        "source.strategy_warehouse.landing.report_figures"
    )
    assert body["landing"]["report_figures"]["raw_text"] == MIXED_AMOUNT
    source = body["source"]
    assert source["status"] == "verified" and source["slice_matches"] is True
    assert source["line_text"][source["char_start"] : source["char_end"]] == MIXED_AMOUNT
    assert f"[[{MIXED_AMOUNT}]]" in source["highlighted"]
    assert body["tampered"] is False


def test_a_source_file_changed_after_loading_is_flagged_as_tampered(
    published: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    changed = tmp_path / "sources"
    shutil.copytree(published.sources_dir, changed)
    seed = changed / SEED_PATH.removeprefix("sources/")
    seed.write_text(
        seed.read_text(encoding="utf-8").replace(MIXED_AMOUNT, "2 млн. 250 тис. гривень"),
        encoding="utf-8",
    )
    settings = Settings(PROJECT_ROOT, changed, published.warehouse_dir)
    assert run(monkeypatch, settings, figure_id(published)) == 1
    out = capsys.readouterr().out
    assert "TAMPERED" in out and "today's file prints another text on this line" in out
    result = trace(settings, figure_id(published))
    assert result.tampered and result.source is not None
    assert result.source.current_sha256 == hashlib.sha256(seed.read_bytes()).hexdigest()
    assert result.source.slice_matches  # the landed line still holds what was published


def test_a_source_file_that_is_gone_is_flagged_as_missing(
    published: Settings, tmp_path: Path
) -> None:
    settings = Settings(tmp_path, tmp_path / "sources", published.warehouse_dir)
    result = trace(settings, figure_id(published))
    assert result.source is not None and result.source.status == "missing"
    assert "MISSING" in render(result)


def test_a_source_replaced_by_a_link_out_of_sources_is_named_and_never_read(
    published: Settings, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere.txt"
    outside.write_bytes((published.sources_dir / SEED_PATH.removeprefix("sources/")).read_bytes())
    linked = tmp_path / "sources"
    shutil.copytree(published.sources_dir, linked)
    seed = linked / SEED_PATH.removeprefix("sources/")
    seed.unlink()
    seed.symlink_to(outside)  # the very same bytes, but outside sources/
    result = trace(Settings(PROJECT_ROOT, linked, published.warehouse_dir), figure_id(published))
    assert result.source is not None and result.source.status == "refused"
    assert result.tampered and result.source.current_sha256 is None
    assert "NOT READ" in render(result)


def test_an_edition_answers_for_what_was_published_then(
    published: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    warehouse = tmp_path / "warehouse"
    shutil.copytree(published.warehouse_dir, warehouse, ignore=shutil.ignore_patterns("dagster*"))
    (warehouse / "warehouse.duckdb").unlink()  # what is published now no longer has it
    settings = Settings(PROJECT_ROOT, published.sources_dir, warehouse)
    (edition,) = list_editions(settings)
    wanted = figure_id(published)
    assert run(monkeypatch, settings, wanted) == 2  # nothing is published: a clear error
    assert "nothing is published" in capsys.readouterr().err
    assert run(monkeypatch, settings, wanted, "--edition", edition.stamp[:10], "--json") == 0
    body = json.loads(capsys.readouterr().out)
    assert body["edition"] == edition.stamp
    assert body["warehouse_path"].endswith(f"editions/{edition.stamp}/warehouse.duckdb")
    assert body["source"]["status"] == "verified"
    assert run(monkeypatch, settings, wanted, "--edition", "1999-01-01") == 2
    assert "no edition published on '1999-01-01'" in capsys.readouterr().err


def test_an_unknown_id_is_refused_with_what_to_give_instead(
    published: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(monkeypatch, published, "ffffffffffffffff") == 2
    assert "no figure with id 'ffffffffffffffff'" in capsys.readouterr().err
    assert run(monkeypatch, published, "Житомир") == 2
    assert "neither a figure id" in capsys.readouterr().err


def test_a_kpi_value_is_traced_when_the_warehouse_has_kpi_values(published: Settings) -> None:
    with duckdb.connect(str(published.published_path), read_only=True) as con:
        has_kpis = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'marts' and table_name = 'fct_kpi_value'"
        ).fetchone()[0]
        row = (
            con.execute(
                "select k.kpi_code, v.period_key from marts.fct_kpi_value v "
                "join marts.dim_kpi k using (kpi_key) where v.scope_kind = 'city' limit 1"
            ).fetchone()
            if has_kpis
            else None
        )
    if row is None:
        with pytest.raises(TraceError, match="only figure ids can be traced"):
            trace(published, "kpi:any:2023")
        return
    result = trace(published, f"kpi:{row[0]}:{row[1]}")
    assert result.kind == "kpi_value" and result.models[0].relation == "marts.fct_kpi_value"
