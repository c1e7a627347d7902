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
from pipeline import config
from pipeline.view import mapview
from pipeline.view.buildio import Build, BuildError
from pipeline.view.filters import FilterSpec, to_query_params

MAP_HEIGHT = 560
# The map's column is about this wide on a laptop; the first view is fitted to it.
MAP_FIT_WIDTH = 520
LEGEND = ("Arcs run from light (start) to dark (end); width grows with the number of people. "
          "Colours: blue completed · orange planned · purple attempted · vermillion blocked. "
          "◆ border crossing.")


@st.cache_resource(show_spinner=False, max_entries=16)
def cached_deck(directory: str, stamp: tuple, params: tuple, online: bool, _flows: pd.DataFrame,
                _places: pd.DataFrame):
    """The map for one view; the underscored frames follow from the other arguments."""
    return mapview.make_deck(_flows, _places, online_basemap=online, fit_width=MAP_FIT_WIDTH,
                             height=MAP_HEIGHT)


def counts_text(legs: pd.DataFrame) -> str:
    """'23 legs from 4 articles'."""
    n_legs = len(legs)
    n_art = legs["article_id"].nunique() if n_legs else 0
    return f"{n_legs:,} leg{'s' * (n_legs != 1)} from {n_art:,} article{'s' * (n_art != 1)}"


def active_filters(spec: FilterSpec) -> list[str]:
    """The non-default filters, in words, for the empty-result message."""
    return [f"{key} = {value}" for key, value in to_query_params(spec).items()]


def empty_message(build: Build, spec: FilterSpec) -> str:
    """Why the view is empty, and how to widen it (or build some journeys)."""
    if build.flows.empty:
        return ("This build has no journeys yet (flows.geojson is empty); the places it found are on the map. "
                f"Add articles and rebuild: `{BUILD_COMMAND}`.")
    active = active_filters(spec)
    return (f"No leg matches these filters ({'; '.join(active)}). "
            "Widen the view: remove a country, status or mode, clear the dates or the search text, "
            "lower the minimum people — or press “Reset filters”.")


def show_missing_build(exc: BuildError) -> None:
    """The page when there is no build to show: the error and the command that makes one."""
    st.title("exodus map")
    st.error(f"No build to show: {exc}")
    st.markdown(f"Build one from the articles in `data/articles`, then reload this page:\n\n"
                f"```\n{BUILD_COMMAND}\n```\n\n(or point `{config.BUILD_ENV}` at another build folder)")


def show_header(build: Build, spec: FilterSpec, legs: pd.DataFrame, places: pd.DataFrame) -> None:
    """The counts (in the sidebar and under the title), and why nothing shows when nothing matches."""
    summary = counts_text(legs)
    st.sidebar.markdown(f"**{summary}**")
    st.title("exodus map")
    st.markdown(f"**{summary}** · {len(places):,} places")
    if legs.empty:
        st.info(empty_message(build, spec))


def show_map_and_details(build: Build, directory: Path, spec: FilterSpec, online: bool, legs: pd.DataFrame,
                         places: pd.DataFrame) -> None:
    """The map of the view, with the details of what is selected on it in a column beside it."""
    deck = cached_deck(str(directory), build_stamp(directory), tuple(sorted(to_query_params(spec).items())),
                       online, legs, places)
    map_col, details_col = st.columns([3, 2], gap="medium")
    with map_col:
        state = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key=MAP_KEY,
                                height=MAP_HEIGHT)
        st.caption(LEGEND)
    with details_col, st.container(height=MAP_HEIGHT, border=True, key="details"):
        show_details(build, selected_item(state), legs)
