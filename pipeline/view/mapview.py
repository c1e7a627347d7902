"""The map of a build's legs and places, as a pydeck spec.

Pure functions from the build's tables to pydeck records and a
:class:`pydeck.Deck`; the dashboard and the HTML export both draw with
:func:`make_deck` (the dashboard with :func:`map_model`, which also returns
the flows drawn, for the details of a selected arc), so they show the same map.

What is drawn: one arc per flow (legs with the same ends and status,
:mod:`pipeline.view.flows`), as wide as the largest number of people one of
its legs reports; places sized by the people in and out of them; nearby
places merged at low zoom when a view has many (:mod:`pipeline.view.clusters`);
offline, country fills, land borders and the names of countries and large
cities under the data's labels. Labels give way to each other in the
browser at every zoom (deck.gl's ``CollisionFilterExtension``), most
important first: the data's places (by people and legs), then countries
(Natural Earth's label rank), then cities (by population).

Escaping is the viewer's: pydeck's standalone HTML (the HTML export) puts
tooltip fields into ``innerHTML`` unescaped and embeds the data in a
``<script>``, so there every string that comes from an article or a data file
is passed through :func:`html.escape` (``quote=False``) before it goes into a
record (``escape_text=True``, the default). Streamlit's frontend escapes
tooltip fields itself (``&<>"'``), so the app draws with
``escape_text=False``: escaping twice would show ``&lt;`` for ``<``. Labels
are drawn on the canvas, never as HTML.
"""
from __future__ import annotations

import base64
import functools
import html
import json
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import pydeck
from pydeck.bindings.json_tools import default_serialize
from pydeck.types import String

from pipeline.view import mapstate, style
from pipeline.view.clusters import Clustering, cluster_places
from pipeline.view.flows import pair_flows, place_totals, regroup_flows, regroup_totals
from pipeline.view.flows import rows as _rows
from pipeline.view.roles import place_roles

LAYER_IDS = ("countries", "borders", "legs", "places", "crossings", "country_names", "city_names", "labels")
# pydeck turns every plain string argument into a JS expression ("@@=pixels",
# an undefined name, which deck.gl reads as "common" units that grow with the
# zoom); constant strings must be wrapped in pydeck.types.String.
PIXELS = String("pixels")
# The page's own font (Streamlit serves it), so labels read like the rest of the page;
# "auto" builds the font atlas from the labels' own characters (Cyrillic, accents...).
FONT = String('"Source Sans Pro", "Source Sans 3", "Source Sans", "Helvetica Neue", Arial, sans-serif')
CHARACTERS = String("auto")
COLLIDE = [{"@@type": "CollisionFilterExtension"}]
# A flat map that pans and zooms but never turns or tilts: its centre and zoom are the
# whole view, so the address (pipeline.view.mapstate) holds any view a user can reach.
# Shift + arrow keys rotate whatever dragRotate says: their speed is 0.
CONTROLLER = {"dragRotate": False, "touchRotate": False, "keyboard": {"rotateSpeedX": 0, "rotateSpeedY": 0}}
_LABEL_PX = 13      # the data's place names
_REF_PX = 12        # country and city names
QUOTE_CHARS = 180
TIP_QUOTES = 3      # quotes shown in an arc's tooltip; the details list all of them
TOOLTIP = {
    "html": "<b>{tip_title}</b><br/>{tip_meta}<br/><i>{tip_quote}</i>",
    "style": {"backgroundColor": "white", "color": "#222", "fontSize": "12px",
              "maxWidth": "360px", "whiteSpace": "pre-line", "border": "1px solid #bbb"},
}
# A diamond for border crossings, drawn from an inline SVG (no network).
_DIAMOND_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
    '<path d="M32 3 L61 32 L32 61 L3 32 Z" fill="white"/>'
    '<path d="M32 13 L51 32 L32 51 L13 32 Z" fill="black"/></svg>'
)
DIAMOND_ICON = {
    "url": "data:image/svg+xml;base64," + base64.b64encode(_DIAMOND_SVG.encode()).decode(),
    "width": 64, "height": 64, "anchorY": 32, "mask": False,
}


def esc(value) -> str:
    """Text for a record field: HTML-escaped, empty for missing values."""
    return html.escape(raw(value), quote=False)


