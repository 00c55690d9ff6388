"""The annual page's figures: the table of every figure stated in the year's texts, and
below it each source line with its figures marked, the characters they span and the
`warehouse trace` command that checks them — the auditor's part of the page.
"""

from __future__ import annotations

from html import escape
from itertools import groupby

from orchestration.annual_page.data import Figure, ReportData
from orchestration.annual_page.text import number, paragraph, t, unit_label


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


def figures_table(data: ReportData, lang: str) -> str:
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
        f"{paragraph(note)}"
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


def traces(data: ReportData, lang: str) -> str:
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
    return f"{paragraph(t('traces_note', lang))}{''.join(blocks)}"
