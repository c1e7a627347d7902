"""Download buttons for the current view, one per export format.

In: the build, the filter and the legs in view. Out: buttons whose bytes
come from :func:`pipeline.export.export_bytes`, made only when a button is
clicked (a PNG takes seconds).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from pipeline import export
from pipeline.view.buildio import Build
from pipeline.view.filters import FilterSpec


def export_section(build: Build, spec: FilterSpec, legs: pd.DataFrame) -> None:
    """An expander of download buttons; nothing when no leg is in view."""
    if legs.empty:
        return  # nothing to export; the empty-result message says how to widen the view
    with st.expander("Download this view"):
        cols = st.columns(len(export.FORMATS))
        for col, fmt in zip(cols, export.FORMATS):
            col.download_button(
                fmt.upper(), data=lambda fmt=fmt: export.export_bytes(build, spec, fmt),
                file_name=f"exodus-map.{fmt}", on_click="ignore", key=f"export_{fmt}",
            )
