"""Static map snapshots (PNG, SVG) of legs, drawn offline with geopandas + matplotlib.

The map is projected first and then clipped to the data's extent, so its
edges are straight: a Lambert azimuthal equal-area projection centred on the
data for regional views, Equal Earth when the legs span much of the globe.
Legs follow the great circle (``pyproj.Geod.npts``), bowed slightly to one
side so that A->B and B->A stay apart, with an arrowhead at the destination.
Colours and widths come from :mod:`pipeline.view.style`, the app's legend.

Matplotlib is used through ``Figure`` objects only (never ``pyplot``), so
rendering is safe inside the Streamlit server's threads.
"""
from __future__ import annotations

import io
import math
import re
import textwrap
import threading
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from matplotlib import patheffects, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon, Rectangle
from matplotlib.transforms import Bbox

from pipeline.view import style
from pipeline.view.mapview import place_roles
from pipeline.errors import ExodusError

FORMATS = ("png", "svg")
FIG_WIDTH_IN = 12.0      # fonts are sized for this width; dpi scales it to width_px
MIN_WIDTH_PX = 2000      # print quality for a news site's full-width image
MAX_WIDTH_PX = 8000
PX_TO_PT = 0.75          # the app's widths are CSS px; 1 px = 0.75 pt
WORLD_DEGREES = 75.0     # beyond this distance from the centre, switch to Equal Earth
LANDSCAPE = 0.62         # height/width of the frame round a small cluster of places
LANE_BOW = 0.08          # extra bend for each further line between the same two places
BOW = 0.12               # sideways bend of a leg, as a share of its length
MARKER_PT = 7.0          # place marker diameter
MAX_LABELS = 40          # the most important places get labels; more would crowd any map
ROLE_ORDER = ("origin", "border_crossing", "transit", "destination")
ROLE_LABELS = {"origin": "Origin", "border_crossing": "Border crossing",
               "transit": "Transit", "destination": "Destination"}
WIDTH_SAMPLES = ((None, "not stated"), (10, "10"), (1_000, "1,000"), (100_000, "100,000"))
FONTS = ["Liberation Sans", "Arial", "Helvetica", "DejaVu Sans"]
RC = {"font.family": "sans-serif", "font.sans-serif": FONTS, "svg.fonttype": "none", "axes.unicode_minus": False}
# rcParams are global and matplotlib is not thread-safe: the Streamlit server
# may export from several sessions at once, so one drawing at a time.
_DRAW_LOCK = threading.RLock()
INK, MUTED, FAINT = "#1a1a1a", "#555555", "#7a7a7a"


class RenderError(ExodusError):
    """The legs cannot be drawn (nothing to draw, or positions are missing)."""


@dataclass(frozen=True)
class MapText:
    """The words around the map: all editable by the caller."""

    title: str
    subtitle: str = ""
    credits: str = ""


@dataclass(frozen=True)
class MapPlace:
    """A place on the shown legs, in projected coordinates."""

    place_id: str
    name: str
    kind: str
    role: str
    x: float
    y: float
    priority: tuple


@dataclass(frozen=True)
class DrawnMap:
    """A drawn figure, its map axes (data units: metres of ``crs``) and projection."""

    figure: Figure
    map_ax: object
    crs: pyproj.CRS

    def to_pixel(self, lon: float, lat: float, dpi: float | None = None) -> tuple[float, float]:
        """Pixel ``(column, row)`` of a lon/lat point in the saved PNG (row 0 at the top)."""
        x, y = pyproj.Transformer.from_crs(4326, self.crs, always_xy=True).transform(lon, lat)
        scale = (dpi or self.figure.dpi) / self.figure.dpi
        px, py = self.map_ax.transData.transform((x, y))
        height = self.figure.get_figheight() * self.figure.dpi
        return px * scale, (height - py) * scale


# --- pure geometry -----------------------------------------------------------

def leg_endpoints(flows: pd.DataFrame) -> np.ndarray:
    """``(n, 4)`` array of ``lon0, lat0, lon1, lat1`` (GeoJSON paths are lon, lat)."""
    rows = []
    for path in flows["path"]:
        if path is None or len(path) < 2:
            raise RenderError("a leg has no line to draw")
        (lon0, lat0), (lon1, lat1) = path[0][:2], path[-1][:2]
        rows.append((lon0, lat0, lon1, lat1))
    return np.asarray(rows, dtype=float).reshape(-1, 4)


def centre_of(lon: np.ndarray, lat: np.ndarray) -> tuple[float, float, float]:
    """Spherical mean of points: ``(lon, lat, largest angular distance in degrees)``."""
    lo, la = np.radians(lon), np.radians(lat)
    v = np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=1)
    m = v.mean(axis=0)
    norm = np.linalg.norm(m)
    if norm < 1e-9:  # points spread evenly round the globe
        m, norm = v[0], 1.0
    m = m / norm
    c_lon = math.degrees(math.atan2(m[1], m[0]))
    c_lat = math.degrees(math.asin(max(-1.0, min(1.0, m[2]))))
    spread = math.degrees(float(np.arccos(np.clip(v @ m, -1.0, 1.0)).max()))
    return c_lon, c_lat, spread


