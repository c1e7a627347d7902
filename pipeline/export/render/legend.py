"""The map's key: status colours, line widths, place markers and name styles below the map; the scale bar on it.

In: what the map panel drew (:class:`~pipeline.export.render.model.Drawn`)
and an axes whose units are inches (legend) or the projection's metres
(scale bar). Out: artists on those axes. The legend explains exactly what
was drawn (:mod:`pipeline.export.key`): each status colour, the span of line
widths, each marker and each style of name, and nothing else.
:func:`scale_bar` also returns the display box it takes, so labels keep
clear of it.
"""
from __future__ import annotations

import math

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from pipeline.export.key import role_entries, status_entries, width_entries
from pipeline.export.render.legs import arrow_shapes, draw_legs
from pipeline.export.render.markers import place_marker
from pipeline.export.render.model import Drawn
from pipeline.export.render.theme import FAINT, INK, MUTED, PX_TO_PT, styled_text, unit_rgb, with_halo
from pipeline.view import style

# Each style of name, in the legend's order: a sample word and what the style means.
NAME_SAMPLES = {
    "end": ("Town", "city or region where journeys start or end"),
    "stop": ("Town", "border crossing or stop on the way"),
    "country": ("Country", "the source names only the country; the dot stands for all of it"),
    "base": ("Country", "country of the base map"),
}
ROW_IN, TOP_IN = 0.24, 0.15          # legend row height and top margin, inches
GROUPS_H_IN = 1.25                   # status, width and marker groups
NAMES_H_IN = 0.45                    # the names group's heading and margin; plus ROW_IN per row
ARROW_PT = style.leg_width(100) * PX_TO_PT  # the status arrows: a middling line, so colours show
WIDTH_NOTE = "One line per pair of places and status; its largest count sets the width."


def scale_bar(ax, box) -> Bbox:
    """A round-number scale bar, bottom left, true at the projection's centre; its display box."""
    xmin, ymin, xmax, ymax = box
    target = (xmax - xmin) / 6
    exp = 10 ** math.floor(math.log10(target))
    length = max(m * exp for m in (1, 2, 5) if m * exp <= target) if target >= exp else exp
    x0, y0 = xmin + (xmax - xmin) * 0.03, ymin + (ymax - ymin) * 0.04
    ax.plot([x0, x0 + length], [y0, y0], color=MUTED, linewidth=1.6, solid_capstyle="butt", zorder=8)
    for x in (x0, x0 + length):
        ax.plot([x, x], [y0, y0 + (ymax - ymin) * 0.008], color=MUTED, linewidth=1.0, zorder=8)
    label = f"{length / 1000:,.0f} km" if length >= 1000 else f"{length:,.0f} m"
    text = with_halo(ax.text(x0 + length / 2, y0 + (ymax - ymin) * 0.014, label, ha="center", va="bottom",
                             fontsize=8, color=MUTED, zorder=8), 2.5)
    renderer = ax.figure.canvas.get_renderer()
    (bx0, by0), (bx1, _) = ax.transData.transform([(x0, y0), (x0 + length, y0)])
    label_box = text.get_window_extent(renderer)
    return Bbox.from_extents(min(bx0, label_box.x0), by0 - 3, max(bx1, label_box.x1), label_box.y1).padded(8)


def legend_height(name_styles) -> float:
    """Inches the legend needs when these name styles may be drawn (two per row)."""
    rows = math.ceil(len([k for k in NAME_SAMPLES if k in set(name_styles)]) / 2)
    return GROUPS_H_IN + (NAMES_H_IN + ROW_IN * rows if rows else 0.0)


def draw_legend(ax, drawn: Drawn, width_in: float, height_in: float) -> None:
    """The legend groups: status colours, line widths and place markers in a row, then styles of names."""
    ax.set_xlim(0, width_in)
    ax.set_ylim(0, height_in)
    ax.set_axis_off()
    top = height_in - TOP_IN

    def heading(x, y, label):
        ax.text(x, y, label, fontsize=9, fontweight="bold", color=INK, va="top", ha="left")

    # Status colours: short arrows.
    heading(0.0, top, "Journey status")
    for j, entry in enumerate(status_entries(drawn.statuses)):
        col, r = divmod(j, 2)
        x, y = col * 1.45, top - 0.34 - r * ROW_IN
        _legend_arrow(ax, x, y, unit_rgb(entry.rgb), ARROW_PT)
        ax.text(x + 0.55, y, entry.label, fontsize=9, color=MUTED, va="center")

    # Width scale: the head counts drawn.
    x0 = 3.35
    heading(x0, top, "People (line width)")
    for k, entry in enumerate(width_entries(drawn.people)):
        x, y = x0 + 0.64 * k, top - 0.34
        ax.add_line(Line2D([x, x + 0.42], [y, y], color="#777777", linewidth=entry.width_px * PX_TO_PT,
                           solid_capstyle="butt"))
        ax.text(x + 0.21, y - 0.17, entry.label, fontsize=8, color=MUTED, va="top", ha="center")
    ax.text(x0, top - 0.34 - 2 * ROW_IN - 0.02, WIDTH_NOTE, fontsize=7.5, color=FAINT, va="center")

    # Place markers: the roles drawn.
    x0 = 6.75
    heading(x0, top, "Places")
    for j, entry in enumerate(role_entries(drawn.roles)):
        col, rr = divmod(j, 2)
        x, y = x0 + col * 1.75, top - 0.34 - rr * ROW_IN
        place_marker(ax, x + 0.06, y, entry.value, zorder=5, clip_on=False)
        ax.text(x + 0.22, y, entry.label, fontsize=9, color=MUTED, va="center")

    # Styles of names: a sample in each style drawn, and what it means.
    names = [k for k in NAME_SAMPLES if k in drawn.label_styles]
    if names:
        y0 = top - (GROUPS_H_IN - 0.1)
        heading(0.0, y0, "Names")
        for j, key in enumerate(names):
            r, col = divmod(j, 2)
            x, y = col * width_in / 2, y0 - 0.34 - r * ROW_IN
            sample, meaning = NAME_SAMPLES[key]
            styled_text(ax, x, y, sample, key, va="center", ha="left")
            ax.text(x + 0.85, y, meaning, fontsize=8.5, color=MUTED, va="center")


def _legend_arrow(ax, x, y, color, width_pt):
    """A short arrow in the legend axes, whose units are inches."""
    shaft, head = arrow_shapes(np.array([[x, y], [x + 0.45, y]]), width_pt, 1 / 72)
    draw_legs(ax, [(shaft, head, color, width_pt)])
