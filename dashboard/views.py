"""What the map page shows for one build and one filter, computed once and shared by every session.

In: a loaded :class:`~pipeline.view.buildio.Build`, its key (folder and file
stamp) and a :class:`~pipeline.view.filters.FilterSpec`. Out: a frozen
:class:`View` (the legs, flows and places in view, the counts, the two tables) and
the sidebar's :class:`~dashboard.choices.Choices`, each cached per build and
filter with ``st.cache_resource`` (bounded, shared, never copied), so five
sessions looking at the same view cost what one does. Everything cached is
read-only: callers never change a frame they got here.

A large build (``build.query``, :func:`pipeline.view.buildio.open_large_build`)
is asked through DuckDB instead: the counts, the busiest :data:`FLOWS_DRAWN`
flows, the place totals and roles are worked out in the query, and only the
first :data:`LEGS_LISTED` legs in view come back for the table.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import astuple, dataclass

import pandas as pd
import streamlit as st

from dashboard.choices import Choices, choices_for
from dashboard.tables import legs_table, places_table
from pipeline.view import mapview
from pipeline.view.buildio import Build
from pipeline.view.filters import FilterSpec, apply_filters
from pipeline.view.flows import pair_flows, place_totals

VIEWS_CACHED = 32  # views (build x filter) kept; each holds slices of one build's frames
LEGS_LISTED = 1_000  # legs of a view listed in the table (the counts count them all; the downloads hold every leg)
FLOWS_DRAWN = 5_000  # flows of a large build's view sent to the map, busiest first


@dataclass(frozen=True)
class View:
    """The legs and places one filter keeps, and what the page shows of them."""

    legs: pd.DataFrame
    places: pd.DataFrame
    flows: pd.DataFrame   # one row per origin, destination and status (pipeline.view.flows.pair_flows)
    totals: pd.DataFrame  # people and legs in and out per place id (pipeline.view.flows.place_totals)
    summary: str  # "23 legs from 4 articles"
    legs_table: pd.DataFrame
    places_table: pd.DataFrame
    legs_total: int = 0  # every leg in view (``legs`` has the first LEGS_LISTED only, in a large build;
    # ``legs_table`` lists the first LEGS_LISTED in any build: 10,000 rows of quotes are megabytes the page would load)
    roles: Mapping[str, str] | None = None  # the places' roles, when the query worked them out (large builds)
    spec: FilterSpec | None = None  # the filter the view shows (a large build's details ask it again)

    @property
    def partial(self) -> bool:
        """Whether the legs table lists only part of the legs in view."""
        return self.legs_total > len(self.legs_table)


def counts_text(legs: pd.DataFrame | None = None, n_legs: int | None = None, n_articles: int | None = None) -> str:
    """'23 legs from 4 articles' (of ``legs``, or the counts given)."""
    if n_legs is None:
        n_legs = len(legs)
        n_articles = legs["article_id"].nunique() if n_legs else 0
    return f"{n_legs:,} leg{'s' * (n_legs != 1)} from {n_articles:,} article{'s' * (n_articles != 1)}"


def make_view(build: Build, spec: FilterSpec) -> View:
    """The view of ``build`` that ``spec`` asks for (pure)."""
    if build.query is not None:
        return make_large_view(build, spec)
    legs = apply_filters(build.flows, spec)
    places = mapview.visible_places(build.places, legs, everything=spec.is_default())
    flows = pair_flows(legs)
    totals = place_totals(flows)
    return View(legs, places, flows, totals, counts_text(legs), legs_table(legs.head(LEGS_LISTED)),
                places_table(places, totals), legs_total=len(legs), spec=spec)


def make_large_view(build: Build, spec: FilterSpec) -> View:
    """The view of a large build, asked through DuckDB: what is drawn and listed, and the counts of all of it.

    Places are those on the legs in view (places only named somewhere are left out at this size).
    """
    query = build.query
    n_legs, n_articles = query.counts(spec)
    legs = query.legs(spec, limit=LEGS_LISTED)
    flows = query.pair_flows(spec, limit=FLOWS_DRAWN, with_legs=False)
    totals = query.place_totals(spec)
    places = build.places[build.places["place_id"].isin(set(totals.index))] if not totals.empty \
        else build.places.iloc[0:0]
    return View(legs, places, flows, totals, counts_text(n_legs=n_legs, n_articles=n_articles), legs_table(legs),
                places_table(places, totals), legs_total=n_legs, roles=query.place_roles(spec), spec=spec)


def spec_key(spec: FilterSpec) -> tuple:
    """A cache key that tells every two filters apart (URL parameters would merge "a,b" with "a" + "b")."""
    return astuple(spec)


@st.cache_resource(show_spinner=False, max_entries=VIEWS_CACHED)
def cached_view(directory: str, stamp: tuple, key: tuple, _build: Build, _spec: FilterSpec) -> View:
    """:func:`make_view`, once per build and filter for the whole server."""
    return make_view(_build, _spec)


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_choices(directory: str, stamp: tuple, _build: Build) -> Choices:
    """:func:`~dashboard.choices.choices_for`, once per build for the whole server."""
    return choices_for(_build)
