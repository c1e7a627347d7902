"""The map page's own parts: the counts, the map with its details column, and the messages.

In: the build, the filter, the legs and places in view. Out: the header
(counts, the reason when nothing matches), the pydeck map (cached per
view) beside the details of what is selected on it, and the page shown
when there is no build.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.details import selected_item, show_details
from dashboard.loading import BUILD_COMMAND, build_stamp
from dashboard.state import MAP_KEY
from dashboard.views import View, spec_key
from pipeline import config
from pipeline.view.display import plain
from pipeline.view import mapview
from pipeline.view.buildio import Build, BuildError
from pipeline.view.filters import FilterSpec, to_query_params

MAP_HEIGHT = 560
# The map's column is about this wide on a laptop; the first view is fitted to it.
MAP_FIT_WIDTH = 520
LEGEND = ("Arcs run from light (start) to dark (end); width grows with the number of people. "
          "Colours: blue completed · orange planned · purple attempted · vermillion blocked. "
          "◆ border crossing.")


DECKS_CACHED = 8  # a 10,000-leg map with its JSON is ~30 MB


@st.cache_resource(show_spinner=False, max_entries=DECKS_CACHED)
def cached_deck(directory: str, stamp: tuple, key: tuple, online: bool, _flows: pd.DataFrame,
                _places: pd.DataFrame):
    """The map for one view, shared by every session; the underscored frames follow from the other arguments.

    Streamlit escapes tooltip fields itself, so the records are not escaped here.
    """
    return mapview.make_deck(_flows, _places, online_basemap=online, fit_width=MAP_FIT_WIDTH,
                             height=MAP_HEIGHT, escape_text=False)


def active_filters(spec: FilterSpec) -> list[str]:
    """The non-default filters, in words, for the empty-result message (raw text: escape before showing)."""
    return [f"{key} = {value}" for key, value in to_query_params(spec).items()]


def empty_message(build: Build, spec: FilterSpec) -> str:
    """Why the view is empty, and how to widen it (or build some journeys); plain text, not Markdown.

    The filters come from the URL: anyone can put a link or an image there.
    """
    if build.flows.empty:
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


def show_header(build: Build, spec: FilterSpec, view: View) -> None:
    """The counts (in the sidebar and under the title), and why nothing shows when nothing matches."""
    st.sidebar.markdown(f"**{plain(view.summary)}**")
    st.title("exodus map")
    st.markdown(f"**{plain(view.summary)}** · {len(view.places):,} places")
    if view.legs.empty:
        st.info(plain(empty_message(build, spec)))
        if build.flows.empty:
            st.code(BUILD_COMMAND, language="bash")


def show_map_and_details(build: Build, directory: Path, spec: FilterSpec, online: bool, view: View) -> None:
    """The map of the view, with the details of what is selected on it in a column beside it."""
    deck = cached_deck(str(directory), build_stamp(directory), spec_key(spec), online, view.legs, view.places)
    map_col, details_col = st.columns([3, 2], gap="medium")
    with map_col:
        state = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key=MAP_KEY,
                                height=MAP_HEIGHT)
        st.caption(LEGEND)
    with details_col, st.container(height=MAP_HEIGHT, border=True, key="details"):
        show_details(build, selected_item(state), view.legs)
