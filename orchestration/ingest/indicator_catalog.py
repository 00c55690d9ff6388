"""The indicator catalog as the landing checks see it (the dbt seeds, read in Python).

An indicator name is known when its matching key (`normalize_name`) is an
`alias_key` of `indicator_aliases.csv`, which lists every spelling, the catalog's
own name included (as `department_aliases.csv` does for departments). dbt makes the
same match for the marts; the landing check names what does not match, with the
file and row, before anything is built.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from orchestration.ingest.departments import normalize_name

SEEDS_DIR = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"
CATALOG_CSV = SEEDS_DIR / "indicator_catalog.csv"
ALIASES_CSV = SEEDS_DIR / "indicator_aliases.csv"
TERRITORIES_CSV = SEEDS_DIR / "indicator_territories.csv"


@dataclass(frozen=True, slots=True)
class Catalog:
    codes: dict[str, str]  # name key -> indicator_code
    units: dict[str, str]  # indicator_code -> unit
    territories: dict[str, str]  # territory key -> city
    measure_kinds: dict[str, str] | None = None  # indicator_code -> 'stock' | 'flow'


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def load_catalog() -> Catalog:
    """Alias keys → codes; a key must be normalized and each catalog name must have one."""
    catalog = _rows(CATALOG_CSV)
    codes: dict[str, str] = {}
    for line, row in enumerate(_rows(ALIASES_CSV), start=2):
        key = row["alias_key"]
        if key != normalize_name(key):
            raise ValueError(
                f"{ALIASES_CSV.name}:{line}: alias_key {key!r} is not normalized; "
                f"write {normalize_name(key)!r}"
            )
        if codes.get(key, row["indicator_code"]) != row["indicator_code"]:
            raise ValueError(f"{ALIASES_CSV.name}:{line}: {key!r} names two indicators")
        codes[key] = row["indicator_code"]
    for line, row in enumerate(catalog, start=2):
        key = normalize_name(row["indicator_name"])
        if codes.get(key) != row["indicator_code"]:
            raise ValueError(
                f"{CATALOG_CSV.name}:{line}: add the row {key},{row['indicator_code']},canonical "
                f"name to {ALIASES_CSV.name}: names are matched through the aliases"
            )
    units = {row["indicator_code"]: row["unit"] for row in catalog}
    kinds = {row["indicator_code"]: row["measure_kind"] for row in catalog}
    for line, row in enumerate(catalog, start=2):
        if row["measure_kind"] not in ("stock", "flow"):
            raise ValueError(
                f"{CATALOG_CSV.name}:{line}: measure_kind {row['measure_kind']!r} is not "
                "'stock' (a level at an instant) or 'flow' (measured over a period)"
            )
    territories = {row["territory_key"]: row["city"] for row in _rows(TERRITORIES_CSV)}
    return Catalog(codes=codes, units=units, territories=territories, measure_kinds=kinds)
