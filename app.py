"""exodus map: explore the journeys a build found, filter them, read the sources.

Run with ``streamlit run app.py``. The app reads a finished build (folder in
``EXODUS_BUILD_DIR``, default ``data/build``) through
:func:`pipeline.view.buildio.load_build`, filters with the one shared
:func:`pipeline.view.filters.apply_filters` and draws with
:func:`pipeline.view.mapview.make_deck`; it holds no pipeline logic. The filter
state lives in the URL, so a copied address reproduces the view.

Everything shown that comes from an article is escaped: plain-text widgets,
or :func:`html.escape` before any HTML built here.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from pipeline import config
from pipeline.view import mapview
from pipeline.view.buildio import BUILD_FILES, Build, BuildError, load_build
from pipeline.view.filters import COUNTRY_ROLES, FilterSpec, apply_filters, from_query_params, to_query_params
from pipeline.records import MODES, STATUSES

APP_DIR = Path(__file__).resolve().parent
BUILD_COMMAND = ".venv/bin/python -m pipeline build --articles data/articles --out data/build"
MAP_KEY = "map"
MAP_HEIGHT = 560
# The map's column is about this wide on a laptop; the first view is fitted to it.
MAP_FIT_WIDTH = 520
QUOTE_CONTEXT = 320  # characters of the paragraph shown either side of a quote
PAGES_DIR = APP_DIR / "pages"
BASEMAP_PARAM = "basemap"  # ?basemap=online: not a filter, but part of the view
# Widget keys, one per FilterSpec field.
KEYS = {f.name: f"f_{f.name}" for f in fields(FilterSpec)}
ROLE_LABELS = {"either": "origin or destination", "origin": "origin", "destination": "destination"}


# --- loading -------------------------------------------------------------------

def build_dir() -> Path:
    """The build folder: ``$EXODUS_BUILD_DIR``, else ``build/`` in the data folder."""
    return config.build_dir()


def build_stamp(directory: Path) -> tuple:
    """Modification times and sizes of the build's files: a rebuilt build is a new key."""
    stamp = []
    for name in BUILD_FILES:
        try:
            st_ = (directory / name).stat()
            stamp.append((name, st_.st_mtime_ns, st_.st_size))
        except OSError:
            stamp.append((name, None, None))
    return tuple(stamp)


@st.cache_data(show_spinner="Loading the build…", max_entries=4)
def cached_build(directory: str, stamp: tuple) -> Build:
    """:func:`load_build`, cached until one of the build's files changes."""
    return load_build(directory)


@st.cache_data(show_spinner=False, max_entries=64)
def read_article_file(path: str, stamp: float) -> str | None:
    """An article's text from its file (when the build does not carry it)."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def article_text(build: Build, article_id: str) -> str | None:
    """The cleaned text of an article: the build's ``text`` field, else its file."""
    rows = build.articles[build.articles["article_id"] == article_id] if "article_id" in build.articles else []
    if len(rows) == 0:
        return None
    row = rows.iloc[0]
    if isinstance(row.get("text"), str):
        return row["text"]
    raw = row.get("path")
    if not isinstance(raw, str) or not raw:
        return None
    for path in (Path(raw), APP_DIR / raw, build.directory / raw):
        if path.is_file():
            return read_article_file(str(path), path.stat().st_mtime)
    return None


@st.cache_resource(show_spinner=False, max_entries=16)
def cached_deck(directory: str, stamp: tuple, params: tuple, online: bool, _flows: pd.DataFrame,
                _places: pd.DataFrame):
    """The map for one view; the underscored frames follow from the other arguments."""
    return mapview.make_deck(_flows, _places, online_basemap=online, fit_width=MAP_FIT_WIDTH,
                             height=MAP_HEIGHT)


# --- pure helpers ------------------------------------------------------------------

def quote_in_paragraph(text: str | None, start, end, quote: str,
                       context: int = QUOTE_CONTEXT) -> tuple[str, str, str] | None:
    """Split the paragraph holding a quote into (before, quote, after).

    Uses the citation's offsets when they still point at the quote, else the
    first place the quote occurs; None when the text does not contain it.
    Long paragraphs keep about ``context`` characters either side of the quote.
    """
    if not text or not quote:
        return None
    try:
        s, e = int(start), int(end)
    except (TypeError, ValueError):
        s, e = -1, -1
    if not (0 <= s < e <= len(text) and text[s:e] == quote):
        s = text.find(quote)
        if s < 0:
            return None
        e = s + len(quote)
    para_start = text.rfind("\n\n", 0, s)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", e)
    para_end = len(text) if para_end < 0 else para_end
    return clip_start(text[para_start:s], context), text[s:e], clip_end(text[e:para_end], context)


