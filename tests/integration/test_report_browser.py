"""The annual report opened in a real headless Chromium, as a reader opens it.

Debian's `chromium` renders the pages of real refreshes (of sources/, and of the 2023
report with a second, synthetic report year) and of made-up indicator series; the test checks what a
reader would meet: no console error, no request but the file itself, every chart drawn
with the bars and series its data calls for, every figure's link landing on its marked
source line. Screenshots go to test-artifacts/ (`docs/annual_report.png` is one of them).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from headless_browser import Chromium, Page
from report_sample import two_year_sample
from seed_warehouse import Published, refresh_into

from orchestration.annual_page import REPORT_FILES, write_pages
from orchestration.settings import PROJECT_ROOT

pytestmark = pytest.mark.integration

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
SYNTHETIC_2024 = (
    PROJECT_ROOT / "tests" / "fixtures" / "reports" / "zhytomyr_report_2024_synthetic.txt"
)
SEED = PROJECT_ROOT / "sources" / "reports" / "zhytomyr" / "zhytomyr_concept_2030_report_2023.txt"

# What the page reports about each chart, measured by the browser after layout.
CHARTS_JS = """
[...document.querySelectorAll('figure.chart')].map(f => {
  const svg = f.querySelector('svg'), box = svg.getBoundingClientRect();
  const shown = el => el.getBBox().width > 0 && el.getBBox().height > 0;
  return {
    id: f.id, kind: f.dataset.chart, kpi: f.dataset.kpi || null,
    width: box.width, height: box.height,
    bars: [...svg.querySelectorAll('rect.bar')].filter(shown).length,
    totals: svg.querySelectorAll('text.total').length,
    series: [...svg.querySelectorAll('path.series')].filter(p => p.getTotalLength() > 0
             || p.getAttribute('d').split('M').length === 2).length,
    points: svg.querySelectorAll('circle.point').length,
    targets: svg.querySelectorAll('path.target').length,
    legend: f.querySelectorAll('ul.legend li').length,
    title: (f.querySelector('figcaption h3') || {}).textContent || '',
    axis: (svg.querySelector('.axis-label') || {}).textContent || '',
  };
})
"""
LINKS_JS = """
[...document.querySelectorAll('#figures-table a[href^="#trace-"]')].map(a => {
  const mark = document.getElementById(a.getAttribute('href').slice(1));
  return [a.textContent, mark ? mark.tagName : null, mark ? mark.textContent : null];
})
"""


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Published:
    root = tmp_path_factory.mktemp("report_two_years")
    reports = root / "sources" / "reports" / "zhytomyr"
    reports.mkdir(parents=True)
    for report in (SEED, SYNTHETIC_2024):
        shutil.copy(report, reports / report.name)
    with pytest.MonkeyPatch.context() as monkeypatch:
        return refresh_into(root / "warehouse", monkeypatch, sources=root / "sources")


def open_page(browser: Chromium, path: Path) -> Page:
    """Open a report page and assert it was quiet: no console error, no other request."""
    page = browser.new_page()
    page.open(path.as_uri())
    assert page.console_errors == []
    assert page.requested_urls == [path.as_uri()]
    return page


def charts(page: Page) -> dict[str, dict]:
    found = page.evaluate(CHARTS_JS)
    for chart in found:
        assert chart["width"] > 300 and chart["height"] > 100, chart
        assert chart["title"] and chart["axis"], chart
    return {c["id"] or f"{c['kind']}:{c['kpi']}": c for c in found}


def expected(path: Path, sql: str, *params: object) -> tuple:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, list(params)).fetchone()


def screenshot(page: Page, name: str, whole: bool = False) -> Path:
    """A PNG of the page down to the end of the scorecard (of the whole page if `whole`)."""
    height = (
        None
        if whole
        else page.evaluate("document.getElementById('scorecard').nextElementSibling.offsetTop")
    )
    return page.screenshot(ARTIFACTS / name, height=height)


def indicator_charts(path: Path) -> dict[str, tuple[int, int, bool]]:
    """Per indicator KPI of the warehouse: (series, points, whether it has targets)."""
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "select kpi_code, count(distinct coalesce(scope_key, '')), count(value), "
            "count(target_value) > 0 from bi.kpi_values "
            "where kpi_kind = 'indicator' and period_start is not null group by kpi_code"
        ).fetchall()
    return {
        f"indicator:{code}": (series, points, targets) for code, series, points, targets in rows
    }


def assert_indicators_drawn(found: dict[str, dict], expected: dict[str, tuple]) -> None:
    for key, (series, points, has_target) in expected.items():
        chart = found[key]
        assert (chart["series"], chart["points"], chart["targets"]) == (
            series,
            points,
            int(has_target),
        ), key
        assert chart["legend"] == series + has_target, key


def status_segments(path: Path, view: str, bar: str, year: int) -> tuple[int, int, int]:
    """(non-zero bar segments, bars, statuses) the data calls for."""
    return expected(
        path,
        f"select count(*), count(distinct bar), count(distinct status) from (select {bar} as bar, "
        f"status from bi.{view} where report_year = ? group by all)",
        year,
    )


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_the_published_report_draws_its_charts_quietly_and_links_every_figure_to_its_line(
    browser: Chromium, seed: Published, lang: str
) -> None:
    """The report of what sources/ holds: the 2023 report and any indicator files."""
    settings = seed.settings
    db = settings.published_path
    page = open_page(browser, settings.warehouse_dir / "reports" / REPORT_FILES[lang])
    found = charts(page)
    indicators = indicator_charts(db)
    assert set(found) == {"status-by-priority", "status-by-department", *indicators}
    assert_indicators_drawn(found, indicators)
    segments, bars, statuses = status_segments(db, "project_status", "priority_key", 2023)
    assert (found["status-by-priority"]["bars"], found["status-by-priority"]["totals"]) == (
        segments,
        bars,
    )
    assert bars == 6 and found["status-by-priority"]["legend"] == statuses
    segments, bars, statuses = status_segments(
        db, "project_status_by_department", "department_key", 2023
    )
    department = found["status-by-department"]
    assert (department["bars"], department["totals"], department["legend"]) == (
        segments,
        bars,
        statuses,
    )
    links = page.evaluate(LINKS_JS)
    (figures,) = expected(
        db, "select count(*) from bi.reported_figures where report_year = 2023 and not is_repeat"
    )
    assert len(links) == figures
    assert all(tag == "MARK" and text == marked for text, tag, marked in links)
    assert page.evaluate("document.getElementById('history')") is None
    has_indicators = page.evaluate("document.getElementById('indicators') !== null")
    assert has_indicators == bool(indicators)
    if lang == "uk":
        assert "Призупинено" in page.evaluate("document.body.innerText")
    screenshot(page, f"annual_report_seed_{lang}.png")


def test_a_figure_link_lands_on_its_marked_source_line(browser: Chromium, seed: Published) -> None:
    path = seed.settings.warehouse_dir / "reports" / REPORT_FILES["uk"]
    page = open_page(browser, path)
    target = page.evaluate(
        "document.querySelector('#figures-table a[href^=\"#trace-\"]').getAttribute('href')"
    )
    page.evaluate(f"document.querySelector('a[href=\"{target}\"]').click()")
    landed = page.evaluate(
        "(() => { const t = document.querySelector(':target'); const r = t.getBoundingClientRect();"
        # scrolled to: its top in the window (a fraction of a pixel above is sub-pixel layout)
        " return [t.tagName, t.id, r.top > -1 && r.top < window.innerHeight]; })()"
    )
    assert landed == ["MARK", target[1:], True]
    assert page.requested_urls == [path.as_uri()]  # an anchor, not a request


def test_a_second_report_year_adds_its_chart_and_the_transitions_of_its_projects(
    browser: Chromium, two_years: Published
) -> None:
    settings = two_years.settings
    page = open_page(browser, settings.warehouse_dir / "reports" / REPORT_FILES["uk"])
    found = charts(page)
    db = settings.published_path
    indicators = indicator_charts(db)
    assert set(found) == {
        "status-by-priority",
        "status-by-department",
        "status-by-year",
        *indicators,
    }
    (segments, years, statuses) = expected(
        db,
        "select count(*), count(distinct report_year), count(distinct status) from "
        "(select report_year, status from bi.project_status group by all)",
    )
    by_year = found["status-by-year"]
    assert (by_year["bars"], by_year["totals"], by_year["legend"]) == (segments, years, statuses)
    (pairs,) = expected(
        db,
        "select count(*) from (select distinct previous_status, status from bi.project_history "
        "where report_year = 2024 and previous_status is not null and status is not null)",
    )
    cells = page.evaluate(
        "[...document.querySelectorAll('#transition-matrix td')].filter(td => td.textContent)"
        ".length"
    )
    assert cells == pairs
    screenshot(page, "annual_report_two_years_uk.png", whole=True)


def test_indicator_series_are_drawn_one_line_per_scope_with_their_targets(
    browser: Chromium, tmp_path: Path
) -> None:
    data = two_year_sample()
    paths = write_pages(data, tmp_path)
    for lang, path in paths.items():
        page = open_page(browser, path)
        found = charts(page)
        for indicator in data.indicators:
            chart = found[f"indicator:{indicator.code}"]
            values = [p for s in indicator.series for p in s.points if p.value is not None]
            has_target = any(p.target is not None for s in indicator.series for p in s.points)
            assert chart["series"] == len(indicator.series), indicator.code
            assert chart["points"] == len(values)
            assert chart["targets"] == (1 if has_target else 0)
            assert chart["legend"] == len(indicator.series) + has_target
        screenshot(page, f"annual_report_sample_{lang}.png", whole=True)
