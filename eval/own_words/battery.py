"""The runner of the own-words batteries (``itineraries.py``, ``phenomena.py``).

Sentences written by the team in the style of each migration story (not copied from any
article), each with the chains a careful reader would give and, optionally, stops that must
not appear. A chain is covered when one extracted route holds its stops in order; a stop matches a
place the gazetteer gives for the wanted name (so "Islam Qala" is GeoNames' "Eslam Qaleh"), or a
name that agrees without accents on its first five letters (or has those letters inside it).
"""
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pipeline.gazetteer import load_gazetteer  # noqa: E402
from pipeline.geoparse import geoparse  # noqa: E402
from pipeline.ingest import parse_article_text  # noqa: E402
from pipeline.routes import extract_routes  # noqa: E402


def _norm(name: str) -> str:
    return unicodedata.normalize("NFKD", name.replace("’", "'")).encode("ascii", "ignore").decode().lower()


def _same(found, wanted: str, gaz=None) -> bool:
    """``found``: a place (or a status string) of an extracted route."""
    name = getattr(found, "name", found)
    if gaz is not None and hasattr(found, "place_id") and found.place_id in {p.place_id for p in gaz.candidates(wanted)}:
        return True
    name, key = _norm(name), _norm(wanted)[:5]
    return name.startswith(key) or key in name


def run(cases: list[tuple], published: str) -> None:
    """Print each case (OK or --) with the routes found, then the share of chains covered."""
    gaz = load_gazetteer()
    ok = total = bad = 0
    for text, wanted, *rest in cases:
        forbidden = rest[0] if rest else []
        article = parse_article_text(f"---\ntitle: t\npublished: {published}\n---\n\n{text}", "own")
        routes = extract_routes(article, geoparse(article, gaz), gaz)
        found = [[*r.stops, r.status] for r in routes]
        got = [[p.name for p in r.stops] + [r.status] for r in routes]
        hits = sum(any(all(any(_same(x, s, gaz) for x in g) for s in w) for g in found) for w in wanted)
        wrong = [f for f in forbidden if any(_same(x, f, gaz) for g in found for x in g)]
        ok, total, bad = ok + hits, total + len(wanted), bad + bool(wrong)
        print("OK " if hits == len(wanted) and not wrong else "-- ", text[:90], "| got:", got,
              f"FORBIDDEN {wrong}" if wrong else "")
    print(f"{ok}/{total} expected covered, {bad} cases with a forbidden stop")