def seam_longitude(lons: np.ndarray) -> float:
    """The meridian in the middle of the widest gap between ``lons``: the best place to cut a world map."""
    lons = np.sort(np.mod(np.asarray(lons, dtype=float) + 180.0, 360.0) - 180.0)
    gaps = np.diff(np.r_[lons, lons[0] + 360.0])
    k = int(np.argmax(gaps))
    return float(np.mod(lons[k] + gaps[k] / 2 + 180.0, 360.0) - 180.0)


def choose_crs(lon: np.ndarray, lat: np.ndarray, path_lon: np.ndarray | None = None) -> tuple[pyproj.CRS, bool, float]:
    """A projection suited to the points; ``(crs, is_world, lon_0)``.

    Lambert azimuthal equal-area centred on the data keeps areas true and
    shapes good within ~70 degrees of its centre. Wider spreads use Equal
    Earth, cut at the meridian farthest from every leg (``path_lon``: all
    longitudes the legs pass), so that as few legs as possible cross its edge.
    """
    c_lon, c_lat, spread = centre_of(lon, lat)
    if spread > WORLD_DEGREES:
        seam = seam_longitude(path_lon if path_lon is not None else lon)
        # Rounded as written into the CRS, so the seam cut below matches the projection's.
        lon_0 = round(float(np.mod(seam + 360.0, 360.0) - 180.0), 4)
        return pyproj.CRS.from_proj4(f"+proj=eqearth +lon_0={lon_0:.4f} +datum=WGS84 +units=m +no_defs"), True, lon_0
    return pyproj.CRS.from_proj4(
        f"+proj=laea +lat_0={c_lat:.4f} +lon_0={c_lon:.4f} +datum=WGS84 +units=m +no_defs"), False, c_lon


def split_at_seam(ll: np.ndarray, seam: float) -> list[np.ndarray]:
    """Cut a lon/lat line where it crosses the meridian ``seam`` (a world map's edge)."""
    rel = np.mod(ll[:, 0] - seam, 360.0)
    jumps = np.flatnonzero(np.abs(np.diff(rel)) > 180.0)
    if not len(jumps):
        return [ll]
    bounds = [0, *(j + 1 for j in jumps), len(ll)]
    return [ll[a:b] for a, b in zip(bounds, bounds[1:]) if b - a >= 2]


def world_outline(to_map: pyproj.Transformer, lon_0: float, n: int = 181) -> np.ndarray:
    """The projected edge of the whole globe (meridians lon_0 +- 180 and the poles)."""
    lat = np.linspace(-90, 90, n)
    east, west = lon_0 + 179.9999, lon_0 - 179.9999
    lons = np.r_[np.full(n, east), np.linspace(east, west, n), np.full(n, west), np.linspace(west, east, n)]
    lats = np.r_[lat, np.full(n, 90.0), lat[::-1], np.full(n, -90.0)]
    x, y = to_map.transform(lons, lats)
    return np.column_stack([x, y])


def great_circle(lon0, lat0, lon1, lat1, geod: pyproj.Geod) -> np.ndarray:
    """``(n, 2)`` lon/lat points along the great circle, endpoints included."""
    _, _, dist = geod.inv(lon0, lat0, lon1, lat1)
    n = int(min(120, max(32, dist / 40_000)))  # enough points that a bowed short leg stays smooth
    mid = geod.npts(lon0, lat0, lon1, lat1, n) if dist > 1 else []
    return np.array([(lon0, lat0), *mid, (lon1, lat1)], dtype=float)


def bow(xy: np.ndarray, share: float = BOW) -> np.ndarray:
    """Bend a projected line sideways (to its left) by ``share`` of its chord, most at the middle."""
    chord = xy[-1] - xy[0]
    length = float(np.hypot(*chord))
    if length == 0 or len(xy) < 3:
        return xy
    seg = np.hypot(*np.diff(xy, axis=0).T)
    t = np.concatenate([[0.0], np.cumsum(seg)]) / max(seg.sum(), 1e-12)
    normal = np.array([-chord[1], chord[0]]) / length
    return xy + np.outer(4 * t * (1 - t) * share * length, normal)


def trim_end(xy: np.ndarray, distance: float) -> np.ndarray:
    """Shorten a polyline at its end by ``distance`` (so arrowheads stop at the marker)."""
    if distance <= 0 or len(xy) < 2:
        return xy
    seg = np.hypot(*np.diff(xy, axis=0).T)
    if seg.sum() <= 2 * distance:
        return xy
    remaining = distance
    pts = list(xy)
    while len(pts) > 2:
        d = float(np.hypot(*(pts[-1] - pts[-2])))
        if d > remaining:
            break
        remaining -= d
        pts.pop()
    a, b = pts[-2], pts[-1]
    d = float(np.hypot(*(b - a)))
    pts[-1] = b - (b - a) * (remaining / d) if d > 0 else b
    return np.array(pts)


