"""Score the pipeline on every evaluation set in one table: the seeds and the real-news splits.

``python -m pipeline evaluate`` (or ``make eval``) builds each set into a
temporary folder and scores it with ``shared/eval/score.py``, the team's
scorer, then adds what that scorer does not measure: people and journey dates
on matched legs, and the figures at the confidence threshold the map uses.

Sets
----
- ``seeds``: ``shared/articles`` against ``shared/eval/gold``.
- ``tune`` / ``check``: ``eval/realnews`` (see its README). Gold there stores
  each route's sentence as offsets; the quote is cut from the refilled text.
  ``check`` is only ever scored: its misses are never printed.
"""
from __future__ import annotations

import importlib.util
import json
import math
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import numpy as np
import yaml

from pipeline import config
from pipeline.build import run_build
from pipeline.gazetteer import load_gazetteer
from pipeline.geoparse import geoparse
from pipeline.ingest import parse_article_text
from pipeline.routes import CANDIDATE_FEATURES, EVIDENCE, candidate_routes, evidence_features, extract_routes
from pipeline.contract import CANDIDATES_FILE, FLOWS_FILE
from pipeline.errors import ExodusError

REALNEWS = config.REPO / "eval" / "realnews"
SHARED_EVAL = config.REPO.parent / "shared" / "eval"
SPLITS = ("tune", "check")


class EvaluationError(ExodusError):
    """An evaluation set or the scorer is missing."""


@dataclass(frozen=True)
class SetSpec:
    """One evaluation set, ready to build: articles and gold in the scorer's format."""

    name: str
    articles: Path
    gold: Path
    show_misses: bool
    missing_texts: tuple[str, ...] = ()


@dataclass
class SetScore:
    """The scores of one set at one confidence threshold."""

    name: str
    articles: int
    gold_legs: int
    summary: dict
    extra: dict
    per_article: dict = field(default_factory=dict)


