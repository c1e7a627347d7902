"""Static map snapshots (PNG, SVG) of legs, drawn offline with geopandas + matplotlib.

The map is projected first and then clipped to the data's extent, so its
edges are straight: a Lambert azimuthal equal-area projection centred on the
data for regional views, Equal Earth when the legs span much of the globe.
Legs follow the great circle (``pyproj.Geod.npts``), bowed slightly to one
side so that A->B and B->A stay apart, with an arrowhead at the destination.
Colours and widths come from :mod:`pipeline.view.style`, the app's legend.

Matplotlib is used through ``Figure`` objects only (never ``pyplot``), so
rendering is safe inside the Streamlit server's threads.

The parts, in the order a map is made:

- :mod:`~pipeline.export.render.projection`: projection, great circles, bows, view box, clipped outlines;
- :mod:`~pipeline.export.render.legs`: the lines to draw, arrowheads, batched drawing;
- :mod:`~pipeline.export.render.markers`: the places on the lines and their markers;
- :mod:`~pipeline.export.render.labels`: label placement for places and countries;
- :mod:`~pipeline.export.render.legend`: the key below the map and the scale bar;
- :mod:`~pipeline.export.render.map_axes`: the map panel, putting the above together;
- :mod:`~pipeline.export.render.layout`: the page (title, map, legend, credits);
- :mod:`~pipeline.export.render.svg`: the SVG writer (text stays text, halos included);
- :mod:`~pipeline.export.render.model` and :mod:`~pipeline.export.render.theme`: shared values and style.

This module holds the entry points: :func:`render_map` (bytes) and
:func:`draw_map` (a figure).
"""
from __future__ import annotations

import io
import threading

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib import rc_context
from PIL import Image, PngImagePlugin

from pipeline.export.render.layout import FIG_WIDTH_IN, draw_figure
from pipeline.export.render.model import DrawnMap, MapPlace, MapText, RenderError
from pipeline.export.render.svg import svg_bytes

__all__ = [
    "FORMATS", "FIG_WIDTH_IN", "MIN_WIDTH_PX", "MAX_WIDTH_PX", "FONTS", "RC",
    "RenderError", "MapText", "MapPlace", "DrawnMap", "render_map", "draw_map",
]

FORMATS = ("png", "svg")
MIN_WIDTH_PX = 2000      # print quality for a news site's full-width image
MAX_WIDTH_PX = 8000
FONTS = ["Liberation Sans", "Arial", "Helvetica", "DejaVu Sans"]
# svg.fonttype none: an SVG's words stay <text> (editable, searchable); text.parse_math off: a "$" in a
# title or a source's name is a dollar sign, never the start of a formula.
RC = {"font.family": "sans-serif", "font.sans-serif": FONTS, "svg.fonttype": "none", "axes.unicode_minus": False,
      "text.parse_math": False}
# rcParams are global and matplotlib is not thread-safe: the Streamlit server
# may export from several sessions at once, so one drawing at a time.
_DRAW_LOCK = threading.RLock()


def render_map(flows: pd.DataFrame, places: pd.DataFrame, outlines: gpd.GeoDataFrame, text: MapText,
               *, fmt: str = "png", width_px: int = 2400) -> bytes:
    """Draw ``flows`` (legs of :func:`pipeline.view.buildio.load_build`) as a PNG or SVG.

    Parameters
    ----------
    flows : legs to draw (already filtered), with ``path``, ``status``, ``people``.
    places : the build's places, for mention counts (label priority); may be empty.
    outlines : country outlines in EPSG:4326 (:func:`pipeline.view.basemap.country_outlines`).
    text : title, subtitle and credits line.
    fmt : ``"png"`` or ``"svg"``.
    width_px : width of the PNG in pixels, 2000 to 8000 (ignored for SVG).
    """
    if fmt not in FORMATS:
        raise RenderError(f"unknown image format {fmt!r}: use {' or '.join(FORMATS)}")
    if flows.empty:
        raise RenderError("no legs to draw")
    width_px = int(width_px) if fmt == "png" else 2400  # an SVG scales; its layout is the PNG's
    if not MIN_WIDTH_PX <= width_px <= MAX_WIDTH_PX:
        raise RenderError(f"PNG width must be between {MIN_WIDTH_PX} and {MAX_WIDTH_PX} px, not {width_px}")
    with _DRAW_LOCK, rc_context(RC):
        fig = draw_map(flows, places, outlines, text, width_px).figure
        if fmt == "png":
            fig.canvas.draw()
            return _small_png(np.asarray(fig.canvas.buffer_rgba()), text.title, text.description)
        return svg_bytes(fig, text.title, text.description)


def _small_png(rgba: np.ndarray, title: str, description: str = "") -> bytes:
    """A PNG with a 256-colour palette (a third of the bytes, no visible change for a flat graphic).

    The title and alt text go into the PNG's standard ``Title`` and
    ``Description`` text chunks (UTF-8).
    """
    image = Image.fromarray(np.ascontiguousarray(rgba[:, :, :3]))
    info = PngImagePlugin.PngInfo()
    info.add_itxt("Title", title)
    if description:
        info.add_itxt("Description", description)
    info.add_text("Software", "exodus map")
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        out, format="PNG", compress_level=9, pnginfo=info)
    return out.getvalue()


def draw_map(flows: pd.DataFrame, places: pd.DataFrame, outlines: gpd.GeoDataFrame, text: MapText,
             width_px: int = 2400) -> DrawnMap:
    """The map as a matplotlib figure (see :func:`render_map` for the parameters)."""
    with _DRAW_LOCK, rc_context(RC):
        return draw_figure(flows, places, outlines, text, width_px)
