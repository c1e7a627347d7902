"""Geocoding behind one small interface.

The offline gazetteer is the default and needs no network. Nominatim
(OpenStreetMap, through geopy) is an option the user turns on with
``--geocoder nominatim`` or ``EXODUS_GEOCODER=nominatim``. It is asked only
about names the gazetteer does not know and that the offline parser reads as
places (:func:`worth_asking`), at most once a second, with a persistent
cache, and any failure falls back to the offline answer.

A network that is down or never answers must not stall a build: each
request has a short timeout and no retries, the whole build has a time
budget for online answers (:data:`TIME_BUDGET_S`), and the first failure
opens a circuit breaker: one warning line, and the offline gazetteer answers
every later name of the build.
"""
from __future__ import annotations

import functools
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol
from urllib.parse import urlparse

from pipeline.config import geocoder_kind, nominatim_url
from pipeline.errors import ExodusError, os_error_message
from pipeline.files import atomic_write_json
from pipeline.gazetteer import name_key
from pipeline.geoparse.tokens import title_case_lines
from pipeline.records import Place

USER_AGENT = "exodus-map/0.1 (news geoparsing; offline-first)"
GEOCODERS = ("offline", "nominatim")
REQUEST_TIMEOUT_S = 5.0  # one request
TIME_BUDGET_S = 10.0  # every online request of one build together
MIN_DELAY_S = 1.0  # Nominatim's usage policy: at most one request a second


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


# ---------------------------------------------------------------- what to ask about

def _possessive(text: str, start: int, end: int) -> str | None:
    """"into Putin's war": the cue governs the noun after a possessive, not the name."""
    return "possessive" if text[end:end + 1] in ("'", "’") else None


def _headline(text: str, start: int, end: int) -> str | None:
    """In a Title Case headline every word is capitalised: capitals say nothing there."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return "in a headline" if title_case_lines(line) else None


# Why the offline parser would not read a name after a locative cue as a place.
NOT_ASKED_RULES: tuple[Callable[[str, int, int], str | None], ...] = (_possessive, _headline)


def worth_asking(text: str, start: int, end: int) -> bool:
    """Whether the unknown name ``text[start:end]`` reads as a place, so an online geocoder may be asked."""
    return not any(rule(text, start, end) for rule in NOT_ASKED_RULES)


def _nominatim_client(url: str, user_agent: str):
    """geopy's Nominatim for the server at ``url``, with no retries (a retry doubles every wait)."""
    from geopy.adapters import RequestsAdapter  # optional dependency, only for the online geocoder
    from geopy.geocoders import Nominatim

    parsed = urlparse(url)
    return Nominatim(user_agent=user_agent, domain=parsed.netloc + parsed.path.rstrip("/"),
                     scheme=parsed.scheme or "https", timeout=REQUEST_TIMEOUT_S,
                     adapter_factory=functools.partial(RequestsAdapter, max_retries=0))


class NominatimGeocoder:
    """Nominatim, one request a second at most, cached on disk, within a time budget, offline fallback.

    The first failed request (timeout, refused connection, server error)
    opens the breaker: one warning line, then the offline gazetteer answers
    every later name. So does a used-up :data:`TIME_BUDGET_S`.
    """

    name = "nominatim"

    def __init__(self, fallback: Geocoder, cache_path: Path, user_agent: str = USER_AGENT,
                 client=None, url: str | None = None, budget_s: float = TIME_BUDGET_S,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
                 warn: Callable[[str], None] | None = None):
        self.client = client if client is not None else _nominatim_client(url or nominatim_url(), user_agent)
        self.fallback = fallback
        self.cache_path = Path(cache_path)
        self._cache: dict[str, dict | None] = self._load_cache()
        self.budget_s = budget_s
        self._clock, self._sleep = clock, sleep
        self._warn = warn or (lambda msg: print(msg, file=sys.stderr))
        self._spent = 0.0
        self._last: float | None = None
        self.open_reason: str | None = None  # why the breaker is open, once it is
        self.failures = 0

    def _load_cache(self) -> dict:
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _save_cache(self) -> None:
        try:
            atomic_write_json(self.cache_path, self._cache, durable=False)
        except OSError as exc:  # the cache is optional
            self._warn(f"warning: nominatim cache {self.cache_path}: {os_error_message(exc)}; not saved")

    def _open(self, reason: str) -> None:
        self.open_reason = reason
        self._warn(f"warning: nominatim: {reason}; the offline gazetteer answers the rest of this build")

    def _ask(self, name: str, country_codes: Sequence[str]):
        """One request within the budget and the rate limit; raises what geopy or the socket raise."""
        if self._last is not None:
            wait = MIN_DELAY_S - (self._clock() - self._last)
            if wait > 0:
                self._sleep(wait)
        started = self._clock()
        self._last = started
        timeout = max(0.5, min(REQUEST_TIMEOUT_S, self.budget_s - self._spent))
        try:
            return self.client.geocode(name, exactly_one=True, addressdetails=True, language="en",
                                       country_codes=list(country_codes) or None, timeout=timeout)
        finally:
            self._spent += self._clock() - started

    def geocode(self, name: str, country_codes: Sequence[str] = ()) -> Place | None:
        from geopy.exc import GeopyError

        key = f"{name_key(name)}|{','.join(sorted(country_codes))}"
        if key not in self._cache:
            if self.open_reason is None and self._spent >= self.budget_s:
                self._open(f"the {self.budget_s:g} s budget for online answers is used up")
            if self.open_reason is not None:
                return self.fallback.geocode(name, country_codes)
            try:
                loc = self._ask(name, country_codes)
            except (GeopyError, OSError) as exc:
                self.failures += 1
                self._open(f"no answer for {name!r} ({type(exc).__name__})")
                return self.fallback.geocode(name, country_codes)
            self._cache[key] = loc.raw if loc is not None else None
            self._save_cache()
        raw = self._cache[key]
        place = place_from_nominatim(raw) if isinstance(raw, dict) else None
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
