"""The map of a build's legs and places, as a pydeck spec.

Pure functions from the build's tables to pydeck records and a
:class:`pydeck.Deck`; the dashboard and the HTML export both draw with
:func:`make_deck`, so they show the same map.

Escaping is the viewer's: pydeck's standalone HTML (the HTML export) puts
tooltip fields into ``innerHTML`` unescaped and embeds the data in a
``<script>``, so there every string that comes from an article or a data file
is passed through :func:`html.escape` (``quote=False``) before it goes into a
record (``escape_text=True``, the default). Streamlit's frontend escapes
tooltip fields itself (``&<>"'``), so the app draws with
``escape_text=False``: escaping twice would show ``&lt;`` for ``<``.
"""
from __future__ import annotations

import base64
import functools
import html
import json
import math
from collections import Counter

import pandas as pd
import pydeck
from pydeck.bindings.json_tools import default_serialize
from pydeck.types import String
from unidecode import unidecode

from pipeline.view import style
from pipeline.view.roles import place_roles

LAYER_IDS = ("countries", "legs", "places", "crossings", "labels")
MAX_LABELS = 40
# pydeck turns every plain string argument into a JS expression ("@@=pixels",
# an undefined name, which deck.gl reads as "common" units that grow with the
# zoom); constant strings must be wrapped in pydeck.types.String.
PIXELS = String("pixels")
_LABEL_PX = 12      # label font size
_CHAR_PX = 7.3      # width of a character of deck.gl's default monospace font at 12 px
_LABEL_OFFSET = 10  # labels sit this far above their point
QUOTE_CHARS = 220
TOOLTIP = {
    "html": "<b>{tip_title}</b><br/>{tip_meta}<br/><i>{tip_quote}</i>",
    "style": {"backgroundColor": "white", "color": "#222", "fontSize": "12px",
              "maxWidth": "340px", "whiteSpace": "normal", "border": "1px solid #bbb"},
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
    # TextLayer's font atlas holds ASCII only (a custom characterSet does not
    # survive pydeck's JSON conversion), so labels are transliterated; the
    # tooltip and details keep the real name. No "<": the data is embedded
    # in a <script> in exported HTML.
    return unidecode(str(value or "")).replace("<", "(").replace(">", ")")


def _lighter(rgb, amount: float = 0.6) -> list[int]:
    return [round(c + (255 - c) * amount) for c in rgb]


def _people(value) -> int | None:
    try:
        n = float(value)
    except (TypeError, ValueError):
        return None
    return int(n) if math.isfinite(n) else None


def _point(value) -> list[float]:
    return [float(value[0]), float(value[1])]


def present(value) -> bool:
    """False for None, NaN, NA and empty strings: a field the build left blank."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return False
    return not (isinstance(value, str) and not value.strip())


def is_reviewed(value) -> bool:
    """The ``reviewed`` flag of a leg (missing in older builds: not reviewed)."""
    return present(value) and value is not False and str(value).lower() not in ("false", "0")


def _shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def leg_meta(row) -> str:
    """One line about a leg: status, mode, people, dates, source, review (plain text)."""
    people = _people(row.get("people"))
    get = lambda key: row.get(key) if present(row.get(key)) else None  # noqa: E731
    parts = [str(get("status") or "unknown status"), str(get("mode") or "unknown")]
    parts.append(f"{people:,} people" if people is not None else "people not stated")
    if get("event_date"):
        parts.append(f"on {get('event_date')}")
    source = get("outlet") or get("article_id")
    if source:
        parts.append(f"{source}{', ' + str(get('published')) if get('published') else ''}")
    if is_reviewed(row.get("reviewed")):
        parts.append("reviewed by an analyst")
    return " · ".join(parts)


_LEG_COLUMNS = ("flow_id", "route_id", "path", "status", "people", "from_name", "to_name", "mode", "event_date",
                "outlet", "article_id", "published", "quote", "reviewed")


def leg_records(flows_df: pd.DataFrame, escape_text: bool = True) -> list[dict]:
    """One record per leg for the ArcLayer, in the order of ``flows_df``.

    ``i`` is the leg's position in ``flows_df``, so a selection on the map
    maps back to its row. Direction reads from a light source colour to the
    full status colour at the target. ``escape_text``: see the module's notes.
    """
    tip = esc if escape_text else raw
    cols = [c for c in _LEG_COLUMNS if c in flows_df.columns]
    records = []
    for i, row in enumerate(flows_df[cols].to_dict("records")):
        path = row.get("path")
        if path is None or len(path) < 2:
            continue
        rgb = style.status_color(row.get("status"))
        records.append({
            "i": i,
            "flow_id": esc(row.get("flow_id")),
            "route_id": esc(row.get("route_id")),
            "source": _point(path[0]),
            "target": _point(path[-1]),
            "source_color": _lighter(rgb) + [200],
            "target_color": list(rgb) + [235],
            "width": round(style.leg_width(row.get("people")), 2),
            "tip_title": f"{tip(row.get('from_name'))} → {tip(row.get('to_name'))}",
            "tip_meta": tip(leg_meta(row)),
            "tip_quote": tip(_shorten(row.get("quote"))),
        })
    return records


def leg_counts(flows_df: pd.DataFrame) -> tuple[Counter, Counter]:
    """Legs leaving and arriving at each place id."""
    if flows_df.empty:
        return Counter(), Counter()
    return Counter(flows_df["from_place_id"]), Counter(flows_df["to_place_id"])


def place_radius(mentions) -> float:
    """Point radius in px: grows with the log of mentions."""
    n = _people(mentions) or 0
    return round(min(10.0, 2.5 + 1.5 * math.log2(1 + max(n, 0))), 2)


def place_records(places_df: pd.DataFrame, flows_df: pd.DataFrame, escape_text: bool = True) -> list[dict]:
    """One record per place, with its role on the legs of ``flows_df``.

    Places on no leg shown are ``mentioned``. ``kind`` lets the caller draw
    border crossings with their own symbol. ``escape_text``: see the module's notes.
    """
    if places_df.empty:
        return []
    tip = esc if escape_text else raw
    roles = place_roles(flows_df)
    out_legs, in_legs = leg_counts(flows_df)
    records = []
    for i, row in enumerate(places_df.to_dict("records")):
        pid = row.get("place_id")
        role = roles.get(pid, "mentioned")
        mentions = _people(row.get("mentions")) or 0
        n_legs = out_legs[pid] + in_legs[pid]
        kind = str(row.get("kind") or "other")
        meta = [kind.replace("_", " "), f"{mentions} mention{'s' * (mentions != 1)}"]
        if n_legs:
            meta.append(f"{out_legs[pid]} legs out, {in_legs[pid]} in")
        if row.get("country_code"):
            meta.append(str(row["country_code"]))
        forms = [f for f in (row.get("surface_forms") or []) if f != row.get("name")]
        records.append({
            "i": i,
            "place_id": esc(pid),
            "position": [float(row["lon"]), float(row["lat"])],
            "kind": esc(kind),
            "role": role,
            "color": list(style.ROLE_COLORS[role]) + [230],
            "radius": place_radius(mentions),
            "mentions": mentions,
            "legs": n_legs,
            "label": _label(row.get("name")),
            "tip_title": tip(row.get("name")),
            "tip_meta": tip(" · ".join(meta)),
            "tip_quote": tip("also written " + ", ".join(map(str, forms[:5]))) if forms else "",
        })
    return records


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


@functools.lru_cache(maxsize=1)
def shaded_outlines() -> dict:
    """The offline country outlines, each feature with a ``shade`` colour [r, g, b, a]."""
    from pipeline.view.basemap import country_outlines, country_outlines_geojson  # heavy: only when drawn

    data = country_outlines_geojson()
    shades = shade_indices(country_outlines().geometry.values)
    features = [{**f, "properties": {**f["properties"], "shade": over_white(LAND_SHADES[k])}}
                for f, k in zip(data["features"], shades)]
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


def _world_px(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel position at ``zoom`` (deck.gl: the world is 512 * 2**zoom px)."""
    size = 512 * 2 ** zoom
    lat = max(-85.0, min(85.0, lat))
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180.0) / 360.0 * size, (1 - y / math.pi) / 2 * size


