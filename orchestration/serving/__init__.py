"""Serving targets other than the embedded DuckDB file (PostgreSQL for many BI users):
loading a checked build onto a server, swapping it in atomically, the roles.

May import: `orchestration.build`, `orchestration.editions`, `orchestration.settings` and
the server's client library. Never Dagster or `orchestration.defs`.
"""
