"""Server-rendered SVG charts: no JavaScript, every text escaped, readable without colour."""

import math
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

# Contrast of at least 3:1 against white for each (WCAG 1.4.11, non-text contrast).
COLOURS = ["#0b5394", "#a4161a", "#1d6b35", "#8a4b00", "#6a1b9a", "#00695c", "#37474f", "#ad1457"]
# Six patterns against eight colours: the first 24 series all differ in both.
DASHES = ["", "8 4", "2 3", "10 3 2 3", "4 4", "12 4 2 4 2 4"]


def series_style(index):
    """(colour, dash pattern) of the index-th series."""
    return COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]


def _number(value):
    value = Decimal(str(value))
    places = 0 if value == value.to_integral_value() else min(2, -value.normalize().as_tuple()[2])
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def _nice_step(span, ticks=5):
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _scale(values, y_min, y_max):
    low = min(values) if y_min is None else y_min
    high = max(values) if y_max is None else y_max
    if y_min is None:
        low = min(0, low)
    if high == low:
        high = low + 1
    step = _nice_step(high - low)
    if y_min is None:
        low = math.floor(low / step) * step
    if y_max is None:
        high = math.ceil(high / step) * step
    ticks = []
    tick = low
    while tick <= high + step / 1000:
        ticks.append(tick)
        tick += step
    return low, high, ticks


def line_chart(
    series,
    *,
    title,
    desc,
    chart_id="chart",
    y_label="",
    periods=None,
    y_min=None,
    y_max=None,
    y_tick_labels=None,
    width=640,
    plot_height=220,
):
    """An accessible SVG line chart, one line per series (e.g. per country).

    ``series`` is a list of ``(name, [(period_label, value), ...])``; a value may be
    ``None`` for a gap. A third item, ``(name, points, style)``, fixes the series'
    style number, so that a country looks the same in several charts. ``periods``
    fixes the order of the x axis (default: sorted labels). Each series gets its own
    colour *and* dash pattern, named in a legend, so the chart reads in greyscale
    too. ``y_tick_labels`` maps tick values to text (e.g. a rating scale). Returns a
    safe string, or "" without any value.
    """
    series = [
        (str(item[0]), list(item[1]), item[2] if len(item) > 2 else n)
        for n, item in enumerate(series)
    ]
    values = [float(v) for _name, points, _s in series for _p, v in points if v is not None]
    if not values:
        return ""
    if periods is None:
        periods = sorted({label for _name, points, _s in series for label, _v in points})
    periods = [str(p) for p in periods]
    index = {label: i for i, label in enumerate(periods)}

    left, right, top = 72, 36, 28
    plot_width = width - left - right
    columns = max(1, plot_width // 170)
    legend_rows = math.ceil(len(series) / columns)
    x_axis_height = 48
    height = top + plot_height + x_axis_height + legend_rows * 20 + 8
    low, high, ticks = _scale(values, y_min, y_max)

    def x(i):
        if len(periods) == 1:
            return left + plot_width / 2
        return left + plot_width * i / (len(periods) - 1)

    def y(v):
        return top + plot_height * (1 - (float(v) - low) / (high - low))

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart line-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>',
    ]
    if y_label:
        out.append(f'<text x="4" y="16" font-size="12" fill="#1b1f24">{escape(y_label)}</text>')
    # Horizontal grid lines with the value scale.
    for tick in ticks:
        ty = y(tick)
        label = (y_tick_labels or {}).get(tick)
        if label is None:
            label = _number(tick)
        out.append(
            f'<line x1="{left}" x2="{left + plot_width}" y1="{ty:.1f}" y2="{ty:.1f}" '
            f'stroke="#d5dbe1" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{ty + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#1b1f24">{escape(label)}</text>'
        )
    # Axes.
    bottom = top + plot_height
    out.append(
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{bottom}" stroke="#4f5862"/>'
        f'<line x1="{left}" x2="{left + plot_width}" y1="{bottom}" y2="{bottom}" '
        f'stroke="#4f5862"/>'
    )
    # Period labels: at most about ten, so they never overlap; the latest always shows.
    every = max(1, math.ceil(len(periods) / 10))
    for i, label in enumerate(periods):
        if (len(periods) - 1 - i) % every:
            continue
        out.append(
            f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{bottom}" y2="{bottom + 4}" '
            f'stroke="#4f5862"/>'
            f'<text x="{x(i):.1f}" y="{bottom + 18}" font-size="11" text-anchor="middle" '
            f'fill="#1b1f24">{escape(label)}</text>'
        )
    # One line (split at gaps) and marked points per series.
    for name, points, style in series:
        colour, dash = series_style(style)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        ordered = sorted(
            ((index[str(p)], v) for p, v in points if str(p) in index), key=lambda t: t[0]
        )
        segment = []
        segments = [segment]
        for i, v in ordered:
            if v is None:
                segment = []
                segments.append(segment)
                continue
            segment.append((i, v))
        out.append(f'<g class="series"><title>{escape(name)}</title>')
        for seg in segments:
            if len(seg) > 1:
                coords = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in seg)
                out.append(
                    f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{dash_attr}/>'
                )
        for i, v in ordered:
            if v is None:
                continue
            tip = f"{name}, {periods[i]}: {(y_tick_labels or {}).get(v) or _number(v)}"
            out.append(
                f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                f"<title>{escape(tip)}</title></circle>"
            )
        out.append("</g>")
    # Legend: a sample of each line beside its name.
    legend_top = bottom + x_axis_height - 6
    column_width = plot_width / columns
    for n, (name, _points, style) in enumerate(series):
        colour, dash = series_style(style)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        lx = left + (n % columns) * column_width
        ly = legend_top + (n // columns) * 20
        out.append(
            f'<line x1="{lx:.1f}" x2="{lx + 34:.1f}" y1="{ly:.1f}" y2="{ly:.1f}" '
            f'stroke="{colour}" stroke-width="3"{dash_attr}/>'
            f'<text x="{lx + 40:.1f}" y="{ly + 4:.1f}" font-size="12" '
            f'fill="#1b1f24">{escape(name[:24])}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 (every text above went through escape())
