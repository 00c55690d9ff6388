"""Jobs: land one year's reports or one quarter's indicator files; build and publish the
warehouse from everything landed; or both in one run, for the schedules.

Every job's runs carry the tag `warehouse/refresh`, limited to one run at a time in
the instance's run queue (see refresh.instance_for): runs a sensor requests together
(landings, then the build) run one after another in the order requested, and two
builds never share the build file. Within a run, the steps that write the warehouse
share the pool `warehouse_writer` (limit 1).
"""

from __future__ import annotations

import dagster as dg

SERIAL_TAG = "warehouse/refresh"
SERIAL = {SERIAL_TAG: "serial"}

_LANDING_AND_SOURCES = dg.AssetSelection.assets(
    "report_landing", "report_source_files", "indicator_landing", "indicator_source_files"
)
BUILD_SELECTION = dg.AssetSelection.all() - _LANDING_AND_SOURCES

land_reports_job = dg.define_asset_job(
    name="land_reports",
    selection=dg.AssetSelection.assets("report_landing"),
    description="Parse and land the reports of one year (partition) and run their checks.",
    tags=SERIAL,
)

land_indicators_job = dg.define_asset_job(
    name="land_indicators",
    selection=dg.AssetSelection.assets("indicator_landing"),
    description="Parse and land the indicator files with values in one quarter (partition), "
    "and run their checks.",
    tags=SERIAL,
)

build_and_publish_job = dg.define_asset_job(
    name="build_and_publish",
    selection=BUILD_SELECTION,
    description="Build a new warehouse file from every landed document, test it, publish it.",
    tags=SERIAL,
)

refresh_report_year_job = dg.define_asset_job(
    name="refresh_report_year",
    selection=dg.AssetSelection.assets("report_landing") | BUILD_SELECTION,
    description="Land one year's reports (partition), then build, test and publish: the "
    "annual schedule's run.",
    tags=SERIAL,
)

refresh_indicator_quarter_job = dg.define_asset_job(
    name="refresh_indicator_quarter",
    selection=dg.AssetSelection.assets("indicator_landing") | BUILD_SELECTION,
    description="Land one quarter's indicator files (partition), then build, test and "
    "publish: the quarterly schedule's run.",
    tags=SERIAL,
)

jobs = [
    land_reports_job,
    land_indicators_job,
    build_and_publish_job,
    refresh_report_year_job,
    refresh_indicator_quarter_job,
]
