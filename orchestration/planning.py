"""The one plan of a refresh: which documents are under sources/ and which partitions they
belong to — a report's year, an indicator file's quarters.

`warehouse refresh`, the schedules and the sensor all ask this module, so they cannot
disagree about what a file is or where it lands. It is pure: it reads sources/ and the
lake's markers, and imports no Dagster; the wiring turns its answers into runs.

May import: `orchestration.ingest`, `orchestration.quality`, `orchestration.settings`;
nothing else of the project.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from orchestration.ingest.documents import (
    SourceDocument,
    check_year_in_name,
    discover_indicators,
    discover_reports,
)
from orchestration.ingest.errors import SourceError
from orchestration.ingest.indicator_landing import landed_indicator_version
from orchestration.ingest.indicators import PARSER_VERSION as INDICATOR_PARSER_VERSION
from orchestration.ingest.indicators import ParsedIndicators, parse_indicator_file
from orchestration.ingest.landing import landed_parser_version
from orchestration.ingest.report_text import PARSER_VERSION as REPORT_PARSER_VERSION
from orchestration.ingest.reports import peek_report_year
from orchestration.quality.outcome_store import landed_outcomes_version
from orchestration.settings import Settings

STRATEGY_FIRST_YEAR = 2019  # the Concept's first reporting year
# Indicator quarters kept: the statistics the strategy draws on, to its horizon.
INDICATOR_FIRST_YEAR, INDICATOR_LAST_YEAR = 2014, 2030
QUARTERS = [
    f"{year}-Q{q}"
    for year in range(INDICATOR_FIRST_YEAR, INDICATOR_LAST_YEAR + 1)
    for q in (1, 2, 3, 4)
]


def report_years_accepted(today: date | None = None) -> list[int]:
    """The report years a partition exists for: the strategy's first year to the running one.

    The running year's report may arrive before the year is over; a later year cannot.
    """
    last = (today or date.today()).year
    return list(range(STRATEGY_FIRST_YEAR, last + 1))


def unique_documents(
    documents: Iterable[SourceDocument], notices: list[str] | None = None
) -> list[SourceDocument]:
    """Each document once: the same bytes under two names are one document.

    The first name in path order is kept and the copy is reported in `notices`.
    """
    seen: dict[str, SourceDocument] = {}
    for document in documents:
        if document.document_id in seen:
            if notices is not None:
                notices.append(
                    f"{document.relative_path} is the same document as "
                    f"{seen[document.document_id].relative_path} (same sha256): loaded once"
                )
            continue
        seen[document.document_id] = document
    return list(seen.values())


def report_year_of(document: SourceDocument, today: date | None = None) -> int:
    """The year a report's header states, refused when no partition can hold it."""
    year = peek_report_year(document)
    accepted = report_years_accepted(today)
    if year not in accepted:
        raise SourceError(
            document.relative_path,
            f"the report states year {year}; reports for {accepted[0]} up to {accepted[-1]} "
            "are accepted. Check the year in the report's table header",
        )
    # Checked here, not only when parsing: a file already landed under another name is
    # not parsed again, but its new name must not mislead either.
    check_year_in_name(document.relative_path, year)
    return year


def reports_by_year(
    settings: Settings, notices: list[str] | None = None
) -> dict[int, list[SourceDocument]]:
    """Every report under sources/, grouped by the year its header states.

    Two different documents for one city and year are ambiguous and stop the refresh.
    """
    grouped: dict[int, list[SourceDocument]] = {}
    for document in unique_documents(
        discover_reports(settings.sources_dir, settings.limits), notices
    ):
        grouped.setdefault(report_year_of(document), []).append(document)
    for year, documents in grouped.items():
        cities = [d.city for d in documents]
        duplicated = sorted({c for c in cities if cities.count(c) > 1})
        if duplicated:
            paths = ", ".join(d.relative_path for d in documents if d.city in duplicated)
            raise SourceError(
                paths,
                f"two different reports for {year} ({', '.join(duplicated)}). If one corrects "
                "the other, remove the older file from sources/: the warehouse keeps it "
                "recorded as superseded",
            )
    return dict(sorted(grouped.items()))


@lru_cache(maxsize=64)
def _parsed(document: SourceDocument) -> ParsedIndicators:
    return parse_indicator_file(document.read_bytes(), document.relative_path, document.limits)


def parse_indicators(document: SourceDocument) -> ParsedIndicators:
    """The parsed file, cached by its sha256 (a plan and a run parse it once)."""
    document.read_bytes()  # refuses a file that changed since it was found
    return _parsed(document)