def raw(value) -> str:
    """Text for a record field shown by a viewer that escapes it: empty for missing values."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


def _label(value) -> str:
    # Real names, drawn on the canvas. No "<": the data is embedded in a
    # <script> in exported HTML.
    return raw(value).replace("<", "‹").replace(">", "›")


def _lighter(rgb, amount: float = 0.6) -> list[int]:
    return [round(c + (255 - c) * amount) for c in rgb]


def _people(value) -> int | None:
    try:
        n = float(value)
    except (TypeError, ValueError):
        return None
    return int(n) if math.isfinite(n) else None


def present(value) -> bool:
    """False for None, NaN, NA and empty strings: a field the build left blank."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return False
    return not (isinstance(value, str) and not value.strip())


def is_reviewed(value) -> bool:
    """The ``reviewed`` flag of a leg (missing in older builds: not reviewed)."""
    return present(value) and value is not False and str(value).lower() not in ("false", "0")


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 leg', '2 legs', '1 person'... with thousands separators."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def people_text(n) -> str:
    """'1 person', '700,000 people'; 'people not stated' when unknown."""
    n = _people(n)
    return "people not stated" if n is None else plural(n, "person", "people")


def source_name(row) -> str:
    """Who published a leg: the outlet, else the article's title, else its id (plain text)."""
    for key in ("outlet", "title", "article_id"):
        if present(row.get(key)):
            return str(row.get(key))
    return ""


def _shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def leg_meta(row) -> str:
    """One line about a leg: status, mode, people, dates, source, review (plain text)."""
    get = lambda key: row.get(key) if present(row.get(key)) else None  # noqa: E731
    parts = [str(get("status") or "unknown status"), str(get("mode") or "unknown")]
    parts.append(people_text(row.get("people")))
    if get("event_date"):
        parts.append(f"on {get('event_date')}")
    source = source_name(row)
    if source:
        parts.append(f"{source}{', ' + str(get('published')) if get('published') else ''}")
    if is_reviewed(row.get("reviewed")):
        parts.append("reviewed by an analyst")
    return " · ".join(parts)


def flow_meta(flow) -> str:
    """One line about a flow: status, people (largest figure), legs, articles, dates (plain text)."""
    legs, articles, reports = int(flow["legs"]), int(flow["articles"]), int(flow["reports"])
    people = _people(flow["people"])
    if people is None:
        count = "people not stated"
    elif reports > 1:
        count = f"up to {people_text(people)} (largest of {reports} figures, not added)"
    else:
        count = people_text(people)
    parts = [str(flow["status"]), count, plural(legs, "leg"), f"reported by {plural(articles, 'article')}"]
    first, last = flow.get("first"), flow.get("last")
    if present(first):
        parts.append(str(first) if first == last or not present(last) else f"{first} to {last}")
    return " · ".join(parts)


def flow_records(pairs: pd.DataFrame, legs_df: pd.DataFrame, escape_text: bool = True) -> list[dict]:
    """One ArcLayer record per flow (:func:`pipeline.view.flows.pair_flows`), in the order of ``pairs``.

    ``key`` names the flow (a selection maps back to it); the tooltip gives
    its numbers and the first :data:`TIP_QUOTES` quotes of its legs.
    Direction reads from a light source colour to the full status colour at
    the target. ``escape_text``: see the module's notes.
    """
    tip = esc if escape_text else raw
    quotes = dict(zip(legs_df["flow_id"].astype(str).tolist(), legs_df["quote"].tolist())) if "quote" in legs_df \
        else {}
    records = []
    for i, flow in enumerate(_rows(pairs)):
        if flow["source"] is None or flow["target"] is None:
            continue
        rgb = style.status_color(flow["status"])
        shown = []
        for fid in flow["flow_ids"]:
            text = _shorten(quotes.get(fid), QUOTE_CHARS)
            if text and text not in shown:
                shown.append(text)
            if len(shown) == TIP_QUOTES:
                break
        more = len({quotes.get(f) for f in flow["flow_ids"]}) - len(shown)
        quote_text = "\n".join(f"“{q}”" for q in shown) + (f"\n…and {more} more: click for all" if more > 0 else "")
        records.append({
            "i": i,
            "key": esc(flow["key"]),
            "source": list(flow["source"]),
            "target": list(flow["target"]),
            "source_color": _lighter(rgb) + [200],
            "target_color": list(rgb) + [235],
            "width": round(style.leg_width(flow["people"]), 2),
            "tip_title": f"{tip(flow['from_name'])} → {tip(flow['to_name'])}",
            "tip_meta": tip(flow_meta(flow)),
            "tip_quote": tip(quote_text),
        })
    return records


