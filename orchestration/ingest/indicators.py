"""Read an indicator file (CSV or XLSX) into values, each traced to its row and column.

Two layouts are read:

- **wide**, as statistics offices publish them: a title, a header row of periods
  ("Показники;2014;2015;…", or quarters, or "січень–вересень 2020"), then one row per
  indicator. Section rows in capitals carry no values ("ДЕМОГРАФІЧНА ТА СОЦІАЛЬНА
  СТАТИСТИКА"); a row whose label starts with a small letter or a digit belongs to
  the row above it ("чоловіки" under "Чисельність постійного населення", "0-15 років"
  under "Розподіл постійного населення") and is named "<parent>: <child>"; lines
  after the last row of values are footnotes. An optional column "Одиниця виміру"
  gives the unit; otherwise a unit printed after the name ("…, осіб") does.
- **long**: one value per row, with columns for the indicator, unit, territory,
  period, value and (optionally) the target.

A name may state the date of its values ("Чисельність наявного населення (на 1 січня
наступного року)", "… станом на 01.01.2017"): the phrase is taken out of the name, which
is then matched without it, and dates the value — counted from the period of the value's
column or row when it is relative ("на кінець року" of 2016 is the instant 2017-01-01).
A child row inherits its parent's phrase.

Every source row is classified (title, header, section, group, values, footnote,
blank), so nothing is dropped silently. Names are matched to the catalog later, by
`normalize_name` — the same key the department aliases use.

One module of some 470 lines: both layouts share the row classification, the name, unit
and date splitting of a label and the reading of a value cell, and the records they
produce; cells, units, periods and dates are read by their own modules.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from orchestration.ingest.dates import AsOf, DateError, split_as_of
from orchestration.ingest.departments import normalize_name
from orchestration.ingest.errors import SourceError
from orchestration.ingest.indicator_tables import Grid, GridRow, Sheet, read_grid
from orchestration.ingest.indicator_units import Unit, parse_unit, split_unit_suffix
from orchestration.ingest.limits import DEFAULT_LIMITS, InputLimits
from orchestration.ingest.periods import Period, PeriodError, as_of_in, parse_period

PARSER_VERSION = "1.1.0"
WIDE, LONG = "wide", "long"

# Header names of the long layout's columns (compared by normalize_name).
_LONG_COLUMNS = {
    "indicator": ("показник", "показники", "назва показника", "найменування показника",
                  "indicator"),
    "unit": ("одиниця виміру", "од виміру", "од. виміру", "одиниці виміру", "unit"),
    "territory": ("територія", "назва території", "territory"),
    "period": ("період", "звітний період", "period"),
    "value": ("значення", "фактичне значення", "факт", "value"),
    "target": ("ціль", "цільове значення", "планове значення", "план", "target"),
}  # fmt: skip
_UNIT_HEADERS = {normalize_name(h) for h in _LONG_COLUMNS["unit"]}
# Cells that say "no value": no data (…), not applicable (х), nothing happened (–).
_NO_VALUE = {"", "-", "--", "…", "...", "х", "x", "н/д", "н.д."}
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—−", "-"))
_THOUSANDS = str.maketrans(dict.fromkeys(" \u00a0\u2007\u202f\u2009'’", ""))
_NUMBER = re.compile(r"^-?\d+(?:\.(\d+))?$")
_MARKS = re.compile(r"[*¹²³⁴⁵⁶⁷⁸⁹⁰]+$")
_FOOTNOTE_START = re.compile(r"^(?:[*¹²³⁴⁵⁶⁷⁸⁹⁰]|примітк|джерело|дані\s+наведено)", re.I)
_LETTERS = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One source row, classified."""

    sheet: str | None
    row_number: int
    kind: str  # title | header | section | group | values | footnote | blank
    text: str
    indicator_name: str | None = None  # the qualified name of a values or group row


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    """One value of an indicator for a period, located by row and column."""

    sheet: str | None
    row_number: int
    column_number: int  # 1-based column of the value cell
    indicator_printed: str | None  # the row's label (long: the indicator cell) as printed
    indicator_name: str | None  # "<parent>: <label>", unit suffix and footnote marks removed
    indicator_name_key: str | None  # normalize_name(indicator_name): matched with the catalog
    parent_printed: str | None  # the label of the row this one belongs to
    unit_printed: str | None
    unit: str | None  # normalized ('persons', 'UAH', …); None when none or unknown
    unit_factor: float  # the multiplier of the printed unit, already applied to value
    unit_known: bool  # False when a unit is printed that indicator_units.csv does not know
    territory: str | None  # long layout only
    period_printed: str
    period: Period | None  # None when the period cell names no period
    value_printed: str
    value: float | None  # the number × unit_factor; None when the cell is not a number
    value_precision: float | None  # the rounding step of the printed number, × unit_factor
    target_printed: str | None
    target_value: float | None
    period_phrase: str | None = None  # the "as of" phrase the name printed, if any
    unit_rate_base: float | None = None  # 1000 for a rate per 1000 ("‰"), else None


