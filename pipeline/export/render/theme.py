"""Sizes, inks and small style helpers shared by every part of the static map.

Colours of statuses and roles come from :mod:`pipeline.view.style` (the
app's legend); this module adds what only the static map needs: point
sizes, text inks, the order roles are drawn in, and conversions from the
app's 0..255 RGB and px to matplotlib's units.
"""
from __future__ import annotations

from matplotlib import patheffects

PX_TO_PT = 0.75          # the app's widths are CSS px; 1 px = 0.75 pt
MARKER_PT = 7.0          # place marker diameter
ROLE_ORDER = ("origin", "border_crossing", "transit", "destination")
INK, MUTED, FAINT = "#1a1a1a", "#555555", "#7a7a7a"


def halo(width: float = 3.0, color: str = "white"):
    """A white outline round text or lines, so they stay readable over legs and land."""
    return [patheffects.withStroke(linewidth=width, foreground=color)]


def unit_rgb(color) -> tuple[float, float, float]:
    """A 0..255 RGB colour (as in :mod:`pipeline.view.style`) in matplotlib's 0..1 units."""
    return tuple(c / 255 for c in color)
