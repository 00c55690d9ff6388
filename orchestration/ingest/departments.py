"""Responsible bodies: the matching key, the cell splitter and the alias lookup.

The report names the council's executive bodies by hand, so one body comes in
many spellings: with or without "міської ради", in any case, with stray accents,
Latin letters typed on the wrong keyboard layout, typographic apostrophes and
quotes, or under an older name. `normalize_name` folds the spellings that mean
the same text into one key; the seed `department_aliases.csv` maps each key to a
canonical body. Which words open a body's name is data too
(`department_kind_words.csv`), so a reviewer can extend both without code.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from pathlib import Path

from orchestration.settings import SEEDS_DIR

ALIASES_CSV = SEEDS_DIR / "department_aliases.csv"
KIND_WORDS_CSV = SEEDS_DIR / "department_kind_words.csv"

# Accents that are part of a Ukrainian (or Russian/Belarusian) letter: й, ї, ё, ў.
_LETTER_MARKS = {"\u0306", "\u0308"}
_APOSTROPHES = str.maketrans(dict.fromkeys("’ʼ‘`′´", "'"))
_QUOTES = str.maketrans(dict.fromkeys("«»“”„‟", '"'))
_INVISIBLE = str.maketrans(dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_LATIN_TO_CYRILLIC = str.maketrans(
    "aeiopcxykmthbAEIOPCXYKMTHBïÏ",
    "аеіорсхукмтнвАЕІОРСХУКМТНВїЇ",
)
_LATIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZïÏ")
_LOOKALIKES = frozenset("aeiopcxykmthbAEIOPCXYKMTHBïÏ")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_SPACES = re.compile(r"\s+")
_EDGE_PUNCTUATION = " .,;"
_MAX_BODY_LENGTH = 160
_DIGIT = re.compile(r"\d")

_QUOTE_CLOSERS = {"«": "»", "„": "“”", "“": "”", '"': '"'}


def _strip_accents(text: str) -> str:
    """Drop stress and other accent marks but keep the marks that make й and ї.

    Under NFD й is и + U+0306 and ї is і + U+0308, so stripping every mark would
    turn "сім'ї" into "сім'і"; only the marks that are not part of a letter go.
    """
    decomposed = unicodedata.normalize("NFD", text)
    kept = (ch for ch in decomposed if not unicodedata.combining(ch) or ch in _LETTER_MARKS)
    return unicodedata.normalize("NFC", "".join(kept))


def _fix_lookalike_word(match: re.Match[str]) -> str:
    """Latin a/e/i/o/… typed inside a Cyrillic word become their Cyrillic twins.

    A word with any other Latin letter ("фандрейзingu") is left alone: it is
    not a Cyrillic word with a typo but two languages glued together.
    """
    word = match.group()
    latin = {ch for ch in word if ch in _LATIN}
    if not latin or not _CYRILLIC.search(word) or not latin <= _LOOKALIKES:
        return word
    return word.translate(_LATIN_TO_CYRILLIC)


def normalize_name(text: str) -> str:
    """The matching key of a name: same key for spellings that mean the same text."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _strip_accents(text).translate(_APOSTROPHES).translate(_QUOTES)
    text = _WORD.sub(_fix_lookalike_word, text).lower()
    return _SPACES.sub(" ", text).strip(_EDGE_PUNCTUATION)


@cache
def load_kind_words() -> tuple[tuple[str, str], ...]:
    """(leading words key, body kind), longest first so the most specific wins."""
    rows = _read_seed(KIND_WORDS_CSV, ("leading_words", "department_kind"))
    pairs = {(normalize_name(row["leading_words"]), row["department_kind"]) for row in rows}
    return tuple(sorted(pairs, key=lambda pair: (-len(pair[0]), pair)))


def body_kind(text: str) -> str | None:
    """The kind of body `text` starts with ("управління …" → 'управління'), if any.

    Whole words only: "Управлінням … проведено" and "Центри освіти" open
    sentences and project names, not bodies.
    """
    key = normalize_name(text)
    for words, kind in load_kind_words():
        if key.startswith(words) and not _continues_word(key, len(words)):
            return kind
    return None