@dataclass(frozen=True, slots=True)
class ParsedIndicators:
    layout: str  # 'wide' | 'long'
    file_format: str  # 'csv' | 'xlsx'
    encoding: str | None
    delimiter: str | None
    rows: tuple[IndicatorRow, ...]
    values: tuple[IndicatorValue, ...]

    def row_kind_counts(self) -> dict[str, int]:
        kinds = ("title", "header", "section", "group", "values", "footnote", "blank")
        counts = Counter(row.kind for row in self.rows)
        return {kind: counts.get(kind, 0) for kind in kinds}

    def landing_quarters(self) -> set[str]:
        return {v.period.landing_quarter for v in self.values if v.period is not None}


@dataclass(frozen=True, slots=True)
class Number:
    value: Decimal  # exact, so that "264,3 тис." is 264300 and not 264300.00000000003
    precision: Decimal  # 10^-decimals as printed

    def times(self, factor: float) -> tuple[float, float]:
        """(value, precision) multiplied by a unit's factor, as floats."""
        scale = Decimal(repr(factor))
        return float(self.value * scale), float(self.precision * scale)


def parse_number(printed: str) -> Number | None:
    """ "269 942", "–0,9", "1.234,5", "0.4" → a number; None for a "no value" cell.

    Raises ValueError for a cell that is neither.
    """
    text = _MARKS.sub("", printed.strip()).translate(_DASHES).translate(_THOUSANDS)
    if text.lower() in _NO_VALUE:
        return None
    text = text.removesuffix("%")
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    match = _NUMBER.match(text)
    if not match:
        raise ValueError(f"{printed!r} is not a number")
    decimals = len(match.group(1) or "")
    return Number(Decimal(text), Decimal(1).scaleb(-decimals))


def clean_label(label: str) -> str:
    return " ".join(_MARKS.sub("", label.strip()).split())


def _is_section(label: str) -> bool:
    letters = _LETTERS.findall(label)
    return len(letters) >= 2 and all(ch == ch.upper() for ch in letters)


def _is_child(label: str) -> bool:
    first = label.lstrip()[:1]
    return first.isdigit() or (first.isalpha() and first == first.lower())


@dataclass(frozen=True, slots=True)
class _Parent:
    printed: str
    name: str
    unit: Unit | None
    as_of: AsOf | None = None


def split_label(label: str) -> tuple[str, Unit | None, AsOf | None]:
    """A row's label without footnote marks, its "as of" phrase and its unit suffix."""
    name, as_of = split_as_of(clean_label(label))
    name, unit = split_unit_suffix(name)
    return name, unit, as_of


