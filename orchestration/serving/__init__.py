"""Serving targets other than the embedded DuckDB file (PostgreSQL for many BI users):
building the same dbt project on a server, checking it, swapping it in atomically, the roles.

May import: `orchestration.build`, `orchestration.editions`, `orchestration.settings`,
`orchestration.dbt_profiles`, `orchestration.quality`, `orchestration.serving`, DuckDB and
the server's client library. Never Dagster or `orchestration.defs`.
"""
