"""The annual report as one HTML page per language: styles and charts inline, no script.

Sections appear when their data exists: the comparison with the previous year from
the second loaded report on, indicator series once indicator files are loaded.
"""

from __future__ import annotations

from html import escape
from itertools import groupby

from orchestration.report.charts import (
    PALETTE,
    Bar,
    Line,
    LinePoint,
    Segment,
    line_chart,
    stacked_bars,
)
from orchestration.report.data import Figure, Indicator, ReportData, StatusRow
from orchestration.report.style import STYLE
from orchestration.report.text import number, t, unit_label

# Done to not done: greens, blue for continuous work, amber for plans, orange and red
# for what stalled, grey for what the text does not say.
STATUS_COLORS: dict[str, tuple[str, str]] = {
    "completed": ("#1b7837", "#fff"),
    "in_progress": ("#7fbf7b", "#111"),
    "ongoing": ("#4393c3", "#fff"),
    "planned": ("#f6c342", "#111"),
    "not_started": ("#e08214", "#111"),
    "suspended": ("#b2182b", "#fff"),
    "unknown": ("#bababa", "#111"),
}

# Every department is "… міської ради" / "… of the City Council": the note says it once.
_COUNCIL_SUFFIXES = (" міської ради", " of the City Council")


def _short(name: str) -> str:
    for suffix in _COUNCIL_SUFFIXES:
        name = name.removesuffix(suffix)
    return name


def _p(text: str) -> str:
    return f"<p class='note'>{escape(text)}</p>"


# -- status charts ----------------------------------------------------------------------


def _segments(data: ReportData, rows: list[StatusRow], lang: str) -> list[Segment]:
    """The statuses present in these bars, in the seed's order, with their colours."""
    present = {code for row in rows for code, value in row.counts.items() if value}
    return [
        Segment(s.code, s.label(lang), *STATUS_COLORS.get(s.code, ("#777", "#fff")))
        for s in sorted(data.statuses, key=lambda s: s.sort_order)
        if s.code in present
    ]


def _legend(items: list[tuple[str, str, str]]) -> str:
    """(series key, colour, label) as legend entries; a colour of 'dashed' is the target."""
    entries = []
    for key, color, label in items:
        swatch = (
            '<span class="swatch dashed"></span>'
            if color == "dashed"
            else f'<span class="swatch" style="background:{color}"></span>'
        )
        entries.append(f'<li data-series="{escape(key)}">{swatch}{escape(label)}</li>')
    return f'<ul class="legend">{"".join(entries)}</ul>'


def _status_chart(
    data: ReportData, rows: list[StatusRow], lang: str, chart_id: str, title: str, note: str
) -> str:
    segments = _segments(data, rows, lang)
    shorten = chart_id == "status-by-department"
    bars = [Bar(_short(r.label(lang)) if shorten else r.label(lang), r.counts) for r in rows]
    svg = stacked_bars(
        bars,
        segments,
        axis_label=t("axis_projects", lang),
        describe=lambda bar, segment, value: f"{bar.label} — {segment.label}: {value}",
        wrap=40 if shorten else 46,
    )
    legend = _legend([(s.key, s.color, s.label) for s in segments])
    return (
        f'<figure class="chart" id="{chart_id}" data-chart="{chart_id}">'
        f"<figcaption><h3>{escape(title)}</h3>{_p(note)}</figcaption>{legend}{svg}</figure>"
    )


def _by_priority(data: ReportData, lang: str) -> str:
    return _status_chart(
        data,
        data.by_priority,
        lang,
        "status-by-priority",
        t("by_priority_title", lang, year=data.year),
        t("by_priority_note", lang, year=data.year),
    )


def _by_department(data: ReportData, lang: str) -> str:
    chart = _status_chart(
        data,
        data.by_department,
        lang,
        "status-by-department",
        t("by_department_title", lang, year=data.year),
        t("by_department_note", lang, total=data.projects_total),
    )
    if data.projects_without_department:
        chart += _p(t("without_department", lang, count=data.projects_without_department))
    return chart


# -- key numbers and the scorecard -------------------------------------------------------


