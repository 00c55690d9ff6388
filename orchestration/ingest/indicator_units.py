"""Units of indicator values: "тис. осіб" is 1000 persons, "млн грн" a million hryvnias.

A value keeps its unit as printed and is stored multiplied into the normalized unit
('persons', 'UAH', 'percent', 'per_mille', 'units', …), so "269,9 тис. осіб" and
"269942 осіб" compare as 269 900 and 269 942 persons. The printed forms are data
(seed `indicator_units.csv`): a multiplier word, then a unit.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

UNITS_CSV = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "indicator_units.csv"
_SPACES = re.compile(r"\s+")
_SUFFIX_IN_PARENS = re.compile(r"^(?P<name>.+?)\s*\((?P<unit>[^()]+)\)\s*$")
_SUFFIX_AFTER_COMMA = re.compile(r"^(?P<name>.+?)\s*,\s*(?P<unit>[^,]+)$")


@dataclass(frozen=True, slots=True)
class Unit:
    printed: str  # as printed, surrounding spaces trimmed
    unit: str | None  # normalized; None when the printed form is not known
    factor: float  # the multiplier the printed form applies (1 when none)
    known: bool  # a known unit, or a multiplier alone ("тис."), whose unit the catalog gives


@dataclass(frozen=True, slots=True)
class UnitRules:
    multipliers: tuple[tuple[str, float], ...]  # folded word -> factor, longest first
    units: dict[str, str]  # folded printed unit -> normalized unit


def fold_unit(text: str) -> str:
    """A printed unit as the seed writes it: lowercase, dots as spaces, spaces collapsed."""
    text = unicodedata.normalize("NFC", text).lower().replace(".", " ")
    return _SPACES.sub(" ", text).strip(" ,;:()")


def rules_from_rows(rows: list[dict[str, str]]) -> UnitRules:
    multipliers = sorted(
        ((fold_unit(r["printed"]), float(r["factor"])) for r in rows if r["role"] == "multiplier"),
        key=lambda pair: (-len(pair[0]), pair[0]),
    )
    units = {fold_unit(r["printed"]): r["unit"] for r in rows if r["role"] == "unit"}
    return UnitRules(multipliers=tuple(multipliers), units=units)


@cache
def load_rules() -> UnitRules:
    with UNITS_CSV.open(encoding="utf-8", newline="") as handle:
        return rules_from_rows(list(csv.DictReader(handle)))


def parse_unit(printed: str | None, rules: UnitRules | None = None) -> Unit | None:
    """The unit a printed form names, with its multiplier; None for an empty cell."""
    if printed is None or not printed.strip():
        return None
    rules = rules or load_rules()
    key, factor = fold_unit(printed), 1.0
    for word, multiplier in rules.multipliers:
        if key == word or key.startswith(word + " "):
            key, factor = key[len(word) :].strip(), multiplier
            break
    unit = rules.units.get(key) if key else None
    known = unit is not None or (factor != 1 and not key)
    return Unit(printed=printed.strip(), unit=unit, factor=factor, known=known)


def split_unit_suffix(label: str, rules: UnitRules | None = None) -> tuple[str, Unit | None]:
    """ "Кількість живонароджених, осіб" → ("Кількість живонароджених", осіб).

    Statistics tables often print the unit after the indicator's name, after a comma
    or in parentheses. Only a suffix that is a known unit is split off: "Природний
    приріст (скорочення) населення" keeps its parenthesis.
    """
    for pattern in (_SUFFIX_IN_PARENS, _SUFFIX_AFTER_COMMA):
        match = pattern.match(label.strip())
        if match:
            unit = parse_unit(match.group("unit"), rules)
            if unit is not None and unit.known:
                return match.group("name").strip(), unit
    return label.strip(), None
