"""Lineage of a real refresh: the OpenLineage events under warehouse/lineage/<run id>/, kept
with the edition; the column lineage of every mart and bi view in the events, in the
Dagster materializations and in `warehouse trace --column`; FAIL when a step fails."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb
import pytest
from openlineage_spec import SpecValidator
from refreshing import Published, settings_in

from orchestration.cli import main
from orchestration.editions import list_editions
from orchestration.lineage.events import events_dir
from orchestration.refresh import RefreshFailed, refresh
from orchestration.settings import PROJECT_ROOT

pytestmark = pytest.mark.integration

SEED = PROJECT_ROOT / "sources" / "reports" / "zhytomyr" / "zhytomyr_concept_2030_report_2023.txt"


def events_of(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def all_events(seed: Published) -> dict[str, list[dict[str, Any]]]:
    return {
        run: events_of(events_dir(seed.settings.warehouse_dir, run)) for run in seed.summary.run_ids
    }


def build_events(seed: Published) -> list[dict[str, Any]]:
    return events_of(events_dir(seed.settings.warehouse_dir, seed.summary.run_ids[-1]))


def completed(events: list[dict[str, Any]], job: str) -> dict[str, Any]:
    (found,) = [e for e in events if e["job"]["name"] == job and e["eventType"] == "COMPLETE"]
    return found


def views_and_marts(seed: Published) -> dict[str, list[str]]:
    with duckdb.connect(str(seed.settings.published_path), read_only=True) as con:
        rows = con.execute(
            "select table_schema || '.' || table_name, column_name from information_schema.columns "
            "where table_schema in ('marts', 'bi') "
            "order by table_schema, table_name, ordinal_position"
        ).fetchall()
    found: dict[str, list[str]] = defaultdict(list)
    for relation, column in rows:
        found[relation].append(column)
    return found


def test_every_step_of_every_run_has_a_start_then_a_complete_of_one_run(seed: Published) -> None:
    for run, events in all_events(seed).items():
        assert events, f"no events for run {run}"
        by_step: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for event in events:
            assert event["run"]["facets"]["parent"]["run"]["runId"] == run
            by_step[event["run"]["runId"]].append(event)
        for step in by_step.values():
            states = sorted(e["eventType"] for e in step)
            assert states == ["COMPLETE", "START"], step[0]["job"]["name"]
            start, end = sorted(step, key=lambda e: e["eventType"] != "START")
            assert start["eventTime"] <= end["eventTime"]
    jobs = {e["job"]["name"] for events in all_events(seed).values() for e in events}
    for job in ("landing_tables", "published_warehouse", "bi_export", "bi_workbook"):
        assert job in jobs
    assert {"annual_report", "dbt.marts.fct_project_status", "dbt.seeds.departments"} <= jobs


def test_the_landing_of_the_seed_reads_the_source_file_by_its_sha256(seed: Published) -> None:
    sha256 = hashlib.sha256(SEED.read_bytes()).hexdigest()
    landings = [
        e
        for events in all_events(seed).values()
        for e in events
        if e["job"]["name"] == f"report_landing.sources/reports/zhytomyr/{SEED.name}"
        and e["eventType"] == "COMPLETE"
    ]
    (source,) = landings[0]["inputs"]
    assert source["namespace"] == "file"
    assert source["name"].endswith(f"/sources/reports/zhytomyr/{SEED.name}")
    assert source["facets"]["version"]["datasetVersion"] == sha256
    written = {o["name"] for o in landings[0]["outputs"]}
    assert any(name.endswith(f"/lake/raw/report_lines/{sha256}.parquet") for name in written)


def test_every_mart_and_bi_view_has_the_column_lineage_of_each_column(seed: Published) -> None:
    events = build_events(seed)
    published = {o["name"]: o for o in completed(events, "published_warehouse")["outputs"]}
    for relation, columns in views_and_marts(seed).items():
        model = completed(events, f"dbt.{relation}")["outputs"][0]["facets"]
        for facets in (model, published[relation]["facets"]):
            assert set(facets["columnLineage"]["fields"]) == set(columns), relation
            assert [f["name"] for f in facets["schema"]["fields"]] == columns
    status = completed(events, "dbt.marts.fct_project_status")["outputs"][0]["facets"]
    inputs = status["columnLineage"]["fields"]["status"]["inputFields"]
    assert inputs == [
        {
            "namespace": "duckdb://warehouse",
            "name": "intermediate.int_project_statuses_decided",
            "field": "status",
            "transformations": [],
        }
    ]
    matches = completed(events, "dbt.intermediate.int_project_status_matches")["outputs"][0]
    chosen_by = matches["facets"]["columnLineage"]["dataset"]
    assert chosen_by and {t["type"] for i in chosen_by for t in i["transformations"]} == {
        "INDIRECT"
    }
    assertions = status["dataQualityAssertions"]["assertions"]
    assert {"not_null", "accepted_values"} <= {a["assertion"] for a in assertions}


def test_the_publish_event_carries_the_checks_recorded_on_the_marts(seed: Published) -> None:
    published = completed(build_events(seed), "published_warehouse")
    outputs = {o["name"]: o["facets"] for o in published["outputs"]}
    names = {a["name"] for a in outputs["marts.dim_project"]["dataQualityAssertions"]["assertions"]}
    assert any(name.startswith("mart_dim_project.") for name in names)
    landing = {
        a["name"] for a in outputs["landing.report_lines"]["dataQualityAssertions"]["assertions"]
    }
    assert any(name.startswith("report_lines.") for name in landing)


def test_the_edition_keeps_the_events_of_its_build_and_its_landings(seed: Published) -> None:
    (edition,) = list_editions(seed.settings)
    kept = edition.path.with_name("lineage")
    build_run = seed.summary.run_ids[-1]
    kept_jobs = {(e["job"]["name"], e["eventType"]) for e in events_of(kept / build_run)}
    assert ("published_warehouse", "COMPLETE") in kept_jobs
    assert ("dbt.marts.fct_project_status", "COMPLETE") in kept_jobs
    landed = [events_of(folder) for folder in kept.iterdir() if folder.name != build_run]
    jobs = {e["job"]["name"] for events in landed for e in events}
    assert f"report_landing.sources/reports/zhytomyr/{SEED.name}" in jobs
    assert edition.path.with_name("column_lineage.json").exists()


def test_every_event_is_valid_against_the_openlineage_schema(seed: Published) -> None:
    validator = SpecValidator()
    folder = seed.settings.warehouse_dir / "lineage"
    invalid = {
        path.name: errors
        for path in sorted(folder.rglob("*.json"))
        if (errors := validator.errors(json.loads(path.read_text(encoding="utf-8"))))
    }
    assert invalid == {}
    assert len(list(folder.rglob("*.json"))) > 100


def test_the_dbt_materializations_carry_column_lineage_for_the_dagster_ui(
    seed: Published, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dagster as dg

    monkeypatch.setenv("DAGSTER_HOME", str(seed.settings.dagster_home))
    with dg.DagsterInstance.get() as instance:
        event = instance.get_latest_materialization_event(
            dg.AssetKey(["marts", "fct_project_status"])
        )
    lineage = event.asset_materialization.metadata["dagster/column_lineage"].value
    assert lineage.deps_by_column["status"] == [
        dg.TableColumnDep(
            asset_key=dg.AssetKey(["intermediate", "int_project_statuses_decided"]),
            column_name="status",
        )
    ]


def test_trace_column_prints_the_chain_down_to_where_it_comes_from(
    seed: Published, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WAREHOUSE_DIR", str(seed.settings.warehouse_dir))
    assert main(["trace", "--column", "marts.fct_project_status.status"]) == 0
    shown = capsys.readouterr().out
    assert "  ← intermediate.int_project_statuses_decided.status" in shown
    assert "seeds.project_status_rules.status" in shown.split("Comes from:")[1]
    rows = shown.split("Which rows, chosen by joins, filters and grouping along the way, from:")
    assert "landing.report_entries.implementation_text" in rows[1]
    assert main(["trace", "--column", "bi.project_status.project_name", "--json"]) == 0
    chain = json.loads(capsys.readouterr().out)
    assert chain["column"] == "bi.project_status.project_name"
    assert any(ref.startswith("landing.report_entries.") for ref in chain["comes_from"])


def test_trace_column_of_an_unknown_column_names_the_near_ones(
    seed: Published, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WAREHOUSE_DIR", str(seed.settings.warehouse_dir))
    assert main(["trace", "--column", "marts.fct_project_status.statu"]) == 2
    error = capsys.readouterr().err
    assert "marts.fct_project_status has no column 'statu'" in error
    assert "marts.fct_project_status.status" in error


def test_a_landing_that_fails_writes_fail_with_the_parser_message(
    seed: Published, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = tmp_path / "warehouse"
    shutil.copytree(
        seed.settings.warehouse_dir,
        warehouse,
        ignore=shutil.ignore_patterns("dagster_home", "lineage"),
    )
    bad = tmp_path / "sources" / "reports" / "zhytomyr" / SEED.name
    bad.parent.mkdir(parents=True)
    text = SEED.read_text(encoding="utf-8")
    cut = "\t\tІндустріальний парк 2021-2023\t"
    assert cut in text
    bad.write_text(text.replace(cut, "\t\tІндустріальний парк 2021-2023\n", 1), encoding="utf-8")
    settings = settings_in(warehouse, tmp_path / "sources")
    monkeypatch.setenv("DAGSTER_HOME", str(settings.dagster_home))
    with pytest.raises(RefreshFailed):
        refresh(settings)
    events = [e for folder in (warehouse / "lineage").iterdir() for e in events_of(folder)]
    job = f"report_landing.sources/reports/zhytomyr/{SEED.name}"
    states = [e["eventType"] for e in events if e["job"]["name"] == job]
    assert sorted(states) == ["FAIL", "START"]
    (failed,) = [e for e in events if e["eventType"] == "FAIL"]
    assert ":12:" in failed["run"]["facets"]["errorMessage"]["message"]
