"""Read a finished build (the files of ``shared/eval/OUTPUT_CONTRACT.md``).

The dashboard and the exporter read builds only through :func:`load_build`,
so both see the same tables. A large build (:func:`is_large`: its Parquet
legs reach :func:`pipeline.config.large_build_legs`, or it has only Parquet
files) is opened by :func:`open_large_build` instead: articles and places
in pandas, the legs left in an embedded DuckDB (:class:`~pipeline.view.query.BuildQuery`)
that answers each filter with only what is shown.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely

from pipeline import config
from pipeline.contract import (ARTICLE_FIELDS, ARTICLES_FILE, ARTICLES_PARQUET, BUILD_FILES, CANDIDATES_FILE, FLOWS_FILE,
                               FLOWS_PARQUET, PLACE_FIELDS, PLACES_FILE, PLACES_PARQUET, missing_fields)
from pipeline.errors import ExodusError
from pipeline.text.urls import http_url
from pipeline.view.query import BuildQuery

__all__ = ["BUILD_FILES", "Build", "BuildError", "article_text", "check_contract", "is_large", "load_build",
           "open_large_build", "parquet_legs", "read_build"]


class BuildError(ExodusError):
    """A build directory is missing or does not follow the contract."""


@dataclass(frozen=True)
class Build:
    """A loaded build: one table each for articles, places and legs.

    ``places`` has the contract's properties plus ``lon``/``lat``;
    ``flows`` has the contract's properties plus ``path`` (the LineString's
    ``[lon, lat]`` coordinates) and ``outlet``/``title`` joined from articles.
    """

    articles: pd.DataFrame
    places: pd.DataFrame
    flows: pd.DataFrame
    directory: Path
    # A large build's legs, in DuckDB; ``flows`` is then an empty table with the legs' columns.
    query: BuildQuery | None = None

    @property
    def legs_total(self) -> int:
        """How many legs the build has."""
        return self.query.legs_total if self.query is not None else len(self.flows)


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError(f"{path} is missing: run `python -m pipeline build` first") from None
    except json.JSONDecodeError as exc:
        raise BuildError(f"{path} is not valid JSON ({exc})") from None


def _features(path: Path) -> list[dict]:
    data = _read_json(path)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise BuildError(f"{path} is not a GeoJSON FeatureCollection")
    return data.get("features") or []


def places_frame(features: list[dict]) -> pd.DataFrame:
    """Flatten place features; GeoJSON coordinates are ``[lon, lat]``."""
    rows = []
    for f in features:
        lon, lat = f["geometry"]["coordinates"][:2]
        rows.append({**f.get("properties", {}), "lon": lon, "lat": lat})
    return pd.DataFrame(rows)


def flows_frame(features: list[dict]) -> pd.DataFrame:
    """Flatten leg features, keeping the line as ``path``."""
    rows = [{**f.get("properties", {}), "path": f["geometry"]["coordinates"]} for f in features]
    return pd.DataFrame(rows)


def check_contract(file_name: str, frame: pd.DataFrame, path: Path) -> None:
    """Raise :class:`BuildError` naming the first contract field ``frame`` lacks (an empty file passes)."""
    if frame.empty:
        return
    missing = missing_fields(file_name, frame.columns)
    if missing:
        raise BuildError(f"{path} lacks the field {missing[0]!r}"
                         + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "")
                         + ": it does not follow the output contract; rebuild with `python -m pipeline build`")


def load_build(directory: str | Path) -> Build:
    """Load ``articles.json``, ``places.geojson`` and ``flows.geojson``, checked against the contract.

    Raises
    ------
    BuildError
        When a file is missing, malformed or lacks a contract field; the
        message names the file and the field and says how to fix it.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise BuildError(f"no build at {directory}: run `python -m pipeline build` first")
    articles_json = _read_json(directory / ARTICLES_FILE)
    if not isinstance(articles_json, list):
        raise BuildError(f"{directory / ARTICLES_FILE} is not a JSON list of articles")
    articles = pd.DataFrame(articles_json)
    if "url" in articles:  # a build written before ingest checked links: only http(s) ones are kept
        articles["url"] = articles["url"].map(http_url)
    places = places_frame(_features(directory / PLACES_FILE))
    flows = flows_frame(_features(directory / FLOWS_FILE))
    for name, frame in ((ARTICLES_FILE, articles), (PLACES_FILE, places), (FLOWS_FILE, flows)):
        check_contract(name, frame, directory / name)
    return Build(articles=articles, places=places, flows=with_articles(flows, articles), directory=directory)


