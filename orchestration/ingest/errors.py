"""Errors a city analyst can meet, worded so that they can act on them."""

from __future__ import annotations


class SourceError(Exception):
    """A source file cannot be loaded as it is. Names the file and what to do."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message


class ReportFormatError(SourceError):
    """A line of a report does not fit the report's table layout."""

    def __init__(self, source: str, line_number: int, message: str) -> None:
        super().__init__(f"{source}:{line_number}", message)
        self.source = source
        self.line_number = line_number
