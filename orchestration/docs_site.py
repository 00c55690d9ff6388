"""`warehouse docs`: dbt's documentation site of the published warehouse, one static page.

`dbt docs generate --static` reads the catalog (tables, columns, types, row counts) from
a warehouse file, so the site is built against a copy of the published file, never the
file BI tools have open, and describes exactly what was published. The page dbt writes
embeds the manifest and the catalog; it also carries dbt Labs' usage tracker, which would
load a script from the network when the manifest allows it: the tracker is switched off
in the page itself, whatever the manifest says, so the site opens offline from a disk.
The page is written to `warehouse/docs/index.html` (with the manifest and catalog beside
it, for tools) by a rename, so a reader never sees half a page.

May import: `orchestration.settings`, `orchestration.dbt_profiles`. dbt runs as a child
process (`warehouse-dbt`, which ends with its parent); nothing of Dagster or GX.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from orchestration.dbt_profiles import profiles_dir, write_profile
from orchestration.settings import Settings

DOCS_FOLDER = "docs"
PAGE_NAME = "index.html"
DBT_EXECUTABLE = str(Path(sys.executable).with_name("warehouse-dbt"))

# What dbt's page would fetch from the network, and what replaces it. The tracker starts
# only when the manifest's `send_anonymous_usage_stats` is true; its loader then inserts
# a <script> from a CDN. Both are neutralised; the browser test proves the rest.
OFFLINE_PATCHES = (
    (re.compile(r"track:\s*\w+\.send_anonymous_usage_stats"), "track:!1"),
    (re.compile(r"""(["'])(?:https?:)?//[\w.-]+\.cloudfront\.net/[^"']*\1"""), '""'),
)
NETWORK_HOSTS = ("cloudfront.net", "fonts.googleapis.com", "fonts.gstatic.com")


class DocsError(RuntimeError):
    """The site could not be built; the message says why and what to do."""


@dataclass(frozen=True)
class DocsSite:
    page: Path
    manifest: Path
    catalog: Path
    models: int
    tables: int  # relations of the published file the catalog describes
    seconds: float


def docs_dir(settings: Settings) -> Path:
    return settings.warehouse_dir / DOCS_FOLDER


def offline_page(html: str) -> str:
    """dbt's static page with everything that would reach the network switched off."""
    for pattern, replacement in OFFLINE_PATCHES:
        html, count = pattern.subn(replacement, html)
        if count == 0 and "track" in pattern.pattern:
            raise DocsError(
                "dbt's docs page no longer has the usage tracker switch this build turns "
                "off; check orchestration/docs_site.py OFFLINE_PATCHES against the new page"
            )
    left = [host for host in NETWORK_HOSTS if host in html]
    if left:
        raise DocsError(f"dbt's docs page still names {', '.join(left)}: it would go online")
    return html


def build_docs(settings: Settings) -> DocsSite:
    """Generate the static site from a copy of the published file."""
    published = settings.published_path
    if not published.exists():
        raise DocsError(
            f"nothing is published yet ({settings.relative(published)}); run `make run` first"
        )
    started = time.perf_counter()
    out = docs_dir(settings)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".build-", dir=out) as scratch:
        # A warehouse folder of its own: its build file is the copy dbt catalogs.
        work = Settings(settings.project_root, settings.sources_dir, Path(scratch))
        work.build_path.parent.mkdir(parents=True)
        shutil.copyfile(published, work.build_path)
        target = Path(scratch) / "target"
        _dbt_docs_generate(work, target)
        page = offline_page((target / "static_index.html").read_text(encoding="utf-8"))
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
        catalog = json.loads((target / "catalog.json").read_text(encoding="utf-8"))
        for name in ("manifest.json", "catalog.json"):
            os.replace(target / name, out / name)
        staged = out / f".{PAGE_NAME}.new"
        staged.write_text(page, encoding="utf-8")
        os.replace(staged, out / PAGE_NAME)
    models = sum(1 for n in manifest["nodes"].values() if n["resource_type"] == "model")
    return DocsSite(
        page=out / PAGE_NAME,
        manifest=out / "manifest.json",
        catalog=out / "catalog.json",
        models=models,
        tables=len(catalog.get("nodes", {})),
        seconds=time.perf_counter() - started,
    )


def _dbt_docs_generate(work: Settings, target: Path) -> None:
    write_profile(work)
    command = [
        DBT_EXECUTABLE,
        "docs",
        "generate",
        "--static",
        "--project-dir",
        str(work.dbt_project_dir),
        "--profiles-dir",
        str(profiles_dir(work)),
        "--target-path",
        str(target),
        "--log-path",
        str(target / "logs"),
    ]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
    )
    if done.returncode != 0 or not (target / "static_index.html").exists():
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise DocsError(f"`dbt docs generate` failed (exit {done.returncode}):\n{tail}")
