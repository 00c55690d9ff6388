"""Serving targets other than the embedded DuckDB file (PostgreSQL for many BI users)."""