def place_labels(places: list[dict], zoom: float, limit: int = MAX_LABELS) -> list[dict]:
    """Labels that do not overlap at ``zoom``: places on more legs, then more mentions, first.

    deck.gl draws every label it is given, so overlapping ones are dropped
    here, for the initial view (boxes estimated from the label's length).
    """
    ranked = sorted(places, key=lambda p: (p["role"] == "mentioned", -p["legs"], -p["mentions"], p["label"]))
    kept, boxes = [], []
    for p in ranked:
        if len(kept) >= limit:
            break
        if not p["label"]:
            continue
        x, y = _world_px(p["position"][0], p["position"][1], zoom)
        half = _CHAR_PX * len(p["label"]) / 2 + 2
        box = (x - half, y - _LABEL_OFFSET - _LABEL_PX, x + half, y - _LABEL_OFFSET + 2)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
            continue
        boxes.append(box)
        kept.append({"position": p["position"], "label": p["label"]})
    return kept


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


def make_deck(flows_df: pd.DataFrame, places_df: pd.DataFrame, *, online_basemap: bool = False,
              view=None, height: int = 560, fit_width: int = 900, escape_text: bool = True) -> pydeck.Deck:
    """The map: country outlines, legs as arcs, places, crossings, labels.

    Parameters
    ----------
    flows_df, places_df
        The legs and places to draw (already filtered).
    online_basemap
        Draw on CARTO's light tiles (needs internet, no token) instead of the
        offline Natural Earth outlines.
    view
        A :class:`pydeck.ViewState` or dict; fitted to the data when None.
    height, fit_width
        The map's size in px, for fitting the view (the width is the
        caller's estimate: the browser decides).
    escape_text
        HTML-escape the tooltips' text (True: for pydeck's own HTML page);
        False where the viewer escapes it (Streamlit).

    The deck is serialised once (:meth:`CompactDeck.to_json`): do not
    change it after it was drawn.
    """
    legs = leg_records(flows_df, escape_text)
    places = place_records(places_df, flows_df, escape_text)
    crossings = [p for p in places if p["kind"] == "border_crossing"]
    points = [p for p in places if p["kind"] != "border_crossing"]
    layers = []
    if not online_basemap:
        # Filled, not stroked: neighbours differ in shade, so borders show
        # without deck.gl's path layer, whose ~70,000 border segments take
        # seconds per frame under software WebGL (and made clicks time out).
        layers.append(pydeck.Layer(
            "GeoJsonLayer", id="countries", data=shaded_outlines(), stroked=False, filled=True,
            pickable=False, get_fill_color="properties.shade",
        ))
    if view is None:
        # Fit the journeys; places only named somewhere would zoom out to the world.
        ends = [r["source"] for r in legs] + [r["target"] for r in legs]
        view = fit_view(ends or [p["position"] for p in places], width=fit_width, height=height)
    elif isinstance(view, dict):
        view = pydeck.ViewState(**view)
    labels = place_labels(places, float(getattr(view, "zoom", None) or 1.0))
    layers += [
        pydeck.Layer(
            # Tilted flat (90°) the arcs bend sideways, so they read as
            # curves from above; the gradient shows the direction.
            "ArcLayer", id="legs", data=legs, pickable=True, auto_highlight=True,
            get_source_position="source", get_target_position="target",
            get_source_color="source_color", get_target_color="target_color",
            get_width="width", width_units=PIXELS, get_tilt=90, get_height=0.35,
            great_circle=False,
        ),
        pydeck.Layer(
            "ScatterplotLayer", id="places", data=points, pickable=True, auto_highlight=True,
            get_position="position", get_fill_color="color", get_radius="radius",
            radius_units=PIXELS, stroked=True, get_line_color=[255, 255, 255, 230],
            line_width_units=PIXELS, get_line_width=1,
        ),
        pydeck.Layer(
            "IconLayer", id="crossings", data=[{**c, "icon": DIAMOND_ICON} for c in crossings],
            pickable=True, auto_highlight=True, get_position="position", get_icon="icon",
            get_size=22, size_units=PIXELS,
        ),
        pydeck.Layer(
            "TextLayer", id="labels", data=labels, pickable=False,
            get_position="position", get_text="label", get_size=_LABEL_PX, size_units=PIXELS,
            get_color=[30, 30, 30, 255], get_pixel_offset=[0, -_LABEL_OFFSET],
            get_text_anchor=String("middle"), get_alignment_baseline=String("bottom"), background=True,
            get_background_color=[255, 255, 255, 190],
            background_padding=[3, 1, 3, 1],
        ),
    ]
    kwargs = {"map_provider": "carto", "map_style": "light"} if online_basemap else {"map_provider": None}
    # Offline: map_style is left unset on purpose; map_style=None makes
    # Streamlit fetch a CARTO style.
    return CompactDeck(layers=layers, initial_view_state=view, tooltip=TOOLTIP, height=height,
                       views=[pydeck.View(type="MapView", controller=True)], **kwargs)
