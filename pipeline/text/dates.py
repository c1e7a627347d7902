"""The one month table, and the timestamp written into files."""
from __future__ import annotations

from datetime import datetime, timezone

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july",
               "august", "september", "october", "november", "december")
# Every spelling of a month we read: full names, three-letter abbreviations, "sept".
MONTHS: dict[str, int] = {
    **{name: i for i, name in enumerate(MONTH_NAMES, 1)},
    **{name[:3]: i for i, name in enumerate(MONTH_NAMES, 1)},
    "sept": 9,
}
# A regex alternative for any of those spellings, longest first (no capture group).
MONTH_WORD = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
# A word that starts like a month ("Sept.", "Septembre"): for rules that must stop at dates.
MONTH_PREFIX = "(?:" + "|".join(name[:3] for name in MONTH_NAMES) + r")[a-z]*"


def month_number(word: str) -> int | None:
    """1..12 for a month's name or abbreviation (any case, trailing dot allowed), else None."""
    return MONTHS.get(word.lower().rstrip("."))


def now_iso() -> str:
    """The current UTC time to the second, ISO 8601 (``2022-09-27T10:09:00+00:00``)."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
