"""Exports for articles: map snapshots (PNG, SVG) and data (GeoJSON, CSV, HTML).

:func:`export_bytes` is the one entry point: the app's download buttons and
``python -m pipeline export`` both call it with a build and a
:class:`~pipeline.view.filters.FilterSpec`, and it filters with
:func:`~pipeline.view.filters.apply_filters`, the same function the map uses.

What each format holds
----------------------
- ``png`` / ``svg``: the legs shown, drawn by :mod:`pipeline.export.render` with a
  title, subtitle, legend and a credits line naming the sources.
- ``geojson``: one LineString per leg shown (every ``flows.geojson``
  property plus the article's ``title``/``outlet``/``url``) and one Point per
  place the app would draw for that view: places on the legs shown, and
  places named by the articles of those legs (``role`` = ``mentioned``);
  with no filter, every place. ``feature`` says ``leg`` or ``place``.
- ``csv``: one row per leg with its citation (article title, outlet, dates,
  url, verbatim quote and offsets) and end coordinates.
- ``html``: the app's map (:func:`pipeline.view.mapview.make_deck`) as a single
  file with deck.gl inlined; it loads nothing from the internet.
"""
from __future__ import annotations

import csv
import io
import json
import math
import re
from datetime import date
from pathlib import Path

import pandas as pd

from pipeline.view import filters
from pipeline.view.buildio import Build
from pipeline.files import atomic_write_bytes
from pipeline.errors import ExodusError

FORMATS = ("png", "svg", "geojson", "csv", "html")
MAP_DATA_CREDIT = "Map data: Natural Earth, GeoNames"
DEFAULT_TITLE = "Journeys reported in the news"
MAX_SOURCE_ENTRIES = 12  # beyond this, the credits give one entry per outlet
# Contract properties of a leg (shared/eval/OUTPUT_CONTRACT.md), in its order.
LEG_FIELDS = (
    "flow_id", "route_id", "leg", "article_id",
    "from_place_id", "from_name", "from_kind", "from_country",
    "to_place_id", "to_name", "to_kind", "to_country",
    "mode", "people", "status", "event_date", "published",
    "quote", "quote_start", "quote_end", "confidence",
)
PLACE_FIELDS = ("place_id", "name", "kind", "country_code", "mentions", "article_ids", "surface_forms")
_INT_FIELDS = {"leg", "people", "quote_start", "quote_end", "mentions", "population"}
# Spreadsheets run a cell that starts with these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportError(ExodusError):
    """The export cannot be made as asked (empty selection, unknown format ...)."""


# --- the view ----------------------------------------------------------------

def view_legs(build: Build, spec: filters.FilterSpec) -> pd.DataFrame:
    """The legs ``spec`` keeps: the one shared filter, nothing else."""
    legs = filters.apply_filters(build.flows, spec)
    if legs.empty:
        raise ExportError("no legs match the filters: nothing to export (loosen the filters)")
    return legs


def view_places(build: Build, legs: pd.DataFrame, spec: filters.FilterSpec) -> pd.DataFrame:
    """The places the app draws for this view (:func:`pipeline.view.mapview.visible_places`)."""
    from pipeline.view import mapview

    return mapview.visible_places(build.places, legs, everything=spec.is_default())


def _source_name(article: dict) -> str:
    for key in ("outlet", "title", "article_id"):
        value = article.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return "unknown source"


def _nice_date(iso) -> str:
    try:
        d = date.fromisoformat(str(iso)[:10])
    except ValueError:
        return ""
    return f"{d.day} {d:%b %Y}"


def sources(build: Build, legs: pd.DataFrame, most: int = MAX_SOURCE_ENTRIES) -> list[str]:
    """``"Outlet, 27 Sep 2022"`` per source of the legs shown, oldest first.

    The source is the article's outlet, or its title when it has none; one
    entry per source and date. Past ``most`` entries, each source gets one
    entry with its date range and number of articles, so the credits line
    stays readable while still naming every source.
    """
    ids = list(dict.fromkeys(legs["article_id"]))
    meta = {}
    if not build.articles.empty and "article_id" in build.articles:
        meta = {r["article_id"]: r for r in build.articles.to_dict("records")}
    by_source: dict[str, list[str]] = {}
    for aid in ids:
        art = meta.get(aid, {"article_id": aid})
        published = art.get("published") if isinstance(art.get("published"), str) else ""
        by_source.setdefault(_source_name(art), []).append(published or "")
    entries = sorted({(d or "9999", name) for name, dates in by_source.items() for d in dates})
    if len(entries) <= most:
        return [f"{name}, {_nice_date(d)}" if d != "9999" else name for d, name in entries]
    out = []
    for name, dates in sorted(by_source.items(), key=lambda kv: (min(d or "9999" for d in kv[1]), kv[0])):
        known = sorted(d for d in dates if d)
        span = ""
        if known:
            first, last = _nice_date(known[0]), _nice_date(known[-1])
            span = first if first == last else f"{first} – {last}"
        count = f"{len(dates)} articles" if len(dates) > 1 else ""
        out.append(name + "".join(f", {part}" for part in (span, count) if part))
    return out


