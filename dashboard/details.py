"""The details panel: the selected leg (its route, numbers and citations) or place.

In: a loaded build, the map's selection state and the legs in view. Out:
Streamlit elements; every text from an article goes through
:mod:`dashboard.markup` (escaped) or a plain-text widget.
"""
from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from dashboard.markup import facts_html, highlighted_html, text_html
from dashboard.quotes import quote_in_paragraph
from pipeline.view import mapview
from pipeline.view.buildio import Build, article_text

DETAILS_HINT = ("Select an arc or a place on the map to read its sources: the route, its numbers and "
                "each quote in its paragraph. Select it again, or click an empty spot, to clear.")


def selected_item(selection) -> tuple[str, str] | None:
    """``("leg", flow_id)`` or ``("place", place_id)`` from the map's selection state."""
    if not selection:
        return None
    objects = (selection.get("selection") or {}).get("objects") or {}
    for layer, kind, field in (("legs", "leg", "flow_id"), ("places", "place", "place_id"),
                               ("crossings", "place", "place_id")):
        for obj in objects.get(layer) or []:
            if isinstance(obj, dict) and obj.get(field):
                return kind, html.unescape(str(obj[field]))
    return None


def route_chain(flows: pd.DataFrame, route_id: str) -> tuple[str, pd.DataFrame]:
    """'Kaluga → Dushanbe → Uzbekistan' and the route's legs in order."""
    legs = flows[flows["route_id"] == route_id].sort_values("leg")
    if legs.empty:
        return "", legs
    names = [str(legs["from_name"].iat[0]), *map(str, legs["to_name"])]
    return " → ".join(names), legs


def _text(value) -> str:
    """A field for display: its text, or a dash when the build left it blank."""
    return str(value) if mapview.present(value) else "—"


def show_citation(build: Build, leg: pd.Series) -> None:
    """The quote highlighted in its paragraph, with the article's title, outlet, date and link."""
    title = _text(leg.get("title") if isinstance(leg.get("title"), str) else leg.get("article_id"))
    meta = " · ".join(v for v in (_text(leg.get("outlet")), _text(leg.get("published"))) if v != "—")
    with st.container(border=True):
        st.html(text_html(title, "div", "font-weight:600"))
        if meta:
            st.html(text_html(meta, "div", "color:#666;font-size:0.85em"))
        parts = quote_in_paragraph(article_text(build, leg.get("article_id")), leg.get("quote_start"),
                                   leg.get("quote_end"), str(leg.get("quote") or ""))
        if parts:
            st.html(highlighted_html(parts))
        else:
            st.text(str(leg.get("quote") or ""))
        url = leg.get("url")
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            st.link_button("Open the article", url)


def show_leg_details(build: Build, flow_id: str) -> None:
    """The selected leg's route, its numbers and every citation of the route."""
    rows = build.flows[build.flows["flow_id"] == flow_id]
    if rows.empty:
        st.info("The selected leg is not in this build any more.")
        return
    leg = rows.iloc[0]
    chain, legs = route_chain(build.flows, leg["route_id"])
    st.html(text_html(chain, "h3"))
    people = pd.to_numeric(pd.Series([leg.get("people")]), errors="coerce").iloc[0]
    st.html(facts_html([
        ("Status", _text(leg.get("status"))), ("Mode", _text(leg.get("mode"))),
        ("People", f"{int(people):,}" if pd.notna(people) else "not stated"),
        ("Journey date", _text(leg.get("event_date"))),
        ("Published", _text(leg.get("published"))), ("Outlet", _text(leg.get("outlet"))),
    ]))
    position = f"leg {int(leg['leg']) + 1} of {len(legs)}"
    st.html(text_html(f"Selected leg: {leg['from_name']} → {leg['to_name']} ({position})", "div", "color:#666"))
    if mapview.is_reviewed(leg.get("reviewed")):
        st.html(text_html("✔ reviewed by an analyst", "div", "color:#007a55;font-weight:600"))
    seen = set()
    for _, other in legs.iterrows():
        cite = (other["article_id"], other.get("quote_start"), other.get("quote_end"))
        if cite not in seen:
            seen.add(cite)
            show_citation(build, other)


def show_place_details(build: Build, place_id: str, legs_in_view: pd.DataFrame) -> None:
    """The selected place: what it is, the legs in view through it, the articles naming it."""
    rows = build.places[build.places["place_id"] == place_id] if not build.places.empty else build.places
    if rows.empty:
        st.info("The selected place is not in this build any more.")
        return
    place = rows.iloc[0]
    st.html(text_html(place["name"], "h3"))
    forms = [f for f in (place.get("surface_forms") or []) if f != place["name"]]
    st.html(text_html(" · ".join([str(place.get("kind", "")).replace("_", " "), str(place.get("country_code", "")),
                                  f"{int(place.get('mentions') or 0)} mentions"]
                                 + ([f"also written {', '.join(map(str, forms))}"] if forms else [])),
                      "div", "color:#666"))
    touching = legs_in_view[(legs_in_view["from_place_id"] == place_id) | (legs_in_view["to_place_id"] == place_id)] \
        if not legs_in_view.empty else legs_in_view
    if touching.empty:
        st.write("No leg in view starts or ends here.")
    else:
        st.write(f"{len(touching)} leg(s) in view start or end here:")
        for _, leg in touching.head(10).iterrows():
            reviewed = " · reviewed by an analyst" if mapview.is_reviewed(leg.get("reviewed")) else ""
            st.html(text_html(f"{leg['from_name']} → {leg['to_name']} · {_text(leg.get('status'))}{reviewed}",
                              "div", "font-weight:600"))
            show_citation(build, leg)
    named = [a for a in (place.get("article_ids") or [])]
    if named:
        titles = dict(zip(build.articles["article_id"], build.articles.get("title", build.articles["article_id"])))
        st.html(text_html("Named in: " + "; ".join(_text(titles.get(a, a)) for a in named), "div", "color:#666"))


def show_details(build: Build, item: tuple[str, str] | None, legs: pd.DataFrame) -> None:
    """The details panel: the selected leg or place, else how to select one."""
    if item and item[0] == "leg":
        show_leg_details(build, item[1])
    elif item:
        show_place_details(build, item[1], legs)
    else:
        st.caption(DETAILS_HINT)
