"""Figures stated in implementation texts, located to the character in the source line.

An auditor asks "where does this number come from?": every figure keeps the
0-based, end-exclusive character span of its printed text in the decoded source
line, so `line[char_start:char_end] == raw_text` always holds. The text is read
through a *view* of the line's implementation-text cell in which HTML tags and
entities are replaced, while every view character remembers the raw characters
it came from; spans found in the view are mapped back to raw offsets.

What counts as a figure is a judgement about Ukrainian report prose. Numbers
that only name or date something are skipped: years and year ranges, dates
("27 грудня 2023", "01.06.2023"), school, document and route numbers ("№ 25,
39"), house numbers ("вул. Київська, 26"), list numbering ("2."), codes
("ОСК-2", "ДБН В.2.2-40:2018", "EU4Business"), ordinals ("2-му", "21 століття"),
grades ("учнів 5-11 класів") and rate denominators ("на 10 тис. населення").
Units and counted nouns are data (seeds `figure_units.csv` and
`figure_nouns.csv`), so a reviewer can add a unit or a noun without reading code.
"""

from __future__ import annotations

import csv
import html
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from orchestration.ingest.records import Figure, ParsedReport

SEEDS_DIR = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"
UNITS_CSV = SEEDS_DIR / "figure_units.csv"
NOUNS_CSV = SEEDS_DIR / "figure_nouns.csv"

_SPACE = "[ \u00a0\u2007\u202f]"
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*(?:-[^\W\d_]+)*")
_NEXT_WORD = re.compile(r"[\s\u00a0]*(" + _WORD.pattern + ")")
# A number as printed: thousands grouped by (non-breaking) spaces, a decimal comma.
_DIGITS = re.compile(
    rf"(?<![\d,.])(?:\d{{1,3}}(?:{_SPACE}\d{{3}})+(?!\d)|\d+)(?:,\d+(?!\d))?(?![,.]\d)"
)
_CARDINAL_SUFFIX = re.compile(r"-(?:х|ти|ох|ми|ма)(?!\w)")
_DASH = "[-–—]"
_RANGE_DASH = re.compile(rf"\s*{_DASH}\s*")
_RANGE_TO = re.compile(r"\s+до\s+")
_YEAR = r"(?:19|20)\d{2}"
_MONTH = (
    "(?:січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня)"
)

# Spans that are never figures, whatever digits they hold.
_NOT_FIGURES: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?i)\b(?:https?://|www\.)\S+"),  # web addresses
    re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})(?!\d)"),  # 01.06.2023
    re.compile(r"(?<![\d.,])\d{1,2}\.(?:19|20)\d{2}(?!\d)"),  # 12.2023
    re.compile(rf"(?<![\d,])\d{{1,2}}(?:\s*(?:{_DASH}|,|по|до|і|та)\s*\d{{1,2}})*\s+{_MONTH}\b"),
    re.compile(r"(?<![\d,])\d{1,2}:\d{2}(?!\d)"),  # 10:00
    re.compile(rf"(?<![\d,])(?:{_YEAR})\s*{_DASH}\s*(?:{_YEAR}|\d{{2}})(?![\d,])"),  # 2019-2023
    re.compile(r"№+\s*\d+[\w/\-]*(?:\s*(?:,|;|та|і|й|-|–|—)\s*(?:№\s*)?\d+[\w/\-]*)*"),
    re.compile(
        r"(?i)(?<!\w)(?:вул|вулиц\w*|пров|провул\w*|просп|проспект\w*|пл|площ\w*|бульв"
        r"|бульвар\w*|майдан\w*|проїзд\w*|шосе|узвіз\w*)\.?\s+(?-i:[«\"]?(?:[А-ЯІЇЄҐA-Z]|ім\.))"
        r"[^,;\n\d]{0,40}?,\s*"
        r"\d+[\w/]*(?:\s*[-–,]\s*\d+[\w/]*(?![\w%]))*"
    ),
    re.compile(r"(?i)(?<!\w)(?:буд|корп|кв)\.\s*\d+[\w/\-]*"),  # буд. 5, кв. 12
    re.compile(r"[А-ЯІЇЄҐA-Z]{2,}-\s+\d+"),  # "НСВ- 2": a code with a stray space
    re.compile(r"(?i)(?<![\d,])\d+\s*-\s*(?:й|го|му|ий|ій|ого|ому|ша|ше|ої|им)(?!\w)"),  # 2-му
    re.compile(rf"(?i)(?<!\w)на\s+\d+(?:{_SPACE}\d{{3}})*\s+тис\.?\s+(?:населення|жителів)"),
)
# A run of non-space characters gluing letters and digits is a code or a name:
# "ОСК-2", "EU4Business", "PM2.5", "В.2.2-40:2018", "«Лоза-1»".
_TOKEN = re.compile(r"[^\s«»\"“”„()\[\],;]+")
_NUMBER_WITH_ATTACHED_UNIT = re.compile(r"\d+(?:,\d+)?(?:[^\W\d_]{1,4}\.?|-(?:х|ти|ох|ми|ма))")
_LIST_NUMBER = re.compile(r"(?:^|\n|[.:;]\s)\s*(\d{1,2})[.)]\s+(?=\S)")
_PAREN_NUMBER = re.compile(r"(?<![\d,(])(\d{1,2})\)")
# Bare numbers after these words name something: "ліцею 25", "маршрут 3".
_NAMED_BY_NUMBER = re.compile(
    r"(?i)(?<!\w)(?:ліце\w*|гімназі\w*|школ\w*|ЗОШ|ЗДО|ДНЗ|ЗЗСО|маршрут\w*|корпус\w*|філі\w*"
    r"|етап\w*|розділ\w*|пункт\w*|стат\w*|додат\w*|частин\w*|тур\w*)\s+$"
)
_LATIN_WORD_BEFORE = re.compile(r"[A-Za-z][A-Za-z\-]*\s*[-–]?\s*$")

_QUALIFIERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("approximate", re.compile(r"(?i)(?<!\w)(?:близько|майже|приблизно|орієнтовно)\s+$")),
    (
        "lower_bound",
        re.compile(
            r"(?i)(?<!\w)(?:понад|більше\s+ніж|більш\s+ніж|більше|більш\s+як"
            r"|не\s+менше\s+ніж|не\s+менш\s+як|не\s+менше|щонайменше|від)\s+$"
        ),
    ),
    (
        "upper_bound",
        re.compile(
            r"(?i)(?<!\w)(?:до|не\s+більше\s+ніж|не\s+більше|не\s+більш\s+як|менше|менш\s+як)\s+$"
        ),
    ),
)
# "зросла до 45%", "з 40 до 45" state the value reached, not an upper bound.
_CHANGE_BEFORE = re.compile(
    r"(?i)(?:збільш|зрос|зменш|скорот|підвищ|зниз|доведен)\w*\s+(?:\w+\s+){0,2}$"
    r"|(?<!\w)(?:з|із)\s+[\d\s,]+\S*\s+$"
)
_CONJUNCTION = re.compile(r"(?i)(?:та|і|й|або|чи)$")


# -- rules from the seeds ----------------------------------------------------------

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
_ADJECTIVE_ENDINGS = (
    *("ий", "ій", "ого", "ому", "ої", "им", "их", "іх", "ими", "ьох"),
    *("ні", "ві", "кі", "чі", "на", "не", "ну", "ня", "ва", "ве", "че", "ьо"),
)
# After a number that does not end in 1, a singular adjective marks an ordinal name:
# "9 прикордонний загін", "25 гарнізонному будинку".
_SINGULAR_ADJECTIVE_ENDINGS = ("ий", "ого", "ому", "ою")


def looks_like_adjective(word: str) -> bool:
    return len(word) > 3 and word.endswith(_ADJECTIVE_ENDINGS)


# -- the view of a cell and its sentences --------------------------------------------

_TAG = re.compile(r"<[^<>]{0,200}>")
_BLOCK_TAG = re.compile(r"(?i)<\s*/?\s*(?:p|br|div|li|ul|ol|tr|td|h\d)\b[^<>]*>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Abbreviations that stand before a name ("м. Житомир", "вул. Київська", "ім. Івана
# Франка"): their full stop does not end the sentence. Units ("тис.", "грн.") can.
_ABBREVIATIONS = frozenset(
    ["м", "вул", "пров", "просп", "пл", "бульв", "ім", "с", "смт", "обл", "буд", "див"]
)
_STOP = re.compile(r"\n|[.!?…]+(?=[\s\"«»”)]*\s+([«\"„(]?[А-ЯІЇЄҐA-Z0-9]))")


@dataclass(frozen=True, slots=True)
class View:
    """A cell's text with markup replaced; each character knows its raw span.

    A tag becomes one space (a newline for paragraph tags), an entity its
    character, a tab (a cell boundary) a newline: figures and sentences are found
    in this text and mapped back to raw offsets of the line.
    """

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, line: str, start: int) -> View:
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        i = start
        while i < len(line):
            replacement, end = _markup_at(line, i)
            chars.append(replacement)
            starts.append(i)
            ends.append(end)
            i = end
        return cls("".join(chars), tuple(starts), tuple(ends))

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