def load_scorer(path: Path = SHARED_EVAL / "score.py") -> ModuleType:
    """The shared scorer as a module (it lives beside the repo, not in it)."""
    if not path.is_file():
        raise EvaluationError(f"no scorer at {path}: the shared folder must sit beside the repo")
    spec = importlib.util.spec_from_file_location("exodus_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------ real-news sets (pure)

def manifest_entries(root: Path = REALNEWS) -> list[dict]:
    """The manifest's entries (with any annotator parts not yet merged)."""
    entries = []
    if (root / "manifest.json").is_file():
        entries += json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    for part in sorted((root / "parts").glob("*.json")):
        entries += json.loads(part.read_text(encoding="utf-8"))
    return entries


def article_markdown(entry: dict, text: str) -> str:
    """An article file as a user would add it: front matter from the manifest, then the text."""
    meta = {k: entry[k] for k in ("title", "outlet", "url", "published") if entry.get(k)}
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{head}---\n\n{text}"


def gold_with_quotes(gold: dict, text: str) -> dict:
    """Gold in the scorer's format: each route's quote cut from the text by its offsets."""
    routes = [{**{k: v for k, v in r.items() if k not in ("quote_start", "quote_end")},
               "quote": text[r["quote_start"]:r["quote_end"]]} for r in gold["routes"]]
    return {**gold, "routes": routes}


# ------------------------------------------------------------ matched-leg attributes (pure)

def _stop(props: dict, end: str, coords: list) -> dict:
    lon, lat = coords[:2]
    return {"name": props.get(f"{end}_name"), "kind": props.get(f"{end}_kind"),
            "country": props.get(f"{end}_country"), "lat": lat, "lon": lon}


def predicted_chains(flows: list[dict]) -> dict[str, list[tuple[list[dict], dict]]]:
    """Per article, each predicted route as (its stops, its first leg's properties)."""
    routes: dict[tuple[str, str], list[dict]] = {}
    for f in flows:
        p = f["properties"]
        routes.setdefault((p["article_id"], p["route_id"]), []).append(f)
    out: dict[str, list[tuple[list[dict], dict]]] = {}
    for (aid, _), legs in routes.items():
        legs.sort(key=lambda f: f["properties"].get("leg", 0))
        first = legs[0]
        stops = [_stop(first["properties"], "from", first["geometry"]["coordinates"][0])]
        stops += [_stop(f["properties"], "to", f["geometry"]["coordinates"][-1]) for f in legs]
        out.setdefault(aid, []).append((stops, first["properties"]))
    return out


def attribute_scores(scorer: ModuleType, golds: list[dict], flows: list[dict]) -> dict:
    """People and status exact on matched gold legs; event date exact where the gold gives one."""
    chains = predicted_chains(flows)
    strict = lambda p, g: scorer.same_place(p, g, False)  # noqa: E731
    people = [0, 0]
    statuses = [0, 0]
    dates = [0, 0]
    for gold in golds:
        for route in gold["routes"]:
            for a, b in zip(route["stops"], route["stops"][1:]):
                hits = [p for stops, p in chains.get(gold["article_id"], [])
                        if scorer.ordered_match(stops, a, b, strict, strict)]
                if not hits:
                    continue
                # Several predicted routes may hold the leg: compare with the one citing the gold sentence.
                quote = scorer.normalise(route.get("quote") or "")
                hit = next((p for p in hits if scorer.normalise(p.get("quote") or "") == quote), hits[0])
                people[1] += 1
                people[0] += hit.get("people") == route.get("people")
                statuses[1] += 1
                statuses[0] += hit.get("status") == route.get("status")
                if route.get("event_date"):
                    dates[1] += 1
                    dates[0] += hit.get("event_date") == route["event_date"]
    return {"people_exact": round(people[0] / people[1], 3) if people[1] else None,
            "status_exact": round(statuses[0] / statuses[1], 3) if statuses[1] else None,
            "date_exact": round(dates[0] / dates[1], 3) if dates[1] else None,
            "dated_legs": dates[1]}


def keep_confident(flows_collection: dict, threshold: float) -> dict:
    """The flows collection with only the legs at or above ``threshold``."""
    features = [f for f in flows_collection["features"] if (f["properties"].get("confidence") or 0) >= threshold]
    return {**flows_collection, "features": features}


# ------------------------------------------------------------ I/O

def prepare_realnews(split: str, work: Path, root: Path = REALNEWS) -> SetSpec:
    """Write one split's articles (as .md) and quote-filled gold under ``work``."""
    articles, gold_dir = work / f"{split}-articles", work / f"{split}-gold"
    articles.mkdir(parents=True)
    gold_dir.mkdir(parents=True)
    missing = []
    for entry in manifest_entries(root):
        if entry["split"] != split:
            continue
        aid = entry["article_id"]
        text_path = root / "articles" / f"{aid}.txt"
        if not text_path.is_file():
            missing.append(aid)
            continue
        text = text_path.read_text(encoding="utf-8")
        (articles / f"{aid}.md").write_text(article_markdown(entry, text), encoding="utf-8")
        gold = json.loads((root / "gold" / f"{aid}.json").read_text(encoding="utf-8"))
        (gold_dir / f"{aid}.json").write_text(json.dumps(gold_with_quotes(gold, text)), encoding="utf-8")
    return SetSpec(split, articles, gold_dir, show_misses=(split == "tune"), missing_texts=tuple(missing))


def score_set(scorer: ModuleType, spec: SetSpec, build: Path, threshold: float | None,
              with_candidates: bool = False) -> SetScore:
    """Score a built set: all legs, only those at or above ``threshold``, or the legs and the candidates."""
    if threshold is not None or with_candidates:
        flows = json.loads((build / FLOWS_FILE).read_text(encoding="utf-8"))
        if with_candidates:
            flows["features"] += json.loads((build / CANDIDATES_FILE).read_text(encoding="utf-8"))["features"]
        kept = build.with_name(build.name + ("-candidates" if with_candidates else f"-{threshold}"))
        kept.mkdir(exist_ok=True)
        for name in ("places.geojson", "articles.json"):
            (kept / name).write_bytes((build / name).read_bytes())
        chosen = flows if threshold is None else keep_confident(flows, threshold)
        (kept / FLOWS_FILE).write_text(json.dumps(chosen), encoding="utf-8")
        build = kept
    summary, per_article = scorer.score(spec.gold, build, spec.articles)
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(spec.gold.glob("*.json"))]
    flows = scorer.load_geojson(build / FLOWS_FILE)
    label = f"{spec.name} +cand" if with_candidates else spec.name if threshold is None else f"{spec.name} ≥{threshold:g}"
    return SetScore(label, len(golds), summary["totals"]["leg_gold"], summary,
                    attribute_scores(scorer, golds, flows),
                    per_article if spec.show_misses and threshold is None and not with_candidates else {})


