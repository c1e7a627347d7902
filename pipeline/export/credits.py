"""The words round an exported map: its sources, credits line and default subtitle.

In: a build, the legs shown and the filter. Out: plain strings, e.g.
``"Sources: Steppe Review, 27 Sep 2022. Map data: Natural Earth, GeoNames."``
and ``"4 legs of 3 journeys from 2 articles published 27–28 Sep 2022 · to Kazakhstan"``.
"""
from __future__ import annotations

import pandas as pd

from pipeline.export.words import articles_phrase, date_span, filter_phrases, nice_date, plural
from pipeline.view import filters
from pipeline.view.buildio import Build

MAP_DATA_CREDIT = "Map data: Natural Earth, GeoNames"
MAX_SOURCE_ENTRIES = 12  # beyond this, the credits give one entry per outlet
UNNAMED_SOURCE = "unnamed source"


def source_name(article: dict) -> str:
    """An article's outlet, else its title in quotes, else "unnamed source" (never the file's slug)."""
    outlet, title = (article.get(k) for k in ("outlet", "title"))
    if isinstance(outlet, str) and outlet.strip():
        return " ".join(outlet.split())
    if isinstance(title, str) and title.strip():
        return f"“{' '.join(title.split())}”"
    return UNNAMED_SOURCE


def article_table(build: Build) -> dict[str, dict]:
    """article id -> the article's record (title, outlet, published ...)."""
    if build.articles.empty or "article_id" not in build.articles:
        return {}
    return {r["article_id"]: r for r in build.articles.to_dict("records")}


def country_names(build: Build) -> dict[str, str]:
    """ISO code -> the name the build's country places use (as the app's sidebar shows them)."""
    places = build.places
    if places.empty or "kind" not in places:
        return {}
    countries = places[places["kind"] == "country"]
    return {str(c): str(n) for c, n in zip(countries["country_code"], countries["name"])
            if isinstance(c, str) and isinstance(n, str) and n.strip()}


def sources(build: Build, legs: pd.DataFrame, most: int = MAX_SOURCE_ENTRIES) -> list[str]:
    """``"Outlet, 27 Sep 2022"`` per source of the legs shown, oldest first.

    The source is the article's outlet, or its title when it has none
    (:func:`source_name`); one
    entry per source and date. Past ``most`` entries, each source gets one
    entry with its date range and number of articles, so the credits line
    stays readable while still naming every source.
    """
    ids = list(dict.fromkeys(legs["article_id"]))
    meta = article_table(build)
    by_source: dict[str, list[str]] = {}
    for aid in ids:
        art = meta.get(aid, {})
        published = art.get("published") if isinstance(art.get("published"), str) else ""
        by_source.setdefault(source_name(art), []).append(published or "")
    entries = sorted({(d or "9999", name) for name, dates in by_source.items() for d in dates})
    if len(entries) <= most:
        return [f"{name}, {nice_date(d)}" if d != "9999" else name for d, name in entries]
    out = []
    for name, dates in sorted(by_source.items(), key=lambda kv: (min(d or "9999" for d in kv[1]), kv[0])):
        known = sorted(d for d in dates if d)
        span = date_span(known[0], known[-1]) if known else ""
        count = plural(len(dates), "article") if len(dates) > 1 else ""
        out.append(name + "".join(f", {part}" for part in (span, count) if part))
    return out


def credits_line(build: Build, legs: pd.DataFrame) -> str:
    """``Sources: ...; ... . Map data: ...`` for the legs shown."""
    return f"Sources: {'; '.join(sources(build, legs))}. {MAP_DATA_CREDIT}."


def published_by_article(legs: pd.DataFrame) -> list:
    """One publication date (ISO string, or None) per article of the legs shown."""
    if "published" not in legs:
        return [None] * legs["article_id"].nunique()
    first = legs.groupby("article_id", sort=False)["published"].first()
    return [d if isinstance(d, str) and d else None for d in first]


def default_subtitle(legs: pd.DataFrame, spec: filters.FilterSpec, names: dict[str, str] | None = None,
                     titles: dict[str, str] | None = None) -> str:
    """Counts, publication dates and the filter in words.

    e.g. ``"10 legs of 9 journeys from 4 articles, 1 published 27 Sep 2022,
    3 undated · to Kazakhstan"``. ``names``: country names by ISO code;
    ``titles``: article titles by id (for a filter on one article).
    """
    n_legs, n_routes = len(legs), legs["route_id"].nunique()
    head = (f"{plural(n_legs, 'leg')} of {plural(n_routes, 'journey')} "
            f"from {articles_phrase(published_by_article(legs))}")
    return " · ".join([head, *filter_phrases(spec, names, titles)])
