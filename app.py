"""exodus map: explore the journeys a build found, filter them, read the sources.

Run with ``streamlit run app.py``. The app reads a finished build (folder in
``EXODUS_BUILD_DIR``, default ``data/build``) through
:func:`pipeline.view.buildio.load_build`, filters with the one shared
:func:`pipeline.view.filters.apply_filters` and draws with
:func:`pipeline.view.mapview.make_deck`; it holds no pipeline logic. The filter
state lives in the URL, so a copied address reproduces the view.

This file is the page list and the map page's outline; the parts are in
:mod:`dashboard`. The build, the sidebar's choices and each filtered view are
cached per build and filter for the whole server (:mod:`dashboard.views`),
not per session. Everything shown that comes from an article is escaped:
plain-text widgets, or :func:`html.escape` before any HTML built there.
The URL holds the filters, the selection, the time window and the camera.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.downloads import export_section
from dashboard.loading import build_dir, build_stamp, cached_build
from dashboard.map_page import show_header, show_map_and_details, show_missing_build
from dashboard.sidebar import page_drawn, sidebar
from dashboard.state import seed_once, sync_url
from dashboard.tables import show_tables
from dashboard.views import cached_choices, cached_view, spec_key
from pipeline.view.buildio import BuildError

PAGES_DIR = Path(__file__).resolve().parent / "pages"


def main() -> None:
    """The map page: filters in the sidebar, the map beside the selection's details, tables, downloads."""
    st.set_page_config(page_title="exodus map", page_icon="🧭", layout="wide")
    directory = build_dir()
    stamp = build_stamp(directory)
    try:
        build = cached_build(str(directory), stamp)
    except BuildError as exc:
        show_missing_build(exc)
        return
    choices = cached_choices(str(directory), stamp, build)
    seed_once(choices)
    spec, online = sidebar(choices)
    sync_url(spec, online)

    # Shared by every session showing this build with this filter: computed once.
    view = cached_view(str(directory), stamp, spec_key(spec), build, spec)
    show_header(build, spec, view, choices.span)
    show_map_and_details(build, directory, spec, online, view)
    show_tables(view)
    export_section(build, spec, view.legs)
    page_drawn()


def navigation() -> None:
    """The app's pages, with the map as the default page (titled "Map", not "app")."""
    st.navigation([
        # No page icons: a page's icon becomes the tab's icon, and Streamlit
        # fetches Material icons for that from fonts.gstatic.com (offline app).
        st.Page(main, title="Map", default=True),
        st.Page(PAGES_DIR / "1_Add_articles.py", title="Add articles", url_path="Add_articles"),
        st.Page(PAGES_DIR / "2_Review.py", title="Review", url_path="Review"),
    ]).run()


if __name__ == "__main__":
    navigation()
