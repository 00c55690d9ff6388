"""The scanner: reads the figures of one cell's view text, left to right.

One piece on purpose: reading a figure is one decision made from both sides of a
number at once — the words before it (a qualifier, "№", a name it belongs to), the
words after it (a multiplier, a unit, a counted noun past adjectives, a second number
that makes a range) — and the figures around it (a noun printed once for several
numbers). Split further, each half would need the other's cursor and state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from orchestration.ingest.figures.numbers import (
    CARDINAL_SUFFIX,
    CHANGE_BEFORE,
    CODE_BEFORE,
    CONJUNCTION,
    DIGITS,
    LATIN_WORD_BEFORE,
    NAME_WORD_BEFORE,
    NAMED_BY_NUMBER,
    NEXT_WORD,
    QUALIFIERS,
    RANGE_DASH,
    RANGE_TO,
    SPACE,
    YEAR,
    excluded_spans,
)
from orchestration.ingest.figures.rules import (
    SINGULAR_ADJECTIVE_ENDINGS,
    FigureRules,
    UnitRule,
    fold,
    looks_like_adjective,
)
from orchestration.ingest.figures.sentences import inside_quotes, sentence_bounds


@dataclass
class Found:
    start: int  # view offsets
    end: int
    value: float
    low: float | None
    high: float | None
    unit: str | None
    unit_kind: str | None
    unit_printed: str | None
    qualifier: str
    words: bool
    dangling: bool  # adjectives without their noun: "2 спортивних та 6 мистецьких шкіл"


def _number_value(text: str) -> float:
    return float(re.sub(r"[ \u00a0\u2007\u202f]", "", text).replace(",", "."))


class Scanner:
    """Reads the figures of one cell's view text, left to right."""

    def __init__(self, text: str, rules: FigureRules) -> None:
        self.text = text
        self.rules = rules
        self.excluded = excluded_spans(text)
        self.sentences = sentence_bounds(text)

    def quoted(self, position: int) -> bool:
        """Inside a quoted name («Кубок 3-х річок», «16 днів проти насильства»)."""
        start, end = next(((s, e) for s, e in self.sentences if s <= position < e), (0, 0))
        return inside_quotes(self.text[start:end], position - start)

    def is_excluded(self, position: int) -> bool:
        return any(start <= position < end for start, end in self.excluded)

    def figures(self) -> list[Found]:
        found: list[Found] = []
        position = 0
        candidates = sorted(
            [(m.start(), m.end(), False) for m in DIGITS.finditer(self.text)]
            + [
                (m.start(), m.end(), True)
                for m in self.rules.number_word_pattern.finditer(self.text)
            ]
        )
        for start, end, words in candidates:
            if start < position or self.is_excluded(start):
                continue
            figure = self.read(start, end, words)
            if figure is not None:
                found.append(figure)
                position = figure.end
        self.borrow_units(found)
        return found

    def borrow_units(self, found: list[Found]) -> None:
        """Unitless figures that share a noun printed once, next to them."""

        def sentence_of(figure: Found) -> int:
            bounds = enumerate(self.sentences)
            return next((i for i, (s, e) in bounds if s <= figure.start < e), -1)

        for i, figure in enumerate(found):
            if figure.unit is not None:
                continue
            following = found[i + 1] if i + 1 < len(found) else None
            previous = found[i - 1] if i > 0 else None
            # "2 спортивних та 6 мистецьких шкіл"
            if figure.dangling and following is not None and following.unit_kind == "count":
                gap = self.text[figure.end : following.start].split()
                if (
                    gap
                    and re.fullmatch(r",|та|і|й|або|чи", gap[-1])
                    and all(looks_like_adjective(fold(w.strip(","))) for w in gap[:-1])
                ):
                    figure.unit, figure.unit_kind = following.unit, following.unit_kind
                    continue
            if previous is None or previous.unit is None:
                continue
            gap = self.text[previous.end : figure.start]
            # "185 учнів з 25 закладів…, з яких 138 стали призерами": the sentence's first count
            if re.search(r"(?i)(?<!\w)(?:з|із)\s+(?:них|яких|неї|якої)\s*$", gap):
                count = next(
                    (
                        f
                        for f in found[:i]
                        if f.unit_kind in ("count", "persons")
                        and sentence_of(f) == sentence_of(figure)
                    ),
                    None,
                )
                if count is not None and sentence_of(count) == sentence_of(figure):
                    figure.unit, figure.unit_kind = count.unit, count.unit_kind
                continue
            # "118 ІТП з 119"
            if re.fullmatch(r"\s*(?:з|із|зі)\s*", gap):
                figure.unit, figure.unit_kind = previous.unit, previous.unit_kind
                continue
            # "206 камер – в школах; 26 – в лікарнях; …" and "в скверах – 38"
            after = self.text[figure.end : figure.end + 3]
            before = self.text[max(0, figure.start - 3) : figure.start]
            if (re.match(r"\s*[–—-]\s", after) or re.search(r"[–—-]\s*$", before)) and (
                sentence_of(figure) == sentence_of(previous)
            ):
                count = next(
                    (f for f in reversed(found[:i]) if f.unit_kind in ("count", "persons")), None
                )
                if count is not None and sentence_of(count) == sentence_of(figure):
                    figure.unit, figure.unit_kind = count.unit, count.unit_kind

    def number_at(self, start: int) -> tuple[int, float] | None:
        match = DIGITS.match(self.text, start)
        if not match or self.is_excluded(start):
            return None
        return match.end(), _number_value(match.group())

    def read(self, start: int, end: int, words: bool) -> Found | None:
        text = self.text
        printed = text[start:end]
        if self.quoted(start):
            return None
        if words:
            value = self.rules.number_words[fold(printed)]
        else:
            if re.fullmatch(r"0\d+", printed):
                return None  # a code with a leading zero
            value = _number_value(printed)
            suffix = CARDINAL_SUFFIX.match(text, end)  # "3-х років"
            end = suffix.end() if suffix else end
        low = high = None
        ranged = False
        cursor = end
        before = text[max(0, start - 40) : start]
        joiners = [RANGE_DASH.match(text, cursor)]
        if re.search(r"(?i)(?<!\w)від\s+$", before):
            joiners.append(RANGE_TO.match(text, cursor))
        for joiner in joiners:
            second = self.number_at(joiner.end()) if joiner and not words else None
            if second and second[1] > value:
                low, high, cursor, ranged = value, second[1], second[0], True
                suffix = CARDINAL_SUFFIX.match(text, cursor)
                cursor = suffix.end() if suffix else cursor
                break
        if not words and not ranged and self.names_an_ordinal(value, cursor):
            return None
        value, low, high, cursor, multiplier = self.multiply(value, low, high, cursor)
        unit = self.unit(cursor)
        dangling = False
        if unit is None:
            dangling = self.adjectives_only(cursor)
            if multiplier is None and self.is_identifier(start, words):
                return None
        elif unit[0] == "not_a_figure":
            return None
        unit_value, unit_kind, unit_printed = (None, None, None) if unit is None else unit[1:4]
        if unit is not None:
            cursor = unit[4]
        if multiplier is not None:
            unit_printed = " ".join(p for p in (multiplier, unit_printed) if p)
        if (
            not ranged
            and multiplier is None
            and unit_value in (None, "рік")
            and re.fullmatch(YEAR, printed)
        ):
            return None  # a year: "у 2023 році", "Sikorsky Challenge 2023"
        if ranged and re.search(r"(?i)(?<!\w)від\s+$", before):
            qualifier = "range"
            start -= len(re.search(r"(?i)від\s+$", before).group())
        elif ranged:
            qualifier = "range"
        else:
            qualifier, start = self.qualifier(start)
        return Found(
            start=start,
            end=cursor,
            value=value,
            low=low,
            high=high,
            unit=unit_value,
            unit_kind=unit_kind,
            unit_printed=unit_printed,
            qualifier=qualifier,
            words=words,
            dangling=dangling,
        )

    def unit_rule_at(self, cursor: int) -> tuple[UnitRule, re.Match[str]] | None:
        lead = re.compile(f"{SPACE}*").match(self.text, cursor)
        match = self.rules.unit_pattern.match(self.text, lead.end())
        if match is None or match.lastgroup is None or not _ends_word(self.text, match.end()):
            return None
        return self.rules.units[int(match.lastgroup[1:])], match

    def multiply(
        self, value: float, low: float | None, high: float | None, cursor: int
    ) -> tuple[float, float | None, float | None, int, str | None]:
        """Apply "тис."/"млн"/"млрд", and read mixed forms such as "1 млн. 250 тис."."""
        found = self.unit_rule_at(cursor)
        if found is None or found[0].role != "multiplier":
            return value, low, high, cursor, None
        rule, match = found
        value *= rule.factor
        low = None if low is None else low * rule.factor
        high = None if high is None else high * rule.factor
        cursor = _after_dot(self.text, match.end())
        printed = self.text[match.start() : cursor]
        spaces = re.compile(r"\s+").match(self.text, cursor)
        part = self.number_at(spaces.end()) if spaces and low is None else None
        smaller = self.unit_rule_at(part[0]) if part else None
        if part and smaller and smaller[0].role == "multiplier" and smaller[0].factor < rule.factor:
            value += part[1] * smaller[0].factor
            cursor = _after_dot(self.text, smaller[1].end())
            printed = self.text[smaller[1].start() : cursor]
        return value, low, high, cursor, printed.strip()

    def unit(self, cursor: int) -> tuple[str, str, str, str, int] | None:
        """(role, unit, kind, printed, end) of the unit or counted noun after a number."""
        found = self.unit_rule_at(cursor)
        if found is not None and found[0].role == "unit":
            rule, match = found
            end = match.end()
            # "тис. кв. м." inside a sentence: the abbreviation's full stop is part of it.
            if re.compile(r"\.\s*[а-яіїєґ]").match(self.text, end) and rule.printed[-1].isalpha():
                end += 1
            return "unit", rule.unit, rule.unit_kind, self.text[match.start() : end], end
        # A counted noun, possibly after adjectives: "20 підліткових клубів",
        # "15 соціальних та адміністративних послугах".
        position = cursor
        for _ in range(5):
            word = NEXT_WORD.match(self.text, position)
            if not word:
                return None
            folded = fold(word.group(1))
            if folded in self.rules.number_words:
                return None  # the next figure: "5 музичних і одна художня школа"
            noun = self.rules.nouns.get(folded)
            if noun is not None:
                kind = "persons" if noun.unit == "persons" else "count"
                return noun.role, noun.unit, kind, word.group(1), word.end(1)
            if not (looks_like_adjective(folded) or self.joins_adjectives(folded, word.end(1))):
                return None
            position = word.end(1)
        return None

    def names_an_ordinal(self, value: float, cursor: int) -> bool:
        """A number that names rather than counts: "9 прикордонний загін", "1 Державного …".

        After a number that does not end in 1, a singular adjective makes an ordinal.
        """
        word = NEXT_WORD.match(self.text, cursor)
        if word is None or self.unit_rule_at(cursor) is not None:
            return False
        if re.fullmatch(r"[А-ЯІЇЄҐA-Z][а-яіїєґa-z'’-]+", word.group(1)):
            return True  # a capitalised name follows: "підрозділам 1 Державного … загону"
        if not value.is_integer() or (value % 10 == 1 and value % 100 != 11):
            return False
        return fold(word.group(1)).endswith(SINGULAR_ADJECTIVE_ENDINGS)

    def joins_adjectives(self, word: str, end: int) -> bool:
        after = NEXT_WORD.match(self.text, end)
        return bool(
            CONJUNCTION.fullmatch(word) and after and looks_like_adjective(fold(after.group(1)))
        )

    def adjectives_only(self, cursor: int) -> bool:
        word = NEXT_WORD.match(self.text, cursor)
        return bool(word and looks_like_adjective(fold(word.group(1))))

    def is_identifier(self, start: int, words: bool) -> bool:
        """A bare number that names or numbers something rather than counts it."""
        if words:
            return True  # "два" on its own is rarely a figure
        before = self.text[max(0, start - 30) : start]
        if NAMED_BY_NUMBER.search(before) or LATIN_WORD_BEFORE.search(before):
            return True
        if CODE_BEFORE.search(before):
            return True
        name = NAME_WORD_BEFORE.search(before)
        return name is not None and not self.starts_sentence(start - len(before) + name.start())

    def starts_sentence(self, position: int) -> bool:
        """Whether only spaces, quotes or brackets stand between a sentence's start and here."""
        start = next((s for s, e in self.sentences if s <= position < e), 0)
        return not self.text[start:position].strip(' \t\n\u00a0"«„“(')

    def qualifier(self, start: int) -> tuple[str, int]:
        before = self.text[max(0, start - 40) : start]
        for name, pattern in QUALIFIERS:
            match = pattern.search(before)
            if match is None:
                continue
            if name == "upper_bound" and CHANGE_BEFORE.search(before[: match.start()]):
                return "exact", start
            return name, start - (len(before) - match.start())
        return "exact", start


def _ends_word(text: str, end: int) -> bool:
    return end >= len(text) or not (text[end].isalnum() or text[end] in "²³")


def _after_dot(text: str, end: int) -> int:
    return end + 1 if end < len(text) and text[end] == "." else end
