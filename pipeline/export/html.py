"""The HTML export: the app's pydeck map as one self-contained page that loads nothing from the internet.

In: the legs and places of a view, and the title, subtitle, credits and
description. Out: the page's text: deck.gl inlined, pydeck's CDN tags
removed, and escaped blocks added for the title, the legend, the credits
and a description for screen readers.

Three things differ from the app's map, because the page is a file and not
a server:

- **Across the antimeridian.** Longitudes are wrapped into one 360° window
  cut at the widest gap between the legs' ends (:func:`wrap_longitudes`), so
  an arc from Vladivostok to Anchorage takes the short way over the
  Pacific, and the map repeats the world sideways (``MapView(repeat=True)``)
  so land is never cut at 180°.
- **Names that give way.** pydeck's standalone bundle knows no deck.gl
  extensions, so the app's ``CollisionFilterExtension`` would stop the page
  from drawing at all. The page instead keeps, for its first view, the
  names that do not overlap a more important one (:func:`thin_labels`).
- **No clustering.** Nearby places are merged by the app at each zoom; a
  file cannot re-merge, so every place is drawn as itself.
"""
from __future__ import annotations

import html as _html
import math
import re

import pandas as pd
import pydeck

from pipeline.export.errors import ExportError
from pipeline.export.key import KeyEntry, role_entries, status_entries, width_entries
from pipeline.view import mapview
from pipeline.view.roles import place_roles

