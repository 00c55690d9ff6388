"""Jobs: land one year's reports; build and publish the warehouse from all landed years."""

from __future__ import annotations

import dagster as dg

land_reports_job = dg.define_asset_job(
    name="land_reports",
    selection=dg.AssetSelection.assets("report_landing"),
    description="Parse and land the reports of one year (partition) and run their checks.",
)

build_and_publish_job = dg.define_asset_job(
    name="build_and_publish",
    selection=dg.AssetSelection.all()
    - dg.AssetSelection.assets("report_landing")
    - dg.AssetSelection.assets("report_source_files"),
    description="Build a new warehouse file from every landed report, test it, publish it.",
)

jobs = [land_reports_job, build_and_publish_job]
