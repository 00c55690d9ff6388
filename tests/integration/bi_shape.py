"""What dashboards depend on in a published folder: the export manifest, and the names,
types, keys and rows of every bi view and exported file — for comparing two builds."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd

VOLATILE = {"loaded_at", "load_run_id", "run_id", "checked_at"}


def export_manifest(folder: Path) -> dict:
    return json.loads((folder / "export" / "manifest.json").read_text(encoding="utf-8"))


def rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple[str, ...]]:
    """The rows as sorted tuples of text, NULL as '∅' (order-free, comparable)."""
    return sorted(
        tuple("∅" if pd.isna(v) else str(v) for v in row)
        for row in frame[columns].itertuples(index=False, name=None)
    )


def shape(folder: Path) -> dict[str, object]:
    """Names, types and keys of every view and exported file: what dashboards depend on."""
    manifest = export_manifest(folder)
    shape: dict[str, object] = {
        "manifest": [
            (
                t["schema"],
                t["table"],
                t["file"],
                t["rows"],
                [(c["name"], c["type"], c["description"]) for c in t["columns"]],
            )
            for t in manifest["tables"]
        ],
        "sources": manifest["sources"],
    }
    for table in manifest["tables"]:
        frame = pd.read_parquet(folder / "export" / table["file"])
        keys = [c for c in frame.columns if c.endswith(("_key", "_id")) and c not in VOLATILE]
        stable = [c for c in frame.columns if c not in VOLATILE]
        shape[table["file"]] = (rows(frame, keys), rows(frame, stable))
    with duckdb.connect(str(folder / "warehouse.duckdb"), read_only=True) as con:
        shape["bi columns"] = con.execute(
            "select table_name, column_name, data_type from duckdb_columns() "
            "where schema_name = 'bi' order by table_name, column_index"
        ).fetchall()
    return shape
