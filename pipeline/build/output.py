"""Serialise records to the build's files, atomically.

This is the one place records become JSON / GeoJSON
(``shared/eval/OUTPUT_CONTRACT.md``). GeoJSON positions are ``[lon, lat]``.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline.records import Article, Leg, Mention, Place


def position(place: Place) -> list[float]:
    """GeoJSON position of a place: longitude first (RFC 7946)."""
    return [round(place.lon, 5), round(place.lat, 5)]


def article_record(article: Article) -> dict:
    return {
        "article_id": article.article_id,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published,
        "path": article.path,
        "duplicate_of": article.duplicate_of,
        "warnings": list(article.warnings),
        "chars": len(article.text),
        "text": article.text,
    }


def places_collection(mentions: Iterable[Mention], extra_places: Iterable[tuple[str, Place]] = ()) -> dict:
    """One Point feature per resolved place, with mention counts and spellings.

    ``extra_places`` are ``(article_id, place)`` pairs that a route uses but
    no mention names (an implied origin country): they count as used by the
    article, with no mention.
    """
    # Dicts as ordered sets: a place named in thousands of articles stays linear.
    agg: dict[str, dict] = {}

    def entry(place: Place) -> dict:
        e = agg.get(place.place_id)
        if e is None:
            e = agg[place.place_id] = {"place": place, "mentions": 0, "articles": {}, "forms": {}}
        return e

    for m in mentions:
        e = entry(m.place)
        e["mentions"] += 1
        e["articles"][m.article_id] = None
        e["forms"][m.surface] = None
    for article_id, place in extra_places:
        entry(place)["articles"][article_id] = None
    features = []
    for pid in sorted(agg):
        e = agg[pid]
        p: Place = e["place"]
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": position(p)},
            "properties": {
                "place_id": p.place_id, "name": p.name, "kind": p.kind,
                "country_code": p.country_code, "mentions": e["mentions"],
                "article_ids": list(e["articles"]), "surface_forms": list(e["forms"]),
                "population": p.population,
            },
        })
    return {"type": "FeatureCollection", "features": features}


def leg_feature(leg: Leg, published: str | None, coordinates: Sequence[Sequence[float]] | None = None) -> dict:
    """A LineString feature for one leg; ``coordinates`` defaults to the straight segment."""
    a, b = leg.origin, leg.destination
    coords = [list(c) for c in coordinates] if coordinates else [position(a), position(b)]
    return {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": coords},
        "properties": {
            "flow_id": f"{leg.route_id}-{leg.leg}",
            "route_id": leg.route_id,
            "leg": leg.leg,
            "article_id": leg.article_id,
            "from_place_id": a.place_id, "from_name": a.name, "from_kind": a.kind, "from_country": a.country_code,
            "to_place_id": b.place_id, "to_name": b.name, "to_kind": b.kind, "to_country": b.country_code,
            "mode": leg.mode, "people": leg.people, "status": leg.status,
            "event_date": leg.event_date, "published": published,
            "quote": leg.citation.quote,
            "quote_start": leg.citation.start, "quote_end": leg.citation.end,
            "confidence": round(leg.confidence, 3),
            "reviewed": leg.reviewed,
        },
    }


def flows_collection(legs: Iterable[Leg], published_by_article: dict[str, str | None]) -> dict:
    positions: dict[str, list[float]] = {}  # rounded once per place, not once per leg end

    def pos(place: Place) -> list[float]:
        hit = positions.get(place.place_id)
        if hit is None:
            hit = positions[place.place_id] = position(place)
        return hit

    features = [leg_feature(leg, published_by_article.get(leg.article_id), (pos(leg.origin), pos(leg.destination)))
                for leg in legs]
    return {"type": "FeatureCollection", "features": features}


def write_build(out_dir: str | Path, files: dict[str, object]) -> None:
    """Replace the build in ``out_dir`` with ``files`` (name -> JSON data) as a whole.

    Every file is written to a staging folder first; only when all are written
    are they renamed into place, so a failure leaves the last good build.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        for name, data in files.items():
            # Compact: a 2,000-article build writes ~20 MB, and indenting triples the time.
            (stage / name).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                                      encoding="utf-8")
        for name in files:
            os.replace(stage / name, out_dir / name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
