"""Data-quality logic: the Great Expectations suites run on frames, their outcomes,
overrides, the lake and build tables that keep outcomes, quarantine and the validation
page. Pure logic: the Dagster checks in `orchestration.defs` only call it.

May import: `orchestration.ingest`, `orchestration.quality`, `orchestration.settings`.
Never Dagster or `orchestration.defs`.
"""
