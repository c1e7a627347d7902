"""Colours and sizes shared by the dashboard and the static exports.

One legend for every view. Colours are from the Okabe-Ito palette, which
stays distinguishable with the common colour-vision deficiencies.
"""
from __future__ import annotations

import math

# RGB, 0..255
STATUS_COLORS: dict[str, tuple[int, int, int]] = {
    "completed": (0, 114, 178),   # blue
    "planned": (230, 159, 0),     # orange
    "attempted": (204, 121, 167), # reddish purple
    "blocked": (213, 94, 0),      # vermillion
}
# Places by their role in the legs shown.
ROLE_COLORS: dict[str, tuple[int, int, int]] = {
    "origin": (0, 158, 115),          # bluish green
    "border_crossing": (0, 0, 0),     # black
    "transit": (86, 180, 233),        # sky blue
    "destination": (213, 94, 0),      # vermillion
    "mentioned": (150, 150, 150),     # grey: named, on no leg shown
}
UNKNOWN_COLOR = (120, 120, 120)
LAND_COLOR = (236, 233, 226)
BORDER_COLOR = (170, 165, 155)
WATER_COLOR = (248, 250, 252)

MIN_WIDTH = 1.5   # px, for legs with no stated number of people
MAX_WIDTH = 12.0


def status_color(status: str | None) -> tuple[int, int, int]:
    return STATUS_COLORS.get(status or "", UNKNOWN_COLOR)


def leg_width(people) -> float:
    """Line width in px: log scale of people, a minimum when unknown."""
    try:
        n = float(people)
    except (TypeError, ValueError):
        return MIN_WIDTH
    if not math.isfinite(n) or n < 1:
        return MIN_WIDTH
    # 1 person -> 2 px, 100,000 people -> ~12 px
    return min(MAX_WIDTH, 2.0 + 2.0 * math.log10(n))
