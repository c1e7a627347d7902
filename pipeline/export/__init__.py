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
- ``html``: the app's map (:func:`pipeline.view.mapview.map_model`) as a single
  file with deck.gl inlined and a legend; it loads nothing from the internet.

Every map (png, svg, html) carries a description for screen readers
(:func:`alt_text_for`): in the PNG's ``Description`` text, the SVG's
``<desc>``, a hidden paragraph of the HTML page; the app shows it beside
the downloads and the CLI writes it next to the image (``map.alt.txt``).

Where each part lives
---------------------
- :mod:`~pipeline.export.view`: the legs and places a filter keeps;
- :mod:`~pipeline.export.credits`: sources, credits line, default subtitle;
- :mod:`~pipeline.export.words`: counts, dates and filters in words;
- :mod:`~pipeline.export.alt`: alt text;
- :mod:`~pipeline.export.key`: what a legend explains;
- :mod:`~pipeline.export.tables`: GeoJSON and CSV;
- :mod:`~pipeline.export.html`: the offline HTML page;
- :mod:`~pipeline.export.render`: PNG and SVG maps;
- :mod:`~pipeline.export.fields`: the contract's field order;
- :mod:`~pipeline.export.errors`: :class:`ExportError`.

This module holds the entry points: :func:`export_bytes`, :func:`export_file` and :func:`alt_text_for`.
"""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.export.alt import alt_text
from pipeline.export.credits import article_table, country_names, credits_line, default_subtitle
from pipeline.export.errors import ExportError
from pipeline.export.fields import LEG_FIELDS, PLACE_FIELDS
from pipeline.export.html import html_view
from pipeline.export.tables import csv_text, geojson_view
from pipeline.export.view import view_legs, view_places
from pipeline.export.words import filter_phrases
from pipeline.files import atomic_write_bytes
from pipeline.view import filters
from pipeline.view.buildio import Build

__all__ = ["ALT_FORMATS", "FORMATS", "DEFAULT_TITLE", "ExportError", "LEG_FIELDS", "PLACE_FIELDS", "alt_path",
           "alt_text_for", "export_bytes", "export_file"]

FORMATS = ("png", "svg", "geojson", "csv", "html")
ALT_FORMATS = ("png", "svg")  # images: their alt text is offered beside them
DEFAULT_TITLE = "Journeys reported in the news"


def _article_titles(build: Build) -> dict[str, str]:
    return {aid: a["title"] for aid, a in article_table(build).items() if isinstance(a.get("title"), str)}


def _alt(build: Build, spec: filters.FilterSpec, legs, title: str) -> str:
    return alt_text(legs, title, filter_phrases(spec, country_names(build), _article_titles(build)))


def alt_text_for(build: Build, spec: filters.FilterSpec, title: str | None = None) -> str:
    """The alt text of the map of this view (:func:`pipeline.export.alt.alt_text`), as the image carries it.

    Raises :class:`ExportError` when no legs match, like :func:`export_bytes`.
    """
    return _alt(build, spec, view_legs(build, spec), DEFAULT_TITLE if title is None else title)


def alt_path(path: str | Path) -> Path:
    """Where an image's alt text is written beside it: ``map.png`` -> ``map.alt.txt``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.alt.txt")


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
    if subtitle is None:
        subtitle = default_subtitle(legs, spec, country_names(build), _article_titles(build))
    if fmt == "csv":
        # A BOM so that spreadsheet programs read the text as UTF-8.
        return ("\ufeff" + csv_text(legs)).encode("utf-8")
    places = view_places(build, legs, spec)
    if fmt == "geojson":
        return json.dumps(geojson_view(legs, places, spec, credits), ensure_ascii=False, indent=1).encode("utf-8")
    description = _alt(build, spec, legs, title)
    if fmt == "html":
        return html_view(legs, places, title, subtitle, credits, description).encode("utf-8")
    from pipeline.view import basemap  # heavy (geopandas): only when an image is asked for
    from pipeline.export import render  # heavy (matplotlib): only when an image is asked for

    try:
        return render.render_map(legs, build.places, basemap.country_outlines(),
                                 render.MapText(title, subtitle, credits, description), fmt=fmt, width_px=width_px)
    except render.RenderError as exc:
        raise ExportError(str(exc)) from None


def export_file(build: Build, spec: filters.FilterSpec, fmt: str, path: str | Path, **kwargs) -> int:
    """Export to ``path`` atomically (nothing is left behind on failure); returns the bytes written.

    A PNG or SVG also gets its alt text beside it (:func:`alt_path`), written
    after the image so that a failed export leaves neither.
    """
    data = export_bytes(build, spec, fmt, **kwargs)
    atomic_write_bytes(path, data, shareable=True)
    if fmt.lower().lstrip(".") in ALT_FORMATS:
        alt = alt_text_for(build, spec, kwargs.get("title"))
        atomic_write_bytes(alt_path(path), (alt + "\n").encode("utf-8"), shareable=True)
    return len(data)
