"""The tables under the map: the legs in view (with citations) and the places.

In: the legs and places of the view. Out: display frames (pure pandas,
:func:`legs_table`, :func:`places_table`) and the two tabs that show them.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from pipeline.text.normalise import strip_bidi
from pipeline.text.urls import http_url
from pipeline.view import mapview

LEG_COLUMNS = ["from_name", "to_name", "status", "mode", "people", "event_date", "published", "outlet",
               "title", "url", "quote", "confidence", "reviewed"]


def _shown_text(column: pd.Series) -> pd.Series:
    """Text cells without bidi controls (a right-to-left override would reorder a quote on screen)."""
    return column.map(lambda v: strip_bidi(v) if isinstance(v, str) else v)


def legs_table(legs: pd.DataFrame) -> pd.DataFrame:
    """The legs as shown in the table: readable columns, dates and counts typed, links http(s) only."""
    table = legs[[c for c in LEG_COLUMNS if c in legs]].copy()
    for col in ("from_name", "to_name", "outlet", "title", "quote"):
        if col in table:
            table[col] = _shown_text(table[col])
    if "url" in table:
        table["url"] = table["url"].map(http_url)
    for col in ("event_date", "published"):
        if col in table:
            table[col] = pd.to_datetime(table[col], errors="coerce")
    if "people" in table:
        table["people"] = pd.to_numeric(table["people"], errors="coerce").astype("Int64")
    # Builds before review support have no flag: nothing in them was reviewed.
    table["reviewed"] = [mapview.is_reviewed(v) for v in legs["reviewed"]] if "reviewed" in legs else False
    return table


def places_table(places: pd.DataFrame, legs: pd.DataFrame) -> pd.DataFrame:
    """The places with how many legs in view leave and arrive, busiest first."""
    if places.empty:
        return pd.DataFrame(columns=["name", "kind", "country_code", "mentions", "legs_out", "legs_in"])
    out, into = mapview.leg_counts(legs)
    table = places[["name", "kind", "country_code", "mentions"]].copy()
    table["name"] = _shown_text(table["name"])
    table["legs_out"] = [out[p] for p in places["place_id"]]
    table["legs_in"] = [into[p] for p in places["place_id"]]
    return table.sort_values(["legs_out", "legs_in", "mentions"], ascending=False)


def show_tables(view) -> None:
    """Two tabs: the legs in view and the places (a :class:`dashboard.views.View`'s tables)."""
    tab_legs, tab_places = st.tabs([f"Legs in view ({len(view.legs):,})", f"Places ({len(view.places):,})"])
    with tab_legs:
        st.dataframe(view.legs_table, hide_index=True, column_config={
            "from_name": "From", "to_name": "To", "status": "Status", "mode": "Mode",
            "people": st.column_config.NumberColumn("People", format="%d"),
            "event_date": st.column_config.DateColumn("Journey date"),
            "published": st.column_config.DateColumn("Published"),
            "outlet": "Outlet", "title": "Article",
            "url": st.column_config.LinkColumn("Link", display_text="open"),
            "quote": st.column_config.TextColumn("Quote", width="large"),
            "confidence": st.column_config.ProgressColumn("Confidence", min_value=0.0, max_value=1.0),
            "reviewed": st.column_config.CheckboxColumn("Reviewed", help="Corrected or added by an analyst"),
        })
    with tab_places:
        st.dataframe(view.places_table, hide_index=True, column_config={
            "name": "Place", "kind": "Kind", "country_code": "Country", "mentions": "Mentions",
            "legs_out": "Legs out", "legs_in": "Legs in",
        })
