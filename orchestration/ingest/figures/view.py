"""A cell's text with markup replaced, every character mapped back to the raw line.

Figures and sentences are found in the view's text; a span found there maps back to
raw offsets of the source line, so `line[char_start:char_end] == raw_text` always
holds. The markup is the one `ingest/text.py` strips from entry texts.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from orchestration.ingest.text import BLOCK_TAG, ENTITY, TAG


@dataclass(frozen=True, slots=True)
class View:
    """A cell's text with markup replaced; each character knows its raw span.

    A tag becomes one space (a newline for paragraph tags), an entity its
    character, a tab (a cell boundary) a newline: figures and sentences are found
    in this text and mapped back to raw offsets of the line.
    """

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, line: str, start: int) -> View:
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        i = start
        while i < len(line):
            replacement, end = _markup_at(line, i)
            chars.append(replacement)
            starts.append(i)
            ends.append(end)
            i = end
        return cls("".join(chars), tuple(starts), tuple(ends))

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


def _markup_at(line: str, i: int) -> tuple[str, int]:
    ch = line[i]
    if ch == "<" and (tag := TAG.match(line, i)):
        return ("\n" if BLOCK_TAG.fullmatch(tag.group()) else " "), tag.end()
    if ch == "&" and (entity := ENTITY.match(line, i)):
        decoded = html.unescape(entity.group())
        return (decoded if len(decoded) == 1 else " "), entity.end()
    return ("\n" if ch == "\t" else ch), i + 1
