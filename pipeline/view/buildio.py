"""Read a finished build (the files of ``shared/eval/OUTPUT_CONTRACT.md``).

The dashboard and the exporter read builds only through :func:`load_build`,
so both see the same tables.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pipeline.errors import ExodusError

BUILD_FILES = ("articles.json", "places.geojson", "flows.geojson")


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


def load_build(directory: str | Path) -> Build:
    """Load ``articles.json``, ``places.geojson`` and ``flows.geojson``.

    Raises
    ------
    BuildError
        When a file is missing or malformed; the message says how to fix it.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise BuildError(f"no build at {directory}: run `python -m pipeline build` first")
    articles = pd.DataFrame(_read_json(directory / "articles.json"))
    places = places_frame(_features(directory / "places.geojson"))
    flows = flows_frame(_features(directory / "flows.geojson"))
    if not flows.empty and not articles.empty:
        meta = articles.set_index("article_id")
        for col in ("outlet", "title", "url"):
            if col in meta:
                flows[col] = flows["article_id"].map(meta[col])
    return Build(articles=articles, places=places, flows=flows, directory=directory)
