"""Reading the sources: pure, typed parsing of reports (text, Word) and indicator files
into records with their provenance (file, sha256, line, characters), and their landing
as immutable Parquet.

May import: `orchestration.ingest`, `orchestration.settings` and libraries. Never
Dagster, dbt, Great Expectations or any other room of the project.
"""
