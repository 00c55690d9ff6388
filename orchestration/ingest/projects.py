"""Split a project cell into name, period and description.

The report prints a project as "Name 2019-2023 роки (description)", but not
always in that order: the year range can stand alone inside parentheses ("Name»
(2023-2030 роки)"), be missing, or the description can be cut off without its
closing parenthesis. Only a parenthetical *after* the years is the description: one
printed before them qualifies the name ("Нові стадіони в мікрорайонах (ЗОШ № 16-ЗОШ
№ 28) 2023-2030 роки" and "… (школа № 30) 2023-2030 роки" are two projects with two
names). Without years, the final parenthetical is the description. Only a pair of
four-digit years in a plausible range is a period; "52-54" (house numbers) and
"ЗОШ № 16-ЗОШ № 28" are not.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from orchestration.ingest.records import ProjectCell

_YEAR_RANGE = re.compile(
    r"(?<![\d.,])((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})(?![\d])"
    r"(?:\s*(?:роки|року|рік|рр\.|р\.|рр|р)(?![\w]))?"
)
_FIRST_YEAR, _LAST_YEAR = 1990, 2100
_TRAILING_JUNK = " \t,;:-–—"


def _depths(text: str) -> list[int]:
    """Parenthesis depth before each character (unbalanced closers floor at 0)."""
    depths, depth = [], 0
    for ch in text:
        depths.append(depth)
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
    return depths


def _find_period(text: str) -> tuple[int, int, int, int] | None:
    """(start, end, first_year, last_year) of the period, preferring top level.

    A range inside parentheses counts only when the parentheses hold nothing
    else; then the span covers the parentheses too.
    """
    depths = _depths(text)
    nested: tuple[int, int, int, int] | None = None
    for m in _YEAR_RANGE.finditer(text):
        first, last = int(m.group(1)), int(m.group(2))
        if not (_FIRST_YEAR <= first <= last <= _LAST_YEAR):
            continue
        if depths[m.start()] == 0:
            return m.start(), m.end(), first, last
        before, after = text[: m.start()].rstrip(), text[m.end() :].lstrip()
        if nested is None and before.endswith("(") and after.startswith(")"):
            start = len(before) - 1
            end = len(text) - len(after) + 1
            nested = (start, end, first, last)
    return nested


def _split_description(text: str) -> tuple[str, str | None]:
    """Name and description: the final parenthetical, or an unclosed one."""
    text = text.rstrip()
    depths = _depths(text)
    if text.endswith(")"):
        depth = 0
        for i in range(len(text) - 1, -1, -1):
            if text[i] == ")":
                depth += 1
            elif text[i] == "(":
                depth -= 1
                if depth == 0:
                    if i == 0:
                        break  # the whole cell is parenthesized: it is the name
                    return text[:i], text[i + 1 : -1]
    # An opening parenthesis never closed: the description was cut off.
    final_depth = depths[-1] + (1 if text[-1] == "(" else 0) if text else 0
    if final_depth > 0 or (text and text.count("(") > text.count(")")):
        for i, ch in enumerate(text):
            if ch == "(" and depths[i] == 0 and i > 0:
                return text[:i], text[i + 1 :]
    return text, None


def parse_project_cell(printed: str, normalize: Callable[[str], str]) -> ProjectCell:
    """Split a cleaned project cell; `normalize` builds the identity key."""
    period = _find_period(printed)
    first_year = last_year = None
    if period is not None:
        start, end, first_year, last_year = period
        head, tail = printed[:start].rstrip(), printed[end:].strip()
        if tail.startswith("(") and head:
            # "Name 2019-2023 роки (description…" — everything after is the description.
            description: str | None = tail[1:]
            while description.count(")") > description.count("("):
                description = description[: description.rfind(")")]
            name = head
        elif head and not tail:
            # "Name (qualifier) 2023-2030 роки": what precedes the years is all name.
            name, description = head, None
        else:
            name, description = _split_description(f"{head} {tail}".strip())
    else:
        name, description = _split_description(printed)
    name = name.strip().rstrip(_TRAILING_JUNK).strip()
    if description is not None:
        description = description.strip() or None
    key = normalize(name if description is None else f"{name} ({description})")
    return ProjectCell(
        printed=printed,
        name=name,
        period_start_year=first_year,
        period_end_year=last_year,
        description=description,
        name_key=key,
    )
