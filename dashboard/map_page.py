"""The map page's own parts: the counts, the map with its controls and details, and the messages.

In: the build, the filter, the view (legs, flows and places). Out: the header
(counts, the time window, the reason when nothing matches), the pydeck map
(cached per view, camera and base map; the offline outlines as static files,
:mod:`dashboard.basemap_files`) with zoom and reset buttons, the legend and
the scripts that follow the user's pans and zooms (:mod:`dashboard.map_scripts`),
the details of what is selected (on the map, in a table or in the URL), and
the page shown when there is no build.
"""
from __future__ import annotations

import socket
from collections.abc import Mapping
from pathlib import Path

import streamlit as st

from dashboard.basemap_files import with_static_basemap
from dashboard.details import selected_item, show_details
from dashboard.loading import BUILD_COMMAND, build_stamp
from dashboard.map_scripts import map_scripts
from dashboard.state import (MAP_KEY, camera, follow_camera, remember_shown, reset_camera, select, selection,
                             sent_view, set_camera, view_resets)
from dashboard.views import VIEWS_CACHED, View, spec_key
from pipeline import config
from pipeline.view import mapstate, mapview, style, timeline
from pipeline.view.buildio import Build, BuildError
from pipeline.view.display import plain
from pipeline.view.filters import FilterSpec, to_query_params
from pipeline.view.flows import PEOPLE_RULE_SHORT
from pipeline.view.roles import place_roles

MAP_HEIGHT = 560
# The first view is fitted to the narrowest screen the page supports (a 390 px
# phone less the page's margins), so every journey is in it on any screen.
MAP_FIT_WIDTH = 340
CARTO_HOST = "basemaps.cartocdn.com"
DECKS_CACHED = 8  # a 10,000-leg map with its JSON is a few MB


def legend_html() -> str:
    """The legend: arc colours (status), place colours (role), sizes and what the numbers mean (no data text)."""
    def swatch(rgb, shape="line"):
        css = (f"display:inline-block;width:18px;height:4px;background:rgb{tuple(rgb)};vertical-align:middle;"
               "margin:0 4px 0 8px" if shape == "line" else
               f"display:inline-block;width:10px;height:10px;border-radius:50%;background:rgb{tuple(rgb)};"
               "border:1px solid #333;vertical-align:middle;margin:0 4px 0 8px")
        return f'<span style="{css}"></span>'
    arcs = "".join(f"{swatch(style.STATUS_COLORS[s])}{s}" for s in style.STATUS_COLORS)
    dots = "".join(f"{swatch(style.ROLE_COLORS[r], 'dot')}{r.replace('_', ' ')}"
                   for r in ("origin", "transit", "destination", "mentioned"))
    return (
        '<div style="font-size:0.85em;color:#444;line-height:1.7">'
        f"<div><b>Arcs</b> (status, light at the start, dark at the end):{arcs}</div>"
        f"<div><b>Places</b> (role):{dots}<span style=\"margin-left:8px\">◆ border crossing</span></div>"
        "<div>One arc per origin, destination and status; its width is the largest number of people "
        f"reported for it ({PEOPLE_RULE_SHORT}). A place's size adds the people of its arcs in and out. "
        "Journey dates are the article's publication date when the text gives none. Nearby places merge "
        "when zoomed out (\u201cMoscow +3\u201d); zoom in to split them.</div></div>")


LEGEND_HTML = legend_html()  # no data in it: the same for every view


@st.cache_resource(show_spinner=False, max_entries=VIEWS_CACHED)
def cached_roles(directory: str, stamp: tuple, key: tuple, _view: View) -> Mapping[str, str]:
    """Each place's role on the legs of one view (:func:`pipeline.view.roles.place_roles`), shared by every session."""
    return _view.roles if _view.roles is not None else place_roles(_view.legs)


@st.cache_resource(show_spinner=False, max_entries=DECKS_CACHED)
def cached_model(directory: str, stamp: tuple, key: tuple, online: bool, sent: tuple | None, zoom: float | None,
                 resets: int, _view: View) -> mapview.MapModel:
    """The map of one view, shared by every session; the underscored view follows from the other arguments.

    ``sent``: the initial view (None: fitted); ``zoom``: the zoom the map is seen at, when the
    user zoomed since (clusters and names follow it); ``resets``: the map's view id (see
    :mod:`dashboard.state`). Streamlit escapes tooltip fields itself, so the records are not escaped here.
    """
    view = dict(zip(("longitude", "latitude", "zoom"), sent)) if sent else None
    # The places' roles follow from the view alone: worked out once per view, not at every zoom.
    legs, places, extra = _view.legs, _view.places, {"roles": cached_roles(directory, stamp, key, _view)}
    if _view.roles is not None:
        # A large build: drawn from its busiest flows and the places at their ends (dashboard.views).
        ends = set(_view.flows["from_id"].tolist()) | set(_view.flows["to_id"].tolist())
        legs, places = legs.iloc[0:0], places[places["place_id"].isin(ends)]
        extra["totals"] = _view.totals
    model = mapview.map_model(legs, places, online_basemap=online, view=view, zoom=zoom, view_id=f"map-{resets}",
                              fit_width=MAP_FIT_WIDTH, height=MAP_HEIGHT, escape_text=False, flows=_view.flows, **extra)
    with_static_basemap(model.deck)
    return model


