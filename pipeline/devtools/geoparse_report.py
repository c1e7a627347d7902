"""The geoparser's error report: places missed and false places, grouped by cause.

``python -m pipeline evaluate --geoparse [SET ...]`` parses each set's
articles as a build does (clean, dedup, geoparse, routes for implied places),
scores places as ``shared/eval/score.py`` does, and sorts every error into a
cause, largest first, with the most frequent names as examples:

- a gold place missed: the article was dropped as a duplicate; its name is
  not in the gazetteer; the gazetteer has the name but not this place; a
  rule rejected it; no candidate had enough evidence; a wrong candidate was
  chosen; it lies inside a longer match; or it was never matched (all
  capitals, lower case, joined to another word ...);
- a false place: a wrong candidate for a name the gold has; a country or
  place inside a longer proper name; a common word; a route's implied stop;
  otherwise a place the gold does not list (a non-place, or a real place the
  annotators did not link: precision on these sets is a lower bound).

Sets: ``trnews`` and ``lgl`` (``shared/eval/geoparse``), ``seeds``, and the
real-news splits ``tune`` and ``check`` (places only; ``check`` is only
counted, its names are never printed).
"""
from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from pipeline.dedup import mark_duplicates
from pipeline.devtools.evaluate import SHARED_EVAL, load_scorer, prepare_realnews
from pipeline.gazetteer import Candidate, load_gazetteer, name_key
from pipeline.geoparse import Parse, parse
from pipeline.ingest import load_articles
from pipeline.records import Article, Place
from pipeline.routes import extract_routes

GEOPARSE_SETS = ("trnews", "lgl", "seeds", "tune", "check")
HIDDEN_EXAMPLES = frozenset({"check"})  # held out: counted, never read


@dataclass
class SetReport:
    """Counts of one set: scorer totals, and errors by cause with example names."""

    name: str
    articles: int = 0
    totals: Counter = field(default_factory=Counter)
    misses: Counter = field(default_factory=Counter)
    false: Counter = field(default_factory=Counter)
    miss_examples: dict[str, Counter] = field(default_factory=dict)
    false_examples: dict[str, Counter] = field(default_factory=dict)

    def scores(self) -> tuple[float, float, float]:
        t = self.totals
        p = t["tp_pred"] / t["pred"] if t["pred"] else 0.0
        r = t["tp_gold"] / t["gold"] if t["gold"] else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# ------------------------------------------------------------ causes (pure)

def occurrences(name: str, text: str) -> list[tuple[int, int]]:
    """Where ``name`` stands in ``text`` as whole words (any case when never in its own)."""
    for flags in (0, re.IGNORECASE):
        found = [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags)]
        if found:
            return found
    return []


def _overlaps(a: tuple[int, int], start: int, end: int) -> bool:
    return a[0] < end and start < a[1]


def _as_gold(place: Place) -> dict:
    return {"kind": place.kind, "country": place.country_code, "lat": place.lat, "lon": place.lon}


