"""Column lineage read from compiled SQL: through CTEs and joins, to the parents' columns,
and by name where sqlglot cannot follow DuckDB's own syntax."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from orchestration.lineage.columns import (
    ColumnRef,
    column_chain,
    leaves,
    load_lineage,
    model_lineage,
    save_lineage,
)


def node(uid: str, schema: str, name: str, parents: list[str], sql: str | None = None) -> dict:
    kind = uid.split(".")[0]
    found: dict[str, Any] = {
        "unique_id": uid,
        "resource_type": kind,
        "schema": schema,
        "name": name,
        "alias": name,
        "relation_name": f'"next"."{schema}"."{name}"',
        "depends_on": {"nodes": parents},
    }
    if sql is not None:
        found["compiled_code"] = sql
    return found


MANIFEST = {
    "sources": {
        "source.p.landing.entries": {
            **node("source.p.landing.entries", "landing", "entries", []),
            "identifier": "entries",
        }
    },
    "nodes": {
        "seed.p.labels": node("seed.p.labels", "seeds", "labels", []),
        "model.p.stg_entries": node(
            "model.p.stg_entries",
            "staging",
            "stg_entries",
            ["source.p.landing.entries"],
            'with source as (select * from "next"."landing"."entries") '
            "select id as entry_id, upper(txt) as entry_text, 1 as one from source",
        ),
        "model.p.fct": node(
            "model.p.fct",
            "marts",
            "fct",
            ["model.p.stg_entries", "seed.p.labels"],
            'with e as (select * from "next"."staging"."stg_entries"), '
            'l as (select * from "next"."seeds"."labels") '
            "select e.entry_id, e.entry_text || l.label as shown from e "
            "join l on l.code = e.entry_id",
        ),
        "model.p.unpivoted": node(
            "model.p.unpivoted",
            "marts",
            "unpivoted",
            ["model.p.stg_entries"],
            'with measures as (select entry_id, one from "next"."staging"."stg_entries"), '
            "unpivoted as (select * from measures unpivot include nulls "
            "(v for k in (columns(* exclude (entry_id))))) "
            "select k, entry_id, v from unpivoted",
        ),
    },
}
SCHEMAS = {
    "landing.entries": {"id": "INTEGER", "txt": "VARCHAR"},
    "seeds.labels": {"code": "INTEGER", "label": "VARCHAR"},
    "staging.stg_entries": {"entry_id": "INTEGER", "entry_text": "VARCHAR", "one": "INTEGER"},
    "marts.fct": {"entry_id": "INTEGER", "shown": "VARCHAR"},
    "marts.unpivoted": {"entry_id": "INTEGER", "k": "VARCHAR", "v": "VARCHAR"},
}


def test_each_column_is_linked_to_the_parent_columns_it_is_computed_from() -> None:
    found = model_lineage(MANIFEST, SCHEMAS)
    stg = found["staging.stg_entries"]
    assert stg.error is None
    assert stg.columns["entry_id"] == [ColumnRef("landing.entries", "id")]
    assert stg.columns["entry_text"] == [ColumnRef("landing.entries", "txt")]
    assert stg.columns["one"] == []  # a constant is computed from nothing
    assert found["marts.fct"].columns["shown"] == [
        ColumnRef("seeds.labels", "label"),
        ColumnRef("staging.stg_entries", "entry_text"),
    ]


def test_a_join_condition_that_is_no_column_s_value_is_indirect_lineage() -> None:
    found = model_lineage(MANIFEST, SCHEMAS)
    assert found["marts.fct"].indirect == [ColumnRef("seeds.labels", "code")]
    assert found["staging.stg_entries"].indirect == []


def test_the_chain_of_a_column_ends_at_the_landing_tables_and_seeds() -> None:
    chain = column_chain(model_lineage(MANIFEST, SCHEMAS), ColumnRef("marts.fct", "shown"))
    assert [(s.ref.relation, s.depth) for s in chain] == [
        ("marts.fct", 0),
        ("seeds.labels", 1),
        ("staging.stg_entries", 1),
        ("landing.entries", 2),
    ]
    assert leaves(chain) == [
        ColumnRef("landing.entries", "txt"),
        ColumnRef("seeds.labels", "label"),
    ]


def test_sql_sqlglot_cannot_follow_is_linked_by_column_name_and_says_so() -> None:
    found = model_lineage(MANIFEST, SCHEMAS, only={"marts.unpivoted"})
    assert set(found) == {"marts.unpivoted"}
    unpivoted = found["marts.unpivoted"]
    assert unpivoted.error is not None and unpivoted.error.startswith("matched by column name")
    assert unpivoted.columns["entry_id"] == [ColumnRef("staging.stg_entries", "entry_id")]
    assert unpivoted.columns["v"] == []


def test_a_model_without_compiled_sql_has_no_links_and_a_reason() -> None:
    manifest = {"nodes": {"model.p.x": node("model.p.x", "marts", "x", [])}}
    found = model_lineage(manifest, {"marts.x": {"a": "INTEGER"}})
    assert found["marts.x"].columns == {} and "no compiled SQL" in (found["marts.x"].error or "")


def test_lineage_kept_beside_the_manifest_is_read_back_only_while_it_is_newer(
    tmp_path: Path,
) -> None:
    manifest = tmp_path / "manifest.json"
    manifest.write_text("{}")
    kept = tmp_path / "column_lineage.json"
    found = model_lineage(MANIFEST, SCHEMAS)
    save_lineage(kept, found)
    assert load_lineage(kept, manifest) == found
    later = kept.stat().st_mtime + 5
    os.utime(manifest, (later, later))  # a build wrote a new manifest since
    assert load_lineage(kept, manifest) is None
