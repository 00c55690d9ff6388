"""Periods as statistics tables print them, reduced to one key per period.

Statistics offices and council reports name the same period in many ways: "2023",
"2023 рік", "2024-Q1", "I квартал 2024", "січень–березень 2024", "9 місяців 2020",
"I півріччя 2024", `2024-H1`, "на 01.10.2016". Every spelling of one stretch of months gets one key:

- a calendar year: '2023' (grain 'year');
- a calendar quarter: '2024-Q1' (grain 'quarter'), also when printed as its months
  ("січень–березень 2024" is the first quarter);
- any other run of whole months within one year: '2020-M01-M09' (grain 'part_year',
  first and last month), e.g. "січень–вересень 2020", "9 місяців 2020", "I півріччя 2024",
  `2024-H1`, or the ISO interval `2020-01/2020-09`. Statistics offices publish such
  cumulative figures "from the start of the year";
- an instant: '2017-01-01' (grain 'instant'), the day a stock is counted at: `2016-10-01`,
  "01.10.2016", "станом на 1 січня 2017", "на кінець 2016 року" (see `dates`). A stock
  printed for a period stands at its end, the first day after it (`Period.as_of`).

`landing_quarter` is the quarter a period ends in: the Dagster partition its value
lands in (a year lands with its fourth quarter, January–September with the third, the
instant 2017-01-01 with 2017-Q1).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from orchestration.ingest.dates import MONTH as _MONTH
from orchestration.ingest.dates import AsOf, DateError, month_number, parse_as_of

YEAR, QUARTER, PART_YEAR, INSTANT = "year", "quarter", "part_year", "instant"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR_WORD = r"(?:\s*(?:р\.?|рік|року|рр\.?))?"
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—−", "-"))
# Ukrainian texts often type Roman numerals with the Cyrillic letter і: "ІІ квартал".
_NUMERAL = r"([iі]v|[iі]{1,3}|[1-4])"
_CYRILLIC_I = str.maketrans({"і": "i"})
_FOOTNOTE_MARKS = re.compile(r"[\s*¹²³⁴⁵⁶⁷⁸⁹⁰)]+$")

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("year", rf"^(?:за\s+)?(\d{{4}}){_YEAR_WORD}$"),
        ("key_quarter", r"^(\d{4})\s*[-/ ]?\s*q([1-4])$"),
        ("quarter_key", r"^q([1-4])\s*[-/ ]?\s*(\d{4})$"),
        ("key_part", r"^(\d{4})-m(\d{2})-m(\d{2})$"),
        ("key_half", r"^(\d{4})\s*[-/ ]?\s*h([12])$"),
        ("half_key", r"^h([12])\s*[-/ ]?\s*(\d{4})$"),
        ("iso_months", r"^(\d{4})-(\d{2})/(?:(\d{4})-)?(\d{2})$"),
        ("iso_days", r"^(\d{4})-(\d{2})-(\d{2})/(\d{4})-(\d{2})-(\d{2})$"),
        ("iso_month", r"^(\d{4})-(\d{2})$"),
        (
            "quarter_year",
            rf"^(?:за\s+)?{_NUMERAL}\s*(?:-?\s*(?:й|ий))?\s*(?:квартал|кв\.?)\s*(\d{{4}}){_YEAR_WORD}$",
        ),
        (
            "year_quarter",
            rf"^(\d{{4}}){_YEAR_WORD}\s*,?\s*{_NUMERAL}\s*(?:-?\s*(?:й|ий))?\s*(?:квартал|кв\.?)$",
        ),
        (
            "half_year",
            rf"^(?:за\s+)?([iі]{{1,2}}|[12])\s*(?:-?\s*(?:е|ге))?\s*півріччя\s*(\d{{4}}){_YEAR_WORD}$",
        ),
        (
            "months_count",
            rf"^(?:за\s+)?(\d{{1,2}})\s*(?:місяців|місяці|міс\.?)\s*(\d{{4}}){_YEAR_WORD}$",
        ),
        ("month_range", rf"^(?:за\s+)?({_MONTH})\s*-\s*({_MONTH})\s*(\d{{4}}){_YEAR_WORD}$"),
        ("month", rf"^(?:за\s+)?({_MONTH})\s+(\d{{4}}){_YEAR_WORD}$"),
    )
)


class PeriodError(ValueError):
    """A cell that should name a period and does not."""


@dataclass(frozen=True, slots=True)
class Period:
    key: str  # '2023', '2024-Q1', '2020-M01-M09', '2017-01-01'
    grain: str  # 'year' | 'quarter' | 'part_year' | 'instant'
    year: int
    quarter: int | None  # 1..4 for a quarter, else None
    start: date
    end: date

    @property
    def first_month(self) -> int:
        return self.start.month

    @property
    def last_month(self) -> int:
        return self.end.month

    @property
    def as_of(self) -> date:
        """The instant a stock printed for this period stands at: the day after its end."""
        return self.start if self.grain == INSTANT else self.end + timedelta(days=1)

    @property
    def landing_quarter(self) -> str:
        """The quarter the period ends in: the partition its values land in."""
        return f"{self.year}-Q{(self.end.month - 1) // 3 + 1}"


def months(year: int, first: int, last: int) -> Period:
    """The period of whole months `first`..`last` of `year`, keyed by what it is."""
    if not 1 <= first <= last <= 12:
        raise PeriodError(f"months {first}..{last} are not a run of months within one year")
    start = date(year, first, 1)
    end = date(year, last, calendar.monthrange(year, last)[1])
    if (first, last) == (1, 12):
        return Period(str(year), YEAR, year, None, start, end)
    if first % 3 == 1 and last == first + 2:
        quarter = (first - 1) // 3 + 1
        return Period(f"{year}-Q{quarter}", QUARTER, year, quarter, start, end)
    return Period(f"{year}-M{first:02d}-M{last:02d}", PART_YEAR, year, None, start, end)


def quarter(year: int, number: int) -> Period:
    return months(year, 3 * number - 2, 3 * number)


def instant(day: date) -> Period:
    """The instant at the start of `day`, keyed by its ISO date."""
    return Period(day.isoformat(), INSTANT, day.year, None, day, day)


def as_of_in(as_of: AsOf, period: Period | None) -> Period:
    """The instant an "as of" phrase names, a relative one counted from `period`."""
    start, end = (period.start, period.end) if period else (None, None)
    try:
        return instant(as_of.resolve(start, end))
    except DateError as error:
        raise PeriodError(str(error)) from error


def _month_number(word: str) -> int:
    try:
        return month_number(word)
    except DateError as error:
        raise PeriodError(str(error)) from error


def _interval(first: date, last: date) -> Period:
    """An ISO interval of days that bounds whole months of one year."""
    if first.year != last.year or first.day != 1 or (last + timedelta(days=1)).day != 1:
        raise PeriodError(f"{first}/{last} is not a run of whole months within one year")
    return months(first.year, first.month, last.month)


def _ordinal(text: str) -> int:
    text = text.translate(_CYRILLIC_I)
    return _ROMAN[text] if text in _ROMAN else int(text)


def fold_period(text: str) -> str:
    """The printed label lowercased, dashes made '-', footnote marks and extra spaces gone."""
    text = unicodedata.normalize("NFC", text).translate(_DASHES)
    text = " ".join(text.lower().split())
    text = _FOOTNOTE_MARKS.sub("", text).strip(" .,:")
    return re.sub(r"\s*-\s*", "-", text)


@lru_cache(maxsize=4096)
def parse_period(printed: str) -> Period:
    """The period a printed label names; PeriodError when it names none.

    Cached: a long table repeats a few labels in every row.
    """
    text = fold_period(printed)
    for name, pattern in _PATTERNS:
        match = pattern.match(text)
        if match is None:
            continue
        groups = match.groups()
        if name == "year":
            year = int(groups[0])
            return months(year, 1, 12)
        if name == "key_quarter":
            return quarter(int(groups[0]), int(groups[1]))
        if name == "quarter_key":
            return quarter(int(groups[1]), int(groups[0]))
        if name == "key_part":
            return months(int(groups[0]), int(groups[1]), int(groups[2]))
        if name in ("key_half", "half_key"):
            year, half = (groups[0], groups[1]) if name == "key_half" else groups[::-1]
            return months(int(year), 6 * int(half) - 5, 6 * int(half))
        if name == "iso_months":
            if groups[2] is not None and groups[2] != groups[0]:
                raise PeriodError(f"{printed!r} spans two years: a period is months of one year")
            return months(int(groups[0]), int(groups[1]), int(groups[3]))
        if name == "iso_days":
            first, last = (date(*map(int, groups[:3])), date(*map(int, groups[3:])))
            return _interval(first, last)
        if name == "iso_month":
            return months(int(groups[0]), int(groups[1]), int(groups[1]))
        if name == "quarter_year":
            return quarter(int(groups[1]), _ordinal(groups[0]))
        if name == "year_quarter":
            return quarter(int(groups[0]), _ordinal(groups[1]))
        if name == "half_year":
            half = _ordinal(groups[0])
            return months(int(groups[1]), 6 * half - 5, 6 * half)
        if name == "months_count":
            return months(int(groups[1]), 1, int(groups[0]))
        if name == "month_range":
            return months(int(groups[2]), _month_number(groups[0]), _month_number(groups[1]))
        if name == "month":
            number = _month_number(groups[0])
            return months(int(groups[1]), number, number)
    try:
        as_of = parse_as_of(text)
    except DateError as error:
        raise PeriodError(str(error)) from error
    if as_of is not None and not as_of.relative:
        return as_of_in(as_of, None)
    if as_of is not None:
        raise PeriodError(
            f"{printed!r} is relative to a period, and the cell gives none: write the date "
            "('на 01.01.2017'), or print the phrase in the indicator's name beside a period"
        )
    raise PeriodError(
        f"{printed!r} is not a period this warehouse reads: write a year ('2024'), a quarter "
        "('2024-Q1', 'I квартал 2024'), months of one year ('січень-вересень 2024', "
        "'2024-H1', '2020-01/2020-09') or a date ('2016-10-01', 'станом на 1 січня 2017')"
    )


def is_period(printed: str) -> bool:
    try:
        parse_period(printed)
    except PeriodError:
        return False
    return True
