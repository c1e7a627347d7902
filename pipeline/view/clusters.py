"""Places merged by zoom: nearby places become one point, and flows follow them.

Pure. In: the places on the legs in view (id, name, position, weight) and a
zoom. Out: a :class:`Clustering`: which group each place belongs to, and
each group's point and name. Places whose points fall in one square of
:data:`CELL_PX` screen pixels at that zoom (Web Mercator, as deck.gl draws)
merge; as the zoom grows the squares shrink and the groups split, so a
10,000-leg build reads as a few dozen flows at world zoom and as its own
places zoomed in. Small views are never merged (:data:`MIN_PLACES`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

CELL_PX = 56        # one group per square of this many screen pixels
MIN_PLACES = 80     # views with fewer places on their legs keep every place


@dataclass(frozen=True)
class Clustering:
    """The groups of one zoom level: ``groups`` maps place id to group id (only merged places)."""

    zoom: int
    groups: dict[str, str] = field(default_factory=dict)
    positions: dict[str, list[float]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def merged(self) -> bool:
        return bool(self.groups)


def world_px(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel position at ``zoom`` (deck.gl: the world is 512 * 2**zoom px wide)."""
    size = 512 * 2 ** zoom
    lat = max(-85.0, min(85.0, lat))
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180.0) / 360.0 * size, (1 - y / math.pi) / 2 * size


def cluster_level(zoom: float | None) -> int:
    """The zoom level whose groups a view at ``zoom`` shows (groups change at whole levels)."""
    return max(0, int(math.floor(zoom or 0)))


def cluster_places(places: list[tuple[str, str, float, float, float]], zoom: float, *,
                   cell_px: int = CELL_PX, min_places: int = MIN_PLACES) -> Clustering:
    """Group ``places`` (``(id, name, lon, lat, weight)``) that share a screen square at ``zoom``.

    A group's point is its members' mean weighted by ``weight + 1`` (people
    on its legs, say); its name is its heaviest member's, with how many more
    it holds ("Moscow +3"). A place alone in its square is left as it is.
    """
    level = cluster_level(zoom)
    if len(places) < min_places:
        return Clustering(level)
    cells: dict[tuple[int, int], list[tuple[str, str, float, float, float]]] = {}
    for place in places:
        x, y = world_px(place[2], place[3], level)
        cells.setdefault((int(x // cell_px), int(y // cell_px)), []).append(place)
    groups, positions, names, members = {}, {}, {}, {}
    for (cx, cy), inside in cells.items():
        if len(inside) < 2:
            continue
        gid = f"cluster:{level}:{cx}:{cy}"
        total = sum(p[4] + 1 for p in inside)
        positions[gid] = [round(sum(p[2] * (p[4] + 1) for p in inside) / total, 4),
                          round(sum(p[3] * (p[4] + 1) for p in inside) / total, 4)]
        head = max(inside, key=lambda p: (p[4], p[1]))
        names[gid] = f"{head[1]} +{len(inside) - 1}"
        members[gid] = tuple(p[0] for p in inside)
        groups.update({p[0]: gid for p in inside})
    return Clustering(level, groups, positions, names, members)
