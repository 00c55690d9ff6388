"""Charts as inline SVG, drawn here: the report must open offline, with no script library.

Text widths are estimated (the page sets its fonts), so labels are wrapped by
characters and the label column is sized to the longest line it holds.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape

CHAR_WIDTH = 8.0  # px per character at 13px: DejaVu Sans Cyrillic runs wide
FONT = 13


@dataclass(frozen=True, slots=True)
class Segment:
    """A series of a stacked bar chart: its key, legend label and colours."""

    key: str
    label: str
    color: str
    text_color: str = "#fff"


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    values: dict[str, int]  # segment key -> value

    @property
    def total(self) -> int:
        return sum(self.values.values())


def nice_step(maximum: float, ticks: int = 6) -> float:
    """A round tick step (1, 2, 2.5 or 5 × 10^k) giving about `ticks` intervals."""
    if maximum <= 0:
        return 1.0
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _ticks(low: float, high: float, step: float) -> list[float]:
    start = math.floor(low / step) * step
    count = math.ceil((high - start) / step - 1e-9)
    return [start + i * step for i in range(count + 1)]


def _text(x: float, y: float, text: str, anchor: str = "start", cls: str = "", **attrs) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    klass = f' class="{cls}"' if cls else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{klass}{extra}>{escape(text)}</text>'
    )


def stacked_bars(
    bars: list[Bar],
    segments: list[Segment],
    *,
    axis_label: str,
    describe: Callable[[Bar, Segment, int], str],
    width: int = 960,
    wrap: int = 46,
) -> str:
    """Horizontal stacked bars, one per `bars` item in the given order, total at the end.

    Each segment is a `rect.bar` with a tooltip (`describe`); its value is printed in
    it when it fits. The x axis counts from 0 with round ticks and a labelled unit.
    """
    lines = [textwrap.wrap(b.label, wrap) or [""] for b in bars]
    longest = max((len(line) for wrapped in lines for line in wrapped), default=10)
    label_width = min(int(longest * CHAR_WIDTH) + 16, width // 2)
    row_height = 30 if any(len(w) > 1 for w in lines) else 24
    gap = 8
    top, bottom = 8, 46
    left, right = label_width, 48
    plot = width - left - right
    height = top + len(bars) * (row_height + gap) + bottom
    maximum = max((b.total for b in bars), default=0)
    step = nice_step(maximum)
    ticks = _ticks(0, max(maximum, step), step)
    scale = plot / ticks[-1]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="chart-svg">'
    ]
    axis_y = top + len(bars) * (row_height + gap)
    for tick in ticks:
        x = left + tick * scale
        out.append(f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{axis_y}"/>')
        out.append(_text(x, axis_y + 16, f"{tick:g}", "middle", "tick"))
    out.append(_text(left + plot / 2, axis_y + 36, axis_label, "middle", "axis-label"))
    for index, (bar, wrapped) in enumerate(zip(bars, lines, strict=True)):
        y = top + index * (row_height + gap)
        mid = y + row_height / 2
        first = mid - (len(wrapped) - 1) * 7.5 + 4.5
        for n, line in enumerate(wrapped):
            out.append(_text(left - 8, first + n * 15, line, "end", "bar-label"))
        x = left
        for segment in segments:
            value = bar.values.get(segment.key, 0)
            if not value:
                continue
            w = value * scale
            out.append(
                f'<rect class="bar" data-series="{segment.key}" x="{x:.1f}" y="{y}" '
                f'width="{w:.1f}" height="{row_height}" fill="{segment.color}">'
                f"<title>{escape(describe(bar, segment, value))}</title></rect>"
            )
            if w >= len(str(value)) * 8 + 6:
                out.append(
                    _text(
                        x + w / 2,
                        mid + 4.5,
                        str(value),
                        "middle",
                        "in-bar",
                        fill=segment.text_color,
                    )
                )
            x += w
        out.append(_text(x + 6, mid + 4.5, str(bar.total), "start", "total"))
    out.append(f'<line class="axis" x1="{left}" x2="{left}" y1="{top}" y2="{axis_y}"/>')
    out.append("</svg>")
    return "".join(out)


PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


@dataclass(frozen=True, slots=True)
class LinePoint:
    label: str  # the period, e.g. '2024-Q1'
    when: date
    value: float | None
    target: float | None = None


@dataclass(frozen=True, slots=True)
class Line:
    label: str
    points: list[LinePoint]


def line_chart(
    lines: list[Line],
    *,
    unit_label: str,
    number: Callable[[float, int | None], str],
    target_label: str,
    width: int = 460,
    height: int = 250,
) -> str:
    """Series over time: a `path.series` per line with a `circle.point` per value.

    Targets, when the data has any, are drawn as dashed `path.target` lines. Periods
    are placed by their start date, so quarters and years share one time axis.
    """
    right, top, bottom = 36, 14, 40  # room for the last period's label
    points = [p for line in lines for p in line.points]
    values = [v for p in points for v in (p.value, p.target) if v is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if low >= 0 and low < 0.5 * high:
        low = 0.0
    if high == low:
        high, low = high + 1, low - (1 if low else 0)
    step = nice_step(high - low, 4)
    ticks = [t for t in _ticks(low, high + step * 0.999, step)]
    y_low, y_high = ticks[0], ticks[-1]
    decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    longest = max(len(number(tick, decimals)) for tick in ticks)
    left = max(58, int(longest * CHAR_WIDTH * 12 / FONT) + 30)  # ticks, then the unit label
    plot_w, plot_h = width - left - right, height - top - bottom
    days = sorted({p.when for p in points})
    first, last = (days[0], days[-1]) if days else (date(2000, 1, 1), date(2000, 1, 1))
    span = max((last - first).days, 1)

    def x_of(when: date) -> float:
        if first == last:
            return left + plot_w / 2
        return left + (when - first).days / span * plot_w

    def y_of(value: float) -> float:
        return top + plot_h - (value - y_low) / (y_high - y_low) * plot_h

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="chart-svg">'
    ]
    for tick in ticks:
        y = y_of(tick)
        out.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        out.append(_text(left - 6, y + 4, number(tick, decimals), "end", "tick"))
    labels = {p.when: p.label for p in points}
    every = max(1, math.ceil(len(days) / 6))
    for n, when in enumerate(days):
        if n % every == 0 or n == len(days) - 1:
            out.append(_text(x_of(when), top + plot_h + 16, labels[when], "middle", "tick"))
    out.append(_text(12, top + plot_h / 2, unit_label, "middle", "axis-label",
                     transform=f"rotate(-90 12 {top + plot_h / 2:.1f})"))  # fmt: skip
    for index, line in enumerate(lines):
        color = PALETTE[index % len(PALETTE)]
        drawn = [p for p in line.points if p.value is not None]
        steps, after_gap = [], True  # a period without a value breaks the line
        for p in line.points:
            if p.value is None:
                after_gap = True
                continue
            steps.append(f"{'M' if after_gap else 'L'}{x_of(p.when):.1f},{y_of(p.value):.1f}")
            after_gap = False
        path = " ".join(steps)
        out.append(
            f'<path class="series" data-series="{escape(line.label)}" d="{path}" '
            f'stroke="{color}" fill="none" stroke-width="2"/>'
        )
        for p in drawn:
            out.append(
                f'<circle class="point" cx="{x_of(p.when):.1f}" cy="{y_of(p.value):.1f}" r="3.5" '
                f'fill="{color}"><title>{escape(line.label)} {escape(p.label)}: '
                f"{escape(number(p.value, None))}</title></circle>"
            )
        targets = [p for p in line.points if p.target is not None]
        if targets:
            path = " ".join(
                f"{'M' if n == 0 else 'L'}{x_of(p.when):.1f},{y_of(p.target):.1f}"
                for n, p in enumerate(targets)
            )
            if len(targets) == 1:  # a single target: a short tick, still visible
                x, y = x_of(targets[0].when), y_of(targets[0].target)
                path = f"M{x - 10:.1f},{y:.1f} L{x + 10:.1f},{y:.1f}"
            out.append(
                f'<path class="target" d="{path}" stroke="{color}" fill="none" '
                f'stroke-width="1.5" stroke-dasharray="5 4"><title>{escape(target_label)}'
                "</title></path>"
            )
    out.append(
        f'<line class="axis" x1="{left}" x2="{width - right}" y1="{top + plot_h}" '
        f'y2="{top + plot_h}"/>'
    )
    out.append("</svg>")
    return "".join(out)
