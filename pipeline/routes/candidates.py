"""Candidate legs: journeys the grammar did not read, proposed for an analyst to decide.

The route grammar (the rest of this package) is written for precision: what it
reads goes on the map. Real reporting tells many journeys in ways no rule
reads yet, so a build also proposes **candidates**, a classic relation-
extraction split between generating pairs and ranking them:

* generation: every ordered pair of different places named in one sentence
  (or in a sentence and the one before it), and the
  movers' own country to each place a sentence names outside it (the
  journey that reporting leaves implied). Pairs the grammar already routes
  that way round, places inside one another ("Lviv, Ukraine"), two names of
  one list taken backwards and sentences the grammar skips as captions or
  history are left out;
* ranking: a logistic score of general evidence about the pair (the words
  that mark its ends, a movement word, the order and distance of the two
  names, ...), fitted on the real-news ``tune`` split by
  ``python -m pipeline evaluate --calibrate`` like the grammar's own
  confidence. It is the probability that the pair is a journey a reader finds;
  pairs scored below ``MIN_SCORE`` are not proposed.

Candidates never reach the map or the exports by themselves: the build writes
them to ``candidates.geojson`` and the Review page offers them, most likely
first; an accepted one becomes a leg on every rebuild.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.records import Article, Citation, Mention, Place, Route
from pipeline.routes import attributes as attr
from pipeline.routes.drafts import anchor, contains
from pipeline.routes.sentence import reports_no_journey
from pipeline.routes.vocabulary import CAND_CUE, MOVE_RE
from pipeline.text.sentences import split_sentences

# The evidence a candidate's score rests on, each 0 or 1.
FEATURES = {
    "move": "the sentence has a word of movement",
    "from_cue": "the origin follows a word that marks where a journey starts ('from', 'fled', 'left')",
    "to_cue": "the destination follows a word that marks where a journey goes ('to', 'into', 'reached')",
    "implied_origin": "the origin is the movers' country, not named in the sentence",
    "origin_home": "the origin is the movers' country",
    "against_order": "the destination is named before the origin",
    "far_apart": "more than eight words stand between the two names",
    "previous_sentence": "one end is named in the sentence before",
    "grammar_read": "the grammar drew another route from this sentence",
    "no_journey": "the grammar reads the sentence as reporting no journey (a hypothetical, a negation, a price ...)",
    "reverses_route": "the grammar routes the two places the other way round",
    "listed_together": "the two names stand in one list ('Georgia, Armenia and Kazakhstan')",
    "to_country": "the destination is a country",
    "same_country": "both ends are in one country",
}

# Logistic weights fitted on tune (`python -m pipeline evaluate --calibrate`); "bias" is the intercept.
WEIGHTS: dict[str, float] = {  # 876 candidates of 24 articles, 2026-12-03
    "bias": -2.1,
    "against_order": -0.38,
    "far_apart": -0.68,
    "from_cue": 0.64,
    "grammar_read": 0.39,
    "implied_origin": 0.31,
    "listed_together": -0.35,
    "move": 0.05,
    "no_journey": -0.42,
    "origin_home": 0.45,
    "previous_sentence": 0.92,
    "reverses_route": -0.3,
    "same_country": 0.97,
    "to_country": -0.3,
    "to_cue": 0.87,
}

LIST_GAP = re.compile(r"\s*(?:,|;|/|,?\s+(?:and|or|&))\s*(?:the\s+)?")  # what stands between two listed names
# Candidates scored below this are not proposed: on tune, 0.15 keeps 57% of them and 99% of the journeys they find.
MIN_SCORE = 0.15
CUE_WINDOW = 30  # characters before a name searched for the word that marks it
FAR_WORDS = 8


def score(features: dict[str, float], weights: dict[str, float] = WEIGHTS) -> float:
    """Probability-like score, 0..1, rounded to two decimals."""
    z = weights["bias"] + sum(weights.get(k, 0.0) * v for k, v in features.items())
    return round(1.0 / (1.0 + math.exp(-z)), 2)


def _marked(text: str, start: int) -> str | None:
    """"from" or "to": the kind of the nearest marking word in the few words before ``start``."""
    window = text[max(0, start - CUE_WINDOW):start]
    window = re.split(r"[.;:!?\n]", window)[-1]
    last = None
    for last in CAND_CUE.finditer(window):
        pass
    return last.lastgroup if last else None


def list_groups(text: str, mentions: list[Mention]) -> list[int]:
    """For each mention (sorted by start), the number of the list it stands in; a name alone is a list of one."""
    groups: list[int] = []
    for k, m in enumerate(mentions):
        joined = k and LIST_GAP.fullmatch(text, mentions[k - 1].end, m.start)
        groups.append(groups[-1] if joined else k)
    return groups


@dataclass(frozen=True)
class Told:
    """What a pair's sentence says as a whole: where it is and how the grammar read it."""

    start: int
    end: int
    move: bool  # a word of movement
    no_journey: bool  # the grammar reads it as reporting no journey
    grammar_read: bool  # the grammar drew a route from it

    @classmethod
    def of(cls, text: str, start: int, end: int, grammar_read: bool = False) -> Told:
        return cls(start, end, bool(MOVE_RE.search(text, start, end)), reports_no_journey(text[start:end]), grammar_read)


