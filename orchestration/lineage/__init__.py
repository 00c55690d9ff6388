"""Lineage in standard form: column lineage of the dbt models, read from their compiled SQL
with sqlglot (columns.py), for the OpenLineage events and `warehouse trace --column`.

May import: nothing of the project; sqlglot only (pure).
"""
