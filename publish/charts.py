"""Small inline SVG charts that need no JavaScript and print the same in browsers and WeasyPrint.

Colours and sizes are attributes, not CSS, so a chart looks the same in the
archive, in a standalone evidence pack and in its PDF. Each chart is an image
with a title and a description that states the data in words; pages also show
the numbers as a table, for anyone who cannot see the bars.
"""

from __future__ import annotations

import math
from gettext import NullTranslations
from html import escape

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 22, 36
BAR = "#0b5394"  # the archive's accent: 7.9:1 against white
INK = "#1b1b1b"
LINE = "#767676"  # 4.5:1 against white, for the axis
#: At most this many month labels under the bars, so they never overlap.
MAX_LABELS = 8
#: A bar is never wider than this: one month of data is one slim bar, not a block across the chart.
MAX_BAR = 48
#: Counts are written above bars only while bars are wide enough to hold them.
MAX_VALUE_LABELS = 24
#: The chart's words as written (English), when no page language is given.
ENGLISH = NullTranslations()


def chart_svg(by_month: list[tuple[str, int]], title: str = "Stories per month",
              chart_id: str = "chart-months", words: NullTranslations = ENGLISH) -> str:
    """A bar chart of ``(YYYY-MM, count)`` pairs as an accessible inline ``<svg>``; '' without data.

    ``words`` is the catalogue of the page's language, for the bars' titles and the description.
    """
    if not by_month:
        return ""
    top = max(count for _, count in by_month) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(by_month)
    bar_w = min(max(slot * 0.7, 1.0), MAX_BAR)
    step = math.ceil(len(by_month) / MAX_LABELS)
    ident = escape(chart_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="sans-serif" font-size="11">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(describe(by_month, words))}</desc>',
        # The axis: a baseline, and the highest count at the top left for scale.
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="{LINE}"/>',
        f'<text x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end" fill="{INK}">{top}</text>',
        f'<text x="{LEFT - 4}" y="{TOP + plot_h}" text-anchor="end" fill="{INK}">0</text>',
    ]
    for i, (month, count) in enumerate(by_month):
        h = plot_h * count / top
        x = LEFT + i * slot + (slot - bar_w) / 2
        y = TOP + plot_h - h
        label = f"{month}: " + words.ngettext("%(num)d story", "%(num)d stories", count) % {"num": count}
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{BAR}">'
                     f'<title>{escape(label)}</title></rect>')
        centre = x + bar_w / 2
        if len(by_month) <= MAX_VALUE_LABELS and count:
            parts.append(f'<text x="{centre:.1f}" y="{y - 3:.1f}" text-anchor="middle" '
                         f'fill="{INK}">{count}</text>')
        if i % step == 0:
            parts.append(f'<text x="{centre:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" '
                         f'fill="{INK}">{escape(month)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def describe(by_month: list[tuple[str, int]], words: NullTranslations = ENGLISH) -> str:
    """The chart's data in one sentence, for screen readers and the SVG's ``<desc>``."""
    total = sum(count for _, count in by_month)
    peak_month, peak = max(by_month, key=lambda item: item[1])
    values = {"num": total, "first": by_month[0][0], "last": by_month[-1][0], "peak": peak,
              "peak_month": peak_month}
    if len(by_month) == 1:
        text = words.ngettext("%(num)d story in %(first)s; the most in one month was %(peak)d, "
                              "in %(peak_month)s.",
                              "%(num)d stories in %(first)s; the most in one month was %(peak)d, "
                              "in %(peak_month)s.", total)
    else:
        text = words.ngettext("%(num)d story from %(first)s to %(last)s; the most in one month was %(peak)d, "
                              "in %(peak_month)s.",
                              "%(num)d stories from %(first)s to %(last)s; the most in one month was "
                              "%(peak)d, in %(peak_month)s.", total)
    return text % values
