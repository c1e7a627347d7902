"""What an export's legend explains: only the colours, widths and symbols it draws.

Pure: in, the statuses, head counts and place roles of what is drawn; out,
:class:`KeyEntry` rows with their words and the app's colours and widths
(:mod:`pipeline.view.style`). The static map's legend
(:mod:`pipeline.export.render.legend`) and the HTML page's legend
(:mod:`pipeline.export.html`) both draw from these, so neither explains a
style it does not draw or leaves one unexplained.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from pipeline.view import style

STATUS_LABELS = {"completed": "Completed", "planned": "Planned", "attempted": "Attempted", "blocked": "Blocked"}
ROLE_LABELS = {"origin": "Origin", "border_crossing": "Border crossing", "transit": "Stop on the way",
               "destination": "Destination", "mentioned": "Named, on no journey shown"}
ROLE_ORDER = ("origin", "border_crossing", "transit", "destination", "mentioned")
NOT_STATED = "not stated"
MAX_WIDTH_SAMPLES = 4


@dataclass(frozen=True)
class KeyEntry:
    """One row of a legend: what it stands for, its words, and its colour or width."""

    value: object            # the status, the head count (None: not stated) or the role
    label: str
    rgb: tuple[int, int, int] = style.UNKNOWN_COLOR
    width_px: float = 0.0


def status_entries(statuses) -> list[KeyEntry]:
    """One entry per status drawn, in the app's order; an unknown status keeps its own name and grey."""
    present = {s for s in statuses if isinstance(s, str) and s}
    known = [s for s in style.STATUS_COLORS if s in present]
    other = sorted(present - set(known))
    return [KeyEntry(s, STATUS_LABELS.get(s, s.replace("_", " ").capitalize()), style.status_color(s))
            for s in known + other]


def _count(value) -> int | None:
    """A stated head count of at least 1, else None (drawn at the minimum width, as "not stated")."""
    try:
        n = float(value)
    except (TypeError, ValueError):
        return None
    return int(n) if math.isfinite(n) and n >= 1 else None


def width_entries(people, most: int = MAX_WIDTH_SAMPLES) -> list[KeyEntry]:
    """Line-width samples that span the head counts drawn, and "not stated" when a line has none.

    The smallest and largest counts drawn, with round powers of ten between
    them, at most ``most`` numbers in all; no sample outside what is drawn.
    """
    counts = [_count(p) for p in people]
    stated = sorted({c for c in counts if c is not None})
    out = [KeyEntry(None, NOT_STATED, width_px=style.leg_width(None))] if None in counts else []
    if not stated:
        return out
    lo, hi = stated[0], stated[-1]
    samples = sorted({lo, hi} | {10 ** k for k in range(1, 10) if lo < 10 ** k < hi})
    if len(samples) > most:
        picks = {round(i * (len(samples) - 1) / (most - 1)) for i in range(most)}
        samples = [s for i, s in enumerate(samples) if i in picks]
    return out + [KeyEntry(n, f"{n:,}", width_px=style.leg_width(n)) for n in samples]


def role_entries(roles) -> list[KeyEntry]:
    """One entry per place role drawn, in :data:`ROLE_ORDER`."""
    present = set(roles)
    return [KeyEntry(r, ROLE_LABELS[r], style.ROLE_COLORS[r]) for r in ROLE_ORDER if r in present]