def leg_counts(flows_df: pd.DataFrame) -> tuple[Counter, Counter]:
    """Legs leaving and arriving at each place id."""
    if flows_df.empty:
        return Counter(), Counter()
    return Counter(flows_df["from_place_id"]), Counter(flows_df["to_place_id"])


def place_meta(kind: str, country, mentions: int, totals: dict) -> str:
    """One line about a place: kind, country, people and legs in and out, mentions (plain text)."""
    parts = [kind.replace("_", " ")] + ([str(country)] if present(country) else [])
    out_legs, in_legs = int(totals.get("legs_out", 0)), int(totals.get("legs_in", 0))
    if out_legs or in_legs:
        parts.append(f"{people_text(totals.get('people_out', 0))} out, {people_text(totals.get('people_in', 0))}"
                     f" in ({plural(out_legs, 'leg')} out, {plural(in_legs, 'leg')} in)")
    parts.append(plural(mentions, "mention"))
    return " · ".join(parts)


def place_records(places_df: pd.DataFrame, flows_df: pd.DataFrame, escape_text: bool = True,
                  clustering: Clustering | None = None, totals: pd.DataFrame | None = None,
                  roles: Mapping[str, str] | None = None) -> list[dict]:
    """One record per place (or group of merged places), with its role on the legs of ``flows_df``.

    Places on no leg shown are ``mentioned``. Size follows the people in and
    out (``totals``, :func:`pipeline.view.flows.place_totals`; computed from
    ``flows_df`` when not given). ``kind`` lets the caller draw border
    crossings with their own symbol. ``escape_text``: see the module's notes.
    ``roles``: each place's role, when the caller has them (else from ``flows_df``).
    """
    if places_df.empty:
        return []
    tip = esc if escape_text else raw
    clustering = clustering or Clustering(0)
    if totals is None:
        totals = place_totals(pair_flows(flows_df, clustering.groups, clustering.positions, clustering.names))
    by_id = totals.to_dict("index")
    roles = place_roles(flows_df) if roles is None else roles
    records, groups = [], {}
    for i, row in enumerate(_rows(places_df)):
        pid = row.get("place_id")
        if pid in clustering.groups:
            groups.setdefault(clustering.groups[pid], []).append(row)
            continue
        role = roles.get(pid, "mentioned")
        mentions = _people(row.get("mentions")) or 0
        kind = str(row.get("kind") or "other")
        sums = by_id.get(pid, {})
        people = int(sums.get("people_out", 0)) + int(sums.get("people_in", 0))
        n_legs = int(sums.get("legs_out", 0)) + int(sums.get("legs_in", 0))
        forms = [f for f in (row.get("surface_forms") or []) if f != row.get("name")]
        records.append({
            "i": i, "place_id": esc(pid), "position": [float(row["lon"]), float(row["lat"])],
            "kind": esc(kind), "role": role, "color": list(style.ROLE_COLORS[role]) + [235],
            "radius": style.place_radius(people, n_legs), "people": people, "legs": n_legs,
            "mentions": mentions, "label": _label(row.get("name")),
            "tip_title": tip(row.get("name")),
            "tip_meta": tip(place_meta(kind, row.get("country_code"), mentions, sums)),
            "tip_quote": tip("also written " + ", ".join(map(str, forms[:5]))) if forms else "",
        })
    for gid, rows in groups.items():
        member_roles = Counter(roles.get(r.get("place_id"), "mentioned") for r in rows)
        role = "border_crossing" if member_roles.most_common(1)[0][0] == "border_crossing" else \
            member_roles.most_common(1)[0][0]
        sums = by_id.get(gid, {})
        people = int(sums.get("people_out", 0)) + int(sums.get("people_in", 0))
        n_legs = int(sums.get("legs_out", 0)) + int(sums.get("legs_in", 0))
        names = sorted((raw(r.get("name")) for r in rows), key=str.casefold)
        records.append({
            "i": -1, "place_id": esc(gid), "position": clustering.positions[gid], "kind": "group",
            "role": role, "color": list(style.ROLE_COLORS[role if role != "border_crossing" else "transit"]) + [235],
            "radius": style.place_radius(people, n_legs), "people": people, "legs": n_legs,
            "mentions": sum(_people(r.get("mentions")) or 0 for r in rows),
            "label": _label(clustering.names[gid]), "tip_title": tip(clustering.names[gid]),
            "tip_meta": tip(place_meta(f"{plural(len(rows), 'place')} merged at this zoom (zoom in to split them)",
                                       None, sum(_people(r.get("mentions")) or 0 for r in rows), sums)),
            "tip_quote": tip(", ".join(names[:12]) + ("…" if len(names) > 12 else "")),
        })
    return records


