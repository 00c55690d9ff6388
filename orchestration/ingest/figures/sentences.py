"""Sentences of a cell's view text: where a figure's context starts and ends.

A full stop after an abbreviation that stands before a name ("м. Житомир", "вул.
Київська") does not end a sentence, nor one inside a mixed amount ("1 млн. 250
тис."). Quotes are counted per sentence, so a stray quote cannot swallow a cell.
"""

from __future__ import annotations

import re

from orchestration.ingest.figures.rules import fold

# Abbreviations that stand before a name ("м. Житомир", "вул. Київська", "ім. Івана
# Франка"): their full stop does not end the sentence. Units ("тис.", "грн.") can.
_ABBREVIATIONS = frozenset(
    ["м", "вул", "пров", "просп", "пл", "бульв", "ім", "с", "смт", "обл", "буд", "див"]
)
_STOP = re.compile(r"\n|[.!?…]+(?=[\s\"«»”)]*\s+([«\"„(]?[А-ЯІЇЄҐA-Z0-9]))")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Sentences: paragraph ends, and stops followed by a capital or a digit.

    A stop after an abbreviation that precedes names, or after a lowercase word
    when a digit follows ("1 млн. 250 тис."), does not end the sentence.
    """
    bounds = []
    begin = 0
    for match in _STOP.finditer(text):
        if match.group() != "\n":
            word = re.search(r"([^\W\d_]+)$", text[begin : match.start()])
            before = word.group(1) if word else ""
            if (
                before.lower() in _ABBREVIATIONS
                or (len(before) == 1 and before.isupper())
                or (before.islower() and match.group(1)[0].isdigit())
            ):
                continue
        bounds.append((begin, match.end()))
        begin = match.end()
    bounds.append((begin, len(text)))
    return [(s, e) for s, e in bounds if text[s:e].strip()] or [(0, len(text))]


def sentence_key(sentence: str) -> str:
    """What two printings of one sentence share: case, quotes, spacing and "є/е" folded."""
    folded = re.sub(r"[\"«»“”„]", "", fold(sentence)).replace("проєкт", "проект")
    return re.sub(r"\s+", " ", folded).strip(" .;")


def inside_quotes(sentence: str, position: int) -> bool:
    """Whether a position of a sentence is inside a quoted name that closes in it.

    Quotes are counted within the sentence only, and a quote that never closes
    does not count: the export leaves some unbalanced, and one stray quote must
    not swallow the figures of a whole cell.
    """
    before, after = sentence[:position], sentence[position:]
    if before.count("«") > before.count("»") and "»" in after:
        return True
    straight = before.count('"') + before.count("“") + before.count("”")
    return straight % 2 == 1 and any(q in after for q in '"”“')
