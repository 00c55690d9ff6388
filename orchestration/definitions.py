"""The one Definitions object: source files → landing → dbt models → published file →
Parquet export and annual report.

`definitions_for(settings)` binds the assets, checks, jobs, schedules and sensor to one
warehouse's folders; the command line calls it with the folders it was given. The
module-level `defs` is what `dagster dev` and `make ui` load: bound once to the folders
the environment names (WAREHOUSE_DIR, WAREHOUSE_SOURCES_DIR), or the project's own.

May import: Dagster, dagster-dbt, `orchestration.defs`, `orchestration.settings`.
"""

from __future__ import annotations

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.defs.dbt_project import DBT_EXECUTABLE, dbt_project
from orchestration.defs.indicators import (
    indicator_landing,
    indicator_source_files,
    landed_indicator_suites,
)
from orchestration.defs.jobs import jobs
from orchestration.defs.landing import report_landing
from orchestration.defs.outputs import annual_report, bi_export, bi_workbook
from orchestration.defs.quality import landed_report_suites, mart_suites
from orchestration.defs.resources import WarehouseFolders
from orchestration.defs.schedules import schedules, sensors
from orchestration.defs.sources import report_source_files
from orchestration.defs.warehouse import (
    dbt_models,
    landing_tables,
    published_warehouse,
)
from orchestration.settings import Settings


def definitions_for(settings: Settings) -> dg.Definitions:
    """Everything Dagster runs, bound to one warehouse's folders."""
    return dg.Definitions(
        assets=[
            report_source_files,
            report_landing,
            indicator_source_files,
            indicator_landing,
            landing_tables,
            dbt_models,
            published_warehouse,
            bi_export,
            bi_workbook,
            annual_report,
        ],
        asset_checks=[landed_report_suites, landed_indicator_suites, mart_suites],
        jobs=jobs,
        schedules=schedules,
        sensors=sensors,
        resources={
            "warehouse": WarehouseFolders.of(settings),
            "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE),
        },
    )


defs = definitions_for(Settings.from_env())
