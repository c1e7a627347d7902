"""The build's files and their fields: the one place their names are spelled.

``shared/eval/OUTPUT_CONTRACT.md`` is the public interface; the ``*_FIELDS``
tuples are its required fields in the order the build writes them, the
``*_EXTRA`` tuples what this build adds. The serialiser
(:mod:`pipeline.build.output`), the read side (:mod:`pipeline.view.buildio`),
the exports and the app all use these names.
"""
from __future__ import annotations

from collections.abc import Iterable

ARTICLES_FILE = "articles.json"
PLACES_FILE = "places.geojson"
FLOWS_FILE = "flows.geojson"
REVIEW_STATUS_FILE = "review_status.json"
# Candidate legs waiting for an analyst (pipeline.routes.candidates): flows.geojson's fields; never on the map.
CANDIDATES_FILE = "candidates.geojson"
BUILD_FILES = (ARTICLES_FILE, PLACES_FILE, FLOWS_FILE)
# The same tables, columnar, beside the contract's files (never instead of them): GeoParquet for
# places (Point) and flows (LineString), geometry WKB in CRS84; plain Parquet for articles.
ARTICLES_PARQUET = "articles.parquet"
PLACES_PARQUET = "places.parquet"
FLOWS_PARQUET = "flows.parquet"
PARQUET_FILES = (ARTICLES_PARQUET, PLACES_PARQUET, FLOWS_PARQUET)

ARTICLE_FIELDS = ("article_id", "title", "outlet", "url", "published", "path", "duplicate_of", "warnings")
ARTICLE_EXTRA = ("chars", "text")

PLACE_FIELDS = ("place_id", "name", "kind", "country_code", "mentions", "article_ids", "surface_forms")
PLACE_EXTRA = ("population",)

FLOW_FIELDS = (
    "flow_id", "route_id", "leg", "article_id",
    "from_place_id", "from_name", "from_kind", "from_country",
    "to_place_id", "to_name", "to_kind", "to_country",
    "mode", "people", "status", "event_date", "published",
    "quote", "quote_start", "quote_end", "confidence",
)
FLOW_EXTRA = ("reviewed",)

REQUIRED = {ARTICLES_FILE: ARTICLE_FIELDS, PLACES_FILE: PLACE_FIELDS, FLOWS_FILE: FLOW_FIELDS}


def missing_fields(file_name: str, present: Iterable[str]) -> list[str]:
    """The contract fields of ``file_name`` that are not among ``present``, in contract order."""
    have = set(present)
    return [f for f in REQUIRED[file_name] if f not in have]
