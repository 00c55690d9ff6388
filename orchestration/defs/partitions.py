"""The partitions: one per report year of the strategy's horizon, one per indicator quarter.

Dagster has no yearly partitions class; a time window with a yearly cron is one. The
horizons themselves are the plan's (orchestration.planning), so a file the plan accepts
always has a partition.
"""

from __future__ import annotations

import dagster as dg

from orchestration.planning import QUARTERS, STRATEGY_FIRST_YEAR

report_year_partitions = dg.TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 1 *",
    fmt="%Y",
    start=str(STRATEGY_FIRST_YEAR),
    end_offset=1,  # the running year's report can land before the year is over
)

indicator_quarter_partitions = dg.StaticPartitionsDefinition(QUARTERS)
