"""What the published warehouse is turned into for people who do not query it: the
Parquet export and the annual report. Both read the published file read-only, so
they need no writer slot, and both can be rebuilt at any time (`warehouse export`,
`warehouse report`).

No `from __future__ import annotations` here: Dagster inspects the context annotations.
"""

from pathlib import Path

import dagster as dg

from orchestration.annual_page import write_report
from orchestration.defs.lineage import published_relations, recorder
from orchestration.defs.resources import WarehouseFolders
from orchestration.defs.warehouse import OWNERS, published_warehouse
from orchestration.export import MANIFEST_NAME, export_dir, export_warehouse
from orchestration.lineage.events import file_dataset
from orchestration.warehouse_file import query_rows
from orchestration.workbook import write_workbook

PREVIEW_ROWS = 6
# What an analyst checks first in the export: projects with their status as people read it.
PROJECT_PREVIEW = (
    "select report_year, priority_name, project_name, status_label_uk, responsible_departments "
    "from bi.project_status order by report_year desc, priority_ordinal, goal_ordinal, "
    f"task_ordinal, project_name limit {PREVIEW_ROWS}"
)


def markdown_table(header: list[str], rows: list[list[object]]) -> str:
    def cell(value: object) -> str:
        return str("" if value is None else value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _preview(path: Path, sql: str) -> str:
    header, rows = query_rows(path, sql)
    return markdown_table(header, rows)


@dg.asset(
    key="bi_export",
    deps=[published_warehouse],
    group_name="publish",
    kinds={"parquet"},
    owners=OWNERS,
    description=(
        "warehouse/export/: every mart (and every bi view, under bi/) of the published "
        "warehouse as Parquet, with manifest.json — rows, columns with their descriptions, "
        "the edition and the sha256 of each source. For pandas, Power BI, Excel."
    ),
)
def bi_export(
    context: dg.AssetExecutionContext, warehouse: WarehouseFolders
) -> dg.MaterializeResult:
    settings = warehouse.settings
    reads = published_relations(settings, ["marts", "bi"])
    with recorder(context, settings).step("bi_export", inputs=reads) as step:
        manifest = export_warehouse(settings)
        folder = export_dir(settings)
        step.outputs += [file_dataset(folder / t.file) for t in manifest.tables]
        step.outputs.append(file_dataset(folder / MANIFEST_NAME))
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(folder)),
            "manifest": dg.MetadataValue.path(str(folder / MANIFEST_NAME)),
            "edition": manifest.edition or "",
            "files": len(manifest.tables),
            "dagster/row_count": sum(t.rows for t in manifest.tables),
            "tables": dg.MetadataValue.md(
                markdown_table(
                    ["file", "rows", "columns", "what it holds"],
                    [
                        [t.file, t.rows, len(t.columns), (t.description or "")[:120]]
                        for t in manifest.tables
                    ],
                )
            ),
            "sources": dg.MetadataValue.json(manifest.sources),
            "preview_bi_project_status": dg.MetadataValue.md(
                _preview(settings.published_path, PROJECT_PREVIEW)
            ),
        }
    )


@dg.asset(
    key="bi_workbook",
    deps=[published_warehouse],
    group_name="publish",
    kinds={"excel"},
    owners=OWNERS,
    description=(
        "warehouse/export/warehouse.xlsx: a sheet `edition` (edition, sources with their "
        "sha256), then one sheet per bi view with a frozen, filtered header whose cells carry "
        "the column descriptions. For people who work in Excel."
    ),
)
def bi_workbook(
    context: dg.AssetExecutionContext, warehouse: WarehouseFolders
) -> dg.MaterializeResult:
    settings = warehouse.settings
    reads = published_relations(settings, ["bi"])
    with recorder(context, settings).step("bi_workbook", inputs=reads) as step:
        workbook = write_workbook(settings)
        step.outputs.append(file_dataset(workbook.path))
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(workbook.path)),
            "edition": workbook.edition or "",
            "dagster/row_count": sum(s.rows for s in workbook.sheets),
            "sheets": dg.MetadataValue.md(
                markdown_table(
                    ["sheet", "rows", "columns"],
                    [[s.sheet, s.rows, len(s.columns)] for s in workbook.sheets],
                )
            ),
        }
    )


@dg.asset(
    key="annual_report",
    deps=[published_warehouse],
    group_name="publish",
    kinds={"html"},
    owners=OWNERS,
    description=(
        "warehouse/reports/annual_report.html (Ukrainian) and annual_report.en.html: the "
        "latest report year's project statuses by priority and department, the scorecard, "
        "changes since the previous year, indicators, and every reported figure linked to "
        "its source line. One self-contained file each; opens offline."
    ),
)
def annual_report(
    context: dg.AssetExecutionContext, warehouse: WarehouseFolders
) -> dg.MaterializeResult:
    settings = warehouse.settings
    reads = published_relations(settings, ["marts", "bi"])
    with recorder(context, settings).step("annual_report", inputs=reads) as step:
        written = write_report(settings)
        step.outputs += [file_dataset(path) for path in written.paths.values()]
    data = written.data
    page = written.paths["uk"]
    scorecard = markdown_table(
        ["priority", "projects", "completed", "suspended", "not started", "figures"],
        [
            [
                f"{r.priority_ordinal}. {r.priority('uk')}",
                r.values.get("projects_total"),
                r.values.get("projects_completed"),
                r.values.get("projects_suspended"),
                r.values.get("projects_not_started"),
                r.values.get("figures_reported"),
            ]
            for r in data.scorecard[:PREVIEW_ROWS]
        ],
    )
    return dg.MaterializeResult(
        metadata={
            "report": dg.MetadataValue.url(page.as_uri()),
            "report_en": dg.MetadataValue.url(written.paths["en"].as_uri()),
            "path": dg.MetadataValue.path(str(page)),
            "report_year": data.year,
            "report_years": dg.MetadataValue.json(data.years),
            "edition": data.edition or "",
            "projects": data.projects_total,
            "figures_linked_to_source": len(data.figures),
            "indicators": len(data.indicators),
            "scorecard_preview": dg.MetadataValue.md(scorecard),
        }
    )
