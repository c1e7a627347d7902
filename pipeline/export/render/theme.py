"""Sizes, inks and small style helpers shared by every part of the static map.

Colours of statuses and roles come from :mod:`pipeline.view.style` (the
app's legend); this module adds what only the static map needs: point
sizes, text inks, the order roles are drawn in, and conversions from the
app's 0..255 RGB and px to matplotlib's units.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

from matplotlib import patheffects

PX_TO_PT = 0.75          # the app's widths are CSS px; 1 px = 0.75 pt
MARKER_PT = 7.0          # place marker diameter
ROLE_ORDER = ("origin", "border_crossing", "transit", "destination")
INK, MUTED, FAINT = "#1a1a1a", "#555555", "#7a7a7a"
BASE_LABEL = "#a8a398"   # country names of the base map: lighter than any place's label
HALO_GID = "halo"        # group id prefix of texts with a halo: ``halo-<width>-<n>``
_HALO_IDS = itertools.count()


def halo(width: float = 3.0, color: str = "white"):
    """A white outline round text or lines, so they stay readable over legs and land."""
    return [patheffects.withStroke(linewidth=width, foreground=color)]


def with_halo(text, width: float = 3.0):
    """Give a text artist a white outline of ``width`` points; returns the artist.

    In a PNG the outline is a path effect. A path effect would turn an SVG's
    text into outlines, so the SVG writer (:mod:`pipeline.export.render.svg`)
    drops it and draws a white-stroked copy of the text beneath instead: the
    group id tells it which texts and how wide.
    """
    text.set_path_effects(halo(width))
    text.set_gid(f"{HALO_GID}-{width:g}-{next(_HALO_IDS)}")
    return text


def unit_rgb(color) -> tuple[float, float, float]:
    """A 0..255 RGB colour (as in :mod:`pipeline.view.style`) in matplotlib's 0..1 units."""
    return tuple(c / 255 for c in color)


@dataclass(frozen=True)
class LabelStyle:
    """How one kind of name is written on the map; the legend shows each style drawn in this same style."""

    size: float
    color: str
    weight: str = "normal"
    capitals: bool = False
    halo: float = 0.0        # white outline width in points (0: none)


# Keyed by what the name is; the legend explains each style drawn.
LABEL_STYLES = {
    "end": LabelStyle(10, INK, "bold", halo=3.2),               # a city or region where journeys start or end
    "stop": LabelStyle(10, INK, halo=3.2),                       # a border crossing or a stop on the way
    "country": LabelStyle(8.5, MUTED, capitals=True, halo=3.2),  # the source names only the country
    "base": LabelStyle(8, BASE_LABEL, capitals=True),            # the base map's country names
}


def label_style_key(kind: str, role: str) -> str:
    """The :data:`LABEL_STYLES` key of a place's label from its kind and role."""
    if kind == "country":
        return "country"
    return "end" if role in ("origin", "destination") else "stop"


def styled_text(ax, x, y, text: str, key: str, **kwargs):
    """``ax.text`` in the label style ``key`` (capitals, weight, colour, halo); extra ``kwargs`` pass through."""
    st = LABEL_STYLES[key]
    artist = ax.text(x, y, text.upper() if st.capitals else text, fontsize=st.size, color=st.color,
                     fontweight=st.weight, **kwargs)
    return with_halo(artist, st.halo) if st.halo else artist
