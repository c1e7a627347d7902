"""Time for the map: the span of the legs' dates and the weeks a playback steps through.

Pure. A leg's date is its journey date, else its article's publication date
(:func:`pipeline.view.flows.leg_dates`). Playback shows the journeys
*appearing*: every step keeps the window's start and moves its end one week
on, until the last date.
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from pipeline.view.flows import leg_dates

STEP = timedelta(days=7)


def parse_date(value) -> date | None:
    """An ISO date (``YYYY-MM-DD``) as a date; None when blank or malformed."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()) if value and str(value).strip() else None
    except ValueError:
        return None


def date_span(legs: pd.DataFrame) -> tuple[date, date] | None:
    """The first and last leg date of ``legs``, or None when no leg has a date."""
    if legs.empty:
        return None
    dates = [d for d in (parse_date(v) for v in leg_dates(legs).dropna().unique()) if d]
    return (min(dates), max(dates)) if dates else None


def clamp_window(low: date | None, high: date | None, span: tuple[date, date]) -> tuple[date, date]:
    """A window inside ``span``: missing ends become the span's, a reversed window is put in order."""
    first, last = span
    low = min(max(low or first, first), last)
    high = min(max(high or last, first), last)
    return (low, high) if low <= high else (high, low)


def first_step(span: tuple[date, date]) -> tuple[date, date]:
    """Playback's first window: the span's first week."""
    return span[0], min(span[1], span[0] + STEP - timedelta(days=1))


def next_step(window: tuple[date, date], span: tuple[date, date]) -> tuple[date, date] | None:
    """The window one week later (same start, end a week on), or None once it reached the span's end."""
    start, end = window
    if end >= span[1]:
        return None
    return start, min(span[1], end + STEP)


def step_label(window: tuple[date, date], span: tuple[date, date]) -> str:
    """'Week 3 of 12: journeys from 2022-09-21 to 2022-10-11'."""
    weeks = (span[1] - span[0]).days // 7 + 1
    week = min(weeks, (window[1] - span[0]).days // 7 + 1)
    return f"Week {week} of {weeks}: journeys from {window[0].isoformat()} to {window[1].isoformat()}"