def view_box(xy: np.ndarray, aspect: float, pad: float = 0.12, min_span: float = 800_000.0,
             aspect_range: tuple[float, float] = (0.5, 0.9)) -> tuple[tuple[float, float, float, float], float]:
    """Padded box round ``xy`` with height/width clamped to ``aspect_range``.

    Returns ``((xmin, ymin, xmax, ymax), aspect)``; ``aspect`` is the box's
    height/width, nearest to the data's own within the range.
    """
    xmin, ymin = xy.min(axis=0)
    xmax, ymax = xy.max(axis=0)
    w, h = max(xmax - xmin, min_span), max(ymax - ymin, min_span)
    w, h = w * (1 + 2 * pad), h * (1 + 2 * pad)
    if aspect is not None:
        ratio = aspect
    elif xmax - xmin < min_span and ymax - ymin < min_span:
        ratio = LANDSCAPE  # a small cluster: a landscape frame round it
    else:
        ratio = min(max(h / w, aspect_range[0]), aspect_range[1])
    if h / w > ratio:
        w = h / ratio
    else:
        h = w * ratio
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), ratio


def lonlat_window(box, to_lonlat: pyproj.Transformer, margin: float = 8.0):
    """A lon/lat box holding the projected ``box``'s preimage, or None for "all longitudes".

    Used to cut the outlines down *before* projecting, only so that far-side
    geometry (where the projection folds) never reaches the map; the visible
    clip is made afterwards in projected coordinates.
    """
    xmin, ymin, xmax, ymax = box
    s = np.linspace(0, 1, 60)
    bx = np.concatenate([xmin + s * (xmax - xmin), np.full_like(s, xmax), xmax - s * (xmax - xmin), np.full_like(s, xmin)])
    by = np.concatenate([np.full_like(s, ymin), ymin + s * (ymax - ymin), np.full_like(s, ymax), ymax - s * (ymax - ymin)])
    lon, lat = to_lonlat.transform(bx, by)
    lon, lat = np.asarray(lon), np.asarray(lat)
    lat_lo, lat_hi = max(-90.0, float(np.nanmin(lat)) - margin), min(90.0, float(np.nanmax(lat)) + margin)
    if not (np.isfinite(lon).all() and np.isfinite(lat).all()):
        return (-180.0, -90.0, 180.0, 90.0)
    wraps = np.abs(np.diff(lon)).max() > 180
    has_pole = any(_inside(box, *to_lonlat.transform(0.0, p, direction="INVERSE")) for p in (90.0, -90.0))
    if wraps or has_pole:
        if has_pole:
            lat_lo, lat_hi = (lat_lo, 90.0) if np.nanmean(lat) > 0 else (-90.0, lat_hi)
        return (-180.0, lat_lo, 180.0, lat_hi)
    return (max(-180.0, float(lon.min()) - margin), lat_lo, min(180.0, float(lon.max()) + margin), lat_hi)


def _inside(box, x, y) -> bool:
    return bool(np.isfinite(x) and np.isfinite(y) and box[0] <= x <= box[2] and box[1] <= y <= box[3])


def project_outlines(outlines: gpd.GeoDataFrame, crs: pyproj.CRS, box, is_world: bool,
                     lon_0: float = 0.0) -> gpd.GeoDataFrame:
    """Country outlines projected to ``crs``, then clipped to ``box`` (projected units).

    Keeps the ``name`` column; on a world map a country cut by the seam has
    one row per side.
    """
    geoms = outlines.geometry.values
    names = outlines["name"].to_numpy() if "name" in outlines else np.full(len(outlines), "", dtype=object)
    to_lonlat = pyproj.Transformer.from_crs(crs, 4326, always_xy=True)
    if is_world:
        # Cut at the projection's seam (lon_0 + 180) so no country is smeared across the map.
        seam = ((lon_0 + 180.0 + 180.0) % 360.0) - 180.0
        parts = [shapely.clip_by_rect(geoms, -180.0, -90.0, seam - 1e-3, 90.0),
                 shapely.clip_by_rect(geoms, seam + 1e-3, -90.0, 180.0, 90.0)]
        geoms, names = np.concatenate(parts), np.concatenate([names, names])
    else:
        geoms = shapely.clip_by_rect(geoms, *lonlat_window(box, to_lonlat))
    keep = ~shapely.is_empty(geoms)
    projected = gpd.GeoSeries(geoms[keep], crs=4326).to_crs(crs).values
    names = names[keep]
    finite = np.array([np.isfinite(shapely.get_coordinates(g)).all() for g in projected], dtype=bool)
    clipped = shapely.clip_by_rect(projected[finite], *box)  # the visible cut: straight edges
    names = names[finite]
    keep = ~shapely.is_empty(clipped)
    return gpd.GeoDataFrame({"name": names[keep]}, geometry=gpd.GeoSeries(clipped[keep], crs=crs), crs=crs)


# --- drawing -------------------------------------------------------------------

def _halo(width: float = 3.0, color: str = "white"):
    return [patheffects.withStroke(linewidth=width, foreground=color)]


def head_size(width_pt: float) -> tuple[float, float]:
    """Arrowhead ``(length, half width)`` in points for a line ``width_pt`` wide."""
    return 4.5 + 1.1 * width_pt, 2.6 + 0.75 * width_pt


