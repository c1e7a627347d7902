"""The map page's state: widget keys, and the view between the address bar and the widgets.

In: the URL's query parameters and the widgets' session state. Out: the
widgets seeded once per session from the URL (filters, time window,
selection, camera), the selection and camera kept in the session, and the
address bar rewritten when any of them changes, so a copied address
reproduces the view: filters, selection, time window and where the map looks.
"""
from __future__ import annotations

from dataclasses import fields

import streamlit as st

from dashboard.choices import Choices
from pipeline.view import mapstate
from pipeline.view.filters import FilterSpec, from_query_params, to_query_params

MAP_KEY = "map"
LEGS_TABLE_KEY = "legs_table"
PLACES_TABLE_KEY = "places_table"
SELECTION_KEY = "selection"  # ("flow" | "leg" | "place", id) or None
CAMERA_KEY = "camera"        # a mapstate.Camera, or None for the view fitted to the data
FITTED_KEY = "fitted_view"   # the fitted view last drawn: where the zoom buttons start from
PLAYING_KEY = "playing"
BASEMAP_KEY = "online_basemap"  # the sidebar's online base map toggle
BASEMAP_PARAM = "basemap"  # ?basemap=online: not a filter, but part of the view
# Widget keys, one per FilterSpec field.
KEYS = {f.name: f"f_{f.name}" for f in fields(FilterSpec)}
DATE_FIELDS = ("published_from", "published_to", "event_from", "event_to")


def seed_widgets(spec: FilterSpec, choices: Choices) -> None:
    """Put ``spec`` into the widgets' session state (values they cannot show are dropped)."""
    allowed = {"countries": choices.countries, "articles": choices.articles, "outlets": choices.outlets,
               "modes": choices.modes, "statuses": choices.statuses}
    for f in fields(FilterSpec):
        value = getattr(spec, f.name)
        if f.name in allowed:
            value = [v for v in value if v in allowed[f.name]]
        elif f.name in DATE_FIELDS:
            value = value or ""  # typed dates: text boxes that apply on Enter
        st.session_state[KEYS[f.name]] = value


def seed_once(choices: Choices) -> None:
    """On a session's first run, set the widgets, the selection and the camera from the URL."""
    if "_seeded" not in st.session_state:
        params = st.query_params.to_dict()
        seed_widgets(from_query_params(params), choices)
        st.session_state[BASEMAP_KEY] = params.get(BASEMAP_PARAM) == "online"
        st.session_state[SELECTION_KEY] = mapstate.selection_from_params(params)
        st.session_state[CAMERA_KEY] = mapstate.camera_from_params(params)
        st.session_state["_seeded"] = True


def reset_filters(choices: Choices) -> None:
    """Button callback: everything back to the default view."""
    seed_widgets(FilterSpec(), choices)
    st.session_state[PLAYING_KEY] = False
    st.session_state[SELECTION_KEY] = None
    st.session_state[CAMERA_KEY] = None


def select(item: tuple[str, str] | None) -> None:
    """Make ``item`` the selection whose details show (from the map, a table or the URL)."""
    st.session_state[SELECTION_KEY] = item


def selection() -> tuple[str, str] | None:
    return st.session_state.get(SELECTION_KEY)


def camera() -> mapstate.Camera | None:
    return st.session_state.get(CAMERA_KEY)


def set_camera(value: mapstate.Camera | None) -> None:
    st.session_state[CAMERA_KEY] = value


def sync_url(spec: FilterSpec, online: bool) -> None:
    """Write the view (filters, base map, selection, camera) into the address bar when it changed."""
    wanted = to_query_params(spec)
    if online:
        wanted[BASEMAP_PARAM] = "online"
    wanted |= mapstate.selection_params(selection()) | mapstate.camera_params(camera())
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
