"""What the sidebar's filters offer for a build: countries, articles, outlets, modes, statuses, dates.

In: a :class:`~pipeline.view.buildio.Build`. Out: a :class:`Choices` of
sorted option lists and display names. Pure pandas, no Streamlit.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from pipeline.records import MODES, STATUSES
from pipeline.view.buildio import Build
from pipeline.view.timeline import date_span, parse_date


def _options(values) -> list[str]:
    """Sorted distinct non-empty strings."""
    return sorted({str(v) for v in values if isinstance(v, str) and v})


@dataclass(frozen=True)
class Choices:
    """What the sidebar offers for a build."""

    countries: list[str]
    country_names: dict[str, str]
    articles: list[str]
    article_titles: dict[str, str]
    outlets: list[str]
    modes: list[str]
    statuses: list[str]
    span: tuple[date, date] | None = None  # first and last leg date (journey, else published)


def _country_names(places: pd.DataFrame) -> dict[str, str]:
    if places.empty or "kind" not in places:
        return {}
    cp = places[places["kind"] == "country"]
    return dict(zip(cp["country_code"], cp["name"]))


def _titles(articles: pd.DataFrame) -> dict[str, str]:
    if articles.empty:
        return {}
    return {a: (t if isinstance(t, str) and t else a)
            for a, t in zip(articles["article_id"], articles.get("title", articles["article_id"]))}


ARTICLES_OFFERED = 2_000  # a large build's articles offered by the article filter: those with the most legs


def large_choices(build: Build) -> Choices:
    """:func:`choices_for` of a large build: what its legs use, asked through DuckDB.

    The article filter offers the :data:`ARTICLES_OFFERED` articles with the most legs: a list of
    fifty thousand is no use to pick from, and costs the page seconds.
    """
    used = build.query.options(articles=ARTICLES_OFFERED)
    span = (parse_date(used["first"]), parse_date(used["last"]))
    return Choices(
        countries=used["countries"], country_names=_country_names(build.places),
        articles=used["articles"], article_titles=_titles(build.articles),
        outlets=used["outlets"], modes=[m for m in MODES if m in set(used["modes"])] or list(MODES),
        statuses=list(STATUSES), span=span if all(span) else None,
    )


def choices_for(build: Build) -> Choices:
    """The options each filter offers for ``build`` (only values its legs use)."""
    if build.query is not None:
        return large_choices(build)
    flows, places, articles = build.flows, build.places, build.articles
    countries = _options(pd.concat([flows.get("from_country", pd.Series()), flows.get("to_country", pd.Series())]))
    used_articles = _options(flows["article_id"]) if not flows.empty else []
    return Choices(
        countries=countries, country_names=_country_names(places),
        articles=used_articles, article_titles=_titles(articles),
        outlets=_options(flows["outlet"]) if "outlet" in flows else [],
        modes=[m for m in MODES if not flows.empty and m in set(flows["mode"])] or list(MODES),
        statuses=list(STATUSES),
        span=date_span(flows),
    )
