"""`warehouse trace`: where a published number comes from, link by link.

An auditor gives a published row — a figure id, an entry, a project's status or a KPI
value — and gets the whole chain: the mart row, the dbt models it passed through (from
dbt's manifest), the landing rows, and the source file — its sha256 computed again now
and compared with the one recorded at load (a changed file is flagged as tampered), the
line(s), and the line's text with the figure, the status phrase or the indicator's cell
marked; for an implementation KPI, the entries it counts. Only DuckDB and the standard library are
imported here: the command must answer at once.

May import: `orchestration.editions`, `orchestration.ingest`, `orchestration.lineage`,
`orchestration.settings`, `orchestration.warehouse_file`. Never Dagster, dbt or GX.
"""

from orchestration.trace.dbt_lineage import model_chain
from orchestration.trace.lookup import trace
from orchestration.trace.model import ModelStep, SourceCheck, Trace, TraceError, highlight
from orchestration.trace.render import ANSI_MARK, BRACKETS, render
from orchestration.trace.sources import check_source, resolve_source

__all__ = [
    "ANSI_MARK",
    "BRACKETS",
    "ModelStep",
    "SourceCheck",
    "Trace",
    "TraceError",
    "check_source",
    "highlight",
    "model_chain",
    "render",
    "resolve_source",
    "trace",
]