def _markup_at(line: str, i: int) -> tuple[str, int]:
    ch = line[i]
    if ch == "<" and (tag := _TAG.match(line, i)):
        return ("\n" if _BLOCK_TAG.fullmatch(tag.group()) else " "), tag.end()
    if ch == "&" and (entity := _ENTITY.match(line, i)):
        decoded = html.unescape(entity.group())
        return (decoded if len(decoded) == 1 else " "), entity.end()
    return ("\n" if ch == "\t" else ch), i + 1


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Sentences: paragraph ends, and stops followed by a capital or a digit.

    A stop after an abbreviation that precedes names, or after a lowercase word
    when a digit follows ("1 млн. 250 тис."), does not end the sentence.
    """
    bounds = []
    begin = 0
    for match in _STOP.finditer(text):
        if match.group() != "\n":
            word = re.search(r"([^\W\d_]+)$", text[begin : match.start()])
            before = word.group(1) if word else ""
            if (
                before.lower() in _ABBREVIATIONS
                or (len(before) == 1 and before.isupper())
                or (before.islower() and match.group(1)[0].isdigit())
            ):
                continue
        bounds.append((begin, match.end()))
        begin = match.end()
    bounds.append((begin, len(text)))
    return [(s, e) for s, e in bounds if text[s:e].strip()] or [(0, len(text))]


def sentence_key(sentence: str) -> str:
    """What two printings of one sentence share: case, quotes, spacing and "є/е" folded."""
    folded = re.sub(r"[\"«»“”„]", "", fold(sentence)).replace("проєкт", "проект")
    return re.sub(r"\s+", " ", folded).strip(" .;")


# -- figures -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LineFigure:
    """A figure found in one line; offsets are raw offsets of that line."""

    char_start: int
    char_end: int
    raw_text: str
    value: float
    value_low: float | None
    value_high: float | None
    unit: str
    unit_kind: str
    unit_printed: str | None
    qualifier: str
    written_as_words: bool
    context_sentence: str
    sentence_key: str
    sentence_ordinal: int


@dataclass
class _Found:
    start: int  # view offsets
    end: int
    value: float
    low: float | None
    high: float | None
    unit: str | None
    unit_kind: str | None
    unit_printed: str | None
    qualifier: str
    words: bool
    dangling: bool  # adjectives without their noun: "2 спортивних та 6 мистецьких шкіл"


def _number_value(text: str) -> float:
    return float(re.sub(r"[ \u00a0\u2007\u202f]", "", text).replace(",", "."))


def _excluded(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for p in _NOT_FIGURES for m in p.finditer(text)]
    for match in _TOKEN.finditer(text):
        token = match.group().rstrip(".:")
        if (
            re.search(r"\d", token)
            and re.search(r"[^\W\d_]", token)
            and not _NUMBER_WITH_ATTACHED_UNIT.fullmatch(token)
        ):
            spans.append((match.start(), match.end()))
    spans.extend((m.start(1), m.end(1)) for m in _LIST_NUMBER.finditer(text))
    for match in _PAREN_NUMBER.finditer(text):
        opened = text.rfind("(", 0, match.start())
        if opened < 0 or opened < text.rfind(")", 0, match.start()):
            spans.append((match.start(1), match.end(1)))
    return spans


def _inside_quotes(sentence: str, position: int) -> bool:
    """Whether a position of a sentence is inside a quoted name that closes in it.

    Quotes are counted within the sentence only, and a quote that never closes
    does not count: the export leaves some unbalanced, and one stray quote must
    not swallow the figures of a whole cell.
    """
    before, after = sentence[:position], sentence[position:]
    if before.count("«") > before.count("»") and "»" in after:
        return True
    straight = before.count('"') + before.count("“") + before.count("”")
    return straight % 2 == 1 and any(q in after for q in '"”“')


class _Scanner:
    """Reads the figures of one cell's view text, left to right."""

    def __init__(self, text: str, rules: FigureRules) -> None:
        self.text = text
        self.rules = rules
        self.excluded = _excluded(text)
        self.sentences = sentence_bounds(text)

    def quoted(self, position: int) -> bool:
        """Inside a quoted name («Кубок 3-х річок», «16 днів проти насильства»)."""
        start, end = next(((s, e) for s, e in self.sentences if s <= position < e), (0, 0))
        return _inside_quotes(self.text[start:end], position - start)

    def is_excluded(self, position: int) -> bool:
        return any(start <= position < end for start, end in self.excluded)

    def figures(self) -> list[_Found]:
        found: list[_Found] = []
        position = 0
        candidates = sorted(
            [(m.start(), m.end(), False) for m in _DIGITS.finditer(self.text)]
            + [
                (m.start(), m.end(), True)
                for m in self.rules.number_word_pattern.finditer(self.text)
            ]
        )
        for start, end, words in candidates:
            if start < position or self.is_excluded(start):
                continue
            figure = self.read(start, end, words)
            if figure is not None:
                found.append(figure)
                position = figure.end
        self.borrow_units(found)
        return found

    def borrow_units(self, found: list[_Found]) -> None:
        """Unitless figures that share a noun printed once, next to them."""

        def sentence_of(figure: _Found) -> int:
            bounds = enumerate(self.sentences)
            return next((i for i, (s, e) in bounds if s <= figure.start < e), -1)

        for i, figure in enumerate(found):
            if figure.unit is not None:
                continue
            following = found[i + 1] if i + 1 < len(found) else None
            previous = found[i - 1] if i > 0 else None
            # "2 спортивних та 6 мистецьких шкіл"
            if figure.dangling and following is not None and following.unit_kind == "count":
                gap = self.text[figure.end : following.start].split()
                if (
                    gap
                    and re.fullmatch(r",|та|і|й|або|чи", gap[-1])
                    and all(looks_like_adjective(fold(w.strip(","))) for w in gap[:-1])
                ):
                    figure.unit, figure.unit_kind = following.unit, following.unit_kind
                    continue
            if previous is None or previous.unit is None:
                continue
            gap = self.text[previous.end : figure.start]
            # "185 учнів з 25 закладів…, з яких 138 стали призерами": the sentence's first count
            if re.search(r"(?i)(?<!\w)(?:з|із)\s+(?:них|яких|неї|якої)\s*$", gap):
                count = next(
                    (
                        f
                        for f in found[:i]
                        if f.unit_kind in ("count", "persons")
                        and sentence_of(f) == sentence_of(figure)
                    ),
                    None,
                )
                if count is not None and sentence_of(count) == sentence_of(figure):
                    figure.unit, figure.unit_kind = count.unit, count.unit_kind
                continue
            # "118 ІТП з 119"
            if re.fullmatch(r"\s*(?:з|із|зі)\s*", gap):
                figure.unit, figure.unit_kind = previous.unit, previous.unit_kind
                continue
            # "206 камер – в школах; 26 – в лікарнях; …" and "в скверах – 38"
            after = self.text[figure.end : figure.end + 3]
            before = self.text[max(0, figure.start - 3) : figure.start]
            if (re.match(r"\s*[–—-]\s", after) or re.search(r"[–—-]\s*$", before)) and (
                sentence_of(figure) == sentence_of(previous)
            ):
                count = next(
                    (f for f in reversed(found[:i]) if f.unit_kind in ("count", "persons")), None
                )
                if count is not None and sentence_of(count) == sentence_of(figure):
                    figure.unit, figure.unit_kind = count.unit, count.unit_kind

    def number_at(self, start: int) -> tuple[int, float] | None:
        match = _DIGITS.match(self.text, start)
        if not match or self.is_excluded(start):
            return None
        return match.end(), _number_value(match.group())

    def read(self, start: int, end: int, words: bool) -> _Found | None:
        text = self.text
        printed = text[start:end]
        if self.quoted(start):
            return None
        if words:
            value = self.rules.number_words[fold(printed)]
        else:
            if re.fullmatch(r"0\d+", printed):
                return None  # a code with a leading zero
            value = _number_value(printed)
            suffix = _CARDINAL_SUFFIX.match(text, end)  # "3-х років"
            end = suffix.end() if suffix else end
        low = high = None
        ranged = False
        cursor = end
        before = text[max(0, start - 40) : start]
        joiners = [_RANGE_DASH.match(text, cursor)]
        if re.search(r"(?i)(?<!\w)від\s+$", before):
            joiners.append(_RANGE_TO.match(text, cursor))
        for joiner in joiners:
            second = self.number_at(joiner.end()) if joiner and not words else None
            if second and second[1] > value:
                low, high, cursor, ranged = value, second[1], second[0], True
                suffix = _CARDINAL_SUFFIX.match(text, cursor)
                cursor = suffix.end() if suffix else cursor
                break
        if not words and not ranged and self.names_an_ordinal(value, cursor):
            return None
        value, low, high, cursor, multiplier = self.multiply(value, low, high, cursor)
        unit = self.unit(cursor)
        dangling = False
        if unit is None:
            dangling = self.adjectives_only(cursor)
            if multiplier is None and self.is_identifier(start, words):
                return None
        elif unit[0] == "not_a_figure":
            return None
        unit_value, unit_kind, unit_printed = (None, None, None) if unit is None else unit[1:4]
        if unit is not None:
            cursor = unit[4]
        if multiplier is not None:
            unit_printed = " ".join(p for p in (multiplier, unit_printed) if p)
        if (
            not ranged
            and multiplier is None
            and unit_value in (None, "рік")
            and re.fullmatch(_YEAR, printed)
        ):
            return None  # a year: "у 2023 році", "Sikorsky Challenge 2023"
        if ranged and re.search(r"(?i)(?<!\w)від\s+$", before):
            qualifier = "range"
            start -= len(re.search(r"(?i)від\s+$", before).group())
        elif ranged:
            qualifier = "range"
        else:
            qualifier, start = self.qualifier(start)
        return _Found(
            start=start,
            end=cursor,
            value=value,
            low=low,
            high=high,
            unit=unit_value,
            unit_kind=unit_kind,
            unit_printed=unit_printed,
            qualifier=qualifier,
            words=words,
            dangling=dangling,
        )

    def unit_rule_at(self, cursor: int) -> tuple[UnitRule, re.Match[str]] | None:
        lead = re.compile(f"{_SPACE}*").match(self.text, cursor)
        match = self.rules.unit_pattern.match(self.text, lead.end())
        if match is None or match.lastgroup is None or not _ends_word(self.text, match.end()):
            return None
        return self.rules.units[int(match.lastgroup[1:])], match

    def multiply(
        self, value: float, low: float | None, high: float | None, cursor: int
    ) -> tuple[float, float | None, float | None, int, str | None]:
        """Apply "тис."/"млн"/"млрд", and read mixed forms such as "1 млн. 250 тис."."""
        found = self.unit_rule_at(cursor)
        if found is None or found[0].role != "multiplier":
            return value, low, high, cursor, None
        rule, match = found
        value *= rule.factor
        low = None if low is None else low * rule.factor
        high = None if high is None else high * rule.factor
        cursor = _after_dot(self.text, match.end())
        printed = self.text[match.start() : cursor]
        spaces = re.compile(r"\s+").match(self.text, cursor)
        part = self.number_at(spaces.end()) if spaces and low is None else None
        smaller = self.unit_rule_at(part[0]) if part else None
        if part and smaller and smaller[0].role == "multiplier" and smaller[0].factor < rule.factor:
            value += part[1] * smaller[0].factor
            cursor = _after_dot(self.text, smaller[1].end())
            printed = self.text[smaller[1].start() : cursor]
        return value, low, high, cursor, printed.strip()

    def unit(self, cursor: int) -> tuple[str, str, str, str, int] | None:
        """(role, unit, kind, printed, end) of the unit or counted noun after a number."""
        found = self.unit_rule_at(cursor)
        if found is not None and found[0].role == "unit":
            rule, match = found
            end = match.end()
            # "тис. кв. м." inside a sentence: the abbreviation's full stop is part of it.
            if re.compile(r"\.\s*[а-яіїєґ]").match(self.text, end) and rule.printed[-1].isalpha():
                end += 1
            return "unit", rule.unit, rule.unit_kind, self.text[match.start() : end], end
        # A counted noun, possibly after adjectives: "20 підліткових клубів",
        # "15 соціальних та адміністративних послугах".
        position = cursor
        for _ in range(5):
            word = _NEXT_WORD.match(self.text, position)
            if not word:
                return None
            folded = fold(word.group(1))
            if folded in self.rules.number_words:
                return None  # the next figure: "5 музичних і одна художня школа"
            noun = self.rules.nouns.get(folded)
            if noun is not None:
                kind = "persons" if noun.unit == "persons" else "count"
                return noun.role, noun.unit, kind, word.group(1), word.end(1)
            if not (looks_like_adjective(folded) or self.joins_adjectives(folded, word.end(1))):
                return None
            position = word.end(1)
        return None

    def names_an_ordinal(self, value: float, cursor: int) -> bool:
        """A number that names rather than counts: "9 прикордонний загін", "1 Державного …".

        After a number that does not end in 1, a singular adjective makes an ordinal.
        """
        word = _NEXT_WORD.match(self.text, cursor)
        if word is None or self.unit_rule_at(cursor) is not None:
            return False
        if re.fullmatch(r"[А-ЯІЇЄҐA-Z][а-яіїєґa-z'’-]+", word.group(1)):
            return True  # a capitalised name follows: "підрозділам 1 Державного … загону"
        if not value.is_integer() or (value % 10 == 1 and value % 100 != 11):
            return False
        return fold(word.group(1)).endswith(_SINGULAR_ADJECTIVE_ENDINGS)

    def joins_adjectives(self, word: str, end: int) -> bool:
        after = _NEXT_WORD.match(self.text, end)
        return bool(
            _CONJUNCTION.fullmatch(word) and after and looks_like_adjective(fold(after.group(1)))
        )

    def adjectives_only(self, cursor: int) -> bool:
        word = _NEXT_WORD.match(self.text, cursor)
        return bool(word and looks_like_adjective(fold(word.group(1))))

    def is_identifier(self, start: int, words: bool) -> bool:
        """A bare number that names or numbers something rather than counts it."""
        if words:
            return True  # "два" on its own is rarely a figure
        before = self.text[max(0, start - 30) : start]
        return bool(_NAMED_BY_NUMBER.search(before) or _LATIN_WORD_BEFORE.search(before))

    def qualifier(self, start: int) -> tuple[str, int]:
        before = self.text[max(0, start - 40) : start]
        for name, pattern in _QUALIFIERS:
            match = pattern.search(before)
            if match is None:
                continue
            if name == "upper_bound" and _CHANGE_BEFORE.search(before[: match.start()]):
                return "exact", start
            return name, start - (len(before) - match.start())
        return "exact", start


