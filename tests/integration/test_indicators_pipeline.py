"""Indicator files and a .docx report through the real pipeline (Dagster, dbt, DuckDB, GX).

Two refreshes share this module: the seed report as text and as a Word document made
from it, each with the shipped statistics table and more indicator files that the
reconciliation checks must catch — the same population in thousands (and a different
one), quarterly births that exceed the year's total, and an XLSX workbook with an
indicator the catalog does not know — and the forms statistics offices publish: a real
table of population as of a date, history before the first partition, rates per mille,
names that state their date, ISO half-years, intervals and dates.
"""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import duckdb
import pytest
from docx_report import report_docx
from mart_rows import mart_rows

from orchestration.ingest.documents import discover_reports
from orchestration.ingest.reports import read_report
from orchestration.refresh import RefreshSummary, refresh
from orchestration.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.integration

SEED = PROJECT_ROOT / "sources/reports/zhytomyr/zhytomyr_concept_2030_report_2023.txt"
SHIPPED = PROJECT_ROOT / "sources/indicators/zhytomyr/zhytomyr_city_main_indicators_2014_2020.csv"
FIXTURES = PROJECT_ROOT / "tests/fixtures/indicators"
REAL_AS_OF = FIXTURES / "long_zhytomyr_population_as_of_2016_10_01.csv"
HISTORY = FIXTURES / "wide_history_2013_rates_per_mille_and_dated_names.csv"
ISO_FORMS = FIXTURES / "long_iso_half_years_month_intervals_and_dates.csv"
# Columns that describe the file rather than the report (as in test_bad_inputs).

POPULATION_IN_THOUSANDS = """Чисельність населення м. Житомира, тис. осіб
Показники;2014;2015
Чисельність наявного населення, тис. осіб;269,9;250,0
"""
BIRTHS_BY_QUARTER = """Показник;Одиниця виміру;Територія;Період;Значення
Кількість живонароджених;осіб;м. Житомир;I квартал 2020;600
Кількість живонароджених;осіб;м. Житомир;II квартал 2020;600
Кількість живонароджених;осіб;м. Житомир;III квартал 2020;600
Кількість живонароджених;осіб;м. Житомир;IV квартал 2020;500
Кількість померлих;осіб;м. Житомир;січень–вересень 2020;2650
"""


def _workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "2021"
    sheet.append(["Показники", "I квартал 2021", "II квартал 2021"])
    sheet.append(["Кількість померлих, осіб", 1010, 930])
    sheet.append(["Кількість котів, од.", 12, 14])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sources(root: Path, report_as_docx: bool) -> Path:
    sources = root / "sources"
    reports = sources / "reports" / "zhytomyr"
    indicators = sources / "indicators" / "zhytomyr"
    reports.mkdir(parents=True)
    indicators.mkdir(parents=True)
    if report_as_docx:
        (reports / SEED.with_suffix(".docx").name).write_bytes(
            report_docx(SEED.read_text(encoding="utf-8"))
        )
    else:
        shutil.copyfile(SEED, reports / SEED.name)
    shutil.copyfile(SHIPPED, indicators / SHIPPED.name)
    (indicators / "population_thousands.csv").write_text(POPULATION_IN_THOUSANDS, encoding="cp1251")
    (indicators / "births_2020_quarters.csv").write_text(BIRTHS_BY_QUARTER, encoding="utf-8")
    (indicators / "deaths_2021.xlsx").write_bytes(_workbook())
    for fixture in (REAL_AS_OF, HISTORY, ISO_FORMS):
        shutil.copyfile(fixture, indicators / fixture.name)
    return sources


def _refresh(root: Path, report_as_docx: bool) -> tuple[Settings, RefreshSummary]:
    settings = Settings(PROJECT_ROOT, _sources(root, report_as_docx), root / "warehouse")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("WAREHOUSE_DIR", str(settings.warehouse_dir))
        monkeypatch.setenv("WAREHOUSE_SOURCES_DIR", str(settings.sources_dir))
        monkeypatch.setenv("DAGSTER_HOME", str(settings.dagster_home))
        return settings, refresh(settings)


@pytest.fixture(scope="module")
def text_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, RefreshSummary]:
    return _refresh(tmp_path_factory.mktemp("text"), report_as_docx=False)


@pytest.fixture(scope="module")
def docx_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, RefreshSummary]:
    return _refresh(tmp_path_factory.mktemp("docx"), report_as_docx=True)


