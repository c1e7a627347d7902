"""The map page's state: widget keys, and the filters between the address bar and the widgets.

In: the URL's query parameters and the widgets' session state. Out: the
widgets seeded from a :class:`~pipeline.view.filters.FilterSpec` once per
session, and the address bar rewritten when the view changes, so a copied
address reproduces the view.
"""
from __future__ import annotations

from dataclasses import fields
from datetime import date

import streamlit as st

from dashboard.choices import Choices
from pipeline.view.filters import FilterSpec, from_query_params, to_query_params

MAP_KEY = "map"
BASEMAP_KEY = "online_basemap"  # the sidebar's online base map toggle
BASEMAP_PARAM = "basemap"  # ?basemap=online: not a filter, but part of the view
# Widget keys, one per FilterSpec field.
KEYS = {f.name: f"f_{f.name}" for f in fields(FilterSpec)}


def _date(value: str | None) -> date | None:
    """An ISO date string as a date, or None when missing or malformed."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def seed_widgets(spec: FilterSpec, choices: Choices) -> None:
    """Put ``spec`` into the widgets' session state (values they cannot show are dropped)."""
    allowed = {"countries": choices.countries, "articles": choices.articles, "outlets": choices.outlets,
               "modes": choices.modes, "statuses": choices.statuses}
    for f in fields(FilterSpec):
        value = getattr(spec, f.name)
        if f.name in allowed:
            value = [v for v in value if v in allowed[f.name]]
        elif f.name.endswith(("_from", "_to")):
            value = _date(value)
        st.session_state[KEYS[f.name]] = value


def seed_once(choices: Choices) -> None:
    """On a session's first run, set the widgets (and the base map toggle) from the URL."""
    if "_seeded" not in st.session_state:
        seed_widgets(from_query_params(st.query_params.to_dict()), choices)
        st.session_state[BASEMAP_KEY] = st.query_params.get(BASEMAP_PARAM) == "online"
        st.session_state["_seeded"] = True


def reset_filters(choices: Choices) -> None:
    """Button callback: everything back to the default view."""
    seed_widgets(FilterSpec(), choices)
    st.session_state.pop(MAP_KEY, None)


def sync_url(spec: FilterSpec, online: bool) -> None:
    """Write the view into the address bar when it changed."""
    wanted = to_query_params(spec)
    if online:
        wanted[BASEMAP_PARAM] = "online"
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