_EXTERNAL_TAG = re.compile(
    r"""<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//[^>]*>\s*</script>"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//[^>]*>""",
    re.IGNORECASE,
)
_EXTERNAL_CHECK = re.compile(r"""<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)
FONT = "'Liberation Sans',Arial,Helvetica,sans-serif"
CHAR_EM = 0.55            # a name's width per character, in font sizes (deck.gl's sans-serif fonts)
COLLISION = "CollisionFilterExtension"
# The map's text layers (pipeline.view.mapview) and what their names are, for the legend.
NAME_LAYERS = {"labels": "places on the journeys shown", "country_names": "countries",
               "city_names": "towns and cities of the base map"}


def external_references(html_text: str) -> list[str]:
    """``<script src>`` / ``<link href>`` tags pointing at another host."""
    return [m.group(0) for m in _EXTERNAL_CHECK.finditer(html_text)]


def esc(text) -> str:
    """Text for HTML: ``& < > " '`` escaped."""
    return _html.escape(str(text or ""), quote=True)


# --- the antimeridian -----------------------------------------------------------------

def seam_longitude(lons) -> float:
    """The meridian in the middle of the widest gap between ``lons`` (where a map of them is best cut)."""
    ring = sorted(((float(x) + 180.0) % 360.0) - 180.0 for x in lons)
    if not ring:
        return 180.0
    gaps = [(b - a, a) for a, b in zip(ring, ring[1:] + [ring[0] + 360.0])]
    width, start = max(gaps)
    return ((start + width / 2 + 180.0) % 360.0) - 180.0


def unwrap_path(path, west: float) -> list[list[float]]:
    """A path's points with its start in ``[west, west + 360)`` and no step longer than 180° of longitude.

    Each step takes the short way round, so a leg that crosses the
    antimeridian ends beyond ±180 instead of crossing the whole map.
    """
    out = []
    for point in path:
        lon, lat = float(point[0]), float(point[1])
        if not out:
            lon = west + (lon - west) % 360.0
        else:
            prev = out[-1][0]
            lon = prev + ((lon - prev + 180.0) % 360.0) - 180.0
        out.append([lon, lat])
    return out


def wrap_longitudes(legs: pd.DataFrame) -> pd.DataFrame:
    """The legs with paths in one 360° window cut at the widest gap between their ends (:func:`unwrap_path`)."""
    if legs.empty or "path" not in legs:
        return legs
    ends = [p[i][0] for p in legs["path"] if p is not None and len(p) >= 2 for i in (0, -1)]
    west = seam_longitude(ends)
    out = legs.copy()
    out["path"] = [unwrap_path(p, west) if p is not None and len(p) >= 2 else p for p in legs["path"]]
    return out


# --- names that give way -----------------------------------------------------------------

def _world_px(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel position at ``zoom`` (deck.gl: the world is 512 * 2**zoom px wide)."""
    size = 512 * 2 ** zoom
    lat = max(-85.0, min(85.0, lat))
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180.0) / 360.0 * size, (1 - y / math.pi) / 2 * size


def label_box(position, text: str, zoom: float, size: float, offset=(0, 0), baseline: str = "center"):
    """``(x0, y0, x1, y1)`` in world pixels of a name centred on ``position`` (plus its pixel offset)."""
    x, y = _world_px(float(position[0]), float(position[1]), zoom)
    x, y = x + float(offset[0]), y + float(offset[1])
    half = CHAR_EM * size * len(text) / 2 + 2
    top = y - size if baseline == "bottom" else y - size / 2
    return (x - half, top, x + half, top + size + 2)


def thin_labels(layers: list[tuple[list[dict], dict]], zoom: float) -> list[list[dict]]:
    """Per layer, the names that overlap no name of higher ``priority`` (over every layer) at ``zoom``.

    ``layers`` holds ``(records, geometry)`` with ``geometry`` the layer's
    ``size``, ``offset`` and ``baseline``; what deck.gl's collision filter
    keeps for the first view, worked out once.
    """
    ranked = sorted(((float(r.get("priority", 0)), k, i) for k, (records, _) in enumerate(layers)
                     for i, r in enumerate(records) if str(r.get("label") or "").strip()), key=lambda t: -t[0])
    kept: list[set[int]] = [set() for _ in layers]
    boxes = []
    for _, k, i in ranked:
        records, geometry = layers[k]
        box = label_box(records[i]["position"], str(records[i]["label"]), zoom, **geometry)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
            continue
        boxes.append(box)
        kept[k].add(i)
    return [[r for i, r in enumerate(records) if i in kept[k]] for k, (records, _) in enumerate(layers)]


def _collides(layer) -> bool:
    return any(isinstance(e, dict) and e.get("@@type") == COLLISION for e in getattr(layer, "extensions", None) or ())


def standalone_deck(deck: pydeck.Deck) -> pydeck.Deck:
    """``deck`` made drawable by pydeck's standalone page: names thinned instead of a collision filter, the world repeated."""
    zoom = float(getattr(deck.initial_view_state, "zoom", None) or 1.0)
    texts = [layer for layer in deck.layers if _collides(layer)]
    geometry = [{"size": float(getattr(layer, "get_size", 12) or 12),
                 "offset": list(getattr(layer, "get_pixel_offset", None) or (0, 0)),
                 "baseline": str(getattr(layer, "get_alignment_baseline", "center"))} for layer in texts]
    kept = thin_labels([(list(layer.data or []), g) for layer, g in zip(texts, geometry)], zoom)
    for layer, records in zip(texts, kept):
        for attr in [a for a in vars(layer) if a == "extensions" or "collision" in a]:
            delattr(layer, attr)
        layer.data = records
    deck.views = [pydeck.View(type="MapView", controller=True, repeat=True)]
    return deck


# --- the page ---------------------------------------------------------------------------

def _rgb(rgb) -> str:
    return "rgb({},{},{})".format(*[int(c) for c in rgb[:3]])


def legend_html(statuses: list[KeyEntry], widths: list[KeyEntry], roles: list[KeyEntry], crossings: bool,
                names: list[tuple[str, tuple, int]], starts: dict | None = None) -> str:
    """The legend block: arc colours and widths, place colours and symbols, and name styles, as drawn.

    ``names`` holds ``(meaning, rgb, weight)`` for each layer of names drawn;
    ``starts`` maps an arc's end colour to its start colour (the map's gradient).
    """
    def row(swatch: str, label: str) -> str:
        return f'<div style="display:flex;align-items:center;gap:6px;margin:2px 0">{swatch}<span>{esc(label)}</span></div>'

    def arc(entry: KeyEntry) -> str:
        light = (starts or {}).get(tuple(entry.rgb), entry.rgb)
        return (f'<span style="display:inline-block;width:26px;height:5px;'
                f'background:linear-gradient(90deg,{_rgb(light)},{_rgb(entry.rgb)})"></span>')

    def line(entry: KeyEntry) -> str:
        return (f'<span style="display:inline-block;width:26px;height:{max(1.0, entry.width_px):.1f}px;'
                'background:#777"></span>')

    def dot(entry: KeyEntry) -> str:
        return (f'<span style="display:inline-block;width:10px;height:10px;border-radius:50%;'
                f'background:{_rgb(entry.rgb)};border:1px solid #333"></span>')

    parts = ['<div style="font-weight:bold;margin-bottom:2px">Journey status</div>',
             *(row(arc(e), e.label) for e in statuses),
             '<div style="color:#666;font-size:11px">Arcs run from light (start) to dark (end).</div>',
             '<div style="font-weight:bold;margin:6px 0 2px">People (arc width)</div>',
             *(row(line(e), e.label) for e in widths),
             '<div style="color:#666;font-size:11px">One arc per origin, destination and status: '
             'the largest number reported (figures are not added).</div>',
             '<div style="font-weight:bold;margin:6px 0 2px">Places</div>',
             *(row(dot(e), e.label) for e in roles)]
    if roles:
        parts.append('<div style="color:#666;font-size:11px">Larger dots: more people in and out.</div>')
    if crossings:
        parts.append(row('<span style="display:inline-block;width:10px;height:10px;background:#000;'
                         'transform:rotate(45deg);border:1px solid #fff;outline:1px solid #000"></span>',
                         "Border crossing"))
    if names:
        parts.append('<div style="font-weight:bold;margin:6px 0 2px">Names</div>')
        parts += [row(f'<span style="color:{_rgb(rgb)};font-weight:{weight}">Name</span>', meaning)
                  for meaning, rgb, weight in names]
    return (
        '<details id="exodus-legend" open style="position:absolute;z-index:2;right:12px;bottom:44px;max-width:260px;'
        'max-height:calc(100% - 120px);overflow:auto;background:rgba(255,255,255,.92);padding:8px 12px;'
        f'border-radius:4px;font:12px {FONT};color:#333">'
        '<summary style="cursor:pointer;font-weight:bold">Legend</summary>' + "".join(parts) + "</details>")


def offline_html(deck_html: str, title: str, subtitle: str, credits: str, legend: str = "",
                 description: str = "") -> str:
    """pydeck's offline page without its CDN tags, with escaped title, legend, credits and description blocks.

    pydeck inlines deck.gl with ``offline=True`` but its template still loads
    mapbox-gl and three stylesheets from CDNs; the map needs none of them
    without a tile basemap, so they are removed. ``legend`` is trusted
    markup (:func:`legend_html`); every other argument is escaped.
    """
    page = _EXTERNAL_TAG.sub("", deck_html)
    page = page.replace("<title>pydeck</title>", f"<title>{esc(title)}</title>", 1)
    block = (
        '<div id="exodus-header" style="position:absolute;z-index:2;top:12px;left:12px;max-width:560px;'
        'background:rgba(255,255,255,.92);padding:10px 14px;border-radius:4px;'
        f'font-family:{FONT};color:#1a1a1a">'
        f'<div style="font-size:20px;font-weight:bold">{esc(title)}</div>'
        + (f'<div style="font-size:13px;color:#555;margin-top:4px">{esc(subtitle)}</div>' if subtitle else "")
        + "</div>"
        + legend
        + '<div id="exodus-credits" style="position:absolute;z-index:2;bottom:0;left:0;right:0;'
        f'background:rgba(255,255,255,.85);padding:4px 12px;font:11px {FONT};'
        f'color:#666">{esc(credits)}</div>'
        + (f'<p id="exodus-description" style="position:absolute;width:1px;height:1px;overflow:hidden;'
           f'clip:rect(0 0 0 0);white-space:nowrap">{esc(description)}</p>' if description else "")
    )
    page = page.replace('<div id="deck-container">', block + '<div id="deck-container">', 1)
    left = external_references(page)
    if left:
        raise ExportError(f"the HTML export would load {left[0]!r} from the internet; refusing to write it")
    return page


def _arc_starts(deck: pydeck.Deck) -> dict:
    """End colour -> start colour of the arcs drawn (the map's gradient, read from its records)."""
    return {tuple(r["target_color"][:3]): tuple(r["source_color"][:3]) for layer in deck.layers
            if getattr(layer, "type", None) == "ArcLayer" for r in layer.data or ()
            if "target_color" in r and "source_color" in r}


def _name_layers(deck: pydeck.Deck) -> list[tuple[str, tuple, int]]:
    """``(meaning, rgb, weight)`` of each text layer of ``deck`` with names to show."""
    out = []
    for layer in deck.layers:
        if getattr(layer, "type", None) != "TextLayer" or not layer.data:
            continue
        color = getattr(layer, "get_color", None)
        rgb = tuple(color[:3]) if isinstance(color, (list, tuple)) and len(color) >= 3 else (30, 30, 30)
        out.append((NAME_LAYERS.get(layer.id, layer.id.replace("_", " ")), rgb,
                    int(getattr(layer, "font_weight", 400) or 400)))
    return out


def html_view(legs: pd.DataFrame, places: pd.DataFrame, title: str, subtitle: str, credits: str,
              description: str = "") -> str:
    """The view drawn by :func:`pipeline.view.mapview.map_model` (offline outlines) as one offline page."""
    model = mapview.map_model(wrap_longitudes(legs), places, online_basemap=False, cluster=False)
    deck = standalone_deck(model.deck)
    roles = place_roles(legs)
    drawn = places if "place_id" in places else pd.DataFrame(columns=["place_id", "kind"])
    crossing = drawn["kind"].eq("border_crossing") if "kind" in drawn else pd.Series(False, index=drawn.index)
    dot_roles = {roles.get(pid, "mentioned") for pid in drawn.loc[~crossing, "place_id"]}
    legend = legend_html(status_entries(model.flows["status"]) if not model.flows.empty else [],
                         width_entries(model.flows["people"]) if not model.flows.empty else [],
                         role_entries(dot_roles), bool(crossing.any()), _name_layers(deck), _arc_starts(deck))
    page = deck.to_html(offline=True, as_string=True, notebook_display=False)
    return offline_html(page, title, subtitle, credits, legend, description)
