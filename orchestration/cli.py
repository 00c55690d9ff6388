"""`warehouse`: the analyst's command.

    warehouse refresh   land new reports, build, test and publish the warehouse
    warehouse status    what is published now, from what, the last refresh, the warnings
    warehouse trace ID  where a published row comes from (file, sha256, line, characters):
                        a figure, entry:KEY, status:PROJECT[:YEAR], kpi:CODE:PERIOD[:…]
    warehouse export    the published marts and bi views as Parquet, with a manifest
                        (--xlsx: also the bi views as an Excel workbook)
    warehouse report    the annual report (HTML, Ukrainian and English) of the published file
    warehouse review export|import FILE   project statuses reviewed in a spreadsheet
    warehouse docs      dbt's documentation site of the published warehouse, one static page

Imports of Dagster and dbt are deferred to the commands that need them: `status`,
`trace`, `export` and `report` read the published file only and answer at once.

One module, a little over 300 lines: each command is a few lines that call a room and
print what it did, kept together so the commands and `warehouse --help` read as one.

May import: every room (it is the entry point); Dagster only through `orchestration.refresh`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

from orchestration.settings import Settings


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def _print_warnings(summary) -> None:
    for notice in summary.notices:
        print(f"  note: {notice}")
    if summary.warnings:
        print(f"\nWarnings ({len(summary.warnings)}; recorded in marts.fct_check_result):")
        for outcome in summary.warnings:
            print(outcome.explain(limit=5))


def cmd_refresh(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    started = time.perf_counter()
    if not args.force:
        from orchestration.fingerprint import up_to_date

        same = up_to_date(settings)
        if same is not None:
            edition, built_from = same
            print(
                f"up to date: edition {edition.stamp}, built from the same {built_from.files} "
                f"files and code ({time.perf_counter() - started:.1f} s); "
                "`warehouse refresh --force` rebuilds anyway"
            )
            # The server edition is made from the published file: it may still be due.
            return _publish_on_server(args, settings) if _target(args) == "postgres" else 0
    from orchestration.refresh import RefreshFailed, refresh

    before = settings.published_path.exists()
    try:
        summary = refresh(settings, progress=_say)
    except RefreshFailed as failure:
        print("\nThe refresh stopped; nothing was published.", file=sys.stderr)
        state = "left exactly as it was" if before else "not created"
        print(
            f"The published warehouse ({settings.relative(settings.published_path)}) is "
            f"{state}.\n\nWhat went wrong:\n{failure}",
            file=sys.stderr,
        )
        if failure.summary is not None:
            if failure.summary.quarantine_path:
                where = settings.relative(failure.summary.quarantine_path)
                print(f"\nThe failed load is kept in {where}", file=sys.stderr)
            if failure.summary.report_path:
                where = settings.relative(failure.summary.report_path)
                print(f"Validation report: {where}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print()
    print(f"Published {settings.relative(settings.published_path)} in {elapsed:.1f} s")
    print(f"  documents loaded: {len(summary.documents)} ({', '.join(summary.documents)})")
    print(f"  report years:     {', '.join(map(str, summary.years))}")
    if summary.quarters:
        print(f"  indicator quarters: {len(summary.quarters)} ({', '.join(summary.quarters)})")
    print("  rows per mart:")
    for table, rows in summary.mart_rows.items():
        print(f"    marts.{table:<28} {rows:>6}")
    gx = sum(o.suite != "dbt" for o in summary.outcomes)
    print(
        f"  checks passed:    {summary.checks_passed} of {len(summary.outcomes)} "
        f"({gx} expectations, {len(summary.outcomes) - gx} dbt tests); "
        f"warnings: {len(summary.warnings)}"
    )
    print("  steps:            " + ", ".join(f"{k} {v:.1f} s" for k, v in summary.timings.items()))
    if summary.report_path:
        print(f"  validation:       {settings.relative(summary.report_path)}")
    if summary.log_path:
        print(f"  dbt log:          {settings.relative(summary.log_path)}")
    report = settings.warehouse_dir / "reports" / "annual_report.html"
    if report.exists():
        print(f"  annual report:    {settings.relative(report)}")
    if (settings.warehouse_dir / "export" / "manifest.json").exists():
        print(f"  Parquet export:   {settings.relative(settings.warehouse_dir / 'export')}/")
    workbook = settings.warehouse_dir / "export" / "warehouse.xlsx"
    if workbook.exists():
        print(f"  Excel workbook:   {settings.relative(workbook)}")
    _print_warnings(summary)
    if _target(args) == "postgres":
        return _publish_on_server(args, settings)
    return 0


def _target(args: argparse.Namespace) -> str:
    """`--target`, else WAREHOUSE_TARGET, else the DuckDB file."""
    return getattr(args, "target", None) or os.environ.get("WAREHOUSE_TARGET") or "duckdb"


def _publish_on_server(args: argparse.Namespace, settings: Settings) -> int:
    """The server edition: the checked build, loaded and swapped into `marts` and `bi`."""
    from orchestration.serving.postgres import ServerPublishFailed, ServerTarget
    from orchestration.serving.server_edition import publish_to_server

    target = ServerTarget.from_env(args.dsn)
    started = time.perf_counter()
    _say(f"building and publishing on PostgreSQL ({target.describe()})")
    try:
        edition = publish_to_server(target, settings, progress=_say)
    except ServerPublishFailed as failure:
        print(f"\nThe server edition was not published: {failure}", file=sys.stderr)
        return 1
    print(f"\nPublished on {edition.server} in {time.perf_counter() - started:.1f} s")
    print(
        f"  schemas marts, bi ({len(edition.mart_rows)} marts); read-only role {target.reader_role}"
    )
    for schema in edition.left_behind:
        print(f"  note: {schema} is still read; the next refresh drops it")
    return 0


def _reading(args: argparse.Namespace) -> Settings:
    """What a read command reads: the published file, or (`--target postgres`) a copy of
    the server's published edition made now, under warehouse/server/."""
    settings = Settings.from_env()
    if _target(args) != "postgres":
        return settings
    from dataclasses import replace

    from orchestration.serving.postgres import ServerTarget
    from orchestration.serving.server_snapshot import snapshot_published

    target = ServerTarget.from_env(args.dsn)
    copy = snapshot_published(target, settings.warehouse_dir / "server" / "warehouse.duckdb")
    print(f"Reading the edition published on {target.describe()}", file=sys.stderr)
    return replace(settings, published_file=copy)


