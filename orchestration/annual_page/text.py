"""The report's words in Ukrainian and English, and numbers written the way each reads them."""

from __future__ import annotations

from html import escape

LANGS = ("uk", "en")

TEXT: dict[str, tuple[str, str]] = {
    "title": (
        "Моніторинг Концепції інтегрованого розвитку м. Житомира до 2030 року",
        "Monitoring Zhytomyr's Concept of Integrated Development to 2030",
    ),
    "subtitle": ("Річний звіт за {year} рік", "Annual report for {year}"),
    "switch": ("English", "Українська"),
    "edition": (
        "Видання сховища {edition}, опубліковано {published}.",
        "Warehouse edition {edition}, published {published}.",
    ),
    "no_edition": ("Видання сховища без дати.", "Warehouse edition without a date."),
    "sources": ("Джерела (sha256 файлу)", "Sources (sha256 of the file)"),
    "contents": ("Зміст", "Contents"),
    "k_projects": ("проєктів у звіті", "projects reported"),
    "k_completed": ("завершено", "completed"),
    "k_stalled": ("призупинено або не розпочато", "suspended or not started"),
    "k_figures": ("чисел наведено в текстах", "figures stated in the texts"),
    "k_departments": ("відповідальних виконавців", "responsible departments"),
    "by_priority": ("Статус проєктів за пріоритетами", "Project status by priority"),
    "by_priority_title": (
        "Проєкти кожного пріоритету за статусом, звіт за {year} рік",
        "Projects of each priority by status, {year} report",
    ),
    "by_priority_note": (
        "Пріоритети в порядку Концепції; число в кінці смуги — усього проєктів. Статус "
        "визначено за фразами тексту звіту; число, що не вмістилося в смугу, видно під курсором.",
        "Priorities in the order of the Concept; the number after a bar is its total. The "
        "status is decided by phrases of the report's text; hover over a narrow segment for "
        "its number.",
    ),
    "by_department": (
        "Статус проєктів за відповідальними виконавцями",
        "Project status by responsible department",
    ),
    "by_department_title": (
        "Проєкти кожного виконавця за статусом, звіт за {year} рік",
        "Projects of each department by status, {year} report",
    ),
    "by_department_note": (
        "Виконавчі органи міської ради, від найбільшої кількості проєктів. Проєкт враховано в "
        "кожного відповідального за нього виконавця, тому сума більша за {total} проєктів.",
        "Executive bodies of the City Council, the most projects first. A project counts for "
        "each department responsible for it, so the bars add up to more than {total} projects.",
    ),
    "without_department": (
        "Проєктів без відомого виконавця: {count}.",
        "Projects without a known department: {count}.",
    ),
    "axis_projects": ("кількість проєктів", "number of projects"),
    "scorecard": ("Показники пріоритетів", "Priority scorecard"),
    "scorecard_note": (
        "Звіт за {year} рік. Частки — у відсотках від кількості проєктів пріоритету. Речення, "
        "повторене в кількох пріоритетах, рахується в кожному з них, а в загальній кількості "
        "чисел — один раз.",
        "The {year} report. Shares are percent of the priority's projects. A sentence printed "
        "under several priorities counts in each of them, and once in the total of figures.",
    ),
    "priority": ("Пріоритет", "Priority"),
    "total": ("Усього", "Total"),
    "c_projects_total": ("Проєктів", "Projects"),
    "c_share_completed": ("Завершено, %", "Completed, %"),
    "c_share_suspended_or_not_started": (
        "Призупинено або не розпочато, %",
        "Suspended or not started, %",
    ),
    "c_tasks_total": ("Завдань", "Tasks"),
    "c_tasks_without_project": ("Завдань без проєктів", "Tasks without projects"),
    "c_entries_total": ("Записів", "Entries"),
    "c_entries_without_text": ("Записів без тексту", "Entries without text"),
    "c_figures_reported": ("Чисел у текстах", "Figures stated"),
    "history": ("Зміни порівняно з {previous} роком", "Changes since {previous}"),
    "by_year_title": (
        "Проєкти за статусом у звіті кожного року",
        "Projects by status in each year's report",
    ),
    "by_year_note": (
        "Кількість проєктів у звіті кожного року за статусом.",
        "Projects listed in each year's report, by status.",
    ),
    "transitions": (
        "Переходи статусів {previous} → {year}",
        "Status transitions {previous} → {year}",
    ),
    "transitions_note": (
        "Рядки — статус у {previous} році, стовпці — у {year}; лише проєкти, наведені в обох "
        "звітах.",
        "Rows: the status in {previous}; columns: in {year}; only projects listed in both reports.",
    ),
    "was_now": ("було \\ стало", "was \\ now"),
    "change_kinds": (
        "Що змінилося в переліку проєктів звіту за {year} рік",
        "What changed in the list of projects of the {year} report",
    ),
    "ck_continued": ("наведено знову", "listed again"),
    "ck_new": ("нові", "new"),
    "ck_renamed": ("перейменовані", "renamed"),
    "ck_reappeared": ("повернулися після перерви", "listed again after a gap"),
    "ck_dropped": ("зникли (завдання наведено)", "dropped (their task is listed)"),
    "ck_not_reported": ("не наведено разом із завданням", "not listed, nor their task"),
    "ck_baseline": ("перший рік", "first year"),
    "indicators": ("Індикатори", "Indicators"),
    "indicators_note": (
        "Значення з файлів індикаторів за періодами, для міста (та інших територій, якщо файли "
        "їх наводять).",
        "Values from the indicator files by period, for the city (and other areas the files give).",
    ),
    "targets_note": ("Пунктир — цільове значення.", "Dashed: the target."),
    "higher_better": ("більше — краще", "higher is better"),
    "lower_better": ("менше — краще", "lower is better"),
    "target": ("ціль", "target"),
    "value": ("значення", "value"),
    "figures": ("Числа, наведені у звіті", "Figures stated in the report"),
    "figures_note": (
        "Кожне число, яке звіт за {year} рік наводить як факт, у порядку тексту. Натисніть на "
        "число, щоб побачити рядок звіту, з якого його взято.",
        "Every number the {year} report states as a fact, in the order of the text. Click a "
        "number to see the line of the report it was read from.",
    ),
    "repeats_note": (
        "Повторні згадки того самого речення ({repeats}) пропущено.",
        "Repeated printings of the same sentence ({repeats}) are left out.",
    ),
    "f_priority": ("Пріоритет", "Priority"),
    "f_where": ("Завдання / проєкт", "Task / project"),
    "f_figure": ("Як надруковано", "As printed"),
    "f_value": ("Значення", "Value"),
    "f_unit": ("Одиниця", "Unit"),
    "f_line": ("Рядок", "Line"),
    "task": ("завдання", "task"),
    "traces": ("Звідки кожне число", "Where each figure comes from"),
    "traces_note": (
        "Кожен рядок вихідного файлу, що наводить числа, з виділеними числами (символи "
        "рахуються від 0, як у marts.fct_reported_figure). Ту саму перевірку з повторним "
        "обчисленням sha256 файлу виконує команда warehouse trace.",
        "Each line of the source file that states figures, with the figures highlighted "
        "(characters count from 0, as in marts.fct_reported_figure). `warehouse trace` repeats "
        "the check, computing the file's sha256 again.",
    ),
    "line": ("рядок {line}", "line {line}"),
    "chars": ("символи {start}–{end}", "characters {start}–{end}"),
    "back": ("↑ до таблиці", "↑ back to the table"),
    "review": ("Статуси до перевірки", "Statuses to review"),
    "review_note": (
        "Статус проєкту пропонують правила за фразами тексту; людина підтверджує або "
        "виправляє його. Проєкти, статус яких варто переглянути насамперед, за причиною "
        "(звіт за {year} рік). Переглянуто людиною: {reviewed}. Перелік із доказами: "
        "bi.status_review_queue або `warehouse review export`.",
        "A project's status is proposed by rules reading phrases of the text; a person "
        "confirms or corrects it. Projects whose status to look at first, by reason "
        "({year} report). Reviewed by a person: {reviewed}. The list with the evidence: "
        "bi.status_review_queue or `warehouse review export`.",
    ),
    "rq_no_rule_decided": ("жодне правило не визначило статус", "no rule decided"),
    "rq_rules_disagree": (
        "правила різних статусів збіглися",
        "rules of different statuses matched",
    ),
    "rq_generic_activity_verb": (
        "вирішило загальне дієслово діяльності («функціонує»)",
        "decided by a generic verb of activity («функціонує»)",
    ),
    "rq_status_changed": (
        "статус змінився порівняно з попереднім звітом",
        "status changed against the previous report",
    ),
    "no_review": ("Немає статусів до перевірки.", "No status to review."),
    "notes": ("Зауваження перевірок", "Notes from the checks"),
    "notes_note": (
        "Попередження, з якими це видання опубліковано (повний перелік — у "
        "marts.fct_check_result).",
        "Warnings this edition was published with (all checks: marts.fct_check_result).",
    ),
    "no_notes": ("Усі перевірки пройдено.", "Every check passed."),
    "sev_warning": ("попередження", "warning"),
    "sev_error": ("помилка", "error"),
    "st_failed": ("не пройдено", "failed"),
    "st_overridden": ("прийнято свідомо", "accepted by override"),
    "st_passed": ("пройдено", "passed"),
    "footer": (
        "Згенеровано командою <code>warehouse report</code> з опублікованого сховища "
        "<code>warehouse/warehouse.duckdb</code>. Сторінка не завантажує нічого з мережі.",
        "Generated by <code>warehouse report</code> from the published warehouse "
        "<code>warehouse/warehouse.duckdb</code>. The page loads nothing from the network.",
    ),
}

