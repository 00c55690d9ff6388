"""`warehouse trace` of every kind of published row on the shared seed warehouse: an
implementation entry to its source lines, a project's status to the characters of its
deciding phrase, an indicator value to its file's row and column, an implementation KPI
to the entries it counts — each with the source file's sha256 checked again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from refreshing import Published

from orchestration.cli import main
from orchestration.settings import PROJECT_ROOT, Settings
from orchestration.trace import trace

pytestmark = pytest.mark.integration


def query(seed: Published, sql: str, *params: Any) -> list[tuple]:
    with duckdb.connect(str(seed.settings.published_path), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def trace_json(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    settings: Settings,
    wanted: str,
) -> tuple[int, dict[str, Any]]:
    monkeypatch.setenv("WAREHOUSE_DIR", str(settings.warehouse_dir))
    monkeypatch.setenv("WAREHOUSE_SOURCES_DIR", str(settings.sources_dir))
    code = main(["trace", wanted, "--json"])
    return code, json.loads(capsys.readouterr().out)


def source_lines(settings: Settings, source_path: str) -> list[str]:
    path = settings.sources_dir / source_path.removeprefix("sources/")
    return path.read_text(encoding="utf-8").split("\n")


def multi_line_entry(seed: Published) -> tuple[str, int, int]:
    return query(
        seed,
        "select entry_key, line_start, line_end from marts.fct_implementation_entry "
        "where line_end > line_start order by line_start limit 1",
    )[0]


def status_with_phrase(seed: Published) -> tuple[str, int]:
    return query(
        seed,
        "select project_key, report_year from marts.fct_project_status "
        "where evidence_char_start is not null order by evidence_line_number limit 1",
    )[0]


def indicator_value(seed: Published) -> tuple[str, str]:
    return query(
        seed,
        "select kpi_code, period_key from marts.fct_kpi_value where document_id is not null "
        "and source_sheet is null and scope_kind = 'city' order by source_row, source_column "
        "limit 1",
    )[0]


def implementation_kpi(seed: Published, code: str) -> tuple[str, float]:
    return query(
        seed,
        "select period_key, value from marts.fct_kpi_value "
        "where kpi_code = ? and scope_kind = 'city' order by period_key limit 1",
        code,
    )[0]


def test_an_entry_is_traced_to_every_source_line_it_was_read_from(
    seed: Published, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key, first, last = multi_line_entry(seed)
    code, body = trace_json(monkeypatch, capsys, seed.settings, f"entry:{key[:10]}")
    assert code == 0 and body["kind"] == "entry" and body["tampered"] is False
    assert body["mart_row"]["entry_key"] == key
    assert body["models"][0]["unique_id"] == "model.strategy_warehouse.fct_implementation_entry"
    assert body["landing"]["report_entries"]["line_start"] == first
    source = body["source"]
    assert source["status"] == "verified"
    assert (source["line_number"], source["line_end"]) == (first, last)
    lines = source_lines(seed.settings, source["source_path"])
    assert source["line_text"] == "\n".join(lines[first - 1 : last])
    assert source["current_line_text"] == source["line_text"]


def test_a_project_status_is_traced_to_the_characters_of_its_deciding_phrase(
    seed: Published, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project, year = status_with_phrase(seed)
    code, body = trace_json(monkeypatch, capsys, seed.settings, f"status:{project}:{year}")
    assert code == 0 and body["kind"] == "project_status" and body["tampered"] is False
    row, source = body["mart_row"], body["source"]
    assert source["status"] == "verified" and source["slice_matches"] is True
    assert source["line_number"] == row["evidence_line_number"]
    start, end = row["evidence_char_start"], row["evidence_char_end"]
    assert (source["char_start"], source["char_end"]) == (start, end)
    line = source_lines(seed.settings, source["source_path"])[source["line_number"] - 1]
    assert line[start:end] == row["status_evidence"] == source["raw_text"]
    assert f"[[{row['status_evidence']}]]" in source["highlighted"]
    assert body["landing"]["report_lines"]["line_number"] == source["line_number"]


def test_every_published_status_phrase_is_the_exact_slice_of_its_source_line(
    seed: Published,
) -> None:
    rows = query(
        seed,
        "select s.status_evidence, s.evidence_char_start, s.evidence_char_end, l.line_text "
        "from marts.fct_project_status s join landing.report_lines l "
        "on l.document_id = s.document_id and l.line_number = s.evidence_line_number "
        "where s.status_evidence is not null",
    )
    located = [r for r in rows if r[1] is not None]
    assert len(located) > 100 and len(located) >= 0.9 * len(rows)
    for phrase, start, end, line in located:
        assert line[start:end] == phrase


def test_a_status_traced_without_a_year_names_the_years_to_choose_from(
    seed: Published, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project, year = status_with_phrase(seed)
    body = trace(seed.settings, f"status:{project[:12]}")  # one report year: no need to name it
    assert body.mart_row["report_year"] == year
    monkeypatch.setenv("WAREHOUSE_DIR", str(seed.settings.warehouse_dir))
    assert main(["trace", "status:ffffffffffff"]) == 2
    assert "no project status matches 'ffffffffffff'" in capsys.readouterr().err
    assert main(["trace", "entry:ffffffffffff"]) == 2
    assert "no entry with entry_key 'ffffffffffff'" in capsys.readouterr().err


def test_an_indicator_value_is_traced_to_its_file_row_and_column(
    seed: Published, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    kpi, period = indicator_value(seed)
    code, body = trace_json(monkeypatch, capsys, seed.settings, f"kpi:{kpi}:{period}")
    assert code == 0 and body["kind"] == "kpi_value" and body["tampered"] is False
    row, source = body["mart_row"], body["source"]
    cell = body["landing"]["indicator_values"]
    assert (cell["row_number"], cell["column_number"]) == (row["source_row"], row["source_column"])
    assert source["status"] == "verified" and source["line_number"] == row["source_row"]
    line = source_lines(seed.settings, source["source_path"])[row["source_row"] - 1]
    assert line == source["line_text"] == body["landing"]["indicator_rows"]["row_text"]
    printed = line.split(";")[row["source_column"] - 1]
    assert source["raw_text"] == cell["value_printed"] == printed.strip()
    assert line[source["char_start"] : source["char_end"]] == printed.strip()
    assert f"[[{printed.strip()}]]" in source["highlighted"]


@pytest.mark.parametrize("code", ["entries_total", "projects_completed", "share_completed"])
def test_an_implementation_kpi_is_traced_to_the_entries_it_counts(
    seed: Published,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: str,
) -> None:
    period, value = implementation_kpi(seed, code)
    status, body = trace_json(monkeypatch, capsys, seed.settings, f"kpi:{code}:{period}")
    assert status == 0 and body["tampered"] is False and body["source"]["status"] == "verified"
    entries = body["computed_from"]
    assert entries and all(e["line_start"] <= e["line_end"] for e in entries)
    projects = {e["project_key"] for e in entries}
    if code == "entries_total":
        assert len(entries) == value
    elif code == "projects_completed":
        assert len(projects) == value and None not in projects
    else:
        counted = {e["project_key"] for e in entries if e["in_numerator"]}
        assert value == pytest.approx(100 * len(counted) / len(projects))
    step_ids = [step["unique_id"] for step in body["models"]]
    assert "model.strategy_warehouse.int_kpi_values_implementation" in step_ids


def test_the_entries_of_every_implementation_kpi_value_add_up_to_the_value(
    seed: Published,
) -> None:
    """bridge_kpi_value_entry and fct_kpi_value are computed apart: they must agree."""
    disagree = query(
        seed,
        """
        with counted as (
            select b.kpi_code, b.period_key, b.scope_kind, b.scope_key,
                count(distinct b.entry_key) as entries,
                count(distinct e.project_key) as projects,
                count(distinct e.project_key) filter (where b.in_numerator) as in_numerator,
                count(distinct e.task_key) as tasks,
                count(distinct d.department_key) as departments,
            from marts.bridge_kpi_value_entry b
            join marts.fct_implementation_entry e using (entry_key)
            left join marts.bridge_entry_department d
                on d.entry_key = b.entry_key
                and (b.scope_kind != 'department' or d.department_key = b.scope_key)
            group by all
        )
        select v.kpi_code, v.period_key, v.scope_kind, v.scope_key, v.value, c.*
        from marts.fct_kpi_value v
        join marts.dim_kpi k using (kpi_key)
        left join counted c on c.kpi_code = v.kpi_code and c.period_key = v.period_key
            and c.scope_kind = v.scope_kind and c.scope_key is not distinct from v.scope_key
        where k.kpi_kind = 'implementation' and v.value is distinct from case
            when v.kpi_code like 'projects_%' then coalesce(c.projects, 0)
            when v.kpi_code like 'tasks_%' then coalesce(c.tasks, 0)
            when v.kpi_code like 'entries_%' then coalesce(c.entries, 0)
            when v.kpi_code like 'share_%' then 100.0 * c.in_numerator / nullif(c.projects, 0)
            when v.kpi_code = 'responsible_bodies_total' then coalesce(c.departments, 0)
            else v.value end
        """,
    )
    assert disagree == []
    (listed,) = query(seed, "select count(distinct kpi_code) from marts.bridge_kpi_value_entry")
    (counting,) = query(
        seed,
        "select count(distinct v.kpi_code) from marts.fct_kpi_value v join marts.dim_kpi k "
        "using (kpi_key) where k.kpi_kind = 'implementation' and v.value > 0",
    )
    assert listed == counting  # every implementation KPI that counts something names it


def tampered_copy(seed: Published, tmp_path: Path, source_path: str, line: int) -> Settings:
    """A copy of sources/ where line `line` of `source_path` got one character more."""
    changed = tmp_path / "sources"
    shutil.copytree(seed.settings.sources_dir, changed)
    path = changed / source_path.removeprefix("sources/")
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line - 1] += "0"
    path.write_text("\n".join(lines), encoding="utf-8")
    return Settings(PROJECT_ROOT, changed, seed.settings.warehouse_dir)


@pytest.mark.parametrize("kind", ["entry", "status", "indicator", "implementation_kpi"])
def test_a_source_file_changed_after_loading_is_reported_for_every_kind(
    seed: Published,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    kind: str,
) -> None:
    if kind == "entry":
        key, _, _ = multi_line_entry(seed)
        wanted = f"entry:{key}"
    elif kind == "status":
        project, year = status_with_phrase(seed)
        wanted = f"status:{project}:{year}"
    elif kind == "indicator":
        wanted = "kpi:{}:{}".format(*indicator_value(seed))
    else:
        wanted = f"kpi:entries_total:{implementation_kpi(seed, 'entries_total')[0]}"
    _, before = trace_json(monkeypatch, capsys, seed.settings, wanted)
    source = before["source"]
    line = source["line_number"] or before["computed_from"][0]["line_start"]
    settings = tampered_copy(seed, tmp_path, source["source_path"], line)
    code, after = trace_json(monkeypatch, capsys, settings, wanted)
    assert code == 1 and after["tampered"] is True
    assert after["source"]["status"] == "tampered"
    assert after["source"]["current_sha256"] != after["source"]["recorded_sha256"]
    if source["line_number"] is not None:  # the line as loaded is kept; today's differs
        assert after["source"]["line_text"] == source["line_text"]
        assert after["source"]["current_line_text"] != source["line_text"]