def cmd_status(args: argparse.Namespace) -> int:
    from orchestration.status import read_status, render_status

    settings = _reading(args)
    status = read_status(settings)
    if status is None:
        path = settings.relative(settings.published_path)
        print(f"Nothing is published yet ({path}); run `make run`.")
        return 1
    print(render_status(status, settings))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from orchestration.export import MANIFEST_NAME, export_dir, export_warehouse

    settings = _reading(args)
    started = time.perf_counter()
    manifest = export_warehouse(settings)
    folder = settings.relative(export_dir(settings))
    print(
        f"Exported {len(manifest.tables)} tables of edition {manifest.edition or '(not recorded)'} "
        f"to {folder}/ in {time.perf_counter() - started:.1f} s"
    )
    for table in manifest.tables:
        print(f"  {table.file:<42} {table.rows:>6} rows  {len(table.columns):>3} columns")
    print(f"  {MANIFEST_NAME:<42} tables, columns with descriptions, edition, sources' sha256")
    if args.xlsx:
        from orchestration.workbook import write_workbook

        workbook = write_workbook(settings)
        print(
            f"Workbook {settings.relative(workbook.path)}: a sheet `edition`, then one sheet "
            f"per bi view ({', '.join(f'{s.sheet} {s.rows}' for s in workbook.sheets)} rows)"
        )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from orchestration.annual_page import write_report

    settings = _reading(args)
    written = write_report(settings)
    data = written.data
    sections = ["status by priority", "status by department", "scorecard"]
    if data.previous_year is not None:
        sections.append(f"changes since {data.previous_year}")
    if data.indicators:
        sections.append(f"{len(data.indicators)} indicators")
    if data.review_queue:
        sections.append(f"{sum(data.review_queue.values())} statuses to review")
    sections.append(f"{len(data.figures)} figures with their source lines")
    print(f"Annual report for {data.year} ({', '.join(sections)}):")
    for lang, path in written.paths.items():
        print(f"  {lang}: {settings.relative(path)}")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from orchestration import review

    settings = Settings.from_env()
    if args.action == "export":
        path = Path(args.file) if args.file else None
        done = review.export_review(settings, path, year=args.year, everything=args.all)
        print(
            f"Wrote {done.rows} project statuses of {done.year} to review to "
            f"{settings.relative(done.path)}: choose a status, say why and who, then "
            f"`warehouse review import {settings.relative(done.path)}`"
        )
        return 0
    if not args.file:
        print("error: `warehouse review import` needs the spreadsheet: FILE", file=sys.stderr)
        return 2
    try:
        done = review.import_review(settings, Path(args.file))
    except review.ReviewFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(
        f"Imported {done.written} reviewed statuses into {settings.relative(done.path)} "
        f"({done.total} in all); `warehouse refresh` publishes them"
    )
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from orchestration.docs_site import build_docs

    settings = Settings.from_env()
    site = build_docs(settings)
    print(
        f"Wrote {settings.relative(site.page)} in {site.seconds:.1f} s: {site.models} dbt "
        f"models, {site.tables} tables and views of the published warehouse; it opens "
        "offline in any browser"
    )
    return 0


