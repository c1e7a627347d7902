"""Validation and constructors: entries built from the app's input, checked before they are recorded."""
from __future__ import annotations

from collections.abc import Callable

from pipeline.records import KINDS, MODES, STATUSES, Place
from pipeline.review.model import (
    ALL_ARTICLES,
    AcceptLeg,
    AddLeg,
    CorrectPlace,
    RejectLeg,
    ReviewError,
)
from pipeline.text.dates import now_iso
from pipeline.text.slug import slugify


def validate_place(place: Place) -> Place:
    """Check a corrected place's fields; GeoJSON needs lon in [-180, 180], lat in [-90, 90]."""
    if not place.name.strip() or not place.place_id.strip():
        raise ReviewError("a place needs a name and an id")
    if not (-90 <= place.lat <= 90 and -180 <= place.lon <= 180):
        raise ReviewError(f"coordinates lat={place.lat}, lon={place.lon} are out of range "
                          "(latitude -90..90, longitude -180..180)")
    if place.kind not in KINDS:
        raise ReviewError(f"place kind {place.kind!r} is not one of {', '.join(KINDS)}")
    return place


def manual_place(name: str, lat: float, lon: float, country_code: str = "", kind: str = "city") -> Place:
    """A place the analyst enters by hand; its id encodes name and rounded coordinates."""

    name = " ".join(str(name).split())
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        raise ReviewError("latitude and longitude must be numbers") from None
    cc = str(country_code or "").strip().upper()
    if cc and (len(cc) != 2 or not cc.isalpha()):
        raise ReviewError(f"country code {country_code!r} is not a two-letter ISO code")
    slug = slugify(name) or "place"
    return validate_place(Place(f"manual:{slug}:{lat:.4f},{lon:.4f}", name, kind, cc, lat, lon))


def locate_quote(text: str, quote: str, hint: int = 0) -> int | None:
    """Start of ``quote`` in ``text``: the occurrence nearest ``hint``, or None when absent."""
    if not quote:
        return None
    starts, i = [], text.find(quote)
    while i != -1:
        starts.append(i)
        i = text.find(quote, i + 1)
    return min(starts, key=lambda s: abs(s - hint)) if starts else None


def _leg_decision(cls, flow: dict, author: str | None, note: str | None, clock: Callable[[], str], verb: str):
    try:
        return cls(str(flow["article_id"]), str(flow["from_place_id"]), str(flow["to_place_id"]),
                   int(flow["quote_start"]), str(flow["quote"]), clock(), author or None, note or None)
    except (KeyError, TypeError, ValueError) as exc:
        raise ReviewError(f"cannot {verb} this leg: missing {exc}") from None


def reject_leg(flow: dict, author: str | None = None, note: str | None = None,
               clock: Callable[[], str] = now_iso) -> RejectLeg:
    """A rejection from a flow's properties (a row of ``flows.geojson``)."""
    return _leg_decision(RejectLeg, flow, author, note, clock, "reject")


def accept_leg(flow: dict, author: str | None = None, note: str | None = None,
               clock: Callable[[], str] = now_iso) -> AcceptLeg:
    """An acceptance from a flow's properties: the analyst confirms a candidate leg."""
    return _leg_decision(AcceptLeg, flow, author, note, clock, "accept")


def correct_place(article_id: str | None, place_id: str, place: Place, surface: str | None = None,
                  author: str | None = None, note: str | None = None,
                  clock: Callable[[], str] = now_iso) -> CorrectPlace:
    """A place correction; ``article_id=None`` applies it to every article."""
    if not place_id:
        raise ReviewError("choose the place to correct")
    validate_place(place)
    if place.place_id == place_id:
        raise ReviewError("the new place is the same as the old one")
    return CorrectPlace(article_id or ALL_ARTICLES, place_id, place, surface or None, clock(),
                        author or None, note or None)


def add_leg(article_id: str, article_text: str, quote: str, origin: Place, destination: Place,
            mode: str = "unknown", people: int | None = None, status: str = "completed",
            event_date: str | None = None, author: str | None = None, note: str | None = None,
            clock: Callable[[], str] = now_iso) -> AddLeg:
    """A missing leg; its quote must occur verbatim in the article's text.

    Raises
    ------
    ReviewError
        Quote not found, same origin and destination, or a bad mode/status/count.
    """
    quote = quote.strip()
    if not quote:
        raise ReviewError("paste the sentence that supports the leg")
    start = locate_quote(article_text, quote)
    if start is None:
        raise ReviewError(f"the quote is not in article {article_id!r} verbatim: copy it exactly from the article text")
    validate_place(origin)
    validate_place(destination)
    if origin.place_id == destination.place_id:
        raise ReviewError("origin and destination are the same place")
    if mode not in MODES:
        raise ReviewError(f"mode {mode!r} is not one of {', '.join(MODES)}")
    if status not in STATUSES:
        raise ReviewError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    if people is not None and (not isinstance(people, int) or people < 0):
        raise ReviewError("people must be a whole number >= 0")
    return AddLeg(article_id, origin, destination, quote, start, mode, people, status,
                  event_date or None, clock(), author or None, note or None)