def beside(label: str, radius: float, space_px: float = 3.3) -> str:
    """``label`` with the leading spaces that put it just clear of a point of ``radius`` px."""
    return " " * (math.ceil((radius + 3) / space_px)) + label


def label_priority(place: dict) -> int:
    """Collision priority of a data label (-1000..1000, higher wins): people, then legs; named-only last."""
    if place["role"] == "mentioned":
        return 100 + min(99, place["mentions"])
    return min(1000, 300 + round(100 * math.log10(1 + place["people"])) + min(100, place["legs"]))


def city_floor(zoom: float) -> int:
    """The smallest city population named at ``zoom``: megacities at world zoom, 250,000 from zoom 5."""
    for below, population in ((2.0, 5_000_000), (3.0, 2_000_000), (4.0, 1_000_000), (5.0, 500_000)):
        if zoom < below:
            return population
    return 0


def reference_records(zoom: float, taken: set[str] = frozenset()) -> tuple[list[dict], list[dict], list[dict]]:
    """Country names, city names and land borders (:func:`border_segments`) for the offline map at ``zoom``.

    From :mod:`pipeline.view.basemap`.

    Names appear by zoom (Natural Earth's ``MIN_LABEL`` for countries, a
    population floor for cities, both a little ahead, since the browser's own
    zoom is not known here) and give way to the data's labels (``taken``:
    names the data already labels are not repeated). Country names rank under
    the data's labels and over cities; cities by population.
    """
    layers = _reference_layers()
    countries = [{"position": c["position"], "label": _label(c["name"]),
                  "priority": max(-999, -200 - round(20 * c["rank"]))}
                 for c in layers["countries"] if c["min_zoom"] <= zoom + 2.5 and c["name"] not in taken]
    floor = city_floor(zoom)
    cities = [{"position": c["position"], "label": _label(c["name"]),
               "priority": max(-999, -1000 + round(100 * math.log10(max(1, c["population"]))))}
              for c in layers["cities"] if c["population"] >= floor and c["name"] not in taken]
    return countries, cities, _border_segments()


@functools.lru_cache(maxsize=1)
def _reference_layers() -> dict:
    from pipeline.view.basemap import reference_layers  # heavy: only when drawn offline

    return reference_layers()


def border_segments(paths) -> list[dict]:
    """``{"start": [lon, lat], "end": [lon, lat]}`` for each step of each border path.

    Drawn by a line layer: under software WebGL deck.gl's path layer costs
    seconds to compile and most of a second per frame for a few thousand
    borders, its simple line layer a fraction of that; one-pixel lines need
    no joints.
    """
    return [{"start": list(a), "end": list(b)} for path in paths for a, b in zip(path, path[1:]) if a != b]


@functools.lru_cache(maxsize=1)
def _border_segments() -> list[dict]:
    return border_segments(_reference_layers()["borders"])


def visible_places(places_df: pd.DataFrame, flows_df: pd.DataFrame, *, everything: bool) -> pd.DataFrame:
    """Places to draw: all of them when nothing is filtered, else those on
    the legs shown and those named by the articles of those legs."""
    if everything or places_df.empty:
        return places_df
    if flows_df.empty:
        return places_df.iloc[0:0]
    on_legs = set(flows_df["from_place_id"]) | set(flows_df["to_place_id"])
    articles = set(flows_df["article_id"])
    named = places_df["article_ids"].map(lambda ids: bool(articles.intersection(ids or ())))
    return places_df[places_df["place_id"].isin(on_legs) | named]



# Land in a few close shades (neighbours differ), drawn on the page's white sea.
LAND_SHADES = ((236, 233, 226), (225, 221, 211), (243, 240, 234), (230, 225, 214), (218, 214, 204),
               (240, 236, 228))
_NEIGHBOUR_DEGREES = 0.1  # simplified outlines leave slivers between neighbours


