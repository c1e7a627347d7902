"""Read a finished build (the files of ``shared/eval/OUTPUT_CONTRACT.md``).

The dashboard and the exporter read builds only through :func:`load_build`,
so both see the same tables.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline import config
from pipeline.contract import ARTICLES_FILE, BUILD_FILES, FLOWS_FILE, PLACES_FILE, missing_fields
from pipeline.errors import ExodusError
from pipeline.text.urls import http_url

__all__ = ["BUILD_FILES", "Build", "BuildError", "article_text", "check_contract", "load_build"]


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
    if not flows.empty and not articles.empty:
        meta = articles.set_index("article_id")
        for col in ("outlet", "title", "url"):
            if col in meta:
                flows[col] = flows["article_id"].map(meta[col])
    return Build(articles=articles, places=places, flows=flows, directory=directory)


def article_text(build: Build, article_id: str) -> str | None:
    """The cleaned text of an article (every quote offset points into it), or None.

    The build's ``text`` field; for a build written before that field
    existed, the article's file as the build read it.
    """
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