@st.cache_data(ttl=60, show_spinner=False)
def carto_reachable() -> bool:
    """Whether CARTO's tile server answers from here (a TCP connection within 2 s; checked once a minute)."""
    try:
        with socket.create_connection((CARTO_HOST, 443), timeout=2):
            return True
    except OSError:
        return False


def active_filters(spec: FilterSpec) -> list[str]:
    """The non-default filters, in words, for the empty-result message (raw text: escape before showing)."""
    return [f"{key} = {value}" for key, value in to_query_params(spec).items()]


def empty_message(build: Build, spec: FilterSpec) -> str:
    """Why the view is empty, and how to widen it (or build some journeys); plain text, not Markdown.

    The filters come from the URL: anyone can put a link or an image there.
    """
    if build.legs_total == 0:
        return ("This build has no journeys yet (flows.geojson is empty); the places it found are on the map. "
                "Add articles and rebuild with the command below.")
    return (f"No leg matches these filters ({'; '.join(active_filters(spec))}). "
            "Widen the view: remove a country, status or mode, clear the dates or the search text, "
            "lower the minimum people — or press “Reset filters”.")


def show_missing_build(exc: BuildError) -> None:
    """The page when there is no build to show: the error and the command that makes one."""
    st.title("exodus map")
    st.error(f"No build to show: {plain(exc)}")
    st.markdown(f"Build one from the articles in `data/articles`, then reload this page "
                f"(or point `{config.BUILD_ENV}` at another build folder):")
    st.code(BUILD_COMMAND, language="bash")


def window_text(spec: FilterSpec, span) -> str | None:
    """'Week 3 of 12: journeys from … to …' while a journey window is set, else None (plain text)."""
    low, high = timeline.parse_date(spec.event_from), timeline.parse_date(spec.event_to)
    if not span or not (low or high):
        return None
    return timeline.step_label(timeline.clamp_window(low, high, span), span) + \
        ("" if spec.include_undated else " (legs without a date left out)")


def show_header(build: Build, spec: FilterSpec, view: View, span=None) -> None:
    """The counts (in the sidebar and under the title), the time window, and why nothing shows when nothing matches."""
    st.sidebar.markdown(f"**{plain(view.summary)}**")
    st.title("exodus map")
    st.markdown(f"**{plain(view.summary)}** · {len(view.flows):,} flows · {len(view.places):,} places")
    if build.query is not None:
        st.caption(f"A large build ({build.legs_total:,} legs), read through DuckDB: the map draws the busiest "
                   f"{len(view.flows):,} flows in view and the table lists the first {len(view.legs):,} legs; "
                   "the counts and totals count them all.")
    period = window_text(spec, span)
    if period:
        st.markdown(f"🕒 {plain(period)}")
    if view.legs.empty:
        st.info(plain(empty_message(build, spec)))
        if build.legs_total == 0:
            st.code(BUILD_COMMAND, language="bash")


def _on_map_select() -> None:
    """Map callback: what was clicked becomes the selection; a click on an empty spot clears it."""
    select(selected_item(st.session_state.get(MAP_KEY)))


def _zoom(steps: float, fitted: mapstate.Camera) -> None:
    set_camera(mapstate.zoomed(camera() or fitted, steps))


def _reset_view() -> None:
    reset_camera()


def map_controls(fitted: mapstate.Camera) -> None:
    """Zoom in, zoom out and back to the first view (the offline map has no buttons of its own)."""
    # One row at every width (columns would stack on a phone).
    with st.container(horizontal=True, gap="small", key="map_controls"):
        st.button("+", key="zoom_in", on_click=_zoom, args=(1, fitted), help="Zoom in", width="content")
        st.button("–", key="zoom_out", on_click=_zoom, args=(-1, fitted), help="Zoom out", width="content")
        st.button("Reset view", key="reset_view", on_click=_reset_view, width="content",
                  help="Back to the view that shows every journey")


def show_map_and_details(build: Build, directory: Path, spec: FilterSpec, online: bool, view: View) -> None:
    """The map of the view with its controls and legend, and the details of the selection beside it."""
    cam, sent = camera(), sent_view()
    model = cached_model(str(directory), build_stamp(directory), spec_key(spec), online,
                         (sent.longitude, sent.latitude, sent.zoom) if sent else None, cam.zoom if cam else None,
                         view_resets(), view)
    initial = model.deck.initial_view_state
    fitted = mapstate.Camera(float(initial.longitude), float(initial.latitude), float(initial.zoom))
    remember_shown(fitted)
    item = selection()
    map_col, details_col = st.columns([3, 2], gap="medium")
    with map_col:
        map_controls(fitted)
        if online and not carto_reachable():
            st.warning("The online base map (CARTO) cannot be reached from here: no internet connection, so no "
                       "tiles will show. Switch “Online base map” off in the sidebar for the offline map.")
        st.pydeck_chart(model.deck, on_select=_on_map_select, selection_mode="single-object", key=MAP_KEY,
                        height=MAP_HEIGHT)
        if model.hidden:
            st.caption(f"At this zoom the map draws the {model.drawn:,} largest of {len(model.flows):,} flows "
                       "between merged places; zoom in or filter to see the rest. Totals and tables count them all.")
        st.html(LEGEND_HTML)
        map_scripts(on_camera=follow_camera)
    with details_col:
        if item:
            with st.container(height=MAP_HEIGHT, border=True, key="details"):
                show_details(build, item, view, model)
        else:
            with st.container(border=True, key="details"):
                show_details(build, None, view, model)