def indicator_documents(
    settings: Settings, notices: list[str] | None = None
) -> list[SourceDocument]:
    """Every indicator file under sources/, each document once (the first name by path)."""
    return unique_documents(discover_indicators(settings.sources_dir, settings.limits), notices)


def partition_of(quarter: str) -> str:
    """The partition a value of `quarter` lands in: history lands with the first quarter,
    so no statistics file has to be edited to fit the partitions."""
    return max(quarter, QUARTERS[0])  # keys 'YYYY-Qn' sort as the quarters do


def quarters_of(document: SourceDocument) -> list[str]:
    """The quarter partitions a file has values in; SourceError past the last one."""
    quarters = sorted({partition_of(q) for q in parse_indicators(document).landing_quarters()})
    later = [q for q in quarters if q not in QUARTERS]
    if later:
        raise SourceError(
            document.relative_path,
            f"values for {', '.join(later)} lie after the last quarter the warehouse keeps "
            f"({QUARTERS[-1]}): extend INDICATOR_LAST_YEAR in orchestration/planning.py",
        )
    return quarters


def indicators_by_quarter(
    settings: Settings, notices: list[str] | None = None
) -> dict[str, list[SourceDocument]]:
    """Every indicator file, under each quarter it has values in."""
    grouped: dict[str, list[SourceDocument]] = {}
    for document in indicator_documents(settings, notices):
        for quarter in quarters_of(document):
            grouped.setdefault(quarter, []).append(document)
    return dict(sorted(grouped.items()))


@dataclass
class SourcesPlan:
    """What is under sources/ and where it lands.

    `report_years` and `quarters` hold the partitions of the documents not in `seen`;
    `problems` the files that could not be placed (a sensor logs them; the build then
    stops on them with the file's own message).
    """

    report_years: dict[str, list[SourceDocument]] = field(default_factory=dict)
    quarters: dict[str, list[SourceDocument]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    new_ids: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def paths(self, documents: list[SourceDocument]) -> list[str]:
        return [d.relative_path for d in documents]


def plan_sources(settings: Settings, seen: Iterable[str] = ()) -> SourcesPlan:
    """The partitions of every file under sources/ whose sha256 is not in `seen`."""
    plan = SourcesPlan(seen=set(seen))
    try:
        reports = discover_reports(settings.sources_dir, settings.limits)
        indicators = indicator_documents(settings)
    except SourceError as refused:  # a link out of sources/, a file over a limit: say so
        plan.problems.append(str(refused))
        return plan
    for document in reports:
        if document.document_id in plan.seen:
            continue
        plan.seen.add(document.document_id)
        plan.new_ids.append(document.document_id)
        try:
            year = str(report_year_of(document))
        except SourceError as error:
            plan.problems.append(str(error))
            continue
        plan.report_years.setdefault(year, []).append(document)
    for document in indicators:
        if document.document_id in plan.seen:
            continue
        plan.seen.add(document.document_id)
        plan.new_ids.append(document.document_id)
        try:
            quarters = quarters_of(document)
        except SourceError as error:
            plan.problems.append(str(error))
            continue
        for quarter in quarters:
            plan.quarters.setdefault(quarter, []).append(document)
    plan.report_years = dict(sorted(plan.report_years.items()))
    plan.quarters = dict(sorted(plan.quarters.items()))
    return plan


def previous_quarter(moment: date) -> str:
    """The quarter that ended before `moment`: 25 April 2025 → '2025-Q1'."""
    quarter = (moment.month - 1) // 3
    return f"{moment.year - 1}-Q4" if quarter == 0 else f"{moment.year}-Q{quarter}"


@dataclass(frozen=True)
class LandingState:
    """Which documents the lake holds landed by today's parsers and checked by today's checks."""

    ready: list[SourceDocument]
    not_ready: list[SourceDocument]


def landing_state(
    lake_dir: Path,
    reports: Iterable[SourceDocument],
    indicators: Iterable[SourceDocument],
    checks: str,
) -> LandingState:
    """A document is ready when its landing and its checks' outcomes are current: it is
    then neither parsed nor checked again."""
    ready, not_ready = [], []
    for documents, landed, version in (
        (reports, landed_parser_version, REPORT_PARSER_VERSION),
        (indicators, landed_indicator_version, INDICATOR_PARSER_VERSION),
    ):
        for document in documents:
            current = (
                landed(lake_dir, document.document_id) == version
                and landed_outcomes_version(lake_dir, document.document_id) == checks
            )
            (ready if current else not_ready).append(document)
    return LandingState(ready, not_ready)
