"""The build's tables as (Geo)Parquet, beside the contract's JSON / GeoJSON files.

Pure: the collections :mod:`pipeline.build.output` serialises in, the bytes of
``articles.parquet``, ``places.parquet`` and ``flows.parquet`` out (names in
:mod:`pipeline.contract`). Each table holds exactly the rows and fields of its
JSON twin, in the same order: the contract's fields, then this build's extras,
then (places and flows) ``geometry``, the GeoJSON geometry as WKB in CRS84
(GeoParquet 1.1 metadata, so ``geopandas.read_parquet`` reads it as a
GeoDataFrame). Articles have no geometry and are plain Parquet. The bytes are
a function of the collections alone, so equal builds give equal files.
"""
from __future__ import annotations

import json
from collections.abc import Sequence

import pyarrow as pa
import pyarrow.parquet as pq
import shapely

from pipeline.contract import (ARTICLE_EXTRA, ARTICLE_FIELDS, ARTICLES_PARQUET, FLOW_EXTRA, FLOW_FIELDS,
                               FLOWS_PARQUET, PLACE_EXTRA, PLACE_FIELDS, PLACES_PARQUET)

GEOMETRY = "geometry"
GEOPARQUET_VERSION = "1.1.0"
_TEXT_LIST = pa.list_(pa.string())
# Arrow types of the fields that are not text; every other field is a (nullable) string.
TYPES: dict[str, pa.DataType] = {
    "warnings": _TEXT_LIST, "chars": pa.int64(),
    "mentions": pa.int64(), "article_ids": _TEXT_LIST, "surface_forms": _TEXT_LIST, "population": pa.int64(),
    "leg": pa.int64(), "people": pa.int64(), "quote_start": pa.int64(), "quote_end": pa.int64(),
    "confidence": pa.float64(), "reviewed": pa.bool_(),
}


def _table(rows: Sequence[dict], fields: Sequence[str]) -> dict[str, pa.Array]:
    return {name: pa.array([row.get(name) for row in rows], type=TYPES.get(name, pa.string())) for name in fields}


def _wkb(features: Sequence[dict]) -> pa.Array:
    geoms = [shapely.geometry.shape(f["geometry"]) for f in features]
    return pa.array([bytes(b) for b in shapely.to_wkb(geoms)] if geoms else [], type=pa.binary())


def _parquet(columns: dict[str, pa.Array], geometry_type: str | None = None) -> bytes:
    table = pa.table(columns)
    if geometry_type:
        geo = {"version": GEOPARQUET_VERSION, "primary_column": GEOMETRY,
               "columns": {GEOMETRY: {"encoding": "WKB", "geometry_types": [geometry_type]}}}  # no crs: OGC:CRS84
        table = table.replace_schema_metadata({b"geo": json.dumps(geo, sort_keys=True).encode()})
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def articles_parquet(articles: Sequence[dict]) -> bytes:
    """``articles.json``'s records as a Parquet table."""
    return _parquet(_table(articles, ARTICLE_FIELDS + ARTICLE_EXTRA))


def features_parquet(collection: dict, fields: Sequence[str], geometry_type: str) -> bytes:
    """A GeoJSON FeatureCollection's properties and geometries as a GeoParquet table."""
    features = collection["features"]
    columns = _table([f["properties"] for f in features], fields)
    columns[GEOMETRY] = _wkb(features)
    return _parquet(columns, geometry_type)


def parquet_files(articles: Sequence[dict], places: dict, flows: dict) -> dict[str, bytes]:
    """File name -> bytes of the three columnar files of one build."""
    return {
        ARTICLES_PARQUET: articles_parquet(articles),
        PLACES_PARQUET: features_parquet(places, PLACE_FIELDS + PLACE_EXTRA, "Point"),
        FLOWS_PARQUET: features_parquet(flows, FLOW_FIELDS + FLOW_EXTRA, "LineString"),
    }
