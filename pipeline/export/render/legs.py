"""Legs as drawn lines: which lines to draw, their arrowheads, and batched drawing.

In: the legs table (:func:`line_table` keeps one line per start, end and
status, as the app's map does) and projected polylines. Out: shaft and arrowhead shapes in map
units (:func:`leg_shapes`, :func:`arrow_shapes`), and matplotlib
collections added to an axes by :func:`draw_legs`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection, PolyCollection

from pipeline.export.render.projection import trim_end
from pipeline.export.render.theme import MARKER_PT, PX_TO_PT, unit_rgb
from pipeline.view import style
from pipeline.view.flows import pair_flows

LINE_COLUMNS = ["from_place_id", "to_place_id", "from_name", "to_name", "from_kind", "to_kind", "status",
                "people", "legs", "path", "lane"]


def line_table(flows: pd.DataFrame) -> pd.DataFrame:
    """The lines to draw: the app's flows (:func:`pipeline.view.flows.pair_flows`), one per start, end and status.

    Legs that share both ends and a status (the same move reported twice,
    or by two articles) are one line, as wide as the largest number any of
    them reports: numbers are not added up, because two reports may count
    the same people. ``lane`` numbers the lines that share both ends (one
    per status), so they can be bowed apart; ``path`` is the two ends.
    """
    pairs = pair_flows(flows)
    kinds = dict(zip(flows["from_place_id"].astype(str), flows["from_kind"]))
    kinds.update(zip(flows["to_place_id"].astype(str), flows["to_kind"]))
    lines = pd.DataFrame({
        "from_place_id": pairs["from_id"], "to_place_id": pairs["to_id"],
        "from_name": pairs["from_name"], "to_name": pairs["to_name"],
        "from_kind": pairs["from_id"].map(kinds), "to_kind": pairs["to_id"].map(kinds),
        "status": pairs["status"], "people": pairs["people"], "legs": pairs["legs"],
        "path": [[s, t] for s, t in zip(pairs["source"], pairs["target"])],
    })
    lines["lane"] = lines.groupby(["from_place_id", "to_place_id"], sort=False).cumcount()
    return lines[LINE_COLUMNS]


def head_size(width_pt: float) -> tuple[float, float]:
    """Arrowhead ``(length, half width)`` in points for a line ``width_pt`` wide."""
    return 4.5 + 1.1 * width_pt, 2.6 + 0.75 * width_pt


def arrowhead(xy: np.ndarray, length: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split a polyline for an arrowhead ``length`` long (map units).

    Returns ``(shaft, base, direction)``: the line up to the head's base, the
    base point and the unit vector from base to tip (the polyline's end).
    """
    tip = xy[-1]
    shaft = trim_end(xy, length)
    base = shaft[-1]
    d = tip - base
    n = float(np.hypot(*d))
    if n == 0:
        d, n = xy[-1] - xy[0], float(np.hypot(*(xy[-1] - xy[0]))) or 1.0
    return shaft, base, d / n


def arrow_shapes(xy: np.ndarray, width_pt: float, units_per_pt: float) -> tuple[np.ndarray, np.ndarray]:
    """``(shaft, head)`` of a leg: the line and the arrowhead triangle whose tip is the line's end.

    The head is its own polygon (not a stroked ``FancyArrowPatch``), so its
    size does not grow with the line's stroke width.
    """
    head_len, head_half = head_size(width_pt)
    shaft, base, d = arrowhead(xy, head_len * units_per_pt)
    normal = np.array([-d[1], d[0]])
    head = np.array([xy[-1], base + normal * head_half * units_per_pt, base - normal * head_half * units_per_pt])
    # Run the shaft a little under the head so no gap shows between them.
    shaft = np.vstack([shaft, base + d * min(head_len * 0.3, width_pt) * units_per_pt])
    return shaft, head


def leg_shapes(arcs, lines: pd.DataFrame, units_per_pt: float) -> list[tuple[np.ndarray, np.ndarray | None, tuple, float]]:
    """``(shaft, head, rgb, width_pt)`` per piece of each line, for :func:`draw_legs`.

    A line's last piece stops short of its end marker and carries the
    arrowhead; pieces beyond a world map's edge have no head.
    """
    shapes = []
    for pieces, status, people in zip(arcs, lines["status"], lines["people"]):
        width_pt = style.leg_width(people) * PX_TO_PT
        rgb = unit_rgb(style.status_color(status))
        shaft, head = arrow_shapes(trim_end(pieces[-1], (MARKER_PT / 2 + 1.0) * units_per_pt), width_pt, units_per_pt)
        shapes.append((shaft, head, rgb, width_pt))
        shapes += [(p, None, rgb, width_pt) for p in pieces[:-1]]  # the part beyond the map's edge
    return shapes


def draw_legs(ax, shapes: list[tuple[np.ndarray, np.ndarray, tuple, float]], zorder: float = 3.0) -> None:
    """Draw ``(shaft, head, rgb, width_pt)`` legs, widest first, in one collection per width.

    Each width group gets a white halo below its lines, so thin legs stay
    readable where they cross thick ones. Batching keeps thousands of legs
    fast to draw.
    """
    groups: dict[float, list] = {}
    for shaft, head, rgb, width in shapes:
        # Quarter-point steps: invisible differences, far fewer collections to draw.
        groups.setdefault(round(width * 4) / 4, []).append((shaft, head, rgb))
    for k, width in enumerate(sorted(groups, reverse=True)):
        items = groups[width]
        z = zorder + k * 0.01
        shafts = [it[0] for it in items]
        colors = [it[2] for it in items]
        ax.add_collection(LineCollection(shafts, colors="white", linewidths=width + 2.2, capstyle="butt",
                                         joinstyle="round", zorder=z), autolim=False)
        ax.add_collection(LineCollection(shafts, colors=colors, linewidths=width, capstyle="butt",
                                         joinstyle="round", zorder=z + 0.001), autolim=False)
        heads = [(it[1], it[2]) for it in items if it[1] is not None]
        ax.add_collection(PolyCollection([h for h, _ in heads], facecolors=[c for _, c in heads],
                                         edgecolors="white", linewidths=0.8, joinstyle="miter",
                                         zorder=z + 0.002), autolim=False)
