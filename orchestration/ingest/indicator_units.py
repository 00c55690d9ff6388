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
_EXPLAINED = re.compile(r"^(?P<outer>[^()]*?)\s*\((?P<inner>[^()]+)\)\s*$")
_DIGIT_GROUPS = re.compile(r"(?<=\d)[\s\u00a0\u202f\u2009](?=\d{3}(?!\d))")


@dataclass(frozen=True, slots=True)
class Unit:
    printed: str  # as printed, surrounding spaces trimmed
    unit: str | None  # normalized; None when the printed form is not known
    factor: float  # the multiplier the printed form applies (1 when none)
    known: bool  # a known unit, or a multiplier alone ("тис."), whose unit the catalog gives
    rate_base: float | None = None  # 1000 for "‰" and "на 1000 …": a rate per that many


@dataclass(frozen=True, slots=True)
class UnitRules:
    multipliers: tuple[tuple[str, float], ...]  # folded word -> factor, longest first
    units: dict[str, str]  # folded printed unit -> normalized unit
    rates: tuple[tuple[str, str], ...] = ()  # folded start of a rate ("на 1000") -> unit
    rate_bases: dict[str, float] | None = None  # normalized unit -> its base


def fold_unit(text: str) -> str:
    """A printed unit as the seed writes it: lowercase, dots as spaces, spaces collapsed,
    digit groups joined ("на 10 000" is "на 10000")."""
    text = unicodedata.normalize("NFC", text).lower().replace(".", " ")
    text = _DIGIT_GROUPS.sub("", _SPACES.sub(" ", text))
    return text.strip(" ,;:()")


def rules_from_rows(rows: list[dict[str, str]]) -> UnitRules:
    multipliers = sorted(
        ((fold_unit(r["printed"]), float(r["factor"])) for r in rows if r["role"] == "multiplier"),
        key=lambda pair: (-len(pair[0]), pair[0]),
    )
    units = {fold_unit(r["printed"]): r["unit"] for r in rows if r["role"] == "unit"}
    rates = sorted(
        ((fold_unit(r["printed"]), r["unit"]) for r in rows if r["role"] == "rate"),
        key=lambda pair: (-len(pair[0]), pair[0]),
    )
    bases = {r["unit"]: float(r["rate_base"]) for r in rows if r.get("rate_base")}
    return UnitRules(tuple(multipliers), units, tuple(rates), bases)


@cache
def load_rules() -> UnitRules:
    with UNITS_CSV.open(encoding="utf-8", newline="") as handle:
        return rules_from_rows(list(csv.DictReader(handle)))


def parse_unit(printed: str | None, rules: UnitRules | None = None) -> Unit | None:
    """The unit a printed form names, with its multiplier; None for an empty cell."""
    if printed is None or not printed.strip():
        return None
    rules = rules or load_rules()
    parsed = _parse_folded(printed.strip(), fold_unit(printed), rules)
    explained = _EXPLAINED.match(printed.strip())
    if parsed.known or explained is None:
        return parsed
    # "‰ (на 1000 наявного населення)": a unit and its explanation, known and agreeing
    parts = [
        _parse_folded(printed.strip(), fold_unit(part), rules)
        for part in explained.group("outer", "inner")
        if fold_unit(part)
    ]
    if parts and all(p.known for p in parts) and len({(p.unit, p.factor) for p in parts}) == 1:
        return parts[0]
    return parsed


def _parse_folded(printed: str, key: str, rules: UnitRules) -> Unit:
    factor = 1.0
    for word, multiplier in rules.multipliers:
        if key == word or key.startswith(word + " "):
            key, factor = key[len(word) :].strip(), multiplier
            break
    unit = rules.units.get(key) if key else None
    if unit is None and key:
        unit = next(
            (u for start, u in rules.rates if key == start or key.startswith(start + " ")), None
        )
    known = unit is not None or (factor != 1 and not key)
    base = (rules.rate_bases or {}).get(unit) if unit else None
    return Unit(printed=printed, unit=unit, factor=factor, known=known, rate_base=base)


def split_unit_suffix(label: str, rules: UnitRules | None = None) -> tuple[str, Unit | None]:
    """ "Кількість живонароджених, осіб" → ("Кількість живонароджених", осіб).

    Statistics tables often print the unit after the indicator's name, after a comma
    or in parentheses, sometimes both ("…, ‰ (на 1000 наявного населення)"). Only a
    suffix that is a known unit is split off: "Природний приріст (скорочення)
    населення" keeps its parenthesis.
    """
    name, found = label.strip(), None
    for _ in range(2):
        for pattern in (_SUFFIX_IN_PARENS, _SUFFIX_AFTER_COMMA):
            match = pattern.match(name)
            if match:
                unit = parse_unit(match.group("unit"), rules)
                if unit is not None and unit.known:
                    name, found = match.group("name").strip(), found or unit
                    break
        else:
            break
    return name, found
