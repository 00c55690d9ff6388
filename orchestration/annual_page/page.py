"""The annual report as one HTML page per language: styles and charts inline, no script.

Sections appear when their data exists: the comparison with the previous year from
the second loaded report on, indicator series once indicator files are loaded.
"""

from __future__ import annotations

from html import escape

from orchestration.annual_page.data import ReportData
from orchestration.annual_page.figures_section import figures_table, traces
from orchestration.annual_page.status_sections import (
    STATUS_COLORS,
    by_department,
    by_priority,
    history,
    indicators,
)
from orchestration.annual_page.style import STYLE
from orchestration.annual_page.text import number, paragraph, t

# -- key numbers and the scorecard -------------------------------------------------------


def _key_numbers(data: ReportData, lang: str) -> str:
    city = data.city_totals

    def with_share(n: float | None, share: float | None) -> str:
        return number(n, lang) + (
            f" <small>({number(share, lang, 1)} %)</small>" if share is not None else ""
        )

    stalled = (city.get("projects_suspended") or 0) + (city.get("projects_not_started") or 0)
    items = [
        (number(data.projects_total, lang), t("k_projects", lang)),
        (with_share(city.get("projects_completed"), city.get("share_completed")),
         t("k_completed", lang)),
        (with_share(stalled, city.get("share_suspended_or_not_started")), t("k_stalled", lang)),
        (number(len(data.figures), lang), t("k_figures", lang)),
        (number(len(data.by_department), lang), t("k_departments", lang)),
    ]  # fmt: skip
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
_SHARES = ("share_completed", "share_suspended_or_not_started")
_VOLUME = ("tasks_total", "tasks_without_project", "entries_total", "entries_without_text",
           "figures_reported")  # fmt: skip


def _scorecard(data: ReportData, lang: str) -> str:
    """Measures as rows, priorities as columns: six priorities fit a page, 15 measures do not."""
    rows = data.scorecard

    def total(column: str) -> float | None:
        return data.city_totals.get(column)

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
    for share in _SHARES:
        lines.append(("share", escape(t(f"c_{share}", lang)),
                      [number(r.values.get(share), lang, 1) for r in rows],
                      number(total(share), lang, 1)))  # fmt: skip
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


# -- statuses to review ------------------------------------------------------------------


def _review(data: ReportData, lang: str) -> str:
    note = paragraph(t("review_note", lang, year=data.year, reviewed=data.reviewed))
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
    return f"{paragraph(t('notes_note', lang))}<ul class='notes'>{''.join(items)}</ul>"


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
        ("by-priority", t("by_priority", lang), by_priority(data, lang)),
        ("by-department", t("by_department", lang), by_department(data, lang)),
        ("scorecard", t("scorecard", lang),
         paragraph(t("scorecard_note", lang, year=data.year)) + _scorecard(data, lang)),
    ]  # fmt: skip
    if data.previous_year is not None:
        title = t("history", lang, previous=data.previous_year)
        sections.append(("history", title, history(data, lang)))
    if data.indicators:
        sections.append(("indicators", t("indicators", lang), indicators(data, lang)))
    if data.review_queue or data.reviewed:
        sections.append(("review", t("review", lang), _review(data, lang)))
    sections += [
        ("figures", t("figures", lang), figures_table(data, lang)),
        ("traces", t("traces", lang), traces(data, lang)),
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