def evaluate(sets: tuple[str, ...] = ("seeds", *SPLITS), threshold: float = config.MIN_CONFIDENCE,
             log: Callable[[str], None] = lambda msg: None) -> list[SetScore]:
    """Build and score each set; a real-news split without texts is skipped with a note."""
    scorer = load_scorer()
    rows: list[SetScore] = []
    with tempfile.TemporaryDirectory(prefix="exodus-eval-") as tmp:
        work = Path(tmp)
        for name in sets:
            if name == "seeds":
                spec = SetSpec("seeds", SHARED_EVAL.parent / "articles", SHARED_EVAL / "gold", show_misses=False)
            else:
                spec = prepare_realnews(name, work)
                if spec.missing_texts:
                    log(f"{name}: {len(spec.missing_texts)} texts missing (refill them: eval/realnews/README.md)")
                if not any(spec.articles.iterdir()):
                    continue
            out = work / f"{name}-build"
            run_build(spec.articles, out, progress=None)
            rows.append(score_set(scorer, spec, out, None))
            if name != "seeds":
                rows.append(score_set(scorer, spec, out, threshold))
                rows.append(score_set(scorer, spec, out, None, with_candidates=True))
    return rows


def _fmt(values) -> str:
    return "/".join(f"{v:.2f}" for v in values)


def table(rows: list[SetScore]) -> str:
    """The scores as a fixed-width table, then the tune split's misses per article."""
    head = (f"{'set':<12} {'arts':>4} {'gold legs':>9}  {'places P/R/F1':<14} {'legs P/R/F1':<14} "
            f"{'mode':>5} {'people':>6} {'status':>6} {'date':>5} {'quotes':>6}")
    lines = [head, "-" * len(head)]
    for r in rows:
        s, e = r.summary, r.extra
        opt = lambda v: "  -  " if v is None else f"{v:.2f}"  # noqa: E731
        lines.append(f"{r.name:<12} {r.articles:>4} {r.gold_legs:>9}  {_fmt(s['places']):<14} {_fmt(s['legs']):<14} "
                     f"{opt(s['mode_accuracy']):>5} {opt(e['people_exact']):>6} {opt(e['status_exact']):>6} "
                     f"{opt(e['date_exact']):>5} "
                     f"{opt(s['quotes_valid']):>6}")
    for r in rows:
        for aid, a in sorted(r.per_article.items()):
            if a["missed_legs"] or a["wrong_legs"]:
                lines.append(f"\n{r.name} {aid}: {a['leg_tp_gold']}/{a['leg_gold']} gold legs found")
                lines.append(f"  missed: {', '.join(a['missed_legs']) or '-'}")
                lines.append(f"  wrong:  {', '.join(a['wrong_legs']) or '-'}")
    return "\n".join(lines)


# ------------------------------------------------------------ confidence calibration

