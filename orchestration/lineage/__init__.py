"""Lineage in standard form: column lineage of the dbt models, read from their compiled SQL
with sqlglot (columns.py), and the OpenLineage run events of every refresh (events.py,
dbt.py, tables.py), for an auditor's catalogue and `warehouse trace --column`.

May import: nothing of the project; sqlglot, openlineage-python and DuckDB only (pure).
"""
