"""The build's tables as (Geo)Parquet, beside the contract's JSON / GeoJSON files.

Pure: the collections :mod:`pipeline.build.output` serialises in, the bytes of
``articles.parquet``, ``places.parquet`` and ``flows.parquet`` out (names in
:mod:`pipeline.contract`). Each table holds exactly the rows and fields of its
JSON twin, in the same order: the contract's fields, then this build's extras,
then (places and flows) ``geometry``, the GeoJSON geometry as WKB in CRS84
(GeoParquet 1.1 metadata, so ``geopandas.read_parquet`` reads it as a
GeoDataFrame). Articles have no geometry and are plain Parquet. The bytes are
a function of the collections alone, so equal builds give equal files.

Large tables are partitioned: above :data:`PARTITION_ROWS` rows, ``flows.parquet``
(or any twin) is a folder of GeoParquet files ``part-00000.parquet``,
``part-00001.parquet``... of consecutive rows, in build order (a
:class:`PartitionedFile`). Each part is a complete GeoParquet file, so a
reader can take one; ``geopandas.read_parquet``, pyarrow's datasets and
DuckDB (``read_parquet('flows.parquet/*.parquet')``) read the folder as one
table, and parts sorted by name give the rows in the order of the JSON twin.
Row ranges rather than months or hashes keep that order and bound the
memory of writing and reading one part; the filters prune parts through
Parquet's row-group statistics.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.parquet as pq
import shapely

from pipeline.contract import (ARTICLE_EXTRA, ARTICLE_FIELDS, ARTICLES_PARQUET, FLOW_EXTRA, FLOW_FIELDS,
                               FLOWS_PARQUET, PLACE_EXTRA, PLACE_FIELDS, PLACES_PARQUET)

GEOMETRY = "geometry"
PARTITION_ROWS = 250_000  # rows per part of a partitioned table (about 25 MB of legs)
PART_NAME = "part-{:05d}.parquet"
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


@dataclass(frozen=True)
class PartitionedFile:
    """A table written as a folder of parts: (file name, bytes) in row order."""

    parts: tuple[tuple[str, bytes], ...]


def geo_metadata(geometry_type: str) -> bytes:
    """The GeoParquet 1.1 ``geo`` metadata of a table whose ``geometry`` column holds WKB of that type."""
    geo = {"version": GEOPARQUET_VERSION, "primary_column": GEOMETRY,
           "columns": {GEOMETRY: {"encoding": "WKB", "geometry_types": [geometry_type]}}}  # no crs: OGC:CRS84
    return json.dumps(geo, sort_keys=True).encode()


def _bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def table_file(table: pa.Table, geometry_type: str | None = None,
               partition_rows: int | None = None) -> bytes | PartitionedFile:
    """One Parquet file's bytes, or the parts of a folder when ``table`` has more than ``partition_rows``
    (default :data:`PARTITION_ROWS`) rows."""
    partition_rows = partition_rows or PARTITION_ROWS
    if geometry_type:
        table = table.replace_schema_metadata({b"geo": geo_metadata(geometry_type)})
    if table.num_rows <= partition_rows:
        return _bytes(table)
    return PartitionedFile(tuple((PART_NAME.format(k), _bytes(table.slice(start, partition_rows)))
                                 for k, start in enumerate(range(0, table.num_rows, partition_rows))))


def _parquet(columns: dict[str, pa.Array], geometry_type: str | None = None) -> bytes | PartitionedFile:
    return table_file(pa.table(columns), geometry_type)


def articles_parquet(articles: Sequence[dict]) -> bytes | PartitionedFile:
    """``articles.json``'s records as a Parquet table."""
    return _parquet(_table(articles, ARTICLE_FIELDS + ARTICLE_EXTRA))


def features_parquet(collection: dict, fields: Sequence[str], geometry_type: str) -> bytes | PartitionedFile:
    """A GeoJSON FeatureCollection's properties and geometries as a GeoParquet table."""
    features = collection["features"]
    columns = _table([f["properties"] for f in features], fields)
    columns[GEOMETRY] = _wkb(features)
    return _parquet(columns, geometry_type)


def parquet_files(articles: Sequence[dict], places: dict, flows: dict) -> dict[str, bytes | PartitionedFile]:
    """File name -> bytes of the three columnar files of one build."""
    return {
        ARTICLES_PARQUET: articles_parquet(articles),
        PLACES_PARQUET: features_parquet(places, PLACE_FIELDS + PLACE_EXTRA, "Point"),
        FLOWS_PARQUET: features_parquet(flows, FLOW_FIELDS + FLOW_EXTRA, "LineString"),
    }
