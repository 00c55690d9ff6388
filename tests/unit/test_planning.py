"""The one plan: which partition each file under sources/ lands in."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from orchestration.ingest.documents import discover_reports
from orchestration.ingest.errors import SourceError
from orchestration.planning import (
    indicators_by_quarter,
    report_year_of,
    report_years_accepted,
    reports_by_year,
    unique_documents,
)
from orchestration.settings import PROJECT_ROOT, Settings

SEED = PROJECT_ROOT / "sources/reports/zhytomyr/zhytomyr_concept_2030_report_2023.txt"
INDICATORS = (
    PROJECT_ROOT / "sources/indicators/zhytomyr/zhytomyr_city_main_indicators_2014_2020.csv"
)


def _settings(sources: Path) -> Settings:
    return Settings(PROJECT_ROOT, sources, sources.parent / "warehouse")


def _report(sources: Path, name: str, year: int | None = None) -> Path:
    folder = sources / "reports" / "zhytomyr"
    folder.mkdir(parents=True, exist_ok=True)
    text = SEED.read_text(encoding="utf-8")
    if year is not None:
        text = text.replace("виконання за 2023 рік", f"виконання за {year} рік", 1)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_accepted_report_years_run_from_2019_to_the_running_year() -> None:
    assert report_years_accepted(date(2026, 12, 2)) == list(range(2019, 2027))


@pytest.mark.parametrize("year", [2015, 2099])
def test_a_report_for_a_year_without_a_partition_is_refused_in_the_analysts_words(
    tmp_path: Path, year: int
) -> None:
    _report(tmp_path, "report.txt", year)
    (document,) = discover_reports(tmp_path)
    with pytest.raises(SourceError) as refused:
        report_year_of(document, today=date(2026, 12, 2))
    assert f"the report states year {year}; reports for 2019 up to 2026 are accepted" in str(
        refused.value
    )
    assert "report.txt" in str(refused.value)


def test_reports_are_grouped_by_the_year_their_header_states_and_copies_are_noticed(
    tmp_path: Path,
) -> None:
    _report(tmp_path, "a.txt")
    _report(tmp_path, "b_copy.txt")
    _report(tmp_path, "report_2022.txt", 2022)
    notices: list[str] = []
    grouped = reports_by_year(_settings(tmp_path), notices)
    assert {year: [d.relative_path for d in docs] for year, docs in grouped.items()} == {
        2022: ["sources/reports/zhytomyr/report_2022.txt"],
        2023: ["sources/reports/zhytomyr/a.txt"],
    }
    assert notices == [
        "sources/reports/zhytomyr/b_copy.txt is the same document as "
        "sources/reports/zhytomyr/a.txt (same sha256): loaded once"
    ]


def test_two_different_reports_for_one_city_and_year_stop_the_plan(tmp_path: Path) -> None:
    _report(tmp_path, "a.txt")
    path = _report(tmp_path, "b.txt")
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match="two different reports for 2023"):
        reports_by_year(_settings(tmp_path))


def test_an_indicator_file_lands_in_every_quarter_its_periods_end_in(tmp_path: Path) -> None:
    folder = tmp_path / "indicators" / "zhytomyr"
    folder.mkdir(parents=True)
    shutil.copyfile(INDICATORS, folder / INDICATORS.name)
    assert list(indicators_by_quarter(_settings(tmp_path))) == [
        f"{y}-Q4" for y in range(2014, 2021)
    ]


def test_the_same_bytes_under_two_names_are_one_document(tmp_path: Path) -> None:
    _report(tmp_path, "a.txt")
    _report(tmp_path, "b.txt")
    assert [d.relative_path for d in unique_documents(discover_reports(tmp_path))] == [
        "sources/reports/zhytomyr/a.txt"
    ]