def clip_start(text: str, limit: int) -> str:
    """The last ``limit`` characters or so of ``text``, cut at a space, with a leading "…"."""
    if len(text) <= limit:
        return text
    tail = text[-limit:]
    space = tail.find(" ")
    return "…" + (tail[space + 1:] if 0 <= space < limit // 2 else tail)


def clip_end(text: str, limit: int) -> str:
    """The first ``limit`` characters or so of ``text``, cut at a space, with a trailing "…"."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head) + "…"


def highlighted_html(parts: tuple[str, str, str]) -> str:
    """The paragraph as HTML: every part escaped first, then the quote marked."""
    before, quote, after = (html.escape(p) for p in parts)
    return (f'<div style="line-height:1.5;white-space:pre-wrap">{before}'
            f'<mark style="background:#fde68a">{quote}</mark>{after}</div>')


def text_html(text, tag: str = "div", style: str = "") -> str:
    """One element holding ``text`` escaped: shown as written, never as HTML or markdown."""
    attr = f' style="{html.escape(style)}"' if style else ""
    return f"<{tag}{attr}>{html.escape(str(text))}</{tag}>"


def facts_html(facts: list[tuple[str, str]]) -> str:
    """Label/value pairs as a two-column grid; every label and value escaped."""
    cells = "".join(f'<div><div style="color:#666;font-size:0.8em">{html.escape(label)}</div>'
                    f'<div style="font-size:1.15em;font-weight:600">{html.escape(value)}</div></div>'
                    for label, value in facts)
    return f'<div style="display:grid;grid-template-columns:1fr 1fr;gap:0.5em 1em">{cells}</div>'


def counts_text(legs: pd.DataFrame) -> str:
    """'23 legs from 4 articles'."""
    n_legs = len(legs)
    n_art = legs["article_id"].nunique() if n_legs else 0
    return f"{n_legs:,} leg{'s' * (n_legs != 1)} from {n_art:,} article{'s' * (n_art != 1)}"


def route_chain(flows: pd.DataFrame, route_id: str) -> tuple[str, pd.DataFrame]:
    """'Kaluga → Dushanbe → Uzbekistan' and the route's legs in order."""
    legs = flows[flows["route_id"] == route_id].sort_values("leg")
    if legs.empty:
        return "", legs
    names = [str(legs["from_name"].iat[0]), *map(str, legs["to_name"])]
    return " → ".join(names), legs


def active_filters(spec: FilterSpec) -> list[str]:
    """The non-default filters, in words, for the empty-result message."""
    return [f"{key} = {value}" for key, value in to_query_params(spec).items()]


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, date) else None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _options(values) -> list[str]:
    return sorted({str(v) for v in values if isinstance(v, str) and v})


@dataclass(frozen=True)
class Choices:
    """What the sidebar offers for a build."""

    countries: list[str]
    country_names: dict[str, str]
    articles: list[str]
    article_titles: dict[str, str]
    outlets: list[str]
    modes: list[str]
    statuses: list[str]


def choices_for(build: Build) -> Choices:
    flows, places, articles = build.flows, build.places, build.articles
    countries = _options(pd.concat([flows.get("from_country", pd.Series()), flows.get("to_country", pd.Series())]))
    names = {}
    if not places.empty and "kind" in places:
        cp = places[places["kind"] == "country"]
        names = dict(zip(cp["country_code"], cp["name"]))
    titles = {}
    if not articles.empty:
        titles = {a: (t if isinstance(t, str) and t else a)
                  for a, t in zip(articles["article_id"], articles.get("title", articles["article_id"]))}
    used_articles = _options(flows["article_id"]) if not flows.empty else []
    return Choices(
        countries=countries, country_names=names,
        articles=used_articles, article_titles=titles,
        outlets=_options(flows["outlet"]) if "outlet" in flows else [],
        modes=[m for m in MODES if not flows.empty and m in set(flows["mode"])] or list(MODES),
        statuses=list(STATUSES),
    )


# --- state: URL <-> widgets ------------------------------------------------------------

def seed_widgets(spec: FilterSpec, choices: Choices) -> None:
    """Put ``spec`` into the widgets' session state (values they cannot show are dropped)."""
    allowed = {"countries": choices.countries, "articles": choices.articles, "outlets": choices.outlets,
               "modes": choices.modes, "statuses": choices.statuses}
    for f in fields(FilterSpec):
        value = getattr(spec, f.name)
        if f.name in allowed:
            value = [v for v in value if v in allowed[f.name]]
        elif f.name.endswith(("_from", "_to")):
            value = _date(value)
        st.session_state[KEYS[f.name]] = value