def shade_indices(geoms, n_shades: int = len(LAND_SHADES), near: float = _NEIGHBOUR_DEGREES) -> list[int]:
    """A shade index per geometry; geometries within ``near`` of each other differ.

    Greedy colouring, most-connected first (Welsh-Powell). Past ``n_shades``
    neighbours the least-used shade among them is reused.
    """
    import numpy as np
    import shapely

    geoms = list(geoms)
    if not geoms:
        return []
    tree = shapely.STRtree(geoms)
    left, right = tree.query(np.asarray(geoms, dtype=object), predicate="dwithin", distance=near)
    neighbours: list[set[int]] = [set() for _ in geoms]
    for a, b in zip(left.tolist(), right.tolist()):
        if a != b:
            neighbours[a].add(b)
            neighbours[b].add(a)
    shades = [-1] * len(geoms)
    for i in sorted(range(len(geoms)), key=lambda i: (-len(neighbours[i]), i)):
        used = Counter(shades[j] for j in neighbours[i] if shades[j] >= 0)
        free = [k for k in range(n_shades) if k not in used]
        shades[i] = free[0] if free else min(range(n_shades), key=lambda k: (used[k], k))
    return shades


# Streamlit fades what is not selected to alpha 102 at most; land already
# that transparent keeps its look when an arc or a place is selected.
LAND_ALPHA = 102


def over_white(rgb, alpha: int = LAND_ALPHA) -> list[int]:
    """RGBA that looks like ``rgb`` when drawn with ``alpha`` over a white page."""
    a = alpha / 255
    return [max(0, round(255 - (255 - c) / a)) for c in rgb] + [alpha]


# Coarser outlines while much of the world is in view: ``(below this zoom, tolerance in
# degrees)``, about half a pixel there. Under software WebGL every vertex costs time in
# every frame, seen or not; from zoom 2 the stored outlines (basemap.SIMPLIFY_DEGREES).
OUTLINE_DETAIL = ((1.0, 0.25), (2.0, 0.1))


def outline_tolerance(zoom: float) -> float:
    """How far (degrees) the outlines drawn at ``zoom`` may stray from the stored ones (0: not at all)."""
    return next((tolerance for below, tolerance in OUTLINE_DETAIL if zoom < below), 0.0)


def polygonal(geom):
    """The polygons of ``geom``, without the slivers of line that repairing an outline can leave.

    A line in a GeoJSON layer is drawn by a path layer of its own, even with
    ``stroked=False``: a second, costly shader program for a few invisible lines.
    """
    import shapely

    kind = geom.geom_type  # most outlines are polygons already: no need to take them apart
    if kind == "Polygon":
        return geom
    if kind == "MultiPolygon":
        return geom if len(geom.geoms) > 1 else geom.geoms[0]
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    if len(parts) == 1:
        return parts[0]
    return shapely.MultiPolygon([poly for p in parts for poly in shapely.get_parts(p)])


@functools.lru_cache(maxsize=1)
@functools.lru_cache(maxsize=1)
def _land_shades() -> tuple[int, ...]:
    """A shade index per stored outline: the same shades at every level of detail (worked out once)."""
    from pipeline.view.basemap import country_outlines  # heavy: only when drawn

    return tuple(shade_indices(country_outlines().geometry.values))


@functools.lru_cache(maxsize=len(OUTLINE_DETAIL) + 1)
def shaded_outlines(tolerance: float = 0.0) -> dict:
    """The offline country outlines (simplified within ``tolerance`` degrees), each with a ``shade`` [r, g, b, a]."""
    import shapely

    from pipeline.view.basemap import country_outlines  # heavy: only when drawn

    outlines = country_outlines()
    geoms = outlines.geometry.values
    shades = _land_shades()
    if tolerance:
        geoms = shapely.simplify(geoms, tolerance, preserve_topology=True)
    texts = shapely.to_geojson([polygonal(geom) for geom in geoms]).tolist() if len(geoms) else []
    features = [{"type": "Feature", "properties": {"iso_a2": iso, "name": name, "shade": over_white(LAND_SHADES[k])},
                 "geometry": json.loads(text)}
                for iso, name, text, k in zip(outlines["iso_a2"], outlines["name"], texts, shades)]
    return {"type": "FeatureCollection", "features": features}


