"""Parse the tab-separated text export of the annual implementation report.

The export is a Word table flattened to lines: five columns (№, task, project,
responsible bodies, implementation text), one block per priority, each with its
own title and repeated table header. Real exports are untidy — rows with four
fields whose cells are shifted either way, goal headings in three forms, rows
that only continue the previous entry's text, blank lines at page breaks,
separator rows of dashes — so every row is realigned by what its cells contain,
and every source line is classified (nothing is silently dropped).

It is one piece on purpose: one pass over the lines whose state (the priority, goal
and task in force, the entry a continuation row belongs to) every rule reads and
changes; split, the rules would pass that state around instead of sharing it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from orchestration.ingest.errors import ReportFormatError
from orchestration.ingest.projects import parse_project_cell
from orchestration.ingest.records import (
    Entry,
    LineKind,
    ParsedReport,
    ProjectCell,
    ResponsibleBody,
    SourceLine,
)
from orchestration.ingest.text import is_separator, strip_html

PARSER_VERSION = "1.4.0"

_TITLE_START = re.compile(r"^\**\s*Інформація\s+про\s+виконання\s+завдань", re.IGNORECASE)
_PRIORITY_NAME = re.compile(r"пріоритету\s*[\"«“„']\s*(.+?)\s*[\"»”“']")
_HEADER_FIRST_CELL = re.compile(r"^№\s*з/?п", re.IGNORECASE)
_HEADER_YEAR = re.compile(r"Інформація\s+про\s+виконання\s+за\s+(\d{4})\s*(?:рік|р\.?)", re.I)
_GOAL = re.compile(r"^\**\s*Стратегічна\s+ціль\s*№?\s*(\d+(?:\.\d+)*)\.?\s*(.*)$", re.IGNORECASE)
_NUMBER_CELL = re.compile(r"^\d+(?:\.\d+)*\.?$")
_TASK_NUMBER_PREFIX = re.compile(r"^(\d+(?:\.\d+)+\.?|\d+\.)\s+(?=\S)")

_NUM, _TASK, _PROJECT, _BODIES, _TEXT = range(5)
_COLUMNS = 5


@dataclass(frozen=True, slots=True)
class BodyRules:
    """How responsible cells are recognised and split (rules that live in dbt seeds)."""

    looks_like_bodies: Callable[[str], bool]
    split: Callable[[str], list[str]]
    normalize: Callable[[str], str]


@dataclass
class _OpenEntry:
    ordinal: int
    priority: tuple[int, str, int]
    goal: tuple[int, str, str, int]
    task: tuple[int, str | None, str, int]
    project: ProjectCell | None
    project_ordinal: int | None
    responsible_printed: str | None
    bodies: tuple[ResponsibleBody, ...]
    texts: list[str] = field(default_factory=list)
    line_start: int = 0
    line_end: int = 0


def _strip_stars(text: str) -> str:
    return text.strip().strip("*").strip()


def realign(cells: list[str], rules: BodyRules) -> list[str]:
    """Put a row's cells into the five logical columns by what they contain."""
    return realign_with_text_index(cells, rules)[0]


def realign_with_text_index(cells: list[str], rules: BodyRules) -> tuple[list[str], int]:
    """The five logical columns, and which source cell holds the implementation text.


    A four-field row lost one column: the cell that names responsible bodies
    anchors it (left of it: №/task/project, right-aligned; right of it: text).
    Without such a cell the missing column is the bodies' one. A five-field row
    whose bodies stand in the project column and whose last cell is empty was
    shifted the other way.
    """
    cells = [c.strip() for c in cells]
    if len(cells) > _COLUMNS:
        return [*cells[:4], "\t".join(cells[4:]).strip()], _TEXT
    if len(cells) == _COLUMNS:
        if (
            not cells[_TEXT]
            and cells[_BODIES]
            and rules.looks_like_bodies(strip_html(cells[_PROJECT]))
            and not rules.looks_like_bodies(strip_html(cells[_BODIES]))
        ):
            return ["", *cells[:4]], _BODIES
        return cells, _TEXT
    body_at = next(
        (
            i
            for i in range(len(cells) - 2, -1, -1)
            if cells[i] and rules.looks_like_bodies(strip_html(cells[i]))
        ),
        None,
    )
    if body_at is None:
        left, bodies, right = cells[:-1], "", cells[-1:]
        text_index = len(cells) - 1
    else:
        left, bodies, right = cells[:body_at], cells[body_at], cells[body_at + 1 :]
        text_index = body_at + 1
    left = left[-3:]
    aligned = [""] * (3 - len(left)) + left
    return [*aligned, bodies, "\t".join(right).strip()], text_index


