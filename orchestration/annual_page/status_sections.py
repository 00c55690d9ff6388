"""The annual page's status sections: projects by status per priority, per department
and per report year, the transitions between two years, and the indicator series.
"""

from __future__ import annotations

from html import escape

from orchestration.annual_page.charts import (
    PALETTE,
    Bar,
    Line,
    LinePoint,
    Segment,
    line_chart,
    stacked_bars,
)
from orchestration.annual_page.data import Indicator, ReportData, StatusRow
from orchestration.annual_page.text import number, paragraph, t, unit_label

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


# -- status charts ----------------------------------------------------------------------


def _segments(data: ReportData, rows: list[StatusRow], lang: str) -> list[Segment]:
    """The statuses present in these bars, in the seed's order, with their colours."""
    present = {code for row in rows for code, value in row.counts.items() if value}
    return [
        Segment(s.code, s.label(lang), *STATUS_COLORS.get(s.code, ("#777", "#fff")))
        for s in sorted(data.statuses, key=lambda s: s.sort_order)
        if s.code in present
    ]


def legend_list(items: list[tuple[str, str, str]]) -> str:
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
    legend = legend_list([(s.key, s.color, s.label) for s in segments])
    return (
        f'<figure class="chart" id="{chart_id}" data-chart="{chart_id}">'
        f"<figcaption><h3>{escape(title)}</h3>{paragraph(note)}</figcaption>{legend}{svg}</figure>"
    )


def by_priority(data: ReportData, lang: str) -> str:
    return _status_chart(
        data,
        data.by_priority,
        lang,
        "status-by-priority",
        t("by_priority_title", lang, year=data.year),
        t("by_priority_note", lang, year=data.year),
    )


def by_department(data: ReportData, lang: str) -> str:
    chart = _status_chart(
        data,
        data.by_department,
        lang,
        "status-by-department",
        t("by_department_title", lang, year=data.year),
        t("by_department_note", lang, total=data.projects_total),
    )
    if data.projects_without_department:
        chart += paragraph(t("without_department", lang, count=data.projects_without_department))
    return chart


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
        f"{paragraph(t('transitions_note', lang, **years))}"
        f'<table class="matrix" id="transition-matrix"><thead><tr>'
        f"<th>{escape(t('was_now', lang))}</th>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


CHANGE_KINDS = ("continued", "new", "renamed", "reappeared", "dropped", "not_reported")


def history(data: ReportData, lang: str) -> str:
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
        f"<h3>{escape(indicator.name(lang))}</h3>{paragraph(subtitle)}</figcaption>"
        f"{legend_list(items)}{svg}</figure>"
    )


def indicators(data: ReportData, lang: str) -> str:
    """One chart per indicator, by name in the page's language (related ones side by side)."""
    ordered = sorted(data.indicators, key=lambda indicator: indicator.name(lang).casefold())
    charts = "".join(_indicator_chart(indicator, lang) for indicator in ordered)
    note = t("indicators_note", lang)
    if any(p.target is not None for i in data.indicators for s in i.series for p in s.points):
        note += " " + t("targets_note", lang)
    return f"{paragraph(note)}<div class='small-multiples'>{charts}</div>"
