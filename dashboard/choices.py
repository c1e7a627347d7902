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
from pipeline.view.timeline import date_span


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


def choices_for(build: Build) -> Choices:
    """The options each filter offers for ``build`` (only values its legs use)."""
    flows, places, articles = build.flows, build.places, build.articles
    countries = _options(pd.concat([flows.get("from_country", pd.Series()), flows.get("to_country", pd.Series())]))
    names = {}
    if not places.empty and "kind" in places:
        cp = places[places["kind"] == "country"]
        names = dict(zip(cp["country_code"], cp["name"]))
    titles = {}
    if not articles.empty:
        titles = {a: (t if isinstance(t, str) and t else a)
                  for a, t in zip(articles["article_id"], articles.get("title", articles["article_id"]))}
    used_articles = _options(flows["article_id"]) if not flows.empty else []
    return Choices(
        countries=countries, country_names=names,
        articles=used_articles, article_titles=titles,
        outlets=_options(flows["outlet"]) if "outlet" in flows else [],
        modes=[m for m in MODES if not flows.empty and m in set(flows["mode"])] or list(MODES),
        statuses=list(STATUSES),
        span=date_span(flows),
    )
