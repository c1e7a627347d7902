"""The evaluation command's pure parts, and the real-news corpus checker."""
import importlib.util
import json
from pathlib import Path

import pytest

from pipeline.devtools import evaluate as ev
from pipeline.text.frontmatter import split_front_matter

REPO = Path(__file__).resolve().parent.parent
SCORER = REPO.parent / "shared" / "eval" / "score.py"


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CHECK = _load(REPO / "eval" / "realnews" / "check.py", "realnews_check")

TEXT = "Buses left Lviv at dawn. By noon 300 people had crossed into Poland at Medyka."
LVIV = {"name": "Lviv", "kind": "city", "country": "UA", "lat": 49.84, "lon": 24.03}
MEDYKA = {"name": "Medyka", "kind": "border_crossing", "country": "PL", "lat": 49.80, "lon": 22.93}
POLAND = {"name": "Poland", "kind": "country", "country": "PL", "lat": 52.0, "lon": 19.0}


def _gold(start, end, **route):
    return {"article_id": "a", "published": "2022-03-01", "places": [LVIV, MEDYKA, POLAND],
            "routes": [{"stops": [LVIV, MEDYKA, POLAND], "mode": "bus", "people": 300, "status": "completed",
                        "event_date": "2022-03-01", "quote_start": start, "quote_end": end, **route}]}


def test_gold_quotes_are_cut_from_the_text_by_offsets():
    start = TEXT.index("By noon")
    gold = ev.gold_with_quotes(_gold(start, len(TEXT)), TEXT)
    assert gold["routes"][0]["quote"] == TEXT[start:]
    assert "quote_start" not in gold["routes"][0]


def test_article_markdown_carries_the_manifest_metadata_and_the_text_verbatim():
    entry = {"title": "Buses: \"to the border\"", "outlet": "Wire", "url": "https://example.org/a",
             "published": "2022-03-01"}
    fm = split_front_matter(ev.article_markdown(entry, TEXT))
    assert fm.meta == entry  # dates stay strings: the ingest reads them like any front matter
    assert fm.body.endswith(TEXT)


def _flow(route_id, leg, a, b, people=None, event_date=None, confidence=0.9):
    props = {"article_id": "a", "route_id": route_id, "leg": leg, "people": people, "event_date": event_date,
             "status": "completed",
             "confidence": confidence, "quote": "q", "mode": "bus"}
    for end, p in (("from", a), ("to", b)):
        props.update({f"{end}_name": p["name"], f"{end}_kind": p["kind"], f"{end}_country": p["country"]})
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "LineString", "coordinates": [[a["lon"], a["lat"]], [b["lon"], b["lat"]]]}}


@pytest.mark.skipif(not SCORER.is_file(), reason="the shared scorer sits beside the repo")
def test_people_and_dates_are_judged_on_matched_legs_only():
    scorer = ev.load_scorer(SCORER)
    gold = _gold(0, 10)
    flows = [_flow("r1", 0, LVIV, MEDYKA, people=300, event_date="2022-03-02"),
             _flow("r1", 1, MEDYKA, POLAND, people=300, event_date="2022-03-02"),
             _flow("r2", 0, POLAND, LVIV, people=5)]  # matches no gold leg: not judged
    scores = ev.attribute_scores(scorer, [gold], flows)
    assert scores == {"people_exact": 1.0, "status_exact": 1.0, "date_exact": 0.0, "dated_legs": 2}


def test_keep_confident_drops_legs_below_the_threshold():
    flows = {"type": "FeatureCollection", "features": [_flow("r1", 0, LVIV, POLAND, confidence=0.4),
                                                       _flow("r2", 0, LVIV, POLAND, confidence=0.5)]}
    kept = ev.keep_confident(flows, 0.5)
    assert [f["properties"]["route_id"] for f in kept["features"]] == ["r2"]


