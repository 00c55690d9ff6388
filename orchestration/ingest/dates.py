"""Dates as statistics tables print them, and the "as of" phrases that date a stock.

A stock (population, registered enterprises) is a level at an instant, and tables print
that instant in many ways: `2016-10-01`, "01.10.2016", "1 жовтня 2016 року", "станом на
1 січня 2017", "на початок 2017 року", "на кінець 2016 року" — or relative to the period
of the row or column the value stands in: "на початок року", "на кінець року", "на 1
січня наступного року", "на кінець звітного періоду". An `AsOf` is such a phrase, read;
`resolve` gives its day, for a relative phrase from the period it stands in.

One instant is stated once: the end of a period is the first day after it, so "на
кінець 2016 року" and "на 1 січня 2017" are the same day, 2017-01-01.

The words of the relative phrases are data (`EDGE_WORDS`, `SCOPE_WORDS`, `YEAR_WORDS`):
a new wording is a new entry there, not new code. Day-first numeric dates are read with
dots only ("01.10.2016"): with slashes a reader cannot tell the day from the month.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

# Month names in the nominative ("січень") and genitive ("січня") cases, by stem.
MONTH_STEMS = (
    ("січ", 1), ("лют", 2), ("берез", 3), ("квіт", 4), ("трав", 5), ("черв", 6),
    ("лип", 7), ("серп", 8), ("верес", 9), ("жовт", 10), ("листопад", 11), ("груд", 12),
)  # fmt: skip
MONTH = r"(?:січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листопад|груд)[а-яіїєґ']*"

# "на <edge> <scope>": which edge, of what. The end of a period is the day after it.
EDGE_WORDS = {"початок": "start", "початку": "start", "кінець": "end", "кінці": "end"}
SCOPE_WORDS = {
    "року": "year",
    "поточного року": "year",
    "звітного року": "year",
    "періоду": "period",
    "звітного періоду": "period",
    "кварталу": "period",
    "звітного кварталу": "period",
    "півріччя": "period",
    "місяця": "period",
}
# "на 1 січня наступного року": the year relative to the period's year.
YEAR_WORDS = {
    "поточного року": 0,
    "звітного року": 0,
    "наступного року": 1,
    "попереднього року": -1,
}


def _words(table: dict[str, object]) -> str:
    return "|".join(re.escape(w) for w in sorted(table, key=lambda w: (-len(w), w)))


_YEAR_SUFFIX = r"(?:\s*(?:р\.?|року|рік))?"
_ABSOLUTE = (
    rf"(?P<dmy>\d{{1,2}}\.\d{{1,2}}\.\d{{4}}){_YEAR_SUFFIX}",
    r"(?P<iso>\d{4}-\d{2}-\d{2})",
    rf"(?P<dmonthy>\d{{1,2}}\s+{MONTH}\s+\d{{4}}){_YEAR_SUFFIX}",
    rf"(?P<edge_year>(?:{_words(EDGE_WORDS)})\s+\d{{4}}){_YEAR_SUFFIX}",
)
_RELATIVE = (
    rf"(?P<dmonth>\d{{1,2}}\s+{MONTH})(?:\s+(?P<year_word>{_words(YEAR_WORDS)}))?",
    rf"(?P<edge>(?:{_words(EDGE_WORDS)}))\s+(?P<scope>{_words(SCOPE_WORDS)})",
)
PHRASE = "(?:" + "|".join(_ABSOLUTE + _RELATIVE) + ")"
_AS_OF = re.compile(rf"^(?:(?:станом\s+)?на\s+)?{PHRASE}$", re.IGNORECASE)
# A phrase inside an indicator's name: in parentheses, or after a comma or a space up to
# the next comma or the end ("Чисельність населення (на 1 січня наступного року), осіб").
_IN_NAME = (
    re.compile(rf"\s*\(\s*(?P<phrase>(?:станом\s+)?на\s+{PHRASE})\s*\)", re.IGNORECASE),
    re.compile(rf"\s*,?\s+(?P<phrase>(?:станом\s+)?на\s+{PHRASE})(?=\s*(?:,|$))", re.IGNORECASE),
)
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—−", "-"))


class DateError(ValueError):
    """A printed date that is no day of the calendar, or a relative one without its period."""


@dataclass(frozen=True, slots=True)
class AsOf:
    """An "as of" phrase, read: an absolute day, or a day relative to a period."""

    printed: str
    day: date | None = None  # an absolute day
    edge: str | None = None  # 'start' | 'end' of `scope`
    scope: str | None = None  # 'year' | 'period'
    month_day: tuple[int, int] | None = None  # (month, day) in the period's year + offset
    year_offset: int = 0

    @property
    def relative(self) -> bool:
        return self.day is None

    def resolve(self, period_start: date | None, period_end: date | None) -> date:
        """The day the phrase names, relative phrases counted from the period given."""
        if self.day is not None:
            return self.day
        if period_start is None or period_end is None:
            raise DateError(f"«{self.printed}» is relative to a period, and none is given")
        year = period_start.year
        if self.month_day is not None:
            month, day = self.month_day
            return _day(year + self.year_offset, month, day, self.printed)
        if self.scope == "year":
            return date(year + (self.edge == "end"), 1, 1)
        return period_start if self.edge == "start" else period_end + timedelta(days=1)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_DASHES)
    return " ".join(text.lower().split()).strip(" .,:;")


def month_number(word: str) -> int:
    for stem, number in MONTH_STEMS:
        if word.startswith(stem):
            return number
    raise DateError(f"{word!r} is not a month")


def _day(year: int, month: int, day: int, printed: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise DateError(f"«{printed}» is no day of the calendar: {error}") from error


def _read(match: re.Match[str], printed: str) -> AsOf:
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    if "dmy" in groups:
        day, month, year = (int(p) for p in groups["dmy"].split("."))
        return AsOf(printed, day=_day(year, month, day, printed))
    if "iso" in groups:
        year, month, day = (int(p) for p in groups["iso"].split("-"))
        return AsOf(printed, day=_day(year, month, day, printed))
    if "dmonthy" in groups:
        day_text, month_word, year_text = groups["dmonthy"].split()
        return AsOf(printed, day=_day(int(year_text), month_number(month_word), int(day_text),
                                      printed))  # fmt: skip
    if "edge_year" in groups:
        edge_word, year_text = groups["edge_year"].split()
        year = int(year_text) + (EDGE_WORDS[edge_word.lower()] == "end")
        return AsOf(printed, day=date(year, 1, 1))
    if "dmonth" in groups:
        day_text, month_word = groups["dmonth"].split()
        month, day = month_number(month_word.lower()), int(day_text)
        _day(2000, month, day, printed)  # a leap year: 29 лютого is a day
        offset = YEAR_WORDS[groups["year_word"].lower()] if "year_word" in groups else 0
        return AsOf(printed, month_day=(month, day), year_offset=offset)
    scope = " ".join(groups["scope"].lower().split())
    return AsOf(printed, edge=EDGE_WORDS[groups["edge"].lower()], scope=SCOPE_WORDS[scope])


def parse_as_of(printed: str) -> AsOf | None:
    """A cell that is a date or an "as of" phrase; None when it is neither.

    Raises DateError for a phrase of the right shape naming no day ("31.02.2017").
    """
    text = fold(printed)
    match = _AS_OF.match(text)
    return _read(match, printed.strip()) if match else None


def split_as_of(label: str) -> tuple[str, AsOf | None]:
    """ "Чисельність населення (на 1 січня наступного року), осіб" →
    ("Чисельність населення, осіб", на 1 січня наступного року).

    A name that states its own date is matched without it; the date becomes the period.
    """
    text = " ".join(unicodedata.normalize("NFC", label).translate(_DASHES).split())
    for pattern in _IN_NAME:
        match = pattern.search(text)
        if match is None:
            continue
        try:
            as_of = parse_as_of(match.group("phrase"))
        except DateError:  # "на 31 лютого": the name keeps it, and is reported unknown
            return label, None
        if as_of is None:  # pragma: no cover - the patterns share PHRASE
            continue
        rest = (text[: match.start()] + text[match.end() :]).strip(" ,")
        return re.sub(r"\s+,", ",", rest), as_of
    return label, None