def _status_totals(data: ReportData) -> dict[str, int]:
    totals: dict[str, int] = {}
    for row in data.by_priority:
        for code, value in row.counts.items():
            totals[code] = totals.get(code, 0) + value
    return totals


def _key_numbers(data: ReportData, lang: str) -> str:
    counts = _status_totals(data)
    total = data.projects_total
    stalled = counts.get("suspended", 0) + counts.get("not_started", 0)

    def with_share(n: int) -> str:
        share = f" <small>({number(100 * n / total, lang, 1)} %)</small>" if total else ""
        return number(n, lang) + share

    items = [
        (number(total, lang), t("k_projects", lang)),
        (with_share(counts.get("completed", 0)), t("k_completed", lang)),
        (with_share(stalled), t("k_stalled", lang)),
        (number(len(data.figures), lang), t("k_figures", lang)),
        (number(len(data.by_department), lang), t("k_departments", lang)),
    ]
    cells = "".join(f"<div><b>{value}</b>{escape(label)}</div>" for value, label in items)
    return f'<div class="keys">{cells}</div>'


_STATUS_COLUMNS = {
    "completed": "projects_completed",
    "in_progress": "projects_in_progress",
    "ongoing": "projects_ongoing",
    "planned": "projects_planned",
    "not_started": "projects_not_started",
    "suspended": "projects_suspended",
    "unknown": "projects_status_unknown",
}
_SHARES = {
    "share_completed": ("projects_completed",),
    "share_suspended_or_not_started": ("projects_suspended", "projects_not_started"),
}
_VOLUME = ("tasks_total", "tasks_without_project", "entries_total", "entries_without_text",
           "figures_reported")  # fmt: skip


def _scorecard(data: ReportData, lang: str) -> str:
    """Measures as rows, priorities as columns: six priorities fit a page, 15 measures do not."""
    rows = data.scorecard

    def total(column: str) -> float:
        return sum(r.values.get(column) or 0 for r in rows)

    lines: list[tuple[str, str, list[str], str]] = []  # (css class, label html, cells, total)
    lines.append(("strong", escape(t("c_projects_total", lang)),
                  [number(r.values.get("projects_total"), lang) for r in rows],
                  number(total("projects_total"), lang)))  # fmt: skip
    for status in sorted(data.statuses, key=lambda s: s.sort_order):
        column = _STATUS_COLUMNS.get(status.code)
        if column is None:
            continue
        color = STATUS_COLORS.get(status.code, ("#777", ""))[0]
        label = (
            f'<span class="swatch" style="background:{color}"></span>{escape(status.label(lang))}'
        )
        lines.append(("status", label, [number(r.values.get(column), lang) for r in rows],
                      number(total(column), lang)))  # fmt: skip
    for share, parts in _SHARES.items():
        base = total("projects_total")
        overall = 100 * sum(total(p) for p in parts) / base if base else None
        lines.append(("share", escape(t(f"c_{share}", lang)),
                      [number(r.values.get(share), lang, 1) for r in rows],
                      number(overall, lang, 1)))  # fmt: skip
    for column in _VOLUME:
        # A sentence printed under two priorities counts in each: the report's own total
        # of figures counts it once.
        overall = len(data.figures) if column == "figures_reported" else total(column)
        lines.append(("", escape(t(f"c_{column}", lang)),
                      [number(r.values.get(column), lang) for r in rows],
                      number(overall, lang)))  # fmt: skip
    head = "".join(
        f'<th class="num">{r.priority_ordinal}. {escape(r.priority(lang))}</th>' for r in rows
    )
    body = "".join(
        f'<tr class="{css}"><th>{label}</th>'
        + "".join(f'<td class="num">{c}</td>' for c in cells)
        + f'<td class="num total">{overall}</td></tr>'
        for css, label, cells, overall in lines
    )
    return (
        f'<table class="scorecard" id="scorecard-table"><thead><tr><th></th>{head}'
        f'<th class="num">{escape(t("total", lang))}</th></tr></thead><tbody>{body}</tbody></table>'
    )


# -- year over year ----------------------------------------------------------------------