class _Parser:
    def __init__(self, text: str, source_name: str, rules: BodyRules) -> None:
        self.source_name = source_name
        self.rules = rules
        self.raw_lines = text.split("\n")
        self.ends_with_newline = bool(self.raw_lines) and self.raw_lines[-1] == ""
        if self.ends_with_newline:
            self.raw_lines.pop()  # the terminator of the last line, not a line
        self.kinds: list[LineKind] = []
        self.line_entry: list[int | None] = []
        self.text_starts: dict[int, int] = {}
        self.entries: list[Entry] = []
        self.warnings: list[str] = []
        self.report_year: int | None = None
        self.priority: tuple[int, str, int] | None = None
        self.priority_count = 0
        self.in_title = False
        self.goal: tuple[int, str, str, int] | None = None
        self.goal_count = 0
        self.goal_title_pending = False
        self.task: tuple[int, str | None, str, int] | None = None
        self.task_count = 0
        self.project_count = 0
        self.open: _OpenEntry | None = None

    # -- errors -------------------------------------------------------------
    def fail(self, line_number: int, message: str) -> ReportFormatError:
        return ReportFormatError(self.source_name, line_number, message)

    # -- driving ------------------------------------------------------------
    def run(self) -> ParsedReport:
        for index, raw in enumerate(self.raw_lines):
            line_number = index + 1
            kind = self.classify(line_number, raw.rstrip("\r"))
            self.kinds.append(kind)
            owner = self.open.ordinal if self.open and kind in _ENTRY_KINDS else None
            self.line_entry.append(owner)
        self.check_not_cut_off()
        self.close_entry()
        if self.report_year is None:
            raise self.fail(
                1, 'no table header with "Інформація про виконання за <рік> рік" was found'
            )
        if not self.entries:
            raise self.fail(len(self.raw_lines) or 1, "the report holds no entries")
        lines = tuple(
            SourceLine(
                i + 1,
                kind,
                self.raw_lines[i].rstrip("\r"),
                self.line_entry[i],
                self.text_starts.get(i + 1) if kind in _ENTRY_KINDS else None,
            )
            for i, kind in enumerate(self.kinds)
        )
        return ParsedReport(
            report_year=self.report_year,
            city="",
            lines=lines,
            entries=tuple(self.entries),
            warnings=tuple(self.warnings),
        )

    def check_not_cut_off(self) -> None:
        """A file cut off mid-row ends without a line end inside an incomplete row.

        (The council's own export also ends without a line end, but on a full row.)
        """
        if self.ends_with_newline or not self.raw_lines:
            return
        n = len(self.raw_lines)
        cells = self.raw_lines[-1].rstrip("\r").split("\t")
        if self.kinds[-1] in _ENTRY_KINDS and (len(cells) < _COLUMNS or not cells[-1].strip()):
            raise self.fail(
                n,
                f"the last row is incomplete ({len(cells)} cells, no line end): the file "
                "looks cut off; copy the report again",
            )

    def classify(self, n: int, raw: str) -> LineKind:
        cells = raw.split("\t")
        if not raw.strip():
            return LineKind.BLANK
        first = _strip_stars(strip_html(cells[0]))
        if self.in_title:
            # A title runs on until its closing "**"; a table row ends it regardless.
            if len(cells) == 1 and not _GOAL.match(first):
                self.in_title = not raw.rstrip().endswith("**")
                return LineKind.TITLE
            self.in_title = False
        if _TITLE_START.match(raw.strip()):
            self.start_priority(n, raw)
            return LineKind.TITLE
        if _HEADER_FIRST_CELL.match(first):
            self.read_header(n, raw)
            return LineKind.TABLE_HEADER
        if is_separator(cells):
            return LineKind.SEPARATOR
        goal = _GOAL.match(first)
        if goal:
            rest = [strip_html(c) for c in cells[1:] if c.strip()]
            self.start_goal(n, goal.group(1), " ".join([goal.group(2), *rest]))
            return LineKind.GOAL_HEADING
        non_empty = [c for c in cells if c.strip()]
        if (
            self.goal_title_pending
            and len(non_empty) == 1
            and cells[0].strip()
            and not _NUMBER_CELL.match(first)
        ):
            self.set_goal_title(first)
            return LineKind.GOAL_TITLE
        if len(cells) == 1:
            raise self.fail(
                n,
                "a line outside the table that is neither a priority title nor a "
                f"strategic-goal heading: {raw.strip()[:80]!r}",
            )
        if len(cells) < _COLUMNS - 1:
            cut = " (the last line: was the file cut off?)" if n == len(self.raw_lines) else ""
            raise self.fail(n, f"a table row with {len(cells)} cells; report rows have 4 or 5{cut}")
        aligned, text_index = realign_with_text_index(cells, self.rules)
        kind = self.read_row(n, aligned)
        # Where the implementation text starts in the line: figures are located by
        # character offsets in the source line, so auditors can find them there.
        self.text_starts[n] = sum(len(c) + 1 for c in cells[:text_index])
        return kind

    # -- structure ----------------------------------------------------------
    def start_priority(self, n: int, raw: str) -> None:
        self.close_entry()
        title = raw
        if not raw.rstrip().endswith("**") or raw.strip() == "**":
            self.in_title = True
        # The name may sit on the title's next line; look ahead a few lines.
        lookahead = " ".join([title, *self.raw_lines[n : n + 2]])
        match = _PRIORITY_NAME.search(lookahead)
        if not match:
            raise self.fail(n, "a priority title without the priority's name in quotes")
        self.priority_count += 1
        self.priority = (self.priority_count, match.group(1).strip(), n)
        self.goal, self.task = None, None
        self.goal_count = 0
        self.goal_title_pending = False

    def read_header(self, n: int, raw: str) -> None:
        self.close_entry()
        match = _HEADER_YEAR.search(raw)
        if not match:
            raise self.fail(
                n, 'the table header does not say "Інформація про виконання за <рік> рік"'
            )
        year = int(match.group(1))
        if self.report_year is not None and year != self.report_year:
            raise self.fail(
                n, f"this table header states {year}, earlier headers state {self.report_year}"
            )
        self.report_year = year
        if self.priority is None:
            raise self.fail(
                n,
                'a table header before any priority title ("**Інформація про виконання '
                'завдань та реалізацію проєктів пріоритету "…""): is this the report?',
            )

    def start_goal(self, n: int, number: str, title: str) -> None:
        self.close_entry()
        if self.priority is None:
            raise self.fail(n, "a strategic-goal heading before any priority title")
        self.goal_count += 1
        title = _strip_stars(title.replace("**", " "))
        title = re.sub(r"\s+", " ", title).strip()
        self.goal = (self.goal_count, number, title, n)
        self.goal_title_pending = not title
        self.task = None
        self.task_count = 0

    def set_goal_title(self, title: str) -> None:
        assert self.goal is not None
        ordinal, number, _, line = self.goal
        self.goal = (ordinal, number, title, line)
        self.goal_title_pending = False

    # -- rows ---------------------------------------------------------------
    def read_row(self, n: int, cells: list[str]) -> LineKind:
        num = strip_html(cells[_NUM])
        task_text = strip_html(cells[_TASK])
        project_text = strip_html(cells[_PROJECT])
        bodies_text = strip_html(cells[_BODIES])
        text = strip_html(cells[_TEXT])
        if num and not _NUMBER_CELL.match(num) and not task_text:
            num, task_text = "", num  # the task's text stands in the № column
        if self.goal_title_pending:
            self.warnings.append(
                f"{self.source_name}:{self.goal[3] if self.goal else n}: strategic goal "
                "without a title"
            )
            self.goal_title_pending = False
        opens = bool(num or task_text or project_text or bodies_text)
        if not opens:
            if self.open is None:
                raise self.fail(n, "a row of implementation text before any task")
            self.open.texts.append(text)
            self.open.line_end = n
            return LineKind.CONTINUATION
        if self.goal is None or self.priority is None:
            raise self.fail(n, "a task row before any strategic-goal heading")
        if num or task_text:
            self.start_task(n, num, task_text)
        if self.task is None:
            raise self.fail(n, "a project or responsible-body row before any task")
        previous = self.open
        self.close_entry()
        if project_text:
            self.project_count += 1
            project: ProjectCell | None = parse_project_cell(project_text, self.rules.normalize)
            project_ordinal: int | None = self.project_count
        elif not (num or task_text) and previous is not None:
            # Another body reporting on the same project (or on the task itself).
            project, project_ordinal = previous.project, previous.project_ordinal
        else:
            project, project_ordinal = None, None
        names = self.rules.split(bodies_text) if bodies_text else []
        bodies = tuple(
            ResponsibleBody(name, self.rules.normalize(name), i) for i, name in enumerate(names, 1)
        )
        self.open = _OpenEntry(
            ordinal=len(self.entries) + 1,
            priority=self.priority,
            goal=self.goal,
            task=self.task,
            project=project,
            project_ordinal=project_ordinal,
            responsible_printed=bodies_text or None,
            bodies=bodies,
            texts=[text],
            line_start=n,
            line_end=n,
        )
        return LineKind.ENTRY

    def start_task(self, n: int, num: str, task_text: str) -> None:
        number: str | None = num or None
        prefix = _TASK_NUMBER_PREFIX.match(task_text)
        if prefix and ("." in prefix.group(1).rstrip(".") or not number):
            number, task_text = prefix.group(1), task_text[prefix.end() :]
        self.task_count += 1
        self.project_count = 0
        self.task = (self.task_count, number, task_text.strip(), n)

    def close_entry(self) -> None:
        entry = self.open
        if entry is None:
            return
        self.open = None
        p_ord, p_name, p_line = entry.priority
        g_ord, g_num, g_title, g_line = entry.goal
        t_ord, t_num, t_desc, t_line = entry.task
        self.entries.append(
            Entry(
                entry_ordinal=entry.ordinal,
                priority_ordinal=p_ord,
                priority_name=p_name,
                priority_line=p_line,
                goal_ordinal=g_ord,
                goal_number_printed=g_num,
                goal_title=g_title,
                goal_line=g_line,
                task_ordinal=t_ord,
                task_number_printed=t_num,
                task_description=t_desc,
                task_line=t_line,
                project=entry.project,
                project_ordinal=entry.project_ordinal,
                responsible_printed=entry.responsible_printed,
                responsible_bodies=entry.bodies,
                implementation_text="\n".join(t for t in entry.texts if t),
                line_start=entry.line_start,
                line_end=entry.line_end,
            )
        )


_ENTRY_KINDS = {LineKind.ENTRY, LineKind.CONTINUATION}


def parse_report_text(text: str, source_name: str, rules: BodyRules) -> ParsedReport:
    """Parse a decoded report. `source_name` is used in error messages only."""
    return _Parser(text, source_name, rules).run()
