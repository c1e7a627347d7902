"""The map panel: water, land, legs, place markers, labels, scale bar and frame on one axes.

In: the lines to draw with their projected pieces, place roles, the
build's places, country outlines (EPSG:4326), the projection and the view
box. Out: artists on the given axes, whose data units are the
projection's metres.
"""
from __future__ import annotations

import numpy as np
from matplotlib.patches import Polygon, Rectangle

from pipeline.export.render.labels import drawn_label_styles, label_countries, label_places
from pipeline.export.render.legend import scale_bar
from pipeline.export.render.legs import draw_legs, leg_shapes
from pipeline.export.render.markers import map_places, place_marker
from pipeline.export.render.model import Drawn
from pipeline.export.render.projection import project_outlines
from pipeline.export.render.theme import ROLE_ORDER, unit_rgb
from pipeline.view import style


def draw_map_axes(ax, lines, roles, places, outlines, projection, box, arcs, map_w_in) -> Drawn:
    """Draw the whole map panel on ``ax``; returns what it drew, for the legend.

    ``lines`` are the lines to draw (:func:`~pipeline.export.render.legs.line_table`) and
    ``arcs`` their projected pieces; ``roles`` maps place ids to roles;
    ``projection`` is ``(crs, is_world, lon_0, globe)`` (``globe``: the world
    map's outline, or None); ``box`` the view in projected units;
    ``map_w_in`` the panel's width in inches.
    """
    crs, is_world, lon_0, globe = projection
    xmin, ymin, xmax, ymax = box
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    ax.set_axis_off()
    land = _draw_base(ax, outlines, crs, box, is_world, lon_0, globe)
    units_per_pt = (xmax - xmin) / (map_w_in * 72)
    draw_legs(ax, leg_shapes(arcs, lines, units_per_pt))

    pts = map_places(lines, roles, places, arcs)
    for role in ROLE_ORDER:
        mine = [p for p in pts if p.role == role]
        if mine:
            place_marker(ax, [p.x for p in mine], [p.y for p in mine], role, zorder=5)
    # Equal Earth's scale varies too much across a world map for one bar.
    scale = [] if is_world else [scale_bar(ax, box)]
    taken = label_places(ax, pts, np.concatenate([p for pieces in arcs for p in pieces]), obstacles=scale)
    label_countries(ax, land, box, taken + scale, skip={p.name.upper() for p in pts if p.kind == "country"})
    ax.add_patch(_frame(box, "none", edge="#c8c8c8"))
    return Drawn(statuses=tuple(lines["status"]), people=tuple(lines["people"]),
                 roles=frozenset(p.role for p in pts), label_styles=frozenset(drawn_label_styles(ax)))


def _draw_base(ax, outlines, crs, box, is_world: bool, lon_0: float, globe):
    """Water (the frame, or the globe's outline on a world map) and land; returns the land drawn."""
    if globe is None:
        ax.add_patch(_frame(box, style.WATER_COLOR))
    else:
        ax.add_patch(Polygon(globe, closed=True, facecolor=unit_rgb(style.WATER_COLOR), edgecolor="#d5d5d5",
                             linewidth=0.6, zorder=0))
    land = project_outlines(outlines, crs, box, is_world, lon_0)
    if len(land):
        land.plot(ax=ax, color=unit_rgb(style.LAND_COLOR), edgecolor=unit_rgb(style.BORDER_COLOR),
                  linewidth=0.5, zorder=1)
    return land


def _frame(box, face, edge="none"):
    """A rectangle on ``box``: filled below everything, or (``face="none"``) an edge above everything."""
    xmin, ymin, xmax, ymax = box
    return Rectangle((xmin, ymin), xmax - xmin, ymax - ymin, facecolor=face if face == "none" else unit_rgb(face),
                     edgecolor=edge, linewidth=0.8, zorder=0 if face != "none" else 10)