def pair_features(text: str, origin: Mention | None, destination: Mention, home: str | None, told: Told,
                  listed_together: bool = False, reverses_route: bool = False,
                  cues: dict[int, str | None] | None = None) -> dict[str, float]:
    """The evidence about one pair; ``origin`` None is the movers' implied country.

    ``cues`` maps a mention's start to its marking word's kind (:func:`_marked`), when worked out before.
    """
    def cue(m: Mention) -> str | None:
        return cues[m.start] if cues is not None and m.start in cues else _marked(text, m.start)

    o_place = origin.place if origin else None
    words_between = 0
    if origin is not None:
        first, second = sorted((origin, destination), key=lambda m: m.start)
        words_between = len(text[first.end:second.start].split())
    flags = {
        "move": told.move,
        "from_cue": origin is not None and cue(origin) == "from",
        "to_cue": cue(destination) == "to",
        "no_journey": told.no_journey,
        "implied_origin": origin is None,
        "origin_home": (o_place.country_code if o_place else home) == home and home is not None,
        "against_order": origin is not None and destination.start < origin.start,
        "far_apart": words_between > FAR_WORDS,
        "previous_sentence": origin is not None and min(origin.start, destination.start) < told.start,
        "grammar_read": told.grammar_read,
        "listed_together": listed_together,
        "reverses_route": reverses_route,
        "to_country": destination.place.kind == "country",
        "same_country": o_place is not None and o_place.country_code == destination.place.country_code,
    }
    return {name: float(flags[name]) for name in FEATURES}


def _routed_pairs(routes: Iterable[Route]) -> set[tuple[str, str]]:
    """Ordered pairs of place ids the grammar already joins (a journey it read backwards is proposed the right way)."""
    return {(a.place_id, b.place_id) for r in routes
            for i, a in enumerate(r.stops) for b in r.stops[i + 1:]}


def _paired(a: Place, b: Place) -> bool:
    return a.place_id != b.place_id and not contains(a, b) and not contains(b, a)


def propose(article: Article, mentions: list[Mention], routes: list[Route], home: Place | None,
            skipped: Iterable[tuple[int, int]] = (), weights: dict[str, float] = WEIGHTS,
            spans: list[tuple[int, int]] | None = None, min_score: float | None = None) -> list[Route]:
    """Two-stop candidate routes for ``article``, most likely first within each sentence.

    Parameters
    ----------
    mentions : the article's resolved place mentions.
    routes : what the grammar found (its pairs are not proposed again).
    home : the movers' own country (the implied origin), or None.
    skipped : sentence spans the grammar left out as reporting no journey (captions, history).
    spans : the article's sentences (:func:`split_sentences`), when already split.
    min_score : the floor (default ``MIN_SCORE``; 0 proposes every pair, as the calibration needs).
    """
    floor = MIN_SCORE if min_score is None else min_score
    text = article.text
    mentions = sorted(mentions, key=lambda m: m.start)
    group = dict(zip(map(id, mentions), list_groups(text, mentions)))
    routed = _routed_pairs(routes)
    read = {r.citation.start for r in routes} | {c.start for r in routes for c in r.extra_citations}
    skipped = set(skipped)
    home_cc = home.country_code if home else None
    seen: set[tuple[str, str]] = set()
    out: list[Route] = []
    spans = split_sentences(text) if spans is None else spans
    starts = [m.start for m in mentions]
    cues = {m.start: _marked(text, m.start) for m in mentions}
    for k, (s, e) in enumerate(spans):
        if (s, e) in skipped:
            continue
        inside = mentions[bisect_left(starts, s):bisect_left(starts, e)]
        if not inside:
            continue
        window = s
        # The sentence before counts across a paragraph break too: wire copy gives most sentences their own.
        if k and spans[k - 1] not in skipped:
            window = spans[k - 1][0]
        earlier = mentions[bisect_left(starts, window):bisect_left(starts, s)]
        broken = "\n" in text[window:s]
        pairs: list[tuple[Mention | None, Mention]] = []
        for m in inside:
            for n in earlier + inside:
                if n is not m:
                    pairs.append((n, m))
                    if n.start < s:
                        pairs.append((m, n))
            if home is not None and m.place.country_code != home_cc:
                pairs.append((None, m))
        found = []
        told = Told.of(text, s, e, s in read)
        for origin, dest in pairs:
            o_place = origin.place if origin else home
            key = (o_place.place_id, dest.place.place_id)
            if key in seen or key in routed or not _paired(o_place, dest.place):
                continue
            listed = origin is not None and group[id(origin)] == group[id(dest)]
            if listed and dest.start < origin.start:
                continue  # nobody lists a journey's stops backwards
            seen.add(key)
            feats = pair_features(text, origin, dest, home_cc, told, listed, key[::-1] in routed, cues)
            # The quote spans both sentences when they share a line; across a line break it is the
            # sentence itself (a cleaned article may join lines its file keeps apart: quotes stay verbatim).
            start = window if (origin is not None and origin.start < s or dest.start < s) and not broken else s
            conf = score(feats, weights)
            if conf >= floor:
                found.append((conf, start, o_place, dest, feats))
        said: dict[int, tuple] = {}  # one quote's people, status and date, read once
        for conf, start, o_place, dest, feats in sorted(found, key=lambda f: -f[0]):
            quote = text[start:e]
            if start not in said:
                said[start] = (attr.count_people(quote), attr.detect_status(quote),
                               attr.journey_date(quote, quote, article.published, text))
            people, status, date = said[start]
            out.append(Route(
                route_id=f"{article.article_id}-c{len(out) + 1}", article_id=article.article_id,
                stops=(o_place, dest.place), citation=Citation(article.article_id, start, e, quote),
                mode=attr.detect_mode(quote, anchor(quote, dest.place)), people=people, status=status,
                event_date=date, confidence=conf, evidence=tuple(n for n, v in feats.items() if v)))
    return out
