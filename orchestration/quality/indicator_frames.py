"""Frames the indicator suites validate: a landed indicator file, and the reconciliation
of all indicator values in a build.

Each row carries `source_path` and `row_number` (and `cell`, the column and sheet),
so a failing value is named by file, row and column.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from orchestration.ingest.indicator_catalog import Catalog, load_catalog
from orchestration.ingest.landing import landing_path


def _cell(sheet: object, column: object) -> str:
    where = f"column {int(column)}" if pd.notna(column) else "a column"
    return f"sheet «{sheet}», {where}" if isinstance(sheet, str) and sheet else where


def _cells(frame: pd.DataFrame) -> list[str]:
    """Where in its row each value stands, for messages: "column 3" or "sheet «X», column 3"."""
    return [_cell(s, c) for s, c in zip(frame["sheet_name"], frame["column_number"], strict=True)]


def landed_indicator_frame(
    lake_dir: Path, document_id: str, catalog: Catalog | None = None
) -> pd.DataFrame:
    """The landed values of one indicator file, with what the catalog says about each."""
    catalog = catalog or load_catalog()
    documents = pq.read_table(landing_path(lake_dir, "indicator_documents", document_id))
    document = documents.to_pylist()[0]
    frame = pq.read_table(landing_path(lake_dir, "indicator_values", document_id)).to_pandas()
    frame["source_path"] = document["source_path"]
    frame["cell"] = _cells(frame)
    code = frame["indicator_name_key"].map(catalog.codes)
    frame["catalog_unit"] = code.map(catalog.units)
    printed, expected = frame["unit"], frame["catalog_unit"]
    frame["unit_conflicts_with_catalog"] = (
        printed.notna() & expected.notna() & (printed != expected)
    )
    frame["flow_given_at_an_instant"] = (code.map(catalog.measure_kinds or {}) == "flow") & (
        frame["period_grain"] == "instant"
    )
    city = document["city"]
    frame["territory_is_the_city"] = [
        not isinstance(key, str) or catalog.territories.get(key) == city
        for key in frame["territory_key"]
    ]
    return frame


def indicator_catalog_params(catalog: Catalog | None = None) -> dict[str, object]:
    catalog = catalog or load_catalog()
    return {"catalog_keys": sorted(catalog.codes)}


_RECONCILIATION_SQL = """
    select
        r.*,
        d.source_path,
    from intermediate.int_indicator_values_reconciled as r
    inner join marts.dim_source_document as d using (document_id)
    order by d.source_path, r.sheet_name, r.row_number, r.column_number
"""


def indicator_reconciliation_frame(build_path: Path) -> pd.DataFrame:
    """One row per indicator value of the build with what other rows say of its period."""
    with duckdb.connect(str(build_path), read_only=True) as con:
        frame = con.execute(_RECONCILIATION_SQL).df()
    frame["cell"] = _cells(frame)
    return frame
