"""Figures stated in implementation texts, located to the character in the source line.

An auditor asks "where does this number come from?": every figure keeps the
0-based, end-exclusive character span of its printed text in the decoded source
line, so `line[char_start:char_end] == raw_text` always holds. The text is read
through a *view* of the line's implementation-text cell (`view.py`) in which HTML
tags and entities are replaced, while every view character remembers the raw
characters it came from; spans found in the view are mapped back to raw offsets.

What counts as a figure is a judgement about Ukrainian report prose: `numbers.py`
says which printed numbers only name, date or number something, `scanner.py` reads a
number with its multiplier, unit or counted noun and qualifier, `sentences.py` cuts
the sentence a figure is quoted in. Units and counted nouns are data (seeds
`figure_units.csv` and `figure_nouns.csv`, read by `rules.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from orchestration.ingest.figures.rules import (
    NOUNS_CSV,
    SEEDS_DIR,
    UNITS_CSV,
    FigureRules,
    NounRule,
    UnitRule,
    fold,
    load_rules,
    looks_like_adjective,
    rules_from_rows,
)
from orchestration.ingest.figures.scanner import Scanner
from orchestration.ingest.figures.sentences import sentence_bounds, sentence_key
from orchestration.ingest.figures.view import View
from orchestration.ingest.records import Figure, ParsedReport

__all__ = [
    "NOUNS_CSV",
    "SEEDS_DIR",
    "UNITS_CSV",
    "FigureRules",
    "LineFigure",
    "NounRule",
    "UnitRule",
    "View",
    "find_figures",
    "fold",
    "load_rules",
    "looks_like_adjective",
    "report_figures",
    "rules_from_rows",
    "sentence_bounds",
    "sentence_key",
]


@dataclass(frozen=True, slots=True)
class LineFigure:
    """A figure found in one line; offsets are raw offsets of that line."""

    char_start: int
    char_end: int
    raw_text: str
    value: float
    value_low: float | None
    value_high: float | None
    unit: str
    unit_kind: str
    unit_printed: str | None
    qualifier: str
    written_as_words: bool
    context_sentence: str
    sentence_key: str
    sentence_ordinal: int


def find_figures(line: str, text_start: int, rules: FigureRules | None = None) -> list[LineFigure]:
    """The figures of one line's implementation-text cell (`text_start` to the line's end)."""
    rules = rules or load_rules()
    view = View.of(line, text_start)
    found = Scanner(view.text, rules).figures()
    sentences = sentence_bounds(view.text)
    figures: list[LineFigure] = []
    per_sentence: dict[int, int] = {}
    for figure in found:
        index = next(
            (i for i, (s, e) in enumerate(sentences) if s <= figure.start < e), len(sentences) - 1
        )
        s_start, s_end = sentences[index]
        # A figure never straddles sentences: its sentence runs on to the figure's end.
        s_end = max(s_end, next((e for _, e in sentences if e >= figure.end), len(view.text)))
        sentence = re.sub(r"\s+", " ", view.text[s_start:s_end]).strip()
        per_sentence[index] = per_sentence.get(index, 0) + 1
        char_start, char_end = view.raw_span(figure.start, figure.end)
        figures.append(
            LineFigure(
                char_start=char_start,
                char_end=char_end,
                raw_text=line[char_start:char_end],
                value=figure.value,
                value_low=figure.low,
                value_high=figure.high,
                unit=figure.unit or "number",
                unit_kind=figure.unit_kind or "number",
                unit_printed=figure.unit_printed,
                qualifier=figure.qualifier,
                written_as_words=figure.words,
                context_sentence=sentence,
                sentence_key=sentence_key(sentence),
                sentence_ordinal=per_sentence[index],
            )
        )
    return figures


def report_figures(parsed: ParsedReport, rules: FigureRules | None = None) -> list[Figure]:
    """Every figure of a parsed report's implementation texts, in document order."""
    rules = rules or load_rules()
    figures: list[Figure] = []
    for line in parsed.lines:
        if line.text_start is None or line.entry_ordinal is None:
            continue
        for found in find_figures(line.text, line.text_start, rules):
            fields = {name: getattr(found, name) for name in LineFigure.__slots__}
            figures.append(
                Figure(line_number=line.line_number, entry_ordinal=line.entry_ordinal, **fields)
            )
    return figures