@pytest.mark.skipif(not SCORER.is_file(), reason="the shared scorer sits beside the repo")
def test_all_candidates_are_scored_with_the_legs_and_the_legs_alone_without_them(tmp_path):
    scorer = ev.load_scorer(SCORER)
    arts, gold_dir, build = tmp_path / "arts", tmp_path / "gold", tmp_path / "build"
    for folder in (arts, gold_dir, build):
        folder.mkdir()
    (arts / "a.md").write_text(TEXT)
    (gold_dir / "a.json").write_text(json.dumps(ev.gold_with_quotes(_gold(0, len(TEXT)), TEXT)))
    places = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
               "properties": {"name": p["name"], "kind": p["kind"], "country_code": p["country"], "article_ids": ["a"]}}
              for p in (LVIV, MEDYKA, POLAND)]
    (build / "places.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": places}))
    (build / "articles.json").write_text("[]")
    collection = lambda *fs: json.dumps({"type": "FeatureCollection", "features": list(fs)})  # noqa: E731
    (build / "flows.geojson").write_text(collection(_flow("r1", 0, LVIV, MEDYKA)))
    (build / "candidates.geojson").write_text(collection(_flow("c1", 0, MEDYKA, POLAND, confidence=0.3),
                                                         _flow("c2", 0, POLAND, LVIV, confidence=0.2)))
    spec = ev.SetSpec("s", arts, gold_dir, show_misses=False)
    legs = ev.score_set(scorer, spec, build, None).summary["totals"]
    both = ev.score_set(scorer, spec, build, None, with_candidates=True)
    assert (legs["leg_tp_gold"], legs["leg_pred"]) == (1, 1)
    assert both.name == "s +cand"
    assert (both.summary["totals"]["leg_tp_gold"], both.summary["totals"]["leg_pred"]) == (2, 3)


@pytest.mark.parametrize("start, end, problem", [
    pytest.param(TEXT.index("By noon"), len(TEXT), None, id="whole_sentence"),
    pytest.param(TEXT.index("By noon") + 1, len(TEXT), "starts inside a word", id="cuts_first_word"),
    pytest.param(TEXT.index("By noon"), len(TEXT) - 3, "ends inside a word", id="cuts_last_word"),
    pytest.param(0, len(TEXT) + 5, "outside the text", id="past_the_end"),
])
def test_checker_rejects_spans_that_do_not_fit_the_text(start, end, problem):
    found = CHECK.span_problems(TEXT, start, end, "a: route 0")
    assert (found == []) if problem is None else any(problem in p for p in found)


def test_checker_finds_a_story_in_both_splits_and_a_changed_text(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "articles").mkdir()
    base = {"url": "https://example.org", "query": "q", "title": "t", "outlet": "o", "published": "2022-03-01",
            "story": "ukraine", "sha256": "0" * 64, "chars": len(TEXT)}
    entries = [{**base, "article_id": "a", "split": "tune"}, {**base, "article_id": "b", "split": "check"}]
    (tmp_path / "manifest.json").write_text(json.dumps(entries))
    for aid in "ab":
        (tmp_path / "gold" / f"{aid}.json").write_text(json.dumps({**_gold(0, 10), "article_id": aid}))
    (tmp_path / "articles" / "a.txt").write_text(TEXT, encoding="utf-8")
    problems, counts, _ = CHECK.check(tmp_path)
    assert any("in both splits" in p for p in problems)
    assert any("differs from the manifest's sha256" in p for p in problems)
    assert counts["articles"] == 2 and counts["legs"] == 4


def test_the_fit_never_ranks_a_guessed_origin_above_a_stated_one():
    from pipeline.devtools.evaluate import ORDER_MARGIN, fit_weights
    from pipeline.routes import EVIDENCE

    def row(flag, ok):
        return {**{name: 0.0 for name in EVIDENCE}, flag: 1.0}, ok

    # In this sample the movers' country is always right and stated origins often wrong.
    rows = [row("origin_movers", True)] * 30 + [row("origin_stated", True)] * 10 + [row("origin_stated", False)] * 10
    weights = fit_weights(rows, steps=800)
    assert weights["origin_movers"] <= weights["origin_stated"] - ORDER_MARGIN + 1e-9
    assert weights["origin_article"] <= weights["origin_movers"] - ORDER_MARGIN + 1e-9
