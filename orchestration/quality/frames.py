"""The frames the suites validate: landed documents (from the lake) and marts (from a build).

Every frame carries `source_path` so that a failing row can be named by file and
line; frames of the marts are read from the build file, before it is published.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from orchestration.ingest.landing import landing_path


def _landed(lake_dir: Path, table: str, document_id: str) -> pd.DataFrame:
    return pq.read_table(landing_path(lake_dir, table, document_id)).to_pandas()


def landed_report_frames(lake_dir: Path, document_id: str) -> dict[str, pd.DataFrame]:
    """One frame per landing suite for one landed report document."""
    document = _landed(lake_dir, "report_documents", document_id)
    source_path = str(document["source_path"].iloc[0])
    entries = _landed(lake_dir, "report_entries", document_id)
    lines = _landed(lake_dir, "report_lines", document_id)
    bodies = _landed(lake_dir, "report_entry_bodies", document_id)
    goals = (
        entries[
            [
                "priority_ordinal",
                "priority_name",
                "goal_ordinal",
                "goal_number_printed",
                "goal_title",
                "goal_line",
            ]
        ]
        .drop_duplicates(subset=["priority_ordinal", "goal_ordinal"])
        .reset_index(drop=True)
    )
    tasks = (
        entries[
            [
                "priority_ordinal",
                "goal_ordinal",
                "goal_number_printed",
                "task_ordinal",
                "task_number_printed",
                "task_description",
                "task_line",
            ]
        ]
        .drop_duplicates(subset=["priority_ordinal", "goal_ordinal", "task_ordinal"])
        .reset_index(drop=True)
    )
    frames = {
        "report_entries": entries,
        "report_lines": lines,
        "report_bodies": bodies,
        "report_goals": goals,
        "report_tasks": tasks,
    }
    for frame in frames.values():
        frame["source_path"] = source_path
    return frames


def _query(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    return con.execute(sql).df()


def mart_frames(build_path: Path) -> dict[str, pd.DataFrame]:
    """Frames of the key marts of a build, with the source path of each row's document."""
    with duckdb.connect(str(build_path), read_only=True) as con:
        entries = _query(
            con,
            "select e.*, d.source_path, d.report_year as document_report_year "
            "from marts.fct_implementation_entry as e "
            "join marts.dim_source_document as d using (document_id)",
        )
        projects = _query(
            con,
            "select p.*, d.source_path from marts.dim_project as p "
            "left join marts.dim_source_document as d using (document_id)",
        )
    return {"mart_fct_implementation_entry": entries, "mart_dim_project": projects}


_VOLUME_SQL = """
    select
        e.report_year,
        p.priority_ordinal,
        p.priority_name,
        count(distinct e.project_key) as projects,
        count(*) as entries,
        min(d.source_path) as source_path,
    from marts.fct_implementation_entry as e
    join marts.dim_priority as p on p.priority_key = e.priority_key
    join marts.dim_source_document as d on d.document_id = e.document_id
    group by all
"""


def volume_frame(build_path: Path, published_path: Path) -> pd.DataFrame:
    """Projects and entries per report year and priority: the build against what is published.

    A year that was not published before has nothing to compare with (previous
    counts are NULL and the rule does not apply to it).
    """
    with duckdb.connect(str(build_path), read_only=True) as con:
        current = _query(con, _VOLUME_SQL)
    if published_path.exists():
        with duckdb.connect(str(published_path), read_only=True) as con:
            previous = _query(con, _VOLUME_SQL)
    else:
        previous = current.iloc[0:0]
    merged = current.merge(
        previous,
        on=["report_year", "priority_ordinal"],
        how="outer",
        suffixes=("", "_published"),
    )
    # A priority that vanished from a year is a drop to zero, not a missing row.
    for column in ("projects", "entries"):
        merged[column] = merged[column].fillna(0)
    for column in ("priority_name", "source_path"):
        merged[column] = merged[column].fillna(merged[f"{column}_published"])
    merged = merged.drop(columns=["priority_name_published", "source_path_published"])

    def drop(now: pd.Series, before: pd.Series) -> pd.Series:
        return ((before - now) / before.where(before > 0)).clip(lower=0)

    merged["project_drop_fraction"] = drop(merged["projects"], merged["projects_published"])
    merged["entry_drop_fraction"] = drop(merged["entries"], merged["entries_published"])
    return merged
