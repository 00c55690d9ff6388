"""Data-quality checks: Great Expectations suites, their outcomes, overrides and reports."""