def _transition_matrix(data: ReportData, lang: str) -> str:
    codes = [s.code for s in sorted(data.statuses, key=lambda s: s.sort_order)]
    was_codes = [c for c in codes if any(data.transitions.get((c, o)) for o in codes)]
    now_codes = [c for c in codes if any(data.transitions.get((o, c)) for o in codes)]
    if not was_codes:
        return ""
    peak = max(data.transitions.values())
    head = "".join(f'<th class="num">{escape(data.status(c).label(lang))}</th>' for c in now_codes)
    body = []
    for was in was_codes:
        cells = []
        for now in now_codes:
            n = data.transitions.get((was, now), 0)
            style = f' style="background:rgba(67,147,195,{0.12 + 0.6 * n / peak:.2f})"' if n else ""
            text = f"<b>{n}</b>" if n and was == now else str(n or "")
            cells.append(f'<td class="num"{style}>{text}</td>')
        label = escape(data.status(was).label(lang))
        body.append(f"<tr><th>{label}</th>{''.join(cells)}</tr>")
    years = {"previous": data.previous_year, "year": data.year}
    return (
        f"<h3>{escape(t('transitions', lang, **years))}</h3>"
        f"{_p(t('transitions_note', lang, **years))}"
        f'<table class="matrix" id="transition-matrix"><thead><tr>'
        f"<th>{escape(t('was_now', lang))}</th>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


CHANGE_KINDS = ("continued", "new", "renamed", "reappeared", "dropped", "not_reported")


def _history(data: ReportData, lang: str) -> str:
    chart = _status_chart(
        data, data.by_year, lang, "status-by-year", t("by_year_title", lang),
        t("by_year_note", lang),
    )  # fmt: skip
    kinds = "".join(
        f"<tr><th>{escape(t('ck_' + kind, lang))}</th>"
        f'<td class="num">{data.change_kinds[kind]}</td></tr>'
        for kind in CHANGE_KINDS
        if data.change_kinds.get(kind)
    )
    return (
        f"{chart}{_transition_matrix(data, lang)}"
        f"<h3>{escape(t('change_kinds', lang, year=data.year))}</h3>"
        f'<table class="kinds" id="change-kinds"><tbody>{kinds}</tbody></table>'
    )


# -- indicators --------------------------------------------------------------------------


def _indicator_chart(indicator: Indicator, lang: str) -> str:
    unit = unit_label(indicator.unit, lang)
    lines = [
        Line(s.label(lang), [LinePoint(p.period_key, p.start, p.value, p.target) for p in s.points])
        for s in indicator.series
    ]
    svg = line_chart(
        lines,
        unit_label=unit or t("value", lang),
        number=lambda value, decimals: number(value, lang, decimals),
        target_label=t("target", lang),
    )
    items = [(line.label, PALETTE[n % len(PALETTE)], line.label) for n, line in enumerate(lines)]
    if any(p.target is not None for s in indicator.series for p in s.points):
        items.append(("target", "dashed", t("target", lang)))
    direction = {True: t("higher_better", lang), False: t("lower_better", lang)}
    subtitle = ", ".join(x for x in (unit, direction.get(indicator.higher_is_better, "")) if x)
    return (
        f'<figure class="chart indicator" data-chart="indicator" '
        f'data-kpi="{escape(indicator.code)}"><figcaption>'
        f"<h3>{escape(indicator.name(lang))}</h3>{_p(subtitle)}</figcaption>"
        f"{_legend(items)}{svg}</figure>"
    )


def _indicators(data: ReportData, lang: str) -> str:
    """One chart per indicator, by name in the page's language (related ones side by side)."""
    ordered = sorted(data.indicators, key=lambda indicator: indicator.name(lang).casefold())
    charts = "".join(_indicator_chart(indicator, lang) for indicator in ordered)
    note = t("indicators_note", lang)
    if any(p.target is not None for i in data.indicators for s in i.series for p in s.points):
        note += " " + t("targets_note", lang)
    return f"{_p(note)}<div class='small-multiples'>{charts}</div>"


# -- figures and their traces ------------------------------------------------------------


def _fid(figure: Figure) -> str:
    return figure.figure_id


def _short_ids(figures: list[Figure], shortest: int = 12) -> dict[str, str]:
    """The shortest prefix (at least `shortest` characters) telling the figures apart,
    as `warehouse trace` accepts it."""
    ids = sorted({f.figure_id for f in figures})
    length = shortest
    while len({i[:length] for i in ids}) < len(ids):
        length += 1
    return {i: i[:length] for i in ids}


def _figures(data: ReportData, lang: str) -> str:
    head = "".join(
        f"<th{' class=num' if key in ('f_value', 'f_line') else ''}>{escape(t(key, lang))}</th>"
        for key in ("f_where", "f_figure", "f_value", "f_unit", "f_line")
    )
    note = t("figures_note", lang, year=data.year)
    if data.repeated_figures:
        note += " " + t("repeats_note", lang, repeats=data.repeated_figures)
    rows = []
    number_in_table = 0
    for (ordinal, priority), figures in groupby(
        data.figures, key=lambda f: (f.priority_ordinal, f.priority(lang))
    ):
        rows.append(f'<tr class="group"><th colspan="6">{ordinal}. {escape(priority)}</th></tr>')
        for f in figures:
            number_in_table += 1
            where = f.project_name or f"{t('task', lang)} {f.task_number or ''}".strip()
            rows.append(
                f'<tr id="fig-{_fid(f)}"><td class="num">{number_in_table}</td>'
                f"<td>{escape(where)}</td>"
                f'<td><a href="#trace-{_fid(f)}">{escape(f.raw_text)}</a></td>'
                f'<td class="num">{number(f.value, lang)}</td>'
                f"<td>{escape(unit_label(f.unit, lang))}</td>"
                f'<td class="num">{f.line_number}</td></tr>'
            )
    return (
        f"{_p(note)}"
        f'<table class="figures" id="figures-table"><thead><tr><th class="num">№</th>{head}'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _marked_line(text: str, figures: list[Figure]) -> str:
    """The line with every figure it prints marked; each mark is its figure's anchor."""
    out, position = [], 0
    for f in sorted(figures, key=lambda f: f.char_start):
        if f.char_start < position:  # overlapping spans: the first one keeps its mark
            continue
        out.append(escape(text[position : f.char_start]))
        out.append(
            f'<mark id="trace-{_fid(f)}" data-figure="{f.figure_id}">'
            f"{escape(text[f.char_start : f.char_end])}</mark>"
        )
        position = f.char_end
    out.append(escape(text[position:]))
    return "".join(out)


def _traces(data: ReportData, lang: str) -> str:
    """One block per source line: the line, its figures marked, and how to check each."""
    blocks = []
    short = _short_ids(data.figures)
    for (path, document_id, line), group in groupby(
        data.figures, key=lambda f: (f.source_path, f.document_id, f.line_number)
    ):
        figures = list(group)
        items = "".join(
            f"<li><a href='#trace-{_fid(f)}'>«{escape(f.raw_text)}»</a> — "
            f"{escape(t('chars', lang, start=f.char_start, end=f.char_end))} · "
            f"<code>warehouse trace {short[f.figure_id]}</code> · "
            f"<a href='#fig-{_fid(f)}'>{escape(t('back', lang))}</a></li>"
            for f in figures
        )
        blocks.append(
            f'<div class="trace" id="line-{document_id[:8]}-{line}"><p class="meta">'
            f"<code>{escape(path)}</code>, {escape(t('line', lang, line=line))} · sha256 "
            f"<code title='{document_id}'>{document_id[:16]}…</code></p>"
            f"<blockquote>{_marked_line(figures[0].line_text, figures)}</blockquote>"
            f"<ul class='meta'>{items}</ul></div>"
        )
    return f"{_p(t('traces_note', lang))}{''.join(blocks)}"


# -- statuses to review ------------------------------------------------------------------


def _review(data: ReportData, lang: str) -> str:
    note = _p(t("review_note", lang, year=data.year, reviewed=data.reviewed))
    if not data.review_queue:
        return f"{note}<p>{escape(t('no_review', lang))}</p>"
    rows = "".join(
        f'<tr data-reason="{escape(reason)}"><th>{escape(t("rq_" + reason, lang))}</th>'
        f'<td class="num">{number(count, lang)}</td></tr>'
        for reason, count in data.review_queue.items()
    )
    return f'{note}<table class="kinds" id="review-queue"><tbody>{rows}</tbody></table>'


# -- checks, header, page ----------------------------------------------------------------


def _notes(data: ReportData, lang: str) -> str:
    if not data.notes:
        return f"<p>{escape(t('no_notes', lang))}</p>"
    items = []
    for note in data.notes:
        where = "".join(f"<li><code>{escape(loc)}</code></li>" for loc in note.locations[:10])
        found = f" ({escape(note.observed)})" if note.observed else ""
        verdict = f"{t('sev_' + note.severity, lang)}, {t('st_' + note.status, lang)}"
        items.append(
            f'<li><span class="{note.severity}">[{escape(verdict)}]</span> '
            f"<code>{escape(note.suite)}.{escape(note.check)}</code>: "
            f"{escape(note.message)}{found}<ul>{where}</ul></li>"
        )
    return f"{_p(t('notes_note', lang))}<ul class='notes'>{''.join(items)}</ul>"


def _header(data: ReportData, lang: str, other_file: str) -> str:
    other = "uk" if lang == "en" else "en"
    if data.edition:
        published = (data.published_at or "")[:16].replace("T", " ")
        edition = t("edition", lang, edition=data.edition, published=f"{published} UTC")
    else:
        edition = t("no_edition", lang)
    sources = "".join(
        f"<li><code>{escape(s.source_path)}</code> ({s.report_year or '—'}"
        f"{', ' + escape(s.document_status) if s.document_status not in (None, 'current') else ''}"
        f") sha256 <code>{s.sha256}</code></li>"
        for s in data.sources
    )
    return (
        f'<header class="top"><div><h1>{escape(t("title", lang))}</h1>'
        f'<p class="subtitle">{escape(t("subtitle", lang, year=data.year))}</p></div>'
        f'<a class="lang" href="{escape(other_file)}" hreflang="{other}" lang="{other}">'
        f"{escape(t('switch', lang))}</a></header>"
        f'<p class="meta">{escape(edition)}</p><details class="meta"><summary>'
        f"{escape(t('sources', lang))}</summary><ul>{sources}</ul></details>"
    )


def render(data: ReportData, lang: str, other_file: str) -> str:
    """The whole page in one language; `other_file` is the companion in the other one."""
    sections = [
        ("by-priority", t("by_priority", lang), _by_priority(data, lang)),
        ("by-department", t("by_department", lang), _by_department(data, lang)),
        ("scorecard", t("scorecard", lang),
         _p(t("scorecard_note", lang, year=data.year)) + _scorecard(data, lang)),
    ]  # fmt: skip
    if data.previous_year is not None:
        title = t("history", lang, previous=data.previous_year)
        sections.append(("history", title, _history(data, lang)))
    if data.indicators:
        sections.append(("indicators", t("indicators", lang), _indicators(data, lang)))
    if data.review_queue or data.reviewed:
        sections.append(("review", t("review", lang), _review(data, lang)))
    sections += [
        ("figures", t("figures", lang), _figures(data, lang)),
        ("traces", t("traces", lang), _traces(data, lang)),
        ("notes", t("notes", lang), _notes(data, lang)),
    ]
    nav = "".join(f'<li><a href="#{sid}">{escape(title)}</a></li>' for sid, title, _ in sections)
    body = "".join(
        f'<section id="{sid}"><h2>{escape(title)}</h2>{content}</section>'
        for sid, title, content in sections
    )
    title = f"{t('subtitle', lang, year=data.year)} — {t('title', lang)}"
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body><main>"
        f"{_header(data, lang, other_file)}{_key_numbers(data, lang)}"
        f"<nav><strong>{escape(t('contents', lang))}</strong><ol>{nav}</ol></nav>"
        f"{body}<footer>{t('footer', lang)}</footer></main></body></html>"
    )
