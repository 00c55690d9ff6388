"""The validation report of a refresh: one self-contained HTML page per run.

`warehouse/reports/validation_<UTC stamp>.html`, and `validation_latest.html`
pointing at the newest. It lists every check of the load — landing suites, dbt
tests, mart suites — with severity, status, what was found and where.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path

from orchestration.quality.outcomes import FAILED, CheckOutcome, summarize
from orchestration.settings import Settings

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}.passed{color:#1b7f3b}.failed{color:#b00020;font-weight:600}
.overridden{color:#8a6d00}.warning{color:#8a6d00}.error{color:#b00020}
.box{padding:1rem;border-radius:.4rem;margin:1rem 0}
.bad{background:#fdecee}.good{background:#e9f7ef}
ul{margin:.2rem 0;padding-left:1.2rem}
"""


def _row(o: CheckOutcome) -> str:
    where = "".join(f"<li>{html.escape(loc)}</li>" for loc in o.locations[:50])
    extra = f"<br><em>accepted: {html.escape(o.override_reason)}</em>" if o.override_reason else ""
    return (
        f"<tr><td>{html.escape(o.suite)}</td><td>{html.escape(o.check)}</td>"
        f"<td class='{o.severity}'>{o.severity}</td><td class='{o.status}'>{o.status}</td>"
        f"<td>{html.escape(o.message)}{extra}</td><td>{html.escape(o.observed or '')}</td>"
        f"<td>{html.escape(o.threshold or '')}</td>"
        f"<td>{html.escape(o.source_path or '')}<ul>{where}</ul></td></tr>"
    )


def render(outcomes: list[CheckOutcome], failure: str | None, stamp: str) -> str:
    counts = summarize(outcomes)
    verdict = (
        f"<div class='box bad'><strong>Stopped, nothing published.</strong>"
        f"<pre>{html.escape(failure)}</pre></div>"
        if failure
        else "<div class='box good'><strong>Published.</strong></div>"
    )
    ordered = sorted(outcomes, key=lambda o: (o.status != FAILED, o.suite, o.check))
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Validation report {stamp}</title><style>{_STYLE}</style></head><body>"
        f"<h1>Validation report</h1><p>Refresh of {stamp} (UTC). "
        f"{counts['passed']} checks passed, {counts['errors']} errors, "
        f"{counts['warnings']} warnings, {counts['overridden']} accepted by override.</p>"
        f"{verdict}<table><thead><tr><th>suite</th><th>check</th><th>severity</th>"
        "<th>status</th><th>rule</th><th>found</th><th>allowed</th><th>where</th></tr></thead>"
        f"<tbody>{''.join(_row(o) for o in ordered)}</tbody></table></body></html>"
    )


def write_validation_report(
    settings: Settings, outcomes: list[CheckOutcome], failure: str | None = None
) -> Path:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M%SZ")
    folder = settings.warehouse_dir / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    page = render(outcomes, failure, stamp)
    path = folder / f"validation_{stamp}.html"
    path.write_text(page, encoding="utf-8")
    (folder / "validation_latest.html").write_text(page, encoding="utf-8")
    return path