def undetected_cause(name: str, text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Why a name the gazetteer knows was never matched, from how it is written."""
    if not spans:
        return "not in the cleaned text"
    a, b = spans[0]
    surface = text[a:b]
    before, after = text[a - 1:a], text[b:b + 1]
    if surface.isupper() and len(surface) > 3:
        return "not matched: written in capitals"
    if not surface[:1].isupper():
        return "not matched: lower case"
    if before in "-‑" or after in "-‑" or text[b:b + 2] in ("'s", "’s"):
        return "not matched: hyphenated or possessive"
    return "not matched: other (inside a non-place term or another name)"


def miss_cause(gold: dict, text: str, result: Parse | None, candidates: Sequence[Candidate],
               same_place) -> str:
    """The cause of one missed gold place (see the module's docstring)."""
    if result is None:
        return "article dropped as a duplicate"
    kind = gold["kind"]
    if not candidates:
        return f"not in the gazetteer ({kind})"
    if not any(same_place(_as_gold(c.place), gold) for c in candidates):
        return f"gazetteer has the name, not this place ({kind})"
    spans = occurrences(gold["name"], text)
    for m in result.mentions:
        for a, b in spans:
            if _overlaps((a, b), m.start, m.end):
                return "wrong candidate chosen" if (m.start, m.end) == (a, b) else "inside a longer match"
    for r in result.rejected:
        if any(_overlaps(s, r.start, r.end) for s in spans):
            return "not enough evidence" if r.rule == "evidence" else f"rejected: {r.rule}"
    return undetected_cause(gold["name"], text, spans)


def false_cause(place: Place, surfaces: Sequence[tuple[int, int, str]], gold_keys: set[str], text: str,
                common: bool) -> str:
    """The cause of one predicted place that matches no gold place."""
    if not surfaces:
        return "implied by a route"
    if any(name_key(s) in gold_keys for _, _, s in surfaces):
        return "wrong candidate for a gold name"
    a, b, _ = surfaces[0]
    nxt = re.match(r"[ -]([A-Z]\w*)", text[b:b + 30])
    prv = re.search(r"([A-Z]\w*)[ -]$", text[max(0, a - 30):a])
    if nxt or (prv and not re.search(r"(?:^|[.!?\n])\s*\w+[ -]$", text[max(0, a - 40):a])):
        return f"inside a longer proper name ({place.kind})"
    if common:
        return f"common word ({place.kind})"
    return f"not in the gold: non-place or unlinked place ({place.kind})"


# ------------------------------------------------------------ one set (I/O around the causes)

def _quiet_articles(folder: Path) -> list[Article]:
    with contextlib.redirect_stderr(io.StringIO()):  # "no publication date" for every article
        return mark_duplicates(load_articles(folder))


def _predicted(article: Article, result: Parse, gaz) -> dict[str, tuple[Place, list[tuple[int, int, str]]]]:
    out: dict[str, tuple[Place, list]] = {}
    for m in result.mentions:
        out.setdefault(m.place.place_id, (m.place, []))[1].append((m.start, m.end, m.surface))
    for route in extract_routes(article, list(result.mentions), gaz):
        for stop in route.stops:
            out.setdefault(stop.place_id, (stop, []))
    return out


def report_set(name: str, articles_dir: Path, gold_dir: Path, gaz, scorer: ModuleType) -> SetReport:
    """Parse and score one set, sorting every error into a cause."""
    rep = SetReport(name)
    golds = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))}
    articles = {a.article_id: a for a in _quiet_articles(articles_dir)}
    for aid, gold in golds.items():
        article = articles.get(aid)
        if article is None:
            continue
        rep.articles += 1
        result = None if article.duplicate_of else parse(article, gaz)
        predicted = _predicted(article, result, gaz) if result else {}
        gold_places = gold["places"]
        rep.totals["gold"] += len(gold_places)
        rep.totals["pred"] += len(predicted)
        for g in gold_places:
            if any(scorer.same_place(_as_gold(p), g, False) for p, _ in predicted.values()):
                rep.totals["tp_gold"] += 1
                continue
            key = name_key(g["name"])
            cands = gaz.lookup(key) + gaz.lookup(key, base_only=True)
            cause = miss_cause(g, article.text, result, cands, lambda p, q: scorer.same_place(p, q, False))
            rep.misses[cause] += 1
            rep.miss_examples.setdefault(cause, Counter())[g["name"]] += 1
        gold_keys = {name_key(g["name"]) for g in gold_places}
        for place, surfaces in predicted.values():
            if any(scorer.same_place(_as_gold(place), g, True) for g in gold_places):
                rep.totals["tp_pred"] += 1
                continue
            common = bool(surfaces) and any(c.common_word for c in gaz.lookup(name_key(surfaces[0][2]))[:1])
            cause = false_cause(place, surfaces, gold_keys, article.text, common)
            rep.false[cause] += 1
            label = f"{surfaces[0][2]}→{place.name}" if surfaces else place.name
            rep.false_examples.setdefault(cause, Counter())[label] += 1
    return rep


def _set_paths(name: str, work: Path) -> tuple[Path, Path]:
    if name in ("trnews", "lgl"):
        root = SHARED_EVAL / "geoparse" / name
        return root / "articles", root / "gold"
    if name == "seeds":
        return SHARED_EVAL.parent / "articles", SHARED_EVAL / "gold"
    spec = prepare_realnews(name, work)
    return spec.articles, spec.gold


def geoparse_report(sets: Iterable[str] = GEOPARSE_SETS) -> list[SetReport]:
    """Reports for ``sets`` (see :data:`GEOPARSE_SETS`); a set without texts is skipped."""
    scorer, gaz = load_scorer(), load_gazetteer()
    out = []
    with tempfile.TemporaryDirectory(prefix="exodus-geoparse-") as tmp:
        for name in sets:
            articles, gold = _set_paths(name, Path(tmp))
            if articles.is_dir() and gold.is_dir():
                out.append(report_set(name, articles, gold, gaz, scorer))
    return out


def _lines(title: str, counts: Counter, examples: dict[str, Counter], show: int) -> list[str]:
    lines = [f"  {title}: {sum(counts.values())}"]
    for cause, n in counts.most_common():
        ex = ", ".join(f"{k}×{v}" if v > 1 else k for k, v in examples[cause].most_common(show)) if show else ""
        lines.append(f"    {n:>5}  {cause}" + (f"   e.g. {ex}" if ex else ""))
    return lines


def report_table(reports: list[SetReport], examples: int = 6) -> str:
    """Scores per set, then misses and false places by cause, largest first."""
    lines = [f"{'set':<8} {'arts':>5} {'gold':>6} {'pred':>6}   P      R      F1",
             "-" * 52]
    rows = list(reports)
    realnews = [r for r in reports if r.name in ("tune", "check")]
    if len(realnews) == 2:
        # The whole real-news corpus, as its own row: the "our migration articles".
        rows.append(SetReport("realnews", sum(r.articles for r in realnews), sum((r.totals for r in realnews), Counter())))
    for r in rows:
        p, rc, f = r.scores()
        lines.append(f"{r.name:<8} {r.articles:>5} {r.totals['gold']:>6} {r.totals['pred']:>6}  "
                     f"{p:.3f}  {rc:.3f}  {f:.3f}")
    for r in reports:
        show = 0 if r.name in HIDDEN_EXAMPLES else examples
        lines += ["", f"{r.name}:"]
        lines += _lines("gold places missed", r.misses, r.miss_examples, show)
        lines += _lines("false places", r.false, r.false_examples, show)
    return "\n".join(lines)
