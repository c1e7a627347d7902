"""Places on the static map: which places the drawn lines touch, and their markers.

In: the lines drawn, their projected pieces, place roles and the build's
places (for mention counts). Out: :class:`MapPlace` records in label
priority order, and the marker symbol drawn for a role (also used in the
legend).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.export.render.model import MapPlace
from pipeline.export.render.theme import MARKER_PT, unit_rgb
from pipeline.view import style


def place_marker(ax, x, y, role, zorder, clip_on=True):
    """A place marker: a dot in its role's colour with the app's dark rim (a yellow dot stays visible on
    pale land); border crossings a black diamond with a white rim, as in the app."""
    crossing = role == "border_crossing"
    ax.scatter(np.atleast_1d(x), np.atleast_1d(y), s=(MARKER_PT * (1.25 if crossing else 1.0)) ** 2,
               marker="D" if crossing else "o", color=unit_rgb(style.ROLE_COLORS[role]),
               edgecolors="white" if crossing else unit_rgb(style.PLACE_OUTLINE),
               linewidths=1.2 if crossing else 0.9, zorder=zorder, clip_on=clip_on)


def map_places(flows, roles, places, arcs) -> list[MapPlace]:
    """The places at the ends of the drawn lines, most important first (the label order).

    Destinations, then origins, crossings and transit stops; within a role,
    places on more lines, then with more mentions, first.
    """
    mentions = {}
    if not places.empty and "place_id" in places:
        mentions = dict(zip(places["place_id"], pd.to_numeric(places.get("mentions"), errors="coerce").fillna(0)))
    legs_through: dict[str, int] = {}
    found: dict[str, tuple] = {}
    for i, row in enumerate(flows.to_dict("records")):
        for end, xy in (("from", arcs[i][0][0]), ("to", arcs[i][-1][-1])):
            pid = row[f"{end}_place_id"]
            legs_through[pid] = legs_through.get(pid, 0) + 1
            found.setdefault(pid, (row[f"{end}_name"], row.get(f"{end}_kind") or "other", xy))
    role_rank = {"destination": 0, "origin": 1, "border_crossing": 2, "transit": 3}
    out = []
    for pid, (name, kind, xy) in found.items():
        role = roles.get(pid, "transit")
        prio = (role_rank[role], -legs_through[pid], -float(mentions.get(pid, 0)), str(name))
        out.append(MapPlace(pid, str(name), str(kind), role, float(xy[0]), float(xy[1]), prio))
    return sorted(out, key=lambda p: p.priority)
