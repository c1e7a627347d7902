"""The runner of the own-words batteries (``itineraries.py``, ``phenomena.py``).

Sentences written by the team in the style of each migration story (not copied from any
article), each with the chains a careful reader would give and, optionally, stops that must
not appear. A chain is covered when one extracted route holds its stops in order; names are
compared without accents, on their first five letters (or those letters inside the name).
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
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def _same(found: str, wanted: str) -> bool:
    found, key = _norm(found), _norm(wanted)[:5]
    return found.startswith(key) or key in found


def run(cases: list[tuple], published: str) -> None:
    """Print each case (OK or --) with the routes found, then the share of chains covered."""
    gaz = load_gazetteer()
    ok = total = bad = 0
    for text, wanted, *rest in cases:
        forbidden = rest[0] if rest else []
        article = parse_article_text(f"---\ntitle: t\npublished: {published}\n---\n\n{text}", "own")
        got = [[p.name for p in r.stops] + [r.status] for r in extract_routes(article, geoparse(article, gaz), gaz)]
        hits = sum(any(all(any(_same(x, s) for x in g) for s in w) for g in got) for w in wanted)
        wrong = [f for f in forbidden if any(_same(x, f) for g in got for x in g)]
        ok, total, bad = ok + hits, total + len(wanted), bad + bool(wrong)
        print("OK " if hits == len(wanted) and not wrong else "-- ", text[:90], "| got:", got,
              f"FORBIDDEN {wrong}" if wrong else "")
    print(f"{ok}/{total} expected covered, {bad} cases with a forbidden stop")
