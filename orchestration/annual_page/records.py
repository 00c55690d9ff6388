"""The records the annual page is built from: what `data.py` reads from a published file,
or what a test makes up (two years, indicator series) without running the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Label:
    """A text in Ukrainian and in English (the English falls back to the Ukrainian)."""

    uk: str
    en: str | None = None

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.uk


@dataclass(frozen=True, slots=True)
class Status:
    code: str
    label: Label
    sort_order: int


@dataclass(frozen=True, slots=True)
class StatusRow:
    """One bar of a status chart: projects by status for a priority, department or year."""

    label: Label
    counts: dict[str, int]  # status code -> projects

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class Point:
    period_key: str
    start: date
    value: float | None
    target: float | None = None


@dataclass(frozen=True, slots=True)
class Series:
    label: Label
    points: list[Point]


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    name: Label
    unit: str
    higher_is_better: bool | None
    series: list[Series]


@dataclass(frozen=True, slots=True)
class Figure:
    figure_id: str
    priority_ordinal: int
    priority: Label
    task_number: str | None
    project_name: str | None
    raw_text: str
    value: float
    unit: str
    qualifier: str | None
    source_path: str
    document_id: str
    line_number: int
    char_start: int
    char_end: int
    line_text: str


@dataclass(frozen=True, slots=True)
class Source:
    source_path: str
    sha256: str
    report_year: int | None
    document_kind: str
    document_status: str | None


@dataclass(frozen=True, slots=True)
class CheckNote:
    suite: str
    check: str
    severity: str
    status: str
    message: str
    observed: str | None
    locations: list[str]


@dataclass(frozen=True, slots=True)
class ScorecardRow:
    priority_ordinal: int
    priority: Label
    values: dict[str, float | int | None]  # column of bi.priority_scorecard -> value


@dataclass
class ReportData:
    year: int  # the latest report year: the year the report is about
    years: list[int]
    statuses: list[Status]
    by_priority: list[StatusRow]
    by_department: list[StatusRow]
    projects_total: int
    projects_without_department: int
    scorecard: list[ScorecardRow]
    figures: list[Figure]
    sources: list[Source]
    edition: str | None = None
    published_at: str | None = None
    repeated_figures: int = 0
    by_year: list[StatusRow] = field(default_factory=list)
    previous_year: int | None = None
    transitions: dict[tuple[str, str], int] = field(default_factory=dict)
    change_kinds: dict[str, int] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    notes: list[CheckNote] = field(default_factory=list)
    review_queue: dict[str, int] = field(default_factory=dict)  # queue reason -> projects
    reviewed: int = 0  # statuses of the year set by a person
    # kpi_code -> the city's value for the report year (the implementation KPIs)
    city_totals: dict[str, float] = field(default_factory=dict)

    def status(self, code: str) -> Status:
        return next(s for s in self.statuses if s.code == code)
