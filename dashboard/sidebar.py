"""The sidebar's filter widgets; each group returns plain values, :func:`sidebar` the whole view.

In: the :class:`~dashboard.choices.Choices` for a build (and the widgets'
session state, keyed by :data:`dashboard.state.KEYS`). Out: a
:class:`~pipeline.view.filters.FilterSpec` and whether to use the online
base map.
"""
from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.choices import Choices
from dashboard.state import BASEMAP_KEY, KEYS, reset_filters
from pipeline.config import MIN_CONFIDENCE
from pipeline.view.filters import COUNTRY_ROLES, FilterSpec

ROLE_LABELS = {"either": "origin or destination", "origin": "origin", "destination": "destination"}


def _iso(value) -> str | None:
    """A date widget's value as ``YYYY-MM-DD``, or None."""
    return value.isoformat() if isinstance(value, date) else None


def country_filter(choices: Choices) -> tuple[tuple[str, ...], str]:
    """Countries picked and the role they must play: ``(codes, role)``."""
    label = lambda c: f"{choices.country_names.get(c, c)} ({c})"  # noqa: E731
    countries = st.multiselect("Country", choices.countries, key=KEYS["countries"], format_func=label,
                               placeholder="Any country")
    role = st.radio("as", COUNTRY_ROLES, key=KEYS["country_role"], format_func=ROLE_LABELS.get, horizontal=True)
    return tuple(countries), role


def date_filter(label: str, prefix: str) -> tuple[str | None, str | None]:
    """A from/to pair of date widgets: ``(first, last)`` as ISO dates or None."""
    left, right = st.columns(2)
    low = left.date_input(f"{label} from", value=None, key=KEYS[f"{prefix}_from"],
                          min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
    high = right.date_input("to", value=None, key=KEYS[f"{prefix}_to"],
                            min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
    return _iso(low), _iso(high)


def source_filter(choices: Choices) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Articles and outlets picked: ``(article ids, outlets)``."""
    articles = st.multiselect("Source article", choices.articles, key=KEYS["articles"],
                              format_func=lambda a: choices.article_titles.get(a, a), placeholder="Any article")
    outlets = st.multiselect("Outlet", choices.outlets, key=KEYS["outlets"], placeholder="Any outlet")
    return tuple(articles), tuple(outlets)


def journey_filter(choices: Choices) -> tuple[tuple[str, ...], tuple[str, ...], int, str]:
    """Modes, statuses, minimum people and search text."""
    modes = st.multiselect("Mode", choices.modes, key=KEYS["modes"], placeholder="Any mode")
    statuses = st.multiselect("Status", choices.statuses, key=KEYS["statuses"], placeholder="Any status")
    min_people = st.number_input("Minimum people", min_value=0, step=1, key=KEYS["min_people"],
                                 help="Legs that state no number count as 0.")
    text = st.text_input("Search in quotes", key=KEYS["text"], placeholder="e.g. border, queue, Lars")
    return tuple(modes), tuple(statuses), int(min_people or 0), text


def sidebar(choices: Choices) -> tuple[FilterSpec, bool]:
    """All filter widgets; returns the spec they describe and the base-map choice."""
    with st.sidebar:
        st.header("Filters")
        countries, role = country_filter(choices)
        published_from, published_to = date_filter("Published", "published")
        event_from, event_to = date_filter("Journey date", "event")
        include_undated = st.checkbox("Keep legs without a date", key=KEYS["include_undated"])
        articles, outlets = source_filter(choices)
        modes, statuses, min_people, text = journey_filter(choices)
        min_confidence = st.slider(
            "Minimum confidence", min_value=0.0, max_value=1.0, step=0.05, key=KEYS["min_confidence"],
            help=f"Legs below {MIN_CONFIDENCE:g} are candidates that wait on the Review page; 0 shows them all. "
                 "Legs an analyst reviewed are always shown.")
        st.button("Reset filters", on_click=reset_filters, args=(choices,), use_container_width=True)
        st.divider()
        online = st.toggle("Online base map (CARTO)", key=BASEMAP_KEY,
                           help="Off: offline country outlines. On: CARTO map tiles, loaded from the internet.")
    spec = FilterSpec(
        countries=countries, country_role=role, published_from=published_from, published_to=published_to,
        event_from=event_from, event_to=event_to, include_undated=include_undated, articles=articles,
        outlets=outlets, modes=modes, statuses=statuses, min_people=min_people, text=text,
        min_confidence=float(min_confidence),
    )
    return spec, online
