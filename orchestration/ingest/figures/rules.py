"""The rules that are data: units, multipliers, number words and counted nouns.

They live in the dbt seeds `figure_units.csv` and `figure_nouns.csv`, so a reviewer
adds a unit or a noun without reading code; this module reads them and compiles the
patterns the scanner matches with.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[3] / "dbt_project" / "seeds"
UNITS_CSV = SEEDS_DIR / "figure_units.csv"
NOUNS_CSV = SEEDS_DIR / "figure_nouns.csv"

_APOSTROPHES = str.maketrans(dict.fromkeys("’ʼ‘`′´", "'"))


def fold(word: str) -> str:
    """A word as the seeds write it: NFC, lowercase, plain apostrophe."""
    return unicodedata.normalize("NFC", word).translate(_APOSTROPHES).lower()


@dataclass(frozen=True, slots=True)
class UnitRule:
    printed: str  # as the seed writes it; a space stands for an optional dot and spaces
    role: str  # 'unit' | 'multiplier'
    unit: str  # the normalized unit of a 'unit' row
    unit_kind: str
    factor: float  # the factor of a 'multiplier' row


@dataclass(frozen=True, slots=True)
class NounRule:
    unit: str  # the counted noun's lemma, or 'persons'
    role: str  # 'count' | 'not_a_figure' (grades, centuries: "5-11 класів", "21 століття")


@dataclass(frozen=True, slots=True)
class FigureRules:
    units: tuple[UnitRule, ...]  # units and multipliers, longest printed form first
    unit_pattern: re.Pattern[str]  # group u<i> matches units[i]
    nouns: dict[str, NounRule]  # folded word form -> rule
    number_words: dict[str, float]  # "два" -> 2
    number_word_pattern: re.Pattern[str]


def _unit_regex(printed: str) -> str:
    return r"[.·]?\s*".join(re.escape(token) for token in printed.split(" "))


def rules_from_rows(
    unit_rows: list[dict[str, str]], noun_rows: list[dict[str, str]]
) -> FigureRules:
    """Build the rules from seed rows; a word form claimed by two nouns is a seed error."""
    units = sorted(
        (
            UnitRule(
                printed=row["printed"],
                role=row["role"],
                unit=row["unit"],
                unit_kind=row["unit_kind"],
                factor=float(row["factor"] or 1),
            )
            for row in unit_rows
            if row["role"] in ("unit", "multiplier")
        ),
        key=lambda rule: (-len(rule.printed), rule.printed),
    )
    words = {
        fold(r["printed"]): float(r["factor"]) for r in unit_rows if r["role"] == "number_word"
    }
    alternatives = sorted(words, key=len, reverse=True)
    word_pattern = re.compile(
        r"(?<![\w'’ʼ])(?:"
        + "|".join(re.escape(w).replace("'", "['’ʼ]") for w in alternatives or ["(?!)"])
        + r")(?![\w'’ʼ])",
        re.IGNORECASE,
    )
    pattern = re.compile(
        "|".join(f"(?P<u{i}>{_unit_regex(rule.printed)})" for i, rule in enumerate(units)),
        re.IGNORECASE,
    )
    nouns: dict[str, NounRule] = {}
    for line_number, row in enumerate(noun_rows, start=2):
        rule = NounRule(unit=row["unit"], role=row["role"] or "count")
        for form in {fold(row["lemma"]), *map(fold, row["forms"].split())}:
            if nouns.get(form, rule) != rule:
                raise ValueError(
                    f"{NOUNS_CSV.name}:{line_number}: the form {form!r} of {row['lemma']!r} "
                    f"already counts {nouns[form].unit!r}; keep it under one noun"
                )
            nouns[form] = rule
    return FigureRules(
        units=tuple(units),
        unit_pattern=pattern,
        nouns=nouns,
        number_words=words,
        number_word_pattern=word_pattern,
    )


@cache
def load_rules() -> FigureRules:
    """Unit and noun rules read from the dbt seeds."""
    return rules_from_rows(
        _read_seed(UNITS_CSV, ("printed", "role", "unit", "unit_kind", "factor")),
        _read_seed(NOUNS_CSV, ("lemma", "unit", "role", "forms")),
    )


def _read_seed(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(columns) - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path.name}: missing columns {sorted(missing)}")
        return list(reader)


# Endings of adjectives and participles that may stand between a number and its noun.
ADJECTIVE_ENDINGS = (
    *("ий", "ій", "ого", "ому", "ої", "им", "их", "іх", "ими", "ьох"),
    *("ні", "ві", "кі", "чі", "на", "не", "ну", "ня", "ва", "ве", "че", "ьо"),
)
# After a number that does not end in 1, a singular adjective marks an ordinal name:
# "9 прикордонний загін", "25 гарнізонному будинку".
SINGULAR_ADJECTIVE_ENDINGS = ("ий", "ого", "ому", "ою")


def looks_like_adjective(word: str) -> bool:
    return len(word) > 3 and word.endswith(ADJECTIVE_ENDINGS)