def _continues_word(key: str, end: int) -> bool:
    return end < len(key) and (key[end].isalnum() or key[end] == "'")


def _separators(cell: str, quotes: bool, parens: bool) -> list[int] | None:
    """Positions of commas/semicolons/newlines outside quotes and parentheses.

    None when the quotes or parentheses do not balance: then the caller retries
    without them rather than let one stray quote swallow the rest of the cell.
    """
    stack: list[str] = []
    found: list[int] = []
    for i, ch in enumerate(cell):
        if stack and ch in _QUOTE_CLOSERS.get(stack[-1], ")"):
            stack.pop()
        elif (quotes and ch in _QUOTE_CLOSERS) or (parens and ch == "("):
            stack.append(ch)
        elif not stack and ch in ",;\n":
            found.append(i)
    return None if stack else found


def _balanced_separators(cell: str) -> list[int]:
    for quotes, parens in ((True, True), (False, True), (True, False), (False, False)):
        found = _separators(cell, quotes, parens)
        if found is not None:
            return found
    return []  # unreachable: without quotes and parentheses nothing can be open


def split_responsible(cell: str) -> list[str]:
    """Split a responsible cell (HTML already removed) into bodies as printed.

    A comma separates two bodies only when the text after it opens a new body
    ("…, управління культури"); otherwise it belongs to the name, as in
    "управління у справах сім'ї, молоді та спорту". Each body is trimmed and
    loses a trailing full stop; its inner text is kept as printed.
    """
    if not cell.strip():
        return []
    starts, ends = [0], []
    for pos in _balanced_separators(cell):
        if body_kind(cell[pos + 1 :]) is not None and cell[starts[-1] : pos].strip(" .,;\n"):
            ends.append(pos)
            starts.append(pos + 1)
    ends.append(len(cell))
    bodies = (
        cell[start:end].strip().rstrip(" .,;").strip()
        for start, end in zip(starts, ends, strict=True)
    )
    return [body for body in bodies if body]


def looks_like_bodies(cell: str) -> bool:
    """Whether a cell names responsible bodies, to realign rows that lost a column.

    Every part must open with a body kind; a known alias always counts, other
    parts must read like a name, not like a sentence or a project: short and
    without figures or years ("Центр безхатченків 2019-2023 роки" is a project).
    """
    parts = split_responsible(cell)
    return bool(parts) and all(_looks_like_body(part) for part in parts)


def _looks_like_body(part: str) -> bool:
    if resolve(part) is not None:
        return True
    return body_kind(part) is not None and len(part) <= _MAX_BODY_LENGTH and not _DIGIT.search(part)


@cache
def load_aliases() -> dict[str, str]:
    """alias_key → department_code from the seed; keys must already be normalized.

    A key that is not normalized could never match, and one key mapped to two
    bodies would make the match depend on row order: both are seed errors.
    """
    aliases: dict[str, str] = {}
    rows = _read_seed(ALIASES_CSV, ("alias_key", "department_code", "note"))
    for line_number, row in enumerate(rows, start=2):
        key, code = row["alias_key"], row["department_code"]
        where = f"{ALIASES_CSV.name}:{line_number}"
        if key != normalize_name(key):
            raise ValueError(
                f"{where}: alias_key {key!r} is not normalized; write {normalize_name(key)!r}"
            )
        if aliases.get(key, code) != code:
            raise ValueError(
                f"{where}: alias_key {key!r} maps to both {aliases[key]!r} and {code!r}; keep one"
            )
        aliases[key] = code
    return aliases


def resolve(name: str) -> str | None:
    """The department_code of a printed body name, or None when no alias matches."""
    return load_aliases().get(normalize_name(name))


def _read_seed(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(columns) - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path.name}: missing columns {sorted(missing)}")
        return list(reader)
