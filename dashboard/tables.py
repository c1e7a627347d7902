"""The tables under the map: the legs in view (with citations) and the places.

In: the legs and places of the view. Out: display frames (pure pandas,
:func:`legs_table`, :func:`places_table`) and the two tabs that show them.
Selecting a row (click, or the keyboard: arrows and space) opens its
details, as selecting it on the map does. Blank fields show as a dash or
"not stated", never "None".
"""
from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from dashboard.state import LEGS_TABLE_KEY, PLACES_TABLE_KEY, select
from pipeline.text.normalise import strip_bidi
from pipeline.text.urls import http_url
from pipeline.view import mapview

LEG_COLUMNS = ["from_name", "to_name", "status", "mode", "people", "event_date", "published", "outlet",
               "title", "url", "quote", "confidence", "reviewed"]
PLACE_COLUMNS = ["name", "kind", "country_code", "people_out", "people_in", "legs_out", "legs_in", "mentions"]
DASH = "—"


def _shown_text(column: pd.Series) -> pd.Series:
    """Text cells without bidi controls (a right-to-left override would reorder a quote on screen)."""
    return column.map(lambda v: strip_bidi(v) if isinstance(v, str) else v)


def _or_dash(column: pd.Series, blank: str = DASH) -> pd.Series:
    return column.map(lambda v: str(v) if mapview.present(v) else blank)


def legs_table(legs: pd.DataFrame) -> pd.DataFrame:
    """The legs as shown in the table: readable columns, no blanks shown as "None", links http(s) only.

    The index is the legs' ``flow_id`` (hidden), so a selected row names its leg.
    """
    table = legs[[c for c in LEG_COLUMNS if c in legs]].copy()
    for col in ("from_name", "to_name", "outlet", "title", "quote"):
        if col in table:
            table[col] = _shown_text(table[col])
    if "url" in table:
        table["url"] = table["url"].map(http_url)
    for col in ("event_date", "published", "outlet", "mode", "status"):
        if col in table:
            table[col] = _or_dash(table[col])
    if "title" in table:
        table["title"] = [t if mapview.present(t) else a for t, a in zip(table["title"], legs["article_id"])]
    if "people" in table:
        table["people"] = [f"{n:,}" if n is not None else "not stated" for n in map(mapview._people, legs["people"])]
    # Builds before review support have no flag: nothing in them was reviewed.
    table["reviewed"] = [mapview.is_reviewed(v) for v in legs["reviewed"]] if "reviewed" in legs else False
    table.index = legs["flow_id"].astype(str) if "flow_id" in legs else table.index
    return table


def places_table(places: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """The places with the people and legs in view leaving and arriving, busiest first; index ``place_id``.

    ``totals``: :func:`pipeline.view.flows.place_totals` of the view's flows.
    """
    if places.empty:
        return pd.DataFrame(columns=PLACE_COLUMNS)
    table = places[["name", "kind", "country_code", "mentions"]].copy()
    table["name"] = _shown_text(table["name"])
    table["kind"] = table["kind"].map(lambda k: str(k).replace("_", " ") if mapview.present(k) else DASH)
    table["country_code"] = _or_dash(table["country_code"])
    for col in ("people_out", "people_in", "legs_out", "legs_in"):
        # One lookup per column, not per row (a large build's view has tens of thousands of places).
        table[col] = totals[col].reindex(places["place_id"]).fillna(0).astype(int).to_numpy() if col in totals else 0
    table.index = places["place_id"].astype(str)
    table = table[PLACE_COLUMNS]
    return table.sort_values(["people_out", "people_in", "legs_out", "legs_in", "mentions"], ascending=False)


def _picked(key: str, table: pd.DataFrame) -> str | None:
    rows = ((st.session_state.get(key) or {}).get("selection") or {}).get("rows") or []
    return str(table.index[rows[0]]) if rows and 0 <= rows[0] < len(table) else None


def _select_leg(table: pd.DataFrame) -> None:
    leg = _picked(LEGS_TABLE_KEY, table)
    if leg:
        select(("leg", leg))


def _select_place(table: pd.DataFrame) -> None:
    place = _picked(PLACES_TABLE_KEY, table)
    if place:
        select(("place", place))


def show_tables(view) -> None:
    """Two tabs: the legs in view and the places (a :class:`dashboard.views.View`'s tables); a row opens its details."""
    tab_legs, tab_places = st.tabs([f"Legs in view ({view.legs_total:,})", f"Places ({len(view.places):,})"])
    with tab_legs:
        if view.partial:
            st.caption(f"The first {len(view.legs_table):,} of {view.legs_total:,} legs in view, in the build's order: "
                       "filter to narrow them, or download the view for all of them.")
        st.dataframe(view.legs_table, hide_index=True, key=LEGS_TABLE_KEY, on_select=functools.partial(_select_leg, view.legs_table),
                     selection_mode="single-row", column_config={
                         "from_name": "From", "to_name": "To", "status": "Status", "mode": "Mode",
                         "people": "People", "event_date": "Journey date", "published": "Published",
                         "outlet": "Outlet", "title": "Article",
                         "url": st.column_config.LinkColumn("Link", display_text="open"),
                         "quote": st.column_config.TextColumn("Quote", width="large"),
                         "confidence": st.column_config.ProgressColumn("Confidence", min_value=0.0, max_value=1.0),
                         "reviewed": st.column_config.CheckboxColumn("Reviewed", help="Corrected or added by an analyst"),
                     })
    with tab_places:
        st.dataframe(view.places_table, hide_index=True, key=PLACES_TABLE_KEY, on_select=functools.partial(_select_place, view.places_table),
                     selection_mode="single-row", column_config={
                         "name": "Place", "kind": "Kind", "country_code": "Country",
                         "people_out": st.column_config.NumberColumn("People out", format="localized",
                                                                     help="Largest figure per flow, added over flows"),
                         "people_in": st.column_config.NumberColumn("People in", format="localized"),
                         "legs_out": "Legs out", "legs_in": "Legs in", "mentions": "Mentions",
                     })
