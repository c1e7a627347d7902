"""The map's key: status colours, line widths and place roles below the map, and the scale bar on it.

In: the legs drawn (for the statuses and roles present) and an axes whose
units are inches (legend) or the projection's metres (scale bar). Out:
artists on those axes; :func:`scale_bar` also returns the display box it
takes, so labels keep clear of it.
"""
from __future__ import annotations

import math

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from pipeline.export.render.legs import arrow_shapes, draw_legs
from pipeline.export.render.markers import place_marker
from pipeline.export.render.theme import FAINT, INK, MUTED, PX_TO_PT, ROLE_ORDER, halo, unit_rgb
from pipeline.view import style
from pipeline.view.roles import place_roles

ROLE_LABELS = {"origin": "Origin", "border_crossing": "Border crossing",
               "transit": "Transit", "destination": "Destination"}
WIDTH_SAMPLES = ((None, "not stated"), (10, "10"), (1_000, "1,000"), (100_000, "100,000"))


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
    text = ax.text(x0 + length / 2, y0 + (ymax - ymin) * 0.014, label, ha="center", va="bottom", fontsize=8,
                   color=MUTED, zorder=8, path_effects=halo(2.5))
    renderer = ax.figure.canvas.get_renderer()
    (bx0, by0), (bx1, _) = ax.transData.transform([(x0, y0), (x0 + length, y0)])
    label_box = text.get_window_extent(renderer)
    return Bbox.from_extents(min(bx0, label_box.x0), by0 - 3, max(bx1, label_box.x1), label_box.y1).padded(8)


def draw_legend(ax, flows, width_in: float, height_in: float) -> None:
    """Three legend groups in a row: status colours, width scale, place roles."""
    ax.set_xlim(0, width_in)
    ax.set_ylim(0, height_in)
    ax.set_axis_off()
    top = height_in - 0.15
    row = 0.24
    statuses = [s for s in style.STATUS_COLORS if s in set(flows["status"])]
    statuses += sorted({s for s in flows["status"].dropna() if s not in style.STATUS_COLORS})
    roles_present = set(place_roles(flows).values())

    def heading(x, label):
        ax.text(x, top, label, fontsize=9, fontweight="bold", color=INK, va="top", ha="left")

    # Status colours: short arrows.
    heading(0.0, "Journey status")
    for j, s in enumerate(statuses):
        col, r = divmod(j, 2)
        x, y = col * 1.45, top - 0.34 - r * row
        _legend_arrow(ax, x, y, unit_rgb(style.status_color(s)), style.leg_width(100) * PX_TO_PT)
        ax.text(x + 0.55, y, s.capitalize(), fontsize=9, color=MUTED, va="center")

    # Width scale: people on the move.
    x0 = 3.35
    heading(x0, "People (line width)")
    x = x0
    for people, label in WIDTH_SAMPLES:
        y = top - 0.34
        ax.add_line(Line2D([x, x + 0.42], [y, y], color="#777777", linewidth=style.leg_width(people) * PX_TO_PT,
                           solid_capstyle="butt"))
        ax.text(x + 0.21, y - 0.17, label, fontsize=8, color=MUTED, va="top", ha="center")
        x += 0.78

    # Place roles: markers.
    x0 = 6.75
    heading(x0, "Places")
    shown = [r for r in ROLE_ORDER if r in roles_present]
    for j, r in enumerate(shown):
        col, rr = divmod(j, 2)
        x, y = x0 + col * 1.75, top - 0.34 - rr * row
        place_marker(ax, x + 0.06, y, r, zorder=5, clip_on=False)
        ax.text(x + 0.22, y, ROLE_LABELS[r], fontsize=9, color=MUTED, va="center")
    if (flows["from_kind"] == "country").any() or (flows["to_kind"] == "country").any():
        ax.text(x0, top - 0.34 - 2 * row - 0.02, "Names in dark capitals: the source gives only the country.",
                fontsize=7.5, color=FAINT, va="center")


def _legend_arrow(ax, x, y, color, width_pt):
    """A short arrow in the legend axes, whose units are inches."""
    shaft, head = arrow_shapes(np.array([[x, y], [x + 0.45, y]]), width_pt, 1 / 72)
    draw_legs(ax, [(shaft, head, color, width_pt)])
