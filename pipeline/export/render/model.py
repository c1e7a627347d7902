"""The values the render modules pass around: the error, the words round the map, placed places, a drawn map.

No drawing here; :class:`DrawnMap` only converts lon/lat to pixels of a
figure that :mod:`pipeline.export.render.layout` drew.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyproj
from matplotlib.figure import Figure

from pipeline.errors import ExodusError


class RenderError(ExodusError):
    """The legs cannot be drawn (nothing to draw, or positions are missing)."""


@dataclass(frozen=True)
class MapText:
    """The words around the map: all editable by the caller; ``description`` is its alt text, kept in the file."""

    title: str
    subtitle: str = ""
    credits: str = ""
    description: str = ""


@dataclass(frozen=True)
class MapPlace:
    """A place on the shown legs, in projected coordinates."""

    place_id: str
    name: str
    kind: str
    role: str
    x: float
    y: float
    priority: tuple


@dataclass(frozen=True)
class Drawn:
    """What the map panel drew, for the legend to explain and nothing more.

    ``statuses`` and ``people``: of each line drawn; ``roles``: of each
    marker; ``label_styles``: keys of
    :data:`~pipeline.export.render.theme.LABEL_STYLES` with a visible label.
    """

    statuses: tuple
    people: tuple
    roles: frozenset
    label_styles: frozenset


@dataclass(frozen=True)
class DrawnMap:
    """A drawn figure, its map axes (data units: metres of ``crs``) and projection."""

    figure: Figure
    map_ax: object
    crs: pyproj.CRS

    def to_pixel(self, lon: float, lat: float, dpi: float | None = None) -> tuple[float, float]:
        """Pixel ``(column, row)`` of a lon/lat point in the saved PNG (row 0 at the top)."""
        x, y = pyproj.Transformer.from_crs(4326, self.crs, always_xy=True).transform(lon, lat)
        scale = (dpi or self.figure.dpi) / self.figure.dpi
        px, py = self.map_ax.transData.transform((x, y))
        height = self.figure.get_figheight() * self.figure.dpi
        return px * scale, (height - py) * scale