def reset_filters(choices: Choices) -> None:
    """Button callback: everything back to the default view."""
    seed_widgets(FilterSpec(), choices)
    st.session_state.pop(MAP_KEY, None)


def sync_url(spec: FilterSpec, online: bool) -> None:
    """Write the view into the address bar when it changed."""
    wanted = to_query_params(spec)
    if online:
        wanted[BASEMAP_PARAM] = "online"
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


# --- sidebar ---------------------------------------------------------------------------

def country_filter(choices: Choices) -> tuple[tuple[str, ...], str]:
    label = lambda c: f"{choices.country_names.get(c, c)} ({c})"  # noqa: E731
    countries = st.multiselect("Country", choices.countries, key=KEYS["countries"], format_func=label,
                               placeholder="Any country")
    role = st.radio("as", COUNTRY_ROLES, key=KEYS["country_role"], format_func=ROLE_LABELS.get, horizontal=True)
    return tuple(countries), role


def date_filter(label: str, prefix: str) -> tuple[str | None, str | None]:
    left, right = st.columns(2)
    low = left.date_input(f"{label} from", value=None, key=KEYS[f"{prefix}_from"],
                          min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
    high = right.date_input("to", value=None, key=KEYS[f"{prefix}_to"],
                            min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
    return _iso(low), _iso(high)


def source_filter(choices: Choices) -> tuple[tuple[str, ...], tuple[str, ...]]:
    articles = st.multiselect("Source article", choices.articles, key=KEYS["articles"],
                              format_func=lambda a: choices.article_titles.get(a, a), placeholder="Any article")
    outlets = st.multiselect("Outlet", choices.outlets, key=KEYS["outlets"], placeholder="Any outlet")
    return tuple(articles), tuple(outlets)


def journey_filter(choices: Choices) -> tuple[tuple[str, ...], tuple[str, ...], int, str]:
    modes = st.multiselect("Mode", choices.modes, key=KEYS["modes"], placeholder="Any mode")
    statuses = st.multiselect("Status", choices.statuses, key=KEYS["statuses"], placeholder="Any status")
    min_people = st.number_input("Minimum people", min_value=0, step=1, key=KEYS["min_people"],
                                 help="Legs that state no number count as 0.")
    text = st.text_input("Search in quotes", key=KEYS["text"], placeholder="e.g. border, queue, Lars")
    return tuple(modes), tuple(statuses), int(min_people or 0), text


def sidebar(choices: Choices) -> tuple[FilterSpec, bool]:
    """All filter widgets; returns the spec they describe and the base-map choice."""
    with st.sidebar:
        st.header("Filters")
        countries, role = country_filter(choices)
        published_from, published_to = date_filter("Published", "published")
        event_from, event_to = date_filter("Journey date", "event")
        include_undated = st.checkbox("Keep legs without a date", key=KEYS["include_undated"])
        articles, outlets = source_filter(choices)
        modes, statuses, min_people, text = journey_filter(choices)
        st.button("Reset filters", on_click=reset_filters, args=(choices,), use_container_width=True)
        st.divider()
        online = st.toggle("Online base map (CARTO)", key="online_basemap",
                           help="Off: offline country outlines. On: CARTO map tiles, loaded from the internet.")
    spec = FilterSpec(
        countries=countries, country_role=role, published_from=published_from, published_to=published_to,
        event_from=event_from, event_to=event_to, include_undated=include_undated, articles=articles,
        outlets=outlets, modes=modes, statuses=statuses, min_people=min_people, text=text,
    )
    return spec, online


# --- details -------------------------------------------------------------------------------

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


def _text(value) -> str:
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


# --- tables --------------------------------------------------------------------------------

LEG_COLUMNS = ["from_name", "to_name", "status", "mode", "people", "event_date", "published", "outlet",
               "title", "url", "quote", "confidence", "reviewed"]


def legs_table(legs: pd.DataFrame) -> pd.DataFrame:
    table = legs[[c for c in LEG_COLUMNS if c in legs]].copy()
    for col in ("event_date", "published"):
        if col in table:
            table[col] = pd.to_datetime(table[col], errors="coerce")
    if "people" in table:
        table["people"] = pd.to_numeric(table["people"], errors="coerce").astype("Int64")
    # Builds before review support have no flag: nothing in them was reviewed.
    table["reviewed"] = [mapview.is_reviewed(v) for v in legs["reviewed"]] if "reviewed" in legs else False
    return table


def places_table(places: pd.DataFrame, legs: pd.DataFrame) -> pd.DataFrame:
    if places.empty:
        return pd.DataFrame(columns=["name", "kind", "country_code", "mentions", "legs_out", "legs_in"])
    out, into = mapview.leg_counts(legs)
    table = places[["name", "kind", "country_code", "mentions"]].copy()
    table["legs_out"] = [out[p] for p in places["place_id"]]
    table["legs_in"] = [into[p] for p in places["place_id"]]
    return table.sort_values(["legs_out", "legs_in", "mentions"], ascending=False)


def show_tables(legs: pd.DataFrame, places: pd.DataFrame) -> None:
    tab_legs, tab_places = st.tabs([f"Legs in view ({len(legs):,})", f"Places ({len(places):,})"])
    with tab_legs:
        st.dataframe(legs_table(legs), hide_index=True, column_config={
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
        st.dataframe(places_table(places, legs), hide_index=True, column_config={
            "name": "Place", "kind": "Kind", "country_code": "Country", "mentions": "Mentions",
            "legs_out": "Legs out", "legs_in": "Legs in",
        })


# --- export (download buttons) -------------------------------------------------------------
# Files for the current view come from pipeline/export.py (export_bytes). The
# bytes are made only when a button is clicked (PNG takes seconds).

def export_section(build: Build, spec: FilterSpec, legs: pd.DataFrame) -> None:
    if legs.empty:
        return  # nothing to export; the empty-result message says how to widen the view
    from pipeline import export  # imported here: it pulls in matplotlib, not needed to draw the page

    with st.expander("Download this view"):
        cols = st.columns(len(export.FORMATS))
        for col, fmt in zip(cols, export.FORMATS):
            col.download_button(
                fmt.upper(), data=lambda fmt=fmt: export.export_bytes(build, spec, fmt),
                file_name=f"exodus-map.{fmt}", on_click="ignore", key=f"export_{fmt}",
            )

# --- end of export ---------------------------------------------------------------------------


def empty_message(build: Build, spec: FilterSpec) -> str:
    if build.flows.empty:
        return ("This build has no journeys yet (flows.geojson is empty); the places it found are on the map. "
                f"Add articles and rebuild: `{BUILD_COMMAND}`.")
    active = active_filters(spec)
    return (f"No leg matches these filters ({'; '.join(active)}). "
            "Widen the view: remove a country, status or mode, clear the dates or the search text, "
            "lower the minimum people — or press “Reset filters”.")


def main() -> None:
    st.set_page_config(page_title="exodus map", page_icon="🧭", layout="wide")
    directory = build_dir()
    try:
        build = cached_build(str(directory), build_stamp(directory))
    except BuildError as exc:
        st.title("exodus map")
        st.error(f"No build to show: {exc}")
        st.markdown(f"Build one from the articles in `data/articles`, then reload this page:\n\n"
                    f"```\n{BUILD_COMMAND}\n```\n\n(or point `{config.BUILD_ENV}` at another build folder)")
        return
    choices = choices_for(build)
    if "_seeded" not in st.session_state:
        seed_widgets(from_query_params(st.query_params.to_dict()), choices)
        st.session_state["online_basemap"] = st.query_params.get(BASEMAP_PARAM) == "online"
        st.session_state["_seeded"] = True
    spec, online = sidebar(choices)
    sync_url(spec, online)

    legs = apply_filters(build.flows, spec)
    places = mapview.visible_places(build.places, legs, everything=spec.is_default())
    summary = counts_text(legs)
    st.sidebar.markdown(f"**{summary}**")
    st.title("exodus map")
    st.markdown(f"**{summary}** · {len(places):,} places")
    if legs.empty:
        st.info(empty_message(build, spec))

    deck = cached_deck(str(directory), build_stamp(directory), tuple(sorted(to_query_params(spec).items())),
                       online, legs, places)
    map_col, details_col = st.columns([3, 2], gap="medium")
    with map_col:
        state = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key=MAP_KEY,
                                height=MAP_HEIGHT)
        st.caption(LEGEND)
    with details_col, st.container(height=MAP_HEIGHT, border=True, key="details"):
        show_details(build, selected_item(state), legs)
    show_tables(legs, places)
    export_section(build, spec, legs)


LEGEND = ("Arcs run from light (start) to dark (end); width grows with the number of people. "
          "Colours: blue completed · orange planned · purple attempted · vermillion blocked. "
          "◆ border crossing.")
DETAILS_HINT = ("Select an arc or a place on the map to read its sources: the route, its numbers and "
                "each quote in its paragraph. Select it again, or click an empty spot, to clear.")


def show_details(build: Build, item: tuple[str, str] | None, legs: pd.DataFrame) -> None:
    """The details panel: the selected leg or place, else how to select one."""
    if item and item[0] == "leg":
        show_leg_details(build, item[1])
    elif item:
        show_place_details(build, item[1], legs)
    else:
        st.caption(DETAILS_HINT)


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
