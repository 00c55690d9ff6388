"""What the whole suite shares.

- `seed`: the published seed warehouse (tests/refreshing.py), one refresh per session.
- `browser`: Debian's headless Chromium for the page tests; missing, it skips them, or
  fails them where WAREHOUSE_REQUIRE_BROWSER is set (CI).
- The environment names a decoy warehouse folder for the whole session: the pipeline
  must take its folders from configuration, so a refresh into its own folder never
  writes there (tests/integration/test_configuration.py checks that it stays empty).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from refreshing import Published, published_seed

DECOY_ENV = ("WAREHOUSE_DIR", "WAREHOUSE_SOURCES_DIR", "DAGSTER_HOME")


@pytest.fixture(scope="session", autouse=True)
def decoy_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    decoy = tmp_path_factory.mktemp("decoy")
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name in DECOY_ENV:
            monkeypatch.setenv(name, str(decoy / name.lower()))
        yield decoy


@pytest.fixture(scope="session")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Published:
    return published_seed(tmp_path_factory)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from headless_browser import Chromium, chromium_path  # tests/integration's helper

    executable = chromium_path()
    if executable is None:
        message = "chromium is not installed (apt-get install chromium)"
        if os.environ.get("WAREHOUSE_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    with Chromium(executable) as chromium:
        yield chromium