def _split_articles(scorer: ModuleType, split: str, root: Path):
    """Each article of a split with texts, parsed and geoparsed, and a test of a leg against its gold."""
    gaz = load_gazetteer()
    coarse = lambda g, p: scorer.same_place(p, g, True)  # noqa: E731
    for entry in manifest_entries(root):
        text_path = root / "articles" / f"{entry['article_id']}.txt"
        if entry["split"] != split or not text_path.is_file():
            continue
        text = text_path.read_text(encoding="utf-8")
        article = parse_article_text(article_markdown(entry, text), entry["article_id"])
        gold = json.loads((root / "gold" / f"{entry['article_id']}.json").read_text(encoding="utf-8"))

        def correct(origin, destination, gold=gold) -> bool:
            """Right as the scorer's precision counts it."""
            a, b = _stop_of(origin), _stop_of(destination)
            return any(scorer.ordered_match(g["stops"], a, b, coarse, coarse) for g in gold["routes"])

        yield article, geoparse(article, gaz), gaz, correct


def leg_rows(scorer: ModuleType, split: str = "tune", root: Path = REALNEWS) -> list[tuple[dict[str, float], bool]]:
    """(features, correct) for every predicted leg of a split, correct as the scorer's precision counts it."""
    return [(evidence_features(route.evidence, route.rule), correct(leg.origin, leg.destination))
            for article, mentions, gaz, correct in _split_articles(scorer, split, root)
            for route in extract_routes(article, mentions, gaz) for leg in route.legs()]


def candidate_rows(scorer: ModuleType, split: str = "tune", root: Path = REALNEWS) -> list[tuple[dict[str, float], bool]]:
    """(features, correct) for every pair the candidates generate in a split (:mod:`pipeline.routes.candidates`),
    those below the floor included: the weights rank them all."""
    return [({n: float(n in route.evidence) for n in CANDIDATE_FEATURES}, correct(*route.stops))
            for article, mentions, gaz, correct in _split_articles(scorer, split, root)
            for route in candidate_routes(article, mentions, gaz, extract_routes(article, mentions, gaz), min_score=0.0)]


def _stop_of(place) -> dict:
    return {"name": place.name, "kind": place.kind, "country": place.country_code, "lat": place.lat, "lon": place.lon}


# How surely each way of finding an origin is right, most sure first: a fit on a few hundred legs
# may not tell them apart, and must not rank a guessed origin above a stated one.
ORIGIN_ORDER = ("origin_stated", "origin_movers", "origin_article")
ORDER_MARGIN = 0.05


def fit_weights(rows: list[tuple[dict[str, float], bool]], l2: float = 1.0, steps: int = 4000,
                rate: float = 0.5, names: Iterable[str] = EVIDENCE,
                origin_order: tuple[str, ...] = ORIGIN_ORDER) -> dict[str, float]:
    """Logistic regression (L2-regularised, gradient descent) of correctness on the evidence.

    After each step the weights named in ``origin_order`` are put back in that order, each at
    least :data:`ORDER_MARGIN` below the one before (projected gradient descent).
    """
    names = sorted(names)
    x = np.array([[f[n] for n in names] for f, _ in rows], dtype=float)
    y = np.array([float(ok) for _, ok in rows])
    x = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(x.shape[1])
    order = [1 + names.index(n) for n in origin_order]
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        grad = x.T @ (p - y) / len(y) + l2 * np.r_[0.0, w[1:]] / len(y)
        w -= rate * grad
        for above, below in zip(order, order[1:]):
            w[below] = min(w[below], w[above] - ORDER_MARGIN)
    return {"bias": round(float(w[0]), 2), **{n: round(float(v), 2) for n, v in zip(names, w[1:])}}


def precision_at(rows: list[tuple[dict[str, float], bool]], weights: dict[str, float], threshold: float) -> tuple[float, int]:
    """Share of legs at or above ``threshold`` that are right, and how many there are."""
    kept = [ok for f, ok in rows
            if 1 / (1 + math.exp(-(weights["bias"] + sum(weights.get(k, 0.0) * v for k, v in f.items())))) >= threshold]
    return (sum(kept) / len(kept) if kept else 0.0), len(kept)
