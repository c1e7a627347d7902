"""Helpers for the Review page: candidate places, an article's places, the tables it shows.

They read the build's files directly (articles.json, review_status.json) or
take what :func:`pipeline.view.buildio.load_build` returned, so review never
imports the view. The tables (:func:`legs_table`, :func:`entry_rows`) have
column names in words and empty cells where a value is missing, never
"None" or "nan".
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from pipeline.gazetteer import load_gazetteer
from pipeline.records import KINDS, Place
from pipeline.text.sentences import split_sentences
from pipeline.review.model import ALL_ARTICLES, AcceptLeg, CorrectPlace, RejectLeg, Review, entry_id


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


# The legs table: field -> column heading.
LEG_HEADINGS = {"from_name": "From", "to_name": "To", "mode": "Mode", "status": "Status", "people": "People",
                "event_date": "Journey date", "confidence": "Confidence", "reviewed": "Reviewed", "quote": "Quote"}
KIND_WORDS = {"reject_leg": "Reject leg", "accept_leg": "Accept leg", "correct_place": "Correct place",
              "add_leg": "Add leg"}


def missing(value) -> bool:
    """None, NaN, NA or blank text: a value the build left empty."""
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def cell(value) -> str:
    """A table cell's text: empty for a missing value, whole numbers with thousands separators."""
    if missing(value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def legs_table(flows: pd.DataFrame) -> pd.DataFrame:
    """An article's legs for the Review page: headings in words, every cell text, empty when missing.

    The mode "unknown" reads "not stated"; confidence has two decimals;
    reviewed legs say "yes".
    """
    cols = [c for c in LEG_HEADINGS if c in flows]
    rows = []
    for row in flows[cols].to_dict("records"):
        out = {LEG_HEADINGS[c]: cell(row[c]) for c in cols}
        if "mode" in row and row["mode"] == "unknown":
            out["Mode"] = "not stated"
        if "confidence" in row and not missing(row["confidence"]):
            out["Confidence"] = f"{float(row['confidence']):.2f}"
        if "reviewed" in row:
            out["Reviewed"] = "yes" if row["reviewed"] is True or str(row["reviewed"]).lower() == "true" else ""
        rows.append(out)
    return pd.DataFrame(rows, columns=[LEG_HEADINGS[c] for c in cols])


def candidate_line(row: dict) -> str:
    """One line about a candidate leg: ends, status, confidence and source, with nothing shown as "None"."""
    parts = [f"{cell(row.get('from_name')) or 'unnamed place'} → {cell(row.get('to_name')) or 'unnamed place'}"]
    parts.append(cell(row.get("status")) or "status not stated")
    conf = row.get("confidence")
    parts.append(f"confidence {float(conf):.2f}" if not missing(conf) else "confidence not known")
    source = next((cell(row.get(k)) for k in ("outlet", "title", "article_id") if cell(row.get(k))), "")
    if source:
        parts.append(source)
    return " · ".join(parts)


def context_before(text: str, row: dict, forms: dict[str, list[str]]) -> str:
    """The sentence before a leg's quote when the quote names only one of its ends (a candidate whose other
    end is named just before, across a paragraph break); else "". ``forms``: place id -> names in the text."""
    quote = str(row.get("quote") or "")
    start = row.get("quote_start")
    if missing(start) or not text:
        return ""

    def named(end: str) -> bool:
        names = [str(row.get(f"{end}_name") or "")] + list(forms.get(str(row.get(f"{end}_place_id")), []))
        return any(n and n in quote for n in names)

    if named("from") and named("to"):
        return ""
    before = [span for span in split_sentences(text[:int(start)]) if span[1] <= int(start)]
    return text[before[-1][0]:before[-1][1]] if before else ""


def entry_rows(review: Review, statuses: dict[str, str], place_names: dict[str, str] | None = None) -> list[dict]:
    """One display row per entry, headed in words: what, where, when, who, and its status in the last build.

    ``place_names`` (place id -> name, from the build) names the places a
    decision refers to; an id the build no longer has is shown as it is.
    """
    names = place_names or {}
    name = lambda pid: names.get(pid) or pid  # noqa: E731
    rows = []
    for e in review.entries:
        if isinstance(e, (RejectLeg, AcceptLeg)):
            what = f"{name(e.from_place_id)} → {name(e.to_place_id)}"
        elif isinstance(e, CorrectPlace):
            what = f"{name(e.place_id)} → {e.place.name} ({e.place.place_id})"
        else:
            what = f"{e.origin.name} → {e.destination.name}"
        rows.append({"Entry": entry_id(e), "Correction": KIND_WORDS.get(e.kind, e.kind),
                     "Article": "every article" if e.article_id == ALL_ARTICLES else e.article_id, "Change": what,
                     "Quote": cell(getattr(e, "quote", "")),
                     "In the last build": statuses.get(entry_id(e), "not built yet"),
                     "Recorded": cell(e.created), "By": cell(e.author)})
    return rows
