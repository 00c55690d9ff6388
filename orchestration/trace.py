"""`warehouse trace`: where a published number comes from, link by link.

An auditor gives a figure id (or a KPI value) and gets the whole chain: the mart
row, the dbt models it passed through (from dbt's manifest), the landing row, and
the source file — its sha256 computed again now and compared with the one
recorded at load (a changed file is flagged as tampered), the line, and the
line's text with the figure marked. Only DuckDB and the standard library are
imported here: the command must answer at once.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from orchestration.editions import find_edition
from orchestration.ingest.documents import decode_text, read_source
from orchestration.ingest.errors import SourceError
from orchestration.settings import PROJECT_ROOT, Settings

PROJECT_NAME = "strategy_warehouse"
FIGURE_MART = "fct_reported_figure"
KPI_MART = "fct_kpi_value"
KPI_PREFIX = "kpi:"
_FIGURE_ID = re.compile(r"[0-9a-f]{6,32}")


class TraceError(LookupError):
    """What was asked for cannot be traced; the message says why and what to try."""


@dataclass(frozen=True, slots=True)
class ModelStep:
    """One node of the dbt lineage: a model, seed or source, and what it was built from."""

    unique_id: str
    resource_type: str  # 'model' | 'source' | 'seed' | 'snapshot'
    relation: str  # schema.name, as queried in the warehouse file
    path: str | None  # the SQL or YAML file that defines it, relative to dbt_project/
    depth: int  # 0 for the mart, 1 for what it selects from, …
    depends_on: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SourceCheck:
    """The source file of a traced value, checked now."""

    source_path: str  # as recorded in dim_source_document ('sources/…')
    resolved_path: str | None  # where it was looked for on this machine
    recorded_sha256: str
    current_sha256: str | None  # None when the file is missing
    status: str  # 'verified' | 'tampered' | 'missing' | 'refused' (a link out of sources/)
    line_number: int | None = None
    line_text: str | None = None  # the line as loaded (from the landing rows)
    current_line_text: str | None = None  # the same line in today's file, if readable
    char_start: int | None = None
    char_end: int | None = None
    raw_text: str | None = None

    @property
    def slice_matches(self) -> bool | None:
        if self.line_text is None or self.char_start is None or self.char_end is None:
            return None
        return self.line_text[self.char_start : self.char_end] == self.raw_text


@dataclass
class Trace:
    """The whole chain of one traced value, ready to print or to serialise."""

    query: str
    kind: str  # 'figure' | 'kpi_value'
    warehouse_path: str
    edition: str | None
    mart: str
    mart_row: dict[str, Any]
    models: list[ModelStep]
    manifest_path: str | None
    landing: dict[str, dict[str, Any]] = field(default_factory=dict)  # table -> row
    source: SourceCheck | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def tampered(self) -> bool:
        return self.source is not None and self.source.status != "verified"

    def to_json(self) -> str:
        body = asdict(self)
        if self.source is not None:
            body["source"]["slice_matches"] = self.source.slice_matches
            body["source"]["highlighted"] = highlight(self.source, "[[", "]]")
        body["tampered"] = self.tampered
        return json.dumps(body, ensure_ascii=False, indent=2, default=str)


# -- where to look --------------------------------------------------------------------


def warehouse_file(settings: Settings, edition: str | None) -> tuple[Path, str | None]:
    """The published file, or the edition published on `edition` (a date or stamp)."""
    if edition:
        found = find_edition(settings, edition)
        return found.path, found.stamp
    if not settings.published_path.exists():
        raise TraceError(
            f"nothing is published yet ({settings.relative(settings.published_path)}); "
            "run `warehouse refresh` first"
        )
    return settings.published_path, None


def manifest_candidates(settings: Settings, edition_file: Path | None) -> list[Path]:
    """dbt manifests to read the lineage from, the most specific first.

    An edition may keep the manifest of the build it came from beside it; otherwise
    the last build's manifest, then the one `dbt parse` writes into the project.
    """
    candidates = []
    if edition_file is not None:
        candidates += [edition_file.with_name("dbt_manifest.json")]
    candidates += [
        settings.dbt_target_dir / "manifest.json",
        PROJECT_ROOT / "dbt_project" / "target" / "manifest.json",
    ]
    return candidates


def resolve_source(settings: Settings, source_path: str) -> Path:
    """A recorded 'sources/…' path on this machine.

    Paths are recorded as 'sources/…' wherever the sources live, so the folder the
    refresh reads (WAREHOUSE_SOURCES_DIR) is looked at first, then the project root.
    """
    candidates = []
    if source_path.startswith("sources/"):
        candidates.append(settings.sources_dir / source_path.removeprefix("sources/"))
    candidates += [settings.sources_dir.parent / source_path, settings.project_root / source_path]
    return next((p for p in candidates if p.exists()), candidates[0])


# -- dbt lineage ------------------------------------------------------------------------


def model_chain(manifest: dict[str, Any], model: str) -> list[ModelStep]:
    """The mart and everything upstream of it, depth first, each node once."""
    nodes = {**manifest.get("nodes", {}), **manifest.get("sources", {})}
    start = f"model.{PROJECT_NAME}.{model}"
    if start not in nodes:
        raise TraceError(f"the dbt manifest has no model {model!r}")
    steps: list[ModelStep] = []
    seen: set[str] = set()

    def visit(unique_id: str, depth: int) -> None:
        if unique_id in seen or unique_id not in nodes:
            return
        seen.add(unique_id)
        node = nodes[unique_id]
        parents = tuple(node.get("depends_on", {}).get("nodes", []))
        if node["resource_type"] == "source":
            relation = f"{node['schema']}.{node['name']}"
        else:
            relation = f"{node.get('schema')}.{node.get('alias') or node['name']}"
        steps.append(
            ModelStep(
                unique_id=unique_id,
                resource_type=node["resource_type"],
                relation=relation,
                path=node.get("original_file_path"),
                depth=depth,
                depends_on=parents,
            )
        )
        for parent in parents:
            visit(parent, depth + 1)

    visit(start, 0)
    return steps


def _load_manifest(candidates: list[Path]) -> tuple[dict[str, Any] | None, Path | None]:
    for path in candidates:
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8")), path
    return None, None


# -- the warehouse file -----------------------------------------------------------------


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )


def _figure_row(con: duckdb.DuckDBPyConnection, figure_id: str) -> dict[str, Any]:
    if not _has_table(con, "marts", FIGURE_MART):
        raise TraceError(f"this warehouse has no marts.{FIGURE_MART} (published before figures)")
    rows = _rows(
        con,
        f"select * from marts.{FIGURE_MART} where figure_id like ? || '%' order by figure_id",
        [figure_id],
    )
    if not rows:
        raise TraceError(f"no figure with id {figure_id!r} in marts.{FIGURE_MART}")
    if len(rows) > 1:
        ids = ", ".join(r["figure_id"] for r in rows[:5])
        raise TraceError(f"{figure_id!r} is the start of {len(rows)} figure ids ({ids}…)")
    return rows[0]


def _document(con: duckdb.DuckDBPyConnection, document_id: str) -> dict[str, Any]:
    rows = _rows(
        con, "select * from marts.dim_source_document where document_id = ?", [document_id]
    )
    if not rows:
        raise TraceError(f"document {document_id} is not in marts.dim_source_document")
    return rows[0]


def check_source(
    settings: Settings,
    source_path: str,
    recorded_sha256: str,
    line_number: int | None = None,
    line_text: str | None = None,
    span: tuple[int, int, str] | None = None,
) -> SourceCheck:
    """Hash the source file now and compare; read the traced line from it too."""
    path = resolve_source(settings, source_path)
    current_sha = current_line = refused = None
    data = None
    if path.exists() or path.is_symlink():
        # The folder named `sources` the recorded path lies in: nothing outside it is read.
        root = next((a for a in path.parents if a.name == "sources"), settings.sources_dir)
        kind = "indicators" if "/indicators/" in source_path else "report"
        try:
            data = read_source(path, root, source_path, kind, settings.limits)
        except SourceError as error:
            refused = str(error)
    if data is not None:
        current_sha = hashlib.sha256(data).hexdigest()
        if line_number is not None:
            try:
                text, _ = decode_text(data, source_path)
                lines = text.split("\n")
                current_line = lines[line_number - 1] if line_number <= len(lines) else None
            except Exception:  # an unreadable file is reported by its hash already
                current_line = None
    status = (
        "refused"
        if refused
        else "missing"
        if current_sha is None
        else "verified"
        if current_sha == recorded_sha256
        else "tampered"
    )
    start, end, raw = span if span else (None, None, None)
    return SourceCheck(
        source_path=source_path,
        resolved_path=str(path),
        recorded_sha256=recorded_sha256,
        current_sha256=current_sha,
        status=status,
        line_number=line_number,
        line_text=line_text,
        current_line_text=current_line,
        char_start=start,
        char_end=end,
        raw_text=raw,
    )


# -- tracing ----------------------------------------------------------------------------


def trace(settings: Settings, query: str, edition: str | None = None) -> Trace:
    """Trace a figure id (or a unique prefix of one), or a KPI value `kpi:CODE:PERIOD[:…]`."""
    path, stamp = warehouse_file(settings, edition)
    query = query.strip()
    with duckdb.connect(str(path), read_only=True) as con:
        if query.lower().startswith(KPI_PREFIX):
            result = _trace_kpi(con, settings, query)
        elif _FIGURE_ID.fullmatch(query.lower()):
            result = _trace_figure(con, settings, query.lower())
        else:
            raise TraceError(
                f"{query!r} is neither a figure id (hex, from marts.{FIGURE_MART}.figure_id) nor "
                f"a KPI value ({KPI_PREFIX}<kpi_code>:<period_key>[:<scope_kind>[:<scope_key>]])"
            )
    result.warehouse_path = settings.relative(path)
    result.edition = stamp
    manifest, manifest_path = _load_manifest(manifest_candidates(settings, path if stamp else None))
    if manifest is None:
        result.notes.append("no dbt manifest found: the model chain is not shown")
    else:
        result.models = model_chain(manifest, result.mart)
        result.manifest_path = settings.relative(manifest_path)
        if stamp and manifest_path.name != "dbt_manifest.json":
            result.notes.append(
                "this edition keeps no dbt manifest of its own: the model chain is the one of "
                f"{settings.relative(manifest_path)}"
            )
    return result


def _trace_figure(con: duckdb.DuckDBPyConnection, settings: Settings, figure_id: str) -> Trace:
    row = _figure_row(con, figure_id)
    document = _document(con, row["document_id"])
    where = [row["document_id"], row["line_number"]]
    landing: dict[str, dict[str, Any]] = {}
    if _has_table(con, "landing", "report_figures"):
        found = _rows(
            con,
            "select * from landing.report_figures "
            "where document_id = ? and line_number = ? and char_start = ?",
            [*where, row["char_start"]],
        )
        if found:
            landing["report_figures"] = found[0]
    line = _rows(
        con, "select * from landing.report_lines where document_id = ? and line_number = ?", where
    )
    if line:
        landing["report_lines"] = line[0]
    line_text = line[0]["line_text"] if line else row.get("line_text")
    result = Trace(
        query=figure_id,
        kind="figure",
        warehouse_path="",
        edition=None,
        mart=FIGURE_MART,
        mart_row=row,
        models=[],
        manifest_path=None,
        landing=landing,
        source=check_source(
            settings,
            document["source_path"],
            document["document_id"],
            row["line_number"],
            line_text,
            (row["char_start"], row["char_end"], row["raw_text"]),
        ),
    )
    if "report_figures" not in landing:
        result.notes.append("the landing row of this figure is not in the warehouse file")
    return result


def _trace_kpi(con: duckdb.DuckDBPyConnection, settings: Settings, query: str) -> Trace:
    if not _has_table(con, "marts", KPI_MART):
        raise TraceError(
            f"this warehouse has no marts.{KPI_MART}: only figure ids can be traced here"
        )
    parts = query[len(KPI_PREFIX) :].split(":")
    if len(parts) < 2:
        raise TraceError(f"a KPI value is {KPI_PREFIX}<kpi_code>:<period_key>[:<scope>[:<key>]]")
    code, period, scope_kind, scope_key = [*parts, None, None][:4]
    columns = {r[0] for r in con.execute(f"describe marts.{KPI_MART}").fetchall()}
    code_filter = (
        "kpi_code = ?"
        if "kpi_code" in columns
        else "kpi_key in (select kpi_key from marts.dim_kpi where kpi_code = ?)"
    )
    sql = (
        f"select * from marts.{KPI_MART} where {code_filter} and period_key = ? "
        "and scope_kind = ? and scope_key is not distinct from ?"
    )
    rows = _rows(con, sql, [code, period, scope_kind or "city", scope_key or None])
    if len(rows) != 1:
        raise TraceError(f"{len(rows)} KPI values match {query!r}; name the scope as well")
    row = rows[0]
    result = Trace(
        query=query,
        kind="kpi_value",
        warehouse_path="",
        edition=None,
        mart=KPI_MART,
        mart_row=row,
        models=[],
        manifest_path=None,
    )
    if row.get("document_id") is None:
        result.notes.append(
            "a computed KPI: it has no single source line; the models below compute it from "
            "the reports of its period (trace their figures and entries for the lines)"
        )
        return result
    document = _document(con, row["document_id"])
    line_number = row.get("source_row")
    result.source = check_source(
        settings, document["source_path"], document["document_id"], line_number
    )
    if result.source.current_line_text is not None:
        result.source = _with_line(result.source, result.source.current_line_text)
    return result


def _with_line(check: SourceCheck, text: str) -> SourceCheck:
    return SourceCheck(**{**asdict(check), "line_text": text})


# -- printing ---------------------------------------------------------------------------

ANSI_MARK = ("\x1b[1;7m", "\x1b[0m")
BRACKETS = ("[[", "]]")


def highlight(check: SourceCheck, before: str, after: str, context: int | None = None) -> str:
    """The line with the figure marked; `context` characters on each side when given."""
    text = check.line_text or ""
    if check.char_start is None or check.char_end is None:
        return text if context is None else text[: 2 * context]
    start, end = check.char_start, check.char_end
    left, right = text[:start], text[end:]
    if context is not None:
        left = ("…" if len(left) > context else "") + left[-context:]
        right = right[:context] + ("…" if len(right) > context else "")
    return f"{left}{before}{text[start:end]}{after}{right}".replace("\t", " ⇥ ")


def render(result: Trace, marks: tuple[str, str] = BRACKETS, context: int = 160) -> str:
    """The trace as the auditor reads it."""
    out: list[str] = []
    where = f"edition {result.edition}" if result.edition else "published"
    out.append(f"Trace of {result.kind} {result.query}  ({where}: {result.warehouse_path})")
    out.append("")
    out.append(f"1. mart row  marts.{result.mart}")
    for key, value in result.mart_row.items():
        if key == "line_text":
            continue
        out.append(f"     {key:<20} {_short(value)}")
    out.append("")
    out.append(f"2. dbt models  (lineage from {result.manifest_path or 'no manifest'})")
    for step in result.models:
        arrow = "" if step.depth == 0 else "← "
        kind = "" if step.resource_type == "model" else f" [{step.resource_type}]"
        path = f"  ({step.path})" if step.path else ""
        out.append(f"     {'    ' * step.depth}{arrow}{step.relation}{kind}{path}")
    out.append("")
    out.append("3. landing rows")
    if not result.landing:
        out.append("     none: this value is computed, not read from a source line")
    for table, row in result.landing.items():
        out.append(f"     landing.{table}")
        for key, value in row.items():
            if key != "line_text":
                out.append(f"       {key:<18} {_short(value)}")
    out.append("")
    source = result.source
    out.append("4. source")
    if source is None:
        out.append("     none recorded")
    else:
        verdict = {
            "verified": "verified: the file is unchanged since it was loaded",
            "tampered": "TAMPERED: the file's sha256 differs from the one recorded at load",
            "missing": "MISSING: the file is not where it was loaded from",
            "refused": "NOT READ: the recorded path is a link out of sources/ or not a "
            "regular file; nothing outside sources/ is read",
        }[source.status]
        out.append(f"     file      {source.source_path}")
        out.append(f"     sha256    recorded {source.recorded_sha256}")
        out.append(f"               now      {source.current_sha256 or '—'}")
        out.append(f"               {verdict}")
        if source.line_number is not None:
            span = (
                f", characters {source.char_start}..{source.char_end}"
                if source.char_start is not None
                else ""
            )
            out.append(f"     line      {source.line_number}{span}")
            out.append(f"     text      {highlight(source, *marks, context=context)}")
            if source.slice_matches is not None:
                state = "equals" if source.slice_matches else "DOES NOT EQUAL"
                out.append(f"     the span {state} the raw text {source.raw_text!r}")
            if (
                source.current_line_text is not None
                and source.line_text is not None
                and source.current_line_text != source.line_text
            ):
                out.append("     today's file prints another text on this line")
    for note in result.notes:
        out.append(f"note: {note}")
    return "\n".join(out)


def _short(value: Any, limit: int = 120) -> str:
    text = (
        json.dumps(value, ensure_ascii=False, default=str)
        if isinstance(value, dict)
        else str(value)
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"