def fit_view(points: list[list[float]], width: int = 900, height: int = 560) -> pydeck.ViewState:
    """A view state showing every ``[lon, lat]`` point, with a margin."""
    if not points:
        return pydeck.ViewState(longitude=30.0, latitude=30.0, zoom=1.0, pitch=0, bearing=0)
    lons = [p[0] for p in points]
    lats = [max(-85.0, min(85.0, p[1])) for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)

    def merc(lat):  # Web Mercator y, in radians
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    # The map is 512 * 2**zoom px wide; 2*pi of Mercator y spans the same.
    dx = max(east - west, 0.5) / 360.0
    dy = max(merc(north) - merc(south), 0.01) / (2 * math.pi)
    zoom = min(math.log2(width / 512 / dx), math.log2(height / 512 / dy)) - 0.35
    mid_y = (merc(north) + merc(south)) / 2
    return pydeck.ViewState(
        longitude=round((west + east) / 2, 4),
        latitude=round(math.degrees(2 * math.atan(math.exp(mid_y)) - math.pi / 2), 4),
        zoom=round(max(0.5, min(9.0, zoom)), 2), pitch=0, bearing=0,
    )


def bounded_view(view: pydeck.ViewState) -> pydeck.ViewState:
    """``view``'s centre and zoom, with the zoom range the address can hold and no tilt or turn."""
    return pydeck.ViewState(longitude=view.longitude, latitude=view.latitude, zoom=view.zoom, pitch=0, bearing=0,
                            min_zoom=mapstate.MIN_ZOOM, max_zoom=mapstate.MAX_ZOOM, max_pitch=0)


class CompactDeck(pydeck.Deck):
    """A :class:`pydeck.Deck` whose JSON has no indentation.

    pydeck indents its JSON by two spaces, which triples the size of a map
    with thousands of arcs and country outlines; Streamlit and ``to_html``
    both call :meth:`to_json`.
    """

    def to_json(self) -> str:
        # Serialised once: a deck cached for a view is drawn by every session that shows the view.
        text = self.__dict__.get("_json_text")
        if text is None:
            text = json.dumps(self, default=default_serialize, separators=(",", ":"))
            self.__dict__["_json_text"] = text
        return text


@dataclass(frozen=True)
class MapModel:
    """A drawn map and what it drew: the flows (for a selected arc's legs) and the merged places.

    ``drawn``: how many of ``flows`` are arcs on the map (all, unless the
    zoom merges places and there are more than :data:`TOP_FLOWS`: :func:`top_flows`).
    """

    deck: pydeck.Deck
    flows: pd.DataFrame
    clustering: Clustering
    drawn: int

    @property
    def hidden(self) -> int:
        """Flows in the view that the map leaves out at this zoom (the smallest ones)."""
        return len(self.flows) - self.drawn


# At a zoom that merges places, the map draws the largest flows only (flowmap.blue's
# "top flows"): a world view of thousands of legs reads as a few dozen arcs, and the
# rest appear as the user zooms in and the clusters split. Totals count every flow.
TOP_FLOWS = 50


def top_flows(pairs: pd.DataFrame, limit: int = TOP_FLOWS) -> pd.DataFrame:
    """The ``limit`` largest flows: most people first (a flow with no figure counts as one person
    per leg), then most legs, in their first order on ties."""
    if len(pairs) <= limit:
        return pairs
    people = pd.to_numeric(pairs["people"], errors="coerce").fillna(pairs["legs"]).tolist()
    legs = pairs["legs"].tolist()  # plain lists: pandas' per-item access costs most of a second on 8,000 flows
    order = sorted(range(len(pairs)), key=lambda i: (-people[i], -legs[i], i))[:limit]
    return pairs.iloc[sorted(order)]


def _leg_places(flows_df: pd.DataFrame, places_df: pd.DataFrame, totals: pd.DataFrame,
                flows: pd.DataFrame | None = None) -> list[tuple[str, str, float, float, float]]:
    """``(id, name, lon, lat, people)`` of each place on the legs (or on ``flows``), for clustering."""
    if places_df.empty or (flows_df.empty and flows is None):
        return []
    if flows is not None:
        on_legs = set(flows["from_id"].tolist()) | set(flows["to_id"].tolist())
    else:
        on_legs = set(flows_df["from_place_id"]) | set(flows_df["to_place_id"])
    rows = places_df[places_df["place_id"].isin(on_legs)]
    people = (totals["people_out"] + totals["people_in"]).to_dict() if not totals.empty else {}
    return [(pid, raw(name), float(lon), float(lat), float(people.get(pid, 0)))
            for pid, name, lon, lat in zip(rows["place_id"], rows["name"], rows["lon"], rows["lat"])]