def credits_line(build: Build, legs: pd.DataFrame) -> str:
    return f"Sources: {'; '.join(sources(build, legs))}. {MAP_DATA_CREDIT}."


def default_subtitle(legs: pd.DataFrame, spec: filters.FilterSpec) -> str:
    """Counts and the filter in words, e.g. ``4 legs of 3 journeys from 2 articles · to KZ``."""
    n_legs, n_routes, n_articles = len(legs), legs["route_id"].nunique(), legs["article_id"].nunique()
    parts = [f"{n_legs} leg{'s' * (n_legs != 1)} of {n_routes} journey{'s' * (n_routes != 1)} "
             f"from {n_articles} article{'s' * (n_articles != 1)}"]
    dates = sorted(d for d in legs["published"].dropna().astype(str) if d)
    if dates:
        first, last = _nice_date(dates[0]), _nice_date(dates[-1])
        parts[0] += f" published {first}" if first == last else f" published {first} – {last}"
    if spec.countries:
        role = {"origin": "from", "destination": "to"}.get(spec.country_role, "from or to")
        parts.append(f"{role} {', '.join(spec.countries)}")
    if spec.statuses:
        parts.append(", ".join(spec.statuses))
    if spec.modes:
        parts.append("by " + ", ".join(spec.modes))
    if spec.min_people:
        parts.append(f"at least {spec.min_people:,} people")
    return " · ".join(parts)


# --- data formats ---------------------------------------------------------------

def _plain(value, key: str = ""):
    """A JSON-ready value: NaN/NA -> None, NumPy scalars -> Python, whole counts -> int."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()
        if isinstance(value, list):
            return [_plain(v) for v in value]
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if key in _INT_FIELDS and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def leg_properties(row: dict) -> dict:
    """Every column of a leg except its line, contract fields first."""
    keys = [k for k in LEG_FIELDS if k in row] + [k for k in row if k not in LEG_FIELDS and k != "path"]
    return {k: _plain(row[k], k) for k in keys}


def geojson_view(legs: pd.DataFrame, places: pd.DataFrame, spec: filters.FilterSpec, credits: str) -> dict:
    """Legs and places of the view as one FeatureCollection (``feature``: ``leg`` / ``place``)."""
    from pipeline.view import mapview

    roles = mapview.place_roles(legs)
    features = []
    for row in legs.to_dict("records"):
        features.append({
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [list(map(float, p[:2])) for p in row["path"]]},
            "properties": {"feature": "leg", **leg_properties(row)},
        })
    for row in places.to_dict("records"):
        keys = [k for k in PLACE_FIELDS if k in row] + [k for k in row if k not in PLACE_FIELDS and k not in ("lon", "lat")]
        props = {k: _plain(row[k], k) for k in keys}
        features.append({
            "type": "Feature",
            # GeoJSON positions are [lon, lat].
            "geometry": {"type": "Point", "coordinates": [float(row["lon"]), float(row["lat"])]},
            "properties": {"feature": "place", **props, "role": roles.get(row["place_id"], "mentioned")},
        })
    return {
        "type": "FeatureCollection",
        # A foreign member (RFC 7946 section 6.1): how this file was made.
        "exodus_map": {"filter": filters.describe(spec), "legs": len(legs), "places": len(places),
                       "credits": credits},
        "features": features,
    }


def csv_safe(value):
    """Neutralise text a spreadsheet would run as a formula (prefix ``'``)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_rows(legs: pd.DataFrame) -> tuple[list[str], list[dict]]:
    """Columns and rows of the legs CSV: contract fields, coordinates, citation."""
    rows = []
    for row in legs.to_dict("records"):
        props = leg_properties(row)
        path = row["path"]
        out = {k: props.get(k) for k in LEG_FIELDS}
        # GeoJSON paths are [lon, lat].
        out.update(from_lon=float(path[0][0]), from_lat=float(path[0][1]),
                   to_lon=float(path[-1][0]), to_lat=float(path[-1][1]),
                   article_title=props.get("title"), outlet=props.get("outlet"), url=props.get("url"))
        out.update({k: v for k, v in props.items() if k not in out and k not in ("title",)})
        rows.append(out)
    columns = list(rows[0]) if rows else list(LEG_FIELDS)
    return columns, rows


def csv_text(legs: pd.DataFrame) -> str:
    columns, rows = csv_rows(legs)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_safe(_csv_cell(v)) for k, v in row.items()})
    return buf.getvalue()


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


