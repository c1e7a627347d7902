"""What the map page shows for one build and one filter, computed once and shared by every session.

In: a loaded :class:`~pipeline.view.buildio.Build`, its key (folder and file
stamp) and a :class:`~pipeline.view.filters.FilterSpec`. Out: a frozen
:class:`View` (the legs, flows and places in view, the counts, the two tables) and
the sidebar's :class:`~dashboard.choices.Choices`, each cached per build and
filter with ``st.cache_resource`` (bounded, shared, never copied), so five
sessions looking at the same view cost what one does. Everything cached is
read-only: callers never change a frame they got here.
"""
from __future__ import annotations

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


def counts_text(legs: pd.DataFrame) -> str:
    """'23 legs from 4 articles'."""
    n_legs = len(legs)
    n_art = legs["article_id"].nunique() if n_legs else 0
    return f"{n_legs:,} leg{'s' * (n_legs != 1)} from {n_art:,} article{'s' * (n_art != 1)}"


def make_view(build: Build, spec: FilterSpec) -> View:
    """The view of ``build`` that ``spec`` asks for (pure)."""
    legs = apply_filters(build.flows, spec)
    places = mapview.visible_places(build.places, legs, everything=spec.is_default())
    flows = pair_flows(legs)
    totals = place_totals(flows)
    return View(legs, places, flows, totals, counts_text(legs), legs_table(legs), places_table(places, totals))


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