def map_model(flows_df: pd.DataFrame, places_df: pd.DataFrame, *, online_basemap: bool = False,
              view=None, zoom: float | None = None, view_id: str = "map", height: int = 560, fit_width: int = 900,
              escape_text: bool = True, cluster: bool = True, flows: pd.DataFrame | None = None,
              totals: pd.DataFrame | None = None, roles: Mapping[str, str] | None = None) -> MapModel:
    """The map and the flows it draws: see :func:`make_deck` for the other parameters.

    ``zoom``: the zoom the map is seen at when it is not ``view``'s (the user
    zoomed since the map was sent to ``view``): places merge and names show
    for it. ``view_id``: the id of the deck's map view (a new id moves
    Streamlit's map to ``view`` whatever the user did). ``cluster``: merge
    nearby places at the zoom when the view has many
    (:func:`pipeline.view.clusters.cluster_places`). ``flows``: the legs'
    :func:`~pipeline.view.flows.pair_flows`, when the caller has them
    already (the dashboard computes them once per filter, not per zoom).

    A large build's map is drawn from its flows alone: ``flows_df`` is then
    empty, ``flows`` the busiest flows in view, ``totals`` the place totals
    of every flow in view and ``roles`` the places' roles, all worked out by
    DuckDB (:class:`pipeline.view.query.BuildQuery`); merged places then add
    up the flows (:func:`~pipeline.view.flows.regroup_flows`), not the legs.
    """
    from_flows = flows_df.empty and flows is not None and not flows.empty
    if view is None:
        # Fit the journeys; places only named somewhere would zoom out to the world.
        ends = []
        if not flows_df.empty and "path" in flows_df:
            for path in flows_df["path"]:
                if path is not None and len(path) >= 2:
                    ends += [list(path[0][:2]), list(path[-1][:2])]
        if from_flows:
            ends = [list(p) for p in (*flows["source"].tolist(), *flows["target"].tolist()) if p is not None]
        if not ends and not places_df.empty:
            ends = [[lon, lat] for lon, lat in zip(places_df["lon"], places_df["lat"])]
        view = fit_view(ends, width=fit_width, height=height)
    view = bounded_view(view if not isinstance(view, dict) else pydeck.ViewState(**view))
    zoom = float(view.zoom or 0) if zoom is None else float(zoom)
    plain = pair_flows(flows_df) if flows is None else flows
    all_totals = place_totals(plain) if totals is None else totals
    clustering = Clustering(0)
    if cluster:
        clustering = cluster_places(_leg_places(flows_df, places_df, all_totals, flows=plain if from_flows else None),
                                    zoom)
    if not clustering.merged:
        pairs = plain
    elif from_flows:
        pairs = regroup_flows(plain, clustering.groups, clustering.positions, clustering.names)
    else:
        pairs = pair_flows(flows_df, clustering.groups, clustering.positions, clustering.names)
    if from_flows:
        totals = regroup_totals(all_totals, clustering.groups) if clustering.merged else all_totals
    else:
        totals = place_totals(pairs)
    drawn = top_flows(pairs) if clustering.merged else pairs
    arcs = flow_records(drawn, flows_df, escape_text) if not drawn.empty else []
    places = place_records(places_df, flows_df, escape_text, clustering, totals, roles)
    crossings = [p for p in places if p["kind"] == "border_crossing"]
    points = [p for p in places if p["kind"] != "border_crossing"]
    labels = [{"position": p["position"], "label": beside(p["label"], p["radius"]), "priority": label_priority(p)}
              for p in places if p["label"]]
    layers = []
    if not online_basemap:
        taken = {p["label"] for p in places}
        countries, cities, borders = reference_records(zoom, taken)
        # Filled, not stroked: ~60,000 outline vertices take seconds per frame under
        # software WebGL; the land borders alone (a few thousand) are a line layer.
        layers += [
            pydeck.Layer("GeoJsonLayer", id="countries", data=shaded_outlines(outline_tolerance(zoom)), stroked=False,
                         filled=True, pickable=False, get_fill_color="properties.shade"),
            pydeck.Layer("LineLayer", id="borders", data=borders, get_source_position="start",
                         get_target_position="end", get_color=list(style.BORDER_COLOR) + [255], get_width=1,
                         width_units=PIXELS, pickable=False),
        ]
    layers += [
        pydeck.Layer(
            # Tilted flat (90°) the arcs bend sideways, so they read as
            # curves from above; the gradient shows the direction.
            "ArcLayer", id="legs", data=arcs, pickable=True, auto_highlight=True,
            get_source_position="source", get_target_position="target",
            get_source_color="source_color", get_target_color="target_color",
            get_width="width", width_units=PIXELS, get_tilt=90, get_height=0.35,
            great_circle=False,
        ),
        pydeck.Layer(
            "ScatterplotLayer", id="places", data=points, pickable=True, auto_highlight=True,
            get_position="position", get_fill_color="color", get_radius="radius",
            radius_units=PIXELS, stroked=True, get_line_color=list(style.PLACE_OUTLINE) + [230],
            line_width_units=PIXELS, get_line_width=1,
        ),
        pydeck.Layer(
            "IconLayer", id="crossings", data=[{**c, "icon": DIAMOND_ICON} for c in crossings],
            pickable=True, auto_highlight=True, get_position="position", get_icon="icon",
            get_size=22, size_units=PIXELS,
        ),
    ]
    if not online_basemap:
        layers += [_text_layer("country_names", countries, _REF_PX + 1, style.COUNTRY_NAME_COLOR, weight=700),
                   _text_layer("city_names", cities, _REF_PX, style.CITY_NAME_COLOR, weight=600)]
    layers.append(_text_layer("labels", labels, _LABEL_PX, (25, 25, 25), weight=600, beside_point=True))
    kwargs = {"map_provider": "carto", "map_style": "light"} if online_basemap else {"map_provider": None}
    # Offline: map_style is left unset on purpose; map_style=None makes
    # Streamlit fetch a CARTO style.
    deck = CompactDeck(layers=layers, initial_view_state=view, tooltip=TOOLTIP, height=height,
                       views=[pydeck.View(type="MapView", id=view_id, controller=CONTROLLER)], **kwargs)
    return MapModel(deck, pairs, clustering, len(drawn))