# --- HTML ---------------------------------------------------------------------

_EXTERNAL_TAG = re.compile(
    r"""<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//[^>]*>\s*</script>"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//[^>]*>""",
    re.IGNORECASE,
)
_EXTERNAL_CHECK = re.compile(r"""<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def external_references(html_text: str) -> list[str]:
    """``<script src>`` / ``<link href>`` tags pointing at another host."""
    return [m.group(0) for m in _EXTERNAL_CHECK.finditer(html_text)]


def offline_html(deck_html: str, title: str, subtitle: str, credits: str) -> str:
    """pydeck's offline page without its CDN tags, with an escaped title block.

    pydeck inlines deck.gl with ``offline=True`` but its template still loads
    mapbox-gl and three stylesheets from CDNs; the map needs none of them
    without a tile basemap, so they are removed.
    """
    import html as _html

    page = _EXTERNAL_TAG.sub("", deck_html)
    esc = lambda s: _html.escape(s or "", quote=True)  # noqa: E731
    page = page.replace("<title>pydeck</title>", f"<title>{esc(title)}</title>", 1)
    block = (
        '<div id="exodus-header" style="position:absolute;z-index:2;top:12px;left:12px;max-width:560px;'
        'background:rgba(255,255,255,.92);padding:10px 14px;border-radius:4px;'
        'font-family:\'Liberation Sans\',Arial,Helvetica,sans-serif;color:#1a1a1a">'
        f'<div style="font-size:20px;font-weight:bold">{esc(title)}</div>'
        + (f'<div style="font-size:13px;color:#555;margin-top:4px">{esc(subtitle)}</div>' if subtitle else "")
        + "</div>"
        '<div id="exodus-credits" style="position:absolute;z-index:2;bottom:0;left:0;right:0;'
        'background:rgba(255,255,255,.85);padding:4px 12px;font:11px \'Liberation Sans\',Arial,sans-serif;'
        f'color:#666">{esc(credits)}</div>'
    )
    page = page.replace('<div id="deck-container">', block + '<div id="deck-container">', 1)
    left = external_references(page)
    if left:
        raise ExportError(f"the HTML export would load {left[0]!r} from the internet; refusing to write it")
    return page


def html_view(legs: pd.DataFrame, places: pd.DataFrame, title: str, subtitle: str, credits: str) -> str:
    from pipeline.view import mapview

    deck = mapview.make_deck(legs, places, online_basemap=False)
    page = deck.to_html(offline=True, as_string=True, notebook_display=False)
    return offline_html(page, title, subtitle, credits)


# --- entry points ----------------------------------------------------------------

def export_bytes(build: Build, spec: filters.FilterSpec, fmt: str, *, title: str | None = None,
                 subtitle: str | None = None, width_px: int = 2400) -> bytes:
    """The filtered view of ``build`` as a file's bytes.

    Parameters
    ----------
    build : a loaded build (:func:`pipeline.view.buildio.load_build`).
    spec : the filters, as in the app.
    fmt : ``png``, ``svg``, ``geojson``, ``csv`` or ``html``.
    title, subtitle : text above the map (png, svg, html); defaults describe the view.
    width_px : width of the PNG in pixels.

    Raises
    ------
    ExportError
        Unknown format, no legs match, or the image cannot be drawn.
    """
    fmt = (fmt or "").lower().lstrip(".")
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    legs = view_legs(build, spec)
    credits = credits_line(build, legs)
    title = DEFAULT_TITLE if title is None else title
    subtitle = default_subtitle(legs, spec) if subtitle is None else subtitle
    if fmt == "csv":
        # A BOM so that spreadsheet programs read the text as UTF-8.
        return ("\ufeff" + csv_text(legs)).encode("utf-8")
    places = view_places(build, legs, spec)
    if fmt == "geojson":
        return json.dumps(geojson_view(legs, places, spec, credits), ensure_ascii=False, indent=1).encode("utf-8")
    if fmt == "html":
        return html_view(legs, places, title, subtitle, credits).encode("utf-8")
    from pipeline.view import basemap

    from pipeline.export import render
    try:
        return render.render_map(legs, build.places, basemap.country_outlines(),
                                 render.MapText(title, subtitle, credits), fmt=fmt, width_px=width_px)
    except render.RenderError as exc:
        raise ExportError(str(exc)) from None


def export_file(build: Build, spec: filters.FilterSpec, fmt: str, path: str | Path, **kwargs) -> int:
    """Export to ``path`` atomically (nothing is left behind on failure); returns the bytes written."""
    data = export_bytes(build, spec, fmt, **kwargs)
    atomic_write_bytes(path, data, shareable=True)
    return len(data)
