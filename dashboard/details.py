"""The details panel: the selected arc (every leg and citation behind it), leg (its route) or place.

In: a loaded build, the selection (``(kind, id)``, see
:mod:`pipeline.view.mapstate`), the view and the drawn map. Out: Streamlit
elements; every text from an article goes through :mod:`dashboard.markup`
(escaped) or a plain-text widget.
"""
from __future__ import annotations

import html
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard.markup import facts_html, highlighted_html, text_html
from dashboard.quotes import quote_in_paragraph
from pipeline.view import mapview
from pipeline.view.buildio import Build, article_text
from pipeline.view.display import plain
from pipeline.view.filters import FilterSpec
from pipeline.view.flows import PEOPLE_RULE, PEOPLE_RULE_SHORT, legs_of, split_key

DETAILS_HINT = ("Select an arc or a place on the map, or a row of the tables below, to read its sources: "
                "the route, its numbers and each quote in its paragraph. Click an empty spot to clear.")
REVIEW_PATH = "Review"  # the Review page's url_path (app.py)
MAX_LEGS_SHOWN = 50  # citations listed for one arc or place; the legs table has the rest
EVERY_LEG = FilterSpec(min_confidence=0.0)  # a selected leg is shown whatever the filter


def selected_item(selection) -> tuple[str, str] | None:
    """``("flow", key)`` or ``("place", place_id)`` from the map's selection state."""
    if not selection:
        return None
    objects = (selection.get("selection") or {}).get("objects") or {}
    for layer, kind, field in (("legs", "flow", "key"), ("places", "place", "place_id"),
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


def review_url(leg) -> str:
    """The Review page's address for this leg (relative: the app's own server), ids URL-encoded."""
    return f"{REVIEW_PATH}?{urlencode({'article': str(leg.get('article_id')), 'leg': str(leg.get('flow_id'))})}"


def review_link(leg: pd.Series) -> None:
    """A link to the Review page, opened on this leg's article and leg (ids URL-encoded)."""
    st.link_button("Review this leg →", review_url(leg), type="tertiary")


def show_citation(build: Build, leg: pd.Series, with_review: bool = True) -> None:
    """The quote highlighted in its paragraph, with the article's title, outlet, date, link and review link."""
    title = _text(leg.get("title") if mapview.present(leg.get("title")) else leg.get("article_id"))
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
        if with_review:
            review_link(leg)


def _build_legs(build: Build, column: str, value: str) -> pd.DataFrame:
    """Every leg of the build whose ``column`` is ``value`` (a large build asks DuckDB)."""
    if build.query is not None:
        return build.query.legs_where(EVERY_LEG, **{column: [value]})[0]
    return build.flows[build.flows[column] == value]


def show_leg_details(build: Build, flow_id: str) -> None:
    """The selected leg's route, its numbers and every citation of the route."""
    rows = _build_legs(build, "flow_id", flow_id)
    if rows.empty:
        st.info("The selected leg is not in this build any more.")
        return
    leg = rows.iloc[0]
    chain, legs = route_chain(_build_legs(build, "route_id", leg["route_id"]), leg["route_id"])
    st.html(text_html(chain, "h3"))
    st.html(facts_html([
        ("Status", _text(leg.get("status"))), ("Mode", _text(leg.get("mode"))),
        ("People", mapview.people_text(leg.get("people"))),
        ("Journey date", _text(leg.get("event_date"))),
        ("Published", _text(leg.get("published"))), ("Source", _text(mapview.source_name(leg))),
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


def _leg_list(build: Build, legs: pd.DataFrame, total: int | None = None) -> None:
    """Each leg's line and citation, at most :data:`MAX_LEGS_SHOWN` (of ``total``, default all of ``legs``)."""
    total = len(legs) if total is None else total
    for _, leg in legs.head(MAX_LEGS_SHOWN).iterrows():
        reviewed = " · reviewed by an analyst" if mapview.is_reviewed(leg.get("reviewed")) else ""
        st.html(text_html(f"{leg['from_name']} → {leg['to_name']} · {mapview.leg_meta(leg)}{reviewed}",
                          "div", "font-weight:600;margin-top:0.5em"))
        show_citation(build, leg)
    if total > MAX_LEGS_SHOWN:
        st.caption(f"…and {total - MAX_LEGS_SHOWN:,} more legs: see the legs table below.")


def show_flow_details(build: Build, key: str, view, model) -> None:
    """An arc: its ends and status, the largest number reported, and every leg and citation behind it."""
    flows = model.flows if model is not None and not model.flows.empty else view.flows
    rows = flows[flows["key"] == key]
    if rows.empty and not view.flows.empty:
        rows = view.flows[view.flows["key"] == key]
    if rows.empty:
        parts = split_key(key)
        # The key may come from the address bar: shown as plain text.
        st.info(plain("No arc of this view goes " + (f"from {parts[0]} to {parts[1]} ({parts[2]})." if parts
                                                      else "there.") + " Widen the filters or reset them."))
        return
    flow = rows.iloc[0]
    total = None
    if build.query is not None and view.spec is not None:
        # A large build's flows carry no leg ids: ask for the legs between the arc's ends (or merged places).
        members = model.clustering.members if model is not None else {}
        legs, total = build.query.legs_where(view.spec, MAX_LEGS_SHOWN,
                                             from_place_id=members.get(flow["from_id"]) or [flow["from_id"]],
                                             to_place_id=members.get(flow["to_id"]) or [flow["to_id"]],
                                             status=[flow["status"]])
    else:
        legs = legs_of(view.legs, flow["flow_ids"])
    st.html(text_html(f"{flow['from_name']} → {flow['to_name']}", "h3"))
    st.html(facts_html([
        ("Status", _text(flow["status"])), ("People (largest reported)", mapview.people_text(flow["people"])),
        ("Legs", f"{int(flow['legs']):,}"), ("Reported by", mapview.plural(int(flow["articles"]), "article")),
        ("First date", _text(flow["first"])), ("Last date", _text(flow["last"])),
    ]))
    st.caption(f"The {PEOPLE_RULE}.")
    _leg_list(build, legs, total)


def show_place_details(build: Build, place_id: str, view, model) -> None:
    """A place (or places merged at this zoom): people and legs in and out, the legs through it, the articles naming it."""
    members = model.clustering.members.get(place_id) if model is not None else None
    ids = set(members) if members else {place_id}
    rows = build.places[build.places["place_id"].isin(ids)] if not build.places.empty else build.places
    if rows.empty:
        st.info("The selected place is not in this build any more.")
        return
    place = rows.iloc[0]
    if members:
        st.html(text_html(model.clustering.names[place_id], "h3"))
        st.html(text_html("Places merged at this zoom: " + ", ".join(sorted(map(str, rows["name"]))), "div",
                          "color:#666"))
    else:
        st.html(text_html(place["name"], "h3"))
        forms = [f for f in (place.get("surface_forms") or []) if f != place["name"]]
        st.html(text_html(" · ".join([str(place.get("kind", "")).replace("_", " "), _text(place.get("country_code")),
                                      mapview.plural(int(place.get("mentions") or 0), "mention")]
                                     + ([f"also written {', '.join(map(str, forms))}"] if forms else [])),
                          "div", "color:#666"))
    if build.query is not None and view.spec is not None:
        touching, total = build.query.legs_where(view.spec, MAX_LEGS_SHOWN, either_place_id=ids)
    else:
        legs = view.legs
        touching = legs[legs["from_place_id"].isin(ids) | legs["to_place_id"].isin(ids)] if not legs.empty else legs
        total = len(touching)
    totals = view.totals.reindex(list(ids)).fillna(0).sum() if not view.totals.empty else pd.Series(dtype=float)
    st.html(facts_html([
        ("People out", mapview.people_text(totals.get("people_out", 0))),
        ("People in", mapview.people_text(totals.get("people_in", 0))),
        ("Legs out", f"{int(totals.get('legs_out', 0)):,}"), ("Legs in", f"{int(totals.get('legs_in', 0)):,}"),
    ]))
    st.caption(f"People: each arc's largest reported number, added over the arcs ({PEOPLE_RULE_SHORT}).")
    if touching.empty:
        st.write("No leg in view starts or ends here.")
    else:
        st.write(plain(f"{mapview.plural(total, 'leg')} in view start or end here:"))
        _leg_list(build, touching, total)
    named = sorted({a for ids_ in rows["article_ids"] for a in (ids_ or [])}) if "article_ids" in rows else []
    if named:
        titles = dict(zip(build.articles["article_id"], build.articles.get("title", build.articles["article_id"])))
        st.html(text_html("Named in: " + "; ".join(_text(titles.get(a, a)) for a in named), "div", "color:#666"))


def show_details(build: Build, item: tuple[str, str] | None, view, model=None) -> None:
    """The details panel: the selected arc, leg or place, else how to select one."""
    if item and item[0] == "flow":
        show_flow_details(build, item[1], view, model)
    elif item and item[0] == "leg":
        show_leg_details(build, item[1])
    elif item:
        show_place_details(build, item[1], view, model)
    else:
        st.caption(DETAILS_HINT)
