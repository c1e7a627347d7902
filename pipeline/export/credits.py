"""The words round an exported map: its sources, credits line and default subtitle.

In: a build, the legs shown and the filter. Out: plain strings, e.g.
``"Sources: Steppe Review, 27 Sep 2022. Map data: Natural Earth, GeoNames."``
and ``"4 legs of 3 journeys from 2 articles · to KZ"``.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from pipeline.view import filters
from pipeline.view.buildio import Build

MAP_DATA_CREDIT = "Map data: Natural Earth, GeoNames"
MAX_SOURCE_ENTRIES = 12  # beyond this, the credits give one entry per outlet


def _source_name(article: dict) -> str:
    """An article's outlet, else its title, else its id."""
    for key in ("outlet", "title", "article_id"):
        value = article.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return "unknown source"


def _nice_date(iso) -> str:
    """``27 Sep 2022`` for an ISO date, empty when there is none."""
    try:
        d = date.fromisoformat(str(iso)[:10])
    except ValueError:
        return ""
    return f"{d.day} {d:%b %Y}"


def sources(build: Build, legs: pd.DataFrame, most: int = MAX_SOURCE_ENTRIES) -> list[str]:
    """``"Outlet, 27 Sep 2022"`` per source of the legs shown, oldest first.

    The source is the article's outlet, or its title when it has none; one
    entry per source and date. Past ``most`` entries, each source gets one
    entry with its date range and number of articles, so the credits line
    stays readable while still naming every source.
    """
    ids = list(dict.fromkeys(legs["article_id"]))
    meta = {}
    if not build.articles.empty and "article_id" in build.articles:
        meta = {r["article_id"]: r for r in build.articles.to_dict("records")}
    by_source: dict[str, list[str]] = {}
    for aid in ids:
        art = meta.get(aid, {"article_id": aid})
        published = art.get("published") if isinstance(art.get("published"), str) else ""
        by_source.setdefault(_source_name(art), []).append(published or "")
    entries = sorted({(d or "9999", name) for name, dates in by_source.items() for d in dates})
    if len(entries) <= most:
        return [f"{name}, {_nice_date(d)}" if d != "9999" else name for d, name in entries]
    out = []
    for name, dates in sorted(by_source.items(), key=lambda kv: (min(d or "9999" for d in kv[1]), kv[0])):
        known = sorted(d for d in dates if d)
        span = ""
        if known:
            first, last = _nice_date(known[0]), _nice_date(known[-1])
            span = first if first == last else f"{first} – {last}"
        count = f"{len(dates)} articles" if len(dates) > 1 else ""
        out.append(name + "".join(f", {part}" for part in (span, count) if part))
    return out


def credits_line(build: Build, legs: pd.DataFrame) -> str:
    """``Sources: ...; ... . Map data: ...`` for the legs shown."""
    return f"Sources: {'; '.join(sources(build, legs))}. {MAP_DATA_CREDIT}."


def default_subtitle(legs: pd.DataFrame, spec: filters.FilterSpec) -> str:
    """Counts and the filter in words, e.g. ``4 legs of 3 journeys from 2 articles · to KZ``."""
    n_legs, n_routes, n_articles = len(legs), legs["route_id"].nunique(), legs["article_id"].nunique()
    parts = [f"{n_legs} leg{'s' * (n_legs != 1)} of {n_routes} journey{'s' * (n_routes != 1)} "
             f"from {n_articles} article{'s' * (n_articles != 1)}"]
    dates = sorted(d for d in legs["published"].dropna().astype(str) if d)
    if dates:
        first, last = _nice_date(dates[0]), _nice_date(dates[-1])
        parts[0] += f" published {first}" if first == last else f" published {first} – {last}"
    if spec.countries:
        role = {"origin": "from", "destination": "to"}.get(spec.country_role, "from or to")
        parts.append(f"{role} {', '.join(spec.countries)}")
    if spec.statuses:
        parts.append(", ".join(spec.statuses))
    if spec.modes:
        parts.append("by " + ", ".join(spec.modes))
    if spec.min_people:
        parts.append(f"at least {spec.min_people:,} people")
    return " · ".join(parts)