def _text_layer(layer_id: str, data: list[dict], size: int, rgb, weight: int = 400,
                beside_point: bool = False) -> pydeck.Layer:
    """Names that give way to each other by priority at every zoom (deck.gl's CollisionFilterExtension).

    Every text layer shares the default collision group, so the data's names
    (``beside_point``: to the right of their point) push out the base map's.
    """
    # Beside the point, not above it: deck.gl draws no text of a layer that has both a
    # pixel offset and the collision filter, so the gap is leading spaces (:func:`beside`).
    # deck.gl shows a label as much as its own box fills the collision map around its
    # anchor (a 5x5 sample), so every label has a box, all but invisible (alpha 1: a box
    # of alpha 0 is not drawn into the collision map), that covers its anchor and the
    # leading spaces; glyphs alone would leave it half faded.
    extra = {"get_text_anchor": String("start"), "get_alignment_baseline": String("center")} if beside_point \
        else {"get_text_anchor": String("middle")}
    extra |= {"background": True, "get_background_color": [255, 255, 255, 1],
              # left, top, right, bottom: a label beside its point also covers the point's side
              "background_padding": [16, 6, 2, 6] if beside_point else [4, 4, 4, 4]}
    return pydeck.Layer(
        "TextLayer", id=layer_id, data=data, pickable=False, get_position="position", get_text="label",
        get_size=size, size_units=PIXELS, get_color=list(rgb) + [255], font_family=FONT, font_weight=weight,
        character_set=CHARACTERS, font_settings={"fontSize": 32, "buffer": 3},
        extensions=COLLIDE, collision_test_props={"sizeScale": 1.4}, get_collision_priority="priority", **extra,
    )


def make_deck(flows_df: pd.DataFrame, places_df: pd.DataFrame, *, online_basemap: bool = False,
              view=None, height: int = 560, fit_width: int = 900, escape_text: bool = True,
              cluster: bool = True) -> pydeck.Deck:
    """The map: country outlines, borders and names, flows as arcs, places, crossings, labels.

    Parameters
    ----------
    flows_df, places_df
        The legs and places to draw (already filtered).
    online_basemap
        Draw on CARTO's light tiles (needs internet, no token) instead of the
        offline Natural Earth outlines, borders and names.
    view
        A :class:`pydeck.ViewState` or dict; fitted to the data when None.
    height, fit_width
        The map's size in px, for fitting the view (the width is the
        caller's estimate: the browser decides).
    escape_text
        HTML-escape the tooltips' text (True: for pydeck's own HTML page);
        False where the viewer escapes it (Streamlit).
    cluster
        Merge nearby places at the view's zoom when there are many.

    The deck is serialised once (:meth:`CompactDeck.to_json`): do not
    change it after it was drawn.
    """
    return map_model(flows_df, places_df, online_basemap=online_basemap, view=view, height=height,
                     fit_width=fit_width, escape_text=escape_text, cluster=cluster).deck
