"""`warehouse docs` on the shared seed warehouse: dbt's static documentation site, every
mart and bi column described, opened in a headless Chromium that must fetch nothing from
the network and show a page for every mart with its columns and their descriptions."""

from __future__ import annotations

import json
import time
from pathlib import Path

import duckdb
import pytest
from headless_browser import Chromium, Page
from refreshing import Published

from orchestration.docs_site import DocsError, DocsSite, build_docs, offline_page
from orchestration.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.integration

PROJECT = "strategy_warehouse"
PUBLISHED_SCHEMAS = ("marts", "bi")
# The rows of a model page's column table: the name and the description of each column.
COLUMNS_JS = """
[...document.querySelectorAll('tr.column-row')].map(row => {
  const cells = row.querySelectorAll('td');
  return [cells[0].innerText.trim(), cells[2].innerText.trim()];
})
"""


@pytest.fixture(scope="module")
def site(seed: Published) -> DocsSite:
    return build_docs(seed.settings)


def published_columns(settings: Settings) -> dict[tuple[str, str], list[str]]:
    """Every table and view of the published marts and bi schemas, with its columns."""
    with duckdb.connect(str(settings.published_path), read_only=True) as con:
        found = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where table_schema in ('marts', 'bi') order by table_schema, table_name, "
            "ordinal_position"
        ).fetchall()
    tables: dict[tuple[str, str], list[str]] = {}
    for schema, table, column in found:
        tables.setdefault((schema, table), []).append(column)
    return tables


def views(settings: Settings) -> set[tuple[str, str]]:
    """The published relations that are views (the bi schema and marts.fct_check_result)."""
    with duckdb.connect(str(settings.published_path), read_only=True) as con:
        return set(
            con.execute(
                "select table_schema, table_name from information_schema.tables "
                "where table_type = 'VIEW' and table_schema in ('marts', 'bi')"
            ).fetchall()
        )


def model_name(schema: str, table: str) -> str:
    return f"bi_{table}" if schema == "bi" else table  # bi views are aliased models


def test_docs_are_written_as_one_page_beside_its_manifest_and_catalog(
    site: DocsSite, seed: Published
) -> None:
    assert site.page == seed.settings.warehouse_dir / "docs" / "index.html"
    html = site.page.read_text(encoding="utf-8")
    manifest = json.loads(site.manifest.read_text(encoding="utf-8"))
    assert f"model.{PROJECT}.fct_project_status" in html  # the manifest is inline
    assert site.models == sum(n["resource_type"] == "model" for n in manifest["nodes"].values())
    assert "track:!1" in html and "cloudfront.net" not in html


def test_every_mart_and_bi_column_is_described(site: DocsSite, seed: Published) -> None:
    """Read from dbt's own artefacts: the catalog (what the file holds) against the
    manifest (what the YAML says), so an undescribed column of any mart or view fails."""
    manifest = json.loads(site.manifest.read_text(encoding="utf-8"))
    catalog = json.loads(site.catalog.read_text(encoding="utf-8"))
    published = published_columns(seed.settings)
    catalogued = {
        (node["metadata"]["schema"], node["metadata"]["name"]): unique_id
        for unique_id, node in catalog["nodes"].items()
        if node["metadata"]["schema"] in PUBLISHED_SCHEMAS
    }
    assert set(catalogued) == set(published)  # the catalog is the published file's
    undescribed = []
    for (schema, table), unique_id in sorted(catalogued.items()):
        node = manifest["nodes"][unique_id]
        if not node["description"].strip():
            undescribed.append(f"{schema}.{table}")
        described = {k.lower(): c["description"].strip() for k, c in node["columns"].items()}
        for column in catalog["nodes"][unique_id]["columns"]:
            if not described.get(column.lower()):
                undescribed.append(f"{schema}.{table}.{column}")
    assert undescribed == []


def test_docs_of_a_warehouse_not_yet_published_say_to_run_the_refresh_first(
    tmp_path: Path,
) -> None:
    settings = Settings(PROJECT_ROOT, PROJECT_ROOT / "sources", tmp_path / "warehouse")
    with pytest.raises(DocsError, match=r"nothing is published yet .*run `make run` first"):
        build_docs(settings)
    assert not (tmp_path / "warehouse" / "docs" / "index.html").exists()


def test_a_page_that_would_go_online_is_refused() -> None:
    page = "<script>c.init({track:p.send_anonymous_usage_stats,project_id:1})</script>"
    assert "track:!1" in offline_page(page)
    with pytest.raises(DocsError, match=r"fonts\.googleapis\.com"):
        offline_page(page + '<link href="https://fonts.googleapis.com/css?family=Inter">')
    with pytest.raises(DocsError, match="usage tracker"):
        offline_page("<html>a page without dbt's tracker switch</html>")


HEADING_JS = "[...document.querySelectorAll('h1')].some(h => h.innerText.trim().startsWith(%s))"


def wait_for_heading(page: Page, text: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate(HEADING_JS % json.dumps(text)):
            return
        time.sleep(0.1)
    raise AssertionError(f"the docs page never showed {text!r}")


def test_the_docs_page_opens_offline_and_shows_every_mart_with_its_columns(
    site: DocsSite, seed: Published, browser: Chromium
) -> None:
    published, shown_as_views = published_columns(seed.settings), views(seed.settings)
    marts = sorted(table for schema, table in published if schema == "marts")
    page = browser.new_page()
    page.open(f"{site.page.as_uri()}#!/model/model.{PROJECT}.{marts[0]}")
    wait_for_heading(page, f"{marts[0]} table")
    # The project tree, opened at the marts folder, lists every mart.
    tree = page.evaluate("document.querySelector('.app-menu').textContent.replace(/\\s+/g, '')")
    assert [mart for mart in marts if mart not in tree] == []
    for (schema, table), columns in sorted(published.items()):
        name = model_name(schema, table)
        page.evaluate(f"location.hash = '#!/model/model.{PROJECT}.{name}'")
        kind = "view" if (schema, table) in shown_as_views else "table"
        wait_for_heading(page, f"{name} {kind}")
        shown = dict(page.evaluate(COLUMNS_JS))
        assert list(shown) == columns, name
        assert [c for c, description in shown.items() if not description] == [], name
    # Nothing but the page itself and inline data: no request leaves the disk.
    requested = set(page.requested_urls)
    assert requested and all(url.startswith(("file:", "data:")) for url in requested), requested
    assert site.page.as_uri() in {url.split("#")[0] for url in requested}
