"""Projection maths: from legs' lon/lat ends to projected, bowed lines and a clipped base map.

In: leg endpoints (lon, lat) and country outlines in EPSG:4326. Out: a
projection (``pyproj.CRS``; Lambert azimuthal equal-area centred on the
data for regional views, Equal Earth cut at the emptiest meridian for
world views), the legs as great circles projected into it (split where
they cross a world map's seam, bowed so that A->B and B->A stay apart),
the view box round them, and the outlines projected and clipped to that
box. Pure functions of numpy arrays and geometries; nothing is drawn.
"""
from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from pipeline.export.render.model import RenderError

WORLD_DEGREES = 75.0     # beyond this distance from the centre, switch to Equal Earth
LANDSCAPE = 0.62         # height/width of the frame round a small cluster of places
LANE_BOW = 0.08          # extra bend for each further line between the same two places
BOW = 0.12               # sideways bend of a leg, as a share of its length


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
    """The projected point is finite and inside ``box``."""
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
