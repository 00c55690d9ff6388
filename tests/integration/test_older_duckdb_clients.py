"""The published file opens in the DuckDB that BI tools bundle today (1.1 and 1.4), not only
in the DuckDB 2.0 that wrote it: every query of the README's BI section gives the same
answer there, and every `bi` view keeps its column descriptions."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from duckdb_clients import client_python, probe
from seed_warehouse import Published, published_seed

from orchestration.settings import PROJECT_ROOT

pytestmark = pytest.mark.integration

# A DuckDB 1.1 (DBeaver's, Metabase's and ODBC drivers of 2024) and a 1.4 (the 2025 LTS).
OLD_CLIENTS = ("1.1.3", "1.4.1")
README = PROJECT_ROOT / "README.md"


def readme_bi_queries(readme: Path = README) -> list[str]:
    """The SQL examples of the README's section for BI users, as a reader would paste them."""
    text = readme.read_text(encoding="utf-8")
    start = text.index("\n## For BI users")
    end = text.find("\n## ", start + 1)
    section = text[start : end if end != -1 else None]
    return [m.group(1).strip() for m in re.finditer(r"```sql\n(.*?)```", section, re.S)]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    return published_seed(tmp_path_factory)


@pytest.fixture(scope="module")
def reference(published: Published) -> dict:
    """The answers of the DuckDB that wrote the file."""
    return probe(Path(sys.executable), published.settings.published_path, readme_bi_queries())


def test_the_readme_shows_bi_users_queries_to_try() -> None:
    queries = readme_bi_queries()
    assert len(queries) >= 2
    assert any("from bi." in q for q in queries) and any("from marts." in q for q in queries)


@pytest.mark.parametrize("version", OLD_CLIENTS)
def test_an_older_duckdb_opens_the_published_file_and_answers_the_readme_queries(
    version: str, published: Published, reference: dict
) -> None:
    answer = probe(client_python(version), published.settings.published_path, readme_bi_queries())
    assert answer["duckdb"] == version
    assert len(answer["queries"]) == len(reference["queries"])
    for mine, theirs in zip(answer["queries"], reference["queries"], strict=True):
        assert mine["rows"], mine["columns"]
        assert mine == theirs
    assert answer["bi_comments"] == reference["bi_comments"]


def test_every_bi_view_and_column_is_described_in_the_file(reference: dict) -> None:
    comments = reference["bi_comments"]
    assert {"project_status", "priority_scorecard", "kpi_values"} <= comments.keys()
    for view, described in comments.items():
        assert described["view"], view
        assert described["columns"] and all(described["columns"].values()), view
