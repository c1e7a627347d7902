"""Where things live: every path and environment variable is read here, and only here.

The functions read the environment when called (not at import), so a test or
a long-lived process that changes a variable sees the change.

=====================  =========================================================
``EXODUS_DATA_DIR``    the data folder: ``articles/``, ``build/``, ``review.json``
                       (default: ``data/`` of this checkout)
``EXODUS_BUILD_DIR``   the build the dashboard reads (default: ``<data>/build``)
``EXODUS_CACHE_DIR``   rebuildable caches: gazetteer index, per-article results,
                       base map (default: ``<repo>/data/cache``)
``EXODUS_GEOCODER``    ``offline`` (default) or ``nominatim``
``EXODUS_NOMINATIM``   the Nominatim server to ask (default: OpenStreetMap's,
                       ``https://nominatim.openstreetmap.org``)
``EXODUS_DASK_SCHEDULER``  the address of a Dask scheduler that ``build`` sends
                       the per-article stages to (default: none; ``--scheduler``)
=====================  =========================================================
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The bundled tables (border crossings, non-places, demonyms): always the repo's.
TABLES_DIR = REPO / "data"

DATA_ENV = "EXODUS_DATA_DIR"
BUILD_ENV = "EXODUS_BUILD_DIR"
CACHE_ENV = "EXODUS_CACHE_DIR"
GEOCODER_ENV = "EXODUS_GEOCODER"
NOMINATIM_ENV = "EXODUS_NOMINATIM"
NOMINATIM_URL = "https://nominatim.openstreetmap.org"
DASK_SCHEDULER_ENV = "EXODUS_DASK_SCHEDULER"
LARGE_BUILD_ENV = "EXODUS_LARGE_BUILD_LEGS"
# From this many legs the app reads a build through DuckDB (pipeline.view.query) instead of pandas.
LARGE_BUILD_LEGS = 200_000

REVIEW_FILE = "review.json"
# Legs at or above this confidence are shown on the map and in exports by default; the rest
# wait in the Review page's queue. Chosen on the real-news tune split (precision ~0.8 there).
MIN_CONFIDENCE = 0.7
# A build writes at most this many candidate legs (candidates.geojson), the likeliest: a review queue,
# not every pair of a year of news (5,000 place-dense synthetic articles propose about 100,000).
MAX_CANDIDATES = 50_000


@dataclass(frozen=True)
class DataPaths:
    """Where the corpus, its build and the review file live."""

    root: Path
    articles: Path
    build: Path
    review: Path


def data_dir() -> Path:
    return Path(os.environ.get(DATA_ENV) or TABLES_DIR)


def data_paths(root: str | Path | None = None) -> DataPaths:
    """The data folder's parts; ``$EXODUS_BUILD_DIR`` overrides the build unless ``root`` is given."""
    base = Path(root) if root else data_dir()
    build = Path(os.environ[BUILD_ENV]) if os.environ.get(BUILD_ENV) and root is None else base / "build"
    return DataPaths(base, base / "articles", build, base / REVIEW_FILE)


def articles_dir() -> Path:
    return data_paths().articles


def build_dir() -> Path:
    return data_paths().build


def review_path(articles: str | Path) -> Path:
    """The review file that belongs to a folder of articles: ``review.json`` beside it."""
    return Path(articles).resolve().parent / REVIEW_FILE


def cache_dir() -> Path:
    return Path(os.environ.get(CACHE_ENV) or TABLES_DIR / "cache")


def app_static_dir() -> Path:
    """What Streamlit serves at ``app/static/`` (``server.enableStaticServing``): ``static/`` beside ``app.py``."""
    return REPO / "static"


def geocoder_kind(requested: str | None = None) -> str:
    """``offline`` or ``nominatim``: the request, else ``$EXODUS_GEOCODER``, else offline."""
    return (requested or os.environ.get(GEOCODER_ENV) or "offline").lower()


def nominatim_url() -> str:
    """The Nominatim server: ``$EXODUS_NOMINATIM``, else OpenStreetMap's."""
    return os.environ.get(NOMINATIM_ENV) or NOMINATIM_URL


def dask_scheduler(requested: str | None = None) -> str | None:
    """The Dask scheduler a build uses: the request, else ``$EXODUS_DASK_SCHEDULER``, else none (local)."""
    return requested or os.environ.get(DASK_SCHEDULER_ENV) or None


def large_build_legs() -> int:
    """How many legs make a build large for the app: ``$EXODUS_LARGE_BUILD_LEGS``, else :data:`LARGE_BUILD_LEGS`."""
    value = os.environ.get(LARGE_BUILD_ENV, "")
    return int(value) if value.strip().isdigit() else LARGE_BUILD_LEGS