def with_articles(flows: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``flows`` with each leg's article's outlet, title and url (in place)."""
    if not flows.empty and not articles.empty:
        meta = articles.set_index("article_id")
        for col in ("outlet", "title", "url"):
            if col in meta:
                flows[col] = flows["article_id"].map(meta[col])
    return flows


def load_candidates(build: Build) -> pd.DataFrame:
    """The candidate legs waiting for review (``candidates.geojson``, flows' fields and their articles' outlet,
    title and url); empty for a build without them."""
    path = build.directory / CANDIDATES_FILE
    if not path.exists():
        return pd.DataFrame()
    frame = flows_frame(_features(path))
    check_contract(FLOWS_FILE, frame, path)
    return with_articles(frame, build.articles)


def parquet_legs(directory: str | Path) -> int | None:
    """How many legs a build's ``flows.parquet`` holds (a file or a folder of parts; from its metadata), or None."""
    path = Path(directory) / FLOWS_PARQUET
    files = sorted(path.glob("*.parquet")) if path.is_dir() else [path] if path.is_file() else []
    if not files:
        return None
    try:
        return sum(pq.read_metadata(f).num_rows for f in files)
    except (OSError, ValueError):
        return None


def is_large(directory: str | Path) -> bool:
    """Whether the app reads this build through DuckDB: many legs in Parquet, or no JSON legs at all."""
    legs = parquet_legs(directory)
    if legs is None:
        return False
    return legs >= config.large_build_legs() or not (Path(directory) / FLOWS_FILE).exists()


def _parquet_frame(path: Path, required: tuple[str, ...], drop: tuple[str, ...] = ()) -> pd.DataFrame:
    """A Parquet twin as :func:`load_build` reads its JSON: a field beyond ``required`` that no row has is no column."""
    try:
        table = pq.read_table(path, columns=[c for c in pq.read_schema(path).names if c not in drop])
    except (OSError, ValueError) as exc:
        raise BuildError(f"{path} cannot be read as Parquet ({exc})") from None
    empty = [c for c in table.column_names if c not in required and table[c].null_count == len(table)]
    table = table.drop_columns(empty)
    frame = table.to_pandas()
    for name in table.column_names:  # lists as JSON gives them, not numpy arrays
        if pa.types.is_list(table.schema.field(name).type):
            frame[name] = table[name].to_pylist()
    return frame


def open_large_build(directory: str | Path) -> Build:
    """A large build: articles (without their texts) and places in pandas, the legs in DuckDB.

    Raises :class:`BuildError` like :func:`load_build`.
    """
    directory = Path(directory)
    for name in (ARTICLES_PARQUET, PLACES_PARQUET, FLOWS_PARQUET):
        if not (directory / name).exists():
            raise BuildError(f"{directory / name} is missing: run `python -m pipeline build` first")
    articles = _parquet_frame(directory / ARTICLES_PARQUET, ARTICLE_FIELDS, drop=("text",))
    if "url" in articles:
        articles["url"] = articles["url"].map(http_url)
    places = _parquet_frame(directory / PLACES_PARQUET, (*PLACE_FIELDS, "geometry"))
    if "geometry" in places:
        points = shapely.from_wkb([bytes(g) for g in places.pop("geometry")])
        places["lon"], places["lat"] = shapely.get_x(points), shapely.get_y(points)
    query = BuildQuery(directory)
    flows = pd.DataFrame(columns=[*query.fields, "title", "url"])
    for name, frame in ((ARTICLES_FILE, articles), (PLACES_FILE, places)):
        check_contract(name, frame, directory / name)
    missing = missing_fields(FLOWS_FILE, query.fields)
    if missing:
        raise BuildError(f"{directory / FLOWS_PARQUET} lacks the field {missing[0]!r}: it does not follow the "
                         "output contract; rebuild with `python -m pipeline build`")
    return Build(articles=articles, places=places, flows=flows, directory=directory, query=query)


def read_build(directory: str | Path) -> Build:
    """The build in ``directory`` as the app and the exporter read it: :func:`open_large_build` when
    :func:`is_large`, else :func:`load_build`."""
    return open_large_build(directory) if is_large(directory) else load_build(directory)


def article_text(build: Build, article_id: str) -> str | None:
    """The cleaned text of an article (every quote offset points into it), or None.

    The build's ``text`` field; for a build written before that field
    existed, the article's file as the build read it.
    """
    if build.query is not None:
        return build.query.article_text(article_id)
    rows = build.articles[build.articles["article_id"] == article_id] if not build.articles.empty else build.articles
    if rows.empty:
        return None
    row = rows.iloc[0]
    text = row.get("text")
    if isinstance(text, str):
        return text
    path = row.get("path")
    if not isinstance(path, str):
        return None
    # A relative path is relative to where the build ran: usually the repo.
    for candidate in (Path(path), config.REPO / path, build.directory / path):
        try:
            return candidate.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
    return None