def query(settings: Settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(settings.published_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def marts(settings: Settings) -> dict[str, list[tuple]]:
    return mart_rows(settings.published_path)


def _warning(summary: RefreshSummary, check: str):
    (found,) = [o for o in summary.warnings if o.check == check]
    return found


# -- .docx -------------------------------------------------------------------------------


def test_the_docx_made_from_the_seed_is_parsed_into_exactly_the_text_exports_records(
    tmp_path: Path,
) -> None:
    sources = _sources(tmp_path, report_as_docx=True)
    (docx,) = discover_reports(sources)
    from_docx, encoding = read_report(docx)
    text_copy = tmp_path / "text" / "reports" / "zhytomyr"
    text_copy.mkdir(parents=True)
    shutil.copyfile(SEED, text_copy / SEED.name)
    (text,) = discover_reports(tmp_path / "text")
    from_text, _ = read_report(text)
    assert encoding == "docx"
    assert from_docx.entries == from_text.entries
    assert [(line.kind, line.text) for line in from_docx.lines] == [
        (line.kind, line.text) for line in from_text.lines
    ]


def test_a_docx_report_gives_marts_identical_to_its_text_export(
    text_run: tuple[Settings, RefreshSummary], docx_run: tuple[Settings, RefreshSummary]
) -> None:
    text_settings, _ = text_run
    docx_settings, docx_summary = docx_run
    assert docx_summary.documents[0].endswith(".docx")
    assert marts(docx_settings) == marts(text_settings)
    assert query(docx_settings, "select encoding from marts.dim_source_document "
                 "where document_kind = 'report'") == [("docx",)]  # fmt: skip


# -- indicators in the marts ---------------------------------------------------------------


def test_indicator_files_are_documents_without_a_report_year(
    text_run: tuple[Settings, RefreshSummary],
) -> None:
    settings, summary = text_run
    rows = query(
        settings,
        "select source_path, document_kind, report_year, document_id from "
        "marts.dim_source_document where document_kind = 'indicators' order by source_path",
    )
    assert [(Path(p).name, kind, year) for p, kind, year, _ in rows] == [
        ("births_2020_quarters.csv", "indicators", None),
        ("deaths_2021.xlsx", "indicators", None),
        (ISO_FORMS.name, "indicators", None),
        (REAL_AS_OF.name, "indicators", None),
        ("population_thousands.csv", "indicators", None),
        (HISTORY.name, "indicators", None),
        (SHIPPED.name, "indicators", None),
    ]
    shipped = hashlib.sha256(SHIPPED.read_bytes()).hexdigest()
    assert shipped in {r[3] for r in rows}
    # 2013's values (and the instants 2013-01-01, 2014-01-01) land with the first quarter
    assert summary.quarters == [
        "2014-Q1", *[f"{y}-Q4" for y in range(2014, 2020)],
        "2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4", "2021-Q1", "2021-Q2",
    ]  # fmt: skip


def test_catalogued_indicators_are_kpis_of_kind_indicator_with_their_priority(
    text_run: tuple[Settings, RefreshSummary],
) -> None:
    settings, _ = text_run
    rows = dict(
        query(
            settings,
            "select k.kpi_code, p.priority_name from marts.dim_kpi k "
            "left join marts.dim_priority p using (priority_key) where k.kpi_kind = 'indicator'",
        )
    )
    assert len(rows) == 16
    assert rows["live_births"] == "Інклюзивне місто" and rows["population_present"] is None
    assert "Кількість котів" not in str(rows)  # an unknown name is never invented


def test_each_indicator_value_keeps_its_file_row_and_column(
    text_run: tuple[Settings, RefreshSummary],
) -> None:
    settings, _ = text_run
    shipped = hashlib.sha256(SHIPPED.read_bytes()).hexdigest()
    rows = query(
        settings,
        "select k.kpi_code, v.period_key, v.value, v.document_id, v.source_row, v.source_column,"
        " v.scope_kind, v.scope_key from marts.fct_kpi_value v join marts.dim_kpi k using "
        "(kpi_key) where k.kpi_code in ('population_resident_female', 'natural_increase_rate')"
        " and v.period_key = '2020' order by 1",
    )
    assert rows == [
        ("natural_increase_rate", "2020", -6.3, shipped, 20, 8, "city", None),
        ("population_resident_female", "2020", 141791.0, shipped, 9, 8, "city", None),
    ]
    line = SHIPPED.read_text(encoding="utf-8").split("\n")[9 - 1]
    assert line.split(";")[8 - 1] == "141791"


def test_quarters_and_part_years_are_periods_with_their_start_and_end(
    text_run: tuple[Settings, RefreshSummary],
) -> None:
    settings, _ = text_run
    rows = query(
        settings,
        "select period_key, period_grain, year, quarter, cast(period_start as varchar), "
        "cast(period_end as varchar) from marts.dim_period "
        "where period_key in ('2020-Q2', '2020-M01-M09', '2020')",
    )
    assert sorted(rows) == [
        ("2020", "year", 2020, None, "2020-01-01", "2020-12-31"),
        ("2020-M01-M09", "part_year", 2020, None, "2020-01-01", "2020-09-30"),
        ("2020-Q2", "quarter", 2020, 2, "2020-04-01", "2020-06-30"),
    ]
    (deaths,) = query(
        settings,
        "select v.value from marts.fct_kpi_value v join marts.dim_kpi k using (kpi_key) "
        "where k.kpi_code = 'deaths' and v.period_key = '2020-M01-M09'",
    )
    assert deaths == (2650.0,)


# -- reconciliation -------------------------------------------------------------------------


def test_the_same_value_in_thousands_is_reported_and_the_precise_one_kept(
    text_run: tuple[Settings, RefreshSummary],
) -> None:
    settings, summary = text_run
    warning = _warning(summary, "indicator_value_given_once")
    assert any(
        "population_thousands.csv:3: column 2" in loc and "269,9 тис. осіб" in loc
        for loc in warning.locations
    ), warning.locations
    (kept,) = query(
        settings,
        "select v.value, v.source_row from marts.fct_kpi_value v join marts.dim_kpi k "
        "using (kpi_key) where k.kpi_code = 'population_present' and v.period_key = '2014'",
    )
    assert kept == (269942.0, 6)


def test_two_files_that_disagree_are_reported_with_both_rows(
    text_run: tuple[Settings, RefreshSummary],
) -> None:
    _, summary = text_run
    warning = _warning(summary, "indicator_files_agree")
    located = "\n".join(warning.locations)
    assert "population_thousands.csv:3: column 3" in located and "250,0 тис. осіб" in located
    assert f"{SHIPPED.name}:6 (267610)" in located


def test_quarters_that_exceed_the_annual_total_are_reported(
    text_run: tuple[Settings, RefreshSummary],
) -> None:
    _, summary = text_run
    warning = _warning(summary, "quarters_within_annual_total")
    (location,) = warning.locations
    assert f"{SHIPPED.name}:17: column 8" in location  # births 2020: 1891
    assert (
        "2020-Q1 = 600 осіб at sources/indicators/zhytomyr/births_2020_quarters.csv:2" in location
    )


def test_an_indicator_missing_from_the_catalog_is_reported_not_invented(
    text_run: tuple[Settings, RefreshSummary],
) -> None:
    settings, summary = text_run
    warning = _warning(summary, "indicator_is_in_catalog")
    assert warning.locations == (
        "sources/indicators/zhytomyr/deaths_2021.xlsx:3: sheet «2021», column 2: «Кількість котів»"
        " — alias_key to add: кількість котів",
        "sources/indicators/zhytomyr/deaths_2021.xlsx:3: sheet «2021», column 3: «Кількість котів»"
        " — alias_key to add: кількість котів",
    )
    (recorded,) = query(
        settings,
        "select count(*) from marts.fct_check_result where check_name = "
        "'indicator_is_in_catalog' and status = 'failed' and severity = 'warning'",
    )
    assert recorded == (1,)
    assert summary.blocking == []


# -- instants, history, rates, comparisons ------------------------------------------------


def _kpi(settings: Settings, code: str, columns: str = "period_key, value") -> list[tuple]:
    return query(
        settings,
        f"select {columns} from bi.kpi_values where kpi_code = '{code}' "
        "order by as_of_date, period_key",
    )


def test_a_real_table_as_of_a_date_gives_instants_in_dim_period_and_the_marts(
    text_run: tuple[Settings, RefreshSummary],
) -> None:
    settings, summary = text_run
    (period,) = query(
        settings,
        "select period_grain, year, quarter, cast(period_start as varchar), "
        "cast(period_end as varchar) from marts.dim_period where period_key = '2016-10-01'",
    )
    assert period == ("instant", 2016, None, "2016-10-01", "2016-10-01")
    real = hashlib.sha256(REAL_AS_OF.read_bytes()).hexdigest()
    rows = query(
        settings,
        "select k.kpi_code, v.value, v.source_row, v.source_column from marts.fct_kpi_value v "
        f"join marts.dim_kpi k using (kpi_key) where v.document_id = '{real}' order by 1",
    )
    assert rows == [("population_present", 267468.0, 3, 5), ("population_resident", 266211.0, 4, 5)]
    districts = _warning(summary, "territory_is_the_city")
    assert len(districts.locations) == 4
    assert all(REAL_AS_OF.name in loc and "район" in loc for loc in districts.locations)


def test_values_before_the_first_partition_reach_the_marts(
    text_run: tuple[Settings, RefreshSummary],
) -> None:
    settings, _ = text_run
    assert _kpi(settings, "birth_rate") == [("2013", 11.9), ("2014", 11.6), ("2015", 10.8)]
    assert _kpi(settings, "population_resident_male")[:2] == [
        ("2013-01-01", 124300.0),  # "на початок року" of 2013, inherited from its parent row
        ("2014", 123868.0),
    ]
    assert _kpi(settings, "population_present")[0] == ("2014-01-01", 270500.0)


def test_a_stock_stated_three_ways_at_one_instant_is_kept_once_and_reported(
    text_run: tuple[Settings, RefreshSummary],
) -> None:
    settings, summary = text_run
    at_new_year = [
        r for r in _kpi(settings, "edrpou_entities", "cast(as_of_date as varchar), value")
        if r[0] == "2021-01-01"
    ]  # fmt: skip
    assert at_new_year == [("2021-01-01", 13867.0)]
    located = "\n".join(_warning(summary, "indicator_value_given_once").locations)
    # the shipped table's 2020, "станом на 1 січня 2021" and "(на кінець року)" of 2020
    assert f"{SHIPPED.name}:3 (13867, 2020)" in located
    assert f"{ISO_FORMS.name}:6 (13867 од., 2021-01-01)" in located


def test_rates_per_mille_reach_the_marts_with_their_base(
    text_run: tuple[Settings, RefreshSummary],
) -> None:
    settings, _ = text_run
    rows = query(
        settings,
        "select kpi_code, unit, rate_base, measure_kind from marts.dim_kpi "
        "where kpi_code in ('birth_rate', 'natural_increase_rate', 'population_present') "
        "order by 1",
    )
    assert rows == [
        ("birth_rate", "per_mille", 1000.0, "flow"),
        ("natural_increase_rate", "per_mille", 1000.0, "flow"),
        ("population_present", "persons", None, "stock"),
    ]
    assert _kpi(settings, "death_rate") == [("2013", 11.6), ("2014", 11.2), ("2015", 11.7)]


def test_a_flow_given_as_of_a_date_is_reported_and_left_out(
    text_run: tuple[Settings, RefreshSummary],
) -> None:
    settings, summary = text_run
    (location,) = _warning(summary, "flow_given_for_a_period").locations
    assert f"{ISO_FORMS.name}:8" in location and "2021-01-01" in location
    assert ("2021-01-01", 5.0) not in _kpi(settings, "live_births")


def test_bi_kpi_values_compare_stocks_between_instants_and_flows_between_like_periods(
    text_run: tuple[Settings, RefreshSummary],
) -> None:
    settings, _ = text_run
    rows = {
        (code, period): (previous, value, change)
        for code, period, previous, value, change in query(
            settings,
            "select kpi_code, period_key, previous_period_key, previous_value, value_change "
            "from bi.kpi_values where kpi_code in ('edrpou_entities', 'live_births', "
            "'population_present') and scope_kind = 'city'",
        )
    }
    # stocks: the previous instant a value is known at, whatever the period's grain
    assert rows[("edrpou_entities", "2020-10-01")] == ("2019", 13546.0, 254.0)
    assert rows[("population_present", "2016-10-01")] == ("2015", 267610.0, -142.0)
    assert rows[("population_present", "2016")] == ("2016-10-01", 267468.0, -105.0)
    # flows: the period of the same grain and length just before, never a quarter vs a year
    assert rows[("live_births", "2020")] == ("2019", 2042.0, -151.0)
    assert rows[("live_births", "2020-Q2")] == ("2020-Q1", 600.0, 0.0)
    assert rows[("live_births", "2020-Q1")] == (None, None, None)
    assert rows[("live_births", "2021-M01-M06")] == ("2020-M01-M06", 900.0, -80.0)


def test_a_relative_date_with_no_period_stops_the_load_naming_file_row_and_column(
    tmp_path: Path,
) -> None:
    from orchestration.ingest.documents import discover_indicators
    from orchestration.ingest.indicator_landing import land_indicator_document
    from orchestration.planning import parse_indicators
    from orchestration.quality.checks import check_indicator_document

    sources = tmp_path / "sources"
    folder = sources / "indicators" / "zhytomyr"
    folder.mkdir(parents=True)
    bad = FIXTURES / "long_relative_date_without_a_period.csv"
    shutil.copyfile(bad, folder / bad.name)
    lake = tmp_path / "lake"
    (document,) = discover_indicators(sources)
    land_indicator_document(lake, document, parse_indicators(document), run_id="test")
    outcomes = check_indicator_document(lake, document)
    (stop,) = [o for o in outcomes if o.blocks]
    assert stop.check == "period_is_read"
    assert stop.locations == (
        f"sources/indicators/zhytomyr/{bad.name}:3: column 5: «на початок року» names no period",
    )
