"""Yearly partitions: one per report year of the strategy's horizon.

Dagster has no yearly partitions class; a time window with a yearly cron is one.
"""

from __future__ import annotations

import dagster as dg

STRATEGY_FIRST_YEAR = 2019  # the Concept's first reporting year

report_year_partitions = dg.TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 1 *",
    fmt="%Y",
    start=str(STRATEGY_FIRST_YEAR),
    end_offset=1,  # the running year's report can land before the year is over
)
