"""The figure's layout: title, subtitle, map, legend and credits stacked on one page.

In: the legs to draw, the build's places, country outlines and the
:class:`MapText`. Out: a :class:`DrawnMap` (a matplotlib ``Figure`` sized
in inches, its map axes and projection). Sizes are worked out in inches
from the top-left; the text is wrapped so that dates never break.
"""
from __future__ import annotations

import re
import textwrap

import numpy as np
import pyproj
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from pipeline.export.render.legend import draw_legend, legend_height
from pipeline.export.render.legs import line_table
from pipeline.export.render.map_axes import draw_map_axes
from pipeline.export.render.model import DrawnMap, MapText, RenderError
from pipeline.export.render.projection import leg_endpoints, project_legs, view_box, world_outline
from pipeline.export.render.theme import FAINT, INK, MUTED, label_style_key
from pipeline.view.roles import place_roles

FIG_WIDTH_IN = 12.0      # fonts are sized for this width; dpi scales it to width_px

_DATE = re.compile(r"\b(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})\b")


def _wrap(text: str, width: int) -> str:
    """Wrap to lines of ``width`` characters, never inside a date such as "27 Sep 2022"."""
    if not text:
        return ""
    text = _DATE.sub("\\1\u00a0\\2\u00a0\\3", text)
    return "\n".join(textwrap.wrap(text, width=width, break_on_hyphens=False))


def _lines(text: str) -> int:
    """Number of lines in wrapped text (0 for none)."""
    return text.count("\n") + 1 if text else 0


def draw_figure(flows, places, outlines, text: MapText, width_px: int) -> DrawnMap:
    """The page for ``flows``: header, map, legend and credits (see :func:`pipeline.export.render.render_map`)."""
    lines = line_table(flows)
    arcs, crs, is_world, lon_0 = project_legs(leg_endpoints(lines), lines["lane"].to_numpy())
    all_xy = np.concatenate([p for pieces in arcs for p in pieces])
    if not np.isfinite(all_xy).all():
        raise RenderError("a leg's coordinates cannot be projected")
    globe = world_outline(pyproj.Transformer.from_crs(4326, crs, always_xy=True), lon_0) if is_world else None

    # Layout in inches; the figure is FIG_WIDTH_IN wide whatever the pixel width.
    margin = 0.45
    map_w = FIG_WIDTH_IN - 2 * margin
    box, aspect = map_box(all_xy, is_world, globe)
    map_h = map_w * aspect
    title = _wrap(text.title, 68)
    subtitle = _wrap(text.subtitle, 118)
    credits = _wrap(text.credits, 178)
    roles = place_roles(flows)
    header_h, legend_h, fig_h = page_heights(title, subtitle, credits, map_h, name_styles(lines, roles))
    fig = Figure(figsize=(FIG_WIDTH_IN, fig_h), dpi=width_px / FIG_WIDTH_IN, facecolor="white")
    FigureCanvasAgg(fig)

    def frac(x, y, w, h):  # inches from the top-left -> figure fraction rect
        return [x / FIG_WIDTH_IN, 1 - (y + h) / fig_h, w / FIG_WIDTH_IN, h / fig_h]

    y = 0.35
    fig.text(margin / FIG_WIDTH_IN, 1 - y / fig_h, title, ha="left", va="top", fontsize=22,
             fontweight="bold", color=INK, linespacing=1.15)
    y += 0.36 * _lines(title)
    if subtitle:
        fig.text(margin / FIG_WIDTH_IN, 1 - (y + 0.1) / fig_h, subtitle, ha="left", va="top",
                 fontsize=13, color=MUTED, linespacing=1.3)
    ax = fig.add_axes(frac(margin, header_h, map_w, map_h))
    drawn = draw_map_axes(ax, lines, roles, places, outlines, (crs, is_world, lon_0, globe), box, arcs, map_w)
    leg_ax = fig.add_axes(frac(margin, header_h + map_h + 0.1, map_w, legend_h - 0.1))
    draw_legend(leg_ax, drawn, map_w, legend_h - 0.1)
    if credits:
        fig.text(margin / FIG_WIDTH_IN, (0.3) / fig_h, credits, ha="left", va="bottom", fontsize=8.5,
                 color=FAINT, linespacing=1.45)
    return DrawnMap(fig, ax, crs)


def map_box(all_xy: np.ndarray, is_world: bool, globe: np.ndarray | None):
    """``(box, aspect)``: the view round every projected point, never beyond a world map's edge."""
    box, aspect = view_box(all_xy, aspect=None, pad=0.06 if is_world else 0.14)
    if globe is not None:  # never show space beyond the globe's edge
        gx0, gy0 = globe.min(axis=0)
        gx1, gy1 = globe.max(axis=0)
        box = (max(box[0], gx0), max(box[1], gy0), min(box[2], gx1), min(box[3], gy1))
        aspect = (box[3] - box[1]) / (box[2] - box[0])
    return box, aspect


def name_styles(lines, roles: dict[str, str]) -> set[str]:
    """The styles of names the map may draw (before labels are placed): those of the lines' ends, and the base map's."""
    ends = [(lines[f"{e}_place_id"], lines[f"{e}_kind"]) for e in ("from", "to")]
    found = {label_style_key(str(kind or "other"), roles.get(pid, "transit"))
             for ids, kinds in ends for pid, kind in zip(ids, kinds)}
    return found | {"base"}


def page_heights(title: str, subtitle: str, credits: str, map_h: float,
                 styles=()) -> tuple[float, float, float]:
    """``(header, legend, page)`` heights in inches for the wrapped text, a map ``map_h`` tall and name ``styles``."""
    header_h = 0.35 + 0.36 * _lines(title) + (0.1 + 0.24 * _lines(subtitle) if subtitle else 0) + 0.25
    legend_h = legend_height(styles)
    credits_h = 0.172 * _lines(credits) + 0.4
    fig_h = header_h + map_h + legend_h + credits_h
    return header_h, legend_h, fig_h
