"""Helpers for the Review page: candidate places, an article's places and text, entry rows.

They read the build's files directly (articles.json, review_status.json) or
take what :func:`pipeline.view.buildio.load_build` returned, so review never
imports the view.
"""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.gazetteer import load_gazetteer
from pipeline.records import KINDS, Place
from pipeline.review.model import AcceptLeg, CorrectPlace, RejectLeg, Review, entry_id


def open_gazetteer():
    """The offline gazetteer, for candidate places (opening its cached index is fast)."""
    return load_gazetteer(log=lambda msg: None)


def place_candidates(name: str, gazetteer) -> list[Place]:
    """Gazetteer places called ``name``, most likely first."""
    name = " ".join(str(name).split())
    return list(gazetteer.candidates(name)) if name else []


def place_from_row(row: dict) -> Place:
    """A Place from a row of the build's places table (``places.geojson`` properties + lon/lat)."""
    kind = row.get("kind") if row.get("kind") in KINDS else "other"
    pop = row.get("population")
    return Place(str(row["place_id"]), str(row["name"]), kind, str(row.get("country_code") or ""),
                 float(row["lat"]), float(row["lon"]), int(pop) if isinstance(pop, (int, float)) and pop == pop else 0)


def places_of_article(places, article_id: str) -> list[Place]:
    """The places a build links to an article, by name (``places`` from :func:`pipeline.view.buildio.load_build`)."""
    if places is None or places.empty or "article_ids" not in places:
        return []
    rows = [r for r in places.to_dict("records") if article_id in (r.get("article_ids") or ())]
    return sorted((place_from_row(r) for r in rows), key=lambda p: (p.name, p.place_id))


def build_statuses(build_dir: str | Path) -> dict[str, str]:
    """entry id -> status (``applied``, ``unmatched``, ``stale``) from the build's review_status.json."""
    try:
        rows = json.loads((Path(build_dir) / "review_status.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return {r["entry_id"]: f"{r['status']}: {r['detail']}" for r in rows if isinstance(r, dict) and "entry_id" in r}


def entry_rows(review: Review, statuses: dict[str, str]) -> list[dict]:
    """One display row per entry: what, where, when, who, and its status in the last build."""
    rows = []
    for e in review.entries:
        if isinstance(e, RejectLeg):
            what = f"reject {e.from_place_id} → {e.to_place_id}"
        elif isinstance(e, AcceptLeg):
            what = f"accept {e.from_place_id} → {e.to_place_id}"
        elif isinstance(e, CorrectPlace):
            what = f"{e.place_id} → {e.place.name} ({e.place.place_id})"
        else:
            what = f"add {e.origin.name} → {e.destination.name}"
        rows.append({"id": entry_id(e), "kind": e.kind, "article": e.article_id, "change": what,
                     "quote": getattr(e, "quote", ""),
                     "in the last build": statuses.get(entry_id(e), "not built yet"),
                     "created": e.created, "author": e.author or ""})
    return rows
