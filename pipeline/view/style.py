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
# Places by their role in the legs shown. No colour of a status: a yellow
# destination dot never reads as a vermillion "blocked" arc.
ROLE_COLORS: dict[str, tuple[int, int, int]] = {
    "origin": (0, 158, 115),          # bluish green
    "border_crossing": (0, 0, 0),     # black
    "transit": (86, 180, 233),        # sky blue
    "destination": (240, 228, 66),    # yellow
    "mentioned": (150, 150, 150),     # grey: named, on no leg shown
}
ROLE_NAMES = {"origin": "green", "transit": "sky blue", "destination": "yellow", "mentioned": "grey"}
STATUS_NAMES = {"completed": "blue", "planned": "orange", "attempted": "purple", "blocked": "vermillion"}
PLACE_OUTLINE = (40, 40, 40)      # dark rim: yellow and sky blue stay visible on pale land
COUNTRY_NAME_COLOR = (100, 92, 80)
CITY_NAME_COLOR = (35, 35, 35)
UNKNOWN_COLOR = (120, 120, 120)
LAND_COLOR = (236, 233, 226)
BORDER_COLOR = (150, 143, 132)
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


def place_radius(people, legs: int = 0) -> float:
    """Point radius in px: grows with the log of the people in and out; 3 px for a place on no leg."""
    n = float(people or 0)
    if not legs and n <= 0:
        return 3.0
    return round(min(16.0, 4.0 + 2.0 * math.log10(1 + max(n, 0))), 2)
