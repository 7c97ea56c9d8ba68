"""Server-rendered SVG charts: no JavaScript, text alternatives built in."""

from django.utils.html import format_html
from django.utils.safestring import mark_safe

BAR_HEIGHT = 18
GAP = 6
LABEL_WIDTH = 150
BAR_WIDTH = 180


def bar_chart(rows, *, title, chart_id, colour="#0b5394"):
    """A horizontal bar chart of ``rows`` = [(label, value)], as accessible SVG.

    The SVG carries a <title> and a <desc> listing every value, so screen readers
    get the numbers; labels are escaped.
    """
    rows = list(rows)
    top = max([value for _label, value in rows] or [0]) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + 50
    desc = "; ".join(f"{label}: {value}" for label, value in rows)
    parts = []
    for index, (label, value) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        bar = round(BAR_WIDTH * value / top)
        short = str(label) if len(str(label)) <= 24 else str(label)[:23] + "…"
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="12">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                '<text x="{}" y="{}" font-size="12">{}</text>',
                y + 13,
                short,
                LABEL_WIDTH,
                y + 2,
                bar,
                BAR_HEIGHT - 4,
                colour,
                LABEL_WIDTH + bar + 5,
                y + 13,
                value,
            )
        )
    return format_html(
        '<svg role="img" aria-labelledby="{id}-t {id}-d" viewBox="0 0 {w} {h}" '
        'class="chart" preserveAspectRatio="xMinYMin meet">'
        '<title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>{body}</svg>',
        id=chart_id,
        w=width,
        h=height,
        title=title,
        desc=desc,
        body=mark_safe("".join(parts)),  # noqa: S308 (every part was built by format_html)
    )
