"""Typed records the report parser produces; the landing layer writes them as Parquet.

These are the contract between `orchestration/ingest` (pure Python) and the dbt
project: every field here becomes a column of a landing table that dbt's staging
models read (see `LANDING_TABLES`). Line numbers are 1-based lines of the decoded
source file, so an auditor can open the file and find the row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class LineKind(StrEnum):
    """What a source line is. Every line of a report gets exactly one kind."""

    BLANK = "blank"  # empty or whitespace only; inside tables these are page breaks
    TITLE = "title"  # the priority's title block ("**Інформація про виконання ...")
    TABLE_HEADER = "table_header"  # "№ з/п<TAB>Опис завдання ..." repeated per priority
    GOAL_HEADING = "goal_heading"  # "Стратегічна ціль N" with or without its title
    GOAL_TITLE = "goal_title"  # the goal's title on a line (or table row) of its own
    ENTRY = "entry"  # a row that opens an entry (new task, project or responsible body)
    CONTINUATION = "continuation"  # a row that only continues the previous entry's text
    SEPARATOR = "separator"  # a stray row of dashes


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One line of the source file, classified."""

    line_number: int
    kind: LineKind
    text: str  # the decoded line without its line terminator
    entry_ordinal: int | None = None  # the entry this line belongs to, if any
    text_start: int | None = None  # character offset of the implementation-text cell


@dataclass(frozen=True, slots=True)
class ResponsibleBody:
    """One responsible body as printed in the cell, and its matching key."""

    name_printed: str  # as printed, HTML removed, surrounding spaces trimmed
    name_key: str  # normalize_name(name_printed): what the alias seed is matched on
    ordinal: int  # 1-based position in the cell


@dataclass(frozen=True, slots=True)
class ProjectCell:
    """A project cell split into its parts ("Name 2019-2023 роки (description)")."""

    printed: str  # the cell as printed, HTML removed
    name: str  # without the year range and without the parenthetical description
    period_start_year: int | None
    period_end_year: int | None
    description: str | None  # the parenthetical, or None
    name_key: str  # normalized name + description: the project's identity within its task


@dataclass(frozen=True, slots=True)
class Entry:
    """One reported entry: a task, optionally a project, its bodies and its text.

    The hierarchy is denormalized onto every entry (priority, goal and task
    attributes) so that a landing table is one flat file per document.
    """

    entry_ordinal: int  # 1.. in document order
    priority_ordinal: int
    priority_name: str
    priority_line: int
    goal_ordinal: int  # 1.. within the priority, by appearance
    goal_number_printed: str  # as printed, even when the source numbers it twice
    goal_title: str
    goal_line: int
    task_ordinal: int  # 1.. within the goal, by appearance
    task_number_printed: str | None  # "1", "3.2.", or None when no number is printed
    task_description: str
    task_line: int
    project: ProjectCell | None
    project_ordinal: int | None  # 1.. within the task, None for task-level entries
    responsible_printed: str | None  # the whole responsible cell, HTML removed
    responsible_bodies: tuple[ResponsibleBody, ...]
    implementation_text: str  # HTML removed, paragraphs and continuation rows as newlines
    line_start: int
    line_end: int


@dataclass(frozen=True, slots=True)
class Figure:
    """A number stated in an entry's implementation text, located to the character.

    `char_start`/`char_end` are 0-based, end-exclusive offsets in the decoded source
    line `line_number`, so that `line[char_start:char_end] == raw_text`.
    """

    line_number: int
    entry_ordinal: int
    char_start: int
    char_end: int
    raw_text: str  # exactly as printed, qualifier and unit included ("понад 6,1 млн грн")
    value: float  # multipliers applied, decimal comma read; the lower bound of a range
    value_low: float | None  # ranges only ("від 7 до 12", "50,0 - 60,0")
    value_high: float | None
    unit: str  # 'UAH', 'percent', 'm2', …, 'persons', a counted noun's lemma, or 'number'
    unit_kind: str  # 'money', 'share', 'area', …, 'count', 'persons', or 'number'
    unit_printed: str | None  # the unit or noun as printed ("тис. кв. м", "семінарів")
    qualifier: str  # 'exact' | 'approximate' | 'lower_bound' | 'upper_bound' | 'range'
    written_as_words: bool  # "два підрозділи", "п'ять засідань"
    context_sentence: str  # the sentence holding the figure, HTML removed
    sentence_key: str  # the sentence folded (case, quotes, spaces): finds repeats
    sentence_ordinal: int  # 1.. the figure's position among its sentence's figures


@dataclass(frozen=True, slots=True)
class ParsedReport:
    """Everything parsed out of one report document."""

    report_year: int
    city: str
    lines: tuple[SourceLine, ...]
    entries: tuple[Entry, ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def line_kind_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {kind.value: 0 for kind in LineKind}
        for line in self.lines:
            counts[line.kind.value] += 1
        return counts