def arrowhead(xy: np.ndarray, length: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split a polyline for an arrowhead ``length`` long (map units).

    Returns ``(shaft, base, direction)``: the line up to the head's base, the
    base point and the unit vector from base to tip (the polyline's end).
    """
    tip = xy[-1]
    shaft = trim_end(xy, length)
    base = shaft[-1]
    d = tip - base
    n = float(np.hypot(*d))
    if n == 0:
        d, n = xy[-1] - xy[0], float(np.hypot(*(xy[-1] - xy[0]))) or 1.0
    return shaft, base, d / n


def arrow_shapes(xy: np.ndarray, width_pt: float, units_per_pt: float) -> tuple[np.ndarray, np.ndarray]:
    """``(shaft, head)`` of a leg: the line and the arrowhead triangle whose tip is the line's end.

    The head is its own polygon (not a stroked ``FancyArrowPatch``), so its
    size does not grow with the line's stroke width.
    """
    head_len, head_half = head_size(width_pt)
    shaft, base, d = arrowhead(xy, head_len * units_per_pt)
    normal = np.array([-d[1], d[0]])
    head = np.array([xy[-1], base + normal * head_half * units_per_pt, base - normal * head_half * units_per_pt])
    # Run the shaft a little under the head so no gap shows between them.
    shaft = np.vstack([shaft, base + d * min(head_len * 0.3, width_pt) * units_per_pt])
    return shaft, head


def _draw_legs(ax, shapes: list[tuple[np.ndarray, np.ndarray, tuple, float]], zorder: float = 3.0) -> None:
    """Draw ``(shaft, head, rgb, width_pt)`` legs, widest first, in one collection per width.

    Each width group gets a white halo below its lines, so thin legs stay
    readable where they cross thick ones. Batching keeps thousands of legs
    fast to draw.
    """
    groups: dict[float, list] = {}
    for shaft, head, rgb, width in shapes:
        # Quarter-point steps: invisible differences, far fewer collections to draw.
        groups.setdefault(round(width * 4) / 4, []).append((shaft, head, rgb))
    for k, width in enumerate(sorted(groups, reverse=True)):
        items = groups[width]
        z = zorder + k * 0.01
        shafts = [it[0] for it in items]
        colors = [it[2] for it in items]
        ax.add_collection(LineCollection(shafts, colors="white", linewidths=width + 2.2, capstyle="butt",
                                         joinstyle="round", zorder=z), autolim=False)
        ax.add_collection(LineCollection(shafts, colors=colors, linewidths=width, capstyle="butt",
                                         joinstyle="round", zorder=z + 0.001), autolim=False)
        heads = [(it[1], it[2]) for it in items if it[1] is not None]
        ax.add_collection(PolyCollection([h for h, _ in heads], facecolors=[c for _, c in heads],
                                         edgecolors="white", linewidths=0.8, joinstyle="miter",
                                         zorder=z + 0.002), autolim=False)


def _rgb(color) -> tuple[float, float, float]:
    return tuple(c / 255 for c in color)


_DATE = re.compile(r"\b(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})\b")


def _wrap(text: str, width: int) -> str:
    """Wrap to lines of ``width`` characters, never inside a date such as "27 Sep 2022"."""
    if not text:
        return ""
    text = _DATE.sub("\\1\u00a0\\2\u00a0\\3", text)
    return "\n".join(textwrap.wrap(text, width=width, break_on_hyphens=False))


def _lines(text: str) -> int:
    return text.count("\n") + 1 if text else 0


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
            return _small_png(np.asarray(fig.canvas.buffer_rgba()), text.title)
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", dpi=96, facecolor="white", metadata={"Title": text.title})
    return buf.getvalue()


def _small_png(rgba: np.ndarray, title: str) -> bytes:
    """A PNG with a 256-colour palette: a third of the bytes, no visible change for a flat graphic."""
    from PIL import Image, PngImagePlugin

    image = Image.fromarray(np.ascontiguousarray(rgba[:, :, :3]))
    info = PngImagePlugin.PngInfo()
    info.add_text("Title", title)
    info.add_text("Software", "exodus map")
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        out, format="PNG", compress_level=9, pnginfo=info)
    return out.getvalue()


def line_table(flows: pd.DataFrame) -> pd.DataFrame:
    """The lines to draw: one per start, end and status, as wide as its widest leg.

    Legs that share both ends and a status (the same move reported twice,
    or by two articles) would lie exactly on top of each other; numbers are
    not added up, because two reports may count the same people. ``lane``
    numbers the lines that share both ends, so they can be bowed apart.
    """
    widths = flows["people"].map(style.leg_width)
    first = widths.groupby([flows["from_place_id"], flows["to_place_id"], flows["status"]], sort=False).idxmax()
    lines = flows.loc[list(first.values)].copy()
    lines["lane"] = lines.groupby(["from_place_id", "to_place_id"], sort=False).cumcount()
    return lines


def project_legs(ends: np.ndarray, lanes=None) -> tuple[list[list[np.ndarray]], pyproj.CRS, bool, float]:
    """Great-circle legs, projected and bowed: ``(pieces per leg, crs, is_world, lon_0)``.

    A leg is one piece unless it crosses a world map's edge. Lane ``k``
    (lines sharing both ends) bows further out than lane ``k - 1``.
    """
    geod = pyproj.Geod(ellps="WGS84")
    lanes = np.zeros(len(ends), dtype=int) if lanes is None else np.asarray(lanes)
    lonlat = [great_circle(lon0, lat0, lon1, lat1, geod) for lon0, lat0, lon1, lat1 in ends]
    crs, is_world, lon_0 = choose_crs(np.r_[ends[:, 0], ends[:, 2]], np.r_[ends[:, 1], ends[:, 3]],
                                      np.concatenate([ll[:, 0] for ll in lonlat]))
    to_map = pyproj.Transformer.from_crs(4326, crs, always_xy=True)
    legs = []
    for ll, lane in zip(lonlat, lanes):
        # World-scale great circles are curved already, and a bow could push them past the pole.
        share = (0.0 if is_world else BOW) + LANE_BOW * lane
        parts = split_at_seam(ll, lon_0 + 180.0) if is_world else [ll]
        projected = [np.column_stack(to_map.transform(p[:, 0], p[:, 1])) for p in parts]
        legs.append([bow(projected[0], share)] if len(projected) == 1 else projected)
    return legs, crs, is_world, lon_0


def draw_map(flows: pd.DataFrame, places: pd.DataFrame, outlines: gpd.GeoDataFrame, text: MapText,
             width_px: int = 2400) -> DrawnMap:
    """The map as a matplotlib figure (see :func:`render_map` for the parameters)."""
    with _DRAW_LOCK, rc_context(RC):
        return _draw_figure(flows, places, outlines, text, width_px)


def _draw_figure(flows, places, outlines, text: MapText, width_px: int) -> DrawnMap:
    lines = line_table(flows)
    arcs, crs, is_world, lon_0 = project_legs(leg_endpoints(lines), lines["lane"].to_numpy())
    all_xy = np.concatenate([p for pieces in arcs for p in pieces])
    if not np.isfinite(all_xy).all():
        raise RenderError("a leg's coordinates cannot be projected")
    globe = world_outline(pyproj.Transformer.from_crs(4326, crs, always_xy=True), lon_0) if is_world else None

    # Layout in inches; the figure is FIG_WIDTH_IN wide whatever the pixel width.
    margin = 0.45
    map_w = FIG_WIDTH_IN - 2 * margin
    box, aspect = view_box(all_xy, aspect=None, pad=0.06 if is_world else 0.14)
    if globe is not None:  # never show space beyond the globe's edge
        gx0, gy0 = globe.min(axis=0)
        gx1, gy1 = globe.max(axis=0)
        box = (max(box[0], gx0), max(box[1], gy0), min(box[2], gx1), min(box[3], gy1))
        aspect = (box[3] - box[1]) / (box[2] - box[0])
    map_h = map_w * aspect
    title = _wrap(text.title, 68)
    subtitle = _wrap(text.subtitle, 118)
    credits = _wrap(text.credits, 178)
    header_h = 0.35 + 0.36 * _lines(title) + (0.1 + 0.24 * _lines(subtitle) if subtitle else 0) + 0.25
    legend_h = 1.25
    credits_h = 0.172 * _lines(credits) + 0.4
    fig_h = header_h + map_h + legend_h + credits_h
    fig = Figure(figsize=(FIG_WIDTH_IN, fig_h), dpi=width_px / FIG_WIDTH_IN, facecolor="white")
    FigureCanvasAgg(fig)

    def frac(x, y, w, h):  # inches from the top-left -> figure fraction rect
        return [x / FIG_WIDTH_IN, 1 - (y + h) / fig_h, w / FIG_WIDTH_IN, h / fig_h]

    y = 0.35
    fig.text(margin / FIG_WIDTH_IN, 1 - y / fig_h, title, ha="left", va="top", fontsize=22,
             fontweight="bold", color=INK, linespacing=1.15)
    y += 0.36 * _lines(title)
    if subtitle:
        fig.text(margin / FIG_WIDTH_IN, 1 - (y + 0.1) / fig_h, subtitle, ha="left", va="top",
                 fontsize=13, color=MUTED, linespacing=1.3)
    ax = fig.add_axes(frac(margin, header_h, map_w, map_h))
    _draw_map(ax, lines, place_roles(flows), places, outlines, (crs, is_world, lon_0, globe), box, arcs, map_w)
    leg_ax = fig.add_axes(frac(margin, header_h + map_h + 0.1, map_w, legend_h - 0.1))
    _draw_legend(leg_ax, flows, map_w, legend_h - 0.1)
    if credits:
        fig.text(margin / FIG_WIDTH_IN, (0.3) / fig_h, credits, ha="left", va="bottom", fontsize=8.5,
                 color=FAINT, linespacing=1.45)
    return DrawnMap(fig, ax, crs)


def _draw_map(ax, lines, roles, places, outlines, projection, box, arcs, map_w_in):
    crs, is_world, lon_0, globe = projection
    xmin, ymin, xmax, ymax = box
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if globe is None:
        ax.add_patch(_frame(box, style.WATER_COLOR))
    else:
        ax.add_patch(Polygon(globe, closed=True, facecolor=_rgb(style.WATER_COLOR), edgecolor="#d5d5d5",
                             linewidth=0.6, zorder=0))
    land = project_outlines(outlines, crs, box, is_world, lon_0)
    if len(land):
        land.plot(ax=ax, color=_rgb(style.LAND_COLOR), edgecolor=_rgb(style.BORDER_COLOR),
                  linewidth=0.5, zorder=1)
    units_per_pt = (xmax - xmin) / (map_w_in * 72)

    shapes = []
    for pieces, status, people in zip(arcs, lines["status"], lines["people"]):
        width_pt = style.leg_width(people) * PX_TO_PT
        rgb = _rgb(style.status_color(status))
        shaft, head = arrow_shapes(trim_end(pieces[-1], (MARKER_PT / 2 + 1.0) * units_per_pt), width_pt, units_per_pt)
        shapes.append((shaft, head, rgb, width_pt))
        shapes += [(p, None, rgb, width_pt) for p in pieces[:-1]]  # the part beyond the map's edge
    _draw_legs(ax, shapes)

    pts = _map_places(lines, roles, places, arcs)
    for role in ROLE_ORDER:
        mine = [p for p in pts if p.role == role]
        if mine:
            _marker(ax, [p.x for p in mine], [p.y for p in mine], role, zorder=5)
    # Equal Earth's scale varies too much across a world map for one bar.
    scale = [] if is_world else [_scale_bar(ax, box)]
    taken = _label_places(ax, pts, np.concatenate([p for pieces in arcs for p in pieces]), obstacles=scale)
    _label_countries(ax, land, box, taken + scale, skip={p.name.upper() for p in pts if p.kind == "country"})
    ax.add_patch(_frame(box, "none", edge="#c8c8c8"))


def _marker(ax, x, y, role, zorder, clip_on=True):
    """A place marker: a dot in its role's colour; border crossings a diamond, as in the app."""
    crossing = role == "border_crossing"
    ax.scatter(np.atleast_1d(x), np.atleast_1d(y), s=(MARKER_PT * (1.25 if crossing else 1.0)) ** 2, marker="D" if crossing else "o",
               color=_rgb(style.ROLE_COLORS[role]), edgecolors="white", linewidths=1.2, zorder=zorder,
               clip_on=clip_on)


def _frame(box, face, edge="none"):
    xmin, ymin, xmax, ymax = box
    return Rectangle((xmin, ymin), xmax - xmin, ymax - ymin, facecolor=face if face == "none" else _rgb(face),
                     edgecolor=edge, linewidth=0.8, zorder=0 if face != "none" else 10)


def _map_places(flows, roles, places, arcs) -> list[MapPlace]:
    mentions = {}
    if not places.empty and "place_id" in places:
        mentions = dict(zip(places["place_id"], pd.to_numeric(places.get("mentions"), errors="coerce").fillna(0)))
    legs_through: dict[str, int] = {}
    found: dict[str, tuple] = {}
    for i, row in enumerate(flows.to_dict("records")):
        for end, xy in (("from", arcs[i][0][0]), ("to", arcs[i][-1][-1])):
            pid = row[f"{end}_place_id"]
            legs_through[pid] = legs_through.get(pid, 0) + 1
            found.setdefault(pid, (row[f"{end}_name"], row.get(f"{end}_kind") or "other", xy))
    role_rank = {"destination": 0, "origin": 1, "border_crossing": 2, "transit": 3}
    out = []
    for pid, (name, kind, xy) in found.items():
        role = roles.get(pid, "transit")
        prio = (role_rank[role], -legs_through[pid], -float(mentions.get(pid, 0)), str(name))
        out.append(MapPlace(pid, str(name), str(kind), role, float(xy[0]), float(xy[1]), prio))
    return sorted(out, key=lambda p: p.priority)


def _label_places(ax, pts: list[MapPlace], line_xy: np.ndarray, obstacles: list = ()) -> list:
    """Label places so that no two labels, and no label and marker, overlap.

    Labels are placed in priority order (destinations, origins, crossings,
    transit; busier places first). Each takes the free spot beside its
    marker that covers the fewest leg lines (right, left, above, below, then
    the diagonals). Labels with no free spot are moved by adjustText among
    the placed ones and kept only if they then fit; otherwise they are left
    out, the least important first. Returns the display boxes taken by
    labels and markers.
    """
    if not pts:
        return []
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    r = MARKER_PT / 72 * fig.dpi + 2
    markers = [Bbox.from_bounds(*(ax.transData.transform((p.x, p.y)) - r / 2), r, r) for p in pts]
    markers += list(obstacles)
    frame = ax.get_window_extent(renderer)
    step = max(1, len(line_xy) // 600)
    lines_px = ax.transData.transform(line_xy[::step]) if len(line_xy) else np.empty((0, 2))
    xmin, xmax = ax.get_xlim()
    units_per_pt = (xmax - xmin) / (ax.get_window_extent(renderer).width * 72 / fig.dpi)
    gap = (MARKER_PT / 2 + 3) * units_per_pt
    boxes, kept, waiting = [], [], []
    for p in pts[:MAX_LABELS]:
        country = p.kind == "country"
        t = ax.text(p.x, p.y, p.name.upper() if country else p.name, fontsize=8.5 if country else 10,
                    color=MUTED if country else INK,
                    fontweight="normal" if country else "bold" if p.role in ("origin", "destination") else "normal",
                    zorder=7, path_effects=_halo(3.2))
        spots = [((p.x + gap, p.y), "left", "center"), ((p.x - gap, p.y), "right", "center"),
                 ((p.x, p.y + gap), "center", "bottom"), ((p.x, p.y - gap), "center", "top"),
                 ((p.x + gap * 0.7, p.y + gap * 0.7), "left", "bottom"),
                 ((p.x + gap * 0.7, p.y - gap * 0.7), "left", "top"),
                 ((p.x - gap * 0.7, p.y + gap * 0.7), "right", "bottom"),
                 ((p.x - gap * 0.7, p.y - gap * 0.7), "right", "top")]
        best = None
        for k, (pos, ha, va) in enumerate(spots):
            _place(t, pos, ha, va)
            bb = t.get_window_extent(renderer).padded(2)
            if _fits(bb, frame, boxes, markers):
                covered = int(((lines_px[:, 0] > bb.x0) & (lines_px[:, 0] < bb.x1)
                               & (lines_px[:, 1] > bb.y0) & (lines_px[:, 1] < bb.y1)).sum())
                if best is None or covered < best[0]:
                    best = (covered, k, bb)
                if covered == 0:
                    break
        if best is None:
            _place(t, *spots[0])
            waiting.append((t, p))
            continue
        _place(t, *spots[best[1]])
        boxes.append(best[2])
        kept.append(t)
    if waiting:
        from adjustText import adjust_text  # imports pyplot and scipy: only when needed

        texts = [t for t, _ in waiting]
        adjust_text(texts, x=np.array([p.x for p in pts]), y=np.array([p.y for p in pts]), objects=list(boxes),
                    ax=ax, iter_lim=200, expand=(1.1, 1.25), ensure_inside_axes=True, max_move=(20, 20))
        for t, p in waiting:
            bb = t.get_window_extent(renderer).padded(2)
            if not _fits(bb, frame, boxes, markers):
                bb = _ring_search(t, p, gap, renderer, frame, boxes, markers)
            if bb is None:
                t.set_visible(False)
                continue
            boxes.append(bb)
            kept.append(t)
            _leader(ax, t, p, renderer, units_per_pt)
    return boxes + markers


def _ring_search(text, p: MapPlace, gap: float, renderer, frame, boxes, markers):
    """Farther spots round the marker, nearest ring first; the label's box there, or None."""
    for reach in (2.5, 4.0, 6.0, 9.0):
        for angle in np.radians(np.arange(0, 360, 30)):
            dx, dy = math.cos(angle), math.sin(angle)
            ha = "left" if dx > 0.3 else "right" if dx < -0.3 else "center"
            va = "bottom" if dy > 0.3 else "top" if dy < -0.3 else "center"
            _place(text, (p.x + dx * gap * reach, p.y + dy * gap * reach), ha, va)
            bb = text.get_window_extent(renderer).padded(2)
            if _fits(bb, frame, boxes, markers):
                return bb
    return None


def _place(text, pos, ha, va) -> None:
    text.set_position(pos)
    text.set_ha(ha)
    text.set_va(va)


def _fits(bb, frame, boxes, markers) -> bool:
    inside = bb.x0 >= frame.x0 and bb.x1 <= frame.x1 and bb.y0 >= frame.y0 and bb.y1 <= frame.y1
    return inside and not any(bb.overlaps(k) for k in boxes) and not any(bb.overlaps(m) for m in markers)


def _label_countries(ax, land: gpd.GeoDataFrame, box, taken: list, skip: set[str]) -> None:
    """Light, spaced capitals for the larger countries in view, where nothing else is.

    A country is named once, inside its largest visible part, and only if
    that part covers 2% of the map; a name that would touch a place's label
    or marker, another country's name or the map's edge is left out.
    """
    if land.empty:
        return
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    view_area = (box[2] - box[0]) * (box[3] - box[1])
    areas = land.geometry.area.to_numpy()
    order = np.argsort(-areas)
    boxes = list(taken)
    seen = set()
    for i in order:
        name = str(land["name"].iat[i] or "")
        if not name or name.upper() in skip or name in seen or areas[i] < 0.02 * view_area:
            continue
        seen.add(name)
        spot = land.geometry.iat[i].point_on_surface()
        text = ax.text(spot.x, spot.y, "\u200a".join(name.upper()), fontsize=8, color="#a8a398",
                       ha="center", va="center", zorder=2)
        bb = text.get_window_extent(renderer).padded(3)
        if (bb.x0 < frame.x0 or bb.x1 > frame.x1 or bb.y0 < frame.y0 or bb.y1 > frame.y1
                or any(bb.overlaps(b) for b in boxes)):
            text.remove()
            continue
        boxes.append(bb)


def _leader(ax, text, place: MapPlace, renderer, units_per_pt: float) -> None:
    """A thin line from a place to its label when adjustText moved the label away."""
    bb = text.get_window_extent(renderer).transformed(ax.transData.inverted())
    nx = min(max(place.x, bb.x0), bb.x1)
    ny = min(max(place.y, bb.y0), bb.y1)
    gap = math.hypot(nx - place.x, ny - place.y) / units_per_pt
    if gap < MARKER_PT / 2 + 6:  # the label sits next to its marker
        return
    d = np.array([nx - place.x, ny - place.y]) / (gap * units_per_pt)
    start = np.array([place.x, place.y]) + d * (MARKER_PT / 2 + 1.5) * units_per_pt
    end = np.array([nx, ny]) - d * 2 * units_per_pt
    ax.add_line(Line2D([start[0], end[0]], [start[1], end[1]], color="#8a8a8a", linewidth=0.6, zorder=6))


def _scale_bar(ax, box) -> Bbox:
    """A round-number scale bar, bottom left, true at the projection's centre; its display box."""
    xmin, ymin, xmax, ymax = box
    target = (xmax - xmin) / 6
    exp = 10 ** math.floor(math.log10(target))
    length = max(m * exp for m in (1, 2, 5) if m * exp <= target) if target >= exp else exp
    x0, y0 = xmin + (xmax - xmin) * 0.03, ymin + (ymax - ymin) * 0.04
    ax.plot([x0, x0 + length], [y0, y0], color=MUTED, linewidth=1.6, solid_capstyle="butt", zorder=8)
    for x in (x0, x0 + length):
        ax.plot([x, x], [y0, y0 + (ymax - ymin) * 0.008], color=MUTED, linewidth=1.0, zorder=8)
    label = f"{length / 1000:,.0f} km" if length >= 1000 else f"{length:,.0f} m"
    text = ax.text(x0 + length / 2, y0 + (ymax - ymin) * 0.014, label, ha="center", va="bottom", fontsize=8,
                   color=MUTED, zorder=8, path_effects=_halo(2.5))
    renderer = ax.figure.canvas.get_renderer()
    (bx0, by0), (bx1, _) = ax.transData.transform([(x0, y0), (x0 + length, y0)])
    label_box = text.get_window_extent(renderer)
    return Bbox.from_extents(min(bx0, label_box.x0), by0 - 3, max(bx1, label_box.x1), label_box.y1).padded(8)


def _draw_legend(ax, flows, width_in: float, height_in: float) -> None:
    """Three legend groups in a row: status colours, width scale, place roles."""
    ax.set_xlim(0, width_in)
    ax.set_ylim(0, height_in)
    ax.set_axis_off()
    top = height_in - 0.15
    row = 0.24
    statuses = [s for s in style.STATUS_COLORS if s in set(flows["status"])]
    statuses += sorted({s for s in flows["status"].dropna() if s not in style.STATUS_COLORS})
    roles_present = set(place_roles(flows).values())

    def heading(x, label):
        ax.text(x, top, label, fontsize=9, fontweight="bold", color=INK, va="top", ha="left")

    # Status colours: short arrows.
    heading(0.0, "Journey status")
    for j, s in enumerate(statuses):
        col, r = divmod(j, 2)
        x, y = col * 1.45, top - 0.34 - r * row
        _legend_arrow(ax, x, y, _rgb(style.status_color(s)), style.leg_width(100) * PX_TO_PT)
        ax.text(x + 0.55, y, s.capitalize(), fontsize=9, color=MUTED, va="center")

    # Width scale: people on the move.
    x0 = 3.35
    heading(x0, "People (line width)")
    x = x0
    for people, label in WIDTH_SAMPLES:
        y = top - 0.34
        ax.add_line(Line2D([x, x + 0.42], [y, y], color="#777777", linewidth=style.leg_width(people) * PX_TO_PT,
                           solid_capstyle="butt"))
        ax.text(x + 0.21, y - 0.17, label, fontsize=8, color=MUTED, va="top", ha="center")
        x += 0.78

    # Place roles: markers.
    x0 = 6.75
    heading(x0, "Places")
    shown = [r for r in ROLE_ORDER if r in roles_present]
    for j, r in enumerate(shown):
        col, rr = divmod(j, 2)
        x, y = x0 + col * 1.75, top - 0.34 - rr * row
        _marker(ax, x + 0.06, y, r, zorder=5, clip_on=False)
        ax.text(x + 0.22, y, ROLE_LABELS[r], fontsize=9, color=MUTED, va="center")
    if (flows["from_kind"] == "country").any() or (flows["to_kind"] == "country").any():
        ax.text(x0, top - 0.34 - 2 * row - 0.02, "Names in dark capitals: the source gives only the country.",
                fontsize=7.5, color=FAINT, va="center")


def _legend_arrow(ax, x, y, color, width_pt):
    """A short arrow in the legend axes, whose units are inches."""
    shaft, head = arrow_shapes(np.array([[x, y], [x + 0.45, y]]), width_pt, 1 / 72)
    _draw_legs(ax, [(shaft, head, color, width_pt)])
