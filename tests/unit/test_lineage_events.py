"""OpenLineage events as the refresh writes them: a START and a COMPLETE or FAIL per step,
datasets named one way, the facets an auditor's catalogue reads, one file per event."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openlineage_spec import SpecValidator

from orchestration.lineage.catalog import keep_with
from orchestration.lineage.columns import ColumnRef
from orchestration.lineage.dbt import dbt_checks, write_dbt_events
from orchestration.lineage.events import (
    Check,
    LineageRecorder,
    file_dataset,
    step_run_id,
    table_dataset,
)
from orchestration.lineage.tables import published_tables, suite_relation

RUN = "0b1e6a4e-7d8f-4c1b-9a51-3f1f4d6e2a10"


def events_in(folder: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]


def recorder(tmp_path: Path) -> LineageRecorder:
    return LineageRecorder(tmp_path / RUN, "build_and_publish", RUN, "1.13.27")


def test_a_step_writes_start_then_complete_with_one_run_id_under_the_dagster_run(
    tmp_path: Path,
) -> None:
    source = tmp_path / "sources" / "report_2023.txt"
    with recorder(tmp_path).step(
        "report_landing.sources/report_2023.txt", inputs=[file_dataset(source, sha256="ab" * 32)]
    ) as step:
        step.outputs.append(table_dataset("landing.report_lines", columns=[("line", "INT", None)]))
    start, complete = events_in(tmp_path / RUN)
    assert [start["eventType"], complete["eventType"]] == ["START", "COMPLETE"]
    assert start["run"]["runId"] == complete["run"]["runId"] == step_run_id(RUN, step.name)
    assert complete["run"]["facets"]["parent"]["run"]["runId"] == RUN
    assert complete["run"]["facets"]["parent"]["job"]["name"] == "build_and_publish"
    (read,) = complete["inputs"]
    assert (read["namespace"], read["name"]) == ("file", str(source.absolute()))
    assert read["facets"]["version"]["datasetVersion"] == "ab" * 32
    (written,) = complete["outputs"]
    assert (written["namespace"], written["name"]) == ("duckdb://warehouse", "landing.report_lines")
    assert written["facets"]["schema"]["fields"][0]["name"] == "line"
    assert start["outputs"] == []  # what a step finds as it works is in its COMPLETE


def test_a_step_that_raises_writes_fail_with_the_error_and_the_error_goes_on(
    tmp_path: Path,
) -> None:
    with pytest.raises(ValueError, match="cut off mid-row"), recorder(tmp_path).step("landing"):
        raise ValueError("report_2023.txt:12: the file is cut off mid-row")
    start, fail = events_in(tmp_path / RUN)
    assert [start["eventType"], fail["eventType"]] == ["START", "FAIL"]
    error = fail["run"]["facets"]["errorMessage"]
    assert error["message"] == "ValueError: report_2023.txt:12: the file is cut off mid-row"
    assert "Traceback" in error["stackTrace"]


def test_column_lineage_and_checks_are_facets_of_the_output(tmp_path: Path) -> None:
    output = table_dataset(
        "marts.fct",
        columns=[("shown", "VARCHAR", "What is shown")],
        checks=[Check("not_null", True, name="not_null_fct_shown", column="shown")],
        lineage={"shown": [ColumnRef("staging.stg_entries", "entry_text")]},
        indirect=[ColumnRef("seeds.labels", "code")],
    )
    with recorder(tmp_path).step("dbt.marts.fct", outputs=[output]):
        pass
    facets = events_in(tmp_path / RUN)[-1]["outputs"][0]["facets"]
    assert facets["columnLineage"]["fields"]["shown"]["inputFields"] == [
        {
            "namespace": "duckdb://warehouse",
            "name": "staging.stg_entries",
            "field": "entry_text",
            "transformations": [],
        }
    ]
    assert facets["columnLineage"]["dataset"] == [
        {
            "namespace": "duckdb://warehouse",
            "name": "seeds.labels",
            "field": "code",
            "transformations": [{"type": "INDIRECT"}],
        }
    ]
    (assertion,) = facets["dataQualityAssertions"]["assertions"]
    assert (assertion["assertion"], assertion["success"], assertion["column"]) == (
        "not_null",
        True,
        "shown",
    )


MANIFEST = {
    "nodes": {
        "seed.p.labels": {
            "unique_id": "seed.p.labels",
            "resource_type": "seed",
            "schema": "seeds",
            "name": "labels",
            "original_file_path": "seeds/labels.csv",
            "checksum": {"name": "sha256", "checksum": "cd" * 32},
        },
        "model.p.fct": {
            "unique_id": "model.p.fct",
            "resource_type": "model",
            "schema": "marts",
            "name": "fct",
            "depends_on": {"nodes": ["seed.p.labels"]},
            "columns": {"label": {"description": "The label", "data_type": "varchar"}},
        },
        "model.p.broken": {
            "unique_id": "model.p.broken",
            "resource_type": "model",
            "schema": "marts",
            "name": "broken",
            "depends_on": {"nodes": ["model.p.fct"]},
        },
        "test.p.not_null_fct_label": {
            "unique_id": "test.p.not_null_fct_label",
            "resource_type": "test",
            "name": "not_null_fct_label",
            "attached_node": "model.p.fct",
            "column_name": "label",
            "test_metadata": {"name": "not_null"},
            "config": {"severity": "ERROR"},
        },
    }
}


def result(uid: str, status: str, start: str, end: str) -> dict:
    return {
        "unique_id": uid,
        "status": status,
        "message": "Binder Error: no column x" if status == "error" else "OK",
        "failures": 0 if uid.startswith("test.") else None,
        "timing": [
            {"name": "compile", "started_at": start, "completed_at": start},
            {"name": "execute", "started_at": start, "completed_at": end},
        ],
    }


RUN_RESULTS = {
    "results": [
        result("seed.p.labels", "success", "2026-12-01T10:00:00Z", "2026-12-01T10:00:01Z"),
        result("model.p.fct", "success", "2026-12-01T10:00:02Z", "2026-12-01T10:00:03Z"),
        result("test.p.not_null_fct_label", "pass", "2026-12-01T10:00:04Z", "2026-12-01T10:00:04Z"),
        result("model.p.broken", "error", "2026-12-01T10:00:05Z", "2026-12-01T10:00:06Z"),
    ]
}


def test_each_dbt_model_and_seed_has_its_events_at_the_times_dbt_recorded(tmp_path: Path) -> None:
    from orchestration.lineage.columns import ModelLineage

    lineage = {"marts.fct": ModelLineage("model.p.fct", "marts.fct", {"label": []})}
    written = write_dbt_events(
        recorder(tmp_path),
        RUN_RESULTS,
        MANIFEST,
        lineage,
        {"marts.fct": {"label": "VARCHAR"}},
        Path("/project/dbt_project"),
        datetime(2026, 12, 1, 10, 1, tzinfo=UTC),
    )
    assert written == 6
    events = {(e["job"]["name"], e["eventType"]): e for e in events_in(tmp_path / RUN)}
    assert set(events) == {
        ("dbt.seeds.labels", "START"),
        ("dbt.seeds.labels", "COMPLETE"),
        ("dbt.marts.fct", "START"),
        ("dbt.marts.fct", "COMPLETE"),
        ("dbt.marts.broken", "START"),
        ("dbt.marts.broken", "FAIL"),
    }
    seed_input = events["dbt.seeds.labels", "COMPLETE"]["inputs"][0]
    assert seed_input["name"] == "/project/dbt_project/seeds/labels.csv"
    assert seed_input["facets"]["version"]["datasetVersion"] == "cd" * 32
    fct = events["dbt.marts.fct", "COMPLETE"]
    assert fct["eventTime"] == "2026-12-01T10:00:03+00:00"
    assert events["dbt.marts.fct", "START"]["eventTime"] == "2026-12-01T10:00:02+00:00"
    assert [i["name"] for i in fct["inputs"]] == ["seeds.labels"]
    output = fct["outputs"][0]["facets"]
    assert output["schema"]["fields"] == [
        {
            "name": "label",
            "type": "VARCHAR",
            "description": "The label",
            "ordinal_position": 1,
            "fields": [],
        }
    ]
    assert output["dataQualityAssertions"]["assertions"][0]["name"] == "not_null_fct_label"
    assert "columnLineage" in output
    failed = events["dbt.marts.broken", "FAIL"]["run"]["facets"]["errorMessage"]
    assert failed["message"] == "Binder Error: no column x"


def test_dbt_tests_are_assertions_of_the_model_they_test() -> None:
    checks = dbt_checks(RUN_RESULTS, MANIFEST)
    assert list(checks) == ["marts.fct"]
    (check,) = checks["marts.fct"]
    assert (check.assertion, check.column, check.severity, check.success) == (
        "not_null",
        "label",
        "error",
        True,
    )


def test_a_suite_names_the_table_it_checks_or_none() -> None:
    relations = ["landing.report_lines", "marts.dim_project"]
    assert suite_relation("report_lines", relations) == "landing.report_lines"
    assert suite_relation("mart_dim_project", relations) == "marts.dim_project"
    assert suite_relation("mart_volume_by_priority", relations) is None


def test_only_modelled_tables_carry_column_lineage() -> None:
    from orchestration.lineage.columns import ModelLineage

    catalog = {"landing.report_lines": {"line": "INT"}, "marts.fct": {"label": "VARCHAR"}}
    lineage = {
        "marts.fct": ModelLineage("model.p.fct", "marts.fct", {"label": []}),
        "landing.report_lines": ModelLineage("x", "landing.report_lines", {"line": []}),
    }
    by_name = {d.name: d for d in published_tables(catalog, (), lineage)}
    assert by_name["marts.fct"].lineage == {"label": []}
    assert by_name["landing.report_lines"].lineage is None


def test_an_edition_keeps_the_events_of_its_runs_as_links(tmp_path: Path) -> None:
    with recorder(tmp_path).step("published_warehouse"):
        pass
    keep_with(tmp_path / "edition" / "lineage", [tmp_path / RUN, tmp_path / "missing"])
    kept = sorted((tmp_path / "edition" / "lineage" / RUN).iterdir())
    assert [p.name for p in kept] == [p.name for p in sorted((tmp_path / RUN).iterdir())]
    assert kept[0].stat().st_ino == (tmp_path / RUN / kept[0].name).stat().st_ino


def test_events_written_here_are_valid_and_a_broken_one_is_not(tmp_path: Path) -> None:
    validator = SpecValidator()
    output = table_dataset(
        "marts.fct",
        columns=[("shown", "VARCHAR", None)],
        checks=[Check("unique", False, column="shown", severity="warn")],
        lineage={"shown": [ColumnRef("staging.stg", "shown")]},
        indirect=[ColumnRef("staging.stg", "kind")],
    )
    with pytest.raises(RuntimeError), recorder(tmp_path).step("x", outputs=[output]):
        raise RuntimeError("stopped")
    events = events_in(tmp_path / RUN)
    assert [validator.errors(e) for e in events] == [[], []]
    broken = dict(events[0])
    del broken["eventTime"]
    assert validator.errors(broken) == ["event: 'eventTime' is a required property"]
    facet = events[1]["outputs"][0]["facets"]["columnLineage"]
    del facet["fields"]["shown"]["inputFields"][0]["field"]
    assert validator.errors(events[1]) == [
        "outputs[marts.fct].columnLineage: 'field' is a required property"
    ]


def test_an_event_time_that_is_not_rfc3339_is_invalid(tmp_path: Path) -> None:
    with recorder(tmp_path).step("x"):
        pass
    event = events_in(tmp_path / RUN)[0]
    assert SpecValidator().errors(event) == []
    assert SpecValidator().errors({**event, "eventTime": "2 December 2026, 18:00"}) == [
        "event: '2 December 2026, 18:00' is not a 'date-time'"
    ]


def test_a_built_table_s_enforced_constraints_are_assertions_that_held() -> None:
    contracted = {
        **MANIFEST["nodes"]["model.p.fct"],
        "contract": {"enforced": True},
        "columns": {
            "label": {"constraints": [{"type": "not_null"}, {"type": "primary_key"}]},
            "note": {"constraints": [{"type": "check", "expression": "note <> ''"}]},
        },
    }
    manifest = {"nodes": {**MANIFEST["nodes"], "model.p.fct": contracted}}
    checks = dbt_checks(RUN_RESULTS, manifest)["marts.fct"]
    assert [(c.assertion, c.column, c.success) for c in checks] == [
        ("not_null", "label", True),
        ("primary_key", "label", True),
        ("not_null", "label", True),  # the dbt test
    ]
    assert checks[0].name == "fct.label.not_null (contract)"
    failed = {
        "results": [
            {**r, "status": "error"} if r["unique_id"] == "model.p.fct" else r
            for r in RUN_RESULTS["results"]
        ]
    }
    assert [c.name for c in dbt_checks(failed, manifest)["marts.fct"]] == ["not_null_fct_label"]