def _ends_word(text: str, end: int) -> bool:
    return end >= len(text) or not (text[end].isalnum() or text[end] in "²³")


def _after_dot(text: str, end: int) -> int:
    return end + 1 if end < len(text) and text[end] == "." else end


def find_figures(line: str, text_start: int, rules: FigureRules | None = None) -> list[LineFigure]:
    """The figures of one line's implementation-text cell (`text_start` to the line's end)."""
    rules = rules or load_rules()
    view = View.of(line, text_start)
    found = _Scanner(view.text, rules).figures()
    sentences = sentence_bounds(view.text)
    figures: list[LineFigure] = []
    per_sentence: dict[int, int] = {}
    for figure in found:
        index = next(
            (i for i, (s, e) in enumerate(sentences) if s <= figure.start < e), len(sentences) - 1
        )
        s_start, s_end = sentences[index]
        # A figure never straddles sentences: its sentence runs on to the figure's end.
        s_end = max(s_end, next((e for _, e in sentences if e >= figure.end), len(view.text)))
        sentence = re.sub(r"\s+", " ", view.text[s_start:s_end]).strip()
        per_sentence[index] = per_sentence.get(index, 0) + 1
        char_start, char_end = view.raw_span(figure.start, figure.end)
        figures.append(
            LineFigure(
                char_start=char_start,
                char_end=char_end,
                raw_text=line[char_start:char_end],
                value=figure.value,
                value_low=figure.low,
                value_high=figure.high,
                unit=figure.unit or "number",
                unit_kind=figure.unit_kind or "number",
                unit_printed=figure.unit_printed,
                qualifier=figure.qualifier,
                written_as_words=figure.words,
                context_sentence=sentence,
                sentence_key=sentence_key(sentence),
                sentence_ordinal=per_sentence[index],
            )
        )
    return figures


def report_figures(parsed: ParsedReport, rules: FigureRules | None = None) -> list[Figure]:
    """Every figure of a parsed report's implementation texts, in document order."""
    rules = rules or load_rules()
    figures: list[Figure] = []
    for line in parsed.lines:
        if line.text_start is None or line.entry_ordinal is None:
            continue
        for found in find_figures(line.text, line.text_start, rules):
            fields = {name: getattr(found, name) for name in LineFigure.__slots__}
            figures.append(
                Figure(line_number=line.line_number, entry_ordinal=line.entry_ordinal, **fields)
            )
    return figures
