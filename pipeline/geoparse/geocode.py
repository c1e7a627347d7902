"""Geocoding behind one small interface.

The offline gazetteer is the default and needs no network. Nominatim
(OpenStreetMap, through geopy) is an option the user turns on with
``--geocoder nominatim`` or ``EXODUS_GEOCODER=nominatim``: it is asked only
about names the gazetteer does not know, at most once a second, with a
persistent cache, and any failure falls back to the offline answer.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from pipeline.config import geocoder_kind
from pipeline.errors import ExodusError
from pipeline.files import atomic_write_json
from pipeline.gazetteer import name_key
from pipeline.records import Place

USER_AGENT = "exodus-map/0.1 (news geoparsing; offline-first)"
GEOCODERS = ("offline", "nominatim")


class Geocoder(Protocol):
    """Resolve a place name to one Place, or None."""

    name: str

    def geocode(self, name: str, country_codes: Sequence[str] = ()) -> Place | None: ...


class OfflineGeocoder:
    """The compiled gazetteer: the best-known place of that name."""

    name = "offline"

    def __init__(self, gazetteer):
        self.gazetteer = gazetteer

    def geocode(self, name: str, country_codes: Sequence[str] = ()) -> Place | None:
        places = self.gazetteer.candidates(name)
        preferred = [p for p in places if p.country_code in set(country_codes)]
        return (preferred or places or [None])[0]


def place_from_nominatim(raw: dict) -> Place | None:
    """Turn a Nominatim JSON result (``Location.raw``) into a Place.

    Nominatim gives ``lat``/``lon`` as strings; Place keeps latitude and
    longitude by name, so the GeoJSON ``[lon, lat]`` order is decided only in
    :mod:`pipeline.build.output`.
    """
    try:
        lat, lon = float(raw["lat"]), float(raw["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    address = raw.get("address") or {}
    cc = (address.get("country_code") or "").upper()
    addresstype = raw.get("addresstype") or raw.get("type") or ""
    kind = {"country": "country", "state": "region", "region": "region", "province": "region",
            "city": "city", "town": "city", "village": "city", "hamlet": "city"}.get(addresstype, "other")
    name = raw.get("name") or (raw.get("display_name") or "").split(",")[0]
    if not name:
        return None
    pid = f"osm:{raw.get('osm_type', 'x')}{raw.get('osm_id', '')}" if raw.get("osm_id") else f"osm:{name_key(name)}"
    if kind == "country" and cc:
        pid = f"country:{cc}"
    return Place(pid, name, kind, cc, lat, lon, 0)


class NominatimGeocoder:
    """geopy's Nominatim, rate-limited to 1 request/s, cached on disk, offline fallback."""

    name = "nominatim"

    def __init__(self, fallback: Geocoder, cache_path: Path, user_agent: str = USER_AGENT,
                 timeout: float = 10.0, client=None):
        from geopy.extra.rate_limiter import RateLimiter

        if client is None:
            from geopy.geocoders import Nominatim

            client = Nominatim(user_agent=user_agent, timeout=timeout)
        self._geocode = RateLimiter(client.geocode, min_delay_seconds=1.0, max_retries=1,
                                    error_wait_seconds=2.0, swallow_exceptions=False)
        self.fallback = fallback
        self.cache_path = Path(cache_path)
        self._cache: dict[str, dict | None] = self._load_cache()
        self.failures = 0

    def _load_cache(self) -> dict:
        try:
            return json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def _save_cache(self) -> None:

        atomic_write_json(self.cache_path, self._cache)

    def geocode(self, name: str, country_codes: Sequence[str] = ()) -> Place | None:
        from geopy.exc import GeopyError

        key = f"{name_key(name)}|{','.join(sorted(country_codes))}"
        if key not in self._cache:
            try:
                loc = self._geocode(name, exactly_one=True, addressdetails=True, language="en",
                                    country_codes=list(country_codes) or None)
            except (GeopyError, OSError) as exc:
                self.failures += 1
                print(f"warning: nominatim failed for {name!r} ({type(exc).__name__}); using the offline gazetteer",
                      file=sys.stderr)
                return self.fallback.geocode(name, country_codes)
            self._cache[key] = loc.raw if loc is not None else None
            self._save_cache()
        raw = self._cache[key]
        place = place_from_nominatim(raw) if raw else None
        return place or self.fallback.geocode(name, country_codes)


class GeocoderError(ExodusError, ValueError):
    """An unknown geocoder was asked for."""


def make_geocoder(kind: str | None, gazetteer, cache_dir: Path) -> Geocoder | None:
    """The online geocoder the user asked for, or None for the offline default."""
    kind = geocoder_kind(kind)
    if kind not in GEOCODERS:
        raise GeocoderError(f"unknown geocoder {kind!r}: choose one of {', '.join(GEOCODERS)}")
    if kind == "offline":
        return None
    return NominatimGeocoder(OfflineGeocoder(gazetteer), cache_dir / "nominatim.json")
