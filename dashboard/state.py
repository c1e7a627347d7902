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
CAMERA_KEY = "camera"        # where the map looks (the address): a mapstate.Camera, or None: fitted to the data
SENT_KEY = "map_sent"        # the view the server last sent the map to (its initial view), or None: fitted
SHOWN_KEY = "map_shown"      # the map's initial view last drawn, fitted or not: where the zoom buttons start from
RESETS_KEY = "map_resets"    # how often the view was reset: part of the map's view id
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
        set_camera(mapstate.camera_from_params(params))
        st.session_state["_seeded"] = True


def reset_filters(choices: Choices) -> None:
    """Button callback: everything back to the default view."""
    seed_widgets(FilterSpec(), choices)
    st.session_state[PLAYING_KEY] = False
    st.session_state[SELECTION_KEY] = None
    reset_camera()


def select(item: tuple[str, str] | None) -> None:
    """Make ``item`` the selection whose details show (from the map, a table or the URL)."""
    st.session_state[SELECTION_KEY] = item


def selection() -> tuple[str, str] | None:
    return st.session_state.get(SELECTION_KEY)


# The camera and the map's initial view. Streamlit moves its map to a new initial view only in
# the coordinates that changed since the last one, and to every coordinate of it when the map's
# views change. So the server sends the map to a view (the address on opening, the zoom buttons)
# by making it the initial view; a view the user panned or zoomed to only becomes the camera
# (the address, the zoom buttons' start, the clusters' zoom), and the initial view stays, so the
# map is not redrawn under the user; "Reset view" changes the views' id to move the map back.

def camera() -> mapstate.Camera | None:
    return st.session_state.get(CAMERA_KEY)


def sent_view() -> mapstate.Camera | None:
    """The map's initial view (None: fitted to the data)."""
    return st.session_state.get(SENT_KEY)


def view_resets() -> int:
    return st.session_state.get(RESETS_KEY, 0)


def set_camera(value: mapstate.Camera | None) -> None:
    """Send the map to ``value`` (None: the view fitted to the data)."""
    st.session_state[CAMERA_KEY] = value
    st.session_state[SENT_KEY] = value


def reset_camera() -> None:
    """Send the map back to the view fitted to the data, wherever the user took it."""
    set_camera(None)
    st.session_state[RESETS_KEY] = view_resets() + 1


def follow_camera(value: mapstate.Camera) -> None:
    """The user panned or zoomed the map to ``value``: the camera follows, the map is not sent anywhere.

    A fitted initial view is pinned to the view it was (:func:`remember_shown`), so that a
    later change of filter, which fits the map to other data, leaves the map where the user put it.
    """
    st.session_state[CAMERA_KEY] = value
    if sent_view() is None:
        st.session_state[SENT_KEY] = st.session_state.get(SHOWN_KEY)


def remember_shown(view: mapstate.Camera) -> None:
    """Note the initial view the map was drawn with (the fitted one while nothing is sent)."""
    st.session_state[SHOWN_KEY] = view


def sync_url(spec: FilterSpec, online: bool) -> None:
    """Write the view (filters, base map, selection, camera) into the address bar when it changed."""
    wanted = to_query_params(spec)
    if online:
        wanted[BASEMAP_PARAM] = "online"
    wanted |= mapstate.selection_params(selection()) | mapstate.camera_params(camera())
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