def cmd_trace(args: argparse.Namespace) -> int:
    """Print a published row's chain; exit 1 when its source file changed or is missing."""
    if args.column:
        return _trace_column(args)
    if not args.id:
        raise SystemExit("warehouse trace: give a row to trace, or --column schema.table.column")
    from orchestration.trace import ANSI_MARK, BRACKETS, render, trace

    result = trace(_reading(args), args.id, edition=args.edition)
    if args.json:
        print(result.to_json())
    else:
        print(render(result, ANSI_MARK if sys.stdout.isatty() else BRACKETS))
    return 1 if result.tampered else 0


def _trace_column(args: argparse.Namespace) -> int:
    from orchestration.trace.columns import render_column, trace_column

    settings = Settings.from_env()
    result = trace_column(settings, args.column, edition=args.edition)
    print(result.to_json() if args.json else render_column(result, settings))
    return 0


def _add_target_options(command: argparse.ArgumentParser, reads: bool = False) -> None:
    command.add_argument(
        "--target",
        choices=["duckdb", "postgres"],
        help=(
            "read the edition published on a PostgreSQL server"
            if reads
            else "also publish on a PostgreSQL server"
        )
        + " (default: WAREHOUSE_TARGET, else duckdb)",
    )
    command.add_argument(
        "--dsn",
        help="libpq connection string of the server (default: WAREHOUSE_PG_DSN, else the PG* "
        "variables); give the password by PGPASSWORD or ~/.pgpass",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="warehouse", description=__doc__.split("\n\n")[0])
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    commands = parser.add_subparsers(dest="command", required=True)
    refresher = commands.add_parser(
        "refresh",
        help="land, build, test and publish (nothing to do when nothing changed)",
        description="Land new and changed source files, build, test and publish. When the "
        "published edition was built from the same source files and code, say so and stop.",
    )
    refresher.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    refresher.set_defaults(func=cmd_refresh)
    _add_target_options(refresher)
    commands.add_parser(
        "status", help="show what is published, the last refresh and the warnings"
    ).set_defaults(func=cmd_status)
    exporter = commands.add_parser(
        "export", help="write the published marts and bi views as Parquet under warehouse/export/"
    )
    exporter.add_argument(
        "--xlsx",
        action="store_true",
        help="also write warehouse/export/warehouse.xlsx: one sheet per bi view, for Excel",
    )
    exporter.set_defaults(func=cmd_export)
    commands.add_parser(
        "report", help="write the annual report (HTML) under warehouse/reports/"
    ).set_defaults(func=cmd_report)
    reviewer = commands.add_parser(
        "review",
        help="export the status review queue to XLSX, or import the reviewed statuses",
        description="export: write bi.status_review_queue to an XLSX file with a status "
        "drop-down and the evidence. import FILE: check the reviewed rows and write them to "
        "dbt_project/seeds/project_status_reviews.csv (published by the next refresh).",
    )
    reviewer.add_argument("action", choices=["export", "import"])
    reviewer.add_argument("file", nargs="?", help="the XLSX file (export: where to write it)")
    reviewer.add_argument("--year", type=int, help="export this report year (default: the latest)")
    reviewer.add_argument(
        "--all", action="store_true", help="export every project of the year, not only the queue"
    )
    reviewer.set_defaults(func=cmd_review)
    commands.add_parser(
        "docs",
        help="write dbt's documentation site of the published warehouse to "
        "warehouse/docs/index.html (one page, opens offline)",
    ).set_defaults(func=cmd_docs)
    tracer = commands.add_parser(
        "trace",
        help="show where a published row comes from: mart row, dbt models, landing rows, "
        "source lines and characters",
        description="Trace a figure id of marts.fct_reported_figure; an entry as "
        "entry:<entry_key> (its source lines); a project's status as "
        "status:<project_key>[:<report_year>] (the characters of the deciding phrase); or a KPI "
        "value as kpi:<kpi_code>:<period_key>[:<scope_kind>[:<scope_key>]] (the indicator "
        "file's row and column, or the entries an implementation KPI counts). Keys may be "
        "given by a unique start. Exits 1 when the source file changed since it was loaded "
        "(tampered) or is missing.",
    )
    tracer.add_argument(
        "id",
        nargs="?",
        help="a figure id, entry:<key>, status:<project_key>[:<year>] or kpi:<code>:<period>",
    )
    tracer.add_argument(
        "--column",
        metavar="SCHEMA.TABLE.COLUMN",
        help="what a mart or bi column is computed from, down to the landing tables",
    )
    tracer.add_argument("--json", action="store_true", help="print the chain as JSON for tools")
    tracer.add_argument(
        "--edition", metavar="DATE", help="answer from the edition published then (e.g. 2024-03-01)"
    )
    tracer.set_defaults(func=cmd_trace)
    for name in ("status", "export", "report", "trace"):
        _add_target_options(commands.choices[name], reads=True)
    for command in commands.choices.values():  # `warehouse status --debug` works as well
        command.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks"
        )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("\ninterrupted; the published warehouse is as it was", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `warehouse status | head`: the reader has read enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # one clear paragraph, the traceback only on request
        if args.debug:
            traceback.print_exc()
        else:
            print(f"error: {error}\n(run with --debug for the traceback)", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
