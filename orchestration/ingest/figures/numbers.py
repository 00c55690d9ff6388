"""How numbers are printed in the reports, and which printed numbers are not figures.

Numbers that only name or date something are skipped: years and year ranges, dates
("27 грудня 2023", "01.06.2023"), school, document and route numbers ("№ 25, 39"),
house numbers ("вул. Київська, 26"), list numbering ("2."), codes ("ОСК-2", "РК 10",
"ДБН В.2.2-40:2018", "EU4Business"), ordinals ("2-му", "21 століття"), numbers inside
a proper name ("Кубок 3-х річок"), grades ("учнів 5-11 класів") and rate denominators
("на 10 тис. населення").
"""

from __future__ import annotations

import re

SPACE = "[ \u00a0\u2007\u202f]"
WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*(?:-[^\W\d_]+)*")
NEXT_WORD = re.compile(r"[\s\u00a0]*(" + WORD.pattern + ")")
# A number as printed: thousands grouped by (non-breaking) spaces, a decimal comma.
DIGITS = re.compile(
    rf"(?<![\d,.])(?:\d{{1,3}}(?:{SPACE}\d{{3}})+(?!\d)|\d+)(?:,\d+(?!\d))?(?![,.]\d)"
)
CARDINAL_SUFFIX = re.compile(r"-(?:х|ти|ох|ми|ма)(?!\w)")
DASH = "[-–—]"
RANGE_DASH = re.compile(rf"\s*{DASH}\s*")
RANGE_TO = re.compile(r"\s+до\s+")
YEAR = r"(?:19|20)\d{2}"
MONTH = "(?:січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня)"

# Spans that are never figures, whatever digits they hold.
NOT_FIGURES: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?i)\b(?:https?://|www\.)\S+"),  # web addresses
    re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})(?!\d)"),  # 01.06.2023
    re.compile(r"(?<![\d.,])\d{1,2}\.(?:19|20)\d{2}(?!\d)"),  # 12.2023
    re.compile(rf"(?<![\d,])\d{{1,2}}(?:\s*(?:{DASH}|,|по|до|і|та)\s*\d{{1,2}})*\s+{MONTH}\b"),
    re.compile(r"(?<![\d,])\d{1,2}:\d{2}(?!\d)"),  # 10:00
    re.compile(rf"(?<![\d,])(?:{YEAR})\s*{DASH}\s*(?:{YEAR}|\d{{2}})(?![\d,])"),  # 2019-2023
    re.compile(r"№+\s*\d+[\w/\-]*(?:\s*(?:,|;|та|і|й|-|–|—)\s*(?:№\s*)?\d+[\w/\-]*)*"),
    re.compile(
        r"(?i)(?<!\w)(?:вул|вулиц\w*|пров|провул\w*|просп|проспект\w*|пл|площ\w*|бульв"
        r"|бульвар\w*|майдан\w*|проїзд\w*|шосе|узвіз\w*)\.?\s+(?-i:[«\"]?(?:[А-ЯІЇЄҐA-Z]|ім\.))"
        r"[^,;\n\d]{0,40}?,\s*"
        r"\d+[\w/]*(?:\s*[-–,]\s*\d+[\w/]*(?![\w%]))*"
    ),
    re.compile(r"(?i)(?<!\w)(?:буд|корп|кв)\.\s*\d+[\w/\-]*"),  # буд. 5, кв. 12
    re.compile(r"[А-ЯІЇЄҐA-Z]{2,}-\s+\d+"),  # "НСВ- 2": a code with a stray space
    re.compile(r"(?i)(?<![\d,])\d+\s*-\s*(?:й|го|му|ий|ій|ого|ому|ша|ше|ої|им)(?!\w)"),  # 2-му
    re.compile(rf"(?i)(?<!\w)на\s+\d+(?:{SPACE}\d{{3}})*\s+тис\.?\s+(?:населення|жителів)"),
)
# A run of non-space characters gluing letters and digits is a code or a name:
# "ОСК-2", "EU4Business", "PM2.5", "В.2.2-40:2018", "«Лоза-1»".
TOKEN = re.compile(r"[^\s«»\"“”„()\[\],;]+")
NUMBER_WITH_ATTACHED_UNIT = re.compile(r"\d+(?:,\d+)?(?:[^\W\d_]{1,4}\.?|-(?:х|ти|ох|ми|ма))")
LIST_NUMBER = re.compile(r"(?:^|\n|[.:;]\s)\s*(\d{1,2})[.)]\s+(?=\S)")
PAREN_NUMBER = re.compile(r"(?<![\d,(])(\d{1,2})\)")
# Bare numbers after these words name something: "ліцею 25", "маршрут 3".
NAMED_BY_NUMBER = re.compile(
    r"(?i)(?<!\w)(?:ліце\w*|гімназі\w*|школ\w*|ЗОШ|ЗДО|ДНЗ|ЗЗСО|маршрут\w*|корпус\w*|філі\w*"
    r"|етап\w*|розділ\w*|пункт\w*|стат\w*|додат\w*|частин\w*|тур\w*|кабінет\w*|поверх\w*"
    r"|поверс\w*|аудитор\w*|палат\w*)\s+$"
)
LATIN_WORD_BEFORE = re.compile(r"[A-Za-z][A-Za-z\-]*\s*[-–]?\s*$")
# A code in capitals with its number apart: "котельні РК 10", "на ОСК 2".
CODE_BEFORE = re.compile(r"(?<!\w)[А-ЯІЇЄҐ]{2,}\s*[-–]?\s*$")
# A capitalised word right before a number, inside a sentence: the number belongs to a
# proper name printed without quotes ("турнір Кубок 3-х річок").
NAME_WORD_BEFORE = re.compile(r"(?<![\w'’ʼ-])[А-ЯІЇЄҐ][а-яіїєґ'’ʼ-]+\s+$")

QUALIFIERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("approximate", re.compile(r"(?i)(?<!\w)(?:близько|майже|приблизно|орієнтовно)\s+$")),
    (
        "lower_bound",
        re.compile(
            r"(?i)(?<!\w)(?:понад|більше\s+ніж|більш\s+ніж|більше|більш\s+як"
            r"|не\s+менше\s+ніж|не\s+менш\s+як|не\s+менше|щонайменше|від)\s+$"
        ),
    ),
    (
        "upper_bound",
        re.compile(
            r"(?i)(?<!\w)(?:до|не\s+більше\s+ніж|не\s+більше|не\s+більш\s+як|менше|менш\s+як)\s+$"
        ),
    ),
)
# "зросла до 45%", "з 40 до 45" state the value reached, not an upper bound.
CHANGE_BEFORE = re.compile(
    r"(?i)(?:збільш|зрос|зменш|скорот|підвищ|зниз|доведен)\w*\s+(?:\w+\s+){0,2}$"
    r"|(?<!\w)(?:з|із)\s+[\d\s,]+\S*\s+$"
)
CONJUNCTION = re.compile(r"(?i)(?:та|і|й|або|чи)$")


def excluded_spans(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for p in NOT_FIGURES for m in p.finditer(text)]
    for match in TOKEN.finditer(text):
        token = match.group().rstrip(".:")
        if (
            re.search(r"\d", token)
            and re.search(r"[^\W\d_]", token)
            and not NUMBER_WITH_ATTACHED_UNIT.fullmatch(token)
        ):
            spans.append((match.start(), match.end()))
    spans.extend((m.start(1), m.end(1)) for m in LIST_NUMBER.finditer(text))
    for match in PAREN_NUMBER.finditer(text):
        opened = text.rfind("(", 0, match.start())
        if opened < 0 or opened < text.rfind(")", 0, match.start()):
            spans.append((match.start(1), match.end(1)))
    return spans