UNITS: dict[str, tuple[str, str]] = {
    "UAH": ("грн", "UAH"),
    "EUR": ("євро", "EUR"),
    "USD": ("дол. США", "USD"),
    "percent": ("%", "%"),
    "m2": ("м²", "m²"),
    "m3": ("м³", "m³"),
    "ha": ("га", "ha"),
    "km": ("км", "km"),
    "m": ("м", "m"),
    "mm": ("мм", "mm"),
    "kW": ("кВт", "kW"),
    "persons": ("осіб", "persons"),
    "units": ("од.", "units"),
    "per_mille": ("‰", "‰"),
    "number": ("", ""),
    "projects": ("проєктів", "projects"),
    "tasks": ("завдань", "tasks"),
    "entries": ("записів", "entries"),
    "departments": ("виконавців", "departments"),
}


def t(key: str, lang: str, **values: object) -> str:
    uk, en = TEXT[key]
    return (en if lang == "en" else uk).format(**values)


def unit_label(unit: str, lang: str) -> str:
    """A normalized unit as a reader writes it; a counted noun's lemma stays as printed."""
    if unit in UNITS:
        return UNITS[unit][1 if lang == "en" else 0]
    return unit


def number(value: float | None, lang: str, decimals: int | None = None) -> str:
    """1 250 000 and 6,1 in Ukrainian; 1,250,000 and 6.1 in English."""
    if value is None:
        return "—"
    text = f"{value:,.{2 if decimals is None else decimals}f}"
    if decimals is None and "." in text:  # as many decimals as the value has, up to two
        text = text.rstrip("0").rstrip(".")
    if lang == "en":
        return text
    return text.replace(",", "\u202f").replace(".", ",")


def paragraph(text: str) -> str:
    """A note of the page: a paragraph of escaped text."""
    return f"<p class='note'>{escape(text)}</p>"
