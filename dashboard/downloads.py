"""Download buttons for the current view, one per export format, and the images' alt text beside them.

In: the build, the filter and the legs in view. Out: buttons whose bytes
come from :func:`pipeline.export.export_bytes`, made only when a button is
clicked (a PNG takes seconds), and the alt text the PNG and SVG carry
(:func:`pipeline.export.alt_text_for`), shown as plain text with a copy button.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.loading import build_stamp
from dashboard.views import spec_key
from pipeline import export
from pipeline.view.buildio import Build
from pipeline.view.filters import FilterSpec

ALT_CACHED = 32  # views whose alt text is kept (a few hundred bytes each)
ALT_CAPTION = (f"Alt text for the {' and '.join(f.upper() for f in export.ALT_FORMATS)}: paste it where you "
               "publish the image, for readers who cannot see it. The files carry it too.")
LARGE_ALT_CAPTION = (f"Alt text for the {' and '.join(f.upper() for f in export.ALT_FORMATS)}: written on request "
                     "for a large build, and carried by the files.")


@st.cache_resource(show_spinner=False, max_entries=ALT_CACHED)
def cached_alt_text(directory: str, stamp: tuple, key: tuple, _build: Build, _spec: FilterSpec) -> str:
    """:func:`pipeline.export.alt_text_for`, once per build and filter for the whole server."""
    return export.alt_text_for(_build, _spec)


def export_section(build: Build, spec: FilterSpec, legs: pd.DataFrame) -> None:
    """An expander of download buttons and the images' alt text; nothing when no leg is in view."""
    if legs.empty:
        return  # nothing to export; the empty-result message says how to widen the view
    with st.expander("Download this view"):
        cols = st.columns(len(export.FORMATS))
        for col, fmt in zip(cols, export.FORMATS):
            col.download_button(
                fmt.upper(), data=lambda fmt=fmt: export.export_bytes(build, spec, fmt),
                file_name=f"exodus-map.{fmt}", on_click="ignore", key=f"export_{fmt}",
            )
        if build.query is not None and not st.button("Write the alt text", key="alt_text",
                                                     help="It reads every leg in view: seconds on a large build"):
            # A large build's alt text reads every leg in view: written when asked, not on every page.
            st.caption(LARGE_ALT_CAPTION)
            return
        alt = cached_alt_text(str(build.directory), build_stamp(build.directory), spec_key(spec), build, spec)
        st.caption(ALT_CAPTION)
        st.code(alt, language=None, wrap_lines=True)  # plain text, never Markdown; with a copy button