class _Reader:
    def __init__(self, grid: Grid, source: str) -> None:
        self.grid = grid
        self.source = source
        self.rows: list[IndicatorRow] = []
        self.values: list[IndicatorValue] = []

    def fail(self, sheet: Sheet, row: int, message: str) -> SourceError:
        sheet_name = "" if sheet.name is None else f"[{sheet.name}]"
        where = f"{self.source}{sheet_name}:{row}"
        return SourceError(where, message)

    def run(self) -> ParsedIndicators:
        layouts = set()
        for sheet in self.grid.sheets:
            header_index, layout, columns = self.find_header(sheet)
            if header_index is None:
                continue
            layouts.add(layout)
            for row in sheet.rows[:header_index]:
                self.add_row(sheet, row, "title" if any(row.cells) else "blank")
            self.add_row(sheet, sheet.rows[header_index], "header")
            body = sheet.rows[header_index + 1 :]
            if layout == WIDE:
                self.read_wide(sheet, sheet.rows[header_index], columns, body)
            else:
                self.read_long(sheet, columns, body)
        if not layouts:
            raise SourceError(
                self.source,
                "no header row found: a wide table needs a row of periods "
                "(«Показники;2019;2020;…»), a long one the columns «Показник», «Період» and "
                "«Значення»",
            )
        if not self.values:
            raise SourceError(self.source, "the file holds no values")
        return ParsedIndicators(
            layout=WIDE if layouts == {WIDE} else LONG if layouts == {LONG} else "mixed",
            file_format=self.grid.file_format,
            encoding=self.grid.encoding,
            delimiter=self.grid.delimiter,
            rows=tuple(self.rows),
            values=tuple(self.values),
        )

    def add_row(self, sheet: Sheet, row: GridRow, kind: str, name: str | None = None) -> None:
        self.rows.append(IndicatorRow(sheet.name, row.row_number, kind, row.text, name))

    # -- header ---------------------------------------------------------------------
    def find_header(self, sheet: Sheet) -> tuple[int | None, str, dict[str, int]]:
        for index, row in enumerate(sheet.rows):
            keys = [normalize_name(clean_label(c)) for c in row.cells]
            long_columns = {
                name: keys.index(normalize_name(header))
                for name, headers in _LONG_COLUMNS.items()
                for header in headers
                if normalize_name(header) in keys
            }
            if {"indicator", "period", "value"} <= set(long_columns):
                return index, LONG, long_columns
            periods = [c for c in row.cells[1:] if c.strip() and _is_period(c)]
            if periods and len(row.cells) > 1:
                return index, WIDE, {}
        return None, "", {}

    # -- wide -------------------------------------------------------------------------
    def wide_columns(self, sheet: Sheet, header: GridRow) -> tuple[int | None, dict[int, str]]:
        unit_column, periods, seen = None, {}, {}
        for column, cell in enumerate(header.cells[1:], start=1):
            if not cell.strip():
                continue
            if normalize_name(clean_label(cell)) in _UNIT_HEADERS:
                unit_column = column
                continue
            try:
                key = parse_period(cell).key
            except PeriodError as error:
                raise self.fail(
                    sheet, header.row_number, f"column {column + 1} «{cell}»: {error}"
                ) from error
            if key in seen:
                raise self.fail(
                    sheet,
                    header.row_number,
                    f"columns {seen[key] + 1} and {column + 1} both name the period {key}",
                )
            seen[key] = column
            periods[column] = cell
        return unit_column, periods

    def read_wide(
        self, sheet: Sheet, header: GridRow, _: dict[str, int], body: tuple[GridRow, ...]
    ) -> None:
        unit_column, periods = self.wide_columns(sheet, header)
        parent: _Parent | None = None
        pending: list[tuple[GridRow, str]] = []  # valueless rows: groups or footnotes
        for row in body:
            cells = row.cells
            label = cells[0].strip() if cells else ""
            has_values = any(_cell(cells, c).strip() for c in periods)
            if not any(c.strip() for c in cells):
                self.flush(sheet, pending, footnotes=False)
                self.add_row(sheet, row, "blank")
                continue
            if not has_values:
                if _FOOTNOTE_START.match(label):
                    pending.append((row, "footnote"))
                elif _is_section(label):
                    pending.append((row, "section"))
                    parent = None
                elif _is_child(label):  # "у тому числі", "з них": the parent stays
                    pending.append((row, "group"))
                else:
                    parent = _Parent(label, *split_label(label))
                    pending.append((row, "group"))
                continue
            self.flush(sheet, pending, footnotes=False)
            own_name, own_unit, own_as_of = split_label(label) if label else ("", None, None)
            if label and _is_child(label) and parent is not None:
                name = f"{parent.name}: {own_name}"
                unit, parent_printed = own_unit or parent.unit, parent.printed
                as_of = own_as_of or parent.as_of
            else:
                name, unit, parent_printed, as_of = own_name, own_unit, None, own_as_of
                if label:
                    parent = _Parent(label, own_name, own_unit, own_as_of)
            if unit_column is not None and _cell(cells, unit_column).strip():
                unit = parse_unit(_cell(cells, unit_column))
            self.add_row(sheet, row, "values", name or None)
            for column, period_printed in periods.items():
                value_printed = _cell(cells, column)
                self.add_value(
                    sheet,
                    row,
                    column,
                    label=label or None,
                    name=name or None,
                    parent_printed=parent_printed,
                    unit=unit,
                    territory=None,
                    period_printed=period_printed,
                    as_of=as_of,
                    value_printed=value_printed,
                    target_printed=None,
                )
        self.flush(sheet, pending, footnotes=True)

    def flush(self, sheet: Sheet, pending: list[tuple[GridRow, str]], footnotes: bool) -> None:
        """Valueless rows after the last row of values are footnotes, not groups."""
        for row, kind in pending:
            trailing = footnotes and kind == "group"
            label = row.cells[0].strip() if row.cells else ""
            name = None if kind != "group" or trailing else clean_label(label)
            self.add_row(sheet, row, "footnote" if trailing else kind, name)
        pending.clear()

    # -- long -------------------------------------------------------------------------
    def read_long(self, sheet: Sheet, columns: dict[str, int], body: tuple[GridRow, ...]) -> None:
        pending: list[tuple[GridRow, str]] = []
        for row in body:
            cells = row.cells
            label = _cell(cells, columns["indicator"]).strip()
            value_printed = _cell(cells, columns["value"])
            if not any(c.strip() for c in cells):
                self.flush(sheet, pending, footnotes=False)
                self.add_row(sheet, row, "blank")
                continue
            period_printed = _cell(cells, columns["period"])
            if not value_printed.strip() and not period_printed.strip():
                pending.append((row, "footnote"))  # a note or a source line, not a value
                continue
            self.flush(sheet, pending, footnotes=False)
            name, unit, as_of = split_label(label) if label else ("", None, None)
            if "unit" in columns and _cell(cells, columns["unit"]).strip():
                unit = parse_unit(_cell(cells, columns["unit"]))
            territory = _cell(cells, columns["territory"]).strip() if "territory" in columns else ""
            self.add_row(sheet, row, "values", name or None)
            self.add_value(
                sheet,
                row,
                columns["value"],
                label=label or None,
                name=name or None,
                parent_printed=None,
                unit=unit,
                territory=territory or None,
                period_printed=period_printed,
                as_of=as_of,
                value_printed=value_printed,
                target_printed=_cell(cells, columns["target"]) if "target" in columns else None,
            )
        self.flush(sheet, pending, footnotes=True)

    # -- values -----------------------------------------------------------------------
    def add_value(
        self,
        sheet: Sheet,
        row: GridRow,
        column: int,
        *,
        label: str | None,
        name: str | None,
        parent_printed: str | None,
        unit: Unit | None,
        territory: str | None,
        period_printed: str,
        as_of: AsOf | None,
        value_printed: str,
        target_printed: str | None,
    ) -> None:
        try:
            number = parse_number(value_printed)
        except ValueError:  # landed without a value: the landing check names the cell
            value, precision = None, None
        else:
            if number is None:
                return  # a "no value" cell
            value, precision = number.times(unit.factor if unit else 1.0)
        factor = unit.factor if unit else 1.0
        period = _period(period_printed, as_of)
        target = None
        if target_printed and target_printed.strip():
            try:
                parsed_target = parse_number(target_printed)
            except ValueError:
                parsed_target = None
            target = parsed_target.times(factor)[0] if parsed_target else None
        self.values.append(
            IndicatorValue(
                sheet=sheet.name,
                row_number=row.row_number,
                column_number=column + 1,
                indicator_printed=label,
                indicator_name=name,
                indicator_name_key=normalize_name(name) if name else None,
                parent_printed=parent_printed,
                unit_printed=unit.printed if unit else None,
                unit=unit.unit if unit else None,
                unit_factor=factor,
                unit_known=unit.known if unit else True,
                territory=territory,
                period_printed=period_printed.strip(),
                period=period,
                value_printed=value_printed.strip(),
                value=value,
                value_precision=precision,
                target_printed=target_printed.strip() if target_printed else None,
                target_value=target,
                period_phrase=as_of.printed if as_of else None,
                unit_rate_base=unit.rate_base if unit else None,
            )
        )


def _cell(cells: tuple[str, ...], column: int) -> str:
    return cells[column] if column < len(cells) else ""


def _period(printed: str, as_of: AsOf | None) -> Period | None:
    """The period of a value cell: its column's or row's, dated by the name's phrase.

    An absolute phrase ("станом на 1 січня 2017") is the period even beside an empty
    period cell; a relative one ("на кінець року") is counted from the cell's period.
    None when nothing names a period (the landing check then names the cell).
    """
    try:
        period = parse_period(printed) if printed.strip() else None
    except PeriodError:
        period = None
    if as_of is None:
        return period
    if as_of.relative and period is None:
        return None
    try:
        return as_of_in(as_of, period)
    except (PeriodError, DateError):
        return None


def _is_period(text: str) -> bool:
    try:
        parse_period(text)
    except PeriodError:
        return False
    return True


def parse_indicator_grid(grid: Grid, source: str) -> ParsedIndicators:
    return _Reader(grid, source).run()


def parse_indicator_file(
    data: bytes, source: str, limits: InputLimits = DEFAULT_LIMITS
) -> ParsedIndicators:
    """Parse an indicator file's bytes; `source` names it in messages (and says .xlsx)."""
    return parse_indicator_grid(read_grid(data, source, limits), source)
