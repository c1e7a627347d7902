#!/usr/bin/env python3
"""Check that the real-news manifest, its gold and the refilled texts fit together.

usage: check.py [--root DIR] [--require-texts]

Reads ``manifest.json`` (and any ``parts/*.json`` not yet merged into it),
``gold/<id>.json`` and, where present, ``articles/<id>.txt``. Prints one line
per problem and a summary; exits 1 when there is a problem, 0 otherwise.
A missing text is a problem only with ``--require-texts``. Only stdlib.
"""
import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

ENTRY_FIELDS = ("article_id", "url", "query", "title", "outlet", "published",
                "story", "split", "sha256", "chars")
SPLITS = ("tune", "check")
KINDS = ("country", "region", "city", "border_crossing", "other")
MODES = ("air", "car", "bus", "rail", "foot", "bicycle", "boat", "unknown")
STATUSES = ("completed", "planned", "attempted", "blocked")


def load_manifest(root):
    """Every manifest entry: ``manifest.json`` first, then unmerged parts."""
    entries = []
    main = root / "manifest.json"
    if main.exists():
        entries.extend(json.loads(main.read_text(encoding="utf-8")))
    for part in sorted((root / "parts").glob("*.json")):
        entries.extend(json.loads(part.read_text(encoding="utf-8")))
    return entries


def _is_date(value):
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def place_problems(place, where):
    out = []
    if not isinstance(place.get("name"), str) or not place["name"].strip():
        out.append(f"{where}: no name")
    if place.get("kind") not in KINDS:
        out.append(f"{where}: kind {place.get('kind')!r} not one of {KINDS}")
    code = place.get("country")
    if not (isinstance(code, str) and len(code) == 2 and code.isupper()):
        out.append(f"{where}: country {code!r} is not an ISO alpha-2 code")
    lat, lon = place.get("lat"), place.get("lon")
    if not (isinstance(lat, (int, float)) and -90 <= lat <= 90
            and isinstance(lon, (int, float)) and -180 <= lon <= 180):
        out.append(f"{where}: lat/lon {lat!r}/{lon!r} out of range")
    return out


def span_problems(text, start, end, where):
    """A quote span must lie in the text and not cut a word at either end."""
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        return [f"{where}: span {start!r}-{end!r} outside the text ({len(text)} chars)"]
    out = []
    if text[start].isspace() or (start > 0 and text[start - 1].isalnum() and text[start].isalnum()):
        out.append(f"{where}: span starts inside a word or on a space: {text[max(0, start - 10):start + 20]!r}")
    if text[end - 1].isspace() or (end < len(text) and text[end - 1].isalnum() and text[end].isalnum()):
        out.append(f"{where}: span ends inside a word or on a space: {text[max(0, end - 20):end + 10]!r}")
    return out


def gold_problems(gold, entry, text):
    aid = entry["article_id"]
    out = []
    if gold.get("article_id") != aid:
        out.append(f"{aid}: gold article_id is {gold.get('article_id')!r}")
    if gold.get("published") != entry.get("published"):
        out.append(f"{aid}: gold published {gold.get('published')!r} != manifest {entry.get('published')!r}")
    for i, place in enumerate(gold.get("places", [])):
        out += place_problems(place, f"{aid}: place {i}")
    for i, route in enumerate(gold.get("routes", [])):
        where = f"{aid}: route {i}"
        stops = route.get("stops", [])
        if len(stops) < 2:
            out.append(f"{where}: fewer than two stops")
        for j, stop in enumerate(stops):
            out += place_problems(stop, f"{where} stop {j}")
        if route.get("mode") not in MODES:
            out.append(f"{where}: mode {route.get('mode')!r}")
        if route.get("status") not in STATUSES:
            out.append(f"{where}: status {route.get('status')!r}")
        people = route.get("people")
        if people is not None and not (isinstance(people, int) and people > 0):
            out.append(f"{where}: people {people!r} is not a positive integer or null")
        if route.get("event_date") is not None and not _is_date(route["event_date"]):
            out.append(f"{where}: event_date {route['event_date']!r} is not YYYY-MM-DD")
        if "quote" in route:
            out.append(f"{where}: stores quote text; store quote_start/quote_end only")
        if text is not None:
            out += span_problems(text, route.get("quote_start"), route.get("quote_end"), where)
    return out


def check(root, require_texts=False):
    """All problems found, and counts for the summary."""
    problems, counts = [], {"articles": 0, "routes": 0, "legs": 0, "texts": 0}
    entries = load_manifest(root)
    seen, story_split = set(), {}
    for entry in entries:
        aid = entry.get("article_id", "?")
        missing = [f for f in ENTRY_FIELDS if f not in entry]
        if missing:
            problems.append(f"{aid}: manifest entry lacks {', '.join(missing)}")
            continue
        if aid in seen:
            problems.append(f"{aid}: listed twice")
        seen.add(aid)
        if entry["split"] not in SPLITS:
            problems.append(f"{aid}: split {entry['split']!r} not one of {SPLITS}")
        if story_split.setdefault(entry["story"], entry["split"]) != entry["split"]:
            problems.append(f"{aid}: story {entry['story']!r} is in both splits")
        if entry["published"] is not None and not _is_date(entry["published"]):
            problems.append(f"{aid}: published {entry['published']!r} is not YYYY-MM-DD")
        text = None
        tpath = root / "articles" / f"{aid}.txt"
        if tpath.exists():
            raw = tpath.read_bytes()
            if hashlib.sha256(raw).hexdigest() != entry["sha256"]:
                problems.append(f"{aid}: text differs from the manifest's sha256 (refill it)")
            else:
                text = raw.decode("utf-8")
                counts["texts"] += 1
        elif require_texts:
            problems.append(f"{aid}: no text at {tpath} (see README: refilling)")
        gpath = root / "gold" / f"{aid}.json"
        if not gpath.exists():
            problems.append(f"{aid}: no gold at {gpath}")
            continue
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        problems += gold_problems(gold, entry, text)
        counts["articles"] += 1
        counts["routes"] += len(gold.get("routes", []))
        counts["legs"] += sum(max(0, len(r.get("stops", [])) - 1) for r in gold.get("routes", []))
    for gpath in sorted((root / "gold").glob("*.json")):
        if gpath.stem not in seen:
            problems.append(f"{gpath.stem}: gold without a manifest entry")
    return problems, counts, entries


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parent)
    ap.add_argument("--require-texts", action="store_true")
    args = ap.parse_args(argv)
    problems, counts, entries = check(args.root, args.require_texts)
    for line in problems:
        print(line)
    stories = {}
    for e in entries:
        stories.setdefault((e.get("split"), e.get("story")), 0)
        stories[(e.get("split"), e.get("story"))] += 1
    for (split, story), n in sorted(stories.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        print(f"  {split:5} {story}: {n} articles")
    print(f"{counts['articles']} articles, {counts['routes']} routes, {counts['legs']} legs, "
          f"{counts['texts']} texts present; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
