"""Label placement: place names beside their markers, country names where there is room.

In: a drawn map axes, the :class:`MapPlace` records (in priority order),
the projected leg lines and boxes already taken (markers, scale bar). Out:
text artists added to the axes, none overlapping another label, a marker
or the map's edge, and the display boxes they take.
"""
from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from pipeline.export.render.model import MapPlace
from pipeline.export.render.theme import LABEL_STYLES, MARKER_PT, label_style_key, styled_text

MAX_LABELS = 40          # the most important places get labels; more would crowd any map


def label_places(ax, pts: list[MapPlace], line_xy: np.ndarray, obstacles: list = ()) -> list:
    """Label places so that no two labels, and no label and marker, overlap.

    Labels are placed in priority order (destinations, origins, crossings,
    transit; busier places first). Each takes the free spot beside its
    marker that covers the fewest leg lines (right, left, above, below, then
    the diagonals). Labels with no free spot are moved by adjustText among
    the placed ones and kept only if they then fit; otherwise they are left
    out, the least important first. Returns the display boxes taken by
    labels and markers.
    """
    if not pts:
        return []
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    r = MARKER_PT / 72 * fig.dpi + 2
    markers = [Bbox.from_bounds(*(ax.transData.transform((p.x, p.y)) - r / 2), r, r) for p in pts]
    markers += list(obstacles)
    frame = ax.get_window_extent(renderer)
    step = max(1, len(line_xy) // 600)
    lines_px = ax.transData.transform(line_xy[::step]) if len(line_xy) else np.empty((0, 2))
    xmin, xmax = ax.get_xlim()
    units_per_pt = (xmax - xmin) / (ax.get_window_extent(renderer).width * 72 / fig.dpi)
    gap = (MARKER_PT / 2 + 3) * units_per_pt
    boxes, waiting = [], []
    for p in pts[:MAX_LABELS]:
        t = _place_text(ax, p)
        spots = _spots(p, gap)
        best = _best_spot(t, spots, renderer, frame, boxes, markers, lines_px)
        if best is None:
            _place(t, *spots[0])
            waiting.append((t, p))
            continue
        k, bb = best
        _place(t, *spots[k])
        boxes.append(bb)
    if waiting:
        _place_crowded(ax, waiting, pts, gap, renderer, frame, boxes, markers, units_per_pt)
    return boxes + markers


def _place_text(ax, p: MapPlace):
    """A place's label at its marker, in its style (:func:`~pipeline.export.render.theme.label_style_key`)."""
    text = styled_text(ax, p.x, p.y, p.name, label_style_key(p.kind, p.role), zorder=7)
    text.set_label(label_style_key(p.kind, p.role))  # read back by drawn_label_styles
    return text


def _spots(p: MapPlace, gap: float) -> list[tuple[tuple[float, float], str, str]]:
    """``(position, ha, va)`` beside a marker, in order of preference: right, left, above, below, diagonals."""
    return [((p.x + gap, p.y), "left", "center"), ((p.x - gap, p.y), "right", "center"),
            ((p.x, p.y + gap), "center", "bottom"), ((p.x, p.y - gap), "center", "top"),
            ((p.x + gap * 0.7, p.y + gap * 0.7), "left", "bottom"),
            ((p.x + gap * 0.7, p.y - gap * 0.7), "left", "top"),
            ((p.x - gap * 0.7, p.y + gap * 0.7), "right", "bottom"),
            ((p.x - gap * 0.7, p.y - gap * 0.7), "right", "top")]


def _lines_covered(bb, lines_px: np.ndarray) -> int:
    """How many leg points (display px) fall inside the box ``bb``."""
    return int(((lines_px[:, 0] > bb.x0) & (lines_px[:, 0] < bb.x1)
                & (lines_px[:, 1] > bb.y0) & (lines_px[:, 1] < bb.y1)).sum())


def _best_spot(text, spots, renderer, frame, boxes, markers, lines_px):
    """``(index, box)`` of the free spot covering the fewest leg lines (the first with none), or None."""
    best = None
    for k, (pos, ha, va) in enumerate(spots):
        _place(text, pos, ha, va)
        bb = text.get_window_extent(renderer).padded(2)
        if _fits(bb, frame, boxes, markers):
            covered = _lines_covered(bb, lines_px)
            if best is None or covered < best[0]:
                best = (covered, k, bb)
            if covered == 0:
                break
    return None if best is None else best[1:]


def _place_crowded(ax, waiting, pts: list[MapPlace], gap: float, renderer, frame, boxes: list, markers,
                   units_per_pt: float) -> None:
    """Labels with no free spot beside their marker: moved by adjustText, else farther out, else hidden.

    Each label kept adds its box to ``boxes`` and gets a leader line to its place.
    """
    from adjustText import adjust_text  # imports pyplot and scipy: only when needed

    texts = [t for t, _ in waiting]
    adjust_text(texts, x=np.array([p.x for p in pts]), y=np.array([p.y for p in pts]), objects=list(boxes),
                ax=ax, iter_lim=200, expand=(1.1, 1.25), ensure_inside_axes=True, max_move=(20, 20))
    for t, p in waiting:
        bb = t.get_window_extent(renderer).padded(2)
        if not _fits(bb, frame, boxes, markers):
            bb = _ring_search(t, p, gap, renderer, frame, boxes, markers)
        if bb is None:
            t.set_visible(False)
            continue
        boxes.append(bb)
        _leader(ax, t, p, renderer, units_per_pt)


def _ring_search(text, p: MapPlace, gap: float, renderer, frame, boxes, markers):
    """Farther spots round the marker, nearest ring first; the label's box there, or None."""
    for reach in (2.5, 4.0, 6.0, 9.0):
        for angle in np.radians(np.arange(0, 360, 30)):
            dx, dy = math.cos(angle), math.sin(angle)
            ha = "left" if dx > 0.3 else "right" if dx < -0.3 else "center"
            va = "bottom" if dy > 0.3 else "top" if dy < -0.3 else "center"
            _place(text, (p.x + dx * gap * reach, p.y + dy * gap * reach), ha, va)
            bb = text.get_window_extent(renderer).padded(2)
            if _fits(bb, frame, boxes, markers):
                return bb
    return None


def _place(text, pos, ha, va) -> None:
    """Move a label to ``pos`` with the given alignment."""
    text.set_position(pos)
    text.set_ha(ha)
    text.set_va(va)


def _fits(bb, frame, boxes, markers) -> bool:
    """The box lies inside the map and overlaps no label or marker box."""
    inside = bb.x0 >= frame.x0 and bb.x1 <= frame.x1 and bb.y0 >= frame.y0 and bb.y1 <= frame.y1
    return inside and not any(bb.overlaps(k) for k in boxes) and not any(bb.overlaps(m) for m in markers)


def label_countries(ax, land: gpd.GeoDataFrame, box, taken: list, skip: set[str]) -> None:
    """Light capitals for the larger countries in view, where nothing else is.

    A country is named once, inside its largest visible part, and only if
    that part covers 2% of the map; a name that would touch a place's label
    or marker, another country's name or the map's edge is left out.
    """
    if land.empty:
        return
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    view_area = (box[2] - box[0]) * (box[3] - box[1])
    areas = land.geometry.area.to_numpy()
    order = np.argsort(-areas)
    boxes = list(taken)
    seen = set()
    for i in order:
        name = str(land["name"].iat[i] or "")
        if not name or name.upper() in skip or name in seen or areas[i] < 0.02 * view_area:
            continue
        seen.add(name)
        spot = land.geometry.iat[i].point_on_surface()
        # Plain capitals, no letter spacing: the name stays one searchable word in an SVG.
        text = styled_text(ax, spot.x, spot.y, name, "base", ha="center", va="center", zorder=2)
        text.set_label("base")
        bb = text.get_window_extent(renderer).padded(3)
        if (bb.x0 < frame.x0 or bb.x1 > frame.x1 or bb.y0 < frame.y0 or bb.y1 > frame.y1
                or any(bb.overlaps(b) for b in boxes)):
            text.remove()
            continue
        boxes.append(bb)


def drawn_label_styles(ax) -> set[str]:
    """The label styles (:data:`~pipeline.export.render.theme.LABEL_STYLES` keys) of the labels left visible on ``ax``."""
    return {t.get_label() for t in ax.texts if t.get_visible() and t.get_text() and t.get_label() in LABEL_STYLES}


def _leader(ax, text, place: MapPlace, renderer, units_per_pt: float) -> None:
    """A thin line from a place to its label when adjustText moved the label away."""
    bb = text.get_window_extent(renderer).transformed(ax.transData.inverted())
    nx = min(max(place.x, bb.x0), bb.x1)
    ny = min(max(place.y, bb.y0), bb.y1)
    gap = math.hypot(nx - place.x, ny - place.y) / units_per_pt
    if gap < MARKER_PT / 2 + 6:  # the label sits next to its marker
        return
    d = np.array([nx - place.x, ny - place.y]) / (gap * units_per_pt)
    start = np.array([place.x, place.y]) + d * (MARKER_PT / 2 + 1.5) * units_per_pt
    end = np.array([nx, ny]) - d * 2 * units_per_pt
    ax.add_line(Line2D([start[0], end[0]], [start[1], end[1]], color="#8a8a8a", linewidth=0.6, zorder=6))
